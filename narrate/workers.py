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
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, TypeVar, cast

from .files import release_inherited_locks

if TYPE_CHECKING:
    from threadpoolctl import threadpool_limits as ThreadpoolLimits

T = TypeVar("T")
R = TypeVar("R")
_PR_SET_PDEATHSIG = 1
PARENT_CHECK_SECONDS = 0.5
"""How often a worker's watching thread looks whether the build is still there."""
START_METHOD = "fork" if sys.platform.startswith("linux") else "forkserver"


def default_jobs() -> int:
    """As many processes as the machine has cores."""
    return os.cpu_count() or 1


def one_core_per_job() -> ThreadpoolLimits:
    """numpy's BLAS on one thread, until the returned limit is left (or the process ends): on
    narrate's small matrices its extra threads only spin idle, and they took a third of a core
    from the other jobs of a parallel build."""
    import numpy  # noqa: F401 (loaded first: the limit reaches only libraries already loaded)
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


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


_started: Any = None
"""In a worker: the build's shared array of flags, one per item, set when a worker begins it."""


def _start_worker(build: int, started: Any, then: Callable[[], object] | None) -> None:
    global _started
    _started = started
    release_inherited_locks()
    die_with_build(build)
    if then is not None:
        then()


def _run_item(work: Callable[[T], R], index: int, item: T) -> R:
    _started[index] = 1
    return work(item)


def run_in_processes(
    work: Callable[[T], R], items: list[T], processes: int, lost: Callable[[T], R],
    initializer: Callable[[], object] | None = None,
) -> Iterator[R]:
    """``work(item)`` for each item in ``processes`` workers, results as they finish.

    A worker that dies (the kernel's OOM killer, a crash in native code, a signal) costs only
    the item it was on: the pool is started again for the others, the items that were under
    way then are tried again each alone, and the one whose worker dies alone gives
    ``lost(item)``. When the caller stops early (an error, Ctrl-C), the workers are ended at
    once rather than left to finish their episodes.
    """
    from multiprocessing import get_context

    context = get_context(START_METHOD)
    started = context.Array("b", len(items), lock=False)
    waiting = list(range(len(items)))
    while waiting:
        suspects: list[int] = []
        for index, result in _run_pool(work, items, waiting, processes, started, initializer):
            if result is _BROKEN:
                suspects.append(index)
            else:
                yield cast(R, result)
        under_way = [index for index in suspects if started[index]]
        waiting = [index for index in suspects if not started[index]]
        if suspects and not under_way:  # the workers die before any item: nothing can be built
            yield from (lost(items[index]) for index in waiting)
            return
        for index in under_way:  # alone, so that a death names its item
            ((_, result),) = _run_pool(work, items, [index], 1, started, initializer)
            yield lost(items[index]) if result is _BROKEN else cast(R, result)


_BROKEN = object()
"""The result of an item whose pool broke before it finished."""


def _run_pool(
    work: Callable[[T], R], items: list[T], indices: list[int], processes: int, started: Any,
    initializer: Callable[[], object] | None,
) -> Iterator[tuple[int, object]]:
    """(index, result) for the ``indices``, as they finish; _BROKEN for each one unfinished when
    a worker died."""
    from multiprocessing import get_context

    for index in indices:
        started[index] = 0
    pool = ProcessPoolExecutor(
        max_workers=min(processes, len(indices)), mp_context=get_context(START_METHOD), initializer=_start_worker,
        initargs=(os.getpid(), started, initializer),
    )
    futures: dict[Future[R], int] = {pool.submit(_run_item, work, index, items[index]): index for index in indices}
    unfinished = set(futures)
    try:
        for future in as_completed(futures):
            try:
                result = future.result()
            except BrokenProcessPool:
                break
            unfinished.discard(future)
            yield futures[future], result
    except BaseException:
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    for future in unfinished:  # some may have finished before the pool broke
        done = future.done() and not future.cancelled() and future.exception() is None
        yield futures[future], future.result() if done else _BROKEN
    pool.shutdown()
