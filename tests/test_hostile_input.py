"""Articles as a hostile or an unlucky user writes them: each is read right, or refused with
its reason on one line, and never breaks what is made of the others."""

from pathlib import Path

import pytest

from narrate.errors import ArticleError
from narrate.read import read_article
from narrate.script import write_script
from narrate.config import load_settings
from narrate.models import Summary
from narrate.summarize import summarize
from narrate.tokenize import MAX_SENTENCE_WORDS, french_tokenizer
from narrate.hostile import http_url

BODY = "Le conseil municipal a voté le budget hier soir. Il baisse de deux pour cent cette année."


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content, encoding="utf-8")
    return path


# --- links ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("https://example.org/a?b=c#d", "https://example.org/a?b=c#d"),
        ("HTTP://EXAMPLE.ORG/", "HTTP://EXAMPLE.ORG/"),
        ("javascript:alert(1)", None),
        ("JavaScript://example.org/%0Aalert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("file:///etc/passwd", None),
        ("https://[::1", None),
        ("https://example.org:port/", None),
        ("https:///no-host", None),
        ("https://exa mple.org/", None),
        ("//example.org/", None),
        ("", None),
    ],
)
def test_only_http_links_with_a_host_are_links(written, kept):
    assert http_url(written) == kept


def test_a_javascript_url_in_front_matter_is_dropped(tmp_path):
    path = write(tmp_path, "a.md", f"---\ntitle: Titre\nurl: javascript:alert(document.cookie)\n---\n\n{BODY}\n")
    article = read_article(path)
    assert article.url is None
    outro = write_script(article, Summary((BODY,)), load_settings().show).segments[-1]
    assert "javascript" not in " ".join(outro.sentences)


def test_a_source_url_that_does_not_parse_is_no_link(tmp_path):
    article = read_article(write(tmp_path, "a.txt", f"Titre\n\nSource : https://[::1\n\n{BODY}\n"))
    assert article.url is None


# --- characters, encodings, scripts ---------------------------------------------------------


def test_characters_xml_cannot_carry_are_dropped(tmp_path):
    article = read_article(write(tmp_path, "a.txt", f"Le \x1b[31mtitre\b\n\n{BODY} Fin\ufffe du texte\x7f.\n"))
    assert article.title == "Le [31mtitre"
    assert article.paragraphs[-1].endswith("Fin du texte.")


def test_utf16_with_a_byte_order_mark_is_read(tmp_path):
    for encoding in ("utf-16", "utf-32"):
        article = read_article(write(tmp_path, f"{encoding}.txt", f"Été brûlant\n\n{BODY}\n".encode(encoding)))
        assert article.title == "Été brûlant"


def test_windows_1252_and_latin_9_french_is_read_right(tmp_path):
    text = "Le cœur de la ville\n\nLes élèves sont déjà arrivés à l'école, où ils étudient « ensemble ».\n"
    assert read_article(write(tmp_path, "a.txt", text.encode("cp1252"))).title == "Le cœur de la ville"
    assert read_article(write(tmp_path, "b.txt", text.replace("œ", "oe").encode("latin-1"))).paragraphs[0].startswith(
        "Les élèves sont déjà arrivés à l'école"
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("Новости дня\n\nПравительство объявило сегодня о новом бюджете на следующий год.\n".encode("cp1251"),
         r"another script \(Cyrillic\)"),
        ("Ειδήσεις\n\nΗ κυβέρνηση ανακοίνωσε σήμερα τον νέο προϋπολογισμό.\n".encode("utf-8"), r"another script \(Greek\)"),
        (f"Titre\n\n{BODY} L'été est là, déjà.\n".encode("utf-8").decode("latin-1").encode("utf-8"), "encoded twice"),
        (bytes(range(1, 256)) * 40, "not text"),
        (bytes(range(0x80, 0x100)) * 40, "not text"),
    ],
    ids=["windows-1251", "greek", "double-utf8", "binary-without-nul", "high-bytes"],
)
def test_what_is_not_latin_text_is_refused_with_its_reason(tmp_path, content, reason):
    with pytest.raises(ArticleError, match=reason):
        read_article(write(tmp_path, "a.txt", content))


