"""Whether French says an acronym as a word ("OTAN", "Unsa", "la LOM") or spells it ("SNCF",
"PIB", "USA"), the way a French reader decides: a word when its letters make syllables French
can say, with a table of exceptions each way for the acronyms usage settled otherwise.

The syllables: vowels (A E I O U Y, at most two in a row) between consonant groups that French
words begin, join or end with ("CR" opens "CROUS", "NS" joins "UNSA", "RN" ends "CERN"). Three
letters make a word only as consonant-vowel-consonant around A or O ("CAF", "LOM", "ZAD"):
French spells "PIB", "RER", "DUT" and "UDI" though it could say them.
"""

from __future__ import annotations

import re

SAID_AS_WORDS = frozenset("ONU ENA ESA INA SUD PUF ZEP REP RIB RIP SRAS EHPAD BRICS PACS OVNI OFCOM".split())
"""Acronyms French says as words though their letters alone would have them spelled."""
SPELLED = frozenset("SOS SAV VOD RAS SAS CAP HAS".split())
"""Acronyms French spells though their letters would make a word."""

_VOWELS = "AEIOUY"
_ONSETS = frozenset(
    "BL BR CL CR DR FL FR GL GR PL PR TR VR CH PH TH SC SK SM SN SP ST CN FN GN SCR SPR STR".split()
)
"""Consonant groups a word French says may begin with (CN and FN: "CNIL", "FNAC")."""
_CODAS = frozenset("RT RD RC RK RP RS RM RN LT LD LC LK LP LS LM NT ND NC NK NS ST SC SK SP GN".split())
"""Two consonants a word French says may end with ("CERN", "INSERM", "GIGN")."""
_GROUPS = re.compile(rf"[{_VOWELS}]+|[^{_VOWELS}]+")


def said_as_word(acronym: str) -> bool:
    """True when French says ``acronym`` (in capitals) as a word rather than letter by letter."""
    if acronym in SAID_AS_WORDS:
        return True
    if acronym in SPELLED or len(acronym) < 3 or not acronym.isalpha():
        return False
    if len(acronym) == 3:
        return acronym[0] not in _VOWELS and acronym[1] in "AO" and acronym[2] not in _VOWELS
    groups = _GROUPS.findall(acronym)
    for index, group in enumerate(groups):
        if group[0] in _VOWELS:
            if len(group) > 2:
                return False
        elif index == 0:
            if len(group) > 1 and group not in _ONSETS:
                return False
        elif index == len(groups) - 1:
            if len(group) > 1 and group not in _CODAS:
                return False
        elif not _joins_syllables(group):
            return False
    return any(group[0] in _VOWELS for group in groups)


def _joins_syllables(consonants: str) -> bool:
    """True when ``consonants`` can stand between two vowels of a French word: one, a doubled
    one ("ESSEC"), a group that begins a syllable ("OPEP", "ARCOM"), or a syllable's end
    (R, L, N, M, S) before one, a doubled one or a group that begins one ("UNSA", "URSSAF")."""
    if len(consonants) == 1 or consonants in _ONSETS:
        return True
    if len(consonants) == 2 and consonants[0] == consonants[1]:
        return True
    first, rest = consonants[0], consonants[1:]
    if first == "N" and rest[0] in "PB" or first == "M" and rest[0] not in "PB":
        return False  # French writes "mp", "mb": "ANPE" is spelled
    return first in "RLNMS" and (len(rest) == 1 or rest in _ONSETS or rest == rest[0] * 2)


def spoken_as_word(acronym: str) -> str:
    """How a voice should be given an acronym said as a word: as a name, since voices spell
    short words in capitals ("SUD"), and with its final consonants heard, as in every acronym
    ("CAPES" is "Capèsse", "CROUS" is "Crousse")."""
    word = acronym[0] + acronym[1:].lower()
    if word.endswith("es") and len(word) > 3:
        return word[:-2] + "èsse"
    if word.endswith("s") and not word.endswith("ss"):
        return word + "se"
    return word


def acronym_known(word: str) -> bool:
    """True for an acronym usage has settled, said or spelled ("ONU", "SOS"), even where its
    letters also make a French word."""
    return word in SAID_AS_WORDS or word in SPELLED
