#!/usr/bin/env bash
# The fault suite (test/faults) N times in a row (default 20) with a CPU burner on every core, as a busy CI machine
# would be; one line per run in .tmp/fault-suite-under-load.log. Needs the services and a build (`npm test` once).
# Point TEST_DATABASE_URL / TEST_REDIS_URL elsewhere to run it next to another test run.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-20}
log=.tmp/fault-suite-under-load.log
mkdir -p .tmp
burners=()
for _ in $(seq "$(nproc)"); do
  node -e 'for (;;) {}' &
  burners+=($!)
done
trap 'kill "${burners[@]}" 2>/dev/null' EXIT
echo "start $(date -u +%FT%TZ), $(nproc) cores busy with burners, node $(node -v)" | tee "$log"
failed=0
for i in $(seq "$runs"); do
  started=$(date +%s)
  npx jest --ci --runInBand test/faults >".tmp/fault-run-$i.log" 2>&1
  rc=$?
  [ "$rc" -eq 0 ] || failed=$((failed + 1))
  echo "run $i: exit $rc in $(($(date +%s) - started)) s, $(grep -E '^Tests:' ".tmp/fault-run-$i.log" | tail -1)" | tee -a "$log"
done
echo "end $(date -u +%FT%TZ): $((runs - failed)) of $runs runs passed" | tee -a "$log"
[ "$failed" -eq 0 ]
