-- cgi-load.lua - wrk's script for bench/cgi-compare: each connection walks
-- a file of request paths (one a line; the threads start at different
-- places), and every answer is checked: non-200 status, a 200 page without
-- the engine's results marker, body bytes.
--   wrk ... -s cgi-load.lua URL -- PATHS MARKER LABEL
-- Prints one tab-separated line: RESULT LABEL requests seconds p50 p95 p99
-- (microseconds) socket-errors non-200 no-results body-bytes.
local threads = {}

function setup(thread)
	thread:set("id", #threads)
	table.insert(threads, thread)
end

function init(args)
	paths = {}
	for line in io.lines(args[1]) do
		if line ~= "" then paths[#paths + 1] = line end
	end
	marker, label = args[2], args[3]
	i = (id * 37) % #paths
	non200, empty, nbytes = 0, 0, 0
end

function request()
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end

function response(status, headers, body)
	body = body or ""
	if status ~= 200 then
		non200 = non200 + 1
	elseif not string.find(body, marker, 1, true) then
		empty = empty + 1
	end
	nbytes = nbytes + #body
end

function done(summary, latency, requests)
	local n2, e, b, label = 0, 0, 0, ""
	for _, t in ipairs(threads) do
		n2 = n2 + t:get("non200")
		e = e + t:get("empty")
		b = b + t:get("nbytes")
		label = t:get("label")
	end
	local s = summary.errors
	io.write(string.format("RESULT\t%s\t%d\t%.3f\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n",
		label, summary.requests, summary.duration / 1e6,
		latency:percentile(50), latency:percentile(95),
		latency:percentile(99),
		s.connect + s.read + s.write + s.timeout, n2, e, b))
end
