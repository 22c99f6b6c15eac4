-- wrk script for the closed-loop phases of bench/gateway.sh (run through bench/wrk_load.py).
--   wrk -t T -c N -d CAP -s bench/wrk/chat.lua [-H 'Name: value']... URL -- KEYS_FILE SECONDS N
-- Sends the .NET driver's chat body with a random key per request for SECONDS, then sends nothing
-- more and waits for every request it sent: a client that hangs up still gets its request settled
-- (RequestCompleted 200), so stopping with requests in flight would break the ledger check's
-- "one completion per 200 counted". When a thread has all its answers it writes "drained" to
-- stderr; the wrapper interrupts wrk once every thread has, instead of idling to CAP.
-- done() prints one "wrk-result {json}" line with the totals over all threads, and latencies as
-- measured (see uncorrect below).
--
-- Fixed rate (CHAT_RATE=requests/s for this thread in the environment): requests go out on a
-- schedule, one every 1/CHAT_RATE s from the thread's start for SECONDS. wrk asks delay() before
-- each request a connection sends (the first included); delay() hands the connection the next slot
-- of the schedule and waits until it is due, so with enough connections every request leaves at its
-- slot whatever the answers take (an open loop). A slot no connection was free for goes out late:
-- "late" counts those (more than 1 ms behind), and wrk's own coordinated-omission correction is kept
-- for these phases, so answers slower than twice a connection's interval also count the requests
-- that would have been due meanwhile. Slots not sent by the deadline are "unsent" (the rate was not
-- reached).

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } chat_timespec;
  int clock_gettime(int clock, chat_timespec *ts);
  typedef struct { uint64_t count, limit, min, max; uint64_t data[]; } chat_stats;  /* wrk 4's stats.h */
]]
local ts = ffi.new("chat_timespec")
local RATE = tonumber(os.getenv("CHAT_RATE") or "")  -- read at load: wrk asks whether delay() exists before init()
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
slots, late = 0, 0  -- fixed rate only: slots handed out, and how many of them went out late
local requests, deadline = {}, 0
local claimed, next_slot, all_claimed = 0, 0, false  -- fixed rate: slots handed out but not sent yet

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
  if id == 1 then sent = -1; claimed = 1 end
  started = now()
  deadline = started + seconds
  -- the threads' schedules interleave: thread i starts (i - 1) / (threads x rate) later
  if RATE then next_slot = started + (id - 1) / (RATE * tonumber(os.getenv("CHAT_THREADS") or "1")) end
end

function request()
  if RATE then
    if claimed == 0 then return "" end  -- only wrk's check before the start can get here without a slot
    claimed = claimed - 1
  elseif now() >= deadline then
    return ""  -- writes nothing: the connection stays quiet until wrk stops
  end
  sent = sent + 1
  return requests[math.random(#requests)]
end

if RATE then
  -- milliseconds until this connection's next request: the next slot of the schedule, if any is left
  -- (request() has no connection to tell whose slot it sends, so a connection without one must
  -- not reach it: it waits past the end of the run, and the wrapper stops wrk once all is answered)
  function delay()
    local slot, t = next_slot, now()
    if t >= deadline and not all_claimed then  -- behind schedule at the end: the rest is unsent
      all_claimed = true
      if claimed == 0 and answered == sent then io.stderr:write("drained\n") end
    end
    if all_claimed then return 24 * 3600 * 1000 end
    next_slot = next_slot + 1 / RATE
    if next_slot >= deadline then all_claimed = true end
    slots, claimed = slots + 1, claimed + 1
    if slot < t - 0.001 then late = late + 1 end
    return slot > t and math.floor((slot - t) * 1000 + 0.5) or 0
  end
end

function response(status)
  answered = answered + 1
  statuses[status] = (statuses[status] or 0) + 1
  last = now()
  -- past the deadline (or the last slot) nothing more is sent, so nothing in flight means nothing
  -- more to wait for
  local over = RATE and all_claimed and claimed == 0 or not RATE and last >= deadline
  if over and answered == sent then io.stderr:write("drained\n") end
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
  local t = { sent = 0, answered = 0, statuses = {}, started = math.huge, last = 0, slots = 0, late = 0 }
  for _, thread in ipairs(threads) do
    t.sent = t.sent + thread:get("sent")
    t.answered = t.answered + thread:get("answered")
    t.slots = t.slots + thread:get("slots")
    t.late = t.late + thread:get("late")
    for status, n in pairs(thread:get("statuses")) do t.statuses[status] = (t.statuses[status] or 0) + n end
    t.started = math.min(t.started, thread:get("started"))
    t.last = math.max(t.last, thread:get("last"))
  end
  -- a fixed-rate phase keeps wrk's correction (see the top); samples is then the corrected count
  local samples = RATE and tonumber(ffi.cast("chat_stats **", latency)[0].count)
      or uncorrect(latency, summary, threads[1]:get("connections"))
  local codes = {}
  for status, n in pairs(t.statuses) do codes[#codes + 1] = string.format('"%d":%d', status, n) end
  local e = summary.errors
  print(string.format('wrk-result {"sent":%d,"answered":%d,"slots":%d,"late":%d,"seconds":%.6f,"statuses":{%s},' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},"samples":%d,' ..
      '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d}}',
    t.sent, t.answered, t.slots, t.late, math.max(0, t.last - t.started), table.concat(codes, ","),
    e.connect, e.read, e.write, e.timeout, samples,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
end
