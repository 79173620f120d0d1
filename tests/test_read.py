from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from narrate.errors import ArticleError
from narrate.read import parse_date, read_article


def test_seed_article_has_title_author_date_and_no_caption_or_appeal(seed):
    article = read_article(seed)
    assert article.title.startswith("Les géants de la technologie font passer le profit")
    assert article.author == "PA"
    assert article.published == datetime(2021, 7, 2, 15, 7, tzinfo=ZoneInfo("Europe/Paris"))
    assert article.paragraphs[0].startswith("Les réseaux sociaux pourraient")
    assert article.paragraphs[-1].startswith("Un porte-parole de Facebook a déclaré")
    body = " ".join(article.paragraphs)
    assert "photo d’archives" not in body
    assert "Soutenez Epoch Times" not in body
    assert "Comment pouvez-vous nous aider" not in body
    assert len(article.paragraphs) == 13


def test_our_article_drops_caption_link_and_appeal(marche):
    article = read_article(marche)
    assert article.title == "Le marché couvert de Villeneuve rouvre après deux ans de travaux"
    assert article.author == "Claire Dumas"
    assert article.published == datetime(2024, 3, 1, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))
    body = "\n".join(article.paragraphs)
    assert "Vue de la nouvelle halle" not in body
    assert "Lire aussi" not in body
    assert "Abonnez-vous" not in body
    assert article.paragraphs[-1].startswith("« Nous espérons attirer")


def test_source_url_in_header_is_kept(bridge):
    article = read_article(bridge, language="en")
    assert article.author == "Sam Carter"
    assert article.url == "https://example.org/news/old-bridge"
    assert article.published is None
    assert article.paragraphs[0].startswith("The old bridge over the river")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 juillet 2021 15:07 Mis à jour: 3 juillet 2021", datetime(2021, 7, 2, 15, 7)),
        ("1er janvier 2020", datetime(2020, 1, 1)),
        ("le 14 Août 2023 à 8h05", datetime(2023, 8, 14, 8, 5)),
        ("02/07/2021", datetime(2021, 7, 2)),
        ("31 février 2021", None),
        ("Par Pa", None),
    ],
)
def test_dates(text, expected):
    found = parse_date(text, "Europe/Paris")
    assert found == (expected.replace(tzinfo=ZoneInfo("Europe/Paris")) if expected else None)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"   \n\n  ", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("Titre\n\nDu texte UTF-8 : été.".encode("utf-8") + b"\xe9t\xe9 cass\xe9.", "not valid UTF-8 .byte 30. nor Windows-1252"),
        (b"Titre\n\n" + bytes(range(1, 32)) * 20, "not text .control characters."),
        (b"Un titre seul\n", "no article text"),
        (b"Un titre\n\n12 34 56\n\n---\n", "no sentence"),
        (b"\nTexte sans titre.\n", "first line should be the article's title"),
    ],
)
def test_bad_files_raise_one_clear_error_naming_the_file(tmp_path: Path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleError, match=message) as raised:
        read_article(path)
    assert str(path) in str(raised.value)


def test_missing_file_is_an_article_error(tmp_path):
    with pytest.raises(ArticleError, match="cannot be read"):
        read_article(tmp_path / "absent.txt")


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-8", "utf-8-sig"])
def test_text_in_windows_1252_latin_1_or_utf_8_is_read_right(tmp_path, marche, encoding):
    text = marche.read_text(encoding="utf-8")
    if encoding == "latin-1":
        text = text.replace("’", "'")  # Latin-1 has no curly apostrophe
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(encoding))
    article = read_article(path)
    assert article.title == "Le marché couvert de Villeneuve rouvre après deux ans de travaux"
    assert "3,5 millions d" in article.paragraphs[1] and "maraîchère" in article.paragraphs[-1]


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_marks_no_reader_sees_are_not_kept_inside_words(tmp_path, suffix):
    """A soft hyphen cut "deman­de­rait" in three for the voice: it was heard with a false liaison."""
    text = "Si le patron deman\u00adde\u00adrait sa tête, il me le deman\u00adde\u00adrait à moi, dit-il au jour\u200bnal lo\u2060cal."
    body = f"{'# ' if suffix == '.md' else ''}Le pa\u00adtron\n\n{text}\n"
    path = tmp_path / f"article{suffix}"
    path.write_text(body, encoding="utf-8")
    article = read_article(path)
    assert article.title == "Le patron"
    assert "demanderait à moi, dit-il au journal local." in article.paragraphs[0]


