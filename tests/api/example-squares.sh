#!/bin/sh
# squares: a worker fills the list and stores the sum.
. "${MPMGR_SRCDIR:-..}/tests/api/example-lib.sh"

out=$("$ex/squares") || fail "squares exited with $?"
expect squares "[1, 4, 9]
14" "$out"
