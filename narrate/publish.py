"""Publish the site: the feed (or feeds), the index page and the manifest, for the episodes
whose files are all there; then the media of earlier versions go.

New media are written under new names before this runs, so a build stopped at any moment
leaves a feed whose every file exists, complete, with the length it announces.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from . import __version__
from .catalog import Catalog, EpisodeRecord, remove_old_versions
from .config import Settings
from .files import write_text

SITE_FILES = ("feed.xml", "index.html", "episodes.json")
STATE_NAME = ".narrate-state.json"


def publish_site(settings: Settings, cover_name: str, catalog: Catalog, settled: list[EpisodeRecord]) -> Path:
    """Feed, index and manifest for the episodes whose files are all there, then the earlier
    media of the ``settled`` episodes go (not of others: their new version may be in the
    making). Returns the main feed's path."""
    from .feed import DIGEST_FEED_NAME, write_feed
    from .pages import write_index

    output = settings.build.output
    kept = catalog.published()
    if settings.build.digest_feed:
        feed = write_feed(settings, [r for r in kept if r.kind != "digest"], cover_name, output)
        write_feed(settings, [r for r in kept if r.kind == "digest"], cover_name, output, DIGEST_FEED_NAME)
    else:
        feed = write_feed(settings, kept, cover_name, output)
    write_index(settings, kept, cover_name, output)
    catalog.save(kept)
    remove_old_versions(output, [record for record in settled if record in kept], kept)
    save_state(output, {**load_state(output), "site": _site_fingerprint(settings, catalog, cover_name)})
    return feed


def site_is_current(settings: Settings, catalog: Catalog, cover_name: str) -> bool:
    """True when the feed and pages on disk were published from exactly these records and settings."""
    output = settings.build.output
    published = load_state(output).get("site")
    return published == _site_fingerprint(settings, catalog, cover_name) and all(
        (output / name).is_file() for name in SITE_FILES
    )


def _site_fingerprint(settings: Settings, catalog: Catalog, cover_name: str) -> str:
    """What the feed and pages are made from: the records, the show, where it is served."""
    material = {
        "narrate": __version__, "show": settings.show, "base_url": settings.build.base_url,
        "digest_feed": settings.build.digest_feed, "cover": cover_name,
        "records": sorted(json.dumps(record.__dict__, sort_keys=True, default=str) for record in catalog.records.values()),
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True, default=str).encode()).hexdigest()


def load_state(output: Path) -> dict[str, str]:
    """What narrate noted about the output the last time (the cover it drew, the site it
    published); empty when it cannot be read or is damaged: the cover and site are then made again."""
    try:
        state = json.loads((output / STATE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(state, dict):
        return {}
    return {key: value for key, value in state.items() if isinstance(key, str) and isinstance(value, str)}


def save_state(output: Path, state: dict[str, str]) -> None:
    write_text(output / STATE_NAME, json.dumps(state, ensure_ascii=False) + "\n")
