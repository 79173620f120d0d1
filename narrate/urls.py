"""Web addresses from hostile input: only http(s) links with a host ever reach a page, a feed
or the spoken outro; a ``javascript:`` or ``file:`` link, or one that does not parse, is dropped."""

from __future__ import annotations

from urllib.parse import urlsplit

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
