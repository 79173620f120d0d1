"""Chain the stages: read -> summarise -> script -> speak -> assemble -> publish.

This module knows the order of the stages and nothing of how each works. The stages that
make audio and language are imported where they are used: a build with nothing to do never
loads them, and they are most of a build's start-up time. A build plans in
one process (read each article, decide its slug, skip what has not changed), builds the
episodes in parallel processes, and publishes the feed and pages after each episode, so
that a build stopped at any moment leaves a consistent site.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .catalog import EPISODES_DIR, Catalog, ChapterMark, EpisodeRecord, media_name
from .config import Settings
from .cover import Cover, publish_cover
from .digest import group_for_digest
from .errors import ClusterLostError, NarrateError, VoiceError
from .files import exclusive, remove_unfinished
from .models import Article, Episode, EpisodeTags, Script, SpeechStats, Summary, TimedDocument
from .outputs import FAST, TIMED_SUFFIX, RenderContext, load_timed, outputs_current, render_outputs, save_timed
from .publish import publish_site, site_is_current
from .read import read_article
from .sources import DirectorySource, Refusal, Source, SourceDocument
from .speech import SpeechEngine, Voice, find_profile, offline_alternatives
from .speech.cache import SpeechCache

if TYPE_CHECKING:
    from threadpoolctl import threadpool_limits as ThreadpoolLimits

log = logging.getLogger(__name__)

PUBLISH_EVERY_SECONDS = 5.0
"""How often a long build republishes the feed and pages with the episodes done so far. The
published site is valid at every moment regardless: new media get new names, and old ones
go only after the feed has moved on."""
FINGERPRINTED_SHOW = ("title", "author", "language")
"""Show settings an episode's audio depends on (the intro names the show; the tags carry them)."""
FINGERPRINTED_BUILD = (
    "full", "sentences", "words", "minutes", "algorithm", "timezone",
    "sentence_pause", "paragraph_pause", "chapter_pause", "chapter_signal", "fast_words_per_minute",
)
"""Build settings that change what an episode says or how it sounds. The fingerprint names the
published MP3, whose address every subscriber's app keeps: ``fast_words_per_minute``, which
changes only the fast rendition, is always fingerprinted as 0 (as before it was set), and the
fast rendition's pace is noted apart, in the record's outputs under FAST_PACE."""
FAST_PACE = "fast"
"""The key of an episode's outputs that holds the pace of its fast rendition."""


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
"""Told (what happened: "built", "unchanged" or "failed"; articles done; articles in all; where the article is)."""


@dataclass(frozen=True)
class Cast:
    """Who reads what: the host says the intro and outro, the reader the article."""

    reader: Voice
    host: Voice

    def voice_for(self, kind: str) -> Voice:
        return self.host if kind in {"intro", "outro"} else self.reader

    @property
    def identity(self) -> list[object]:
        """What the cast's sound depends on: each engine's settings and lexicon."""
        return [[voice.engine.identity, sorted(voice.lexicon.entries)] for voice in (self.reader, self.host)]


@dataclass(frozen=True)
class Job:
    """One episode to build, with everything decided beforehand so any process can build it."""

    origin: str
    """Where its article is, as messages name it."""
    slug: str
    number: int
    guid: str
    published: datetime
    """When the article gives no date: when its document was first seen."""
    fingerprint: str
    article: Article | None = None
    """The article as the plan read it; none for a digest."""
    voice: str = ""
    """The voice profile its source asks for; empty: the configured one."""
    record: EpisodeRecord | None = None
    """For an episode whose audio is up to date: its record, to render again the outputs that changed."""


@dataclass(frozen=True)
class Outcome:
    """What building one episode gave: its record, or why it failed."""

    origin: str
    record: EpisodeRecord | None = None
    error: str | None = None
    speech: SpeechStats = field(default_factory=SpeechStats)


def load_cast(settings: Settings, *, check: bool = True) -> Cast:
    """The configured reader and host voices, each checked to run here unless ``check`` is off."""
    reader = load_voice(settings, settings.build.voice, check=check)
    host_name = settings.build.host_voice
    host = load_voice(settings, host_name, check=check) if host_name and host_name != reader.name else reader
    return Cast(reader=reader, host=host)


def load_voice(settings: Settings, name: str, *, check: bool = True) -> Voice:
    """The voice profile ``name``, checked to run here; the error names the offline voices."""
    profile = find_profile(settings.build.voices, name)
    voice = Voice(name=profile.name, engine=profile.load_engine(), lexicon=profile.lexicon)
    if check:
        check_voice(settings, voice)
    return voice


