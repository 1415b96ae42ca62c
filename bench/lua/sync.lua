-- GET /me/sync (bootstrap snapshot, first page of 500) of the user with 5,000 history entries.
local token = os.getenv("BENCH_SYNC_TOKEN")
function request()
  return wrk.format("GET", "/me/sync", { ["Authorization"] = "Bearer " .. token })
end
