#!/usr/bin/python3
"""prep.py - turns a corpus into the inputs every engine of the benchmark reads.

  prep.py extract reuters SRC_DIR OUT.jsonl     Reuters-21578 .sgm files
  prep.py extract 20news  SRC_DIR OUT.jsonl     20newsgroups-bydate tree
  prep.py peers   IN.jsonl OUT_DIR [--no-html]   the peers' input files

The neutral form is JSON Lines with id, title, author, date (ISO 8601 UTC
or absent), body and num (a 1-based integer id, for engines that want one).
Byline reads the original files (or, for generated corpora, this JSONL);
the peers read forms made from the JSONL, so every engine sees the same
articles. Preparation time is never counted as indexing time.
"""
import csv
import html
import json
import os
import re
import sys
import time

csv.field_size_limit(1 << 30)

MONTHS = {m: i + 1 for i, m in enumerate(
    "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split())}


def decode(raw):
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def unsgml(s):
    s = re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1)))
               if int(m.group(1)) in (9, 10, 13) or int(m.group(1)) >= 32
               else " ", s)
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def tag(rec, name):
    m = re.search(r"<%s>(.*?)</%s>" % (name, name), rec, re.S)
    return unsgml(m.group(1)).strip() if m else ""


def reuters(src):
    num = 0
    for name in sorted(os.listdir(src)):
        if not name.endswith(".sgm"):
            continue
        with open(os.path.join(src, name), "rb") as f:
            text = decode(f.read())
        for m in re.finditer(r"<REUTERS([^>]*)>(.*?)</REUTERS>", text, re.S):
            attrs, rec = m.group(1), m.group(2)
            newid = re.search(r'NEWID="(\d+)"', attrs).group(1)
            body = tag(rec, "BODY")
            if not body:
                t = re.search(r"<TEXT[^>]*>(.*?)</TEXT>", rec, re.S)
                body = unsgml(re.sub(r"<[^>]+>", " ", t.group(1))).strip() \
                    if t else ""
            date = None
            d = re.match(r"\s*(\d+)-([A-Z]{3})-(\d{4}) (\d\d):(\d\d):(\d\d)",
                         tag(rec, "DATE"))
            if d and d.group(2) in MONTHS:
                date = "%s-%02d-%02dT%s:%s:%sZ" % (
                    d.group(3), MONTHS[d.group(2)], int(d.group(1)),
                    d.group(4), d.group(5), d.group(6))
            num += 1
            yield {"id": newid, "num": num, "title": tag(rec, "TITLE"),
                   "author": tag(rec, "AUTHOR"), "date": date, "body": body}


def newsgroups(src):
    paths = []
    for root, dirs, files in os.walk(src):
        dirs.sort()
        paths += [os.path.join(root, f) for f in sorted(files)]
    for num, path in enumerate(paths, 1):
        with open(path, "rb") as f:
            text = decode(f.read())
        head, _, body = text.partition("\n\n")
        hdr = {}
        for line in head.split("\n"):
            k, sep, v = line.partition(":")
            if sep and k and " " not in k:
                hdr.setdefault(k.lower(), v.strip())
        yield {"id": os.path.relpath(path, src), "num": num,
               "title": hdr.get("subject", ""), "author": hdr.get("from", ""),
               "date": None, "body": body.strip()}


def flat(s):
    return re.sub(r"[\t\r\n\x00-\x08\x0b\x0c\x0e-\x1f]+", " ", s or "")


def ymd(date):
    return date[:10].replace("-", "") if date else ""


def epoch(date):
    if not date:
        return 0
    return int(time.mktime(time.strptime(date, "%Y-%m-%dT%H:%M:%SZ"))
               - time.timezone)


def peers(jsonl, out, with_html):
    """Writes, from one JSONL file:
    html/NNN/NUM.html  one page per article, mtime = its date (omindex,
                       swish-e); a <meta name="date"> for swish-e's limits
    dump.txt           scriptindex records
    fts.csv            num,id,title,author,date,body for SQLite's .import
    articles.tsv       num, yyyymmdd, id, title, author, body (Sphinx's
                       tsvpipe and the Lucene loader)"""
    os.makedirs(out, exist_ok=True)
    if with_html:
        os.makedirs(os.path.join(out, "html"), exist_ok=True)
    dump = open(os.path.join(out, "dump.txt"), "w", encoding="utf-8")
    fts = open(os.path.join(out, "fts.csv"), "w", encoding="utf-8",
               newline="")
    tsv = open(os.path.join(out, "articles.tsv"), "w", encoding="utf-8")
    w = csv.writer(fts)
    with open(jsonl, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            num, date = a["num"], a.get("date")
            title, body = a.get("title") or "", a.get("body") or ""
            author = a.get("author") or ""
            if with_html:
                d = os.path.join(out, "html", "%03d" % (num // 1000))
                if num % 1000 == 0 or not os.path.isdir(d):
                    os.makedirs(d, exist_ok=True)
                p = os.path.join(d, "%d.html" % num)
                with open(p, "w", encoding="utf-8") as h:
                    h.write("<html><head><meta charset=\"utf-8\">"
                            "<title>%s</title><meta name=\"date\" "
                            "content=\"%s\"><meta name=\"author\" "
                            "content=\"%s\"></head><body><p>%s</p>"
                            "</body></html>\n" % (
                                html.escape(title), ymd(date),
                                html.escape(author),
                                html.escape(body).replace("\n\n", "</p><p>")))
                if date:
                    t = epoch(date)
                    os.utime(p, (t, t))
            # scriptindex: field=value, continuation lines start with '=',
            # records end with a blank line.
            dump.write("id=%s\nnum=%d\ntitle=%s\nauthor=%s\ndate=%s\n"
                       "body=%s\n\n" % (
                           flat(a["id"]), num, flat(title), flat(author),
                           ymd(date), "\n=".join(body.split("\n"))))
            w.writerow([num, a["id"], title, author,
                        (date or "")[:10], body])
            tsv.write("%d\t%s\t%s\t%s\t%s\t%s\n" % (
                num, ymd(date) or "0", flat(a["id"]), flat(title),
                flat(author), flat(body)))
    for f in (dump, fts, tsv):
        f.close()


def main(argv):
    if len(argv) >= 5 and argv[1] == "extract":
        gen = {"reuters": reuters, "20news": newsgroups}[argv[2]](argv[3])
        with open(argv[4], "w", encoding="utf-8") as f:
            for a in gen:
                f.write(json.dumps(a, ensure_ascii=False) + "\n")
        return 0
    if len(argv) >= 4 and argv[1] == "peers":
        peers(argv[2], argv[3], "--no-html" not in argv)
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
