-- PATCH /me/profile with a fresh Idempotency-Key and a new displayName every request.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
require("common")
function init(args) load_users() end
function request()
  local u = next_user()
  return wrk.format("PATCH", "/me/profile", {
    ["Authorization"] = "Bearer " .. u[1], ["Idempotency-Key"] = fresh_key(),
    ["Content-Type"] = "application/json", ["X-Device-Id"] = "bench" },
    '{"fields":{"displayName":"w' .. tid .. "-" .. seq .. '"}}')
end
