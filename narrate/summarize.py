"""Condense an Article into a few of its own sentences (an extractive summary).

The default method, "narrate", scores every sentence with a small logistic model whose
coefficients were fitted on French news (see ``benchmarks/fit_summary_model.py``): position,
centrality (LexRank), overlap with the title and with the whole article, how often news
abstracts use its words, and whether the sentence can be understood alone. Sentences are then
chosen best first, skipping those that repeat what is already chosen (MMR), and a sentence
that leans on the one before it ("Il", "Cela", "Mais il"…) brings that one along. Each chosen
sentence is then said as a newsreader would say it (``compress.py``; one tied to the sentence
before by a connective alone, "Mais le ministre…", without the connective when that one is not
said), and the length counts what is said. sumy's classic algorithms stay available.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import import_module, resources
from typing import TYPE_CHECKING

import numpy as np

from .compress import compress as compressed
from .config import SUMMARY_ALGORITHMS, Settings
from .errors import ConfigError
from .locales import words_for
from .models import Article, Summary
from .normalize import normalize
from .pace import Pace
from .sentence_features import FEATURE_NAMES, SentenceTable, french_stop_words, sentence_table, without_connective
from .tokenize import FrenchTokenizer, french_tokenizer

if TYPE_CHECKING:
    from sumy.models.dom import ObjectDocumentModel

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
OVERSHOOT_SHARE = 0.5
"""A unit that takes the summary past its length is taken only if it overshoots by less than this
share of what was missing: the summary goes on filling while it is short, never once it is over,
so going over is the one choice not corrected later."""


@dataclass(frozen=True)
class SummaryModel:
    """What the summariser learned from French news: a weight for each of FEATURE_NAMES, and
    words' log-odds of being in a journalist's abstract."""

    weights: np.ndarray
    word_odds: Mapping[str, float]


@lru_cache(maxsize=1)
def summary_model() -> SummaryModel:
    """The model shipped in ``data/summary_model.json``."""
    model = json.loads(resources.files("narrate").joinpath("data/summary_model.json").read_text(encoding="utf-8"))
    if tuple(model["features"]) != FEATURE_NAMES:
        raise ConfigError("narrate/data/summary_model.json does not match this narrate; refit it.")
    return SummaryModel(np.array(model["weights"]), model["word_odds"])


def summary_length(settings: Settings, pace: Pace, language: str) -> dict[str, float]:
    """``summarize``'s length arguments from the configured ones, the first above 0 winning:
    sentences, words, or minutes of the summary chapter as ``pace`` says it (its spoken title
    and its pauses count: the chapter lasts what was asked)."""
    build = settings.build
    if build.sentences > 0:
        return {"sentences": build.sentences}
    if build.words > 0:
        return {"words": build.words}
    title = normalize(words_for(language)["summary_title"] + ".", language)
    around = pace.seconds(title) + (build.paragraph_pause + build.chapter_pause - build.sentence_pause) / 1000
    return {"seconds": max(1.0, build.minutes * 60 - around)}


def summarize_configured(settings: Settings, article: Article, pace: Pace) -> Summary:
    """``article``'s summary with the configured algorithm and length, minutes at ``pace``."""
    return summarize(
        article, algorithm=settings.build.algorithm, pace=pace, pause_ms=settings.build.sentence_pause,
        compress=settings.build.compress, **summary_length(settings, pace, article.language),
    )


