#!/bin/sh
# pipeline: 100 writes and a failing read in one round trip, then reads,
# then a batch of 100 pairs in one dict.update.
. "${MPMGR_SRCDIR:-..}/tests/api/example-lib.sh"

out=$("$ex/pipeline") || fail "pipeline exited with $?"
expect pipeline "operation 100 failed: KeyError: 'missing'
100 of 101 operations succeeded in one round trip
sum of the squares below 100: 328350
one dict.update of 100 pairs: the dict holds 200 entries" "$out"
