"""Assemble spoken segments into one MP3 episode: levelled to podcast loudness, with ID3 tags,
chapter markers and the transcript."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from mutagen.id3 import APIC, CHAP, COMM, CTOC, ID3, TALB, TCON, TDRC, TIT2, TLAN, TPE1, USLT, WOAS, WXXX, CTOCFlags
from mutagen.id3._tags import save_frame
from pydub.generators import Sine

import numpy as np

from .errors import AudioError
from .ffmpeg import AudioSegment, run_ffmpeg, run_ffmpeg_report
from .files import replacing
from .models import Chapter, EpisodeTags, SpokenSegment, TimedSentence

SAMPLE_RATE = 44_100
"""Podcast apps and Apple's guidelines expect 44.1 kHz."""
BITRATE = "96k"
"""Mono speech at 96 kb/s: clear, and about 0.7 MB a minute."""
TARGET_LUFS = -19.0
"""Integrated loudness for mono speech (AES TD1004: -16 LUFS stereo, -19 mono)."""
LIMIT_DBFS = -2.5
"""Sample-peak ceiling of the limiter before MP3 encoding: leaves room for the peaks between
samples and the encoder's overshoot, so the file stays at or below -1 dBTP."""
MIN_LEVELLED_MS = 1_000
"""Shorter segments are too short to measure: they keep their level."""

SILENCE_LUFS = -69.0
"""ebur128 reports -70 LUFS for silence: nothing to bring up."""
_INTEGRATED = re.compile(r"I:\s+(-?[\d.]+|-inf) LUFS")

ISO_639_2 = {"fr": "fra", "en": "eng", "de": "deu", "es": "spa", "it": "ita"}


class _PlaybackOrderID3(ID3):
    """ID3 that writes frames in the order they were added.

    mutagen sorts frames by size before writing, which scatters CHAP frames; players
    such as ffprobe list chapters in file order, and the chapter addendum wants them
    in playback order. The tag is always built fresh here, so it has no unknown frames.
    """

    def _write(self, config: object) -> bytes:
        return b"".join(save_frame(frame, config=config) for frame in self.values())


@dataclass(frozen=True)
class Track:
    """An episode's audio before encoding: mono float samples at SAMPLE_RATE, free to exceed
    full scale until the limiter, so that no gain ever clips."""

    samples: np.ndarray

    @property
    def duration_ms(self) -> int:
        return round(len(self.samples) * 1000 / SAMPLE_RATE)


def integrated_loudness(samples: np.ndarray, rate: int = SAMPLE_RATE) -> float:
    """EBU R128 / ITU-R BS.1770 integrated loudness in LUFS, from ffmpeg's ebur128 filter;
    -inf for silence or audio under 0.4 s."""
    if len(samples) < 0.4 * rate:
        return -math.inf
    report = run_ffmpeg_report(
        ["-f", "f32le", "-ar", str(rate), "-ac", "1", "-i", "pipe:0", "-af", "ebur128=framelog=quiet", "-f", "null", "-"],
        input_bytes=samples.astype("<f4").tobytes(),
    )
    match = _INTEGRATED.search(report[report.rfind("Summary:"):])
    value = float(match.group(1)) if match else -math.inf
    return value if value > SILENCE_LUFS else -math.inf


def _samples(audio: AudioSegment) -> np.ndarray:
    """Mono float samples at SAMPLE_RATE, in [-1, 1]."""
    audio = audio.set_channels(1).set_frame_rate(SAMPLE_RATE).set_sample_width(2)
    return np.frombuffer(audio.raw_data, dtype=np.int16).astype(np.float32) / 32768


def chapter_signal() -> np.ndarray:
    """A short, soft two-note chime that marks a new chapter (off unless asked for)."""
    notes = [Sine(frequency, sample_rate=SAMPLE_RATE).to_audio_segment(duration=110, volume=-24) for frequency in (660, 880)]
    gap = AudioSegment.silent(duration=50, frame_rate=SAMPLE_RATE)
    return _samples(notes[0].fade_in(15).fade_out(30) + gap + notes[1].fade_in(15).fade_out(40))


def join_segments(
    spoken: Sequence[SpokenSegment], gap_ms: int, signal: np.ndarray | None = None, *, level: bool = True
) -> tuple[Track, tuple[Chapter, ...]]:
    """One track of the segments with ``gap_ms`` between them, and a chapter per segment.

    With ``level``, each segment is first brought to TARGET_LUFS, so that intro, article and
    outro (even in two voices) sound equally loud. Chapters start at 0 and cover the track
    without gaps: each pause (and the optional ``signal``, centred in it) belongs to the
    chapter before it. Sentence times become times from the start of the track.
    """
    pieces: list[np.ndarray] = []
    starts: list[int] = []
    position = 0
    for index, part in enumerate(spoken):
        if index:
            pause = np.zeros(round(gap_ms * SAMPLE_RATE / 1000), dtype=np.float32)
            if signal is not None and len(signal) < len(pause):
                offset = (len(pause) - len(signal)) // 2
                pause[offset:offset + len(signal)] = signal
            pieces.append(pause)
            position += len(pause)
        samples = _samples(part.audio)
        loudness = integrated_loudness(samples) if level and len(samples) >= MIN_LEVELLED_MS * SAMPLE_RATE / 1000 else -math.inf
        if math.isfinite(loudness):
            samples = samples * np.float32(10 ** ((TARGET_LUFS - loudness) / 20))
        starts.append(position)
        pieces.append(samples)
        position += len(samples)
    track = Track(np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32))
    starts_ms = [round(start * 1000 / SAMPLE_RATE) for start in starts]
    ends_ms = [*starts_ms[1:], track.duration_ms]
    chapters = tuple(
        Chapter(
            title=part.segment.title, start_ms=start, end_ms=end, url=part.segment.url,
            sentences=tuple(
                TimedSentence(s.text, start + s.start_ms, start + s.end_ms, s.paragraph) for s in part.sentences
            ),
        )
        for part, start, end in zip(spoken, starts_ms, ends_ms)
    )
    return track, chapters


