"""Episodes built on a Dask cluster, on this machine only: a LocalCluster of two worker
processes, and a scheduler and two workers started apart (`dask scheduler`, `dask worker`),
give the same site as one local process; a worker killed mid-build loses nothing."""

import filecmp
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import feedparser
import pytest

from conftest import REPO, SEED, narrate_in
from fake_gtts import FakeGttsServer
from piper_model import write_tiny_voice
from test_robustness import valid_output

pytest.importorskip("distributed")
DASK = Path(sys.executable).parent / "dask"
ARTICLE = "{title}\n\nLa piscine municipale rouvre samedi après six mois de travaux. Les nageurs retrouvent un bassin rénové, numéro {n}.\n"


def project(root: Path, count: int) -> Path:
    (root / "seeds").mkdir(parents=True)
    for n in range(count):
        (root / "seeds" / f"a{n}.txt").write_text(ARTICLE.format(title=f"Article numéro {n}", n=n), encoding="utf-8")
    shutil.copytree(REPO / "voices", root / "voices")
    (root / "narrate.toml").write_text(f'[build]\ncluster_cache = "{root / ".narrate-cache"}"\n')
    return root


def invoke(root: Path, *arguments: str):
    """`narrate build` in ``root``, as the CLI runs it."""
    return narrate_in(root, "build", *arguments, catch_exceptions=False)


def build(root: Path, *arguments: str):
    result = invoke(root, *arguments)
    assert result.exit_code == 0, result.stderr
    return result


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.kill()
        process.wait()


def same_site(one: Path, two: Path) -> None:
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file() and not p.name.startswith("."))
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file() and not p.name.startswith("."))
    assert [str(f) for f in files if not filecmp.cmp(one / f, two / f, shallow=False)] == []


def test_a_local_cluster_publishes_the_same_site_as_one_process(tmp_path, caplog):
    root = project(tmp_path / "p", 3)
    build(root, "--jobs", "1")
    shutil.move(root / "output", tmp_path / "alone")
    caplog.set_level(logging.INFO, logger="narrate.cluster")
    result = build(root, "--cluster", "local", "--jobs", "2", "-v")
    assert "Episodes: 3 built" in result.output
    said = [record.getMessage() for record in caplog.records if " built by tls://127.0.0.1:" in record.getMessage()]  # private (G4)
    assert len(said) == 3 and all(line.endswith("(files on a disk both see)") for line in said)  # said with -v
    same_site(tmp_path / "alone", root / "output")  # the same feed, pages and byte-identical MP3s
    assert not list((root / "output").glob(".narrate-staging-*"))
    again = build(root, "--cluster", "local", "--formats", "mp3,epub,daisy")  # outputs rendered again, here
    assert "Episodes: 3 built" in again.output and len(list((root / "output" / "episodes").glob("*.daisy.zip"))) == 3


def test_the_staging_folder_of_a_killed_cluster_build_is_removed_by_the_next_build(tmp_path):
    root = project(tmp_path / "p", 1)
    leftover = root / "output" / ".narrate-staging-k1ll3d" / "job-x" / "episodes"
    leftover.mkdir(parents=True)
    (leftover / "half.mp3").write_bytes(b"half an episode")
    build(root, "--jobs", "1")
    assert not (root / "output" / ".narrate-staging-k1ll3d").exists()


def start_cluster(tmp_path: Path, preloads: list[str | None], hiding: Path | None = None) -> tuple[str, list[subprocess.Popen]]:
    """A scheduler and a worker per preload (a module the worker imports first, or None),
    started apart as a newsroom would, on localhost; with ``hiding``, the workers see an empty
    folder there, as a worker on another machine would (a mount namespace of their own)."""
    file = tmp_path / "scheduler.json"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    processes = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                   "--scheduler-file", str(file)], **quiet)]
    try:
        address = ""
        for _ in range(60):  # the file may be there but half written: read it until it parses
            try:
                address = json.loads(file.read_text())["address"]
                break
            except (OSError, ValueError, KeyError):
                time.sleep(0.2)
        for preload in preloads:
            extra = ["--preload", preload] if preload else []
            worker = [str(DASK), "worker", "--scheduler-file", str(file), "--nthreads", "1",
                      "--no-dashboard", "--host", "127.0.0.1", "--no-nanny", *extra]
            if hiding is not None:
                worker = ["unshare", "--map-root-user", "--mount", "sh", "-c", 'mount -t tmpfs tmpfs "$0" && exec "$@"', str(hiding), *worker]
            processes.append(subprocess.Popen(worker, **quiet))
        from distributed import Client

        with Client(address, timeout=30) as client:
            client.wait_for_workers(len(preloads), timeout=60)
    except BaseException:  # nothing left running behind a failed start
        stop(processes)
        raise
    return address, processes


@pytest.fixture
def scheduler(tmp_path):
    address, processes = start_cluster(tmp_path, [None, None])
    yield address, processes[1:]
    stop(processes)


