-- POST /me/sync/push of $BENCH_PUSH_OPS history creates, fresh op ids and entry ids.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
require("common")
local ops = tonumber(os.getenv("BENCH_PUSH_OPS") or "100")
function init(args) load_users() end
function request()
  local u = next_user()
  local parts = {}
  for k = 1, ops do
    parts[k] = '{"opId":"' .. fresh_key() .. '","entity":"history","action":"create",'
      .. '"payload":{"id":"' .. fresh_key() .. '","scannedAt":"2026-11-24T10:00:00Z",'
      .. '"barcode":"7891000100103","productName":"Bench biscuit","verdict":"unsafe",'
      .. '"allergensDetected":["peanut"],"note":null},"clientTs":"2026-11-24T10:00:00Z"}'
  end
  return wrk.format("POST", "/me/sync/push", {
    ["Authorization"] = "Bearer " .. u[1], ["Content-Type"] = "application/json" },
    '{"deviceId":"bench","ops":[' .. table.concat(parts, ",") .. ']}')
end