def check_voice(settings: Settings, voice: Voice) -> None:
    """VoiceError, naming the offline voices, when ``voice`` cannot speak here now."""
    reason = voice.engine.unavailable_reason()
    if reason:
        hint = _offline_hint(settings.build.voices, voice.name)
        raise VoiceError(f"voice {voice.name!r} cannot run here: {reason}.{hint}")


def summary_length_for(settings: Settings, engine: SpeechEngine | None) -> dict[str, int]:
    """The configured summary length, with minutes turned into words at ``engine``'s pace."""
    from .summarize import DEFAULT_WORDS_PER_MINUTE, summary_length

    build = settings.build
    words_per_minute = engine.words_per_minute if engine else DEFAULT_WORDS_PER_MINUTE
    return summary_length(build.sentences, build.words, build.minutes, words_per_minute)


def read_configured(settings: Settings, document: SourceDocument | Path) -> Article:
    """The article of ``document`` (or of a file), read in the show's language (unless its
    source gives one) and the configured timezone."""
    return read_article(document, language=settings.show.language, timezone=settings.build.timezone)


def summarize_configured(settings: Settings, article: Article, engine: SpeechEngine | None) -> Summary:
    """``article``'s summary with the configured algorithm and length (minutes at ``engine``'s pace)."""
    from .summarize import summarize

    return summarize(article, algorithm=settings.build.algorithm, **summary_length_for(settings, engine))


def configured_voice(settings: Settings) -> Voice:
    """The configured voice without checking it can run here; a profile that cannot be loaded
    is an error, as for a build (its pace and lexicon were silently replaced by defaults)."""
    return load_voice(settings, settings.build.voice, check=False)


def configured_engine(settings: Settings) -> SpeechEngine:
    """The configured voice's engine (its pace turns minutes into words)."""
    return configured_voice(settings).engine


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
    with exclusive(output), ExitStack() as working:
        remove_unfinished(output)
        cast = load_cast(settings, check=False)  # checked below, once there is something to say
        casts = _casts(settings, cast, documents)
        catalog = Catalog.open(output, [document.id for document in documents])
        cover = publish_cover(settings.show, output)
        working.callback(cover.settle)  # even on an error, the cover is not being written once the lock is let go
        report = BuildReport(failures=list(refused))
        done = 0

        def tell(event: str, origin: str) -> None:
            nonlocal done
            done += 1
            if on_progress:
                on_progress(event, done, len(documents), origin)

        plan = _plan(documents, settings, casts, catalog, cover, report, tell)
        if plan or settings.build.digest:
            used = [casts[voice] for voice in {"", *(job.voice for job in plan)}]
            for voice in {v.name: v for chosen in used for v in (chosen.reader, chosen.host)}.values():
                check_voice(settings, voice)

        def publish(settled: list[EpisodeRecord]) -> None:
            report.feed = publish_site(settings, cover, catalog, settled)

        last_published = time.monotonic()
        produced = {job.origin: job.slug for job in plan if job.record is None}
        try:
            for outcome in _run(plan, settings, casts, cover, jobs):
                report.speech.spoken += outcome.speech.spoken
                report.speech.cached += outcome.speech.cached
                if outcome.record is None:
                    report.failures.append(Refusal(outcome.origin, outcome.error or "failed"))
                    if outcome.origin in produced:  # what it wrote before it failed goes (G31)
                        catalog.discard(produced[outcome.origin])
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
            with one_core_per_job():
                digests = _build_digests(settings, cast, catalog, documents, cover, report, jobs)
            for record in digests:
                report.built.append(record)
                publish([record])
        if report.built or report.pruned or catalog.migrated or not site_is_current(settings, catalog, cover.name):
            publish(list(catalog.records.values()))
        else:
            report.feed = output / "feed.xml"
            cover.path()  # a cover that could not be drawn again says so
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


def _casts(settings: Settings, cast: Cast, documents: list[SourceDocument]) -> dict[str, Cast]:
    """The configured cast (under ""), and one for each voice a source asks for: that voice
    reads the articles, the host stays."""
    casts = {"": cast}
    for name in sorted({document.voice for document in documents if document.voice}):
        casts[name] = Cast(reader=load_voice(settings, name, check=False), host=cast.host)
    return casts


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


