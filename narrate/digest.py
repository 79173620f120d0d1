"""Digest episodes: which articles go into which digest, in what order, and the digests made
from their articles' records, each chapter one article's summary, linking to its episode."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo

from .catalog import EPISODES_DIR, Catalog, EpisodeRecord
from .config import Settings
from .cover import Cover
from .models import Article, EpisodeTags, SpeechStats, Summary, TimedDocument
from .outputs import TIMED_SUFFIX, load_timed, outputs_current
from .plan import common_fingerprint
from .speech.cache import SpeechCache
from .speech.cast import Cast


def group_for_digest(
    records: list[EpisodeRecord], by: str, order: Sequence[str], timezone: str, run_started: datetime,
) -> list[tuple[str, datetime, list[EpisodeRecord]]]:
    """(key, date, articles) of each digest, oldest first.

    ``by`` is "day" (one digest per publication day, in ``timezone``) or "run" (one digest of
    everything given, keyed and dated by when this build started, so that no later run takes
    its guid). Within a digest, articles follow ``order`` (their file names, with or without
    extension) when they are in it, then publication time.
    """
    zone = ZoneInfo(timezone)
    rank = {source: index for index, source in enumerate(order)}

    def moment(record: EpisodeRecord) -> datetime:
        return record.published.astimezone(zone)

    def placed(record: EpisodeRecord) -> tuple[int, datetime, str]:
        place = rank.get(record.source, rank.get(PurePosixPath(record.source).stem, len(rank)))
        return (place, moment(record), record.source)

    if not records:
        return []
    if by == "run":
        started = run_started.astimezone(zone)
        return [(f"run-{started:%Y-%m-%d-%H%M%S}", started, sorted(records, key=placed))]
    days: dict[str, list[EpisodeRecord]] = defaultdict(list)
    for record in records:
        days[f"{moment(record):%Y-%m-%d}"].append(record)
    return [
        (key, max(moment(record) for record in group), sorted(group, key=placed))
        for key, group in sorted(days.items())
    ]


def build_digests(
    settings: Settings, cast: Cast, catalog: Catalog, cover: Cover, *, current: set[str], built: set[str],
    started: datetime, stats: SpeechStats, cores: int,
) -> list[EpisodeRecord]:
    """The digest episodes this build made or rendered again: one per publication day (or one
    for this run, of the ``built`` articles), each reading the summaries of its articles, one
    chapter per article linking to its episode. Made from the records of the articles whose
    episode is ``current`` (no article is read or summarised again); kept in ``catalog``."""
    from .produce import Speaking, episode_record, render
    from .script import digest_title, write_digest_script

    build_settings = settings.build
    members = [r for r in catalog.records.values() if r.kind == "article" and r.source in current]
    if build_settings.digest_by == "run":
        members = [record for record in members if record.source in built]
    groups = group_for_digest(members, build_settings.digest_by, build_settings.digest_order, build_settings.timezone, started)
    common = common_fingerprint(settings, cast, cover.identity)
    episodes = build_settings.output / EPISODES_DIR
    made = []
    for key, day, group in groups:
        source = f"digest-{key}"
        if build_settings.digest_by == "run":  # a run's digest is its own, even after a run in the same second
            taken, number = source, 1
            while source in catalog.records:
                number += 1
                source = f"{taken}-{number}"
        fingerprint = hashlib.sha256(common + json.dumps(
            ["digest", key, [record.fingerprint for record in group], build_settings.base_url]
        ).encode()).hexdigest()
        if catalog.up_to_date(source, fingerprint):
            record = catalog.records[source]
            if outputs_current(record, episodes, build_settings.formats):
                continue
            timed = load_timed(episodes / f"{record.media}{TIMED_SUFFIX}")
            if timed is not None:
                catalog.records[source] = record = render(timed, record, settings, cover)
                made.append(record)
                continue
        items = [(_heard_article(record), Summary(tuple(record.summary)), build_settings.base_url + record.file_name(".html")) for record in group]
        language = group[0].language
        title = digest_title(day, language)
        naming = catalog.naming(source, title, day)
        heard = TimedDocument(
            title=title, language=language, author=settings.show.author, published=naming.published, url=None,
            guid=naming.guid, slug=naming.slug, media="", duration_ms=0, narrator=cast.narrator, show=settings.show.title,
            publisher=settings.show.author, summary=tuple(record.title for record in group), chapters=(), kind="digest",
        )
        tags = EpisodeTags(
            title=title, artist=settings.show.author, album=settings.show.title, language=language, date=day,
            narrator=cast.narrator, cover=cover.path(),
        )
        speak = Speaking(settings, cast, SpeechCache(build_settings.cache), stats, cores, source)
        document = speak.episode(
            lambda minutes: write_digest_script(items, settings.show, day, minutes=minutes, narrator=cast.narrator),
            heard, tags, fingerprint,
        )
        record = episode_record(document, source=source, fingerprint=fingerprint, number=naming.number, settings=settings)
        catalog.records[source] = record = render(document, record, settings, cover)
        made.append(record)
    return made


def _heard_article(record: EpisodeRecord) -> Article:
    """An article as its episode tells of it: what a digest says of it besides its summary."""
    return Article(
        source=record.source, title=record.title, paragraphs=(), author=record.author, published=record.published,
        language=record.language, url=record.url,
    )
