"""Google Translate's text-to-speech through gTTS: natural, but it needs the internet.

gTTS prepares the requests (its text splitting into <=100-character parts and its RPC
encoding); narrate sends them itself so that the parts of an episode go out
concurrently, with retries, to an endpoint a profile may override (tests use a local
fake that speaks the same wire format).
"""

from __future__ import annotations

import base64
import re
import socket
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from gtts import gTTS
from gtts.tts import gTTSError

from ..errors import VoiceError
from ..clip import AudioSegment, decode_mp3

GTTS_SAMPLE_RATE = 24_000
"""gTTS answers with 24 kHz mono MP3."""

_AUDIO_IN_REPLY = re.compile(r'jQ1olc","\[\\"(.*?)\\"]')
_TRANSIENT_STATUS = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class GttsEngine:
    """Speaks through Google Translate's TTS endpoint."""

    language: str = "fr"
    tld: str = "fr"
    """Google host's top-level domain; sets the accent ("fr" France, "ca" Canada)."""
    slow: bool = False
    timeout: float = 15.0
    """Seconds to wait for one request."""
    retries: int = 2
    """Extra attempts after a transient failure (timeout, 429 or 5xx), with backoff."""
    concurrency: int = 4
    """Requests in flight at once."""
    endpoint: str = ""
    """The batchexecute URL; empty means Google's own for ``tld``."""

    @property
    def identity(self) -> dict[str, object]:
        """What changes the sound (language, accent, speed, server), not how requests are sent."""
        return {"engine": "gtts", "language": self.language, "tld": self.tld, "slow": self.slow, "url": self.url}

    def at_pace(self, words_per_minute: float) -> None:
        """gTTS has one pace (and a slow one): no fast rendition."""
        return None

    @property
    def words_per_minute(self) -> float:
        """Words heard per minute, sentence pauses included (Google's French voice, measured by ear)."""
        return 95.0 if self.slow else 140.0

    @property
    def url(self) -> str:
        return self.endpoint or f"https://translate.google.{self.tld}/_/TranslateWebserverUi/data/batchexecute"

    def unavailable_reason(self) -> str | None:
        """None when the endpoint answers a TCP connection, else why not."""
        parts = urlsplit(self.url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            with socket.create_connection((parts.hostname, port), timeout=3):
                return None
        except OSError as error:
            return f"cannot reach {parts.hostname} ({error.strerror or error}); gTTS needs the internet"

    def synthesize(self, texts: Sequence[str]) -> list[AudioSegment]:
        """One AudioSegment per text, in order; the requests run concurrently."""
        parts_per_text = [self._request_bodies(text) for text in texts]
        bodies = [body for parts in parts_per_text for body in parts]
        with requests.Session() as session, ThreadPoolExecutor(max_workers=max(1, self.concurrency)) as pool:
            mp3_parts = list(pool.map(lambda body: self._post(session, body), bodies))
        audio = []
        position = 0
        for parts in parts_per_text:
            mp3 = b"".join(mp3_parts[position:position + len(parts)])
            position += len(parts)
            audio.append(decode_mp3(mp3, frame_rate=GTTS_SAMPLE_RATE) if mp3 else AudioSegment.silent(0, GTTS_SAMPLE_RATE))
        return audio

    def _request_bodies(self, text: str) -> list[str]:
        if not text.strip(".,;:!?…«»\"' \n"):
            return []
        try:
            return gTTS(text, lang=self.language, tld=self.tld, slow=self.slow).get_bodies()
        except (ValueError, AssertionError, gTTSError) as error:
            raise VoiceError(f"gTTS cannot speak this text in {self.language!r}: {error}") from error

    def _post(self, session: requests.Session, body: str) -> bytes:
        host = urlsplit(self.url).hostname
        attempt = 0
        while True:
            try:
                reply = session.post(self.url, data=body, headers=gTTS.GOOGLE_TTS_HEADERS, timeout=self.timeout)
            except requests.Timeout:  # before ConnectionError: a connect timeout is both, and worth retrying
                failure = VoiceError(f"gTTS got no answer from {host} in {self.timeout:g} s.")
            except requests.ConnectionError as error:
                raise VoiceError(f"gTTS cannot reach {host}: it needs the internet ({type(error).__name__}).") from error
            else:
                if reply.status_code == 200:
                    return _audio_from_reply(reply.text)
                failure = VoiceError(
                    f"gTTS's server answered {reply.status_code} {reply.reason}. Probable cause: "
                    "Google changed or limited its API; try again later or use an offline voice."
                )
                if reply.status_code not in _TRANSIENT_STATUS:
                    raise failure
            if attempt >= self.retries:
                raise failure
            time.sleep(0.5 * 2**attempt)
            attempt += 1


def _audio_from_reply(reply: str) -> bytes:
    """The MP3 bytes in a batchexecute reply (base64 inside a JSON string)."""
    match = _AUDIO_IN_REPLY.search(reply)
    if not match:
        raise VoiceError("gTTS's server answered without audio. Probable cause: an API change upstream.")
    return base64.b64decode(match.group(1))
