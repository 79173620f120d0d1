"""French normalisation rules, in the order they apply; their word tables are at the top."""

from __future__ import annotations

import re

TITLES = {
    "M.": "Monsieur",
    "MM.": "Messieurs",
    "Mme": "Madame",
    "Mmes": "Mesdames",
    "Mlle": "Mademoiselle",
    "Mlles": "Mesdemoiselles",
    "Dr": "docteur",
    "Pr": "professeur",
    "Mgr": "Monseigneur",
    "Me": "Maître",
}
"""Titles before a name, as written -> as said."""

ACRONYMS_SAID_AS_WORDS = frozenset(
    {
        "OTAN", "ONU", "UNESCO", "UNICEF", "NASA", "OPEP", "ONG", "SIDA", "OVNI", "ENA", "INSEE",
        "CAF", "SAMU", "SMIC", "CIO", "FIFA", "UEFA", "OMS", "PIB", "TVA", "COVID", "ZAD",
    }
)
"""All-capital words French reads as a word; any other is spelled letter by letter.

OMS, PIB and TVA are spelled by speakers too, but espeak-ng already spells them right.
"""

_TITLE = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(title) for title in sorted(TITLES, key=len, reverse=True)) + r")"
    r"(?=\s+[A-ZÀ-Ý])"
)
_TIME = re.compile(r"\b([01]?\d|2[0-3])\s?(?:h|:)\s?([0-5]\d)\b|\b([01]?\d|2[0-3])\s?h\b")
_ALL_CAPITALS = re.compile(r"\b[A-Z]{2,6}\b")
_ROMAN_NUMERAL = re.compile(r"^[IVXLCDM]+$")


def expand_titles(text: str) -> str:
    """Say titles in full before a name: "M. Bailey" -> "Monsieur Bailey"."""
    return _TITLE.sub(lambda match: TITLES[match.group(1)], text)


def say_times(text: str) -> str:
    """Times the French way: "15:07" -> "15 heures 7", "21 h" -> "21 heures", "1h" -> "une heure"."""

    def spoken(match: re.Match[str]) -> str:
        hour = int(match.group(1) or match.group(3))
        minutes = int(match.group(2) or 0)
        words = "une heure" if hour == 1 else f"{hour} heures"
        return f"{words} {minutes}" if minutes else words

    return _TIME.sub(spoken, text)


def spell_acronyms(text: str) -> str:
    """Spell acronyms French spells: "NCA" -> "N-C-A"; "OTAN" and Roman numerals stay."""

    def spoken(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in ACRONYMS_SAID_AS_WORDS or _ROMAN_NUMERAL.match(word):
            return word
        return "-".join(word)

    return _ALL_CAPITALS.sub(spoken, text)


RULES = (expand_titles, say_times, spell_acronyms)
