"""How ninety thousand French words are pronounced, from the lexicon of gruut-lang-fr (the Rhasspy
project's French data for its gruut phonemizer, MIT licence: https://github.com/rhasspy/gruut),
read straight from the SQLite file that package ships.

The language guard gives these pronunciations to espeak-ng, as its own phoneme codes, for the
French words its rules take for English ("traversons", "sympathisants", "week-end") and that no
respelling keeps French; ``narrate check`` uses the word list to find the names a voice can only
guess. Only the one table is read (gruut itself, with its models, is not needed), once per
process and only when a word needs it: about 90,000 words, a few megabytes.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

SOURCE = "gruut-lang-fr"
"""The package the pronunciations come from, cited wherever they are used."""

_ESPEAK_PHONEMES = {
    "a": "a", "ɑ": "a", "e": "e", "ɛ": "E", "ə": "@", "i": "i", "o": "o", "ɔ": "O", "u": "u", "y": "y",
    "ø": "Y", "œ": "W", "ɛ̃": "E~", "ɑ̃": "A~", "ɔ̃": "O~", "œ̃": "W~",
    "p": "p", "b": "b", "t": "t", "d": "d", "k": "k", "ɡ": "g", "f": "f", "v": "v", "s": "s", "z": "z",
    "ʃ": "S", "ʒ": "Z", "m": "m", "n": "n", "ɲ": "n^", "ŋ": "N", "l": "l", "ʁ": "r", "j": "j", "w": "w", "ɥ": "y",
}
"""The lexicon's IPA as espeak-ng's French voice writes its phonemes (checked by a test, phoneme by phoneme)."""
_VOWELS = frozenset(("a", "ɑ", "e", "ɛ", "ə", "i", "o", "ɔ", "u", "y", "ø", "œ", "ɛ̃", "ɑ̃", "ɔ̃", "œ̃"))


@lru_cache(maxsize=1)
def _pronunciations() -> dict[str, str]:
    """Each word (in lower case) with its first pronunciation, phonemes apart by spaces. A final
    "-ing" is [iŋ], as dictionaries of standard French give it, not the regional [iŋɡ] the
    lexicon sometimes has ("camping")."""
    path = Path(str(files("gruut_lang_fr") / "lexicon.db"))
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        rows = connection.execute("SELECT word, phonemes FROM word_phonemes ORDER BY pron_order DESC").fetchall()
    finally:
        connection.close()
    return {
        word: phonemes.removesuffix(" ŋ ɡ") + (" ŋ" if phonemes.endswith(" ŋ ɡ") else "")
        for word, phonemes in rows if phonemes and all(p in _ESPEAK_PHONEMES for p in phonemes.split())
    }


def pronunciation(word: str) -> str | None:
    """The IPA of ``word`` (any case), phonemes apart by spaces; None when the lexicon lacks it."""
    return _pronunciations().get(word.lower().replace("’", "'"))


def knows(word: str) -> bool:
    """True when ``word`` is in the French lexicon."""
    return pronunciation(word) is not None


def espeak_phonemes(ipa: str) -> str:
    """``ipa`` (as ``pronunciation`` gives it) in espeak-ng's phoneme codes, stressed as French
    stresses a word: on its last vowel that is not a schwa."""
    phonemes = ipa.split()
    vowels = [index for index, phoneme in enumerate(phonemes) if phoneme in _VOWELS]
    full = [index for index in vowels if phonemes[index] != "ə"] or vowels
    stressed = full[-1] if full else -1
    return "".join(("'" if index == stressed else "") + _ESPEAK_PHONEMES[phoneme] for index, phoneme in enumerate(phonemes))
