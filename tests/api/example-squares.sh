#!/bin/sh
# squares: a worker fills the list and stores the sum.
. "${MPMGR_SRCDIR:-..}/tests/api/example-lib.sh"

dir=$(mktemp -d "${TMPDIR:-/tmp}/mpsquares.XXXXXX") || fail "mktemp"
trap 'rm -rf "$dir"' EXIT

run_example squares
expect_run squares 0 "[1, 4, 9]
14"

# No server to start: the library's message, nothing on stdout.
MPMGRD=/nonexistent/mpmgrd
run_example squares
expect_fail "squares without a server" 1 "" "^squares: .*/nonexistent/mpmgrd"

# A server that takes one client refuses the worker: it says why, with its
# pid, and the parent names it rather than reading a sum that is not there.
MPMGRD=$(server_with "$dir" --max-clients 1)
run_example squares
expect_fail "squares with its worker refused" 1 "" \
    "^squares: worker [0-9]+: LimitExceeded: " \
    "^squares: worker [0-9]+ exited with status 1$"
expect_workers_failed squares 1
