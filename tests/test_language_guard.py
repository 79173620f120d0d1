"""A French voice stays French: the words espeak-ng would read with its English voice are
respelled as French writes their sounds, checked on the voice's own phonemes."""

import pytest

from narrate.speech.espeak import EspeakEngine
from narrate.speech.language_guard import french_respelling, switches_language

SWITCHING = {
    # word: what the French voice says instead, in IPA (stress marks left out)
    "sympathisants": "sɛ̃patizɑ̃",
    "éthanol": "etanɔl",
    "méthanol": "metanɔl",
    "maths": "mat",
    "rythme": "ʁitm",
    "Sarkozy": "saʁkozi",
    "Thunberg": "tœ̃bɛʁɡ",
    "Trump": "tʁœmp",
    "Arthur": "aʁtyʁ",
    "Kennedy": "kɛndi",
    "Google": "ɡuɡl",
    "Facebook": "fasbuk",
    "Shapiro": "ʃapiʁo",
    "Brooklyn": "bʁuklɛ̃",
    "parking": "paʁkiŋ",
    "camping": "kɑ̃piŋ",
    "Fouquet's": "fukɛts",
    "Mohamed": "moamɛd",
    "Lightning": "laitniŋ",
    "joker": "ʒokœʁ",
}


def bare(phonemes: str) -> str:
    return phonemes.replace("ˈ", "").replace("ˌ", "").replace("-", "")


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
    assert french_respelling("qu'aujourd'hui", alone) == "qu' aujourd'hui"  # the elision apart
    assert switches_language(engine.phonemes(sentence, as_spoken=False))
    assert not switches_language(engine.phonemes(sentence))
    assert french_respelling("conseil", alone) is None
    assert french_respelling("théâtre", alone) is None  # French already: not respelled


def test_the_guard_is_part_of_the_french_voices_identity():
    """Cached speech made before the guard, or by another version of it, is spoken again."""
    assert "language_guard" in EspeakEngine().identity
    assert "language_guard" not in EspeakEngine(language="en", voice="en").identity
