"""The RSS feed podcast apps subscribe to: RSS 2.0 with Apple's iTunes tags (through feedgen),
the Podcasting 2.0 namespace and Podlove Simple Chapters (through a small feedgen extension)."""

from __future__ import annotations

import html
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from .catalog import EPISODES_DIR, EpisodeRecord
from .config import Settings
from .errors import PublishError
from .files import write_bytes
from .hostile import http_url
from .locales import words_for
from .outputs import RENDERERS, renditions
from .transcripts import timestamp

FEED_NAME = "feed.xml"
DIGEST_FEED_NAME = "digest.xml"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
PSC_NS = "http://podlove.org/simple-chapters"
NARRATE_NS = "urn:x-narrate:1"
"""narrate's own elements: <narrate:syntheticVoice engine="…">, on the channel and each item."""
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
"""Podcasting 2.0's namespace for a show's guid (uuid5 of the feed URL without its scheme)."""


def show_guid(feed_url: str) -> str:
    """podcast:guid: UUIDv5 of the feed URL without scheme and trailing slash."""
    parts = urlsplit(feed_url)
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, (parts.netloc + parts.path).rstrip("/")))


class _PodcastChannel(BaseExtension):
    """Channel tags feedgen lacks: itunes:explicit as true/false, podcast:guid, locked, medium, image."""

    def __init__(self) -> None:
        self.explicit = False
        self.guid = ""
        self.narrators: list[str] = []
        self.owner_email = ""
        self.image: tuple[str, str] | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"itunes": ITUNES_NS, "podcast": PODCAST_NS, "psc": PSC_NS, "narrate": NARRATE_NS}

    def extend_rss(self, feed: etree._Element) -> etree._Element:
        channel = feed[0]
        etree.SubElement(channel, f"{{{ITUNES_NS}}}explicit").text = "true" if self.explicit else "false"
        etree.SubElement(channel, f"{{{PODCAST_NS}}}guid").text = self.guid
        locked = etree.SubElement(channel, f"{{{PODCAST_NS}}}locked")
        locked.text = "no"
        if self.owner_email:
            locked.set("owner", self.owner_email)
        etree.SubElement(channel, f"{{{PODCAST_NS}}}medium").text = "podcast"
        if self.image:
            etree.SubElement(channel, f"{{{PODCAST_NS}}}image", href=self.image[0], alt=self.image[1])
        for narrator in self.narrators:
            etree.SubElement(channel, f"{{{NARRATE_NS}}}syntheticVoice", engine=narrator).text = "true"
        return feed


class _PodcastEntry(BaseEntryExtension):
    """Item tags: podcast:transcript (one per file), podcast:chapters and psc:chapters."""

    def __init__(self) -> None:
        self.transcripts: list[dict[str, str]] = []
        self.chapters_url = ""
        self.chapters: list[tuple[int, str]] = []
        self.alternates: list[tuple[dict[str, str], str]] = []
        self.narrator = ""
        self.image = ""
        """The episode's artwork: written here, since feedgen refuses an address with a query
        string ("photo.jpg?width=1200"), as news sites serve their pictures."""

    def extend_rss(self, item: etree._Element) -> etree._Element:
        if self.image:
            etree.SubElement(item, f"{{{ITUNES_NS}}}image", href=self.image)
        for attributes, url in self.alternates:
            alternate = etree.SubElement(item, f"{{{PODCAST_NS}}}alternateEnclosure", attrib=attributes)
            etree.SubElement(alternate, f"{{{PODCAST_NS}}}source", uri=url)
        if self.narrator:
            etree.SubElement(item, f"{{{NARRATE_NS}}}syntheticVoice", engine=self.narrator).text = "true"
        for attributes in self.transcripts:
            etree.SubElement(item, f"{{{PODCAST_NS}}}transcript", attrib=attributes)
        if self.chapters_url:
            etree.SubElement(item, f"{{{PODCAST_NS}}}chapters", url=self.chapters_url, type="application/json+chapters")
        if self.chapters:
            simple = etree.SubElement(item, f"{{{PSC_NS}}}chapters", version="1.2")
            for start_ms, title in self.chapters:
                etree.SubElement(simple, f"{{{PSC_NS}}}chapter", start=timestamp(start_ms), title=title)
        return item