def write_episode(
    track: Track, chapters: Sequence[Chapter], tags: EpisodeTags, destination: Path, transcript: str = ""
) -> None:
    """Encode ``track`` at podcast loudness to MP3 at ``destination``, with tags, chapters and
    the transcript, replacing any previous file atomically."""
    with replacing(destination) as temporary:
        _encode_mp3(track, temporary, destination.name)
        write_tags(temporary, chapters, tags, transcript)


def write_mp3(track: Track, destination: Path) -> None:
    """Encode ``track`` at podcast loudness to a plain MP3 at ``destination``, replacing it atomically."""
    with replacing(destination) as temporary:
        _encode_mp3(track, temporary, destination.name)


def _encode_mp3(track: Track, path: Path, name: str) -> None:
    """One ffmpeg run: the gain that brings the whole track to TARGET_LUFS, a limiter that keeps
    its peaks under LIMIT_DBFS (so true peaks stay below -1 dBTP once encoded), then MP3."""
    samples = track.samples
    loudness = integrated_loudness(samples)
    if math.isfinite(loudness):
        samples = samples * np.float32(10 ** ((TARGET_LUFS - loudness) / 20))
    limiter = f"alimiter=limit={10 ** (LIMIT_DBFS / 20):.4f}:attack=2:release=40:level=false"
    try:
        run_ffmpeg(
            [
                "-f", "f32le", "-ar", str(SAMPLE_RATE), "-ac", "1", "-i", "pipe:0", "-af", limiter,
                "-ar", str(SAMPLE_RATE), "-ac", "1", "-c:a", "libmp3lame", "-b:a", BITRATE, "-id3v2_version", "0",
                "-f", "mp3", "-y", str(path),
            ],
            input_bytes=samples.astype("<f4").tobytes(),
        )
    except AudioError as error:
        raise AudioError(f"encoding {name} to MP3 failed: {error}") from error


def write_tags(path: Path, chapters: Sequence[Chapter], tags: EpisodeTags, transcript: str = "") -> None:
    """ID3v2.3 tags and CHAP frames under one ordered top-level CTOC, in chronological order.

    The file must carry no ID3 tag yet (we ask ffmpeg to write none).
    """
    id3 = _PlaybackOrderID3()
    id3.add(TIT2(encoding=3, text=[tags.title]))
    id3.add(TPE1(encoding=3, text=[tags.artist]))
    id3.add(TALB(encoding=3, text=[tags.album]))
    id3.add(TCON(encoding=3, text=["Podcast"]))
    id3.add(TLAN(encoding=3, text=[ISO_639_2.get(tags.language, tags.language)]))
    language = ISO_639_2.get(tags.language, "fra")  # COMM and USLT need a three-letter code
    if tags.date:
        id3.add(TDRC(encoding=3, text=[tags.date.strftime("%Y-%m-%dT%H:%M")]))
    if tags.source_url:
        id3.add(WOAS(url=tags.source_url))
        id3.add(COMM(encoding=3, lang=language, desc="", text=[f"Source : {tags.source_url}"]))
    ids = [f"chp{index}" for index in range(len(chapters))]
    id3.add(
        CTOC(
            element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids,
            sub_frames=[TIT2(encoding=3, text=[tags.title])],
        )
    )
    for element_id, chapter in zip(ids, chapters):
        id3.add(
            CHAP(
                element_id=element_id, start_time=chapter.start_ms, end_time=chapter.end_ms,
                start_offset=0xFFFFFFFF, end_offset=0xFFFFFFFF,
                sub_frames=[TIT2(encoding=3, text=[chapter.title])]
                + ([WXXX(encoding=3, desc="chapter url", url=chapter.url)] if chapter.url else []),
            )
        )
    if transcript:
        id3.add(USLT(encoding=3, lang=language, desc="", text=transcript))
    if tags.cover:  # last, as pictures are large: players find the chapters sooner
        mime = "image/png" if tags.cover.suffix.lower() == ".png" else "image/jpeg"
        id3.add(APIC(encoding=3, mime=mime, type=3, desc="Cover", data=tags.cover.read_bytes()))
    id3.save(path, v2_version=3)
