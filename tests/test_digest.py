"""The daily digest: every article's summary in one episode, one chapter per article, each
linking to the article's own episode; built from the speech cache; in the feed or apart."""

import json
import shutil
from pathlib import Path

import feedparser
import pytest
from mutagen.id3 import ID3

from conftest import REPO, SEED, narrate_in

SAME_DAY = {
    "piscine.txt": "La piscine rouvre ses portes\n\nPar Léa Morel\n2 juillet 2021 18:30\n\n"
    "La piscine municipale rouvre samedi après six mois de travaux. Les nageurs retrouvent un bassin rénové.\n\n"
    "L'entrée coûte désormais quatre euros pour les adultes.\n",
    "conseil.txt": "Le conseil vote le budget\n\nPar Jean Roux\n2 juillet 2021 09:00\n\n"
    "Le conseil municipal a voté le budget hier soir. Il baisse de deux pour cent.\n\n"
    "L'opposition a voté contre et demande un audit des comptes.\n",
}


def make_project(root: Path, config: str = "") -> Path:
    (root / "seeds").mkdir(parents=True)
    shutil.copy(SEED, root / "seeds")
    for name, text in SAME_DAY.items():
        (root / "seeds" / name).write_text(text, encoding="utf-8")
    shutil.copytree(REPO / "voices", root / "voices")
    (root / "narrate.toml").write_text(config)
    return root


def run(project: Path, *arguments: str):
    result = narrate_in(project, "build", *arguments)
    assert result.exit_code == 0, result.stderr
    return result


def records(project: Path) -> dict:
    return {entry["source"]: entry for entry in json.loads((project / "output" / "episodes.json").read_text())["episodes"]}


def media(project: Path, entry: dict, suffix: str) -> Path:
    return project / "output" / "episodes" / f"{entry['slug']}-{entry['fingerprint'][:8]}{suffix}"


@pytest.fixture(scope="module")
def digest_project(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("digest"))
    run(project, "--digest")
    return project


def test_one_chapter_per_article_in_publication_order_each_linking_to_its_episode(digest_project):
    entries = records(digest_project)
    digest = entries["digest-2021-07-02"]
    assert digest["kind"] == "digest" and digest["title"] == "Le point du 2 juillet 2021"
    id3 = ID3(media(digest_project, digest, ".mp3"))
    chapters = [frame for frame in id3.values() if frame.FrameID == "CHAP"]
    titles = [frame.sub_frames["TIT2"].text[0] for frame in chapters]
    assert titles == [
        "Introduction", "Le conseil vote le budget",
        "Les géants de la technologie font passer le profit avant la sécurité des enfants déplore un chef de police sortant",
        "La piscine rouvre ses portes", "Sources et crédits",
    ]
    urls = [frame.sub_frames.getall("WXXX")[0].url if frame.sub_frames.getall("WXXX") else None for frame in chapters]
    expected = [None, *(f"http://localhost:8000/episodes/{entries[s]['slug']}.html" for s in ("conseil.txt", SEED.name, "piscine.txt")), None]
    assert urls == expected
    document = json.loads(media(digest_project, digest, ".chapters.json").read_text())
    assert [c.get("url") for c in document["chapters"]] == expected
    for url in filter(None, expected):
        assert (digest_project / "output" / url.removeprefix("http://localhost:8000/")).is_file()


def test_intro_gives_the_date_and_count_and_the_transcript_every_summary(digest_project):
    entries = records(digest_project)
    digest = entries["digest-2021-07-02"]
    text = media(digest_project, digest, ".txt").read_text()
    assert "Le point du 2 juillet 2021." in text and "Trois articles au sommaire." in text
    assert "Article un sur trois : Le conseil vote le budget." in text
    assert "Article trois sur trois : La piscine rouvre ses portes." in text
    for source in ("conseil.txt", SEED.name, "piscine.txt"):
        for sentence in entries[source]["summary"]:
            assert sentence in text
    assert (digest_project / "output" / "episodes" / f"{digest['slug']}.html").is_file()