def test_a_worker_with_another_narrate_is_left_out_by_name(tmp_path, caplog):
    other = tmp_path / "other_narrate.py"
    other.write_text("import narrate\nnarrate.__version__ = '0.0.1-other'\n")
    address, processes = start_cluster(tmp_path, [str(other)])
    try:
        root = project(tmp_path / "p", 1)
        result = invoke(root, "--cluster", address)
        assert result.exit_code == 1 and result.stderr.count("\n") == 1
        assert "no worker of the cluster can build these episodes" in result.stderr and "(narrate 0.0.1-other)" in result.stderr
    finally:
        stop(processes)


def test_a_separate_scheduler_with_two_workers_loses_nothing_when_a_worker_is_killed(tmp_path, scheduler):
    address, workers = scheduler
    root = project(tmp_path / "p", 4)
    build(root, "--jobs", "1")
    shutil.move(root / "output", tmp_path / "alone")

    def kill_a_worker() -> None:  # as soon as the first episode's audio is back
        while not list((root / "output" / "episodes").glob("*.mp3")) if (root / "output" / "episodes").exists() else True:
            time.sleep(0.05)
        workers[0].send_signal(signal.SIGKILL)

    killer = threading.Thread(target=kill_a_worker, daemon=True)
    killer.start()
    result = build(root, "--cluster", address)
    killer.join(timeout=5)
    assert workers[0].poll() is not None  # it was killed
    assert "Episodes: 4 built" in result.output
    same_site(tmp_path / "alone", root / "output")


def own_mounts_allowed() -> bool:
    try:
        return subprocess.run(["unshare", "--map-root-user", "--mount", "true"], capture_output=True).returncode == 0
    except OSError:
        return False


@pytest.mark.skipif(not own_mounts_allowed(), reason="this kernel gives no mount namespace to hide the output from a worker")
def test_a_worker_that_cannot_see_the_output_sends_the_files_back(tmp_path, caplog):
    root = project(tmp_path / "p", 2)
    build(root, "--jobs", "1")
    shutil.move(root / "output", tmp_path / "alone")
    (root / "output").mkdir()
    address, processes = start_cluster(tmp_path, [None], hiding=root / "output")
    try:
        caplog.set_level(logging.INFO, logger="narrate.cluster")
        build(root, "--cluster", address, "-v")
    finally:
        stop(processes)
    said = [record.getMessage() for record in caplog.records if " built by tcp://127.0.0.1:" in record.getMessage()]
    assert len(said) == 2 and all(line.endswith("(files sent back)") for line in said)
    same_site(tmp_path / "alone", root / "output")
    assert not list((root / "output").glob(".narrate-staging-*"))


def test_a_worker_missing_a_voice_is_left_out_by_name(tmp_path):
    root = project(tmp_path / "p", 1)
    write_tiny_voice(root / "voices" / "tiny.onnx")
    (root / "voices" / "tiny.toml").write_text('engine = "piper"\nlanguage = "fr"\n[options]\nmodel = "tiny.onnx"\n')
    (root / "narrate.toml").write_text((root / "narrate.toml").read_text() + 'voice = "tiny"\n')
    address, processes = start_cluster(tmp_path, [None], hiding=root / "voices")  # the model is not on that machine
    try:
        result = invoke(root, "--cluster", address)
    finally:
        stop(processes)
    assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.stderr
    assert "no worker of the cluster can build these episodes" in result.stderr
    assert "the voice model tiny.onnx is missing" in result.stderr and "tcp://127.0.0.1:" in result.stderr


def test_an_article_that_fails_on_the_cluster_fails_once_and_is_reported_as_without_it(tmp_path, scheduler):
    address, _ = scheduler
    with FakeGttsServer(fail_first=10**6) as failing:  # the voice's service answers every request with 503
        attempts, errors = {}, {}
        for way in (["--jobs", "1"], ["--cluster", address]):
            root = project(tmp_path / way[0].strip("-"), 2)
            (root / "voices" / "gtts-fr.toml").write_text(f'engine = "gtts"\nlanguage = "fr"\n[options]\nendpoint = "{failing.endpoint}"\nconcurrency = 1\n')
            (root / "narrate.toml").write_text((root / "narrate.toml").read_text() + 'voice = "gtts-fr"\n')
            before = failing.requests
            result = invoke(root, *way)
            assert result.exit_code == 1 and "Episodes: 0 built, 0 unchanged, 2 failed" in result.output
            attempts[way[0]] = failing.requests - before
            errors[way[0]] = sorted(line for line in result.stderr.splitlines() if line.startswith("Error: seeds/"))
    assert attempts["--cluster"] == attempts["--jobs"] > 0  # not run again by Dask: an article's failure is its outcome
    assert errors["--cluster"] == errors["--jobs"] and len(errors["--jobs"]) == 2


