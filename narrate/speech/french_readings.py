"""Words espeak-ng's French rules read wrong, and what narrate gives the voice instead.

espeak-ng reads every word it does not list by French spelling rules: "huitième" as
"huissième", "surf" without its f, "Hitler" and "Hecker" as if they ended in "-é", "Enedis"
with a nasal "en". Three sources correct it, the first that has a word deciding:

1. narrate's decisions on the names of French news (``data/names-fr.tsv``): the 3,000 most
   frequent capitalised words of a year of French news (OrangeSum's training split), each
   either marked right as espeak-ng reads it or given its reading, with the source of the
   decision (benchmarks/names.py measures them);
2. the French dictionary (french_dictionary), where espeak-ng's reading differs from every
   pronunciation it lists by a kind of difference on which the dictionary is reliable (a
   final consonant that is heard, "-er" said [ɛʁ], "t" said [t] before "-ième", in a name a
   vowel espeak-ng reduces to a schwa...). The dictionary is machine-made and has its own errors
   on abbreviations and short words ("ce" [seə], "Po" [pus]), so its other differences are
   left alone, and words of three letters or fewer are never taken from it;
3. patterns a French reader applies to a name the dictionary lacks: a final "-er" after a
   consonant is [ɛʁ] in Germanic, English and Occitan names ("Hecker", "Castaner"), not in
   French ones ("-ier", "-ger", "-cher"); a final s is heard after u, o and y ("Marcus",
   "Santos", "Maëlys") and after a consonant and a or i ("Abbas", "Lactalis"), a final z after e
   ("Lopez"); "-ton" and "-son" after a consonant are English, [tɔn] ("Bolton", "Hudson");
   "emm"/"enn" after a first consonant is [ɛm]/[ɛn] ("Temmerman"); an e of an Italian or
   Spanish name is no schwa ("Benalla", "Pelosi"). Each is a respelling, checked on the
   phonemes the voice makes of it.

Whether espeak-ng reads a word one way or another is asked of the voice itself, so the
corrections follow its rules and its version.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from .french_dictionary import ESPEAK_PHONEMES, pronunciations

NAMES_FILE = "names-fr.tsv"

_STRESS_AND_LENGTH = str.maketrans("", "", "ˈˌː- ")
_PHONEME = re.compile(r".\u0303?")
_ESPEAK_SPELLINGS = {"g": "ɡ", "r": "ʁ"}
"""espeak-ng's IPA letters written otherwise in the dictionary's."""
SAME_TO_THE_EAR = {"ɑ": "a", "ɛ": "e", "ɔ": "o", "œ": "ø", "ɥ": "y", "œ̃": "ɛ̃"}
"""Phonemes French listeners hear as one (open and closed vowels, [ɥ] and [y], [œ̃] and [ɛ̃])."""
VOWELS = frozenset("aeiouyø") | {"ɛ̃", "ɑ̃", "ɔ̃"}
"""The vowels of ``comparable`` phonemes (no schwa: it drops them)."""
_CONSONANTS_HEARD_LAST = frozenset("stʁfkpdz")
"""Final consonants the dictionary is right to hear where espeak-ng drops them ("surf", "Carlos");
not [l], which the dictionary gives "-ille" ("Vintimille" [vɛ̃timil]) where [j] is right."""


def spoken_phonemes(ipa: str) -> tuple[str, ...] | None:
    """espeak-ng's IPA of a French word as the dictionary's phonemes; None when it holds a
    phoneme French does not have (a switch to another language)."""
    if "(" in ipa:
        return None
    phonemes = []
    for phoneme in _PHONEME.findall(ipa.translate(_STRESS_AND_LENGTH)):
        phoneme = _ESPEAK_SPELLINGS.get(phoneme, phoneme)
        if phoneme not in ESPEAK_PHONEMES:
            return None
        phonemes.append(phoneme)
    return tuple(phonemes)


def comparable(phonemes: tuple[str, ...]) -> tuple[str, ...]:
    """``phonemes`` as a listener tells them apart: open and closed vowels as one, no schwa,
    [ɲ] as [nj], a doubled phoneme once, no [j] after [i] ("Lyon" [lijɔ̃] is [ljɔ̃])."""
    heard: list[str] = []
    for phoneme in phonemes:
        phoneme = SAME_TO_THE_EAR.get(phoneme, phoneme)
        for sound in (("n", "j") if phoneme == "ɲ" else (phoneme,)):
            if sound == "ə" or (heard and (heard[-1] == sound or (sound == "j" and heard[-1] == "i"))):
                continue
            heard.append(sound)
    return tuple(heard)


def same_to_the_ear(first: tuple[str, ...], second: tuple[str, ...]) -> bool:
    return comparable(first) == comparable(second)


def _reliable_difference(said: tuple[str, ...], listed: tuple[str, ...], *, name: bool) -> bool:
    """True when the dictionary's ``listed`` differs from espeak-ng's ``said`` only by kinds of
    difference where the dictionary is right (measured on the whole dictionary: see the module);
    a vowel where espeak-ng has a schwa or none only in a ``name`` (in a French word the schwa
    is right: "retrouve", where the dictionary has [ʁetʁuv])."""
    heard, right = comparable(said), comparable(listed)
    edits = [edit for edit in difflib.SequenceMatcher(None, heard, right, autojunk=False).get_opcodes() if edit[0] != "equal"]
    if not edits or len(edits) > 2:
        return False
    for kind, start, end, right_start, right_end in edits:
        lost, instead = heard[start:end], right[right_start:right_end]
        at_end = end == len(heard)
        if kind == "insert" and at_end and all(sound in _CONSONANTS_HEARD_LAST for sound in instead) and len(instead) <= 2:
            continue  # "surf", "Carlos", "appart": a final consonant heard
        if kind == "insert" and name and len(instead) == 1 and instead[0] in "aeiou":
            continue  # "Pedro", "Steve": a vowel espeak-ng reduced to a schwa or dropped
        if kind == "replace" and at_end and lost in (("e",), ("ø",)) and instead in (("e", "ʁ"), ("ø", "ʁ")):
            continue  # "Manchester", "Reporters"
        if kind == "replace" and {lost, instead} == {("s",), ("t",)}:
            continue  # "huitième", "centième"
        if kind == "replace" and at_end and lost == ("w",) and instead == ("u",):
            continue  # "floues", "avouent": a vowel, not a glide
        if kind == "replace" and at_end and len(lost) == 1 and lost[0] in ("ɛ̃", "ɔ̃", "ɑ̃") and instead[-1:] in (("n",), ("m",)):
            continue  # "alien", "Austin", "Hamilton": a vowel and its n, not a nasal vowel
        return False
    return True


def dictionary_reading(word: str, said: tuple[str, ...]) -> tuple[str, ...] | None:
    """The dictionary's pronunciation of ``word`` (of its singular, for a plural it lacks) where
    espeak-ng's reading ``said`` differs from each it lists, by a difference on which the
    dictionary is reliable; None otherwise."""
    if len(word) <= 3:
        return None
    plural = word.endswith("s") and not pronunciations(word)  # "aliens": the singular, its s silent
    listed = [tuple(ipa.split()) for ipa in pronunciations(word[:-1] if plural else word)]
    if not listed or any(same_to_the_ear(said, pronunciation) for pronunciation in listed):
        return None
    name = re.sub(r"^\w+['’]", "", word)[:1].isupper()
    return listed[0] if _reliable_difference(said, listed[0], name=name) else None


NAME_RESPELLINGS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"(?<![iy])(?<!ill)(?<![^s]ch)(?<!g)(?<=[bcdfhklmnprstvwxz])er$", "ère"),  # "Hecker", "Schumacher"
        (r"(?<=[^\W\d_]{2})ez$", "èze"),  # "Lopez", "Rodriguez"
        (r"(?<=[^\W\d_][bcdfgklmnprtvz])us$", "usse"),  # "Marcus", "Brutus"
        (r"(?<=[^\W\d_][bcdfgklmnprtvz])os$", "osse"),  # "Santos", "Carlos"
        (r"(?<=[^\W\d_])ys$", "ysse"),  # "Maëlys"
        (r"(?<=[^\W\d_]{2}[bcdfgklmnprtvz])([ai])s$", r"\1sse"),  # "Abbas", "Lactalis", "Enedis"
        (r"(?<=[^\W\d_][dgklpt])([st])on$", r"\1onne"),  # "Bolton", "Hudson", "Middleton": English, [ɔn]
        (r"^([^aeiouyAEIOUY\W\d_]+)e(?=(?:mm|nn)[^\W\d_])", r"\1è"),  # "Temmerman", "Bennett"
    )
)
"""How a French reader says a name the dictionary lacks, written so that espeak-ng says it so."""


_ENDS_ON_A_VOWEL_LETTER = re.compile(r"[^\W\d_]*[bcdfgklmnprstvz](?:[aio]|ia|io|eo|ian)")
"""An Italian, Spanish or Slavic name ("Benalla", "Pelosi", "Pompeo", "Sebastian"): its e is never a schwa."""
_OPEN_E = re.compile(r"e(?=[bcdfgklmnprstvz][aeiouy]|o|a(?!u))")
"""An e ending its syllable ("Be-nalla", "Pompe-o"): é."""
_CLOSED_E = re.compile(r"e(?=[bcdfgklprstvz][bcdfgklmnprstvz])")
"""An e before two consonants, not a nasal ("Svetlana"): è."""


_FRENCH_ACCENT = re.compile("[àâçéèêîôûù]")
"""A word with one is French ("Réinterpréter" opening a sentence): no foreign name's pattern applies."""


