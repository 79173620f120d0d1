"""Settings in three layers: packaged defaults, then the project's narrate.toml, then flags."""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ConfigError
from .hostile import http_url, xml_safe

CONFIG_FILE_NAME = "narrate.toml"
SUMMARY_ALGORITHMS = ("narrate", "lead", "lexrank", "textrank", "luhn", "lsa")
"""The summarisers ``[build] algorithm`` and ``--algorithm`` may name (narrate/summarize.py has them)."""
LENGTH_KEYS = frozenset({"sentences", "words", "minutes"})
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
    sentences: int
    words: int
    minutes: float
    algorithm: str
    timezone: str


@dataclass(frozen=True)
class Settings:
    show: Show
    build: Build


def load_settings(config_path: Path | None = None, overrides: dict[str, Any] | None = None) -> Settings:
    """Defaults, then ``config_path`` (default ./narrate.toml if it exists), then ``overrides``.

    ``overrides`` maps build keys (and ``show_*`` keys) to values; None values are ignored,
    so click's unset options can be passed straight through.
    """
    defaults = tomllib.loads(resources.files("narrate").joinpath("defaults.toml").read_text(encoding="utf-8"))
    layers = {"show": dict(defaults["show"]), "build": dict(defaults["build"])}
    if config_path is None and Path(CONFIG_FILE_NAME).is_file():
        config_path = Path(CONFIG_FILE_NAME)
    base_dir = Path(".")
    if config_path is not None:
        base_dir = config_path.parent
        _merge(layers, _read_config(config_path), str(config_path))
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
    if build["digest_by"] not in {"day", "run"}:
        raise ConfigError(f"digest_by is \"day\" or \"run\", not {build['digest_by']!r}.")
    for key in ("sentence_pause", "paragraph_pause", "chapter_pause"):
        if not 0 <= build[key] <= 10_000:
            raise ConfigError(f"{key} is in milliseconds, from 0 to 10000, not {build[key]}.")
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
    if not show["link"]:
        show["link"] = build["base_url"]
    return Settings(show=Show(**show), build=Build(**build))


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
            raise ConfigError(f"{origin}: unknown table [{table}]; narrate.toml has [show] and [build].")
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


__all__ = ["CONFIG_FILE_NAME", "Build", "Settings", "Show", "load_settings"]
