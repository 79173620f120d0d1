"""Keep a French voice in French: espeak-ng switches to its English voice in the middle of
French text for words its French rules take for English (a name in "th", "zy" or "ump", but
also "sympathisants", "éthanol", "maths", "Ehpad"): 180 rules and 83 words of its French
dictionary say "read this in English", and no option turns them off. A French newsreader reads
such a word with French phonology unless told otherwise, so each word the voice would switch on
is given to it in French: a word of the French dictionary (french_dictionary) with its
pronunciation there, as espeak-ng phonemes; any other word (a name, mostly) respelled, step by
step, with how French writes those sounds, until the voice reads it in French. The lexicon comes
first: a word it respells is never touched here.

Whether a word switches is asked of the voice itself (its phonemes show "(en)"), so the
guard follows the engine's own rules rather than a list that would drift from them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .french_dictionary import espeak_phonemes, pronunciation

GUARD_VERSION = 6
"""Bumped when the respellings change: part of the engine's identity, so cached speech is redone."""
SWITCH = re.compile(r"\((?P<language>[a-z]{2,3}(?:-[a-z0-9]+)?)\)")
"""espeak-ng's mark of a language switch in its phonemes: "(en)…(fr)"."""
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

ELISION = re.compile(r"(?i)(?:jusqu|lorsqu|puisqu|qu|[cdjlmnst])['’]")
"""A French elision at the start of a word ("qu'aujourd'hui", "d'Easyjet")."""
ELIDED_SOUNDS = {
    "jusqu": "ʒ y s k", "lorsqu": "l ɔ ʁ s k", "puisqu": "p ɥ i s k", "qu": "k", "c": "s", "d": "d", "j": "ʒ",
    "l": "l", "m": "m", "n": "n", "s": "s", "t": "t",
}
"""Each elision's sound (in the French dictionary's IPA): "d'" set apart is read as the letter d."""
ENGLISH_SMALL_WORDS: dict[str, str] = {"of": "ove", "and": "ènde", "the": "ze", "one": "ouane"}
"""English words of names ("Bank of America", "One Direction") as French says them."""

FRENCH_RESPELLINGS: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"^[Mm]c(?=[A-Z])", lambda match: match.group(0)[0] + "ac"),
        (r"['’]s$", "se"),  # "Fouquet's", "McDonald's": the s is heard
        (r"^(?:eh|Eh|EH)", lambda match: "É" if match.group(0)[0].isupper() else "é"),  # "Ehpad"
        (r"eth$", "ète"), (r"th$", "te"),  # "Elisabeth", "Barth": the t is heard
        (r"th", "t"), (r"Th", "T"), (r"TH", "T"),  # "éthanol", "Thunberg"
        (r"sh", "ch"), (r"Sh", "Ch"), (r"SH", "CH"),
        (r"(?<![aeiouyAEIOUY])y(?![aeiouàâéèêëîïôûù])", "i"),  # "Sarkozy", "rythme": y between consonants
        (r"(?<=[^\W\d_])y(?=s?$)", "i"),
        (r"oo", "ou"), (r"een", "ine"), (r"ee", "i"), (r"ea$", "éa"), (r"ea", "i"), (r"ow", "ô"), (r"oa", "ô"),
        (r"(?<=[^\W\d_])i(?=[bcdfgklmnprstvz]es?$)", "aï"),  # "Mike", "Lives", "Bikes"
        (r"(?<=[bcdfghklmnprstvwz])[iu]r(?=[bcdfgklmnpstvz])", "eur"),  # "birds", "Churchill"
        (r"(?<=[bcdfgklmnprstvz])ed$", "ède"),  # "Mohamed"
        (r"igh", "aï"),  # "Rights", "Lightning"
        (r"augh$", "ô"), (r"gh(?![aeiouy])", "g"),  # "Kavanaugh", "Pittsburgh"
        (r"ake$", "èque"), (r"(?<=[^\W\d_])ke$", "que"),  # "Blake", "Clarke"
        (r"(?<=[^\W\d_])(?<!o)ing(?=s?$)", "inng"),  # "parking", "camping", "marketing": [iŋ] as French says it
        (r"^j(?=[aeiou])", "dj"), (r"^J(?=[AEIOU])", "DJ"),  # "James", "Jackson"
        (r"(?<=[aeiou]r)k$", "c"),  # "Park", "Mark"
        (r"(?<=[aeiou]n)k$", "que"),  # "Frank", "Tank"
        (r"ll$", "l"),  # "Hall"
        (r"(?<=[^\W\d_])er$", "eur"),  # "joker"
        (r"iev$", "ièv"), (r"ie", "i"),  # "Dmitriev", "Redfield"
        (r"(?<=aï[bcdfgklmnpstvz])es?$", ""),  # "Baïkes": the final e is silent in English
        (r"(?<=[aeiouy])([dgkpt])$", r"\1e"),  # "iPad", "fast-food": the final consonant is heard
        (r"on$", "onne"), (r"(?<=[^\W\d_])en$", "ène"), (r"ess$", "èss"),  # "Winston", "Steven", "business"
        (r"ew", "iou"), (r"w", "ou"), (r"W", "Ou"),  # "News", "Andrew"
        (r"(?<=[^\W\d_])u(?=m[bp]|nk|ck|ng|nch)", "eu"),  # "Trump" as French news says it: "treump"
        (r"ck", "k"),
        (r"(?<=[bcdfgklmnprstvz])s$", ""),  # "maths": the final s is silent in French
        (r"(?<=[aeiou])h(?=[bcdfgjklmnpqrstvz])", ""),  # a silent h: "Ahmed"
    )
)
"""How French writes what these spellings say, in the order they are tried."""

