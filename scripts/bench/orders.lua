-- wrk: POST /orders/ with 1 to 3 random lines at a random store.
-- PRODUCTS and STORES come from the environment.
local products = tonumber(os.getenv("PRODUCTS") or "100000")
local stores = tonumber(os.getenv("STORES") or "20")

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed)
end

request = function()
  local lines = {}
  for i = 1, math.random(1, 3) do
    lines[i] = string.format('{"product_id": %d, "quantity_requested": 1}', math.random(1, products))
  end
  local body = string.format('{"store_id": %d, "items": [%s]}', math.random(1, stores), table.concat(lines, ","))
  return wrk.format("POST", "/orders/", {["Content-Type"] = "application/json"}, body)
end