def one_core_per_job() -> ThreadpoolLimits:
    """numpy's BLAS on one thread, until the returned limit is left (or the process ends): on
    narrate's small matrices its extra threads only spin idle, and they took a third of a core
    from the other jobs of a parallel build."""
    import numpy  # noqa: F401 (loaded first: the limit reaches only libraries already loaded)
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def _plan(
    documents: list[SourceDocument], settings: Settings, casts: dict[str, Cast], catalog: Catalog, cover: Cover,
    report: BuildReport, tell: Callable[[str, str], None],
) -> list[Job]:
    """Keep the articles whose episode is up to date (their outputs rendered again when those
    changed); read the others, and name them (the names an episode had are kept). An article
    is read only to be built: its episode's fingerprint is made of its bytes, so an unchanged
    page is not extracted again at every build."""
    commons = {voice: _common_fingerprint(settings, cast, cover) for voice, cast in casts.items()}
    episodes = settings.build.output / EPISODES_DIR
    planned: list[Job] = []
    for document in documents:
        given = [document.url, document.language, document.voice]  # what a source says besides the bytes
        material = json.dumps(given).encode() if any(given) else b""
        fingerprint = hashlib.sha256(commons[document.voice or ""] + material + document.data).hexdigest()
        record = catalog.records.get(document.id)
        if record is not None and record.fingerprint != fingerprint and settings.build.fast_words_per_minute:
            legacy = _common_fingerprint(settings, casts[document.voice or ""], cover, fast_as_set=True)
            if record.fingerprint == hashlib.sha256(legacy + material + document.data).hexdigest():
                fingerprint = record.fingerprint  # built when the fast pace named the media: its name is kept
        if record is not None and catalog.up_to_date(document.id, fingerprint) and _fast_ready(settings, record):
            if outputs_current(record, episodes, settings.build.formats):
                report.unchanged.append(document.origin)
                tell("unchanged", document.origin)
                continue
            if load_timed(episodes / f"{record.media}{TIMED_SUFFIX}") is not None:
                planned.append(Job(
                    origin=document.origin, slug=record.slug, number=record.number, guid=record.guid,
                    published=record.published, fingerprint=fingerprint, record=record,
                ))
                continue
            log.info("%s: its timed document cannot be read; its episode is made again", document.origin)
        try:
            article = read_configured(settings, document)
        except NarrateError as error:
            report.failures.append(Refusal(document.origin, str(error), document.id))
            tell("failed", document.origin)
            continue
        except Exception as error:  # noqa: BLE001 (one article's surprise never stops the others)
            report.failures.append(Refusal(document.origin, unexpected(document.origin, error), document.id))
            tell("failed", document.origin)
            continue
        naming = catalog.naming(document.id, article.title, document.seen)
        planned.append(Job(
            origin=document.origin, slug=naming.slug, number=naming.number, guid=naming.guid,
            published=naming.published, fingerprint=fingerprint, article=article, voice=document.voice or "",
        ))
    return planned


def _common_fingerprint(settings: Settings, cast: Cast, cover: Cover, *, fast_as_set: bool = False) -> bytes:
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
        "cover": cover.identity,
    }
    return json.dumps(material, sort_keys=True, default=str).encode("utf-8")


def _run(plan: list[Job], settings: Settings, casts: dict[str, Cast], cover: Cover, jobs: int):  # noqa: ANN202 (a generator)
    """Outcomes of the jobs, as they finish: in this process, in ``jobs`` processes, or on a Dask cluster."""
    if settings.build.cluster and any(job.record is None for job in plan):
        from .cluster import run_on_cluster

        for job in [job for job in plan if job.record is not None]:  # outputs rendered again, from files only here
            yield build_job(job, settings=settings, casts=casts, cover=cover)
        yield from run_on_cluster([job for job in plan if job.record is None], settings, casts, cover, settings.build.cluster, jobs)
        return
    if len(plan) <= 1:
        with one_core_per_job():
            for job in plan:  # one episode alone may use every core for its encoding
                yield build_job(job, settings=settings, casts=casts, cover=cover, cores=jobs)
        return
    from .workers import run_in_processes

    # Even with one core, episodes are built in a worker process: a crash in native code (a
    # voice, the encoder) or the OOM killer then costs one article, not the build.
    work = partial(build_job, settings=settings, casts=casts, cover=cover.finished())  # drawn before the fork
    yield from run_in_processes(work, plan, max(1, min(jobs, len(plan))), lost=_lost, initializer=one_core_per_job)


def _lost(job: Job) -> Outcome:
    """The outcome of a job whose process died under it, alone: out of memory, or killed."""
    return Outcome(job.origin, error=(
        f"{job.origin}: the process building its episode died (the system ran out of memory, or it was killed); "
        "the other articles were built."
    ))


