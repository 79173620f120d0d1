"""Assemble spoken segments into one MP3 episode with ID3 tags and chapter markers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from mutagen.id3 import APIC, CHAP, COMM, CTOC, ID3, TALB, TCON, TDRC, TIT2, TLAN, TPE1, WOAS, CTOCFlags
from mutagen.id3._tags import save_frame

from .errors import AudioError
from .ffmpeg import AudioSegment
from .files import replacing
from .models import Chapter, SpokenSegment

SAMPLE_RATE = 44_100
"""Podcast apps and Apple's guidelines expect 44.1 kHz."""
BITRATE = "96k"
"""Mono speech at 96 kb/s: clear, and about 0.7 MB a minute."""

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


def join_segments(spoken: Sequence[SpokenSegment], gap_ms: int) -> tuple[AudioSegment, tuple[Chapter, ...]]:
    """One mono track of the segments with ``gap_ms`` between them, and a chapter per segment.

    Chapters start at 0 and cover the track without gaps: each pause belongs to the chapter before it.
    """
    track = AudioSegment.silent(duration=0, frame_rate=SAMPLE_RATE)
    starts = []
    for index, part in enumerate(spoken):
        if index:
            track += AudioSegment.silent(duration=gap_ms, frame_rate=SAMPLE_RATE)
        starts.append(len(track))
        track += part.audio.set_channels(1).set_frame_rate(SAMPLE_RATE)
    ends = [*starts[1:], len(track)]
    chapters = tuple(
        Chapter(title=part.segment.title, start_ms=start, end_ms=end) for part, start, end in zip(spoken, starts, ends)
    )
    return track, chapters


def write_episode(track: AudioSegment, chapters: Sequence[Chapter], tags: EpisodeTags, destination: Path) -> None:
    """Encode ``track`` to MP3 at ``destination`` with tags and chapters, replacing it atomically."""
    with replacing(destination) as temporary:
        _encode_mp3(track, temporary, destination.name)
        write_tags(temporary, chapters, tags)


def write_mp3(track: AudioSegment, destination: Path) -> None:
    """Encode ``track`` to a plain MP3 at ``destination``, replacing it atomically."""
    with replacing(destination) as temporary:
        _encode_mp3(track, temporary, destination.name)


def _encode_mp3(track: AudioSegment, path: Path, name: str) -> None:
    try:
        track.export(
            path, format="mp3", bitrate=BITRATE,
            parameters=["-ac", "1", "-ar", str(SAMPLE_RATE), "-id3v2_version", "0"],
        )
    except Exception as error:  # pydub raises CouldntEncodeError or OSError, with ffmpeg's stderr
        raise AudioError(f"encoding {name} to MP3 failed: {error}") from error


def write_tags(path: Path, chapters: Sequence[Chapter], tags: EpisodeTags) -> None:
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
    if tags.cover:  # last, as pictures are large: players find the chapters sooner
        mime = "image/png" if tags.cover.suffix.lower() == ".png" else "image/jpeg"
        id3.add(APIC(encoding=3, mime=mime, type=3, desc="Cover", data=tags.cover.read_bytes()))
    id3.save(path, v2_version=3)
