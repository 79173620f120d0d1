"""How ninety thousand French words are pronounced, from the lexicon of gruut-lang-fr (the Rhasspy
project's French data for its gruut phonemizer, MIT licence: https://github.com/rhasspy/gruut),
read straight from the SQLite file that package ships.

The language guard gives these pronunciations to espeak-ng, as its own phoneme codes, for the
French words its rules take for English ("traversons", "sympathisants", "week-end") and that no
respelling keeps French; ``narrate check`` uses the word list to find the names a voice can only
guess. Only the one table is read (gruut itself, with its models, is not needed).

Words are looked up one by one, by binary search over the table's row numbers: its rows are in
the words' order, numbered without gaps (a test checks both of the installed file), and it has
no index on the words, so a query by word reads all 92,000 rows. Reading the table into a
dictionary instead cost every build process half a second, more than speaking a short
article; about seventeen reads by row number cost a tenth of a millisecond a word.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

SOURCE = "gruut-lang-fr"
"""The package the pronunciations come from, cited wherever they are used."""

ESPEAK_PHONEMES = {
    "a": "a", "ɑ": "a", "e": "e", "ɛ": "E", "ə": "@", "i": "i", "o": "o", "ɔ": "O", "u": "u", "y": "y",
    "ø": "Y", "œ": "W", "ɛ̃": "E~", "ɑ̃": "A~", "ɔ̃": "O~", "œ̃": "W~",
    "p": "p", "b": "b", "t": "t", "d": "d", "k": "k", "ɡ": "g", "f": "f", "v": "v", "s": "s", "z": "z",
    "ʃ": "S", "ʒ": "Z", "m": "m", "n": "n", "ɲ": "n^", "ŋ": "N", "l": "l", "ʁ": "r", "j": "j", "w": "w", "ɥ": "y",
}
"""The lexicon's IPA as espeak-ng's French voice writes its phonemes (checked by a test, phoneme by phoneme)."""
MOST_PRONUNCIATIONS = 8
"""Rows a word may have in the lexicon (it has at most 5: a test checks)."""
_VOWELS = frozenset(("a", "ɑ", "e", "ɛ", "ə", "i", "o", "ɔ", "u", "y", "ø", "œ", "ɛ̃", "ɑ̃", "ɔ̃", "œ̃"))


class _Lexicon:
    """gruut-lang-fr's lexicon, opened read-only in this process (never across a fork)."""

    def __init__(self) -> None:
        path = Path(str(files("gruut_lang_fr") / "lexicon.db"))
        self.process = os.getpid()
        self.connection = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        self.lock = threading.Lock()
        self.first, self.last = self.connection.execute("SELECT min(id), max(id) FROM word_phonemes").fetchone()

    def word_at(self, row: int) -> str:
        return str(self.connection.execute("SELECT word FROM word_phonemes WHERE id = ?", (row,)).fetchone()[0])

    def pronunciations(self, word: str) -> list[str]:
        """The phonemes of every pronunciation of ``word``, in the lexicon's order of preference."""
        with self.lock:
            low, high = self.first, self.last
            while low <= high:  # the first row whose word is not before ``word``
                middle = (low + high) // 2
                if self.word_at(middle) < word:
                    low = middle + 1
                else:
                    high = middle - 1
            rows = self.connection.execute(
                "SELECT phonemes FROM word_phonemes WHERE id BETWEEN ? AND ? AND word = ? ORDER BY pron_order",
                (low, low + MOST_PRONUNCIATIONS - 1, word),
            ).fetchall()
        return [str(phonemes) for (phonemes,) in rows if phonemes]


_opened: list[_Lexicon] = []


def _lexicon() -> _Lexicon:
    """This process's lexicon, opened at its first word."""
    if not _opened or _opened[0].process != os.getpid():
        _opened[:] = [_Lexicon()]
    return _opened[0]


@lru_cache(maxsize=65536)
def _pronunciations(word: str) -> tuple[str, ...]:
    """Every pronunciation of ``word`` (lower case) that espeak-ng can say, in the lexicon's
    order of preference. A final "-ing" is [iŋ], as dictionaries of standard French give it,
    not the regional [iŋɡ] the lexicon sometimes has ("camping")."""
    sayable = []
    for phonemes in _lexicon().pronunciations(word):
        if all(phoneme in ESPEAK_PHONEMES for phoneme in phonemes.split()):
            sayable.append(phonemes.removesuffix(" ŋ ɡ") + (" ŋ" if phonemes.endswith(" ŋ ɡ") else ""))
    return tuple(sayable)


def pronunciations(word: str) -> tuple[str, ...]:
    """The IPA of each pronunciation of ``word`` (any case), phonemes apart by spaces."""
    return _pronunciations(word.lower().replace("’", "'"))


def pronunciation(word: str) -> str | None:
    """The IPA of ``word`` (any case), phonemes apart by spaces; None when the lexicon lacks it."""
    return next(iter(pronunciations(word)), None)


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
    return "".join(("'" if index == stressed else "") + ESPEAK_PHONEMES[phoneme] for index, phoneme in enumerate(phonemes))
