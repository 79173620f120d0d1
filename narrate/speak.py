"""Speak segments: normalise each sentence, synthesise it, and lay pauses between them.

Sentences are synthesised one by one, so the time of each is known exactly; transcripts
and chapters are built from those times.
"""

from __future__ import annotations

from dataclasses import dataclass

from .ffmpeg import AudioSegment
from .models import Segment, SpokenSegment, TimedSentence
from .normalize import normalize
from .speech import Voice


@dataclass(frozen=True)
class Pacing:
    """Silences, in milliseconds, that let a listener hear the structure."""

    sentence_ms: int = 350
    paragraph_ms: int = 750
    chapter_ms: int = 1200
    """Between segments; laid by the assembly stage."""


def speak_segment(segment: Segment, voice: Voice, language: str, pacing: Pacing) -> SpokenSegment:
    """``segment`` spoken by ``voice``, with sentence and paragraph pauses but none after it."""
    clips = voice.engine.synthesize([normalize(sentence, language, voice.lexicon) for sentence in segment.sentences])
    frame_rate = clips[0].frame_rate if clips else 24_000
    audio = AudioSegment.silent(duration=0, frame_rate=frame_rate)
    timed = []
    clip_iter = iter(clips)
    for paragraph_index, paragraph in enumerate(segment.paragraphs):
        if paragraph_index:
            audio += AudioSegment.silent(duration=pacing.paragraph_ms, frame_rate=frame_rate)
        for sentence_index, text in enumerate(paragraph):
            if sentence_index:
                audio += AudioSegment.silent(duration=pacing.sentence_ms, frame_rate=frame_rate)
            start = len(audio)
            audio += next(clip_iter)
            timed.append(TimedSentence(text=text, start_ms=start, end_ms=len(audio)))
    return SpokenSegment(segment=segment, audio=audio, sentences=tuple(timed))
