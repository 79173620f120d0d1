"""The ffmpeg that narrate uses everywhere: the binary shipped in the imageio-ffmpeg wheel.

Importing AudioSegment from here makes pydub use that binary, so no system ffmpeg is
needed; ffprobe, which the wheel does not ship, is never called.
"""

from __future__ import annotations

import json
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

__all__ = ["FFMPEG", "AudioSegment", "decode", "loudness", "run_ffmpeg"]


def run_ffmpeg(arguments: list[str], *, input_bytes: bytes | None = None) -> bytes:
    """Run ffmpeg quietly and return its standard output; AudioError with its stderr on failure."""
    command = [FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error", *arguments]
    result = subprocess.run(command, input=input_bytes, capture_output=True, check=False)
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise AudioError(f"ffmpeg failed: {detail[-1] if detail else 'exit status ' + str(result.returncode)}")
    return result.stdout


def loudness(audio: AudioSegment, *, target_lufs: float, true_peak: float) -> dict[str, float]:
    """EBU R128 measures of ``audio`` from ffmpeg's loudnorm filter (first pass).

    Keys: input_i (integrated LUFS), input_tp (true peak, dBTP), input_lra, input_thresh, target_offset.
    """
    command = [
        FFMPEG, "-hide_banner", "-nostdin", "-nostats", "-f", "s16le", "-ar", str(audio.frame_rate), "-ac",
        str(audio.channels), "-i", "pipe:0", "-af",
        f"loudnorm=I={target_lufs}:TP={true_peak}:LRA=11:print_format=json", "-f", "null", "-",
    ]
    result = subprocess.run(command, input=audio.raw_data, capture_output=True, check=False)
    stderr = result.stderr.decode("utf-8", "replace")
    start, end = stderr.rfind("{"), stderr.rfind("}")
    if result.returncode != 0 or start < 0:
        raise AudioError(f"measuring loudness failed: {stderr.strip().splitlines()[-1] if stderr.strip() else result.returncode}")
    return {key: float(value) for key, value in json.loads(stderr[start:end + 1]).items() if key != "normalization_type"}


def decode(data: bytes, *, frame_rate: int, channels: int = 1) -> AudioSegment:
    """Decode compressed audio (MP3 from an engine, say) to 16-bit PCM at ``frame_rate``."""
    pcm = run_ffmpeg(
        ["-i", "pipe:0", "-f", "s16le", "-acodec", "pcm_s16le", "-ac", str(channels), "-ar", str(frame_rate), "pipe:1"],
        input_bytes=data,
    )
    return AudioSegment(data=pcm, sample_width=2, frame_rate=frame_rate, channels=channels)
