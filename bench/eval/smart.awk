# smart.awk - reads a SMART-format test collection (documents or queries)
# and writes one record per line, tab-separated, for the harness.
#
#   awk -f smart.awk -v what=docs    FILE...   id TAB title TAB body TAB author
#   awk -f smart.awk -v what=queries FILE...   number TAB id TAB text
#
# A record starts at ".I <id>"; each field starts at a tag line (".T",
# ".W", ".A", ...: a dot, one capital, then the end of the line or a space
# and text) and runs to the next tag. Documents: .T is the title, .W the
# body (several .W sections are joined), .A the authors (joined with "; ");
# other tags (.B, .N, .X, .K, .C ...) are not text to index and are left
# out. Queries: the text is .W; number is the query's ordinal position,
# which some judgment files use instead of its id. CR line ends are
# accepted; tabs and line breaks inside a field become single spaces.
BEGIN { FS = "\n"; n = 0; tag = "" }

function flush() {
	if (id == "")
		return
	if (what == "queries")
		printf "%d\t%s\t%s\n", ++n, id, squeeze(f["W"])
	else
		printf "%s\t%s\t%s\t%s\n", id, squeeze(f["T"]), squeeze(f["W"]),
		       names(f["A"])
	delete f
	id = ""
}

# The lines of s, trimmed, the empty ones dropped, joined with "; ".
function names(s,    a, i, k, out) {
	k = split(s, a, "\n")
	out = ""
	for (i = 1; i <= k; i++) {
		a[i] = squeeze(a[i])
		if (a[i] != "")
			out = out (out == "" ? "" : "; ") a[i]
	}
	return out
}

function squeeze(s) {
	gsub(/[\t\r\n ]+/, " ", s)
	sub(/^ /, "", s)
	sub(/ $/, "", s)
	return s
}

{ sub(/\r$/, "") }

/^\.I([ \t]|$)/ {
	flush()
	id = $0
	sub(/^\.I[ \t]*/, "", id)
	sub(/[ \t]+$/, "", id)
	sub(/^0+/, "", id)          # "001" and "1" are the same query
	if (id == "")
		id = "0"
	tag = ""
	next
}

/^\.[A-Z]([ \t]|$)/ {
	tag = substr($0, 2, 1)
	rest = substr($0, 3)
	if (rest ~ /[^ \t]/)
		f[tag] = f[tag] rest "\n"
	next
}

tag != "" && id != "" { f[tag] = f[tag] $0 "\n" }

END { flush() }
