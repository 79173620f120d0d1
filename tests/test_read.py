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
        ("Titre\n\nUn texte en latin-1 : été.".encode("latin-1"), "not UTF-8"),
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
