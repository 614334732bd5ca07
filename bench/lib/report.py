#!/usr/bin/python3
"""report.py - turns one bench/run's measurements into report.md and plots.

  report.py RESULTS_DIR

Reads index.tsv, reindex.tsv, latency.tsv, qps.tsv, cgi.tsv,
cgi-check.tsv and machine.txt from RESULTS_DIR; writes report.md (Markdown tables, ratios) and, through
gnuplot, index.svg, latency-process.svg, latency-inprocess.svg and
scale-*.svg, each also as PNG. A ratio is peer / Byline for times, sizes and memory (above
1: Byline is ahead) and Byline / peer for rates.
"""
import collections
import os
import subprocess
import sys

import cgibench

NOTES = {
    "byline": "snippets, highlights, phrases, fields, dates, spelling data, "
              "near-duplicate grouping",
    "byline-j1": "Byline with --jobs 1 (one indexing thread)",
    "byline-stems": "Byline with --terms=stems: stems only, with positions, "
                    "as Lucene and FTS5 index (no exact-form matching, no "
                    "spelling data)",
    "omindex": "reads one HTML page per article (prepared); stores a "
               "512-byte sample, so snippets come from the sample only; "
               "dates from file times",
    "omega": "Omega CGI over the omindex database: snippets of the "
             "512-byte sample only; HTML page",
    "scriptindex": "no spelling data; the Xapian peer of the scaling curve",
    "quest": "Xapian's CLI over the scriptindex database: no snippets",
    "xapian": "Xapian loop (python3-xapian) over the scriptindex "
              "database, MSet.snippet() of the stored text",
    "fts5": "SQLite FTS5, porter: snippet() yes; no spelling; date "
            "filter by scanning the matches",
    "swish": "Swish-e: no snippets (a stored description), no BM25; "
             "reads prepared HTML",
    "sphinx": "Sphinx 2.2: no snippets (keeps no text); queries go to a "
              "running searchd through the mysql client",
    "lucene": "Lucene 4.10 EnglishAnalyzer (drops stop words), "
              "Highlighter snippets; a JVM start per process",
    "rg": "ripgrep, no index: no ranking, no stemming, counts lines; only "
          "word, phrase and OR queries",
}

ORDER = ["byline", "byline-j1", "byline-stems", "omindex", "omega",
         "scriptindex", "quest", "xapian", "fts5", "swish", "sphinx",
         "lucene", "rg"]


