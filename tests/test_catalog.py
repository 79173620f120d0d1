"""The catalog owns an episode's identity and state: the bugs a review found in the first
design (identity by file stem, an untyped manifest, digests of a run keyed by the minute) stay
fixed, and a manifest of the first format is migrated with every guid, slug and number kept."""

import json
import shutil
from datetime import datetime
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from conftest import REPO, narrate_in
from narrate.catalog import EpisodeRecord, episode_guid
from narrate.config import load_settings
from narrate.feed import write_feed
from narrate.pages import write_index

ARTICLE = "{title}\n\nPar Léa Morel\n\nLa piscine municipale rouvre samedi après six mois de travaux. Les nageurs retrouvent un bassin rénové.\n"


def project(root: Path, articles: dict[str, str], config: str = "") -> Path:
    (root / "seeds").mkdir(parents=True)
    for name, title in articles.items():
        (root / "seeds" / name).write_text(ARTICLE.format(title=title), encoding="utf-8")
    shutil.copytree(REPO / "voices", root / "voices")
    (root / "narrate.toml").write_text(config)
    return root


def run(root: Path, *arguments: str, exit_code: int = 0):
    result = narrate_in(root, "build", "-j", "1", *arguments)
    assert result.exit_code == exit_code, result.stderr
    return result


def manifest(root: Path) -> dict:
    return json.loads((root / "output" / "episodes.json").read_text())


def test_two_files_with_one_name_are_two_episodes(tmp_path):
    root = project(tmp_path, {"a.txt": "La piscine rouvre", "a.md": "Le marché rouvre"})
    result = run(root)
    assert result.output.startswith("Episodes: 2 built, 0 unchanged")
    episodes = {entry["source"]: entry for entry in manifest(root)["episodes"]}
    assert set(episodes) == {"a.txt", "a.md"}
    assert episodes["a.txt"]["guid"] != episodes["a.md"]["guid"]
    assert len(feedparser.parse(str(root / "output" / "feed.xml")).entries) == 2


def record(source: str, published: str) -> EpisodeRecord:
    return EpisodeRecord(
        source=source, slug=source, guid=episode_guid(source), title=source, author=None, language="fr",
        published=datetime.fromisoformat(published), duration_ms=1000, size=100,
    )


def test_the_feed_and_index_are_ordered_by_time_whatever_the_offsets(tmp_path):
    # 08:00 in Tokyo is 23:00 UTC the day before: as strings it would sort first
    tokyo, london = record("tokyo", "2024-03-02T08:00:00+09:00"), record("london", "2024-03-01T23:30:00+00:00")
    london = EpisodeRecord(**{**london.__dict__, "image": "https://example.org/photo.jpg"})
    settings = load_settings(overrides={"output": tmp_path})
    write_feed(settings, [tokyo, london], "cover.png", tmp_path)
    write_index(settings, [tokyo, london], "cover.png", tmp_path)
    entries = feedparser.parse(str(tmp_path / "feed.xml")).entries
    assert [entry.title for entry in entries] == ["london", "tokyo"]
    assert entries[0].image.href == "https://example.org/photo.jpg"  # the article's picture as the episode's artwork
    page = etree.parse(str(tmp_path / "index.html"), etree.HTMLParser())
    listed = [text.strip() for text in page.xpath("//main//li//a/text()") if text.strip() in {"london", "tokyo"}]
    assert listed == ["london", "tokyo"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda data: data["episodes"][0].update(colour="blue"), "has keys this narrate does not know (colour)"),
        (lambda data: data.update(version=99), "manifest format 99"),
    ],
    ids=["unknown key", "newer format"],
)
def test_a_manifest_narrate_cannot_read_is_refused_never_started_over(tmp_path, change, message):
    root = project(tmp_path, {"a.txt": "La piscine rouvre"})
    run(root)
    data = manifest(root)
    change(data)
    (root / "output" / "episodes.json").write_text(json.dumps(data))
    before = (root / "output" / "episodes.json").read_bytes()
    result = run(root, exit_code=1)
    assert result.stderr.count("\n") == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert (root / "output" / "episodes.json").read_bytes() == before  # nothing rebuilt, nothing renumbered


def test_a_damaged_manifest_is_refused_with_what_to_do(tmp_path):
    root = project(tmp_path, {"a.txt": "La piscine rouvre"})
    (root / "output").mkdir()
    (root / "output" / "episodes.json").write_text("{not json")
    result = run(root, exit_code=1)
    assert "episodes.json: is damaged" in result.stderr and "restore it from a backup" in result.stderr


def test_each_run_has_a_digest_of_its_own(tmp_path):
    root = project(tmp_path, {"a.txt": "La piscine rouvre"}, "[build]\ndigest = true\ndigest_by = \"run\"\n")
    run(root)
    (root / "seeds" / "b.txt").write_text(ARTICLE.format(title="Le marché rouvre"), encoding="utf-8")
    run(root)
    digests = [entry for entry in manifest(root)["episodes"] if entry["kind"] == "digest"]
    assert len(digests) == 2 and len({entry["guid"] for entry in digests}) == 2
    assert sorted(len(entry["summary"]) for entry in digests) == [1, 1]  # each run's own articles


def test_a_manifest_of_the_first_format_is_migrated_keeping_every_name(tmp_path):
    root = project(tmp_path, {"a.txt": "La piscine rouvre", "b.md": "Le marché rouvre"})
    run(root)
    episodes = manifest(root)["episodes"]
    # the manifest as narrate wrote it before: a list keyed by the file name without extension
    first_format = [{**entry, "source": Path(entry["source"]).stem} for entry in episodes]
    (root / "output" / "episodes.json").write_text(json.dumps(first_format))
    result = run(root)
    assert result.output.startswith("Episodes: 0 built, 2 unchanged")  # nothing re-published
    migrated = manifest(root)
    assert migrated["version"] == 2
    assert {entry["source"]: (entry["guid"], entry["slug"], entry["number"]) for entry in migrated["episodes"]} == {
        entry["source"]: (entry["guid"], entry["slug"], entry["number"]) for entry in episodes
    }
