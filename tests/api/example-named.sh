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
addr=unix:$dir/s.sock

# Nobody has made the dict yet.
run_example named_read "$addr"
expect_fail "named_read before named_create" 1 "" \
    "^named_read: NoSuchObject: .*inventory"

run_example named_create "$addr"
expect_run named_create 0 'created the dict "inventory"'
run_example named_read "$addr"
expect_run named_read 0 'apples: 3
pears: 5
updated by: "named_create"'
run_example named_create "$addr"
expect_run "named_create again" 0 'updated the dict "inventory"'

# mpmgr ARG...: the mpmgr tool on this server.
mpmgr() {
    "${MPMGR_CLI:?MPMGR_CLI names the tool}" -a "$addr" "$@" >/dev/null ||
        fail "mpmgr $* failed"
}

# Keys that are not strings are printed as JSON, as the values are.
mpmgr set inventory 42 '"answer"'
mpmgr set inventory true 1
mpmgr set inventory null '[1,2]'
mpmgr set inventory '[1,"a"]' '{"x":1}'
mpmgr set inventory 1.5 null
run_example named_read "$addr"
expect_run "named_read with other keys" 0 'apples: 3
pears: 5
updated by: "named_create"
42: "answer"
true: 1
null: [1, 2]
[1, "a"]: {"x": 1}
1.5: null'

# More than one argument is a usage error, not ignored.
for prog in named_create named_read; do
    run_example $prog "$addr" extra
    expect_fail "$prog with two arguments" 2 "" "^usage: $prog \[ADDRESS\]$"
done

# A bad address, and one where nothing listens: the library's message.
for prog in named_create named_read; do
    run_example $prog nonsense
    expect_fail "$prog nonsense" 1 "" "^$prog: .*nonsense"
    run_example $prog "unix:$dir/none.sock"
    expect_fail "$prog with no server" 1 "" "^$prog: .*none\.sock"
done

# "inventory" is now a list: both programs say so.
mpmgr unlink inventory
mpmgr new list inventory
for prog in named_create named_read; do
    run_example $prog "$addr"
    expect_fail "$prog on a list" 1 "" "^$prog: TypeError: .*inventory"
done

# The server is gone.
kill "$srv" && wait "$srv"
srv=
run_example named_read "$addr"
expect_fail "named_read after the server stopped" 1 "" "^named_read: .*s\.sock"
