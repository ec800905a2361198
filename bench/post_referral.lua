-- wrk script for scripts/bench.sh: POSTs a valid referral per request with a unique Idempotency-Key and reports figures in one machine-readable line.
--
-- Environment (set by scripts/bench.sh):
--   BENCH_TOKEN        API token of the user who makes the referrals
--   BENCH_CHILD_IDS    comma-separated ids of children to refer (taken in turn)
--   BENCH_REFERRED_ON  referral date, YYYY-MM-DD (today or earlier)
--   BENCH_RUN          text that makes this run's Idempotency-Keys unique (default: the time)
--
-- done() prints, on one line:
--   BENCH_RESULT requests=N seconds=S rps=R mean_ms=M p50_ms=A p90_ms=B p99_ms=C max_ms=D
--                non2xx=N socket_errors=N status_counts=201:N,409:N
-- Latencies are wrk's (per request, measured by the client). Non-2xx responses are counted
-- by response(); socket errors (connect, read, write, timeout) come from wrk's summary.

local threads = {}

-- Runs once per thread in the main Lua state, before the threads start.
function setup(thread)
    thread:set("thread_id", #threads + 1)
    table.insert(threads, thread)
end

local token = os.getenv("BENCH_TOKEN") or error("BENCH_TOKEN is not set")
local child_list = os.getenv("BENCH_CHILD_IDS") or error("BENCH_CHILD_IDS is not set")
local referred_on = os.getenv("BENCH_REFERRED_ON") or os.date("%Y-%m-%d")
local run = os.getenv("BENCH_RUN") or tostring(os.time())

local children = {}
for id in string.gmatch(child_list, "%d+") do
    table.insert(children, id)
end
if #children == 0 then
    error("BENCH_CHILD_IDS holds no ids")
end

-- Per-thread state (each thread has its own Lua state, so these are not shared).
counter = 0
non2xx = 0
statuses = {}

local function body_for(child_id)
    return string.format(
        '{"child_id":%s,"referred_on":"%s","referral_stage":"child_in_need",' ..
        '"domestic_violence":false,' ..
        '"reason":"Family support needed after a period of parental ill health; ' ..
        'the wider family have offered to help and an FGC could plan that support.",' ..
        '"referrer_name":"Benchmark referrer"}',
        child_id, referred_on)
end

function init(args)
    -- thread_id was set by setup() before init() runs in this thread's state.
    thread_id = thread_id or 0
end

function request()
    counter = counter + 1
    local child = children[(counter + thread_id) % #children + 1]
    local headers = {
        ["Authorization"] = "Bearer " .. token,
        ["Content-Type"] = "application/json",
        ["Idempotency-Key"] = string.format("bench-%s-t%d-%d", run, thread_id, counter),
    }
    return wrk.format("POST", nil, headers, body_for(child))
end

function response(status, headers, body)
    if status < 200 or status > 299 then
        non2xx = non2xx + 1
    end
    statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
    local total_non2xx = 0
    local by_status = {}
    for _, t in ipairs(threads) do
        total_non2xx = total_non2xx + (t:get("non2xx") or 0)
        local s = t:get("statuses")
        if s then
            for code, n in pairs(s) do
                by_status[code] = (by_status[code] or 0) + n
            end
        end
    end
    local codes = {}
    for code in pairs(by_status) do
        table.insert(codes, code)
    end
    table.sort(codes)
    local parts = {}
    for _, code in ipairs(codes) do
        table.insert(parts, string.format("%d:%d", code, by_status[code]))
    end
    local e = summary.errors
    local seconds = summary.duration / 1e6
    io.write(string.format(
        "BENCH_RESULT requests=%d seconds=%.2f rps=%.1f mean_ms=%.2f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f " ..
        "max_ms=%.2f non2xx=%d socket_errors=%d status_counts=%s\n",
        summary.requests, seconds, summary.requests / seconds, latency.mean / 1000,
        latency:percentile(50) / 1000, latency:percentile(90) / 1000,
        latency:percentile(99) / 1000, latency.max / 1000, total_non2xx,
        e.connect + e.read + e.write + e.timeout,
        #parts > 0 and table.concat(parts, ",") or "none"))
end
