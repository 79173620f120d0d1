"""Episodes built on a Dask cluster (``--cluster ADDRESS``, or ``local`` for a LocalCluster on
this machine): the same jobs as ``--jobs``, handed to Dask's executor, which speaks
``concurrent.futures``.

No disk is shared: each worker builds its episode in a folder of its own and sends back the
files, and the build's process writes them into the output directory, as the only writer:
its lock, its atomic renames and "a killed build leaves a valid site" hold as without a
cluster. Each worker keeps its own speech cache (or the shared one ``cluster_cache`` names).
A worker that dies has its job run again elsewhere (Dask's bounded retries); a worker with
another narrate, or one that cannot speak with the show's voices, is left out, by name.

An optional extra: ``pip install 'narrate[cluster]'`` brings ``distributed``.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import ConfigError, NarrateError
from .files import replacing

if TYPE_CHECKING:
    from .config import Settings
    from .cover import Cover
    from .pipeline import Cast, Job, Outcome

log = logging.getLogger(__name__)

INSTALL_HINT = "pip install 'narrate[cluster]'"
RETRIES = 2
"""Times a job is run again when its worker died under it (an article's own error is not retried)."""
CONNECT_SECONDS = 20


def run_on_cluster(
    plan: list[Job], settings: Settings, casts: dict[str, Cast], cover: Cover, address: str, jobs: int,
) -> Iterator[Outcome]:
    """Outcomes of the jobs as the cluster finishes them, their files written into the output."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise ConfigError(f"--cluster needs Dask's distributed package: {INSTALL_HINT}") from None
    from distributed.comm.core import CommClosedError

    if not log.isEnabledFor(logging.DEBUG):  # Dask's own account of its workers, only with -vv
        logging.getLogger("distributed").setLevel(logging.ERROR)
    cluster = None
    try:
        if address == "local":
            cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster, timeout=CONNECT_SECONDS)
        else:
            client = Client(address, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError) as error:
        raise NarrateError(f"cannot reach the Dask scheduler at {address} ({error}); start it (dask scheduler) or check --cluster.") from None
    try:
        workers = _able_workers(client, casts)
        cover_file = cover.finished().path()
        picture = cover_file.read_bytes()  # read once for all the jobs
        jobs_of = {
            client.submit(
                build_remotely, job, settings, casts, cover_file.name, picture,
                workers=workers, allow_other_workers=False, retries=RETRIES, pure=False, key=f"narrate-{job.slug}-{job.fingerprint[:8]}",
            ): job
            for job in plan
        }
        for future in as_completed(jobs_of):
            try:
                outcome, files, worker = future.result()
            except (CommClosedError, OSError, TimeoutError) as error:
                raise NarrateError(f"lost the Dask scheduler at {address} ({error}); what was built so far is published.") from None
            except Exception as error:  # noqa: BLE001 (a job whose workers all died: reported as its failure)
                job = jobs_of[future]
                from .pipeline import Outcome

                yield Outcome(job.origin, error=f"{job.origin}: its workers died ({type(error).__name__}: {error}); build again.")
                continue
            _write_files(settings.build.output, files)
            log.info("%s built by %s", outcome.origin, worker)
            yield outcome
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _able_workers(client: Any, casts: dict[str, Cast]) -> list[str]:
    """The workers that run this narrate and can speak with every voice; the others are named and left out."""
    voices = {voice.name: voice for cast in casts.values() for voice in (cast.reader, cast.host)}
    names = sorted(voices)
    reports = client.run(worker_report, [voice.engine for voice in voices.values()])
    able = []
    for worker, (version, problems) in sorted(reports.items()):
        if version != __version__:
            log.warning("worker %s runs narrate %s, not %s: left out.", worker, version, __version__)
        elif problems:
            log.warning("worker %s cannot speak (%s): left out.", worker, "; ".join(problems))
        else:
            able.append(worker)
    if not able:
        refused = ", ".join(
            f"{worker} (narrate {version}{'; ' + '; '.join(problems) if problems else ''})"
            for worker, (version, problems) in sorted(reports.items())
        )
        raise NarrateError(
            f"no worker of the cluster can build these episodes with narrate {__version__} and the voices {', '.join(names)}: "
            f"{refused or 'no worker is connected'}; install the same narrate and voices on the workers."
        )
    return able


def worker_report(engines: list[Any]) -> tuple[str, list[str]]:
    """On a worker: its narrate version, and why it cannot speak with any of ``engines``."""
    problems = [reason for engine in engines if (reason := engine.unavailable_reason())]
    return __version__, problems


def build_remotely(job: Job, settings: Settings, casts: dict[str, Cast], cover_name: str, cover: bytes) -> tuple[Outcome, dict[str, bytes], str]:
    """On a worker: build ``job`` in a folder of its own; the outcome, its files (relative to
    the output directory) and the worker's address."""
    from distributed import get_worker

    from .cover import Cover
    from .pipeline import one_core_per_job, build_job

    cache = Path(settings.build.cluster_cache) if settings.build.cluster_cache else Path(tempfile.gettempdir()) / "narrate-worker-cache"
    with tempfile.TemporaryDirectory(prefix="narrate-job-") as scratch:
        output = Path(scratch)
        (output / cover_name).write_bytes(cover)
        local = replace(settings, build=replace(settings.build, output=output, cache=Path(cache)))
        with one_core_per_job():  # as a --jobs worker: numpy's threads would only fight the other jobs
            outcome = build_job(job, settings=local, casts=casts, cover=Cover(cover_name, "", output))
        files = {
            str(path.relative_to(output)): path.read_bytes()
            for path in (output / "episodes").rglob("*") if path.is_file()
        } if outcome.record is not None and (output / "episodes").is_dir() else {}
    return outcome, files, get_worker().address


def _write_files(output: Path, files: dict[str, bytes]) -> None:
    """The episode's files, written by the build's process alone, each atomically."""
    for name, data in files.items():
        destination = output / name
        if destination.resolve().parent != (output / "episodes").resolve():
            raise NarrateError(f"a worker sent a file outside the episodes folder ({name!r}); it is refused.")
        with replacing(destination) as temporary:
            temporary.write_bytes(data)
