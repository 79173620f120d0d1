"""Episodes built on a Dask cluster (``--cluster ADDRESS``, or ``local`` for a LocalCluster on
this machine): the same jobs as ``--jobs``, handed to Dask's executor, which speaks
``concurrent.futures``.

No disk need be shared: a worker builds its episode in a folder of its own and sends back the
files, and the build's process puts them into the output directory, as its only writer: its
lock, its atomic renames and "a killed build leaves a valid site" hold as without a cluster.
A worker that does see the build's staging folder (one on this machine, or behind a shared
disk) builds there and sends only the files' names, which the build moves into place in one
rename each: on one machine, carrying every MP3 (and the books that hold it again) through
the scheduler's sockets cost a tenth of the cluster's overhead.

``--cluster local`` is this user's alone: its scheduler and workers speak TLS with a throw-away
certificate made for the build (Dask's ``Security.temporary``), so another user of the machine
can neither connect to them nor run code through them, and they serve no HTTP route.

Each worker keeps its own speech cache in its user's cache folder, which must be that user's
alone (or the shared one ``cluster_cache`` names). A worker
that dies has its job run again elsewhere (Dask's bounded retries); a worker with another
narrate, or one that cannot speak with the show's voices, is left out, by name.

An optional extra: ``pip install 'narrate[cluster]'`` brings ``distributed``.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .catalog import EPISODES_DIR
from .errors import ClusterLostError, ConfigError, NarrateError
from .files import STAGING_PREFIX, move_into_place, private_cache, write_bytes

if TYPE_CHECKING:
    from .config import Settings
    from .cover import Cover
    from .plan import Produce
    from .produce import Outcome
    from .speech.cast import Cast

log = logging.getLogger(__name__)

INSTALL_HINT = "pip install 'narrate[cluster]'"
RETRIES = 2
"""Times a job is run again after failing outside its article (its worker's disk, say): an
article's own error is its outcome, never raised, so never run again. A job whose worker died
under it is run again by the scheduler, up to its ``allowed-failures`` (3 unless configured)."""
CONNECT_SECONDS = 20
RECHECK_SECONDS = 3.0
"""How long a build waits with no job finished before it looks for workers that joined."""
LOCAL_CLUSTER: dict[str, object] = {
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.scheduler.http.routes": [],
    "distributed.worker.http.routes": [],
}
"""Dask settings for ``--cluster local``, where its scheduler, nannies and workers share this
machine's cores with the episodes. Measured against ``--jobs 2`` on 40 articles: Dask's
profiler samples each worker's stack 100 times a second, for a dashboard nobody opens here;
the low malloc trim threshold Dask sets, to hand memory back sooner, made glibc give back and
ask again for every numpy audio buffer (twice the workers' system time); these two cut the
overhead by about a third. The event loops' health tick (every 20 ms in each of the scheduler
and nannies) and the memory and system monitors (10 and 2 times a second) cost the build about
4% more CPU; once a second (every 2 s for the system monitor) they still do their work. README
says how to set the same on a cluster's own workers."""


@dataclass(frozen=True)
class Delivery:
    """An episode's files as a worker hands them back, named relative to the output directory:
    waiting in ``folder``, a folder of the build's staging area, or else carried in ``contents``."""

    names: tuple[str, ...]
    folder: str = ""
    contents: tuple[bytes, ...] = ()


def run_on_cluster(
    plan: list[Produce], settings: Settings, casts: dict[str, Cast], cover: Cover, address: str, jobs: int,
) -> Iterator[Outcome]:
    """Outcomes of the jobs as the cluster finishes them, their files put into the output."""
    try:
        import dask
        from distributed import Client, LocalCluster, wait
    except ImportError:
        raise ConfigError(f"--cluster needs Dask's distributed package: {INSTALL_HINT}") from None
    from asyncio import CancelledError

    from distributed.client import FutureCancelledError
    from distributed.comm.core import CommClosedError

    if not log.isEnabledFor(logging.DEBUG):  # Dask's own account of its workers and their faults, only with -vv
        for name in [name for name in logging.root.manager.loggerDict if name.split(".")[0] == "distributed"]:
            logging.getLogger(name).setLevel(logging.CRITICAL)  # Dask's configuration sets some of them apart
    output = settings.build.output
    cluster = None
    try:
        if address == "local":
            with dask.config.set(LOCAL_CLUSTER):
                cluster = LocalCluster(
                    n_workers=max(1, jobs), threads_per_worker=1, processes=True, dashboard_address=None,
                    host="127.0.0.1", security=_private_security(),
                )
            client = Client(cluster, timeout=CONNECT_SECONDS)
        else:
            _refuse_if_closed(address)
            client = Client(address, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError) as error:
        raise NarrateError(f"cannot reach the Dask scheduler at {address} ({error}); start it (dask scheduler) or check --cluster.") from None
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=output))
    try:
        workers = _able_workers(client, casts)
        cover_file = cover.path()
        picture = cover_file.read_bytes()  # read once for all the jobs
        submitted = 0

        def submit(job: Produce) -> Any:
            nonlocal submitted
            submitted += 1
            return client.submit(
                build_remotely, job, settings, casts, cover_file.name, picture, str(staging),
                workers=sorted(workers), allow_other_workers=False, retries=RETRIES, pure=False,
                key=f"narrate-{job.slug}-{job.fingerprint[:8]}-{submitted}",
            )

        jobs_of = {submit(job): job for job in plan}
        pending = set(jobs_of)
        checked = set(client.scheduler_info()["workers"])

        def lost(error: BaseException) -> bool:
            return isinstance(error, (CommClosedError, OSError, TimeoutError, CancelledError)) or client.status != "running" or (
                isinstance(error, FutureCancelledError) and error.reason == "scheduler-connection-lost"
            )

        gone = f"lost the Dask scheduler at {address}; the episodes built until then are published, build again for the others."
        while pending:
            try:
                finished, pending = wait(pending, timeout=RECHECK_SECONDS, return_when="FIRST_COMPLETED")
            except TimeoutError:  # nothing finished for a while: a worker may have joined, or come back under a new address
                try:
                    able = _with_new_workers(client, casts, workers, checked)
                    renew = bool(able - workers)
                    workers = able
                    if renew:  # the waiting jobs are given again, to every able worker
                        client.cancel(list(pending))
                        renewed = {submit(jobs_of[future]): jobs_of[future] for future in pending}
                        jobs_of.update(renewed)
                        pending = set(renewed)
                except Exception as error:  # noqa: BLE001 (Dask's errors of a lost scheduler have no common type)
                    if lost(error):
                        raise ClusterLostError(gone) from None
                    raise
                continue
            except Exception as error:  # noqa: BLE001
                if lost(error):
                    raise ClusterLostError(gone) from None
                raise
            for future in finished:
                try:
                    outcome, delivery, worker = future.result()
                except Exception as error:  # noqa: BLE001 (the scheduler lost, or a job whose workers all died)
                    if lost(error):
                        raise ClusterLostError(gone) from None
                    job = jobs_of[future]
                    from .produce import Outcome

                    reason = str(error).splitlines()[0] if str(error) else ""
                    yield Outcome(job.origin, error=f"{job.origin}: its workers died ({type(error).__name__}: {reason}); build again.")
                    continue
                receive(output, staging, delivery)
                log.info("%s built by %s (%s)", outcome.origin, worker, "files on a disk both see" if delivery.folder else "files sent back")
                yield outcome
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        client.close()
        if cluster is not None:
            cluster.close()


