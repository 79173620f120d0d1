"""How fast narrate is, against its floor and against plain gTTS: ratios measured in one run.

    .venv/bin/python benchmarks/run.py [--quick]

Prints a Markdown table with the targets beside the figures and writes it into BENCHMARKS.md
(between the "run.py" markers). Machines are noisy: read the ratios, which compare things
measured side by side in the same run, rather than the absolute seconds. --quick uses 20
articles instead of 100 for the scale rows.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fake_gtts import FakeGttsServer  # noqa: E402
from frsum import load  # noqa: E402
from sections import write_section  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "000_ed7bb07a4e8d21fe.txt"
GTTS_DELAY = 0.15
WHOLE_RUNS = 3


@dataclass
class Row:
    what: str
    figure: str
    target: str = ""
    met: bool | None = None

    def markdown(self) -> str:
        verdict = "" if self.met is None else ("yes" if self.met else "**no**")
        return f"| {self.what} | {self.figure} | {self.target} | {verdict} |"


def project(root: Path, articles: dict[str, str]) -> Path:
    """A fresh project: seeds, the repository's voices, its own speech cache."""
    (root / "seeds").mkdir(parents=True)
    shutil.copytree(REPO / "voices", root / "voices")
    for name, text in articles.items():
        (root / "seeds" / name).write_text(text, encoding="utf-8")
    return root


def dev_articles(count: int) -> dict[str, str]:
    """Dev articles as seed files (title, blank line, paragraphs); written to a temporary folder only."""
    rows = load("dev.jsonl", count)
    return {f"{n:03d}.txt": row["title"] + "\n\n" + row["text"].replace("\n", "\n\n") + "\n" for n, row in enumerate(rows)}


def timed_build(root: Path, *arguments: str) -> tuple[float, int]:
    """(seconds, peak RSS in bytes of the whole process tree) of `narrate build` in ``root``.

    The time is taken when the process ends; the memory is sampled every 20 ms beside it.
    """
    started = time.perf_counter()
    process = psutil.Popen(
        [sys.executable, "-m", "narrate", "build", "--quiet", *arguments], cwd=root,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    peak = 0

    def sample_memory() -> None:
        nonlocal peak
        while process.poll() is None:
            try:
                tree = [process, *process.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.02)

    sampler = threading.Thread(target=sample_memory)
    sampler.start()
    errors = process.stderr.read()
    process.wait()
    elapsed = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"narrate build failed in {root}: {errors.decode()[-500:]}")
    return elapsed, peak


def cluster_build(root: Path) -> float:
    """Seconds of `narrate build --cluster local --jobs 2` (a LocalCluster of two worker
    processes) in ``root``, its workers' speech cache as cold as the project's own: theirs
    would otherwise last from run to run in the temporary folder, and flatter the cluster."""
    (root / "narrate.toml").write_text(f'[build]\ncluster_cache = "{root / ".narrate-cache"}"\n')
    seconds, _ = timed_build(root, "--cluster", "local", "--jobs", "2")
    return seconds


def audio_minutes(root: Path) -> float:
    entries = json.loads((root / "output" / "episodes.json").read_text())["episodes"]
    return sum(entry["duration_ms"] for entry in entries) / 60_000


# --- the seed, stage by stage, and against its floor ----------------------------------------


