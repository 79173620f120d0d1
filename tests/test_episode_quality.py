"""An episode that plays well everywhere and can be navigated and read without sight:
loudness, pacing, chapters three ways, transcripts timed to the audio, tags, valid files."""

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from mutagen.id3 import ID3

from conftest import FIXTURES, REPO, SEED, ffmpeg_ebur128, needs_chromium, tracks_in_chromium
from narrate.cli import cli
from media import run_ffmpeg

RATE = 16_000


def build(root: Path, seeds: list[Path], *flags: str, config: str = "") -> dict:
    """Build ``seeds`` in a fresh project under ``root``; return the episode files by source."""
    (root / "seeds").mkdir(parents=True)
    for seed in seeds:
        shutil.copy(seed, root / "seeds" / seed.name)
    shutil.copytree(REPO / "voices", root / "voices")
    (root / "narrate.toml").write_text(config)
    arguments = ["build", "--config", str(root / "narrate.toml"), *flags]
    result = CliRunner(mix_stderr=False).invoke(cli, arguments, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    manifest = json.loads((root / "output" / "episodes.json").read_text())["episodes"]
    return {entry["source"]: root / "output" / "episodes" / f"{entry['slug']}-{entry['fingerprint'][:8]}" for entry in manifest}


@pytest.fixture(scope="module")
def seed_episode(tmp_path_factory) -> Path:
    """The seed article read in full: the stem of its files in output/episodes."""
    return build(tmp_path_factory.mktemp("seed"), [SEED], "--full")[SEED.name]


@pytest.fixture(scope="module")
def two_voice_episode(tmp_path_factory) -> Path:
    config = '[build]\nhost_voice = "espeak-fr-f3"\nchapter_signal = true\n'
    return build(tmp_path_factory.mktemp("two"), [FIXTURES / "marche.txt"], "--full", config=config)["marche.txt"]


def pcm(mp3: Path) -> np.ndarray:
    """The decoded audio, mono float samples at 16 kHz."""
    raw = run_ffmpeg(["-i", str(mp3), "-f", "s16le", "-ac", "1", "-ar", str(RATE), "pipe:1"])
    return np.frombuffer(raw, dtype=np.int16).astype(np.float64) / 32768


def ebur128(mp3: Path, start: float | None = None, end: float | None = None) -> tuple[float, float]:
    """(integrated loudness in LUFS, true peak in dBFS) of ``mp3``, or of its part from ``start`` to ``end``."""
    window = ["-ss", f"{start}", "-to", f"{end}"] if start is not None else []
    return ffmpeg_ebur128([*window, "-i", str(mp3)])


def chapters_of(mp3: Path) -> list[tuple[str, int, int]]:
    id3 = ID3(mp3)
    return [(f.sub_frames["TIT2"].text[0], f.start_time, f.end_time) for f in id3.values() if f.FrameID == "CHAP"]


def cues(vtt: str) -> list[tuple[float, float, str]]:
    """(start, end, text) of each cue of a WebVTT file."""
    found = []
    for block in vtt.split("\n\n"):
        match = re.search(r"(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})\n(.*)", block, re.DOTALL)
        if match:
            h1, m1, s1, ms1, h2, m2, s2, ms2, text = match.groups()
            found.append((int(h1) * 3600 + int(m1) * 60 + int(s1) + int(ms1) / 1000,
                          int(h2) * 3600 + int(m2) * 60 + int(s2) + int(ms2) / 1000, html.unescape(" ".join(text.split()))))
    return found


# --- loudness -------------------------------------------------------------------------------


def test_episode_is_at_minus_19_lufs_with_true_peak_below_minus_1(seed_episode):
    integrated, peak = ebur128(seed_episode.with_suffix(".mp3"))
    assert -20.0 <= integrated <= -18.0
    assert peak <= -1.0


def test_intro_article_and_outro_sound_equally_loud_even_with_two_voices(two_voice_episode):
    mp3 = two_voice_episode.with_suffix(".mp3")
    levels = [ebur128(mp3, start / 1000, end / 1000)[0] for _, start, end in chapters_of(mp3) if end - start > 4000]
    assert len(levels) >= 3
    assert max(levels) - min(levels) <= 2.0, levels


# --- pacing ---------------------------------------------------------------------------------


def test_pauses_grow_from_sentence_to_paragraph_to_chapter(seed_episode):
    timed = cues(seed_episode.with_suffix(".vtt").read_text())
    gaps = [round(b[0] - a[1], 3) for a, b in zip(timed, timed[1:])]
    assert min(gaps) >= 0.349
    assert {0.35, 0.75, 1.0} <= set(gaps)


def test_chapter_gaps_are_silent_unless_a_signal_is_asked_for(seed_episode, two_voice_episode):
    def gap_level(stem: Path) -> float:
        audio = pcm(stem.with_suffix(".mp3"))
        (_, _, _), (_, start, _) = chapters_of(stem.with_suffix(".mp3"))[:2]
        gap = audio[int((start / 1000 - 0.8) * RATE):int((start / 1000 - 0.2) * RATE)]
        return float(np.sqrt(np.mean(gap**2)))

    assert gap_level(seed_episode) < 0.003
    assert gap_level(two_voice_episode) > 0.003


# --- chapters -------------------------------------------------------------------------------


def test_full_mode_has_a_chapter_per_part_covering_the_file(seed_episode):
    mp3 = seed_episode.with_suffix(".mp3")
    chapters = chapters_of(mp3)
    assert [title for title, _, _ in chapters] == [
        "Introduction", "Résumé", "Article complet, partie 1 sur 3", "Article complet, partie 2 sur 3",
        "Article complet, partie 3 sur 3", "Sources et crédits",
    ]
    assert chapters[0][1] == 0
    assert all(a[2] == b[1] for a, b in zip(chapters, chapters[1:]))
    duration = len(pcm(mp3)) / RATE
    assert abs(chapters[-1][2] / 1000 - duration) < 0.1


def test_json_chapters_and_webvtt_chapters_agree_with_the_id3_ones(seed_episode):
    id3 = chapters_of(seed_episode.with_suffix(".mp3"))
    document = json.loads(Path(f"{seed_episode}.chapters.json").read_text())
    assert document["version"] == "1.2.0"
    assert [(c["title"], round(c["startTime"] * 1000), round(c["endTime"] * 1000)) for c in document["chapters"]] == id3
    webvtt_chapters = cues(Path(f"{seed_episode}.chapters.vtt").read_text())
    assert [(t, round(s * 1000), round(e * 1000)) for s, e, t in webvtt_chapters] == id3


def test_each_chapter_says_its_title_first(seed_episode):
    timed = cues(seed_episode.with_suffix(".vtt").read_text())
    for title, start, _ in chapters_of(seed_episode.with_suffix(".mp3"))[1:]:
        first = next(text for cue_start, _, text in timed if round(cue_start * 1000) >= start)
        assert first == f"{title}."


def test_headings_of_an_article_become_its_chapters(tmp_path):
    article = tmp_path / "tarifs.md"
    article.write_text(
        "# La piscine rouvre\n\nLa piscine municipale rouvre samedi après six mois de travaux.\n\n"
        "## Les nouveaux tarifs\n\nL'entrée coûte désormais quatre euros pour les adultes.\n\n"
        "## Les horaires\n\nLe bassin ouvre tous les jours de sept heures à vingt heures.\n"
    )
    stem = build(tmp_path / "p", [article], "--full")["tarifs.md"]
    titles = [title for title, _, _ in chapters_of(stem.with_suffix(".mp3"))]
    assert titles == ["Introduction", "Résumé", "Article complet", "Les nouveaux tarifs", "Les horaires", "Sources et crédits"]


# --- transcripts ----------------------------------------------------------------------------


def test_captions_have_one_cue_per_sentence_with_the_written_text(seed_episode):
    vtt = seed_episode.with_suffix(".vtt").read_text()
    assert vtt.startswith("WEBVTT\n\n")
    timed = cues(vtt)
    texts = [text for _, _, text in timed]
    assert "Un article de PA, publié le 2 juillet 2021." in texts  # written, not "pé a … deux mille"
    assert any(text.startswith("M. Bailey a dit que le Royaume-Uni") for text in texts)
    assert all(len(line) <= 65 for line in vtt.splitlines())
    assert all(start < end for start, end, _ in timed)
    srt = seed_episode.with_suffix(".srt").read_text()
    assert srt.count(" --> ") == len(timed)
    assert srt.startswith("1\n00:00:00,000 --> ")


@needs_chromium
def test_chromium_reads_the_captions_and_chapters_the_other_tests_read(seed_episode):
    """The tests here read cues with a small parser; a real one, Chromium's, must find exactly
    the same cues in the episode page's tracks, so a malformed file cannot pass unseen."""
    slug = json.loads((seed_episode.parent.parent / "episodes.json").read_text())["episodes"][0]["slug"]
    chapters, captions = tracks_in_chromium(seed_episode.parent.parent, f"episodes/{slug}.html")
    for track, path in ((chapters, f"{seed_episode}.chapters.vtt"), (captions, f"{seed_episode}.vtt")):
        read_here = cues(Path(path).read_text())
        assert len(track) == len(read_here) > 2
        for cue, (start, end, text) in zip(track, read_here):
            assert (cue["start"], cue["end"]) == pytest.approx((start, end), abs=0.0005)
            assert " ".join(cue["shown"].split()) == text


def test_each_cue_starts_within_0_15_s_of_its_sentence_in_the_audio(seed_episode):
    audio = pcm(seed_episode.with_suffix(".mp3"))
    window = int(0.02 * RATE)
    energy = np.sqrt(np.convolve(audio**2, np.ones(window) / window, mode="same"))
    speaking = energy > 0.01
    for start, _, text in cues(seed_episode.with_suffix(".vtt").read_text()):
        first = int(start * RATE)
        onset = first + int(np.argmax(speaking[first:first + RATE]))
        assert onset - first <= 0.15 * RATE, (text, (onset - first) / RATE)
        if first >= 0.3 * RATE:  # the pause before the sentence is silent
            assert not speaking[first - int(0.3 * RATE):first - int(0.05 * RATE)].any(), text


def test_the_full_transcript_is_in_a_text_file_and_in_the_mp3(seed_episode):
    text = seed_episode.with_suffix(".txt").read_text()
    assert text.startswith("Les géants de la technologie font passer le profit")
    assert "\n\nRésumé\n\n" in text and "\n\nSources et crédits\n\n" in text
    (lyrics,) = ID3(seed_episode.with_suffix(".mp3")).getall("USLT")
    assert lyrics.text == text and lyrics.lang == "fra"


# --- tags and validity ----------------------------------------------------------------------


def test_tags_name_the_episode_show_author_date_language_source_and_cover(tmp_path):
    stem = build(tmp_path, [FIXTURES / "bridge.txt"], config='[show]\nlanguage = "en"\ntitle = "Local News"\n')["bridge.txt"]
    id3 = ID3(stem.with_suffix(".mp3"))
    assert id3["TIT2"].text == ["The old bridge reopens to cyclists"]
    assert id3["TALB"].text == ["Local News"]
    assert id3["TPE1"].text == ["Sam Carter"]
    assert id3["TLAN"].text == ["eng"]
    assert id3.getall("COMM")[0].text == ["Source: https://example.org/news/old-bridge"]  # English typography
    assert id3["WOAS"].url == "https://example.org/news/old-bridge"
    (cover,) = id3.getall("APIC")
    assert cover.type == 3 and cover.mime == "image/png" and cover.data.startswith(b"\x89PNG")


@pytest.mark.skipif(not shutil.which("mp3val"), reason="mp3val is not installed (make test installs it as root)")
def test_mp3val_finds_no_problem(seed_episode):
    report = subprocess.run(["mp3val", "-si", str(seed_episode.with_suffix(".mp3"))], capture_output=True, text=True)
    assert not re.search(r"WARNING|ERROR", report.stdout), report.stdout


@pytest.mark.skipif(not shutil.which("ffprobe"), reason="ffprobe is not installed (make test installs it as root)")
def test_ffprobe_duration_and_chapters_match_the_parts(seed_episode):
    mp3 = seed_episode.with_suffix(".mp3")
    probe = json.loads(subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-show_format", "-of", "json", str(mp3)],
        capture_output=True, text=True, check=True,
    ).stdout)
    parts = chapters_of(mp3)
    assert abs(float(probe["format"]["duration"]) - parts[-1][2] / 1000) < 0.1
    assert [c["tags"]["title"] for c in probe["chapters"]] == [title for title, _, _ in parts]
