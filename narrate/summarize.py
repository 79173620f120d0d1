"""Condense an Article into a few of its own sentences (an extractive summary).

The default method, "narrate", scores every sentence with a small logistic model whose
coefficients were fitted on French news (see ``benchmarks/fit_summary_model.py``): position,
centrality (LexRank), overlap with the title and with the whole article, and whether the
sentence can be understood alone. Sentences are then chosen best first, skipping those
that repeat what is already chosen (MMR), and a sentence that leans on the one before it
("Il", "Cela", "Mais"…) brings that one along. sumy's classic algorithms stay available.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import import_module, resources
from typing import TYPE_CHECKING

import numpy as np

from .config import SUMMARY_ALGORITHMS, Settings
from .errors import ConfigError
from .models import Article, Summary
from .sentence_features import FEATURE_NAMES, SentenceTable, french_stop_words, sentence_table
from .tokenize import FrenchTokenizer, french_tokenizer

if TYPE_CHECKING:
    from sumy.models.dom import ObjectDocumentModel

    from .speech import SpeechEngine

SUMY_LANGUAGES = {"fr": "french", "en": "english"}
SUMY_ALGORITHMS = {
    "lexrank": "sumy.summarizers.lex_rank.LexRankSummarizer",
    "textrank": "sumy.summarizers.text_rank.TextRankSummarizer",
    "luhn": "sumy.summarizers.luhn.LuhnSummarizer",
    "lsa": "sumy.summarizers.lsa.LsaSummarizer",
}
"""sumy's summarisers, imported only when asked for: sumy brings requests along, a tenth of
narrate's start-up time."""
ALGORITHMS = SUMMARY_ALGORITHMS
"""narrate's own, "lead", and sumy's."""
DEFAULT_ALGORITHM = "narrate"
DEFAULT_SENTENCES = 3

REDUNDANCY_PENALTY = 4.0
"""How much a sentence's similarity to those already chosen lowers its score (MMR); tuned
on training articles held out from the fit."""
LISTENER_PENALTY = 1.0
"""Lowers the score of a quote whose speaker is not named and of a question to the reader:
out of context, a listener cannot place them."""
MAX_UNIT = 3
"""A chosen sentence brings at most this many sentences with it (antecedents, rest of a quote)."""
MIN_WORDS = 4
"""Shorter sentences are headings or fragments, never summary material."""


@lru_cache(maxsize=1)
def _weights() -> np.ndarray:
    model = json.loads(resources.files("narrate").joinpath("data/summary_model.json").read_text(encoding="utf-8"))
    if tuple(model["features"]) != FEATURE_NAMES:
        raise ConfigError("narrate/data/summary_model.json does not match this narrate; refit it.")
    return np.array(model["weights"])


DEFAULT_WORDS_PER_MINUTE = 135.0
"""Words a synthetic voice says in a minute, pauses included, when the voice is not known."""


def summary_length(sentences: int, words: int, minutes: float, words_per_minute: float) -> dict[str, int]:
    """``summarize``'s length arguments from configured values: the first above 0 wins."""
    if sentences > 0:
        return {"sentences": sentences}
    if words > 0:
        return {"words": words}
    return {"words": max(1, round(minutes * words_per_minute))}


def summary_length_for(settings: Settings, engine: SpeechEngine | None) -> dict[str, int]:
    """The configured summary length, with minutes turned into words at ``engine``'s pace."""
    build = settings.build
    words_per_minute = engine.words_per_minute if engine else DEFAULT_WORDS_PER_MINUTE
    return summary_length(build.sentences, build.words, build.minutes, words_per_minute)


def summarize_configured(settings: Settings, article: Article, engine: SpeechEngine | None) -> Summary:
    """``article``'s summary with the configured algorithm and length (minutes at ``engine``'s pace)."""
    return summarize(article, algorithm=settings.build.algorithm, **summary_length_for(settings, engine))


