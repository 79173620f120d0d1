"""What an episode's files are named: a slug made from its title, and a version beside it.

Both the catalog (episodes) and the fetcher (fetched articles) name files from titles here:
names that are ASCII, never empty, never a path, and never a name narrate keeps for itself.
"""

from __future__ import annotations

import re
import unicodedata

SLUG_MAX_LENGTH = 80
MEDIA_VERSION_LENGTH = 8
VERSIONED = re.compile(rf"(.+)-[0-9a-f]{{{MEDIA_VERSION_LENGTH}}}")
"""A media name: the slug and the version. No slug ends like this, so the two never mix."""
LIGATURES = str.maketrans({
    "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
    "þ": "th", "Þ": "TH",
})
"""Letters that Unicode does not decompose into ASCII ones: "cœur" is "coeur", not "cur"."""
RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10)), "index", "feed", "cover"}
)
"""Names Windows refuses for a file, and names of narrate's own files: never an episode's slug."""


def ascii_folded(text: str) -> str:
    """``text`` in ASCII letters: accents dropped ("é" is "e"), ligatures spelled out ("œ" is "oe")."""
    return unicodedata.normalize("NFKD", text.translate(LIGATURES)).encode("ascii", "ignore").decode("ascii")


def media_name(slug: str, fingerprint: str) -> str:
    """``<slug>-<8 hex>``: each version of an episode's media has a name of its own."""
    return f"{slug}-{fingerprint[:MEDIA_VERSION_LENGTH]}" if fingerprint else slug


def slugify(title: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """ASCII, lower-case, hyphenated file name from ``title``, not in ``taken``.

    Never empty, never a path, cut at a word boundary under SLUG_MAX_LENGTH characters.
    """
    ascii_title = ascii_folded(re.sub(r"[\W_]+", " ", title))  # apostrophes and dashes separate words
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    if len(slug) > SLUG_MAX_LENGTH:
        slug = slug[:SLUG_MAX_LENGTH].rsplit("-", 1)[0]
    slug = slug or "episode"
    if slug in RESERVED_NAMES or VERSIONED.fullmatch(slug):
        slug += "-episode"  # a slug ending in eight hex digits would read as another slug's media
    candidate, number = slug, 2
    while candidate in taken:
        candidate = f"{slug}-{number}"
        number += 1
    return candidate
