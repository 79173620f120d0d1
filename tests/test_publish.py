from datetime import datetime
from dataclasses import replace
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from PIL import Image

from narrate.config import load_settings
from narrate.errors import ConfigError
from narrate.catalog import EpisodeRecord, episode_guid, load_manifest, save_manifest
from narrate.naming import slugify
from narrate.cover import publish_cover
from narrate.feed import write_feed

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Les géants de la technologie", "les-geants-de-la-technologie"),
        ("L’été : 3,5 % de hausse !", "l-ete-3-5-de-hausse"),
        ("../../etc/x", "etc-x"),
        ("🎉🎉", "episode"),
        ("mot " * 100, ("mot-" * 20)[:-1]),
    ],
)
def test_slugs_are_ascii_lower_case_hyphenated_and_safe(title, slug):
    assert slugify(title) == slug


def test_duplicate_titles_get_distinct_slugs():
    assert slugify("Même titre", {"meme-titre"}) == "meme-titre-2"
    assert slugify("Même titre", {"meme-titre", "meme-titre-2"}) == "meme-titre-3"


def test_guid_depends_only_on_the_article():
    assert episode_guid("000_abc") == episode_guid("000_abc") != episode_guid("001_abc")


def record(**changes) -> EpisodeRecord:
    base = EpisodeRecord(
        source="a", slug="premier-episode", guid=episode_guid("a"), title="Premier épisode", author="Claire Dumas",
        language="fr", published=datetime.fromisoformat("2024-03-02T08:00:00+09:00"), duration_ms=75_400, size=123_456,
        summary=["Une phrase.", "Deux < trois & « guillemets »."], url="https://example.org/a?x=1&y=2",
    )
    return replace(base, **changes)


def test_feed_lists_episodes_newest_first_with_exact_enclosures(tmp_path: Path):
    settings = load_settings(overrides={"base_url": "https://podcast.example.org/narrate", "output": tmp_path})
    older = record()  # 1 March, 23:00 UTC: later as a string…
    newer = record(source="b", slug="second", guid=episode_guid("b"), title="Second <b>& co</b>",
                   published=datetime.fromisoformat("2024-03-01T23:30:00-01:00"), url=None)  # …earlier as a string, but 2 March, 00:30 UTC
    path = write_feed(settings, [older, newer], "cover.png", tmp_path)

    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo
    assert feed.feed.title == settings.show.title
    assert feed.feed.language == "fr"
    assert feed.feed.image.href == "https://podcast.example.org/narrate/cover.png"
    assert [entry.title for entry in feed.entries] == ["Second <b>& co</b>", "Premier épisode"]
    entry = feed.entries[1]
    assert entry.id == older.guid and entry.guidislink is False
    (enclosure,) = entry.enclosures
    assert enclosure.href == "https://podcast.example.org/narrate/episodes/premier-episode.mp3"
    assert enclosure.length == "123456" and enclosure.type == "audio/mpeg"
    assert entry.published == "Sat, 02 Mar 2024 08:00:00 +0900"
    assert entry.itunes_duration == "75"
    assert "Deux &lt; trois &amp; « guillemets »." in entry.summary
    assert 'href="https://example.org/a?x=1&amp;y=2"' in entry.summary

    channel = etree.parse(str(path)).getroot().find("channel")
    assert channel.findtext(f"{ITUNES}explicit") == "false"
    assert channel.find(f"{ITUNES}category").get("text") == "News"
    assert channel.find(f"{ITUNES}image").get("href").endswith("/cover.png")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles[0] == "Second <b>& co</b>"  # text, never markup injected into the feed


def test_manifest_round_trips(tmp_path):
    save_manifest(tmp_path, [record()])
    assert load_manifest(tmp_path) == {"a": record()}


def test_drawn_cover_is_square_high_contrast_and_small(tmp_path):
    settings = load_settings()
    cover = publish_cover(settings.show, tmp_path)
    with Image.open(cover.path()) as image:
        assert image.size == (3000, 3000) and image.mode == "RGB"
        colours = {colour for _count, colour in image.getcolors(maxcolors=1_000_000)}
    assert (0x0B, 0x1D, 0x3A) in colours and (255, 255, 255) in colours
    assert cover.path().stat().st_size < 512_000


def test_configured_cover_is_copied_and_a_missing_one_is_a_config_error(tmp_path):
    picture = tmp_path / "mine.jpg"
    Image.new("RGB", (1400, 1400), "white").save(picture)
    out = tmp_path / "out"
    show = replace(load_settings().show, image=str(picture))
    assert publish_cover(show, out).path() == out / "cover.jpg"
    assert (out / "cover.jpg").read_bytes() == picture.read_bytes()
    with pytest.raises(ConfigError, match="must be an existing .png or .jpg"):
        publish_cover(replace(show, image=str(tmp_path / "absent.png")), out)


@pytest.mark.parametrize("make, message", [
    (lambda path: path.write_text("not a picture"), "is not an image Pillow can read"),
    (lambda path: Image.new("RGB", (1400, 1400)).save(path, format="JPEG"), "is a JPEG file, not the PNG its name says"),
    (lambda path: Image.new("RGB", (600, 600)).save(path, format="PNG"), "is 600 x 600 pixels"),
    (lambda path: Image.new("RGB", (1600, 1400)).save(path, format="PNG"), "is 1600 x 1400 pixels"),
])
def test_a_configured_cover_must_be_a_square_picture_of_its_format(tmp_path, make, message):
    """A text file named fake.png went into every MP3 and EPUB, which EPUBCheck then refused (G30)."""
    picture = tmp_path / "fake.png"
    make(picture)
    show = replace(load_settings().show, image=str(picture))
    with pytest.raises(ConfigError, match=message):
        publish_cover(show, tmp_path / "out")
    assert not (tmp_path / "out" / "cover.png").exists()


def test_a_cover_claiming_a_hundred_thousand_pixels_a_side_is_refused(tmp_path):
    import struct
    import zlib

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    picture = tmp_path / "huge.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk)))
    with pytest.raises(ConfigError, match="cover image"):
        publish_cover(replace(load_settings().show, image=str(picture)), tmp_path / "out")
