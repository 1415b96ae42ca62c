-- Shared by the wrk scripts: users from $BENCH_USERS (token TAB user id TAB load key), a thread id
-- per wrk thread, and a rotating index so every request carries the next user's token.
local counter = 1
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

users, n, i, seq = {}, 0, 0, 0

function load_users()
  local f = assert(io.open(os.getenv("BENCH_USERS"), "r"))
  for line in f:lines() do
    local tok, id, key = line:match("([^\t]+)\t([^\t]+)\t([^\t]+)")
    if tok then
      n = n + 1
      users[n] = { tok, id, key }
    end
  end
  f:close()
  math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
  i = math.random(n)
end

function next_user()
  i = i % n + 1
  return users[i]
end

-- A fresh version-4 UUID: run nonce, thread id, random bits and a per-thread counter.
local nonce = nil
function fresh_key()
  if nonce == nil then nonce = math.random(0, 2147483646) end
  seq = seq + 1
  return string.format("%08x-%04x-4%03x-8%03x-%012x", nonce, (tid or 0) % 65536,
    math.random(0, 4095), math.random(0, 4095), seq)
end
