#!/usr/bin/env bash
# Bad input: one line "genlab: error: <subject>: <problem>", exit 1, never a crash.
source "$(dirname "$0")/lib.sh"
G=("$GENLAB")
T=(--steps 2 --every 2 --eval-every 0 --quiet --threads 2)

expect_error 1 "unknown model 'gtp'; known: gan-mlp" -- "${G[@]}" train gtp
expect_error 1 "missing.idx: no such file" -- "${G[@]}" train gan-mlp --data missing.idx "${T[@]}"
head -c 5000 data/train-images-idx3-ubyte > short-images-idx3-ubyte
expect_error 1 "short-images-idx3-ubyte: truncated" -- "${G[@]}" train gan-mlp --data short-images-idx3-ubyte "${T[@]}"
mkdir -p nopng && echo "not an image" > nopng/a.png
expect_error 1 "nopng: no readable PNG image" -- "${G[@]}" train gan-mlp --data nopng "${T[@]}"

printf '[train]\nlrr = 0.1\n' > unknown.toml
expect_error 1 "unknown.toml: unknown key 'train.lrr'" -- "${G[@]}" train gan-mlp --config unknown.toml --data data "${T[@]}"
printf '[train]\nkeep = "many"\n' > wrongtype.toml
expect_error 1 "wrongtype.toml: key 'train.keep' expects an integer" -- "${G[@]}" train gan-mlp --config wrongtype.toml --data data "${T[@]}"
expect_error 1 "--optimizer: train.optimizer = 'adamax': unknown; choose" -- "${G[@]}" train gan-mlp --optimizer adamax --data data "${T[@]}"
expect_error 1 "both given" -- "${G[@]}" train gan-mlp --steps 5 --epochs 1 --data data --quiet

"${G[@]}" train gan-mlp --data data --run r "${T[@]}" > /dev/null
expect_error 1 "r: run directory exists; use --resume" -- "${G[@]}" train gan-mlp --data data --run r "${T[@]}"
"${G[@]}" train gan-mlp --data data --run r --force "${T[@]}" > /dev/null || fail "--force did not start over"

ckpt=r/checkpoints/step-000002.ckpt
size=$(stat -c %s "$ckpt")
head -c $((size / 2)) "$ckpt" > truncated.ckpt
expect_error 1 "truncated.ckpt: truncated" -- "${G[@]}" sample truncated.ckpt -o x.png
cp "$ckpt" corrupt.ckpt
printf '\xff' | dd of=corrupt.ckpt bs=1 seek=$((size / 2)) conv=notrunc status=none
expect_error 1 "corrupt.ckpt: checksum mismatch" -- "${G[@]}" info corrupt.ckpt
cp data/train-images-idx3-ubyte foreign.ckpt
expect_error 1 "foreign.ckpt: not a genlab checkpoint" -- "${G[@]}" sample foreign.ckpt
expect_error 1 "nowhere: no such run directory or checkpoint" -- "${G[@]}" info nowhere
expect_error 1 "--device 'tpu'" -- "${G[@]}" sample r --device tpu
echo "bad input: ok"
