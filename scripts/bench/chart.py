"""Draws search scaling from bench-search.sh's CSV: throughput and p99
latency against catalog size, for catalog search, catalog suggest and
PostgreSQL full-text search (the last run of each size and system wins).

    python3 scripts/bench/chart.py target/bench/search-scaling.csv docs/bench/search-scaling.png
"""

import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

SERIES = [
    ("search", "catalog search (facets)"),
    ("suggest", "catalog suggest"),
    ("postgres-fts", "PostgreSQL full-text search"),
]


def main(source, target):
    latest = {}
    commits = set()
    with open(source, newline="") as f:
        for row in csv.DictReader(f):
            if not row["requests_per_sec"]:
                continue
            latest[(row["what"], int(row["size"]))] = row
    for row in latest.values():
        commits.add(row["commit"])
    fig, (rps_ax, p99_ax) = plt.subplots(1, 2, figsize=(11, 4.2))
    for what, label in SERIES:
        points = sorted((size, row) for (w, size), row in latest.items() if w == what)
        if not points:
            continue
        sizes = [size for size, _ in points]
        rps_ax.plot(sizes, [float(r["requests_per_sec"]) for _, r in points], "o-", label=label)
        p99_ax.plot(sizes, [float(r["p99_ms"] or "nan") for _, r in points], "o-", label=label)
    for ax, title, unit in [
        (rps_ax, "Throughput (32 connections)", "requests/s"),
        (p99_ax, "p99 latency (32 connections)", "ms"),
    ]:
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("products in the catalog")
        ax.set_ylabel(unit)
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(f"scripts/bench-search.sh, commit {', '.join(sorted(commits))}", fontsize=9)
    fig.tight_layout()
    fig.savefig(target, dpi=110)
    print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
