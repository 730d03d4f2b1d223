-- wrk script: POSTs the bodies in the folder BODIES (files 0, 1, 2, ... written by dev.kgate.bench.Payloads), one
-- after the other on each connection; GZIP=1 adds Content-Encoding: gzip (the folder then holds gzip bodies).
-- The requests are built once per thread, so the script costs wrk no more than a static body. Counts answers by
-- status across all threads and prints one RESULT line.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if os.getenv("GZIP") == "1" then
  wrk.headers["Content-Encoding"] = "gzip"
end
local folder = assert(os.getenv("BODIES"), "BODIES: the folder of request bodies")

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local requests, count, index

function init(args)
  ok, other = 0, 0
  requests = {}
  local i = 0
  while true do
    local file = io.open(folder .. "/" .. i, "rb")
    if not file then break end
    local body = file:read("*a")
    file:close()
    requests[#requests + 1] = wrk.format(nil, nil, nil, body)
    i = i + 1
  end
  assert(#requests > 0, "no bodies in " .. folder)
  count = #requests
  index = math.random(count) - 1
end

function request()
  index = (index + 1) % count
  return requests[index + 1]
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
