#!/usr/bin/env bash
# Runs Molecule scenarios (all under molecule/ by default) JOBS at a time, one log each,
# and prints a timing table and a closing "N passed, N failed" line.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
JOBS=${JOBS:-2}
LOGS="$ROOT/.cache/logs"
mkdir -p "$LOGS"

if [ $# -gt 0 ]; then
  scenarios=("$@")
else
  # Longest first, so the slowest does not start last.
  mapfile -t scenarios < <(for f in molecule/*/molecule.yml; do d=$(basename "$(dirname "$f")"); \
    printf '%s %s\n' "$(cat "molecule/$d/.weight" 2>/dev/null || echo 1)" "$d"; done | sort -rn | cut -d' ' -f2)
fi

run_one() {
  local s=$1 start end rc
  start=$(date +%s)
  # Each log line gets a timestamp (epoch seconds) so phase times can be read off.
  molecule test -s "$s" 2>&1 | while IFS= read -r line; do printf '%(%s)T %s\n' -1 "$line"; done >"$LOGS/$s.log"
  rc=${PIPESTATUS[0]}
  end=$(date +%s)
  echo "$s $rc $((end - start))" >"$LOGS/$s.result"
}

rm -f "$LOGS"/*.result
for s in "${scenarios[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
  echo "[molecule] start $s ($(date +%T))"
  run_one "$s" &
done
wait

passed=0 failed=0
printf '\n%-16s %-6s %s\n' scenario result seconds
for s in "${scenarios[@]}"; do
  read -r _ rc secs <"$LOGS/$s.result" || { rc=99 secs=0; }
  if [ "$rc" -eq 0 ]; then passed=$((passed + 1)); r=ok; else failed=$((failed + 1)); r=FAIL; fi
  printf '%-16s %-6s %s\n' "$s" "$r" "$secs"
  # phase timings, from molecule's own "Executing"/"Executed" lines
  awk '/\] Executing$/ { match($0, /> [a-z_]+\]/); ph = substr($0, RSTART + 2, RLENGTH - 3); t0 = $1 }
       /\] Executed: / { t1 = $1; match($0, /> [a-z_]+\]/); ph = substr($0, RSTART + 2, RLENGTH - 3);
                          sub(/.*Executed: /, ""); printf "    %-12s %4ds  %s\n", ph, t1 - t0, $0 }' "$LOGS/$s.log" 2>/dev/null
done
for s in "${scenarios[@]}"; do
  read -r _ rc _ <"$LOGS/$s.result" 2>/dev/null || rc=99
  if [ "$rc" -ne 0 ]; then
    echo; echo "===== $s failed: last lines of $LOGS/$s.log ====="; tail -n 120 "$LOGS/$s.log"
  fi
done
echo
echo "molecule: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
