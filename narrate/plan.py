"""What a build has to do, decided before anything is made: for each document, nothing (its
episode is up to date), its outputs rendered again from its timed document, or its episode
produced, under the names the catalog keeps for it.

An episode's fingerprint holds what its main audio depends on, and nothing else: narrate's
version, the settings that change what is said or how it sounds, the voices, the cover and the
document. It names the published MP3, whose address every subscriber's app keeps.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from . import __version__
from .catalog import EPISODES_DIR, Catalog, EpisodeRecord
from .config import Settings
from .errors import NarrateError, unexpected
from .models import Article, TimedDocument
from .outputs import FAST, TIMED_SUFFIX, load_timed, outputs_current
from .read import read_configured
from .sources import Refusal, SourceDocument
from .speech.cast import Cast

log = logging.getLogger(__name__)

FINGERPRINTED_SHOW = ("title", "author", "language")
"""Show settings an episode's audio depends on (the intro names the show; the tags carry them)."""
FINGERPRINTED_BUILD = (
    "full", "frame", "sentences", "words", "minutes", "algorithm", "timezone",
    "sentence_pause", "paragraph_pause", "chapter_pause", "chapter_signal", "fast_words_per_minute",
)
"""Build settings that change what an episode says or how it sounds. ``fast_words_per_minute``,
which changes only the fast rendition, is always fingerprinted as 0 (as before it was set): the
fast rendition's pace is noted apart, in the record's outputs under FAST_PACE."""
FAST_PACE = "fast"
"""The key of an episode's outputs that holds the pace of its fast rendition."""
FAST_UNAVAILABLE = "unavailable at "
"""Before the pace under FAST_PACE: its voice cannot speak faster (gTTS), so there is none to make."""


@dataclass(frozen=True)
class Produce:
    """An episode to make from its article, with everything decided beforehand so that any
    process can make it."""

    origin: str
    """Where its article is, as messages name it."""
    article: Article
    slug: str
    number: int
    guid: str
    published: datetime
    """When the article gives no date: when its document was first seen."""
    fingerprint: str
    voice: str = ""
    """The voice profile its source asks for; empty: the configured one."""


@dataclass(frozen=True)
class Rerender:
    """An episode whose audio is up to date but some of whose outputs are not: they are
    rendered again from its timed document."""

    origin: str
    record: EpisodeRecord
    document: TimedDocument


Job = Produce | Rerender


@dataclass
class Plan:
    """The jobs of a build, and the documents that need none."""

    jobs: list[Job] = field(default_factory=list)
    unchanged: list[SourceDocument] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    """Documents that cannot be read: their episode, if any, stays as it was."""


def plan(
    documents: list[SourceDocument], settings: Settings, casts: dict[str, Cast], catalog: Catalog, cover_identity: str,
    tell: Callable[[str, str], None],
) -> Plan:
    """Keep the documents whose episode is up to date (their outputs rendered again when those
    changed); read the others, and name them (the names an episode had are kept). An article
    is read only to be built: its fingerprint is made of its bytes, so an unchanged page is not
    extracted again at every build. ``tell`` hears of each unchanged or refused document."""
    commons = {voice: common_fingerprint(settings, cast, cover_identity) for voice, cast in casts.items()}
    legacies: dict[str, bytes] = {}  # how fingerprints were made while the fast pace counted, made when first needed
    episodes = settings.build.output / EPISODES_DIR
    result = Plan()
    for document in documents:
        voice = document.voice or ""
        fingerprint = _fingerprint(document, commons[voice])
        record = catalog.records.get(document.id)
        if record is not None and record.fingerprint != fingerprint and settings.build.fast_words_per_minute:
            if voice not in legacies:
                legacies[voice] = common_fingerprint(settings, casts[voice], cover_identity, fast_as_set=True)
            if record.fingerprint == _fingerprint(document, legacies[voice]):
                fingerprint = record.fingerprint  # built when the fast pace named the media: its name is kept
        if record is not None and catalog.up_to_date(document.id, fingerprint) and fast_ready(settings, record):
            if outputs_current(record, episodes, settings.build.formats):
                result.unchanged.append(document)
                tell("unchanged", document.origin)
                continue
            timed = load_timed(episodes / f"{record.media}{TIMED_SUFFIX}")
            if timed is not None:
                result.jobs.append(Rerender(document.origin, record, timed))
                continue
            log.info("%s: its timed document cannot be read; its episode is made again", document.origin)
        try:
            article = read_configured(settings, document)
        except NarrateError as error:
            result.refused.append(Refusal(document.origin, str(error), document.id))
            tell("failed", document.origin)
            continue
        except Exception as error:  # noqa: BLE001 (one article's surprise never stops the others)
            result.refused.append(Refusal(document.origin, unexpected(document.origin, error), document.id))
            tell("failed", document.origin)
            continue
        naming = catalog.naming(document.id, article.title, document.seen)
        result.jobs.append(Produce(
            origin=document.origin, article=article, slug=naming.slug, number=naming.number, guid=naming.guid,
            published=naming.published, fingerprint=fingerprint, voice=voice,
        ))
    return result


def _fingerprint(document: SourceDocument, common: bytes) -> str:
    given = [document.url, document.language, document.voice]  # what a source says besides the bytes
    material = json.dumps(given).encode() if any(given) else b""
    return hashlib.sha256(common + material + document.data).hexdigest()


def common_fingerprint(settings: Settings, cast: Cast, cover_identity: str, *, fast_as_set: bool = False) -> bytes:
    """What every episode's main audio depends on besides its article: narrate, settings, voices
    and cover. The fast pace counts only ``fast_as_set``: how fingerprints were made before."""
    build = {key: getattr(settings.build, key) for key in FINGERPRINTED_BUILD}
    if not fast_as_set:
        build["fast_words_per_minute"] = 0
    material = {
        "narrate": __version__,
        "show": {key: getattr(settings.show, key) for key in FINGERPRINTED_SHOW},
        "build": build,
        "voices": cast.identity,
        "cover": cover_identity,
    }
    return json.dumps(material, sort_keys=True, default=str).encode("utf-8")


def fast_ready(settings: Settings, record: EpisodeRecord) -> bool:
    """True when the fast rendition is as asked: there at the pace asked for, not asked for and
    not there, or asked for from voices that cannot speak faster (it would be tried in vain at
    every build). Otherwise the episode is made again, under the same name (N4)."""
    pace = settings.build.fast_words_per_minute
    fast_file = settings.build.output / record.file_name(f"{FAST}.mp3")
    if record.kind != "article":
        return True
    if not pace:
        return not fast_file.is_file()
    noted = record.outputs.get(FAST_PACE)
    return noted == f"{FAST_UNAVAILABLE}{pace}" or (fast_file.is_file() and noted == str(pace))
