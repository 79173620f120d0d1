"""Writing output files so that a reader never sees a half-written one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import PublishError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def replacing(destination: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``destination``; on success it replaces ``destination``.

    Readers see the old file or the new one, never a part; on failure the old one stays.
    """
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".part", dir=destination.parent)
    except OSError as error:
        raise PublishError(
            f"cannot write in {destination.parent} ({error.strerror}); choose another --output or fix its permissions."
        ) from error
    os.close(descriptor)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, destination)
    finally:
        temporary.unlink(missing_ok=True)


def write_text(destination: Path, text: str) -> None:
    """Write UTF-8 ``text`` to ``destination`` atomically."""
    with replacing(destination) as temporary:
        temporary.write_text(text, encoding="utf-8")

