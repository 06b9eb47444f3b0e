#!/bin/sh
# mpmgrd's command line: --help, --version, and the errors a person gets
# for bad options.  Run by make check with MPMGRD set to the build tree's
# server.
set -u
server=${MPMGRD:-../server/mpmgrd}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# expect STATUS PATTERN -- ARGS: run the server, check its exit status and
# that its output (stdout and stderr) matches PATTERN.  A server that
# takes a bad option and starts is stopped after 10 s (exit 124).
expect() {
    want=$1 pattern=$2
    shift 3
    timeout 10 "$server" "$@" >"$dir/out" 2>&1
    got=$?
    [ "$got" = "$want" ] || fail "mpmgrd $*: exit $got, expected $want"
    grep -q -e "$pattern" "$dir/out" \
        || fail "mpmgrd $*: output lacks '$pattern': $(cat "$dir/out")"
}

expect 0 '^usage: mpmgrd' -- --help
expect 0 '--max-message BYTES' -- -h
expect 0 '^mpmgrd 0\.1\.0 (protocol 1)$' -- --version
expect 2 'unrecognized option' -- --no-such-option
expect 2 "bad --max-depth '0'" -- --max-depth 0
expect 2 "bad --max-depth '5000'" -- --max-depth 5000
expect 2 "bad --max-message 'lots'" -- --max-message lots
expect 2 "bad --max-message ' -5'" -- --max-message ' -5'
expect 2 "bad --max-message '+5'" -- --max-message +5
expect 2 "bad --max-message '1.5M'" -- --max-message 1.5M
expect 2 "bad --max-message '5T'" -- --max-message 5T
expect 2 "bad --max-message '0'" -- --max-message 0
expect 2 "bad --max-clients '-1'" -- --max-clients -1
expect 2 "bad --max-memory 'lots'" -- --max-memory lots
expect 0 '--max-memory BYTES' -- --help
expect 2 "bad --auth-timeout ' 5'" -- --auth-timeout ' 5'
expect 2 "bad --auth-timeout 'inf'" -- --auth-timeout inf
expect 2 "bad --auth-timeout '0x10'" -- --auth-timeout 0x10
expect 2 "bad --auth-timeout '0'" -- --auth-timeout 0
expect 2 "bad --busy-poll '-1'" -- --busy-poll -1
expect 2 "bad --busy-poll 'soon'" -- --busy-poll soon
expect 2 "bad --busy-poll '1000001'" -- --busy-poll 1000001
expect 0 '--busy-poll USEC' -- --help
expect 0 '--remove-dir' -- --help
expect 2 "unexpected argument 'extra'" -- extra
expect 2 "bad --listen 'tcp:localhost:99999': bad port" -- \
    --listen tcp:localhost:99999
expect 2 "bad --listen 'foo': bad address" -- --listen foo
expect 2 "bad --listen 'unix:': empty socket path" -- --listen unix:
expect 2 "bad --listen 'unix:$dir/twice.sock': given twice" -- \
    --listen "$dir/twice.sock" --listen "unix:$dir/twice.sock"
expect 1 'refusing to listen on tcp:127.0.0.1:0 without an authkey' \
    -- --listen tcp:127.0.0.1:0
expect 1 "cannot open authkey file $dir/none" -- -k "$dir/none" \
    --listen "$dir/s.sock"
: >"$dir/empty"
expect 1 'is empty' -- -k "$dir/empty" --listen "$dir/s.sock"
: >"$dir/file"
expect 1 'exists and is not a socket' -- --listen "$dir/file"
# A start that fails after the first socket is made takes that socket
# with it: a later address that cannot be used, a bad --ready-fd.
expect 1 'exists and is not a socket' -- --listen "$dir/first.sock" \
    --listen "$dir/file"
[ -e "$dir/first.sock" ] && fail "a failed start left $dir/first.sock"
expect 1 'ready-fd 99' -- --listen "$dir/first.sock" --ready-fd 99
[ -e "$dir/first.sock" ] && fail "a bad --ready-fd left $dir/first.sock"

cli=${MPMGR_CLI:-../cli/mpmgr}

# Servers for the checks below, each on its own socket and log.
start_server() { # NAME ARGS...: start mpmgrd on $dir/NAME.sock, set $pid
    name=$1
    shift
    : >"$dir/$name.ready"
    "$server" "$@" --listen "$dir/$name.sock" --ready-fd 3 \
        3>"$dir/$name.ready" 2>>"$dir/$name.log" &
    pid=$!
    for _ in $(seq 100); do
        [ -s "$dir/$name.ready" ] && break
        sleep 0.05
    done
}
stop_server() { # WHAT: SIGTERM the server $pid; it must exit 0
    kill -TERM "$pid"
    wait "$pid" || fail "$1 did not exit 0"
}
cpu_ticks() { # PID: user plus system ticks so far
    awk '{ print $14 + $15 }' "/proc/$1/stat"
}
ticks_over() { # PID SECONDS: ticks the process used in the next SECONDS
    t0=$(cpu_ticks "$1")
    sleep "$2"
    echo $(($(cpu_ticks "$1") - t0))
}

