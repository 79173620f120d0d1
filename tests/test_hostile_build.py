"""Builds as a hostile tester and an unlucky user run them: nothing published is lost, one
bad article or setting is one line and never a traceback, and a killed build leaves nothing
running behind it."""

import json
import os
from datetime import datetime, timezone
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import feedparser
import pytest

from conftest import SEED, narrate_in
from narrate.catalog import EpisodeRecord, remove_old_versions
from narrate.naming import slugify
from narrate.speech import PACKAGED_VOICES
from test_robustness import article, build_process, make_project, run, valid_output


def manifest(project: Path) -> dict[str, dict]:
    return {entry["source"]: entry for entry in json.loads((project / "output" / "episodes.json").read_text())["episodes"]}


# --- nothing lost ---------------------------------------------------------------------------


def test_a_title_that_spells_another_episodes_media_name_deletes_nothing(tmp_path):
    project = make_project(tmp_path, {"a.txt": article("Foo")})
    assert run(project, "--jobs", "1").exit_code == 0
    version = manifest(project)["a.txt"]["fingerprint"][:8]
    (project / "seeds" / "b.txt").write_text(article(f"Foo {version}"))
    for _ in range(2):  # the second build settles b and cleans its old versions
        assert run(project, "--jobs", "1").exit_code == 0
        valid_output(project / "output")
    entries = manifest(project)
    assert entries["b.txt"]["slug"] != f"foo-{version}"
    a_files = sorted((project / "output" / "episodes").glob(f"foo-{version}.*"))
    assert [path.name[len(f"foo-{version}"):] for path in a_files] == sorted(
        [".chapters.json", ".chapters.vtt", ".epub", ".mp3", ".srt", ".timed.json", ".txt", ".vtt"]
    )


def test_cleaning_old_versions_never_takes_a_file_of_a_slug_that_starts_alike(tmp_path):
    """Manifests written before slugs were kept apart may hold "foo" and "foo-1a2b3c4d" both."""
    episodes = tmp_path / "episodes"
    episodes.mkdir()
    common = {"guid": "g", "title": "t", "author": None, "language": "fr", "published": datetime(2024, 1, 1, tzinfo=timezone.utc), "duration_ms": 1, "size": 1}
    foo = EpisodeRecord(source="a", slug="foo", fingerprint="1a2b3c4d" + "0" * 56, **common)
    other = EpisodeRecord(source="b", slug="foo-1a2b3c4d", fingerprint="99999999" + "0" * 56, **common)
    for name in ("foo-1a2b3c4d.mp3", "foo-00000000.mp3", "foo-1a2b3c4d-99999999.mp3", "foo-1a2b3c4d-88888888.mp3"):
        (episodes / name).write_bytes(b"x")
    remove_old_versions(tmp_path, [foo, other], [foo, other])
    assert sorted(path.name for path in episodes.iterdir()) == ["foo-1a2b3c4d-99999999.mp3", "foo-1a2b3c4d.mp3"]


def test_no_new_slug_ends_like_a_media_version_and_ligatures_are_kept():
    assert slugify("Foo 1a2b3c4d") == "foo-1a2b3c4d-episode"
    assert slugify("Le cœur de la ville, ex æquo") == "le-coeur-de-la-ville-ex-aequo"


