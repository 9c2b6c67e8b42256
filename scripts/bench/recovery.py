#!/usr/bin/env python3
"""Issue 10's speed rule: word dropping and typo expansion must not make a
query slower than a normal one by more than 2x. Times, one at a time (no
concurrency), queries that need recovery against queries of the same words
that need none, on a running service:

    BASE=http://127.0.0.1:18081 python3 scripts/bench/recovery.py

Prints the median latency of each (20 runs after 3 warm-ups) and the ratio.
"""
import os
import statistics
import time
import urllib.parse
import urllib.request

BASE = os.environ.get("BASE", "http://127.0.0.1:18081")
RUNS = int(os.environ.get("RUNS", "20"))

# (a normal query, the query needing recovery that contains its words)
PAIRS = [
    ("apple tablet", "apple cordless tablet"),  # no product has all three
    ("apple", "apple cordless"),  # nothing has both: one dropped
    ("sony camera", "sony camera zzzzqx"),  # a word matching nothing
    ("headphones", "headphnes"),  # a typo: typos tried
    ("wireless speaker", "wireles speakr"),  # two typos
    ("dell laptop", "dell laptop for college students"),  # filled from fewer words
    ("dell laptop", "dell laptop blender waffle cordless"),  # three words dropped
]


def median_ms(q):
    url = f"{BASE}/api/search/products/?" + urllib.parse.urlencode({"q": q})
    times = []
    for i in range(RUNS + 3):
        start = time.perf_counter()
        with urllib.request.urlopen(url) as response:
            response.read()
        if i >= 3:
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


print(f"{'normal query':<22} {'ms':>7}   {'needs recovery':<34} {'ms':>7}  ratio")
for normal, recovering in PAIRS:
    a, b = median_ms(normal), median_ms(recovering)
    print(f"{normal:<22} {a:7.2f}   {recovering:<34} {b:7.2f}  {b / a:4.2f}x")
