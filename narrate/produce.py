"""Making one episode: summarise its article, write and speak its script, assemble and encode
the MP3 with its tags and chapters, then render every output from its timed document.

The intro says how long the episode is, so the body is spoken first and the intro last. What
an episode is made of is a TimedDocument (what is heard, and when), from which its record in
the catalog is built, in one place, and every output rendered. The fast rendition is a second
product of the same script, with media of its own.

Imported only by the processes that make episodes: the language and audio stacks it brings are
most of narrate's start-up time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .audio import chapter_signal, join_segments, write_episode, write_mp3
from .catalog import EPISODES_DIR, ChapterMark, EpisodeRecord
from .config import Settings
from .cover import Cover
from .errors import ArticleError, NarrateError, VoiceError, unexpected
from .models import EpisodeTags, RenderContext, Script, Segment, SpeechStats, TimedDocument
from .naming import media_name
from .outputs import FAST, render_outputs, save_timed
from .pace import voice_pace
from .pages import write_episode_page
from .plan import FAST_PACE, FAST_UNAVAILABLE, Job, Produce, Rerender
from .script import write_script
from .speak import Pacing, speak_segments
from .speech import Voice
from .speech.cache import SpeechCache
from .speech.cast import Cast, offline_hint
from .summarize import summarize_configured
from .tokenize import french_tokenizer, split_paragraphs
from .transcripts import plain_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What one job gave: its episode's record, or why it failed."""

    origin: str
    record: EpisodeRecord | None = None
    error: str | None = None
    speech: SpeechStats = field(default_factory=SpeechStats)


def build_job(job: Job, *, settings: Settings, casts: dict[str, Cast], cover: Cover, cores: int = 1) -> Outcome:
    """Do one job of the plan; never raises for a problem with the article or the voice."""
    stats = SpeechStats()
    cast = casts[job.voice] if isinstance(job, Produce) else casts[""]
    try:
        if isinstance(job, Rerender):
            record = render(job.document, job.record, settings, cover)
        else:
            record = produce(job, settings, cast, cover, SpeechCache(settings.build.cache), stats, cores)
    except VoiceError as error:
        return Outcome(job.origin, error=f"{job.origin}: {error}{offline_hint(settings.build.voices, cast.reader.name)}", speech=stats)
    except NarrateError as error:
        message = str(error)
        return Outcome(job.origin, error=message if job.origin in message else f"{job.origin}: {message}", speech=stats)
    except Exception as error:  # noqa: BLE001 (one article's surprise never stops the others)
        return Outcome(job.origin, error=unexpected(job.origin, error), speech=stats)
    return Outcome(job.origin, record=record, speech=stats)


def produce(
    job: Produce, settings: Settings, cast: Cast, cover: Cover, cache: SpeechCache | None = None,
    stats: SpeechStats | None = None, cores: int = 1,
) -> EpisodeRecord:
    """Summarise, script, speak and assemble one article, then render its outputs and page;
    its record, as the catalog keeps it."""
    build_settings, show, article = settings.build, settings.show, job.article
    summary = summarize_configured(settings, article, voice_pace(cast.reader, cache))

    def make_script(minutes: float | None) -> Script:
        return write_script(
            article, summary, show, full=build_settings.full, minutes=minutes, narrator=cast.narrator,
            frame=build_settings.frame,
        )

    heard = TimedDocument(
        title=article.title, language=article.language, author=article.author, published=article.published or job.published,
        url=article.url, guid=job.guid, slug=job.slug, media="", duration_ms=0, narrator=cast.narrator,
        show=show.title, publisher=show.author, summary=summary.sentences, chapters=(),
    )
    tags = EpisodeTags(
        title=article.title, artist=article.author or show.author, album=show.title, language=article.language,
        date=article.published, source_url=article.url, narrator=cast.narrator, cover=cover.path(),
    )
    speak = Speaking(settings, cast, cache, stats, cores, job.origin)
    document = speak.episode(make_script, heard, tags, job.fingerprint)
    record = episode_record(document, source=article.source, fingerprint=job.fingerprint, number=job.number, settings=settings, image=article.image)
    if build_settings.fast_words_per_minute:
        made = _fast_rendition(speak, make_script, heard, tags, job.fingerprint, _heard_pace(document))
        pace = str(build_settings.fast_words_per_minute)
        record = replace(record, outputs={FAST_PACE: pace if made else FAST_UNAVAILABLE + pace})
    else:
        for path in (build_settings.output / EPISODES_DIR).glob(f"{document.media}{FAST}.*"):  # no longer asked for
            path.unlink(missing_ok=True)
    return render(document, record, settings, cover)


