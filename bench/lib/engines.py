#!/usr/bin/python3
"""engines.py - the benchmark's engines: each neutral query (see
bench/gen-queries) in each engine's syntax, the whole-process command that
answers it, and the timed per-process run that interleaves the engines.

  engines.py qfile ENGINE QUERIES OUT CORPUS  the in-process tool's query file
  engines.py latency CONF QUERIES OUT.tsv   whole-process latency, interleaved

CONF is a JSON file written by bench/run: {"engines": [...], "work": ...,
"corpus": NAME, "byline_search": PATH, "lucene_cp": CP, "sphinx_port": N,
"rg_dir": DIR, "lucene_every": K}. OUT.tsv rows: engine, kind, query
number, seconds, exit status, bytes of output.
"""
import json
import os
import random
import subprocess
import sys
import time


def read_queries(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                out.append(line.split("\t"))
    return out


def date_range(spec):
    """YYYY-MM or YYYY-MM-DD -> (from, to) as YYYYMMDD strings, inclusive."""
    d = spec.replace("-", "")
    if len(d) == 6:
        return d + "01", d + "31"
    return d, d


def spell(q, or_, not_, title, date):
    """One neutral query in one engine's syntax. or_ and not_ are templates
    for two words, title one for a word; date(words, spec) gives the
    date-filtered kind. Words and phrases are written alike everywhere."""
    k = q[0]
    if k in ("word", "words"):
        return q[1]
    if k == "phrase":
        return '"%s"' % q[1]
    if k == "or":
        return or_ % (q[1], q[2])
    if k == "not":
        return not_ % (q[1], q[2])
    if k == "title":
        return title % q[1]
    if k == "date":
        return date(q[1], q[2])
    raise ValueError(k)


def words_only(words, spec):
    """For engines that filter dates outside the query string."""
    return words


def byline(q):
    return spell(q, "%s OR %s", "%s NOT %s", "title:%s",
                 lambda w, d: "%s date:%s" % (w, d))


def xapian(q):
    """quest / xapian_qps.py syntax over the scriptindex database."""
    def date(w, d):
        d = d.replace("-", "")
        return "%s %s:%s" % (w, "month" if len(d) == 6 else "day", d)
    return spell(q, "%s OR %s", "%s NOT %s", "title:%s", date)


def omega(q):
    """Omega CGI parameters over the omindex database (dates from mtimes)."""
    p = {"DEFAULTOP": "and", "P": byline(q)}
    if q[0] == "date":
        p["P"] = q[1]
        p["START"], p["END"] = date_range(q[2])
    return p


def fts5(q):
    """(MATCH expression, date from, date to) for SQLite FTS5."""
    m = spell(q, "%s OR %s", "%s NOT %s", "title : %s", words_only)
    if q[0] != "date":
        return m, None, None
    lo, hi = date_range(q[2])
    return m, "%s-%s-%s" % (lo[:4], lo[4:6], lo[6:]), \
        "%s-%s-%s" % (hi[:4], hi[4:6], hi[6:])


def swish(q):
    """(query, limit range or None) for swish-e -w."""
    s = spell(q, "%s or %s", "%s not %s", "swishtitle=(%s)", words_only)
    return s, date_range(q[2]) if q[0] == "date" else None


def sphinx(q, index):
    m = spell(q, "%s | %s", "%s -%s", "@title %s", words_only)
    where = ""
    if q[0] == "date":
        where = " AND date BETWEEN %s AND %s" % date_range(q[2])
    return "SELECT id, ident FROM %s WHERE MATCH('%s')%s LIMIT 10" % (
        index, m, where)


def lucene(q):
    return spell(q, "%s OR %s", "%s -%s", "title:%s",
                 lambda w, d: "%s date:[%s TO %s]" % ((w,) + date_range(d)))


def rg(q, d):
    """ripgrep over the raw files: only what one pattern can say."""
    k = q[0]
    base = ["rg", "--no-config", "-c", "-i"]
    if k == "word":
        return base + ["-w", "-e", q[1], d]
    if k == "phrase":
        return base + ["-F", "-e", q[1], d]
    if k == "or":
        return base + ["-w", "-e", q[1], "-e", q[2], d]
    return None


def command(engine, q, c):
    """(argv, extra environment) for one whole-process query, or None when
    the engine cannot express it."""
    w, name = c["work"], c["corpus"]
    if engine in ("byline", "byline-stems"):
        return [c["byline_search"], "-i", "%s/idx/%s-%s" % (w, engine, name),
                "-n", "10", "--color=never", byline(q)], None
    if engine == "omega":
        p = omega(q)
        p["DB"] = name
        qs = "&".join("%s=%s" % (k, v.replace("%", "%25").replace("&", "%26")
                                 .replace("+", "%2B").replace(" ", "+")
                                 .replace('"', "%22"))
                      for k, v in sorted(p.items()))
        return ["/usr/lib/cgi-bin/omega/omega"], {
            "OMEGA_CONFIG_FILE": "%s/conf/omega.conf" % w,
            "REQUEST_METHOD": "GET", "GATEWAY_INTERFACE": "CGI/1.1",
            "QUERY_STRING": qs}
    if engine == "quest":
        return ["quest", "-d", "%s/idx/xapian-%s" % (w, name), "-m", "10",
                "-o", "and", "-s", "english", "-f",
                "default,boolean,phrase,lovehate", "-p", "title:S",
                "-b", "month:M", "-b", "day:D", xapian(q)], None
    if engine == "fts5":
        m, lo, hi = fts5(q)
        sql = ("SELECT id, title, snippet(a, -1, '[', ']', '...', 24) FROM a "
               "WHERE a MATCH '%s'%s ORDER BY rank LIMIT 10;" % (
                   m.replace("'", "''"),
                   " AND date BETWEEN '%s' AND '%s'" % (lo, hi) if lo else ""))
        return ["sqlite3", "-readonly", "%s/idx/fts5-%s.db" % (w, name),
                sql], None
    if engine == "swish":
        s, lim = swish(q)
        argv = ["swish-e", "-f", "%s/idx/swish-%s/index.swish-e" % (w, name),
                "-w", s, "-m", "10", "-H", "0", "-p", "date"]
        if lim:
            argv += ["-L", "date", lim[0], lim[1]]
        return argv, None
    if engine == "sphinx":
        return ["mysql", "-h127.0.0.1", "-P%d" % c["sphinx_port"], "-N",
                "-e", sphinx(q, "bench_" + name)], None
    if engine == "lucene":
        return ["java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", c["lucene_cp"], "BenchLucene", "search",
                "%s/idx/lucene-%s" % (w, name), lucene(q)], None
    if engine == "rg":
        argv = rg(q, c["rg_dir"])
        return (argv, None) if argv else None
    raise ValueError(engine)


def qfile(engine, queries, out, corpus):
    """The query file an in-process tool reads."""
    with open(out, "w", encoding="utf-8") as f:
        for q in queries:
            if engine in ("byline", "byline-stems"):
                f.write(byline(q) + "\n")
            elif engine == "xapian":
                f.write(xapian(q) + "\n")
            elif engine == "fts5":
                m, lo, hi = fts5(q)
                f.write(m + ("\t%s\t%s" % (lo, hi) if lo else "") + "\n")
            elif engine == "sphinx":
                f.write(sphinx(q, "bench_" + corpus) + "\n")
            elif engine == "lucene":
                f.write(lucene(q) + "\n")
            else:
                raise ValueError(engine)


def latency(conf, queries, out):
    """Runs every query through every engine, one engine after another for
    each query, in a shuffled order (seeded, so the same from run to run),
    so that the machine's noise falls on all engines alike. A rotation
    would not do: it keeps each engine after the same one, and a process
    runs slower after one that flushed the caches than after one that
    left libxapian warm (20 Newsgroups, six engines: quest's median over
    Byline's 0.84 with Byline always after swish-e, 1.02 with quest
    there instead). Lucene's JVM start makes it slow: it takes every
    lucene_every-th query only."""
    engines = conf["engines"]
    every = conf.get("lucene_every", 1)
    base_env = dict(os.environ)
    shuffle = random.Random(20261127).shuffle
    with open(out, "w") as f:
        for i, q in enumerate(queries):
            order = list(engines)
            shuffle(order)
            for e in order:
                if e == "lucene" and i % every:
                    continue
                cmd = command(e, q, conf)
                if cmd is None:
                    continue
                argv, env = cmd
                if env:
                    env = dict(base_env, **env)
                t = time.perf_counter()
                p = subprocess.run(argv, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL,
                                   stdin=subprocess.DEVNULL,
                                   cwd=conf.get("cwd"))
                t = time.perf_counter() - t
                f.write("%s\t%s\t%d\t%.6f\t%d\t%d\n" % (
                    e, q[0], i, t, p.returncode, len(p.stdout)))


def main(argv):
    if len(argv) == 6 and argv[1] == "qfile":
        qfile(argv[2], read_queries(argv[3]), argv[4], argv[5])
        return 0
    if len(argv) == 5 and argv[1] == "latency":
        with open(argv[2]) as f:
            conf = json.load(f)
        latency(conf, read_queries(argv[3]), argv[4])
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