def seed_stages(work: Path) -> list[Row]:
    from narrate.audio import join_segments, write_episode
    from narrate.config import load_settings
    from narrate.feed import write_feed
    from narrate.normalize import normalize
    from narrate.pages import write_index
    from narrate.catalog import EpisodeRecord
    from narrate.cover import publish_cover
    from narrate.models import EpisodeTags, TimedDocument
    from narrate.produce import render
    from narrate.speech.cast import load_cast
    from narrate.pace import voice_pace
    from narrate.speech.cache import SpeechCache
    from narrate.summarize import summarize_configured
    from narrate.workers import default_jobs
    from narrate.read import read_article
    from narrate.script import write_script
    from narrate.speak import Pacing, speak_segments
    from narrate.transcripts import plain_text

    root = project(work / "stages", {SEED.name: SEED.read_text()})
    os.chdir(root)
    settings = load_settings()
    cast = load_cast(settings)
    clock: dict[str, float] = {}

    def stage(name, function, *arguments, **keywords):
        started = time.perf_counter()
        result = function(*arguments, **keywords)
        clock[name] = clock.get(name, 0.0) + time.perf_counter() - started
        return result

    article = stage("read", read_article, root / "seeds" / SEED.name)
    pace = voice_pace(cast.reader, SpeechCache(settings.build.cache))
    summary = stage("summarise", summarize_configured, settings, article, pace)
    script = stage("summarise", write_script, article, summary, settings.show)
    stage("normalise", lambda: [normalize(s, "fr", cast.reader.lexicon) for seg in script.segments for s in seg.sentences])
    spoken = stage("speak", speak_segments, [(segment, cast.reader) for segment in script.segments], "fr", Pacing())
    output = settings.build.output
    cover = stage("publish", publish_cover, settings.show, output)
    track, chapters = stage("assemble", join_segments, spoken, 1200)
    mp3 = output / "episodes" / "seed.mp3"
    tags = EpisodeTags(title=article.title, artist=article.author or "", album=settings.show.title, language="fr", cover=cover.path())
    stage("assemble", write_episode, track, chapters, tags, mp3, plain_text(article.title, chapters), cores=default_jobs())
    heard = TimedDocument(
        title=article.title, language="fr", author=article.author, published=article.published or datetime.now(timezone.utc),
        url=None, guid="x", slug="seed", media="seed", duration_ms=track.duration_ms, narrator=cast.narrator,
        show=settings.show.title, publisher=settings.show.author, summary=summary.sentences, chapters=chapters,
    )
    record = EpisodeRecord(
        source="seed", slug="seed", guid="x", title=article.title, author=article.author, language="fr",
        published=article.published, duration_ms=track.duration_ms, size=mp3.stat().st_size,
        summary=list(summary.sentences),
    )
    stage("publish", render, heard, record, settings, cover)
    stage("publish", write_feed, settings, [record], cover.name, output)
    stage("publish", write_index, settings, [record], cover.name, output)
    os.chdir(REPO)
    total = sum(clock.values())
    rows = [Row(f"seed, {name}", f"{seconds:.2f} s ({seconds / total:.0%})") for name, seconds in clock.items()]

    text = "\n".join(normalize(s, "fr", cast.reader.lexicon) for seg in script.segments for s in seg.sentences)
    (work / "script.txt").write_text(text, encoding="utf-8")
    return rows + whole_builds(work, work / "script.txt", cast.reader.engine.rate)


def whole_builds(work: Path, script: Path, rate: int) -> list[Row]:
    """The whole one-article build, Python start-up included, against its floor: espeak-ng's
    command line speaking the same (normalised) script into ffmpeg, which encodes it at 64 kb/s.
    Two builds: a morning's (the project's cover is there, the speech cache is empty, the episode
    is new) and a new project's first (its cover drawn too). Taken in turns, WHOLE_RUNS times
    each: the medians, so that one noisy moment does not decide."""
    espeak, ffmpeg = shutil.which("espeak-ng"), shutil.which("ffmpeg")
    if espeak is None or ffmpeg is None:
        return [Row("seed, whole build ÷ floor", "not measured: the floor needs espeak-ng's and ffmpeg's command lines (apt-get install espeak-ng ffmpeg)")]
    floors, mornings, firsts, same_format = [], [], [], []
    morning = project(work / "morning", {SEED.name: SEED.read_text()})
    timed_build(morning)  # its cover is drawn once, as in a project built before
    for attempt in range(WHOLE_RUNS):
        floors.append(floor(espeak, ffmpeg, script, work / "floor.mp3", rate))
        same_format.append(floor(espeak, ffmpeg, script, work / "floor.mp3", rate, ["-ar", "44100", "-b:a", "96k"]))
        for made in (morning / ".narrate-cache", morning / "output" / "episodes"):
            shutil.rmtree(made, ignore_errors=True)
        (morning / "output" / "episodes.json").unlink(missing_ok=True)
        mornings.append(timed_build(morning)[0])
        firsts.append(timed_build(project(work / f"first{attempt}", {SEED.name: SEED.read_text()}))[0])
    floor_seconds = statistics.median(floors)
    rows = []
    for what, seconds in (("a morning's build (fresh speech cache)", mornings), ("a new project's first build (its cover drawn)", firsts)):
        build_seconds = statistics.median(seconds)
        ratio = build_seconds / floor_seconds
        rows.append(Row(
            f"seed, {what} ÷ floor (espeak-ng's command line + ffmpeg at 64 kb/s), medians of {WHOLE_RUNS} "
            f"(builds: {', '.join(f'{value:.2f}' for value in sorted(seconds))}; floors: {', '.join(f'{value:.2f}' for value in sorted(floors))})",
            f"{build_seconds:.2f} s ÷ {floor_seconds:.2f} s = {ratio:.2f}×", "≤ 2×", ratio <= 2,
        ))
    # The floor encodes espeak-ng's 22.05 kHz at 64 kb/s; narrate publishes 44.1 kHz at 96 kb/s,
    # twice the samples for LAME: the same floor encoding what narrate publishes, for comparison.
    published = statistics.median(same_format)
    build_seconds = statistics.median(mornings)
    rows.append(Row(
        f"seed, a morning's build ÷ the same floor encoding what narrate publishes (44.1 kHz, 96 kb/s), medians of {WHOLE_RUNS}",
        f"{build_seconds:.2f} s ÷ {published:.2f} s = {build_seconds / published:.2f}×",
    ))
    return rows