def summarize(
    article: Article, *, sentences: float | None = None, words: float | None = None, seconds: float | None = None,
    pace: Pace | None = None, pause_ms: int = 350, algorithm: str = DEFAULT_ALGORITHM, compress: bool = True,
) -> Summary:
    """The best sentences of ``article`` in article order: ``sentences`` of them, or about
    ``words`` words, or about ``seconds`` of speech at ``pace`` with ``pause_ms`` after each
    sentence. With none, DEFAULT_SENTENCES sentences. With ``compress``, each as a newsreader
    says it (``compress.compress``), and the length counts what is said.
    """
    if algorithm not in ALGORITHMS:
        raise ConfigError(f"unknown summary algorithm {algorithm!r}; choose one of: {', '.join(ALGORITHMS)}.")
    if any(length is not None and length < 1 for length in (sentences, words, seconds)):
        raise ConfigError("a summary needs at least one sentence, one word and one second.")
    if sentences is None and words is None and seconds is None:
        sentences = DEFAULT_SENTENCES
    pace = pace or Pace()
    if algorithm in SUMY_ALGORITHMS:
        if seconds is not None:
            words = seconds * pace.words_per_minute(pause_ms) / 60
        summary = _sumy_summary(article, algorithm, int(sentences or max(1, round((words or 0) / 25))))
        return Summary(tuple(compressed(sentence) for sentence in summary.sentences)) if compress else summary
    model = summary_model()
    table = sentence_table(article, model.word_odds)
    said = tuple(compressed(sentence) for sentence in table.sentences) if compress else table.sentences
    if compress:  # a sentence tied to the one before by a connective alone stands without it
        table = replace(table, needs_antecedent=table.needs_antecedent & ~table.loose_connective)
    budget, costs = (
        (seconds, _seconds_of(said, article.language, pace, pause_ms)) if seconds is not None
        else (words, _words_of(said, table))
    )
    count = int(sentences) if sentences is not None else None
    if algorithm == "lead":
        scores = -np.arange(len(table.sentences), dtype=np.float64)
        chosen = _select(table, scores, sentences=count, budget=budget, costs=costs, redundancy=0.0, follow=False)
    else:
        scores = table.features @ model.weights - LISTENER_PENALTY * table.hard_to_follow
        chosen = _select(table, scores, sentences=count, budget=budget, costs=costs)
        title_news = _title_news(table, scores)
        if title_news is not None and not any(_carries_title(table, index) for index in chosen):
            scores[title_news] = scores.max() + 1.0  # chosen first, the rest around it
            chosen = _select(table, scores, sentences=count, budget=budget, costs=costs)
    return Summary(tuple(_as_said(said, table, index, chosen) if compress else said[index] for index in chosen))


def _as_said(said: tuple[str, ...], table: SentenceTable, index: int, chosen: list[int]) -> str:
    """The chosen sentence as said: without its opening connective when the sentence it ties
    to is not said before it ("Mais le ministre a refusé" heard alone is "Le ministre a refusé")."""
    if table.loose_connective[index] and index - 1 not in chosen:
        return without_connective(said[index]) or said[index]
    return said[index]


class _Costs:
    """What each sentence costs of the summary's length, taken only for the sentences the
    selection weighs: in seconds, normalising every sentence of an article took four fifths of
    the summary's time. ``at_least`` is a cheap bound that rules out most of the rest."""

    def __init__(self, exact: Callable[[int], float], bound: Callable[[int], float]) -> None:
        self._exact = exact
        self._bound = bound
        self._known: dict[int, float] = {}

    def of(self, unit: list[int]) -> list[float]:
        """Each sentence of ``unit``'s cost."""
        for index in unit:
            if index not in self._known:
                self._known[index] = self._exact(index)
        return [self._known[index] for index in unit]

    def at_least(self, unit: list[int]) -> float:
        """A bound below what ``unit`` costs: its exact cost where known."""
        return sum(self._known[index] if index in self._known else self._bound(index) for index in unit)


def _words_of(said: tuple[str, ...], table: SentenceTable) -> _Costs:
    """Each sentence's words as the summariser counts them everywhere (the tokenizer's: "l'homme"
    is two): the table's count for a sentence said as written, counted again for a compressed one."""
    def words(index: int) -> float:
        sentence = said[index]
        return float(table.word_counts[index] if sentence == table.sentences[index] else len(french_tokenizer().to_words(sentence)))

    return _Costs(words, words)


WRITTEN_SHARE = 0.8
"""A sentence's written letters take at least this share of the time of its spoken form:
normalising spells out figures and abbreviations, and shortens only links."""


def _seconds_of(said: tuple[str, ...], language: str, pace: Pace, pause_ms: int) -> _Costs:
    """Each sentence's seconds as ``pace`` says its spoken form, with the pause after it; the
    bound below them is taken from its written form."""
    return _Costs(
        lambda index: pace.seconds(normalize(said[index], language)) + pause_ms / 1000,
        lambda index: WRITTEN_SHARE * pace.seconds(said[index]) + pause_ms / 1000,
    )


