#!/usr/bin/env python3
"""Writes the search benchmark's query mix, the same queries three ways:

  search-mix.txt     query strings for GET /api/search/products/ (wrk)
  suggest-mix.txt    query strings for GET /api/search/suggest/ (wrk)
  pg/fts-N.sql       pgbench scripts: PostgreSQL full-text search, ts_rank, GROUP BY facets
  pg/ilike-N.sql     pgbench scripts: ILIKE '%word%', GROUP BY facets

Words come from the seed's vocabulary (src/seed/vocabulary/); a fifth of the words
carry a typo. Deterministic: the same mix every run.
"""
import os
import random
import urllib.parse

rng = random.Random(42)
out = os.path.dirname(os.path.abspath(__file__))
NOUNS = ("phone case charger cable headphones earbuds speaker soundbar camera lens tripod tv "
         "laptop monitor tablet router keyboard mouse drive controller console game blender "
         "coffee toaster fryer refrigerator washer dryer dishwasher microwave vacuum drone "
         "guitar piano microphone watch printer thermostat doorbell").split()
ADJECTIVES = "wireless portable smart bluetooth gaming cordless compact pro mini ultra digital noise".split()
BRANDS = "apple samsung sony lg insignia bose jbl canon dell hp lenovo logitech otterbox ninja dyson".split()
WORDS = NOUNS + ADJECTIVES + BRANDS
# What shoppers type: a product, or a brand or adjective with one.
SHAPES = [(NOUNS,), (NOUNS,), (BRANDS, NOUNS), (ADJECTIVES, NOUNS), (BRANDS, ADJECTIVES, NOUNS), (ADJECTIVES,), (BRANDS,)]
PRICES = [(None, 50), (25, 100), (100, None), (50, 250), (None, 20), (200, 1000)]
BUCKETS = "ARRAY[25,50,100,250,500,1000]"


def typo(word):
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def make_search():
    words = [rng.choice(pool) for pool in rng.choice(SHAPES)]
    typed = [typo(w) if rng.random() < 0.2 else w for w in words]
    params = {"q": " ".join(typed)}
    f = {"words": words, "categories": [], "price": None, "store": None}
    if rng.random() < 0.4:
        f["categories"] = sorted(rng.sample(range(1, 16), rng.choice([1, 2])))
    if rng.random() < 0.3:
        f["price"] = rng.choice(PRICES)
    if rng.random() < 0.3:
        f["store"] = rng.randrange(1, 21)
    sort = rng.choice(["relevance"] * 4 + ["price_asc", "price_desc", "newest"])
    query = [("q", params["q"])] + [("category", c) for c in f["categories"]]
    if f["price"]:
        lo, hi = f["price"]
        if lo is not None:
            query.append(("min_price", lo))
        if hi is not None:
            query.append(("max_price", hi))
    if f["store"]:
        query += [("store_id", f["store"]), ("in_stock", "true")]
    query.append(("sort", sort))
    return urllib.parse.urlencode(query), f, sort


def sql(f, sort, text):
    cat = f"p.category_id IN ({','.join(map(str, f['categories']))})" if f["categories"] else "TRUE"
    lo, hi = f["price"] or (None, None)
    price = " AND ".join(x for x in [f"p.price >= {lo}" if lo is not None else "", f"p.price <= {hi}" if hi is not None else ""] if x) or "TRUE"
    stock = (f"EXISTS (SELECT 1 FROM inventory i WHERE i.product_id = p.id AND i.store_id = {f['store']} AND i.quantity > 0)"
             if f["store"] else "TRUE")
    order = {"relevance": "rank DESC", "price_asc": "p.price", "price_desc": "p.price DESC", "newest": "p.created_at DESC"}[sort]
    if text == "fts":
        match = f"p.search_tsv @@ plainto_tsquery('english', '{' '.join(f['words'])}')"
        rank = f"ts_rank(p.search_tsv, plainto_tsquery('english', '{' '.join(f['words'])}'))"
    else:
        match = " AND ".join(f"(p.title ILIKE '%{w}%' OR p.description ILIKE '%{w}%')" for w in f["words"])
        rank = "0"
    where = lambda *parts: " AND ".join([match, *parts])
    return "\n".join([
        f"SELECT p.id, p.title, p.price, {rank} AS rank FROM products p WHERE {where(cat, price, stock)} ORDER BY {order} LIMIT 20;",
        f"SELECT count(*) FROM products p WHERE {where(cat, price, stock)};",
        f"SELECT p.category_id, count(*) FROM products p WHERE {where(price, stock)} GROUP BY 1;",
        f"SELECT width_bucket(p.price, {BUCKETS}), count(*) FROM products p WHERE {where(cat, stock)} GROUP BY 1;",
        f"SELECT count(*) FILTER (WHERE EXISTS (SELECT 1 FROM inventory i WHERE i.product_id = p.id AND i.quantity > 0)), count(*) FROM products p WHERE {where(cat, price)};",
        "",
    ])


def make_suggest():
    words = [rng.choice(pool) for pool in rng.choice(SHAPES)]
    last = words[-1]
    words[-1] = last[: rng.randrange(3, max(4, len(last) + 1))]
    if rng.random() < 0.15 and len(words[-1]) >= 5:
        words[-1] = typo(words[-1])
    return urllib.parse.urlencode({"q": " ".join(words)})


os.makedirs(os.path.join(out, "pg"), exist_ok=True)
with open(os.path.join(out, "search-mix.txt"), "w") as mix:
    # pgbench takes at most 128 scripts; every run uses the same 120 searches.
    for n in range(120):
        query, f, sort = make_search()
        mix.write(query + "\n")
        for text in ("fts", "ilike"):
            with open(os.path.join(out, "pg", f"{text}-{n}.sql"), "w") as script:
                script.write(sql(f, sort, text))
with open(os.path.join(out, "suggest-mix.txt"), "w") as mix:
    for _ in range(200):
        mix.write(make_suggest() + "\n")
