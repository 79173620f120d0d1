"""Writing output files so that a reader never sees a half-written one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import PublishError

LOCK_NAME = ".narrate.lock"


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



@contextmanager
def exclusive(directory: Path) -> Iterator[None]:
    """Hold ``directory``'s build lock, or refuse at once if another build holds it.

    The lock is an OS file lock, so a build that is killed releases it with its process.
    """
    try:
        import fcntl
    except ImportError:  # not POSIX: builds are not guarded against each other
        yield
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle = (directory / LOCK_NAME).open("a")
    except OSError as error:
        raise PublishError(
            f"cannot write in {directory} ({error.strerror}); choose another --output or fix its permissions."
        ) from error
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(
                f"another narrate build is writing to {directory} right now; wait for it to finish, then build again."
            ) from None
        yield
    finally:
        handle.close()


def remove_unfinished(directory: Path) -> int:
    """Delete the temporary files a killed build left behind; the caller holds the lock."""
    removed = 0
    for leftover in directory.rglob(".*.part"):
        leftover.unlink(missing_ok=True)
        removed += 1
    return removed
