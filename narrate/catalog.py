"""The catalog of episodes: what was published, under which names, and whether it is up to date.

It owns an episode's identity once given (slug, guid, number, media version), which every
subscriber's app has frozen, and the manifest that keeps it (output/episodes.json). The
manifest is versioned: an older one is migrated, keeping every guid, slug and number; one
that cannot be read, or that a newer narrate wrote, is refused with what to do, never
silently replaced (that would re-publish every episode under new guids).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Any, get_args

from .errors import CatalogError
from .files import write_text
from .hostile import xml_safe
from .models import EpisodeKind
from .naming import VERSIONED, media_name, slugify

MANIFEST_NAME = "episodes.json"
MANIFEST_FORMAT = "narrate-episodes"
MANIFEST_VERSION = 2
"""1: a bare list of records keyed by the article's file name without extension (so "a.txt"
and "a.md" were one episode); 2: {"format", "version", "episodes"}, keyed by the document's
identity, extension included."""
EPISODES_DIR = "episodes"
GUID_NAMESPACE = uuid.UUID("5b1e6a0c-3f0c-5c0e-9f4e-6e6172726174")
"""Fixed namespace for episode guids, so the same article always gets the same guid."""

@dataclass(frozen=True)
class ChapterMark:
    """A chapter as the manifest keeps it: the feed's Podlove chapters come from here."""

    title: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class EpisodeRecord:
    """What the feed needs to know about one built episode; kept in output/episodes.json."""

    source: str
    """The identity of what the episode was made from: the article's document ("a.txt",
    "fetched/…"), or "digest-<key>" for a digest."""
    slug: str
    guid: str
    title: str
    author: str | None
    language: str
    published: datetime
    """Timezone-aware: the article's date, or when the episode was first built (ISO 8601 in
    the manifest)."""
    duration_ms: int
    size: int
    summary: list[str] = field(default_factory=list)
    url: str | None = None
    chapters: tuple[ChapterMark, ...] = ()
    fingerprint: str = ""
    """Hash of everything the episode was made from; the same on the next build means nothing to do."""
    kind: EpisodeKind = "article"
    """"article", or "digest" for an episode that gathers several articles' summaries."""
    number: int = 0
    """The episode's number in the show, given once when it is first built (itunes:episode)."""
    narrator: str = ""
    """The speech engine that reads it ("espeak-ng"): a synthetic voice, declared in the feed."""
    image: str | None = None
    """The article's picture (an http(s) address): the episode's artwork in podcast apps."""
    outputs: dict[str, str] = field(default_factory=dict)
    """The outputs rendered beside its MP3 (see outputs.py), each with its renderer's version."""

    @property
    def media(self) -> str:
        """The name of the audio, captions and chapters files of this version of the episode."""
        return media_name(self.slug, self.fingerprint)

    @property
    def audio_name(self) -> str:
        return self.file_name(".mp3")

    def file_name(self, suffix: str) -> str:
        """A file published with the episode, relative to the output directory: ".vtt", ".html"…"""
        return f"{EPISODES_DIR}/{self.slug if suffix == '.html' else self.media}{suffix}"


def episode_guid(source: str) -> str:
    """The guid of the episode made from article ``source``: the same on every build."""
    return str(uuid.uuid5(GUID_NAMESPACE, source))


TIMED_SUFFIX = ".timed.json"
"""The episode's timed document, kept beside its MP3: every other output is rendered from it."""


@dataclass(frozen=True)
class Naming:
    """The names an episode is published under: kept from its record, or given once."""

    slug: str
    number: int
    guid: str
    published: datetime