def build_job(job: Job, *, settings: Settings, casts: dict[str, Cast], cover: Cover, cores: int = 1) -> Outcome:
    """Build one planned episode; never raises for a problem with the article or the voice."""
    stats = SpeechStats()
    cast = casts[job.voice]
    try:
        record = build_episode(job, settings, cast, cover, SpeechCache(settings.build.cache), stats, cores)
    except VoiceError as error:
        return Outcome(job.origin, error=f"{job.origin}: {error}{_offline_hint(settings.build.voices, cast.reader.name)}", speech=stats)
    except NarrateError as error:
        message = str(error)
        return Outcome(job.origin, error=message if job.origin in message else f"{job.origin}: {message}", speech=stats)
    except Exception as error:  # noqa: BLE001 (one article's surprise never stops the others)
        return Outcome(job.origin, error=unexpected(job.origin, error), speech=stats)
    return Outcome(job.origin, record=record, speech=stats)


def unexpected(origin: str, error: Exception) -> str:
    """One line for an error narrate did not foresee in one article; the details go to the log."""
    log.debug("%s failed", origin, exc_info=error)
    return (
        f"{origin}: could not be built ({type(error).__name__}: {error}); this is a bug in narrate, "
        "please report it with the article. The other articles were built."
    )


def build_episode(
    job: Job, settings: Settings, cast: Cast, cover: Cover, cache: SpeechCache | None = None,
    stats: SpeechStats | None = None, cores: int = 1,
) -> EpisodeRecord:
    """Read, summarise, script, speak and assemble one article, then render its outputs; or,
    for an episode whose audio is up to date, render again only the outputs that changed."""
    from .script import write_script

    if job.record is not None:
        return _render_again(job.record, settings, cover)
    build_settings, show = settings.build, settings.show
    article = job.article
    if article is None:
        raise NarrateError(f"{job.origin}: no article was planned for this episode.")
    summary = summarize_configured(settings, article, cast.reader.engine)
    def make_script(minutes: float | None) -> Script:
        return write_script(article, summary, show, full=build_settings.full, minutes=minutes, narrator=_narrator(cast))

    tags = _tags(article, settings, cast)
    episode = _produce(make_script, job, settings, cast, tags, cover, cache, stats, cores)
    record = EpisodeRecord(
        source=article.source, slug=job.slug, guid=job.guid, title=article.title, author=article.author,
        language=article.language, published=article.published or job.published,
        duration_ms=episode.duration_ms, size=episode.audio_path.stat().st_size, summary=list(summary.sentences),
        url=article.url, chapters=_chapter_entries(episode), image=article.image,
        fingerprint=job.fingerprint, number=job.number, narrator=_narrator(cast),
    )
    if build_settings.fast_words_per_minute:
        _fast_rendition(make_script, job, record, settings, cast, tags, cover, cache, stats, cores, _heard_pace(episode))
        record = replace(record, outputs={FAST_PACE: str(build_settings.fast_words_per_minute)})
    else:
        for path in (build_settings.output / EPISODES_DIR).glob(f"{episode.media}{FAST}.*"):  # no longer asked for
            path.unlink(missing_ok=True)
    return _render(_timed_document(episode, record, settings), record, settings, cover)


def _timed_document(episode: Episode, record: EpisodeRecord, settings: Settings) -> TimedDocument:
    return TimedDocument(
        title=record.title, language=record.language, author=record.author, published=record.published,
        url=record.url, guid=record.guid, slug=record.slug, media=episode.media, duration_ms=episode.duration_ms,
        narrator=record.narrator, show=settings.show.title, publisher=settings.show.author,
        summary=tuple(episode.script.summary.sentences) if record.kind == "article" else tuple(record.summary),
        chapters=episode.chapters, kind=record.kind,
    )


def _render(document: TimedDocument, record: EpisodeRecord, settings: Settings, cover: Cover) -> EpisodeRecord:
    """Keep the timed document with the episode, render its outputs and its page; the record
    with the versions rendered."""
    from .pages import write_episode_page

    directory = settings.build.output / EPISODES_DIR
    save_timed(document, directory)
    context = RenderContext(directory, directory / f"{document.media}.mp3", cover.path(), settings.show, settings.build.base_url)
    outputs = render_outputs(document, context, settings.build.formats, record.outputs)
    if FAST_PACE in record.outputs:
        outputs[FAST_PACE] = record.outputs[FAST_PACE]
    record = replace(record, outputs=outputs)
    write_episode_page(document, record, settings, directory)
    return record


