#!/bin/sh
# smoke.sh: make check's test of the benchmark programs.  It checks that
# each test runs and prints its line with no error replies, and that bad
# options are refused by name; it never judges a speed (numbers on a
# shared machine mean nothing in a test).

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

# refuse NAME MESSAGE COMMAND...: the command exits 2, before starting
# anything, with MESSAGE on stderr.
refuse() {
    name=$1
    want=$2
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
    if [ $status -ne 2 ] || ! grep -qF -- "$want" "$tmp/err" ||
        [ -s "$tmp/out" ]; then
        echo "FAIL: $name: exit status $status, wanted 2 and '$want'"
        cat "$tmp/out" "$tmp/err"
        fail=1
        return
    fi
    echo "ok: $name"
}

refuse "an unknown test" "unknown test 'nosuchtest'" \
    "$b/mpmgr-benchmark" -t nosuchtest
refuse "a word for a count" "bad -c 'abc': expected an integer from 1 to" \
    "$b/mpmgr-benchmark" -c abc
refuse "a count with a suffix" "bad -n '10x'" "$b/mpmgr-benchmark" -n 10x
refuse "a negative depth" "bad -P '-1'" "$b/mpmgr-benchmark" -P -1
refuse "a value too large" "bad -d '99999999999'" \
    "$b/mpmgr-benchmark" -d 99999999999
refuse "fewer requests than clients" "-n 10 is fewer requests than the 20" \
    "$b/mpmgr-benchmark" -n 10 -c 20
refuse "a stray argument" "unexpected argument 'setitem'" \
    "$b/mpmgr-benchmark" setitem
refuse "pingpong: a word for a time" "bad --busy-poll 'soon'" \
    "$b/pingpong" --busy-poll soon
refuse "pingpong: a round trip too large" "exceed the 131072 bytes" \
    "$b/pingpong" -P 100000 -s 64
exit $fail
