"""A French voice stays French: the words espeak-ng would read with its English voice are given
to it in French (the French dictionary's pronunciation, or a respelling), checked on the voice's
own phonemes."""

import sqlite3
from collections import Counter
from importlib.resources import files
from pathlib import Path

import pytest

from narrate.speech.espeak import EspeakEngine, _shared_library
from narrate.speech.french_dictionary import ESPEAK_PHONEMES, MOST_PRONUNCIATIONS, SOURCE, _lexicon, _pronunciations, espeak_phonemes, knows, pronunciation
from narrate.speech.language_guard import french_reading, french_respelling, switches_language

SWITCHING = {
    # word: what the French voice says instead, in IPA (stress marks left out)
    "sympathisants": "sɛ̃patizɑ̃",
    "éthanol": "etanɔl",
    "méthanol": "metanɔl",
    "maths": "mat",
    "rythme": "ʁitm",
    "Sarkozy": "saʁkozi",
    "Thunberg": "tœnbœʁɡ",  # its English sounds: the lexicon has how French news says it
    "Trump": "tʁœmp",
    "Arthur": "aʁtyʁ",
    "Kennedy": "kenedi",
    "Google": "ɡuɡl",
    "Facebook": "fɛsbuk",
    "Shapiro": "ʃapiʁo",
    "Brooklyn": "bʁuklin",
    "parking": "paʁkiŋ",
    "camping": "kɑ̃piŋ",
    "Fouquet's": "fukɛts",
    "Mohamed": "moamɛd",
    "Lightning": "laitniŋ",
    # French words: the French dictionary's pronunciation
    "joker": "dʒɔkɛʁ",
    "traversons": "tʁavɛʁsɔ̃",
    "Maghreb": "maɡʁɛb",
    "people": "pipɔl",
    # the elision kept with its word: "d'" alone would be the letter d
    "d'aujourd'hui": "doʒuʁdyi",
    "d'East": "dist",
    # the last resorts: one letter French reads the same, a name's glued words apart
    "toundra": "tundʁa",
    "Guelph": "ɡɛlf",
    "cold": "kold",
    "prud'hommes": "pʁydɔm",
    "LauncherOne": "lonʃewan",
    "Palmipède": "palmipɛd",  # "î" would not do: espeak-ng reads it as "i"; "pp" does
    "Blake": "blɛk",
    "Kavanaugh": "kavano",
}


def bare(phonemes: str) -> str:
    return phonemes.replace("ˈ", "").replace("ˌ", "").replace("-", "").replace("ː", "").replace(" ", "")


@pytest.mark.parametrize("voice", ["fr", "fr+f3"])
def test_words_espeak_would_read_in_english_are_read_in_french(voice):
    engine = EspeakEngine(voice=voice)
    for word, heard in SWITCHING.items():
        assert switches_language(engine.phonemes(word, as_spoken=False)), f"{word} no longer switches: drop it here"
        assert bare(engine.phonemes(word)) == heard, word


def test_a_sentence_of_them_never_switches_and_french_words_are_untouched():
    engine = EspeakEngine()
    sentence = "Les sympathisants de Greta Thunberg et de Nicolas Sarkozy parlent de maths, d'éthanol et de Trump."
    alone = lambda text: engine.phonemes(text, as_spoken=False)  # noqa: E731
    assert bare(engine.phonemes("qu'aujourd'hui")) == "koʒuʁdyi"  # "qu'" kept with its word, not "ku"
    assert french_reading("qu'aujourd'hui", alone) == "[[koZurdy'i]]"
    assert switches_language(engine.phonemes(sentence, as_spoken=False))
    assert not switches_language(engine.phonemes(sentence))
    assert french_respelling("conseil", alone) is None
    assert french_respelling("théâtre", alone) is None  # French already: not respelled


def test_the_guard_is_part_of_the_french_voices_identity():
    """Cached speech made before the guard, or by another version of it, is spoken again."""
    assert "language_guard" in EspeakEngine().identity
    assert "language_guard" not in EspeakEngine(language="en", voice="en").identity


