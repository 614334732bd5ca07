#!/bin/sh
# tests/fuzz/seeds.sh - writes the seed corpus of every fuzz target into
# OUTDIR/<target>/, generated from samples/ and from the small inputs
# below (nothing is copied from elsewhere). Run by tests/fuzz/run.sh.
# Usage: sh tests/fuzz/seeds.sh SAMPLES_DIR OUTDIR
set -eu

samples=$1
out=$2
rm -rf "$out"
for t in plain mail reuters trec jsonl feed html detect date utf8 html_text \
         mime charset stored gzip search snippet cgi; do
	mkdir -p "$out/$t"
done

n=0
# put TARGET: standard input becomes the next seed of TARGET.
put() {
	n=$((n + 1))
	cat >"$out/$1/seed-$n"
}

# cat_plain FILE: the file's content, decompressed when gzipped.
cat_plain() {
	case $1 in
	*.gz) gzip -dc "$1" ;;
	*) cat "$1" ;;
	esac
}

# One detect seed: a byte choosing the file name the detectors see (see
# fuzz_detect in targets.c), then the content.
detect_seed() {
	{ printf "$1"; cat_plain "$2"; } | put detect
}

for f in "$samples"/*.txt "$samples"/*.txt.gz; do
	[ -f "$f" ] || continue
	cat_plain "$f" | put plain
	cat_plain "$f" | put utf8
	detect_seed '\001' "$f"
done
for f in "$samples"/mail/*; do
	cat_plain "$f" | put mail
	detect_seed '\003' "$f"
	# After the harness's "Subject: " line: the file's own headers.
	{ printf 'Re: =?utf-8?q?caf=C3=A9?=\n'; cat_plain "$f"; } | put mime
done
for f in "$samples"/sgml/*; do
	case $f in
	*.sgm*) cat_plain "$f" | put reuters; detect_seed '\004' "$f" ;;
	*) cat_plain "$f" | put trec; detect_seed '\005' "$f" ;;
	esac
done
for f in "$samples"/jsonl/*; do
	cat_plain "$f" | put jsonl
	detect_seed '\006' "$f"
done
for f in "$samples"/feeds/*; do
	cat_plain "$f" | put feed
	cat_plain "$f" | put html_text
	detect_seed '\007' "$f"
done
for f in "$samples"/html/*; do
	cat_plain "$f" | put html
	cat_plain "$f" | put html_text
	detect_seed '\010' "$f"
done

# gzip: compressed and plain files as they are, and a truncated stream.
for f in "$samples"/*.gz "$samples"/*/*.gz "$samples"/volcano-iceland-eruption.txt; do
	[ -f "$f" ] || continue
	put gzip <"$f"
