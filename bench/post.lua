-- wrk script: POSTs the bodies in the folder BODIES (files 0, 1, 2, ... written by dev.kgate.bench.Payloads), one
-- after the other on each connection; GZIP=1 adds Content-Encoding: gzip (the folder then holds gzip bodies).
-- The requests are built once per thread, so the script costs wrk little more than a static body. Prints one
-- RESULT line: answers 2xx (ok) and not (other, with connection errors and timeouts), and the latency percentiles.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if os.getenv("GZIP") == "1" then
  wrk.headers["Content-Encoding"] = "gzip"
end
local folder = assert(os.getenv("BODIES"), "BODIES: the folder of request bodies")

local requests, count, index

function init(args)
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

-- No response() callback: it would make wrk hand every answer's headers and body to Lua, a tenth of its speed.
-- summary.errors.status counts the answers that were not 2xx or 3xx (every route answers success with 200).
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT ok=%d other=%d seconds=%.3f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests - e.status, e.status + e.read + e.write + e.timeout + e.connect, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
