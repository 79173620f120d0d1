"""narrate works wherever it is installed: `narrate init` makes a project that builds at once
with the packaged voice, and every command runs in a folder with no voices/ of its own."""

import os
import re
import tomllib
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from conftest import REPO
from narrate.cli import cli
from narrate.config import load_settings
from narrate.project import project_files
from narrate.speech import PACKAGED_VOICES, load_profiles

SHIPPED = {"espeak-fr", "espeak-fr-f3", "fr_FR-siwis-medium", "gtts-fr"}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(mix_stderr=False)


@pytest.fixture
def empty(tmp_path, monkeypatch) -> Path:
    """An empty folder, far from the repository, as the working directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_init_makes_a_project_that_builds_with_the_packaged_voice(runner, empty):
    result = runner.invoke(cli, ["init", "demo"])
    assert result.exit_code == 0, result.stderr
    assert result.output.splitlines() == [
        "Created demo/narrate.toml, demo/seeds/exemple.txt, demo/voices/lexicon.toml.",
        "Next: cd demo && narrate build   (then narrate serve, and open http://127.0.0.1:8000/)",
    ]
    os.chdir(empty / "demo")
    build = runner.invoke(cli, ["build", "--jobs", "1"])
    assert build.exit_code == 0, build.stderr
    (entry,) = feedparser.parse("output/feed.xml").entries
    assert entry.title == "La médiathèque du quartier des Tilleuls ouvre ses portes après deux ans de travaux"
    assert entry.author == "Anne Roux"


def test_init_never_overwrites(runner, empty):
    (empty / "seeds").mkdir()
    (empty / "seeds" / "exemple.txt").write_text("mon article")
    result = runner.invoke(cli, ["init"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: seeds/exemple.txt exists already; narrate init never overwrites a project: choose an empty directory.\n"
    )
    assert (empty / "seeds" / "exemple.txt").read_text() == "mon article"
    assert not (empty / "narrate.toml").exists()


def test_init_where_a_file_is_in_a_folders_place_writes_nothing(runner, empty):
    """It wrote narrate.toml, then failed on seeds/: half a project (G33)."""
    (empty / "seeds").write_text("a file, not a folder")
    result = runner.invoke(cli, ["init"])
    assert result.exit_code == 1
    assert result.stderr == "Error: seeds is a file where narrate init makes a folder; choose an empty directory.\n"
    assert sorted(path.name for path in empty.iterdir()) == ["seeds"]


def test_the_settings_file_shows_every_default_and_changes_nothing(empty):
    text = project_files()["narrate.toml"]
    defaults = tomllib.loads((REPO / "narrate" / "defaults.toml").read_text(encoding="utf-8"))
    assert tomllib.loads(text) == {table: {} for table in defaults}
    for table, values in defaults.items():
        for key in values:
            assert f"\n# {key} = " in text, f"[{table}] {key} is not shown"
    uncommented = tomllib.loads(re.sub(r"^# ([a-z_]+ = )", r"\1", text, flags=re.MULTILINE))
    assert uncommented == defaults  # each commented line holds the default itself
    (empty / "narrate.toml").write_text(text, encoding="utf-8")
    assert load_settings(Path("narrate.toml")) == load_settings()


def test_the_repositorys_lexicon_is_the_one_init_writes():
    assert (REPO / "voices" / "lexicon.toml").read_text(encoding="utf-8") == project_files()["voices/lexicon.toml"]


def test_voices_speak_and_normalize_work_in_a_folder_without_voices(runner, empty):
    listing = runner.invoke(cli, ["voices"])
    assert listing.exit_code == 0, listing.stderr
    rows = {line.split()[0]: line.split() for line in listing.output.splitlines()}
    assert set(rows) == SHIPPED
    assert all(row[4 if name != "espeak-fr" else 5] == "narrate" for name, row in rows.items())
    spoken = runner.invoke(cli, ["speak", "Bonjour à toutes et à tous.", "-o", "bonjour.mp3"])
    assert spoken.exit_code == 0, spoken.stderr
    assert (empty / "bonjour.mp3").stat().st_size > 2000
    ipa = runner.invoke(cli, ["normalize", "--ipa", "M. Bailey"])
    assert ipa.exit_code == 0, ipa.stderr
    assert ipa.output == "Monsieur Bêïli\n  [məsjˈø bɛjlˈi]\n"  # narrate's own lexicon respells the name


def test_a_projects_voices_add_to_and_replace_narrates(runner, empty):
    (empty / "voices").mkdir()
    (empty / "voices" / "espeak-fr.toml").write_text(
        (PACKAGED_VOICES / "espeak-fr.toml").read_text().replace("rate = 150", "rate = 140")
    )
    (empty / "voices" / "lente.toml").write_text('engine = "espeak-ng"\nlanguage = "fr"\n[options]\nrate = 120\n')
    (empty / "voices" / "lexicon.toml").write_text('"Bailey" = "Baïlé"\n"Ofcom" = "Offcom"\n')
    profiles = {profile.name: profile for profile in load_profiles(Path("voices"))}
    assert set(profiles) == SHIPPED | {"lente"}
    assert profiles["espeak-fr"].options["rate"] == 140 and not profiles["espeak-fr"].packaged
    assert profiles["espeak-fr-f3"].packaged
    assert profiles["espeak-fr-f3"].lexicon.apply("Bailey, Ofcom, Norfolk") == "Baïlé, Offcom, Norfoc"
    listing = runner.invoke(cli, ["voices"]).output
    assert "voices/espeak-fr.toml" in next(line for line in listing.splitlines() if line.startswith("espeak-fr "))
