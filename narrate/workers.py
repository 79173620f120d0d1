"""Worker processes for parallel builds, which live and die with the build that started them.

A worker started by ``fork`` inherits the build's lock descriptor and, left to itself,
outlives a build killed by SIGKILL, SIGTERM or SIGHUP: it would go on holding the lock and
every later build would be refused. Each worker therefore closes its copy of the lock, asks
the kernel to kill it when its parent goes (Linux's parent-death signal), and keeps a thread
that ends it within PARENT_CHECK_SECONDS of the build's end wherever that signal does not
exist or came too late.

Workers are forked on Linux, where that is safe and cheapest; on macOS, where forking a
process that has threads is not, they start from a fork server (``START_METHOD``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from typing import TypeVar

from .files import release_inherited_locks

T = TypeVar("T")
R = TypeVar("R")
_PR_SET_PDEATHSIG = 1
PARENT_CHECK_SECONDS = 0.5
"""How often a worker's watching thread looks whether the build is still there."""
START_METHOD = "fork" if sys.platform.startswith("linux") else "forkserver"


def die_with_build(build: int) -> None:
    """End this worker when the build, process ``build``, ends: at once on Linux (the kernel
    signals the worker when its parent goes: the build, or the fork server that ends with it),
    and within PARENT_CHECK_SECONDS everywhere."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)

    def watch() -> None:
        while _alive(build):
            threading.Event().wait(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="narrate-build-watch", daemon=True).start()


def _alive(process: int) -> bool:
    try:
        os.kill(process, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, as someone else's: the build's number was reused
        return False
    return True


def _start_worker(build: int, then: Callable[[], object] | None) -> None:
    release_inherited_locks()
    die_with_build(build)
    if then is not None:
        then()


def run_in_processes(
    work: Callable[[T], R], items: list[T], processes: int, initializer: Callable[[], object] | None = None,
) -> Iterator[R]:
    """``work(item)`` for each item in ``processes`` workers, results as they finish.

    When the caller stops early (an error, Ctrl-C), the workers are ended at once rather
    than left to finish their episodes.
    """
    from multiprocessing import get_context

    pool = ProcessPoolExecutor(
        max_workers=processes, mp_context=get_context(START_METHOD), initializer=_start_worker,
        initargs=(os.getpid(), initializer),
    )
    futures: list[Future[R]] = [pool.submit(work, item) for item in items]
    try:
        for future in as_completed(futures):
            yield future.result()
    except BaseException:
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
