#!/bin/sh
# web_test.sh - byline-search as a CGI program behind a real web server,
# then the page in a real browser.
#
# Usage: web_test.sh BYLINE-INDEX BYLINE-SEARCH SAMPLES-DIR TESTS-DIR OUT-DIR
#
# Serves an index of SAMPLES-DIR with lighttpd (from samples/cgi/
# lighttpd.conf, on 127.0.0.1 and a free port) and checks raw responses
# with curl: statuses, headers, hostile requests, limits, the sample CGI
# scripts in sh and Perl. Apache's snippet is tried too when apache2 is
# installed. Then chromium, driven headless by playwright-core from npm
# (installed once into a cache outside the source tree), searches, pages,
# filters, follows "Did you mean" and types a hostile query; screenshots go
# to OUT-DIR/web-screenshots. Exits 0 when all passed, 1 on a failure, 77
# (skipped) after the server checks passed when no browser can be run.
set -eu

if [ $# -ne 5 ]; then
	echo "usage: $0 BYLINE-INDEX BYLINE-SEARCH SAMPLES-DIR TESTS-DIR OUT-DIR" >&2
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
outdir=$(absolute "$5")
cgi_samples=$samples/cgi

for tool in lighttpd curl; do
	if ! command -v "$tool" >/dev/null 2>&1 &&
	   [ ! -x "/usr/sbin/$tool" ]; then
		echo "FAIL: $tool is not installed (sh .ci/deps installs it)" >&2
		exit 1
	fi
done
lighttpd=$(command -v lighttpd || echo /usr/sbin/lighttpd)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/byline-web.XXXXXX")
server_pid=""
apache_pid=""
stop_servers() {
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
		server_pid=""
	fi
	if [ -n "$apache_pid" ]; then
		kill "$apache_pid" 2>/dev/null || true
		wait "$apache_pid" 2>/dev/null || true
		apache_pid=""
	fi
}
trap 'stop_servers; rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

unset BYLINE_INDEX BYLINE_INDEXES NO_COLOR GATEWAY_INTERFACE || true
passed=0
failed=0

pass() {
	passed=$((passed + 1))
}

fail() {
	failed=$((failed + 1))
	printf 'FAIL: %s\n' "$*" >&2
}

# fetch NAME CURL-ARGS...: the response head in $tmp/head, the body in
# $tmp/body, the status in $code.
fetch() {
	name=$1
	shift
	code=$(curl -s -m 60 -D "$tmp/head" -o "$tmp/body" -w '%{http_code}' "$@") ||
		fail "$name: curl failed"
}

expect_code() {
	if [ "$code" = "$2" ]; then
		pass
	else
		fail "$1: HTTP $code, want $2"
	fi
}

# expect_head NAME LINE: the response has the header line (exactly).
expect_head() {
	if tr -d '\r' <"$tmp/head" | grep -qixF -- "$2"; then
		pass
	else
		fail "$1: no header '$2'"
	fi
}

expect_body() {
	if grep -qF -- "$2" "$tmp/body"; then
		pass
	else
		fail "$1: body lacks '$2'"
	fi
}

expect_no_body() {
	if grep -qiF -- "$2" "$tmp/body"; then
		fail "$1: body has '$2'"
	else
		pass
	fi
}

# --- an index of samples/, which the CGI samples must not change ----------

# The walker passes over samples/cgi (.sh, .pl, .conf): indexing samples/
# reads as many articles and files as indexing it without that directory.
summary() {
	sed -n 's/^Indexed \([0-9]* articles from [0-9]* files\).*/\1/p' "$1"
}
"$index_bin" --index "$tmp/idx" "$samples" >"$tmp/index.out" 2>&1 ||
	[ $? -eq 1 ] || { cat "$tmp/index.out" >&2; fail "indexing samples"; }
mkdir -p "$tmp/nocgi"
cp -R "$samples" "$tmp/nocgi/samples"
rm -rf "$tmp/nocgi/samples/cgi"
"$index_bin" --index "$tmp/nocgi.idx" "$tmp/nocgi/samples" \
	>"$tmp/nocgi.out" 2>&1 || true
if [ -n "$(summary "$tmp/index.out")" ] &&
   [ "$(summary "$tmp/index.out")" = "$(summary "$tmp/nocgi.out")" ]; then
	pass
else
	fail "samples/cgi changes what indexing samples/ reads:" \
	     "$(summary "$tmp/index.out") vs $(summary "$tmp/nocgi.out")"
fi
chmod -R go+rX "$tmp"

# --- lighttpd, configured from the sample --------------------------------

mkdir -p "$tmp/www"
for port_try in 1 2 3 4 5 6 7 8 9 10; do
	port=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000 ))
	sed -e "s|/usr/local/bin/byline-search|$search_bin|" \
	    -e "s|/srv/byline/news.idx|$tmp/idx|" \
	    -e "s|\"/var/www/html\"|\"$tmp/www\"|" \
	    -e "s|^server.port = 8080|server.port = $port|" \
	    -e "s|/var/log/lighttpd/cgi.log|$tmp/cgi.log|" \
	    "$cgi_samples/lighttpd.conf" >"$tmp/lighttpd.conf"
	cat >>"$tmp/lighttpd.conf" <<EOF
