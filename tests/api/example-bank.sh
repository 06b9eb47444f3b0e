#!/bin/sh
# bank: 100 deposits of 20 and 100 withdrawals of 10 on 1000 leave 2000.
. "${MPMGR_SRCDIR:-..}/tests/api/example-lib.sh"

dir=$(mktemp -d "${TMPDIR:-/tmp}/mpbank.XXXXXX") || fail "mktemp"
trap 'rm -rf "$dir"' EXIT

run_example bank
expect_run bank 0 "Balance: 2000 (expected 2000)"

# No server to start: the library's message, and no balance.
MPMGRD=/nonexistent/mpmgrd
run_example bank
expect_fail "bank without a server" 1 "" "^bank: .*/nonexistent/mpmgrd"

# A server that takes one client refuses both workers: each says why, with
# its pid, the parent names each one, and no balance is printed.
MPMGRD=$(server_with "$dir" --max-clients 1)
run_example bank
expect_fail "bank with its workers refused" 1 "" \
    "^bank: worker [0-9]+: LimitExceeded: " \
    "^bank: worker [0-9]+ exited with status 1$"
expect_workers_failed bank 2