@dataclass(frozen=True)
class Speaking:
    """How an episode's script is spoken and assembled: with these voices and settings, its
    sentences from this cache, its encoding on this many cores; ``origin`` names it in the log."""

    settings: Settings
    cast: Cast
    cache: SpeechCache | None
    stats: SpeechStats | None
    cores: int
    origin: str

    def episode(
        self, make_script: Callable[[float | None], Script], heard: TimedDocument, tags: EpisodeTags, fingerprint: str,
        variant: str = "", pauses: float = 1.0,
    ) -> TimedDocument:
        """Speak the script ``make_script`` writes (given the body's length in minutes for its
        intro) into ``<media><variant>.mp3``, tagged, with its chapters; ``heard`` with them.
        ``pauses`` scales the pauses (the fast rendition's go faster too)."""
        build = self.settings.build
        pacing = Pacing(*(round(pause * pauses) for pause in (build.sentence_pause, build.paragraph_pause, build.chapter_pause)))
        draft = make_script(None)
        language = draft.article.language
        body = speak_segments(
            [(segment, self.cast.voice_for(segment.kind)) for segment in draft.body], language, pacing, self.cache, self.stats,
        )
        body_ms = sum(len(part.audio) for part in body) + pacing.chapter_ms * len(body)
        script = make_script(body_ms / 60_000 + 0.25)
        (intro,) = speak_segments([(script.intro, self.cast.host)], language, pacing, self.cache, self.stats)
        signal = chapter_signal() if build.chapter_signal else None
        # One voice sounds equally loud throughout: parts need levelling only between two voices.
        track, chapters = join_segments([intro, *body], pacing.chapter_ms, signal, level=self.cast.host is not self.cast.reader)
        media = media_name(heard.slug, fingerprint) + variant
        audio_path = build.output / EPISODES_DIR / f"{media}.mp3"
        write_episode(track, chapters, tags, audio_path, plain_text(script.article.title, chapters), cores=self.cores)
        log.info("%s -> %s (%.1f s)", self.origin, audio_path, track.duration_ms / 1000)
        return replace(heard, media=media, duration_ms=track.duration_ms, chapters=chapters)


def _fast_rendition(
    speak: Speaking, make_script: Callable[[float | None], Script], heard: TimedDocument, tags: EpisodeTags,
    fingerprint: str, pace: float,
) -> bool:
    """The episode spoken at ``fast_words_per_minute`` by the same voices, synthesised at that
    pace (a voice sped up in a player is distorted), with its own chapters and captions. The
    voices and the pauses go faster by the same factor: the ``pace`` heard at normal speed
    times it is the pace asked for. False when a voice cannot speak faster."""
    settings, cast = speak.settings, speak.cast
    factor = settings.build.fast_words_per_minute / pace
    fast_voices = {}
    for voice in cast.voices:
        engine = voice.engine.at_pace(voice.engine.words_per_minute * factor)
        if engine is None:
            log.warning("%s: voice %s cannot speak faster; no fast rendition.", speak.origin, voice.name)
            return False
        fast_voices[voice.name] = replace(voice, engine=engine)
    fast = replace(speak, cast=Cast(reader=fast_voices[cast.reader.name], host=fast_voices[cast.host.name]))
    document = fast.episode(make_script, heard, tags, fingerprint, variant=FAST, pauses=1 / factor)
    directory = settings.build.output / EPISODES_DIR
    save_timed(document, directory)
    render_outputs(document, RenderContext(directory, directory / f"{document.media}.mp3", None), ("mp3",))
    return True


def _heard_pace(document: TimedDocument) -> float:
    """Words of the episode's text per minute of its audio, pauses included: its pace as heard."""
    words = sum(len(sentence.text.split()) for sentence in document.sentences)
    return words / max(document.duration_ms / 60_000, 1 / 60)


def episode_record(
    document: TimedDocument, *, source: str, fingerprint: str, number: int, settings: Settings, image: str | None = None,
) -> EpisodeRecord:
    """The catalog's record of the episode ``document`` tells of, its MP3 just made."""
    audio = settings.build.output / EPISODES_DIR / f"{document.media}.mp3"
    return EpisodeRecord(
        source=source, slug=document.slug, guid=document.guid, title=document.title, author=document.author,
        language=document.language, published=document.published, duration_ms=document.duration_ms,
        size=audio.stat().st_size, summary=list(document.summary), url=document.url,
        chapters=tuple(ChapterMark(c.title, c.start_ms, c.end_ms) for c in document.chapters), image=image,
        fingerprint=fingerprint, number=number, narrator=document.narrator, kind=document.kind,
    )


def render(document: TimedDocument, record: EpisodeRecord, settings: Settings, cover: Cover) -> EpisodeRecord:
    """Keep the timed document with the episode, render its outputs that are not current, and
    its page; the record, with the versions rendered."""
    directory = settings.build.output / EPISODES_DIR
    save_timed(document, directory)
    context = RenderContext(directory, directory / f"{document.media}.mp3", cover.path())
    outputs = render_outputs(document, context, settings.build.formats, record.outputs)
    if FAST_PACE in record.outputs:
        outputs[FAST_PACE] = record.outputs[FAST_PACE]
    record = replace(record, outputs=outputs)
    write_episode_page(document, record, settings, directory)
    return record


def speak_text(text: str, settings: Settings, voice: Voice, destination: Path, *, cores: int = 1) -> None:
    """``text`` said by ``voice``, sentence by sentence with the usual pauses, into a plain MP3 at
    ``destination`` (``narrate speak``); ArticleError when it has nothing to say."""
    tokenizer = french_tokenizer()
    paragraphs = tuple(sentences for sentences in map(tokenizer.to_sentences, split_paragraphs(text)) if sentences)
    if not paragraphs:
        raise ArticleError("there is nothing to say: TEXT is empty.")
    spoken = speak_segments([(Segment("text", "", paragraphs), voice)], settings.show.language, Pacing(), SpeechCache(settings.build.cache))
    track, _ = join_segments(spoken, 0)
    write_mp3(track, destination, cores=cores)
