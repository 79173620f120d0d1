"""Web pages a screen-reader user can use: the show's index and one page per episode, with the
player, chapters that seek it, the summary and the whole transcript (Jinja2, autoescaped)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape

from .config import Settings
from .files import write_text
from .models import Episode
from .catalog import EpisodeRecord
from .script import spoken_date
from .transcripts import paragraphs

INDEX_NAME = "index.html"
WORDS = {
    "fr": {
        "skip_content": "Aller au contenu", "skip_transcript": "Aller à la transcription",
        "footer": "Produit avec narrate.", "feed_link": "Flux du podcast (RSS)",
        "feed_link_long": "Flux RSS du podcast", "subscribe": "S'abonner",
        "subscribe_help": "Copiez l'adresse du flux dans votre application de podcasts, ou ouvrez-la.",
        "episodes": "Épisodes", "no_episode": "Aucun épisode pour le moment.", "by": "Par",
        "player": "Lecteur audio", "chapters": "Chapitres", "captions": "Sous-titres",
        "download": "Télécharger l'épisode en MP3", "summary": "Résumé", "transcript": "Transcription",
        "transcript_files": "La transcription existe aussi en fichiers :", "text_file": "texte",
        "vtt_file": "sous-titres WebVTT", "srt_file": "sous-titres SRT", "source": "Lire l'article original sur",
        "cover_alt": "Couverture du podcast", "megabytes": "Mo", "decimal": ",",
    },
    "en": {
        "skip_content": "Skip to content", "skip_transcript": "Skip to the transcript",
        "footer": "Made with narrate.", "feed_link": "Podcast feed (RSS)",
        "feed_link_long": "The podcast's RSS feed", "subscribe": "Subscribe",
        "subscribe_help": "Copy the feed's address into your podcast app, or open it.",
        "episodes": "Episodes", "no_episode": "No episode yet.", "by": "By",
        "player": "Audio player", "chapters": "Chapters", "captions": "Captions",
        "download": "Download the episode as MP3", "summary": "Summary", "transcript": "Transcript",
        "transcript_files": "The transcript is also available as files:", "text_file": "text",
        "vtt_file": "WebVTT captions", "srt_file": "SRT captions", "source": "Read the original article on",
        "cover_alt": "Podcast cover", "megabytes": "MB", "decimal": ".",
    },
}

_environment = Environment(loader=PackageLoader("narrate", "templates"), autoescape=select_autoescape(["html"]))


def write_episode_page(episode: Episode, record: EpisodeRecord, settings: Settings, directory: Path) -> Path:
    """``<slug>.html`` beside the episode's MP3."""
    language = episode.article.language
    words = WORDS.get(language, WORDS["en"])
    chapters = [
        {
            "title": chapter.title, "start": f"{chapter.start_ms / 1000:.3f}", "clock": _clock(chapter.start_ms),
            "paragraphs": paragraphs(chapter),
        }
        for chapter in episode.chapters
    ]
    published = record.published
    page = _environment.get_template("episode.html").render(
        language=language, words=words, show=settings.show, root="../", title=record.title, media=episode.media,
        author=record.author, date=spoken_date(published, language), iso_date=published.isoformat(),
        duration=_duration(record.duration_ms), size=_megabytes(record.size, words), chapters=chapters,
        summary=list(episode.script.summary.sentences), source_url=record.url,
        source_host=urlsplit(record.url).hostname if record.url else "",
    )
    path = directory / f"{episode.slug}.html"
    write_text(path, page)
    return path


def write_index(settings: Settings, records: list[EpisodeRecord], cover_name: str, output: Path) -> Path:
    """``index.html``: the show, how to subscribe, and its episodes, newest first."""
    language = settings.show.language
    words = WORDS.get(language, WORDS["en"])
    episodes = []
    for record in sorted(records, key=lambda record: (record.published, record.slug), reverse=True):
        published = record.published
        episodes.append({
            "title": record.title, "page": record.file_name(".html"), "date": spoken_date(published, language),
            "iso_date": published.isoformat(), "duration": _duration(record.duration_ms),
            "summary": record.summary[0] if record.summary else "",
        })
    page = _environment.get_template("index.html").render(
        language=language, words=words, show=settings.show, root="", cover=cover_name, episodes=episodes,
        feed_url=settings.build.base_url + "feed.xml",
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
