"""Write the spoken script of an episode, in the article's language: intro, summary,
optionally the whole article, and outro. Each segment becomes a chapter, and each
chapter opens by saying its own title so a listener who jumps to it knows where they are.
"""

from __future__ import annotations

import math
from datetime import datetime
from urllib.parse import urlsplit

from .config import Show
from .models import Article, Script, Segment, Summary
from .tokenize import french_tokenizer

SPEAKING_RATE_WPM = 160
"""Words per minute assumed when estimating a length before anything is spoken."""

TEMPLATES: dict[str, dict[str, str]] = {
    "fr": {
        "intro_title": "Introduction",
        "summary_title": "Résumé",
        "article_title": "Article complet",
        "outro_title": "Sources et crédits",
        "welcome": "Bienvenue dans {show}.",
        "byline": "Un article de {author}.",
        "dateline": "Publié le {date}.",
        "byline_dateline": "Un article de {author}, publié le {date}.",
        "length": "Durée de l'épisode : {length}.",
        "parts": "{count} parties suivent : {parts}.",
        "summary_part": "le résumé",
        "article_part": "l'article complet",
        "outro_part": "les sources et les crédits",
        "then": "puis",
        "source": "Cet épisode reprend l'article « {title} »{by}{on}.",
        "source_by": ", de {author}",
        "source_on": ", publié le {date}",
        "url": "Vous le trouverez sur {host}.",
        "method": "Le résumé est extractif : ses phrases sont celles de l'article, choisies automatiquement.",
        "credits": "Lu par une voix de synthèse, produit avec narrate.",
        "thanks": "Merci de votre écoute.",
    },
    "en": {
        "intro_title": "Introduction",
        "summary_title": "Summary",
        "article_title": "Full article",
        "outro_title": "Sources and credits",
        "welcome": "Welcome to {show}.",
        "byline": "An article by {author}.",
        "dateline": "Published on {date}.",
        "byline_dateline": "An article by {author}, published on {date}.",
        "length": "This episode lasts {length}.",
        "parts": "{count} parts follow: {parts}.",
        "summary_part": "the summary",
        "article_part": "the full article",
        "outro_part": "sources and credits",
        "then": "then",
        "source": "This episode is based on the article “{title}”{by}{on}.",
        "source_by": ", by {author}",
        "source_on": ", published on {date}",
        "url": "You will find it on {host}.",
        "method": "The summary is extractive: its sentences are the article's own, chosen automatically.",
        "credits": "Read by a synthetic voice, produced with narrate.",
        "thanks": "Thank you for listening.",
    },
}

FRENCH_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)
FRENCH_COUNTS = {2: "Deux", 3: "Trois", 4: "Quatre"}


def write_script(article: Article, summary: Summary, show: Show, *, full: bool = False, minutes: float | None = None) -> Script:
    """The episode's script; ``minutes`` is its spoken length, estimated from word count when None."""
    words = _templates(article.language)
    tokenizer = french_tokenizer()
    summary_segment = Segment("summary", words["summary_title"], ((words["summary_title"] + ".",), summary.sentences))
    body = [summary_segment]
    if full:
        paragraphs = tuple(tokenizer.to_sentences(paragraph) for paragraph in article.paragraphs)
        body.append(Segment("article", words["article_title"], ((words["article_title"] + ".",), *paragraphs)))
    outro = _outro(article, words)
    if minutes is None:
        minutes = estimate_minutes([*body, outro])
    intro = _intro(article, show, words, [*body, outro], minutes)
    return Script(article=article, summary=summary, segments=(intro, *body, outro))


def estimate_minutes(segments: list[Segment]) -> float:
    """Spoken length of ``segments`` at an ordinary speaking rate, plus a little for the intro."""
    word_count = sum(len(sentence.split()) for segment in segments for sentence in segment.sentences)
    return word_count / SPEAKING_RATE_WPM + 0.25


def spoken_date(moment: datetime, language: str) -> str:
    """A date as it is said: "1er juillet 2021", "2 juillet 2021"; "July 2, 2021" in English."""
    if language == "fr":
        day = "1er" if moment.day == 1 else str(moment.day)
        return f"{day} {FRENCH_MONTHS[moment.month - 1]} {moment.year}"
    return f"{moment:%B} {moment.day}, {moment.year}"


def spoken_length(minutes: float, language: str) -> str:
    """ "environ 3 minutes", rounded to the nearest minute, never zero."""
    whole = max(1, math.floor(minutes + 0.5))
    if language == "fr":
        return "environ une minute" if whole == 1 else f"environ {whole} minutes"
    return "about one minute" if whole == 1 else f"about {whole} minutes"


def _templates(language: str) -> dict[str, str]:
    return TEMPLATES.get(language, TEMPLATES["fr"])


def _intro(article: Article, show: Show, words: dict[str, str], following: list[Segment], minutes: float) -> Segment:
    opening = [words["welcome"].format(show=show.title), _end_sentence(article.title)]
    date = spoken_date(article.published, article.language) if article.published else None
    if article.author and date:
        opening.append(words["byline_dateline"].format(author=article.author, date=date))
    elif article.author:
        opening.append(words["byline"].format(author=article.author))
    elif date:
        opening.append(words["dateline"].format(date=date))
    names = [words[f"{segment.kind}_part"] for segment in following]
    parts = f"{', '.join(names[:-1])}, {words['then']} {names[-1]}"
    count = FRENCH_COUNTS.get(len(names), str(len(names))) if article.language == "fr" else str(len(names))
    plan = [
        words["length"].format(length=spoken_length(minutes, article.language)),
        words["parts"].format(count=count, parts=parts),
    ]
    return Segment("intro", words["intro_title"], (tuple(opening), tuple(plan)))


def _outro(article: Article, words: dict[str, str]) -> Segment:
    by = words["source_by"].format(author=article.author) if article.author else ""
    on = words["source_on"].format(date=spoken_date(article.published, article.language)) if article.published else ""
    source = [words["source"].format(title=article.title.rstrip(".!? "), by=by, on=on)]
    if article.url:
        source.append(words["url"].format(host=urlsplit(article.url).hostname or article.url))
    credits = (words["method"], words["credits"], words["thanks"])
    return Segment("outro", words["outro_title"], ((words["outro_title"] + ".",), tuple(source), credits))


def _end_sentence(text: str) -> str:
    """A title read as a sentence needs a full stop, unless it already ends with one."""
    return text if text.endswith((".", "!", "?", "…")) else text + "."
