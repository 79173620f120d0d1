"""A pronunciation lexicon users edit: written forms and how they are said.

Entries come from ``voices/lexicon.toml`` (every voice) and a profile's ``[lexicon]`` table
(that voice only, overriding). They apply before the rules, to what the engine hears only.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
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

    def unlisted(self, text: str) -> str:
        """``text`` with every entry taken out: the words the lexicon does not say."""
        return text if self._pattern is None else self._pattern.sub(" ", text)

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


PLS_NAMESPACE = "http://www.w3.org/2005/01/pronunciation-lexicon"
"""W3C Pronunciation Lexicon Specification 1.0, which other engines and DAISY tools read."""
MAX_PLS_BYTES = 10_000_000


def to_pls(lexicon: Lexicon, language: str, phonemes_of: Callable[[str], str] | None = None) -> str:
    """``lexicon`` as a PLS 1.0 document: each entry a lexeme whose grapheme is the written form
    and whose alias is how it is said; with ``phonemes_of`` (an espeak-ng voice), its IPA too,
    for engines that read phonemes rather than respellings."""
    from lxml import etree

    root = etree.Element(
        f"{{{PLS_NAMESPACE}}}lexicon", nsmap={None: PLS_NAMESPACE},  # type: ignore[dict-item]  # PLS is the default namespace
        attrib={"version": "1.0", "alphabet": "ipa", "{http://www.w3.org/XML/1998/namespace}lang": language},
    )
    for written, said in lexicon.entries:
        lexeme = etree.SubElement(root, f"{{{PLS_NAMESPACE}}}lexeme")
        etree.SubElement(lexeme, f"{{{PLS_NAMESPACE}}}grapheme").text = written
        if phonemes_of is not None:
            ipa = re.sub(r"\([a-z-]+\)", "", phonemes_of(said)).replace("-", "").strip()
            etree.SubElement(lexeme, f"{{{PLS_NAMESPACE}}}phoneme").text = ipa
        etree.SubElement(lexeme, f"{{{PLS_NAMESPACE}}}alias").text = said
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")


def from_pls(data: bytes, origin: Path) -> tuple[Lexicon, int]:
    """The entries of a PLS document that narrate can use (a grapheme and an alias), and how many
    lexemes it had to leave out (phonemes only: espeak-ng does not read IPA). ConfigError naming
    ``origin`` when it is not PLS. The parser resolves no entity and reads no network."""
    from lxml import etree

    if len(data) > MAX_PLS_BYTES:
        raise ConfigError(f"{origin}: {len(data) // 1_000_000} MB is too large for a lexicon.")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ConfigError(f"{origin}: is not valid XML: {error}.") from None
    if root.tag != f"{{{PLS_NAMESPACE}}}lexicon":
        raise ConfigError(f"{origin}: is not a PLS lexicon (its root is {root.tag!r}, not <lexicon> in {PLS_NAMESPACE}).")
    entries: dict[str, str] = {}
    skipped = 0
    for lexeme in root.iterfind(f"{{{PLS_NAMESPACE}}}lexeme"):
        graphemes = [" ".join((g.text or "").split()) for g in lexeme.iterfind(f"{{{PLS_NAMESPACE}}}grapheme")]
        alias = next((" ".join((a.text or "").split()) for a in lexeme.iterfind(f"{{{PLS_NAMESPACE}}}alias")), "")
        if not alias or not any(graphemes):
            skipped += 1
            continue
        entries.update((grapheme, alias) for grapheme in graphemes if grapheme)
    return Lexicon(tuple(entries.items())), skipped


def to_toml(lexicon: Lexicon) -> str:
    """``lexicon`` as the lines of a lexicon.toml: "written" = "said"."""
    return "".join(f"{_toml_string(written)} = {_toml_string(said)}\n" for written, said in lexicon.entries)


def _toml_string(text: str) -> str:
    r"""``text`` as a TOML basic string: a character that cannot be printed as it is escaped,
    \uXXXX within the first 65,536 and \UXXXXXXXX above (a \u with five figures was read as
    another character and a "0", or refused: every later command failed)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() else _escape(c) for c in escaped) + '"'


def _escape(character: str) -> str:
    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:  # a lone surrogate is no character TOML can hold
        return "\\ufffd"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
