"""Read an article file into an Article: title, byline, date and body paragraphs.

The input is plain UTF-8 text as news sites give it: the title on the first line, then
a byline ("Par …") and a dateline ("2 juillet 2021 15:07 Mis à jour: …"), then the
paragraphs. Photo captions, "Lire aussi" links and the publisher's closing appeal are
not part of the article and are dropped.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .errors import ArticleError
from .models import Article
from .tokenize import split_paragraphs

MAX_ARTICLE_BYTES = 5_000_000
"""Far above any article (a long one is ~100 kB); larger files are not articles."""

FRENCH_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)

_BYLINE = re.compile(r"^(?:par|by)\s+(?P<author>\S.{0,120})$", re.IGNORECASE)
_WRITTEN_DATE = re.compile(
    r"(?P<day>\d{1,2})(?:er)?\s+(?P<month>" + "|".join(FRENCH_MONTHS) + r")\s+(?P<year>\d{4})"
    r"(?:\s*(?:,|à)?\s*(?P<hour>\d{1,2})\s*[:h]\s*(?P<minute>\d{2}))?",
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(
    r"\b(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})"
    r"(?:\s*(?:,|à)?\s*(?P<hour>\d{1,2})\s*[:h]\s*(?P<minute>\d{2}))?"
)
_URL_LINE = re.compile(r"^(?:(?:source|url|lien)\s*:\s*)?(?P<url>https?://\S+)$", re.IGNORECASE)

_CAPTION_CREDIT = re.compile(
    r"\((?:[^()]*/[^()]*|\s*(?:photo|crédit|credit|illustration|image)\b[^()]*)\)\s*$", re.IGNORECASE
)
_CAPTION_START = re.compile(r"^(?:photo|illustration|crédit(?: photo)?|image)\s*(?::|d['’]illustration)", re.IGNORECASE)
_LINK_PARAGRAPH = re.compile(r"^(?:à\s+)?lire\s+(?:aussi|également)\b|^voir\s+aussi\b", re.IGNORECASE)
_PUBLISHER_APPEAL = re.compile(
    r"^(?:soutenez\s|abonnez-vous\b|faites\s+un\s+don\b|comment\s+pouvez-vous\s+nous\s+aider"
    r"|inscrivez-vous\s+à\s+(?:notre|la)\s+newsletter|vous\s+avez\s+aimé\s+cet\s+article)",
    re.IGNORECASE,
)
_CAPTION_MAX_WORDS = 45


def read_article(path: Path, *, language: str = "fr", timezone: str = "Europe/Paris") -> Article:
    """Read one article file; raise ArticleError naming the file when it cannot be used."""
    text = _read_text(path)
    lines = text.splitlines()
    title = lines[0].strip() if lines else ""
    if not title:
        raise ArticleError(f"{path}: the first line should be the article's title, but it is empty.")

    author = None
    published = None
    url = None
    # The header is the run of short lines under the title: byline, dateline, source URL.
    body_start = 1
    for number, raw_line in enumerate(lines[1:], start=1):
        line = raw_line.strip()
        if not line:
            body_start = number + 1
            continue
        if author is None and (match := _BYLINE.match(line)):
            author = _tidy_author(match["author"])
        elif published is None and len(line.split()) <= 16 and (found := parse_date(line, timezone)):
            published = found
        elif url is None and (match := _URL_LINE.match(line)):
            url = match["url"]
        else:
            break
        body_start = number + 1

    paragraphs = []
    for block in split_paragraphs("\n".join(lines[body_start:])):
        if _PUBLISHER_APPEAL.match(block):
            break
        if _is_caption(block) or _LINK_PARAGRAPH.match(block):
            continue
        paragraphs.append(block)
    if not paragraphs:
        raise ArticleError(f"{path}: no article text after the title and byline; add the body paragraphs.")
    if not any(re.search(r"[^\W\d_]{2,}", paragraph) for paragraph in paragraphs):
        raise ArticleError(f"{path}: the body has no sentence to read (no words found).")
    return Article(
        source=path, title=title, paragraphs=tuple(paragraphs), author=author,
        published=published, language=language, url=url,
    )


def parse_date(text: str, timezone: str = "Europe/Paris") -> datetime | None:
    """The first French date in ``text`` ("2 juillet 2021 15:07", "02/07/2021"), or None."""
    match = _WRITTEN_DATE.search(text)
    if match:
        month = FRENCH_MONTHS.index(match["month"].lower()) + 1
    else:
        match = _NUMERIC_DATE.search(text)
        if not match:
            return None
        month = int(match["month"])
    try:
        return datetime(
            int(match["year"]), month, int(match["day"]),
            int(match["hour"] or 0), int(match["minute"] or 0), tzinfo=ZoneInfo(timezone),
        )
    except ValueError:
        return None


def _read_text(path: Path) -> str:
    """The file's text, or an ArticleError that says why it is not a text article."""
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise ArticleError(
                f"{path}: {size // 1_000_000} MB is too large for an article "
                f"(limit {MAX_ARTICLE_BYTES // 1_000_000} MB); is it the right file?"
            )
        data = path.read_bytes()
    except OSError as error:
        raise ArticleError(f"{path}: cannot be read ({error.strerror}).") from error
    if b"\x00" in data:
        raise ArticleError(f"{path}: is a binary file, not a text article; remove it from the seeds.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArticleError(
            f"{path}: is not UTF-8 text (byte {error.start}); save it as UTF-8 and build again."
        ) from error
    if not text.strip():
        raise ArticleError(f"{path}: is empty; write the title on the first line, then the article.")
    return text


def _tidy_author(author: str) -> str:
    """Agency bylines such as "Pa" or "afp" are acronyms: write them in capitals."""
    author = author.strip().rstrip(".,")
    if len(author) <= 3 and author.isalpha():
        return author.upper()
    return author


def _is_caption(paragraph: str) -> bool:
    """A photo caption: short, and ending on a credit such as "(Police de Norfolk/PA)"."""
    if len(paragraph.split()) > _CAPTION_MAX_WORDS:
        return False
    return bool(_CAPTION_CREDIT.search(paragraph) or _CAPTION_START.match(paragraph))
