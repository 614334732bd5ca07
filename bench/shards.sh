#!/bin/sh
# bench/shards.sh - query latency over 1, 2 and 4 shards, local and
# remote (xapian-tcpsrv on 127.0.0.1), and build time of a shard set
# against one index, on the same articles in one run.
#   sh bench/shards.sh [CORPUS-DIR [QUERIES-FILE]]
# CORPUS-DIR defaults to Reuters-21578 unpacked from ../shared/corpora;
# QUERIES-FILE to bench/queries/reuters.txt (kind<TAB>query lines; the
# first 120 are run). Prints a Markdown table. Binaries from build/
# (BYLINE_BIN overrides); build them first (Release is best).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
bin=${BYLINE_BIN:-$top/build}
work=$(mktemp -d "${TMPDIR:-/tmp}/byline-bench-shards.XXXXXX")
trap 'for p in $(cat "$work/pids" 2>/dev/null); do kill -- "-$p" 2>/dev/null || :; done; rm -rf "$work"' EXIT INT TERM

corpus=${1:-}
if [ -z "$corpus" ]; then
	tgz=$top/../shared/corpora/reuters21578/reuters21578.tar.gz
	[ -f "$tgz" ] || { echo "no corpus given and $tgz missing" >&2; exit 2; }
	mkdir "$work/src" "$work/corpus"
	tar -xzf "$tgz" -C "$work/src"
	mv "$work"/src/*/*.sgm "$work/corpus/"
	corpus=$work/corpus
fi
queries=${2:-$here/queries/reuters.txt}
grep -v '^#' "$queries" | cut -f2 | head -n 120 >"$work/q"

ms() { date +%s%N | cut -c1-13; }

# Builds INDEX from the corpus with extra options; prints seconds.
build() {
	t0=$(ms)
	"$bin/indexer/byline-index" -q "$@" "$corpus" 2>/dev/null || :
	echo "scale=2; ($(ms) - $t0) / 1000" | bc
}

# Median and p95 in ms of running every query through byline-search.
latency() {
	: >"$work/lat"
	while IFS= read -r q; do
		t0=$(date +%s%N)
		"$bin/searcher/byline-search" --index "$1" --format json -n 10 \
			-- "$q" >/dev/null 2>&1 || :
		echo $(( ($(date +%s%N) - t0) / 1000 )) >>"$work/lat"
	done <"$work/q"
	sort -n "$work/lat" | awk '{ v[NR] = $1 } END {
		printf "%.1f | %.1f", v[int((NR + 1) / 2)] / 1000,
		       v[int(NR * 0.95 + 0.5)] / 1000 }'
}

serve() {   # DB PORT: xapian-tcpsrv in its own session
	setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$2" \
		"$1" >/dev/null 2>&1 &
	echo $! >>"$work/pids"
}

echo "| set-up | build (s) | median query (ms) | p95 query (ms) |"
echo "|---|---|---|---|"
t=$(build --index "$work/one")
echo "| 1 index, local | $t | $(latency "$work/one") |"
port=$((41000 + $$ % 2000))
for n in 2 4; do
	t=$(build --index "$work/set$n" --shards $n)
	echo "| $n shards, local | $t | $(latency "$work/set$n") |"
	: >"$work/remote$n"
	i=0
	while [ $i -lt $n ]; do
		serve "$work/set$n.shards/$i" $port
		echo "remote 127.0.0.1:$port" >>"$work/remote$n"
		port=$((port + 1))
		i=$((i + 1))
	done
	sleep 1
	echo "| $n shards, remote (xapian-tcpsrv) | - | $(latency "$work/remote$n") |"
done
echo
echo "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)," \
	"$(wc -l <"$work/q") queries, corpus $corpus"
