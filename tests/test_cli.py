"""The command line, driven through click's CliRunner on real files, with the real engines."""

import json
import re
import shutil
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner
from mutagen.id3 import ID3

from narrate.cli import cli
from media import run_ffmpeg


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(mix_stderr=False)


def test_every_command_has_help(runner):
    for name, command in cli.commands.items():
        assert command.help, f"{name} has no help"
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and "Usage: cli " + name in result.output


def test_voices_lists_offline_and_online_profiles_and_says_why_one_cannot_run(runner, project):
    (project / "voices" / "gtts-local.toml").write_text(
        'engine = "gtts"\nlanguage = "fr"\n[options]\nendpoint = "http://127.0.0.1:9/batchexecute"\n'
    )
    result = runner.invoke(cli, ["voices"])
    assert result.exit_code == 0, result.stderr
    lines = {line.split()[0]: line for line in result.output.splitlines()}
    assert re.match(r"espeak-fr \(default\)\s+espeak-ng\s+fr\s+offline\s+narrate\s+ready$", lines["espeak-fr"])
    assert re.match(r"gtts-local\s+gtts\s+fr\s+online\s+voices/gtts-local.toml\s+unavailable", lines["gtts-local"])
    assert "gtts" in lines["gtts-fr"] and "online" in lines["gtts-fr"]
    assert "unavailable: cannot reach 127.0.0.1" in lines["gtts-local"]


def test_summarize_json_gives_one_object_per_file(runner, seed, marche):
    result = runner.invoke(cli, ["summarize", "--json", "--sentences", "2", str(seed), str(marche)])
    assert result.exit_code == 0, result.stderr
    objects = [json.loads(line) for line in result.output.splitlines()]
    assert [obj["source"] for obj in objects] == [str(seed), str(marche)]
    assert all(len(obj["sentences"]) == 2 for obj in objects)


def test_summarize_reports_a_bad_file_and_still_summarises_the_others(runner, marche, tmp_path):
    empty = tmp_path / "vide.txt"
    empty.write_text("")
    result = runner.invoke(cli, ["summarize", str(empty), str(marche)])
    assert result.exit_code == 1
    assert f"Error: {empty}: is empty" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Villeneuve" in result.output or "commerçants" in result.output


def test_script_prints_each_segment_under_its_title(runner, marche):
    result = runner.invoke(cli, ["script", "--full", str(marche)])
    assert result.exit_code == 0, result.stderr
    headings = [line for line in result.output.splitlines() if line.startswith("## ")]
    assert headings == ["## 1. Introduction", "## 2. Résumé", "## 3. Article complet", "## 4. Sources et crédits"]
    assert "Narrate : Le marché couvert de Villeneuve rouvre après deux ans de travaux, par Claire Dumas." in result.output


def decoded_seconds(path: Path) -> float:
    pcm = run_ffmpeg(["-i", str(path), "-f", "s16le", "-ac", "1", "-ar", "44100", "pipe:1"])
    return len(pcm) / 2 / 44100


