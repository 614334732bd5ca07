#!/bin/sh
# run-example.sh - a worked example of a shard set: index samples/ into four
# shards, serve each with xapian-tcpsrv on 127.0.0.1, and search the set
# from the command line and as CGI. Run from the repository root after
# building:  sh samples/shards/run-example.sh
# Stops the servers it started on exit.
set -eu

bin=${BYLINE_BIN:-build}
work=$(mktemp -d "${TMPDIR:-/tmp}/byline-shards-example.XXXXXX")
trap 'for p in $(cat "$work/pids" 2>/dev/null); do kill -- "-$p" 2>/dev/null || :; done; rm -rf "$work"' EXIT INT TERM

# 1. Four shards: $work/news.shards/0..3 and the local stub $work/news.
"$bin/indexer/byline-index" --quiet --index "$work/news" --shards 4 samples

# 2. One xapian-tcpsrv per shard (its own session: on SIGTERM it signals
#    its whole process group). In production these run on four machines.
: >"$work/remote.stub"
port=44470
for i in 0 1 2 3; do
	setsid xapian-tcpsrv --quiet --interface 127.0.0.1 \
		--port $((port + i)) "$work/news.shards/$i" >/dev/null 2>&1 &
	echo $! >>"$work/pids"
	echo "remote 127.0.0.1:$((port + i))" >>"$work/remote.stub"
done
sleep 1

# 3. Search the remote set like a single index.
echo "--- remote shards:"
cat "$work/remote.stub"
"$bin/searcher/byline-search" --index "$work/remote.stub" --facets source,year \
	'election OR harbour' --limit 3

# 4. The same request as the CGI program would answer it.
echo "--- CGI:"
GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET QUERY_STRING='q=election&format=json' \
	BYLINE_INDEX="$work/remote.stub" "$bin/searcher/byline-search" | head -c 400
echo

# 5. A shard down: an error naming it, or partial results.
kill -- "-$(head -n 1 "$work/pids")"
sleep 0.3
echo "--- shard 0 stopped:"
"$bin/searcher/byline-search" --index "$work/remote.stub" --timeout 2000 election || :
"$bin/searcher/byline-search" --index "$work/remote.stub" --allow-partial election \
	--limit 1 || :
