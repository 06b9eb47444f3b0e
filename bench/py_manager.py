#!/usr/bin/env python3
"""py_manager.py: Python's multiprocessing.Manager() doing the workloads of
mpmgr-benchmark, with the standard library only, printing the same rows
(mpmgr-benchmark --csv format) so that bench/compare.sh can set them side
by side.

Python's proxies have no pipelining: every operation is one round trip
over the manager's Unix socket, so there is no -P.

Tests:
  setitem   d[key] = value on a Manager().dict(), random keys as
            mpmgr-benchmark's (key:NNNNNNNNNNNN, -r KEYSPACE)
  getitem   d[key] (the keys are filled first)
  append    l.append(value) on a Manager().list()
  pop       l.pop() (the list is filled first)
  lock      lk.acquire(); lk.release() on a Manager().Lock(): two round
            trips per pair
  pool      a fork Pool of -c processes, each writing its share of -n
            (pid, i)-keyed entries into one Manager().dict(); timed from
            creating the pool to joining it
  poolbatch the same pool, each worker sending its entries with d.update()
            of --batch entries at a time (one round trip per batch)
  counter   -c processes adding 1 with `with lock: d['n'] += 1` (four
            round trips each), -n in all; the total is checked
  memory    -n int keys with int values into a Manager().dict() (by
            d.update in chunks of 10,000), the manager process's resident
            memory (VmRSS) before and after, per entry
"""

import argparse
import array
import math
import multiprocessing
import os
import random
import sys
import time

HEADER = ('"system","test","rps","p50_us","p99_us","p999_us","requests",'
          '"clients","depth","seconds","errors","bytes_per_entry",'
          '"client_cpu_us"')

CTX = multiprocessing.get_context("fork")


