"""Write the spoken script of an episode, in the article's language: intro, summary,
optionally the whole article, and outro. Each segment becomes a chapter, and each
chapter opens by saying its own title so a listener who jumps to it knows where they are.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from urllib.parse import urlsplit

from num2words import num2words

from .config import Show
from .labels import without_labels
from .locales import table_language, words_for
from .models import Article, Script, Segment, Summary
from .normalize.fr_tables import MONTHS as FRENCH_MONTHS
from .tokenize import french_tokenizer

SPOKEN_TITLE_MAX_WORDS = 30
"""Titles, show names and bylines longer than this are cut where they are spoken."""
SPEAKING_RATE_WPM = 160
"""Words per minute assumed when estimating a length before anything is spoken."""


SECTION_WORDS = 220
"""About how many words of the full article make one chapter (a minute and a half) when it has no headings."""
HEADING_MAX_WORDS = 12
_HEADING = re.compile(r"^[^\W\d_].*[^.!?…:;,»\"”)]$")


SHORT_INTRO_WORDS = 14
"""A short intro names the source too when the title and the source together are at most this
many words: with a long title it would make the frame more than a seventh of a one-minute episode."""
LONG_FRAME_CHAPTERS = 5
"""With "auto", an episode of this many chapters (the full article in three parts or more) has
the long frame: its plan tells a listener what they can jump to."""


def write_script(
    article: Article, summary: Summary, show: Show, *, full: bool = False, minutes: float | None = None, narrator: str = "",
    frame: str = "auto",
) -> Script:
    """The episode's script; ``frame`` (one of config.FRAMES) sets what its intro and outro say.
    With the long frame, ``minutes`` is its spoken length, estimated from word count when None,
    and the credits name the speech engine that reads it, ``narrator``, when given."""
    words = _templates(article.language)
    summary_segment = Segment("summary", words["summary_title"], ((words["summary_title"] + ".",), summary.sentences))
    body = [summary_segment]
    if full:
        body.extend(_article_sections(article, words))
    if frame == "short" or frame == "auto" and len(body) + 2 < LONG_FRAME_CHAPTERS:
        return Script(article=article, summary=summary, segments=(_short_intro(article, show, words), *body, _short_outro(article, words)))
    outro = _outro(article, words, narrator)
    if minutes is None:
        minutes = estimate_minutes([*body, outro])
    intro = _intro(article, show, words, [*body, outro], minutes)
    return Script(article=article, summary=summary, segments=(intro, *body, outro))


def _short_intro(article: Article, show: Show, words: dict[str, str]) -> Segment:
    """One sentence: the show, the title, and the source when the title leaves room for it
    (the outro always names it): "Narrate : La piscine ferme, par Claire Dumas."."""
    source = article.author and spoken_title(article.author) or _spoken_host(article.url)
    said = {"show": show_name(show.title), "title": spoken_headline(article.title).rstrip(" .")}
    short_enough = (
        source and len(said["title"].split()) + len(source.split()) <= SHORT_INTRO_WORDS
        and not said["title"].endswith(("?", "!", "…"))  # "Faut-il partir ?, par …" reads wrong
    )
    sentence = words["intro_source"].format(source=source, **said) if short_enough else words["intro_short"].format(**said)
    return Segment("intro", words["intro_title"], ((_end_sentence(sentence),),))


_TAGLINE = re.compile(r"\s+[:|–—-]\s+|\s*:\s+")


def show_name(title: str) -> str:
    """The show's name without its tagline, as a short intro says it: "Narrate : l'actualité à
    écouter" is "Narrate" (the long intro says it all)."""
    name = _TAGLINE.split(title, maxsplit=1)[0].strip()
    return spoken_title(name if name else title)


def _short_outro(article: Article, words: dict[str, str]) -> Segment:
    """One sentence: where the article comes from (its site, else its author) and that a
    synthetic voice read it, which is owed to every listener."""
    source = _spoken_host(article.url) or article.author and spoken_title(article.author)
    said = words["outro_short"].format(source=source) if source else words["outro_anonymous"]
    return Segment("outro", words["outro_title"], ((said,),))


def _spoken_host(url: str | None) -> str:
    """The site an article comes from, as said: its host without "www."."""
    host = urlsplit(url).hostname or "" if url else ""
    return host.removeprefix("www.")


def digest_title(day: datetime, language: str) -> str:
    """ "Le point du 2 juillet 2021": a digest episode's title."""
    return _templates(language)["digest_title"].format(date=spoken_date(day, language))


