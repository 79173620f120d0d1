"""Every word read right, part 2 (issue 28): names read by the rules a French reader applies, the
French dictionary used wherever espeak-ng's reading differs from it by a kind of difference it
is reliable on, respellings checked on the phonemes they produce, espeak-ng's own rule errors
corrected, and Piper voices given the same phonemes. Checked on the voice's phonemes: written
-> what the listener hears (IPA; open and closed vowels, stress and length left aside)."""

import json
import re

import pytest
from click.testing import CliRunner

from narrate.cli import cli
from narrate.normalize import normalize
from narrate.speech import _packaged_lexicon
from narrate.speech.espeak import EspeakEngine, _shared_library
from narrate.speech.french_readings import NAME_RESPELLINGS, decisions, dictionary_reading, same_to_the_ear, spoken_phonemes
from narrate.speech.language_guard import french_reading, french_respelling, switches_language

VOICE = EspeakEngine()
LEXICON = _packaged_lexicon()


def heard(text: str, *, alone: bool = False) -> str:
    """What the default voice says for ``text`` as a build has it (lexicon, normaliser, guard),
    or as espeak-ng alone reads it."""
    spoken = VOICE.phonemes(text if alone else normalize(text, "fr", LEXICON), as_spoken=not alone)
    plain = re.sub(r"[ˈˌː\- ]", "", spoken).replace("ɑ", "a").replace("ɛ", "e").replace("ɔ", "o")
    return re.sub(r"([bcdfgjklmnpqrstvwzʁʃʒɡ])\1", r"\1", plain)  # a doubled consonant is heard once


def ipa(text: str) -> str:
    return text.replace("ɑ", "a").replace("ɛ", "e").replace("ɔ", "o")


# 1. Names espeak-ng reads by French spelling rules: the patterns a reader knows, on names no
# decision and no dictionary covers (so that the rules themselves are what is checked).
NAMES_BY_PATTERN = {
    "Brackler": "bʁaklɛʁ",  # a final -er after a consonant: [ɛʁ]
    "Hoelscher": "oɛlʃɛʁ",  # -scher is German
    "Vasquez": "vaskɛz",  # a Spanish -ez
    "Marcellus": "maʁsɛlys",  # a final s heard after u, o, y
    "Zorbinys": "zɔʁbinis",
    "Papadopoulos": "papadopulɔs",
    "Kemmerich": "kɛmʁiʃ",  # emm/enn after a first consonant: [ɛ], not [ɑ̃]
    "Boltrun": None,  # no pattern: read as espeak-ng reads it
    "Pelozzi": "pelɔzi",  # an Italian name: no schwa
    "Korbinsdon": None,
    "Shelton": "ʃɛltɔn",  # English -ton after a consonant: [tɔn]
    "Valtabas": "valtabas",  # a final s heard after a consonant and a or i
    "Ortegaz": None,
}
FRENCH_NAMES_UNTOUCHED = ["Mercier", "Boulanger", "Boucher", "Texier", "Bouteiller", "Besson", "Lebreton", "Retailleau"]


@pytest.mark.parametrize(("name", "expected"), NAMES_BY_PATTERN.items())
def test_names_unknown_to_the_dictionary_are_read_by_the_patterns_a_french_reader_knows(name, expected):
    assert name not in decisions()
    if expected is None:
        assert heard(name) == heard(name, alone=True)
    else:
        assert heard(name, alone=True) != ipa(expected), f"{name}: espeak-ng reads it right alone: pick another"
        assert heard(name) == ipa(expected)


@pytest.mark.parametrize("name", FRENCH_NAMES_UNTOUCHED)
def test_french_names_keep_their_french_reading(name):
    assert heard(name) == heard(name, alone=True)


def test_every_pattern_is_needed():
    """Each pattern of NAME_RESPELLINGS changes at least one name of the table above."""
    for pattern, _ in NAME_RESPELLINGS:
        assert any(pattern.search(name) for name in NAMES_BY_PATTERN), pattern.pattern


