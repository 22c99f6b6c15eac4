-- wrk script for the closed-loop phases of bench/gateway.sh (run through bench/wrk_load.py).
--   wrk -t T -c N -d CAP -s bench/wrk/chat.lua [-H 'Name: value']... URL -- KEYS_FILE SECONDS N
-- Sends the .NET driver's chat body with a random key per request for SECONDS, then sends nothing
-- more and waits for every request it sent: a client that hangs up still gets its request settled
-- (RequestCompleted 200), so stopping with requests in flight would break the ledger check's
-- "one completion per 200 counted". When a thread has all its answers it writes "drained" to
-- stderr; the wrapper interrupts wrk once every thread has, instead of idling to CAP.
-- done() prints one "wrk-result {json}" line with the totals over all threads, and latencies as
-- measured (see uncorrect below).

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } chat_timespec;
  int clock_gettime(int clock, chat_timespec *ts);
  typedef struct { uint64_t count, limit, min, max; uint64_t data[]; } chat_stats;  /* wrk 4's stats.h */
]]
local ts = ffi.new("chat_timespec")
local function now()  -- CLOCK_MONOTONIC: one clock for every thread, finer than os.time()
  ffi.C.clock_gettime(1, ts)
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) * 1e-9
end

-- the body LoadDriver.DefaultBody sends
local BODY = '{"model":"gpt-5.1","messages":[{"role":"user","content":"Say hello to the ledger"}],"max_tokens":16}'

-- main state: setup() runs once per thread before any starts; done() reads the threads' globals
local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
  thread:set("id", #threads)
end

-- per thread (globals, so that done() can read them with thread:get)
sent, answered, statuses, started, last = 0, 0, {}, 0, 0
local requests, deadline = {}, 0

function init(args)
  -- args[0] is the URL; the script's own arguments follow "--"
  local keys_file, seconds = args[1], tonumber(args[2])
  connections = tonumber(args[3])  -- for done(), which runs where no arguments reach
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end  -- Host and every -H
  headers["Content-Type"] = "application/json"
  -- a request per key, built once: request() then costs one table lookup
  for key in io.lines(keys_file) do
    if key ~= "" then
      headers["Authorization"] = "Bearer " .. key
      requests[#requests + 1] = wrk.format("POST", nil, headers, BODY)
    end
  end
  assert(#requests > 0, "no keys in " .. keys_file)
  math.randomseed(os.time() * 100 + id)
  -- wrk calls request() once on the first thread, before any thread runs, to check it parses
  if id == 1 then sent = -1 end
  started = now()
  deadline = started + seconds
end

function request()
  if now() >= deadline then
    return ""  -- writes nothing: the connection stays quiet until wrk stops
  end
  sent = sent + 1
  return requests[math.random(#requests)]
end

function response(status)
  answered = answered + 1
  statuses[status] = (statuses[status] or 0) + 1
  last = now()
  -- past the deadline nothing more is sent, so nothing in flight means nothing more to wait for
  if last >= deadline and answered == sent then io.stderr:write("drained\n") end
end

-- Before done(), wrk "corrects for coordinated omission": with e = run time / (answers per
-- connection), every answer that took v > 2e is also counted as answers of v-e, v-2e, ... > e, as if
-- requests had been due every e. That models an open loop; these phases are closed loops and the
-- .NET driver reports latencies as measured (at c=1 on the mock it moved p99 from 57 us to 108 us),
-- so take the additions back out of wrk's histogram. Walking down from the max, what was added at
-- n is added[n] = raw[n+e] + added[n+e], kept in a ring of e slots. Returns the raw sample count.
local function uncorrect(latency, summary, connections)
  local s = ffi.cast("chat_stats **", latency)[0]
  local per = math.floor(summary.requests / connections)
  if per == 0 then return tonumber(s.count) end  -- wrk corrected nothing
  local e, max = math.floor(summary.duration / per), tonumber(s.max)
  local added, total = ffi.new("double[?]", e), 0
  for n = max, e + 1, -1 do
    local slot = n % e
    if n + e <= max then added[slot] = added[slot] + tonumber(s.data[n + e]) end
    if tonumber(s.data[n]) < added[slot] then return -1 end  -- not the correction undone here
    s.data[n] = s.data[n] - added[slot]
    total = total + added[slot]
  end
  s.count = s.count - total
  return tonumber(s.count)
end

function done(summary, latency)
  local t = { sent = 0, answered = 0, statuses = {}, started = math.huge, last = 0 }
  for _, thread in ipairs(threads) do
    t.sent = t.sent + thread:get("sent")
    t.answered = t.answered + thread:get("answered")
    for status, n in pairs(thread:get("statuses")) do t.statuses[status] = (t.statuses[status] or 0) + n end
    t.started = math.min(t.started, thread:get("started"))
    t.last = math.max(t.last, thread:get("last"))
  end
  local samples = uncorrect(latency, summary, threads[1]:get("connections"))
  local codes = {}
  for status, n in pairs(t.statuses) do codes[#codes + 1] = string.format('"%d":%d', status, n) end
  local e = summary.errors
  print(string.format('wrk-result {"sent":%d,"answered":%d,"seconds":%.6f,"statuses":{%s},' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},"samples":%d,' ..
      '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d}}',
    t.sent, t.answered, math.max(0, t.last - t.started), table.concat(codes, ","),
    e.connect, e.read, e.write, e.timeout, samples,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
end
