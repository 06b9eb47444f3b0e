# example-lib.sh: sourced by the example-*.sh tests.  Runs an example from
# the build tree and compares what it prints.

ex=${MPMGR_EXAMPLES:-../examples}

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