# --- added by web_test.sh ---
server.errorlog = "$tmp/error.log"
# The time limit exceeded, a missing index, and the sample scripts.
alias.url += ( "/slow" => "$search_bin", "/broken" => "$search_bin",
               "/cgi-bin/" => "$cgi_samples/" )
\$HTTP["url"] =~ "^/slow(/|\$)" {
	cgi.assign = ( "" => "" )
	setenv.add-environment = ( "BYLINE_INDEX" => "$tmp/idx",
	                           "BYLINE_TIME_LIMIT" => "0.000001" )
}
\$HTTP["url"] =~ "^/broken(/|\$)" {
	cgi.assign = ( "" => "" )
	setenv.add-environment = ( "BYLINE_INDEX" => "$tmp/secret-dir/idx" )
}
\$HTTP["url"] =~ "^/cgi-bin/" {
	cgi.assign = ( ".sh" => "/bin/sh", ".pl" => "/usr/bin/perl" )
	setenv.add-environment = ( "BYLINE_INDEX" => "$tmp/idx",
	                           "BYLINE_SEARCH" => "$search_bin" )
}
EOF
	"$lighttpd" -tt -f "$tmp/lighttpd.conf" >"$tmp/lighttpd.check" 2>&1 || {
		cat "$tmp/lighttpd.check" >&2
		fail "lighttpd rejects the configuration made from the sample"
		break
	}
	"$lighttpd" -D -f "$tmp/lighttpd.conf" >"$tmp/lighttpd.out" 2>&1 &
	server_pid=$!
	for wait_try in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		if curl -s -o /dev/null -m 5 "http://127.0.0.1:$port/"; then
			break
		fi
		kill -0 "$server_pid" 2>/dev/null || break
		sleep 0.25
	done
	if kill -0 "$server_pid" 2>/dev/null; then
		break
	fi
	wait "$server_pid" 2>/dev/null || true
	server_pid=""
done
if [ -z "$server_pid" ]; then
	cat "$tmp/lighttpd.out" >&2 2>/dev/null || true
	echo "FAIL: lighttpd did not start" >&2
	exit 1
fi
base="http://127.0.0.1:$port"
echo "lighttpd on $base (pid $server_pid)"

# --- responses, as curl sees them ----------------------------------------

fetch "home" "$base/search"
expect_code "home" 200
expect_head "home" "Content-Type: text/html; charset=utf-8"
expect_head "home" "Cache-Control: private, max-age=60"
expect_head "home" "X-Content-Type-Options: nosniff"
expect_body "home" '<form class="search" method="get"'
expect_body "home" 'action="/search"'

fetch "search" "$base/search?q=council"
expect_code "search" 200
expect_body "search" "<mark>council</mark>"
expect_body "search" "Council approves protected bike lane"
expect_body "search" 'href="/search?q=council&amp;facet=source%3Alakeside+gazette"'
expect_no_body "search" "$tmp"

fetch "json" "$base/search?q=council&format=json&per=2"
expect_code "json" 200
expect_head "json" "Content-Type: application/json; charset=utf-8"
expect_body "json" '"links":{"self":"/search?q=council&per=2&format=json","prev":null,"next":"/search?q=council&per=2&format=json&page=2"}'
if command -v node >/dev/null 2>&1; then
	if node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' \
	   "$tmp/body" 2>/dev/null; then
		pass
	else
		fail "json: not valid JSON"
	fi
fi

fetch "post" -X POST --data 'q=volcano&format=json' "$base/search"
expect_code "post" 200
expect_body "post" '"id":"volcano-iceland-eruption.txt"'

fetch "head" -I "$base/search?q=volcano"
expect_code "head" 200
expect_no_body "head" "<!DOCTYPE"

# hostile requests
fetch "script in q" "$base/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E"
expect_code "script in q" 200
expect_no_body "script in q" "<script"
expect_body "script in q" 'value="&lt;script&gt;alert(1)&lt;/script&gt;"'

fetch "attribute breakout" "$base/search?q=%22+autofocus+onfocus%3Dalert(1)+x%3D%22"
expect_body "attribute breakout" 'value="&quot; autofocus onfocus=alert(1) x=&quot;"'

