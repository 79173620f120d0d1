"""Episodes on a Dask cluster: 100 development articles built with `--cluster local` (a
LocalCluster of two worker processes) against `--jobs 2`, on this machine, each from a cold
speech cache, measured in one run; and, on paper, how many workers a morning of 500 articles
needs.

    .venv/bin/python benchmarks/cluster.py [--count N]

The table goes into BENCHMARKS.md (between the "cluster.py" markers).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import audio_minutes, dev_articles, project, timed_build  # noqa: E402
from sections import write_section  # noqa: E402

PIPER_REAL_TIME_FACTORS = (0.1, 0.3)
"""Piper's synthesis time per second of speech on one CPU core, as the issue states from
Piper's published figures (not measured here: the tests' Piper voice is a tiny stand-in)."""
MORNING = 500
"""Articles a large newsroom publishes in a morning."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    count = parser.parse_args().count
    with tempfile.TemporaryDirectory(prefix="narrate-cluster-") as temporary:
        work = Path(temporary)
        local_root = project(work / "jobs", dev_articles(count))
        local, _ = timed_build(local_root, "--jobs", "2")
        minutes = audio_minutes(local_root)
        cluster_root = project(work / "cluster", dev_articles(count))
        # the workers' cache, cold as the other build's: their own one lasts from run to run
        (cluster_root / "narrate.toml").write_text(f'[build]\ncluster_cache = "{cluster_root / ".narrate-cache"}"\n')
        cluster, _ = timed_build(cluster_root, "--cluster", "local", "--jobs", "2")
    overhead = cluster / local - 1
    per_worker_hour = count / cluster * 3600 / 2
    minutes_each = minutes / count
    rows = [
        f"| {count} articles ({minutes:.0f} min of audio), `--jobs 2` | {local:.1f} s | | |",
        f"| the same, `--cluster local` (two worker processes) | {cluster:.1f} s | | |",
        f"| cluster overhead | {overhead:+.1%} | ≤ +10% | {'yes' if overhead <= 0.10 else 'no'} |",
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
        "On paper, from the row above and Piper's speed:", "", *(f"- {line}" for line in paper),
    ])
    print(table)
    write_section("cluster.py", "Cluster (`benchmarks/cluster.py`)", table)


if __name__ == "__main__":
    main()
