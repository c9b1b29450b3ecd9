#!/usr/bin/env bash
# sample: same seed -> identical pixels, another seed -> different; --each writes one PNG per
# sample; without -o the grid goes under RUN/samples/; info describes the model; eval measures the
# samples in a classifier's features (FCD with its floor and untrained references, precision/recall,
# class balance, originality) and writes its report; a conditional VAE samples the class asked for.
source "$(dirname "$0")/lib.sh"

"$GENLAB" train gan-mlp --data data --run run "${SMALL[@]}" > /dev/null
"$GENLAB" sample run -n 16 --seed 7 -o a.png --threads 2 > /dev/null
"$GENLAB" sample run -n 16 --seed 7 -o b.png --threads 2 > /dev/null
"$GENLAB" sample run -n 16 --seed 8 -o c.png --threads 2 > /dev/null
# Same seed: the same content, and records that differ only in their time.
[ "$(content a.png)" = "$(content b.png)" ] || fail "same seed gave different images"
[ "$(record_sans_time a.png)" = "$(record_sans_time b.png)" ] || fail "records differ in more than time"
[ "$(content a.png)" != "$(content c.png)" ] || fail "different seeds gave the same image"
"$GENLAB" sample run/checkpoints/step-000040.ckpt -n 16 --seed 7 -o d.png --threads 2 > /dev/null
[ "$(content a.png)" = "$(content d.png)" ] || fail "run directory and its latest .ckpt disagree"
"$GENLAB" sample run -n 5 --seed 1 --each each > /dev/null
[ "$(ls each/*.png | wc -l)" -eq 5 ] || fail "--each did not write 5 files"
out=$("$GENLAB" sample run -n 4 --seed 3)
[ -f run/samples/sample-step000040-seed3.png ] || fail "default output missing; printed: $out"
info=$("$GENLAB" info run)
for want in "family      gan-mlp" "step        40" "generator" "discriminator" "data        " "[model]"; do
  grep -qF -- "$want" <<< "$info" || fail "info lacks '$want'"
done
# Sample grids and the report were written while training.
[ -f run/samples/step-000040.png ] && [ -f run/report/losses.svg ] && [ -f run/checkpoints/best.ckpt ] \
  || fail "training did not write its grid, report and best checkpoint"

"$GENLAB" train classifier --data data --run evaluator --epochs 1 --batch-size 16 --threads 2 --quiet > /dev/null
"$GENLAB" eval run --evaluator evaluator -n 20 --threads 2 --json eval.json > eval.txt 2> eval.err
for want in "FCD (vs test)" "precision (k = 3)" "class balance" "likely copies" "held-out figures"; do
  grep -qF -- "$want" eval.txt || fail "eval printed no '$want': $(cat eval.txt eval.err)"
done
for f in report.html report.json samples.png closest.png; do [ -s "run/eval/$f" ] || fail "eval wrote no run/eval/$f"; done
"$GENLAB" verify run/eval/samples.png > /dev/null || fail "eval's sample picture is not signed"
grep -q '"floor"' eval.json || fail "eval.json lacks the FCD floor"
expect_error 1 "the default evaluator is a Fashion-MNIST classifier" -- "$GENLAB" eval run -n 20 --threads 2

# Class-conditional: --class picks the class (replayable); eval prints the per-class table.
"$GENLAB" train vae --data data --run cvae "${SMALL[@]}" --set model.conditional=true > /dev/null
"$GENLAB" sample cvae -n 4 --class 3 --seed 2 -o class3.png --threads 2 > /dev/null
"$GENLAB" replay class3.png --model cvae --threads 2 | grep -q "byte-identical" || fail "a --class sample does not replay"
expect_error 1 "no such class; known: 0..9" -- "$GENLAB" sample cvae --class sneaker --threads 2
expect_error 1 "is not class-conditional" -- "$GENLAB" sample run --class 1 --threads 2
"$GENLAB" eval cvae --evaluator evaluator -n 20 --threads 2 > ceval.txt 2>&1
grep -q "macro average" ceval.txt || fail "eval of a conditional model has no per-class table: $(cat ceval.txt)"
# An autoencoder's eval adds its reconstruction error and a picture of test images beside theirs.
grep -q "reconstructions of the" ceval.txt || fail "eval of a VAE reports no reconstruction error: $(cat ceval.txt)"
"$GENLAB" verify cvae/eval/reconstructions.png > /dev/null || fail "eval wrote no signed cvae/eval/reconstructions.png"
if grep -q "reconstructions of the" eval.txt; then fail "eval of a GAN reports reconstructions"; fi
echo "sample: ok"
