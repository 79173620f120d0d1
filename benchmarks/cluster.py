"""Episodes on a Dask cluster: 100 development articles built with `--cluster local` (a
LocalCluster of two worker processes) against `--jobs 2`, on this machine, each from a cold
speech cache, in pairs measured side by side (each pair in the other order from the last, the
median pair reported: on this noisy machine, pairs of one run ranged from +3% to +7%, and from
+6% to +10% in a busier hour); and, on paper, how many workers a morning of 500 articles needs.

    .venv/bin/python benchmarks/cluster.py [--count N] [--pairs N]

The table goes into BENCHMARKS.md (between the "cluster.py" markers); `benchmarks/run.py`
measures one pair among its other rows.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import audio_minutes, cluster_build, dev_articles, project, timed_build  # noqa: E402
from sections import write_section  # noqa: E402

PIPER_REAL_TIME_FACTORS = (0.1, 0.3)
"""Piper's synthesis time per second of speech on one CPU core, as the issue states from
Piper's published figures (not measured here: the tests' Piper voice is a tiny stand-in)."""
MORNING = 500
"""Articles a large newsroom publishes in a morning."""


def measure_pair(work: Path, count: int, cluster_first: bool) -> tuple[float, float, float]:
    """(seconds with --jobs 2, seconds with --cluster local, minutes of audio) for ``count`` articles."""
    jobs_root = project(work / "jobs", dev_articles(count))
    cluster_root = project(work / "cluster", dev_articles(count))
    cluster = cluster_build(cluster_root) if cluster_first else 0.0
    local, _ = timed_build(jobs_root, "--jobs", "2")
    if not cluster_first:
        cluster = cluster_build(cluster_root)
    return local, cluster, audio_minutes(jobs_root)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--pairs", type=int, default=5)
    options = parser.parse_args()
    count = options.count
    pairs = []
    for number in range(options.pairs):
        with tempfile.TemporaryDirectory(prefix="narrate-cluster-") as temporary:
            pairs.append(measure_pair(Path(temporary), count, cluster_first=number % 2 == 1))
    local, cluster, minutes = sorted(pairs, key=lambda pair: pair[1] / pair[0])[(len(pairs) - 1) // 2]  # the median pair
    overhead = cluster / local - 1
    per_worker_hour = count / cluster * 3600 / 2
    minutes_each = minutes / count
    each = ", ".join(f"{c / j - 1:+.1%}" for j, c, _ in pairs)
    rows = [
        f"| {count} articles ({minutes:.0f} min of audio), `--jobs 2` | {local:.1f} s | | |",
        f"| the same, `--cluster local` (two worker processes) | {cluster:.1f} s | | |",
        f"| cluster overhead, the median of {len(pairs)} pairs ({each}) | {overhead:+.1%} | ≤ +10% | {'yes' if overhead <= 0.10 else 'no'} |",
    ]
    paper = [
        f"espeak-ng, measured above: {per_worker_hour:,.0f} articles an hour per worker (one core), articles of "
        f"{minutes_each:.1f} min of audio; a morning of {MORNING} articles takes one worker "
        f"{MORNING / per_worker_hour * 60:.0f} minutes.",
    ]
    for factor in PIPER_REAL_TIME_FACTORS:
        seconds = minutes_each * 60 * factor + cluster / count * 2  # its speech, and the rest of an episode's work
        hourly = 3600 / seconds
        paper.append(
            f"Piper at a real-time factor of {factor} (Piper's published figures, not measured here): "
            f"{hourly:,.0f} articles an hour per core; {MORNING} articles within an hour need "
            f"{-(-MORNING // int(hourly))} workers of one core."
        )
    table = "\n".join([
        "| measure | figure | target | met |", "|---|---|---|---|", *rows, "",
        "On paper, from the median pair and Piper's speed:", "", *(f"- {line}" for line in paper),
    ])
    print(table)
    write_section("cluster.py", "Cluster (`benchmarks/cluster.py`)", table)


if __name__ == "__main__":
    main()
