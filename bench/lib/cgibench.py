#!/usr/bin/python3
"""cgibench.py - the CGI comparison's requests, checks and table (see
bench/cgi-compare): byline-search and Xapian Omega's omega CGI behind one
lighttpd, the same queries to both.

  cgibench.py paths QUERIES OMEGA_DB BYLINE_OUT OMEGA_OUT
      the request path of each query for each engine, one a line
  cgibench.py marker ENGINE
      what a page of ENGINE's with at least one hit has (for wrk)
  cgibench.py check BASE_URL ENGINE PATHS QUERIES OUT.tsv
      fetches every path once: prints the non-200 answers and the pages
      without the engine's results marker, by query kind; appends rows to
      OUT.tsv: engine, kind, status, has results (0/1), body bytes, seconds
  cgibench.py table LOAD.tsv [CHECK.tsv]
      the Markdown tables of the load runs and of the checks; LOAD.tsv
      rows: engine, concurrency, then the fields of cgi-load.lua's RESULT
      line after the label
"""
import collections
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import engines  # noqa: E402

# What a page with at least one hit has and a page without has not.
MARKERS = {"byline": '<ol class="hits"', "omega": "<td valign=top>"}


def paths(queries, db):
    """(byline paths, omega paths): one GET path per query."""
    b, o = [], []
    for q in queries:
        b.append("/search?" + urllib.parse.urlencode({"q": engines.byline(q)}))
        p = engines.omega(q)
        p["DB"] = db
        o.append("/omega?" + urllib.parse.urlencode(sorted(p.items())))
    return b, o


def check(base, engine, path_file, queries, out):
    """One request per path; returns the number of non-200 answers."""
    marker = MARKERS[engine]
    with open(path_file) as f:
        ps = [l.rstrip("\n") for l in f if l.strip()]
    non200 = collections.Counter()
    empty = collections.Counter()
    with open(out, "a") as f:
        for p, q in zip(ps, queries):
            t = time.perf_counter()
            try:
                with urllib.request.urlopen(base + p, timeout=30) as r:
                    status, body = r.status, r.read()
            except urllib.error.HTTPError as e:
                status, body = e.code, e.read()
            except OSError:
                status, body = 0, b""
            t = time.perf_counter() - t
            hit = status == 200 and marker.encode() in body
            if status != 200:
                non200[q[0]] += 1
            elif not hit:
                empty[q[0]] += 1
            f.write("%s\t%s\t%d\t%d\t%d\t%.6f\n" % (
                engine, q[0], status, hit, len(body), t))
    print("%s: %d pages, %d not 200 %s, %d without results %s" % (
        engine, len(ps), sum(non200.values()), dict(non200),
        sum(empty.values()), dict(empty)))
    return sum(non200.values())


def rows(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [l.rstrip("\n").split("\t") for l in f if l.strip()]


def table(load, checks=None):
    """Markdown lines for the load runs and, if given, the checks."""
    md = ["| engine | concurrency | requests | requests/s | p50 ms | p95 ms "
          "| p99 ms | errors | pages without results | KB per page |",
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in sorted(rows(load), key=lambda r: (int(r[1]), r[0])):
        e, c, n, secs = r[0], int(r[1]), int(r[2]), float(r[3])
        p50, p95, p99 = (int(x) / 1e3 for x in r[4:7])
        errors, empty, nbytes = int(r[7]) + int(r[8]), int(r[9]), int(r[10])
        md.append("| %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %d | %d | "
                  "%.1f |" % (e, c, n, n / secs if secs else 0, p50, p95,
                              p99, errors, empty,
                              nbytes / n / 1e3 if n else 0))
    ck = rows(checks) if checks else []
    if ck:
        md += ["", "Each query once, one at a time, before the load:", "",
               "| engine | pages | not 200 | without results | by kind "
               "(without results) | median ms | KB per page |",
               "|---|---:|---:|---:|---|---:|---:|"]
        for e in engines_in(ck):
            rs = [r for r in ck if r[0] == e]
            kinds = collections.Counter(r[1] for r in rs
                                        if r[2] == "200" and r[3] == "0")
            ts = sorted(float(r[5]) for r in rs)
            md.append("| %s | %d | %d | %d | %s | %.1f | %.1f |" % (
                e, len(rs), sum(r[2] != "200" for r in rs),
                sum(kinds.values()),
                ", ".join("%s %d" % kv for kv in sorted(kinds.items()))
                or "—", ts[len(ts) // 2] * 1e3,
                sum(int(r[4]) for r in rs) / len(rs) / 1e3))
    return md


def engines_in(rs):
    return list(dict.fromkeys(r[0] for r in rs))


def main(argv):
    if len(argv) == 6 and argv[1] == "paths":
        b, o = paths(engines.read_queries(argv[2]), argv[3])
        for out, ps in ((argv[4], b), (argv[5], o)):
            with open(out, "w") as f:
                f.write("".join(p + "\n" for p in ps))
        return 0
    if len(argv) == 3 and argv[1] == "marker":
        print(MARKERS[argv[2]])
        return 0
    if len(argv) == 7 and argv[1] == "check":
        bad = check(argv[2], argv[3], argv[4], engines.read_queries(argv[5]),
                    argv[6])
        return 1 if bad else 0
    if len(argv) in (3, 4) and argv[1] == "table":
        print("\n".join(table(argv[2], argv[3] if len(argv) == 4 else None)))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
