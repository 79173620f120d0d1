"""Articles that arrive by themselves: the configured feeds (and single links) fetched,
politely and incrementally, into the fetched directory, where a build reads them as it reads
the seeds, offline too.

Each article is kept as a file: the page as it was fetched (or, when the feed carries the
whole article, that article as a page of its own), with a sidecar that says where it came
from, when, and what the feed said of it. An item seen before is never fetched again: it is
known by its guid, then by its link (scheme and tracking parameters aside), then by its
title, so a feed that changes its guids re-publishes nothing.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from .naming import slugify
from .config import Settings, SourceSettings
from .errors import NarrateError
from .feeds import Feed, FeedItem, canonical_link, comparable_title, parse_feed
from .files import exclusive, write_bytes, write_text
from .hostile import http_url, is_picture, picture_url, terminal_safe, without_credentials
from .read import read_article
from .sources import MEDIA_TYPES, Refusal, SourceDocument, document_from_file
from .web import FetchError, PoliteClient, Validators, host_and_port

log = logging.getLogger(__name__)

STATE_NAME = ".fetch-state.json"
STATE_FORMAT = "narrate-fetch"
STATE_VERSION = 1
LINKS = "links"
"""The folder of the articles added one link at a time (narrate add)."""
RETRY_TIMES = 5
"""Fetches at which an item that failed for a passing reason (a timeout, a 5xx) is tried again before it is given up."""
RETRY_FIRST_WAIT = timedelta(minutes=30)
"""An item that failed is tried at the next fetch, then after this, twice as long each time."""
FETCHED_PREFIX = "fetched/"
"""Put before a fetched article's path in its identity: "fetched/<source>/<name>.html"."""


@dataclass
class FetchReport:
    """What a fetch did: articles kept, items seen before, and one line per failure."""

    fetched: list[Path] = field(default_factory=list)
    seen_before: int = 0
    not_modified: list[str] = field(default_factory=list)
    """The sources whose feed had not changed (304)."""
    failures: list[str] = field(default_factory=list)
    waiting: int = 0
    """Items that failed for a passing reason, whose next try is not due yet."""
    notes: list[str] = field(default_factory=list)
    """What was left out of an article kept (a picture that is no JPEG or PNG), one line each."""


Progress = Callable[[str], None]
"""Told, in one line, what is being fetched."""


def fetch_sources(
    settings: Settings, *, since: datetime | None = None, client: PoliteClient | None = None,
    on_progress: Progress | None = None,
) -> FetchReport:
    """Fetch the new items of every configured source (a 410 Gone source is no longer asked)."""
    if settings.fetch is None or not settings.sources:
        raise NarrateError("no sources to fetch: add [[sources]] tables with a url to narrate.toml.")
    store = FetchStore(settings.fetch.directory)
    client = client or PoliteClient(settings.fetch, allowed=frozenset(host_and_port(source.url) for source in settings.sources))
    report = FetchReport()
    with store.locked():
        for source in settings.sources:
            status = store.status(source.name)
            if status.get("gone"):
                report.failures.append(f"source {source.name}: {without_credentials(source.url)} is gone (410); narrate no longer asks for it.")
                continue
            if on_progress:
                on_progress(f"fetching {source.name}: {without_credentials(source.url)}")
            new_before = len(report.fetched)
            try:
                _fetch_feed(source, source.url, store, client, report, since, depth=0)
            except NarrateError as error:
                report.failures.append(f"source {source.name}: {error}")
                gone = isinstance(error, FetchError) and error.status == 410
                store.set_status(source, "failed", str(error), gone=gone)
            except Exception as error:  # noqa: BLE001 (one source's surprise never stops the others)
                log.debug("source %s failed", source.name, exc_info=error)
                message = f"could not be fetched ({type(error).__name__}: {error}); this is a bug in narrate, please report it."
                report.failures.append(f"source {source.name}: {message}")
                store.set_status(source, "failed", message)
            else:
                store.set_status(source, "ok", f"{len(report.fetched) - new_before} new")
            store.save()
    return report


