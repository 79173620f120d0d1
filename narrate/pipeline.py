"""A build, step by step: gather the documents, plan, run the jobs, record their episodes,
and publish, under the output's lock.

Each step has a module of its own: ``sources`` (and ``fetching``) give the documents, ``plan``
decides what to make, ``run`` says where jobs run, ``produce`` makes an episode, ``digest``
makes digests from the episodes' records, ``publish`` writes the feed and pages. The stages
that make audio and language are imported only when there is an episode to make: a build with
nothing to do never loads them, and they are most of a build's start-up time.

The feed and pages are published again while a long build goes on, so that a build stopped at
any moment leaves a consistent site.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .catalog import Catalog, EpisodeRecord
from .config import Settings
from .cover import publish_cover
from .errors import ClusterLostError
from .files import exclusive, remove_unfinished
from .models import SpeechStats
from .plan import Produce, plan
from .publish import publish_site, site_is_current
from .sources import DirectorySource, Refusal, Source, SourceDocument
from .speech.cast import casts_for, check_voice, load_cast

log = logging.getLogger(__name__)

PUBLISH_EVERY_SECONDS = 5.0
"""How often a long build republishes the feed and pages with the episodes done so far. The
published site is valid at every moment regardless: new media get new names, and old ones
go only after the feed has moved on."""


@dataclass
class BuildReport:
    """What a build did: episodes built and unchanged, articles that failed, and the feed."""

    built: list[EpisodeRecord] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    """The origins of the articles whose episode was up to date."""
    failures: list[Refusal] = field(default_factory=list)
    feed: Path | None = None
    speech: SpeechStats = field(default_factory=SpeechStats)
    pruned: int = 0
    started: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    """When the build started: a digest of the run is named and dated by it."""

    @property
    def audio_ms(self) -> int:
        """Length of the audio made by this build."""
        return sum(record.duration_ms for record in self.built)


Progress = Callable[[str, int, int, str], None]
"""Called as each article is done, with: what became of it ("built", "unchanged" or
"failed"), how many articles are done, how many there are, and where the article is."""


def build(
    settings: Settings, *, jobs: int = 1, on_progress: Progress | None = None, prune: bool = False,
    sources: list[Source] | None = None,
) -> BuildReport:
    """Build an episode for every article of the ``sources`` (by default the seeds directory)
    that changed, then the feed and pages.

    A failing article is reported and skipped; the others are still built. An episode whose
    article was removed stays published, unless ``prune``: then it and its files go.
    ``jobs`` is the number of cores to use: episodes are built in that many processes, or,
    when there is one, its encoding is shared out; the result sounds the same.
    """
    output = settings.build.output
    documents, refused = gather(sources if sources is not None else default_sources(settings, pruning=prune))
    with exclusive(output):
        remove_unfinished(output)
        cast = load_cast(settings, check=False)  # checked below, once there is something to say
        casts = casts_for(settings, cast, (document.voice or "" for document in documents))
        catalog = Catalog.open(output, [document.id for document in documents])
        cover = publish_cover(settings.show, output)
        report = BuildReport(failures=list(refused))
        done = 0

        def tell(event: str, origin: str) -> None:
            nonlocal done
            done += 1
            if on_progress:
                on_progress(event, done, len(documents), origin)

        decided = plan(documents, settings, casts, catalog, cover.identity, tell)
        report.unchanged.extend(document.origin for document in decided.unchanged)
        report.failures.extend(decided.refused)
        if decided.jobs or settings.build.digest:
            used = [casts[name] for name in {"", *(job.voice for job in decided.jobs if isinstance(job, Produce))}]
            for voice in {voice.name: voice for chosen in used for voice in chosen.voices}.values():
                check_voice(settings, voice)

        def publish(settled: list[EpisodeRecord]) -> None:
            report.feed = publish_site(settings, cover.name, catalog, settled)

        failed = {refusal.source for refusal in decided.refused}
        if decided.jobs:
            from .run import run_jobs

            produced = {job.origin: job for job in decided.jobs if isinstance(job, Produce)}
            last_published = time.monotonic()
            try:
                for outcome in run_jobs(decided.jobs, settings, casts, cover, jobs):
                    report.speech.spoken += outcome.speech.spoken
                    report.speech.cached += outcome.speech.cached
                    if outcome.record is None:
                        report.failures.append(Refusal(outcome.origin, outcome.error or "failed"))
                        if outcome.origin in produced:  # what it wrote before it failed goes (G31)
                            catalog.discard(produced[outcome.origin].slug)
                            failed.add(produced[outcome.origin].article.source)
                        tell("failed", outcome.origin)
                        continue
                    catalog.records[outcome.record.source] = outcome.record
                    report.built.append(outcome.record)
                    if time.monotonic() - last_published >= PUBLISH_EVERY_SECONDS:
                        publish([r for r in report.built if r.kind == "article"])
                        last_published = time.monotonic()
                    tell("built", outcome.origin)
            except ClusterLostError:
                publish(list(catalog.records.values()))  # what the cluster built before it went
                raise
        if prune:
            current = {document.id for document in documents} | {refusal.source for refusal in refused}  # refused is not removed
            for source in [s for s, r in catalog.records.items() if r.kind == "article" and s not in current]:
                catalog.remove(source)
                report.pruned += 1
        if settings.build.digest:
            from .digest import build_digests
            from .workers import one_core_per_job

            with one_core_per_job():
                digests = build_digests(
                    settings, cast, catalog, cover, current={document.id for document in documents} - failed,
                    built={record.source for record in report.built}, started=report.started, stats=report.speech, cores=jobs,
                )
            for record in digests:
                report.built.append(record)
                publish([record])
        if report.built or report.pruned or catalog.migrated or not site_is_current(settings, catalog, cover.name):
            publish(list(catalog.records.values()))
        else:
            report.feed = output / "feed.xml"
    return report


def default_sources(settings: Settings, *, pruning: bool = False) -> list[Source]:
    """Where a build reads its articles when not told: the seeds directory, and the articles
    fetched from the configured sources (then the seeds directory may be missing). When
    ``pruning``, an empty seeds directory is what the user means: no episode is to stay."""
    fetched = settings.fetch.directory if settings.fetch else None
    required = not settings.sources and not (fetched and any(fetched.glob("*/*.html")))
    seeds = DirectorySource(settings.build.seeds, output=settings.build.output, required=required, may_be_empty=pruning)
    if fetched is None or not fetched.is_dir():  # nothing fetched yet: the web's modules stay unloaded (0.2 s)
        return [seeds]
    from .fetching import FetchedSource

    return [seeds, FetchedSource(fetched, settings.sources)]


def gather(sources: list[Source]) -> tuple[list[SourceDocument], list[Refusal]]:
    """Every document of the ``sources``, and what they refused; two documents with one
    identity are one too many: the second is refused."""
    documents: dict[str, SourceDocument] = {}
    refused: list[Refusal] = []
    for source in sources:
        found, refusals = source.documents()
        refused.extend(refusals)
        for document in found:
            if document.id in documents:
                message = f"{document.origin}: is the same article as {documents[document.id].origin}."
                refused.append(Refusal(document.origin, message, document.id))
            else:
                documents[document.id] = document
    return list(documents.values()), refused


__all__ = ["BuildReport", "build"]
