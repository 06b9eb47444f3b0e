#!/bin/sh
# pool_results: each of 8 workers writes one entry keyed by its own pid.
. "${MPMGR_SRCDIR:-..}/tests/api/example-lib.sh"

out=$("$ex/pool_results" 8) || fail "pool_results exited with $?"
lines=$(printf '%s\n' "$out" | wc -l)
good=$(printf '%s\n' "$out" |
       grep -Ec '^([0-9]+): Hi, I was written by process \1$')
pids=$(printf '%s\n' "$out" | cut -d: -f1 | sort -u | wc -l)
[ "$lines" -eq 8 ] || fail "8 lines expected, got $lines: $out"
[ "$good" -eq 8 ] || fail "lines not of the form 'PID: ... PID': $out"
[ "$pids" -eq 8 ] || fail "8 different pids expected: $out"

# A count that is not one is refused, not run as no workers.
for bad in abc 0 3x 1001; do
    err=$("$ex/pool_results" "$bad" 2>&1 >/dev/null)
    status=$?
    [ "$status" -eq 2 ] || fail "pool_results $bad: exit $status, expected 2"
    case $err in
    "usage: pool_results"*) ;;
    *) fail "pool_results $bad: no usage line: $err" ;;
    esac
done