def add_links(settings: Settings, urls: list[str], *, client: PoliteClient | None = None) -> FetchReport:
    """Fetch single pages ("listen to this") into the fetched directory's links folder."""
    if settings.fetch is None:
        raise NarrateError("fetching is not configured.")
    store = FetchStore(settings.fetch.directory)
    given = [url for url in urls if http_url(url)]
    client = client or PoliteClient(settings.fetch, allowed=frozenset(host_and_port(url) for url in given))  # asked for by name
    report = FetchReport()
    links = SourceSettings(url="", name=LINKS, language="", voice="", max_items=len(urls), include=(), exclude=())
    with store.locked():
        for url in urls:
            if not http_url(url):
                report.failures.append(f"{terminal_safe(url)}: narrate fetches only http:// and https:// addresses.")
                continue
            item = FeedItem(guid=url, url=url, title=url)
            if store.known(item):
                report.seen_before += 1
                continue
            try:
                report.fetched.append(_keep_page(links, item, store, client, title_from_page=True))
            except NarrateError as error:
                report.failures.append(f"{url}: {error}" if url not in str(error) else str(error))
            store.save()
    return report


def _fetch_feed(
    source: SourceSettings, url: str, store: FetchStore, client: PoliteClient, report: FetchReport,
    since: datetime | None, depth: int,
) -> None:
    reply = client.get(url, store.validators(url))
    if reply.status == 304:
        report.not_modified.append(source.name)
        return
    feed: Feed = parse_feed(reply.content, reply.url, reply.content_type)
    if feed.feeds:  # an OPML list: each of its feeds, once (a list of lists stops there)
        if depth > 0:
            report.failures.append(f"source {source.name}: {without_credentials(url)} is a list of feeds inside a list; narrate reads one level.")
            return
        if feed.left_out:
            report.failures.append(
                f"source {source.name}: its list names {len(feed.feeds) + feed.left_out} feeds; narrate takes the first {len(feed.feeds)}."
            )
        for listed in feed.feeds:
            try:
                _fetch_feed(source, listed, store, client, report, since, depth + 1)
            except NarrateError as error:
                report.failures.append(f"source {source.name}: {error}")
        store.set_validators(url, reply.validators)
        return
    for item in _wanted(source, feed.items, since):
        if store.known(item):
            report.seen_before += 1
            store.remember(item, None)  # its new guid or link, if the feed changed them
            continue
        if not store.due(item):
            report.waiting += 1
            continue
        try:
            report.fetched.append(_keep_item(source, _with_vetted_picture(source, item, client, report), store, client))
        except NarrateError as error:
            passing = isinstance(error, FetchError) and error.passing
            if passing and store.try_later(item):
                report.failures.append(f"source {source.name}: {item.title}: {error} narrate tries it again at a later fetch.")
            elif passing:
                report.failures.append(f"source {source.name}: {item.title}: {error} Given up after {RETRY_TIMES} tries.")
                store.remember(item, None)
            else:
                report.failures.append(f"source {source.name}: {item.title}: {error}")
                store.remember(item, None)  # refused for good: not asked again at every fetch
        store.save()  # item by item: a fetch stopped midway keeps nothing twice
    store.set_validators(url, reply.validators)


def _wanted(source: SourceSettings, items: tuple[FeedItem, ...], since: datetime | None) -> list[FeedItem]:
    """The items the source's settings take: matching include, not exclude, not older than
    ``since``; the newest first, at most ``max_items``."""
    chosen = []
    for item in items:
        text = f"{item.title} {item.url or ''}"
        if source.include and not any(re.search(pattern, text) for pattern in source.include):
            continue
        if any(re.search(pattern, text) for pattern in source.exclude):
            continue
        if since and item.published and item.published < since:
            continue
        chosen.append(item)
    oldest = datetime.min.replace(tzinfo=timezone.utc)
    chosen.sort(key=lambda item: item.published or oldest, reverse=True)
    return chosen[: source.max_items]


