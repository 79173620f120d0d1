"""Worker processes for parallel builds, which live and die with the build that started them.

A worker started by ``fork`` inherits the build's lock descriptor and, left to itself,
outlives a build killed by SIGKILL, SIGTERM or SIGHUP: it would go on holding the lock and
every later build would be refused. Each worker therefore closes its copy of the lock and
asks the kernel to kill it when its parent goes (Linux's parent-death signal); where that
call does not exist, a thread watches the parent and ends the worker when it is gone.
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
"""How often a worker without a parent-death signal looks for its parent."""


def die_with_parent(parent: int) -> None:
    """End this process when ``parent`` ends: at once on Linux, within PARENT_CHECK_SECONDS elsewhere."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:  # the parent went before the signal was asked for
                os._exit(1)
            return

    def watch() -> None:
        while os.getppid() == parent:
            threading.Event().wait(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="narrate-parent-watch", daemon=True).start()


def _start_worker(parent: int, then: Callable[[], object] | None) -> None:
    release_inherited_locks()
    die_with_parent(parent)
    if then is not None:
        then()


def run_in_processes(
    work: Callable[[T], R], items: list[T], processes: int, initializer: Callable[[], object] | None = None,
) -> Iterator[R]:
    """``work(item)`` for each item in ``processes`` forked workers, results as they finish.

    When the caller stops early (an error, Ctrl-C), the workers are ended at once rather
    than left to finish their episodes.
    """
    from multiprocessing import get_context

    pool = ProcessPoolExecutor(
        max_workers=processes, mp_context=get_context("fork"), initializer=_start_worker,
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
