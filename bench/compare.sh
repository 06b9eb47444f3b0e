#!/bin/bash
# compare.sh: mpmgr side by side with Redis, Python's multiprocessing.Manager
# and a bare socket ping-pong, on one machine, over Unix sockets, with every
# server pinned to one CPU and every client to another.  Each measurement
# runs several times and the medians go into one Markdown table, followed by
# the targets of doc/performance.md, met or missed.
#
# Run it from a build directory (where bench/mpmgr-benchmark is), or say
# where that is with -b.  It needs taskset; redis-server and redis-benchmark
# (Debian's redis-server and redis-tools) and valgrind are used when found.

set -u

usage="usage: compare.sh [-h] [--quick] [-b BUILDDIR] [-o OUTDIR] [-r REPS]
                  [--only GROUPS] [--busy-poll USEC] [--spin USEC]
                  [--server-cpu N]
                  [--client-cpu N] [--no-redis] [--no-python] [--no-callgrind]"

help() {
    cat <<EOF
$usage

Runs the workloads of doc/performance.md on mpmgr (mpmgr-benchmark), Redis
(redis-benchmark against a private redis-server), Python's Manager
(bench/py_manager.py) and the ping-pong floor (pingpong), each REPS times,
and prints one table of medians: operations per second, p99 latency per
round trip in microseconds, and mpmgr's ratio to each system.

  -b BUILDDIR       the build tree (default: the current directory)
  -o OUTDIR         keep every raw result and log here (default: a new
                    directory under /tmp)
  -r REPS           runs per measurement (default 3; --quick: 1)
  --quick           a short smoke run: small counts, one run each
  --only GROUPS     only these groups of rows, a comma list of: single
                    (1 client), pipelined, clients (50 clients), other
                    (incr, append, pop, getmany), locks, pool (worker pool
                    and counter), memory, instructions; e.g. --only pool
                    -r 9 reads the pool with nine runs
  --busy-poll USEC  mpmgrd's --busy-poll, and the floor's echo server's
                    (default: mpmgrd's own default; 0 makes both sleep as
                    soon as they are idle, as Redis and Python do)
  --spin USEC       how long mpmgr's clients and the floor's watch for a
                    reply before they sleep (MPMGR_SPIN_USEC; default:
                    libmpmgr's own, 50; 0 makes both sleep at once, as
                    redis-benchmark and Python do)
  --server-cpu N    the CPU every server runs on (default 0)
  --client-cpu N    the CPU every client runs on (default 1)
  --no-redis        leave out the Redis column
  --no-python       leave out the Python column
  --no-callgrind    leave out the instruction counts
  -h, --help        show this help
EOF
}

srcdir=$(cd "$(dirname "$0")" && pwd)
builddir=.
outdir=
reps=
quick=0
scpu=0
ccpu=1
use_redis=1
use_python=1
use_callgrind=1
only=
busy_poll=

while [ $# -gt 0 ]; do
    case "$1" in
    -b) builddir=$2; shift 2 ;;
    -o) outdir=$2; shift 2 ;;
    -r) reps=$2; shift 2 ;;
    --quick) quick=1; shift ;;
    --only) only=$2; shift 2 ;;
    --busy-poll) busy_poll=$2; shift 2 ;;
    --spin) export MPMGR_SPIN_USEC=$2; shift 2 ;;
    --server-cpu) scpu=$2; shift 2 ;;
    --client-cpu) ccpu=$2; shift 2 ;;
    --no-redis) use_redis=0; shift ;;
    --no-python) use_python=0; shift ;;
    --no-callgrind) use_callgrind=0; shift ;;
    -h|--help) help; exit 0 ;;
    *) echo "$usage" >&2; exit 2 ;;
    esac
done

for g in $(echo "$only" | tr ',' ' '); do
    case $g in
    single|pipelined|clients|other|locks|pool|memory|instructions) ;;
    *) echo "compare.sh: --only: no group '$g'" >&2; echo "$usage" >&2; exit 2 ;;
    esac
done

builddir=$(cd "$builddir" && pwd)
BENCH=$builddir/bench/mpmgr-benchmark
PINGPONG=$builddir/bench/pingpong
MPMGRD=${MPMGRD:-$builddir/server/mpmgrd}
PYMGR=$srcdir/py_manager.py
CGDIFF=$srcdir/cgdiff.py
for f in "$BENCH" "$PINGPONG" "$MPMGRD"; do
    if [ ! -x "$f" ]; then
        echo "compare.sh: $f not found; run make first, or give -b BUILDDIR" >&2
        exit 2
    fi