def test_the_dictionary_phonemes_are_the_voices_own():
    """Every phoneme of the French dictionary, given to espeak-ng, comes back as itself."""
    library = _shared_library()
    library.set_voice("fr")
    for ipa in ("a", "e", "ɛ", "i", "o", "ɔ", "u", "y", "ø", "œ", "ɛ̃", "ɑ̃", "ɔ̃", "œ̃"):
        assert bare(library.phonemes(f"[[{espeak_phonemes(f'p {ipa}')}]]")) == f"p{ipa}", ipa
    for ipa in ("b", "t", "d", "k", "ɡ", "f", "v", "s", "z", "ʃ", "ʒ", "m", "n", "ɲ", "ŋ", "l", "ʁ", "j", "w"):
        assert bare(library.phonemes(f"[[{espeak_phonemes(f'a {ipa} a')}]]")) == f"a{ipa}a", ipa
    assert espeak_phonemes("t ʁ a v ɛ ʁ s ɔ̃") == "travErs'O~"  # stressed on its last vowel
    assert espeak_phonemes("ʁ ə") == "r'@"


def test_the_dictionary_is_cited_and_knows_french_words_not_names():
    assert SOURCE == "gruut-lang-fr"
    assert pronunciation("Traversons") == "t ʁ a v ɛ ʁ s ɔ̃"
    assert pronunciation("camping") == "k ɑ̃ p i ŋ"  # standard French, not the regional [iŋɡ]
    assert knows("sympathisants") and not knows("Thunberg")


def test_the_lexicon_file_is_in_word_order_so_a_word_is_found_by_binary_search():
    """What the lookup relies on, checked on the installed gruut-lang-fr: rows numbered without
    gaps, in the words' order, few for a word; and its answers are the table's."""
    path = Path(str(files("gruut_lang_fr") / "lexicon.db"))
    rows = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True).execute(
        "SELECT id, word, pron_order, phonemes FROM word_phonemes ORDER BY id").fetchall()
    assert [row[0] for row in rows] == list(range(rows[0][0], rows[0][0] + len(rows)))
    words = [row[1] for row in rows]
    assert words == sorted(words) and max(Counter(words).values()) <= MOST_PRONUNCIATIONS
    first_said: dict[str, str] = {}
    for _, word, _, phonemes in sorted(rows, key=lambda row: row[2]):
        if phonemes and all(phoneme in ESPEAK_PHONEMES for phoneme in phonemes.split()):
            first_said.setdefault(word, phonemes)
    for word in [*words[::97], words[0], words[-1]]:  # about 950 words, the first and the last among them
        expected = first_said.get(word)
        assert pronunciation(word) == (expected.removesuffix(" ɡ") if expected and expected.endswith(" ŋ ɡ") else expected), word
    assert knows(words[-1].capitalize()) and not knows(words[-1] + "zz") and not knows("") and not knows("aaaaaaa")


def test_a_word_is_looked_up_without_reading_the_whole_lexicon():
    steps = []
    _pronunciations.cache_clear()
    connection = _lexicon().connection
    connection.set_progress_handler(lambda: steps.append(1), 1000)  # called every 1,000 SQLite instructions
    try:
        assert pronunciation("sympathisants") is not None and pronunciation("Thunberg") is None
    finally:
        connection.set_progress_handler(None, 0)
    assert len(steps) < 20  # reading the 92,000 rows once takes about 280


def test_text_cannot_write_phonemes():
    """"[[" in an article is text: only the guard may hand espeak-ng phonemes."""
    engine = EspeakEngine()
    assert "ʃ" not in engine.phonemes("[[S'a]]")
    assert "ʃ" not in engine.phonemes("[[S'a]]", as_spoken=False)
    assert "ʃ" in _shared_library().phonemes("[[S'a]]")  # what it would have been
    assert len(engine.synthesize(["[[S'a]] [[", "]]"])) == 2
