-- wrk script of bench_service.py: POST JSON bodies in rotation, closed loop or at a fixed rate.
--
-- Read from the environment (bench_service.py sets them):
--   CONSENTRY_WRK_BODIES   a file with one JSON body per line (sent in rotation; GET if empty)
--   CONSENTRY_WRK_TOKEN    the API key
--   CONSENTRY_WRK_RATE     requests per second over all connections (0 or unset: closed loop)
--   CONSENTRY_WRK_THREADS  wrk's -t (the rate is shared between the threads)
--
-- At a fixed rate, each wrk thread keeps a schedule of send times and delay() waits for the next
-- one. wrk (not wrk2) measures latency from the moment a request is sent, so a request that
-- could not be sent on time (all connections busy) would hide the wait: the script counts how late
-- each send was against its schedule ("late"), so the report can show whether that happened.
-- done() prints one line, "CONSENTRY_RESULT {json}", that bench_service.py reads.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } consentry_timespec;
  int clock_gettime(int clock_id, consentry_timespec *tp);
]]
local timespec = ffi.new("consentry_timespec")
local function now()
  ffi.C.clock_gettime(1, timespec) -- CLOCK_MONOTONIC
  return tonumber(timespec.tv_sec) + tonumber(timespec.tv_nsec) * 1e-9
end

local bodies = {}
local bodies_file = os.getenv("CONSENTRY_WRK_BODIES") or ""
if bodies_file ~= "" then
  for line in io.lines(bodies_file) do
    if line ~= "" then bodies[#bodies + 1] = line end
  end
end
local token = os.getenv("CONSENTRY_WRK_TOKEN") or ""
local rate = tonumber(os.getenv("CONSENTRY_WRK_RATE") or "0") or 0
local thread_count = tonumber(os.getenv("CONSENTRY_WRK_THREADS") or "1") or 1
local interval = rate > 0 and thread_count / rate or 0

local threads = {}
local created = 0

function setup(thread)
  created = created + 1
  thread:set("offset", created * 7919) -- threads start at different places in the rotation
  table.insert(threads, thread)
end

-- per-thread state (each wrk thread has its own Lua state)
local sent = 0
statuses = {}
verdicts = {}
late = { 0, 0, 0, 0 } -- sends late against the schedule by < 1 ms, < 5 ms, < 30 ms, more
local slots, first_slot, last_slot = {}, 1, 0
local next_slot = nil

function init(args)
  sent = offset or 0
  wrk.headers["Authorization"] = "Bearer " .. token
  if #bodies > 0 then
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
  else
    wrk.method = "GET"
  end
end

function request()
  sent = sent + 1
  if rate > 0 and first_slot <= last_slot then
    local lag = now() - slots[first_slot]
    slots[first_slot] = nil
    first_slot = first_slot + 1
    local bucket = lag < 0.001 and 1 or lag < 0.005 and 2 or lag < 0.03 and 3 or 4
    late[bucket] = late[bucket] + 1
  end
  if #bodies == 0 then return wrk.format() end
  return wrk.format(nil, nil, nil, bodies[(sent % #bodies) + 1])
end

if rate > 0 then
  -- wrk looks for delay() when the script loads: define it only at a fixed rate
  function delay()
    local t = now()
    if next_slot == nil then next_slot = t end
    local slot = next_slot
    next_slot = next_slot + interval
    last_slot = last_slot + 1
    slots[last_slot] = slot
    local wait_ms = (slot - t) * 1000
    if wait_ms < 0 then return 0 end
    return wait_ms
  end
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 200 then
    local verdict = string.match(body, '"verdict":%s*"(%a+)"')
    if verdict then verdicts[verdict] = (verdicts[verdict] or 0) + 1 end
  end
end

local function json_counts(counts)
  local parts = {}
  for k, v in pairs(counts) do parts[#parts + 1] = string.format('"%s": %d', tostring(k), v) end
  return "{" .. table.concat(parts, ", ") .. "}"
end

function done(summary, latency, requests)
  local all_statuses, all_verdicts, all_late = {}, {}, { 0, 0, 0, 0 }
  for _, thread in ipairs(threads) do
    for k, v in pairs(thread:get("statuses")) do all_statuses[k] = (all_statuses[k] or 0) + v end
    for k, v in pairs(thread:get("verdicts")) do all_verdicts[k] = (all_verdicts[k] or 0) + v end
    local thread_late = thread:get("late")
    for k = 1, 4 do all_late[k] = all_late[k] + thread_late[k] end
  end
  local e = summary.errors
  io.write(string.format(
    'CONSENTRY_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, '
    .. '"max_us": %d, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
    .. '"statuses": %s, "verdicts": %s, "late": [%d, %d, %d, %d]}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout,
    json_counts(all_statuses), json_counts(all_verdicts), all_late[1], all_late[2], all_late[3], all_late[4]))
end
