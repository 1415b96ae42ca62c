-- GET /me/profile, the next user's token each request (also sent, unread, to the bare reference).
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
require("common")
function init(args) load_users() end
function request()
  local u = next_user()
  return wrk.format("GET", "/me/profile", { ["Authorization"] = "Bearer " .. u[1] })
end