WALL_PAGE = """<!doctype html><html lang="fr"><head><title>Réforme des retraites : ce que change le texte</title></head>
<body><header><nav><a href="/">Accueil</a></nav></header><main><article>
<h1>Réforme des retraites : ce que change le texte</h1>
<p>Le gouvernement a présenté mardi sa réforme, qui repousse l'âge légal de départ.</p>
<div class="paywall"><p>Cet article est réservé aux abonnés. Déjà abonné ? Connectez-vous pour lire la suite.</p>
<form><input type="email" name="login"><input type="password" name="password"><button>Se connecter</button></form></div>
</article></main></body></html>"""
SCRIPT_PAGE = """<!doctype html><html lang="fr"><head><title>Le Journal</title><script src="/app.js"></script></head>
<body><noscript><p>Veuillez activer JavaScript pour afficher cet article.</p></noscript><div id="root"></div></body></html>"""


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("wall.html", WALL_PAGE, "login or subscription wall"),
        ("script.html", SCRIPT_PAGE, "only with JavaScript"),
        ("wall.txt", "Réforme des retraites\n\nLe gouvernement a présenté sa réforme.\n\nLa suite est réservée aux abonnés.\n",
         "login or subscription wall"),
    ],
)
def test_login_walls_and_script_only_pages_are_refused(tmp_path, name, content, reason):
    with pytest.raises(ArticleError, match=reason):
        read_article(write(tmp_path, name, content))


def test_an_article_about_logging_in_is_no_wall(tmp_path):
    text = "Panne des impôts\n\nLes usagers ne pouvaient plus se connecter au site des impôts mardi matin.\n"
    assert read_article(write(tmp_path, "a.txt", text)).paragraphs


# --- header lines ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "opening",
    [
        "Le 14 juillet 2023, Paris a défilé sous un soleil de plomb.",
        "Par ailleurs, le gouvernement a annoncé une hausse du budget.",
        "Par exemple, la ville a planté trois cents arbres.",
        "Le 2 mai 2024, trois personnes ont été blessées",
    ],
)
def test_an_opening_sentence_is_never_taken_for_a_dateline_or_a_byline(tmp_path, opening):
    article = read_article(write(tmp_path, "a.txt", f"Titre\n\n{opening}\n\n{BODY}\n"))
    assert article.paragraphs[0] == opening
    assert article.author is None


@pytest.mark.parametrize(
    ("header", "author"),
    [
        ("Par Jean Roux", "Jean Roux"),
        ("Par Anne-Sophie de La Roche et Paul Li", "Anne-Sophie de La Roche et Paul Li"),
        ("Par notre envoyé spécial à Kiev, Luc Martin", "notre envoyé spécial à Kiev, Luc Martin"),
        ("Par la rédaction", "la rédaction"),
        ("By AFP", "AFP"),
    ],
)
def test_bylines_that_look_like_names_are_bylines(tmp_path, header, author):
    article = read_article(write(tmp_path, "a.txt", f"Titre\n\n{header}\nParis, le 3 mai 2024 à 15 h 07\n\n{BODY}\n"))
    assert article.author == author
    assert article.published is not None and article.published.day == 3
    assert article.paragraphs[0] == BODY


# --- lengths ----------------------------------------------------------------------------------


def test_a_paragraph_without_punctuation_is_cut_and_the_summary_keeps_its_budget(tmp_path):
    words = " ".join(f"mot{n % 97} suivant" for n in range(40_000))  # 80,000 words, no punctuation
    article = read_article(write(tmp_path, "a.txt", f"Titre\n\n{BODY}\n\n{words}\n"))
    assert all(len(s.split()) <= MAX_SENTENCE_WORDS for s in french_tokenizer().to_sentences(words))
    for budget in (20, 135, 400):
        summary = summarize(article, words=budget)
        total = sum(len(french_tokenizer().to_words(sentence)) for sentence in summary.sentences)
        longest = max(len(french_tokenizer().to_words(sentence)) for sentence in summary.sentences)
        assert total <= budget + longest, (budget, total)


def test_a_long_sentence_is_cut_after_its_clauses():
    clause = "le conseil a voté le budget de la ville pour l'année prochaine"
    sentence = ", ".join([clause] * 20) + "."
    pieces = french_tokenizer().to_sentences(sentence)
    assert len(pieces) > 1 and all(len(piece.split()) <= MAX_SENTENCE_WORDS for piece in pieces)
    assert all(piece.endswith((",", ".")) for piece in pieces)
    assert " ".join(pieces) == sentence


def test_a_title_of_ten_thousand_characters_gives_a_short_intro(tmp_path):
    title = "Un titre sans fin " * 600
    article = read_article(write(tmp_path, "a.txt", f"{title}\n\n{BODY}\n"))
    script = write_script(article, Summary((BODY,)), load_settings().show)
    for segment in (script.segments[0], script.segments[-1]):
        assert max(len(sentence.split()) for sentence in segment.sentences) < 45
