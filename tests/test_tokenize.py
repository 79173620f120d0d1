"""Words and paragraphs; where sentences end is in test_sentence_split.py."""

from narrate.tokenize import french_tokenizer, split_paragraphs


def test_words_split_elisions_and_keep_numbers_whole():
    words = french_tokenizer().to_words("L’entreprise d’« éteindre » 3,5 % des porte-parole")
    assert words == ("L", "entreprise", "d", "éteindre", "3,5", "des", "porte-parole")


def test_paragraphs_are_separated_by_blank_lines_and_folded():
    assert split_paragraphs("Un\ndeux.\n\n  \nTrois.\n") == ("Un deux.", "Trois.")
