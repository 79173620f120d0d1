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
guard follows the engine's own rules rather than a list that would drift from them. A
respelling is checked on the phonemes it produces: it must keep the word's sounds in the other
language ("Ben's" respelled "Bense" is [bɑ̃s], not [bɛns]); when no respelling does, the voice
is given those sounds as French phonemes. A word the voice reads in French is still corrected
where its French rules misread it (french_readings): the guard asks for every word.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

from .french_dictionary import espeak_phonemes, pronunciation, pronunciations
from .french_readings import SAME_TO_THE_EAR, VOWELS, better_reading, decisions, same_to_the_ear, spoken_phonemes

GUARD_VERSION = 7
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
        (r"aw", "ô"),  # "Dawson"
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
SCOTTISH_MC = re.compile(r"Mc(?=[A-Z][a-z])")
"""The "Mc" of a name ("McConnell"), said "Mac"."""
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
    """What to give the voice for ``word`` so that it reads it in French, and right: narrate's
    decision or the dictionary's pronunciation where espeak-ng's French rules misread it
    (french_readings); for a word it would switch on, the dictionary's pronunciation of a
    French word, else a respelling checked on its phonemes, else the other language's sounds
    in French phonemes. None when the voice reads it right already."""
    if SCOTTISH_MC.match(word):  # espeak-ng spells "Mc" out: "ɛm sé Connell"
        return french_reading(f"Mac{word[2:]}", phonemes_of) or f"Mac{word[2:]}"
    said = phonemes_of(word)
    if not switches_language(said):
        return _corrected(word, said, phonemes_of)
    reading = _switched_reading(word, said, phonemes_of)
    decided = decisions().get(word)
    if decided is None:
        return reading
    heard = spoken_phonemes(phonemes_of(reading)) if reading else None
    return reading if heard and same_to_the_ear(heard, decided.phonemes) else in_phonemes(" ".join(decided.phonemes))


def _switched_reading(word: str, said: str, phonemes_of: Callable[[str], str]) -> str | None:
    """What keeps ``word``, which the voice would read in another language, French."""
    if word.lower() in ENGLISH_SMALL_WORDS:  # "Bank of America"
        return ENGLISH_SMALL_WORDS[word.lower()]
    elided = ELISION.match(word)
    if elided and elided.end() < len(word):  # "d'Easyjet", "d'aujourd'hui": the word after the elision on its own
        rest = word[elided.end():]
        sound = ELIDED_SOUNDS[elided.group(0)[:-1].lower()]
        rest_reading = french_reading(rest, phonemes_of)
        if rest_reading and rest_reading.startswith("[["):  # the elision's sound before the word's phonemes
            return f"[[{espeak_phonemes(sound)}{rest_reading[2:]}"
        read = elided.group(0) + (rest_reading or rest)
        if not switches_language(phonemes_of(read)):
            return read
        if known := pronunciation(rest):
            return in_phonemes(f"{sound} {known}")
    known = pronunciation(word)
    if known and not word[:1].isupper():  # a French word: the dictionary knows best
        return in_phonemes(known)
    respelled = french_respelling(word, phonemes_of)
    if respelled:
        return respelled
    known = known or (pronunciation(word[:-1]) if word.endswith("s") else None)  # the plural's s is silent
    sounds = french_sounds_of(said, word)
    french = _looks_french(word)
    if known and (sounds is None or french or _faithful(known.replace(" ", ""), sounds)):  # the dictionary errs on English names
        return in_phonemes(known)
    if french and (respelled := french_respelling(word, phonemes_of, loose=True)):  # "Wissembourg"
        return respelled
    for pieces, glue in ((word.split("-"), "-"), (CAMEL_CASE.split(word), " ")):  # "camping-car", "LauncherOne"
        if len(pieces) > 1:
            joined = glue.join(french_reading(piece, phonemes_of) or piece for piece in pieces)
            if not switches_language(phonemes_of(joined)):
                return joined
    return in_phonemes(" ".join(sounds)) if sounds else None


