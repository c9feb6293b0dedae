#!/bin/sh
# The reaper (docs/supervision.md#stopping: no orphans, ever), as a POSIX sh script: a shell costs ~1-2 MB where a
# Node process cost ~42 MB, and all it has to do is hold a pipe and notice EOF. The supervisor
# writes "+<pid>" / "-<pid>" lines on its stdin as workers come and go; when stdin closes (the
# supervisor exited, even by SIGKILL) it kills every tracked pid and every process whose
# environment carries CLMON_SUPERVISOR=<token> ($1): the workers' descendants inherit it, and by
# then they may already have been re-parented, out of reach of any process tree. The scan runs
# even when nothing is tracked. SIGTERM first; whatever is still alive after 2 s gets SIGKILL.
#
# Run as: sh reaper.sh <token>, with an environment that does not carry the token itself (the
# scan would find the reaper and its grep).
token=$1
trap '' HUP INT
tracked=' '
while IFS= read -r line; do
  pid=${line#?}
  case $pid in ''|*[!0-9]*) continue ;; esac
  case $line in
    +*) tracked="$tracked$pid " ;;
    -*) case $tracked in *" $pid "*) tracked="${tracked%% $pid *} ${tracked#* $pid }" ;; esac ;;
  esac
done

# Pids (from a list) that are alive and not zombies.
alive() {
  for p in $1; do
    kill -0 "$p" 2>/dev/null || continue
    st=
    read -r st < "/proc/$p/stat" 2>/dev/null
    st=${st##*) }
    case $st in Z*|X*) continue ;; esac
    printf '%s ' "$p"
  done
}

# Pids whose environment holds the token (Linux /proc; nothing elsewhere). A substring match is
# exact enough: tokens are <pid>-<uuid>, fixed-length after the pid, so none is a prefix of another.
carrying() {
  [ -n "$token" ] || return 0
  for f in $(grep -lsF "CLMON_SUPERVISOR=$token" /proc/[0-9]*/environ 2>/dev/null); do
    p=${f#/proc/}
    printf '%s ' "${p%/environ}"
  done
}

victims=$(alive "$tracked $(carrying)")
[ -n "$victims" ] || exit 0
kill -TERM $victims 2>/dev/null
rounds=0
while [ "$rounds" -lt 20 ]; do
  victims=$(alive "$victims")
  [ -n "$victims" ] || break
  sleep 0.1 2>/dev/null || sleep 1
  rounds=$((rounds + 1))
done
victims=$(alive "$victims $(carrying)")
[ -n "$victims" ] && kill -KILL $victims 2>/dev/null
exit 0