def write_feed(
    settings: Settings, records: list[EpisodeRecord], cover_name: str, output: Path, name: str = FEED_NAME,
) -> Path:
    """Write ``output/<name>`` (feed.xml, or digest.xml for digests apart) listing ``records``,
    newest first; return its path."""
    show, base_url = settings.show, settings.build.base_url
    labels = words_for(show.language)
    feed_url = base_url + name
    feed = FeedGenerator()
    feed.load_extension("podcast")
    feed.register_extension("narrate", _PodcastChannel, _PodcastEntry, atom=False)
    feed.title(show.title if name == FEED_NAME else f"{show.title} – {labels['digests_title']}")
    feed.description(show.description)
    feed.link(href=show.link, rel="alternate")
    feed.link(href=feed_url, rel="self")
    feed.language(show.language)
    feed.generator("narrate")
    cover_url = base_url + cover_name
    feed.image(url=cover_url, title=show.title, link=show.link)
    feed.podcast.itunes_image(cover_url)
    feed.podcast.itunes_author(show.author)
    feed.podcast.itunes_summary(show.description)
    if show.subcategory:
        feed.podcast.itunes_category(show.category, show.subcategory)
    else:
        feed.podcast.itunes_category(show.category)
    feed.podcast.itunes_type("episodic")
    if show.email:
        feed.podcast.itunes_owner(name=show.author, email=show.email)
    feed.narrate.explicit = show.explicit
    feed.narrate.guid = show_guid(feed_url)
    feed.narrate.owner_email = show.email
    feed.narrate.image = (cover_url, labels["cover_title"].format(show=show.title))
    feed.narrate.narrators = sorted({record.narrator for record in records if record.narrator})
    newest_first = sorted(records, key=lambda record: (record.published, record.slug), reverse=True)
    for record in newest_first:
        _add_entry(feed, record, base_url, labels, output)
    if newest_first:  # the same episodes give the same feed, byte for byte
        feed.lastBuildDate(max(record.published for record in newest_first))
    path = output / name
    try:
        xml = feed.rss_str(pretty=True)
    except ValueError as error:
        raise PublishError(f"the feed cannot be written: {error}") from error
    write_bytes(path, xml)
    return path


def _add_entry(feed: FeedGenerator, record: EpisodeRecord, base_url: str, labels: dict[str, str], output: Path) -> None:
    entry = feed.add_entry(order="append")
    entry.title(record.title)
    entry.guid(record.guid, permalink=False)
    entry.pubDate(record.published)
    entry.enclosure(base_url + record.audio_name, str(record.size), "audio/mpeg")
    entry.link(href=base_url + record.file_name(".html"))
    entry.description(_description(record, base_url, labels))
    entry.podcast.itunes_duration(max(1, round(record.duration_ms / 1000)))
    entry.podcast.itunes_episode_type("full")
    if record.number:
        entry.podcast.itunes_episode(record.number)
    if record.author:
        entry.podcast.itunes_author(record.author)
    entry.narrate.image = http_url(record.image) or ""  # vetted as a JPEG or PNG when read (not feedgen's check: N1)
    page = {"url": base_url + record.file_name(".html"), "type": "text/html", "language": record.language}
    entry.narrate.transcripts.append(page)
    for renderer in RENDERERS:  # each output as the feed links it
        if renderer.name not in record.outputs:
            continue
        url = base_url + record.file_name(renderer.suffix)
        if renderer.feed in {"captions", "transcript"}:
            attributes = {"url": url, "type": renderer.media_type, "language": record.language}
            entry.narrate.transcripts.append({**attributes, "rel": "captions"} if renderer.feed == "captions" else attributes)
        elif renderer.feed == "chapters":
            entry.narrate.chapters_url = url
    for rendition in renditions(record, output / EPISODES_DIR):  # the fast rendition, the books
        attributes = {"type": rendition.media_type, "length": str(rendition.size), "title": labels[rendition.label]}
        entry.narrate.alternates.append((attributes, base_url + record.file_name(rendition.suffix)))
    entry.narrate.chapters = [(chapter.start_ms, chapter.title) for chapter in record.chapters]
    entry.narrate.narrator = record.narrator


def _description(record: EpisodeRecord, base_url: str, labels: dict[str, str]) -> str:
    """The summary as HTML paragraphs, then links to the source and to the transcript, and who reads it."""
    if record.kind == "digest":
        parts = ["<ol>" + "".join(f"<li>{html.escape(title)}</li>" for title in record.summary) + "</ol>"]
    else:
        parts = [f"<p>{html.escape(sentence)}</p>" for sentence in record.summary]
    if record.url:
        parts.append(f'<p>{labels["source_label"]} <a href="{html.escape(record.url)}">{html.escape(record.url)}</a></p>')
    page = html.escape(base_url + record.file_name(".html"))
    parts.append(f'<p><a href="{page}">{labels["transcript"]}</a></p>')
    if record.narrator:
        parts.append(f'<p>{html.escape(labels["narrator"].format(engine=record.narrator))}</p>')
    return "".join(parts)
