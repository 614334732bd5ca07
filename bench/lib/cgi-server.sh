# cgi-server.sh - sourced by bench/cgi-load.sh and bench/cgi-compare (POSIX
# sh): one lighttpd on 127.0.0.1, configured from samples/cgi/lighttpd.conf,
# that serves byline-search at /search; more CGI programs can be added to
# its configuration before it starts.

# cgi_server_conf ROOT SEARCH_BIN INDEX DIR: writes DIR/lighttpd.conf (the
# document root DIR/www, the logs in DIR) on a random free-looking port,
# which it leaves in $port.
cgi_server_conf() {
	port=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000 ))
	mkdir -p "$4/www"
	sed -e "s|/usr/local/bin/byline-search|$2|" \
	    -e "s|/srv/byline/news.idx|$3|" \
	    -e "s|\"/var/www/html\"|\"$4/www\"|" \
	    -e "s|/var/log/lighttpd/cgi.log|$4/cgi.log|" \
	    -e "s|^server.port = 8080|server.port = $port|" \
	    "$1/samples/cgi/lighttpd.conf" >"$4/lighttpd.conf"
	echo "server.errorlog = \"$4/error.log\"" >>"$4/lighttpd.conf"
	# enough server connections for the load generator
	echo "server.max-connections = 1024" >>"$4/lighttpd.conf"
}

# cgi_server_start DIR: starts lighttpd on DIR/lighttpd.conf and waits until
# /search answers; sets $server_pid. Returns 1 (after showing lighttpd's
# output) if it does not start.
cgi_server_start() {
	lighttpd=$(command -v lighttpd || echo /usr/sbin/lighttpd)
	"$lighttpd" -D -f "$1/lighttpd.conf" >"$1/lighttpd.out" 2>&1 &
	server_pid=$!
	i=0
	until curl -s -o /dev/null "http://127.0.0.1:$port/search"; do
		i=$((i + 1))
		if [ $i -gt 40 ] || ! kill -0 "$server_pid" 2>/dev/null; then
			cat "$1/lighttpd.out" >&2
			echo "lighttpd did not start" >&2
			return 1
		fi
		sleep 0.25
	done
}

# cgi_server_stop: stops the lighttpd that cgi_server_start started.
cgi_server_stop() {
	if [ -n "${server_pid:-}" ]; then
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
		server_pid=""
	fi
}