def rows(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [l.rstrip("\n").split("\t") for l in f if l.strip()]


def pct(xs, p):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * p
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def first_seen(xs):
    """xs without repeats, in the order they first come."""
    return list(dict.fromkeys(xs))


def real(corpora):
    """The real corpora: not the generated ones of the scaling curve."""
    return [c for c in corpora if not c.startswith("gen")]


NOTES_COL = "does not do / notes"
LEFT = ("engine", "corpus", "peer", NOTES_COL)


def section(md, title, text):
    """A report section's heading and the paragraph saying what it shows."""
    md.append("## %s\n" % title)
    md.append(text + "\n")


def head(md, *cols):
    """A Markdown table's heading: names and labels left, figures right."""
    md.append("| " + " | ".join(cols) + " |")
    md.append("|" + "".join("---|" if c in LEFT else "---:|" for c in cols))


def ratio(peer, byl):
    if not byl or not peer or byl != byl or peer != peer:
        return "—"
    return "%.2f×" % (peer / byl)


def key(e):
    return ORDER.index(e) if e in ORDER else len(ORDER)


SVG = ("set terminal svg size 900,500 dynamic font 'sans,11' "
       "background rgb 'white'\n")
PNG = "set terminal pngcairo size 900,500 font 'sans,10'\n"


def gnuplot(out, script):
    """Runs script for the SVG, then again for a PNG of the same name."""
    for s in (script, script.replace(SVG, PNG).replace(".svg'", ".png'")):
        try:
            subprocess.run(["gnuplot"], input=s.encode(), cwd=out,
                           check=True, stderr=subprocess.PIPE)
        except (OSError, subprocess.CalledProcessError) as e:
            sys.stderr.write("report.py: gnuplot failed: %s\n" % e)


# The summary's rows: label, indexer, whole-process searcher, in-process
# loop (None: not measured) and the Byline build they are compared with.
SUMMARY = [
    ("omindex / Omega CGI", "omindex", "omega", None, "byline"),
    ("scriptindex / quest / Xapian loop", "scriptindex", "quest", "xapian",
     "byline"),
    ("SQLite FTS5", "fts5", "fts5", "fts5", "byline"),
    ("Swish-e", "swish", "swish", None, "byline"),
    ("Sphinx 2.2", "sphinx", "sphinx", "sphinx", "byline"),
    ("Lucene 4.10", "lucene", "lucene", "lucene", "byline"),
    ("ripgrep (no index)", None, "rg", None, "byline"),
    ("Byline `--jobs 1`", "byline-j1", None, None, "byline"),
    ("Byline `--terms=stems`", "byline-stems", "byline-stems",
     "byline-stems", "byline"),
    ("FTS5 / Byline `--terms=stems`", "fts5", "fts5", "fts5", "byline-stems"),
    ("Sphinx / Byline `--terms=stems`", "sphinx", "sphinx", "sphinx",
     "byline-stems"),
    ("Lucene / Byline `--terms=stems`", "lucene", "lucene", "lucene",
     "byline-stems"),
]


def index_medians(idx):
    """Each (corpus, engine)'s indexing row, every figure the median of
    its rounds; and the rounds' count and least and greatest wall time."""
    runs = collections.defaultdict(list)
    for r in idx:
        runs[(r[0], r[1])].append(r)
    by, spread = {}, {}
    for k, rs in runs.items():
        by[k] = list(k) + [repr(pct([float(r[i]) for r in rs], .5))
                           for i in range(2, 9)]
        walls = [float(r[2]) for r in rs]
        spread[k] = (len(rs), min(walls), max(walls))
    return by, spread


def summary(corpora, by, L, Q):
    """The ratio of each peer's figures to Byline's, every real corpus in
    one cell ("a | b"), as Markdown lines; [] when nothing to compare."""
    cs = real(corpora)
    cols = ("index wall", "index CPU", "peak RSS", "index size",
            "process median", "process p95", "in-process median",
            "in-process p95", "queries/s")

    def index_fig(c, e, i):
        r = by.get((c, e))
        if not r:
            return None
        return {0: float(r[2]), 1: float(r[3]) + float(r[4]),
                2: float(r[5]), 3: float(r[6])}[i]

    def cell(fig):
        vals = []
        for c in cs:
            v = fig(c)
            vals.append("%.2f" % v if v and v == v else "—")
        return "—" if set(vals) == {"—"} else " \\| ".join(vals)

    def rate(xs):
        return len(xs) / sum(xs) if xs else None

    lines = []
    for label, ie, pe, qe, base in SUMMARY:
        if not any((c, e) in by or (c, e) in L or (c, e) in Q
                   for c in cs for e in (ie, pe, qe) if e):
            continue
        if not any((c, base) in by for c in cs):
            continue

        def ir(i):
            def f(c):
                a, b = index_fig(c, ie, i), index_fig(c, base, i)
                return a / b if a and b else None
            return f

        def lr(D, e, p):
            def f(c):
                a, b = D.get((c, e)), D.get((c, base))
                return pct(a, p) / pct(b, p) if a and b else None
            return f

        def qr(c):
            a, b = rate(Q.get((c, qe))), rate(Q.get((c, base)))
            return b / a if a and b else None

        figs = [ir(i) for i in range(4)] + [
            lr(L, pe, .5), lr(L, pe, .95), lr(Q, qe, .5), lr(Q, qe, .95), qr]
        lines.append("| %s | %s |" % (label, " | ".join(cell(f)
                                                        for f in figs)))
    if not lines:
        return []
    md = []
    section(md, "Byline's ratio to each peer",
            "Peer's figure / Byline's (above 1: Byline ahead; for "
            "queries/s, Byline's / the peer's), %s. The last rows compare "
            "with Byline built with `--terms=stems`, which indexes stems "
            "only, as those peers do." % " | ".join(cs))
    head(md, "peer", *cols)
    return md + lines + [""]


def main(argv):
    out = argv[1]
    md = []
    with open(os.path.join(out, "machine.txt")) as f:
        md.append("```\n" + f.read().strip() + "\n```\n")

    idx = rows(os.path.join(out, "index.tsv"))
    by, spread = index_medians(idx)
    corpora = first_seen(r[0] for r in idx)

    # ---- indexing
    nruns = max((spread[k][0] for k in spread if k[0] in real(corpora)),
                default=1)
    section(md, "Indexing",
            ("Each engine indexed each corpus %d times from nothing, the "
             "engines taking turns in an order rotated each round; every "
             "figure is the median of an engine's runs, with the least and "
             "greatest wall time beside it. " % nruns if nruns > 1 else "") +
            "Ratios are the peer's figure over Byline's for wall time, "
            "CPU, memory and size (above 1: Byline ahead), Byline's over "
            "the peer's for the rates. MB/s counts the original corpus "
            "bytes for every engine.")
    for c in real(corpora):
        md.append("### %s\n" % c)
        head(md, "engine", "wall s (min–max)" if nruns > 1 else "wall s",
             "CPU s", "peak RSS MB", "index MB", "articles/s", "MB/s",
             "wall ratio", "CPU ratio", "RSS ratio", "size ratio", NOTES_COL)
        b = by.get((c, "byline"))
        for e in sorted(set(r[1] for r in idx if r[0] == c), key=key):
            r = by[(c, e)]
            wall, cpu = float(r[2]), float(r[3]) + float(r[4])
            rss, size = float(r[5]) / 1024, float(r[6]) / 1e6
            arts, mb = float(r[7]), float(r[8]) / 1e6
            if b:
                bw, bc = float(b[2]), float(b[3]) + float(b[4])
                br, bs = float(b[5]) / 1024, float(b[6]) / 1e6
            else:
                bw = bc = br = bs = None
            n, lo, hi = spread[(c, e)]
            walls = "%.2f (%.2f–%.2f)" % (wall, lo, hi) if n > 1 else \
                "%.2f" % wall
            md.append("| %s | %s | %.2f | %.0f | %.1f | %.0f | %.2f | %s | "
                      "%s | %s | %s | %s |" % (
                          e, walls, cpu, rss, size, arts / wall, mb / wall,
                          ratio(wall, bw), ratio(cpu, bc), ratio(rss, br),
                          ratio(size, bs), NOTES.get(e, "")))
        md.append("")

    # ---- re-index
    re_rows = rows(os.path.join(out, "reindex.tsv"))
    if re_rows:
        section(md, "No-change re-index",
                "Median of hyperfine runs (Byline 5, omindex 3) over the "
                "unchanged corpus, against the same engine's full index "
                "above.")
        head(md, "corpus", "engine", "no-change s (min–max)", "full s",
             "full / no-change")
        for r in re_rows:
            full = by.get((r[0], r[1]))
            fw = float(full[2]) if full else float("nan")
            md.append("| %s | %s | %.3f (%.3f–%.3f) | %.2f | %.0f× |" % (
                r[0], r[1], float(r[2]), float(r[3]), float(r[4]), fw,
                fw / float(r[2])))
        md.append("")

    # ---- latency
    lat = rows(os.path.join(out, "latency.tsv"))
    qps = rows(os.path.join(out, "qps.tsv"))
    L = collections.defaultdict(list)
    K = collections.defaultdict(list)
    fails = collections.Counter()
    for r in lat:
        L[(r[0], r[1])].append(float(r[4]))
        K[(r[0], r[1], r[2])].append(float(r[4]))
        # byline-search, rg and BenchLucene exit 1 for "no match".
        if r[5] != "0" and not (r[5] == "1" and r[1] in
                                ("byline", "byline-stems", "rg",
                                 "lucene")):
            fails[(r[0], r[1])] += 1
    Q = collections.defaultdict(list)
    for r in qps:
        Q[(r[0], r[1])].append(float(r[2]))
    lat_corpora = first_seen(r[0] for r in lat)

    section(md, "Queries",
            "Whole process: one process per query, as a shell user or a "
            "CGI pays (start, open, search, top 10, output), engines "
            "interleaved query by query in a shuffled order. In process: "
            "the index opened "
            "once, every query run through the library with top 10 and "
            "snippets where the engine makes them, one warm-up round "
            "then the timed rounds, engines taking turns. Ratios: peer / "
            "Byline (above 1: Byline ahead).")
    for c in real(lat_corpora):
        md.append("### %s: whole process\n" % c)
        head(md, "engine", "queries", "median ms", "p95 ms", "median ratio",
             "p95 ratio", "errors", NOTES_COL)
        bm = pct(L.get((c, "byline"), []), .5)
        bp = pct(L.get((c, "byline"), []), .95)
        for e in sorted(set(k[1] for k in L if k[0] == c), key=key):
            xs = L[(c, e)]
            m, p = pct(xs, .5), pct(xs, .95)
            md.append("| %s | %d | %.1f | %.1f | %s | %s | %d | %s |" % (
                e, len(xs), m * 1e3, p * 1e3, ratio(m, bm), ratio(p, bp),
                fails[(c, e)], NOTES.get(e, "")))
        md.append("")
        kinds = sorted(set(k[2] for k in K if k[0] == c))
        engines = sorted(set(k[1] for k in K if k[0] == c), key=key)
        md.append("Median ms by query kind:\n")
        head(md, "engine", *kinds)
        for e in engines:
            md.append("| %s | %s |" % (e, " | ".join(
                "%.1f" % (pct(K[(c, e, k)], .5) * 1e3) if K.get((c, e, k))
                else "—" for k in kinds)))
        md.append("")
        md.append("### %s: in process\n" % c)
        head(md, "engine", "timed queries", "median ms", "p95 ms",
             "queries/s", "median ratio", "p95 ratio", "q/s ratio")
        bx = Q.get((c, "byline"), [])
        bq = len(bx) / sum(bx) if bx else None
        for e in sorted(set(k[1] for k in Q if k[0] == c), key=key):
            xs = Q[(c, e)]
            q = len(xs) / sum(xs)
            md.append("| %s | %d | %.3f | %.3f | %.0f | %s | %s | %s |" % (
                e, len(xs), pct(xs, .5) * 1e3, pct(xs, .95) * 1e3, q,
                ratio(pct(xs, .5), pct(bx, .5)),
                ratio(pct(xs, .95), pct(bx, .95)),
                ratio(bq, q) if bq else "—"))
        md.append("")

    # ---- CGI under load
    if rows(os.path.join(out, "cgi.tsv")):
        section(md, "CGI under load (Reuters-21578)",
                "byline-search and Omega's omega CGI (stock query template: "
                "each hit with a snippet of its sample) behind one lighttpd, "
                "the same queries, wrk keeping N requests in flight, the "
                "engines taking turns (bench/cgi-compare). Errors: non-200 "
                "answers and socket errors.")
        md += cgibench.table(os.path.join(out, "cgi.tsv"),
                             os.path.join(out, "cgi-check.tsv"))
        md.append("")

    # ---- scaling
    gens = sorted((c for c in corpora if c.startswith("gen")),
                  key=lambda c: int(c[3:]))
    if gens:
        md.append("## Scaling curve (generated corpora)\n")
        head(md, "articles", "engine", "wall s", "articles/s", "peak RSS MB",
             "index MB", "whole-process median ms", "p95 ms",
             "in-process median ms", "p95 ms")
        for c in gens:
            for e in sorted(set(r[1] for r in idx if r[0] == c), key=key):
                r = by[(c, e)]
                pe = {"scriptindex": "quest"}.get(e, e)
                qe = {"scriptindex": "xapian"}.get(e, e)
                xs, ys = L.get((c, pe), []), Q.get((c, qe), [])
                md.append("| %s | %s | %.1f | %.0f | %.0f | %.1f | %s | %s | "
                          "%s | %s |" % (
                              c[3:], e, float(r[2]),
                              float(r[7]) / float(r[2]),
                              float(r[5]) / 1024, float(r[6]) / 1e6,
                              "%.1f" % (pct(xs, .5) * 1e3) if xs else "—",
                              "%.1f" % (pct(xs, .95) * 1e3) if xs else "—",
                              "%.2f" % (pct(ys, .5) * 1e3) if ys else "—",
                              "%.2f" % (pct(ys, .95) * 1e3) if ys else "—"))
        md.append("")

    # ---- plots
    plots = []
    common = SVG + "set grid ytics\nset key outside right top\n"
    main_idx = real(corpora)
    if main_idx:
        engines = sorted(set(r[1] for r in idx if r[0] in main_idx), key=key)
        with open(os.path.join(out, "index.dat"), "w") as f:
            f.write("engine " + " ".join(main_idx) + "\n")
            for e in engines:
                f.write(e + " " + " ".join(
                    by[(c, e)][2] if (c, e) in by else "NaN"
                    for c in main_idx) + "\n")
        gnuplot(out, common + "set output 'index.svg'\nset title 'Indexing "
                "wall time (s, lower is better)'\nset style data histograms\n"
                "set style fill solid 0.8 border -1\nset xtics rotate by -30\n"
                "set ylabel 'seconds'\nplot " + ", ".join(
                    "'index.dat' using %d:xtic(1) title columnheader" % (i + 2)
                    for i in range(len(main_idx))) + "\n")
        plots.append("index.svg")
    for name, D in (("latency-process", L), ("latency-inprocess", Q)):
        cs = real(lat_corpora)
        engines = sorted(set(k[1] for k in D if k[0] in cs), key=key)
        if not engines:
            continue
        with open(os.path.join(out, name + ".dat"), "w") as f:
            f.write("engine " + " ".join("%s-median %s-p95" % (c, c)
                                         for c in cs) + "\n")
            for e in engines:
                f.write(e + " " + " ".join(
                    "%.4f %.4f" % (pct(D[(c, e)], .5) * 1e3,
                                   pct(D[(c, e)], .95) * 1e3)
                    if D.get((c, e)) else "NaN NaN" for c in cs) + "\n")
        gnuplot(out, common + "set output '%s.svg'\nset title '%s query "
                "latency (ms, log scale, lower is better)'\nset logscale y\n"
                "set style data histograms\nset style fill solid 0.8 "
                "border -1\nset xtics rotate by -30\nset ylabel 'ms'\nplot "
                % (name, "Whole-process" if name == "latency-process"
                   else "In-process") + ", ".join(
                    "'%s.dat' using %d:xtic(1) title columnheader" % (name, i + 2)
                    for i in range(2 * len(cs))) + "\n")
        plots.append(name + ".svg")
    if gens:
        engines = sorted(set(r[1] for r in idx if r[0] in gens), key=key)
        with open(os.path.join(out, "scale.dat"), "w") as f:
            for e in engines:
                f.write("# %s\n" % e)
                for c in gens:
                    r = by.get((c, e))
                    if not r:
                        continue
                    pe = {"scriptindex": "quest"}.get(e, e)
                    qe = {"scriptindex": "xapian"}.get(e, e)
                    f.write("%s %.3f %.1f %.1f %.3f %.4f\n" % (
                        c[3:], float(r[7]) / float(r[2]), float(r[5]) / 1024,
                        float(r[6]) / 1e6,
                        pct(L.get((c, pe), [float("nan")]), .5) * 1e3,
                        pct(Q.get((c, qe), [float("nan")]), .5) * 1e3))
                f.write("\n\n")
        for i, (fname, col, title, log) in enumerate((
                ("scale-throughput", 2, "Indexing throughput (articles/s)", True),
                ("scale-rss", 3, "Peak RSS while indexing (MB)", False),
                ("scale-size", 4, "Index size (MB)", True),
                ("scale-latency-process", 5, "Whole-process median latency (ms)", True),
                ("scale-latency-inprocess", 6, "In-process median latency (ms)", True))):
            gnuplot(out, common + "set output '%s.svg'\nset title '%s vs "
                    "articles'\nset logscale x\n%sset xlabel 'articles'\n"
                    "plot " % (fname, title, "set logscale y\n" if log else "")
                    + ", ".join("'scale.dat' index %d using 1:%d with "
                                "linespoints lw 2 title '%s'" % (j, col, e)
                                for j, e in enumerate(engines)) + "\n")
            plots.append(fname + ".svg")
    if plots:
        md.append("Plots: " + ", ".join("`%s`" % p for p in plots) + "\n")
    md[1:1] = summary(corpora, by, L, Q)
    with open(os.path.join(out, "report.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
