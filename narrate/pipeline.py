"""Chain the stages: read -> summarise -> script -> speak -> assemble -> publish.

This module knows the order of the stages and nothing of how each works.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .audio import EpisodeTags, chapter_signal, join_segments, level_segments, write_episode
from .config import Settings
from .errors import NarrateError, VoiceError
from .models import Article, Episode
from .publish import (
    EPISODES_DIR, EpisodeRecord, episode_guid, load_manifest, now_iso, publish_cover, save_manifest, slugify,
    remove_episode_files, write_episode_texts,
)
from .feed import write_feed
from .pages import write_episode_page, write_index
from .read import SUFFIXES, read_article
from .script import write_script
from .speak import Pacing, SpeechStats, speak_segments
from .transcripts import plain_text
from .speech import SpeechEngine, Voice, find_profile, offline_alternatives
from .speech.cache import SpeechCache
from .summarize import DEFAULT_WORDS_PER_MINUTE, summarize, summary_length

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class Failure:
    """An article that could not be built, and why."""

    source: Path
    message: str


@dataclass
class BuildReport:
    """What a build did: the episodes it made, the articles it could not, and the feed."""

    episodes: list[Episode] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    feed: Path | None = None
    speech: SpeechStats = field(default_factory=SpeechStats)
    pruned: int = 0

    @property
    def audio_ms(self) -> int:
        return sum(episode.duration_ms for episode in self.episodes)


Progress = Callable[[int, int, Path], None]
"""Called before each article with its number (from 1), the number of articles, and its path."""


def find_articles(seeds: Path) -> list[Path]:
    """The article files in ``seeds``, sorted by name; NarrateError when there are none."""
    if not seeds.is_dir():
        raise NarrateError(f"no seeds directory at {seeds}; create it and put articles in it, or pass --seeds DIR.")
    articles = sorted(path for path in seeds.iterdir() if path.is_file() and path.suffix.lower() in SUFFIXES)
    if not articles:
        raise NarrateError(
            f"no articles in {seeds}: add .txt, .md or .html files (in text, the title on the first line, then the article)."
        )
    return articles


@dataclass(frozen=True)
class Cast:
    """Who reads what: the host says the intro and outro, the reader the article."""

    reader: Voice
    host: Voice

    def voice_for(self, kind: str) -> Voice:
        return self.host if kind in {"intro", "outro"} else self.reader


def load_cast(settings: Settings) -> Cast:
    """The configured reader and host voices, each checked to run here."""
    reader = load_voice(settings, settings.build.voice)
    host_name = settings.build.host_voice
    host = load_voice(settings, host_name) if host_name and host_name != reader.name else reader
    return Cast(reader=reader, host=host)


def load_voice(settings: Settings, name: str) -> Voice:
    """The voice profile ``name``, checked to run here; the error names the offline voices."""
    voices = settings.build.voices
    profile = find_profile(voices, name)
    engine = profile.load_engine()
    reason = engine.unavailable_reason()
    if reason:
        raise VoiceError(f"voice {profile.name!r} cannot run here: {reason}.{_offline_hint(voices, profile.name)}")
    return Voice(name=profile.name, engine=engine, lexicon=profile.lexicon)


def summary_length_for(settings: Settings, engine: SpeechEngine | None) -> dict[str, int]:
    """The configured summary length, with minutes turned into words at ``engine``'s pace."""
    build = settings.build
    words_per_minute = engine.words_per_minute if engine else DEFAULT_WORDS_PER_MINUTE
    return summary_length(build.sentences, build.words, build.minutes, words_per_minute)


def configured_voice(settings: Settings) -> Voice | None:
    """The configured voice without checking it can run, or None when it cannot be loaded."""
    try:
        profile = find_profile(settings.build.voices, settings.build.voice)
        return Voice(name=profile.name, engine=profile.load_engine(), lexicon=profile.lexicon)
    except NarrateError:
        return None


def configured_engine(settings: Settings) -> SpeechEngine | None:
    """The configured voice's engine, or None when it cannot be loaded."""
    voice = configured_voice(settings)
    return voice.engine if voice else None