def floor(espeak: str, ffmpeg: str, script: Path, mp3: Path, rate: int, encoding: list[str] | None = None) -> float:
    """Seconds for espeak-ng's command line to say ``script`` into ffmpeg, which encodes it to MP3
    at 64 kb/s (or with the ``encoding`` options given)."""
    started = time.perf_counter()
    speech = subprocess.Popen([espeak, "-v", "fr", "-s", str(rate), "-f", str(script), "--stdout"], stdout=subprocess.PIPE)
    subprocess.run([ffmpeg, "-loglevel", "error", "-y", "-i", "pipe:0", "-c:a", "libmp3lame", *(encoding or ["-b:a", "64k"]), str(mp3)],
                   stdin=speech.stdout, check=True)
    speech.wait()
    return time.perf_counter() - started


# --- scale, parallelism, rebuild ------------------------------------------------------------


def scale(work: Path, largest: int) -> list[Row]:
    rows = []
    per_minute = {}
    for count in (1, 10, largest):
        root = project(work / f"scale{count}", dev_articles(count))
        seconds, peak = timed_build(root, "--jobs", "1")
        minutes = audio_minutes(root)
        per_minute[count] = seconds / minutes
        rows.append(Row(
            f"{count} article{'s' if count > 1 else ''}, --jobs 1",
            f"{seconds:.1f} s for {minutes:.1f} min of audio: {seconds / minutes:.2f} s per audio minute; peak RSS {peak / 2**20:.0f} MB",
            "peak < 300 MB" if count == largest else "", peak < 300 * 2**20 if count == largest else None,
        ))
        if count == largest:
            first = seconds
            rebuild, _ = timed_build(root, "--jobs", "1")
            rows.append(Row(f"{count} articles, unchanged rebuild ÷ first build", f"{rebuild:.2f} s ÷ {first:.1f} s = {rebuild / first:.3f}", "≤ 0.05", rebuild / first <= 0.05))
            parallel_root = project(work / f"parallel{count}", dev_articles(count))
            parallel, peak2 = timed_build(parallel_root, "--jobs", "2")
            speedup = first / parallel
            rows.append(Row(f"{count} articles, --jobs 2 speed-up over --jobs 1", f"{first:.1f} s ÷ {parallel:.1f} s = {speedup:.2f}× (peak RSS {peak2 / 2**20:.0f} MB)", "≥ 1.7×", speedup >= 1.7))
            cluster = cluster_build(project(work / f"cluster{count}", dev_articles(count)))
            overhead = cluster / parallel - 1
            rows.append(Row(f"{count} articles, --cluster local (two workers) against --jobs 2", f"{cluster:.1f} s ÷ {parallel:.1f} s: {overhead:+.1%}", "≤ +10%", overhead <= 0.10))
    growth = per_minute[largest] / per_minute[1]
    rows.append(Row(
        "time grows linearly: seconds per audio minute, largest ÷ 1 article",
        f"{per_minute[largest]:.2f} ÷ {per_minute[1]:.2f} = {growth:.2f}", "≤ 1.2 (not worse than linear)", growth <= 1.2,
    ))
    return rows


# --- gTTS: narrate's engine against plain gTTS, same slow local server -----------------------


