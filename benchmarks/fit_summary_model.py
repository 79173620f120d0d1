"""Fit the coefficients of narrate's sentence scorer on ../shared/frsum/train.jsonl.gz.

Each training sentence is labelled 1 when it belongs to the greedy oracle extract (the up
to three sentences that together best match the journalist's abstract, by ROUGE-1 + ROUGE-2
F1), else 0. A logistic regression on the features of ``narrate.sentence_features`` then
learns how much position, centrality, title overlap and the rest predict that choice.
The coefficients are written to ``narrate/data/summary_model.json``; the texts are not.

    .venv/bin/python benchmarks/fit_summary_model.py [--limit N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from frsum import LetterTokenizer, article, load  # noqa: E402
from narrate.sentence_features import FEATURE_NAMES, sentence_table  # noqa: E402

MODEL_PATH = Path(__file__).resolve().parent.parent / "narrate" / "data" / "summary_model.json"
ORACLE_SENTENCES = 3
L2 = 1.0


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


def fit_logistic(features: np.ndarray, labels: np.ndarray, l2: float = L2) -> np.ndarray:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="use only the first N training articles")
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    arguments = parser.parse_args()
    started = time.perf_counter()
    rows = load("train.jsonl.gz", arguments.limit)
    tokenizer = LetterTokenizer()
    blocks, label_blocks = [], []
    for row in rows:
        table = sentence_table(article(row))
        if len(table.sentences) < 2:
            continue
        chosen = oracle(table.sentences, row["summary"], tokenizer)
        blocks.append(table.features)
        label_blocks.append([index in chosen for index in range(len(table.sentences))])
    features = np.vstack(blocks)
    labels = np.concatenate(label_blocks).astype(np.float64)
    weights = fit_logistic(features, labels)
    model = {
        "description": "Logistic sentence scorer: P(sentence in the greedy ROUGE oracle) = sigmoid(w . features).",
        "trained_on": f"OrangeSum abstract task, training split: {len(blocks)} articles, {len(labels)} sentences",
        "features": list(FEATURE_NAMES),
        "weights": [round(float(w), 5) for w in weights],
    }
    arguments.output.write_text(json.dumps(model, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"fitted on {len(blocks)} articles ({len(labels)} sentences, {labels.mean():.1%} positive) "
          f"in {time.perf_counter() - started:.0f} s -> {arguments.output}")
    for name, weight in zip(FEATURE_NAMES, weights):
        print(f"  {name:22s} {weight:+.3f}")


if __name__ == "__main__":
    main()