ENGLISH_SOUNDS_IN_FRENCH: dict[str, tuple[str, ...]] = {
    "iː": ("i",), "i": ("i",), "ɪ": ("i",), "ᵻ": ("i",), "e": ("ɛ",), "ɛ": ("ɛ",), "æ": ("a",), "a": ("a",),
    "ɑː": ("a",), "ɑ": ("a",), "ɐ": ("a",), "ɒ": ("ɔ",), "ɔ": ("ɔ",), "ɔː": ("o",), "ʊ": ("u",), "uː": ("u",),
    "u": ("u",), "ʌ": ("œ",), "ɜː": ("œ", "ʁ"), "ɚ": ("œ", "ʁ"), "ə": ("œ",), "eɪ": ("ɛ",), "aɪ": ("a", "j"),
    "aʊ": ("a", "w"), "ɔɪ": ("ɔ", "j"), "əʊ": ("o",), "oʊ": ("o",), "o": ("o",), "ɪə": ("i", "œ", "ʁ"),
    "eə": ("ɛ", "ʁ"), "ʊə": ("u", "ʁ"), "θ": ("t",), "ð": ("d",), "ɹ": ("ʁ",), "ɾ": ("t",), "ʔ": (), "h": (),
    "dʒ": ("d", "ʒ"), "tʃ": ("t", "ʃ"), "x": ("k",), "ɬ": ("l",), "ɡ": ("ɡ",), "g": ("ɡ",),
    **{consonant: (consonant,) for consonant in ("p", "b", "t", "d", "k", "f", "v", "s", "z", "ʃ", "ʒ", "m", "n", "ŋ", "l", "j", "w")},
}
"""English sounds as a French newsreader says them in an English name: [θ] as [t], [ɹ] as
[ʁ], diphthongs as a vowel and a glide, no [h]."""
_ENGLISH_SOUND = re.compile("|".join(sorted(map(re.escape, ENGLISH_SOUNDS_IN_FRENCH), key=len, reverse=True)))
_R_AFTER_VOWEL = re.compile(r"(?i)[aeiouy]r(?![aeiouy])")
_R_BEFORE_CONSONANT = re.compile(r"(?i)[ao]r(?![aeiouyr])")


def french_sounds_of(said: str, word: str) -> tuple[str, ...] | None:
    """The sounds espeak-ng's other voice gives ``word`` (``said``: "(en)stˈiːvən(fr)"), as a
    French reader says them: with the [ʁ] that non-rhotic English drops where the spelling
    has it, at the end ("Peter" [pitœʁ]) or after a or o ("Zorbinys"), and a final s as [s].
    None when a sound has no French counterpart here."""
    body = SWITCH.sub("", said).translate(str.maketrans("", "", "ˈˌ- "))
    sounds: list[str] = []
    position = 0
    spelled_r = bool(_R_BEFORE_CONSONANT.search(word))
    for match in _ENGLISH_SOUND.finditer(body):
        if match.start() != position:
            return None
        sounds.extend(ENGLISH_SOUNDS_IN_FRENCH[match.group(0)])
        if match.group(0) in ("ɑː", "ɔː") and spelled_r and not body.startswith("ɹ", match.end()):
            sounds.append("ʁ")  # "Zorbinys", "Sarkozy": the r English leaves unsaid
        position = match.end()
    if position != len(body) or not sounds:
        return None
    if _R_AFTER_VOWEL.search(word[-2:]) and sounds[-1] != "ʁ":
        sounds.append("ʁ")
    if sounds[-1] == "z" and word.endswith("s"):  # French says a name's final s as [s] ("Maëlys")
        sounds[-1] = "s"
    return tuple(sounds)


_LINKED_SOUNDS = str.maketrans({"ʁ": None, "j": None, "w": None, "z": "s", "b": "p", "d": "t", "ɡ": "k", "v": "f", "ʒ": "ʃ", "ŋ": "n"})
_NUCLEI = VOWELS | {"ə"}


def _faithful(heard: str, sounds: tuple[str, ...]) -> bool:
    """True when a respelling's French reading ``heard`` keeps the ``sounds`` of the word in
    the other language: every consonant (voiced or not; [ʁ] and the glides may come and go,
    as English spelling and sounds differ there), and its vowels but one in three (all of
    them in a shorter word), though French may add one."""
    reading = spoken_phonemes(heard)
    if reading is None:
        return False
    ours, theirs = [SAME_TO_THE_EAR.get(p, p) for p in reading], [SAME_TO_THE_EAR.get(p, p) for p in sounds]

    def consonants(phonemes: list[str]) -> str:
        return "".join(p for p in phonemes if p not in _NUCLEI).translate(_LINKED_SOUNDS).replace("nk", "n")

    if consonants(ours) != consonants(theirs):
        return False
    our_vowels, their_vowels = [p for p in ours if p in _NUCLEI], [p for p in theirs if p in _NUCLEI]
    changed = sum(  # a vowel added is French reading what English swallows ("Thornbury" [tɔʁnbyʁi])
        max(end - start, their_end - their_start) if kind == "replace" else their_end - their_start
        for kind, start, end, their_start, their_end in difflib.SequenceMatcher(None, our_vowels, their_vowels).get_opcodes()
        if kind in ("replace", "insert")
    )
    return changed <= len(their_vowels) // 3


def _given(better: tuple[str, ...] | str | None) -> str | None:
    """A correction as the voice is given it: phonemes as [[codes]], a respelling as it is."""
    return in_phonemes(" ".join(better)) if isinstance(better, tuple) else better


