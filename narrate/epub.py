"""A read-along book of an episode: EPUB 3 with Media Overlays, from the exact time narrate
spoke each sentence (no alignment step, so nothing drifts).

The text is as written, the audio as spoken: one XHTML document with an element (and an id)
per sentence, one SMIL overlay with a ``par`` per sentence whose clip is the sentence's time
in the MP3, which is inside the book. The intro and the credits are marked on their ``seq``
so that reading systems may skip them; chapters are in the navigation document; the
package carries the EPUB Accessibility 1.1 metadata and says the narrator is a synthetic voice.

Hand-written rather than through an EPUB library: none writes Media Overlays, and the
package is a few small XML files in a zip whose first entry is stored.
"""

from __future__ import annotations

import html
import zipfile
from collections.abc import Iterator
from datetime import timezone
from io import BytesIO
from itertools import groupby

from .locales import words_for
from .models import Chapter, RenderContext, TimedDocument, TimedSentence

ACTIVE_CLASS = "-epub-media-overlay-active"
SKIPPABLE = {"intro": "introduction", "outro": "credits"}
"""The structural semantics of the parts a listener may skip (EPUB 3 Structural Semantics)."""
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
STYLE = (
    "body { font-family: sans-serif; line-height: 1.6; margin: 1em; }\n"
    f".{ACTIVE_CLASS} {{ background-color: #ffd166; color: #000; }}\n"
    "h1 { font-size: 1.5em; } h2 { font-size: 1.25em; }\n"
)


def epub_book(document: TimedDocument, context: RenderContext) -> bytes:
    """The EPUB 3 file of ``document``, its MP3 inside."""
    cover = context.cover if context.cover and context.cover.is_file() else None
    files = {
        "META-INF/container.xml": _container(),
        "EPUB/package.opf": _package(document, cover.suffix if cover else None),
        "EPUB/nav.xhtml": _navigation(document),
        "EPUB/text.xhtml": _text(document),
        "EPUB/overlay.smil": _overlay(document),
        "EPUB/style.css": STYLE,
    }
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr(entry("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for name, text in files.items():
            book.writestr(entry(name), text, compress_type=zipfile.ZIP_DEFLATED)
        book.writestr(entry("EPUB/audio.mp3"), context.audio.read_bytes(), compress_type=zipfile.ZIP_STORED)  # MP3 does not compress
        if cover:
            book.writestr(entry(f"EPUB/cover{cover.suffix}"), cover.read_bytes(), compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


def entry(name: str) -> zipfile.ZipInfo:
    """A zip entry dated 1980-01-01 (the zip epoch), so that the same episode gives the same
    book byte for byte, whenever it is made."""
    return zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))


def clock(milliseconds: int) -> str:
    """A SMIL clock value: "0:01:02.345"."""
    seconds, milliseconds = divmod(max(0, milliseconds), 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}.{milliseconds:03d}"


def escape(text: str) -> str:
    """``text`` as XHTML and XML text or attribute value (quotes escaped too)."""
    return html.escape(text, quote=True)


def _container() -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
        '<rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles>\n'
        "</container>\n"
    )


def _package(document: TimedDocument, cover_suffix: str | None) -> str:
    words = words_for(document.language)
    modified = document.published.astimezone(timezone.utc).replace(microsecond=0, tzinfo=None).isoformat() + "Z"  # a year of 4 figures
    creator = document.author or document.publisher
    narrator = f"{words['synthetic_voice']} ({document.narrator})"
    summary = words["epub_accessibility_summary"].format(engine=document.narrator)
    features = ("synchronizedAudioText", "transcript", "structuralNavigation", "readingOrder", "tableOfContents", "displayTransformability")
    metadata = [
        f'<dc:identifier id="uid">urn:uuid:{escape(document.guid)}</dc:identifier>',
        f"<dc:title>{escape(document.title)}</dc:title>",
        f"<dc:language>{escape(document.language)}</dc:language>",
        f"<dc:creator>{escape(creator)}</dc:creator>",
        f"<dc:publisher>{escape(document.show)}</dc:publisher>",
        f"<dc:date>{document.published.date().isoformat()}</dc:date>",
        *([f"<dc:source>{escape(document.url)}</dc:source>"] if document.url else []),
        f'<meta property="dcterms:modified">{modified}</meta>',
        f'<meta property="media:duration">{clock(document.duration_ms)}</meta>',
        f'<meta property="media:duration" refines="#overlay">{clock(document.duration_ms)}</meta>',
        f'<meta property="media:active-class">{ACTIVE_CLASS}</meta>',
        f'<meta property="media:narrator">{escape(narrator)}</meta>',
        '<meta property="schema:accessMode">auditory</meta>',
        '<meta property="schema:accessMode">textual</meta>',
        '<meta property="schema:accessModeSufficient">textual</meta>',
        '<meta property="schema:accessModeSufficient">auditory</meta>',
        '<meta property="schema:accessModeSufficient">auditory,textual</meta>',
        *(f'<meta property="schema:accessibilityFeature">{feature}</meta>' for feature in features),
        '<meta property="schema:accessibilityHazard">none</meta>',
        f'<meta property="schema:accessibilitySummary">{escape(summary)}</meta>',
        f'<meta property="dcterms:conformsTo">{CONFORMS_TO}</meta>',
        '<meta property="a11y:certifiedBy">narrate</meta>',
    ]
    manifest = [
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
        '<item id="text" href="text.xhtml" media-type="application/xhtml+xml" media-overlay="overlay"/>',
        '<item id="overlay" href="overlay.smil" media-type="application/smil+xml"/>',
        '<item id="audio" href="audio.mp3" media-type="audio/mpeg"/>',
        '<item id="style" href="style.css" media-type="text/css"/>',
    ]
    if cover_suffix:
        media_type = "image/png" if cover_suffix == ".png" else "image/jpeg"
        manifest.append(f'<item id="cover" href="cover{cover_suffix}" media-type="{media_type}" properties="cover-image"/>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" '
        f'xml:lang="{escape(document.language)}" '
        'prefix="media: http://www.idpf.org/epub/vocab/overlays/# schema: http://schema.org/ '
        'a11y: http://www.idpf.org/epub/vocab/package/a11y/#">\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n' + "\n".join(metadata) + "\n</metadata>\n"
        "<manifest>\n" + "\n".join(manifest) + "\n</manifest>\n"
        '<spine><itemref idref="text"/></spine>\n'
        "</package>\n"
    )


