"""Where articles come from, behind one interface: a source gives documents (an identity, where
it came from, its bytes, its media type, when it was first seen), and refuses with a reason
what it cannot give. Every document is hostile until read (links, odd names, huge files).

A directory source reads the seeds directory; fetched articles (feeds, links) are kept as
files in the fetched directory, which a directory source reads too. A document's identity is
what every name of its episode derives from: for a file, its name with its extension, so
"a.txt" and "a.md" are two articles.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

from .errors import ArticleError, NarrateError

MAX_ARTICLE_BYTES = 5_000_000
"""Far above any article (a long one is ~100 kB); larger files are not articles."""
MEDIA_TYPES = {
    ".txt": "text/plain", ".text": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown",
    ".html": "text/html", ".htm": "text/html",
}
"""The files narrate reads as articles, by extension."""


@dataclass(frozen=True)
class SourceDocument:
    """One article as its source gives it, not yet read."""

    id: str
    """Its identity in the show: "a.txt", "fetched/le-monde/un-titre.html". Guids, slugs and
    numbers derive from it, so it never changes for the same article."""
    origin: str
    """Where it was read from, as messages name it: a path."""
    data: bytes
    media_type: str
    """"text/plain", "text/markdown" or "text/html"."""
    seen: datetime
    """When it was first seen (a file's modification time): the date of an article that gives none."""
    url: str | None = None
    """The page it was fetched from, when it was."""
    language: str | None = None
    """Its language, when its source says so."""
    voice: str | None = None
    """The voice profile its source asks for."""
    author: str | None = None
    """Who wrote it, as its source says, when the article itself does not."""
    published: datetime | None = None
    """When it was published, as its source says, when the article itself does not."""
    image: str | None = None
    """Its picture's address, as its source says, when the article itself gives none."""


@dataclass(frozen=True)
class Refusal:
    """Something a source could not give as a document, and why (one line, naming it)."""

    origin: str
    message: str
    source: str = ""
    """The identity of the document refused, when it has one: its episode is kept."""


class Source(Protocol):
    """Anything that gives articles to build."""

    def documents(self) -> tuple[list[SourceDocument], list[Refusal]]:
        """The documents it holds now, and what it refused."""
        ...


@dataclass(frozen=True)
class DirectorySource:
    """The article files of one directory (not its subdirectories), sorted by name."""

    directory: Path
    prefix: str = ""
    """Put before each file name to make its identity ("fetched/…")."""
    output: Path | None = None
    """The output directory, which the articles' directory must not be, nor be inside."""
    required: bool = True
    """When set, a missing or empty directory is an error, not an empty source."""
    may_be_empty: bool = False
    """An existing directory without articles is no error (a build that prunes its last episode)."""

    def documents(self) -> tuple[list[SourceDocument], list[Refusal]]:
        directory = self.directory
        if not directory.is_dir():
            if not self.required:
                return [], []
            raise NarrateError(f"no seeds directory at {directory}; create it and put articles in it, or pass --seeds DIR.")
        output = self.output
        if output is not None and (directory.resolve() == output.resolve() or output.resolve() in directory.resolve().parents):
            raise NarrateError(
                f"the seeds directory {directory} is the output directory or inside it: narrate would read its own pages; "
                "keep the articles in a directory of their own."
            )
        documents, refused = [], []
        for path in sorted(directory.iterdir()):
            if path.suffix.lower() not in MEDIA_TYPES:
                continue
            if not _printable_name(path.name):
                refused.append(Refusal(printable(path), f"{printable(path)}: the file name is not UTF-8; rename the file."))
            elif path.is_symlink():
                refused.append(Refusal(
                    str(path), f"{path}: is a symbolic link; narrate reads only the files in {directory} itself.",
                    self.prefix + path.name,
                ))
            elif path.is_file():
                try:
                    documents.append(document_from_file(path, self.prefix + path.name))
                except ArticleError as error:
                    refused.append(Refusal(str(path), str(error), self.prefix + path.name))
        if not documents and not refused and self.required and not self.may_be_empty:
            raise NarrateError(
                f"no articles in {directory}: add .txt, .md or .html files (in text, the title on the first line, then the article)."
            )
        return documents, refused


def document_from_file(path: Path, identity: str | None = None) -> SourceDocument:
    """The article file ``path`` as a document (its identity: its name, unless given).
    ArticleError when it cannot be read or is too large to be an article."""
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise too_large(str(path), size)
        data = path.read_bytes()
        seen = file_date(path)
    except OSError as error:
        raise ArticleError(f"{path}: cannot be read ({error.strerror}).") from error
    return SourceDocument(
        id=identity or path.name, origin=str(path), data=data,
        media_type=MEDIA_TYPES.get(path.suffix.lower(), "text/plain"), seen=seen,
    )


def too_large(origin: str, size: int) -> ArticleError:
    """The error for an input of ``size`` bytes, beyond what an article can be."""
    return ArticleError(
        f"{origin}: {size // 1_000_000} MB is too large for an article "
        f"(limit {MAX_ARTICLE_BYTES // 1_000_000} MB); is it the right file?"
    )


def file_date(path: Path) -> datetime:
    """When ``path`` was last written, in UTC: the date of an article that gives none."""
    return datetime.fromtimestamp(int(path.stat().st_mtime), timezone.utc)


def _printable_name(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # bytes Python could not decode, kept as surrogates
        return False
    return True


def printable(path: Path | str) -> str:
    """``path`` as it can be printed, whatever bytes its name is made of."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
