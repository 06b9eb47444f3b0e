#!/bin/sh
# counter: ten processes count to 10, under a lock and then with incr.
. "${MPMGR_SRCDIR:-..}/tests/api/example-lib.sh"

out=$("$ex/counter") || fail "counter exited with $?"
expect counter "Counter: 10
Counter: 10 (with incr, no lock)" "$out"