def _with_vetted_picture(source: SourceSettings, item: FeedItem, client: PoliteClient, report: FetchReport) -> FeedItem:
    """``item`` with its picture when it is a JPEG or a PNG (by its name, else by its first
    bytes, asked of its server), the type found noted; without it otherwise, said in one line."""
    if not item.image or picture_url(item.image):
        return item
    try:
        head = client.get(item.image, first_bytes=16).content
    except NarrateError as error:
        report.notes.append(f"source {source.name}: {item.title}: its picture was left out ({error})")
        return replace(item, image=None)
    if not is_picture(head):
        report.notes.append(
            f"source {source.name}: {item.title}: its picture {without_credentials(item.image)} is not a JPEG or PNG; left out."
        )
        return replace(item, image=None)
    return replace(item, image_type="image/png" if head.startswith(b"\x89PNG") else "image/jpeg")


def _keep_item(source: SourceSettings, item: FeedItem, store: FetchStore, client: PoliteClient) -> Path:
    """Keep ``item``: the feed's own text when it carries the whole article, else its page."""
    if item.full_text or not item.url:
        if not item.content:
            raise NarrateError("the item has neither a link nor its text.")
        page = _page_of(item).encode("utf-8")
        return store.keep(source, item, page, item.url, fetched_from=None)
    return _keep_page(source, item, store, client)


def _keep_page(source: SourceSettings, item: FeedItem, store: FetchStore, client: PoliteClient, *, title_from_page: bool = False) -> Path:
    if not item.url:
        raise NarrateError(f"{item.title}: the item has no link to fetch.")
    reply = client.get(item.url)
    if "html" not in reply.content_type and "xml" not in reply.content_type and reply.content_type:
        raise NarrateError(f"{without_credentials(item.url)}: is {terminal_safe(reply.content_type.split(';')[0])}, not a web page.")
    return store.keep(source, item, reply.content, reply.url, fetched_from=item.url, title_from_page=title_from_page)


def _page_of(item: FeedItem) -> str:
    """A page of the feed's own article: its title, author, date and link as a page gives them."""
    meta = [f"<title>{html.escape(item.title)}</title>"]
    if item.author:
        meta.append(f'<meta name="author" content="{html.escape(item.author)}">')
    if item.published:
        meta.append(f'<meta property="article:published_time" content="{item.published.isoformat()}">')
    if item.url:
        meta.append(f'<link rel="canonical" href="{html.escape(without_credentials(item.url))}">')
    return (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">" + "".join(meta) + "</head>\n"
        f"<body><article><h1>{html.escape(item.title)}</h1>\n{item.content}\n</article></body></html>\n"
    )