def test_losing_the_scheduler_mid_build_is_one_line_and_leaves_a_valid_site(tmp_path):
    address, processes = start_cluster(tmp_path, [None])
    root = project(tmp_path / "p", 6)
    episodes = root / "output" / "episodes"
    build_process = subprocess.Popen([sys.executable, "-m", "narrate", "build", "--quiet", "--cluster", address], cwd=root,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (episodes.is_dir() and list(episodes.glob("*.mp3"))) and time.monotonic() < deadline:
            time.sleep(0.05)
        processes[0].kill()  # the scheduler
        _, stderr = build_process.communicate(timeout=120)
    finally:
        build_process.kill()
        stop(processes)
    assert build_process.returncode == 1 and "Traceback" not in stderr
    assert stderr.startswith(f"Error: lost the Dask scheduler at {address}") and stderr.count("\n") == 1, stderr
    valid_output(root / "output")
    published = {entry.title for entry in feedparser.parse(str(root / "output" / "feed.xml")).entries}
    assert published and published == {f"Article numéro {n}" for n in range(6) if list(episodes.glob(f"article-numero-{n}-*.mp3"))}
    assert not list((root / "output").glob(".narrate-staging-*"))


def test_an_unreachable_scheduler_is_one_line_and_the_site_stays_valid(tmp_path):
    root = project(tmp_path / "p", 1)
    started = time.monotonic()
    result = invoke(root, "--cluster", "tcp://127.0.0.1:9")
    assert time.monotonic() - started < 10  # a refused connection is said at once, not after 20 s (N10)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:9") and result.stderr.count("\n") == 1


# --- hostile test 3: G4, G5, G13 --------------------------------------------------------------


def _cluster_build(root: Path, *arguments: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "narrate", "build", "--cluster", "local", *arguments], cwd=root,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


def test_a_local_cluster_lets_no_other_client_in_and_serves_no_http(tmp_path):
    """Another local user who finds the scheduler's or a worker's port can neither connect (it
    speaks TLS with the build's own throw-away certificate) nor read a health or metrics page."""
    import psutil
    import urllib.error
    import urllib.request
    from distributed import Client

    root = project(tmp_path / "p", 12)
    (root / "narrate.toml").unlink()  # the workers' own cache: they have something to do
    process = _cluster_build(root, "--jobs", "2")
    listening: set[tuple[str, int]] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(listening) < 3:  # the scheduler and its two workers listen
        family = [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]
        listening = {(c.laddr.ip, c.laddr.port) for p in family for c in p.net_connections("tcp") if c.status == psutil.CONN_LISTEN}
        time.sleep(0.1)
    try:
        assert len(listening) >= 3, "the cluster never listened"
        assert {ip for ip, _ in listening} == {"127.0.0.1"}
        for _, port in listening:
            with pytest.raises((OSError, TimeoutError)):
                Client(f"tcp://127.0.0.1:{port}", timeout=3)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=3) as answer:
                    assert answer.status >= 400
            except (urllib.error.URLError, OSError, ValueError) as error:
                assert not isinstance(error, urllib.error.HTTPError) or error.code >= 400
    finally:
        _, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr


def test_the_workers_speech_cache_is_the_users_own(tmp_path, monkeypatch):
    from narrate.errors import NarrateError
    from narrate.files import private_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = private_cache("speech", "set cluster_cache")
    assert folder == tmp_path / "cache" / "narrate" / "speech" and folder.stat().st_mode & 0o777 == 0o700
    folder.chmod(0o777)  # as another user would have left a folder planted in a shared place
    with pytest.raises(NarrateError, match="not this user's alone"):
        private_cache("speech", "set cluster_cache")
    folder.chmod(0o700)
    root = project(tmp_path / "p", 2)
    (root / "narrate.toml").unlink()
    planted = Path("/tmp/narrate-worker-cache")  # where the workers' cache used to be, for every user
    process = _cluster_build(root, env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")})
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr
    assert list(folder.rglob("*.wav")), "the workers kept their clips in the user's cache"
    assert not planted.exists() or not any(p.stat().st_mtime > time.time() - 300 for p in planted.rglob("*.wav"))


def test_a_worker_its_nanny_restarts_takes_the_jobs_and_the_build_ends(tmp_path):
    """Dask's nanny restarts a killed worker under a new address; the jobs, given to the old
    one, waited for ever (the build held its lock and published nothing)."""
    import psutil

    root = project(tmp_path / "p", 6)
    for seed in (root / "seeds").iterdir():  # long enough to be killed in the middle
        seed.write_text(seed.read_text() + SEED.read_text().split("\n\n", 3)[3][:2500])
    process = _cluster_build(root, "--jobs", "1", "-v")
    episodes = root / "output" / "episodes"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (episodes.is_dir() and list(episodes.glob("*.mp3"))):
        time.sleep(0.05)
    build = psutil.Process(process.pid)
    workers = [p for p in build.children(recursive=True) if "spawn_main" in " ".join(p.cmdline())]
    assert workers, "no worker process was found"
    for worker in workers:
        worker.kill()
    try:
        _, stderr = process.communicate(timeout=180)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("the build hung after its worker was restarted")
    assert process.returncode == 0, stderr
    assert len(feedparser.parse(str(root / "output" / "feed.xml")).entries) == 6
