# Shared helpers for the end-to-end tests (ccache's test suites in miniature). Each test script
# sources this, runs the real `genlab` binary on tiny generated data in its own temp directory, and
# exits non-zero on the first failed expectation.
#   GENLAB     path of the genlab binary        MAKE_DATA  path of genlab_make_data
set -euo pipefail
: "${GENLAB:?set GENLAB to the genlab binary}" "${MAKE_DATA:?set MAKE_DATA to genlab_make_data}"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
# Generated files are signed with the user's key: a fresh one per test, never the real one.
export GENLAB_KEY_DIR="$WORK/keys"

fail() { echo "FAILED: $*" >&2; exit 1; }

# expect_error CODE NEEDLE -- cmd...: cmd must exit CODE and print exactly one stderr line,
# "genlab: error: ...", containing NEEDLE.
expect_error() {
  local code=$1 needle=$2; shift 3
  local rc=0
  "$@" > out.txt 2> err.txt || rc=$?
  [ "$rc" -eq "$code" ] || fail "'$*' exited $rc, want $code; stderr: $(cat err.txt)"
  [ "$(wc -l < err.txt)" -eq 1 ] || fail "'$*' printed $(wc -l < err.txt) stderr lines, want 1: $(cat err.txt)"
  grep -q '^genlab: error: ' err.txt || fail "'$*' stderr lacks 'genlab: error: ': $(cat err.txt)"
  grep -qF -- "$needle" err.txt || fail "'$*' stderr lacks '$needle': $(cat err.txt)"
}

# Loss lines of a metrics file, without wall-clock fields, for exact comparison.
losses() { grep -v '"event"' "$1" | sed -E 's/,?"elapsed_s":[0-9.e+-]+//'; }

# The BLAKE2b-256 of a generated file without its provenance record (what the record binds).
content() { "$GENLAB" verify --json "$1" | grep -o '"content_hash":"[0-9a-f]*"'; }
# verify --json of a file with its time stamps, signature (which covers the time) and name blanked:
# equal for two files whose records differ only in time.
record_sans_time() {
  "$GENLAB" verify --json "$1" | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z//g; s/"signature":"[0-9a-f]*"//' \
    | sed "s|$1|FILE|g"
}

weights() { "$GENLAB" info "$1" | awk '/^weights/{print $2}'; }

# write_text_corpus FILE: ~24 KB of UTF-8 text, English and Russian lines.
write_text_corpus() {
  for i in $(seq 1 150); do
    echo "In the beginning $i the word was with the light, and the light was good."
    echo "Вначале было слово $i, и слово было у света; и свет был добрый."
  done > "$1"
}

# Small, fast training settings shared by the tests.
SMALL=(--steps 40 --every 10 --eval-every 10 --set train.log_every=5 --set train.sample_n=16 --batch-size 16 --threads 2 --quiet)

"$MAKE_DATA" idx data 256
