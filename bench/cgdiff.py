#!/usr/bin/env python3
"""cgdiff.py: instructions per request from two callgrind runs of a server.

    cgdiff.py [--top N] [--self] [--calls N] [--exclude FUNC]
              SMALL.out N_SMALL BIG.out N_BIG

Each file is the callgrind output of one server run that served N requests
(the same client, start-up and shut-down in both).  Subtracting the small
run from the big one cancels everything that does not depend on the number
of requests, so (total_big - total_small) / (N_BIG - N_SMALL) is the
server's cost of one request in instructions.  With --top N it also prints
the N functions with the largest per-request inclusive cost (or self cost
with --self), from callgrind_annotate, as the same difference; with
--calls N, the N functions called most often per request (malloc, say).
"""

import argparse
import os
import re
import subprocess
import sys

LINE = re.compile(r"^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.*?)\s*$")


def totals(path):
    """The summary (total instructions) of a callgrind output file."""
    with open(path) as f:
        for line in f:
            if line.startswith("summary:") or line.startswith("totals:"):
                return int(line.split()[1])
    sys.exit("cgdiff: no summary in %s" % path)


def short(name):
    """'/a/b/server/conn.c:conn_read_cb [/x/mpmgrd]' -> 'conn_read_cb
    (conn.c)'; library functions keep their library's name."""
    obj = ""
    m = re.match(r"^(.*?)\s+\[(.*)\]$", name)
    if m:
        name, obj = m.group(1), m.group(2).rsplit("/", 1)[-1]
    if ":" in name:
        src, func = name.rsplit(":", 1)
        src = src.rsplit("/", 1)[-1]
    else:
        src, func = "", name
    where = src if src not in ("", "???") else obj
    return "%s (%s)" % (func, where) if where else func


def functions(path, inclusive):
    out = subprocess.run(
        ["callgrind_annotate", "--threshold=100", "--auto=no",
         "--inclusive=%s" % ("yes" if inclusive else "no"),
         os.path.abspath(path)],
        check=True, capture_output=True, text=True, cwd="/").stdout
    counts = {}
    in_table = False
    for line in out.splitlines():
        if "file:function" in line:
            in_table = True
            continue
        if not in_table:
            continue
        if not line.strip():
            break
        m = LINE.match(line)
        if m:
            # The same function can be listed twice (with and without its
            # object file, when callgrind_annotate finds the source): one
            # count, not the sum.
            key = short(m.group(2))
            counts[key] = max(counts.get(key, 0),
                              int(m.group(1).replace(",", "")))
    return counts


def calls(path):
    """Calls made to each function (by name) in a callgrind output file."""
    names = {}
    counts = {}
    callee = None
    with open(path) as f:
        for line in f:
            if line.startswith("cfn="):
                m = re.match(r"cfn=\((\d+)\)(?: (.*))?", line.rstrip("\n"))
                if m and m.group(2):
                    names[m.group(1)] = m.group(2)
                callee = names.get(m.group(1)) if m else None
            elif line.startswith("fn="):
                m = re.match(r"fn=\((\d+)\)(?: (.*))?", line.rstrip("\n"))
                if m and m.group(2):
                    names[m.group(1)] = m.group(2)
            elif line.startswith("calls=") and callee is not None:
                counts[callee] = counts.get(callee, 0) + int(
                    line[6:].split()[0])
                callee = None
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=0,
                    help="also list the N costliest functions per request")
    ap.add_argument("--self", action="store_true",
                    help="rank functions by self cost, not inclusive")
    ap.add_argument("--calls", type=int, default=0,
                    help="also list the N most called functions per request")
    ap.add_argument("--exclude", action="append", default=[],
                    metavar="FUNC",
                    help="leave out FUNC's inclusive cost (a timer that "
                    "runs by the clock, not per request: Redis's serverCron)")
    ap.add_argument("small")
    ap.add_argument("n_small", type=int)
    ap.add_argument("big")
    ap.add_argument("n_big", type=int)
    a = ap.parse_args()
    n = a.n_big - a.n_small
    if n <= 0:
        sys.exit("cgdiff: N_BIG must be larger than N_SMALL")
    per = (totals(a.big) - totals(a.small)) / n
    if a.exclude:
        small = functions(a.small, True)
        big = functions(a.big, True)
        for func in a.exclude:
            for k in big:
                if k.split(" (", 1)[0] == func:
                    cost = (big[k] - small.get(k, 0)) / n
                    print("cgdiff: leaving out %s: %.0f per request"
                          % (k, cost), file=sys.stderr)
                    per -= cost
    print("%.0f" % per)
    if a.top > 0:
        small = functions(a.small, not a.self)
        big = functions(a.big, not a.self)
        rows = sorted(((big[k] - small.get(k, 0)) / n, k) for k in big)
        rows.reverse()
        print("%-12s %6s  %s" % ("Ir/request", "share",
                                 "self" if a.self else "inclusive"))
        for cost, name in rows[:a.top]:
            print("%12.0f %5.1f%%  %s" % (cost, 100 * cost / per, name))
    if a.calls > 0:
        small = calls(a.small)
        big = calls(a.big)
        rows = sorted(((big[k] - small.get(k, 0)) / n, k) for k in big)
        rows.reverse()
        print("%-12s  %s" % ("calls/request", "function"))
        for count, name in rows[:a.calls]:
            print("%12.2f  %s" % (count, name))


if __name__ == "__main__":
    main()
