# qrels.awk - SMART relevance judgments to TREC qrels ("qid 0 docid gain").
#
#   awk -f qrels.awk -v gains=auto|binary QUERIES.tsv JUDGMENTS...
#
# QUERIES.tsv is smart.awk's query list (number TAB id TAB text). A
# judgment line is "qid docid [code...]", white-space separated. The
# output's qid is always the query's .I id, which the runs use:
#   - the judgments' qid is the query's id when every qid is one (CACM);
#     otherwise it is its ordinal position in the query file (Cranfield,
#     whose ids are not consecutive);
#   - with no code, or codes that are all 0 (CACM's "0 0"), every line is
#     relevant, gain 1;
#   - otherwise the third column is a graded code on Cleverdon's scale, 1
#     the best: codes 1..max are relevant with gain max + 1 - code (so 4,
#     3, 2, 1 for Cranfield's 1-4), and a code <= 0 (Cranfield's -1) is
#     judged not relevant. gains=binary gives every relevant line gain 1.
# Leading zeros of ids are dropped, as smart.awk drops them.
function strip(s) { sub(/^0+/, "", s); return s == "" ? "0" : s }

FNR == NR {
	split($0, f, "\t")
	id_of[f[1]] = f[2]
	is_id[f[2]] = 1
	next
}

{ sub(/\r$/, "") }

NF >= 2 {
	n++
	qid[n] = strip($1)
	doc[n] = strip($2)
	code[n] = NF >= 3 ? $3 + 0 : 0
	if (code[n] > 0)
		graded = 1
	if (code[n] > max)
		max = code[n]
	if (!(qid[n] in is_id))
		by_position = 1
}

END {
	for (i = 1; i <= n; i++) {
		q = qid[i]
		if (by_position) {
			if (!(q in id_of)) {
				printf "qrels.awk: query %s is not in the query file\n", q > "/dev/stderr"
				bad = 1
				continue
			}
			q = id_of[q]
		} else if (!(q in is_id)) {
			continue
		}
		if (!graded)
			g = 1
		else if (code[i] <= 0)
			g = 0
		else
			g = gains == "binary" ? 1 : max + 1 - code[i]
		printf "%s 0 %s %d\n", q, doc[i], g
	}
	exit bad
}
