"""The clip: a piece of speech as every engine returns it and the speech cache keeps it.

It is pydub's AudioSegment: 16-bit PCM that carries its own sample rate, width and channels,
which is what a clip from espeak-ng, gTTS or Piper is; pydub also makes the ``silent`` clips and
the chime's two tones (``pydub.generators.Sine``, with fades). That is all narrate asks of it
(the client asked for pydub; it needs ``audioop-lts`` on Python 3.13): everything that touches
many samples (laying out a segment, levelling, limiting, resampling with soxr, encoding) works
on bytes and numpy arrays instead, since pydub's ``+`` copies the whole segment each time and
its resampling is linear interpolation. pydub's file functions, which run an ffmpeg of the
system's, are never called.

gTTS answers in MP3: miniaudio (a 0.6 MB wheel around dr_mp3) decodes it in this process.
ffmpeg, through the 165 MB imageio-ffmpeg wheel, did that one job before.
"""

from __future__ import annotations

import warnings

from .errors import AudioError

with warnings.catch_warnings():
    # pydub warns at import when no ffmpeg is on PATH: narrate never asks it for one.
    warnings.simplefilter("ignore", RuntimeWarning)
    from pydub import AudioSegment
    from pydub.generators import Sine

__all__ = ["AudioSegment", "Sine", "decode_mp3"]


def decode_mp3(data: bytes, *, frame_rate: int) -> AudioSegment:
    """Mono 16-bit PCM at ``frame_rate`` from the MP3 ``data`` (an engine's answer); AudioError
    when it is not one."""
    import miniaudio

    try:
        decoded = miniaudio.decode(data, output_format=miniaudio.SampleFormat.SIGNED16, nchannels=1, sample_rate=frame_rate)
    except miniaudio.DecodeError as error:
        raise AudioError(f"an MP3 could not be decoded ({error.args[0] if error.args else error}).") from None
    return AudioSegment(data=decoded.samples.tobytes(), sample_width=2, frame_rate=frame_rate, channels=1)
