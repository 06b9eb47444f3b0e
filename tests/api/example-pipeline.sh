#!/bin/sh
# pipeline: 100 writes and a failing read in one round trip, then reads,
# then a batch of 100 pairs in one dict.update.
. "${MPMGR_SRCDIR:-..}/tests/api/example-lib.sh"

dir=$(mktemp -d "${TMPDIR:-/tmp}/mppipeline.XXXXXX") || fail "mktemp"
trap 'rm -rf "$dir"' EXIT

run_example pipeline
expect_run pipeline 0 "operation 100 failed: KeyError: 'missing'
100 of 101 operations succeeded in one round trip
sum of the squares of 0 to 99: 328350
one dict.update of 100 pairs: the dict holds 200 entries"

# No server to start: the library's message, nothing on stdout.
MPMGRD=/nonexistent/mpmgrd
run_example pipeline
expect_fail "pipeline without a server" 1 "" "^pipeline: .*/nonexistent/mpmgrd"

# A server that refuses messages over 1000 bytes takes the small requests
# but not the batch's one dict.update: its error, and no made-up line.
MPMGRD=$(server_with "$dir" --max-message 1000)
run_example pipeline
expect_fail "pipeline with a short --max-message" 1 \
    "operation 100 failed: KeyError: 'missing'
100 of 101 operations succeeded in one round trip
sum of the squares of 0 to 99: 328350" "^pipeline: LimitExceeded: "
