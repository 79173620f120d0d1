"""Settings in three layers: packaged defaults, then the project's narrate.toml, then flags."""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ConfigError
from .hostile import http_url, xml_safe

CONFIG_FILE_NAME = "narrate.toml"
SUMMARY_ALGORITHMS = ("narrate", "lead", "lexrank", "textrank", "luhn", "lsa")
"""The summarisers ``[build] algorithm`` and ``--algorithm`` may name (narrate/summarize.py has them)."""
LENGTH_KEYS = frozenset({"sentences", "words", "minutes"})
FRAMES = ("auto", "short", "long")
"""How much the intro and outro say: "short", a sentence each (the show, the source and the
title; then the source and that a synthetic voice reads); "long", also the byline, the length,
the plan and how the summary was made; "auto", long only where the plan helps a listener find
their way (script.LONG_FRAME_CHAPTERS)."""
EPISODE_FORMATS = ("mp3", "epub", "daisy")
"""What ``formats`` chooses among (narrate/outputs.py renders them)."""
MAX_MINUTES = 600.0
"""A summary of ten hours is no summary; infinity or NaN is a typing mistake."""


@dataclass(frozen=True)
class Show:
    """The podcast as a whole, as podcast apps present it."""

    title: str
    description: str
    author: str
    language: str
    link: str
    email: str
    category: str
    subcategory: str
    explicit: bool
    image: str
    """Path to a square cover image; empty to have one drawn from the title."""
    report_url: str
    """Where listeners report a word read wrong (a mailto: or a form's http(s) address); empty: not offered."""


@dataclass(frozen=True)
class Build:
    """Where to read and write, and how to shape each episode."""

    seeds: Path
    output: Path
    voices: Path
    voice: str
    host_voice: str
    cache: Path
    sentence_pause: int
    paragraph_pause: int
    chapter_pause: int
    chapter_signal: bool
    digest: bool
    digest_by: str
    digest_feed: bool
    digest_order: tuple[str, ...]
    base_url: str
    full: bool
    frame: str
    """How much the intro and outro say: one of FRAMES."""
    sentences: int
    words: int
    minutes: float
    algorithm: str
    compress: bool
    """Summary sentences without the asides a newsreader leaves out (see compress.py)."""
    timezone: str
    formats: tuple[str, ...]
    """What is made of each episode besides its captions and transcripts: "mp3" (always),
    "epub" (a read-along book, EPUB 3 with Media Overlays), "daisy" (a DAISY 2.02 talking book)."""
    cluster: str
    """A Dask scheduler's address ("tcp://host:8786"), or "local" for a LocalCluster here;
    empty: episodes are built on this machine (see cluster.py)."""
    cluster_cache: str
    """A speech cache every worker of the cluster sees; empty: each worker keeps its own."""
    fast_words_per_minute: int
    """Above 0: each episode also comes spoken at this pace by the same voice (synthesised so,
    not sped up), with its own chapters and captions."""


@dataclass(frozen=True)
class Fetch:
    """How articles are fetched from the web: politely, within bounds."""

    directory: Path
    """Where fetched articles are kept, one folder per source: a build reads them from there."""
    contact: str
    """A URL (or e-mail address) named in narrate's User-Agent, for publishers to reach the show."""
    delay: float
    """Seconds between two requests to the same host."""
    timeout: float
    retries: int
    max_bytes: int
    max_redirects: int
    max_items: int
    """Items taken from one feed in one fetch, newest first."""
    allow_hosts: tuple[str, ...] = ()
    """Hosts ("intranet.example" or "10.0.0.5:8080") narrate may fetch from although their
    address is not public (loopback, private, link-local); a source's own host always may."""


@dataclass(frozen=True)
class SourceSettings:
    """One configured source of articles: a feed (RSS, Atom, JSON Feed) or a list of feeds (OPML)."""

    url: str
    name: str
    """Its folder in the fetched directory, and how messages name it."""
    language: str
    """The language of its articles; empty: the show's."""
    voice: str
    """The voice profile that reads its articles; empty: the configured voice."""
    max_items: int
    include: tuple[str, ...]
    """Regular expressions: when any is given, only items whose title or link matches one are taken."""
    exclude: tuple[str, ...]
    """Regular expressions: items whose title or link matches one are left out."""