def rss_bytes(pid):
    """Resident memory of process PID, from /proc."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def pin(cpu):
    if cpu is not None and cpu >= 0:
        os.sched_setaffinity(0, {cpu})


def percentile(sorted_ns, p):
    """Nearest-rank percentile P (0..1) of sorted samples, in us."""
    if not sorted_ns:
        return float("nan")
    i = max(0, min(len(sorted_ns) - 1, math.ceil(p * len(sorted_ns)) - 1))
    return sorted_ns[i] / 1e3


def children_cpu():
    t = os.times()
    return t.children_user + t.children_system


class Printer:
    def __init__(self, csv):
        self.csv = csv
        self.header_done = False

    def row(self, test, requests, clients, seconds, lat_ns, errors=0,
            bytes_per_entry=None, client_cpu_s=None, rps=None, depth=1):
        lat = sorted(lat_ns)
        p50, p99, p999 = (percentile(lat, q) for q in (0.5, 0.99, 0.999))
        if rps is None:
            rps = requests / seconds if seconds > 0 else 0.0
        cpu_us = (client_cpu_s * 1e6 / requests
                  if client_cpu_s is not None and requests else None)

        def num(v, d=1):
            return "" if v is None or v != v else "%.*f" % (d, v)

        if self.csv:
            if not self.header_done:
                print(HEADER)
                self.header_done = True
            print('"python","%s","%s","%s","%s","%s","%d","%d","%d","%.3f",'
                  '"%d","%s","%s"' % (test, num(rps), num(p50), num(p99),
                                      num(p999), requests, clients, depth,
                                      seconds, errors, num(bytes_per_entry),
                                      num(cpu_us, 2)))
        else:
            line = "%-10s %9d ops  %2d client%s  depth %-4d %10.0f ops/s" % (
                test, requests, clients, " " if clients == 1 else "s", depth,
                rps)
            if lat:
                line += "  p50 %7.1f  p99 %7.1f  p99.9 %7.1f us" % (
                    p50, p99, p999)
            if cpu_us is not None:
                line += "  client cpu %.2f us/op" % cpu_us
            if bytes_per_entry is not None:
                line += "  %.1f bytes/entry" % bytes_per_entry
            if errors:
                line += "  %d errors" % errors
            print(line)
        sys.stdout.flush()


def share(total, n, idx):
    return total // n + (1 if idx < total % n else 0)


def keyname(rng, keyspace):
    return "key:%012d" % (rng.randrange(keyspace) if keyspace > 0 else 0)


def request_client(idx, args, test, d, lst, lk, ready, go, results):
    """One client process of a request test: warm up, wait, run, report."""
    pin(args.client_cpu)
    ops = share(args.requests, args.clients, idx)
    rng = random.Random(os.getpid() * 7919 + idx)
    value = "x" * args.data_size
    lat = array.array("q")
    now = time.monotonic_ns
    errors = 0
    # The first call on a proxy in a child opens its connection.
    if test in ("setitem", "getitem"):
        len(d)
    elif test in ("append", "pop"):
        len(lst)
    else:
        lk.acquire()
        lk.release()
    ready.release()
    go.wait()
    t_start = now()
    for _ in range(ops):
        try:
            if test == "setitem":
                k = keyname(rng, args.keyspace)
                t0 = now()
                d[k] = value
                lat.append(now() - t0)
            elif test == "getitem":
                k = keyname(rng, args.keyspace)
                t0 = now()
                d[k]
                lat.append(now() - t0)
            elif test == "append":
                t0 = now()
                lst.append(value)
                lat.append(now() - t0)
            elif test == "pop":
                t0 = now()
                lst.pop()
                lat.append(now() - t0)
            elif test == "lock":
                t0 = now()
                lk.acquire()
                t1 = now()
                lk.release()
                t2 = now()
                lat.append(t1 - t0)
                lat.append(t2 - t1)
        except Exception:
            errors += 1
    t_end = now()
    results.put((idx, ops, errors, t_start, t_end, lat.tobytes()))


def request_test(args, mgr, test, printer):
    d = mgr.dict()
    lst = mgr.list()
    lk = mgr.Lock()
    value = "x" * args.data_size
    if test == "getitem":
        n = args.keyspace if args.keyspace > 0 else 1
        for start in range(0, n, 10000):
            d.update({"key:%012d" % i: value
                      for i in range(start, min(n, start + 10000))})
    if test == "pop":
        for start in range(0, args.requests, 10000):
            lst.extend([value] * min(10000, args.requests - start))
    ready = CTX.Semaphore(0)
    go = CTX.Event()
    results = CTX.SimpleQueue()
    cpu0 = children_cpu()
    procs = [CTX.Process(target=request_client,
                         args=(i, args, test, d, lst, lk, ready, go, results))
             for i in range(args.clients)]
    for p in procs:
        p.start()
    for _ in procs:
        ready.acquire()
    go.set()
    got = [results.get() for _ in procs]
    for p in procs:
        p.join()
    lat = array.array("q")
    ops = errors = 0
    first, last = None, None
    for _, o, e, t0, t1, raw in got:
        ops += o
        errors += e
        lat.frombytes(raw)
        first = t0 if first is None else min(first, t0)
        last = t1 if last is None else max(last, t1)
    printer.row(test, ops, args.clients, (last - first) / 1e9, lat, errors,
                client_cpu_s=children_cpu() - cpu0)
    for proxy in (d, lst, lk):
        del proxy


def pool_task(d, task, per):
    """A pool worker's task: PER entries keyed (pid, i) into D."""
    pid = os.getpid()
    lat = array.array("q")
    now = time.monotonic_ns
    base = task * per
    for i in range(base, base + per):
        t0 = now()
        d[(pid, i)] = i
        lat.append(now() - t0)
    return lat.tobytes()


def pool_batch_task(d, task, per, batch):
    """A pool worker's task in batches: d.update of BATCH entries at once."""
    pid = os.getpid()
    lat = array.array("q")
    now = time.monotonic_ns
    base = task * per
    for start in range(base, base + per, batch):
        items = {(pid, i): i for i in range(start, min(base + per,
                                                       start + batch))}
        t0 = now()
        d.update(items)
        lat.append(now() - t0)
    return lat.tobytes()


def pool_test(args, mgr, printer, batch=0):
    d = mgr.dict()
    per = args.requests // args.clients
    n = per * args.clients
    cpu0 = children_cpu()
    t0 = time.monotonic_ns()
    with CTX.Pool(args.clients, initializer=pin,
                  initargs=(args.client_cpu,)) as pool:
        if batch > 0:
            raws = pool.starmap(pool_batch_task,
                                [(d, t, per, batch)
                                 for t in range(args.clients)], chunksize=1)
        else:
            raws = pool.starmap(pool_task, [(d, t, per)
                                            for t in range(args.clients)],
                                chunksize=1)
        pool.close()
        pool.join()
    t1 = time.monotonic_ns()
    lat = array.array("q")
    for raw in raws:
        lat.frombytes(raw)
    errors = 0 if len(d) == n else 1
    if errors:
        print("py_manager: pool: the dict has %d entries, not %d"
              % (len(d), n), file=sys.stderr)
    printer.row("poolbatch" if batch > 0 else "pool", n, args.clients,
                (t1 - t0) / 1e9, lat, errors,
                client_cpu_s=children_cpu() - cpu0, depth=max(batch, 1))


