"""Builds people can trust: incremental, parallel and byte-for-byte the same, locked,
surviving a kill, and clear about every bad input while the other articles still build."""

import filecmp
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import feedparser
import pytest
from threadpoolctl import threadpool_info

from conftest import FIXTURES, REPO, SEED, narrate_in
from media import run_ffmpeg
from narrate.files import LOCK_NAME
from narrate.config import load_settings
from narrate.pipeline import build
from narrate.speech import PACKAGED_VOICES


def make_project(root: Path, articles: dict[str, bytes | str] | None = None) -> Path:
    (root / "seeds").mkdir(parents=True)
    shutil.copytree(REPO / "voices", root / "voices")
    for name, content in (articles or {}).items():
        path = root / "seeds" / name
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content, encoding="utf-8")
    return root


def article(title: str, body: str = "Le conseil municipal a voté le budget hier soir. Il baisse de deux pour cent.") -> str:
    return f"{title}\n\nPar Jean Roux\n3 mai 2024\n\n{body}\n"


def run(project: Path, *arguments: str):
    return narrate_in(project, "build", *arguments)


def valid_output(output: Path) -> None:
    """The feed parses, every enclosure is a complete, decodable MP3 of the announced length."""
    feed = feedparser.parse(str(output / "feed.xml"))
    assert not feed.bozo
    for entry in feed.entries:
        (enclosure,) = entry.enclosures
        mp3 = output / enclosure.href.split("/", 3)[-1]
        assert int(enclosure.length) == mp3.stat().st_size
        assert len(run_ffmpeg(["-i", str(mp3), "-f", "s16le", "-ac", "1", "-ar", "8000", "pipe:1"])) > 8000


# --- incremental ----------------------------------------------------------------------------


def test_second_build_of_unchanged_seeds_does_nothing_and_touches_no_episode(tmp_path):
    project = make_project(tmp_path, {"a.txt": article("Premier titre"), "b.txt": article("Second titre")})
    assert run(project).exit_code == 0
    mp3s = {path: path.stat().st_mtime_ns for path in (project / "output" / "episodes").glob("*.mp3")}
    result = run(project, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == ["[1/2] nothing to do: seeds/a.txt", "[2/2] nothing to do: seeds/b.txt"]
    assert result.output.startswith("Episodes: 0 built, 2 unchanged; 0 min 00 s of new audio;")
    assert {path: path.stat().st_mtime_ns for path in mp3s} == mp3s


def test_a_changed_article_setting_or_voice_rebuilds_what_it_affects(tmp_path):
    project = make_project(tmp_path, {"a.txt": article("Premier titre"), "b.txt": article("Second titre")})
    assert run(project).exit_code == 0
    (project / "seeds" / "a.txt").write_text(article("Premier titre", "Un tout autre texte, plus court."))
    assert run(project, "--jobs", "1").stderr.splitlines() == ["[1/2] nothing to do: seeds/b.txt", "[2/2] built: seeds/a.txt"]
    (project / "narrate.toml").write_text('[show]\ntitle = "Un autre nom"\n')
    result = run(project, "--jobs", "1")
    assert result.stderr.count("built:") == 2  # the intro names the show
    assert feedparser.parse(str(project / "output" / "feed.xml")).feed.title == "Un autre nom"
    profile = project / "voices" / "espeak-fr.toml"  # the project's own profile replaces narrate's
    profile.write_text((PACKAGED_VOICES / "espeak-fr.toml").read_text().replace("rate = 150", "rate = 140"))
    assert run(project, "--jobs", "1").stderr.count("built:") == 2
    (project / "narrate.toml").write_text('[show]\ntitle = "Un autre nom"\ndescription = "Nouvelle description"\n')
    result = run(project, "--jobs", "1")
    assert result.stderr.count("nothing to do") == 2  # the description is not in the audio…
    assert feedparser.parse(str(project / "output" / "feed.xml")).feed.description == "Nouvelle description"  # …but in the feed


# --- parallel -------------------------------------------------------------------------------


def test_jobs_2_gives_the_same_files_byte_for_byte_as_jobs_1(tmp_path):
    """From the same spoken sentences, the order and the processes that assemble episodes change nothing.

    (espeak-ng itself carries a little state from one utterance to the next, its pitch
    flutter, so two fresh caches differ by a few samples: the comparison shares one cache.)
    """
    articles = {
        "a.txt": article("Premier titre"), "b.txt": article("Second titre"),
        "seed.txt": SEED.read_text(), "marche.txt": (FIXTURES / "marche.txt").read_text(),
    }
    project = make_project(tmp_path / "p", articles)
    assert run(project, "--jobs", "1").exit_code == 0
    shutil.move(project / "output", tmp_path / "jobs1")
    result = run(project, "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    assert "Sentences spoken" not in result.stderr
    one, two = tmp_path / "jobs1", project / "output"
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file() and p.name != LOCK_NAME)
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file() and p.name != LOCK_NAME)
    assert len(files) > 30
    assert [str(f) for f in files if not filecmp.cmp(one / f, two / f, shallow=False)] == []