def write_digest_script(
    items: list[tuple[Article, Summary, str]], show: Show, day: datetime, *, minutes: float | None = None, narrator: str = "",
) -> Script:
    """The script of a digest: an intro with the date and the count, then for each article
    (with the URL of its own episode page) a chapter that announces it and reads its summary,
    then an outro."""
    language = items[0][0].language
    words = _templates(language)
    count = len(items)
    title = digest_title(day, language)
    chapters = []
    for number, (article, summary, url) in enumerate(items, start=1):
        announce = words["digest_item"].format(
            number=_count_words(number, language), count=_count_words(count, language),
            title=spoken_headline(article.title).rstrip(".!? "),
        )
        byline = _byline(article, words)
        chapters.append(Segment(
            "digest-item", article.title, ((_end_sentence(announce), *([byline] if byline else [])), summary.sentences), url,
        ))
    date = spoken_date(day, language)
    outro = Segment("outro", words["outro_title"], (
        (words["outro_title"] + ".",), (words["digest_outro"].format(date=date), words["digest_more"]),
        _credits(words, narrator),
    ))
    if minutes is None:
        minutes = estimate_minutes([*chapters, outro])
    counted = words["digest_count_one"] if count == 1 else words["digest_count"].format(
        count=_count_words(count, language).capitalize()
    )
    intro = Segment("intro", words["intro_title"], (
        (words["welcome"].format(show=spoken_title(show.title)), _end_sentence(title)),
        (counted, words["length"].format(length=spoken_length(minutes, language))),
    ))
    digest = Article(
        source=f"digest-{day:%Y-%m-%d}", title=title, paragraphs=(), author=show.author, published=day,
        language=language,
    )
    return Script(article=digest, summary=Summary(tuple(s for _, summary, _ in items for s in summary.sentences)),
                  segments=(intro, *chapters, outro))


def _byline(article: Article, words: dict[str, str]) -> str:
    date = spoken_date(article.published, article.language) if article.published else None
    author = spoken_title(article.author) if article.author else None
    if author and date:
        return words["byline_dateline"].format(author=author, date=date)
    if author:
        return words["byline"].format(author=author)
    return words["dateline"].format(date=date) if date else ""


def estimate_minutes(segments: list[Segment]) -> float:
    """Spoken length of ``segments`` at an ordinary speaking rate, plus a little for the intro."""
    word_count = sum(len(sentence.split()) for segment in segments for sentence in segment.sentences)
    return word_count / SPEAKING_RATE_WPM + 0.25


def spoken_date(moment: datetime, language: str) -> str:
    """A date as it is said: "1er juillet 2021", "2 juillet 2021"; "July 2, 2021" in English."""
    if table_language(language) == "fr":
        day = "1er" if moment.day == 1 else str(moment.day)
        return f"{day} {FRENCH_MONTHS[moment.month - 1]} {moment.year}"
    return f"{moment:%B} {moment.day}, {moment.year}"


def spoken_length(minutes: float, language: str) -> str:
    """ "environ 3 minutes", rounded to the nearest minute, never zero."""
    whole = max(1, math.floor(minutes + 0.5))
    if table_language(language) == "fr":
        return "environ une minute" if whole == 1 else f"environ {whole} minutes"
    return "about one minute" if whole == 1 else f"about {whole} minutes"


def _templates(language: str) -> dict[str, str]:
    return words_for(language)


def _intro(article: Article, show: Show, words: dict[str, str], following: list[Segment], minutes: float) -> Segment:
    opening = [words["welcome"].format(show=spoken_title(show.title)), _end_sentence(spoken_headline(article.title))]
    byline = _byline(article, words)
    if byline:
        opening.append(byline)
    sections = sum(segment.kind == "article" for segment in following)
    article_name = words["article_parts"].format(
        count=_count_words(sections, article.language, feminine=True)
    ) if sections > 1 else words["article_part"]
    names: list[str] = []
    for segment in following:  # the article's sections are named once, together
        name = article_name if segment.kind == "article" else words[f"{segment.kind}_part"]
        if not names or names[-1] != name:
            names.append(name)
    parts = f"{', '.join(names[:-1])}, {words['then']} {names[-1]}" if len(names) > 1 else names[0]
    chapters = len(following)
    plan = [
        words["length"].format(length=spoken_length(minutes, article.language)),
        words["one_part"].format(parts=parts) if chapters == 1 else words["parts"].format(
            count=_count_words(chapters, article.language, feminine=True).capitalize(), parts=parts
        ),
    ]
    return Segment("intro", words["intro_title"], (tuple(opening), tuple(plan)))


