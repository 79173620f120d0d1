"""The output seam: every file published beside an episode's MP3 is a renderer of its timed
document (``<media>.timed.json``, kept with the episode), so an output is added or changed in
one place, and re-rendered alone: its version is kept in the episode's record, and a build
whose renderer changed renders that output again from the timed document, without a word
spoken or an MP3 encoded again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from .catalog import TIMED_SUFFIX, EpisodeRecord
from .files import write_bytes, write_text
from .models import Chapter, RenderContext, TimedDocument, TimedSentence
from .transcripts import chapters_json, chapters_webvtt, plain_text, srt, webvtt

TIMED_VERSION = 1
FAST = ".fast"
"""The fast rendition's files: "<media>.fast.mp3", ".fast.vtt"…"""


@dataclass(frozen=True)
class Renderer:
    """One per-episode output: how it is named, typed, linked, and made."""

    name: str
    suffix: str
    media_type: str
    version: str
    """Changed when it renders differently: the output is rendered again, and nothing else."""
    render: Callable[[TimedDocument, RenderContext], bytes]
    label: str
    """The locale word that names it on the episode's page."""
    feed: str = ""
    """How the feed links it: "transcript", "captions" (a timed transcript), "chapters", or
    "alternate" (another rendition of the episode); empty: not linked."""
    format: str = ""
    """The format of --formats that turns it on; empty: always made."""


def _text(render: Callable[[TimedDocument], str]) -> Callable[[TimedDocument, RenderContext], bytes]:
    return lambda document, _context: render(document).encode("utf-8")


def _epub(document: TimedDocument, context: RenderContext) -> bytes:
    from .epub import epub_book

    return epub_book(document, context)


def _daisy(document: TimedDocument, context: RenderContext) -> bytes:
    from .daisy import daisy_book

    return daisy_book(document, context)


RENDERERS: tuple[Renderer, ...] = (
    Renderer("vtt", ".vtt", "text/vtt", "1", _text(lambda d: webvtt(d.chapters)), "vtt_file", "captions"),
    Renderer("srt", ".srt", "application/x-subrip", "1", _text(lambda d: srt(d.chapters)), "srt_file", "captions"),
    Renderer("txt", ".txt", "text/plain", "1", _text(lambda d: plain_text(d.title, d.chapters)), "text_file", "transcript"),
    Renderer("chapters", ".chapters.json", "application/json+chapters", "1", _text(lambda d: chapters_json(d.chapters)), "chapters_file", "chapters"),
    Renderer("chapters-vtt", ".chapters.vtt", "text/vtt", "1", _text(lambda d: chapters_webvtt(d.chapters)), "chapters_vtt_file"),
    Renderer("epub", ".epub", "application/epub+zip", "1", _epub, "epub_file", "alternate", "epub"),
    Renderer("daisy", ".daisy.zip", "application/zip", "1", _daisy, "daisy_file", "alternate", "daisy"),
)


def renderers_for(formats: tuple[str, ...]) -> tuple[Renderer, ...]:
    """The renderers a build with these ``formats`` makes."""
    return tuple(renderer for renderer in RENDERERS if not renderer.format or renderer.format in formats)


def render_outputs(
    document: TimedDocument, context: RenderContext, formats: tuple[str, ...], done: dict[str, str] | None = None,
) -> dict[str, str]:
    """Render every output of ``formats`` that ``done`` (name → version rendered) lacks or has
    in another version; the versions now rendered."""
    done = dict(done or {})
    rendered = {}
    for renderer in renderers_for(formats):
        path = context.directory / f"{document.media}{renderer.suffix}"
        if done.get(renderer.name) != renderer.version or not path.is_file():
            write_bytes(path, renderer.render(document, context))
        rendered[renderer.name] = renderer.version
    return rendered


def outputs_current(record: EpisodeRecord, directory: Path, formats: tuple[str, ...]) -> bool:
    """True when every output of ``formats`` of ``record``'s episode is there, in its renderer's current version."""
    return all(
        record.outputs.get(renderer.name) == renderer.version and (directory / f"{record.media}{renderer.suffix}").is_file()
        for renderer in renderers_for(formats)
    )


@dataclass(frozen=True)
class Rendition:
    """Another form of an episode offered beside its MP3 (the fast rendition, a book), as the
    page and the feed offer it."""

    suffix: str
    media_type: str
    label: str
    """The locale word that names it ("<label>_about" says what it is for)."""
    size: int


def renditions(record: EpisodeRecord, directory: Path) -> list[Rendition]:
    """The other forms of ``record``'s episode that are in ``directory``: the fast rendition
    first, then the books its outputs include."""
    candidates = [
        (f"{FAST}.mp3", "audio/mpeg", "fast_file"),
        *((r.suffix, r.media_type, r.label) for r in RENDERERS if r.feed == "alternate" and r.name in record.outputs),
    ]
    found = []
    for suffix, media_type, label in candidates:
        path = directory / f"{record.media}{suffix}"
        if path.is_file():
            found.append(Rendition(suffix, media_type, label, path.stat().st_size))
    return found


def save_timed(document: TimedDocument, directory: Path) -> Path:
    """``<media>.timed.json``: the timed document, kept with the episode."""
    data = {"version": TIMED_VERSION, **asdict(document), "published": document.published.isoformat()}
    path = directory / f"{document.media}{TIMED_SUFFIX}"
    write_text(path, json.dumps(data, ensure_ascii=False) + "\n")
    return path


def load_timed(path: Path) -> TimedDocument | None:
    """The timed document at ``path``, or None when it is missing, damaged or of another
    version: the build then makes the episode again from its article."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.pop("version") != TIMED_VERSION:
            return None
        chapters = tuple(
            Chapter(**{**chapter, "sentences": tuple(TimedSentence(**sentence) for sentence in chapter["sentences"])})
            for chapter in data.pop("chapters")
        )
        return TimedDocument(
            **{**data, "published": datetime.fromisoformat(data["published"]), "summary": tuple(data["summary"]), "chapters": chapters}
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # missing, damaged, or not narrate's
        return None
