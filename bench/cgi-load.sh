#!/bin/sh
# cgi-load.sh - byline-search as a CGI program under load: lighttpd on
# 127.0.0.1 runs it per request (configured from samples/cgi/lighttpd.conf)
# while wrk (or ab) keeps CONNECTIONS requests in flight; reports latency
# percentiles and throughput per query and for the whole mix. With -u it
# measures any other CGI search (Omega's, say) the same way, side by side.
#
# Usage: bench/cgi-load.sh [OPTION]... INDEX|ARTICLES-DIR
#   -b DIR    Byline build directory (default: build); use a Release build,
#             not one with sanitizers
#   -d SECS   each measurement's duration (default: 10)
#   -c N      connections kept busy (default: the number of CPUs)
#   -q FILE   queries, one a line ("kind<TAB>query" lines as in
#             bench/queries/ too; '#' starts a comment); default: a few
#   -n N      use the first N queries of FILE (default: 8)
#   -f FMT    html (default) or json
#   -u URL    measure this CGI instead of starting lighttpd: {q} in URL is
#             replaced by each URL-encoded query, e.g.
#             'http://127.0.0.1:8080/cgi-bin/omega?DB=news&P={q}'
#   -t TOOL   wrk or ab (default: wrk when installed, else ab)
# ARTICLES-DIR is indexed first (into a temporary directory); an INDEX is
# used as it is. Prints the load of the machine before and after, and one
# "RESULT" line per measurement (tab-separated) for scripts.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
secs=10
conns=$(nproc 2>/dev/null || echo 2)
queries=""
nqueries=8
format=html
url=""
tool=""

usage() {
	sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'
	exit 2
}

while getopts b:d:c:q:n:f:u:t:h opt; do
	case $opt in
	b) build=$OPTARG ;;
	d) secs=$OPTARG ;;
	c) conns=$OPTARG ;;
	q) queries=$OPTARG ;;
	n) nqueries=$OPTARG ;;
	f) format=$OPTARG ;;
	u) url=$OPTARG ;;
	t) tool=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || [ -n "$url" ] || usage

if [ -z "$tool" ]; then
	if command -v wrk >/dev/null 2>&1; then tool=wrk; else tool=ab; fi