@dataclass
class Catalog:
    """The episodes of a show's output directory, by source, and the names still free."""

    output: Path
    records: dict[str, EpisodeRecord] = field(default_factory=dict)
    migrated: bool = False
    """True when the manifest on disk is of an older format: it is to be written anew."""
    _given: set[str] = field(default_factory=set, init=False, repr=False)
    """Slugs given during this build to episodes not yet in ``records``."""
    _last_number: int = field(default=0, init=False, repr=False)

    @classmethod
    def open(cls, output: Path, sources: Iterable[str] = ()) -> Catalog:
        """The catalog of ``output``; a manifest of format 1 is migrated, its records matched
        to the ``sources`` (document identities) whose name they were made from."""
        records, migrated = _read_manifest(output, sources)
        return cls(output, records, migrated=migrated)

    def up_to_date(self, source: str, fingerprint: str) -> bool:
        """True when ``source``'s episode was made from exactly this and all its files are there."""
        record = self.records.get(source)
        return record is not None and record.fingerprint == fingerprint and self.files_exist(record)

    def files_exist(self, record: EpisodeRecord) -> bool:
        return all((self.output / record.file_name(suffix)).is_file() for suffix in (".mp3", ".html", TIMED_SUFFIX))

    def naming(self, source: str, title: str, first_seen: datetime) -> Naming:
        """``source``'s names: those it was published under, or new ones, given once: a slug
        no other episode has, the next number, a guid from its identity."""
        record = self.records.get(source)
        if record is not None:
            return Naming(record.slug, record.number, record.guid, record.published)
        slug = slugify(title, {r.slug for r in self.records.values()} | self._given)
        self._given.add(slug)
        self._last_number = 1 + max(self._last_number, *(r.number for r in self.records.values()), 0)
        return Naming(slug, self._last_number, episode_guid(source), first_seen)

    def published(self) -> list[EpisodeRecord]:
        """The records whose audio is in the output directory: what the feed may list."""
        return [record for record in self.records.values() if (self.output / record.audio_name).is_file()]

    def remove(self, source: str) -> None:
        """Take ``source``'s episode out of the catalog and delete its files."""
        remove_episode_files(self.output, self.records.pop(source), list(self.records.values()))

    def save(self, records: list[EpisodeRecord]) -> None:
        save_manifest(self.output, records)

    def discard(self, slug: str) -> None:
        """Delete what a failed build of ``slug``'s episode left in the output (an MP3 and
        captions written before a full disk stopped its book): every file of it that no
        record uses, and its page when no record has that slug."""
        _remove_unused_media(self.output, {slug}, list(self.records.values()))
        if not any(record.slug == slug for record in self.records.values()):
            (self.output / EPISODES_DIR / f"{slug}.html").unlink(missing_ok=True)


def remove_episode_files(output: Path, record: EpisodeRecord, published: list[EpisodeRecord]) -> None:
    """Delete an episode's page and every version of its MP3, captions, transcript and chapters,
    never a file that one of the ``published`` episodes uses."""
    (output / record.file_name(".html")).unlink(missing_ok=True)
    remove_old_versions(output, [record], published)


def remove_old_versions(output: Path, settled: list[EpisodeRecord], published: list[EpisodeRecord]) -> None:
    """Delete the media of earlier versions of the ``settled`` episodes, once nothing published
    points to them; a file that one of the ``published`` episodes uses is never touched."""
    _remove_unused_media(output, {record.slug for record in settled}, published)


def _remove_unused_media(output: Path, slugs: set[str], published: list[EpisodeRecord]) -> None:
    """Delete every media file of these ``slugs`` that none of the ``published`` episodes uses."""
    in_use = {record.media for record in published}
    for path, media in _media_files(output, slugs):
        if media not in in_use:
            path.unlink(missing_ok=True)


def _media_files(output: Path, slugs: set[str]) -> list[tuple[Path, str]]:
    """(file, media name) of every media file of these ``slugs``, whatever its version and its
    output, in one listing. A file belongs to a slug when the name before its first dot is
    exactly that slug and a version: a slug that merely starts with another ("foo-1a2b3c4d"
    and "foo") takes none of its files. Pages ("<slug>.html") are no media."""
    directory = output / EPISODES_DIR
    if not directory.is_dir():
        return []
    found = []
    for path in directory.iterdir():
        media, dot, _ = path.name.partition(".")
        if not dot or path.name == f"{media}.html":
            continue
        versioned = VERSIONED.fullmatch(media)
        owners = {media} & slugs | ({versioned.group(1)} & slugs if versioned else set())
        if len(owners) == 1:
            found.append((path, media))
    return found


def load_manifest(output: Path, sources: Iterable[str] = ()) -> dict[str, EpisodeRecord]:
    """Records of the episodes built before, by source; empty when there is no manifest yet.
    CatalogError, saying what to do, when it cannot be read or a newer narrate wrote it."""
    return _read_manifest(output, sources)[0]


def _read_manifest(output: Path, sources: Iterable[str]) -> tuple[dict[str, EpisodeRecord], bool]:
    """The manifest's records, and whether it was of format 1 (migrated here, to be written anew)."""
    path = output / MANIFEST_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, False
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogError(f"{path}: cannot be read ({error}); fix its permissions and build again.") from error
    try:
        data = json.loads(text)
        if isinstance(data, list):  # format 1
            return _migrated(data, sources), bool(data)
        if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT or not isinstance(data.get("episodes"), list):
            raise ValueError("not a manifest of narrate's episodes")
        if data.get("version") != MANIFEST_VERSION:
            raise CatalogError(
                f"{path}: written by another version of narrate (manifest format {data.get('version')!r}, this narrate "
                f"reads {MANIFEST_VERSION}); build with that version, or upgrade narrate."
            )
        return {entry["source"]: _record(entry, path) for entry in data["episodes"]}, False
    except CatalogError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise CatalogError(
            f"{path}: is damaged ({error}); restore it from a backup. Moving it away would start the show over, "
            "with new guids for every episode."
        ) from None


