#!/bin/sh
# pool_results: each of 8 workers writes one entry keyed by its own pid.
. "${MPMGR_SRCDIR:-..}/tests/api/example-lib.sh"

dir=$(mktemp -d "${TMPDIR:-/tmp}/mppool.XXXXXX") || fail "mktemp"
trap 'rm -rf "$dir"' EXIT

run_example pool_results 8
[ "$status" -eq 0 ] || fail "pool_results exited with $status: $err"
[ -z "$err" ] || fail "pool_results: unexpected stderr: $err"
lines=$(printf '%s\n' "$out" | wc -l)
good=$(printf '%s\n' "$out" |
       grep -Ec '^([0-9]+): Hi, I was written by process \1$')
pids=$(printf '%s\n' "$out" | cut -d: -f1 | sort -u | wc -l)
[ "$lines" -eq 8 ] || fail "8 lines expected, got $lines: $out"
[ "$good" -eq 8 ] || fail "lines not of the form 'PID: ... PID': $out"
[ "$pids" -eq 8 ] || fail "8 different pids expected: $out"

# A count that is not one, or a second argument, is refused, not run.
for bad in abc 0 3x 1001; do
    run_example pool_results "$bad"
    expect_fail "pool_results $bad" 2 "" "^usage: pool_results "
done
run_example pool_results 1 2
expect_fail "pool_results 1 2" 2 "" "^usage: pool_results "

# No server to start: the library's message, nothing on stdout.
MPMGRD=/nonexistent/mpmgrd
run_example pool_results 3
expect_fail "pool_results without a server" 1 "" \
    "^pool_results: .*/nonexistent/mpmgrd"

# A server that takes one client refuses the workers: each says why, with
# its pid, the parent names each one, and prints no results.
MPMGRD=$(server_with "$dir" --max-clients 1)
run_example pool_results 3
expect_fail "pool_results with its workers refused" 1 "" \
    "^pool_results: worker [0-9]+: LimitExceeded: " \
    "^pool_results: worker [0-9]+ exited with status 1$"
expect_workers_failed pool_results 3
