"""The episode as a listener hears it (issue 27): a frame of a few seconds, the summary chapter
as long as asked (sized from the voice's pace measured on its own audio), a newsreader's pace,
and no liaison or pause a newsreader would not make. Real builds, real audio."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from narrate.cli import cli
from narrate.config import load_settings
from narrate.models import Article, Summary
from narrate.pace import CALIBRATION, Pace, fitted, voice_pace
from narrate.script import write_script
from narrate.speech.cache import SpeechCache
from narrate.speech.cast import configured_voice
from narrate.speech.espeak import EspeakEngine

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def build(project: Path, *options: str) -> dict:
    """Build the project's seeds; the one episode's timed document."""
    result = CliRunner().invoke(cli, ["build", "-q", *options])
    assert result.exit_code == 0, result.output
    (timed,) = (project / "output" / "episodes").glob("*.timed.json")
    return json.loads(timed.read_text(encoding="utf-8"))


@pytest.fixture
def tram_project(project: Path) -> Path:
    """A project whose one seed is a long article (about four minutes read whole)."""
    for path in (project / "seeds").iterdir():
        path.unlink()
    shutil.copy(FIXTURES / "tramway.txt", project / "seeds" / "tramway.txt")
    return project


def chapter_seconds(document: dict, kind: str) -> float:
    titles = {"intro": "Introduction", "summary": "Résumé", "outro": "Sources et crédits"}
    (chapter,) = [c for c in document["chapters"] if c["title"] == titles[kind]]
    return (chapter["end_ms"] - chapter["start_ms"]) / 1000


def summary_words_per_minute(document: dict) -> float:
    (chapter,) = [c for c in document["chapters"] if c["title"] == "Résumé"]
    said = chapter["sentences"][1:]  # after "Résumé."
    seconds = (said[-1]["end_ms"] - said[0]["start_ms"]) / 1000
    return sum(len(sentence["text"].split()) for sentence in said) * 60 / seconds


@pytest.mark.parametrize("minutes", [1, 3])
def test_the_summary_chapter_lasts_what_was_asked_and_the_frame_is_short(tram_project, minutes):
    document = build(tram_project, "--minutes", str(minutes))
    summary = chapter_seconds(document, "summary")
    assert abs(summary - 60 * minutes) <= 0.15 * 60 * minutes, summary
    frame = chapter_seconds(document, "intro") + chapter_seconds(document, "outro")
    assert frame <= 0.15 * document["duration_ms"] / 1000, (frame, document["duration_ms"])
    assert 150 <= summary_words_per_minute(document) <= 180


def test_the_long_frame_is_there_when_asked(tram_project):
    short = build(tram_project)
    (page,) = (tram_project / "output" / "episodes").glob("*.html")
    assert "Le résumé est extractif" in page.read_text(encoding="utf-8")  # said on the page, not aloud
    long = build(tram_project, "--frame", "long")
    assert chapter_seconds(long, "intro") > chapter_seconds(short, "intro") + 5
    intro = " ".join(s["text"] for s in long["chapters"][0]["sentences"])
    assert "Durée de l'épisode" in intro and "Deux parties suivent" in intro


def test_the_short_frame_says_the_show_the_source_the_title_and_that_the_voice_is_synthetic():
    article = Article(
        source="a.txt", title="VIDÉO. À Villeneuve, le tramway entre en service", paragraphs=("Un texte.",),
        author="Julien Marchand", url="https://www.journal.example/tram",
    )
    script = write_script(article, Summary(("Un texte.",)), load_settings().show)
    intro, summary, outro = script.segments
    assert intro.sentences == ("Narrate : À Villeneuve, le tramway entre en service, par Julien Marchand.",)
    assert outro.sentences == ("D'après journal.example, lu en voix de synthèse.",)
    assert (intro.title, outro.title) == ("Introduction", "Sources et crédits")  # chapters a screen reader lists
    assert summary.sentences[0] == "Résumé."
    long_title = write_script(
        Article(source="b.txt", title=" ".join(["mot"] * 16), paragraphs=("Un texte.",), author="Julien Marchand"),
        Summary(("Un texte.",)), load_settings().show,
    )
    assert "Marchand" not in long_title.segments[0].sentences[0]  # no room in a short intro: the outro says it
    assert long_title.segments[-1].sentences == ("D'après Julien Marchand, lu en voix de synthèse.",)
    anonymous = write_script(Article(source="c.txt", title="Un titre", paragraphs=("Un texte.",)), Summary(("Un texte.",)), load_settings().show)
    assert [s.sentences for s in anonymous.segments[::2]] == [("Narrate : Un titre.",), ("Lu par une voix de synthèse.",)]
    assert script.article.title.startswith("VIDÉO.")  # the written title keeps its label


def test_auto_gives_the_long_frame_to_a_full_article_of_many_parts(tram_project):
    article = Article(source="a.txt", title="Un titre", paragraphs=tuple(f"Paragraphe {n} " + "mot " * 120 + "fin." for n in range(8)))
    long = write_script(article, Summary(("Une phrase.",)), load_settings().show, full=True)
    assert len(long.segments) >= 5 and "Durée de l'épisode" in " ".join(long.segments[0].sentences)
    short = write_script(article, Summary(("Une phrase.",)), load_settings().show, full=False)
    assert len(short.segments[0].sentences) == 1


def test_the_pace_is_measured_once_and_kept_in_the_speech_cache(tmp_path):
    settings = load_settings(None, {"cache": tmp_path / "cache"})
    voice = configured_voice(settings)
    pace = voice_pace(voice, SpeechCache(tmp_path / "cache"))
    (stored,) = (tmp_path / "cache" / "pace").glob("*.json")
    assert json.loads(stored.read_text())["seconds_per_letter"] == pytest.approx(pace.seconds_per_letter)
    assert 150 <= pace.words_per_minute(settings.build.sentence_pause) <= 190
    slower = voice.__class__(**{**voice.__dict__, "engine": EspeakEngine(voice="fr", rate=100)})
    assert voice_pace(slower, SpeechCache(tmp_path / "cache")).seconds_per_letter > pace.seconds_per_letter * 1.3
    assert len(list((tmp_path / "cache" / "pace").glob("*.json"))) == 2


def test_a_pace_is_fitted_to_letters_and_pauses():
    counts = [(letters, pauses) for letters, pauses in ((40, 0), (90, 1), (150, 2), (60, 0), (200, 3))]
    seconds = [0.1 + 0.06 * letters + 0.3 * pauses for letters, pauses in counts]
    pace = fitted(counts, seconds)
    assert (pace.seconds_per_clip, pace.seconds_per_letter, pace.seconds_per_pause) == pytest.approx((0.1, 0.06, 0.3))
    flat = fitted(counts, [2.0] * len(counts))  # a voice whose clips do not grow with the text
    assert flat.seconds_per_letter > 0 and flat.seconds_per_clip == 0
    assert Pace().seconds("a b, c") > Pace().seconds("a b c")
    assert len(CALIBRATION) >= 12


def test_a_piper_voice_is_measured_on_its_own_audio_and_sized_by_it(tram_project):
    from piper_model import write_tiny_voice

    write_tiny_voice(tram_project / "voices" / "tiny.onnx")
    (tram_project / "voices" / "tiny.toml").write_text(
        'engine = "piper"\nlanguage = "fr"\n[options]\nmodel = "tiny.onnx"\n', encoding="utf-8"
    )
    document = build(tram_project, "--voice", "tiny")
    summary = chapter_seconds(document, "summary")
    assert abs(summary - 60) <= 9, summary


@pytest.mark.parametrize(
    ("text", "heard"),
    [
        ("Sources et crédits.", "sˈuʁs ˈe"),  # not "sources-z-et": no one says it
        ("Les enfants et les parents.", "ɑ̃fˈɑ̃ ˈe"),
        ("Des policiers ont arrêté un homme.", "polisjˈe ˈɔ̃"),
        ("Les vols internationaux ont repris.", "ɛ̃tɛʁnasjonˈo ˈɔ̃"),
        ("Les enfants sont là.", "le-z ɑ̃fˈɑ̃"),  # after a determiner, always
        ("Ils ont dit non.", "ilz ɔ̃"),
        ("Les Nations unies.", "nasjˈɔ̃z ynˈi"),  # a name said with its liaison
    ],
)
def test_a_liaison_only_where_a_newsreader_makes_one(text, heard):
    assert heard in EspeakEngine(voice="fr").phonemes(text)
