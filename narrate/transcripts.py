"""Everything heard, as text: WebVTT and SRT captions (one cue per sentence, timed from the
engine's own sentence times), a plain transcript, and the chapters as Podcasting 2.0 JSON and
as WebVTT chapters for web players. The cues carry the written text, not the spoken form."""

from __future__ import annotations

import html
import json
import re
import textwrap
from collections.abc import Sequence
from itertools import groupby

from .models import Chapter

CUE_LINE_CHARACTERS = 65
"""Apple's limit for a caption line."""


def timestamp(milliseconds: int, decimal: str = ".") -> str:
    """ "00:01:02.345" (WebVTT) or "00:01:02,345" (SRT)."""
    seconds, milliseconds = divmod(max(0, milliseconds), 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{decimal}{milliseconds:03d}"


def _cue_text(text: str) -> str:
    """The text wrapped into caption lines; a blank line would end the cue, so there is none."""
    text = " ".join(text.split())
    return "\n".join(textwrap.wrap(text, CUE_LINE_CHARACTERS, break_long_words=False, break_on_hyphens=False)) or text


def _vtt_text(text: str) -> str:
    """Cue text as WebVTT requires: "&", "<" and ">" escaped, so that "ouvre < 10 h > comme prévu"
    stays whole, "AT&T" is read as written, and "-->" can never look like a timing line."""
    return html.escape(_cue_text(text), quote=False)


def _vtt_note(text: str) -> str:
    """A NOTE's text: on one line, and without "-->", which would end the note (WebVTT 4.1)."""
    return " ".join(text.split()).replace("-->", "->")


def _srt_text(text: str) -> str:
    """SubRip has no escapes: "-->" is broken with a word joiner, "<" (which players take for a
    tag) becomes the look-alike "‹" only where it opens something that looks like a tag."""
    return re.sub(r"<(?=/?[A-Za-z])", "‹", _cue_text(text).replace("-->", "--\u2060>"))


def webvtt(chapters: Sequence[Chapter]) -> str:
    """WebVTT captions: one cue per sentence, lines of at most 65 characters."""
    blocks = ["WEBVTT"]
    number = 0
    for chapter in chapters:
        blocks.append(f"NOTE {_vtt_note(chapter.title)}")
        for sentence in chapter.sentences:
            number += 1
            blocks.append(
                f"{number}\n{timestamp(sentence.start_ms)} --> {timestamp(sentence.end_ms)}\n{_vtt_text(sentence.text)}"
            )
    return "\n\n".join(blocks) + "\n"


def srt(chapters: Sequence[Chapter]) -> str:
    """SubRip captions: one cue per sentence."""
    sentences = [sentence for chapter in chapters for sentence in chapter.sentences]
    return "\n".join(
        f"{number}\n{timestamp(s.start_ms, ',')} --> {timestamp(s.end_ms, ',')}\n{_srt_text(s.text)}\n"
        for number, s in enumerate(sentences, start=1)
    )


def plain_text(title: str, chapters: Sequence[Chapter]) -> str:
    """The whole transcript: the title, then each chapter's title and its paragraphs."""
    parts = [title]
    for chapter in chapters:
        parts.append(chapter.title)
        parts.extend(paragraphs(chapter))
    return "\n\n".join(parts) + "\n"


def paragraphs(chapter: Chapter) -> list[str]:
    """The chapter's sentences laid out in their paragraphs, as written."""
    return [
        " ".join(sentence.text for sentence in sentences)
        for _, sentences in groupby(chapter.sentences, key=lambda sentence: sentence.paragraph)
    ]


def chapters_json(chapters: Sequence[Chapter]) -> str:
    """JSON Chapters 1.2 (Podcasting 2.0): start and end in seconds, title, and a URL when known."""
    entries = []
    for chapter in chapters:
        entry: dict[str, object] = {"startTime": chapter.start_ms / 1000, "title": chapter.title}
        if chapter.url:
            entry["url"] = chapter.url
        entry["endTime"] = chapter.end_ms / 1000
        entries.append(entry)
    return json.dumps({"version": "1.2.0", "chapters": entries}, ensure_ascii=False, indent=2) + "\n"


def chapters_webvtt(chapters: Sequence[Chapter]) -> str:
    """The chapters as a WebVTT file, for <track kind="chapters"> in a web player."""
    cues = [
        f"{number}\n{timestamp(c.start_ms)} --> {timestamp(c.end_ms)}\n{_vtt_text(c.title)}"
        for number, c in enumerate(chapters, start=1)
    ]
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"
