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

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .config import Settings
from .errors import ArticleError
from .hostile import http_url, picture_url, plausible_date, xml_safe
from .models import Article
from .normalize.fr_tables import MONTHS as FRENCH_MONTHS
from .sources import MAX_ARTICLE_BYTES, SourceDocument, document_from_file, too_large
from .tokenize import split_paragraphs

log = logging.getLogger(__name__)

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
_INVISIBLE = str.maketrans("", "", "\u00ad\u200b\u2060\ufeff")
"""Marks a page leaves inside words that no reader sees: soft hyphens ("deman\u00addait"), zero-width
spaces, word joiners, a byte-order mark in the middle of a text."""
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (b"\xef\xbb\xbf", "utf-8"),
)
"""Byte-order marks, longest first (UTF-32 LE starts like UTF-16 LE)."""
MAX_MEDIAN_WORD_LENGTH = 15
MIN_LETTER_SHARE = 0.5
MIN_JUDGED_CHARACTERS = 200
"""Prose is words of a few letters, mostly letters and digits: binary data read as Latin-1 is not.
Shorter texts are left to the other checks."""
MIN_LATIN_SHARE = 0.8
"""Of an article's letters, the share that must be Latin: narrate's voices read Latin scripts."""
JUDGED_SAMPLE = 3_000
"""Characters of an article's opening that the prose and script checks look at."""
_OTHER_LETTER = re.compile("[^\\W\\d_A-Za-z\u00aa\u00b5\u00ba\u00c0-\u024f\u1e00-\u1eff]")
"""A letter outside the Latin alphabets (Latin-1, Extended-A and B, Additional)."""
_WALL = re.compile(
    r"(?:r[ée]serv[ée]e?s?\s+(?:à\s+nos|aux)\s+abonn[ée]s|(?:connectez|identifiez|abonnez)-vous\s+pour\s+(?:lire|continuer|acc[ée]der)"
    r"|pour\s+lire\s+la\s+suite|la\s+suite\s+(?:de\s+cet\s+article\s+)?est\s+r[ée]serv[ée]e|d[ée]j[àa]\s+abonn[ée]\s*\?"
    r"|(?:log|sign)\s*in\s+to\s+(?:read|continue)|subscribe\s+to\s+(?:read|continue)|for\s+subscribers\s+only)",
    re.IGNORECASE,
)
"""What a login wall or a paywall says instead of the article."""
_NEEDS_SCRIPT = re.compile(
    r"(?:activ(?:er|ez|é)\s+(?:le\s+)?javascript|javascript\s+(?:est\s+)?(?:d[ée]sactiv[ée]|requis|n[ée]cessaire)"
    r"|enable\s+javascript|javascript\s+(?:is\s+)?(?:disabled|required))",
    re.IGNORECASE,
)
"""What a page that shows its text only through JavaScript says to a reader without it."""
WALL_MAX_WORDS = 200
"""A text this short that speaks of a login wall or of JavaScript is that wall, not an article."""


@dataclass
class _Parts:
    """What a reader found before the article's paragraphs are cleaned."""

    title: str
    paragraphs: list[str]
    author: str | None = None
    published: datetime | None = None
    url: str | None = None
    image: str | None = None
    header: list[str] = field(default_factory=list)
    """Lines under the title that may hold the byline, dateline and source URL."""


MIN_PAGE_SENTENCE_WORDS = 8
"""A web page whose every paragraph is shorter holds menus and links, not an article."""


def read_configured(settings: Settings, document: SourceDocument | Path) -> Article:
    """The article of ``document`` (or of a file), read in the show's language (unless its
    source gives one) and the configured timezone."""
    return read_article(document, language=settings.show.language, timezone=settings.build.timezone)


