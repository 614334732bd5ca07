#!/bin/sh
# eval_test.sh - retrieval-quality regression test: runs bench/eval/run on
# CACM with Byline's default ranking and fails when MAP falls more than
# 0.005 below the figure recorded in bench/eval/expected (rankings are
# deterministic, so any drop is real). Exits 77 (skipped) when the shared
# test collections are not beside the source tree.
#
# Usage: eval_test.sh SOURCE_DIR BUILD_DIR
set -u
src=$1
build=$2
corpora=$src/../shared/corpora
expected=$src/bench/eval/expected
tolerance=0.005

if [ ! -d "$corpora/cacm/judgments" ]; then
	echo "SKIP: $corpora/cacm not found: the shared test collections" \
	     "must sit beside the source tree (<repo>/../shared/corpora)"
	exit 77
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/byline-eval-test.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT

sh "$src/bench/eval/run" --build "$build" --corpora "$corpora" \
	--systems byline --work "$work" cacm || exit 1
want=$(awk '$1 == "cacm" && $2 == "map" { print $3 }' "$expected")
got=$(awk '$1 == "map" && $2 == "all" { print $3 }' \
	"$work/cacm/byline.run.eval")
if [ -z "$want" ] || [ -z "$got" ]; then
	echo "FAIL: no MAP to compare (expected '$want', measured '$got')"
	exit 1
fi
if awk -v g="$got" -v w="$want" -v t="$tolerance" \
	'BEGIN { exit !(g + t < w) }'; then
	echo "FAIL: CACM MAP $got is below the recorded $want by more than" \
	     "$tolerance (bench/eval/expected)"
	exit 1
fi
echo "PASS: CACM MAP $got (recorded $want, tolerance $tolerance)"
if awk -v g="$got" -v w="$want" -v t="$tolerance" \
	'BEGIN { exit !(g > w + t) }'; then
	echo "note: MAP rose above the record: update bench/eval/expected" \
	     "and RESULTS.md"
fi