def _refuse_if_closed(address: str) -> None:
    """ConnectionRefusedError at once when nothing listens at ``address``'s host and port:
    Dask's client would try for CONNECT_SECONDS before saying so."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address)
    if parts.hostname and parts.port:
        with socket.create_connection((parts.hostname, parts.port), timeout=CONNECT_SECONDS):
            pass


def _private_security() -> Any:
    """TLS between this build and its local scheduler and workers, with a certificate made now
    and kept in memory: what connects without it is refused."""
    try:
        from distributed.security import Security

        return Security.temporary()
    except ImportError:
        raise ConfigError(f"--cluster local needs the cryptography package for its private certificate: {INSTALL_HINT}") from None


def _able_workers(client: Any, casts: dict[str, Cast]) -> set[str]:
    """The workers that run this narrate and can speak with every voice; the others are named and left out."""
    able, reports = _checked_workers(client, casts)
    if not able:
        names = sorted({voice.name for cast in casts.values() for voice in (cast.reader, cast.host)})
        refused = ", ".join(
            f"{worker} (narrate {version}{'; ' + '; '.join(problems) if problems else ''})"
            for worker, (version, problems) in sorted(reports.items())
        )
        raise NarrateError(
            f"no worker of the cluster can build these episodes with narrate {__version__} and the voices {', '.join(names)}: "
            f"{refused or 'no worker is connected'}; install the same narrate and voices on the workers."
        )
    return able


def _checked_workers(
    client: Any, casts: dict[str, Cast], workers: list[str] | None = None,
) -> tuple[set[str], dict[str, tuple[str, list[str]]]]:
    """Which of the ``workers`` (all, by default) can build the episodes, and what each said."""
    voices = {voice.name: voice for cast in casts.values() for voice in (cast.reader, cast.host)}
    reports: dict[str, tuple[str, list[str]]] = client.run(worker_report, [voice.engine for voice in voices.values()], workers=workers)
    able = set()
    for worker, (version, problems) in sorted(reports.items()):
        if version != __version__:
            log.warning("worker %s runs narrate %s, not %s: left out.", worker, version, __version__)
        elif problems:
            log.warning("worker %s cannot speak (%s): left out.", worker, "; ".join(problems))
        else:
            able.add(worker)
    return able, reports


def _with_new_workers(client: Any, casts: dict[str, Cast], able: set[str], checked: set[str]) -> set[str]:
    """The able workers, with those that joined since the others were ``checked`` (a worker its
    nanny restarted comes back under a new address, and the jobs given to the old one would
    wait for it for ever)."""
    current = set(client.scheduler_info()["workers"])
    new = current - checked
    if not new:
        return able & current
    checked |= new
    now_able = (able & current) | _checked_workers(client, casts, sorted(new))[0]
    if now_able - able:
        log.info("workers now able to build: %s", ", ".join(sorted(now_able)))
    return now_able


def worker_report(engines: list[Any]) -> tuple[str, list[str]]:
    """On a worker: its narrate version, and why it cannot speak with any of ``engines``."""
    problems = [reason for engine in engines if (reason := engine.unavailable_reason())]
    return __version__, problems


def build_remotely(
    job: Produce, settings: Settings, casts: dict[str, Cast], cover_name: str, cover: bytes, staging: str,
) -> tuple[Outcome, Delivery, str]:
    """On a worker: build ``job`` in a folder of its own, in the build's ``staging`` folder when
    this worker sees it; the outcome, the episode's files and the worker's address."""
    from distributed import get_worker

    address = get_worker().address
    try:  # the staging folder's name is random: seen, it is the build's own, on this disk
        folder = Path(tempfile.mkdtemp(prefix="job-", dir=staging))
    except OSError:  # not seen (another machine's disk), or not this worker's to write in
        pass
    else:
        outcome = _build_in(folder, job, settings, casts, cover_name, cover)
        return outcome, Delivery(_episode_files(folder, outcome), folder=str(folder)), address
    with tempfile.TemporaryDirectory(prefix="narrate-job-") as scratch:
        folder = Path(scratch)
        outcome = _build_in(folder, job, settings, casts, cover_name, cover)
        names = _episode_files(folder, outcome)
        return outcome, Delivery(names, contents=tuple((folder / name).read_bytes() for name in names)), address


def _build_in(folder: Path, job: Produce, settings: Settings, casts: dict[str, Cast], cover_name: str, cover: bytes) -> Outcome:
    """Build ``job`` with ``folder`` as its output directory, and this worker's speech cache."""
    from .cover import Cover
    from .produce import Outcome, build_job
    from .workers import one_core_per_job

    try:
        cache = Path(settings.build.cluster_cache) if settings.build.cluster_cache else private_cache("speech", "set cluster_cache")
    except NarrateError as error:
        return Outcome(job.origin, error=f"{job.origin}: {error}")
    (folder / cover_name).write_bytes(cover)
    local = replace(settings, build=replace(settings.build, output=folder, cache=cache))
    with one_core_per_job():  # as a --jobs worker: numpy's threads would only fight the other jobs
        return build_job(job, settings=local, casts=casts, cover=Cover(cover_name, "", folder))


def _episode_files(folder: Path, outcome: Outcome) -> tuple[str, ...]:
    """The files of the episode built in ``folder``, relative to it."""
    episodes = folder / EPISODES_DIR
    if outcome.record is None or not episodes.is_dir():
        return ()
    return tuple(sorted(str(path.relative_to(folder)) for path in episodes.rglob("*") if path.is_file()))


def receive(output: Path, staging: Path, delivery: Delivery) -> None:
    """Put an episode's files into the output, by the build's process alone, each atomically:
    moved from the staging folder in one rename, or written from the bytes a worker sent."""
    episodes = (output / EPISODES_DIR).resolve()
    folder = Path(delivery.folder) if delivery.folder else None
    if folder is not None and folder.resolve().parent != staging.resolve():
        raise NarrateError(f"a worker answered with a folder outside the build's staging area ({delivery.folder!r}); it is refused.")
    for index, name in enumerate(delivery.names):
        destination = output / name
        if destination.resolve().parent != episodes:
            raise NarrateError(f"a worker sent a file outside the episodes folder ({name!r}); it is refused.")
        if folder is not None:
            move_into_place(folder / name, destination)
        else:
            write_bytes(destination, delivery.contents[index])
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