def _select(
    table: SentenceTable, scores: np.ndarray, *, sentences: int | None, budget: float | None, costs: _Costs,
    redundancy: float = REDUNDANCY_PENALTY, follow: bool = True,
) -> list[int]:
    """Indexes of the chosen sentences, in article order: up to ``sentences`` of them, or about
    ``budget`` (words or seconds, each sentence costing what ``costs`` says).

    Best first by ``scores`` less the redundancy penalty. With ``follow``, a sentence comes
    with the sentences a listener needs around it (``_unit``), or not at all.
    """
    count = len(table.sentences)
    eligible = [index for index in range(count) if _summary_material(table, index)] or list(range(count))
    chosen: set[int] = set()
    spent = 0.0
    remaining = set(eligible)
    while remaining:
        overlap = table.similarity[:, sorted(chosen)].max(axis=1) if chosen and redundancy else np.zeros(count)
        best = max(remaining, key=lambda index: scores[index] - redundancy * overlap[index])
        remaining.discard(best)
        unit = _unit(table, best, chosen) if follow else [best]
        if not unit or sentences is not None and len(chosen) + len(unit) > sentences:
            continue
        cost = 0.0
        if budget is not None:
            if chosen and costs.at_least(unit) - (budget - spent) >= OVERSHOOT_SHARE * (budget - spent):
                continue
            each = costs.of(unit)
            cost = sum(each)
            if spent + cost - max(each) > budget or chosen and spent + cost - budget >= OVERSHOOT_SHARE * (budget - spent):
                continue  # over by more than a sentence, or by too much once something is chosen
        chosen.update(unit)
        remaining.difference_update(unit)
        spent += cost
        if sentences is not None and len(chosen) >= sentences:
            break
    if not chosen and eligible:  # every unit was too long: the best sentence alone
        chosen.add(max(eligible, key=lambda index: scores[index]))
    return sorted(chosen)


def _summary_material(table: SentenceTable, index: int) -> bool:
    """Long enough to be a sentence of the news, and no heading, caption, link or label."""
    return bool(table.word_counts[index] >= MIN_WORDS and not table.not_content[index])


TITLE_NEWS_SHARE = 0.5
"""A sentence that has this share of the title's content words carries the title's news."""
_TITLE_OVERLAP = FEATURE_NAMES.index("title_overlap")


def _carries_title(table: SentenceTable, index: int) -> bool:
    return bool(table.features[index, _TITLE_OVERLAP] >= TITLE_NEWS_SHARE)


def _title_news(table: SentenceTable, scores: np.ndarray) -> int | None:
    """The best-scored sentence that can be chosen and carries the title's news, if any: a
    summary that leaves out what the title announces leaves the listener asking for it."""
    candidates = [
        index for index in range(len(table.sentences))
        if _carries_title(table, index) and _summary_material(table, index) and _unit(table, index, set())
    ]
    return max(candidates, key=lambda index: scores[index]) if candidates else None


def _unit(table: SentenceTable, index: int, chosen: set[int]) -> list[int]:
    """``index`` with the sentences a listener needs around it, none already chosen.

    Before it: the sentence it leans on ("Il", "Mais"), and for one that points back to
    someone ("l'a relaxé", "le suspect", a quote without its speaker) every sentence back to
    one that does not, within its paragraph, passing over quotations (whoever they quote is not
    whom the pronoun means). After it: the rest of a quotation it opens. Empty when those would
    be more than MAX_UNIT sentences, or when what a sentence points back to lies in an earlier
    paragraph: heard from the middle, it would mislead.
    """
    unit = [index]
    while len(unit) < MAX_UNIT and unit[0] > 0 and unit[0] - 1 not in chosen and _leans_back(table, unit):
        unit.insert(0, unit[0] - 1)
    while (
        len(unit) < MAX_UNIT and table.opens_quote[unit[-1]] and unit[-1] + 1 < len(table.sentences)
        and unit[-1] + 1 not in chosen
    ):
        unit.append(unit[-1] + 1)
    first = unit[0]
    incomplete_start = first > 0 and first - 1 not in chosen and _leans_back(table, unit)
    pointing_across = any(
        table.refers_back[sentence] and sentence > 0 and table.paragraph_of[sentence - 1] != table.paragraph_of[sentence]
        and sentence - 1 not in chosen
        for sentence in unit
    )
    incomplete_end = table.opens_quote[unit[-1]] and unit[-1] + 1 < len(table.sentences) and unit[-1] + 1 not in chosen
    return [] if incomplete_start or incomplete_end or pointing_across else unit


def _leans_back(table: SentenceTable, unit: list[int]) -> bool:
    """Whether the unit's first sentence still needs the one before it: it opens on a pronoun or
    a connective, it points back to someone, or it is a quotation brought in as what a later
    sentence of the unit points back to."""
    first = unit[0]
    return bool(
        table.needs_antecedent[first] or table.refers_back[first]
        or len(unit) > 1 and table.has_quote[first] and any(table.refers_back[sentence] for sentence in unit[1:])
    )


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
