-- wrk: GET PATH? followed by a query string drawn from the file MIX.
local path = os.getenv("PATH_PREFIX")
local queries = {}
for line in io.lines(os.getenv("MIX")) do queries[#queries + 1] = line end

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed)
end

request = function()
  return wrk.format("GET", path .. queries[math.random(1, #queries)])
end