@pytest.mark.parametrize("title", ["Le cœur de l'œuvre", "Œuvres complètes à 5 €", "Le cœur de l'œuvre coûte 12 € à l'été"])
@pytest.mark.parametrize("encoding", ["iso8859_15", "cp1252"])
def test_latin_9_and_windows_1252_are_told_apart_by_their_bytes(tmp_path, title, encoding):
    """A Latin-9 file titled "Le cœur de l'œuvre" was heard as "Le c½ur de l'½uvre" (N7)."""
    path = tmp_path / "article.txt"
    path.write_bytes(f"{title}\n\nLe conseil municipal a voté le budget hier soir. Il baisse de deux pour cent.\n".encode(encoding))
    assert read_article(path).title == title


def test_html_page_gives_main_text_and_metadata(html_article):
    article = read_article(html_article)
    assert article.title == "La bibliothèque de Villeneuve ouvre le dimanche"
    assert article.author == "Paul Martin"
    assert article.published == datetime(2024, 4, 6, 8, 15, tzinfo=ZoneInfo("Europe/Paris"))
    assert article.url == "https://journal-villeneuve.example/culture/bibliotheque-dimanche"
    body = "\n".join(article.paragraphs)
    assert article.paragraphs[0].startswith("À partir du mois prochain")
    assert "Une navette gratuite desservira les quartiers éloignés." in body
    for junk in ("Accueil", "Abonnez-vous", "Lire aussi", "salle de lecture rénovée", "Par Paul Martin"):
        assert junk not in body


def test_markdown_article_with_front_matter(tmp_path):
    path = tmp_path / "piscine.md"
    path.write_text(
        "---\ntitle: La piscine rouvre\nauthor: Léa Morel\ndate: 2024-06-01T10:00:00+02:00\n"
        "url: https://example.org/piscine\n---\n\n"
        "La piscine **municipale** rouvre [samedi](https://example.org/agenda) après six mois.\n"
        "Les travaux ont coûté cher.\n\n![plan](plan.png)\n\n## Nouveaux tarifs\n\n"
        "- entrée adulte : 4 euros ;\n- entrée enfant : 2 euros.\n\n> « C'est une bonne nouvelle », dit une nageuse.\n",
        encoding="utf-8",
    )
    article = read_article(path)
    assert article.title == "La piscine rouvre"
    assert article.author == "Léa Morel"
    assert article.published == datetime(2024, 6, 1, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert article.url == "https://example.org/piscine"
    assert article.paragraphs == (
        "La piscine municipale rouvre samedi après six mois. Les travaux ont coûté cher.",
        "Nouveaux tarifs",
        "- entrée adulte : 4 euros ;",
        "- entrée enfant : 2 euros.",
        "« C'est une bonne nouvelle », dit une nageuse.",
    )


def test_markdown_article_in_the_seed_layout(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("# Le *conseil* vote le budget\n\nPar Jean Roux\n3 mai 2024\n\nLe conseil a voté le budget hier soir.\n")
    article = read_article(path)
    assert (article.title, article.author) == ("Le conseil vote le budget", "Jean Roux")
    assert article.published.date().isoformat() == "2024-05-03"
    assert article.paragraphs == ("Le conseil a voté le budget hier soir.",)


def test_html_without_text_is_explained(tmp_path):
    path = tmp_path / "vide.html"
    path.write_text("<html><body><nav>Menu</nav></body></html>")
    with pytest.raises(ArticleError, match="no article text"):
        read_article(path)


def test_a_pages_picture_comes_with_its_article(tmp_path, html_article):
    page = html_article.read_text(encoding="utf-8").replace(
        "<head>", '<head><meta property="og:image" content="https://journal-villeneuve.example/photos/salle.jpg">', 1,
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    assert read_article(tmp_path / "page.html").image == "https://journal-villeneuve.example/photos/salle.jpg"
    hostile = page.replace("https://journal-villeneuve.example/photos/salle.jpg", "javascript:alert(1)")
    (tmp_path / "hostile.html").write_text(hostile, encoding="utf-8")
    assert read_article(tmp_path / "hostile.html").image is None  # only an http(s) picture
