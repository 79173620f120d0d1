"""How much room an extractive summary has over the lead, at the lengths narrate's summaries have.

For each dev article and each length (1, 2, 3 sentences and the default minute), narrate's
summary sets the number of words; at that number of words the table compares:

- the lead (the article's opening cut to the same words), as ``summary_quality.py`` does;
- narrate's summary;
- the best extract: whole sentences of the article chosen *knowing the abstract*, to hold as
  many of the abstract's words as can be had in that many words (ROUGE-1 counts each word of the
  abstract at most as often as the abstract has it). It ignores every listener rule, so no
  extractive summary can do much better: it is the ceiling of sentence selection.

The last columns say how much of the best extract's margin over the lead narrate takes, how many
of the abstract's words (ROUGE tokens) the lead already holds of those the whole article holds,
and the bound that follows with no search at all: at a given length ROUGE-1 F1 is twice the
abstract's tokens held over the two lengths added, so no text made of the article's words, cut
anywhere, beats the lead by more than twice the tokens the lead misses over those lengths.

    .venv/bin/python benchmarks/summary_ceiling.py [--limit N]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from statistics import mean
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rouge_score.rouge_scorer import RougeScorer  # type: ignore[import-untyped]  # noqa: E402

from frsum import LetterTokenizer, article, load  # noqa: E402
from summary_quality import bootstrap, lead_words  # noqa: E402
from narrate.config import load_settings  # noqa: E402
from narrate.pace import voice_pace  # noqa: E402
from narrate.speech.cast import configured_voice  # noqa: E402
from narrate.summarize import summarize, summary_length  # noqa: E402
from narrate.tokenize import french_tokenizer  # noqa: E402

SLACK = 0.05
"""The best extract may be this share shorter or longer than narrate's summary (whole sentences)."""


def held(candidate: Counter, abstract: Counter) -> int:
    """How many of the abstract's tokens ``candidate`` holds, each at most as often as the abstract."""
    return sum((candidate & abstract).values())


def best_extract(sentences: list[str], abstract: Counter, words: int, tokenizer: LetterTokenizer) -> str:
    """Whole sentences, in article order, of about ``words`` words that hold the most of
    ``abstract``: greedy on what each adds, improved by swapping one sentence for another while
    that holds more, then filled in article order up to the length."""
    tokens = [Counter(tokenizer.tokenize(sentence)) for sentence in sentences]
    lengths = [len(sentence.split()) for sentence in sentences]
    most = words * (1 + SLACK)

    def total(chosen: set[int]) -> Counter:
        return sum((tokens[index] for index in chosen), Counter())

    chosen: set[int] = set()
    while True:
        spent, now = sum(lengths[i] for i in chosen), held(total(chosen), abstract)
        gains = [
            (held(total(chosen | {index}), abstract) - now, -lengths[index], index)
            for index in range(len(sentences)) if index not in chosen and spent + lengths[index] <= most
        ]
        gain, _, index = max(gains, default=(0, 0, -1))
        if gain <= 0:
            break
        chosen.add(index)
    improved = True
    while improved:
        improved = False
        now = held(total(chosen), abstract)
        for out in sorted(chosen):
            for index in range(len(sentences)):
                if index in chosen:
                    continue
                swapped = chosen - {out} | {index}
                if sum(lengths[i] for i in swapped) <= most and held(total(swapped), abstract) > now:
                    chosen, improved = swapped, True
                    break
            if improved:
                break
    for index in range(len(sentences)):
        if sum(lengths[i] for i in chosen) >= words * (1 - SLACK):
            break
        if index not in chosen and sum(lengths[i] for i in chosen) + lengths[index] <= most:
            chosen.add(index)
    return " ".join(sentences[index] for index in sorted(chosen))


def measure(rows: list[dict], options: dict[str, Any]) -> dict[str, list[float]]:
    """Per article: ROUGE-1 F1 of narrate, the lead and the best extract at narrate's length
    (the lead cut to each one's words), and the abstract's tokens the lead and the article hold."""
    tokenizer = LetterTokenizer()
    scorer = RougeScorer(["rouge1"], tokenizer=tokenizer)
    splitter = french_tokenizer()
    results: dict[str, list[float]] = {
        key: [] for key in ("words", "narrate", "lead", "best", "lead_for_best", "lead_holds", "article_holds", "bound")
    }

    def rouge1(reference: str, text: str) -> float:
        return 100 * scorer.score(reference, text)["rouge1"].fmeasure

    for row in rows:
        abstract = Counter(tokenizer.tokenize(row["summary"]))
        summary = " ".join(summarize(article(row), **options).sentences)
        words = len(summary.split())
        sentences = [sentence for paragraph in article(row).paragraphs for sentence in splitter.to_sentences(paragraph)]
        best = best_extract(sentences, abstract, words, tokenizer)
        lead = lead_words(row["text"], words)
        results["words"].append(words)
        results["narrate"].append(rouge1(row["summary"], summary))
        results["lead"].append(rouge1(row["summary"], lead))
        results["best"].append(rouge1(row["summary"], best))
        results["lead_for_best"].append(rouge1(row["summary"], lead_words(row["text"], len(best.split()))))
        lead_tokens = Counter(tokenizer.tokenize(lead))
        results["lead_holds"].append(held(lead_tokens, abstract))
        article_holds = held(Counter(tokenizer.tokenize(row["text"])), abstract)
        results["article_holds"].append(article_holds)
        results["bound"].append(200 * (article_holds - results["lead_holds"][-1]) / (sum(lead_tokens.values()) + sum(abstract.values())))
    return results


def interval(values: list[float]) -> str:
    low, high = bootstrap(values)
    return f"{mean(values):+.2f} [{low:+.2f}, {high:+.2f}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", default="dev.jsonl")
    parser.add_argument("--limit", type=int)
    arguments = parser.parse_args()
    rows = load(arguments.file, arguments.limit)
    settings = load_settings()
    pace = voice_pace(configured_voice(settings), None)
    lengths: dict[str, dict[str, Any]] = {f"{count} sentence{'s' if count > 1 else ''}": {"sentences": count} for count in (1, 2, 3)}
    lengths["one minute"] = dict(summary_length(settings, pace, "fr"), pace=pace)
    print(f"{arguments.file}: {len(rows)} articles, ROUGE-1 F1 x100 at narrate's length, the lead cut to the same words\n")
    print("| length | words | lead | narrate | best extract | narrate - lead | best extract - lead | share of the room taken | abstract's tokens: lead holds / article holds | bound over the lead |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, options in lengths.items():
        r = measure(rows, options)
        narrate_gain = [a - b for a, b in zip(r["narrate"], r["lead"])]
        best_gain = [a - b for a, b in zip(r["best"], r["lead_for_best"])]
        print(
            f"| {label} | {mean(r['words']):.0f} | {mean(r['lead']):.2f} | {mean(r['narrate']):.2f} | {mean(r['best']):.2f} "
            f"| {interval(narrate_gain)} | {interval(best_gain)} | {mean(narrate_gain) / mean(best_gain):.0%} "
            f"| {mean(r['lead_holds']):.1f} / {mean(r['article_holds']):.1f} | +{mean(r['bound']):.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
