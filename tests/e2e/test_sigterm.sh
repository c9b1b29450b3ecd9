#!/usr/bin/env bash
# SIGTERM (and SIGINT) stop training after the current step, write a loadable checkpoint and exit
# 128+signal; the run then resumes. kill -9 during constant checkpointing never leaves the latest
# checkpoint unloadable.
source "$(dirname "$0")/lib.sh"

stop_with() {
  local sig=$1 want=$2 run=$3
  "$GENLAB" train gan-mlp --data data --run "$run" --steps 1000000 --every 100000 --eval-every 0 --batch-size 16 \
    --threads 2 --quiet > /dev/null 2>&1 &
  local pid=$!
  for _ in $(seq 200); do [ -s "$run/metrics.jsonl" ] && break; sleep 0.05; done
  kill "-$sig" "$pid"
  local rc=0
  wait "$pid" || rc=$?
  [ "$rc" -eq "$want" ] || fail "SIG$sig: exit $rc, want $want"
  local step
  step=$("$GENLAB" info "$run" | awk '/^step /{print $2}')
  [ "$step" -gt 0 ] || fail "SIG$sig: checkpoint at step '$step'"
  grep -q '"reason":"signal"' "$run/metrics.jsonl" || fail "SIG$sig: no stop event in metrics"
}
stop_with TERM 143 term
stop_with INT 130 int
"$GENLAB" train --resume term --stop-at "$(( $("$GENLAB" info term | awk '/^step /{print $2}') + 5 ))" --threads 2 --quiet > /dev/null

# kill -9 at arbitrary moments while a checkpoint is written every step.
"$GENLAB" train gan-mlp --data data --run nine --steps 1000000 --every 1 --eval-every 0 --batch-size 16 --threads 2 \
  --quiet > /dev/null 2>&1 &
pid=$!
for _ in $(seq 200); do [ -s nine/checkpoints/latest ] && break; sleep 0.05; done
for delay in 0.13 0.29 0.41; do
  sleep "$delay"
  kill -9 "$pid" 2> /dev/null || true
  wait "$pid" 2> /dev/null || true
  "$GENLAB" info nine > /dev/null || fail "latest checkpoint unloadable after kill -9"
  "$GENLAB" train --resume nine --threads 2 --quiet > /dev/null 2>&1 &
  pid=$!
done
kill -9 "$pid" 2> /dev/null || true
wait "$pid" 2> /dev/null || true
"$GENLAB" info nine > /dev/null || fail "latest checkpoint unloadable after kill -9"
echo "signals: ok"