# The decisions on the 3,000 names of French news, and names listeners reported.
DECIDED = {
    "Castaner": "kastanɛʁ", "Hecker": "ɛkɛʁ", "Temmerman": "tɛmɛʁman", "Enedis": "enedis", "SpaceX": "spɛsɛks",
    "Jospin": "ʒɔspɛ̃",  # the dictionary says [ʒɔspin]: wrong, and decided against
    "Reims": "ʁɛ̃s", "Lens": "lɑ̃s", "Rouen": "ʁwɑ̃", "Berson": "bɛʁsɔ̃", "Dawson": "dosɔn", "Ben's": "bɛns",
    "Maëlys": "maelis", "Obs": "ɔbs", "l'Obs": "lɔbs", "McConnell": "makɔnɛl",
}


@pytest.mark.parametrize(("name", "expected"), DECIDED.items())
def test_decided_names_are_read_as_decided(name, expected):
    assert heard(name) == ipa(expected)


def test_the_decisions_cite_their_source_and_cover_three_thousand_names():
    sources = {decision.source for decision in decisions().values()}
    assert sources == {"agreed", "rules", "guard", "review"}
    assert len(decisions()) >= 2900
    assert all(decision.phonemes and all(len(p) <= 2 for p in decision.phonemes) for decision in decisions().values())


# 2. The dictionary wherever espeak-ng's reading differs from it by a difference it is right on.
DICTIONARY_WORDS = {
    "Steve": "stiv", "Hitler": "itlɛʁ", "Vancouver": "vɑ̃kuvɛʁ", "surf": "sœʁf", "surfs": "sœʁf",
    "alien": "aljɛn", "aliens": "aljɛn", "l'alien": "laljɛn", "huitième": "ɥitjɛm", "centième": "sɑ̃tjɛm",
    "gratis": "ɡʁatis", "adidas": "adidas", "appart": "apaʁt", "Pedro": "pedʁo",
}


@pytest.mark.parametrize(("word", "expected"), DICTIONARY_WORDS.items())
def test_the_dictionary_corrects_espeak_wherever_it_is_reliable(word, expected):
    assert heard(word, alone=True) != ipa(expected).replace("ɥ", "y")
    assert heard(word).replace("ɥ", "y") == ipa(expected).replace("ɥ", "y")


def test_only_a_glide_after_a_consonant_becomes_a_vowel():
    from narrate.speech.french_readings import _vowel_not_glide

    assert _vowel_not_glide(("f", "l", "w")) == ("f", "l", "u")
    assert _vowel_not_glide(("k", "ɛ", "w")) is None  # after an open vowel (not in VOWELS as written) it stays


def test_the_dictionarys_own_errors_and_homographs_are_left_alone():
    said = spoken_phonemes(VOICE.phonemes("Ce", as_spoken=False))
    assert said and dictionary_reading("Ce", said) is None  # short words: the dictionary has junk ("ce" [seə])
    assert dictionary_reading("Big", ("b", "i", "ɡ")) is None  # it says [bi]: a lost consonant is never taken
    for sentence in ("Il est plus fort que tous.", "Son fils est venu.", "Les fils électriques."):
        assert heard(sentence) == heard(sentence, alone=True), sentence  # espeak-ng reads them in context


FRENCH_READINGS_KEPT = {
    "retrouve": "ʁətʁuv",  # the dictionary says [ʁetʁuv]: a French schwa is right
    "L'oeuvre": "lœvʁ",
    "Vintimille": "vɛ̃timij",  # the dictionary says [vɛ̃timil]
    "Réinterpréter": "ʁeɛ̃tɛʁpʁete",  # a verb opening a sentence is no Germanic name
    "Thionville": "tjɔ̃vil",  # espeak-ng would switch; a French place keeps the dictionary's reading
}


@pytest.mark.parametrize(("word", "expected"), FRENCH_READINGS_KEPT.items())
def test_french_words_keep_their_french_reading(word, expected):
    assert heard(word) == ipa(expected)


# 3. A respelling is checked on the phonemes it produces.
def test_respellings_keep_the_sounds_of_the_name():
    alone = _shared_library().phonemes
    VOICE.phonemes("")  # the voice configured
    assert heard("tweet") == "twit"  # not "twit" [twi]
    for name, kept in (("Ben's", "ns"), ("Ken's", "ns"), ("Jaylys", "s")):
        respelled = french_respelling(name, alone)
        reading = french_reading(name, alone)
        assert reading and not switches_language(alone(reading)), name
        assert respelled is None or ipa(alone(respelled)).replace("z", "s").rstrip("ˈ").endswith(kept), (name, respelled)
        assert heard(name).replace("z", "s").endswith(kept), name


