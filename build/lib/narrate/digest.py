"""Which articles go into which digest episode, and in what order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from .publish import EpisodeRecord


def group_for_digest(
    records: list[EpisodeRecord], by: str, order: Sequence[str], timezone: str
) -> list[tuple[str, datetime, list[EpisodeRecord]]]:
    """(key, date, articles) of each digest, oldest first.

    ``by`` is "day" (one digest per publication day, in ``timezone``) or "run" (one digest of
    everything given). Within a digest, articles follow ``order`` (their file names without
    extension) when they are in it, then publication time.
    """
    zone = ZoneInfo(timezone)
    rank = {source: index for index, source in enumerate(order)}

    def moment(record: EpisodeRecord) -> datetime:
        return record.published.astimezone(zone)

    def placed(record: EpisodeRecord) -> tuple[int, datetime, str]:
        return (rank.get(record.source, len(rank)), moment(record), record.source)

    if not records:
        return []
    if by == "run":
        latest = max(moment(record) for record in records)
        return [(f"run-{latest:%Y-%m-%d-%H%M}", latest, sorted(records, key=placed))]
    days: dict[str, list[EpisodeRecord]] = defaultdict(list)
    for record in records:
        days[f"{moment(record):%Y-%m-%d}"].append(record)
    return [
        (key, max(moment(record) for record in group), sorted(group, key=placed))
        for key, group in sorted(days.items())
    ]