done
# The floor waits as mpmgrd does: by default, as mpmgrd does by default.
if [ -z "$busy_poll" ]; then
    busy_poll=$("$MPMGRD" --help | sed -n 's/.*polling, not asleep (default \([0-9]*\);.*/\1/p')
    if [ -z "$busy_poll" ]; then
        echo "compare.sh: cannot read --busy-poll's default from $MPMGRD --help; give --busy-poll" >&2
        exit 2
    fi
fi
if ! command -v taskset >/dev/null; then
    echo "compare.sh: taskset is needed (util-linux)" >&2
    exit 2
fi
notes=()
if [ $use_redis = 1 ] && ! { command -v redis-server && command -v redis-benchmark \
        && command -v redis-cli; } >/dev/null; then
    notes+=("Redis: redis-server or redis-tools is not installed; no Redis column.")
    use_redis=0
fi
if [ $use_python = 1 ] && ! command -v python3 >/dev/null; then
    notes+=("Python: python3 is not installed; no Python column.")
    use_python=0
fi
if [ $use_callgrind = 1 ] && ! command -v valgrind >/dev/null; then
    notes+=("valgrind is not installed; no instruction counts.")
    use_callgrind=0
fi

# Sizes: enough for about two seconds a run on a small machine.
if [ $quick = 1 ]; then
    : "${reps:=1}"
    N_1=2000 N_PY1=1000 N_P16=20000 N_P100=50000 N_50=20000 N_PY50=2000
    N_50P16=50000 N_LOCK=1000 N_PYLOCK=500 POOL_C=32 POOL_N=6400
    CNT_C=8 CNT_N=1000 MEM_N=100000 CG_N1=500 CG_N2=2500 KEYS=10000
else
    : "${reps:=3}"
    N_1=20000 N_PY1=10000 N_P16=200000 N_P100=500000 N_50=200000
    N_PY50=20000 N_50P16=500000 N_LOCK=10000 N_PYLOCK=5000 POOL_C=32
    POOL_N=64000 CNT_C=8 CNT_N=10000 MEM_N=1000000 CG_N1=2000 CG_N2=12000
    KEYS=100000
fi

if [ -z "$outdir" ]; then
    outdir=$(mktemp -d /tmp/mpmgr-compare-XXXXXX)
else
    mkdir -p "$outdir"
fi
outdir=$(cd "$outdir" && pwd)
work=$(mktemp -d /tmp/mpmgr-cmp-XXXXXX)
results=$outdir/results.txt
: >"$results"
log=$outdir/log.txt
: >"$log"

# Servers we started, by pid, so that we stop exactly those.
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do
        kill -TERM "$p" 2>/dev/null
    done
    for p in "${pids[@]}"; do
        wait "$p" 2>/dev/null
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() {
    echo "$*" >&2
    echo "$* (load $(cut -d' ' -f1-3 /proc/loadavg))" >>"$log"
}

C() { taskset -c "$ccpu" "$@"; }

# ----------------------------------------------------------------------
# Servers
# ----------------------------------------------------------------------

# start_mpmgrd NAME BUSY_POLL [WRAPPER...]: start an mpmgrd on
# $work/NAME.sock with --busy-poll BUSY_POLL; sets $srv_pid.  Waits for its
# --ready-fd line.
start_mpmgrd() {
    local name=$1 poll=$2
    shift 2
    rm -f "$work/$name.sock" "$work/$name.ready"
    # Not through a function: $! must be the server's own pid (taskset and
    # valgrind exec what they run).
    taskset -c "$scpu" "$@" "$MPMGRD" --listen "unix:$work/$name.sock" \
        --busy-poll "$poll" --ready-fd 3 \
        3>"$work/$name.ready" 2>>"$outdir/$name.log" &
    srv_pid=$!
    pids+=("$srv_pid")
    wait_started "mpmgrd ($name)" "$name" grep -q '^ready' "$work/$name.ready"
}

# wait_started WHAT NAME CHECK...: poll CHECK for up to 30 s while the
# server $srv_pid lives; 0 once it succeeds.
wait_started() {
    local what=$1 name=$2 i
    shift 2
    for i in $(seq 600); do
        "$@" >/dev/null 2>&1 && return 0
        kill -0 "$srv_pid" 2>/dev/null || break
        sleep 0.05
    done
    say "$what did not start; see $outdir/$name.log"
    return 1
}

