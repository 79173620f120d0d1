"""A pronunciation report for the editor, before publishing: every word the voice would read in
another language, every acronym it will spell, every digit that would reach it, and every name
the French dictionary lacks (the voice reads it from its spelling), with the voice's phonemes
and the lexicon line that fixes a word once and for all.

A newsroom runs ``narrate check`` in its CI: it exits with status 1 while a word is at risk.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from .models import Article
from .normalize import normalize
from .normalize.acronyms import said_as_word
from .speech import Voice
from .speech.french_dictionary import knows
from .speech.french_readings import decisions
from .speech.language_guard import WORD, french_reading, switches_language
from .tokenize import french_tokenizer

_ACRONYM = re.compile(r"\b[A-ZÀ-Ý]{2,}\b")
_DIGITS = re.compile(r"\S*\d\S*")


@dataclass(frozen=True)
class Finding:
    """One word of an article the listener may hear wrong."""

    word: str
    kind: Literal["language", "digits", "spelled", "unknown"]
    """"language" (read with another language's voice), "digits" (a digit reached the voice),
    "spelled" (an acronym said letter by letter) or "unknown" (a name the French dictionary
    lacks: the voice reads it from its spelling)."""
    phonemes: str
    """How the voice says it, in IPA, as espeak-ng writes it ("(en)…(fr)" marks a switch)."""
    suggestion: str | None = None
    """The lexicon line that makes the voice say it in French, when narrate has one to offer."""

    @property
    def at_risk(self) -> bool:
        """Spelled acronyms and unknown names are reported for the editor's ear; the others are mistakes."""
        return self.kind not in ("spelled", "unknown")


def check_article(article: Article, voice: Voice) -> list[Finding]:
    """What ``voice`` would get wrong in ``article`` (title and every sentence), each word once."""
    phonemes_of: Callable[..., str] | None = getattr(voice.engine, "phonemes", None)  # espeak-ng's voices
    findings: dict[tuple[str, str], Finding] = {}
    for sentence in _sentences(article):
        spoken = normalize(sentence, article.language, voice.lexicon)
        for digits in _DIGITS.findall(spoken):
            findings.setdefault((digits, "digits"), Finding(digits, "digits", _say(phonemes_of, digits)))
        for acronym in _ACRONYM.findall(voice.lexicon.apply(sentence)):
            if not said_as_word(acronym) and acronym != sentence.upper():
                said = normalize(acronym, article.language, voice.lexicon)
                findings.setdefault((acronym, "spelled"), Finding(acronym, "spelled", _say(phonemes_of, said)))
        if phonemes_of is None or article.language != "fr":
            continue
        alone = lambda text: phonemes_of(text, as_spoken=False)  # noqa: E731
        for word in dict.fromkeys(WORD.findall(spoken)):
            raw = alone(word)
            if switches_language(raw) and not decided(word):  # a French word or a decided name: the build says it
                reading = french_reading(word, alone)  # what the build gives the voice
                line = f'"{word}" = "{reading}"' if reading and not reading.startswith("[[") else None
                findings.setdefault((word, "language"), Finding(word, "language", raw, line))
        for word in dict.fromkeys(WORD.findall(voice.lexicon.unlisted(sentence))):
            if word[:1].isupper() and not word.isupper() and not decided(word) and (word, "language") not in findings:
                findings.setdefault((word, "unknown"), Finding(word, "unknown", phonemes_of(word)))
    return list(findings.values())


def decided(word: str) -> bool:
    """True when the build knows how ``word`` is said: a French word of the dictionary, or a name
    narrate has decided (french_readings). The others are read from their spelling: a guess."""
    return knows(word) or word in decisions()


def _sentences(article: Article) -> Iterable[str]:
    yield article.title
    tokenizer = french_tokenizer()
    for paragraph in article.paragraphs:
        yield from tokenizer.to_sentences(paragraph)


def _say(phonemes_of: Callable[..., str] | None, text: str) -> str:
    return phonemes_of(text) if phonemes_of else ""
