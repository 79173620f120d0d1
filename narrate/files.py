"""Writing output files so that a reader never sees a half-written one."""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import PublishError

LOCK_NAME = ".narrate.lock"
STAGING_PREFIX = ".narrate-staging-"
"""A build's staging folders in its output directory, where cluster workers that share this disk
leave finished files (see cluster.py): hidden, so never served or published."""
SUPPORTED_SYSTEMS = (
    "narrate runs on Linux and macOS (on Windows, in WSL): it needs their file locks and processes "
    "to keep two builds from writing the same site."
)
_held_locks: list[int] = []
"""Descriptors of the build locks this process holds: a forked worker closes its copies, so
that the lock goes with the build and never outlives it in a worker."""


def _create_temporary(destination: Path) -> Path:
    """A new empty file beside ``destination``, created with mode 0666 so that the kernel
    applies the umask: nothing reads or changes the process-wide umask, which other threads
    (the cover's) would see changed while they write."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    while True:
        temporary = destination.parent / f".{destination.name}.{secrets.token_hex(4)}.part"
        try:
            os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            return temporary
        except FileExistsError:
            continue


def _write_error(destination: Path, error: OSError) -> PublishError:
    """One line saying why ``destination`` could not be written, and what to do."""
    if error.errno in {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}:
        advice = "free some space (or choose another --output) and build again; what was published is unchanged"
    elif isinstance(error, IsADirectoryError) or destination.is_dir():
        advice = f"{destination.name} is a directory where narrate writes a file; move it away and build again"
    else:
        advice = "choose another --output or fix its permissions"
    return PublishError(f"cannot write {destination} ({error.strerror or error}); {advice}.")


@contextmanager
def replacing(destination: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``destination``; on success it replaces ``destination``.

    Readers see the old file or the new one, never a part; on failure (a full disk, say) the
    old one stays and the failure is a PublishError that says what to do.
    """
    try:
        temporary = _create_temporary(destination)
    except OSError as error:
        raise _write_error(destination, error) from error
    try:
        yield temporary
        os.replace(temporary, destination)
    except OSError as error:
        raise _write_error(destination, error) from error
    finally:
        temporary.unlink(missing_ok=True)


def move_into_place(finished: Path, destination: Path) -> None:
    """Put the ``finished`` file, on the same filesystem, at ``destination`` in one rename."""
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(finished, destination)
    except OSError as error:
        raise _write_error(destination, error) from error


def write_bytes(destination: Path, data: bytes) -> None:
    """Write ``data`` to ``destination`` atomically."""
    with replacing(destination) as temporary:
        temporary.write_bytes(data)


def write_text(destination: Path, text: str) -> None:
    """Write UTF-8 ``text`` to ``destination`` atomically."""
    write_bytes(destination, text.encode("utf-8"))



@contextmanager
def exclusive(directory: Path, activity: str = "build") -> Iterator[None]:
    """Hold ``directory``'s lock for an ``activity`` ("build", "fetch"), or refuse at once if
    another holds it.

    The lock is an OS file lock, so a build that is killed releases it with its process.
    """
    try:
        import fcntl
    except ImportError:
        raise PublishError(SUPPORTED_SYSTEMS) from None
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
                f"another narrate {activity} is writing to {directory} right now; wait for it to finish, then {activity} again."
            ) from None
        _held_locks.append(handle.fileno())
        try:
            yield
        finally:
            _held_locks.remove(handle.fileno())
    finally:
        handle.close()


def release_inherited_locks() -> None:
    """In a forked worker: close this process's copies of the parent's lock descriptors. A
    file lock lasts while any process holds a descriptor of it, so a worker left behind by a
    killed build would otherwise keep every later build out."""
    for descriptor in _held_locks:
        try:
            os.close(descriptor)
        except OSError:
            pass
    _held_locks.clear()


def remove_unfinished(directory: Path) -> int:
    """Delete the temporary files and staging folders a killed build left behind; the caller holds the lock."""
    removed = 0
    for staging in directory.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(staging, ignore_errors=True)
        removed += 1
    for folder in (directory, directory / "episodes"):  # where narrate writes; never the user's other folders
        for leftover in folder.glob(".*.part"):
            if _TEMPORARY.fullmatch(leftover.name) and leftover.is_file() and not leftover.is_symlink():
                leftover.unlink(missing_ok=True)
                removed += 1
    return removed


_TEMPORARY = re.compile(r"\..+\.[0-9a-f]{8}\.part")
"""The name of a temporary file narrate writes (".<name>.<8 hex>.part"): the only ones it removes."""


def private_cache(name: str, instead: str) -> Path:
    """This user's own cache folder ``name`` (in XDG_CACHE_HOME, else ~/.cache, under narrate),
    made readable by the user alone. A folder another user owns or may write in is refused:
    whoever can put a file there decides what narrate says or runs. ``instead`` is the way
    around the refusal, as the message offers it."""
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except RuntimeError:  # no home to be found: no HOME, and no entry in the user database
        raise PublishError(f"this user has no home folder for a cache; {instead}.") from None
    folder = base / "narrate" / name
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = folder.lstat()
    except OSError as error:
        raise PublishError(f"the cache {folder} cannot be made ({error.strerror}); {instead}.") from None
    if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.getuid() or status.st_mode & 0o022:
        raise PublishError(
            f"the cache {folder} is not this user's alone (its owner or others may write in it); remove it, or {instead}."
        )
    return folder