# start_redis NAME [WRAPPER...]: a private redis-server on $work/NAME.sock,
# no persistence; sets $srv_pid.
start_redis() {
    local name=$1
    shift
    rm -f "$work/$name.sock"
    taskset -c "$scpu" "$@" redis-server --port 0 --unixsocket "$work/$name.sock" \
        --unixsocketperm 700 --save '' --appendonly no --daemonize no \
        --logfile "$outdir/$name.log" >/dev/null 2>&1 &
    srv_pid=$!
    pids+=("$srv_pid")
    wait_started "redis-server ($name)" "$name" \
        redis-cli -s "$work/$name.sock" ping
}

# stop PID: stop one server we started and wait for it.
stop() {
    local p=$1 q keep=()
    kill -TERM "$p" 2>/dev/null
    wait "$p" 2>/dev/null
    for q in "${pids[@]}"; do
        [ "$q" != "$p" ] && keep+=("$q")
    done
    pids=("${keep[@]}")
}

rss_of() {
    awk '/^VmRSS:/ { print $2 * 1024 }' "/proc/$1/status"
}

# ----------------------------------------------------------------------
# Measuring
# ----------------------------------------------------------------------

# A CSV row's field N (1-based), quotes removed: the last row of stdin.
field() {
    tail -n 1 | awk -F'","' -v n="$1" '{ gsub(/^"|"$/, ""); print $n }'
}

median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}

# record ROW SYSTEM RPS P99 [BYTES]: one run's numbers ("-" for none).
record() {
    echo "$1 $2 ${3:--} ${4:--} ${5:--}" >>"$work/runs"
}

# run_mpmgr ROW ARGS...: mpmgr-benchmark against the shared server.
run_mpmgr() {
    local row=$1 out
    shift
    out=$(C "$BENCH" -a "unix:$work/mpmgr.sock" --csv "$@" 2>>"$log")
    echo "mpmgr $row: $out" >>"$log"
    record "$row" mpmgr "$(echo "$out" | field 3)" "$(echo "$out" | field 5)"
}

# run_redis ROW ARGS...: redis-benchmark against the shared redis-server.
run_redis() {
    local row=$1 out rps p99
    shift
    out=$(C redis-benchmark -s "$work/redis.sock" --csv "$@" 2>>"$log")
    echo "redis $row: $out" >>"$log"
    rps=$(echo "$out" | field 2)
    p99=$(echo "$out" | field 7)
    record "$row" redis "$rps" "$(awk -v v="$p99" 'BEGIN { if (v != "") print v * 1000 }')"
}

# run_python ROW ARGS...
run_python() {
    local row=$1 out
    shift
    out=$(python3 "$PYMGR" --csv --server-cpu "$scpu" --client-cpu "$ccpu" \
        "$@" 2>>"$log")
    echo "python $row: $out" >>"$log"
    record "$row" python "$(echo "$out" | field 3)" "$(echo "$out" | field 5)" \
        "$(echo "$out" | field 12)"
}

# run_floor ROW ARGS...
run_floor() {
    local row=$1 out
    shift
    out=$("$PINGPONG" --csv --server-cpu "$scpu" --client-cpu "$ccpu" \
        --busy-poll "$busy_poll" "$@" 2>>"$log")
    echo "pingpong $row: $out" >>"$log"
    record "$row" floor "$(echo "$out" | field 3)" "$(echo "$out" | field 5)"
}

# Rows of the table, in order, with their descriptions.
rows=()
declare -A desc
row() {
    rows+=("$1")
    desc[$1]=$2
}

# ----------------------------------------------------------------------
# The workloads
# ----------------------------------------------------------------------

row set1 "setitem, 1 client"
row get1 "getitem, 1 client"
row set1p16 "setitem, 1 client, depth 16"
row set1p100 "setitem, 1 client, depth 100"
row set50 "setitem, 50 clients"
row set50p16 "setitem, 50 clients, depth 16"
if [ $quick = 0 ]; then
    row set50p16lib "setitem, 50 clients, depth 16, mpmgr through libmpmgr"
    row incr50p16 "incr, 50 clients, depth 16"
    row append50p16 "append, 50 clients, depth 16"
    row pop50p16 "pop, 50 clients, depth 16"
    row getmany50p16 "getmany (10 keys), 50 clients, depth 16"
fi
row lock1 "lock acquire+release pairs, 1 client"
row pool "worker pool: $POOL_C procs x $((POOL_N / POOL_C)) entries"
row poolp100 "worker pool, mpmgr pipelined (depth 100)"
row poolupd100 "worker pool, mpmgr dict.update of 100 entries"
row poolbatch "worker pool, both update 100 entries per round trip"
row counter "shared counter: $CNT_C procs x $((CNT_N / CNT_C)) adds"

