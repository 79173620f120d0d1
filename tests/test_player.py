"""Listening on the page: the player driven with the keyboard in headless Chromium (sentence,
chapter, ten seconds, speed), the read-along highlight, a sentence activated, the place
remembered, axe-core on the page with its controls, and the fast rendition: synthesised at
the pace asked for, as loud, and offered in the feed as a Podcasting 2.0 alternate enclosure."""

import json
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from conftest import REPO, SEED, ffmpeg_ebur128, narrate_in
from media import run_ffprobe
from narrate.serve import make_server

JS = Path(__file__).parent / "js"
FAST = 320
needs_browser = pytest.mark.skipif(
    not (JS / "node_modules" / "playwright-core").is_dir() or not shutil.which("chromium") or not shutil.which("node"),
    reason="Chromium and playwright-core are missing (make test installs them)",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("player")
    (root / "seeds").mkdir()
    shutil.copy(SEED, root / "seeds")
    shutil.copytree(REPO / "voices", root / "voices")
    (root / "narrate.toml").write_text(
        # The long frame: an intro of several sentences, for the keys to move within a chapter.
        f'[show]\nreport_url = "mailto:redaction@example.org"\n[build]\nfast_words_per_minute = {FAST}\nframe = "long"\n'
    )
    result = narrate_in(root, "build", "-j", "1", catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    server = make_server(root / "output", "127.0.0.1", 0)  # narrate's server: byte ranges, so the player can seek
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    entry = json.loads((root / "output" / "episodes.json").read_text())["episodes"][0]
    yield root / "output", f"http://127.0.0.1:{server.server_address[1]}/", entry
    server.shutdown()
    server.server_close()


def drive(url: str) -> dict:
    result = subprocess.run(["node", str(JS / "player_check.mjs"), url], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@needs_browser
def test_the_keyboard_moves_by_sentence_chapter_and_ten_seconds_and_sets_the_speed(site):
    output, base, entry = site
    played = drive(f"{base}episodes/{entry['slug']}.html")
    cues = [start for start, _, _ in played["cues"]]
    chapters = played["chapters"]
    times = {(step["key"], n): round(step["time"], 3) for n, step in enumerate(played["keys"])}
    assert times["ArrowRight", 0] == round(cues[1], 3) and times["ArrowRight", 1] == round(cues[2], 3)
    assert times["ArrowLeft", 2] == round(cues[1], 3)
    assert times["PageDown", 3] == round(chapters[1], 3) and times["PageUp", 4] == round(chapters[0], 3)
    assert times["l", 5] == 10 and times["j", 6] == 0
    assert [step["rate"] for step in played["keys"][7:]] == [1.25, 1.5, 1.25, 1.5, 1.75, 2, 2.5, 3, 3, 3]
    assert played["keys"][-1]["speed"] == "3×"  # shown (and announced)
    assert played["violations"] == []


@needs_browser
def test_the_sentence_read_is_highlighted_and_a_sentence_activated_plays_from_it(site):
    output, base, entry = site
    played = drive(f"{base}episodes/{entry['slug']}.html")
    assert played["sentences"] == len(played["cues"])  # one transcript sentence per caption cue
    for moment in played["highlighted"]:
        assert " ".join(moment["text"].split()) == " ".join(played["cues"][moment["index"]][2].split())
    assert abs(played["activated"]["time"] - played["cues"][played["activated"]["index"]][0]) < 0.25  # then it plays
    assert played["resume"] == {"shown": True, "text": "Reprendre à 0:42", "time": 0}  # offered, never forced
    assert played["report"].startswith("mailto:redaction@example.org?subject=Erreur%20de%20lecture&body=")


@needs_browser
def test_the_index_page_has_the_same_controls_for_the_latest_episode(site):
    output, base, entry = site
    played = drive(f"{base}index.html")
    assert round(played["keys"][0]["time"], 3) == round(played["cues"][1][0], 3)
    assert played["violations"] == []


def caption_pace(path: Path) -> float:
    cues = re.findall(r"(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})\n(.*?)(?:\n\n|\Z)", path.read_text(), re.S)
    seconds = lambda h, m, s, ms: int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000  # noqa: E731
    words = sum(len(cue[8].split()) for cue in cues)
    return words / ((seconds(*cues[-1][4:8]) - seconds(*cues[0][0:4])) / 60)


def test_the_fast_rendition_is_synthesised_at_its_pace_and_as_loud(site):
    output, _, entry = site
    stem = output / "episodes" / f"{entry['slug']}-{entry['fingerprint'][:8]}"
    assert abs(caption_pace(stem.with_suffix(".fast.vtt")) - FAST) <= FAST * 0.10
    assert caption_pace(stem.with_suffix(".vtt")) < FAST * 0.7  # the normal one is not
    normal, _ = ffmpeg_ebur128(["-i", str(stem.with_suffix(".mp3"))])
    fast, _ = ffmpeg_ebur128(["-i", str(stem.with_suffix(".fast.mp3"))])
    assert abs(normal - fast) <= 1.0
    chapters = run_ffprobe(["-show_chapters", "-of", "json", str(stem.with_suffix(".fast.mp3"))])
    assert [c["tags"]["title"] for c in json.loads(chapters)["chapters"]] == [c["title"] for c in entry["chapters"]]


@pytest.mark.skipif(not (JS / "node_modules" / "podcast-partytime").is_dir() or not shutil.which("node"),
                    reason="podcast-partytime is not installed (make test installs it with npm)")
def test_the_feed_offers_the_fast_rendition_as_an_alternate_enclosure(site):
    output, base, entry = site
    result = subprocess.run(["node", str(JS / "partytime_check.mjs"), str(output / "feed.xml")], capture_output=True, text=True, check=True)
    (item,) = json.loads(result.stdout)["items"]
    alternates = {a["type"]: a for a in item["alternativeEnclosures"]}
    fast = alternates["audio/mpeg"]
    stem = f"{entry['slug']}-{entry['fingerprint'][:8]}"
    assert fast["length"] == (output / "episodes" / f"{stem}.fast.mp3").stat().st_size
    assert fast["source"][0]["uri"] == f"http://localhost:8000/episodes/{stem}.fast.mp3"  # under the configured base_url
    assert alternates["application/epub+zip"]["length"] == (output / "episodes" / f"{stem}.epub").stat().st_size
