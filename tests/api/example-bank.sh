#!/bin/sh
# bank: 100 deposits of 20 and 100 withdrawals of 10 on 1000 leave 2000.
. "${MPMGR_SRCDIR:-..}/tests/api/example-lib.sh"

out=$("$ex/bank") || fail "bank exited with $?"
expect bank "Balance: 2000 (expected 2000)" "$out"
