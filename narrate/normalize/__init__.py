"""Turn written text into what a careful reader would say, before any engine speaks it.

Each language is a module with an ordered list of plain ``str -> str`` rules and its word
tables apart; a user's lexicon applies first. The transcripts keep the written text, only
the engines hear the normalised one.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence

from ..locales import words_for
from . import en, fr
from .lexicon import Lexicon

Rule = Callable[[str], str]

RULES_BY_LANGUAGE: dict[str, Sequence[Rule]] = {"fr": fr.RULES, "en": en.RULES}

log = logging.getLogger(__name__)


def normalize(text: str, language: str = "fr", lexicon: Lexicon = Lexicon()) -> str:
    """The spoken form of ``text``; languages without rules only get the lexicon."""
    text = lexicon.apply(bounded_tokens(text, language))
    for rule in RULES_BY_LANGUAGE.get(language, ()):
        spoken = rule(text)
        if spoken != text:
            log.debug("%s: %r -> %r", rule.__name__, text, spoken)
        text = spoken
    return text


MOST_SPOKEN_DIGITS = 30
"""A longer run of figures (a pasted constant, junk) is said as what it is, "un nombre de 20000
chiffres", not read figure by figure: 20,000 figures made a 94-minute episode."""
MOST_SPOKEN_LETTERS = 60
"""A longer run of letters is no word of any language (the longest German compounds are
shorter): it is said as "un mot de 1200 lettres" rather than spelled out for minutes."""
_LONG_NUMBER = re.compile(rf"\d{{{MOST_SPOKEN_DIGITS + 1},}}")
_LONG_WORD = re.compile(rf"[^\W\d_]{{{MOST_SPOKEN_LETTERS + 1},}}")


def bounded_tokens(text: str, language: str = "fr") -> str:
    """``text`` with every run of figures or letters too long to be a number or a word said by
    its length, so that no input costs more to hear than its words: "un nombre de 20000 chiffres"."""
    words = words_for(language)

    def by_length(key: str) -> Callable[[re.Match[str]], str]:
        def said(match: re.Match[str]) -> str:  # set apart by spaces from the letters it touches
            start, end, whole = match.start(), match.end(), match.string
            before = " " if start and whole[start - 1].isalnum() else ""
            after = " " if end < len(whole) and whole[end].isalnum() else ""
            return before + words[key].format(count=len(match.group(0))) + after

        return said

    text = _LONG_NUMBER.sub(by_length("long_number"), text)
    return _LONG_WORD.sub(by_length("long_word"), text)


__all__ = ["Lexicon", "RULES_BY_LANGUAGE", "bounded_tokens", "normalize"]
