"""Where articles come from: the seeds directory, read as hostile (links, odd names, the
output directory itself)."""

from __future__ import annotations

from pathlib import Path

from .errors import NarrateError
from .read import SUFFIXES


def find_articles(seeds: Path, output: Path | None = None) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The article files in ``seeds``, sorted by name, and those refused with the reason: links
    (they may lead anywhere on the machine) and names that are not UTF-8 (no feed or page can
    carry them).
    NarrateError when there are none, or when ``seeds`` is the output or inside it."""
    if not seeds.is_dir():
        raise NarrateError(f"no seeds directory at {seeds}; create it and put articles in it, or pass --seeds DIR.")
    if output is not None and (seeds.resolve() == output.resolve() or output.resolve() in seeds.resolve().parents):
        raise NarrateError(
            f"the seeds directory {seeds} is the output directory or inside it: narrate would read its own pages; "
            "keep the articles in a directory of their own."
        )
    articles, refused = [], []
    for path in sorted(seeds.iterdir()):
        if path.suffix.lower() not in SUFFIXES:
            continue
        if not _printable_name(path.name):
            refused.append((path, f"{printable(path)}: the file name is not UTF-8; rename the file."))
        elif path.is_symlink():
            refused.append((path, f"{path}: is a symbolic link; narrate reads only the files in {seeds} itself."))
        elif path.is_file():
            articles.append(path)
    if not articles and not refused:
        raise NarrateError(
            f"no articles in {seeds}: add .txt, .md or .html files (in text, the title on the first line, then the article)."
        )
    return articles, refused


def _printable_name(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # bytes Python could not decode, kept as surrogates
        return False
    return True


def printable(path: Path) -> str:
    """``path`` as it can be printed, whatever bytes its name is made of."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
