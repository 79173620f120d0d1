from dataclasses import replace

import numpy as np
import pytest

from narrate.errors import ConfigError
from narrate.read import read_article
from narrate.sentence_features import sentence_table
from narrate.summarize import ALGORITHMS, SUMY_ALGORITHMS, _select, summarize, summary_length
from narrate.tokenize import french_tokenizer


def article_sentences(article):
    tokenizer = french_tokenizer()
    return [sentence for paragraph in article.paragraphs for sentence in tokenizer.to_sentences(paragraph)]


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_summary_is_three_sentences_of_the_article_in_article_order(seed, algorithm):
    article = read_article(seed)
    sentences = article_sentences(article)
    summary = summarize(article, algorithm=algorithm)
    assert len(summary.sentences) == 3
    positions = [sentences.index(sentence) for sentence in summary.sentences]
    assert positions == sorted(positions)


def test_default_summary_is_not_just_the_opening(seed):
    article = read_article(seed)
    assert summarize(article).sentences != summarize(article, algorithm="lead").sentences


def test_sentence_count_is_respected_and_capped_by_the_article(marche):
    article = read_article(marche)
    assert len(summarize(article, sentences=1).sentences) == 1
    every = article_sentences(article)
    assert list(summarize(article, sentences=50).sentences) == every


def test_no_sentence_is_cut_at_an_abbreviation(seed):
    summary = summarize(read_article(seed), sentences=6)
    assert not any(sentence.endswith(("M.", "J.-C.")) for sentence in summary.sentences)


def test_unknown_algorithm_is_a_config_error(seed):
    with pytest.raises(ConfigError, match="unknown summary algorithm 'bart'"):
        summarize(read_article(seed), algorithm="bart")


def test_word_budget_is_met_closely(seed):
    article = read_article(seed)
    for budget in (40, 90, 160):
        words = sum(len(sentence.split()) for sentence in summarize(article, words=budget).sentences)
        assert abs(words - budget) <= 30, (budget, words)


def test_length_is_the_first_configured_value_above_zero():
    assert summary_length(3, 100, 1.0, 150) == {"sentences": 3}
    assert summary_length(0, 100, 1.0, 150) == {"words": 100}
    assert summary_length(0, 0, 1.5, 150) == {"words": 225}


LISTENER_ARTICLE = """La mairie ferme la piscine

La mairie a décidé de fermer la piscine municipale pendant deux ans.

Elle invoque le coût des travaux, estimé à douze millions d'euros.

Lire aussi : le budget de la ville en baisse.

Le maire a déclaré : « Nous n'avions pas le choix. Les bassins fuient depuis des années. »

Les nageurs devront aller à la piscine de la commune voisine.
"""


def listener_table(tmp_path):
    path = tmp_path / "piscine.txt"
    path.write_text(LISTENER_ARTICLE)
    table = sentence_table(read_article(path))
    return table, {sentence.split()[0]: index for index, sentence in enumerate(table.sentences)}


def forced(table, favourite):
    """Scores that make ``favourite`` the best sentence by far, the others in article order."""
    scores = -np.arange(len(table.sentences), dtype=float)
    scores[favourite] = 100.0
    return scores


def test_a_sentence_opening_on_a_pronoun_brings_its_antecedent(tmp_path):
    table, first_word = listener_table(tmp_path)
    chosen = _select(table, forced(table, first_word["Elle"]), sentences=2, words=None)
    assert [table.sentences[i].split()[0] for i in chosen] == ["La", "Elle"]


def test_a_quote_is_never_cut_before_it_closes(tmp_path):
    table, first_word = listener_table(tmp_path)
    opening = first_word["Le"]
    assert table.opens_quote[opening]
    chosen = _select(table, forced(table, opening), sentences=2, words=None)
    assert chosen == [opening, opening + 1]
    assert table.sentences[chosen[-1]].endswith("»")


def test_a_dependent_sentence_that_does_not_fit_with_its_antecedent_is_skipped(tmp_path):
    table, first_word = listener_table(tmp_path)
    chosen = _select(table, forced(table, first_word["Elle"]), sentences=1, words=None)
    assert [table.sentences[i].split()[0] for i in chosen] == ["La"]


def test_links_and_appeals_are_never_summary_material(tmp_path):
    table, _ = listener_table(tmp_path)
    # read_article drops the "Lire aussi" paragraph; inside a paragraph the summariser skips it too.
    assert not any(sentence.startswith("Lire aussi") for sentence in table.sentences)
    inline = sentence_table(replace(read_article(tmp_path / "piscine.txt"), paragraphs=("Lire aussi : la suite du feuilleton.", "La piscine ferme pour deux ans.")))
    assert list(inline.not_content) == [True, False]
    assert _select(inline, np.array([100.0, 0.0]), sentences=1, words=None) == [1]


def test_unattributed_quotes_and_questions_are_marked_hard_to_follow(tmp_path):
    path = tmp_path / "q.txt"
    path.write_text("Titre\n\n« Nous partons. » Pourquoi partir maintenant ? « C'est fini », a déclaré le maire.\n")
    table = sentence_table(read_article(path))
    assert list(table.hard_to_follow) == [True, True, False]


def test_a_sentence_from_the_middle_of_a_long_quotation_is_never_heard_alone(tmp_path):
    path = tmp_path / "q.txt"
    path.write_text(
        "Titre\n\nLe maire a parlé hier soir devant le conseil municipal réuni.\n\n"
        "« Nous avons tout essayé. Rien n'a marché. Les caisses sont vides. Il faut fermer. »\n\n"
        "Le conseil votera la semaine prochaine sur la fermeture.\n"
    )
    table = sentence_table(read_article(path))
    middle = 2  # "Rien n'a marché." sits inside a quotation of four sentences
    assert table.needs_antecedent[middle] and table.opens_quote[middle]
    chosen = _select(table, forced(table, middle), sentences=3, words=None)
    assert middle not in chosen


def test_every_named_algorithm_exists():
    assert set(ALGORITHMS) == {"narrate", "lead", *SUMY_ALGORITHMS}