def _corrected(word: str, said: str, phonemes_of: Callable[[str], str]) -> str | None:
    """``word``, which the voice reads in French, as it should read it (french_readings), the
    word after an elision and each part of a compound corrected on its own ("l'alien",
    "vingt-huitième"); None when it reads it right."""
    whole = _given(better_reading(word, said, phonemes_of))
    if whole or word in decisions():
        return whole
    elided = ELISION.match(word)
    start = elided.end() if elided and elided.end() < len(word) else 0
    pieces = [piece for piece in re.finditer(r"[^-]+", word[start:]) if piece.group(0)]
    if start == 0 and len(pieces) < 2:
        return None
    heard = spoken_phonemes(said)
    respelled, phonemes = word, heard
    for piece in reversed(pieces):
        piece_said = phonemes_of(piece.group(0))
        better = better_reading(piece.group(0), piece_said, phonemes_of)
        if isinstance(better, str):
            respelled = respelled[:start + piece.start()] + better + respelled[start + piece.end():]
        elif better and phonemes:
            own = spoken_phonemes(piece_said)
            phonemes = _replaced(phonemes, own, better) if own else None
    if phonemes and phonemes != heard:
        return in_phonemes(" ".join(phonemes))
    return respelled if respelled != word else None


def _replaced(whole: tuple[str, ...], part: tuple[str, ...], instead: tuple[str, ...]) -> tuple[str, ...] | None:
    """``whole`` with the last place it holds ``part`` read as ``instead``; None when it has none."""
    for index in range(len(whole) - len(part), -1, -1):
        if whole[index:index + len(part)] == part:
            return whole[:index] + instead + whole[index + len(part):]
    return None


def french_respelling(word: str, phonemes_of: Callable[[str], str], *, loose: bool = False) -> str | None:
    """``word`` respelled, one step at a time, until the voice reads it in French and with the
    sounds it has in the other language, or as the French dictionary says it (checked on the
    phonemes: "Ben's" is not "Bense", [bɑ̃s]); ``loose``, as soon as it reads it in French (for
    a word that looks French). None when no respelling does (or none is needed). A name's
    capital is kept."""
    said = phonemes_of(word)
    if not switches_language(said):
        return None
    sounds = french_sounds_of(said, word)
    listed = [tuple(ipa.split()) for ipa in pronunciations(word)]

    def reads_right(spelled: str) -> bool:  # with its English sounds, or as the dictionary says it ("Thionville")
        heard = phonemes_of(spelled)
        if switches_language(heard):
            return False
        reading = spoken_phonemes(heard)
        listed_so = reading is not None and any(same_to_the_ear(reading, pronunciation) for pronunciation in listed)
        return sounds is None or loose or listed_so or _faithful(heard, sounds)

    if word[:1].isupper() and not word.isupper():  # the steps are written in small letters
        respelled = _respelled(word[0].lower() + word[1:], reads_right)
        if respelled and reads_right(capitalised := respelled[0].upper() + respelled[1:]):
            return capitalised
    return _respelled(word, reads_right)


def _respelled(word: str, reads_right: Callable[[str], bool]) -> str | None:
    spelled = word
    for pattern, replacement in FRENCH_RESPELLINGS:
        respelled = pattern.sub(replacement, spelled)
        if respelled == spelled or not respelled:
            continue
        spelled = respelled
        if reads_right(spelled):
            return spelled
    for pattern, replacement in FRENCH_RESPELLINGS:  # one step alone, where the steps together did not do
        respelled = pattern.sub(replacement, word)
        if respelled and respelled != word and reads_right(respelled):
            return respelled
    return next(filter(None, (_accented(form, reads_right) for form in dict.fromkeys((word, spelled)))), None)


_FRENCH_LOOK = re.compile(
    r"[àâçéèêëîïôûùüÿœ]|[^\W\d_]['’][^\W\d_]{2}"
    r"|(?:ville|court|mont|bourg|ac|ières?|eaux?|ois|ais|ienne|ien|euil|ouse|oux)$"
)
"""An accent, an elision inside a word, or an ending of French places and names ("Thionville")."""


def _looks_french(word: str) -> bool:
    """True for a word written as French writes (small letters, an accent, an elision inside, the
    ending of a French place): a respelling that keeps it French is right then even where the
    other language's sounds differ ("toundra", "Palmipède", "prud'hommes", "Thionville")."""
    return word.islower() or bool(_FRENCH_LOOK.search(word))


def _accented(word: str, reads_right: Callable[[str], bool]) -> str | None:
    """``word`` with one letter changed for one that French reads the same and that espeak-ng's
    English rules do not match ("toundra" → "toûndra", "Guelph" → "Guèlph", "cold" → "colde"):
    the last resort, tried letter by letter until the voice stays French."""
    for pattern, replacement in SAME_SOUND_LETTERS:
        for match in pattern.finditer(word):
            accented = word[:match.start()] + match.expand(replacement) + word[match.end():]
            if reads_right(accented):
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