_NOT_NASAL = r"(?![nm](?![aeiouy]))"
SAME_SOUND_LETTERS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (rf"(?<![aeo])i(?![aeouy]){_NOT_NASAL}", "î"),  # î is i, but not in ai, ei, oi, in
        (r"(?<=o)u", "û"),  # oû is ou ("goût")
        (rf"(?<![aeo])u(?![aeiy]){_NOT_NASAL}", "û"),  # û is u, but not in au, eu, ou, un
        (rf"a(?![iuy]){_NOT_NASAL}", "â"),
        (rf"o(?![iuy]){_NOT_NASAL}", "ô"),
        (r"(?<![aeo])e(?=[bcdfgklpqrstvxz](?:[bcdfghjklmnpqrstvwxz]|$))", "è"),  # a closed e is è
        (r"^e(?=[bcdfgjklmnpqrstvz][aeiouy])", "é"),  # "Everaldo" as French reads it: "Éveraldo"
        (r"(?<=[aeiouyàâéèêîôû])([bdflmnprt])(?=[aeiouyàâéèêîôû])", r"\1\1"),  # "palmipède" → "palmippède"
        (r"(?<=[bcdfgklmprtvxz])$", "e"),  # a final consonant heard: "cold" → "colde"
        (r"(?<=[^\W\d_])['’](?=[^\W\d_])", ""),  # an apostrophe inside a name: "N'Djamena", "prud'hommes"
    )
)
"""Letters French reads the same with an accent, doubled between vowels, or with a silent e
after them: the guard's last resort."""
CAMEL_CASE = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Ý][a-zà-ÿ])")
"""Where a name glues words ("LauncherOne"): read word by word when the whole switches."""


def switches_language(phonemes: str) -> bool:
    """True when espeak-ng's ``phonemes`` of a word switch to another language's voice."""
    return bool(SWITCH.search(phonemes))


MOST_PHONEMES = 64
"""The longest phoneme word given to espeak-ng (the dictionary's longest is about 40 codes; a
few hundred crash it)."""


def in_phonemes(ipa: str) -> str | None:
    """Text that has espeak-ng say the French ``ipa`` (as french_dictionary gives it) as one
    word; None for a pronunciation too long to be a word's."""
    codes = espeak_phonemes(ipa)
    return f"[[{codes}]]" if len(codes) <= MOST_PHONEMES else None