def read_article(document: SourceDocument | Path, *, language: str = "fr", timezone: str = "Europe/Paris") -> Article:
    """Read one article, from a source's document or a file; raise ArticleError naming where it
    came from when it cannot be used."""
    if isinstance(document, Path):
        document = document_from_file(document)
    origin = document.origin
    text = _document_text(document)
    if document.media_type == "text/html":
        parts = _html_parts(text, origin, timezone)
    elif document.media_type == "text/markdown":
        parts = _markdown_parts(text, timezone)
    else:
        parts = _text_parts(text)
    if not parts.title:
        raise ArticleError(f"{origin}: the first line should be the article's title, but it is empty.")
    _read_header(parts, timezone)
    paragraphs = _article_paragraphs(parts.paragraphs)
    _refuse_other_scripts(origin, "\n".join([parts.title, *paragraphs]))
    _refuse_walls(origin, parts.title, paragraphs)
    if not paragraphs:
        raise ArticleError(f"{origin}: no article text after the title and byline; add the body paragraphs.")
    if not any(re.search(r"[^\W\d_]{2,}", paragraph) for paragraph in paragraphs):
        raise ArticleError(f"{origin}: the body has no sentence to read (no words found).")
    if document.media_type == "text/html" and not any(len(paragraph.split()) >= MIN_PAGE_SENTENCE_WORDS for paragraph in paragraphs):
        raise ArticleError(f"{origin}: no article text found in this HTML page (navigation or links only).")
    return Article(
        source=document.id, origin=origin, title=parts.title, paragraphs=tuple(paragraphs),
        author=parts.author or document.author, published=plausible_date(parts.published) or document.published,
        language=document.language or language, url=parts.url or document.url, image=_picture(parts.image, origin) or document.image,
    )


def _remove_hint(origin: str) -> str:
    """How to get rid of an article that cannot be read: where it came from says."""
    if "fetched" in Path(origin).parts:
        return "remove it and its sidecar (.json) from the fetched folder"
    return "remove it from the seeds"


def _picture(url: str | None, origin: str) -> str | None:
    """The page's picture when its address names a JPEG or PNG (what podcast apps show); another
    is left out, said with -v (the fetcher looks inside the pictures feeds give)."""
    picture = picture_url(url)
    if url and not picture:
        log.info("%s: its picture %s is not a .jpg or .png address; the show's cover stands for it.", origin, url)
    return picture


def _refuse_walls(origin: str, title: str, paragraphs: list[str]) -> None:
    """ArticleError when the text is a login wall, a paywall or a page that needs JavaScript:
    what it says is not the article, and an episode of it would only mislead."""
    text = " ".join([title, *paragraphs])
    if len(text.split()) > WALL_MAX_WORDS:
        return
    if _NEEDS_SCRIPT.search(text):
        raise _script_only(origin)
    if _WALL.search(text):
        raise ArticleError(
            f"{origin}: this is a login or subscription wall, not the article; save the text you can read once logged in."
        )


def _script_only(origin: str) -> ArticleError:
    return ArticleError(f"{origin}: this page shows its text only with JavaScript; save the article's text instead.")


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
        if line and (_byline_author(line) or _URL_LINE.match(line) or _is_dateline(line)):
            header.append(line)
        elif line:
            break
        index += 1
    body = lines[index:] if line_paragraphs else list(split_paragraphs("\n".join(lines[index:])))
    return _Parts(title=title, header=header, paragraphs=body)


_DATELINE_WORDS = frozenset(
    "le la à a h publié publiée mis jour modifié modifiée actualisé actualisée mise en ligne du "
    "lundi mardi mercredi jeudi vendredi samedi dimanche published updated on at by".split()
)
"""Words a dateline may hold besides its dates: "Publié le …, mis à jour le … à 15 h"."""
DATELINE_OTHER_WORDS = 2
"""A dateline is mostly a date: at most this many other words (a city, say)."""
_BYLINE_WORDS = frozenset(
    "de du des d' d’ la le les l' l’ et avec à au aux en van von der den di da dos del y and with "
    "notre nos envoyé envoyée envoyés envoyées spécial spéciale spéciaux spéciales correspondant correspondante "
    "correspondants correspondance rédaction bureau service staff reporter our".split()
)
"""Lower-case words a byline may hold besides names: "Par notre envoyé spécial à Kiev, Anne Roux"."""
BYLINE_MAX_WORDS = 14


