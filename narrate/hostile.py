"""Text from hostile input made safe to publish: only http(s) links with a host ever reach a
page, a feed or the spoken outro (a ``javascript:`` or ``file:`` link, or one that does not
parse, is dropped), and no character that XML cannot carry reaches a feed or a page."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit, urlunsplit

NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
"""Characters XML 1.0 cannot carry (or that no text means: C1 controls, non-characters): a
feed or a page with one is refused whole by its readers."""


def xml_safe(text: str) -> str:
    """``text`` without the characters XML cannot carry."""
    return NOT_IN_XML.sub("", text)


MAX_URL_LENGTH = 2_000
"""Longer addresses are not links people publish; browsers and feeds choke on them."""


def http_url(text: str | None) -> str | None:
    """``text`` when it is an absolute http or https URL with a host, else None."""
    if not text:
        return None
    candidate = text.strip()
    if len(candidate) > MAX_URL_LENGTH or any(character.isspace() or ord(character) < 32 for character in candidate):
        return None
    try:
        parts = urlsplit(candidate)
        host = parts.hostname
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:  # "https://[::1" and the like
        return None
    if parts.scheme.lower() not in {"http", "https"} or not host:
        return None
    return candidate


def without_credentials(url: str) -> str:
    """``url`` without the user name and password it may carry: what may be kept, shown or published."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    return urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, parts.query, parts.fragment))


def terminal_safe(text: str, limit: int = 120) -> str:
    """A server's ``text`` (a header, say) as it may be printed: no control character reaches
    the terminal (an escape sequence could retitle it or rewrite what it shows)."""
    return "".join(character if character.isprintable() else "?" for character in text[:limit])


PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png")


def picture_url(text: str | None) -> str | None:
    """``text`` when it is an http(s) address of a JPEG or PNG by its name (in any case, a query
    string after it: "photo.JPG?width=1200"), what an episode's artwork may be; else None."""
    url = http_url(text)
    return url if url and urlsplit(url).path.lower().endswith(PICTURE_SUFFIXES) else None


def is_picture(data: bytes) -> bool:
    """True when ``data`` starts as a JPEG or a PNG file does."""
    return data.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"))


EARLIEST_DATE = datetime(1900, 1, 1, tzinfo=timezone.utc)


def plausible_date(moment: datetime | None) -> datetime | None:
    """``moment`` when an article can have been published then (from 1900 to a day from now),
    else None: a date in year 1 wrote an invalid EPUB, one in year 9999 pinned an episode on
    top of the feed for ever."""
    if moment is None:
        return None
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    try:
        return moment if EARLIEST_DATE <= aware <= datetime.now(timezone.utc) + timedelta(days=1) else None
    except OverflowError:
        return None
