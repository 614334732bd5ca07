#!/usr/bin/python3
"""xapian_bm25.py - a baseline run: Xapian's BM25 with the given k1 and b
through a plain QueryParser (English stemmer, STEM_SOME, default operator
OR, default flags, no stopper), the way quest parses queries but without
quest's stop list.

Usage: xapian_bm25.py DB K1 B QUERIES.tsv > RUN

QUERIES.tsv is smart.awk's query list (number TAB id TAB text). The run
holds the top 1000 of each query; its qid is the query's id and each
document's id is the "id=" line of its data (scriptindex's "field=id").
"""
import sys

import xapian


def doc_id(data):
    for line in data.decode("utf-8", "replace").split("\n"):
        if line.startswith("id="):
            return line[3:]
    return "-"


def main(argv):
    if len(argv) != 5:
        sys.stderr.write(__doc__)
        return 2
    db = xapian.Database(argv[1])
    k1, b = float(argv[2]), float(argv[3])
    enquire = xapian.Enquire(db)
    # k2 = 0, k3 = 1 and min_normlen = 0.5 are Xapian's defaults.
    enquire.set_weighting_scheme(xapian.BM25Weight(k1, 0, 1, b, 0.5))
    qp = xapian.QueryParser()
    qp.set_database(db)
    qp.set_stemmer(xapian.Stem("english"))
    qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    qp.set_default_op(xapian.Query.OP_OR)
    out = sys.stdout
    with open(argv[4], encoding="utf-8") as queries:
        for line in queries:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 3:
                continue
            qid, text = fields[1], fields[2]
            try:
                query = qp.parse_query(text)
            except xapian.QueryParserError as e:
                sys.stderr.write("query %s: %s\n" % (qid, e))
                continue
            enquire.set_query(query)
            for m in enquire.get_mset(0, 1000):
                out.write("%s Q0 %s %d %.6f xapian\n" % (
                    qid, doc_id(m.document.get_data()), m.rank + 1,
                    m.weight))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