def name_respelling(word: str, said: tuple[str, ...], phonemes_of: Callable[[str], str]) -> str | None:
    """``word`` (a name: capitalised, unknown to the dictionary) respelled by NAME_RESPELLINGS,
    when a pattern matches and the voice then reads it otherwise and still in French; in a
    name that ends as Italian or Spanish ones do, an e the voice reduces to a schwa is "é"."""
    if not word[:1].isupper() or word.isupper() or pronunciations(word) or _FRENCH_ACCENT.search(word):
        return None
    respelled = word
    for pattern, replacement in NAME_RESPELLINGS:
        respelled = pattern.sub(replacement, respelled)
    if "ə" in said and _ENDS_ON_A_VOWEL_LETTER.fullmatch(respelled):
        respelled = _CLOSED_E.sub("è", _OPEN_E.sub("é", respelled))
    if respelled == word:
        return None
    heard = spoken_phonemes(phonemes_of(respelled))
    return respelled if heard and not same_to_the_ear(heard, said) else None


@dataclass(frozen=True)
class Decision:
    """How one name of French news is said, and on what authority."""

    phonemes: tuple[str, ...]
    """In the French dictionary's IPA."""
    source: str
    """"agreed", "rules", "guard", "review" (see the file's head)."""


@cache
def _decisions_text() -> str:
    return (files("narrate") / "data" / NAMES_FILE).read_text(encoding="utf-8")


