"""Assemble spoken segments into one MP3 episode: levelled to podcast loudness, with ID3 tags,
chapter markers and the transcript."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from mutagen.id3 import APIC, CHAP, COMM, CTOC, ID3, TALB, TCON, TDRC, TIT2, TLAN, TPE1, USLT, WOAS, CTOCFlags
from mutagen.id3._tags import save_frame
from pydub.generators import Sine

from .errors import AudioError
from .ffmpeg import AudioSegment, loudness, run_ffmpeg
from .files import replacing
from .models import Chapter, SpokenSegment, TimedSentence

SAMPLE_RATE = 44_100
"""Podcast apps and Apple's guidelines expect 44.1 kHz."""
BITRATE = "96k"
"""Mono speech at 96 kb/s: clear, and about 0.7 MB a minute."""
TARGET_LUFS = -19.0
"""Integrated loudness for mono speech (AES TD1004: -16 LUFS stereo, -19 mono)."""
TARGET_TRUE_PEAK = -1.5
"""True-peak ceiling before MP3 encoding, so the encoded file stays at or below -1 dBTP."""
MIN_LEVELLED_MS = 1_000
"""Shorter segments are too short to measure: they keep their level."""

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
class EpisodeTags:
    """What the MP3 says about itself, for players that show it."""

    title: str
    artist: str
    album: str
    language: str
    date: datetime | None = None
    source_url: str | None = None
    cover: Path | None = None


def level_segments(spoken: Sequence[SpokenSegment]) -> list[SpokenSegment]:
    """Each segment brought to TARGET_LUFS, so intro, article and outro sound equally loud."""
    levelled = []
    for part in spoken:
        if len(part.audio) >= MIN_LEVELLED_MS:
            measured = loudness(part.audio, target_lufs=TARGET_LUFS, true_peak=TARGET_TRUE_PEAK)["input_i"]
            if math.isfinite(measured):
                part = replace(part, audio=part.audio.apply_gain(TARGET_LUFS - measured))
        levelled.append(part)
    return levelled


def chapter_signal() -> AudioSegment:
    """A short, soft two-note chime that marks a new chapter (off unless asked for)."""
    notes = [Sine(frequency, sample_rate=SAMPLE_RATE).to_audio_segment(duration=110, volume=-24) for frequency in (660, 880)]
    gap = AudioSegment.silent(duration=50, frame_rate=SAMPLE_RATE)
    return (notes[0].fade_in(15).fade_out(30) + gap + notes[1].fade_in(15).fade_out(40)).set_channels(1)


def join_segments(
    spoken: Sequence[SpokenSegment], gap_ms: int, signal: AudioSegment | None = None
) -> tuple[AudioSegment, tuple[Chapter, ...]]:
    """One mono track of the segments with ``gap_ms`` between them, and a chapter per segment.

    Chapters start at 0 and cover the track without gaps: each pause (and the optional
    ``signal``, centred in it) belongs to the chapter before it. Sentence times become
    times from the start of the track.
    """
    track = AudioSegment.silent(duration=0, frame_rate=SAMPLE_RATE)
    starts = []
    for index, part in enumerate(spoken):
        if index:
            pause = AudioSegment.silent(duration=gap_ms, frame_rate=SAMPLE_RATE)
            if signal is not None and len(signal) < gap_ms:
                pause = pause.overlay(signal, position=(gap_ms - len(signal)) // 2)
            track += pause
        starts.append(len(track))
        track += part.audio.set_channels(1).set_frame_rate(SAMPLE_RATE).set_sample_width(2)
    ends = [*starts[1:], len(track)]
    chapters = tuple(
        Chapter(
            title=part.segment.title, start_ms=start, end_ms=end,
            sentences=tuple(
                TimedSentence(s.text, start + s.start_ms, start + s.end_ms, s.paragraph) for s in part.sentences
            ),
        )
        for part, start, end in zip(spoken, starts, ends)
    )
    return track, chapters


def write_episode(
    track: AudioSegment, chapters: Sequence[Chapter], tags: EpisodeTags, destination: Path, transcript: str = ""
) -> None:
    """Encode ``track`` at podcast loudness to MP3 at ``destination``, with tags, chapters and
    the transcript, replacing any previous file atomically."""
    with replacing(destination) as temporary:
        _encode_mp3(track, temporary, destination.name, normalise=True)
        write_tags(temporary, chapters, tags, transcript)


def write_mp3(track: AudioSegment, destination: Path) -> None:
    """Encode ``track`` at podcast loudness to a plain MP3 at ``destination``, replacing it atomically."""
    with replacing(destination) as temporary:
        _encode_mp3(track, temporary, destination.name, normalise=True)


def _encode_mp3(track: AudioSegment, path: Path, name: str, *, normalise: bool) -> None:
    """MP3 through ffmpeg; with ``normalise``, two-pass loudnorm: measure, then a linear gain to the target."""
    filters = []
    if normalise and len(track) >= MIN_LEVELLED_MS:
        measured = loudness(track, target_lufs=TARGET_LUFS, true_peak=TARGET_TRUE_PEAK)
        if math.isfinite(measured["input_i"]):
            filters = ["-af", (
                f"loudnorm=I={TARGET_LUFS}:TP={TARGET_TRUE_PEAK}:LRA=11:measured_I={measured['input_i']}"
                f":measured_TP={measured['input_tp']}:measured_LRA={measured['input_lra']}"
                f":measured_thresh={measured['input_thresh']}:offset={measured['target_offset']}"
                ":linear=true:print_format=none"
            )]
    try:
        run_ffmpeg(
            [
                "-f", "s16le", "-ar", str(track.frame_rate), "-ac", str(track.channels), "-i", "pipe:0", *filters,
                "-ar", str(SAMPLE_RATE), "-ac", "1", "-c:a", "libmp3lame", "-b:a", BITRATE, "-id3v2_version", "0",
                "-f", "mp3", "-y", str(path),
            ],
            input_bytes=track.set_sample_width(2).raw_data,
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
    if tags.date:
        id3.add(TDRC(encoding=3, text=[tags.date.strftime("%Y-%m-%dT%H:%M")]))
    if tags.source_url:
        id3.add(WOAS(url=tags.source_url))
        id3.add(COMM(encoding=3, lang=ISO_639_2.get(tags.language, "fra"), desc="", text=[f"Source : {tags.source_url}"]))
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
                sub_frames=[TIT2(encoding=3, text=[chapter.title])],
            )
        )
    if transcript:
        id3.add(USLT(encoding=3, lang=ISO_639_2.get(tags.language, "fra"), desc="", text=transcript))
    if tags.cover:  # last, as pictures are large: players find the chapters sooner
        mime = "image/png" if tags.cover.suffix.lower() == ".png" else "image/jpeg"
        id3.add(APIC(encoding=3, mime=mime, type=3, desc="Cover", data=tags.cover.read_bytes()))
    id3.save(path, v2_version=3)
