"""A polite HTTP client for fetching feeds and pages: it names itself and a contact, honours
robots.txt and the publisher's text-and-data-mining reservation (TDMRep: the
``tdm-reservation`` header and ``/.well-known/tdmrep.json``), waits between two requests to
one host, asks only for what changed (ETag, Last-Modified), follows a bounded number of
http(s) redirects, reads a bounded number of bytes, and tries again, with backoff, what
failed for a passing reason (a timeout, a 5xx, a 429 with its Retry-After).

Every refusal and failure is a FetchError of one line, naming the address.
"""

from __future__ import annotations

import fnmatch
import json
import logging
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import requests

from . import __version__
from .config import Fetch
from .errors import NarrateError
from .hostile import http_url

log = logging.getLogger(__name__)

MAX_RETRY_AFTER = 120.0
"""Seconds narrate waits when a server asks it to (429, 503): beyond, it tries on the next fetch."""
BACKOFF_SECONDS = 1.0
"""The first wait before trying again; it doubles each time."""
MAX_POLICY_BYTES = 500_000
"""robots.txt and tdmrep.json are small; more is not a policy."""


class FetchError(NarrateError):
    """A feed or page could not be fetched, or its publisher does not allow it."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Validators:
    """What a server said identifies the version it sent: asked again, it answers 304 if unchanged."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Reply:
    """A successful answer: 200 with its body, or 304 (nothing changed) without one."""

    url: str
    """The address that answered, after redirects."""
    status: int
    content: bytes
    content_type: str
    validators: Validators


@dataclass
class PoliteClient:
    """Fetches for narrate, one request at a time, under the [fetch] settings."""

    settings: Fetch
    session: requests.Session = field(default_factory=requests.Session)
    _last_request: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, RobotFileParser | None] = field(default_factory=dict)
    _tdm: dict[str, list[dict[str, object]]] = field(default_factory=dict)

    @property
    def user_agent(self) -> str:
        return f"narrate/{__version__} (+{self.settings.contact})" if self.settings.contact else f"narrate/{__version__}"

    def get(self, url: str, validators: Validators | None = None) -> Reply:
        """``url``'s content, or a 304 Reply when ``validators`` still hold. FetchError when it
        cannot be had, or when its publisher does not allow narrate to take it."""
        current = http_url(url)
        if not current:
            raise FetchError(f"{url}: narrate fetches only http:// and https:// addresses.")
        for _ in range(self.settings.max_redirects + 1):
            self._check_allowed(current)
            response = self._request(current, validators)
            if response.is_redirect:
                location = response.headers.get("location", "")
                response.close()
                target = http_url(urljoin(current, location))
                if not target:
                    raise FetchError(f"{url}: redirected to {location!r}, which is not an http(s) address.")
                current = target
                continue
            return self._reply(url, current, response)
        raise FetchError(f"{url}: more than {self.settings.max_redirects} redirects; check the address.")

    def _reply(self, asked: str, url: str, response: requests.Response) -> Reply:
        with response:
            if response.headers.get("tdm-reservation", "").strip() == "1":
                raise FetchError(
                    f"{asked}: its publisher reserves text and data mining (TDMRep header); narrate leaves it out."
                )
            validators = Validators(response.headers.get("etag"), response.headers.get("last-modified"))
            if response.status_code == 304:
                return Reply(url, 304, b"", "", validators)
            if response.status_code != 200:
                raise FetchError(_status_message(asked, response.status_code), response.status_code)
            content = _bounded_content(asked, response, self.settings.max_bytes)
            return Reply(url, 200, content, response.headers.get("content-type", ""), validators)

    def _request(self, url: str, validators: Validators | None) -> requests.Response:
        """One GET, with its retries: a timeout, a lost connection, a 5xx or a 429 is tried
        again after a wait (the server's Retry-After when it gives one)."""
        headers = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"}
        if validators and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        attempt = 0
        while True:
            self._wait_for_host(url)
            try:
                response = self.session.get(
                    url, headers=headers, timeout=self.settings.timeout, allow_redirects=False, stream=True,
                )
            except requests.RequestException as error:
                if attempt >= self.settings.retries:
                    raise FetchError(f"{url}: cannot be reached ({_reason(error)}); try again later.") from None
                wait = BACKOFF_SECONDS * 2**attempt
            else:
                if response.status_code not in {429, 500, 502, 503, 504} or attempt >= self.settings.retries:
                    return response
                wait = _retry_after(response) or BACKOFF_SECONDS * 2**attempt
                response.close()
                if wait > MAX_RETRY_AFTER:
                    raise FetchError(
                        f"{url}: the server asks narrate to wait {wait:.0f} s ({response.status_code}); fetch again later.",
                        response.status_code,
                    )
            attempt += 1
            log.info("%s: trying again in %.1f s", url, wait)
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
        if robots is not None and not robots.can_fetch(self.user_agent, url):
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
            headers = {"User-Agent": self.user_agent}
            with self.session.get(url, headers=headers, timeout=self.settings.timeout, stream=True) as response:
                if response.status_code != 200:
                    return response.status_code, b""
                return 200, _bounded_content(url, response, MAX_POLICY_BYTES)
        except (requests.RequestException, FetchError):
            return None

    def _policy_robots(self, root: str) -> RobotFileParser | None:
        """The site's robots.txt (RFC 9309): none found (4xx) allows everything; a site that
        cannot be reached or fails (5xx) allows nothing, until a later fetch."""
        answer = self._policy(root + "/robots.txt")
        parser = RobotFileParser()
        if answer is None or answer[0] >= 500:
            parser.parse(["User-agent: *", "Disallow: /"])
            return parser
        if answer[0] != 200:
            return None
        parser.parse(answer[1].decode("utf-8", "replace").splitlines())
        return parser

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
    for chunk in response.iter_content(64 * 1024):
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


def _reason(error: requests.RequestException) -> str:
    if isinstance(error, requests.Timeout):
        return "timed out"
    if isinstance(error, requests.ConnectionError):
        return "connection failed"
    return type(error).__name__
