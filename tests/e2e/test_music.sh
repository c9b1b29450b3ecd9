#!/usr/bin/env bash
# Music end to end: a folder of MIDI files is detected as music; an LSTM and a GPT train on its
# Performance-RNN events (the text families, unchanged) and resume exactly; sample writes .mid,
# .wav and a piano-roll .png per sample, each signed; a primer is continued; a corrupt MIDI file is
# skipped with its reason while the rest train; eval compares the model with the event bigram on the
# held-out pieces and scores fresh pieces' statistics and originality.
source "$(dirname "$0")/lib.sh"

"$MAKE_DATA" midi midi 12
TINY=(--steps 8 --every 4 --eval-every 4 --batch-size 4 --threads 2 --quiet --set data.context=32)
"$GENLAB" train lstm --data midi --run lstm "${TINY[@]}" --set model.embedding=16 --set model.hidden=32 > train.txt
grep -q "music" train.txt || fail "a MIDI folder was not trained as music: $(head -5 train.txt)"
"$GENLAB" train gpt --data midi --run gpt "${TINY[@]}" --set model.n_layer=1 --set model.n_head=2 \
  --set model.n_embd=16 > /dev/null

# Exact resume on music, as for text.
"$GENLAB" train lstm --data midi --run split "${TINY[@]}" --set model.embedding=16 --set model.hidden=32 \
  --stop-at 4 > /dev/null
"$GENLAB" train --resume split --threads 2 --quiet > /dev/null
[ "$(weights lstm)" = "$(weights split)" ] || fail "music lstm weights differ after resume"

"$GENLAB" sample lstm -n 2 --seconds 3 --seed 1 --threads 2 -o out > sample.txt
for i in 000 001; do
  for ext in mid wav png; do [ -s "out/sample-$i.$ext" ] || fail "missing out/sample-$i.$ext"; done
done
"$GENLAB" verify out/sample-000.mid out/sample-000.wav out/sample-000.png > /dev/null || fail "music outputs do not verify"
"$GENLAB" sample gpt --seconds 2 --primer midi/piece-000.mid --threads 2 -o primed --no-audio > /dev/null
[ -s primed/sample-000.mid ] && [ ! -e primed/sample-000.wav ] || fail "--primer / --no-audio output wrong"

"$GENLAB" eval lstm --samples 2 --seconds 2 --threads 2 --json eval.json > eval.txt
for figure in "nll (nats/event)" "next-event accuracy" "beats the bigram baseline" pitch_class_js_bits \
  "pitch classes of no key at all" "pitch intervals (any key)"; do
  grep -q "$figure" eval.txt || fail "eval printed no '$figure': $(cat eval.txt)"
done
for key in nats_per_event accuracy bigram statistics training uniform_pitch_class_js_bits originality; do
  grep -q "\"$key\"" eval.json || fail "eval.json has no $key"
done
grep -q "temperature 1," eval.txt || fail "eval's pieces are not sampled at temperature 1: $(cat eval.txt)"
"$GENLAB" eval lstm --samples 1 --seconds 1 --temperature 0.5 --threads 2 --json eval-t.json > /dev/null
grep -q '"temperature": 0.5' eval-t.json || fail "--temperature did not reach the samples: $(cat eval-t.json)"

printf 'MThd\0\0\0\6\0\1' > midi/broken.mid
"$GENLAB" train lstm --data midi --run skip --steps 2 --batch-size 4 --threads 2 --quiet --set data.context=32 \
  --set model.hidden=16 > /dev/null 2> skip.err
grep -q "broken.mid" skip.err || fail "the corrupt file was not reported: $(cat skip.err)"
echo "music: ok"
