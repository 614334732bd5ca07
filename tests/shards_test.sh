#!/bin/sh
# shards_test.sh - shard sets end to end: index samples/ (and Reuters-21578
# when ../shared/corpora has it) into shards, serve each shard with
# xapian-tcpsrv on 127.0.0.1, and check that searching the remote set
# gives what one local index of the same articles gives; then stop a
# server and check the error and --allow-partial.
# Usage: shards_test.sh BYLINE-INDEX BYLINE-SEARCH SAMPLES-DIR CORPORA-DIR
set -eu

index_bin=$1
search_bin=$2
samples=$3
corpora=$4

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

if ! command -v xapian-tcpsrv >/dev/null 2>&1; then
	echo "SKIP: xapian-tcpsrv not installed (Debian package xapian-tools)"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/byline-shards.XXXXXX")
cleanup() {
	[ -f "$tmp/pids" ] && for p in $(cat "$tmp/pids"); do
		kill -9 "$p" 2>/dev/null || :
	done
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# Starts xapian-tcpsrv on a free port for database $1; prints "PORT PID".
# Servers are stopped with SIGKILL: on SIGTERM xapian-tcpsrv signals its
# whole process group, which is this script's.
serve() {
	for try in 1 2 3 4 5 6 7 8 9 10 11 12; do
		port=$(( 20000 + ($$ * 7 + try * 331 + $(date +%N | sed "s/^0*//" | cut -c1-4)0) % 40000 ))
		xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$port" \
			--timeout 20000 "$1" >"$tmp/srv-$port.log" 2>&1 &
		pid=$!
		sleep 0.3
		if kill -0 "$pid" 2>/dev/null; then
			echo "$pid" >>"$tmp/pids"
			echo "$port $pid"
			return 0
		fi
	done
	return 1
}

# Search $1 (index) with the rest as arguments; JSON with scores and ids.
ids() {
	idx=$1
	shift
	"$search_bin" --index "$idx" --format json --all-versions "$@" |
		tr '{' '\n' | sed -n 's/.*"id":"\([^"]*\)".*"score":\([0-9.]*\).*/\1 \2/p'
}

# The exact total: counting facets makes the match run to the end.
total() {
	idx=$1
	shift
	"$search_bin" --index "$idx" --format json --all-versions -n 0 \
		--facets year "$@" |
		sed -n 's/.*"total":\([0-9]*\).*/\1/p'
}

facets() {
	idx=$1
	shift
	"$search_bin" --index "$idx" --format json --all-versions -n 0 "$@" |
		sed -n 's/.*"facets":\({[^}]*}\).*/\1/p'
}

check_set() {
	name=$1 dir=$2 n=$3
	shift 3
	local_idx=$tmp/$name-one.idx
	set_idx=$tmp/$name-set
	"$index_bin" -q --index "$local_idx" "$dir" 2>/dev/null || :
	"$index_bin" -q --index "$set_idx" --shards "$n" "$dir" 2>/dev/null || :
	stub=$tmp/$name-remote.stub
	: >"$stub"
	i=0
	while [ "$i" -lt "$n" ]; do
		if ! got=$(serve "$set_idx.shards/$i"); then
			fail "$name: cannot start xapian-tcpsrv for shard $i"
			return
		fi
		echo "remote 127.0.0.1:${got% *}" >>"$stub"
		eval "srv_${name}_$i=\${got#* }"
		i=$((i + 1))
	done
	for q in "$@"; do
		a=$(ids "$local_idx" -n 10 "$q")
		b=$(ids "$stub" -n 10 "$q")
		c=$(ids "$set_idx" -n 10 "$q")
		if [ -n "$a" ] && [ "$a" = "$b" ] && [ "$a" = "$c" ]; then pass
		else fail "$name: top 10 for '$q' differ: local [$a] remote [$b] local set [$c]"; fi
		ta=$(total "$local_idx" "$q")
		tb=$(total "$stub" "$q")
		if [ "$ta" = "$tb" ]; then pass
		else fail "$name: total for '$q': local $ta, remote $tb"; fi
		fa=$(facets "$local_idx" --facets source,year,month "$q")
		fb=$(facets "$stub" --facets source,year,month "$q")
		if [ -n "$fa" ] && [ "$fa" = "$fb" ]; then pass
		else fail "$name: facets for '$q': local $fa, remote $fb"; fi
	done
	# Sorting, date filters and snippets travel too.
	a=$(ids "$local_idx" -n 5 --sort newest "$1 date:..1999")
	b=$(ids "$stub" -n 5 --sort newest "$1 date:..1999")
	[ "$a" = "$b" ] && pass || fail "$name: --sort newest differs"
	# A range with times of day: locally (one index or a set) day terms
	# less the articles outside by a posting source, remotely the date
	# value; the same articles.
	for r in 'date:2024-03-18T06:00:00Z..2024-08-07T16:43:00Z' \
		'date:1987-03-03T12:00:00Z..1987-03-10T12:00:00Z'; do
		a=$(ids "$local_idx" -n 10000 "$r" | cut -d' ' -f1 | sort)
		b=$(ids "$stub" -n 10000 "$r" | cut -d' ' -f1 | sort)
		c=$(ids "$set_idx" -n 10000 "$r" | cut -d' ' -f1 | sort)
		ta=$(total "$local_idx" "$r")
		tb=$(total "$stub" "$r")
		if [ "$a" = "$b" ] && [ "$a" = "$c" ] && [ "$ta" = "$tb" ]; then
			pass
		else fail "$name: '$r': local $ta, remote $tb articles"; fi
	done
	if "$search_bin" --index "$stub" --format json -n 1 "$1" |
		grep -q '"snippet_html":"[^"]*<mark>'; then pass
	else fail "$name: remote snippet has no highlight"; fi
}

check_set samples "$samples" 3 election volcano '"climate change"' \
	'harbour OR ferry' title:comet
if [ -f "$corpora/reuters21578/reuters21578.tar.gz" ]; then
	mkdir "$tmp/reuters"
	tar -xzf "$corpora/reuters21578/reuters21578.tar.gz" -C "$tmp/reuters"
	mkdir "$tmp/r"
	mv "$tmp"/reuters/*/*.sgm "$tmp/r/"
	check_set reuters "$tmp/r" 4 coffee 'oil prices' '"interest rates"' \
		'gold NOT silver' 'wheat topic:grain'
else
	echo "note: Reuters-21578 not found under $corpora: sample shards only"
fi

# A shard that is down: a clear error naming it, fast; or partial results.
eval "victim=\$srv_samples_1"
kill -9 "$victim"
sleep 0.3
stub=$tmp/samples-remote.stub
start=$(date +%s)
if "$search_bin" --index "$stub" --timeout 3000 election \
	>"$tmp/out" 2>"$tmp/err"; then
	fail "down shard: search succeeded"
else
	st=$?
	[ "$st" -eq 2 ] && pass || fail "down shard: exit $st, want 2"
fi
down=$(sed -n 2p "$stub")
grep -q "${down#remote }" "$tmp/err" && pass ||
	fail "down shard: error does not name '$down': $(cat "$tmp/err")"
[ $(( $(date +%s) - start )) -le 10 ] && pass || fail "down shard: too slow"
"$search_bin" --index "$stub" --format json --allow-partial election \
	>"$tmp/out" 2>"$tmp/err" || :
grep -q '"partial":true' "$tmp/out" && pass ||
	fail "partial: not flagged: $(cat "$tmp/out" "$tmp/err")"
grep -q "\"missing\":\[\"$down\"\]" "$tmp/out" && pass ||
	fail "partial: missing shard not listed"
grep -q '"hits":\[{' "$tmp/out" && pass || fail "partial: no hits from live shards"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