fill_redis_hash() {
    # Every key getitem may ask for: key:000000000000 .. KEYS-1.
    awk -v n="$KEYS" 'BEGIN {
        for (i = 0; i < n; i++) {
            k = sprintf("key:%012d", i)
            printf "*4\r\n$4\r\nHSET\r\n$1\r\nh\r\n$%d\r\n%s\r\n$3\r\nxxx\r\n",
                length(k), k
        }
    }' | C redis-cli -s "$work/redis.sock" --pipe >>"$log" 2>&1
}

# want GROUP: is GROUP among --only's (all are without it)?
want() {
    [ -z "$only" ] && return 0
    case ",$only," in *",$1,"*) return 0 ;; esac
    return 1
}

throughput_rows() {
    local r
    for r in $(seq "$reps"); do
        if want single; then
            say "run $r of $reps: 1 client"
            run_mpmgr set1 -c 1 -n $N_1 -t setitem -r $KEYS
            run_mpmgr get1 -c 1 -n $N_1 -t getitem -r $KEYS
            run_floor set1 -c 1 -n $N_1
            run_floor get1 -c 1 -n $N_1
            if [ $use_redis = 1 ]; then
                run_redis set1 -c 1 -n $N_1 -r $KEYS HSET h key:__rand_int__ xxx
                run_redis get1 -c 1 -n $N_1 -r $KEYS HGET h key:__rand_int__
            fi
            if [ $use_python = 1 ]; then
                run_python set1 -c 1 -n $N_PY1 -t setitem -r $KEYS
                run_python get1 -c 1 -n $N_PY1 -t getitem -r $KEYS
            fi
        fi

        if want pipelined; then
            say "run $r of $reps: pipelined"
            run_mpmgr set1p16 -c 1 -n $N_P16 -P 16 -t setitem -r $KEYS
            run_mpmgr set1p100 -c 1 -n $N_P100 -P 100 -t setitem -r $KEYS
            run_floor set1p16 -c 1 -n $N_P16 -P 16
            run_floor set1p100 -c 1 -n $N_P100 -P 100
            if [ $use_redis = 1 ]; then
                run_redis set1p16 -c 1 -n $N_P16 -P 16 -r $KEYS \
                    HSET h key:__rand_int__ xxx
                run_redis set1p100 -c 1 -n $N_P100 -P 100 -r $KEYS \
                    HSET h key:__rand_int__ xxx
            fi
        fi

        if want clients; then
            say "run $r of $reps: 50 clients"
            run_mpmgr set50 -c 50 -n $N_50 -t setitem -r $KEYS
            run_mpmgr set50p16 -c 50 -n $N_50P16 -P 16 -t setitem -r $KEYS
            run_floor set50 -c 50 -n $N_50
            run_floor set50p16 -c 50 -n $N_50P16 -P 16
            if [ $use_redis = 1 ]; then
                run_redis set50 -c 50 -n $N_50 -r $KEYS HSET h key:__rand_int__ xxx
                run_redis set50p16 -c 50 -n $N_50P16 -P 16 -r $KEYS \
                    HSET h key:__rand_int__ xxx
            fi
            if [ $use_python = 1 ]; then
                run_python set50 -c 50 -n $N_PY50 -t setitem -r $KEYS
            fi
        fi

        if want other; then
            if [ $quick = 0 ]; then
                say "run $r of $reps: other operations"
                out=$(C "$BENCH" -a "unix:$work/mpmgr.sock" --csv --lib -c 50 \
                    -n $N_50P16 -P 16 -t setitem -r $KEYS 2>>"$log")
                echo "mpmgr set50p16lib: $out" >>"$log"
                record set50p16lib mpmgr "$(echo "$out" | field 3)" \
                    "$(echo "$out" | field 5)"
                # Against the same Redis run as the row above.
                grep "^set50p16 redis " "$work/runs" | tail -n 1 \
                    | sed 's/^set50p16 /set50p16lib /' >>"$work/runs"
                run_mpmgr incr50p16 -c 50 -n $N_50P16 -P 16 -t incr -r $KEYS
                run_mpmgr append50p16 -c 50 -n $N_50P16 -P 16 -t append
                run_mpmgr pop50p16 -c 50 -n $N_50P16 -P 16 -t pop
                run_mpmgr getmany50p16 -c 50 -n $N_P16 -P 16 -t getmany -r $KEYS
                if [ $use_redis = 1 ]; then
                    run_redis incr50p16 -c 50 -n $N_50P16 -P 16 -r $KEYS \
                        HINCRBY h counter:__rand_int__ 1
                    run_redis append50p16 -c 50 -n $N_50P16 -P 16 RPUSH mylist xxx
                    run_redis pop50p16 -c 50 -n $N_50P16 -P 16 RPOP mylist
                    run_redis getmany50p16 -c 50 -n $N_P16 -P 16 -r $KEYS HMGET h \
                        key:__rand_int__ key:__rand_int__ key:__rand_int__ \
                        key:__rand_int__ key:__rand_int__ key:__rand_int__ \
                        key:__rand_int__ key:__rand_int__ key:__rand_int__ \
                        key:__rand_int__
                fi
            fi
        fi

        if want locks; then
            say "run $r of $reps: locks"
            run_mpmgr lock1 -c 1 -n $N_LOCK -t lock
            if [ $use_redis = 1 ]; then
                # Redis has no lock: SET NX then DEL, as two round trips, each
                # measured on its own and added up.
                local a b pa pb out
                out=$(C redis-benchmark -s "$work/redis.sock" --csv -c 1 \
                    -n $N_LOCK SET lock 1 NX 2>>"$log")
                a=$(echo "$out" | field 2)
                pa=$(echo "$out" | field 7)
                out=$(C redis-benchmark -s "$work/redis.sock" --csv -c 1 \
                    -n $N_LOCK DEL lock 2>>"$log")
                b=$(echo "$out" | field 2)
                pb=$(echo "$out" | field 7)
                echo "redis lock1: SET NX $a/s p99 $pa ms, DEL $b/s p99 $pb ms" >>"$log"
                record lock1 redis \
                    "$(awk -v a="$a" -v b="$b" 'BEGIN { if (a > 0 && b > 0) print 1 / (1 / a + 1 / b) }')" \
                    "$(awk -v a="$pa" -v b="$pb" 'BEGIN { if (a != "") print (a + b) * 1000 }')"
            fi
            if [ $use_python = 1 ]; then
                run_python lock1 -c 1 -n $N_PYLOCK -t lock
            fi
        fi

        if want pool; then
            say "run $r of $reps: worker pool and counter"
            run_mpmgr pool -c $POOL_C -n $POOL_N -t pool
            run_mpmgr poolp100 -c $POOL_C -n $POOL_N -P 100 -t pool
            run_mpmgr poolupd100 -c $POOL_C -n $POOL_N -P 100 -t poolupdate
            grep "^poolupd100 mpmgr " "$work/runs" | tail -n 1 \
                | sed 's/^poolupd100 /poolbatch /' >>"$work/runs"
            # A reference for one round trip per entry: as many echo clients.
            run_floor pool -c $POOL_C -n $POOL_N
            run_mpmgr counter -c $CNT_C -n $CNT_N -t counter
            if [ $use_redis = 1 ]; then
                run_redis pool -c $POOL_C -n $POOL_N -r 1000000000 \
                    HSET pool __rand_int__ 1
                run_redis poolp100 -c $POOL_C -n $POOL_N -P 100 -r 1000000000 \
                    HSET pool __rand_int__ 1
                grep "^poolp100 redis " "$work/runs" | tail -n 1 \
                    | sed 's/^poolp100 /poolbatch /' >>"$work/runs"
                run_redis counter -c $CNT_C -n $CNT_N HINCRBY counter n 1
            fi
            if [ $use_python = 1 ]; then
                run_python pool -c $POOL_C -n $POOL_N -t pool
                for b in poolp100 poolupd100; do
                    record $b python "$(grep '^pool python ' "$work/runs" | tail -n 1 | awk '{ print $3 }')" \
                        "$(grep '^pool python ' "$work/runs" | tail -n 1 | awk '{ print $4 }')"
                done
                run_python poolbatch -c $POOL_C -n $POOL_N -t poolbatch --batch 100
                run_python counter -c $CNT_C -n $CNT_N -t counter
            fi
        fi
    done
}

