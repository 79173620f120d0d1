"""Feeds read into items: RSS 2.0 and Atom (through feedparser, which reads the dialects real
feeds are written in), JSON Feed 1.1 (read here: it is JSON), and OPML lists of feeds.

Nothing here touches the network: the fetcher hands the bytes over.
"""

from __future__ import annotations

import html
import json
import re
from calendar import timegm
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree

from .errors import NarrateError
from .hostile import http_url, plausible_date, without_credentials, xml_safe

FULL_TEXT_MIN_WORDS = 120
"""An item's content of fewer words is a summary: the page itself is fetched for the article."""
TRACKING_PARAMETERS = re.compile(r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|xtor|at_\w+|ito|ref|_ga|igshid)$", re.I)
"""Query parameters that follow a reader, not the article: left out when comparing links."""
MAX_FEEDS_IN_A_LIST = 200


class FeedError(NarrateError):
    """The bytes are not a feed narrate can read."""


@dataclass(frozen=True)
class FeedItem:
    """One article a feed announces."""

    guid: str
    url: str | None
    title: str
    author: str | None = None
    published: datetime | None = None
    content: str | None = None
    """The article's HTML when the feed carries it whole (content:encoded, Atom content)."""
    image: str | None = None
    """The item's picture (media:content, media:thumbnail, an image enclosure, JSON Feed's image)."""
    image_type: str | None = None
    """The picture's type when the fetcher looked inside it ("image/jpeg", "image/png")."""

    def __post_init__(self) -> None:
        # A guid is kept in the fetch state and the sidecar: never with the user name and
        # password of the feed's address (feedparser makes a relative guid absolute against it).
        object.__setattr__(self, "guid", without_credentials(self.guid))

    @property
    def full_text(self) -> bool:
        """True when the feed carries the article itself, not only a summary of it."""
        if not self.content:
            return False
        words = re.sub(r"<[^>]*>", " ", self.content).split()
        return len(words) >= FULL_TEXT_MIN_WORDS


@dataclass(frozen=True)
class Feed:
    """What a feed's bytes hold: its items, or, for an OPML list, the feeds it lists."""

    title: str
    items: tuple[FeedItem, ...] = ()
    feeds: tuple[str, ...] = ()
    left_out: int = 0
    """Feeds of a list beyond MAX_FEEDS_IN_A_LIST, not taken."""


def parse_feed(data: bytes, url: str, content_type: str = "") -> Feed:
    """The feed in ``data`` (fetched from ``url``); FeedError when it is none narrate reads
    (naming ``url`` without its credentials)."""
    try:
        return _parsed(data, url, content_type)
    except FeedError as error:
        shown = without_credentials(url)
        raise FeedError(str(error).replace(url, shown) if shown != url else str(error)) from None


def _parsed(data: bytes, url: str, content_type: str) -> Feed:
    head = data.lstrip()[:512].lower()
    if "json" in content_type or head.startswith(b"{"):
        return _json_feed(data, url)
    if b"<opml" in head:
        return _opml(data, url)
    return _xml_feed(data, url)