def counter_worker(d, lk, ops, cpu, results):
    pin(cpu)
    lat = array.array("q")
    now = time.monotonic_ns
    for _ in range(ops):
        t0 = now()
        with lk:
            d["n"] += 1
        lat.append(now() - t0)
    results.put(lat.tobytes())


def counter_test(args, mgr, printer):
    d = mgr.dict()
    lk = mgr.Lock()
    d["n"] = 0
    results = CTX.SimpleQueue()
    cpu0 = children_cpu()
    t0 = time.monotonic_ns()
    procs = [CTX.Process(target=counter_worker,
                         args=(d, lk, share(args.requests, args.clients, i),
                               args.client_cpu, results))
             for i in range(args.clients)]
    for p in procs:
        p.start()
    raws = [results.get() for _ in procs]
    for p in procs:
        p.join()
    t1 = time.monotonic_ns()
    lat = array.array("q")
    for raw in raws:
        lat.frombytes(raw)
    errors = 0 if d["n"] == args.requests else 1
    if errors:
        print("py_manager: counter: the total is %d, not %d"
              % (d["n"], args.requests), file=sys.stderr)
    # One latency sample is a whole `with lock: d['n'] += 1`: four round
    # trips.
    printer.row("counter", args.requests, args.clients, (t1 - t0) / 1e9, lat,
                errors, client_cpu_s=children_cpu() - cpu0)


def memory_test(args, mgr, printer):
    pid = mgr._process.pid
    d = mgr.dict()
    before = rss_bytes(pid)
    t0 = time.monotonic_ns()
    for start in range(0, args.requests, 10000):
        d.update({i: i for i in range(start, min(args.requests,
                                                 start + 10000))})
    t1 = time.monotonic_ns()
    after = rss_bytes(pid)
    printer.row("memory", args.requests, 1, (t1 - t0) / 1e9, [],
                bytes_per_entry=(after - before) / args.requests)
    d.clear()


TESTS = ("setitem", "getitem", "append", "pop", "lock", "pool", "poolbatch",
         "counter", "memory")


def main():
    ap = argparse.ArgumentParser(
        description="Python's multiprocessing.Manager on mpmgr-benchmark's "
        "workloads (no pipelining: one round trip per operation).")
    ap.add_argument("-c", dest="clients", type=int, default=1,
                    help="client processes (1)")
    ap.add_argument("-n", dest="requests", type=int, default=10000,
                    help="operations in all (10000)")
    ap.add_argument("-t", dest="tests", default="setitem,getitem,lock",
                    help="comma list of tests: " + ",".join(TESTS))
    ap.add_argument("-d", dest="data_size", type=int, default=3,
                    help="bytes of the string value (3)")
    ap.add_argument("-r", dest="keyspace", type=int, default=0,
                    help="random keys in 0..KEYSPACE-1 (default: one key)")
    ap.add_argument("--batch", type=int, default=100,
                    help="entries per d.update() in poolbatch (100)")
    ap.add_argument("--csv", action="store_true", help="print CSV rows")
    ap.add_argument("--server-cpu", type=int, default=-1,
                    help="pin the manager's server process to this CPU")
    ap.add_argument("--client-cpu", type=int, default=-1,
                    help="pin the clients to this CPU")
    args = ap.parse_args()
    tests = [t for t in args.tests.split(",") if t]
    for t in tests:
        if t not in TESTS:
            ap.error("unknown test %r" % t)
    if args.clients < 1 or args.requests < args.clients:
        ap.error("need -n >= -c >= 1")

    # The manager's process (and every thread it starts) inherits the
    # affinity it is forked with; the clients then move to their own CPU.
    pin(args.server_cpu)
    mgr = multiprocessing.Manager()
    if args.client_cpu >= 0:
        pin(args.client_cpu)
    elif args.server_cpu >= 0:
        os.sched_setaffinity(0, range(os.cpu_count()))
    printer = Printer(args.csv)
    try:
        for t in tests:
            if t == "pool":
                pool_test(args, mgr, printer)
            elif t == "poolbatch":
                pool_test(args, mgr, printer, batch=max(1, args.batch))
            elif t == "counter":
                counter_test(args, mgr, printer)
            elif t == "memory":
                memory_test(args, mgr, printer)
            else:
                request_test(args, mgr, t, printer)
    finally:
        mgr.shutdown()


if __name__ == "__main__":
    main()
