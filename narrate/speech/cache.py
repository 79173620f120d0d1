"""A cache of spoken sentences, so an unchanged sentence is never spoken twice.

Each sentence's audio is a WAV file named by the hash of the engine, its audible settings
and the exact text it was given. Files are written under a temporary name and renamed,
so two builds sharing the cache never read half a file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydub import AudioSegment

CACHE_FORMAT = 1
"""Bumped when the cache's layout or key changes, so old entries are not reused."""


@dataclass(frozen=True)
class SpeechCache:
    """Sentence audio by key, in ``directory`` (created on first write)."""

    directory: Path

    @staticmethod
    def key(engine_identity: dict[str, object], text: str) -> str:
        """The cache key of ``text`` said by an engine whose audible settings are ``engine_identity``."""
        material = json.dumps({"format": CACHE_FORMAT, "engine": engine_identity, "text": text}, sort_keys=True)
        return hashlib.sha256(material.encode("utf-8")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.wav"

    def get(self, key: str) -> AudioSegment | None:
        """The cached audio, or None when absent or unreadable (it is then spoken again)."""
        from ..clip import AudioSegment

        path = self._path(key)
        try:
            with wave.open(str(path), "rb") as reader:
                frames = reader.readframes(reader.getnframes())
                return AudioSegment(
                    data=frames, sample_width=reader.getsampwidth(), frame_rate=reader.getframerate(),
                    channels=reader.getnchannels(),
                )
        except (OSError, EOFError, wave.Error):
            return None

    def put(self, key: str, audio: AudioSegment) -> AudioSegment:
        """Store ``audio`` unless the sentence is stored already, and return the stored audio.

        The first clip stored wins: espeak-ng's speech depends a little on what it said before
        (see the README), so two builds or two workers that speak the same sentence at once make
        slightly different clips, and every episode must use the one the cache keeps. A cache
        that cannot be written is skipped, never fatal.
        """
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor, name = tempfile.mkstemp(prefix=f".{key[:16]}.", suffix=".part", dir=path.parent)
        except OSError:
            return audio
        temporary = Path(name)
        try:
            with os.fdopen(descriptor, "wb") as handle, wave.open(handle, "wb") as writer:
                writer.setnchannels(audio.channels)
                writer.setsampwidth(audio.sample_width)
                writer.setframerate(audio.frame_rate)
                writer.writeframes(audio.raw_data)
            _publish_once(temporary, path)
        except FileExistsError:
            return self.get(key) or audio
        except OSError:
            pass
        finally:
            temporary.unlink(missing_ok=True)
        return audio


def _publish_once(temporary: Path, path: Path) -> None:
    """Give ``temporary`` the name ``path`` unless that exists (FileExistsError): a hard link
    never replaces a file. On a file system without hard links, a rename after a look."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(temporary, path)