done
for f in "$samples"/*.gz; do
	head -c 200 "$f" | put gzip
	break
done

# JSON edge cases, mapped keys included (fuzz_map in targets.c).
printf '%s\n' \
	'{"headline": "A \u00e9t\u00e9 \ud83d\ude00", "story": "x", "when": 1723048980000, "tags": ["a", "b"], "junk": {"deep": [1, 2, {"x": null}]}}' \
	'[{"title": "one", "text": "body", "date": "2024-08-07"}, {"title": "two"}]' \
	'{"title": "esc \" \\ \/ \b\f\n\r\t", "body": "\ud800 lone", "date": -1e400}' |
	put jsonl

# Dates, date filters and times of day: the forms bl_date.h lists.
for d in 'Tue, 06 Aug 2024 16:43:00 +0000' '1 Apr 93 10:00 GMT' \
	'2024-08-07' '2024-08-07T16:43:00.5Z' '2024-08-07 16:43+02:00' '2024-08' \
	'26-FEB-1987 15:01:01.79' '07-Aug-2024' \
	'Wednesday, August 7, 2024, 4:43 pm EDT' '7 Aug 2024' 'Sept. 3, 2023' \
	'08/07/2024' '25/12/2024' '2024/08/07' '4:43 pm' '16:43:05' \
	'12:30 p.m.' 'Mon, 1 Jan 2024 00:00:60 -1200 (PST)' \
	'2024' 'today' 'yesterday' '7d' '2w' '3m' '1y' 'last-week' \
	'last-month' 'last-year' '2024-08-01..2024-08-31' '..1987-03-01' \
	'2024..' '9999-12-31T23:59:59Z' '1000-01-01T00:00:00+1400'; do
	printf '%s' "$d" | put date
done
for f in "$samples"/*.txt; do
	grep '^- ' "$f" | sed 's/^- //' | while IFS= read -r line; do
		printf '%s' "$line" | put date
	done
done

# UTF-8: overlong forms, surrogates, truncated sequences, past U+10FFFF,
# Windows-1252 bytes, NUL.
printf '\300\257 \340\200\257 \355\240\200 \364\220\200\200 \370\210\200\200\200 caf\351 \342\202 \200\237\0 ok' | put utf8
printf 'plain ASCII, \303\251t\303\251, \360\237\230\200' | put utf8

# HTML to text.
printf '%s' '<html><head><title>t</title><script>x<y</script></head><body><p>A&amp;B &eacute;&#233;&#xE9;&#0;&#x110000;&nbsp;<br><pre> a  b </pre><!-- c --><![CDATA[<d>]]><table><tr><td>1<td>2</table><nav>n</nav></body>' | put html_text
printf '%s' '<p a="x>y" b='"'"'<'"'"'>unclosed <b <i>&amp &lt= &#65 &unknown;' | put html_text

# MIME: the rest of a header after "Subject: ", then more fields and a body.
printf '%s\n' '=?utf-8?q?caf=C3=A9_au_lait?= =?iso-8859-1?b?Y2Fm6Q==?=' \
	'From: =?koi8-r?b?8NLJ18XU?= <a@example.org>' \
	'Date: Tue, 06 Aug 2024 16:43:00 +0000' \
	'MIME-Version: 1.0' \
	'Content-Type: multipart/alternative; boundary="XX"' \
	'' '--XX' 'Content-Type: text/plain; charset=iso-8859-1' \
	'Content-Transfer-Encoding: quoted-printable' '' 'Caf=E9 =' 'soft break' \
	'--XX' 'Content-Type: text/html; charset=utf-8' \
	'Content-Transfer-Encoding: base64' '' 'PHA+aGVsbG8gPGI+d29ybGQ8L2I+PC9wPg==' \
	'--XX' 'Content-Type: message/rfc822' '' 'Subject: inner' '' 'inner body' \
	'--XX--' | put mime
printf '%s\n' 'digest' 'Content-Type: multipart/digest; boundary=b' '' '--b' '' \
	'Subject: one' '' 'first' '--b' 'Content-Type: application/octet-stream' \
	'Content-Disposition: attachment; filename="x.bin"' '' 'AAAA' '--b--' | put mime

# Charsets: the first line names one (see fuzz_charset).
for f in "$samples"/latin1-cafe-review.txt; do
	{ printf 'iso-8859-1\n'; cat "$f"; } | put charset
	{ printf 'windows-1252\n'; cat "$f"; } | put charset
done
printf 'koi8-r\n\360\322\311\327\305\324' | put charset
printf 'shift_jis\n\202\261\202\361\202\311\202\277\202\315' | put charset
printf 'iso-2022-jp\n\033$B$3$s$K$A$O\033(B' | put charset
printf 'utf-16le\nh\0i\0\0\330' | put charset
printf 'utf-7\n+AGEAYgBj-' | put charset
printf 'no-such-charset\ncaf\351' | put charset

# Stored article data: tag, varint length, bytes; z is a zlib body
# (a stored deflate block holding "hello").
printf 't\005Titlea\003Bobi\006id.txtf\010p/id.txtd\0121723048980b\004body' | put stored
printf 'c\001xc\001yp\001zs\003src\165\003url' | put stored
printf 'z\021\005\170\001\001\005\000\372\377hello\006\054\002\025' | put stored
printf 'z\006\377\377\377\377\017\170' | put stored

# Queries (the first byte picks options; see fuzz_search).
for q in 'climate change' '"climate change" OR leaving' 'title:volcano' \
	'author:okafor' 'shuttle NEAR/3 launch' '(coffee OR cocoa) AND prices' \
	'anthrop*' '+tariff steel' 'election -senate' 'election NOT senate' \
	'id:volcano-iceland-eruption.txt' 'date:2024-08-01..2024-08-31' \
	'after:2024 before:2025' 'source:"harbour wire" category:grain' \
	'place:canada language:en' 'url:https://example.org/x' 'date:7d harbour' \
	'harbor counsil' 'title:"school board" AND date:2024' 'a* OR b*'; do
	printf '\000%s' "$q" | put search
	printf '\377%s' "$q" | put search
done

# Snippets: a byte picks the length, then the terms, a newline and the
# text (see fuzz_snippet): the samples' articles with words of theirs.
i=0
for f in "$samples"/*.txt "$samples"/*.txt.gz; do
	[ -f "$f" ] || continue
	i=$((i + 1))
	case $((i % 4)) in
	0) terms='Zleav parental' ;;
	1) terms='Zvolcano Zerupt iceland' ;;
	2) terms='climate Zchang' ;;
	*) terms='Zelect senate Zvote' ;;
	esac
	{ printf '%s
' "$terms"; cat_plain "$f"; } | put snippet
done
printf 'Zdon x
%s' "don't dogs' rock'n'roll caf\303\251 \342\200\231x" | put snippet

# CGI requests: a byte picks method and content type (see fuzz_cgi), then
# QUERY_STRING, a newline and the body.
for qs in 'q=harbour' 'q=%22climate+change%22+OR+leaving&page=2&per=20' \
	'q=caf%E9&sort=newest&format=json' 'q=x&facet=source:reuters&facet=year:2024' \
	'q=wall&date=2024-08&after=7d&before=today&index=main' \
	'similar=volcano-iceland-eruption.txt' 'q=%00%01%ff%2&per=0&page=-1' \
	'q=a&q=b&&&=&unknown=1'; do
	printf '\001%s' "$qs" | put cgi
done
printf '\002\nq=harbour+wall&page=1' | put cgi
printf '\012format=json\nq=ferry&sort=oldest' | put cgi