@dataclass
class FetchStore:
    """The fetched directory: one folder per source, and the state that makes fetching
    incremental (validators per address, each source's last status, the items seen)."""

    directory: Path
    state: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.state = self._load()

    def locked(self) -> AbstractContextManager[None]:
        """Held while fetching: two fetches at once would keep an item twice."""
        self.directory.mkdir(parents=True, exist_ok=True)
        return exclusive(self.directory, "fetch")

    def _load(self) -> dict[str, Any]:
        path = self.directory / STATE_NAME
        empty = {
            "format": STATE_FORMAT, "version": STATE_VERSION, "validators": {}, "sources": {}, "seen": {"guid": {}, "link": {}, "title": {}},
            "retry": {},
        }
        try:
            state = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return empty
        except (OSError, ValueError) as error:
            raise NarrateError(f"{path}: cannot be read ({error}); restore it, or remove it to fetch every item again.") from None
        if isinstance(state, dict) and state.get("format") == STATE_FORMAT and state.get("version") not in {None, STATE_VERSION}:
            raise NarrateError(f"{path}: written by another version of narrate; fetch with that version, or upgrade narrate.")
        if not _well_formed(state):
            raise NarrateError(f"{path}: is damaged (not the state narrate writes); restore it, or remove it to fetch every item again.")
        state.setdefault("retry", {})
        return state

    def save(self) -> None:
        write_text(self.directory / STATE_NAME, json.dumps(self.state, ensure_ascii=False, indent=1) + "\n")

    def validators(self, url: str) -> Validators | None:
        known = self.state["validators"].get(without_credentials(url))
        return Validators(known.get("etag"), known.get("last_modified")) if known else None

    def set_validators(self, url: str, validators: Validators) -> None:
        if validators.etag or validators.last_modified:
            self.state["validators"][without_credentials(url)] = {"etag": validators.etag, "last_modified": validators.last_modified}

    def status(self, name: str) -> dict[str, Any]:
        return dict(self.state["sources"].get(name, {}))

    def set_status(self, source: SourceSettings, status: str, message: str, *, gone: bool = False) -> None:
        self.state["sources"][source.name] = {
            "url": without_credentials(source.url), "status": status, "message": message, "gone": gone,
            "checked": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }

    def _keys(self, item: FeedItem) -> list[tuple[str, str]]:
        """How an item is known: its guid, its link, and its title with its day (a daily column
        keeps its title from one issue to the next: the title alone would take every later
        issue for the first)."""
        keys = [("guid", item.guid)]
        if item.url:
            keys.append(("link", canonical_link(item.url)))
        if item.title and item.title != item.url and item.title != item.guid and item.published:
            keys.append(("title", f"{comparable_title(item.title)} {item.published.date().isoformat()}"))
        return keys

    def due(self, item: FeedItem) -> bool:
        """False while an item that failed for a passing reason waits for its next try."""
        waiting = self.state["retry"].get(item.guid)
        after = _date(waiting.get("after")) if isinstance(waiting, dict) else None
        return after is None or after <= datetime.now(timezone.utc)

    def try_later(self, item: FeedItem) -> bool:
        """Note a passing failure of ``item``, to try it again at a later fetch (at the next one
        first, then further apart); False once it has failed RETRY_TIMES times: then it is given up."""
        retry, key = self.state["retry"], item.guid
        attempts = int(retry[key].get("attempts", 0)) + 1 if isinstance(retry.get(key), dict) else 1
        if attempts > RETRY_TIMES:
            retry.pop(key, None)
            return False
        after = datetime.now(timezone.utc) + (RETRY_FIRST_WAIT * 2 ** (attempts - 2) if attempts > 1 else timedelta(0))
        retry[key] = {"attempts": attempts, "after": after.isoformat(timespec="seconds")}
        return True

    def known(self, item: FeedItem) -> bool:
        """True when this item was seen before: by guid, by link, or by title."""
        return any(key in self.state["seen"][kind] for kind, key in self._keys(item))

    def remember(self, item: FeedItem, kept: str | None) -> None:
        """Note every key of ``item``, pointing to the file kept for it (or to an earlier one)."""
        seen = self.state["seen"]
        earlier = next((seen[kind][key] for kind, key in self._keys(item) if key in seen[kind]), None)
        for kind, key in self._keys(item):
            seen[kind].setdefault(key, kept or earlier or "")
        self.state["retry"].pop(item.guid, None)

    def keep(
        self, source: SourceSettings, item: FeedItem, page: bytes, url: str | None, *, fetched_from: str | None,
        title_from_page: bool = False,
    ) -> Path:
        """Write the page and its sidecar, once the page is known to hold an article; the path."""
        folder = self.directory / source.name
        folder.mkdir(parents=True, exist_ok=True)
        fetched = datetime.now(timezone.utc)
        probe = SourceDocument(
            id="probe", origin=without_credentials(url) if url else item.title, data=page, media_type="text/html", seen=fetched,
            url=url and without_credentials(url),
            author=item.author, published=item.published, image=item.image,
        )
        article = read_article(probe, language=source.language or "fr")  # navigation only, a paywall: refused now
        title = article.title if title_from_page else item.title
        taken = {path.stem for path in folder.glob("*.html")}
        name = slugify(title, taken)
        path = folder / f"{name}.html"
        sidecar = {
            "title": title, "url": url and without_credentials(url), "fetched": fetched.isoformat(timespec="seconds"),
            "fetched_from": fetched_from and without_credentials(fetched_from),
            "feed_item": item.guid, "author": item.author, "image": item.image, "image_type": item.image_type,
            "published": item.published.isoformat() if item.published else None,
        }
        write_text(path.with_suffix(".json"), json.dumps(sidecar, ensure_ascii=False, indent=1) + "\n")
        write_bytes(path, page)
        self.remember(item, f"{source.name}/{path.name}")
        log.info("kept %s", path)
        return path