@dataclass(frozen=True)
class Settings:
    show: Show
    build: Build
    fetch: Fetch | None = None
    sources: tuple[SourceSettings, ...] = ()


def load_settings(config_path: Path | None = None, overrides: dict[str, Any] | None = None) -> Settings:
    """Defaults, then ``config_path`` (default ./narrate.toml if it exists), then ``overrides``.

    ``overrides`` maps build keys (and ``show_*`` keys) to values; None values are ignored,
    so click's unset options can be passed straight through.
    """
    defaults = tomllib.loads(resources.files("narrate").joinpath("defaults.toml").read_text(encoding="utf-8"))
    layers = {"show": dict(defaults["show"]), "build": dict(defaults["build"]), "fetch": dict(defaults["fetch"])}
    configured_sources: list[Any] = []
    if config_path is None and Path(CONFIG_FILE_NAME).is_file():
        config_path = Path(CONFIG_FILE_NAME)
    base_dir = Path(".")
    if config_path is not None:
        base_dir = config_path.parent
        config = _read_config(config_path)
        configured_sources = config.pop("sources", [])
        _merge(layers, config, str(config_path))
    overrides = {key: value for key, value in (overrides or {}).items() if value is not None}
    if LENGTH_KEYS & overrides.keys():  # a length given on the command line replaces the configured one
        layers["build"].update(dict.fromkeys(LENGTH_KEYS, 0))
    for key, value in overrides.items():
        table, name = ("show", key[5:]) if key.startswith("show_") else ("build", key)
        layers[table][name] = value

    build = layers["build"]
    for key in ("seeds", "output", "voices", "cache"):
        build[key] = base_dir / build[key]  # an absolute path stays as it is
    build["base_url"] = str(build["base_url"]).rstrip("/") + "/"
    build["minutes"] = float(build["minutes"])
    build["digest_order"] = tuple(str(source) for source in build["digest_order"])
    formats = build["formats"].split(",") if isinstance(build["formats"], str) else build["formats"]
    build["formats"] = tuple(dict.fromkeys(str(name).strip().lower() for name in formats if str(name).strip()))
    unknown = [name for name in build["formats"] if name not in EPISODE_FORMATS]
    if unknown or "mp3" not in build["formats"]:
        raise ConfigError(
            f"formats are among {', '.join(EPISODE_FORMATS)}, mp3 always (the feed's audio), not {', '.join(build['formats'])}."
        )
    if build["frame"] not in FRAMES:
        raise ConfigError(f"frame is {', '.join(repr(name) for name in FRAMES)}, not {build['frame']!r}.")
    if build["digest_by"] not in {"day", "run"}:
        raise ConfigError(f"digest_by is \"day\" or \"run\", not {build['digest_by']!r}.")
    for key in ("sentence_pause", "paragraph_pause", "chapter_pause"):
        if not 0 <= build[key] <= 10_000:
            raise ConfigError(f"{key} is in milliseconds, from 0 to 10000, not {build[key]}.")
    if build["fast_words_per_minute"] and not 120 <= build["fast_words_per_minute"] <= 450:
        raise ConfigError(f"fast_words_per_minute is 0 (none) or from 120 to 450, not {build['fast_words_per_minute']}.")
    if not math.isfinite(build["minutes"]) or build["minutes"] > MAX_MINUTES:
        raise ConfigError(f"minutes is a summary length from 0 to {MAX_MINUTES}, not {build['minutes']}.")
    if min(build[key] for key in LENGTH_KEYS) < 0 or max(build[key] for key in LENGTH_KEYS) <= 0:
        raise ConfigError("the summary length needs sentences, words or minutes above 0.")
    if build["algorithm"] not in SUMMARY_ALGORITHMS:
        raise ConfigError(f"unknown summary algorithm {build['algorithm']!r}; choose one of: {', '.join(SUMMARY_ALGORITHMS)}.")
    if build["base_url"] != "/" and not http_url(build["base_url"]):
        raise ConfigError(f"base_url must be an http:// or https:// address, not {build['base_url']!r}.")
    try:
        ZoneInfo(build["timezone"])
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"unknown timezone {build['timezone']!r}; use a name such as 'Europe/Paris'.") from None
    show: dict[str, Any] = {key: xml_safe(value) if isinstance(value, str) else value for key, value in layers["show"].items()}
    for key in ("title", "author", "language"):
        if not str(show[key]).strip():
            raise ConfigError(f"[show] {key} cannot be empty: podcast apps show it, and the intro says it.")
    if not re.fullmatch(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", show["language"]):
        raise ConfigError(f"[show] language is a language code such as \"fr\" or \"en\", not {show['language']!r}.")
    if show["link"] and not http_url(show["link"]):
        raise ConfigError(f"[show] link must be an http:// or https:// address, not {show['link']!r}.")
    if show["image"]:
        show["image"] = str(base_dir / show["image"])
    if show["report_url"] and not (http_url(show["report_url"]) or re.fullmatch(r"mailto:[^\s<>\"']+", show["report_url"])):
        raise ConfigError(f"[show] report_url is a mailto: or an http(s) address, not {show['report_url']!r}.")
    if not show["link"]:
        show["link"] = build["base_url"]
    cluster = str(build["cluster"])
    if cluster and cluster != "local" and not re.fullmatch(r"(?:tcp|tls|ws|wss)://[^\s/:]+:\d{1,5}|(?:tcp|tls)://\[[0-9a-fA-F:]+\]:\d{1,5}", cluster):
        raise ConfigError(f"cluster is \"local\" or a Dask scheduler's address such as tcp://host:8786, not {cluster!r}.")
    fetch = _fetch_settings(layers["fetch"], base_dir, show["link"])
    output = Path(build["output"]).resolve()
    if fetch.directory.resolve() == output or output in fetch.directory.resolve().parents:
        raise ConfigError(f"[fetch] directory {fetch.directory} is inside the output {build['output']}: a build would read its own pages; choose another.")
    sources = _source_settings(configured_sources, fetch, str(config_path or CONFIG_FILE_NAME))
    return Settings(show=Show(**show), build=Build(**build), fetch=fetch, sources=sources)


def _fetch_settings(table: dict[str, Any], base_dir: Path, link: str) -> Fetch:
    """[fetch], checked: positive bounds, a contact to name in the User-Agent."""
    table = {**table, "directory": base_dir / table["directory"], "delay": float(table["delay"]), "timeout": float(table["timeout"])}
    table["contact"] = table["contact"] or link
    if not 0 <= table["delay"] <= MAX_FETCH_SECONDS:
        raise ConfigError(f"[fetch] delay is a number of seconds from 0 to {MAX_FETCH_SECONDS}, not {table['delay']}.")
    if not MIN_FETCH_TIMEOUT <= table["timeout"] <= MAX_FETCH_SECONDS:
        raise ConfigError(f"[fetch] timeout is a number of seconds from {MIN_FETCH_TIMEOUT} to {MAX_FETCH_SECONDS}, not {table['timeout']}.")
    for key in ("retries", "max_bytes", "max_redirects", "max_items"):
        if key == "retries" and not 0 <= table[key] <= 10:
            raise ConfigError(f"[fetch] retries is from 0 to 10, not {table[key]}.")
        if key != "retries" and table[key] <= 0:
            raise ConfigError(f"[fetch] {key} must be above 0, not {table[key]}.")
    if any(character.isspace() or ord(character) < 32 for character in table["contact"]):
        raise ConfigError(f"[fetch] contact is a URL or an e-mail address, not {table['contact']!r}.")
    table["contact"] = _ascii_contact(table["contact"])
    hosts = table.get("allow_hosts", [])
    if not isinstance(hosts, list) or not all(isinstance(host, str) and re.fullmatch(r"[\w.:\[\]-]+", host) for host in hosts):
        raise ConfigError(f"[fetch] allow_hosts is a list of host names or addresses, with a port or not, not {hosts!r}.")
    table["allow_hosts"] = tuple(host.lower() for host in hosts)
    return Fetch(**table)


MAX_FETCH_SECONDS = 3600.0
MIN_FETCH_TIMEOUT = 0.1


def _ascii_contact(contact: str) -> str:
    """``contact`` as an HTTP header can carry it: an internationalised domain in its IDNA form
    ("радио.рф" as "xn--80aimyg.xn--p1ai"), any other character percent-encoded."""
    if contact.isascii():
        return contact
    from urllib.parse import quote, urlsplit, urlunsplit

    def idna(host: str) -> str:
        try:
            return host.encode("idna").decode("ascii")
        except UnicodeError:
            return quote(host)

    if http_url(contact):
        parts = urlsplit(contact)
        netloc = idna(parts.hostname or "") + (f":{parts.port}" if parts.port else "")
        return urlunsplit((parts.scheme, netloc, quote(parts.path), quote(parts.query, safe="=&"), ""))
    local, at, domain = contact.rpartition("@")
    return f"{quote(local)}@{idna(domain)}" if at else quote(contact)


SOURCE_KEYS = {"url": str, "name": str, "language": str, "voice": str, "max_items": int, "include": list, "exclude": list}


def _source_settings(tables: Any, fetch: Fetch, origin: str) -> tuple[SourceSettings, ...]:
    """The [[sources]] tables, checked: an http(s) URL each, known keys, a name of their own."""
    if not isinstance(tables, list) or not all(isinstance(table, dict) for table in tables):
        raise ConfigError(f"{origin}: sources are [[sources]] tables, each with a url.")
    sources: list[SourceSettings] = []
    for number, table in enumerate(tables, start=1):
        for key, value in table.items():
            expected = SOURCE_KEYS.get(key)
            if expected is None:
                raise ConfigError(f"{origin}: unknown key {key!r} in source {number}; known keys: {', '.join(SOURCE_KEYS)}.")
            if not isinstance(value, expected) or isinstance(value, bool):
                raise ConfigError(f"{origin}: source {number}'s {key} should be a {expected.__name__}.")
        url = http_url(table.get("url"))
        if not url:
            raise ConfigError(f"{origin}: source {number} needs a url, an http:// or https:// address.")
        name = table.get("name") or source_name(url)
        if not re.fullmatch(r"[\w][\w.-]{0,63}", name) or name in {s.name for s in sources}:
            raise ConfigError(
                f"{origin}: source {number}'s name {name!r} must be unique, made of letters, digits, '.', '-' and '_'."
            )
        for key in ("include", "exclude"):
            for pattern in table.get(key, []):
                try:
                    re.compile(str(pattern))
                except re.error as error:
                    raise ConfigError(f"{origin}: source {name}: {key} pattern {pattern!r} is not a regular expression ({error}).") from None
        max_items = table.get("max_items", fetch.max_items)
        if max_items <= 0:
            raise ConfigError(f"{origin}: source {name}: max_items must be above 0.")
        language = table.get("language", "")
        if language and not re.fullmatch(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", language):
            raise ConfigError(f"{origin}: source {name}: language is a code such as \"fr\", not {language!r}.")
        sources.append(SourceSettings(
            url=url, name=name, language=language, voice=table.get("voice", ""), max_items=max_items,
            include=tuple(map(str, table.get("include", []))), exclude=tuple(map(str, table.get("exclude", []))),
        ))
    return tuple(sources)


def source_name(url: str) -> str:
    """A folder name for a source from its address: "www.example.org/rss" -> "example.org"."""
    host = (urlsplit(url).hostname or "source").removeprefix("www.")
    return re.sub(r"[^\w.-]+", "-", host)[:64] or "source"


def _read_config(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read ({error.strerror}).") from error
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: is not UTF-8 text.") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: is not valid TOML: {error}.") from None


def _merge(layers: dict[str, dict[str, Any]], config: dict[str, Any], origin: str) -> None:
    """Lay ``config`` over ``layers``, refusing unknown tables, keys and wrong types."""
    for table, values in config.items():
        if table not in layers or not isinstance(values, dict):
            raise ConfigError(f"{origin}: unknown table [{table}]; narrate.toml has [show], [build], [fetch] and [[sources]].")
        for key, value in values.items():
            if key not in layers[table]:
                known = ", ".join(sorted(layers[table]))
                raise ConfigError(f"{origin}: unknown key {key!r} in [{table}]; known keys: {known}.")
            expected = type(layers[table][key])
            if expected is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)  # "minutes = 2" means 2.0
            if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                raise ConfigError(
                    f"{origin}: [{table}] {key} should be a {expected.__name__}, not {type(value).__name__}."
                )
            layers[table][key] = value


__all__ = ["CONFIG_FILE_NAME", "Build", "Fetch", "Settings", "Show", "SourceSettings", "load_settings"]
