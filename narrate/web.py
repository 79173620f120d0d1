"""A polite HTTP client for fetching feeds and pages: it names itself and a contact, honours
robots.txt and the publisher's text-and-data-mining reservation (TDMRep: the
``tdm-reservation`` header and ``/.well-known/tdmrep.json``), waits between two requests to
one host, asks only for what changed (ETag, Last-Modified), follows a bounded number of
http(s) redirects, reads a bounded number of bytes within a total deadline, and tries again,
with backoff, what failed for a passing reason (a timeout, a 5xx, a 429 with its Retry-After).

It never connects to an address that is not public (loopback, private, link-local, multicast:
where a feed item could make narrate read an intranet page and publish it), unless that host
and port are allowed: named by a source's URL, or by ``[fetch] allow_hosts``. The address is
checked once connected, so a name that resolves to one and a redirect to one are refused
alike, and a name cannot resolve differently between the check and the request.

Every refusal and failure is a FetchError of one line, naming the address without the user
name and password it may carry.
"""

from __future__ import annotations

import fnmatch
import ipaddress
import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import requests
from protego import Protego
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from . import __version__
from .config import Fetch
from .errors import NarrateError
from .hostile import http_url, terminal_safe, without_credentials

if TYPE_CHECKING:
    from urllib3._base_connection import BaseHTTPConnection  # what urllib3's own pools are typed with

log = logging.getLogger(__name__)

MAX_RETRY_AFTER = 120.0
"""Seconds narrate waits when a server asks it to (429, 503): beyond, it tries on the next fetch."""
BACKOFF_SECONDS = 1.0
"""The first wait before trying again; it doubles each time."""
MAX_POLICY_BYTES = 500_000
"""robots.txt and tdmrep.json are small; more is not a policy."""
DEADLINE_TIMEOUTS = 3
"""A request, body included, is cut off after this many times [fetch] timeout: the timeout
bounds each wait for a byte, and a server sending one byte every two seconds would otherwise
keep a fetch going for hours."""