def french_reading(word: str, phonemes_of: Callable[[str], str]) -> str | None:
    """What to give the voice for ``word`` so that it reads it in French: the French dictionary's
    pronunciation for a word of the language, else a respelling; None when the voice reads it in
    French already, or when neither keeps it French."""
    if not switches_language(phonemes_of(word)):
        return None
    if word.lower() in ENGLISH_SMALL_WORDS:  # "Bank of America"
        return ENGLISH_SMALL_WORDS[word.lower()]
    elided = ELISION.match(word)
    if elided and elided.end() < len(word):  # "d'Easyjet", "d'aujourd'hui": the word after the elision on its own
        rest = word[elided.end():]
        read = elided.group(0) + (french_reading(rest, phonemes_of) or rest)
        if not switches_language(phonemes_of(read)):
            return read
        if known := pronunciation(rest):
            return in_phonemes(f"{ELIDED_SOUNDS[elided.group(0)[:-1].lower()]} {known}")
    known = pronunciation(word)
    if known and not word[:1].isupper():  # a French word: the dictionary knows best
        return in_phonemes(known)
    respelled = french_respelling(word, phonemes_of)
    if respelled:
        return respelled
    known = known or (pronunciation(word[:-1]) if word.endswith("s") else None)  # the plural's s is silent
    if known:
        return in_phonemes(known)
    for pieces, glue in ((word.split("-"), "-"), (CAMEL_CASE.split(word), " ")):  # "camping-car", "LauncherOne"
        if len(pieces) > 1:
            joined = glue.join(french_reading(piece, phonemes_of) or piece for piece in pieces)
            if not switches_language(phonemes_of(joined)):
                return joined
    return None


def french_respelling(word: str, phonemes_of: Callable[[str], str]) -> str | None:
    """``word`` respelled, one step at a time, until the voice reads it in French; None when no
    respelling keeps it French (or none is needed). A name's capital is kept."""
    if not switches_language(phonemes_of(word)):
        return None
    if word[:1].isupper() and not word.isupper():  # the steps are written in small letters
        respelled = _respelled(word[0].lower() + word[1:], phonemes_of)
        if respelled and not switches_language(phonemes_of(capitalised := respelled[0].upper() + respelled[1:])):
            return capitalised
    return _respelled(word, phonemes_of)


def _respelled(word: str, phonemes_of: Callable[[str], str]) -> str | None:
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
    return next(filter(None, (_accented(form, phonemes_of) for form in dict.fromkeys((word, spelled)))), None)


def _accented(word: str, phonemes_of: Callable[[str], str]) -> str | None:
    """``word`` with one letter changed for one that French reads the same and that espeak-ng's
    English rules do not match ("toundra" → "toûndra", "Guelph" → "Guèlph", "cold" → "colde"):
    the last resort, tried letter by letter until the voice stays French."""
    for pattern, replacement in SAME_SOUND_LETTERS:
        for match in pattern.finditer(word):
            accented = word[:match.start()] + match.expand(replacement) + word[match.end():]
            if not switches_language(phonemes_of(accented)):
                return accented
    return None


def keep_in_language(text: str, phonemes_of: Callable[[str], str], known: dict[str, str] | None = None) -> str:
    """``text`` with each word the voice would read in another language given to it in French.
    ``known`` keeps what was found for each word from one call to the next (a voice asks the
    same few thousand words again and again)."""
    known = {} if known is None else known
    if len(known) > MAX_KNOWN_WORDS:
        known.clear()

    def spoken(match: re.Match[str]) -> str:
        word = match.group(0)
        if word not in known:
            known[word] = french_reading(word, phonemes_of) or word
        return known[word]

    return WORD.sub(spoken, text)


MAX_KNOWN_WORDS = 200_000
"""Words remembered per voice before the memory starts again: a few megabytes."""