def _is_dateline(line: str) -> bool:
    """A line that is mostly a date ("2 juillet 2021 15:07 Mis à jour : …"), not a sentence
    that opens on one ("Le 14 juillet 2023, Paris a défilé.")."""
    if len(line.split()) > 16 or parse_date(line) is None:
        return False
    rest = _NUMERIC_DATE.sub(" ", _WRITTEN_DATE.sub(" ", line))
    words = [w for w in re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", rest.lower()) if w not in _DATELINE_WORDS]
    return not words or (len(words) <= DATELINE_OTHER_WORDS and not line.rstrip().endswith((".", "!", "?")))


def _byline_author(line: str) -> str | None:
    """The names of a byline ("Par Anne Roux et Paul Li", "By AFP"), or None when the line only
    opens like one ("Par ailleurs, le gouvernement…")."""
    match = _BYLINE.match(line)
    if not match:
        return None
    author = match["author"].strip()
    words = re.findall(r"[^\s,;/]+", author)
    if not words or len(words) > BYLINE_MAX_WORDS or author.endswith(("!", "?", ":")):
        return None
    names = 0
    for word in words:
        bare = word.strip(".()«»\"")
        if bare[:1].isupper():
            names += 1
        elif bare.lower() not in _BYLINE_WORDS and not re.fullmatch(r"[dl]['’]\w+", bare, re.IGNORECASE):
            return None
    return author if names or "rédaction" in author.lower() else None


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
    parts.url = http_url(front.get("url")) or http_url(front.get("source"))
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


_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX](?P<hex>[0-9a-fA-F]{1,8})|(?P<decimal>[0-9]{1,10}));?")


def _without_unsafe_references(html: str) -> str:
    """``html`` without the character references to what XML cannot carry ("&#x1b;",
    "&#8;", "&#xFFFE;"): one of them made the extractor drop the whole page."""

    def kept(match: re.Match[str]) -> str:
        value = int(match["hex"], 16) if match["hex"] else int(match["decimal"])
        if value > 0x10FFFF or not xml_safe(chr(value)) or value == 0:
            return ""
        return match.group(0)

    return _CHARACTER_REFERENCE.sub(kept, html)


def _html_parts(html: str, origin: str, timezone: str) -> _Parts:
    import trafilatura

    document = trafilatura.bare_extraction(
        _without_unsafe_references(html), with_metadata=True, include_comments=False, include_tables=False, as_dict=False,
        date_extraction_params={"extensive_search": True, "original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"},
    )
    if document is None or isinstance(document, dict) or not (document.text or "").strip():
        if _NEEDS_SCRIPT.search(html):
            raise _script_only(origin)
        raise ArticleError(f"{origin}: no article text found in this HTML page.")
    title = " ".join((document.title or "").split())
    lines = [line.strip() for line in (document.text or "").splitlines() if line.strip()]
    if lines and lines[0] == title:
        lines.pop(0)
    if not title and lines:
        title = lines.pop(0)
    parts = _split_header(title, lines, line_paragraphs=True)
    parts.author = document.author or None
    parts.published = _parse_iso_date(document.date, timezone) if document.date else None
    parts.url = http_url(document.url)
    parts.image = http_url(document.image)
    return parts


def _read_header(parts: _Parts, timezone: str) -> None:
    """Fill author, date and URL from the header lines, where the format gave none."""
    for line in parts.header:
        if author := _byline_author(line):
            parts.author = parts.author or author
        elif match := _URL_LINE.match(line):
            parts.url = parts.url or http_url(match["url"])
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