class FetchError(NarrateError):
    """A feed or page could not be fetched, or its publisher does not allow it. ``passing``
    when it may well work next time (a timeout, a 5xx, a 429, a lost connection)."""

    def __init__(self, message: str, status: int | None = None, *, passing: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.passing = passing or status in {408, 425, 429, 500, 502, 503, 504}


def host_and_port(url: str) -> str:
    """ "host:port" of ``url`` (the scheme's port when none is given), as allow lists name them."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    return f"{(parts.hostname or '').lower()}:{port}"


def is_public(address: str) -> bool:
    """True for an address of the public internet; False for loopback, private, link-local,
    multicast, reserved and the like (an IPv4 address written as IPv6 counts as IPv4)."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class _Guard:
    """What the client's connections check once connected, and the sockets they opened (for the deadline)."""

    def __init__(self, allowed: frozenset[str]) -> None:
        self.allowed = allowed
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()

    def check(self, host: str, port: int, sock: socket.socket) -> None:
        with self.lock:
            self.sockets.append(sock)
        peer = sock.getpeername()[0]
        named = host.strip("[]").lower()
        if is_public(peer) or f"{named}:{port}" in self.allowed or named in self.allowed:
            return
        sock.close()
        raise FetchError(
            f"{named}:{port} is at {peer}, an address that is not public (loopback, private or link-local); "
            "narrate fetches there only from a host a source names, or one [fetch] allow_hosts lists.",
        )


def _put_closed(pool: HTTPConnectionPool, conn: BaseHTTPConnection | None) -> None:
    """Closes a connection instead of keeping it: every request gets a socket of its own, for
    the deadline to cut. Asking for "Connection: close" is not enough: a server that does not
    say it back (BaseHTTPRequestHandler in HTTP/1.1) leaves the connection pooled, the next
    request is sent on it, and fails when the server closes it a moment later. urllib3 returns
    an empty slot (None) the same way when it discards a broken connection."""
    if conn is not None:
        conn.close()
    HTTPConnectionPool._put_conn(pool, None)


def _guarded_adapter(guard: _Guard) -> HTTPAdapter:
    """requests' adapter, whose connections refuse a non-public address once connected."""

    class Connection(HTTPConnection):
        def _new_conn(self) -> socket.socket:
            sock = super()._new_conn()
            guard.check(self.host, self.port, sock)
            return sock

    class SecureConnection(HTTPSConnection):
        def _new_conn(self) -> socket.socket:
            sock = super()._new_conn()
            guard.check(self.host, self.port, sock)
            return sock

    class Pool(HTTPConnectionPool):
        ConnectionCls = Connection

        def _put_conn(self, conn: BaseHTTPConnection | None) -> None:
            _put_closed(self, conn)

    class SecurePool(HTTPSConnectionPool):
        ConnectionCls = SecureConnection

        def _put_conn(self, conn: BaseHTTPConnection | None) -> None:
            _put_closed(self, conn)

    class Adapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {"http": Pool, "https": SecurePool}

    return Adapter()


@dataclass(frozen=True)
class Validators:
    """What a server said identifies the version it sent: asked again, it answers 304 if unchanged."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Reply:
    """A successful answer: 200 with its body, or 304 (nothing changed) without one."""

    url: str
    """The address that answered, after redirects (with the credentials it was asked with:
    links relative to it go to the same host; strip them before keeping or showing it)."""
    status: int
    content: bytes
    content_type: str
    validators: Validators


@dataclass
class PoliteClient:
    """Fetches for narrate, one request at a time, under the [fetch] settings. ``allowed``:
    the hosts ("host" or "host:port") it may fetch from although their address is not
    public: those the sources name, and those [fetch] allow_hosts lists."""

    settings: Fetch
    allowed: frozenset[str] = frozenset()
    session: requests.Session = field(default_factory=requests.Session)
    _last_request: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, Protego | None] = field(default_factory=dict)
    _tdm: dict[str, list[dict[str, object]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._guard = _Guard(frozenset(host.lower() for host in (*self.allowed, *self.settings.allow_hosts)))
        adapter = _guarded_adapter(self._guard)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    @property
    def user_agent(self) -> str:
        return f"narrate/{__version__} (+{self.settings.contact})" if self.settings.contact else f"narrate/{__version__}"

    def get(self, url: str, validators: Validators | None = None, *, first_bytes: int = 0) -> Reply:
        """``url``'s content (only its ``first_bytes`` when given), or a 304 Reply when
        ``validators`` still hold. FetchError when it cannot be had, or when its publisher does
        not allow narrate to take it."""
        shown = without_credentials(url)
        current = http_url(url)
        if not current:
            raise FetchError(f"{shown}: narrate fetches only http:// and https:// addresses.")
        for _ in range(self.settings.max_redirects + 1):
            self._check_allowed(current)
            response, content = self._request(current, validators, first_bytes)
            if response.is_redirect:
                location = response.headers.get("location", "")
                target = http_url(urljoin(current, location))
                if not target:
                    raise FetchError(f"{shown}: redirected to {terminal_safe(location)!r}, which is not an http(s) address.")
                current = target
                continue
            return self._reply(shown, current, response, content)
        raise FetchError(f"{shown}: more than {self.settings.max_redirects} redirects; check the address.")

    def _reply(self, asked: str, url: str, response: requests.Response, content: bytes) -> Reply:
        if response.headers.get("tdm-reservation", "").strip() == "1":
            raise FetchError(f"{asked}: its publisher reserves text and data mining (TDMRep header); narrate leaves it out.")
        validators = Validators(response.headers.get("etag"), response.headers.get("last-modified"))
        if response.status_code == 304:
            return Reply(url, 304, b"", "", validators)
        if response.status_code != 200:
            raise FetchError(_status_message(asked, response.status_code), response.status_code)
        return Reply(url, 200, content, response.headers.get("content-type", ""), validators)

    @contextmanager
    def _deadline(self, url: str) -> Iterator[None]:
        """Within this, the request's sockets are cut off once DEADLINE_TIMEOUTS times the
        timeout have passed; a failure of the request is a passing FetchError. Every request
        has a socket of its own to cut (``_put_closed``; one narrate request at a
        time per host: keeping connections alive saves little)."""
        seconds = self.settings.timeout * DEADLINE_TIMEOUTS
        expired = threading.Event()
        with self._guard.lock:
            self._guard.sockets.clear()

        def cut() -> None:
            expired.set()
            with self._guard.lock:
                for sock in self._guard.sockets:
                    try:
                        sock.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass

        timer = threading.Timer(seconds, cut)
        timer.daemon = True
        timer.start()
        try:
            yield
            if expired.is_set():  # cut off: what came before the end was only part of it
                raise FetchError(f"{url}: took more than {seconds:.0f} s; try again later.", passing=True)
        except (requests.RequestException, OSError) as error:
            if expired.is_set():
                raise FetchError(f"{url}: took more than {seconds:.0f} s; try again later.", passing=True) from None
            raise FetchError(f"{url}: cannot be reached ({_reason(error)}); try again later.", passing=True) from None
        finally:
            timer.cancel()

    def _request(self, url: str, validators: Validators | None, first_bytes: int = 0) -> tuple[requests.Response, bytes]:
        """One GET and its body (of a 200), with its retries: a timeout, a lost connection, a
        5xx or a 429 is tried again after a wait (the server's Retry-After when it gives one)."""
        headers = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate", "Connection": "close"}
        if validators and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        shown = without_credentials(url)
        attempt = 0
        while True:
            self._wait_for_host(url)
            try:
                with self._deadline(shown):
                    response = self.session.get(url, headers=headers, timeout=self.settings.timeout, allow_redirects=False, stream=True)
                    with response:
                        if response.status_code not in {429, 500, 502, 503, 504} or attempt >= self.settings.retries:
                            ok = response.status_code == 200
                            if ok and first_bytes:
                                return response, next(response.iter_content(first_bytes), b"")[:first_bytes]
                            return response, _bounded_content(shown, response, self.settings.max_bytes) if ok else b""
                wait = _retry_after(response) or BACKOFF_SECONDS * 2**attempt
                if wait > MAX_RETRY_AFTER:
                    raise FetchError(
                        f"{shown}: the server asks narrate to wait {wait:.0f} s ({response.status_code}); fetch again later.",
                        response.status_code,
                    )
            except FetchError as error:
                if not error.passing or error.status or attempt >= self.settings.retries:
                    raise
                wait = BACKOFF_SECONDS * 2**attempt
            attempt += 1
            log.info("%s: trying again in %.1f s", shown, wait)
            time.sleep(wait)

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        last = self._last_request.get(host)
        if last is not None:
            pause = self.settings.delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self._last_request[host] = time.monotonic()

    def _check_allowed(self, url: str) -> None:
        """FetchError when the site's robots.txt disallows narrate, or its tdmrep.json reserves
        text and data mining for this address."""
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            self._robots[root] = self._policy_robots(root)
        robots = self._robots[root]
        if robots is not None and not robots.can_fetch(url, "narrate"):
            raise FetchError(f"{url}: the site's robots.txt does not allow narrate to fetch it.")
        if root not in self._tdm:
            self._tdm[root] = self._policy_tdmrep(root)
        path = parts.path or "/"
        for rule in self._tdm[root]:
            location = str(rule.get("location", ""))
            if fnmatch.fnmatchcase(path, location if location.startswith("/") else "/" + location) and str(
                rule.get("tdm-reservation", "0")
            ) == "1":
                raise FetchError(
                    f"{url}: its publisher reserves text and data mining (/.well-known/tdmrep.json); narrate leaves it out."
                )

    def _policy(self, url: str) -> tuple[int, bytes] | None:
        """(status, bytes) of a small policy file; None when the site cannot be reached."""
        try:
            self._wait_for_host(url)
            headers = {"User-Agent": self.user_agent, "Connection": "close"}
            with self._deadline(without_credentials(url)):
                with self.session.get(url, headers=headers, timeout=self.settings.timeout, stream=True) as response:
                    if response.status_code != 200:
                        return response.status_code, b""
                    return 200, _bounded_content(url, response, MAX_POLICY_BYTES)
        except FetchError as error:
            if error.passing:
                return None
            raise

    def _policy_robots(self, root: str) -> Protego | None:
        """The site's robots.txt, read as RFC 9309 says (the longest matching rule wins; * and $
        match) by Protego: none found (4xx) allows everything; a site that cannot be reached or
        fails (5xx) allows nothing, until a later fetch."""
        answer = self._policy(root + "/robots.txt")
        if answer is None or answer[0] >= 500:
            return Protego.parse("User-agent: *\nDisallow: /\n")
        if answer[0] != 200:
            return None
        return Protego.parse(answer[1].decode("utf-8", "replace"))

    def _policy_tdmrep(self, root: str) -> list[dict[str, object]]:
        """The rules of the site's /.well-known/tdmrep.json (W3C TDMRep), or none."""
        answer = self._policy(root + "/.well-known/tdmrep.json")
        if answer is None or answer[0] != 200:
            return []
        try:
            rules = json.loads(answer[1])
        except ValueError:
            return []
        return [rule for rule in rules if isinstance(rule, dict)] if isinstance(rules, list) else []


def _bounded_content(url: str, response: requests.Response, limit: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(f"{url}: {int(declared):,} bytes is more than the {limit:,} narrate fetches; raise [fetch] max_bytes.")
    chunks, size = [], 0
    for chunk in response.iter_content(16 * 1024):
        size += len(chunk)
        if size > limit:
            raise FetchError(f"{url}: more than the {limit:,} bytes narrate fetches; raise [fetch] max_bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


def _retry_after(response: requests.Response) -> float | None:
    """The server's Retry-After, in seconds (given as seconds or as an HTTP date)."""
    value = response.headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


def _status_message(url: str, status: int) -> str:
    if status == 404:
        return f"{url}: not found (404); check the address."
    if status == 410:
        return f"{url}: gone for good (410); narrate stops asking for it."
    if status == 429:
        return f"{url}: the server says narrate asks too often (429); fetch again later."
    if status in {401, 403}:
        return f"{url}: refused ({status}): the page needs a login or does not allow narrate."
    return f"{url}: the server answered {status}; try again later."


def _reason(error: Exception) -> str:
    if isinstance(error, requests.Timeout) or "timed out" in str(error):
        return "timed out"
    if isinstance(error, requests.ConnectionError):
        return "connection failed"
    return type(error).__name__
