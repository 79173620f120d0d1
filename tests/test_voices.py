"""Voices beyond one engine: installing a Piper voice, the speech cache, two voices per episode,
and `narrate speak`."""

import hashlib
import importlib.util
import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from mutagen.mp3 import MP3

from fake_gtts import FakeGttsServer
from narrate.cli import cli
from narrate.errors import VoiceError
from narrate.speech import load_profile
from narrate.speech.install import install_piper_voice
from piper_model import write_tiny_voice

NAME = "fr_FR-tiny-x_low"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *_args):
        pass


@pytest.fixture
def piper_mirror(tmp_path):
    """A local copy of Piper's voice site: voices.json and one voice's files, at their real paths."""
    root = tmp_path / "mirror"
    folder = root / "fr" / "fr_FR" / "tiny" / "x_low"
    folder.mkdir(parents=True)
    model = write_tiny_voice(folder / f"{NAME}.onnx")
    files = {}
    for path in (model, Path(f"{model}.json")):
        data = path.read_bytes()
        files[str(path.relative_to(root))] = {"size_bytes": len(data), "md5_digest": hashlib.md5(data).hexdigest()}
    files["fr/fr_FR/tiny/x_low/MODEL_CARD"] = {"size_bytes": 0, "md5_digest": ""}
    catalogue = {
        NAME: {
            "key": NAME, "name": "tiny", "quality": "x_low", "num_speakers": 1, "files": files,
            "language": {"code": "fr_FR", "family": "fr", "region": "FR", "name_native": "Français"},
        }
    }
    (root / "voices.json").write_text(json.dumps(catalogue))
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_install_downloads_checks_and_writes_a_profile_that_speaks(piper_mirror, tmp_path):
    _, url = piper_mirror
    voices = tmp_path / "voices"
    profile_path = install_piper_voice(NAME, voices, source=url)
    assert profile_path == voices / f"{NAME}.toml"
    assert (voices / f"{NAME}.onnx").is_file() and (voices / f"{NAME}.onnx.json").is_file()
    assert not list(voices.glob(".*.part"))
    profile = load_profile(profile_path)
    assert (profile.engine, profile.language, profile.offline) == ("piper", "fr", True)
    engine = profile.load_engine()
    assert engine.unavailable_reason() is None
    assert len(engine.synthesize(["Bonjour à tous."])[0]) > 200


def test_install_refuses_a_damaged_download(piper_mirror, tmp_path):
    root, url = piper_mirror
    model = next(root.rglob("*.onnx"))
    model.write_bytes(model.read_bytes()[:-1] + b"\x00")  # same size, other bytes
    with pytest.raises(VoiceError, match=r"fr_FR-tiny-x_low.onnx: the download is damaged \(MD5 differs\)"):
        install_piper_voice(NAME, tmp_path / "voices", source=url)
    assert not (tmp_path / "voices" / f"{NAME}.onnx").exists()


def test_install_suggests_names_and_explains_a_missing_network(piper_mirror, tmp_path):
    _, url = piper_mirror
    with pytest.raises(VoiceError, match="Piper has no voice named 'fr_FR-tiny-low'. Did you mean fr_FR-tiny-x_low?"):
        install_piper_voice("fr_FR-tiny-low", tmp_path, source=url)
    with pytest.raises(VoiceError, match="cannot fetch Piper's voice list .* check the network connection"):
        install_piper_voice(NAME, tmp_path, source="http://127.0.0.1:9/")


def test_install_writes_no_profile_outside_the_voices_directory(piper_mirror, tmp_path):
    _, url = piper_mirror
    with pytest.raises(VoiceError, match="'../escaped' is not a voice name"):
        install_piper_voice("../escaped", tmp_path / "voices", source=url)
    assert not (tmp_path / "escaped.toml").exists()


def test_voices_install_command(piper_mirror, project):
    _, url = piper_mirror
    runner = CliRunner(mix_stderr=False)
    result = runner.invoke(cli, ["voices", "install", NAME, "--source", url])
    assert result.exit_code == 0, result.stderr
    assert result.output == f"Installed {NAME}: use it with --voice {NAME} (profile voices/{NAME}.toml).\n"
    listing = runner.invoke(cli, ["voices"]).output
    assert any(line.startswith(NAME) and line.endswith("ready") for line in listing.splitlines())
    build = runner.invoke(cli, ["build", "--voice", NAME])
    assert build.exit_code == 0, build.stderr


def test_voices_explain_a_missing_piper_model_and_an_unreachable_server_in_one_line_each(project):
    (project / "voices" / "gtts-fr.toml").write_text(
        'engine = "gtts"\nlanguage = "fr"\n[options]\nendpoint = "http://127.0.0.1:9/x"\n'
    )
    lines = CliRunner(mix_stderr=False).invoke(cli, ["voices"]).output.splitlines()
    piper = next(line for line in lines if line.startswith("fr_FR-siwis-medium"))
    assert piper.endswith(
        "unavailable: the voice model fr_FR-siwis-medium.onnx is missing (narrate voices install fr_FR-siwis-medium)"
        if importlib.util.find_spec("piper") else "unavailable: the Piper extra is not installed (pip install 'narrate[piper]')"
    )
    gtts = next(line for line in lines if line.startswith("gtts-fr"))
    assert "unavailable: cannot reach 127.0.0.1 (Connection refused); gTTS needs the internet" in gtts