def test_the_feed_carries_the_digest_with_its_own_guid(digest_project):
    feed = feedparser.parse(str(digest_project / "output" / "feed.xml"))
    digest = next(entry for entry in feed.entries if entry.title == "Le point du 2 juillet 2021")
    assert digest.id not in {entry.id for entry in feed.entries if entry is not digest}
    assert "<li>La piscine rouvre ses portes</li>" in digest.summary
    assert len(feed.entries) == 4


def test_a_digest_of_built_articles_speaks_only_its_new_parts(tmp_path, gtts_server):
    project = make_project(tmp_path)
    (project / "voices" / "gtts-fr.toml").write_text(
        f'engine = "gtts"\nlanguage = "fr"\n[options]\nendpoint = "{gtts_server.endpoint}"\n'
    )
    run(project, "--voice", "gtts-fr")
    summaries = [s for entry in records(project).values() for s in entry["summary"]]
    gtts_server.texts.clear()
    result = run(project, "--voice", "gtts-fr", "--digest", "-v")
    assert "3 unchanged" in result.output and "1 built" in result.output
    heard = " ".join(gtts_server.texts)
    assert "Article un sur trois" in heard and "Le point du deux juillet" in heard
    assert not any(sentence.split(",")[0] in heard for sentence in summaries if len(sentence) > 40)


def test_order_from_the_config_and_a_feed_of_its_own(tmp_path):
    project = make_project(tmp_path, '[build]\ndigest = true\ndigest_feed = true\ndigest_order = ["piscine", "conseil"]\n')
    run(project)
    digest = records(project)["digest-2021-07-02"]
    chapters = json.loads(media(project, digest, ".chapters.json").read_text())["chapters"]
    assert [c["title"] for c in chapters][1:3] == ["La piscine rouvre ses portes", "Le conseil vote le budget"]
    main = feedparser.parse(str(project / "output" / "feed.xml"))
    digests = feedparser.parse(str(project / "output" / "digest.xml"))
    assert [entry.title for entry in digests.entries] == ["Le point du 2 juillet 2021"]
    assert "Le point du 2 juillet 2021" not in {entry.title for entry in main.entries}
    assert digests.feed.title.endswith("– Le point")


def test_digest_by_run_gathers_what_this_build_made(tmp_path):
    project = make_project(tmp_path)
    run(project)
    (project / "seeds" / "piscine.txt").write_text(SAME_DAY["piscine.txt"].replace("quatre euros", "cinq euros"))
    run(project, "--digest", "--digest-by", "run")
    digests = [entry for entry in records(project).values() if entry["kind"] == "digest"]
    assert len(digests) == 1 and digests[0]["summary"] == ["La piscine rouvre ses portes"]


def test_an_article_that_can_no_longer_be_read_is_left_out_of_its_digest_and_the_rest_is_published(tmp_path):
    """One unreadable article stopped the whole build, and a new article was never published (G14)."""
    project = make_project(tmp_path)
    run(project, "--digest")
    (project / "seeds" / "conseil.txt").write_bytes(bytes(range(256)) * 12)
    (project / "seeds" / "ecole.txt").write_text(
        "L'école rouvre\n\nPar Léa Morel\n2 juillet 2021 12:00\n\nL'école du quartier rouvre lundi après un an de travaux.\n",
        encoding="utf-8",
    )
    for _ in range(2):
        result = narrate_in(project, "build", "--digest")
        assert result.exit_code == 1 and "Traceback" not in result.stderr
        assert [line for line in result.stderr.splitlines() if line.startswith("Error: seeds/conseil.txt")]
        assert "Episodes:" in result.output
        titles = {entry.title for entry in feedparser.parse(str(project / "output" / "feed.xml")).entries}
        assert "L'école rouvre" in titles
    digest = [entry for entry in records(project).values() if entry["kind"] == "digest" and "L'école rouvre" in entry["summary"]]
    assert digest and "Le conseil vote le budget" not in digest[0]["summary"]