memory_rows() {
    local r out before after
    for r in $(seq "$reps"); do
        say "run $r of $reps: memory, $MEM_N entries"
        if start_mpmgrd mpmgr-mem "$busy_poll"; then
            out=$(C "$BENCH" -a "unix:$work/mpmgr-mem.sock" --csv -n $MEM_N \
                -t memory 2>>"$log")
            echo "mpmgr memory: $out" >>"$log"
            record memory mpmgr "" "" "$(echo "$out" | field 12)"
            stop "$srv_pid"
        fi
        if [ $use_redis = 1 ] && start_redis redis-mem; then
            before=$(rss_of "$srv_pid")
            awk -v n="$MEM_N" 'BEGIN {
                for (i = 0; i < n; i++)
                    printf "*4\r\n$4\r\nHSET\r\n$1\r\nh\r\n$%d\r\n%d\r\n$%d\r\n%d\r\n",
                        length(i ""), i, length(i ""), i
            }' | C redis-cli -s "$work/redis-mem.sock" --pipe >>"$log" 2>&1
            after=$(rss_of "$srv_pid")
            echo "redis memory: $before -> $after" >>"$log"
            record memory redis "" "" \
                "$(awk -v a="$after" -v b="$before" -v n="$MEM_N" 'BEGIN { print (a - b) / n }')"
            stop "$srv_pid"
        fi
        if [ $use_python = 1 ]; then
            run_python memory -n $MEM_N -t memory
        fi
    done
}