def build(settings: Settings, *, on_article: Progress | None = None, prune: bool = False) -> BuildReport:
    """Build an episode for every article in the seeds directory, then the feed and pages.

    A failing article is reported and skipped; the others are still built. An episode whose
    article was removed stays published, unless ``prune``: then it and its files go.
    """
    articles = find_articles(settings.build.seeds)
    cast = load_cast(settings)
    cache = SpeechCache(settings.build.cache)
    output = settings.build.output
    previous = load_manifest(output)
    cover_name = publish_cover(settings.show, output)
    report = BuildReport()
    records = dict(previous)
    for number, path in enumerate(articles, start=1):
        if on_article:
            on_article(number, len(articles), path)
        taken = {record.slug for source, record in records.items() if source != path.stem}
        try:
            number = previous[path.stem].number if path.stem in previous else 1 + max(
                (record.number for record in records.values()), default=0
            )
            episode, record = build_episode(
                path, settings, cast, taken, previous.get(path.stem), output / cover_name, cache, report.speech, number
            )
        except VoiceError as error:
            report.failures.append(Failure(path, f"{error}{_offline_hint(settings.build.voices, settings.build.voice)}"))
            continue
        except NarrateError as error:
            report.failures.append(Failure(path, str(error)))
            continue
        report.episodes.append(episode)
        records[record.source] = record
    if prune:
        current = {path.stem for path in articles}
        for source in [source for source in records if source not in current]:
            remove_episode_files(output, records.pop(source))
            report.pruned += 1
    kept = [record for record in records.values() if (output / record.audio_name).is_file()]
    save_manifest(output, kept)
    report.feed = write_feed(settings, kept, cover_name, output)
    write_index(settings, kept, cover_name, output)
    return report


def build_episode(
    path: Path, settings: Settings, cast: Cast, taken: set[str], previous: EpisodeRecord | None, cover: Path,
    cache: SpeechCache | None = None, stats: SpeechStats | None = None, number: int = 0,
) -> tuple[Episode, EpisodeRecord]:
    """Read, summarise, script, speak and assemble one article into its MP3."""
    build_settings, show = settings.build, settings.show
    article = read_article(path, language=show.language, timezone=build_settings.timezone)
    summary = summarize(article, algorithm=build_settings.algorithm, **summary_length_for(settings, cast.reader.engine))
    pacing = Pacing(build_settings.sentence_pause, build_settings.paragraph_pause, build_settings.chapter_pause)
    draft = write_script(article, summary, show, full=build_settings.full)
    # The intro says how long the episode is: speak the rest first, then the intro.
    body = speak_segments(
        [(segment, cast.voice_for(segment.kind)) for segment in draft.segments[1:]], article.language, pacing,
        cache, stats,
    )
    body_ms = sum(len(part.audio) for part in body) + pacing.chapter_ms * len(body)
    script = write_script(article, summary, show, full=build_settings.full, minutes=body_ms / 60_000 + 0.25)
    (intro,) = speak_segments([(script.segments[0], cast.host)], article.language, pacing, cache, stats)
    signal = chapter_signal() if build_settings.chapter_signal else None
    track, chapters = join_segments(level_segments([intro, *body]), pacing.chapter_ms, signal)

    slug = previous.slug if previous and previous.slug not in taken else slugify(article.title, taken)
    audio_path = settings.build.output / EPISODES_DIR / f"{slug}.mp3"
    write_episode(track, chapters, _tags(article, settings, cover), audio_path, plain_text(article.title, chapters))
    log.info("%s -> %s (%.1f s)", path, audio_path, len(track) / 1000)
    episode = Episode(
        slug=slug, script=script, audio_path=audio_path, duration_ms=len(track), chapters=chapters,
        guid=previous.guid if previous else episode_guid(article.identifier),
    )
    write_episode_texts(episode, audio_path.parent)
    record = EpisodeRecord(
        source=article.identifier, slug=slug, guid=episode.guid, title=article.title, author=article.author,
        language=article.language,
        published=article.published.isoformat() if article.published else (previous.published if previous else now_iso()),
        duration_ms=len(track), size=audio_path.stat().st_size, summary=list(summary.sentences), url=article.url,
        chapters=[{"title": c.title, "start_ms": c.start_ms, "end_ms": c.end_ms} for c in chapters], number=number,
    )
    write_episode_page(episode, record, settings, audio_path.parent)
    return episode, record


def _tags(article: Article, settings: Settings, cover: Path) -> EpisodeTags:
    return EpisodeTags(
        title=article.title, artist=article.author or settings.show.author, album=settings.show.title,
        language=article.language, date=article.published, source_url=article.url, cover=cover,
    )


def _offline_hint(voices: Path, failing_voice: str) -> str:
    offline = [name for name in offline_alternatives(voices) if name != failing_voice]
    if not offline:
        return ""
    return f" Use an offline voice instead: --voice {offline[0]}."
