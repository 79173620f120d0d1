"""Read an article file into an Article: title, byline, date and body paragraphs.

Three formats, chosen by the file's extension:

- plain text (``.txt``) as news sites give it: the title on the first line, then a byline
  ("Par …"), a dateline ("2 juillet 2021 15:07 Mis à jour: …") and the source URL on
  lines of their own, then the paragraphs;
- Markdown (``.md``): a ``# Title`` heading (or front matter ``title:``, ``author:``,
  ``date:``), the same header lines, then the text;
- HTML (``.html``): the page's main text and metadata, found by trafilatura.

Text may be UTF-8 or Windows-1252/Latin-1 (the encoding is detected). Photo captions,
"Lire aussi" links and the publisher's closing appeal are not part of the article and are
dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .errors import ArticleError
from .normalize.fr_tables import MONTHS as FRENCH_MONTHS
from .models import Article
from .tokenize import split_paragraphs

MAX_ARTICLE_BYTES = 5_000_000
"""Far above any article (a long one is ~100 kB); larger files are not articles."""
HTML_SUFFIXES = (".html", ".htm")
MARKDOWN_SUFFIXES = (".md", ".markdown")
TEXT_SUFFIXES = (".txt", ".text")
SUFFIXES = (*TEXT_SUFFIXES, *MARKDOWN_SUFFIXES, *HTML_SUFFIXES)


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
_FRONT_MATTER = re.compile(r"\A---\s*\n(?P<body>.*?)\n---\s*\n", re.DOTALL)
_FRONT_MATTER_FIELD = re.compile(r"^(?P<key>\w+)\s*:\s*[\"']?(?P<value>.*?)[\"']?\s*$", re.MULTILINE)

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
_MEDIA_LABEL = re.compile(r"^(?:vidéo|photos?|infographie|diaporama)\b\s*[.:-]", re.IGNORECASE)
"""A label announcing media the listener cannot see ("VIDÉO.", "PHOTOS :")."""
_CAPTION_MAX_WORDS = 45
_MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")
"""UTF-8 read as Windows-1252 ("Ã©" for "é"): the bytes were UTF-8, but broken."""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class _Parts:
    """What a reader found before the article's paragraphs are cleaned."""

    title: str
    paragraphs: list[str]
    author: str | None = None
    published: datetime | None = None
    url: str | None = None
    header: list[str] = field(default_factory=list)
    """Lines under the title that may hold the byline, dateline and source URL."""


def read_article(path: Path, *, language: str = "fr", timezone: str = "Europe/Paris") -> Article:
    """Read one article file; raise ArticleError naming the file when it cannot be used."""
    text = _read_text(path)
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        parts = _html_parts(text, path, timezone)
    elif suffix in MARKDOWN_SUFFIXES:
        parts = _markdown_parts(text, timezone)
    else:
        parts = _text_parts(text)
    if not parts.title:
        raise ArticleError(f"{path}: the first line should be the article's title, but it is empty.")
    _read_header(parts, timezone)
    paragraphs = _article_paragraphs(parts.paragraphs)
    if not paragraphs:
        raise ArticleError(f"{path}: no article text after the title and byline; add the body paragraphs.")
    if not any(re.search(r"[^\W\d_]{2,}", paragraph) for paragraph in paragraphs):
        raise ArticleError(f"{path}: the body has no sentence to read (no words found).")
    return Article(
        source=path, title=parts.title, paragraphs=tuple(paragraphs), author=parts.author,
        published=parts.published, language=language, url=parts.url,
    )


def parse_date(text: str, timezone: str = "Europe/Paris") -> datetime | None:
    """The first French or ISO date in ``text`` ("2 juillet 2021 15:07", "02/07/2021", "2021-07-02"), or None."""
    match = _WRITTEN_DATE.search(text)
    if match:
        month = FRENCH_MONTHS.index(match["month"].lower()) + 1
    elif match := _NUMERIC_DATE.search(text):
        month = int(match["month"])
    else:
        return _parse_iso_date(text.strip(), timezone)
    try:
        return datetime(
            int(match["year"]), month, int(match["day"]),
            int(match["hour"] or 0), int(match["minute"] or 0), tzinfo=ZoneInfo(timezone),
        )
    except ValueError:
        return None


def _parse_iso_date(text: str, timezone: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(timezone))


def _text_parts(text: str) -> _Parts:
    lines = text.splitlines()
    title = lines[0].strip() if lines else ""
    return _split_header(title, lines[1:])


def _split_header(title: str, lines: list[str], *, line_paragraphs: bool = False) -> _Parts:
    """The short lines right under the title form the header; the body follows, in paragraphs
    separated by blank lines, or one per line with ``line_paragraphs`` (extracted HTML)."""
    header: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        if line and (_BYLINE.match(line) or _URL_LINE.match(line) or (len(line.split()) <= 16 and parse_date(line))):
            header.append(line)
        elif line:
            break
        index += 1
    body = lines[index:] if line_paragraphs else list(split_paragraphs("\n".join(lines[index:])))
    return _Parts(title=title, header=header, paragraphs=body)