def _descendants(pid: int) -> set[int]:
    found, frontier = set(), [pid]
    while frontier:
        parent = frontier.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            children = (task / "children").read_text().split() if (task / "children").exists() else []
            for child in map(int, children):
                if child not in found:
                    found.add(child)
                    frontier.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] not in "ZX"
    except (FileNotFoundError, IndexError):
        return False


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc to find the workers")
@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGKILL, signal.SIGHUP])
def test_killing_a_parallel_build_leaves_no_worker_and_the_next_build_finishes(tmp_path, signal_number):
    body = SEED.read_text().split("\n\n", 3)[3][:2500]
    names = [f"{n:02d}.txt" for n in range(6)]
    project = make_project(tmp_path, {name: article(f"Article numéro {n}", body) for n, name in enumerate(names)})
    process = subprocess.Popen(
        [sys.executable, "-m", "narrate", "build", "--jobs", "2", "--sentences", "2"], cwd=project,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while len(workers) < 2 and time.monotonic() < deadline:
        workers = _descendants(process.pid)
        time.sleep(0.02)
    assert len(workers) >= 2, "the build never started its workers"
    time.sleep(0.3)  # the workers are speaking
    process.send_signal(signal_number)
    process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if _alive(pid)], "workers outlived the build"
    result = run(project, "--sentences", "2", "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    valid_output(project / "output")
    assert len(feedparser.parse(str(project / "output" / "feed.xml")).entries) == 6


def test_a_full_disk_is_one_line_and_what_was_published_stays(tmp_path):
    project = make_project(tmp_path, {"a.txt": article("Premier titre")})
    assert run(project, "--jobs", "1").exit_code == 0
    feed_before = (project / "output" / "feed.xml").read_bytes()
    (project / "seeds" / "b.txt").write_text(article("Second titre"))
    limit = 64 * 1024  # files may not grow past this: a disk that fills up as the MP3 is written

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes fail with EFBIG instead of killing the build
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        [sys.executable, "-m", "narrate", "build", "--jobs", "1"], cwd=project, capture_output=True, text=True,
        preexec_fn=small_disk, timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors and "free some space" in errors[0], result.stderr
    assert (project / "output" / "feed.xml").read_bytes() == feed_before
    valid_output(project / "output")
    assert not list((project / "output").rglob(".*.part"))


def test_a_directory_in_the_feeds_place_is_one_line(tmp_path):
    project = make_project(tmp_path, {"a.txt": article("Premier titre")})
    (project / "output" / "feed.xml").mkdir(parents=True)
    result = run(project, "--jobs", "1")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "Error: cannot write output/feed.xml (Is a directory); feed.xml is a directory where narrate writes a file; "
        "move it away and build again."
    )