# cg_run KIND N: one server run under callgrind serving N setitem requests
# from one client; KIND is mpmgr or redis.
cg_run() {
    local kind=$1 n=$2 cg
    cg="valgrind --tool=callgrind --callgrind-out-file=$outdir/callgrind.$kind.$n.out"
    if [ "$kind" = mpmgr ]; then
        # No polling here: callgrind would count the instructions of the
        # wait between requests, which depend on time, not on the request.
        start_mpmgrd mpmgr-cg 0 $cg || return 1
        C "$BENCH" -a "unix:$work/mpmgr-cg.sock" -c 1 -n "$n" -t setitem \
            -r $KEYS >>"$log" 2>&1
    else
        start_redis redis-cg $cg || return 1
        C redis-benchmark -s "$work/redis-cg.sock" -c 1 -n "$n" -r $KEYS \
            --csv HSET h key:__rand_int__ xxx >>"$log" 2>&1
    fi
    stop "$srv_pid"
}

callgrind_rows() {
    local kind per excl
    row instr "server instructions per setitem (HSET)"
    for kind in mpmgr redis; do
        [ $kind = redis ] && [ $use_redis = 0 ] && continue
        say "callgrind: $kind, $CG_N1 and $CG_N2 requests"
        cg_run $kind $CG_N1 && cg_run $kind $CG_N2 || continue
        # Left out of the count: Redis's serverCron runs by the clock (10
        # times a second), not per request, and runs more often the slower
        # valgrind makes it.
        # mpmgrd frees the benchmark's dict when its last session ends,
        # a cost that grows with the keys stored (Redis just exits).
        excl=(--exclude dict_destroy)
        [ $kind = redis ] && excl=(--exclude serverCron)
        per=$(python3 "$CGDIFF" "${excl[@]}" \
            "$outdir/callgrind.$kind.$CG_N1.out" $CG_N1 \
            "$outdir/callgrind.$kind.$CG_N2.out" $CG_N2 2>>"$log")
        record instr $kind "" "" "$per"
        python3 "$CGDIFF" --top 40 "$outdir/callgrind.$kind.$CG_N1.out" \
            $CG_N1 "$outdir/callgrind.$kind.$CG_N2.out" $CG_N2 \
            >"$outdir/profile-$kind-inclusive.txt" 2>>"$log"
        python3 "$CGDIFF" --self --top 40 --calls 20 \
            "$outdir/callgrind.$kind.$CG_N1.out" $CG_N1 \
            "$outdir/callgrind.$kind.$CG_N2.out" $CG_N2 \
            >"$outdir/profile-$kind-self.txt" 2>>"$log"
    done
}

# ----------------------------------------------------------------------
# The run
# ----------------------------------------------------------------------

started=$(date +%s)
: >"$work/runs"
{
    echo "# mpmgr compare.sh, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "- machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1)," \
        "$(nproc) CPUs, $(uname -sr)"
    echo "- mpmgr: $(git -C "$srcdir" describe --always --dirty 2>/dev/null || echo unknown)," \
        "server $MPMGRD"
    [ $use_redis = 1 ] && echo "- $(redis-server --version | cut -d' ' -f1-3)"
    [ $use_python = 1 ] && echo "- $(python3 --version)"
    echo "- servers on CPU $scpu, clients on CPU $ccpu; $reps run(s) each," \
        "medians; quick=$quick"
    echo "- mpmgrd and the floor's echo server: --busy-poll $busy_poll"
    echo "- mpmgr's clients and the floor's: MPMGR_SPIN_USEC ${MPMGR_SPIN_USEC:-unset (50)}"
} >"$outdir/header.md"
cat "$outdir/header.md" >&2

