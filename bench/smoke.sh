#!/bin/sh
# smoke.sh: make check's test of the benchmark programs.  It checks only
# that each test runs and prints its line with no error replies; it never
# judges a speed (numbers on a shared machine mean nothing in a test).

b=${MPMGR_BUILDDIR:-.}/bench
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mpmgr-smoke-XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0

# check NAME EXPECTED-ROWS COMMAND...: the command exits 0 and prints the
# CSV header and EXPECTED-ROWS rows.
check() {
    name=$1
    want=$2
    shift 2
    if ! "$@" >"$tmp/out" 2>"$tmp/err"; then
        echo "FAIL: $name: exit status $?"
        cat "$tmp/out" "$tmp/err"
        fail=1
        return
    fi
    got=$(grep -c '^"' "$tmp/out")
    if [ "$got" -ne $((want + 1)) ]; then
        echo "FAIL: $name: $((got - 1)) rows, not $want"
        cat "$tmp/out" "$tmp/err"
        fail=1
        return
    fi
    echo "ok: $name"
}

tests=ping,setitem,getitem,incr,append,pop,lock,getmany
check "request tests" 8 "$b/mpmgr-benchmark" --csv -c 2 -n 200 -r 50 -t $tests
check "request tests, depth 7" 8 "$b/mpmgr-benchmark" --csv -c 3 -n 200 -P 7 \
    -r 50 -t $tests
check "request tests through libmpmgr" 8 "$b/mpmgr-benchmark" --csv --lib \
    -c 2 -n 200 -P 5 -r 50 -t $tests
check "workloads" 4 "$b/mpmgr-benchmark" --csv -c 4 -n 200 \
    -t pool,poolupdate,counter,memory
check "workloads, pipelined" 3 "$b/mpmgr-benchmark" --csv -c 4 -n 200 -P 9 \
    -t pool,poolupdate,counter
check "pingpong" 1 "$b/pingpong" --csv -c 2 -n 200 -P 3
if "$b/mpmgr-benchmark" -t nosuchtest >/dev/null 2>&1; then
    echo "FAIL: an unknown test is accepted"
    fail=1
fi
exit $fail
