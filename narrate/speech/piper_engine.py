"""Piper: natural neural voices, offline once a voice model is on disk.

An optional extra (``pip install 'narrate[piper]'``): the ``piper-tts`` package brings the
ONNX runtime and its own phonemiser. A profile names the model file (``model =
"fr_FR-siwis-medium.onnx"``, its ``.onnx.json`` beside it) relative to ``voices/``;
``narrate voices install NAME`` downloads both and writes the profile.
"""

from __future__ import annotations

import dataclasses

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..clip import AudioSegment
from ..errors import VoiceError
from .espeak import EspeakEngine, french_guard_identity

INSTALL_HINT = "pip install 'narrate[piper]'"

_loaded: dict[str, Any] = {}
_load_lock = threading.Lock()


@lru_cache(maxsize=8)
def _file_digest(path: str, size: int, modified: float) -> str:
    """SHA-256 of a model file, recomputed only when its size or time changes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class PiperEngine:
    """Speaks with a Piper voice model through onnxruntime."""

    language: str = "fr"
    model: str = ""
    """Path of the .onnx model; its config is the same path plus ".json"."""
    speaker: int | None = None
    """Speaker number, for models with several voices."""
    length_scale: float | None = None
    """Above 1 speaks slower, below 1 faster; None keeps the model's own."""
    noise_scale: float | None = None
    noise_w_scale: float | None = None

    @property
    def config_path(self) -> Path:
        return Path(f"{self.model}.json")

    @property
    def identity(self) -> dict[str, object]:
        """The model's content and the synthesis settings."""
        path = Path(self.model)
        stat = path.stat() if path.is_file() else None
        digest = _file_digest(str(path), stat.st_size, stat.st_mtime) if stat else "missing"
        guard = french_guard_identity() if self.language == "fr" else {}
        return {
            "engine": "piper", "model": digest, "speaker": self.speaker, "length_scale": self.length_scale,
            "noise_scale": self.noise_scale, "noise_w_scale": self.noise_w_scale, **guard,
        }

    def at_pace(self, words_per_minute: float) -> PiperEngine:
        """This voice at ``words_per_minute``: Piper stretches or shortens its phonemes (length_scale)."""
        return dataclasses.replace(self, length_scale=150.0 / words_per_minute)

    @property
    def words_per_minute(self) -> float:
        """Piper's voices speak at about 150 words a minute, pauses included, at length_scale 1."""
        return 150.0 / (self.length_scale or 1.0)

    def unavailable_reason(self) -> str | None:
        """None when the extra is installed and the model and its config are on disk."""
        try:
            import piper  # noqa: F401
        except ImportError:
            return f"the Piper extra is not installed ({INSTALL_HINT})"
        name = Path(self.model).name
        if not self.model or not Path(self.model).is_file():
            stem = name.removesuffix(".onnx") or "NAME"
            return f"the voice model {name or '(none given)'} is missing (narrate voices install {stem})"
        if not self.config_path.is_file():
            return f"the model's config {self.config_path.name} is missing (narrate voices install {name.removesuffix('.onnx')})"
        return None

    def synthesize(self, texts: Sequence[str]) -> list[AudioSegment]:
        """One mono clip per text, in order."""
        voice = self._voice()
        from piper import SynthesisConfig

        config = SynthesisConfig(
            speaker_id=self.speaker, length_scale=self.length_scale, noise_scale=self.noise_scale,
            noise_w_scale=self.noise_w_scale,
        )
        rate = voice.config.sample_rate
        clips = []
        for text in texts:
            spoken = self._guarded(text)
            pcm = b"".join(chunk.audio_int16_bytes for chunk in voice.synthesize(spoken, config)) if text.strip() else b""
            clips.append(AudioSegment(data=pcm, sample_width=2, frame_rate=rate, channels=1))
        return clips

    def _guarded(self, text: str) -> str:
        """``text`` with French read as narrate has espeak-ng read it: Piper's voices speak from
        espeak-ng's phonemes, so the same names, dictionary and guard apply (raw phonemes go to
        Piper between "[[" and "]]")."""
        if self.language != "fr":
            return text
        return EspeakEngine(voice="fr").for_phonemizer(text)

    def _voice(self) -> Any:
        reason = self.unavailable_reason()
        if reason:
            raise VoiceError(f"Piper cannot speak: {reason}.")
        with _load_lock:
            if self.model not in _loaded:
                from piper import PiperVoice

                try:
                    _loaded[self.model] = PiperVoice.load(self.model, config_path=self.config_path)
                except Exception as error:  # onnxruntime and json raise their own types
                    raise VoiceError(
                        f"Piper cannot load {Path(self.model).name}: {error}. Probable cause: a damaged "
                        "download; install the voice again."
                    ) from error
            return _loaded[self.model]
