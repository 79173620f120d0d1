"""The feed real podcast apps accept, pages a screen-reader user can use, and the server they
are fetched from: checked with feedparser, XPath, podcast-partytime, axe-core in headless
Chromium, and gPodder subscribing and downloading for real."""

import json
import os
import shutil
import subprocess
import sys
import threading
import urllib.request
import uuid
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner
from lxml import etree
from mutagen.id3 import ID3

from conftest import FIXTURES, REPO, SEED
from narrate.cli import cli
from narrate.serve import make_server

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "psc": "http://podlove.org/simple-chapters",
}
JS = Path(__file__).parent / "js"
HOSTILE_TITLE = "Fromages & vins : <script>alert('x')</script> \"l'offre\" <b>gras</b>"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A project with three articles (one with a hostile title), built and served on localhost."""
    root = tmp_path_factory.mktemp("site")
    (root / "seeds").mkdir()
    shutil.copy(SEED, root / "seeds")
    shutil.copy(FIXTURES / "marche.txt", root / "seeds")
    (root / "seeds" / "hostile.txt").write_text(
        f"{HOSTILE_TITLE}\n\nPar Léa & Marc <i>\n3 mars 2024\n\nLa fromagerie & la cave ouvrent < 10 h > comme prévu. "
        "Les clients disent « enfin » et repartent contents.\n"
    )
    shutil.copytree(REPO / "voices", root / "voices")
    (root / "output").mkdir()
    server = make_server(root / "output", "127.0.0.1", 0)
    base_url = f"http://127.0.0.1:{server.server_address[1]}/"
    (root / "narrate.toml").write_text(f'[show]\nemail = "podcast@example.org"\n[build]\nbase_url = "{base_url}"\n')
    result = CliRunner(mix_stderr=False).invoke(cli, ["build", "--config", str(root / "narrate.toml")])
    assert result.exit_code == 0, result.stderr
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield root, base_url
    server.shutdown()
    server.server_close()


def xml(site) -> etree._Element:
    root, _ = site
    return etree.parse(str(root / "output" / "feed.xml")).getroot()


def manifest(site) -> dict:
    root, _ = site
    return {entry["source"]: entry for entry in json.loads((root / "output" / "episodes.json").read_text())["episodes"]}


# --- the feed -------------------------------------------------------------------------------


def test_feedparser_reads_every_episode_with_exact_enclosures(site):
    root, base_url = site
    feed = feedparser.parse(base_url + "feed.xml")
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) == 3
    for entry in feed.entries:
        (enclosure,) = entry.enclosures
        name = enclosure.href.removeprefix(base_url)
        assert int(enclosure.length) == (root / "output" / name).stat().st_size
        assert enclosure.type == "audio/mpeg"
    assert [entry.published_parsed[:3] for entry in feed.entries] == sorted(
        (entry.published_parsed[:3] for entry in feed.entries), reverse=True
    )


def test_channel_has_what_apple_and_podcasting_2_require(site):
    _, base_url = site
    channel = xml(site).find("channel")
    assert channel.findtext("title") and channel.findtext("description") and channel.findtext("language") == "fr"
    assert channel.find("itunes:image", NS).get("href") == base_url + "cover.png"
    assert channel.find("itunes:category", NS).get("text") == "News"
    assert channel.findtext("itunes:explicit", namespaces=NS) == "false"
    assert channel.findtext("itunes:author", namespaces=NS) == "narrate"
    assert channel.find("itunes:owner/itunes:email", NS).text == "podcast@example.org"
    feed_url = base_url + "feed.xml"
    expected_guid = str(uuid.uuid5(uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), feed_url.split("://")[1].rstrip("/")))
    assert channel.findtext("podcast:guid", namespaces=NS) == expected_guid
    locked = channel.find("podcast:locked", NS)
    assert locked.text == "no" and locked.get("owner") == "podcast@example.org"
    assert channel.find("podcast:image", NS).get("alt").startswith("Couverture de")


def test_show_guid_follows_the_specification_example():
    from narrate.feed import show_guid

    assert show_guid("https://podnews.net/rss") == "9b024349-ccf0-5f69-a609-6b82873eab3c"


def test_items_carry_transcripts_chapters_duration_and_number(site):
    _, base_url = site
    for item in xml(site).find("channel").findall("item"):
        stem = item.find("enclosure").get("url").removesuffix(".mp3")
        transcripts = {t.get("type"): t for t in item.findall("podcast:transcript", NS)}
        assert transcripts["text/vtt"].get("url") == stem + ".vtt" and transcripts["text/vtt"].get("rel") == "captions"
        assert transcripts["application/x-subrip"].get("url") == stem + ".srt"
        assert transcripts["text/html"].get("url") == stem.rsplit("-", 1)[0] + ".html"  # the page has no version
        chapters = item.find("podcast:chapters", NS)
        assert chapters.get("url") == stem + ".chapters.json" and chapters.get("type") == "application/json+chapters"
        assert int(item.findtext("itunes:duration", namespaces=NS)) > 10
        assert int(item.findtext("itunes:episode", namespaces=NS)) in {1, 2, 3}
        assert item.find("guid").get("isPermaLink") == "false"
        for url in [t.get("url") for t in transcripts.values()] + [chapters.get("url")]:
            with urllib.request.urlopen(url) as reply:
                assert reply.status == 200


def test_id3_json_and_psc_chapters_agree(site):
    root, base_url = site
    for item in xml(site).find("channel").findall("item"):
        mp3 = root / "output" / item.find("enclosure").get("url").removeprefix(base_url)
        id3 = [(f.sub_frames["TIT2"].text[0], f.start_time) for f in ID3(mp3).values() if f.FrameID == "CHAP"]
        document = json.loads(mp3.with_suffix(".chapters.json").read_text())
        from_json = [(c["title"], round(c["startTime"] * 1000)) for c in document["chapters"]]
        simple = item.find("psc:chapters", NS)
        assert simple.get("version") == "1.2"
        from_psc = []
        for chapter in simple.findall("psc:chapter", NS):
            hours, minutes, seconds = chapter.get("start").split(":")
            from_psc.append((chapter.get("title"), round((int(hours) * 3600 + int(minutes) * 60 + float(seconds)) * 1000)))
        assert id3 == from_json == from_psc


def test_hostile_titles_are_escaped_never_injected(site):
    root, _ = site
    titles = [item.findtext("title") for item in xml(site).find("channel").findall("item")]
    assert HOSTILE_TITLE in titles
    raw = (root / "output" / "feed.xml").read_text()
    assert "<script>" not in raw and "&lt;script&gt;" in raw
    page = (root / "output" / "episodes" / f"{manifest(site)['hostile.txt']['slug']}.html").read_text()
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "<b>gras</b>" not in (root / "output" / "index.html").read_text()


def test_rebuild_keeps_guids_and_dates_and_prune_removes_what_was_deleted(site, tmp_path):
    root, _ = site
    copy = tmp_path / "copy"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".narrate-cache"))
    before = {e["source"]: (e["guid"], e["published"], e["number"]) for e in json.loads((copy / "output/episodes.json").read_text())["episodes"]}
    (copy / "seeds" / "marche.txt").unlink()
    runner = CliRunner(mix_stderr=False)
    assert runner.invoke(cli, ["build", "--config", str(copy / "narrate.toml")]).exit_code == 0
    after = {e["source"]: (e["guid"], e["published"], e["number"]) for e in json.loads((copy / "output/episodes.json").read_text())["episodes"]}
    assert after == before  # the removed article's episode stays, everything keeps its guid, date and number
    assert runner.invoke(cli, ["build", "--config", str(copy / "narrate.toml"), "--prune"]).exit_code == 0
    pruned = json.loads((copy / "output/episodes.json").read_text())["episodes"]
    assert {e["source"] for e in pruned} == set(before) - {"marche.txt"}
    assert not list((copy / "output" / "episodes").glob("le-marche-couvert*"))
    assert len(feedparser.parse(str(copy / "output" / "feed.xml")).entries) == 2


@pytest.mark.skipif(not (JS / "node_modules" / "podcast-partytime").is_dir() or not shutil.which("node"),
                    reason="podcast-partytime is not installed (make test installs it with npm)")
def test_podcast_partytime_understands_the_podcasting_2_tags(site):
    root, base_url = site
    result = subprocess.run(["node", str(JS / "partytime_check.mjs"), str(root / "output" / "feed.xml")],
                            capture_output=True, text=True, check=True)
    feed = json.loads(result.stdout)
    assert feed["guid"] == xml(site).find("channel").findtext("podcast:guid", namespaces=NS)
    assert feed["locked"] is False
    assert feed["explicit"] is False
    assert len(feed["items"]) == 3
    for item in feed["items"]:
        # partytime files application/x-subrip under its own name for SRT, application/srt
        assert {t["type"] for t in item["podcastTranscripts"]} >= {"text/vtt", "application/srt", "text/html"}
        assert item["podcastChapters"]["url"].endswith(".chapters.json")
        assert item["enclosure"]["url"].startswith(base_url) and item["enclosure"]["length"] > 0
        assert item["duration"] > 10


# --- the pages ------------------------------------------------------------------------------


def test_pages_are_in_french_with_one_h1_a_main_and_an_accessible_player(site):
    root, _ = site
    index = (root / "output" / "index.html").read_text()
    assert '<html lang="fr">' in index and index.count("<h1>") == 1 and "<main" in index
    assert 'href="feed.xml"' in index
    titles = [item.findtext("title") for item in xml(site).find("channel").findall("item")]
    positions = [index.find(f">{title.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;').replace(chr(34), '&#34;').replace(chr(39), '&#39;')}<") for title in titles]
    assert positions == sorted(positions) and -1 not in positions  # newest first, like the feed
    page = (root / "output" / "episodes" / f"{manifest(site)[SEED.name]['slug']}.html").read_text()
    assert '<audio id="lecteur" controls preload="metadata" aria-label="Lecteur audio' in page and "autoplay" not in page
    assert '<track kind="chapters"' in page and '<track kind="captions"' in page
    assert 'href="#transcription"' in page and 'data-start="0.000"' in page
    assert page.count("<h3 id=\"chapitre-") == 3
    assert "Télécharger l&#39;épisode en MP3 (" in page


@pytest.mark.skipif(not (JS / "node_modules" / "axe-core").is_dir() or not shutil.which("node")
                    or not Path(os.environ.get("CHROMIUM", "/usr/bin/chromium")).exists(),
                    reason="axe-core, playwright-core or Debian's chromium is missing (make test installs them)")
def test_axe_core_finds_no_violation_on_any_page(site):
    root, base_url = site
    pages = [base_url + "index.html"] + [
        base_url + f"episodes/{entry['slug']}.html" for entry in manifest(site).values()
    ]
    result = subprocess.run(["node", str(JS / "axe_check.mjs"), *pages], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) == set(pages)
    for url, found in report.items():
        assert found["violations"] == [], (url, found["violations"])
        assert found["autoplay"] is False
        assert found["focused"] >= 5  # links and the player are reached with Tab


# --- the server and a real podcast client ---------------------------------------------------


def request(url: str, **headers: str):
    """(status, headers (case-insensitive), body) of a GET."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as reply:
            return reply.status, reply.headers, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, b""


