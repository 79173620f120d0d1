"""Where the jobs of a build run: in this process, in worker processes, or on a Dask cluster.
Whichever, every job gives exactly one Outcome, as it finishes: a worker that dies under its
job, or a job that raises, is one line naming its article, and the others go on.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from .config import Settings
from .cover import Cover
from .plan import Job, Produce, Rerender
from .produce import Outcome, build_job
from .speech.cast import Cast
from .workers import one_core_per_job, run_in_processes


def run_jobs(jobs: list[Job], settings: Settings, casts: dict[str, Cast], cover: Cover, cores: int) -> Iterator[Outcome]:
    """The outcome of each job, as it finishes, using ``cores`` cores: in this process, in as
    many worker processes, or on the configured Dask cluster."""
    produced = [job for job in jobs if isinstance(job, Produce)]
    if settings.build.cluster and produced:
        from .cluster import run_on_cluster

        for job in jobs:  # outputs rendered again, from files only here
            if isinstance(job, Rerender):
                yield build_job(job, settings=settings, casts=casts, cover=cover)
        yield from run_on_cluster(produced, settings, casts, cover, settings.build.cluster, cores)
        return
    if len(jobs) <= 1:
        with one_core_per_job():
            for job in jobs:  # one episode alone may use every core for its encoding
                yield build_job(job, settings=settings, casts=casts, cover=cover, cores=cores)
        return
    # Even with one core, episodes are built in a worker process: a crash in native code (a
    # voice, the encoder) or the OOM killer then costs one article, not the build.
    work = partial(build_job, settings=settings, casts=casts, cover=cover)
    yield from run_in_processes(work, jobs, max(1, min(cores, len(jobs))), lost=_lost, initializer=one_core_per_job)


def _lost(job: Job) -> Outcome:
    """The outcome of a job whose process died under it, alone: out of memory, or killed."""
    return Outcome(job.origin, error=(
        f"{job.origin}: the process building its episode died (the system ran out of memory, or it was killed); "
        "the other articles were built."
    ))
