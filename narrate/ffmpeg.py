"""The ffmpeg that narrate uses everywhere: the binary shipped in the imageio-ffmpeg wheel.

Importing AudioSegment from here makes pydub use that binary, so no system ffmpeg is
needed; ffprobe, which the wheel does not ship, is never called.
"""

from __future__ import annotations

import subprocess
import warnings

import imageio_ffmpeg

from .errors import AudioError

with warnings.catch_warnings():
    # pydub warns at import when no system ffmpeg is on PATH; we point it at ours below.
    warnings.simplefilter("ignore", RuntimeWarning)
    from pydub import AudioSegment

FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()
AudioSegment.converter = FFMPEG

__all__ = ["FFMPEG", "AudioSegment", "decode", "run_ffmpeg"]


def run_ffmpeg(arguments: list[str], *, input_bytes: bytes | None = None) -> bytes:
    """Run ffmpeg quietly and return its standard output; AudioError with its stderr on failure."""
    command = [FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error", *arguments]
    result = subprocess.run(command, input=input_bytes, capture_output=True, check=False)
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise AudioError(f"ffmpeg failed: {detail[-1] if detail else 'exit status ' + str(result.returncode)}")
    return result.stdout


def decode(data: bytes, *, frame_rate: int, channels: int = 1) -> AudioSegment:
    """Decode compressed audio (MP3 from an engine, say) to 16-bit PCM at ``frame_rate``."""
    pcm = run_ffmpeg(
        ["-i", "pipe:0", "-f", "s16le", "-acodec", "pcm_s16le", "-ac", str(channels), "-ar", str(frame_rate), "pipe:1"],
        input_bytes=data,
    )
    return AudioSegment(data=pcm, sample_width=2, frame_rate=frame_rate, channels=channels)
