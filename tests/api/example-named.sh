#!/bin/sh
# named: one program creates a named dict on a running server and exits;
# a second, unrelated one finds it by name and reads it.
. "${MPMGR_SRCDIR:-..}/tests/api/example-lib.sh"

dir=$(mktemp -d "${TMPDIR:-/tmp}/mpnamed.XXXXXX") || fail "mktemp"
srv=
cleanup() {
    [ -n "$srv" ] && kill "$srv" 2>/dev/null && wait "$srv"
    rm -rf "$dir"
}
trap cleanup EXIT

# Start a server with an authkey; --ready-fd says when it listens.
MPMGR_AUTHKEY=named-example-key
export MPMGR_AUTHKEY
mkfifo "$dir/ready" || fail "mkfifo"
"${MPMGRD:?MPMGRD names the server}" --listen "unix:$dir/s.sock" \
    --ready-fd 3 3>"$dir/ready" 2>"$dir/log" &
srv=$!
read -r line <"$dir/ready"
case $line in
ready*) ;;
*) fail "mpmgrd did not start: $(cat "$dir/log")" ;;
esac

out=$("$ex/named_create" "unix:$dir/s.sock") || fail "named_create failed"
expect named_create 'created the dict "inventory"' "$out"
out=$("$ex/named_read" "unix:$dir/s.sock") || fail "named_read failed"
expect named_read 'apples: 3
pears: 5
updated by: "named_create"' "$out"
