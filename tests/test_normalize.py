"""Normalisation for speech: the table of written French and its spoken form, the lexicon,
English, and the seed article's script, which must reach the voice with nothing to misread."""

import re

import pytest
from click.testing import CliRunner

from narrate.cli import cli
from narrate.config import load_settings
from narrate.errors import ConfigError
from narrate.normalize import RULES_BY_LANGUAGE, Lexicon, fr, normalize
from narrate.normalize.lexicon import load_lexicon
from narrate.read import read_article
from narrate.script import write_script
from narrate.speech import find_profile
from narrate.speech.espeak import EspeakEngine
from narrate.summarize import summarize
from normalize_cases_fr import CASES


@pytest.mark.parametrize(("written", "spoken"), CASES, ids=[case[0] for case in CASES])
def test_french_is_said_as_a_careful_reader_would(written, spoken):
    assert normalize(written, "fr") == spoken


def test_every_rule_is_needed_by_the_table(monkeypatch):
    """Each rule changes what at least one case says: a rule that stopped working, or a rule
    the table never exercises, fails here."""
    idle = []
    for rule in fr.RULES:
        monkeypatch.setitem(RULES_BY_LANGUAGE, "fr", tuple(other for other in fr.RULES if other is not rule))
        if all(normalize(written, "fr") == spoken for written, spoken in CASES):
            idle.append(rule.__name__)
    assert idle == []


ENGLISH = [
    ("Mr. Smith", "Mister Smith"),
    ("$5", "five dollars"),
    ("£2.5 million", "two point five million pounds"),
    ("at 3:15 pm", "at three fifteen p m"),
    ("at 9:05 am", "at nine oh five a m"),
    ("the 21st", "the twenty-first"),
    ("in 1990", "in nineteen ninety"),
    ("1990 people", "one thousand, nine hundred and ninety people"),
    ("3.5%", "three point five percent"),
    ("250,000", "two hundred and fifty thousand"),
    ("-5", "minus five"),
]


@pytest.mark.parametrize(("written", "spoken"), ENGLISH)
def test_english_is_said_as_a_careful_reader_would(written, spoken):
    assert normalize(written, "en") == spoken


def test_unknown_languages_only_get_the_lexicon():
    assert normalize("M. Bailey 15:07", "de", Lexicon((("Bailey", "Beili"),))) == "M. Beili 15:07"


def test_lexicon_applies_first_to_whole_words_and_longest_first():
    lexicon = Lexicon((("Anglia", "X"), ("Anglia Ruskin", "Angglia Reuskinne"), ("PIER21", "Pier 21")))
    assert normalize("à Anglia Ruskin et Anglia, PIER21.", "fr", lexicon) == (
        "à Angglia Reuskinne et X, Pier vingt et un."
    )
    assert normalize("Anglian", "fr", lexicon) == "Anglian"


def test_profile_lexicon_overrides_the_projects_which_overrides_narrates(tmp_path):
    (tmp_path / "lexicon.toml").write_text('"Anglia Ruskin" = "Anglia"\n"Ofcom" = "Offcom"\n')
    (tmp_path / "anglais.toml").write_text('engine = "espeak-ng"\nlanguage = "fr"\n[lexicon]\n"Bailey" = "Bèïli"\n')
    lexicon = find_profile(tmp_path, "anglais").lexicon
    assert lexicon.apply("Bailey et Ofcom à Anglia Ruskin, Norfolk") == "Bèïli et Offcom à Anglia, Norfoc"
    assert find_profile(tmp_path, "espeak-fr").lexicon.apply("Bailey et Ofcom") == "Bêïli et Offcom"


def test_broken_lexicon_names_the_file_and_line(tmp_path):
    (tmp_path / "lexicon.toml").write_text('"Bailey" = "Bêïli"\n"Ofcom" = \n')
    with pytest.raises(ConfigError, match=r"lexicon.toml: is not valid TOML: .*line 2"):
        load_lexicon(tmp_path / "lexicon.toml")
    (tmp_path / "lexicon.toml").write_text('"Bailey" = 3\n')
    with pytest.raises(ConfigError, match="must map written words to how they are said"):
        load_lexicon(tmp_path / "lexicon.toml")


MISREAD = re.compile(
    r"\d|\b(?:M|MM|Mme|Mlle|Dr|Pr|Mgr|etc|av|bd|cf|St)\.?(?=\s)|[%€$£&@#/«»“”]"
    r"|\b(?!(?:OTAN|ONU|UNESCO|NASA|COVID)\b)[A-Z]{2,6}\b"
)
"""What a voice would misread: a figure, an abbreviation, a symbol, an unspelled acronym."""


def test_seed_script_reaches_the_voice_with_nothing_to_misread(seed):
    settings = load_settings()
    lexicon = find_profile(settings.build.voices, "espeak-fr").lexicon
    article = read_article(seed)
    script = write_script(article, summarize(article, sentences=30), settings.show, full=True)
    spoken = [normalize(sentence, "fr", lexicon) for segment in script.segments for sentence in segment.sentences]
    leftovers = {match.group(0) for sentence in spoken for match in MISREAD.finditer(sentence)}
    assert leftovers == set(), leftovers
    assert any("deux cent cinquante mille" in sentence for sentence in spoken)
    assert any(sentence.startswith("Monsieur Bêïli") for sentence in spoken)


def test_normalize_command_prints_the_spoken_form_and_reads_standard_input(project):
    runner = CliRunner(mix_stderr=False)
    result = runner.invoke(cli, ["normalize", "M. Bailey, 15:07"])
    assert result.exit_code == 0, result.stderr
    assert result.output == "Monsieur Bêïli, quinze heures sept\n"
    result = runner.invoke(cli, ["normalize", "-"], input="3,5 %\nla NCA\n")
    assert result.output == "trois virgule cinq pour cent\nla ène cé a\n"
    result = runner.invoke(cli, ["normalize", "--ipa", "Bonjour"])
    assert result.output == "Bonjour\n  [bɔ̃ʒˈuʁ]\n"


LETTERS_HEARD = {
    "A": "a", "B": "be", "C": "se", "D": "de", "E": "ə", "F": "ɛf", "G": "ʒe", "H": "aʃ", "I": "i", "J": "ʒi",
    "K": "ka", "L": "ɛl", "M": "ɛm", "N": "ɛn", "O": "o", "P": "pe", "Q": "ky", "R": "ɛʁ", "S": "ɛs", "T": "te",
    "U": "y", "V": "ve", "W": "dublve", "X": "iks", "Y": "iɡʁɛk", "Z": "zɛd",
}
"""Each letter's name as French says it, in IPA."""


@pytest.mark.parametrize("voice", ["fr", "fr+f3"])
def test_every_letter_of_a_spelled_acronym_is_heard_right(voice):
    """An acronym with an M (SMS, FMI, OMS) was heard "an": every letter, through each voice."""
    engine = EspeakEngine(voice=voice)
    for letter, heard in LETTERS_HEARD.items():
        spoken = normalize(f"le sigle XZ{letter}", "fr")  # spelled, whatever the letter
        phonemes = engine.phonemes(spoken).replace("ˈ", "").replace("ˌ", "").replace("-", "")
        assert phonemes.split() == ["lə", "siɡl", "iks", "zɛd", *heard.split()] or phonemes.replace(" ", "") == (
            "ləsiɡlikszɛd" + heard
        ), (letter, spoken, phonemes)
