import pytest

from narrate.tokenize import french_tokenizer, split_paragraphs


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("M. Bailey est parti. Il reviendra.", ["M. Bailey est parti.", "Il reviendra."]),
        ("Né en 52 av. J.-C. à Rome, il régna. Puis vint la paix.", ["Né en 52 av. J.-C. à Rome, il régna.", "Puis vint la paix."]),
        ("Le taux est de 3,5 % cette année. Il baisse.", ["Le taux est de 3,5 % cette année.", "Il baisse."]),
        (
            "Il a dit : « Malheureusement, tout continue. » Facebook répond.",
            ["Il a dit : « Malheureusement, tout continue. »", "Facebook répond."],
        ),
        ("Mme Roche et MM. Dupont sont là. Dr House aussi.", ["Mme Roche et MM. Dupont sont là.", "Dr House aussi."]),
        ("John F. Kennedy fut élu. Pourquoi ? Parce que… Voilà !", ["John F. Kennedy fut élu.", "Pourquoi ?", "Parce que…", "Voilà !"]),
        ("Voir le n° 5, etc. pour la suite. Fin.", ["Voir le n° 5, etc. pour la suite.", "Fin."]),
    ],
)
def test_sentences_split_where_a_reader_would_stop(text, sentences):
    assert list(french_tokenizer().to_sentences(text)) == sentences


def test_words_split_elisions_and_keep_numbers_whole():
    words = french_tokenizer().to_words("L’entreprise d’« éteindre » 3,5 % des porte-parole")
    assert words == ("L", "entreprise", "d", "éteindre", "3,5", "des", "porte-parole")


def test_paragraphs_are_separated_by_blank_lines_and_folded():
    assert split_paragraphs("Un\ndeux.\n\n  \nTrois.\n") == ("Un deux.", "Trois.")