@cache
def decisions_digest() -> str:
    """A short digest of the decisions: speech made before they changed is made again."""
    return hashlib.sha256(_decisions_text().encode("utf-8")).hexdigest()[:16]


@cache
def decisions() -> dict[str, Decision]:
    """narrate's decisions on the names of French news, by written form (case-sensitive)."""
    text = _decisions_text()
    rows = csv.reader((line for line in text.splitlines() if line and not line.startswith("#")), delimiter="\t")
    return {word: Decision(tuple(ipa.split()), source) for word, ipa, source in rows}


def better_reading(word: str, reading: str, phonemes_of: Callable[[str], str]) -> tuple[str, ...] | str | None:
    """What the voice should be given for ``word``, which it reads as ``reading`` (its IPA),
    as phonemes or a respelling, where espeak-ng reads it wrong in French; None where it reads
    it right, or where narrate cannot tell."""
    said = spoken_phonemes(reading)
    decision = decisions().get(word)
    if decision is not None:
        return None if said and same_to_the_ear(said, decision.phonemes) else decision.phonemes
    if said is None:
        return None
    return dictionary_reading(word, said) or name_respelling(word, said, phonemes_of) or _vowel_not_glide(said)


def _vowel_not_glide(said: tuple[str, ...]) -> tuple[str, ...] | None:
    """``said`` with the [w] it ends on after a consonant read [u], the vowel it is: espeak-ng
    reads a final "-oues", "-ouent" as a glide with no vowel ("floues" [flw])."""
    if len(said) >= 2 and said[-1] == "w" and SAME_TO_THE_EAR.get(said[-2], said[-2]) not in VOWELS | {"ə"}:
        return said[:-1] + ("u",)
    return None