def test_server_answers_ranges_types_and_never_leaves_the_output(site):
    root, base_url = site
    entry = manifest(site)[SEED.name]
    name = f"episodes/{entry['slug']}-{entry['fingerprint'][:8]}.mp3"
    data = (root / "output" / name).read_bytes()
    status, headers, body = request(base_url + name, Range="bytes=100-199")
    assert (status, headers["Content-Range"], body) == (206, f"bytes 100-199/{len(data)}", data[100:200])
    assert headers["Accept-Ranges"] == "bytes" and headers["Content-Type"] == "audio/mpeg"
    assert request(base_url + name, Range="bytes=-10")[2] == data[-10:]
    assert request(base_url + name, Range=f"bytes={len(data)}-")[0] == 416
    assert request(base_url + name)[2] == data
    assert request(base_url + "feed.xml")[1]["Content-Type"].startswith("application/rss+xml")
    assert request(base_url + name.replace(".mp3", ".chapters.json"))[1]["Content-Type"] == "application/json+chapters"
    assert request(base_url + name.replace(".mp3", ".vtt"))[1]["Content-Type"].startswith("text/vtt")
    (root / "output" / "escape").symlink_to("/etc")
    assert request(base_url + "escape/hostname")[0] == 404
    assert request(base_url + "%2e%2e/narrate.toml")[0] == 404
    head = urllib.request.urlopen(urllib.request.Request(base_url + name, method="HEAD"))
    assert head.status == 200 and int(head.headers["Content-Length"]) == len(data)