def summarize(
    article: Article, *, sentences: int | None = None, words: int | None = None, algorithm: str = DEFAULT_ALGORITHM
) -> Summary:
    """The best sentences of ``article`` in article order, up to ``sentences`` or about ``words`` words.

    With neither, DEFAULT_SENTENCES sentences.
    """
    if algorithm not in ALGORITHMS:
        raise ConfigError(f"unknown summary algorithm {algorithm!r}; choose one of: {', '.join(ALGORITHMS)}.")
    if sentences is not None and sentences < 1 or words is not None and words < 1:
        raise ConfigError("a summary needs at least one sentence and one word.")
    if sentences is None and words is None:
        sentences = DEFAULT_SENTENCES
    if algorithm in SUMY_ALGORITHMS:
        return _sumy_summary(article, algorithm, sentences or max(1, round((words or 0) / 25)))
    table = sentence_table(article)
    if algorithm == "lead":
        scores = -np.arange(len(table.sentences), dtype=np.float64)
        chosen = _select(table, scores, sentences=sentences, words=words, redundancy=0.0, follow=False)
    else:
        scores = table.features @ _weights() - LISTENER_PENALTY * table.hard_to_follow
        chosen = _select(table, scores, sentences=sentences, words=words)
    return Summary(tuple(table.sentences[index] for index in chosen))


def _select(
    table: SentenceTable, scores: np.ndarray, *, sentences: int | None, words: int | None,
    redundancy: float = REDUNDANCY_PENALTY, follow: bool = True,
) -> list[int]:
    """Indexes of the chosen sentences, in article order.

    Best first by ``scores`` less the redundancy penalty. With ``follow``, a sentence comes
    with the sentence it leans on and with the rest of a quotation it opens, or not at all.
    """
    count = len(table.sentences)
    eligible = [
        index for index in range(count)
        if table.word_counts[index] >= MIN_WORDS and not table.not_content[index]
    ] or list(range(count))
    chosen: set[int] = set()
    total_words = 0
    remaining = set(eligible)
    while remaining:
        overlap = table.similarity[:, sorted(chosen)].max(axis=1) if chosen and redundancy else np.zeros(count)
        best = max(remaining, key=lambda index: scores[index] - redundancy * overlap[index])
        remaining.discard(best)
        unit = _unit(table, best, chosen) if follow else [best]
        if not unit:
            continue
        unit_words = int(table.word_counts[unit].sum())
        if sentences is not None and len(chosen) + len(unit) > sentences:
            continue
        if words is not None and (
            total_words + unit_words - int(table.word_counts[unit].max()) > words  # over by more than a sentence
            or chosen and abs(total_words + unit_words - words) >= abs(total_words - words)
        ):
            continue
        chosen.update(unit)
        remaining.difference_update(unit)
        total_words += unit_words
        if sentences is not None and len(chosen) >= sentences:
            break
    if not chosen and eligible:  # every unit was too long: the best sentence alone
        chosen.add(max(eligible, key=lambda index: scores[index]))
    return sorted(chosen)


def _unit(table: SentenceTable, index: int, chosen: set[int]) -> list[int]:
    """``index`` with the sentences a listener needs around it, none already chosen.

    Empty when those would be more than MAX_UNIT sentences: a long quotation heard from
    its middle, say.
    """
    unit = [index]
    while (
        len(unit) < MAX_UNIT and table.needs_antecedent[unit[0]] and unit[0] > 0 and unit[0] - 1 not in chosen
    ):
        unit.insert(0, unit[0] - 1)
    while (
        len(unit) < MAX_UNIT and table.opens_quote[unit[-1]] and unit[-1] + 1 < len(table.sentences)
        and unit[-1] + 1 not in chosen
    ):
        unit.append(unit[-1] + 1)
    incomplete_start = table.needs_antecedent[unit[0]] and unit[0] > 0 and unit[0] - 1 not in chosen
    incomplete_end = table.opens_quote[unit[-1]] and unit[-1] + 1 < len(table.sentences) and unit[-1] + 1 not in chosen
    return [] if incomplete_start or incomplete_end else unit


def _sumy_summary(article: Article, algorithm: str, sentences: int) -> Summary:
    from sumy.nlp.stemmers import Stemmer
    from sumy.utils import get_stop_words

    tokenizer = french_tokenizer()
    document = build_document(article, tokenizer)
    language = SUMY_LANGUAGES.get(article.language, "french")
    module, _, name = SUMY_ALGORITHMS[algorithm].rpartition(".")
    summarizer = getattr(import_module(module), name)(Stemmer(language))
    summarizer.stop_words = french_stop_words() if language == "french" else get_stop_words(language)
    return Summary(tuple(str(sentence) for sentence in summarizer(document, sentences)))


def build_document(article: Article, tokenizer: FrenchTokenizer) -> ObjectDocumentModel:
    """sumy's document model of the article body, split with our offline tokenizer."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    paragraphs = [
        Paragraph([Sentence(text, tokenizer) for text in tokenizer.to_sentences(paragraph)])
        for paragraph in article.paragraphs
    ]
    return ObjectDocumentModel(paragraphs)
