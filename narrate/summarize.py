"""Condense an Article into a few of its own sentences (extractive summary) with sumy."""

from __future__ import annotations

from collections.abc import Callable

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

from .errors import ConfigError
from .models import Article, Summary
from .tokenize import FrenchTokenizer, french_tokenizer

SUMY_LANGUAGES = {"fr": "french", "en": "english"}

ALGORITHMS: dict[str, Callable[[Stemmer], object]] = {
    "lexrank": LexRankSummarizer,
    "textrank": TextRankSummarizer,
    "luhn": LuhnSummarizer,
    "lsa": LsaSummarizer,
}
"""sumy's summarisers by name; "lead" (the first sentences) is handled apart."""

DEFAULT_ALGORITHM = "lexrank"
DEFAULT_SENTENCES = 3


def summarize(article: Article, *, sentences: int = DEFAULT_SENTENCES, algorithm: str = DEFAULT_ALGORITHM) -> Summary:
    """The ``sentences`` most representative sentences of ``article``, in article order."""
    if sentences < 1:
        raise ConfigError(f"a summary needs at least one sentence, not {sentences}.")
    tokenizer = french_tokenizer()
    document = build_document(article, tokenizer)
    all_sentences = [str(sentence) for sentence in document.sentences]
    if len(all_sentences) <= sentences or algorithm == "lead":
        return Summary(tuple(all_sentences[:sentences]))
    try:
        summarizer_class = ALGORITHMS[algorithm]
    except KeyError:
        known = ", ".join(["lead", *ALGORITHMS])
        raise ConfigError(f"unknown summary algorithm {algorithm!r}; choose one of: {known}.") from None
    language = SUMY_LANGUAGES.get(article.language, "french")
    summarizer = summarizer_class(Stemmer(language))
    summarizer.stop_words = get_stop_words(language)
    chosen = summarizer(document, sentences)
    return Summary(tuple(str(sentence) for sentence in chosen))


def build_document(article: Article, tokenizer: FrenchTokenizer) -> ObjectDocumentModel:
    """sumy's document model of the article body, split with our offline tokenizer."""
    paragraphs = [
        Paragraph([Sentence(text, tokenizer) for text in tokenizer.to_sentences(paragraph)])
        for paragraph in article.paragraphs
    ]
    return ObjectDocumentModel(paragraphs)
