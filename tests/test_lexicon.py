"""narrate's own lexicon: every respelling is read by the French voices in French, never with
their English voice, and the names that matter most sound as French news says them."""

import pytest

from narrate.normalize import normalize
from narrate.normalize.lexicon import load_lexicon
from narrate.speech import PACKAGED_VOICES
from narrate.speech.espeak import EspeakEngine
from narrate.speech.language_guard import switches_language

LEXICON = load_lexicon(PACKAGED_VOICES / "lexicon.toml")
HEARD = {
    # written: what the French voice says, in IPA (stress marks left out)
    "Washington": "waʃiŋtɔn",
    "Thunberg": "tunbɛʁɡ",
    "Trump": "tʁømp",
    "Brexit": "bʁɛksit",
    "Ehpad": "epad",
    "Juncker": "junkœʁ",
    "Google": "ɡuɡœl",
    "week-end": "wikɛnd",
    "Doubs": "du",
    "Valls": "vals",
}


@pytest.mark.parametrize("voice", ["fr", "fr+f3"])
def test_every_entry_is_read_in_french(voice):
    engine = EspeakEngine(voice=voice)
    english = [written for written, said in LEXICON.entries if switches_language(engine.phonemes(said, as_spoken=False))]
    assert english == []


def test_the_names_that_matter_sound_as_french_news_says_them():
    engine = EspeakEngine()
    for written, heard in HEARD.items():
        said = normalize(f"{written}", "fr", LEXICON)
        assert engine.phonemes(said).replace("ˈ", "").replace("ˌ", "").replace(" ", "") == heard, written
