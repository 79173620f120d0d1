"""French sentence and word splitting that needs no downloaded NLTK data.

nltk's Punkt algorithm is used with hand-written French parameters instead of the
trained ``punkt`` model, which ``nltk.download`` would fetch from the internet.
The object follows sumy's tokenizer contract: ``to_sentences`` and ``to_words``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer

FRENCH_ABBREVIATIONS = frozenset(
    {
        # titles
        "m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "me", "mgr", "st", "ste", "sr",
        # common abbreviations
        "etc", "cf", "ex", "p", "pp", "av", "apr", "bd", "boul", "n°", "no", "vol", "chap",
        "fig", "env", "min", "max", "tél", "tel", "art", "al", "éd", "hab", "dép", "coll",
        "j.-c", "av. j.-c", "apr. j.-c", "c.-à-d", "c-à-d", "i.e", "e.g", "vs", "resp",
        # months, written short in datelines
        "janv", "févr", "fév", "avr", "juil", "sept", "oct", "nov", "déc",
    }
    # initials: "John F. Kennedy", "J. K. Rowling"
    | set("abcdefghijklmnopqrstuvwxyz")
)
"""Abbreviations whose final period never ends a sentence (lower case, no final period)."""


class _FrenchLanguageVars(PunktLanguageVars):
    """Punkt's defaults, plus the ellipsis character as a sentence end."""

    sent_end_chars = (".", "?", "!", "…")


_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


class FrenchTokenizer:
    """Splits French text into sentences and words; language-agnostic enough for English."""

    language = "french"

    def __init__(self) -> None:
        parameters = PunktParameters()
        parameters.abbrev_types = set(FRENCH_ABBREVIATIONS)
        self._punkt = PunktSentenceTokenizer(parameters, lang_vars=_FrenchLanguageVars())

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """Sentences of ``paragraph``, with their closing quotes and spacing kept as written."""
        text = " ".join(paragraph.split())
        return tuple(sentence.strip() for sentence in self._punkt.tokenize(text) if sentence.strip())

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """Words of ``sentence``: elisions split off (l'entreprise -> l, entreprise), numbers kept whole."""
        return tuple(_WORD.findall(sentence))


@lru_cache(maxsize=1)
def french_tokenizer() -> FrenchTokenizer:
    """A shared tokenizer: building Punkt's regular expressions takes a moment."""
    return FrenchTokenizer()


def split_paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs separated by blank lines, each folded to single spaces."""
    return tuple(" ".join(block.split()) for block in _PARAGRAPH_BREAK.split(text) if block.strip())