def test_episodes_are_built_in_parallel_processes(tmp_path, gtts_server):
    """With a deterministic engine even fresh builds agree, and the work runs in several processes."""
    articles = {f"{n}.txt": article(f"Titre {n}") for n in range(4)}
    results = {}
    for jobs in ("1", "3"):
        project = make_project(tmp_path / jobs, articles)
        (project / "voices" / "gtts-fr.toml").write_text(
            f'engine = "gtts"\nlanguage = "fr"\n[options]\nendpoint = "{gtts_server.endpoint}"\n'
        )
        for name in articles:
            os.utime(project / "seeds" / name, (1_700_000_000, 1_700_000_000))
        result = run(project, "--jobs", jobs, "--voice", "gtts-fr")
        assert result.exit_code == 0, result.stderr
        results[jobs] = {p.relative_to(project / "output"): p.read_bytes() for p in (project / "output").rglob("*") if p.is_file() and p.name != LOCK_NAME}
    assert results["1"] == results["3"]


# --- interrupt-safe and locked --------------------------------------------------------------


def test_a_second_build_at_once_refuses_clearly(tmp_path):
    project = make_project(tmp_path, {"a.txt": article("Premier titre")})
    (project / "output").mkdir()
    with open(project / "output" / LOCK_NAME, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run(project)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: another narrate build is writing to output right now; wait for it to finish, then build again.\n"
    )


def build_process(project: Path, *arguments: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "narrate", "build", "--jobs", "1", *arguments], cwd=project,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


@pytest.mark.parametrize("signal_number", [signal.SIGKILL, signal.SIGINT])
def test_a_build_stopped_mid_way_leaves_valid_output_and_the_next_build_finishes(tmp_path, signal_number):
    names = [f"{n:02d}.txt" for n in range(6)]
    project = make_project(tmp_path, {name: article(f"Article numéro {n}", SEED.read_text().split("\n\n", 3)[3][:1500]) for n, name in enumerate(names)})
    assert run(project, "--sentences", "2").exit_code == 0
    for name in names:  # every article changes: the next build rebuilds them all
        path = project / "seeds" / name
        path.write_text(path.read_text().replace("Article numéro", "Article n°"))
    episodes = project / "output" / "episodes"
    before = set(episodes.glob("*.mp3"))
    process = build_process(project, "--sentences", "2")
    deadline = time.monotonic() + 60
    while set(episodes.glob("*.mp3")) == before and time.monotonic() < deadline:  # one new episode is written…
        time.sleep(0.02)
    process.send_signal(signal_number)  # …and the build is stopped before it publishes it
    _, stderr = process.communicate(timeout=60)
    assert process.returncode != 0
    if signal_number == signal.SIGINT:
        assert "Error: interrupted; the feed, pages and episodes already published are complete and unchanged." in stderr
        assert "Traceback" not in stderr
    valid_output(project / "output")
    result = run(project, "--sentences", "2")
    assert result.exit_code == 0, result.stderr
    assert not list((project / "output").rglob(".*.part"))
    valid_output(project / "output")
    titles = {entry.title for entry in feedparser.parse(str(project / "output" / "feed.xml")).entries}
    assert titles == {f"Article n° {n}" for n in range(6)}, (stderr, result.stderr)


# --- bad input ------------------------------------------------------------------------------


def test_every_bad_input_gets_its_line_and_the_others_still_build(tmp_path):
    big = b"Titre\n\n" + b"Une phrase de plus. " * 2_700_000
    project = make_project(tmp_path, {
        "bon.txt": article("Un bon article"),
        "vide.txt": "",
        "binaire.txt": b"\x89PNG\r\n\x1a\n\x00\x00",
        "latin.txt": "Titre\n\nDu texte UTF-8 : été.".encode() + b" \xe9t\xe9 cass\xe9.",
        "enorme.txt": big,
        "chiffres.txt": "Titre\n\n12 34 56\n",
    })
    result = run(project)
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    expected = [
        "Error: seeds/binaire.txt: is a binary file, not a text article; remove it from the seeds.",
        "Error: seeds/chiffres.txt: the body has no sentence to read (no words found).",
        "Error: seeds/enorme.txt: 54 MB is too large for an article (limit 5 MB); is it the right file?",
        "Error: seeds/latin.txt: is not valid UTF-8 (byte 31) nor Windows-1252 text; save it as UTF-8 and build again.",
        "Error: seeds/vide.txt: is empty; write the title on the first line, then the article.",
    ]
    assert [line for line in errors if line.startswith("Error: seeds/")] == expected
    assert errors[-1].startswith("Error: 5 articles could not be built: seeds/binaire.txt, seeds/chiffres.txt")
    assert "Traceback" not in result.stderr
    assert result.output.startswith("Episodes: 1 built, 0 unchanged, 5 failed;")


