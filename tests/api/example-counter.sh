#!/bin/sh
# counter: ten processes count to 10, under a lock and then with incr.
. "${MPMGR_SRCDIR:-..}/tests/api/example-lib.sh"

dir=$(mktemp -d "${TMPDIR:-/tmp}/mpcounter.XXXXXX") || fail "mktemp"
trap 'rm -rf "$dir"' EXIT

run_example counter
expect_run counter 0 "Counter: 10
Counter: 10 (with incr, no lock)"

# No server to start: the library's message, and no count.
MPMGRD=/nonexistent/mpmgrd
run_example counter
expect_fail "counter without a server" 1 "" "^counter: .*/nonexistent/mpmgrd"

# A server that takes one client refuses the workers: each says why, with
# its pid, the parent names each one, and no count is printed.
MPMGRD=$(server_with "$dir" --max-clients 1)
run_example counter
expect_fail "counter with its workers refused" 1 "" \
    "^counter: worker [0-9]+: LimitExceeded: " \
    "^counter: worker [0-9]+ exited with status 1$"
expect_workers_failed counter 10
