"""A DAISY 2.02 talking book of an episode, for the players and libraries of blind readers that
still use it (Victor Reader, Plextalk): full text and full audio, synchronised sentence by
sentence from the times narrate spoke them, navigable by heading (the chapters) and by sentence.

A zip of the book's folder: ``ncc.html`` (the navigation control centre: the title, then a
heading per chapter), one SMIL 1.0 file per chapter with a ``par`` per sentence, the text as
XHTML, and the MP3. Hand-written: DAISY 2.02 is a handful of small files, and no maintained
Python library writes it.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from itertools import groupby

from .epub import entry, escape
from .locales import words_for
from .models import RenderContext, TimedDocument

XHTML_DOCTYPE = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">'
)
SMIL_DOCTYPE = '<!DOCTYPE smil PUBLIC "-//W3C//DTD SMIL 1.0//EN" "http://www.w3.org/TR/REC-smil/SMIL10.dtd">'


def daisy_book(document: TimedDocument, context: RenderContext) -> bytes:
    """The DAISY 2.02 book of ``document`` as a zip, its MP3 inside."""
    files = {"content.html": _content(document), "ncc.html": _ncc(document)}
    elapsed = 0
    for number, chapter in enumerate(document.chapters, start=1):
        files[_smil_name(number)] = _smil(document, number, elapsed)
        elapsed += chapter.end_ms - chapter.start_ms
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as book:
        for name, text in files.items():
            book.writestr(entry(name), text)
        book.writestr(entry("audio.mp3"), context.audio.read_bytes(), compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


def npt(milliseconds: int) -> str:
    """A SMIL 1.0 clip time: "npt=12.345s"."""
    return f"npt={max(0, milliseconds) / 1000:.3f}s"


def hms(milliseconds: int) -> str:
    seconds = round(milliseconds / 1000)
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def _smil_name(number: int) -> str:
    return f"chapter{number:03d}.smil"


def _ids(document: TimedDocument) -> list[list[str]]:
    """The id of each sentence's element in content.html, chapter by chapter."""
    number = 0
    ids = []
    for chapter in document.chapters:
        chapter_ids = []
        for _ in chapter.sentences:
            number += 1
            chapter_ids.append(f"s{number}")
        ids.append(chapter_ids)
    return ids


def _head(document: TimedDocument, title: str, extra: str = "") -> str:
    language = escape(document.language)
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{XHTML_DOCTYPE}\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" lang="{language}" xml:lang="{language}">\n'
        f'<head><meta http-equiv="Content-type" content="text/html; charset=utf-8"/><title>{escape(title)}</title>{extra}</head>\n'
    )


def _content(document: TimedDocument) -> str:
    ids = _ids(document)
    body = [f'<h1 id="title">{escape(document.title)}</h1>\n']
    for number, (chapter, chapter_ids) in enumerate(zip(document.chapters, ids), start=1):
        body.append(f'<h2 id="chapter{number}">{escape(chapter.title)}</h2>\n')
        sentences = list(zip(chapter.sentences, chapter_ids))
        for _, paragraph in groupby(sentences, key=lambda pair: pair[0].paragraph):
            body.append("<p>" + " ".join(f'<span id="{i}">{escape(s.text)}</span>' for s, i in paragraph) + "</p>\n")
    return _head(document, document.title) + "<body>\n" + "".join(body) + "</body>\n</html>\n"


def _ncc(document: TimedDocument) -> str:
    words = words_for(document.language)
    narrator = f"{words['synthetic_voice']} ({document.narrator})"
    files = 3 + len(document.chapters)  # ncc.html, content.html, audio.mp3 and the SMIL files
    meta = {
        "dc:title": document.title, "dc:creator": document.author or document.publisher, "dc:date": document.published.date().isoformat(),
        "dc:format": "Daisy 2.02", "dc:identifier": f"urn:uuid:{document.guid}", "dc:language": document.language,
        "dc:publisher": document.show, "ncc:charset": "utf-8", "ncc:generator": "narrate",
        "ncc:multimediaType": "audioFullText", "ncc:narrator": narrator, "ncc:tocItems": str(len(document.chapters)),
        "ncc:totalTime": hms(document.duration_ms), "ncc:files": str(files), "ncc:depth": "1", "ncc:setInfo": "1 of 1",
        "ncc:pageFront": "0", "ncc:pageNormal": "0", "ncc:pageSpecial": "0", "ncc:maxPageNormal": "0",
        "ncc:footnotes": "0", "ncc:prodNotes": "0", "ncc:sidebars": "0",
    }
    head = "".join(f'<meta name="{name}" content="{escape(value)}"/>' for name, value in meta.items())
    body = []
    for number, (chapter, chapter_ids) in enumerate(zip(document.chapters, _ids(document)), start=1):
        # The first heading is the book's title (DAISY 2.02); it leads to the start, the intro.
        title, kind = (document.title, ' class="title"') if number == 1 else (chapter.title, "")
        target = f"{_smil_name(number)}#par-{chapter_ids[0]}"
        body.append(f'<h1{kind} id="ncc-{number}"><a href="{target}">{escape(title)}</a></h1>\n')
    return _head(document, document.title, head) + "<body>\n" + "".join(body) + "</body>\n</html>\n"


def _smil(document: TimedDocument, number: int, elapsed_before: int) -> str:
    chapter = document.chapters[number - 1]
    pars = [
        f'<par endsync="last" id="par-{element}"><text src="content.html#{element}" id="text-{element}"/>'
        f'<audio src="audio.mp3" clip-begin="{npt(sentence.start_ms)}" clip-end="{npt(sentence.end_ms)}" id="audio-{element}"/></par>'
        for sentence, element in zip(chapter.sentences, _ids(document)[number - 1])
    ]
    duration = chapter.end_ms - chapter.start_ms
    head = (
        '<meta name="dc:format" content="Daisy 2.02"/>'
        f'<meta name="dc:title" content="{escape(document.title)}"/>'
        f'<meta name="ncc:totalElapsedTime" content="{hms(elapsed_before)}"/>'
        f'<meta name="ncc:timeInThisSmil" content="{hms(duration)}"/>'
        '<layout><region id="txtView"/></layout>'
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{SMIL_DOCTYPE}\n<smil>\n<head>{head}</head>\n'
        f'<body><seq dur="{duration / 1000:.3f}s">\n' + "\n".join(pars) + "\n</seq></body>\n</smil>\n"
    )
