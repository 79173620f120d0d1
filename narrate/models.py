"""The small data model passed from one pipeline stage to the next.

Data flows one way: Article -> Summary -> Script -> SpokenSegment -> Chapter -> TimedDocument,
from which every output of an episode is rendered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # pydub is imported by the stages that make audio, not by the model
    from pydub import AudioSegment


@dataclass(frozen=True)
class Article:
    """An article as written, stripped of everything that is not its text."""

    source: str
    """The identity of the document it was read from ("a.txt", "fetched/…"): see sources."""
    title: str
    paragraphs: tuple[str, ...]
    """Body paragraphs in order; no byline, dateline, caption or publisher's appeal."""
    author: str | None = None
    published: datetime | None = None
    """Publication time, timezone-aware when known."""
    language: str = "fr"
    """ISO 639-1 code of the article's language."""
    url: str | None = None
    """Where the article was published, when the input says so."""
    origin: str = ""
    """Where it was read from, as messages name it (a path)."""
    image: str | None = None
    """The article's picture (an http(s) address), when its page or its feed gives one."""


@dataclass(frozen=True)
class Summary:
    """The sentences chosen to stand for the article, in article order."""

    sentences: tuple[str, ...]


SegmentKind = Literal["intro", "summary", "article", "digest-item", "outro", "text"]
"""What a spoken part is: "text" is a text spoken alone (``narrate speak``)."""
EpisodeKind = Literal["article", "digest"]


@dataclass(frozen=True)
class Segment:
    """One spoken part of an episode; each becomes a chapter."""

    kind: SegmentKind
    title: str
    """The chapter title, in the article's language."""
    paragraphs: tuple[tuple[str, ...], ...]
    """Sentences grouped by paragraph, as written (not yet normalised)."""
    url: str | None = None
    """A page the chapter links to: in a digest, the article's own episode."""

    @property
    def sentences(self) -> tuple[str, ...]:
        """Every sentence of the segment in order."""
        return tuple(sentence for paragraph in self.paragraphs for sentence in paragraph)


@dataclass(frozen=True)
class Script:
    """What will be said, segment by segment, for one article."""

    article: Article
    summary: Summary
    segments: tuple[Segment, ...]
    """The intro first, the outro last, and between them the body."""

    @property
    def intro(self) -> Segment:
        return self.segments[0]

    @property
    def body(self) -> tuple[Segment, ...]:
        """Everything after the intro, the outro included: what is spoken before the intro,
        whose length it then says."""
        return self.segments[1:]


@dataclass(frozen=True)
class TimedSentence:
    """A sentence as written, and when it is heard within its segment's audio."""

    text: str
    start_ms: int
    end_ms: int
    paragraph: int = 0
    """Which paragraph of its segment the sentence belongs to, for transcripts laid out as written."""
    spoken: str = ""
    """What the voice was given to say (the normalised text); empty when not kept."""


@dataclass(frozen=True)
class SpokenSegment:
    """A segment's audio, its trailing pause included, with the time of each sentence."""

    segment: Segment
    audio: AudioSegment
    sentences: tuple[TimedSentence, ...]


@dataclass
class SpeechStats:
    """How many sentences were synthesised, and how many came from the cache."""

    spoken: int = 0
    cached: int = 0


@dataclass(frozen=True)
class Chapter:
    """A navigable part of the episode's audio."""

    title: str
    start_ms: int
    end_ms: int
    sentences: tuple[TimedSentence, ...] = ()
    """What is said in it, timed from the start of the episode."""
    url: str | None = None
    """A page the chapter links to (a digest's chapter points to the full episode)."""
    kind: SegmentKind | Literal[""] = ""
    """The kind of its segment; empty when not known."""


@dataclass(frozen=True)
class TimedDocument:
    """An episode as it is heard, with the time of every sentence, written and spoken: what
    every output of the episode (captions, transcripts, chapters, read-along books, its page)
    is rendered from, without its audio being made again."""

    title: str
    language: str
    author: str | None
    published: datetime
    url: str | None
    guid: str
    slug: str
    media: str
    """The name of its files: "<media>.mp3", "<media>.epub"…"""
    duration_ms: int
    narrator: str
    """The speech engine that reads it ("espeak-ng"): a synthetic voice, said so wherever it is published."""
    show: str
    """The show's title."""
    publisher: str
    """The show's author."""
    summary: tuple[str, ...]
    chapters: tuple[Chapter, ...]
    kind: EpisodeKind = "article"

    @property
    def sentences(self) -> tuple[TimedSentence, ...]:
        return tuple(sentence for chapter in self.chapters for sentence in chapter.sentences)


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
    narrator: str = ""
    """The speech engine that reads it: the tags say it is a synthetic voice."""


@dataclass(frozen=True)
class RenderContext:
    """What a renderer may use besides the timed document."""

    directory: Path
    """The episodes directory, where the MP3 is and the output goes."""
    audio: Path
    cover: Path | None
