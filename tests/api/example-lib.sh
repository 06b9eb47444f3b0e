# example-lib.sh: sourced by the example-*.sh tests.  Runs an example from
# the build tree and compares what it prints.

ex=${MPMGR_EXAMPLES:-../examples}
# The real server, for server_with: tests set MPMGRD, which the examples'
# private managers run, to a broken or restricted one.
real_mpmgrd=${MPMGRD:-}
export MPMGRD

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# expect NAME EXPECTED ACTUAL: fail unless the two texts are equal.
expect() {
    [ "$2" = "$3" ] || fail "$1 printed:
$3
expected:
$2"
}

# run_example NAME [ARG...]: run the example NAME, leaving its stdout in
# $out, its stderr in $err and its exit status in $status.  It runs with a
# TMPDIR of its own, where a private manager makes its directory: that must
# be gone once the example has exited, however it ended.
run_example() {
    _name=$1
    shift
    _top=$(mktemp -d "${TMPDIR:-/tmp}/mpexample.XXXXXX") || fail "mktemp"
    mkdir "$_top/tmp" || fail "mkdir $_top/tmp"
    TMPDIR=$_top/tmp "$ex/$_name" "$@" >"$_top/out" 2>"$_top/err"
    status=$?
    out=$(cat "$_top/out")
    err=$(cat "$_top/err")
    _left=$(ls -A "$_top/tmp")
    rm -rf "$_top"
    [ -z "$_left" ] || fail "$_name $*: left $_left behind in TMPDIR"
}

# expect_run NAME STATUS STDOUT: the last run_example exited with STATUS,
# printed STDOUT and nothing on stderr.
expect_run() {
    [ "$status" -eq "$2" ] || fail "$1: exit $status, expected $2
stderr:
$err"
    expect "$1" "$3" "$out"
    [ -z "$err" ] || fail "$1: unexpected stderr:
$err"
}

# expect_fail NAME STATUS STDOUT ERE...: the last run_example exited with
# STATUS and printed STDOUT, and on stderr at least one line, each matching
# one of the EREs.  That rules out empty messages ("counter: ") and
# sanitizer reports as well as wrong ones.
expect_fail() {
    _name=$1
    _want=$2
    _stdout=$3
    shift 3
    [ "$status" -eq "$_want" ] || fail "$_name: exit $status, expected $_want
stderr:
$err"
    expect "$_name" "$_stdout" "$out"
    [ -n "$err" ] || fail "$_name: failed with nothing on stderr"
    _rest=$err
    for _re in "$@"; do
        _rest=$(printf '%s\n' "$_rest" | grep -Ev -e "$_re")
    done
    [ -z "$_rest" ] || fail "$_name: unexpected stderr:
$_rest
in:
$err"
}

# server_with DIR OPTION...: write DIR/mpmgrd, which runs the real server
# with OPTIONs added, for MPMGRD; prints its path.
server_with() {
    _dir=$1
    shift
    [ -n "$real_mpmgrd" ] || fail "MPMGRD names the server"
    printf '#!/bin/sh\nexec "%s" %s "$@"\n' "$real_mpmgrd" "$*" \
        >"$_dir/mpmgrd" || fail "cannot write $_dir/mpmgrd"
    chmod +x "$_dir/mpmgrd" || fail "chmod"
    echo "$_dir/mpmgrd"
}

# expect_workers_failed NAME N: the last run's stderr has N workers that each
# reported their own error with their pid, and N lines of the parent naming
# the same pids as exited with status 1.
expect_workers_failed() {
    _own=$(printf '%s\n' "$err" | sed -n "s/^$1: worker \([0-9]*\): .*/\1/p" |
           sort -u)
    _seen=$(printf '%s\n' "$err" |
            sed -n "s/^$1: worker \([0-9]*\) exited with status 1$/\1/p" |
            sort -u)
    [ "$(printf '%s\n' "$_seen" | grep -c .)" -eq "$2" ] ||
        fail "$1: $2 failed workers expected:
$err"
    [ "$_own" = "$_seen" ] ||
        fail "$1: the workers that failed are not those that said why:
$err"
}
