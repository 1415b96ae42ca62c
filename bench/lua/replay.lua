-- Replays: each user's load write again, same key and same body (BenchTool.loadBody), so every
-- request is answered from the ledger with Idempotent-Replayed: true.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
require("common")
function init(args) load_users() end
function request()
  local u = next_user()
  return wrk.format("PATCH", "/me/profile", {
    ["Authorization"] = "Bearer " .. u[1], ["Idempotency-Key"] = u[3],
    ["Content-Type"] = "application/json", ["X-Device-Id"] = "bench" },
    '{"fields":{"displayName":"User ' .. u[2] .. '","locale":"en-GB"}}')
end