def test_serve_command_refuses_a_missing_directory(tmp_path):
    result = CliRunner(mix_stderr=False).invoke(cli, ["serve", "--output", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert result.stderr == f"Error: nothing to serve: {tmp_path / 'none'} is not a directory; run narrate build first.\n"


@pytest.mark.skipif(not shutil.which("gpo"), reason="gPodder's gpo is not installed (make test installs Debian's gpodder)")
def test_gpodder_subscribes_and_downloads_the_episodes_byte_for_byte(site, tmp_path):
    root, base_url = site
    environment = {**os.environ, "GPODDER_HOME": str(tmp_path / "home"), "GPODDER_DOWNLOAD_DIR": str(tmp_path / "dl")}

    def gpo(*arguments: str) -> str:
        done = subprocess.run(["gpo", *arguments], capture_output=True, text=True, env=environment, timeout=120)
        return done.stdout + done.stderr

    assert "Successfully added" in gpo("subscribe", base_url + "feed.xml")
    gpo("update")
    assert "3 episodes downloaded" in gpo("download")
    downloaded = sorted((tmp_path / "dl").rglob("*.mp3"))
    assert len(downloaded) == 3
    originals = {p.read_bytes() for p in (root / "output" / "episodes").glob("*.mp3")}
    assert {p.read_bytes() for p in downloaded} == originals


def test_templates_are_compiled_once_per_user_and_a_shared_cache_is_never_read(tmp_path):
    """Compiling the templates took a twentieth of a second of every build: they are kept in the
    user's own cache. A folder others may write in is not used (its code would run in narrate)."""
    cache = tmp_path / "cache"
    project = tmp_path / "p"
    (project / "seeds").mkdir(parents=True)
    shutil.copy(SEED, project / "seeds" / SEED.name)
    (project / "narrate.toml").write_text(f'[build]\nvoices = "{REPO / "voices"}"\n')
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    program = ["-c", "from narrate.pages import _environment; print(_environment().bytecode_cache is not None)"]
    subprocess.run([sys.executable, "-m", "narrate", "build", "-q"], cwd=project, env=environment, check=True)
    compiled = sorted(path.name for path in (cache / "narrate" / "templates").iterdir())
    assert compiled and all(name.endswith(".cache") for name in compiled)  # the pages' templates and those they extend
    assert oct((cache / "narrate" / "templates").stat().st_mode & 0o777) == "0o700"
    used = subprocess.run([sys.executable, *program], env=environment, capture_output=True, text=True, check=True)
    assert used.stdout.strip() == "True"
    (cache / "narrate" / "templates").chmod(0o777)  # as another user could have left it
    refused = subprocess.run([sys.executable, *program], env=environment, capture_output=True, text=True, check=True)
    assert refused.stdout.strip() == "False"
    (project / "seeds" / SEED.name).write_text("Un autre titre\n\nUne phrase assez longue pour faire un article complet.\n")
    rebuilt = subprocess.run([sys.executable, "-m", "narrate", "build", "-q"], cwd=project, env=environment, capture_output=True, text=True)
    assert rebuilt.returncode == 0 and rebuilt.stderr == "", rebuilt.stderr