_RECORD_KEYS = frozenset(field.name for field in fields(EpisodeRecord))


def _record(entry: dict[str, Any], path: Path) -> EpisodeRecord:
    """A manifest entry as a record: its date aware (UTC when the entry gave no offset), its
    chapters typed. CatalogError for a key narrate does not know (a newer narrate's, or a typo);
    ValueError for a value of the wrong type or form (an entry edited by hand)."""
    if not isinstance(entry, dict):
        raise ValueError("an episode is not a JSON object")
    unknown = sorted(set(entry) - _RECORD_KEYS)
    if unknown:
        raise CatalogError(
            f"{path}: the episode {entry.get('source')!r} has keys this narrate does not know ({', '.join(unknown)}); "
            "it was written by a newer narrate, or edited by hand: build with that version, or remove those keys."
        )
    problem = _entry_problem(entry)
    if problem:
        raise ValueError(f"the episode {str(entry.get('source'))[:80]!r}: {problem}")
    published = datetime.fromisoformat(entry["published"])
    return EpisodeRecord(**{
        **entry,
        "published": published if published.tzinfo else published.replace(tzinfo=timezone.utc),
        "chapters": tuple(ChapterMark(**chapter) for chapter in entry.get("chapters", ())),
    })


_TEXT_KEYS = ("source", "slug", "guid", "title", "language", "published")
_OPTIONAL_TEXT_KEYS = ("author", "url", "image", "fingerprint", "kind", "narrator")
_NUMBER_KEYS = ("duration_ms", "size", "number")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,200}")
"""What a slug is made of: never a path ("../../tmp/x" wrote and deleted files outside the output)."""


def _entry_problem(entry: dict[str, Any]) -> str | None:
    """What is wrong with a manifest entry's values, or None."""
    for key in _TEXT_KEYS:
        if not isinstance(entry.get(key), str):
            return f"{key} is not a text"
    for key in _OPTIONAL_TEXT_KEYS:
        if entry.get(key) is not None and not isinstance(entry[key], str):
            return f"{key} is not a text"
    if entry.get("kind", "article") not in get_args(EpisodeKind):
        return "kind is neither an article nor a digest"
    for key in _NUMBER_KEYS:
        if key in entry and (not isinstance(entry[key], int) or isinstance(entry[key], bool) or entry[key] < 0):
            return f"{key} is not a whole number"
    if not _SLUG.fullmatch(entry["slug"]):
        return f"slug {entry['slug'][:80]!r} is not made of small letters, figures and hyphens"
    if not re.fullmatch(r"[0-9a-f]*", entry.get("fingerprint") or ""):
        return "fingerprint is not hexadecimal"
    summary, chapters, outputs = entry.get("summary", []), entry.get("chapters", []), entry.get("outputs", {})
    if not isinstance(summary, list) or not all(isinstance(line, str) for line in summary):
        return "summary is not a list of texts"
    if not isinstance(chapters, list) or not all(
        isinstance(c, dict) and isinstance(c.get("title"), str) and isinstance(c.get("start_ms"), int) and isinstance(c.get("end_ms"), int)
        and set(c) == {"title", "start_ms", "end_ms"} for c in chapters
    ):
        return "chapters are not a list of {title, start_ms, end_ms}"
    if not isinstance(outputs, dict) or not all(isinstance(v, str) for v in outputs.values()):
        return "outputs is not a table of versions"
    for text in (entry["title"], entry.get("author") or "", entry.get("url") or "", *summary, *(c["title"] for c in chapters)):
        if xml_safe(text) != text:
            return f"{text[:60]!r} has a character a feed cannot carry"
    return None


def _migrated(entries: list[dict[str, Any]], sources: Iterable[str]) -> dict[str, EpisodeRecord]:
    """Format 1's records, keyed by file name without extension, keyed by document identity:
    each keeps its guid, slug, number and date. Where two files shared a name ("a.txt" and
    "a.md" were one episode), the record goes to the one built last (the last by name) and
    the other becomes an episode of its own."""
    by_stem = {PurePosixPath(source).stem: source for source in sorted(sources) if "/" not in source}
    migrated = {}
    for entry in entries:
        record = _record(entry, Path(MANIFEST_NAME))
        source = by_stem.get(record.source, record.source)
        migrated[source] = replace(record, source=source)
    return migrated


def save_manifest(output: Path, records: list[EpisodeRecord]) -> None:
    """Write the records, sorted by source so that the file does not depend on build order."""
    entries = [
        {**asdict(record), "published": record.published.isoformat()}
        for record in sorted(records, key=lambda record: record.source)
    ]
    manifest = {"format": MANIFEST_FORMAT, "version": MANIFEST_VERSION, "episodes": entries}
    write_text(output / MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