fi
command -v "$tool" >/dev/null 2>&1 || {
	echo "cgi-load: $tool is not installed (apt-get install wrk, or" \
	     "apache2-utils for ab)" >&2
	exit 2
}
command -v curl >/dev/null 2>&1 || { echo "cgi-load: needs curl" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/byline-cgi-load.XXXXXX")
server_pid=""
# shellcheck source=bench/lib/cgi-server.sh
. "$root/bench/lib/cgi-server.sh"
cleanup() {
	cgi_server_stop
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 2' HUP INT TERM

# The queries, URL-encoded, one a line.
{
	if [ -n "$queries" ]; then
		grep -v '^#' "$queries" | sed 's/^[^	]*	//' | head -n "$nqueries"
	else
		printf '%s\n' 'council' 'climate change' '"bike lane"' \
		       'harbour OR ferry' 'election NOT senate' 'oil prices' \
		       'title:volcano' 'wheat'
	fi
} | LC_ALL=C awk 'BEGIN { for (i = 0; i < 256; i++) ord[sprintf("%c", i)] = i }
{
	out = ""
	for (i = 1; i <= length($0); i++) {
		c = substr($0, i, 1)
		if (c ~ /[A-Za-z0-9._~-]/) out = out c
		else if (c == " ") out = out "+"
		else out = out sprintf("%%%02X", ord[c])
	}
	if (out != "") print out
}' >"$tmp/queries"

if [ -z "$url" ]; then
	build=$(cd "$build" 2>/dev/null && pwd) || {
		echo "cgi-load: no build directory $build" >&2
		exit 2
	}
	search_bin=$build/searcher/byline-search
	index_bin=$build/indexer/byline-index
	[ -x "$search_bin" ] || {
		echo "cgi-load: no $search_bin (build first, or give -b)" >&2
		exit 2
	}
	if ldd "$search_bin" 2>/dev/null | grep -q 'libasan\|libubsan'; then
		echo "cgi-load: warning: $search_bin has sanitizers built in;" \
		     "figures will be slow" >&2
	fi
	command -v lighttpd >/dev/null 2>&1 || [ -x /usr/sbin/lighttpd ] || {
		echo "cgi-load: lighttpd is not installed" >&2
		exit 2
	}
	target=$(cd "$1" && pwd)
	if [ -f "$target/iamglass" ] || [ -f "$target/iamchert" ]; then
		index=$target
	else
		index=$tmp/idx
		echo "indexing $target"
		"$index_bin" --index "$index" "$target" >&2 || [ $? -eq 1 ]
	fi
	cgi_server_conf "$root" "$search_bin" "$index" "$tmp"
	cgi_server_start "$tmp" || { echo "cgi-load: no server" >&2; exit 2; }
	url="http://127.0.0.1:$port/search?q={q}&format=$format"
	what="byline-search $(git -C "$root" describe --always --dirty 2>/dev/null || echo)"
else
	what="$url"
fi

# Milliseconds from wrk's "1.23ms", "456.00us", "1.02s".
to_ms() {
	awk -v v="$1" 'BEGIN {
		n = v + 0
		if (v ~ /us$/) n /= 1000
		else if (v ~ /ms$/) n += 0
		else if (v ~ /s$/) n *= 1000
		printf "%.2f", n
	}'
}

# measure LABEL URL: one run of the load tool; sets rps p50 p90 p99 errors.
measure() {
	case $tool in
	wrk)
		wrk -t "$( [ "$conns" -lt 4 ] && echo "$conns" || echo 4 )" \
		    -c "$conns" -d "${secs}s" --latency "$2" >"$tmp/out" 2>&1
		rps=$(awk '/^Requests\/sec:/ { print $2 }' "$tmp/out")
		p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$tmp/out")")
		p90=$(to_ms "$(awk '$1 == "90%" { print $2 }' "$tmp/out")")
		p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$tmp/out")")
		errors=$(awk '/Non-2xx|Socket errors/ { s = s $0 " " } END { print s }' \
		         "$tmp/out")
		;;
	ab)
		ab -q -c "$conns" -t "$secs" -n 1000000 "$2" >"$tmp/out" 2>&1 || true
		rps=$(awk '/^Requests per second:/ { print $4 }' "$tmp/out")
		p50=$(awk '$1 == "50%" { print $2 }' "$tmp/out")
		p90=$(awk '$1 == "90%" { print $2 }' "$tmp/out")
		p99=$(awk '$1 == "99%" { print $2 }' "$tmp/out")
		errors=$(awk '/^Failed requests:|^Non-2xx/ && $NF != 0 { s = s $0 " " }
		         END { print s }' "$tmp/out")
		;;
	esac
	printf '%-28s %9s req/s   p50 %7s ms   p90 %7s ms   p99 %7s ms  %s\n' \
	       "$1" "${rps:-?}" "${p50:-?}" "${p90:-?}" "${p99:-?}" "$errors"
	printf 'RESULT\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$conns" "$1" \
	       "${rps:-}" "${p50:-}" "${p90:-}" "${p99:-}" "$what" >>"$tmp/results"
}

# One request at a time: what a single user waits, median of 21.
single() {
	i=0
	while [ $i -lt 21 ]; do
		curl -s -o /dev/null -w '%{time_total}\n' "$1"
		i=$((i + 1))
	done | sort -n | awk '{ t[NR] = $1 } END { printf "%.2f", t[11] * 1000 }'
}

echo "machine: $(nproc 2>/dev/null || echo '?') CPUs; load before:" \
     "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
echo "target: $what"
echo "tool: $tool, $conns connections, ${secs}s per measurement"
first=$(head -n 1 "$tmp/queries")
first_url=$(printf '%s' "$url" | sed "s|{q}|$first|")
code=$(curl -s -o /dev/null -w '%{http_code}' "$first_url")
if [ "$code" != 200 ]; then
	echo "cgi-load: $first_url answers $code" >&2
	cat "$tmp/cgi.log" "$tmp/error.log" 2>/dev/null | tail -5 >&2
	exit 1
fi
echo "one request at a time (median of 21): $(single "$first_url") ms" \
     "for q=$first"
: >"$tmp/results"
while read -r q; do
	measure "q=$q" "$(printf '%s' "$url" | sed "s|{q}|$q|")"
done <"$tmp/queries"
echo "machine load after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
awk -F '\t' '$5 != "" { n++; rps += $5; p50 += $6; p99 += $8 }
	END { if (n) printf "mean over %d queries: %.1f req/s, p50 %.2f ms, p99 %.2f ms\n",
	                    n, rps / n, p50 / n, p99 / n }' "$tmp/results"
cat "$tmp/results"
if [ -n "$server_pid" ] && grep -q . "$tmp/cgi.log" 2>/dev/null; then
	echo "byline-search wrote to its log:"
	sort "$tmp/cgi.log" | uniq -c | sort -rn | head -5
fi
