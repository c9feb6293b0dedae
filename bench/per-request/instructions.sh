#!/bin/sh
# Instructions per request of the metrics module, counted by valgrind (deterministic to about
# ±1.5 %, unlike throughput on a shared machine): the server answers 1,000 and then 11,000
# requests; the difference of the two totals divided by 10,000. Kernel time is not counted, and
# per-second work is inflated (valgrind runs ~50x slower). Under valgrind a server answers only a
# few hundred requests a second, where the module times every request; SAMPLES=1 makes it time as
# it does at high rates (about one request a second timed; the default is ~256 a second).
# Needs valgrind and `npm run build`.
#   sh bench/per-request/instructions.sh            # off and metrics, one count each
#   SAMPLES=1 sh bench/per-request/instructions.sh  # the module as on a busy server
set -eu
here=$(cd "$(dirname "$0")" && pwd)
count() { # $1 = METRICS value, $2 = requests → prints the instruction total
  port=$(node -e "const s=require('net').createServer().listen(0,()=>{console.log(s.address().port);s.close()})")
  log=$(mktemp)
  METRICS=$1 CLMON_METRICS_LATENCY_SAMPLES=${SAMPLES:-} PORT=$port valgrind --tool=callgrind --callgrind-out-file=/dev/null node "$here/server.cjs" >"$log" 2>&1 &
  pid=$!
  i=0
  until grep -q listening "$log"; do i=$((i + 1)); [ $i -lt 300 ] || { kill $pid; echo "server did not start" >&2; exit 1; }; sleep 0.2; done
  node "$here/client.cjs" "$port" "$2"
  wait $pid
  grep 'Collected' "$log" | awk '{print $4}'
  rm -f "$log"
}
for metrics in 0 1; do
  a=$(count $metrics 1000)
  b=$(count $metrics 11000)
  echo "METRICS=$metrics instructions per request: $(((b - a) / 10000))"
done
