"""The ffmpeg that narrate uses everywhere: the binary shipped in the imageio-ffmpeg wheel,
looked up when first run; ffprobe, which the wheel does not ship, is never called.

pydub's AudioSegment is imported from here: narrate only uses it in memory, never pydub's
file functions, which would look for an ffmpeg of the system's. It stays where it earns its
place (the client asked for pydub, and it needs ``audioop-lts`` on Python 3.13):

- as the clip every engine returns and the speech cache stores: 16-bit PCM that carries its
  own sample rate, width and channels, which is what a clip from espeak-ng, gTTS or Piper is;
- for ``silent`` clips and the chime's two tones (``pydub.generators.Sine``, with fades).

Everything that touches many samples (laying out a segment, levelling, limiting, resampling
with soxr, encoding) works on bytes and numpy arrays instead: pydub's ``+`` copies the whole
segment each time, and its resampling is linear interpolation.
"""

from __future__ import annotations

import subprocess
import warnings
from functools import lru_cache

from .errors import AudioError

with warnings.catch_warnings():
    # pydub warns at import when no ffmpeg is on PATH: narrate never asks it for one.
    warnings.simplefilter("ignore", RuntimeWarning)
    from pydub import AudioSegment

__all__ = ["AudioSegment", "decode", "ffmpeg_executable", "run_ffmpeg"]


@lru_cache(maxsize=1)
def ffmpeg_executable() -> str:
    """The wheel's ffmpeg. Finding it takes a fiftieth of a second, which a build that never
    runs ffmpeg (espeak-ng speaks PCM, LAME encodes in this process) does not spend."""
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def run_ffmpeg(arguments: list[str], *, input_bytes: bytes | None = None) -> bytes:
    """Run ffmpeg quietly and return its standard output; AudioError with its stderr on failure."""
    command = [ffmpeg_executable(), "-hide_banner", "-nostdin", "-loglevel", "error", *arguments]
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
