import pytest

from narrate.errors import ConfigError
from narrate.read import read_article
from narrate.summarize import ALGORITHMS, summarize
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
