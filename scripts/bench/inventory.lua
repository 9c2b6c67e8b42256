-- wrk: GET the first inventory page of a random store.
local stores = tonumber(os.getenv("STORES") or "20")

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed)
end

request = function()
  return wrk.format("GET", string.format("/stores/%d/inventory/", math.random(1, stores)))
end
