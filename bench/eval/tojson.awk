# tojson.awk - smart.awk's document list (id TAB title TAB body TAB author)
# to JSON Lines that byline-index reads: {"id", "title", "body", "author"},
# empty fields left out.
function esc(s) {
	gsub(/\\/, "\\\\", s)
	gsub(/"/, "\\\"", s)
	gsub(/[\001-\037\177]/, " ", s)
	return s
}

BEGIN { FS = "\t" }

{
	line = "{\"id\": \"" esc($1) "\""
	if ($2 != "")
		line = line ", \"title\": \"" esc($2) "\""
	if ($3 != "")
		line = line ", \"body\": \"" esc($3) "\""
	if ($4 != "")
		line = line ", \"author\": \"" esc($4) "\""
	print line "}"
}
