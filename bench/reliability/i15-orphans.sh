#!/bin/bash
# Orphan count of the issue's scenario: a worker that spawns `sleep 1007` and exits 1,
# --max-restarts 3, in the daemon; count sleeps once errored and after `clmon kill`.
# usage: i15-orphans.sh <clmon checkout>
ROOT=$1; H=$(mktemp -d); CL="node $ROOT/bin/clmon.js"
count() { ps -eo pid=,args= | awk -v h="$1" '$2=="sleep" && $3=="1007" {print $1}' | while read p; do grep -qsF "CLMON_HOME_MARK=$H" /proc/$p/environ 2>/dev/null && echo $p; done | wc -l; }
CLMON_HOME_MARK=$H $CL start "$(dirname "$0")/i15-crash-child.cjs" --max-restarts 3 --home $H >/dev/null 2>&1
for i in $(seq 1 100); do $CL ls --json --home $H 2>/dev/null | grep -q errored && break; sleep 0.2; done
sleep 1
echo "errored: $(count)"
$CL kill --home $H >/dev/null 2>&1
sleep 3
echo "after kill: $(count)"
# cleanup by marker
for p in $(grep -lsF "CLMON_HOME_MARK=$H" /proc/[0-9]*/environ | sed 's|/proc/\([0-9]*\)/environ|\1|'); do kill -9 $p 2>/dev/null; done
rm -rf $H
