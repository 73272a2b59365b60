-- wrk script for benchmarks/wrk_load.py: requests drawn from a list of
-- addresses, and a JSON summary of the run when it ends.
--
--   wrk -t1 -c16 -d30s -s benchmarks/wrk/mix.lua URL -- LIST [SEED]
--
-- LIST is a file of tab-separated lines: "weight  kind  path  header: value
-- ..." (headers optional, e.g. "Accept-Language: kk" or "Cookie: _LOCALE_=ru").
-- Each request draws a line by weight. Every response's status is counted
-- (in each thread's own Lua state, collected by `done`), and `done` prints
-- one line, "WRK-JSON {...}": requests, seconds, bytes, socket errors,
-- latency percentiles (microseconds), statuses, requests per kind and the
-- X-Cache-Status values nginx sent.

local threads = {}
local thread_number = 0

function setup(thread)
  thread_number = thread_number + 1
  thread:set("number", thread_number)
  table.insert(threads, thread)
end

local entries = {}
local total_weight = 0
statuses = {}
kinds = {}
caches = {}

local function split(line, separator)
  local parts = {}
  for part in (line .. separator):gmatch("(.-)" .. separator) do
    table.insert(parts, part)
  end
  return parts
end

function init(args)
  local list = args[1]
  local seed = tonumber(args[2] or "2026")
  math.randomseed(seed + (number or 0))
  for line in io.lines(list) do
    if line ~= "" and line:sub(1, 1) ~= "#" then
      local parts = split(line, "\t")
      local headers = {}
      for index = 4, #parts do
        local name, value = parts[index]:match("^([^:]+):%s*(.*)$")
        if name then
          headers[name] = value
        end
      end
      local weight = tonumber(parts[1])
      total_weight = total_weight + weight
      -- Built once: wrk.format is what wrk itself calls for each request.
      table.insert(entries, {
        upto = total_weight,
        kind = parts[2],
        request = wrk.format("GET", parts[3], headers),
      })
    end
  end
end

local function pick()
  local point = math.random() * total_weight
  local low, high = 1, #entries
  while low < high do
    local middle = math.floor((low + high) / 2)
    if entries[middle].upto < point then
      low = middle + 1
    else
      high = middle
    end
  end
  return entries[low]
end

function request()
  local entry = pick()
  kinds[entry.kind] = (kinds[entry.kind] or 0) + 1
  return entry.request
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  -- etc/nginx.conf's X-Cache-Status: HIT, MISS, EXPIRED, UPDATING, ...
  local cache = headers["X-Cache-Status"]
  if cache then
    caches[cache] = (caches[cache] or 0) + 1
  end
end

local function add_into(total, part)
  for key, value in pairs(part or {}) do
    local name = tostring(key)
    total[name] = (total[name] or 0) + value
  end
end

local function json_object(map)
  local parts = {}
  for key, value in pairs(map) do
    table.insert(parts, string.format('"%s": %d', key, value))
  end
  table.sort(parts)
  return "{" .. table.concat(parts, ", ") .. "}"
end

function done(summary, latency, requests)
  local all_statuses, all_kinds, all_caches = {}, {}, {}
  for _, thread in ipairs(threads) do
    add_into(all_statuses, thread:get("statuses"))
    add_into(all_kinds, thread:get("kinds"))
    add_into(all_caches, thread:get("caches"))
  end
  local percentiles = {}
  for _, p in ipairs({50, 90, 99, 99.9}) do
    table.insert(percentiles, string.format('"%s": %d', tostring(p), latency:percentile(p)))
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK-JSON {"requests": %d, "seconds": %.3f, "bytes": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '"latency_us": {"mean": %.1f, "max": %d, "percentiles": {%s}}, '
      .. '"statuses": %s, "kinds": %s, "caches": %s}\n',
    summary.requests, summary.duration / 1e6, summary.bytes,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency.mean, latency.max, table.concat(percentiles, ", "),
    json_object(all_statuses), json_object(all_kinds), json_object(all_caches)))
end
