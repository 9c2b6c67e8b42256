#!/usr/bin/env python3
"""Commit-to-searchable latency of the stock changes orders make, measured
while the order benchmark runs.

    stock_freshness.py BASE_URL DATABASE_URL SECONDS

Polls the service's `catalog_index_applied_seq` gauge (GET /metrics) every 20 ms
for SECONDS, then until the index has caught up with the change sequence
(at most 30 s more). A change is searchable from the first sample whose
checkpoint reaches its number; its outbox row's `created_at` is the start
of the order's transaction, a little before its commit, so the figures
slightly overstate the latency (by the transaction's length, plus up to
one 20 ms poll). Prints p50, p99 and max over the changes numbered during
the run. Standard library only; psql reads the outbox.
"""

import re
import subprocess
import sys
import time
import urllib.request

POLL = 0.02
GAUGE = re.compile(r"^catalog_index_applied_seq\s+(\S+)$", re.M)


def psql(url, sql):
    return subprocess.run(
        ["psql", url, "-Atc", sql], check=True, capture_output=True, text=True
    ).stdout


def checkpoint(base):
    with urllib.request.urlopen(base + "/metrics", timeout=5) as answer:
        found = GAUGE.search(answer.read().decode())
    return int(float(found.group(1))) if found else 0


def percentile(sorted_values, p):
    index = min(len(sorted_values) - 1, int(round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[index]


def main():
    base, database, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    first = int(psql(database, "SELECT last_seq FROM change_sequence").strip())
    samples = []
    stop = time.time() + seconds
    while time.time() < stop:
        samples.append((time.time(), checkpoint(base)))
        time.sleep(POLL)
    head = int(psql(database, "SELECT last_seq FROM change_sequence").strip())
    give_up = time.time() + 30
    while samples[-1][1] < head and time.time() < give_up:
        time.sleep(POLL)
        samples.append((time.time(), checkpoint(base)))
    rows = psql(
        database,
        f"SELECT seq, extract(epoch FROM created_at) FROM outbox "
        f"WHERE seq > {first} AND seq <= {head} ORDER BY seq",
    ).split()
    latencies, at = [], 0
    for row in rows:
        seq, created = row.split("|")
        seq, created = int(seq), float(created)
        while at < len(samples) and samples[at][1] < seq:
            at += 1
        if at == len(samples):
            print(f"   stock freshness: change {seq} never became searchable")
            return
        latencies.append((samples[at][0] - created) * 1000)
    if not latencies:
        print("   stock freshness: no change numbered during the run")
        return
    latencies.sort()
    print(
        f"   stock freshness ({len(latencies)} changes, commit to searchable): "
        f"p50 {percentile(latencies, 50):.0f} ms, p99 {percentile(latencies, 99):.0f} ms, "
        f"max {latencies[-1]:.0f} ms"
    )


if __name__ == "__main__":
    main()
