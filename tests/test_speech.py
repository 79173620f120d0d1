from pathlib import Path

import pytest

from fake_gtts import FakeGttsServer
from narrate.errors import ConfigError, VoiceError
from narrate.speech import find_profile, load_profile, load_profiles
from narrate.speech.espeak import EspeakEngine
from narrate.speech.gtts_engine import GttsEngine

REPO_VOICES = Path(__file__).resolve().parent.parent / "voices"
"""The repository's own project voices: none, so narrate's packaged profiles are listed."""


def test_espeak_speaks_offline_and_longer_text_takes_longer():
    short, long = EspeakEngine().synthesize(["Bonjour.", "Bonjour à toutes et à tous, voici les nouvelles du jour."])
    assert short.frame_rate == 22050 and short.channels == 1
    assert 200 < len(short) < len(long)
    assert long.dBFS > -40  # speech, not silence


def test_espeak_profile_options_change_the_voice():
    text = ["Une phrase assez longue pour mesurer la vitesse de lecture."]
    slow = EspeakEngine(rate=120).synthesize(text)[0]
    fast = EspeakEngine(rate=240).synthesize(text)[0]
    assert len(fast) < 0.7 * len(slow)


def test_espeak_pronounces_french():
    assert EspeakEngine().phonemes("Monsieur Bailey") == "məsjˈø bɛlˈɛ"


def test_unknown_espeak_voice_is_reported():
    assert "no voice 'xx-nope'" in EspeakEngine(voice="xx-nope").unavailable_reason()


def test_repository_profiles_include_an_offline_and_an_online_voice():
    profiles = {profile.name: profile for profile in load_profiles(REPO_VOICES)}
    assert profiles["espeak-fr"].engine == "espeak-ng" and profiles["espeak-fr"].offline
    assert profiles["gtts-fr"].engine == "gtts" and not profiles["gtts-fr"].offline
    assert profiles["espeak-fr"].load_engine().unavailable_reason() is None


def test_profile_errors_name_the_file_and_the_problem(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('engine = "espeak-ng"\nlanguage = "fr\n')
    with pytest.raises(ConfigError, match=r"broken.toml: is not valid TOML: .*line 2"):
        load_profile(broken)
    odd = tmp_path / "odd.toml"
    odd.write_text('engine = "espeak-ng"\n[options]\nspeed = 3\n')
    with pytest.raises(ConfigError, match="unknown option speed for engine espeak-ng"):
        load_profile(odd).load_engine()
    wrong = tmp_path / "wrong.toml"
    wrong.write_text('engine = "festival"\n')
    with pytest.raises(ConfigError, match="engine must be one of"):
        load_profile(wrong)
    with pytest.raises(VoiceError, match="unknown voice 'nope'; known voices: broken, espeak-fr"):
        find_profile(tmp_path, "nope")


def test_gtts_speaks_through_the_wire_format_concurrently(gtts_server):
    engine = GttsEngine(endpoint=gtts_server.endpoint, concurrency=4)
    texts = ["Bonjour.", "Une deuxième phrase, un peu plus longue que la première."]
    audio = engine.synthesize(texts)
    assert sorted(gtts_server.texts) == sorted(texts)
    assert [clip.frame_rate for clip in audio] == [24000, 24000]
    assert len(audio[0]) < len(audio[1])
    assert abs(len(audio[0]) - (200 + 20 * len(texts[0]))) < 120  # decoded MP3 has the tone's length


def test_gtts_splits_long_sentences_as_gtts_does_and_joins_the_audio(gtts_server):
    sentence = "Cette phrase est volontairement très longue, " * 6 + "et elle se termine enfin ici."
    audio = GttsEngine(endpoint=gtts_server.endpoint).synthesize([sentence])
    assert len(gtts_server.texts) > 1 and all(len(text) <= 100 for text in gtts_server.texts)
    assert len(audio) == 1


def test_gtts_requests_run_in_parallel_within_the_bound():
    with FakeGttsServer(delay=0.2) as server:
        GttsEngine(endpoint=server.endpoint, concurrency=3).synthesize([f"Phrase numéro {n}." for n in range(6)])
    assert server.max_in_flight == 3


def test_gtts_retries_a_transient_failure():
    with FakeGttsServer(fail_first=1, fail_status=503) as server:
        audio = GttsEngine(endpoint=server.endpoint, concurrency=1).synthesize(["Bonjour."])
    assert server.requests == 2 and len(audio[0]) > 0


def test_gtts_gives_up_on_a_permanent_failure_with_a_clear_message():
    with FakeGttsServer(fail_first=10, fail_status=403) as server:
        with pytest.raises(VoiceError, match="answered 403"):
            GttsEngine(endpoint=server.endpoint).synthesize(["Bonjour."])
    assert server.requests == 1


def test_gtts_without_network_says_it_needs_the_internet():
    with FakeGttsServer() as server:
        endpoint = server.endpoint  # the port is free again once the server is closed
    engine = GttsEngine(endpoint=endpoint)
    assert "gTTS needs the internet" in engine.unavailable_reason()
    with pytest.raises(VoiceError, match="cannot reach 127.0.0.1: it needs the internet"):
        engine.synthesize(["Bonjour."])