fetch "malformed escapes" "$base/search?q=%zz%4+100%25&format=json"
expect_code "malformed escapes" 200
expect_body "malformed escapes" '"query":"%zz%4 100%"'

# (lighttpd refuses invalid UTF-8 in the URL itself; a form may carry it)
fetch "invalid UTF-8" -X POST --data 'q=caf%E9+%FF%FE&format=json' \
	"$base/search"
expect_code "invalid UTF-8" 200
expect_body "invalid UTF-8" '"query":"café ÿþ"'

fetch "negative page" "$base/search?q=x&page=-1"
expect_code "negative page" 400
expect_head "negative page" "Cache-Control: no-store"
fetch "huge page" "$base/search?q=x&page=99999999999999999999&format=json"
expect_code "huge page" 400
expect_body "huge page" '{"error":{"status":400,'
fetch "path as index" "$base/search?q=x&index=..%2F..%2Fetc%2Fpasswd"
expect_code "path as index" 400
expect_no_body "path as index" "passwd"

# the server's own limit on the request line, then ours on a form
long=$(head -c 100000 /dev/zero | tr '\0' a)
fetch "long query string" "$base/search?q=$long"
case $code in
4*) pass ;;
*) fail "long query string: HTTP $code, want 4xx" ;;
esac
head -c 20000 /dev/zero | tr '\0' a | sed 's/^/q=/' >"$tmp/form"
fetch "large form" -X POST --data-binary "@$tmp/form" "$base/search"
expect_code "large form" 413
fetch "wrong form type" -X POST -H 'Content-Type: text/plain' --data 'q=x' \
	"$base/search"
expect_code "wrong form type" 415
fetch "method" -X DELETE "$base/search?q=x"
expect_code "method" 405
expect_head "method" "Allow: GET, HEAD, POST"
# nothing under /search is served as a file
fetch "program bytes" "$base/search/anything"
if grep -q "ELF" "$tmp/body"; then fail "program served as a file"; else pass; fi

fetch "time limit" "$base/slow?q=the"
expect_code "time limit" 503
expect_head "time limit" "Retry-After: 10"
fetch "missing index" "$base/broken?q=the&format=json"
expect_code "missing index" 500
expect_no_body "missing index" "secret-dir"
if grep -q "secret-dir" "$tmp/cgi.log"; then pass; else
	fail "missing index: not named in the server's log"
fi

# --- the sample CGI scripts, through lighttpd and by hand ----------------

for script in search.sh search.pl; do
	fetch "$script" "$base/cgi-bin/$script?q=council"
	expect_code "$script" 200
	expect_body "$script" "<mark>council</mark>"
	expect_body "$script" "Council approves protected bike lane"
	fetch "$script hostile" "$base/cgi-bin/$script?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%24(touch+$tmp%2Fpwned)%3B%60touch+$tmp%2Fpwned2%60"
	expect_code "$script hostile" 200
	expect_no_body "$script hostile" "<script"
	fetch "$script option" "$base/cgi-bin/$script?q=--help"
	expect_code "$script option" 200
	expect_no_body "$script option" "Usage:"
	if [ -e "$tmp/pwned" ] || [ -e "$tmp/pwned2" ]; then
		fail "$script: the query ran a command"
	else
		pass
	fi
	case $script in
	*.sh) interp=/bin/sh ;;
	*) interp=/usr/bin/perl ;;
	esac
	if GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET QUERY_STRING='q=harbour' \
	   BYLINE_INDEX="$tmp/idx" BYLINE_SEARCH="$search_bin" \
	   "$interp" "$cgi_samples/$script" >"$tmp/body" 2>"$tmp/err" &&
	   grep -q '^Status: 200 OK' "$tmp/body" &&
	   grep -q '<mark>harbour</mark>' "$tmp/body"; then
		pass
	else
		fail "$script run by hand: $(head -c 300 "$tmp/err")"
	fi
done
fetch "search.pl page 2" "$base/cgi-bin/search.pl?q=the&page=2"
expect_body "search.pl page 2" '<ol start="11">'
expect_body "search.pl page 2" 'rel="prev" href="?q=the&amp;page=1"'

# --- Apache, when it is installed (optional) -----------------------------

apache=$(command -v apache2 || command -v /usr/sbin/apache2 || true)
modules=/usr/lib/apache2/modules
if [ -n "$apache" ] && [ -f "$modules/mod_cgid.so" ]; then
	aport=$(( port + 1 ))
	mkdir -p "$tmp/apache"
	bindir=$(dirname "$search_bin")
	sed -e "s|/usr/local/bin/byline-search|$search_bin|" \
	    -e "s|\"/usr/local/bin\"|\"$bindir\"|" \
	    -e "s|/srv/byline/news.idx|$tmp/idx|" \
	    "$cgi_samples/apache.conf" >"$tmp/apache/byline.conf"
	cat >"$tmp/apache/httpd.conf" <<EOF
