"""ROUGE of narrate's summariser against the journalists' abstracts in ../shared/frsum/dev.jsonl.

Each summary is compared with the article's opening cut to the same number of words (the
lead at equal length), because ROUGE F1 depends on length. The table gives ROUGE-1/2/L F1
(x100) with a 95% bootstrap confidence interval, and the paired difference with the lead.

    .venv/bin/python benchmarks/summary_quality.py [--sentences N | --words N] [--limit N]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rouge_score.rouge_scorer import RougeScorer  # noqa: E402

from frsum import LetterTokenizer, article, load  # noqa: E402
from narrate.config import load_settings  # noqa: E402
from narrate.speech.cast import configured_voice  # noqa: E402
from narrate.pace import voice_pace  # noqa: E402
from narrate.summarize import summarize, summary_length  # noqa: E402

METRICS = ("rouge1", "rouge2", "rougeL")
BOOTSTRAP_SAMPLES = 2000


def lead_words(text: str, count: int) -> str:
    """The article's first ``count`` words."""
    return " ".join(text.split()[:count])


def bootstrap(values: list[float], seed: int = 20250101) -> tuple[float, float]:
    """95% percentile interval of the mean of ``values``."""
    rng = random.Random(seed)
    n = len(values)
    means = sorted(sum(values[rng.randrange(n)] for _ in range(n)) / n for _ in range(BOOTSTRAP_SAMPLES))
    return means[int(0.025 * BOOTSTRAP_SAMPLES)], means[int(0.975 * BOOTSTRAP_SAMPLES) - 1]


def evaluate(rows: list[dict], options: dict) -> dict[str, dict[str, list[float]]]:
    scorer = RougeScorer(list(METRICS), tokenizer=LetterTokenizer())
    scores: dict[str, dict[str, list[float]]] = {"narrate": {m: [] for m in METRICS}, "lead": {m: [] for m in METRICS}}
    words = []
    summarising = 0.0
    for row in rows:
        started = time.perf_counter()
        summary = " ".join(summarize(article(row), **options).sentences)
        summarising += time.perf_counter() - started
        count = len(summary.split())
        words.append(count)
        for system, text in (("narrate", summary), ("lead", lead_words(row["text"], count))):
            result = scorer.score(row["summary"], text)
            for metric in METRICS:
                scores[system][metric].append(100 * result[metric].fmeasure)
    scores["words"] = {"mean": words}
    scores["speed"] = {"articles_per_second": [len(rows) / summarising]}
    return scores


def table(scores: dict, label: str) -> str:
    words = sum(scores["words"]["mean"]) / len(scores["words"]["mean"])
    lines = [
        f"| {label} | words | ROUGE-1 | ROUGE-2 | ROUGE-L |",
        "|---|---:|---:|---:|---:|",
    ]
    for system in ("narrate", "lead"):
        cells = []
        for metric in METRICS:
            values = scores[system][metric]
            low, high = bootstrap(values)
            cells.append(f"{sum(values) / len(values):.2f} [{low:.2f}, {high:.2f}]")
        name = "narrate" if system == "narrate" else "lead, same length"
        lines.append(f"| {name} | {words:.0f} | " + " | ".join(cells) + " |")
    cells = []
    for metric in METRICS:
        differences = [a - b for a, b in zip(scores["narrate"][metric], scores["lead"][metric])]
        low, high = bootstrap(differences)
        cells.append(f"{sum(differences) / len(differences):+.2f} [{low:+.2f}, {high:+.2f}]")
    lines.append("| difference (paired) | | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", default="dev.jsonl")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--algorithm")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--sentences", type=int)
    group.add_argument("--words", type=int)
    group.add_argument("--minutes", type=float, help="of summary chapter, at the default voice's measured pace")
    arguments = parser.parse_args()
    rows = load(arguments.file, arguments.limit)
    options = {key: value for key in ("sentences", "words", "algorithm") if (value := getattr(arguments, key, None))}
    if not (arguments.sentences or arguments.words):  # the default length: minutes of speech at the voice's pace
        settings = load_settings(overrides={"minutes": arguments.minutes})
        pace = voice_pace(configured_voice(settings), None)
        options.update(summary_length(settings, pace, "fr"), pace=pace)
    scores = evaluate(rows, options)
    label = ", ".join(f"{k}={v:.1f}" if isinstance(v, float) else f"{k}={v}" for k, v in options.items() if k != "pace")
    speed = scores["speed"]["articles_per_second"][0]
    print(f"{arguments.file}: {len(rows)} articles, {label}; summariser: {speed:.0f} articles/s\n")
    print(table(scores, label))


if __name__ == "__main__":
    main()
