#!/usr/bin/env bash
# A run of 40 steps, and the same run stopped at 20 and resumed, end with bit-identical weights and
# identical logged losses; a resumed run cuts metrics.jsonl back to its checkpoint; --steps extends.
source "$(dirname "$0")/lib.sh"

"$GENLAB" train gan-mlp --data data --run full "${SMALL[@]}" > /dev/null
"$GENLAB" train gan-mlp --data data --run split "${SMALL[@]}" --stop-at 20 > /dev/null
[ "$("$GENLAB" info split | awk '/^step /{print $2}')" = 20 ] || fail "stop-at 20 did not stop at step 20"
# Simulate log lines written after the checkpoint (as if killed later): resume must cut them.
echo '{"step":25,"d_loss":1.0,"g_loss":1.0}' >> split/metrics.jsonl
"$GENLAB" train --resume split --threads 2 --quiet > /dev/null

[ "$(weights full)" = "$(weights split)" ] || fail "weights differ after resume"
diff <(losses full/metrics.jsonl) <(losses split/metrics.jsonl) || fail "logged losses differ after resume"

# Extending a finished run continues its step count.
"$GENLAB" train --resume full --steps 50 --threads 2 --quiet > /dev/null
[ "$("$GENLAB" info full | awk '/^step /{print $2}')" = 50 ] || fail "--steps 50 did not extend the run"
# Only --steps may change on resume.
expect_error 1 "cannot change train.lr" -- "$GENLAB" train --resume full --lr 0.1
# resume_matches FAMILY ARGS...: 8 steps uninterrupted vs stopped at 4 and resumed (on $DATA).
resume_matches() {
  local family=$1; shift
  local args=(--steps 8 --every 4 --eval-every 4 --batch-size 8 --threads 2 --quiet "$@")
  "$GENLAB" train "$family" --data "${DATA:-data}" --run "$family-full" "${args[@]}" > /dev/null
  "$GENLAB" train "$family" --data "${DATA:-data}" --run "$family-split" "${args[@]}" --stop-at 4 > /dev/null
  "$GENLAB" train --resume "$family-split" --threads 2 --quiet > /dev/null
  [ "$(weights "$family-full")" = "$(weights "$family-split")" ] || fail "$family weights differ after resume"
  diff <(losses "$family-full/metrics.jsonl") <(losses "$family-split/metrics.jsonl") \
    || fail "$family logged losses differ after resume"
}
# A family with batch-norm buffers, and a single-optimizer family (both tiny).
resume_matches dcgan --set model.ngf=8 --set model.ndf=8
resume_matches vae --set model.hidden=32 --set model.latent=4
# Text: a GPT with dropout (the global RNG must resume too) and an LSTM carrying its hidden state
# across batches (saved in the checkpoint), one on a BPE tokenizer.
write_text_corpus corpus.txt
DATA=corpus.txt resume_matches gpt --set model.n_layer=1 --set model.n_head=2 --set model.n_embd=16 \
  --set model.dropout=0.1 --set data.context=16
DATA=corpus.txt resume_matches lstm --set model.embedding=8 --set model.hidden=16 --set data.context=16 \
  --set data.tokenizer=bpe --set data.vocab_size=300
echo "resume exact: ok"