if ! start_mpmgrd mpmgr "$busy_poll"; then
    exit 1
fi
mpmgr_pid=$srv_pid
if [ $use_redis = 1 ]; then
    if start_redis redis; then
        redis_pid=$srv_pid
        fill_redis_hash
    else
        use_redis=0
        notes+=("Redis: redis-server did not start; no Redis column.")
    fi
fi

throughput_rows
stop "$mpmgr_pid"
[ $use_redis = 1 ] && stop "$redis_pid"
row memory "memory per entry ($MEM_N int keys and values), bytes"
want memory && memory_rows
[ $use_callgrind = 1 ] && want instructions && callgrind_rows

# ----------------------------------------------------------------------
# The table
# ----------------------------------------------------------------------

# med ROW SYSTEM FIELD: the median of one column of a cell (3 rps, 4 p99,
# 5 bytes or instructions).
med() {
    awk -v r="$1" -v s="$2" -v f="$3" '$1 == r && $2 == s && $f != "-" { print $f }' \
        "$work/runs" | median
}

fmt() {
    # Numbers as a table shows them: rates and counts rounded, small ones
    # with a decimal.
    awk -v v="$1" 'BEGIN {
        if (v == "") { print ""; exit }
        if (v >= 100) printf "%.0f\n", v; else printf "%.1f\n", v
    }'
}

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b != "" && b > 0) printf "%.2fx\n", a / b }'
}

table() {
    local r m mp re rp py pp fl fp f
    echo "| workload | mpmgr ops/s | p99 us | Redis ops/s | p99 us | mpmgr/Redis | Python ops/s | p99 us | mpmgr/Python | floor ops/s | p99 us | mpmgr/floor |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for r in "${rows[@]}"; do
        if [ "$r" = memory ] || [ "$r" = instr ]; then
            f=5
        else
            f=3
        fi
        m=$(med "$r" mpmgr $f)
        mp=$(med "$r" mpmgr 4)
        re=$(med "$r" redis $f)
        rp=$(med "$r" redis 4)
        py=$(med "$r" python $f)
        pp=$(med "$r" python 4)
        fl=$(med "$r" floor $f)
        fp=$(med "$r" floor 4)
        [ -z "$m$re$py$fl" ] && continue # a group --only left out
        echo "| ${desc[$r]} | $(fmt "$m") | $(fmt "$mp") | $(fmt "$re") | $(fmt "$rp") | $(ratio "$m" "$re") | $(fmt "$py") | $(fmt "$pp") | $(ratio "$m" "$py") | $(fmt "$fl") | $(fmt "$fp") | $(ratio "$m" "$fl") |"
        # Keep the medians for the targets.
        echo "$r ${m:--} ${re:--} ${py:--} ${fl:--}" >>"$work/medians"
    done
}

# pool_reference: the echo server with the pool's clients against Python's
# pool, for reading the one-round-trip-per-entry target.
pool_reference() {
    awk '$1 == "pool" && $4 != "-" && $5 != "-" { print $5 / $4 }' \
        "$work/medians" | awk '{
        printf "| (reference) ping-pong at the pool'"'"'s clients vs Python'"'"'s pool | %.2fx | | not a target |\n", $1
    }'
}

# target TEXT ROW SYSTEM OP LIMIT: compare mpmgr's median with another's.
target() {
    local text=$1 r=$2 sys=$3 op=$4 limit=$5 m o col
    case $sys in redis) col=3 ;; python) col=4 ;; floor) col=5 ;; esac
    m=$(awk -v r="$r" '$1 == r { print $2 }' "$work/medians")

    o=$(awk -v r="$r" -v c="$col" '$1 == r { print $c }' "$work/medians")
    if [ -z "$m" ] || [ -z "$o" ] || [ "$m" = - ] || [ "$o" = - ]; then
        echo "| $text | | | not measured |"
        return
    fi
    awk -v t="$text" -v m="$m" -v o="$o" -v op="$op" -v l="$limit" 'BEGIN {
        x = m / o
        ok = (op == ">=") ? (x >= l) : (x <= l)
        printf "| %s | %.2fx | %s %s | %s |\n", t, x, op, l, ok ? "met" : "MISSED"
    }'
}

