"""Shared helpers for the benchmarks that use ../shared/frsum (never copied into the repository)."""

from __future__ import annotations

import gzip
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path

from narrate.models import Article

FRSUM = Path(__file__).resolve().parent.parent.parent / "shared" / "frsum"


def load(name: str = "dev.jsonl", limit: int | None = None) -> list[dict]:
    """Rows of a frsum file: id, title, text, summary."""
    path = FRSUM / name
    if not path.is_file():
        raise SystemExit(f"{path} is missing: the benchmark needs ../shared/frsum beside the checkout.")
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        rows: Iterator[dict] = (json.loads(line) for line in lines)
        return [row for _, row in zip(range(limit) if limit else iter(int, 1), rows)]


def rows_of(name: str, wanted: range) -> list[dict]:
    """The rows of a frsum file whose positions are in ``wanted`` (read as a stream: the training
    split is large)."""
    path = FRSUM / name
    if not path.is_file():
        raise SystemExit(f"{path} is missing: the benchmark needs ../shared/frsum beside the checkout.")
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in itertools.islice(lines, wanted.start, wanted.stop)]


def article(row: dict) -> Article:
    """A frsum row as narrate's Article (its text has one paragraph per line)."""
    paragraphs = tuple(" ".join(line.split()) for line in row["text"].split("\n") if line.strip())
    return Article(source=f"{row['id']}.txt", title=row["title"], paragraphs=paragraphs, language="fr")


class LetterTokenizer:
    """ROUGE tokenizer that keeps accented letters: lower case, split on anything but letters and digits.

    rouge-score's default keeps only a-z and 0-9, so "été" would become "t".
    """

    _TOKEN = re.compile(r"[^\W_]+")

    def tokenize(self, text: str) -> list[str]:
        return self._TOKEN.findall(text.lower())