ServerRoot $tmp/apache
ServerName localhost
Listen 127.0.0.1:$aport
PidFile $tmp/apache/httpd.pid
ErrorLog $tmp/apache/error.log
LoadModule mpm_event_module $modules/mod_mpm_event.so
LoadModule authz_core_module $modules/mod_authz_core.so
LoadModule alias_module $modules/mod_alias.so
LoadModule cgid_module $modules/mod_cgid.so
LoadModule env_module $modules/mod_env.so
ScriptSock $tmp/apache/cgid.sock
DocumentRoot $tmp/www
Include $tmp/apache/byline.conf
EOF
	if "$apache" -t -f "$tmp/apache/httpd.conf" >"$tmp/apache/check" 2>&1; then
		pass
		"$apache" -X -f "$tmp/apache/httpd.conf" >/dev/null 2>&1 &
		apache_pid=$!
		for wait_try in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
			curl -s -o /dev/null -m 5 "http://127.0.0.1:$aport/" && break
			sleep 0.25
		done
		fetch "apache" "http://127.0.0.1:$aport/search?q=council&format=json"
		if [ "$code" = 000 ]; then
			echo "apache: did not start here (skipped)"
		else
			expect_code "apache" 200
			expect_body "apache" '"total":4'
			# ISINDEX: Apache makes arguments of a query without '='
			fetch "apache isindex" "http://127.0.0.1:$aport/search?--index%3D%2Fetc+--help"
			expect_code "apache isindex" 200
			expect_body "apache isindex" '<form class="search"'
			expect_no_body "apache isindex" "Usage:"
		fi
		kill "$apache_pid" 2>/dev/null || true
		wait "$apache_pid" 2>/dev/null || true
		apache_pid=""
	else
		cat "$tmp/apache/check" >&2
		fail "apache rejects samples/cgi/apache.conf"
	fi
else
	echo "apache2 not installed: its snippet is not tried"
fi

# Sanitizer reports from CGI processes land in the server's log.
if grep -q "AddressSanitizer\|LeakSanitizer\|runtime error:" \
   "$tmp/cgi.log" 2>/dev/null; then
	fail "sanitizer report in the server's log:"
	grep -A20 "Sanitizer\|runtime error:" "$tmp/cgi.log" | head -60 >&2
else
	pass
fi

echo "server checks: $passed passed, $failed failed"
if [ "$failed" -ne 0 ]; then
	stop_servers
	exit 1
fi

# --- the browser ---------------------------------------------------------

skip() {
	echo "SKIP: browser part: $*"
	stop_servers
	exit 77
}

[ -x /usr/bin/chromium ] ||
	skip "/usr/bin/chromium is not installed (sh .ci/deps installs it)"
command -v node >/dev/null 2>&1 ||
	skip "node is not installed (sh .ci/deps installs nodejs)"
command -v npm >/dev/null 2>&1 ||
	skip "npm is not installed (sh .ci/deps installs it)"

# playwright-core, at the version of package-lock.json, in a cache outside
# the source tree: installed once, reused while the lock file is unchanged.
cache=${BYLINE_BROWSER_CACHE:-${XDG_CACHE_HOME:-${HOME:-$outdir}/.cache}/byline/browser}
if ! mkdir -p "$cache" 2>/dev/null || [ ! -w "$cache" ]; then
	cache=$outdir/browser-cache
	mkdir -p "$cache"
fi
if ! cmp -s "$tests/browser/package-lock.json" "$cache/package-lock.json" ||
   [ ! -f "$cache/node_modules/playwright-core/package.json" ]; then
	cp "$tests/browser/package.json" "$tests/browser/package-lock.json" "$cache/"
	echo "installing playwright-core into $cache"
	if ! (cd "$cache" && timeout 300 npm ci --no-audit --no-fund \
	      --ignore-scripts --cache "$cache/npm-cache" >"$cache/npm.log" 2>&1); then
		tail -5 "$cache/npm.log" >&2
		rm -f "$cache/package-lock.json"
		skip "playwright-core could not be installed from npm (see $cache/npm.log)"
	fi
fi

shots=$outdir/web-screenshots
mkdir -p "$shots"
set +e
NODE_PATH=$cache/node_modules timeout 300 node "$tests/browser/search-page.js" \
	"$base/search" "$shots"
status=$?
set -e
stop_servers
case $status in
0)
	echo "screenshots: $shots/results.png (and page2, facet, suggestion, hostile, phone)"
	exit 0 ;;
2)
	skip "chromium could not be started" ;;
*)
	echo "FAIL: the browser checks failed (screenshots so far in $shots)" >&2
	exit 1 ;;
esac
