from datetime import datetime

from narrate.config import load_settings
from narrate.models import Summary
from narrate.read import read_article
from narrate.script import spoken_date, spoken_length, write_script


def test_the_long_frame_says_the_byline_the_length_and_the_plan(marche):
    article = read_article(marche)
    summary = Summary(("Première phrase.", "Deuxième phrase."))
    script = write_script(article, summary, load_settings().show, minutes=2.4, frame="long")
    assert [segment.kind for segment in script.segments] == ["intro", "summary", "outro"]
    assert [segment.title for segment in script.segments] == ["Introduction", "Résumé", "Sources et crédits"]
    intro = " ".join(script.segments[0].sentences)
    assert "Bienvenue dans Narrate" in intro
    assert article.title in intro
    assert "Un article de Claire Dumas, publié le 1er mars 2024." in intro
    assert "environ 2 minutes" in intro
    assert "Deux parties suivent : le résumé, puis les sources et les crédits." in intro
    assert script.segments[1].sentences == ("Résumé.", "Première phrase.", "Deuxième phrase.")
    outro = " ".join(script.segments[2].sentences)
    assert outro.startswith("Sources et crédits.")
    assert "de Claire Dumas, publié le 1er mars 2024" in outro
    assert "Merci de votre écoute." in outro


def test_full_mode_adds_the_whole_article_as_a_chapter(marche):
    article = read_article(marche)
    script = write_script(article, Summary(("Une phrase.",)), load_settings().show, full=True, frame="long")
    assert [segment.kind for segment in script.segments] == ["intro", "summary", "article", "outro"]
    full = script.segments[2]
    assert full.paragraphs[0] == ("Article complet.",)
    assert len(full.paragraphs) == len(article.paragraphs) + 1
    assert "Trois parties suivent" in " ".join(script.segments[0].sentences)


def test_english_article_gets_an_english_script(bridge):
    article = read_article(bridge, language="en")
    script = write_script(article, Summary(("One sentence.",)), load_settings().show, frame="long")
    assert [segment.title for segment in script.segments] == ["Introduction", "Summary", "Sources and credits"]
    assert "You will find it on example.org." in script.segments[-1].sentences
    short = write_script(article, Summary(("One sentence.",)), load_settings().show)
    assert short.segments[-1].sentences == ("From example.org, in a synthetic voice.",)


def test_spoken_dates_and_lengths():
    assert spoken_date(datetime(2021, 7, 2), "fr") == "2 juillet 2021"
    assert spoken_date(datetime(2024, 3, 1), "fr") == "1er mars 2024"
    assert spoken_date(datetime(2024, 3, 1), "en") == "March 1, 2024"
    assert spoken_length(0.3, "fr") == "environ une minute"
    assert spoken_length(4.6, "fr") == "environ 5 minutes"


def test_a_language_without_a_table_is_dressed_wholly_in_the_fallback(marche):
    """"This episode lasts about one minute. Trois parts follow" for a show in German (N8)."""
    from dataclasses import replace

    article = replace(read_article(marche), language="de")
    script = write_script(article, Summary(("Eine Satz.",)), load_settings().show, full=True, frame="long")
    intro = " ".join(script.segments[0].sentences)
    assert "Three parts follow" in intro and "Trois" not in intro
    assert spoken_date(datetime(2024, 3, 1), "de") == "March 1, 2024"
    assert spoken_length(4.6, "fr-CA") == "environ 5 minutes"