def _xhtml(document: TimedDocument, title: str, body: str) -> str:
    language = escape(document.language)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="{language}" xml:lang="{language}">\n'
        f'<head><meta charset="UTF-8"/><title>{escape(title)}</title><link rel="stylesheet" href="style.css"/></head>\n'
        f"<body>\n{body}</body>\n</html>\n"
    )


def _navigation(document: TimedDocument) -> str:
    entries = "".join(
        f'<li><a href="text.xhtml#chapter-{number}">{escape(chapter.title)}</a></li>\n'
        for number, chapter in enumerate(document.chapters, start=1)
    )
    words = words_for(document.language)
    body = (
        f'<nav epub:type="toc" id="toc" role="doc-toc"><h1>{escape(document.title)}</h1>\n<ol>\n{entries}</ol></nav>\n'
        f'<nav epub:type="landmarks" id="landmarks" hidden="hidden"><h2>{escape(words["chapters"])}</h2><ol>\n'
        f'<li><a epub:type="bodymatter" href="text.xhtml#chapter-1">{escape(document.chapters[0].title if document.chapters else document.title)}</a></li>\n'
        "</ol></nav>\n"
    )
    return _xhtml(document, document.title, body)


def _heading_sentence(chapter: Chapter) -> TimedSentence | None:
    """The chapter's first sentence when it only says the chapter's title ("Résumé."): the
    heading is then its text, not a paragraph of its own."""
    if chapter.sentences and chapter.sentences[0].text.rstrip(" .:!?").strip() == chapter.title.strip():
        return chapter.sentences[0]
    return None


Numbered = tuple[int, TimedSentence]


def _numbered(document: TimedDocument) -> Iterator[tuple[int, Chapter, Numbered | None, list[list[Numbered]]]]:
    """Each chapter, numbered, with its heading sentence and its paragraphs, every sentence
    numbered in reading order (its element is "s<number>", its par "p<number>")."""
    number = 0
    for chapter_number, chapter in enumerate(document.chapters, start=1):
        heading_sentence = _heading_sentence(chapter)
        heading: Numbered | None = None
        if heading_sentence:
            number += 1
            heading = (number, heading_sentence)
        paragraphs = []
        for _, sentences in groupby(chapter.sentences[1 if heading else 0:], key=lambda sentence: sentence.paragraph):
            paragraph = []
            for sentence in sentences:
                number += 1
                paragraph.append((number, sentence))
            paragraphs.append(paragraph)
        yield chapter_number, chapter, heading, paragraphs


def _text(document: TimedDocument) -> str:
    parts = [f"<h1>{escape(document.title)}</h1>\n"]
    for chapter_number, chapter, heading, paragraphs in _numbered(document):
        kind = SKIPPABLE.get(chapter.kind)
        section_type = f' epub:type="{kind}" role="doc-{kind}"' if kind else ""
        parts.append(f'<section id="chapter-{chapter_number}"{section_type} aria-labelledby="heading-{chapter_number}">\n')
        title = escape(chapter.title)
        if heading:
            title = f'<span id="s{heading[0]}">{title}</span>'
        parts.append(f'<h2 id="heading-{chapter_number}">{title}</h2>\n')
        for paragraph in paragraphs:
            parts.append("<p>" + " ".join(f'<span id="s{n}">{escape(sentence.text)}</span>' for n, sentence in paragraph) + "</p>\n")
        parts.append("</section>\n")
    return _xhtml(document, document.title, "".join(parts))


def _overlay(document: TimedDocument) -> str:
    parts = []
    for chapter_number, chapter, heading, paragraphs in _numbered(document):
        kind = SKIPPABLE.get(chapter.kind)
        seq_type = f' epub:type="{kind}"' if kind else ""
        pars = [
            f'<par id="p{number}"><text src="text.xhtml#s{number}"/>'
            f'<audio src="audio.mp3" clipBegin="{clock(sentence.start_ms)}" clipEnd="{clock(sentence.end_ms)}"/></par>'
            for number, sentence in [*([heading] if heading else []), *(item for paragraph in paragraphs for item in paragraph)]
        ]
        parts.append(
            f'<seq id="seq-{chapter_number}" epub:textref="text.xhtml#chapter-{chapter_number}"{seq_type}>\n'
            + "\n".join(pars) + "\n</seq>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:epub="http://www.idpf.org/2007/ops" version="3.0">\n'
        "<body>\n" + "".join(parts) + "</body>\n</smil>\n"
    )
