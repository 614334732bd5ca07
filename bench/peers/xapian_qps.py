#!/usr/bin/python3
"""xapian_qps.py - the Xapian peer's in-process query loop through Debian's
python3-xapian bindings, over the scriptindex database: QueryParser
(English stemming, default AND, boolean operators, phrases, title: and
month:/day: prefixes as in the quest command line), top 10, and
MSet.snippet() of each hit's stored text, as Omega shows them.

  xapian_qps.py DB QUERIES ROUNDS OUT

The same protocol as the C drivers (bench/qps_loop.c): one untimed warm-up
round, then ROUNDS timed rounds; OUT receives one latency in seconds per
line; a summary goes to standard output. The summary also gives the median
of the same loop timing a query that does nothing: the part of each figure
that is Python's loop and timer rather than Xapian. Each query also pays
the bindings' wrapping of half a dozen calls, which that empty loop does
not see. Exit status 0, or 2 on a usage or database error or a failed
query.
"""
import sys
import time

import xapian

FLAGS = (xapian.QueryParser.FLAG_DEFAULT | xapian.QueryParser.FLAG_PHRASE |
         xapian.QueryParser.FLAG_BOOLEAN | xapian.QueryParser.FLAG_LOVEHATE)


def make_runner(db):
    stem = xapian.Stem("english")
    qp = xapian.QueryParser()
    qp.set_database(db)
    qp.set_stemmer(stem)
    qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    qp.set_default_op(xapian.Query.OP_AND)
    qp.add_prefix("title", "S")
    qp.add_boolean_prefix("month", "M")
    qp.add_boolean_prefix("day", "D")

    def run(q):
        """One query; returns the bytes of snippet text made, or -1 when
        the query failed (after saying why on standard error)."""
        try:
            enq = xapian.Enquire(db)
            enq.set_query(qp.parse_query(q, FLAGS))
            ms = enq.get_mset(0, 10)
            n = 0
            for m in ms:
                n += len(ms.snippet(m.document.get_data(), 240, stem))
            return n
        except xapian.Error as e:
            sys.stderr.write("xapian-qps: %s: %s\n" % (q, e))
            return -1
    return run


def timed(run, queries, rounds, out):
    """ROUNDS timed rounds of run over queries; returns (latencies, bytes,
    failed queries)."""
    lat = []
    nbytes = failed = 0
    clock = time.perf_counter
    for _ in range(rounds):
        for q in queries:
            t = clock()
            n = run(q)
            t = clock() - t
            lat.append(t)
            if n < 0:
                failed += 1
            else:
                nbytes += n
            if out:
                out.write("%.9f\n" % t)
    return lat, nbytes, failed


def main(argv):
    if len(argv) != 5 or not argv[3].isdigit() or int(argv[3]) <= 0:
        sys.stderr.write("usage: xapian_qps.py DB QUERIES ROUNDS OUT\n")
        return 2
    rounds = int(argv[3])
    try:
        db = xapian.Database(argv[1])
        with open(argv[2], encoding="utf-8") as f:
            queries = [l.rstrip("\n") for l in f if l.strip()]
    except (OSError, xapian.Error) as e:
        sys.stderr.write("xapian_qps.py: %s\n" % e)
        return 2
    run = make_runner(db)
    for q in queries:                               # warm-up
        run(q)
    with open(argv[4], "w") as out:
        lat, nbytes, failed = timed(run, queries, rounds, out)
    empty, _, _ = timed(lambda q: 0, queries, rounds, None)
    empty.sort()
    total = sum(lat)
    print("xapian-qps (python3-xapian %s): %d queries x %d rounds in %.3f s: "
          "%.0f queries/s (%d snippet bytes, %d failed); empty loop median "
          "%.2f us" % (xapian.version_string(), len(queries), rounds, total,
                       len(lat) / total if total else 0, nbytes, failed,
                       empty[len(empty) // 2] * 1e6 if empty else 0))
    return 2 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