def _count_words(number: int, language: str, *, feminine: bool = False) -> str:
    """A small count in words ("trois"), agreeing with a feminine noun ("une", "vingt et une")."""
    words = num2words(number, lang=table_language(language))
    if feminine and table_language(language) == "fr" and (words == "un" or words.endswith((" un", "-un"))):
        words += "e"
    return words


def _article_sections(article: Article, words: dict[str, str]) -> list[Segment]:
    """The full article as chapters: one per heading, else parts of about SECTION_WORDS words.

    Each chapter opens by saying its title, so a listener who jumps to it knows where they are.
    """
    tokenizer = french_tokenizer()
    groups: list[tuple[str | None, list[str]]] = []
    for paragraph in article.paragraphs:
        if _is_heading(paragraph):
            groups.append((paragraph, []))
        elif groups:
            groups[-1][1].append(paragraph)
        else:
            groups.append((None, [paragraph]))
    groups = [(heading, paragraphs) for heading, paragraphs in groups if paragraphs]
    if not any(heading for heading, _ in groups):
        groups = [(None, part) for part in _parts_by_length(list(article.paragraphs))]
    sections = []
    for number, (heading, paragraphs) in enumerate(groups, start=1):
        if heading:
            title = heading
        elif len(groups) == 1 or any(heading for heading, _ in groups):
            title = words["article_title"]
        else:
            title = words["section_title"].format(number=number, count=len(groups))
        spoken = tuple(tokenizer.to_sentences(paragraph) for paragraph in paragraphs)
        sections.append(Segment("article", title, ((_end_sentence(title),), *spoken)))
    return sections


def _is_heading(paragraph: str) -> bool:
    """A short line without final punctuation, as section headings are written."""
    return len(paragraph.split()) <= HEADING_MAX_WORDS and bool(_HEADING.match(paragraph))


def _parts_by_length(paragraphs: list[str]) -> list[list[str]]:
    """Consecutive paragraphs grouped into parts of about SECTION_WORDS words; one part if short."""
    total = sum(len(paragraph.split()) for paragraph in paragraphs)
    count = max(1, round(total / SECTION_WORDS))
    target = total / count
    parts: list[list[str]] = [[]]
    written = 0
    for paragraph in paragraphs:
        if parts[-1] and written >= target * len(parts) and len(parts) < count:
            parts.append([])
        parts[-1].append(paragraph)
        written += len(paragraph.split())
    return parts


def _outro(article: Article, words: dict[str, str], narrator: str) -> Segment:
    by = words["source_by"].format(author=spoken_title(article.author)) if article.author else ""
    on = words["source_on"].format(date=spoken_date(article.published, article.language)) if article.published else ""
    source = [words["source"].format(title=spoken_headline(article.title).rstrip(".!? "), by=by, on=on)]
    if article.url:
        source.append(words["url"].format(host=_spoken_host(article.url) or article.url))
    return Segment("outro", words["outro_title"], ((words["outro_title"] + ".",), tuple(source), _credits(words, narrator)))


SPOKEN_ENGINES = {"espeak-ng": "eSpeak NG", "gtts": "Google", "piper": "Piper"}
"""Speech engines by the names the credits say."""


def _credits(words: dict[str, str], narrator: str) -> tuple[str, str, str]:
    """How the summary was made, that a synthetic voice reads it (and which), and thanks."""
    said = words["credits_engine"].format(engine=SPOKEN_ENGINES.get(narrator, narrator)) if narrator else words["credits"]
    return (words["method"], said, words["thanks"])


def spoken_title(text: str) -> str:
    """``text`` as the intro and outro say it: at most SPOKEN_TITLE_MAX_WORDS words, cut with
    an ellipsis. A title of ten thousand characters would otherwise be an intro of minutes."""
    words = text.split()
    if len(words) <= SPOKEN_TITLE_MAX_WORDS:
        return text
    return " ".join(words[:SPOKEN_TITLE_MAX_WORDS]).rstrip(",;:") + "…"


def spoken_headline(title: str) -> str:
    """An article's title as the intro, the outro and a digest say it: without the publisher's
    labels ("VIDÉO.", "EN IMAGES"), and at most SPOKEN_TITLE_MAX_WORDS words."""
    return spoken_title(without_labels(title))


def _end_sentence(text: str) -> str:
    """A title read as a sentence needs a full stop, unless it already ends with one."""
    return text if text.endswith((".", "!", "?", "…")) else text + "."
