#!/bin/sh
# cli_test.sh - the programs as a user runs them, against golden output.
#
# Usage: cli_test.sh BYLINE-INDEX BYLINE-SEARCH SAMPLES-DIR TESTS-DIR
# With BYLINE_UPDATE_GOLDEN=1 the golden files are rewritten from this run
# (read them before committing them).
#
# The golden outputs come from a copy of the sixteen plain articles listed
# in tests/samples-expectations.md, indexed by a relative path: scores and
# percentages depend on every document in the index, so samples in other
# formats must not change them, and neither may where the checkout lives.
set -eu

if [ $# -ne 4 ]; then
	echo "usage: $0 BYLINE-INDEX BYLINE-SEARCH SAMPLES-DIR TESTS-DIR" >&2
	exit 2
fi

absolute() {
	case $1 in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s/%s\n' "$PWD" "$1" ;;
	esac
}

index_bin=$(absolute "$1")
search_bin=$(absolute "$2")
samples=$(absolute "$3")
tests=$(absolute "$4")
golden=$tests/golden

for bin in "$index_bin" "$search_bin"; do
	if [ ! -x "$bin" ]; then
		echo "FAIL: $bin is not an executable" >&2
		echo "0 passed, 1 failed"
		exit 1
	fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/byline-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

unset BYLINE_INDEX NO_COLOR || true
esc=$(printf '\033')
passed=0
failed=0

pass() {
	passed=$((passed + 1))
}

fail() {
	failed=$((failed + 1))
	printf 'FAIL: %s\n' "$*" >&2
	if [ -s "$tmp/err" ]; then
		sed 's/^/  stderr: /' "$tmp/err" >&2
	fi
}

# run CMD...: runs CMD with stdout in $tmp/out and stderr in $tmp/err,
# its exit status in $status.
run() {
	set +e
	"$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	set -e
}

# expect_status NAME WANT: checks the status of the last run.
expect_status() {
	if [ "$status" -eq "$2" ]; then
		pass
	else
		fail "$1: exit status $status, want $2"
	fi
}

# expect_grep NAME FILE PATTERN: FILE has a line matching PATTERN (fixed).
expect_grep() {
	if grep -F -e "$3" "$2" >/dev/null; then
		pass
	else
		fail "$1: '$3' not in $(basename "$2")"
	fi
}

# expect_no_grep NAME FILE PATTERN
expect_no_grep() {
	if grep -F -e "$3" "$2" >/dev/null; then
		fail "$1: '$3' in $(basename "$2")"
	else
		pass
	fi
}

# expect_golden NAME FILE GOLDEN: FILE equals tests/golden/GOLDEN.
expect_golden() {
	if [ "${BYLINE_UPDATE_GOLDEN:-}" = 1 ]; then
		mkdir -p "$golden"
		cp "$2" "$golden/$3"
		echo "updated $golden/$3"
	fi
	if cmp -s "$2" "$golden/$3"; then
		pass
	else
		fail "$1: output differs from golden/$3"
		diff -u "$golden/$3" "$2" >&2 || true
	fi
}

# The plain articles the golden files are made from.
fixed_articles='
airline-summer-passenger-record.txt.gz
chip-packaging-plant-arizona.txt
climate-talks-bonn-finance.txt
cup-final-penalties-ashford.txt.gz
humpback-whale-halifax-harbour.txt
latin1-cafe-review.txt
mayor-race-turnout-westbridge.txt
museum-painting-recovered-antwerp.txt
openai-schulman-2024-08-07.txt
parental-leave-law-portugal.txt.gz
riksbank-holds-rate.txt
school-board-recount-maple-ridge.txt
senate-special-vote-nevada.txt
volcano-iceland-eruption.txt
wheat-harvest-drought-kansas.txt
zurich-tram-expansion-vote.txt
'

# --- indexing ------------------------------------------------------------

all_idx=$tmp/all.idx
run env BYLINE_INDEX="$all_idx" "$index_bin" "$samples"
expect_status "index samples" 0
expect_grep "index samples: summary" "$tmp/out" "Indexed "
# Four sample files hold one malformed record each, on purpose: each is
# reported on stderr; no file is skipped.
if [ "$(wc -l <"$tmp/out")" -eq 1 ] &&
   [ "$(grep -c ': record ' "$tmp/err")" -eq 4 ] &&
   [ "$(wc -l <"$tmp/err")" -eq 4 ]; then
	pass
else
	fail "index samples: want one summary line and the four record warnings"
fi
if [ -d "$all_idx" ]; then
	pass
else
	fail "index samples: no index at \$BYLINE_INDEX"
fi

mkdir "$tmp/fixed" "$tmp/fixed/samples"
for f in $fixed_articles; do
	cp "$samples/$f" "$tmp/fixed/samples/$f"
done
cd "$tmp/fixed"
run env BYLINE_INDEX=fixed.idx "$index_bin" samples
expect_status "index fixed corpus" 0
expect_grep "index fixed corpus: summary" "$tmp/out" \
	"Indexed 16 articles from 16 files"

run "$index_bin" --help
expect_status "byline-index --help" 0
expect_grep "byline-index --help" "$tmp/out" "Usage: byline-index"
run "$index_bin" --version
expect_status "byline-index --version" 0
expect_grep "byline-index --version" "$tmp/out" "byline-index "
run "$index_bin" --index "$tmp/x.idx"
expect_status "byline-index without inputs" 2
run "$index_bin" --bogus "$samples"
expect_status "byline-index bad option" 2

mkdir "$tmp/bad"
printf 'Headline\n- Ann\nBody.\n' >"$tmp/bad/good.txt"
: >"$tmp/bad/empty.txt"
run "$index_bin" --index "$tmp/bad.idx" "$tmp/bad"
expect_status "byline-index with an empty file" 1
expect_grep "byline-index names the empty file" "$tmp/err" \
	"$tmp/bad/empty.txt"
expect_grep "byline-index summary" "$tmp/out" "Indexed 1 article from 2 files"

# --- searching: help, exit statuses ---------------------------------------

export BYLINE_INDEX="$all_idx"

run "$search_bin" --help
expect_status "byline-search --help" 0
expect_grep "byline-search --help" "$tmp/out" "Usage: byline-search"
run "$search_bin" --version
expect_status "byline-search --version" 0
if grep '^byline-search [0-9]' "$tmp/out" >/dev/null; then
	pass
else
	fail "byline-search --version: no version"
fi

run "$search_bin" volcano
expect_status "a query with hits" 0
run "$search_bin" xyzzyplugh
expect_status "a query without hits" 1
expect_grep "a query without hits" "$tmp/out" 'No results for "xyzzyplugh"'
run "$search_bin" --index "$tmp/no-such.idx" volcano
expect_status "a missing index" 2
expect_grep "a missing index is named" "$tmp/err" "$tmp/no-such.idx"
run env BYLINE_INDEX="$tmp/no-such.idx" "$search_bin" volcano
expect_status "a missing \$BYLINE_INDEX" 2
run env BYLINE_INDEX="$tmp/no-such.idx" "$search_bin" --index "$all_idx" \
	volcano
expect_status "--index beats \$BYLINE_INDEX" 0
run "$search_bin" --bogus volcano
expect_status "a bad option" 2
run "$search_bin" --limit=abc volcano
expect_status "a bad --limit" 2
run "$search_bin"
expect_status "no query" 2
run "$search_bin" 'title:('
if [ "$status" -le 1 ]; then pass; else fail "'title:(': exit $status"; fi
run "$search_bin" '"unbalanced AND ('
if [ "$status" -le 1 ]; then pass; else fail "unbalanced: exit $status"; fi

run "$search_bin" -n 1 -o 1 election
expect_status "paging" 0
expect_grep "paging: second hit" "$tmp/out" "  2. "
expect_no_grep "paging: not the first" "$tmp/out" "  1. "

run "$search_bin" --exact-total --format json leave
expect_status "--exact-total" 0
expect_grep "--exact-total: exact" "$tmp/out" '"total_exact":true'
run "$search_bin" --help
expect_grep "--help: --exact-total" "$tmp/out" "--exact-total"

# --- highlighting ---------------------------------------------------------

run "$search_bin" leave
expect_status "piped text" 0
expect_grep "piped text has brackets" "$tmp/out" "[leave]"
expect_no_grep "piped text has no escapes" "$tmp/out" "$esc"

run env NO_COLOR=1 "$search_bin" leave
expect_grep "NO_COLOR, piped" "$tmp/out" "[leave]"
expect_no_grep "NO_COLOR, piped: no escapes" "$tmp/out" "$esc"

run "$search_bin" --color=always leave
expect_grep "--color=always" "$tmp/out" "${esc}["
expect_no_grep "--color=always: no brackets" "$tmp/out" "[leave]"

# Control characters, C1 controls and invalid UTF-8 reach a terminal as
# U+FFFD, with the text around them intact.
run "$search_bin" "zqx$(printf '\033[31m\302\233 caf\303\251 \377 end\177')"
expect_grep "control characters replaced" "$tmp/out" \
	"zqx$(printf '\357\277\275[31m\357\277\275 caf\303\251 \357\277\275 end\357\277\275')\""
expect_no_grep "control characters: no escapes" "$tmp/out" "$esc"

# A terminal, through script(1) where it exists.
if command -v script >/dev/null 2>&1 &&
   script -qec true /dev/null >/dev/null 2>&1; then
	run script -qec "'$search_bin' leave" /dev/null
	expect_grep "terminal" "$tmp/out" "${esc}["
	expect_no_grep "terminal: no brackets" "$tmp/out" "[leave]"
	run env NO_COLOR=1 script -qec "'$search_bin' leave" /dev/null
	expect_grep "NO_COLOR on a terminal" "$tmp/out" "[leave]"
	expect_no_grep "NO_COLOR on a terminal: no escapes" "$tmp/out" "$esc"
else
	echo "SKIP: no usable script(1): terminal output not checked"
fi

# --- golden output --------------------------------------------------------

export BYLINE_INDEX=fixed.idx

run "$search_bin" --format json volcano
expect_status "JSON volcano" 0
sed 's/"seconds":[0-9.eE+-]*/"seconds":0/' "$tmp/out" >"$tmp/volcano.json"
expect_golden "JSON volcano" "$tmp/volcano.json" volcano.json

run "$search_bin" leaving
expect_status "text leaving" 0
sed '1s/, [0-9.]* s)/, 0.000 s)/' "$tmp/out" >"$tmp/leaving.txt"
expect_golden "text leaving" "$tmp/leaving.txt" leaving.txt

# Indexing the same files again changes nothing.
run env BYLINE_INDEX=fixed.idx "$index_bin" samples
expect_status "re-index fixed corpus" 0
run "$search_bin" --format json volcano
sed 's/"seconds":[0-9.eE+-]*/"seconds":0/' "$tmp/out" >"$tmp/volcano2.json"
expect_golden "JSON volcano after re-indexing" "$tmp/volcano2.json" \
	volcano.json

cd /
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
