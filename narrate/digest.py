"""Which articles go into which digest episode, and in what order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo

from .catalog import EpisodeRecord


def group_for_digest(
    records: list[EpisodeRecord], by: str, order: Sequence[str], timezone: str, run_started: datetime,
) -> list[tuple[str, datetime, list[EpisodeRecord]]]:
    """(key, date, articles) of each digest, oldest first.

    ``by`` is "day" (one digest per publication day, in ``timezone``) or "run" (one digest of
    everything given, keyed and dated by when this build started, so that no later run takes
    its guid). Within a digest, articles follow ``order`` (their file names, with or without
    extension) when they are in it, then publication time.
    """
    zone = ZoneInfo(timezone)
    rank = {source: index for index, source in enumerate(order)}

    def moment(record: EpisodeRecord) -> datetime:
        return record.published.astimezone(zone)

    def placed(record: EpisodeRecord) -> tuple[int, datetime, str]:
        place = rank.get(record.source, rank.get(PurePosixPath(record.source).stem, len(rank)))
        return (place, moment(record), record.source)

    if not records:
        return []
    if by == "run":
        started = run_started.astimezone(zone)
        return [(f"run-{started:%Y-%m-%d-%H%M%S}", started, sorted(records, key=placed))]
    days: dict[str, list[EpisodeRecord]] = defaultdict(list)
    for record in records:
        days[f"{moment(record):%Y-%m-%d}"].append(record)
    return [
        (key, max(moment(record) for record in group), sorted(group, key=placed))
        for key, group in sorted(days.items())
    ]