def test_build_makes_an_episode_with_chapters_and_a_feed(runner, project, seed):
    shutil.copy(seed, project / "seeds")
    result = runner.invoke(cli, ["build", "--base-url", "https://example.org/pod"])
    assert result.exit_code == 0, result.stderr
    assert sorted(result.stderr.splitlines()) == [
        "[1/2] built: seeds/000_ed7bb07a4e8d21fe.txt", "[2/2] built: seeds/marche.txt",
    ] or sorted(result.stderr.splitlines()) == ["[1/2] built: seeds/marche.txt", "[2/2] built: seeds/000_ed7bb07a4e8d21fe.txt"]
    assert re.fullmatch(r"Episodes: 2 built, 0 unchanged; \d+ min \d\d s of new audio; feed: output/feed\.xml\n", result.output)

    manifest = {entry["source"]: entry for entry in json.loads((project / "output/episodes.json").read_text())["episodes"]}
    entry = manifest["000_ed7bb07a4e8d21fe.txt"]
    mp3 = project / "output" / "episodes" / f"{entry['slug']}-{entry['fingerprint'][:8]}.mp3"
    assert entry["slug"].startswith("les-geants-de-la-technologie-font-passer-le-profit")

    # The MP3 decodes, and its length is the sum of its chapters.
    id3 = ID3(mp3)
    chapters = [frame for frame in id3.values() if frame.FrameID == "CHAP"]
    assert [c.sub_frames["TIT2"].text[0] for c in chapters] == ["Introduction", "Résumé", "Sources et crédits"]
    assert id3.getall("CTOC")[0].child_element_ids == [c.element_id for c in chapters]
    assert chapters[0].start_time == 0
    assert all(a.end_time == b.start_time for a, b in zip(chapters, chapters[1:]))
    assert abs(decoded_seconds(mp3) - chapters[-1].end_time / 1000) < 0.5
    assert abs(entry["duration_ms"] - chapters[-1].end_time) <= 1

    feed = feedparser.parse(str(project / "output" / "feed.xml"))
    assert not feed.bozo
    item = next(e for e in feed.entries if e.title.startswith("Les géants"))
    (enclosure,) = item.enclosures
    assert enclosure.href == f"https://example.org/pod/episodes/{mp3.name}"
    assert int(enclosure.length) == mp3.stat().st_size
    assert item.published == "Fri, 02 Jul 2021 15:07:00 +0200"
    assert int(item.itunes_duration) == round(entry["duration_ms"] / 1000)

    # A rebuild keeps each episode's guid and file name.
    guids = {e.id for e in feed.entries}
    assert runner.invoke(cli, ["build", "--base-url", "https://example.org/pod"]).exit_code == 0
    again = feedparser.parse(str(project / "output" / "feed.xml"))
    assert {e.id for e in again.entries} == guids
    assert sorted(p.name for p in (project / "output" / "episodes").glob("*.mp3")) == sorted(
        f"{e['slug']}-{e['fingerprint'][:8]}.mp3" for e in manifest.values()
    )


def test_full_build_adds_the_article_chapter(runner, project):
    result = runner.invoke(cli, ["build", "--full"])
    assert result.exit_code == 0, result.stderr
    (mp3,) = (project / "output" / "episodes").glob("*.mp3")
    titles = [f.sub_frames["TIT2"].text[0] for f in ID3(mp3).values() if f.FrameID == "CHAP"]
    assert titles == ["Introduction", "Résumé", "Article complet", "Sources et crédits"]


def test_bad_articles_are_named_and_the_others_still_build(runner, project):
    seeds = project / "seeds"
    (seeds / "empty.txt").write_text("")
    (seeds / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04")
    (seeds / "numbers.txt").write_text("Titre\n\n12 34\n")
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert "Error: seeds/binary.txt: is a binary file, not a text article; remove it from the seeds." in errors
    assert "Error: seeds/empty.txt: is empty; write the title on the first line, then the article." in errors
    assert "Error: seeds/numbers.txt: the body has no sentence to read (no words found)." in errors
    assert errors[-1] == (
        "Error: 3 articles could not be built: seeds/binary.txt, seeds/empty.txt, seeds/numbers.txt"
    )
    assert "Traceback" not in result.stderr
    assert result.output.startswith("Episodes: 1 built, 0 unchanged, 3 failed;")
    assert len(list((project / "output" / "episodes").glob("*.mp3"))) == 1


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--seeds", "nowhere"], "Error: no seeds directory at nowhere; create it and put articles in it, or pass --seeds DIR.\n"),
        (["--voice", "robot"], "Error: unknown voice 'robot'; known voices: espeak-fr, espeak-fr-f3, fr_FR-siwis-medium, gtts-fr (narrate voices lists them).\n"),
    ],
)
def test_fatal_problems_are_one_line_and_a_non_zero_exit(runner, project, arguments, message):
    result = runner.invoke(cli, ["build", *arguments])
    assert result.exit_code == 1
    assert result.stderr == message


def test_empty_seeds_directory_is_explained(runner, project):
    (project / "seeds" / "marche.txt").unlink()
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no articles in seeds: add .txt, .md or .html files")


def test_broken_config_names_the_line(runner, project):
    (project / "narrate.toml").write_text('[show]\ntitle = "Mon podcast"\nexplicit = maybe\n')
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: narrate.toml: is not valid TOML:")
    assert "line 3" in result.stderr