@pytest.mark.skipif(not shutil.which("strace"), reason="strace is not installed (make test installs Debian's strace)")
def test_no_write_ever_changes_the_umask(tmp_path):
    """The cover is drawn and written by a thread while episodes are written: a write that set
    the process's umask to 0 and back, even for an instant, gave the other thread's file mode
    0666. So no part of a build may call umask at all; the kernel applies it to new files."""
    project = make_project(tmp_path, {"a.txt": article("Premier titre")})
    trace = tmp_path / "trace.txt"
    result = subprocess.run(
        ["strace", "-f", "-e", "trace=umask", "-o", str(trace), sys.executable, "-m", "narrate", "build", "--jobs", "1"],
        cwd=project, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "umask(" not in trace.read_text()
    modes = {stat.S_IMODE(path.stat().st_mode) for path in (project / "output").rglob("*") if path.is_file()}
    assert modes == {0o666 & ~_current_umask()}


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- one bad input, one line ----------------------------------------------------------------


def test_hostile_articles_each_fail_alone_or_build_cleanly(tmp_path):
    project = make_project(tmp_path, {
        "bon.txt": article("Un bon article"),
        "controle.txt": article("Un titre \x1b[1mgras\b", "Le conseil a voté\x0c le budget\ufffe hier soir. Il baisse."),
        "url.txt": "Titre avec lien cassé\n\nSource : https://[::1\n\nLe conseil a voté le budget hier soir.\n",
        "nombre.txt": article("Un très grand nombre", "La dette atteint " + "9" * 650 + " euros selon le rapport."),
        "lien.txt": "",
        "nom-\udce9.txt": article("Un nom de fichier en Latin-1"),
        "mur.html": "<html><body><p>Veuillez activer JavaScript pour lire cet article.</p></body></html>",
    })
    (project / "seeds" / "lien.txt").unlink()
    (project / "seeds" / "lien.txt").symlink_to("/etc/passwd")
    outside = tmp_path / "ailleurs.txt"
    outside.write_text(article("Hors du dossier"))
    (project / "seeds" / "dehors.txt").symlink_to(outside)
    result = run(project, "--jobs", "2")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    errors = sorted(line for line in result.stderr.splitlines() if line.startswith("Error: seeds/"))
    assert errors == [
        "Error: seeds/dehors.txt: is a symbolic link; narrate reads only the files in seeds itself.",
        "Error: seeds/lien.txt: is a symbolic link; narrate reads only the files in seeds itself.",
        "Error: seeds/mur.html: this page shows its text only with JavaScript; save the article's text instead.",
        "Error: seeds/nom-\ufffd.txt: the file name is not UTF-8; rename the file.",
    ]
    feed = feedparser.parse(str(project / "output" / "feed.xml"))
    assert not feed.bozo
    assert sorted(entry.title for entry in feed.entries) == [
        "Titre avec lien cassé", "Un bon article", "Un titre [1mgras", "Un très grand nombre",
    ]
    published = "".join(path.read_text(errors="replace") for path in (project / "output").rglob("*") if path.suffix != ".mp3" and path.is_file())
    assert "root:x:0" not in published and "Hors du dossier" not in published


def test_the_output_directory_is_never_read_as_seeds(tmp_path):
    project = make_project(tmp_path, {"a.txt": article("Premier titre")})
    assert run(project, "--jobs", "1").exit_code == 0
    result = run(project, "--seeds", "output", "--output", "output")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the seeds directory output is the output directory or inside it")
    assert run(project, "--seeds", "output/episodes").exit_code == 1


@pytest.mark.parametrize(
    ("config", "arguments", "message"),
    [
        ("[build]\nminutes = inf\n", [], "Error: minutes is a summary length from 0 to 600.0, not inf.\n"),
        ("[build]\nminutes = nan\n", [], "Error: minutes is a summary length from 0 to 600.0, not nan.\n"),
        ("[build]\nframe = 'medium'\n", [], "Error: frame is 'auto', 'short', 'long', not 'medium'.\n"),
        ("[build]\nalgorithm = 'magic'\n", [], "Error: unknown summary algorithm 'magic'; choose one of: narrate, lead, lexrank, textrank, luhn, lsa.\n"),
        ("[show]\ntitle = ' '\n", [], "Error: [show] title cannot be empty: podcast apps show it, and the intro says it.\n"),
        ("[show]\nlink = 'javascript:alert(1)'\n", [], "Error: [show] link must be an http:// or https:// address, not 'javascript:alert(1)'.\n"),
        ("", ["--base-url", "ftp://example.org/"], "Error: base_url must be an http:// or https:// address, not 'ftp://example.org/'.\n"),
        ("", ["--voice", "../voices/espeak-fr"], "Error: '../voices/espeak-fr' is not a voice name: a voice is named like its file in voices, without a path.\n"),
    ],
)
def test_settings_are_checked_before_any_audio_is_made(tmp_path, config, arguments, message):
    project = make_project(tmp_path, {"a.txt": article("Premier titre")})
    (project / "narrate.toml").write_text(config)
    result = run(project, *arguments)
    assert (result.exit_code, result.stderr) == (1, message)
    assert not (project / "output" / "episodes").exists()


def test_a_voice_option_of_the_wrong_type_is_one_line_before_any_audio(tmp_path):
    project = make_project(tmp_path, {"a.txt": article("Premier titre")})
    profile = project / "voices" / "espeak-fr.toml"
    profile.write_text((PACKAGED_VOICES / "espeak-fr.toml").read_text().replace("rate = 150", 'rate = "fast"'))
    result = run(project)
    assert (result.exit_code, result.stderr) == (1, "Error: voices/espeak-fr.toml: option rate should be int, not 'fast'.\n")
    profile.write_text(profile.read_text().replace('rate = "fast"', "rate = 5000"))
    result = run(project)
    assert (result.exit_code, result.stderr) == (1, "Error: voices/espeak-fr.toml: espeak-ng's rate goes from 80 to 500, not 5000.\n")
    assert not (project / "output" / "episodes").exists()


def test_a_broken_voice_profile_is_named_with_its_fault_not_called_unknown(tmp_path):
    project = make_project(tmp_path)
    (project / "voices" / "cassee.toml").write_text('engine = "espeak-ng"\n[options\n')
    result = narrate_in(project, "normalize", "--voice", "cassee", "Bonjour")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: voices/cassee.toml: is not valid TOML:")


# --- memory ---------------------------------------------------------------------------------


def test_a_one_megabyte_article_of_ten_thousand_paragraphs_builds_in_little_memory(tmp_path):
    paragraph = "Le conseil municipal a voté le budget de la ville pour l'année {n}, en baisse de deux pour cent."
    body = "\n\n".join(paragraph.format(n=1000 + n % 1000) for n in range(10_000))
    assert len(body.encode()) > 1_000_000
    project = make_project(tmp_path, {"long.txt": article("Un très long article", body)})
    measure = (
        "import resource, subprocess, sys; "
        "done = subprocess.run([sys.executable, '-m', 'narrate', 'build', '--jobs', '1'], capture_output=True, text=True); "
        "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); print(done.stderr, file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", measure], cwd=project, capture_output=True, text=True, timeout=300)
    status, peak_kib = map(int, result.stdout.split())
    assert status == 0, result.stderr
    assert peak_kib < 500 * 1024, f"{peak_kib // 1024} MB"
    (entry,) = manifest(project).values()
    assert entry["duration_ms"] < 4 * 60_000


