"""Speak segments: normalise each sentence, synthesise what is not cached, lay the pauses.

Sentences are synthesised one by one (each engine call returns one clip per sentence), so
the time of each sentence in the episode is known exactly; transcripts and chapters are
built from those times. All the sentences a voice has to say in one call go to its engine
together, so an online engine can send them concurrently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .errors import AudioError
from .clip import AudioSegment
from .models import Segment, SpeechStats, SpokenSegment, TimedSentence
from .normalize import normalize
from .speech import Voice
from .speech.cache import SpeechCache


SAMPLE_BYTES = 2
"""Segments are 16-bit mono PCM."""


@dataclass(frozen=True)
class Pacing:
    """Silences, in milliseconds, that let a listener hear the structure."""

    sentence_ms: int = 350
    paragraph_ms: int = 750
    chapter_ms: int = 1000
    """Between segments; laid by the assembly stage."""


def speak_segments(
    parts: Sequence[tuple[Segment, Voice]], language: str, pacing: Pacing,
    cache: SpeechCache | None = None, stats: SpeechStats | None = None,
) -> list[SpokenSegment]:
    """Each segment spoken by its voice, with sentence and paragraph pauses but none after it."""
    stats = stats if stats is not None else SpeechStats()
    clips: dict[tuple[int, int], AudioSegment] = {}
    spoken: dict[tuple[int, int], str] = {}
    voices = {id(voice): voice for _, voice in parts}
    for voice_id, voice in voices.items():
        wanted = [
            (segment_index, sentence_index, normalize(sentence, language, voice.lexicon))
            for segment_index, (segment, segment_voice) in enumerate(parts) if id(segment_voice) == voice_id
            for sentence_index, sentence in enumerate(segment.sentences)
        ]
        identity = voice.engine.identity  # a Piper identity stats and hashes the model file
        keys = [SpeechCache.key(identity, text) for _, _, text in wanted]
        missing = []
        for (segment_index, sentence_index, text), key in zip(wanted, keys):
            spoken[segment_index, sentence_index] = text
            audio = cache.get(key) if cache else None
            if audio is None:
                missing.append((segment_index, sentence_index, text, key))
            else:
                clips[segment_index, sentence_index] = audio
        to_say = {key: text for _, _, text, key in missing}  # a sentence heard twice is spoken once
        stats.cached += len(wanted) - len(missing)
        stats.spoken += len(to_say)
        fresh = dict(zip(to_say, voice.engine.synthesize(list(to_say.values())))) if to_say else {}
        if cache:
            fresh = {key: cache.put(key, audio) for key, audio in fresh.items()}
        for segment_index, sentence_index, _, key in missing:
            clips[segment_index, sentence_index] = fresh[key]
    return [
        _lay_out(
            segment, [clips[index, n] for n in range(len(segment.sentences))],
            [spoken[index, n] for n in range(len(segment.sentences))], pacing,
        )
        for index, (segment, _) in enumerate(parts)
    ]


def _lay_out(segment: Segment, clips: list[AudioSegment], spoken: list[str], pacing: Pacing) -> SpokenSegment:
    """The segment's clips with their pauses, in one piece of audio, and each sentence's time.

    The samples are gathered and joined once: adding clips one by one with pydub copies the
    whole segment each time, which made a segment of 800 sentences take a minute.
    """
    frame_rate = clips[0].frame_rate if clips else 24_000
    pieces: list[bytes] = []
    frames = 0
    timed = []
    clip_iter = iter(clips)
    said = iter(spoken)

    def add(data: bytes) -> None:
        nonlocal frames
        pieces.append(data)
        frames += len(data) // SAMPLE_BYTES

    def milliseconds() -> int:
        return round(frames * 1000 / frame_rate)

    for paragraph_index, paragraph in enumerate(segment.paragraphs):
        if paragraph_index:
            add(_silence(pacing.paragraph_ms, frame_rate))
        for sentence_index, text in enumerate(paragraph):
            if sentence_index:
                add(_silence(pacing.sentence_ms, frame_rate))
            start = milliseconds()
            clip = next(clip_iter)
            if clip.frame_rate != frame_rate:  # one voice speaks a segment, at one rate
                raise AudioError(f"a clip at {clip.frame_rate} Hz among clips at {frame_rate} Hz; the voice changed its rate")
            add(clip.set_channels(1).set_sample_width(SAMPLE_BYTES).raw_data)
            timed.append(TimedSentence(text, start, milliseconds(), paragraph_index, next(said)))
    audio = AudioSegment(data=b"".join(pieces), sample_width=SAMPLE_BYTES, frame_rate=frame_rate, channels=1)
    return SpokenSegment(segment=segment, audio=audio, sentences=tuple(timed))


def _silence(milliseconds: int, frame_rate: int) -> bytes:
    return bytes(int(frame_rate * milliseconds / 1000.0) * SAMPLE_BYTES)
