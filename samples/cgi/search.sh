#!/bin/sh
# search.sh - a CGI script in POSIX sh that embeds Byline: it runs
# byline-search --format json with the query as one argument after --
# (never through a shell string) and renders the hits as a list.
#
# The web server sets BYLINE_INDEX (the index) and may set BYLINE_SEARCH
# (the program; default: byline-search on PATH). Only awk reads the
# request; nothing from it is ever evaluated by the shell.
set -u
PATH=${PATH:-/usr/local/bin:/usr/bin:/bin}
search=${BYLINE_SEARCH:-byline-search}
# byline-search called with arguments is a command, not a CGI program.
unset GATEWAY_INTERFACE

# Prints the URL-decoded value of parameter $1 of QUERY_STRING, control
# characters as spaces. LC_ALL=C: awk works on bytes.
param() {
	printf '%s' "${QUERY_STRING:-}" | LC_ALL=C awk -v name="$1" '
	BEGIN { RS = "&"; hex = "0123456789abcdef" }
	{
		eq = index($0, "=")
		if (eq == 0 || substr($0, 1, eq - 1) != name)
			next
		v = substr($0, eq + 1)
		gsub(/\+/, " ", v)
		out = ""
		while ((i = index(v, "%")) > 0) {
			out = out substr(v, 1, i - 1)
			h = tolower(substr(v, i + 1, 2))
			if (h ~ /^[0-9a-f][0-9a-f]$/) {
				c = (index(hex, substr(h, 1, 1)) - 1) * 16 + \
				    index(hex, substr(h, 2, 1)) - 1
				out = out (c < 32 || c == 127 ? " " : sprintf("%c", c))
				v = substr(v, i + 3)
			} else {
				out = out "%"
				v = substr(v, i + 1)
			}
		}
		value = out v
	}
	END { gsub(/[\001-\037\177]/, " ", value); printf "%s", value }'
}

# Turns byline-search's JSON (on stdin) into HTML list items: the titles
# escaped here, the snippets already HTML from its snippet_html.
render() {
	LC_ALL=C awk '
	function esc(s) {
		gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s)
		gsub(/>/, "\\&gt;", s); gsub(/"/, "\\&quot;", s)
		gsub(/\047/, "\\&#39;", s)
		return s
	}
	# The string value of "key" in s (JSON escapes undone; \u escapes,
	# which byline-search uses only for control characters and line
	# separators, become spaces), or "" for null or absent.
	function jstr(s, key,    i, n, c, out) {
		i = index(s, "\"" key "\":\"")
		if (i == 0)
			return ""
		s = substr(s, i + length(key) + 4)
		n = length(s)
		out = ""
		for (i = 1; i <= n; i++) {
			c = substr(s, i, 1)
			if (c == "\"")
				break
			if (c == "\\") {
				c = substr(s, ++i, 1)
				if (c == "u") {
					i += 4
					c = " "
				} else if (c ~ /[bfnrt]/) {
					c = " "
				}
			}
			out = out c
		}
		return out
	}
	{ doc = doc $0 }
	END {
		if (match(doc, /"total":[0-9]+/))
			printf "<p>%s result(s)</p>\n<ol>\n", \
			       substr(doc, RSTART + 8, RLENGTH - 8)
		n = split(doc, hits, /\{"rank":/)
		for (k = 2; k <= n; k++) {
			title = esc(jstr(hits[k], "title"))
			url = jstr(hits[k], "url")
			date = substr(jstr(hits[k], "date"), 1, 10)
			if (url ~ /^https?:\/\//)
				title = "<a href=\"" esc(url) "\">" title "</a>"
			printf "<li><b>%s</b> <small>%s</small><br>%s</li>\n", \
			       title, esc(date), jstr(hits[k], "snippet_html")
		}
		print "</ol>"
	}'
}

q=$(param q)
html_q=$(printf '%s' "$q" | LC_ALL=C awk '{
	gsub(/&/, "\\&amp;"); gsub(/</, "\\&lt;"); gsub(/>/, "\\&gt;")
	gsub(/"/, "\\&quot;"); gsub(/\047/, "\\&#39;"); printf "%s", $0 }')

page_head() {
	printf 'Status: %s\r\nContent-Type: text/html; charset=utf-8\r\n' "$1"
	printf 'Cache-Control: no-store\r\n\r\n'
	printf '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
	printf '<meta name="viewport" content="width=device-width, initial-scale=1">'
	printf '<title>Search</title></head><body>\n'
	printf '<form method="get"><input type="search" name="q" value="%s">' \
	       "$html_q"
	printf ' <button>Search</button></form>\n'
}

if [ -z "$q" ]; then
	page_head "200 OK"
	printf '</body></html>\n'
	exit 0
fi
# "--" ends the options: a query such as "--help" is searched for.
json=$("$search" --format json --limit 20 -- "$q")
status=$?
if [ "$status" -gt 1 ]; then
	page_head "500 Internal Server Error"
	printf '<p>The search is not available right now.</p></body></html>\n'
	exit 0
fi
page_head "200 OK"
printf '%s\n' "$json" | render
printf '</body></html>\n'
