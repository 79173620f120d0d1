"""Engines that fail say so, and transient failures are tried again."""

import socket
import threading
import time

import pytest

from fake_gtts import FakeGttsServer
from narrate.errors import VoiceError
from narrate.speech import espeak
from narrate.speech.espeak import EspeakEngine
from narrate.speech.gtts_engine import GttsEngine


def test_gtts_tries_again_after_a_connect_timeout():
    """A server too busy to accept the connection (its queue is full) is a connect timeout,
    which is transient: the next attempt, once the server accepts again, gets the audio."""
    with FakeGttsServer() as server:
        server._server.shutdown()  # not serving yet: nothing is accepted
        listener = server._server.socket
        listener.listen(0)
        host, port = listener.getsockname()[:2]
        fillers = []
        for _ in range(4):  # fill the accept queue: further connections wait unanswered
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex((host, port))
            fillers.append(filler)
        time.sleep(0.2)

        def accept_later() -> None:
            time.sleep(1.2)
            for filler in fillers:
                filler.close()
            server._server.serve_forever(poll_interval=0.05)

        threading.Thread(target=accept_later, daemon=True).start()
        started = time.monotonic()
        (clip,) = GttsEngine(endpoint=server.endpoint, timeout=1.0, retries=3).synthesize(["Bonjour à tous."])
        assert len(clip) > 200
        assert time.monotonic() - started > 1.0  # the first attempt did time out
        server._server.shutdown()


def test_gtts_still_gives_up_at_once_on_a_refused_connection():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    engine = GttsEngine(endpoint=f"http://127.0.0.1:{port}/x", timeout=1.0, retries=3)
    started = time.monotonic()
    with pytest.raises(VoiceError, match="cannot reach 127.0.0.1"):
        engine.synthesize(["Bonjour."])
    assert time.monotonic() - started < 1.0


def test_a_failed_espeak_synthesis_is_an_error_not_a_silent_cue(monkeypatch):
    EspeakEngine(language="en", voice="en").synthesize(["Hi."])  # the library is started (it speaks once as it starts) before the flags go wrong
    monkeypatch.setattr(espeak, "_CHARS_UTF8", 0x5555)  # flags libespeak-ng refuses: its own status says so
    with pytest.raises(VoiceError, match=r"espeak-ng failed to speak a sentence \(status -1\)"):
        EspeakEngine(language="en", voice="en").synthesize(["Hello everyone."])
    with pytest.raises(VoiceError, match=r"espeak-ng cannot read 'Bonjour' into phonemes"):
        EspeakEngine().synthesize(["Bonjour à tous."])  # the French voice asks for phonemes first
    monkeypatch.undo()
    (clip,) = EspeakEngine().synthesize(["Bonjour à tous."])
    assert len(clip) > 200


def test_an_answer_that_is_not_an_mp3_is_one_clear_error():
    from narrate.clip import decode_mp3
    from narrate.errors import AudioError

    with pytest.raises(AudioError, match="an MP3 could not be decoded"):
        decode_mp3(b"<html>quota exceeded</html>" * 20, frame_rate=24_000)