def _render_again(record: EpisodeRecord, settings: Settings, cover: Cover) -> EpisodeRecord:
    """The outputs of an episode whose audio is up to date, rendered from its timed document."""
    document = load_timed(settings.build.output / EPISODES_DIR / f"{record.media}{TIMED_SUFFIX}")
    if document is None:
        raise NarrateError("its timed document went missing during the build; build again, and its episode is made anew.")
    return _render(document, record, settings, cover)


def _heard_pace(episode: Episode) -> float:
    """Words of the episode's text per minute of its audio, pauses included: its pace as heard."""
    words = sum(len(sentence.text.split()) for sentence in episode.sentences)
    return words / max(episode.duration_ms / 60_000, 1 / 60)


def _fast_rendition(
    make_script: Callable[[float | None], Script], job: Job, record: EpisodeRecord, settings: Settings, cast: Cast,
    tags: EpisodeTags, cover: Cover, cache: SpeechCache | None, stats: SpeechStats | None, cores: int, heard: float,
) -> None:
    """The episode spoken at ``fast_words_per_minute`` by the same voices, synthesised at that
    pace (a voice sped up in a player is distorted), with its own chapters and captions. The
    voices and the pauses go faster by the same factor: the pace ``heard`` at normal speed
    times it is the pace asked for."""
    factor = settings.build.fast_words_per_minute / heard
    fast_voices = {}
    for voice in (cast.reader, cast.host):
        engine = voice.engine.at_pace(voice.engine.words_per_minute * factor)
        if engine is None:
            log.warning("%s: voice %s cannot speak faster; no fast rendition.", job.origin, voice.name)
            return
        fast_voices[voice.name] = replace(voice, engine=engine)
    fast = Cast(reader=fast_voices[cast.reader.name], host=fast_voices[cast.host.name])
    episode = _produce(make_script, job, settings, fast, tags, cover, cache, stats, cores, variant=FAST, pauses=1 / factor)
    directory = settings.build.output / EPISODES_DIR
    document = _timed_document(episode, record, settings)
    save_timed(document, directory)
    render_outputs(document, RenderContext(directory, episode.audio_path, None, settings.show, settings.build.base_url), ("mp3",))


def _fast_ready(settings: Settings, record: EpisodeRecord) -> bool:
    """True when the fast rendition is as asked: there at the pace asked for, or not asked for
    and not there. Otherwise the episode is made again, under the same name (N4)."""
    pace = settings.build.fast_words_per_minute
    fast_file = settings.build.output / record.file_name(f"{FAST}.mp3")
    if record.kind != "article":
        return True
    if not pace:
        return not fast_file.is_file()
    return fast_file.is_file() and record.outputs.get(FAST_PACE) == str(pace)


def _narrator(cast: Cast) -> str:
    """The speech engine that reads the article: a synthetic voice, declared as such."""
    return str(cast.reader.engine.identity.get("engine", "")) or cast.reader.name


def _chapter_entries(episode: Episode) -> tuple[ChapterMark, ...]:
    """The chapters as the manifest keeps them (the feed's Podlove chapters come from there)."""
    return tuple(ChapterMark(c.title, c.start_ms, c.end_ms) for c in episode.chapters)


def _produce(
    make_script: Callable[[float | None], Script], job: Job, settings: Settings, cast: Cast, tags: EpisodeTags,
    cover: Cover, cache: SpeechCache | None, stats: SpeechStats | None, cores: int = 1, variant: str = "",
    pauses: float = 1.0,
) -> Episode:
    """Speak and assemble a script into the episode's MP3, tagged, with its chapters.

    The intro says how long the episode is: the rest is spoken first, then the intro.
    """
    from .audio import chapter_signal, join_segments, write_episode
    from .speak import Pacing, speak_segments
    from .transcripts import plain_text

    build_settings = settings.build
    pacing = Pacing(*(round(pause * pauses) for pause in (
        build_settings.sentence_pause, build_settings.paragraph_pause, build_settings.chapter_pause,
    )))
    draft = make_script(None)
    language = draft.article.language
    body = speak_segments(
        [(segment, cast.voice_for(segment.kind)) for segment in draft.segments[1:]], language, pacing, cache, stats,
    )
    body_ms = sum(len(part.audio) for part in body) + pacing.chapter_ms * len(body)
    script = make_script(body_ms / 60_000 + 0.25)
    (intro,) = speak_segments([(script.segments[0], cast.host)], language, pacing, cache, stats)
    signal = chapter_signal() if build_settings.chapter_signal else None
    # One voice sounds equally loud throughout: parts need levelling only between two voices.
    track, chapters = join_segments([intro, *body], pacing.chapter_ms, signal, level=cast.host is not cast.reader)
    media = media_name(job.slug, job.fingerprint) + variant
    audio_path = build_settings.output / EPISODES_DIR / f"{media}.mp3"
    episode = Episode(
        slug=job.slug, media=media, script=script, audio_path=audio_path, duration_ms=track.duration_ms,
        chapters=chapters, guid=job.guid,
    )
    tags = replace(tags, cover=cover.path())  # asked for last: it may still be being drawn
    write_episode(track, chapters, tags, audio_path, plain_text(script.article.title, chapters), cores=cores)
    log.info("%s -> %s (%.1f s)", job.origin, audio_path, track.duration_ms / 1000)
    return episode