# --- text that must never steer the voice (hostile test 3: G1, G15) -------------------------
# G33 also noted that `narrate check` exits 0 on the G1 article: it is right to, now. Its
# brackets reach the voice as parentheses (heard the same), so nothing in it is at risk;
# no test asks check to flag it.

PHONEME_BYPASSES = {
    "three brackets": "[[[{word}]]]",
    "soft hyphen": "[\u00ad[{word}]]",
    "zero-width space": "[\u200b[{word}]]",
    "word joiner": "[\u2060[{word}]]",
    "space": "[ [{word}]]",
}


@pytest.mark.parametrize("template", PHONEME_BYPASSES.values(), ids=PHONEME_BYPASSES.keys())
def test_article_text_never_reaches_espeak_as_phonemes(template):
    from narrate.speech.espeak import EspeakEngine

    engine = EspeakEngine()
    heard = engine.phonemes(f"Oui {template.format(word=chr(104) + chr(39) + 'aloU')} fin")
    assert "əʊ" not in heard  # "h'aloU" as espeak phonemes is English "hello"; as text it is not


def test_a_phoneme_attack_and_huge_words_build_one_bounded_episode_each_in_one_process(tmp_path):
    """Every bypass of the report with a 1,200-letter phoneme word (libespeak-ng crashed on
    them), a 10,000-letter word and 20,000 figures (a 94-minute episode before): a real build
    in one process, which a crash of the voice would kill."""
    body = "Le conseil municipal a voté mardi soir un budget pour les écoles de la commune. Les parents ont salué la décision."
    articles = {
        f"poison-{n}.txt": article(f"Titre piégé {template.format(word='a' * 1200)}", body)
        for n, template in enumerate(PHONEME_BYPASSES.values())
    }
    articles["word.txt"] = article("Un long mot", f"Le mot {'x' * 10_000} est sans fin. {body}")
    articles["digits.txt"] = article("Un grand nombre", f"Le comptable a noté le nombre {'7' * 20_000} dans son registre. {body}")
    project = make_project(tmp_path, articles)
    process = build_process(project)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr
    valid_output(project / "output")
    entries = manifest(project)
    assert len(entries) == len(articles)
    assert max(entry["duration_ms"] for entry in entries.values()) < 90_000
    transcript = next((project / "output" / "episodes").glob("un-grand-nombre*.txt")).read_text()
    assert "7" * 20_000 in transcript  # the text keeps what was written; only the voice hears it said short


