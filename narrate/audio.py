"""Assemble spoken segments into one MP3 episode: levelled to podcast loudness, with ID3 tags,
chapter markers and the transcript."""

from __future__ import annotations

import math
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from mutagen.id3 import APIC, CHAP, COMM, CTOC, ID3, TALB, TCON, TDRC, TIT2, TLAN, TPE1, TXXX, USLT, WOAS, WXXX, CTOCFlags
from mutagen.id3._tags import save_frame

import lameenc
import numpy as np
import soxr

from .errors import AudioError
from .clip import AudioSegment, Sine
from .files import replacing
from .levels import integrated_loudness, peak_gains
from .locales import words_for
from .models import Chapter, EpisodeTags, SpokenSegment, TimedSentence

SAMPLE_RATE = 44_100
"""Podcast apps and Apple's guidelines expect 44.1 kHz."""
BITRATE_KBPS = 96
"""Mono speech at 96 kb/s: clear, and about 0.7 MB a minute."""
LAME_QUALITY = 3
"""LAME's own default (2 is "near best" and 60% slower; 7 skips the psychoacoustic model)."""
TARGET_LUFS = -19.0
"""Integrated loudness for mono speech (AES TD1004: -16 LUFS stereo, -19 mono)."""
LIMIT_DBFS = -2.5
"""Sample-peak ceiling of the limiter before MP3 encoding: leaves room for the peaks between
samples and the encoder's overshoot, so the file stays at or below -1 dBTP."""
PIECE_SAMPLES = 1 << 16
"""Samples converted, resampled or handed to LAME at once: copies of a few hundred kB rather
than of the whole episode."""
RESAMPLER_SLACK = 64
"""Samples allowed beyond the exact length of a converted segment: soxr rounds either way."""
FRAME_SAMPLES = 1152
"""Samples in an MPEG-1 Layer III frame: LAME's unit, and its codec delay."""
SILENT_FRAMES_AROUND_CUT = 2
"""Frames of digital silence an encoding part needs on each side of a cut so that none of
the audio's frames overlap it: the cut cannot be heard."""
MIN_LEVELLED_MS = 1_000
"""Shorter segments are too short to measure: they keep their level."""

ISO_639_2 = {"fr": "fra", "en": "eng", "de": "deu", "es": "spa", "it": "ita"}
"""What the ID3 comment says before the article's address, as the episode's language writes it."""


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


def _place(audio: AudioSegment, into: np.ndarray, at: int) -> int:
    """Write ``audio`` into ``into`` from ``at`` as mono float samples at SAMPLE_RATE, in [-1, 1],
    a piece at a time, and return how many were written. Other rates are converted with soxr,
    whose filters keep the voice clean where linear interpolation would add a hiss."""
    audio = audio.set_channels(1).set_sample_width(2)
    pcm = np.frombuffer(audio.raw_data, dtype=np.int16)
    resampler = soxr.ResampleStream(audio.frame_rate, SAMPLE_RATE, 1) if audio.frame_rate != SAMPLE_RATE else None
    written = at
    for start in range(0, len(pcm), PIECE_SAMPLES):
        piece = pcm[start:start + PIECE_SAMPLES].astype(np.float32) / 32768
        if resampler is not None:
            piece = resampler.resample_chunk(piece, last=start + PIECE_SAMPLES >= len(pcm))
        into[written:written + len(piece)] = piece
        written += len(piece)
    return written - at


def _room_for(audio: AudioSegment) -> int:
    """Samples enough for ``audio`` at SAMPLE_RATE, whatever soxr rounds."""
    return math.ceil(audio.frame_count() * SAMPLE_RATE / audio.frame_rate) + RESAMPLER_SLACK


