"""Publish built episodes: slugs, the episode manifest, the cover and the RSS feed."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import textwrap
import unicodedata
import uuid
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image

from .config import Show
from .errors import ConfigError
from .files import replacing, write_text
from .models import Episode
from .transcripts import chapters_json, chapters_webvtt, plain_text, srt, webvtt

MANIFEST_NAME = "episodes.json"
EPISODES_DIR = "episodes"
GUID_NAMESPACE = uuid.UUID("5b1e6a0c-3f0c-5c0e-9f4e-6e6172726174")
"""Fixed namespace for episode guids, so the same article always gets the same guid."""

SLUG_MAX_LENGTH = 80
MEDIA_VERSION_LENGTH = 8
_VERSIONED = re.compile(rf"(.+)-[0-9a-f]{{{MEDIA_VERSION_LENGTH}}}")
"""A media name: the slug and the version. No slug ends like this, so the two never mix."""
LIGATURES = str.maketrans({
    "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
    "þ": "th", "Þ": "TH",
})
"""Letters that Unicode does not decompose into ASCII ones: "cœur" is "coeur", not "cur"."""
RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10)), "index", "feed", "cover"}
)
"""Names Windows refuses for a file, and names of narrate's own files: never an episode's slug."""
COVER_SIZE = 3000
COVER_DESIGN = "1"
"""Changed when draw_cover draws differently, so covers drawn before are drawn again."""
STATE_NAME = ".narrate-state.json"
COVER_BACKGROUND = "#0b1d3a"
COVER_FOREGROUND = "#ffffff"
COVER_ACCENT = "#ffd166"
COVER_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    "/Library/Fonts/Arial Bold.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
)
"""Fonts with accented letters, tried in order; Pillow's own font has none."""


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
    """The article's identifier (its file name without extension)."""
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
    kind: str = "article"
    """"article", or "digest" for an episode that gathers several articles' summaries."""
    number: int = 0
    """The episode's number in the show, given once when it is first built (itunes:episode)."""

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


def media_name(slug: str, fingerprint: str) -> str:
    """``<slug>-<8 hex>``: each version of an episode's media has a name of its own."""
    return f"{slug}-{fingerprint[:MEDIA_VERSION_LENGTH]}" if fingerprint else slug