def test_too_long_to_be_said_is_said_by_its_length():
    from narrate.normalize import normalize

    assert normalize(f"Le code {'7' * 40} et {'a' * 300}.") == "Le code un nombre de quarante chiffres et un mot de trois cents lettres."
    assert normalize(f"The code {'7' * 40}.", "en") == "The code a number of forty digits."
    assert normalize("Le code 12345678901234567890 reste lu chiffre par chiffre.").count("deux") == 2


# --- a worker that dies (code review 3: N3; hostile test 3: G13) ----------------------------


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc to find the workers")
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_worker_killed_as_the_oom_killer_would_costs_nothing_and_the_build_goes_on(tmp_path, jobs):
    """With one core too, episodes are built in a worker: a crash costs one article, not the build."""
    body = SEED.read_text().split("\n\n", 3)[3][:2500]
    names = [f"{n:02d}.txt" for n in range(6)]
    project = make_project(tmp_path, {name: article(f"Article numéro {n}", body) for n, name in enumerate(names)})
    process = subprocess.Popen(
        [sys.executable, "-m", "narrate", "build", "--jobs", str(jobs), "--sentences", "2"], cwd=project,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while len(workers) < jobs and time.monotonic() < deadline:
        workers = _descendants(process.pid)
        time.sleep(0.02)
    assert len(workers) >= jobs, "the build never started its workers"
    time.sleep(0.3)  # the workers are speaking
    os.kill(min(workers), signal.SIGKILL)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    valid_output(project / "output")
    assert len(feedparser.parse(str(project / "output" / "feed.xml")).entries) == 6  # the killed job ran again


def _dies_on_three(number: int) -> int:
    if number == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return number * 10


def test_an_item_that_always_kills_its_worker_is_lost_alone():
    from narrate.workers import run_in_processes

    results = sorted(run_in_processes(_dies_on_three, list(range(8)), 2, lost=lambda number: -number), key=abs)
    assert results == [0, -3, 10, 20, 40, 50, 60, 70]


# --- damaged or older state, files narrate does not own (N4, N5, G7, G10, G17, G31, G32) -----------


def test_turning_the_fast_rendition_on_and_off_never_renames_a_published_mp3(tmp_path):
    """An enclosure's address is a promise to every subscriber's app (code review 3, N4)."""
    project = make_project(tmp_path, {"a.txt": article("Premier titre")})
    assert run(project, "--jobs", "1").exit_code == 0
    (mp3,) = (project / "output" / "episodes").glob("*.mp3")
    enclosure = feedparser.parse(str(project / "output" / "feed.xml")).entries[0].enclosures[0].href
    for pace, fast_files in ((320, 1), (300, 1), (0, 0)):
        (project / "narrate.toml").write_text(f"[build]\nfast_words_per_minute = {pace}\n")
        result = run(project, "--jobs", "1")
        assert result.exit_code == 0, result.stderr
        assert sorted(path.name for path in (project / "output" / "episodes").glob("*.mp3") if ".fast." not in path.name) == [mp3.name]
        assert len(list((project / "output" / "episodes").glob("*.fast.mp3"))) == fast_files
        assert feedparser.parse(str(project / "output" / "feed.xml")).entries[0].enclosures[0].href == enclosure
    again = run(project, "--jobs", "1")
    assert "0 built, 1 unchanged" in again.output


def test_a_fast_rendition_the_voice_cannot_make_is_not_tried_again_at_every_build(tmp_path, gtts_server, caplog):
    """gTTS cannot speak faster: the episode was made anew at every build, in vain."""
    project = make_project(tmp_path, {"a.txt": article("Premier titre")})
    (project / "voices" / "gtts-fr.toml").write_text(f'engine = "gtts"\nlanguage = "fr"\n[options]\nendpoint = "{gtts_server.endpoint}"\n')
    (project / "narrate.toml").write_text('[build]\nvoice = "gtts-fr"\nfast_words_per_minute = 300\n')
    first = run(project, "--jobs", "1")
    assert first.exit_code == 0 and "voice gtts-fr cannot speak faster; no fast rendition." in caplog.text, first.stderr
    assert not list((project / "output" / "episodes").glob("*.fast.*"))
    again = run(project, "--jobs", "1")
    assert "0 built, 1 unchanged" in again.output, again.stderr
    (project / "narrate.toml").write_text('[build]\nvoice = "gtts-fr"\n')
    assert "0 built, 1 unchanged" in run(project, "--jobs", "1").output  # none asked for, none there


def test_a_site_built_when_the_fast_pace_named_the_media_keeps_its_names(tmp_path, monkeypatch):
    from narrate import plan

    project = make_project(tmp_path, {"a.txt": article("Premier titre")})
    (project / "narrate.toml").write_text("[build]\nfast_words_per_minute = 320\n")
    legacy = plan.common_fingerprint
    monkeypatch.setattr(plan, "common_fingerprint", lambda *args, **keys: legacy(*args, fast_as_set=True))
    assert run(project, "--jobs", "1").exit_code == 0  # as the narrate before this one fingerprinted
    names = sorted(path.name for path in (project / "output" / "episodes").iterdir())
    monkeypatch.setattr(plan, "common_fingerprint", legacy)
    result = run(project, "--jobs", "1")
    assert "0 built, 1 unchanged" in result.output, result.stderr
    assert sorted(path.name for path in (project / "output" / "episodes").iterdir()) == names


@pytest.mark.parametrize("damage", ["garbage", "[]", '{"version": 999}'])
def test_a_damaged_or_newer_timed_document_makes_its_episode_again_under_the_same_name(tmp_path, damage):
    project = make_project(tmp_path, {"a.txt": article("Premier titre")})
    assert run(project, "--jobs", "1").exit_code == 0
    episodes = project / "output" / "episodes"
    (timed,) = episodes.glob("*.timed.json")
    mp3 = timed.name.replace(".timed.json", ".mp3")
    timed.write_text(damage)
    next(episodes.glob("*.vtt")).unlink()
    result = run(project, "--jobs", "1", "--formats", "mp3,epub")
    assert result.exit_code == 0, result.stderr
    assert (episodes / mp3).is_file() and list(episodes.glob("*.epub")) and list(episodes.glob("*.vtt"))
    assert json.loads(timed.read_text())["version"] != 999


@pytest.mark.parametrize("change, message", [
    ({"slug": "../../../tmp/x"}, "slug '../../../tmp/x' is not made of small letters"),
    ({"duration_ms": "abc"}, "duration_ms is not a whole number"),
    ({"number": "x"}, "number is not a whole number"),
    ({"summary": 5}, "summary is not a list of texts"),
    ({"outputs": []}, "outputs is not a table of versions"),
    ({"title": "Titre \x1b piégé"}, "has a character a feed cannot carry"),
])
def test_a_manifest_edited_wrong_by_hand_is_one_line_and_nothing_is_written_or_deleted(tmp_path, change, message):
    project = make_project(tmp_path, {"a.txt": article("Premier titre")})
    assert run(project, "--jobs", "1").exit_code == 0
    manifest_path = project / "output" / "episodes.json"
    data = json.loads(manifest_path.read_text())
    data["episodes"][0].update(change)
    manifest_path.write_text(json.dumps(data))
    before = sorted(str(path) for path in tmp_path.rglob("*"))
    (project / "seeds" / "a.txt").write_text(article("Premier titre changé"))
    result = run(project, "--jobs", "1", "--prune")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"Error: {Path('output') / 'episodes.json'}: is damaged") or "episodes.json: is damaged" in result.stderr
    assert message in result.stderr, result.stderr
    assert sorted(str(path) for path in tmp_path.rglob("*")) == before


