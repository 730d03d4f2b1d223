-- wrk script: POST the same 92-byte JSON message per request, or, with BATCH_SIZE=n in the environment, a JSON
-- array of n of them (for produce/batch); counts answers by status across all threads.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local message = '{"message":"' .. string.rep("x", 80) .. '"}'
local batch_size = tonumber(os.getenv("BATCH_SIZE") or "0")
if batch_size > 0 then
  local messages = {}
  for i = 1, batch_size do messages[i] = message end
  wrk.body = "[" .. table.concat(messages, ",") .. "]"
else
  wrk.body = message
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok, other = 0, 0
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local total_ok, total_other = 0, 0
  for _, t in ipairs(threads) do
    total_ok = total_ok + t:get("ok")
    total_other = total_other + t:get("other")
  end
  io.write(string.format("RESULT ok=%d other=%d seconds=%.3f p50_ms=%.2f p99_ms=%.2f\n",
    total_ok, total_other, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