def test_config_sets_the_show(runner, project):
    (project / "narrate.toml").write_text('[show]\ntitle = "Le Journal & Cie"\nexplicit = true\n[build]\nsentences = 2\n')
    assert runner.invoke(cli, ["build"]).exit_code == 0
    feed = feedparser.parse(str(project / "output" / "feed.xml"))
    assert feed.feed.title == "Le Journal & Cie"
    assert "<itunes:explicit>true</itunes:explicit>" in (project / "output" / "feed.xml").read_text()
    assert len(json.loads((project / "output" / "episodes.json").read_text())["episodes"][0]["summary"]) == 2


def test_unknown_config_key_is_refused(runner, project):
    (project / "narrate.toml").write_text("[build]\nvoix = 'x'\n")
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: narrate.toml: unknown key 'voix' in [build]; known keys:")


def test_output_that_cannot_be_written_is_explained(runner, project):
    (project / "blocked").write_text("a file where a directory should be")
    result = runner.invoke(cli, ["build", "--output", "blocked/output"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot write in blocked")
    assert "Traceback" not in result.stderr


def test_gtts_without_network_names_the_offline_voice(runner, project):
    (project / "voices" / "gtts-fr.toml").write_text(
        'engine = "gtts"\nlanguage = "fr"\n[options]\nendpoint = "http://127.0.0.1:9/batchexecute"\n'
    )
    result = runner.invoke(cli, ["build", "--voice", "gtts-fr"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: voice 'gtts-fr' cannot run here: cannot reach 127.0.0.1")
    assert result.stderr.endswith("Use an offline voice instead: --voice espeak-fr.\n")


def test_build_with_gtts_against_its_wire_format(runner, project, gtts_server):
    (project / "voices" / "gtts-fr.toml").write_text(
        f'engine = "gtts"\nlanguage = "fr"\n[options]\nendpoint = "{gtts_server.endpoint}"\n'
    )
    result = runner.invoke(cli, ["build", "--voice", "gtts-fr", "--full"])
    assert result.exit_code == 0, result.stderr
    sent = " ".join(gtts_server.texts)
    assert "par Claire Dumas" in sent
    assert "Monsieur Lefèvre" in sent and "M. Lefèvre" not in sent  # engines hear the normalised text
    (mp3,) = (project / "output" / "episodes").glob("*.mp3")
    assert decoded_seconds(mp3) > 5


def test_summary_length_flags(runner, seed):
    def words(*flags):
        result = runner.invoke(cli, ["summarize", "--json", *flags, str(seed)])
        assert result.exit_code == 0, result.stderr
        return sum(len(s.split()) for s in json.loads(result.output)["sentences"]), len(json.loads(result.output)["sentences"])

    assert words("--sentences", "2")[1] == 2
    assert abs(words("--words", "100")[0] - 100) <= 30
    one_minute, two_minutes = words()[0], words("--minutes", "2")[0]
    assert 120 <= one_minute <= 190  # a summary chapter of a minute at espeak-fr's measured pace (about 165 wpm)
    assert two_minutes > 1.6 * one_minute


def test_summarize_reads_html_and_markdown(runner, html_article, tmp_path):
    markdown = tmp_path / "note.md"
    markdown.write_text("# Le conseil vote le budget\n\nLe conseil a voté le budget hier soir. Il baisse de deux pour cent.\n")
    result = runner.invoke(cli, ["summarize", "--json", "--sentences", "1", str(html_article), str(markdown)])
    assert result.exit_code == 0, result.stderr
    summaries = [json.loads(line)["sentences"] for line in result.output.splitlines()]
    assert len(summaries) == 2 and all(len(s) == 1 for s in summaries)
    assert "Lire aussi" not in result.output


def test_a_system_narrate_does_not_support_is_told_so_in_one_line(monkeypatch, capsys):
    from narrate.cli import main

    monkeypatch.setattr("os.name", "nt")
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 1
    assert capsys.readouterr().err == (
        "Error: narrate runs on Linux and macOS (on Windows, in WSL): it needs their file locks and processes "
        "to keep two builds from writing the same site.\n"
    )
