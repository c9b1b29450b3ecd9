#!/usr/bin/env bash
# Every generated file is signed and watermarked: sample grids from training and `sample`, images
# and text; `verify` reports intact / modified / missing records with distinct exit codes; `detect`
# finds the watermark with the key alone (text: and the model's tokenizer) and not where it is off;
# `interpolate` writes a signed GIF walk with every frame watermarked and a traversal grid; `replay`
# regenerates images, walks, text and training grids byte for byte from their records, and refuses
# another checkpoint.
source "$(dirname "$0")/lib.sh"

"$GENLAB" train gan-mlp --data data --run gan --steps 10 --every 10 --eval-every 0 --batch-size 16 --threads 2 \
  --quiet 2> train.err > /dev/null
grep -q "created your signing key" train.err || fail "first use does not announce the new key: $(cat train.err)"
[ "$(stat -c %a keys/signing.key)" = 600 ] || fail "secret key is not mode 600"
"$GENLAB" verify gan/samples/step-000010.png > /dev/null || fail "training grid does not verify"
"$GENLAB" sample gan -n 16 -o marked.png --seed 1 --threads 2 > /dev/null
"$GENLAB" sample gan -n 16 -o plain.png --seed 1 --threads 2 --no-watermark > /dev/null
"$GENLAB" verify marked.png plain.png > /dev/null || fail "sampled images do not verify"
"$GENLAB" detect marked.png > /dev/null || fail "watermark not detected in marked.png"
rc=0; "$GENLAB" detect plain.png > /dev/null || rc=$?
[ "$rc" -eq 3 ] || fail "detect on an unwatermarked image exited $rc, want 3"
"$GENLAB" sample gan -n 4 -o grid.png --each each --seed 3 --threads 2 --cols 2 --scale 2 > /dev/null
for f in marked.png plain.png grid.png each/sample-002.png gan/samples/step-000010.png; do
  "$GENLAB" replay "$f" --model gan --threads 2 > replay.txt || fail "replay of $f failed: $(cat replay.txt)"
  grep -q "byte-identical" replay.txt || fail "replay of $f: $(cat replay.txt)"
done
"$GENLAB" interpolate gan --frames 6 --points 3 --seed 5 -o walk.gif --threads 2 > /dev/null
"$GENLAB" interpolate gan --traverse --dims 3 --steps 4 -o traversal.png --seed 5 --threads 2 > /dev/null
"$GENLAB" verify walk.gif traversal.png > /dev/null || fail "interpolate outputs do not verify"
"$GENLAB" detect walk.gif traversal.png > /dev/null || fail "interpolate outputs carry no watermark"
for f in walk.gif traversal.png; do
  "$GENLAB" replay "$f" --model gan --threads 2 > replay.txt || fail "replay of $f failed: $(cat replay.txt)"
  grep -q "byte-identical" replay.txt || fail "replay of $f: $(cat replay.txt)"
done
rc=0; "$GENLAB" verify data/train-images-idx3-ubyte > /dev/null || rc=$?
[ "$rc" -eq 3 ] || fail "verify of a file without a record exited $rc, want 3"

write_text_corpus corpus.txt
"$GENLAB" train gpt --data corpus.txt --run gpt --steps 20 --every 20 --eval-every 0 --batch-size 8 --threads 2 \
  --quiet --set data.context=32 --set model.n_layer=1 --set model.n_head=2 --set model.n_embd=32 > /dev/null
expect_error 1 "no continuous latent space" -- "$GENLAB" interpolate gpt -o x.gif --threads 2
"$GENLAB" sample gpt --prompt "In the" --max-tokens 300 -o text.txt --seed 2 --threads 2 > /dev/null 2>&1
[ -f text.txt.prov.json ] || fail "text written with -o has no sidecar record"
"$GENLAB" verify text.txt > /dev/null || fail "text does not verify"
"$GENLAB" detect text.txt > /dev/null || fail "watermark not detected in text.txt (tokenizer from the record)"
"$GENLAB" sample gpt --prompt "The" --max-tokens 40 -n 2 -o two.txt --seed 4 --top-k 5 --stop "xyz" --threads 2 \
  > /dev/null 2>&1
for f in text.txt two.txt; do
  "$GENLAB" replay "$f" --model gpt --threads 2 > replay.txt 2>&1 || fail "replay of $f failed: $(cat replay.txt)"
  grep -q "byte-identical" replay.txt || fail "replay of $f: $(cat replay.txt)"
done
expect_error 1 "not the checkpoint that made" -- "$GENLAB" replay text.txt --model gan --threads 2
echo "tampered" >> text.txt
rc=0; "$GENLAB" verify text.txt > /dev/null || rc=$?
[ "$rc" -eq 4 ] || fail "verify of modified text exited $rc, want 4"
"$GENLAB" verify --json marked.png | grep -q '"status"' || fail "verify --json prints no status"

expect_error 1 "use --force" -- "$GENLAB" keygen
"$GENLAB" keygen --dir other > /dev/null
rc=0; "$GENLAB" verify marked.png --trust other/signing.pub > /dev/null || rc=$?
[ "$rc" -eq 6 ] || fail "verify with another trusted key exited $rc, want 6"
echo "provenance: ok"