def _document_text(document: SourceDocument) -> str:
    """The document's text, or an ArticleError that says why it is not a text article we can read.

    Characters that XML cannot carry (controls, non-characters) are dropped here, so that one
    stray escape code never breaks the feed of the whole show; so are the invisible marks of
    ``_INVISIBLE``, which cut a word in two for the voice's liaisons and the language guard, and
    for a search in the transcript.
    """
    origin = document.origin
    if len(document.data) > MAX_ARTICLE_BYTES:
        raise too_large(origin, len(document.data))
    text = decode_text(document.data, origin)
    if not text.strip():
        raise ArticleError(f"{origin}: is empty; write the title on the first line, then the article.")
    if len(_CONTROL.findall(text)) > max(8, len(text) // 100):  # a stray escape code, or binary data
        raise ArticleError(f"{origin}: is not text (control characters); {_remove_hint(origin)}.")
    return xml_safe(text.translate(_INVISIBLE))


def decode_text(data: bytes, origin: str) -> str:
    """The text of ``data``: by its byte-order mark (UTF-8, UTF-16, UTF-32), else UTF-8 tried
    strictly (no valid UTF-8 file is misread), else the encoding charset-normalizer finds
    (Windows-1252, Latin-9, Windows-1251…). Binary data and UTF-8 encoded twice ("Ã©") are
    refused with the reason.
    """
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            try:
                return data[len(mark):].decode(encoding)
            except UnicodeDecodeError:
                raise ArticleError(f"{origin}: starts as {encoding.upper()} text but is not; save it as UTF-8.") from None
    if b"\x00" in data:
        raise ArticleError(f"{origin}: is a binary file, not a text article; {_remove_hint(origin)}.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        text = _guess_decoding(data, origin)
        if _MOJIBAKE.search(text):
            raise ArticleError(
                f"{origin}: is not valid UTF-8 (byte {error.start}) nor Windows-1252 text; save it as UTF-8 and build again."
            ) from None
    if len(_MOJIBAKE.findall(text)) >= 2:
        raise ArticleError(
            f"{origin}: its UTF-8 was encoded twice (\"Ã©\" where \"é\" is meant); save the original text as UTF-8."
        )
    return text


WESTERN_ENCODINGS = ("cp1252", "iso8859_15", "latin_1")
"""Legacy encodings of French text, preferred whenever charset-normalizer finds them plausible:
on a short text it often ranks Central European ones first, which turn "cœur" into "cśur"."""


def _guess_decoding(data: bytes, origin: str) -> str:
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    if not matches:
        raise ArticleError(f"{origin}: is not text in any encoding narrate knows (binary data?); {_remove_hint(origin)}.")
    plausible = {match.encoding for match in matches}
    if any(encoding in plausible for encoding in WESTERN_ENCODINGS):
        try:
            return data.decode(_western_encoding(data))
        except UnicodeDecodeError:  # one of the five bytes Windows-1252 leaves undefined: Latin-9 reads every byte
            return data.decode("iso8859_15")
    return str(matches.best())


_C1_BYTES = re.compile(rb"[\x80-\x9f]")
_LATIN_9_BYTES = re.compile(rb"[\xa4\xbc\xbd\xbe]")


def _western_encoding(data: bytes) -> str:
    """Windows-1252 or Latin-9 (ISO 8859-15), by the bytes where they differ, as French text
    has them: Windows-1252 puts its quotes, dashes, "œ" and "€" at 0x80-0x9F, where Latin-9
    has control characters no text holds; Latin-9 puts "€", "Œ", "œ" and "Ÿ" at 0xA4 and
    0xBC-0xBE, where Windows-1252 has "¤", "¼", "½" and "¾" (so "Le cœur" read as Windows-1252
    was "Le c½ur"). charset-normalizer's ranking of the two on a short text is a coin toss."""
    if _C1_BYTES.search(data):
        return "cp1252"
    return "iso8859_15" if _LATIN_9_BYTES.search(data) else "cp1252"


def _refuse_other_scripts(origin: str, text: str) -> None:
    """ArticleError unless ``text`` is prose (words and spaces) mostly in Latin letters:
    narrate's voices read French and English, and a Cyrillic or Greek article would be read
    letter by letter, or not at all. Judged on the opening, counting in C (``map`` over str
    methods, a regex that matches the rare other letters): a loop in Python cost a summary
    run a tenth of its speed."""
    sample = text[:JUDGED_SAMPLE]
    letters = sum(map(str.isalpha, sample))
    if not letters:
        return
    tokens = sorted(len(token) for token in sample.split())
    visible = sum(tokens)
    if visible >= MIN_JUDGED_CHARACTERS and (
        tokens[len(tokens) // 2] > MAX_MEDIAN_WORD_LENGTH or sum(map(str.isalnum, sample)) < visible * MIN_LETTER_SHARE
    ):
        raise ArticleError(f"{origin}: is not text (too few words and spaces: binary data?); {_remove_hint(origin)}.")
    others = _OTHER_LETTER.findall(sample)
    if len(others) > letters * (1 - MIN_LATIN_SHARE):
        script = unicodedata.name(others[0], "?").split()[0]
        raise ArticleError(
            f"{origin}: is written in another script ({script.capitalize()}), not in the Latin alphabet narrate's voices read."
        )


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
