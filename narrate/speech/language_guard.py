"""Keep a French voice in French: espeak-ng switches to its English voice in the middle of
French text for words its French rules take for English (a name in "th", "zy" or "ump", but
also "sympathisants", "éthanol", "maths", "Ehpad"), and a French listener then hears an
English word. A French newsreader reads such a word with French phonology unless told
otherwise, so each word the voice would switch on is respelled, step by step, with how French
writes those sounds, until the voice reads it in French. The lexicon comes first: a word it
respells is never touched here.

Whether a word switches is asked of the voice itself (its phonemes show "(en)"), so the
guard follows the engine's own rules rather than a list that would drift from them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

GUARD_VERSION = 5
"""Bumped when the respellings change: part of the engine's identity, so cached speech is redone."""
SWITCH = re.compile(r"\((?P<language>[a-z]{2,3}(?:-[a-z0-9]+)?)\)")
"""espeak-ng's mark of a language switch in its phonemes: "(en)…(fr)"."""
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

ENGLISH_SMALL_WORDS: dict[str, str] = {"of": "ove", "and": "ènde", "the": "ze", "one": "ouane"}
"""English words of names ("Bank of America", "One Direction") as French says them."""

FRENCH_RESPELLINGS: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"(?i)^((?:jusqu|lorsqu|puisqu|qu|[cdjlmnst])['’])(?=[^\W\d_])", r"\1 "),  # "qu'aujourd'hui": the elision apart
        (r"(?i)^(?:of|and|the|one)$", lambda match: ENGLISH_SMALL_WORDS[match.group(0).lower()]),
        (r"^Mc(?=[A-Z])", "Mac"),
        (r"['’]s$", "se"),  # "Fouquet's", "McDonald's": the s is heard
        (r"^(?:eh|Eh|EH)", lambda match: "É" if match.group(0)[0].isupper() else "é"),  # "Ehpad"
        (r"th", "t"), (r"Th", "T"), (r"TH", "T"),  # "éthanol", "Thunberg"
        (r"sh", "ch"), (r"Sh", "Ch"), (r"SH", "CH"),
        (r"(?<![aeiouyAEIOUY])y(?![aeiouàâéèêëîïôûù])", "i"),  # "Sarkozy", "rythme": y between consonants
        (r"(?<=[^\W\d_])y$", "i"),
        (r"oo", "ou"), (r"ee", "i"), (r"ea", "i"), (r"ow", "ô"),
        (r"(?<=[^\W\d_])i(?=[bcdfgklmnprstvz]es?$)", "aï"),  # "Mike", "Lives", "Bikes"
        (r"(?<=[bcdfghklmnprstvwz])[iu]r(?=[bcdfgklmnpstvz])", "eur"),  # "birds", "Churchill"
        (r"(?<=[bcdfgklmnprstvz])ed$", "ède"),  # "Mohamed"
        (r"igh", "aï"),  # "Rights", "Lightning"
        (r"(?<=[^\W\d_])ing$", "inng"),  # "parking", "camping", "marketing": [iŋ] as French says it
        (r"^J(?=[aeiou])", "Dj"),  # "James", "Jackson"
        (r"(?<=[aeiou]r)k$", "c"),  # "Park", "Mark"
        (r"ll$", "l"),  # "Hall"
        (r"(?<=[^\W\d_])er$", "eur"),  # "joker"
        (r"ie", "i"),  # "Redfield"
        (r"(?<=aï[bcdfgklmnpstvz])es?$", ""),  # "Baïkes": the final e is silent in English
        (r"(?<=[aeiouy])([dgkpt])$", r"\1e"),  # "iPad", "fast-food": the final consonant is heard
        (r"on$", "onne"), (r"(?<=[^\W\d_])en$", "ène"), (r"ess$", "èss"),  # "Winston", "Steven", "business"
        (r"w", "ou"), (r"W", "Ou"),
        (r"(?<=[^\W\d_])u(?=m[bp]|nk|ck|ng)", "eu"),  # "Trump" as French news says it: "treump"
        (r"ck", "k"),
        (r"(?<=[bcdfgklmnprstvz])s$", ""),  # "maths": the final s is silent in French
        (r"(?<=[aeiou])h(?=[bcdfgjklmnpqrstvz])", ""),  # a silent h: "Ahmed"
    )
)
"""How French writes what these spellings say, in the order they are tried."""


def switches_language(phonemes: str) -> bool:
    """True when espeak-ng's ``phonemes`` of a word switch to another language's voice."""
    return bool(SWITCH.search(phonemes))


def french_respelling(word: str, phonemes_of: Callable[[str], str]) -> str | None:
    """``word`` respelled, one step at a time, until the voice reads it in French; None when it
    does not switch language, or when no respelling keeps it French."""
    if not switches_language(phonemes_of(word)):
        return None
    spelled = word
    for pattern, replacement in FRENCH_RESPELLINGS:
        respelled = pattern.sub(replacement, spelled)
        if respelled == spelled or not respelled:
            continue
        spelled = respelled
        if not switches_language(phonemes_of(spelled)):
            return spelled
    for pattern, replacement in FRENCH_RESPELLINGS:  # one step alone, where the steps together did not do
        respelled = pattern.sub(replacement, word)
        if respelled and respelled != word and not switches_language(phonemes_of(respelled)):
            return respelled
    if "-" in word:  # a compound ("camping-car"): each part on its own
        joined = "-".join(french_respelling(part, phonemes_of) or part for part in word.split("-"))
        if joined != word and not switches_language(phonemes_of(joined)):
            return joined
    return None


def keep_in_language(text: str, phonemes_of: Callable[[str], str], known: dict[str, str] | None = None) -> str:
    """``text`` with each word the voice would read in another language respelled in French.
    ``known`` keeps what was found for each word from one call to the next (a voice asks the
    same few thousand words again and again)."""
    known = {} if known is None else known
    if len(known) > MAX_KNOWN_WORDS:
        known.clear()

    def spoken(match: re.Match[str]) -> str:
        word = match.group(0)
        if word not in known:
            known[word] = french_respelling(word, phonemes_of) or word
        return known[word]

    return WORD.sub(spoken, text)


MAX_KNOWN_WORDS = 200_000
"""Words remembered per voice before the memory starts again: a few megabytes."""