def canonical_link(url: str) -> str:
    """``url`` as two links to one article compare equal: no scheme, host in lower case, no
    "www.", no fragment, no tracking parameters, no trailing slash. An address that does not
    parse ("http://[::1") stands for itself."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").removeprefix("www.")
        port = parts.port
    except ValueError:
        return url.strip()
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMETERS.match(k)))
    return urlunsplit(("", host + (f":{port}" if port else ""), parts.path.rstrip("/") or "/", query, ""))


def comparable_title(title: str) -> str:
    """``title`` as two headlines of one article compare equal: lower case, words only."""
    return " ".join(re.findall(r"\w+", title.lower()))


def _xml_feed(data: bytes, url: str) -> Feed:
    import feedparser

    parsed = feedparser.parse(data, response_headers={"content-location": url})
    items = []
    for entry in parsed.entries:
        link = http_url(urljoin(url, entry.get("link", ""))) if entry.get("link") else None
        title = _text(entry.get("title", ""))
        if not title:
            continue
        content = next((c.get("value") for c in entry.get("content", []) if "html" in c.get("type", "html")), None)
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        items.append(FeedItem(
            guid=entry.get("id") or link or title, url=link, title=title, author=_text(entry.get("author", "")) or None,
            published=_from_struct(published),
            content=xml_safe(content) if content else None, image=_entry_image(entry, url),
        ))
    if not items and (parsed.get("bozo") or not parsed.get("version")):  # a broken feed, or no feed at all
        reason = parsed.get("bozo_exception") or "not RSS, Atom, JSON Feed or OPML"
        raise FeedError(f"{url}: is not a feed narrate can read ({_one_line(reason)}).")
    return Feed(title=_text(parsed.feed.get("title", "")), items=tuple(items))


def _entry_image(entry: dict, url: str) -> str | None:
    """The picture feedparser found for an RSS or Atom item, as an http(s) address."""
    candidates = [*(m.get("url") for m in entry.get("media_content", []) if "image" in m.get("medium", m.get("type", "image"))),
                  *(m.get("url") for m in entry.get("media_thumbnail", [])),
                  *(e.get("href") for e in entry.get("enclosures", []) if str(e.get("type", "")).startswith("image/"))]
    return next((found for c in candidates if c and (found := http_url(urljoin(url, c)))), None)


def _json_feed(data: bytes, url: str) -> Feed:
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as error:
        raise FeedError(f"{url}: is not a feed narrate can read (JSON: {_one_line(error)}).") from None
    if (
        not isinstance(document, dict) or "jsonfeed.org/version" not in str(document.get("version", ""))
        or not isinstance(document.get("items", []), list)
    ):
        raise FeedError(f"{url}: is JSON but not a JSON Feed (https://jsonfeed.org/version/1.1).")
    items = []
    for entry in document.get("items") or []:
        if not isinstance(entry, dict):
            continue
        try:
            item = _json_item(entry, url)
        except (TypeError, ValueError, AttributeError):  # one malformed item (its authors a number, say) is left out alone
            continue
        if item is not None:
            items.append(item)
    return Feed(title=_text(str(document.get("title") or "")), items=tuple(items))


def _json_item(entry: dict, url: str) -> FeedItem | None:
    link = http_url(urljoin(url, str(entry.get("url") or ""))) if entry.get("url") else None
    title = _text(str(entry.get("title") or ""))
    if not title:
        return None
    authors = entry.get("authors") or ([entry["author"]] if isinstance(entry.get("author"), dict) else [])
    if not isinstance(authors, list):
        authors = []
    author = ", ".join(str(a.get("name")) for a in authors if isinstance(a, dict) and a.get("name")) or None
    content = entry.get("content_html") or None
    return FeedItem(
        guid=str(entry.get("id") or link or title), url=link, title=title, author=author,
        published=_iso_date(entry.get("date_published")),
        content=xml_safe(str(content)) if content else None,
        image=http_url(urljoin(url, str(entry.get("image") or ""))) if entry.get("image") else None,
    )


def _opml(data: bytes, url: str) -> Feed:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise FeedError(f"{url}: is not an OPML list narrate can read ({_one_line(error)}).") from None
    feeds = []
    for outline in root.iter("outline"):
        link = http_url(urljoin(url, outline.get("xmlUrl", ""))) if outline.get("xmlUrl") else None
        if link and link not in feeds:
            feeds.append(link)
    if not feeds:
        raise FeedError(f"{url}: this OPML list names no feed (no outline with an xmlUrl).")
    title = root.findtext("head/title") or ""
    return Feed(title=_text(title), feeds=tuple(feeds[:MAX_FEEDS_IN_A_LIST]), left_out=max(0, len(feeds) - MAX_FEEDS_IN_A_LIST))


def _text(value: str) -> str:
    """Plain text from a feed's field, which may hold HTML: its tags go before its entities are
    read, so that "Inflation &lt; 2 % et chômage &gt; 7 %" keeps what stands between them."""
    return " ".join(xml_safe(html.unescape(re.sub(r"<[^>]*>", " ", value))).split())


def _iso_date(value: object) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return plausible_date(moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc))


def _from_struct(published: object) -> datetime | None:
    """feedparser's UTC time tuple as a date an article may have, or None."""
    if not published:
        return None
    try:
        return plausible_date(datetime.fromtimestamp(timegm(published), timezone.utc))  # type: ignore[arg-type]
    except (OverflowError, OSError, ValueError, TypeError):
        return None


def _one_line(error: object) -> str:
    return " ".join(str(error).split())[:160]
