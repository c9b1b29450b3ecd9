#!/usr/bin/env bash
# The training options people learn first and the stopping rules: plain SGD with batch size 1,
# mini-batch SGD with momentum, AdamW with cosine + warm-up + clipping, epochs, a time budget, PNG
# folders (a bad file skipped and listed; --strict makes it fatal), presets, and the saved config.
source "$(dirname "$0")/lib.sh"
Q=(--every 10 --eval-every 10 --threads 2 --quiet)

"$GENLAB" train gan-mlp --data data --run sgd1 --optimizer sgd --batch-size 1 --lr 0.01 --steps 20 "${Q[@]}" > /dev/null
"$GENLAB" train gan-mlp --data data --run sgdm --optimizer sgd-momentum --batch-size 32 --lr 0.01 --steps 20 "${Q[@]}" > /dev/null
"$GENLAB" train gan-mlp --data data --run adamw --optimizer adamw --schedule cosine --warmup-steps 5 --grad-clip 1.0 \
  --steps 20 --set train.log_every=5 "${Q[@]}" > /dev/null
grep -q 'optimizer = "adamw"' adamw/config.toml || fail "resolved config not saved"
# lr in metrics follows the warm-up: step 5 logs lr of step index 4 = lr * 5/5.
grep -q '"step":5,"lr":0.0002' adamw/metrics.jsonl || fail "warm-up lr not logged as expected: $(head -1 adamw/metrics.jsonl)"

# Epochs: 243 training examples / batch 16 = 15 steps per epoch.
"$GENLAB" train gan-mlp --data data --run ep --epochs 2 --batch-size 16 "${Q[@]}" > /dev/null
grep -q '^steps = 30 ' ep/config.toml || fail "--epochs 2 did not resolve to 30 steps: $(grep '^steps' ep/config.toml)"

out=$("$GENLAB" train gan-mlp --data data --run budget --steps 100000000 --time-budget 2s --every 100000 "${Q[@]}")
grep -q "stopped at step .* (time budget)" <<< "$out" || fail "time budget: $out"
grep -q '"reason":"time budget"' budget/metrics.jsonl || fail "time budget not recorded in metrics"

"$MAKE_DATA" png pngs 64
echo "garbage" > pngs/zz-broken.png
"$GENLAB" train gan-mlp --data pngs --run png --steps 5 --batch-size 8 "${Q[@]}" > out.txt 2> err.txt
grep -q "skipped .*zz-broken.png" err.txt || fail "bad PNG not listed as skipped: $(cat err.txt)"
expect_error 1 "zz-broken.png" -- "$GENLAB" train gan-mlp --data pngs --strict --run strict --steps 5 "${Q[@]}"

printf '# a preset\n[train]\nbatch_size = 8\nsteps = 6\n[model]\nhidden = 32\n' > preset.toml
"$GENLAB" train gan-mlp --config preset.toml --data data --run preset --steps 4 "${Q[@]}" > /dev/null
grep -q '^steps = 4 ' preset/config.toml && grep -q '^batch_size = 8 ' preset/config.toml \
  && grep -q '^hidden = 32 ' preset/config.toml || fail "preset + flag layering wrong: $(cat preset/config.toml)"
echo "train options: ok"