def gtts_comparison(work: Path) -> list[Row]:
    import gtts.tts
    from gtts import gTTS

    from narrate.config import load_settings
    from narrate.normalize import normalize
    from narrate.read import read_article
    from narrate.script import write_script
    from narrate.speech.gtts_engine import GttsEngine
    from narrate.summarize import summarize

    article = read_article(SEED)
    script = write_script(article, summarize(article, sentences=3), load_settings().show)
    sentences = [normalize(s) for segment in script.segments for s in segment.sentences]
    with FakeGttsServer(delay=GTTS_DELAY) as server:
        engine = GttsEngine(endpoint=server.endpoint, concurrency=8)
        started = time.perf_counter()
        engine.synthesize(sentences)
        ours = time.perf_counter() - started
        requests_ours = server.requests
        # Plain gTTS, pointed at the same server: its URL helper is the only thing replaced.
        original = gtts.tts._translate_url
        gtts.tts._translate_url = lambda tld="com", path="": server.endpoint
        try:
            started = time.perf_counter()
            gTTS(" ".join(sentences), lang="fr").save(str(work / "plain.mp3"))
            plain = time.perf_counter() - started
        finally:
            gtts.tts._translate_url = original
        requests_plain = server.requests - requests_ours
    ratio = plain / ours
    return [Row(
        f"gTTS, seed script ({requests_ours} vs {requests_plain} requests, +{GTTS_DELAY * 1000:.0f} ms each): plain gTTS ÷ narrate",
        f"{plain:.2f} s ÷ {ours:.2f} s = {ratio:.1f}×", "≥ 4×", ratio >= 4,
    )]


# --- the summariser ---------------------------------------------------------------------------


def summariser_speed(work: Path) -> list[Row]:
    folder = work / "summaries"
    folder.mkdir()
    files = []
    for name, text in dev_articles(300).items():
        (folder / name).write_text(text, encoding="utf-8")
        files.append(str(folder / name))
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "narrate", "summarize", "--json", *files], check=True, stdout=subprocess.DEVNULL, cwd=REPO)
    seconds = time.perf_counter() - started
    rate = len(files) / seconds
    return [Row("`narrate summarize --json`, 300 dev articles in one call (start-up included)", f"{rate:.0f} articles/s", "≥ 50/s", rate >= 50)]


# --- inputs far larger than an article ------------------------------------------------------


def large_inputs(work: Path) -> list[Row]:
    """A 5 MB article (the largest narrate reads) made into a summary episode, and laying out
    one segment of 200 and of 800 sentences: both grow linearly, not with the square."""
    paragraph = "Le conseil municipal a voté le budget de la ville pour l'année {n}, en baisse de deux pour cent."
    body = "\n\n".join(paragraph.format(n=1000 + n % 1000) for n in range(49_000))
    root = project(work / "large", {"long.txt": f"Un très long article\n\n{body}\n"})
    size = (root / "seeds" / "long.txt").stat().st_size
    seconds, peak = timed_build(root, "--jobs", "1")
    rows = [Row(
        f"one {size / 1e6:.1f} MB article of 49,000 paragraphs, summary episode, `--jobs 1`",
        f"{seconds:.1f} s, peak RSS {peak / 2**20:.0f} MB, {audio_minutes(root):.1f} min of audio", "< 500 MB",
        peak < 500 * 2**20,
    )]
    from narrate.clip import AudioSegment
    from narrate.models import Segment
    from narrate.speak import Pacing, _lay_out

    clip = AudioSegment.silent(duration=2000, frame_rate=22050)
    timings = {}
    for count in (200, 800):
        segment = Segment("article", "t", tuple(("Une phrase.",) * 4 for _ in range(count // 4)))
        started = time.perf_counter()
        _lay_out(segment, [clip] * count, [""] * count, Pacing())
        timings[count] = time.perf_counter() - started
    ratio = timings[800] / timings[200]
    rows.append(Row(
        "laying out a segment: 800 sentences ÷ 200 (linear is 4)",
        f"{timings[800]:.2f} s ÷ {timings[200]:.2f} s = {ratio:.1f}", "≤ 6", ratio <= 6,
    ))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 articles instead of 100 for the scale rows")
    arguments = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="narrate-bench-") as temporary:
        work = Path(temporary)
        rows = [
            *seed_stages(work), *gtts_comparison(work), *summariser_speed(work), *large_inputs(work),
            *scale(work, 20 if arguments.quick else 100),
        ]
    elapsed = time.perf_counter() - started
    table = "\n".join([
        f"Measured {date.today().isoformat()} on {os.cpu_count()} cores, in {elapsed / 60:.1f} minutes"
        f"{' (--quick)' if arguments.quick else ''}.",
        "",
        "| measure | figure | target | met |",
        "|---|---|---|---|",
        *(row.markdown() for row in rows),
    ])
    print(table)
    write_section("run.py", "Speed (`benchmarks/run.py`)", table)


if __name__ == "__main__":
    main()
