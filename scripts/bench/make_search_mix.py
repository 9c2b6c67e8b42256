#!/usr/bin/env python3
"""Writes the search benchmark's query mix, the same queries three ways:

  search-mix.txt     query strings for GET /api/search/products/ (wrk)
  suggest-mix.txt    query strings for GET /api/search/suggest/ (wrk)
  pg/fts-N.sql       pgbench scripts: PostgreSQL full-text search, ts_rank, GROUP BY facets
  pg/ilike-N.sql     pgbench scripts: ILIKE '%word%', GROUP BY facets

Words are what shoppers type at an electronics shop like the seed's; a fifth carry a
typo. Category filters are paths from the seed's tree (src/seed/bestbuy/categories.json),
filtering to a department or one of its subcategories and all below. Both sides compute
the same facets: the category level below the filter, brand, price, availability and the
facetable attributes (src/seed/vocabulary/common.json), each disjunctive as catalog's are.
Deterministic: the same mix every run.
"""
import json
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
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
TREE = json.load(open(os.path.join(ROOT, "src/seed/bestbuy/categories.json")))
CATEGORY_PATHS = sorted({tuple(c["path"][:1]) for c in TREE} | {tuple(c["path"][:2]) for c in TREE if len(c["path"]) > 2})
FACETS = json.load(open(os.path.join(ROOT, "src/seed/vocabulary/common.json")))["facets"]
BRAND_NAMES = {"lg": "LG", "hp": "HP", "jbl": "JBL"}


def quote(text):
    return "'" + text.replace("'", "''") + "'"


def typo(word):
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def make_search():
    words = [rng.choice(pool) for pool in rng.choice(SHAPES)]
    typed = [typo(w) if rng.random() < 0.2 else w for w in words]
    params = {"q": " ".join(typed)}
    f = {"words": words, "category": None, "brand": None, "price": None, "store": None}
    if rng.random() < 0.4:
        f["category"] = rng.choice(CATEGORY_PATHS)
    if rng.random() < 0.15:
        brand = rng.choice(BRANDS)
        f["brand"] = BRAND_NAMES.get(brand, brand.capitalize())
    if rng.random() < 0.3:
        f["price"] = rng.choice(PRICES)
    if rng.random() < 0.3:
        f["store"] = rng.randrange(1, 21)
    sort = rng.choice(["relevance"] * 4 + ["price_asc", "price_desc", "newest"])
    query = [("q", params["q"])]
    if f["category"]:
        query.append(("category", " > ".join(f["category"])))
    if f["brand"]:
        query.append(("brand", f["brand"]))
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
    path = f["category"] or ()
    names = "ARRAY[" + ",".join(quote(n) for n in path) + "]::text[]"
    cat = (f"p.category_id IN (SELECT id FROM categories WHERE path_names[1:{len(path)}] = {names})"
           if path else "TRUE")
    brand = f"p.brand = {quote(f['brand'])}" if f["brand"] else "TRUE"
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
    # The category facet: the level below the filter (the departments without one).
    level = f"c.path_names[{len(path) + 1}]"
    facets = "ARRAY[" + ",".join(quote(k) for k in FACETS) + "]"
    return "\n".join([
        f"SELECT p.id, p.title, p.price, {rank} AS rank FROM products p WHERE {where(cat, brand, price, stock)} ORDER BY {order} LIMIT 20;",
        f"SELECT count(*) FROM products p WHERE {where(cat, brand, price, stock)};",
        f"SELECT {level}, count(*) FROM products p JOIN categories c ON c.id = p.category_id WHERE {where(cat, brand, price, stock)} GROUP BY 1;",
        f"SELECT p.brand, count(*) FROM products p WHERE {where(cat, price, stock)} GROUP BY 1 ORDER BY 2 DESC LIMIT 20;",
        f"SELECT a.key, a.value, count(*) FROM products p, jsonb_each_text(p.attributes) a WHERE {where(cat, brand, price, stock)} AND a.key = ANY({facets}) GROUP BY 1, 2;",
        f"SELECT width_bucket(p.price, {BUCKETS}), count(*) FROM products p WHERE {where(cat, brand, stock)} GROUP BY 1;",
        f"SELECT count(*) FILTER (WHERE EXISTS (SELECT 1 FROM inventory i WHERE i.product_id = p.id AND i.quantity > 0)), count(*) FROM products p WHERE {where(cat, brand, price)};",
        "",
    ])


def make_suggest():
    words = [rng.choice(pool) for pool in rng.choice(SHAPES)]
    last = words[-1]
    words[-1] = last[: rng.randrange(3, max(4, len(last) + 1))]
    if rng.random() < 0.15 and len(words[-1]) >= 5:
        words[-1] = typo(words[-1])
    # Suggest answers from 3 characters ("lg" alone is refused).
    if len(" ".join(words)) < 3:
        return make_suggest()
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