def _samples(audio: AudioSegment) -> np.ndarray:
    """Mono float samples of ``audio`` at SAMPLE_RATE."""
    room = np.empty(_room_for(audio), dtype=np.float32)
    return room[:_place(audio, room, 0)]


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
    gap = round(gap_ms * SAMPLE_RATE / 1000)
    room = np.zeros(sum(_room_for(part.audio) for part in spoken) + gap * max(len(spoken) - 1, 0), dtype=np.float32)
    starts: list[int] = []
    position = 0
    for index, part in enumerate(spoken):
        if index:
            if signal is not None and len(signal) < gap:
                offset = position + (gap - len(signal)) // 2
                room[offset:offset + len(signal)] = signal
            position += gap
        starts.append(position)
        length = _place(part.audio, room, position)
        samples = room[position:position + length]  # a view: levelled in place
        loudness = integrated_loudness(samples, SAMPLE_RATE) if level and length >= MIN_LEVELLED_MS * SAMPLE_RATE / 1000 else -math.inf
        if math.isfinite(loudness):
            samples *= np.float32(10 ** ((TARGET_LUFS - loudness) / 20))
        position += length
    track = Track(room[:position])
    starts_ms = [round(start * 1000 / SAMPLE_RATE) for start in starts]
    ends_ms = [*starts_ms[1:], track.duration_ms]
    chapters = tuple(
        Chapter(
            title=part.segment.title, start_ms=start, end_ms=end, url=part.segment.url, kind=part.segment.kind,
            sentences=tuple(
                TimedSentence(s.text, start + s.start_ms, start + s.end_ms, s.paragraph, s.spoken) for s in part.sentences
            ),
        )
        for part, start, end in zip(spoken, starts_ms, ends_ms)
    )
    return track, chapters


def write_episode(
    track: Track, chapters: Sequence[Chapter], tags: EpisodeTags, destination: Path, transcript: str = "",
    *, cores: int = 1,
) -> None:
    """Encode ``track`` at podcast loudness to MP3 at ``destination``, with tags, chapters and
    the transcript, replacing any previous file atomically; the encoding may use ``cores``."""
    with replacing(destination) as temporary:
        _encode_mp3(track, temporary, destination.name, cores)
        write_tags(temporary, chapters, tags, transcript)


def write_mp3(track: Track, destination: Path, *, cores: int = 1) -> None:
    """Encode ``track`` at podcast loudness to a plain MP3 at ``destination``, replacing it atomically."""
    with replacing(destination) as temporary:
        _encode_mp3(track, temporary, destination.name, cores)


def _encode_mp3(track: Track, path: Path, name: str, cores: int) -> None:
    """The gain that brings the whole track to TARGET_LUFS, a limiter that keeps its peaks under
    LIMIT_DBFS (so true peaks stay below -1 dBTP once encoded), then LAME, in this process:
    in as many parts as ``cores``, cut in silences, when the track has such silences."""
    loudness = integrated_loudness(track.samples, SAMPLE_RATE)
    pcm = _pcm16(track.samples, 10 ** ((TARGET_LUFS - loudness) / 20) if math.isfinite(loudness) else 1.0)
    try:
        path.write_bytes(_encode_in_parts(pcm, _silent_cuts(pcm, cores)))
    except RuntimeError as error:
        raise AudioError(f"encoding {name} to MP3 failed: {error}") from error


def _pcm16(samples: np.ndarray, gain: float) -> np.ndarray:
    """16-bit ``samples`` × ``gain``, their peaks limited to LIMIT_DBFS, made a piece at a time:
    the episode's audio is never copied whole as floats."""
    scale = np.float32(gain * 32767)
    pcm = np.empty(len(samples), dtype="<i2")
    for start in range(0, len(samples), PIECE_SAMPLES):
        pcm[start:start + PIECE_SAMPLES] = np.rint(samples[start:start + PIECE_SAMPLES] * scale)
    for start, end, turn_down in peak_gains(samples, 10 ** (LIMIT_DBFS / 20) / gain, SAMPLE_RATE):
        pcm[start:end] = np.rint(samples[start:end] * turn_down * scale)
    return pcm


