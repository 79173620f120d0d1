"""No liaison a newsreader would not make: espeak-ng's French links a plural noun to whatever
vowel follows ("les policiers-z-ont", "des enfants-z-et", "Sources-z-et crédits"), where French
radio links only after a determiner, a pronoun, a preposition, an auxiliary or an adjective
before its noun ("les-z-enfants", "ils-z-ont", "dans-z-un", "c'est-t-un", "grands-z-hommes").

espeak-ng makes its liaison when the next word begins with a vowel letter, and none before a
written "h" (it reads most h as silent, and an h-aspiré word as one that refuses liaison). So
the word after a word that must not link is given to the voice with an "h" before it, when
the voice reads it the same so ("ont" and "hont" are both [ɔ̃]); "et", which every such h changes,
is given as "hai", read [e]. Whether the h changes a word is asked of the voice itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable

LIAISON_VERSION = 1
"""Bumped when what is written changes: part of the voice's identity, so cached speech is redone."""
MAX_KNOWN_PAIRS = 100_000
"""Pairs of words remembered per voice before the memory starts again."""
LIAISON_WORDS = frozenset(
    """
    les des ces mes tes ses nos vos leurs aux un aucun quelques plusieurs certains certaines quels quelles
    nous vous ils elles on en dont quand
    dans chez sans sous dès en après
    très plus moins bien trop tant tout tous toutes pas jamais
    est sont ont c'est c’est était étaient avait avaient sera seront serait seraient aurait auraient
    peut peuvent doit doivent faut vont font
    deux trois six dix vingt cent cents quatre-vingts
    grand grands grandes petit petits petites gros bon bons bonnes mauvais premier premiers premières
    dernier derniers dernières nombreux nombreuses nouveaux nouvelles anciens anciennes autres vieux beaux
    hauts jeunes vrais faux différents divers mêmes seuls seules
    mon ton son
    """.split()
)
"""Words after which French links to a vowel (determiners, pronouns, prepositions, adverbs,
auxiliaries, numbers, adjectives before their noun): espeak-ng's liaison is kept after them."""
FIXED_LIAISONS = frozenset({("nations", "unies"), ("jeux", "olympiques"), ("affaires", "étrangères"), ("états", "unis")})
"""Names said with their liaison ("les Nations-z-unies", "les Jeux-z-olympiques")."""
AND_WITHOUT_LIAISON = "hai"
"""How "et" is given to the voice after a word that must not link to it: read [e] with no liaison."""
_MAY_LINK = re.compile(r"[^\W\d_][\w'’-]*[sxztdn]")
"""A word ending on a letter that may link."""
_VOWEL_START = re.compile(r"[aeiouyàâéèêëîïôûùœæ][\w'’-]*")
"""A word that begins with a small vowel: a voice links to it."""


UNLINKED_SPELLINGS = ("h{}", "hh{}")
"""How a word may be written so that the voice does not link to it, tried in this order."""


def without_false_liaisons(
    text: str, phonemes_of: Callable[[str], str], known: dict[tuple[str, str], str] | None = None,
) -> str:
    """``text`` with the word after each word that must not link written so that the voice does
    not link to it; where no spelling does (the voice's reading of the pair shows it), the text
    is left as it is. ``known`` keeps, from one call to the next, what each pair became."""
    known = {} if known is None else known
    if len(known) > MAX_KNOWN_PAIRS:
        known.clear()
    written = text.split(" ")
    words = list(written)
    for index in range(1, len(written)):
        left, right = written[index - 1], written[index]
        if not (_MAY_LINK.fullmatch(left) and _VOWEL_START.fullmatch(right)):
            continue
        pair = (left.lower(), right)
        if pair[0] in LIAISON_WORDS or pair in FIXED_LIAISONS:
            continue
        if pair not in known:
            known[pair] = _unlinked(pair[0], right, phonemes_of)
        words[index] = known[pair]
    return " ".join(words)


def _unlinked(left: str, right: str, phonemes_of: Callable[[str], str]) -> str:
    """``right`` written so that the voice reads ``left right`` as the two words apart, or as it is."""
    apart = _plain(phonemes_of(left)) + " " + _plain(phonemes_of(right))
    spellings = (AND_WITHOUT_LIAISON,) if right == "et" else tuple(form.format(right) for form in UNLINKED_SPELLINGS)
    return next((form for form in spellings if _plain(phonemes_of(f"{left} {form}")) == apart), right)


def _plain(phonemes: str) -> str:
    """Phonemes without stress marks or espeak-ng's unstressed-syllable dashes, spaced once."""
    return " ".join(phonemes.replace("ˈ", "").replace("ˌ", "").replace("-", "").split())