@dataclass(frozen=True)
class FetchedSource:
    """The articles kept in the fetched directory, as documents: their identity is
    "fetched/<source>/<name>.html"; their sidecar gives their link, author and date, and
    their source's settings, as they are now, their language and voice."""

    directory: Path
    sources: tuple[SourceSettings, ...] = ()

    def documents(self) -> tuple[list[SourceDocument], list[Refusal]]:
        documents: list[SourceDocument] = []
        refused: list[Refusal] = []
        if not self.directory.is_dir():
            return documents, refused
        for folder in sorted(path for path in self.directory.iterdir() if path.is_dir() and not path.is_symlink()):
            for path in sorted(folder.iterdir()):
                if path.suffix.lower() not in MEDIA_TYPES or path.is_symlink() or not path.is_file():
                    continue
                identity = f"{FETCHED_PREFIX}{folder.name}/{path.name}"
                settings = next((source for source in self.sources if source.name == folder.name), None)
                try:
                    documents.append(_fetched_document(path, identity, settings))
                except (OSError, ValueError, NarrateError) as error:
                    refused.append(Refusal(str(path), f"{path}: cannot be read ({error}).", identity))
        return documents, refused


def _fetched_document(path: Path, identity: str, source: SourceSettings | None) -> SourceDocument:
    document = document_from_file(path, identity)
    sidecar_path = path.with_suffix(".json")
    sidecar = json.loads(sidecar_path.read_text(encoding="utf-8")) if sidecar_path.is_file() else {}
    if not isinstance(sidecar, dict):
        raise NarrateError(f"its sidecar {sidecar_path.name} is damaged (not a JSON object); remove both files, or fetch again")

    def text(key: str) -> str | None:
        value = sidecar.get(key)
        return value if isinstance(value, str) and value.strip() else None

    link = http_url(text("url"))
    looked_inside = text("image_type") in {"image/jpeg", "image/png"}  # the fetcher found a JPEG or PNG there
    return SourceDocument(
        id=identity, origin=str(path), data=document.data, media_type=document.media_type,
        seen=_date(sidecar.get("fetched")) or document.seen, url=without_credentials(link) if link else None,
        language=(source.language if source else None) or None, voice=(source.voice if source else None) or None,
        author=text("author"), published=_date(sidecar.get("published")),
        image=picture_url(text("image")) or (http_url(text("image")) if looked_inside else None),
    )


def _well_formed(state: object) -> bool:
    """True when ``state`` has the shape of the fetch state narrate writes."""
    if not isinstance(state, dict) or state.get("format") != STATE_FORMAT:
        return False
    seen = state.get("seen")
    return (
        isinstance(state.get("validators"), dict) and all(isinstance(v, dict) for v in state["validators"].values())
        and isinstance(state.get("sources"), dict) and all(isinstance(v, dict) for v in state["sources"].values())
        and isinstance(seen, dict) and all(isinstance(seen.get(kind), dict) for kind in ("guid", "link", "title"))
        and isinstance(state.get("retry", {}), dict)
    )


def _date(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def source_statuses(settings: Settings) -> list[tuple[SourceSettings, dict[str, Any]]]:
    """Each configured source with what its last fetch said (empty when never fetched)."""
    if settings.fetch is None:
        return []
    store = FetchStore(settings.fetch.directory)
    return [(source, store.status(source.name)) for source in settings.sources]