: >"$work/medians"
{
    cat "$outdir/header.md"
    echo
    table
    echo
    echo "Ratios are mpmgr divided by the other system: for rates higher is"
    echo "better for mpmgr; for memory and instructions lower is."
    echo
    echo "| target | ratio | wanted | |"
    echo "|---|---:|---:|---|"
    target "1 client setitem vs Redis" set1 redis ">=" 1.0
    target "1 client getitem vs Redis" get1 redis ">=" 1.0
    target "1 client setitem vs ping-pong floor" set1 floor ">=" 0.8
    target "1 client getitem vs ping-pong floor" get1 floor ">=" 0.8
    target "depth 100, 1 client vs Redis" set1p100 redis ">=" 0.5
    target "50 clients at depth 16 vs Redis" set50p16 redis ">=" 0.5
    target "instructions per setitem vs Redis HSET" instr redis "<=" 3.0
    target "worker pool vs Python (one round trip per entry)" pool python ">=" 5.0
    target "worker pool vs Python (mpmgr pipelined)" poolp100 python ">=" 5.0
    target "worker pool vs Python (mpmgr dict.update of 100)" poolupd100 python ">=" 5.0
    target "worker pool vs Python (both update 100 per round trip)" poolbatch python ">=" 5.0
    pool_reference
    target "shared counter vs Python" counter python ">=" 5.0
    target "lock pairs vs Python" lock1 python ">=" 1.0
    target "memory per entry vs Python" memory python "<=" 1.0
    echo
    echo "Notes:"
    echo "- Latency is per round trip (a whole pipeline at depth > 1);"
    echo "  Redis's p99 is redis-benchmark's, per request."
    echo "- Python's Manager has no pipelining: its cells in pipelined rows"
    echo "  are empty, and the pipelined and dict.update worker-pool rows"
    echo "  compare with its one-round-trip-per-entry pool.  The last pool"
    echo "  row gives both the same round trips: mpmgr's dict.update run"
    echo "  against Python's workers sending d.update() of 100 entries."
    echo "- The pool's floor is bench/pingpong with as many forked clients,"
    echo "  the same round trips with no server work; the (reference) line"
    echo "  sets it against Python's pool.  Like every many-client floor it"
    echo "  is a reference, not a ceiling (see the last note)."
    echo "- Redis has no lock: the lock row is SET lock 1 NX plus DEL lock,"
    echo "  measured as separate runs and combined (1/(1/a+1/b); p99 summed)."
    echo "- Worker pool and counter: mpmgr and Python fork their workers"
    echo "  inside the timed span; Redis is redis-benchmark with as many"
    echo "  connections (HSET of random keys; HINCRBY), with no fork."
    echo "  Python's counter is \`with lock: d['n'] += 1\` (four round trips),"
    echo "  mpmgr's is dict.incr (one)."
    echo "- Memory: resident memory of the server before and after the"
    echo "  inserts, divided by the entries (mpmgr: server.info memory_bytes;"
    echo "  Redis and Python: VmRSS)."
    echo "- Instructions: callgrind on the server, $CG_N2 minus $CG_N1"
    echo "  requests from one client, so start-up cancels; Redis without"
    echo "  serverCron, its clock-driven timer, and mpmgrd without freeing"
    echo "  the dict when the benchmark disconnects.  Profiles in"
    echo "  $outdir/profile-*.txt."
    echo "- The floor is bench/pingpong: an echo server answering 64-byte"
    echo "  messages, at the same clients and depth, that waits for them as"
    echo "  mpmgrd does (--busy-poll $busy_poll: after a message it polls"
    echo "  that many microseconds before it sleeps; Redis and Python"
    echo "  sleep at once), and whose client waits for replies as libmpmgr"
    echo "  does (MPMGR_SPIN_USEC, libmpmgr(3)).  It bounds one client;"
    echo "  with many clients an echo server that idles between messages"
    echo "  pays a wake-up for each, so there it is a reference, not a"
    echo "  ceiling."
    for n in "${notes[@]}"; do
        echo "- $n"
    done
    if [ -s "$outdir/profile-mpmgr-self.txt" ]; then
        echo
        echo "mpmgrd per setitem at depth 1, self cost and calls"
        echo "(callgrind, $outdir/profile-mpmgr-*.txt):"
        echo
        sed -n '2,16p' "$outdir/profile-mpmgr-self.txt" | sed 's/^/    /'
        echo "    ..."
        sed -n '/^calls/,$p' "$outdir/profile-mpmgr-self.txt" | head -n 8 \
            | sed 's/^/    /'
    fi
    echo
    echo "Full run took $(( $(date +%s) - started )) s; raw results in $outdir."
} | tee "$outdir/table.md"
