"""Web pages a screen-reader user can use: the show's index and one page per episode, with the
player, chapters that seek it, the summary and the whole transcript (Jinja2, autoescaped)."""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, select_autoescape

from .catalog import EPISODES_DIR, EpisodeRecord
from .config import Settings
from .errors import NarrateError
from .files import private_cache, write_text
from .locales import words_for
from .models import TimedDocument
from .outputs import renditions
from .script import spoken_date

log = logging.getLogger(__name__)

INDEX_NAME = "index.html"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """Jinja's environment over narrate's templates. Compiling them took a twentieth of a second
    at every build; they are compiled once per user, into this user's own cache (Jinja checks
    each template's source against what it compiled), or at every build when there is no such cache."""
    try:
        compiled: FileSystemBytecodeCache | None = FileSystemBytecodeCache(str(private_cache("templates", "set XDG_CACHE_HOME")))
    except NarrateError as error:
        log.debug("templates compiled anew: %s", error)
        compiled = None
    return Environment(loader=PackageLoader("narrate", "templates"), autoescape=select_autoescape(["html"]), bytecode_cache=compiled)


def write_episode_page(document: TimedDocument, record: EpisodeRecord, settings: Settings, directory: Path) -> Path:
    """``<slug>.html`` beside the episode's MP3: its player, chapters, summary and transcript,
    the other forms it comes in, and its accessibility described for machines (schema.org)."""
    language = document.language
    words = words_for(language)
    chapters = [
        {
            "title": chapter.title, "start": f"{chapter.start_ms / 1000:.3f}", "clock": _clock(chapter.start_ms),
            "paragraphs": [
                [{"text": sentence.text, "start": f"{sentence.start_ms / 1000:.3f}"} for sentence in sentences]
                for _, sentences in groupby(chapter.sentences, key=lambda sentence: sentence.paragraph)
            ],
        }
        for chapter in document.chapters
    ]
    published = record.published
    offered = [
        {
            "href": f"{document.media}{rendition.suffix}", "label": words[rendition.label],
            "about": words[rendition.label + "_about"].format(words=settings.build.fast_words_per_minute),
            "size": _megabytes(rendition.size, words),
        }
        for rendition in renditions(record, directory)
    ]
    page = _environment().get_template("episode.html").render(
        language=language, words=words, show=settings.show, root="../", title=record.title, media=document.media,
        author=record.author, date=spoken_date(published, language), iso_date=published.isoformat(),
        duration=_duration(record.duration_ms), size=_megabytes(record.size, words), chapters=chapters,
        summary=list(document.summary), source_url=record.url, renditions=offered,
        source_host=urlsplit(record.url).hostname if record.url else "",
        narrator=words["narrator"].format(engine=document.narrator),
        player=_player(settings, words, document.title, document.media, document.guid, document.language, "", sentences=True),
        metadata=_json_in_html(accessibility_metadata(document, words)),
    )
    path = directory / f"{document.slug}.html"
    write_text(path, page)
    return path


PLAYER_WORDS = ("play", "pause", "speed", "resume", "chapter", "report_subject", "decimal")
"""The words player.js says or shows itself."""


def _player(
    settings: Settings, words: dict[str, str], title: str, media: str, guid: str, language: str, base: str,
    *, sentences: bool,
) -> dict[str, object]:
    """What the player's template needs: its episode, where its files are, its words."""
    return {
        "title": title, "media": media, "guid": guid, "language": language, "base": base, "sentences": sentences,
        "report_url": settings.show.report_url, "words": {key: words[key] for key in PLAYER_WORDS},
    }


def _json_in_html(data: object) -> str:
    """JSON that a <script> element carries safely: no "<", ">" or "&" that HTML would read."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def accessibility_metadata(document: TimedDocument, words: dict[str, str]) -> dict[str, object]:
    """The episode as schema.org describes an audio work and its accessibility (JSON-LD): what
    a search engine or a library catalogue reads to tell a reader it is for them."""
    return {
        "@context": "https://schema.org", "@type": "PodcastEpisode", "name": document.title,
        "inLanguage": document.language, "datePublished": document.published.isoformat(),
        "timeRequired": f"PT{round(document.duration_ms / 1000)}S",
        **({"author": {"@type": "Person", "name": document.author}} if document.author else {}),
        "partOfSeries": {"@type": "PodcastSeries", "name": document.show},
        "accessMode": ["auditory", "textual"],
        "accessModeSufficient": [
            {"@type": "ItemList", "itemListElement": ["auditory"]}, {"@type": "ItemList", "itemListElement": ["textual"]},
        ],
        "accessibilityFeature": ["transcript", "captions", "synchronizedAudioText", "structuralNavigation", "readingOrder"],
        "accessibilityHazard": "none",
        "accessibilitySummary": words["accessibility_summary"].format(engine=document.narrator),
        "readBy": {"@type": "Thing", "name": words["narrator"].format(engine=document.narrator)},
    }


def write_index(settings: Settings, records: list[EpisodeRecord], cover_name: str, output: Path) -> Path:
    """``index.html``: the show, how to subscribe, and its episodes, newest first."""
    language = settings.show.language
    words = words_for(language)
    episodes = []
    for record in sorted(records, key=lambda record: (record.published, record.slug), reverse=True):
        published = record.published
        episodes.append({
            "title": record.title, "page": record.file_name(".html"), "date": spoken_date(published, language),
            "iso_date": published.isoformat(), "duration": _duration(record.duration_ms),
            "summary": record.summary[0] if record.summary else "",
        })
    latest = max(records, key=lambda record: (record.published, record.slug), default=None)
    player = None
    if latest is not None:
        player = _player(settings, words, latest.title, latest.media, latest.guid, latest.language, f"{EPISODES_DIR}/", sentences=False)
        player["page"] = latest.file_name(".html")
    page = _environment().get_template("index.html").render(
        language=language, words=words, show=settings.show, root="", cover=cover_name, episodes=episodes,
        feed_url=settings.build.base_url + "feed.xml", player=player,
    )
    path = output / INDEX_NAME
    write_text(path, page)
    return path


def _clock(milliseconds: int) -> str:
    minutes, seconds = divmod(milliseconds // 1000, 60)
    return f"{minutes}:{seconds:02d}"


def _duration(milliseconds: int) -> str:
    minutes, seconds = divmod(round(milliseconds / 1000), 60)
    return f"{minutes} min {seconds:02d} s"


def _megabytes(size: int, words: dict[str, str]) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", words["decimal"]) + f" {words['megabytes']}"