# -v shows debug lines: a session's start and end.
start_server v -v
grep -q '^ready unix:' "$dir/v.ready" || fail "--ready-fd: $(cat "$dir/v.ready")"
"$cli" -a "unix:$dir/v.sock" ping >/dev/null || fail "ping the -v server"
stop_server "-v server"
grep -q ' info: mpmgrd 0.1.0 ready' "$dir/v.log" || fail "-v: no ready line"
grep -q ' debug: session 1: connected' "$dir/v.log" \
    || fail "-v: no debug line for the session: $(cat "$dir/v.log")"

# --max-message takes a size with a unit: 1KiB is 1024 bytes.
start_server size --max-message 1KiB
pad() { # N: a ping whose line is about N bytes long
    printf '{"pad":"%*s"}' "$1" ''
}
"$cli" -a "unix:$dir/size.sock" call server.ping "$(pad 900)" \
    >"$dir/size.out" 2>&1
grep -q "InvalidParams: unknown parameter 'pad'" "$dir/size.out" \
    || fail "--max-message 1KiB, 900 bytes: $(cat "$dir/size.out")"
"$cli" -a "unix:$dir/size.sock" call server.ping "$(pad 1100)" \
    >"$dir/size.out" 2>&1
grep -q "LimitExceeded: message longer than 1024 bytes" "$dir/size.out" \
    || fail "--max-message 1KiB, 1100 bytes: $(cat "$dir/size.out")"
stop_server "--max-message 1KiB server"

# --busy-poll: after a request the server polls (uses CPU) for the window,
# then sleeps (uses none); SIGTERM stops it while it polls.  CPU time is
# read in clock ticks from /proc; the bounds are far from both sides.
hz=$(getconf CLK_TCK)

start_server idle
"$cli" -a "unix:$dir/idle.sock" ping >/dev/null || fail "ping, default poll"
sleep 0.2
used=$(ticks_over "$pid" 1)
[ "$used" -le $((hz / 5)) ] \
    || fail "default --busy-poll: idle server used $used of $hz ticks in 1 s"
stop_server "default --busy-poll server"

start_server poll --busy-poll 1000000
"$cli" -a "unix:$dir/poll.sock" ping >/dev/null || fail "ping, 1 s poll"
used=$(ticks_over "$pid" 0.5)
[ "$used" -ge $((hz / 10)) ] \
    || fail "--busy-poll 1000000: used only $used ticks in its 1 s window"
sleep 0.8
used=$(ticks_over "$pid" 1)
[ "$used" -le $((hz / 5)) ] \
    || fail "--busy-poll 1000000: used $used of $hz ticks after the window"
"$cli" -a "unix:$dir/poll.sock" ping >/dev/null || fail "ping after the poll"
stop_server "--busy-poll server stopped while polling"

start_server sleep --busy-poll 0
"$cli" -a "unix:$dir/sleep.sock" ping >/dev/null || fail "ping, --busy-poll 0"
used=$(ticks_over "$pid" 0.5)
[ "$used" -le $((hz / 10)) ] \
    || fail "--busy-poll 0: used $used ticks in 0.5 s after a request"
stop_server "--busy-poll 0 server"

# --remove-dir takes each socket's directory with the socket when that
# leaves it empty.  $dir itself, which holds the logs, stays; so does a
# directory without the option.
mkdir "$dir/own" "$dir/shared" "$dir/kept"
: >"$dir/shared/other"
start_server rmdir --remove-dir --listen "$dir/own/s.sock" \
    --listen "$dir/shared/s.sock"
[ -S "$dir/own/s.sock" ] || fail "--remove-dir: no socket in $dir/own"
stop_server "--remove-dir server"
[ -e "$dir/own" ] && fail "--remove-dir left $dir/own behind"
[ -e "$dir/shared/s.sock" ] && fail "--remove-dir left $dir/shared/s.sock"
[ -e "$dir/shared/other" ] || fail "--remove-dir removed $dir/shared/other"
[ -e "$dir/rmdir.log" ] || fail "--remove-dir removed the logs' directory"
start_server kept --listen "$dir/kept/s.sock"
stop_server "server without --remove-dir"
[ -d "$dir/kept" ] || fail "no --remove-dir, yet $dir/kept is gone"
[ -e "$dir/kept/s.sock" ] && fail "no --remove-dir: the socket stayed"

# A TCP port another server holds: a clean exit 1 with the reason, and the
# Unix socket made before it is removed.
start_server tcpheld --insecure --listen tcp:127.0.0.1:0
port=$(sed -n 's/^.*listening on tcp:127\.0\.0\.1:\([0-9]*\)$/\1/p' \
    "$dir/tcpheld.log")
if [ -n "$port" ]; then
    expect 1 "cannot listen on tcp:127.0.0.1:$port: Address already in use" \
        -- --insecure --listen "$dir/first.sock" --listen "tcp:127.0.0.1:$port"
    [ -e "$dir/first.sock" ] && fail "a port in use left $dir/first.sock"
else
    fail "no TCP port in the log: $(cat "$dir/tcpheld.log")"
fi
stop_server "the server holding a TCP port"

[ "$failures" = 0 ] && echo "PASS: mpmgrd options"
exit "$failures"