def gtts_profile(project: Path, server: FakeGttsServer, name: str = "gtts-fr") -> None:
    (project / "voices" / f"{name}.toml").write_text(
        f'engine = "gtts"\nlanguage = "fr"\n[options]\nendpoint = "{server.endpoint}"\n'
    )


def test_rebuilding_an_unchanged_episode_speaks_nothing(project, gtts_server):
    gtts_profile(project, gtts_server)
    runner = CliRunner(mix_stderr=False)
    assert runner.invoke(cli, ["build", "--voice", "gtts-fr"]).exit_code == 0
    first = gtts_server.requests
    assert first > 0
    (mp3,) = (project / "output" / "episodes").glob("*.mp3")
    before = mp3.read_bytes()
    result = runner.invoke(cli, ["build", "--voice", "gtts-fr", "-v"])
    assert result.exit_code == 0, result.stderr
    assert gtts_server.requests == first
    assert "Sentences spoken: 0, taken from the cache:" in result.stderr
    assert mp3.read_bytes() == before  # the same sentences make the same episode, byte for byte


def test_changing_one_sentence_speaks_only_that_sentence(project, gtts_server):
    gtts_profile(project, gtts_server)
    runner = CliRunner(mix_stderr=False)
    assert runner.invoke(cli, ["build", "--voice", "gtts-fr", "--full"]).exit_code == 0
    gtts_server.texts.clear()
    article = project / "seeds" / "marche.txt"
    article.write_text(article.read_text().replace("Un parking à vélos de 40 places", "Un parking à vélos de 60 places"))
    result = runner.invoke(cli, ["build", "--voice", "gtts-fr", "--full", "-v"])
    assert result.exit_code == 0, result.stderr
    assert gtts_server.texts == ["Un parking à vélos de soixante places a été ajouté."]
    assert "Sentences spoken: 1," in result.stderr


def test_a_damaged_cache_entry_is_spoken_again(project):
    runner = CliRunner(mix_stderr=False)
    assert runner.invoke(cli, ["build"]).exit_code == 0
    entries = sorted((project / ".narrate-cache").rglob("*.wav"))
    assert entries
    entries[0].write_bytes(b"RIFF garbage")
    for mp3 in (project / "output" / "episodes").glob("*.mp3"):
        mp3.unlink()  # an episode whose file is gone is built again
    result = runner.invoke(cli, ["build", "-v"])
    assert result.exit_code == 0, result.stderr
    assert "Sentences spoken: 1," in result.stderr


def test_host_reads_intro_and_outro_and_reader_the_article(project, gtts_server):
    gtts_profile(project, gtts_server, "hote")
    (project / "narrate.toml").write_text('[build]\nvoice = "espeak-fr"\nhost_voice = "hote"\n')
    result = CliRunner(mix_stderr=False).invoke(cli, ["build"])
    assert result.exit_code == 0, result.stderr
    heard = " ".join(gtts_server.texts)
    assert "par Claire Dumas" in heard and "lu en voix de synthèse" in heard
    assert "Résumé." not in gtts_server.texts and "commerçants" not in heard


def test_speak_command_writes_an_mp3(project, tmp_path):
    destination = tmp_path / "bonjour.mp3"
    result = CliRunner(mix_stderr=False).invoke(cli, ["speak", "Bonjour. Il est 15h07.", "-o", str(destination)])
    assert result.exit_code == 0, result.stderr
    assert 1.0 < MP3(destination).info.length < 6.0
    empty = CliRunner(mix_stderr=False).invoke(cli, ["speak", "  ", "-o", str(destination)])
    assert empty.exit_code == 1 and empty.stderr == "Error: there is nothing to say: TEXT is empty.\n"


def test_the_first_clip_cached_for_a_sentence_is_the_one_every_episode_uses(tmp_path):
    """espeak-ng's clip of a sentence depends a little on what it said before: when two workers
    speak it at once, the one stored first is the one both use, so episodes never disagree."""
    from narrate.speech.cache import SpeechCache
    from narrate.speech.espeak import EspeakEngine

    cache = SpeechCache(tmp_path / "cache")
    key = SpeechCache.key(EspeakEngine().identity, "Bonjour.")
    (first,) = EspeakEngine().synthesize(["Bonjour."])
    EspeakEngine().synthesize(["Une phrase plus longue, entre les deux, qui change l'état du synthétiseur."])
    (second,) = EspeakEngine().synthesize(["Bonjour."])
    assert second.raw_data != first.raw_data  # what espeak-ng said before shows
    assert cache.put(key, first).raw_data == first.raw_data
    assert cache.put(key, second).raw_data == first.raw_data  # the second clip is not kept
    assert cache.get(key).raw_data == first.raw_data