def test_unsafe_and_duplicate_titles_make_safe_unique_stable_file_names(tmp_path):
    project = make_project(tmp_path, {
        "1.txt": article("../../etc/x"),
        "2.txt": article("con"),
        "3.txt": article("Très " * 60 + "long"),
        "4.txt": article("🎉🎉🎉"),
        "5.txt": article("Même titre"),
        "6.txt": article("Même titre"),
    })
    assert run(project).exit_code == 0
    slugs = {entry["source"]: entry["slug"] for entry in json.loads((project / "output" / "episodes.json").read_text())["episodes"]}
    assert slugs["1.txt"] == "etc-x" and slugs["2.txt"] == "con-episode" and slugs["4.txt"] == "episode"
    assert slugs["3.txt"].startswith("tres-tres") and len(slugs["3.txt"]) <= 80
    assert {slugs["5.txt"], slugs["6.txt"]} == {"meme-titre", "meme-titre-2"}
    assert all((project / "output" / "episodes" / f"{slug}.html").is_file() for slug in slugs.values())
    assert not (tmp_path / "etc").exists()
    (project / "seeds" / "5.txt").write_text(article("Même titre", "Un texte modifié pour le reconstruire."))
    assert run(project).exit_code == 0
    again = {entry["source"]: entry["slug"] for entry in json.loads((project / "output" / "episodes.json").read_text())["episodes"]}
    assert again == slugs


def test_broken_config_unknown_voice_and_unwritable_output_are_one_line_each(tmp_path):
    project = make_project(tmp_path, {"a.txt": article("Premier titre")})
    (project / "narrate.toml").write_text("[build]\nvoice = 'espeak-fr'\nsentences = trois\n")
    result = run(project)
    assert result.exit_code == 1 and result.stderr.startswith("Error: narrate.toml: is not valid TOML:")
    assert "line 3" in result.stderr and len(result.stderr.splitlines()) == 1
    (project / "narrate.toml").unlink()
    result = run(project, "--voice", "robot")
    assert result.exit_code == 1 and result.stderr.startswith("Error: unknown voice 'robot'; known voices: espeak-fr,")
    (project / "blocked").write_text("")
    result = run(project, "--output", "blocked/out")
    assert result.exit_code == 1 and result.stderr.startswith("Error: cannot write in blocked/out")


def blas_threads() -> set[int]:
    return {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"}


def test_a_build_keeps_numpy_to_one_thread_per_job(tmp_path, monkeypatch):
    """numpy's BLAS would otherwise start a thread per core in every job, spinning idle. The
    build's progress is reported while an episode's job holds its limit: that is where it is seen."""
    import numpy  # noqa: F401 (loaded, so that its BLAS is there to be limited)

    if max(blas_threads(), default=1) <= 1:
        pytest.skip("numpy's BLAS has one thread on this machine anyway: nothing to limit")
    project = make_project(tmp_path, {"a.txt": article("Premier titre")})
    monkeypatch.chdir(project)
    seen: list[set[int]] = []
    build(load_settings(), jobs=1, on_progress=lambda *_: seen.append(blas_threads()))
    assert seen == [{1}]
    assert max(blas_threads()) > 1  # and the limit ends with the build


def _blas_threads_of_a_job(_item: int) -> set[int]:
    return blas_threads()


def test_the_build_s_worker_processes_keep_numpy_to_one_thread_each():
    """The same limit in the workers of a parallel build, which set it as they start (code review 3)."""
    import numpy  # noqa: F401 (loaded before the fork, as in a build)

    from narrate.workers import one_core_per_job, run_in_processes

    if max(blas_threads(), default=1) <= 1:
        pytest.skip("numpy's BLAS has one thread on this machine anyway: nothing to limit")
    seen = list(run_in_processes(_blas_threads_of_a_job, [1, 2, 3], 2, lost=lambda _item: set(), initializer=one_core_per_job))
    assert seen == [{1}, {1}, {1}]
    unlimited = list(run_in_processes(_blas_threads_of_a_job, [1, 2], 2, lost=lambda _item: set()))
    assert all(max(threads) > 1 for threads in unlimited)  # the test can fail: without the limit, more threads


def test_workers_started_from_a_fork_server_build_the_same_files(tmp_path, monkeypatch):
    """macOS starts workers from a fork server (forking a process with threads is unsafe
    there): the same path, tried here on Linux, gives the same episodes as forked workers."""
    from narrate import workers

    articles = {"a.txt": article("Premier titre"), "b.txt": article("Second titre"), "c.txt": article("Troisième titre")}
    project = make_project(tmp_path / "p", articles)
    assert run(project, "--jobs", "2").exit_code == 0  # fills the speech cache both builds share
    shutil.rmtree(project / "output")
    assert run(project, "--jobs", "2").exit_code == 0
    shutil.move(project / "output", tmp_path / "forked")
    monkeypatch.setattr(workers, "START_METHOD", "forkserver")
    result = run(project, "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    forked, served = tmp_path / "forked", project / "output"
    files = sorted(p.relative_to(forked) for p in forked.rglob("*") if p.is_file() and p.name != LOCK_NAME)
    assert files == sorted(p.relative_to(served) for p in served.rglob("*") if p.is_file() and p.name != LOCK_NAME)
    assert [str(f) for f in files if not filecmp.cmp(forked / f, served / f, shallow=False)] == []
