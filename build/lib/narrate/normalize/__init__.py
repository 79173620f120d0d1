"""Turn written text into what a careful reader would say, before any engine speaks it.

Each language is a module with an ordered list of plain ``str -> str`` rules and its word
tables apart; a user's lexicon applies first. The transcripts keep the written text, only
the engines hear the normalised one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from . import en, fr
from .lexicon import Lexicon

Rule = Callable[[str], str]

RULES_BY_LANGUAGE: dict[str, Sequence[Rule]] = {"fr": fr.RULES, "en": en.RULES}

log = logging.getLogger(__name__)


def normalize(text: str, language: str = "fr", lexicon: Lexicon = Lexicon()) -> str:
    """The spoken form of ``text``; languages without rules only get the lexicon."""
    text = lexicon.apply(text)
    for rule in RULES_BY_LANGUAGE.get(language, ()):
        spoken = rule(text)
        if spoken != text:
            log.debug("%s: %r -> %r", rule.__name__, text, spoken)
        text = spoken
    return text


__all__ = ["Lexicon", "RULES_BY_LANGUAGE", "normalize"]