def _markdown_parts(text: str, timezone: str) -> _Parts:
    from markdown_it import MarkdownIt

    front: dict[str, str] = {}
    if match := _FRONT_MATTER.match(text):
        front = {m["key"].lower(): m["value"] for m in _FRONT_MATTER_FIELD.finditer(match["body"])}
        text = text[match.end():]
    blocks = _markdown_blocks(MarkdownIt().parse(text))
    title = front.get("title", "")
    if not title and blocks:
        title = " ".join(blocks.pop(0).split())
    parts = _split_header(title, "\n\n".join(blocks).splitlines())
    parts.author = front.get("author") or None
    parts.published = parse_date(front["date"], timezone) if front.get("date") else None
    parts.url = front.get("url") or front.get("source") or None
    return parts


def _markdown_blocks(tokens: Iterable) -> list[str]:
    """Plain text of each heading, paragraph and list item, line breaks kept; links keep their text, images go."""
    blocks = []
    in_list_item = False
    for token in tokens:
        if token.type == "list_item_open":
            in_list_item = True
        elif token.type == "list_item_close":
            in_list_item = False
        elif token.type == "inline":
            pieces = []
            for child in token.children or ():
                if child.type in {"text", "code_inline"}:
                    pieces.append(child.content)
                elif child.type in {"softbreak", "hardbreak"}:
                    pieces.append("\n")
            text = "".join(pieces).strip()
            if text:
                blocks.append(f"- {text}" if in_list_item else text)
    return blocks


def _html_parts(html: str, path: Path, timezone: str) -> _Parts:
    import trafilatura

    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params={"extensive_search": True, "original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"},
    )
    if document is None or not (document.text or "").strip():
        raise ArticleError(f"{path}: no article text found in this HTML page.")
    title = " ".join((document.title or "").split())
    lines = [line.strip() for line in document.text.splitlines() if line.strip()]
    if lines and lines[0] == title:
        lines.pop(0)
    if not title and lines:
        title = lines.pop(0)
    parts = _split_header(title, lines, line_paragraphs=True)
    parts.author = document.author or None
    parts.published = _parse_iso_date(document.date, timezone) if document.date else None
    parts.url = document.url or None
    return parts


def _read_header(parts: _Parts, timezone: str) -> None:
    """Fill author, date and URL from the header lines, where the format gave none."""
    for line in parts.header:
        if match := _BYLINE.match(line):
            parts.author = parts.author or match["author"]
        elif match := _URL_LINE.match(line):
            parts.url = parts.url or match["url"]
        elif parts.published is None:
            parts.published = parse_date(line, timezone)
    if parts.author:
        parts.author = _tidy_author(parts.author)


def _article_paragraphs(blocks: list[str]) -> list[str]:
    """The body without captions and links, stopping at the publisher's closing appeal."""
    paragraphs = []
    for block in blocks:
        if _PUBLISHER_APPEAL.match(block):
            break
        if _is_caption(block) or _LINK_PARAGRAPH.match(block):
            continue
        paragraphs.append(block)
    return paragraphs


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
    text = decode_text(data, path)
    if not text.strip():
        raise ArticleError(f"{path}: is empty; write the title on the first line, then the article.")
    if len(_CONTROL.findall(text)) > max(2, len(text) // 1000):
        raise ArticleError(f"{path}: is not text (control characters); remove it from the seeds.")
    return text


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 when the bytes are UTF-8, else Windows-1252 (a superset of Latin-1 for French).

    UTF-8 is tried first and strictly: no valid UTF-8 file is misread. Bytes that are
    neither are refused, as is UTF-8 broken into Windows-1252 look-alikes ("Ã©").
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        position = error.start
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if _MOJIBAKE.search(text):
        raise ArticleError(
            f"{path}: is not valid UTF-8 (byte {position}) nor Windows-1252 text; save it as UTF-8 and build again."
        )
    return text


def _tidy_author(author: str) -> str:
    """Agency bylines such as "Pa" or "afp" are acronyms: write them in capitals."""
    author = author.strip().rstrip(".,")
    if len(author) <= 3 and author.isalpha():
        return author.upper()
    return author


def is_not_article_text(text: str) -> bool:
    """A caption, a "Lire aussi" link or a publisher's appeal: words around an article, not in it."""
    return bool(_is_caption(text) or _LINK_PARAGRAPH.match(text) or _PUBLISHER_APPEAL.match(text) or _MEDIA_LABEL.match(text))


def _is_caption(paragraph: str) -> bool:
    """A photo caption: short, and ending on a credit such as "(Police de Norfolk/PA)"."""
    if len(paragraph.split()) > _CAPTION_MAX_WORDS:
        return False
    return bool(_CAPTION_CREDIT.search(paragraph) or _CAPTION_START.match(paragraph))