def slugify(title: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """ASCII, lower-case, hyphenated file name from ``title``, not in ``taken``.

    Never empty, never a path, cut at a word boundary under SLUG_MAX_LENGTH characters.
    """
    words = re.sub(r"[\W_]+", " ", title).translate(LIGATURES)  # apostrophes and dashes separate words
    ascii_title = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    if len(slug) > SLUG_MAX_LENGTH:
        slug = slug[:SLUG_MAX_LENGTH].rsplit("-", 1)[0]
    slug = slug or "episode"
    if slug in RESERVED_NAMES or _VERSIONED.fullmatch(slug):
        slug += "-episode"  # a slug ending in eight hex digits would read as another slug's media
    candidate, number = slug, 2
    while candidate in taken:
        candidate = f"{slug}-{number}"
        number += 1
    return candidate


def episode_guid(source: str) -> str:
    """The guid of the episode made from article ``source``: the same on every build."""
    return str(uuid.uuid5(GUID_NAMESPACE, source))


EPISODE_TEXT_SUFFIXES = (".vtt", ".srt", ".txt", ".chapters.json", ".chapters.vtt")
"""The text files published beside each episode's MP3."""
MEDIA_SUFFIXES = tuple(sorted((".mp3", *EPISODE_TEXT_SUFFIXES), key=len, reverse=True))
"""An episode's versioned files, longest endings first (".chapters.vtt" before ".vtt")."""


def write_episode_texts(episode: Episode, directory: Path) -> list[Path]:
    """Captions (WebVTT, SRT), the plain transcript and the chapters (JSON, WebVTT) beside the MP3."""
    contents = {
        ".vtt": webvtt(episode.chapters),
        ".srt": srt(episode.chapters),
        ".txt": plain_text(episode.article.title, episode.chapters),
        ".chapters.json": chapters_json(episode.chapters),
        ".chapters.vtt": chapters_webvtt(episode.chapters),
    }
    paths = []
    for suffix, text in contents.items():
        path = directory / f"{episode.media}{suffix}"
        write_text(path, text)
        paths.append(path)
    return paths


def remove_episode_files(output: Path, record: EpisodeRecord, published: list[EpisodeRecord]) -> None:
    """Delete an episode's page and every version of its MP3, captions, transcript and chapters,
    never a file that one of the ``published`` episodes uses."""
    (output / record.file_name(".html")).unlink(missing_ok=True)
    remove_old_versions(output, [record], published)


def remove_old_versions(output: Path, settled: list[EpisodeRecord], published: list[EpisodeRecord]) -> None:
    """Delete the media of earlier versions of the ``settled`` episodes, once nothing published
    points to them; a file that one of the ``published`` episodes uses is never touched."""
    in_use = {record.media for record in published}
    for path, media in _media_files(output, {record.slug for record in settled}):
        if media not in in_use:
            path.unlink(missing_ok=True)


def _media_files(output: Path, slugs: set[str]) -> list[tuple[Path, str]]:
    """(file, media name) of every media file of these ``slugs``, whatever its version, in one
    listing. A file belongs to a slug when its name is exactly that slug and a version: a slug
    that merely starts with another ("foo-1a2b3c4d" and "foo") takes none of its files."""
    directory = output / EPISODES_DIR
    if not directory.is_dir():
        return []
    found = []
    for path in directory.iterdir():
        suffix = next((s for s in MEDIA_SUFFIXES if path.name.endswith(s)), None)
        if suffix is None:
            continue
        media = path.name[: -len(suffix)]
        versioned = _VERSIONED.fullmatch(media)
        owners = {media} & slugs | ({versioned.group(1)} & slugs if versioned else set())
        if len(owners) == 1:
            found.append((path, media))
    return found


def load_manifest(output: Path) -> dict[str, EpisodeRecord]:
    """Records of the episodes built before, by source; empty when there are none or it is unreadable."""
    path = output / MANIFEST_NAME
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
        return {entry["source"]: _record(entry) for entry in entries}
    except (OSError, ValueError, TypeError, KeyError):
        return {}


def _record(entry: dict[str, Any]) -> EpisodeRecord:
    """A manifest entry as a record: its date aware (UTC when the entry gave no offset), its
    chapters typed."""
    published = datetime.fromisoformat(entry["published"])
    return EpisodeRecord(**{
        **entry,
        "published": published if published.tzinfo else published.replace(tzinfo=timezone.utc),
        "chapters": tuple(ChapterMark(**chapter) for chapter in entry.get("chapters", ())),
    })


def save_manifest(output: Path, records: list[EpisodeRecord]) -> None:
    """Write the records, sorted by source so that the file does not depend on build order."""
    entries = [
        {**asdict(record), "published": record.published.isoformat()}
        for record in sorted(records, key=lambda record: record.source)
    ]
    write_text(output / MANIFEST_NAME, json.dumps(entries, ensure_ascii=False, indent=2) + "\n")


@dataclass(frozen=True)
class Cover:
    """The show's cover in the output folder: its file name, what it is made from (for
    fingerprints), and, while a thread is still drawing it, that drawing."""

    name: str
    identity: str
    output: Path
    drawing: Future[None] | None = field(default=None, compare=False, repr=False)

    def path(self) -> Path:
        """The cover's file, once it is there."""
        if self.drawing is not None:
            self.drawing.result()
        return self.output / self.name

    def settle(self) -> None:
        """Wait until no thread is drawing, whether it succeeded or not (``path`` tells which)."""
        if self.drawing is not None:
            wait([self.drawing])

    def finished(self) -> Cover:
        """This cover once drawn, without the thread: what can be handed to other processes."""
        self.path()
        return replace(self, drawing=None)


def publish_cover(show: Show, output: Path) -> Cover:
    """Put the show's cover in ``output``; draw one when none is configured.

    Drawing takes a tenth of a second, nearly all of it in Pillow's C code, which lets other
    threads run: it goes on in a thread while the first episode is summarised and spoken.
    """
    if show.image:
        source = Path(show.image)
        suffix = source.suffix.lower()
        if suffix not in {".png", ".jpg", ".jpeg"} or not source.is_file():
            raise ConfigError(f"cover image {source} must be an existing .png or .jpg file.")
        name = f"cover{'.jpg' if suffix == '.jpeg' else suffix}"
        destination = output / name
        picture = source.read_bytes()
        if not destination.is_file() or destination.read_bytes() != picture:
            with replacing(destination) as temporary:
                shutil.copyfile(source, temporary)
        return Cover(name, "file:" + hashlib.sha256(picture).hexdigest(), output)
    name = "cover.png"
    signature = f"{COVER_DESIGN}:{show.title}"
    cover = Cover(name, "drawn:" + signature, output)
    if load_state(output).get("cover") == signature and (output / name).is_file():
        return cover
    drawer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="narrate-cover")
    drawing = drawer.submit(_draw_cover_file, show.title, output / name, signature)
    drawer.shutdown(wait=False)  # the thread ends with the drawing
    return replace(cover, drawing=drawing)


def _draw_cover_file(title: str, destination: Path, signature: str) -> None:
    with replacing(destination) as temporary:
        draw_cover(title).save(temporary, format="PNG", compress_level=6)  # twice as fast as optimize, 5% larger
    save_state(destination.parent, {**load_state(destination.parent), "cover": signature})


def load_state(output: Path) -> dict[str, str]:
    """What narrate noted about the output the last time (the cover it drew, the site it published)."""
    try:
        return json.loads((output / STATE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def save_state(output: Path, state: dict[str, str]) -> None:
    write_text(output / STATE_NAME, json.dumps(state, ensure_ascii=False) + "\n")


def draw_cover(title: str) -> Image.Image:
    """A square, high-contrast cover with the show's title in large letters."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (COVER_SIZE, COVER_SIZE), COVER_BACKGROUND)
    draw = ImageDraw.Draw(image)
    font_path = next((path for path in COVER_FONTS if Path(path).is_file()), None)
    size = 260
    text = title
    if font_path is None:
        # Pillow's built-in font has no accented letters: write them without accents.
        text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    font = ImageFont.truetype(font_path, size) if font_path else ImageFont.load_default(size=size)
    lines = textwrap.wrap(text, width=16) or [text]
    line_height = int(size * 1.25)
    top = (COVER_SIZE - line_height * len(lines)) // 2
    for number, line in enumerate(lines):
        width = draw.textlength(line, font=font)
        draw.text(((COVER_SIZE - width) / 2, top + number * line_height), line, font=font, fill=COVER_FOREGROUND)
    bar_top = top + line_height * len(lines) + 120
    draw.rectangle([(COVER_SIZE // 2 - 400, bar_top), (COVER_SIZE // 2 + 400, bar_top + 60)], fill=COVER_ACCENT)
    return image


def file_date(path: Path) -> datetime:
    """When ``path`` was last written, in UTC: the date of an article that gives none."""
    return datetime.fromtimestamp(int(path.stat().st_mtime), timezone.utc)
