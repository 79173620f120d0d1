"""A pronunciation lexicon users edit: written forms and how they are said.

Entries come from ``voices/lexicon.toml`` (every voice) and a profile's ``[lexicon]`` table
(that voice only, overriding). They apply before the rules, to what the engine hears only.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..errors import ConfigError

LEXICON_FILE_NAME = "lexicon.toml"


@dataclass(frozen=True)
class Lexicon:
    """Whole words or phrases, matched case-sensitively, longest first."""

    entries: tuple[tuple[str, str], ...] = ()

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        if not self.entries:
            return None
        written = sorted((key for key, _ in self.entries), key=len, reverse=True)
        return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(key) for key in written) + r")(?!\w)")

    def apply(self, text: str) -> str:
        """``text`` with every entry replaced by how it is said."""
        if self._pattern is None:
            return text
        said = dict(self.entries)
        return self._pattern.sub(lambda match: said[match.group(0)], text)

    def overridden_by(self, other: Lexicon) -> Lexicon:
        """This lexicon with ``other``'s entries added, ``other`` winning where both have a word."""
        merged = dict(self.entries)
        merged.update(other.entries)
        return Lexicon(tuple(merged.items()))


def lexicon_from_table(table: object, origin: Path) -> Lexicon:
    """A Lexicon from a TOML table of strings; ConfigError naming ``origin`` otherwise."""
    if not isinstance(table, dict) or not all(isinstance(v, str) and k.strip() for k, v in table.items()):
        raise ConfigError(f"{origin}: the lexicon must map written words to how they are said, both as text.")
    return Lexicon(tuple(table.items()))


def load_lexicon(path: Path) -> Lexicon:
    """The lexicon in ``path`` (a TOML file of "written" = "said"); empty when there is no file."""
    if not path.is_file():
        return Lexicon()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: is not valid TOML: {error}.") from error
    return lexicon_from_table(data, path)
