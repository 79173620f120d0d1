"""Fit the coefficients of narrate's sentence scorer on ../shared/frsum/train.jsonl.gz.

First the words: for each word, the log-odds that an article's abstract uses it when the
article does (shrunk towards the average word by PRIOR_ARTICLES articles' worth, kept for words
of MIN_ARTICLES articles or more). A sentence's features include what its words' odds say
(``abstract_word_features``); so that they do not know the sentence's own abstract, the
training sentences of each half of the articles take the odds counted on the other half.

Then each training sentence is labelled 1 when it belongs to the greedy oracle extract (the up
to three sentences that together best match the journalist's abstract, by ROUGE-1 + ROUGE-2
F1), else 0. A logistic regression on the features of ``narrate.sentence_features`` then
learns how much position, centrality, title overlap and the rest predict that choice.

The regularisation is chosen on a validation block that the fit never sees: the last
VALIDATION_ROWS training articles, scored as ``summary_quality.py`` scores dev (ROUGE-1 over
the lead at the same length, at 1, 2 and 3 sentences). The chosen model is then fitted again on
every training article. dev.jsonl is never read here. The coefficients are written to
``narrate/data/summary_model.json``; the texts are not.

    .venv/bin/python benchmarks/fit_summary_model.py [--limit N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from frsum import LetterTokenizer, article, load  # noqa: E402
from summary_quality import lead_words  # noqa: E402
import narrate.summarize as summarizer  # noqa: E402
from narrate.sentence_features import FEATURE_NAMES, sentence_table  # noqa: E402
from narrate.summarize import SummaryModel  # noqa: E402
from narrate.tokenize import french_tokenizer  # noqa: E402

MODEL_PATH = Path(__file__).resolve().parent.parent / "narrate" / "data" / "summary_model.json"
ORACLE_SENTENCES = 3
L2_CHOICES = (0.1, 1.0, 10.0, 100.0)
VALIDATION_ROWS = 2000
VALIDATION_LENGTHS = (1, 2, 3)
MIN_ARTICLES = 20
PRIOR_ARTICLES = 10.0
ArticleWords = tuple[frozenset[str], frozenset[str]]


def ngrams(tokens: list[str], n: int) -> Counter:
    return Counter(zip(*(tokens[i:] for i in range(n))))


def f1(candidate: Counter, reference: Counter) -> float:
    overlap = sum((candidate & reference).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(candidate.values()), overlap / sum(reference.values())
    return 2 * precision * recall / (precision + recall)


def oracle(sentences: tuple[str, ...], reference: str, tokenizer: LetterTokenizer) -> set[int]:
    """Greedy oracle: add the sentence that most raises ROUGE-1 + ROUGE-2 F1, up to three."""
    reference_tokens = tokenizer.tokenize(reference)
    targets = (ngrams(reference_tokens, 1), ngrams(reference_tokens, 2))
    tokens = [tokenizer.tokenize(sentence) for sentence in sentences]
    chosen: list[int] = []
    best = 0.0
    while len(chosen) < ORACLE_SENTENCES:
        candidates = []
        for index in range(len(sentences)):
            if index in chosen:
                continue
            joined = [t for i in sorted([*chosen, index]) for t in tokens[i]]
            score = sum(f1(ngrams(joined, n + 1), target) for n, target in enumerate(targets))
            candidates.append((score, index))
        if not candidates:
            break
        score, index = max(candidates)
        if score <= best:
            break
        best = score
        chosen.append(index)
    return set(chosen)


def fit_logistic(features: np.ndarray, labels: np.ndarray, l2: float) -> np.ndarray:
    """Newton's method for L2-regularised logistic regression (the bias is not penalised)."""
    weights = np.zeros(features.shape[1])
    penalty = np.full(features.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(50):
        probabilities = 1 / (1 + np.exp(-features @ weights))
        gradient = features.T @ (probabilities - labels) + penalty * weights
        hessian = (features * (probabilities * (1 - probabilities))[:, None]).T @ features + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-8:
            break
    return weights


def article_words(row: dict) -> ArticleWords:
    """The words of an article and of its abstract, lower case, as the sentence table reads them."""
    tokenizer = french_tokenizer()

    def words(paragraphs: tuple[str, ...]) -> frozenset[str]:
        return frozenset(
            word.lower() for paragraph in paragraphs for sentence in tokenizer.to_sentences(paragraph) for word in tokenizer.to_words(sentence)
        )

    return words(article(row).paragraphs), words((row["summary"],))


def word_log_odds(articles: list[ArticleWords]) -> dict[str, float]:
    """Each word's log-odds of being in the abstract of an article that holds it, less the
    average word's: 0 says nothing, and is what an unknown word gets."""
    held, used = Counter[str](), Counter[str]()
    for words, abstract in articles:
        held.update(words)
        used.update(words & abstract)
    base = sum(used.values()) / sum(held.values())
    average = np.log(base / (1 - base))
    odds = {
        word: round(float(np.log((used[word] + PRIOR_ARTICLES * base) / (count - used[word] + PRIOR_ARTICLES * (1 - base))) - average), 2)
        for word, count in held.items() if count >= MIN_ARTICLES
    }
    return {word: value for word, value in sorted(odds.items()) if value}


_odds: dict[str, float] = {}


def _set_odds(odds: dict[str, float]) -> None:
    global _odds
    _odds = odds


def labelled(row: dict) -> tuple[np.ndarray, np.ndarray] | None:
    """The features of an article's sentences (with the worker's word odds) and whether each is
    in the oracle extract."""
    table = sentence_table(article(row), _odds)
    if len(table.sentences) < 2:
        return None
    chosen = oracle(table.sentences, row["summary"], LetterTokenizer())
    return table.features, np.array([index in chosen for index in range(len(table.sentences))], dtype=np.float64)


def cross_fitted(rows: list[dict], words: list[ArticleWords]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each article's labelled sentences, its word odds counted on the other half of ``rows``."""
    half = len(rows) // 2
    examples = []
    for part, others in ((slice(None, half), slice(half, None)), (slice(half, None), slice(None, half))):
        with Pool(2, initializer=_set_odds, initargs=(word_log_odds(words[others]),)) as pool:
            examples += pool.map(labelled, rows[part], chunksize=200)
    return [example for example in examples if example is not None]


def stacked(examples: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    return np.vstack([example[0] for example in examples]), np.concatenate([example[1] for example in examples])


def validation_gain(candidate: SummaryModel, rows: list[dict]) -> list[float]:
    """Mean ROUGE-1 F1 over the lead at the same length, at each of VALIDATION_LENGTHS."""
    from rouge_score.rouge_scorer import RougeScorer

    scorer = RougeScorer(["rouge1"], tokenizer=LetterTokenizer())
    shipped = summarizer.summary_model
    summarizer.summary_model = lambda: candidate  # type: ignore[assignment]  # for this measure only
    try:
        gains = []
        for sentences in VALIDATION_LENGTHS:
            total = 0.0
            for row in rows:
                summary = " ".join(summarizer.summarize(article(row), sentences=sentences).sentences)
                lead = lead_words(row["text"], len(summary.split()))
                total += scorer.score(row["summary"], summary)["rouge1"].fmeasure - scorer.score(row["summary"], lead)["rouge1"].fmeasure
            gains.append(100 * total / len(rows))
        return gains
    finally:
        summarizer.summary_model = shipped  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="use only the first N training articles")
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    arguments = parser.parse_args()
    started = time.perf_counter()
    rows = load("train.jsonl.gz", arguments.limit)
    if len(rows) <= VALIDATION_ROWS:
        raise SystemExit(f"--limit must leave articles to fit on besides the {VALIDATION_ROWS} of the validation block.")
    fitting, validation = rows[:-VALIDATION_ROWS], rows[-VALIDATION_ROWS:]
    with Pool(2) as pool:
        words = pool.map(article_words, rows, chunksize=200)
    features, labels = stacked(cross_fitted(fitting, words[:len(fitting)]))
    fitting_odds = word_log_odds(words[:len(fitting)])
    print(f"{len(labels)} sentences of {len(fitting)} articles ({labels.mean():.1%} in the oracle), "
          f"{len(fitting_odds)} words in {time.perf_counter() - started:.0f} s")
    results = {}
    for l2 in L2_CHOICES:
        gains = validation_gain(SummaryModel(fit_logistic(features, labels, l2), fitting_odds), validation)
        results[l2] = gains
        print(f"  L2 {l2:6}: ROUGE-1 over the lead on the validation block at 1/2/3 sentences: "
              + " / ".join(f"{gain:+.2f}" for gain in gains))
    chosen = max(results, key=lambda l2: sum(results[l2]))
    examples = cross_fitted(rows, words)
    features, labels = stacked(examples)
    weights = fit_logistic(features, labels, chosen)
    odds = word_log_odds(words)
    model = {
        "description": "Logistic sentence scorer: P(sentence in the greedy ROUGE oracle) = sigmoid(w . features).",
        "trained_on": f"OrangeSum abstract task, training split: {len(examples)} articles, {len(labels)} sentences",
        "validation": f"L2 {chosen} chosen on the last {VALIDATION_ROWS} training articles held out of the fit "
        f"(ROUGE-1 over the lead at 1/2/3 sentences: {' / '.join(f'{gain:+.2f}' for gain in results[chosen])}), then refitted on all",
        "features": list(FEATURE_NAMES),
        "weights": [round(float(w), 5) for w in weights],
        "word_odds_description": f"log-odds that an article's abstract uses a word the article holds, less the average "
        f"word's; words of {MIN_ARTICLES} articles or more, shrunk by {PRIOR_ARTICLES:.0f} articles' worth",
        "word_odds": odds,
    }
    arguments.output.write_text(json.dumps(model, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"L2 {chosen}; fitted in {time.perf_counter() - started:.0f} s -> {arguments.output}")


if __name__ == "__main__":
    main()