@pytest.mark.parametrize("state", ["[]", '"x"', "null", '{"cover": 5}'])
def test_a_damaged_state_file_is_made_again(tmp_path, state):
    project = make_project(tmp_path, {"a.txt": article("Premier titre")})
    assert run(project, "--jobs", "1").exit_code == 0
    (project / "output" / ".narrate-state.json").write_text(state)
    result = run(project, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    valid_output(project / "output")


def test_a_build_removes_only_its_own_temporary_files(tmp_path):
    project = make_project(tmp_path, {"a.txt": article("Premier titre")})
    precious = project / "output" / "user-data" / "deep" / ".thesis.docx.part"
    precious.parent.mkdir(parents=True)
    precious.write_text("precious")
    mine = project / "output" / "episodes" / ".a-1234abcd.mp3.0badc0de.part"
    mine.parent.mkdir(parents=True)
    mine.write_bytes(b"half")
    assert run(project, "--jobs", "1").exit_code == 0
    assert precious.read_text() == "precious"
    assert not mine.exists()


def test_an_episode_that_fails_after_its_mp3_leaves_no_file_behind(tmp_path):
    """The disk fills up while the book (larger than the MP3 it holds) is written (G31)."""
    alone = make_project(tmp_path / "alone", {"b.txt": article("Second titre")})
    assert run(alone, "--jobs", "1").exit_code == 0
    (mp3,) = (alone / "output" / "episodes").glob("*.mp3")
    project = make_project(tmp_path / "p", {"a.txt": article("Premier titre")})
    assert run(project, "--jobs", "1").exit_code == 0
    shutil.copy(alone / "seeds" / "b.txt", project / "seeds" / "b.txt")
    limit = mp3.stat().st_size + 4096

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        [sys.executable, "-m", "narrate", "build", "--jobs", "1", "--formats", "mp3,epub"], cwd=project, capture_output=True,
        text=True, preexec_fn=small_disk, timeout=120,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert not list((project / "output" / "episodes").glob("second-titre*")), "the failed episode's files stayed"
    assert list((project / "output" / "episodes").glob("premier-titre*.mp3"))


# --- Ctrl-C (code review 3: N2) ---------------------------------------------------------------

INTERRUPTED_SYNTHESIS = r"""
import os, random, signal, threading, time
from narrate.speech.espeak import EspeakEngine
engine = EspeakEngine()
text = "Le conseil municipal a voté mardi soir un budget pour les écoles de la commune. " * 30
engine.synthesize([text])
started = time.monotonic(); engine.synthesize([text]); took = time.monotonic() - started
missed = 0
random.seed(7)
for _ in range(40):
    timer = threading.Timer(random.uniform(0, took * 0.8), os.kill, (os.getpid(), signal.SIGINT))
    try:
        timer.start()
        engine.synthesize([text])
        time.sleep(took)  # a Ctrl-C that was not raised by now was dropped
        missed += 1
    except KeyboardInterrupt:
        timer.join()
print(missed)
"""


def test_ctrl_c_during_speech_is_never_lost():
    """ctypes prints and drops an exception raised in espeak-ng's callback: 2 in 30 Ctrl-C were
    lost, and the build went on and exited 0."""
    result = subprocess.run([sys.executable, "-c", INTERRUPTED_SYNTHESIS], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0" and "Exception ignored" not in result.stderr, result.stderr


@pytest.mark.parametrize("command", [
    ["summarize", "--minutes", "0.5", "seeds/a.txt"], ["script", "seeds/a.txt"], ["normalize", "Le Medef et la DREES"],
    ["build", "--jobs", "1"],
])
def test_a_broken_configured_voice_profile_is_an_error_for_every_command(tmp_path, command):
    """It was silently replaced: 135 words a minute instead of the voice's, no lexicon (C9)."""
    project = make_project(tmp_path, {"a.txt": article("Premier titre")})
    (project / "voices" / "cassee.toml").write_text('engine = "espeak-ng"\n[options\n')
    (project / "narrate.toml").write_text('[build]\nvoice = "cassee"\n')
    result = narrate_in(project, *command)
    assert result.exit_code == 1 and result.output == ""
    assert "voices/cassee.toml: is not valid TOML" in result.stderr.splitlines()[0], result.stderr


def test_the_extractors_own_noise_never_reaches_the_user(tmp_path):
    """"discarding data: None", "empty HTML tree: None": trafilatura's words, not the user's (F21)."""
    project = make_project(tmp_path, {
        "c.html": "", "d.html": "<!-- x -->", "f.html": "<html><body><p>a&#x1b;b</p></body></html>", "a.txt": article("Premier titre"),
    })
    for command in (["build", "--jobs", "1"], ["summarize", "seeds/d.html"]):  # run as a user runs them: logging as the CLI sets it
        result = subprocess.run([sys.executable, "-m", "narrate", *command], cwd=project, capture_output=True, text=True, timeout=120)
        noise = [line for line in result.stderr.splitlines() if not line.startswith(("[", "Error: ", "Episodes"))]
        assert noise == [], result.stderr


def test_messages_say_what_to_do_where_the_thing_is(tmp_path):
    """G35: a broken profile is listed by narrate voices as unavailable, not the end of the
    listing; a 5,000-letter voice name is not printed whole; a fetched file is not "in the seeds"."""
    project = make_project(tmp_path, {"a.txt": article("Premier titre")})
    (project / "voices" / "aaa-cassee.toml").write_text('engine = "espeak-ng"\n[options\n')
    (project / "voices" / "longue.toml").write_text(f'engine = "espeak-ng"\nlanguage = "fr"\n[options]\nvoice = "{"x" * 5000}"\n')
    listing = narrate_in(project, "voices")
    assert listing.exit_code == 0, listing.stderr
    lines = listing.output.splitlines()
    assert any(line.startswith("aaa-cassee") and "unavailable: voices/aaa-cassee.toml: is not valid TOML" in line for line in lines)
    assert any(line.startswith("espeak-fr ") for line in lines) and max(len(line) for line in lines) < 400
    result = narrate_in(project, "build", "--jobs", "1", "--voice", "longue")
    assert result.exit_code == 1 and len(result.stderr) < 600, result.stderr
    fetched = project / "fetched" / "journal"
    fetched.mkdir(parents=True)
    (fetched / "page.html").write_bytes(b"<html>\x00\x01binary")
    built = narrate_in(project, "build", "--jobs", "1")
    assert "remove it and its sidecar (.json) from the fetched folder" in built.stderr


def test_a_long_build_publishes_what_it_has_done_as_it_goes(tmp_path, monkeypatch):
    """The feed is published while the build goes on (every PUBLISH_EVERY_SECONDS), not only at
    its end: a listener gets the first episodes of a long morning build early (code review 3, N9)."""
    from narrate import pipeline
    from narrate.config import load_settings

    project = make_project(tmp_path, {f"{n}.txt": article(f"Titre numéro {n}") for n in range(3)})
    monkeypatch.chdir(project)
    monkeypatch.setattr(pipeline, "PUBLISH_EVERY_SECONDS", 0)
    published: list[int] = []

    def on_progress(event: str, done: int, total: int, origin: str) -> None:
        if event == "built":
            published.append(len(feedparser.parse(str(project / "output" / "feed.xml")).entries))

    pipeline.build(load_settings(), jobs=1, on_progress=on_progress)
    assert published == [1, 2, 3]


def test_the_last_episode_can_be_pruned_and_a_missing_seeds_folder_prunes_nothing(tmp_path):
    """Turn-2 F24: "build --seeds empty --prune" said "no articles in empty"."""
    project = make_project(tmp_path, {"a.txt": article("Premier titre")})
    assert run(project, "--jobs", "1").exit_code == 0
    missing = run(project, "--seeds", "typo", "--prune")
    assert missing.exit_code == 1 and "no seeds directory at typo" in missing.stderr
    assert len(feedparser.parse(str(project / "output" / "feed.xml")).entries) == 1
    (project / "empty").mkdir()
    result = run(project, "--seeds", "empty", "--prune")
    assert result.exit_code == 0, result.stderr
    assert "1 removed" in result.output
    assert feedparser.parse(str(project / "output" / "feed.xml")).entries == []
    assert not list((project / "output" / "episodes").glob("*.mp3"))