def _build_digests(
    settings: Settings, cast: Cast, catalog: Catalog, documents: list[SourceDocument], cover: Cover,
    report: BuildReport, cores: int,
) -> list[EpisodeRecord]:
    """The digest episodes of this build: one per publication day (or one for this run), each
    reading the summaries of its articles, one chapter per article linking to its episode."""
    from .script import digest_title, write_digest_script

    build_settings = settings.build
    by_source = {document.id: document for document in documents}
    members = [r for r in catalog.records.values() if r.kind == "article" and r.source in by_source]
    if build_settings.digest_by == "run":
        built = {record.source for record in report.built}
        members = [record for record in members if record.source in built]
    groups = group_for_digest(
        members, build_settings.digest_by, build_settings.digest_order, build_settings.timezone, report.started,
    )
    common = _common_fingerprint(settings, cast, cover)
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
            if not outputs_current(record, build_settings.output / EPISODES_DIR, build_settings.formats):
                catalog.records[source] = record = _render_again(record, settings, cover)
                made.append(record)
            continue
        items = []
        for record in group:  # an article that can no longer be read is left out, and said once
            origin = by_source[record.source].origin
            try:
                article = read_configured(settings, by_source[record.source])
                summary = summarize_configured(settings, article, cast.reader.engine)
            except NarrateError as error:
                if not any(failure.origin == origin for failure in report.failures):
                    report.failures.append(Refusal(origin, f"{error} It is left out of the digest."))
                continue
            items.append((article, summary, build_settings.base_url + record.file_name(".html")))
        if not items:
            continue
        title = digest_title(day, items[0][0].language)
        naming = catalog.naming(source, title, day)
        job = Job(
            origin=source, slug=naming.slug, number=naming.number, guid=naming.guid, published=naming.published,
            fingerprint=fingerprint,
        )
        tags = EpisodeTags(
            title=title, artist=settings.show.author, album=settings.show.title, language=items[0][0].language,
            date=day, narrator=_narrator(cast),
        )
        episode = _produce(
            lambda minutes: write_digest_script(items, settings.show, day, minutes=minutes, narrator=_narrator(cast)),
            job, settings, cast, tags,
            cover, SpeechCache(build_settings.cache), report.speech, cores,
        )
        record = EpisodeRecord(
            source=source, slug=job.slug, guid=job.guid, title=title, author=settings.show.author,
            language=items[0][0].language, published=job.published, duration_ms=episode.duration_ms,
            size=episode.audio_path.stat().st_size, summary=[article.title for article, _, _ in items],
            chapters=_chapter_entries(episode),
            fingerprint=fingerprint, number=job.number, kind="digest", narrator=_narrator(cast),
        )
        record = _render(_timed_document(episode, record, settings), record, settings, cover)
        catalog.records[source] = record
        made.append(record)
    return made


def _tags(article: Article, settings: Settings, cast: Cast) -> EpisodeTags:
    return EpisodeTags(
        title=article.title, artist=article.author or settings.show.author, album=settings.show.title,
        language=article.language, date=article.published, source_url=article.url, narrator=_narrator(cast),
    )


def _offline_hint(voices: Path, failing_voice: str) -> str:
    offline = [name for name in offline_alternatives(voices) if name != failing_voice]
    if not offline:
        return ""
    return f" Use an offline voice instead: --voice {offline[0]}."


def default_jobs() -> int:
    """As many processes as the machine has cores."""
    return os.cpu_count() or 1


__all__ = ["BuildReport", "build"]