def _encode_in_parts(pcm: np.ndarray, cuts: list[int]) -> bytes:
    """LAME on each part between ``cuts``, in threads (LAME lets go of the GIL), joined.

    Each part is a stream of its own: it starts FRAME_SAMPLES of codec delay late and ends
    on a padded frame. A part cut at a multiple of FRAME_SAMPLES ends exactly one frame after
    its audio, so the next part leaves out that frame's worth of its leading silence and every
    sample plays when it would in one stream. Should LAME pad otherwise, one stream it is.
    """
    if not cuts:
        return _lame(pcm)
    bounds = [0, *cuts, len(pcm)]
    parts = [pcm[start + (FRAME_SAMPLES if index else 0):end] for index, (start, end) in enumerate(zip(bounds, bounds[1:]))]
    with ThreadPoolExecutor(max_workers=len(parts)) as pool:
        encoded = list(pool.map(_lame, parts))
    frame_bytes = 144 * BITRATE_KBPS * 1000 / SAMPLE_RATE
    for part, mp3 in zip(parts[:-1], encoded):
        if round(len(mp3) / frame_bytes) != len(part) // FRAME_SAMPLES + 1:
            return _lame(pcm)
    return b"".join(encoded)


def _lame(pcm: np.ndarray) -> bytes:
    """One MP3 stream of ``pcm``, handed to LAME a piece at a time (it takes bytes, a copy)."""
    encoder = lameenc.Encoder()
    encoder.set_channels(1)
    encoder.set_in_sample_rate(SAMPLE_RATE)
    encoder.set_out_sample_rate(SAMPLE_RATE)
    encoder.set_bit_rate(BITRATE_KBPS)
    encoder.set_quality(LAME_QUALITY)
    mp3 = bytearray()
    for start in range(0, max(len(pcm), 1), PIECE_SAMPLES):  # once at least: LAME starts on the first call
        mp3 += encoder.encode(pcm[start:start + PIECE_SAMPLES].tobytes())
    mp3 += encoder.flush()
    return bytes(mp3)


def _silent_cuts(pcm: np.ndarray, cores: int) -> list[int]:
    """Where to cut ``pcm`` into (at most) ``cores`` parts of about equal length: multiples of
    FRAME_SAMPLES inside silences long enough that LAME's frames on either side hear nothing."""
    if cores < 2:
        return []
    bound = np.zeros(1, dtype=np.int8)
    edges = np.flatnonzero(np.diff(np.concatenate((bound, (pcm == 0).view(np.int8), bound))))  # silences start, end
    before, after = SILENT_FRAMES_AROUND_CUT * FRAME_SAMPLES, (SILENT_FRAMES_AROUND_CUT + 1) * FRAME_SAMPLES
    firsts = -(-(edges[::2] + before) // FRAME_SAMPLES) * FRAME_SAMPLES  # earliest cut in each silence
    lasts = (edges[1::2] - after) // FRAME_SAMPLES * FRAME_SAMPLES  # and latest
    long_enough = firsts <= lasts
    firsts, lasts = firsts[long_enough], lasts[long_enough]
    cuts: list[int] = []
    for index in range(1, cores if len(firsts) else 1):
        ideal = round(len(pcm) * index / cores / FRAME_SAMPLES) * FRAME_SAMPLES
        candidates = np.clip(ideal, firsts, lasts)
        cut = int(candidates[np.argmin(np.abs(candidates - ideal))])
        if not cuts or cut >= cuts[-1] + 2 * FRAME_SAMPLES:  # each part holds a frame at least
            cuts.append(cut)
    return cuts


def write_tags(path: Path, chapters: Sequence[Chapter], tags: EpisodeTags, transcript: str = "") -> None:
    """ID3v2.3 tags and CHAP frames under one ordered top-level CTOC, in chronological order.

    The file must carry no ID3 tag yet (LAME writes none).
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
        label = words_for(tags.language)["source_label"]
        id3.add(COMM(encoding=3, lang=language, desc="", text=[f"{label} {tags.source_url}"]))
    if tags.narrator:  # a synthetic voice, declared where machines read it (and said in the credits)
        id3.add(TXXX(encoding=3, desc="SYNTHETIC_VOICE", text=[tags.narrator]))
        narrator = words_for(tags.language)["narrator"].format(engine=tags.narrator)
        id3.add(COMM(encoding=3, lang=language, desc="narrator", text=[narrator]))
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