def test_check_suggests_what_the_build_says(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Chez Ken's\n\nLe restaurant Ken's ouvre, dit Kylie Thornbury.\n")
    result = CliRunner(mix_stderr=False).invoke(cli, ["check", "--json", "a.txt"])
    findings = {entry["word"]: entry for entry in map(json.loads, result.output.splitlines())}
    for word, finding in findings.items():
        if finding["lexicon"]:
            said = finding["lexicon"].split(" = ")[1].strip('"')
            assert french_reading(word, lambda text: VOICE.phonemes(text, as_spoken=False)) == said
            assert not switches_language(VOICE.phonemes(said, as_spoken=False))
    assert "Bense" not in result.output


# 4. espeak-ng's own rule errors on common words.
COMMON_WORDS = {
    "le 8e arrondissement": "ləɥitjɛmaʁɔ̃dismɑ̃",
    "le 18e": "lədizɥitjɛm",
    "le 28e": "ləvɛ̃tɥitjɛm",
    "au VIIIe siècle": "oɥitjɛmsjɛkl",
    "des données floues": "dedɔneflu",
    "un meeting en streaming": "œ̃mitiŋɑ̃stʁimiŋ",
    "un cluster": "œ̃kløstœʁ",
}


@pytest.mark.parametrize(("written", "expected"), COMMON_WORDS.items())
def test_espeaks_rule_errors_on_common_words_are_corrected(written, expected):
    assert heard(written).replace("ɥ", "y") == ipa(expected).replace("ɥ", "y")


def test_a_lexicon_entry_never_reads_worse_than_the_dictionary():
    """An entry for a word the dictionary lists reads as the dictionary says, unless the
    dictionary is wrong there (each exception says so)."""
    dictionary_wrong = {
        "John": "[ʒɔ]", "Woerth": "[wɔœʁs]", "Norfolk": "an l not heard", "Hollywood": "both fine",
        "Liverpool": "[livœʁpul]: both fine", "Manchester": "[mɑ̃ʃɛstœʁ]: both fine", "Johnson": "both fine",
        "Peter": "both fine", "YouTube": "[jutyb]", "Xbox": "[ksbɔks]", "manager": "[manaʒe]: the English word is meant",
        "Thunberg": "not listed", "Doubs": "both [du]",
    }
    from narrate.speech.french_dictionary import pronunciations

    worse = []
    for written, _ in LEXICON.entries:
        listed = [tuple(p.split()) for p in pronunciations(written)]
        said = spoken_phonemes(VOICE.phonemes(normalize(written, "fr", LEXICON)))
        if listed and written not in dictionary_wrong and not (said and any(same_to_the_ear(said, p) for p in listed)):
            worse.append(written)
    assert worse == []


# 5. Normaliser rules: tests/normalize_cases_fr.py (the issue 28 section).


# 6. Piper voices get narrate's phonemes.
def test_a_piper_voice_receives_narrates_phonemes(tmp_path, monkeypatch):
    piper_voice = pytest.importorskip("piper.voice", reason="needs the Piper extra: pip install -e '.[piper]'")
    from piper_model import write_tiny_voice

    from narrate.speech.piper_engine import PiperEngine

    engine = PiperEngine(model=str(write_tiny_voice(tmp_path / "tiny.onnx")))
    received: list[list[int]] = []
    to_audio = piper_voice.PiperVoice.phoneme_ids_to_audio

    def spy(self, phoneme_ids, *args, **kwargs):
        received.append(list(phoneme_ids))
        return to_audio(self, phoneme_ids, *args, **kwargs)

    monkeypatch.setattr(piper_voice.PiperVoice, "phoneme_ids_to_audio", spy)
    engine.synthesize(["Steve et Hitler au dix-huitième."])
    voice = engine._voice()
    ids_of = lambda ipa_text: voice.phonemes_to_ids(list(ipa_text))[1:-1]  # noqa: E731  without the start and end marks

    def holds(ids: list[int], part: list[int]) -> bool:
        return any(ids[index:index + len(part)] == part for index in range(len(ids)))

    assert received and holds(received[0], ids_of("stˈiv")) and holds(received[0], ids_of("itlˈɛʁ"))
    assert not holds(received[0], ids_of("stˈəv"))  # what Piper's own phonemiser says
    assert holds(received[0], ids_of("dizyitjˈɛm"))
    assert engine.identity["names"] == EspeakEngine().identity["names"]
