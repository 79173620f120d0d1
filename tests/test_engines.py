"""One test suite that every speech engine passes: espeak-ng for real, gTTS against a local
server speaking its wire format, Piper with a tiny generated voice model."""

import importlib.util
from dataclasses import replace
from pathlib import Path

import pytest

from fake_gtts import FakeGttsServer
from narrate.clip import AudioSegment
from narrate.speech.espeak import EspeakEngine
from narrate.speech.gtts_engine import GttsEngine
from narrate.speech.piper_engine import PiperEngine
from piper_model import write_tiny_voice


@pytest.fixture(params=["espeak-ng", "gtts", "piper"])
def engine(request, tmp_path):
    if request.param == "espeak-ng":
        yield EspeakEngine()
    elif request.param == "gtts":
        with FakeGttsServer() as server:
            yield GttsEngine(endpoint=server.endpoint)
    else:
        yield PiperEngine(model=str(write_tiny_voice(tmp_path / "tiny.onnx")))


SHORT = "Bonjour."
LONG = "Une phrase nettement plus longue, qui prend plus de temps à dire que la première."


def test_can_run_here(engine):
    assert engine.unavailable_reason() is None


def test_one_mono_clip_per_text_in_order(engine):
    clips = engine.synthesize([SHORT, LONG, SHORT])
    assert len(clips) == 3
    assert all(isinstance(clip, AudioSegment) and clip.channels == 1 and clip.sample_width == 2 for clip in clips)
    assert len(clips[0]) < len(clips[1])
    assert abs(len(clips[0]) - len(clips[2])) <= 60  # the same text, the same length


def test_clips_are_heard_not_silent(engine):
    (clip,) = engine.synthesize([LONG])
    assert clip.dBFS > -45


def test_nothing_to_say_gives_an_empty_clip(engine):
    (clip,) = engine.synthesize([""])
    assert len(clip) < 100


AUDIBLE = {"espeak-ng": {"rate": 120}, "gtts": {"tld": "ca"}, "piper": {"length_scale": 1.3}}
"""A setting of each engine that changes how it sounds."""


def test_identity_names_the_engine_and_changes_with_its_settings(engine):
    identity = engine.identity
    assert identity["engine"] in {"espeak-ng", "gtts", "piper"}
    assert identity == engine.identity  # stable, so the cache can trust it
    assert replace(engine).identity == identity  # the same settings, the same identity
    assert replace(engine, **AUDIBLE[identity["engine"]]).identity != identity
    assert engine.words_per_minute > 50


def test_identity_ignores_how_requests_are_sent_but_not_how_speech_sounds():
    assert GttsEngine(concurrency=1, timeout=2).identity == GttsEngine(concurrency=8).identity
    assert GttsEngine(tld="ca").identity != GttsEngine(tld="fr").identity
    assert EspeakEngine(rate=120).identity != EspeakEngine(rate=180).identity
    assert PiperEngine(model="a.onnx", length_scale=1.2).identity != PiperEngine(model="a.onnx").identity


@pytest.mark.skipif(importlib.util.find_spec("piper") is None, reason="needs the Piper extra: pip install -e '.[piper]'")
def test_piper_explains_what_is_missing(tmp_path):
    missing = PiperEngine(model=str(tmp_path / "fr_FR-siwis-medium.onnx"))
    assert missing.unavailable_reason() == (
        "the voice model fr_FR-siwis-medium.onnx is missing (narrate voices install fr_FR-siwis-medium)"
    )
    model = write_tiny_voice(tmp_path / "tiny.onnx")
    Path(f"{model}.json").unlink()
    assert "config tiny.onnx.json is missing" in PiperEngine(model=str(model)).unavailable_reason()
