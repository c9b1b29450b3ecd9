#!/usr/bin/env bash
# Text end to end: train a tiny GPT and LSTM on a UTF-8 corpus (English + Russian), sample with a
# Russian prompt (streamed to stdout, reproducible by seed, stop strings), evaluate likelihood and
# originality, and refuse a corpus with invalid UTF-8 naming the byte offset.
source "$(dirname "$0")/lib.sh"

write_text_corpus corpus.txt
TINY=(--steps 30 --every 30 --eval-every 15 --batch-size 8 --threads 2 --quiet --set data.context=32)
"$GENLAB" train gpt --data corpus.txt --run gpt "${TINY[@]}" --set model.n_layer=1 --set model.n_head=2 \
  --set model.n_embd=32 > train.txt
grep -q 'tokenizer' train.txt || fail "train does not describe the tokenizer"
[ -f gpt/tokenizer.bin ] || fail "run directory lacks tokenizer.bin"
"$GENLAB" train lstm --data corpus.txt --run lstm "${TINY[@]}" --set model.embedding=16 --set model.hidden=32 > /dev/null

for run in gpt lstm; do
  "$GENLAB" sample "$run" --prompt "Вначале" --max-tokens 40 --seed 3 --threads 2 > a.txt 2> a.err
  "$GENLAB" sample "$run" --prompt "Вначале" --max-tokens 40 --seed 3 --threads 2 > b.txt 2> /dev/null
  head -c 14 a.txt | grep -q "^Вначале" || fail "$run sample does not start with the prompt: $(cat a.txt)"
  cmp -s a.txt b.txt || fail "$run: same seed, different text"
  grep -q 'tokens/s' a.err || fail "$run sample prints no tokens/s line: $(cat a.err)"
  "$GENLAB" sample "$run" --prompt "In" --max-tokens 40 --seed 4 --threads 2 -n 2 -o two.txt --top-k 5 > /dev/null 2>&1
  [ -s two.txt ] || fail "$run -o wrote nothing"
  "$GENLAB" eval "$run" --samples 2 --max-tokens 30 --threads 2 --json eval.json > eval.txt
  grep -q 'bits/char' eval.txt || fail "$run eval prints no bits/char: $(cat eval.txt)"
  grep -q '"bits_per_char"' eval.json || fail "$run eval.json lacks bits_per_char"
done

# Text sampling runs in the torch-free launcher (apps/cli/fast_sample.cpp): it must not load
# LibTorch, and must write exactly what the full program (genlab-torch) writes for the same flags,
# here past the GPT's 32-token block (re-encoding) and into a signed, watermarked file.
LD_DEBUG=libs "$GENLAB" info gpt > /dev/null 2> ld.txt
grep -q libtorch_cpu ld.txt || fail "LD_DEBUG shows no LibTorch for info"
LD_DEBUG=libs "$GENLAB" sample gpt --prompt "Вначале" --max-tokens 100 --seed 5 --top-p 0.9 --threads 2 \
  > fast.txt 2> ld.txt
grep -q libtorch_cpu ld.txt && fail "genlab sample gpt loaded LibTorch"
head -c 14 fast.txt | grep -q "^Вначале" || fail "fast path printed no prompt: $(cat fast.txt)"
"$GENLAB_TORCH" sample gpt --prompt "Вначале" --max-tokens 100 --seed 5 --top-p 0.9 --threads 2 > full.txt 2> /dev/null
cmp -s fast.txt full.txt || fail "fast and full sampling differ: '$(cat fast.txt)' vs '$(cat full.txt)'"
"$GENLAB" sample gpt --prompt "In" --max-tokens 70 -n 2 --seed 6 -o fast-o.txt --threads 2 > /dev/null 2>&1
"$GENLAB_TORCH" sample gpt --prompt "In" --max-tokens 70 -n 2 --seed 6 -o full-o.txt --threads 2 > /dev/null 2>&1
cmp -s fast-o.txt full-o.txt || fail "fast and full -o files differ"
"$GENLAB" verify fast-o.txt > /dev/null || fail "the fast path's file does not verify"
LD_DEBUG=libs "$GENLAB" sample lstm --prompt "Вначале" --max-tokens 60 --seed 5 --threads 2 > fast.txt 2> ld.txt
grep -q libtorch_cpu ld.txt && fail "genlab sample lstm loaded LibTorch"
"$GENLAB_TORCH" sample lstm --prompt "Вначале" --max-tokens 60 --seed 5 --threads 2 > full.txt 2> /dev/null
cmp -s fast.txt full.txt || fail "lstm: fast and full sampling differ: '$(cat fast.txt)' vs '$(cat full.txt)'"

# explain: a surprisal heat map for any text model, attention maps for gpt (one PNG per layer).
"$GENLAB" explain gpt --text "In the beginning the word" -o ex --threads 2 > /dev/null
grep -q "bits" ex/surprisal.html || fail "surprisal.html lacks the figures"
[ -s ex/attention-layer0.png ] || fail "gpt explain wrote no attention map"
"$GENLAB" explain lstm --text "Вначале было слово" -o exl --threads 2 > /dev/null
[ -s exl/surprisal.html ] && [ ! -e exl/attention-layer0.png ] || fail "lstm explain output wrong"

# A stop string ends generation just before it: take 3 bytes from a greedy sample as the stop
# string; the stopped output must be the greedy text up to their first occurrence.
"$GENLAB" sample gpt --prompt "In the" --max-tokens 60 --greedy --threads 2 2> /dev/null | head -c -1 > greedy.txt
gen=$(LC_ALL=C; g=$(cat greedy.txt); echo -n "${g:6}")
stop=$(LC_ALL=C; echo -n "${gen:4:3}")
[ -n "$stop" ] || fail "greedy sample too short: $(cat greedy.txt)"
"$GENLAB" sample gpt --prompt "In the" --max-tokens 60 --greedy --stop "$stop" --threads 2 2> stop.err | head -c -1 > stop.txt
want=$(LC_ALL=C; echo -n "In the${gen%%"$stop"*}")
[ "$(cat stop.txt)" = "$want" ] || fail "stop '$stop': got '$(cat stop.txt)', want '$want'"
grep -q 'stop string' stop.err || fail "stop reason not reported: $(cat stop.err)"

printf 'good text\n\xff bad byte\n' > bad.txt
expect_error 1 "bad.txt: invalid UTF-8 at byte 10" -- "$GENLAB" train gpt --data bad.txt --threads 2 --quiet
expect_error 1 "temperature = -1 is out of range" -- "$GENLAB" sample gpt --temperature -1 --threads 2
echo "text: ok"
