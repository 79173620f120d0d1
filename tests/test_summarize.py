from dataclasses import replace

import numpy as np
import pytest

from narrate.config import load_settings
from narrate.errors import ConfigError
from narrate.models import Article
from narrate.pace import Pace
from narrate.read import read_article
from narrate.sentence_features import sentence_table
from narrate.summarize import ALGORITHMS, SUMY_ALGORITHMS, _select, summarize, summary_length, summary_model
from narrate.tokenize import french_tokenizer


def table_for(article):
    """The sentence table as the summariser makes it, with the shipped word odds."""
    return sentence_table(article, summary_model().word_odds)


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
    pace = Pace(seconds_per_letter=0.06, seconds_per_clip=0.1, seconds_per_pause=0.3)
    assert summary_length(load_settings(None, {"sentences": 3, "words": 100}), pace, "fr") == {"sentences": 3}
    assert summary_length(load_settings(None, {"words": 100}), pace, "fr") == {"words": 100}
    seconds = summary_length(load_settings(None, {"minutes": 1.5}), pace, "fr")["seconds"]
    # the chapter's spoken title ("Résumé.") and its pauses (750 + 1000 - 350 ms) are part of the 90 s
    assert seconds == pytest.approx(90 - (0.1 + 6 * 0.06) - 1.4)


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
    table = table_for(read_article(path))
    return table, {sentence.split()[0]: index for index, sentence in enumerate(table.sentences)}


def forced(table, favourite):
    """Scores that make ``favourite`` the best sentence by far, the others in article order."""
    scores = -np.arange(len(table.sentences), dtype=float)
    scores[favourite] = 100.0
    return scores


def test_a_sentence_opening_on_a_pronoun_brings_its_antecedent(tmp_path):
    table, first_word = listener_table(tmp_path)
    chosen = _select(table, forced(table, first_word["Elle"]), sentences=2, budget=None, costs=table.word_counts)
    assert [table.sentences[i].split()[0] for i in chosen] == ["La", "Elle"]


def test_a_quote_is_never_cut_before_it_closes(tmp_path):
    table, first_word = listener_table(tmp_path)
    opening = first_word["Le"]
    assert table.opens_quote[opening]
    chosen = _select(table, forced(table, opening), sentences=2, budget=None, costs=table.word_counts)
    assert chosen == [opening, opening + 1]
    assert table.sentences[chosen[-1]].endswith("»")


def test_a_dependent_sentence_that_does_not_fit_with_its_antecedent_is_skipped(tmp_path):
    table, first_word = listener_table(tmp_path)
    chosen = _select(table, forced(table, first_word["Elle"]), sentences=1, budget=None, costs=table.word_counts)
    assert [table.sentences[i].split()[0] for i in chosen] == ["La"]


def test_links_and_appeals_are_never_summary_material(tmp_path):
    table, _ = listener_table(tmp_path)
    # read_article drops the "Lire aussi" paragraph; inside a paragraph the summariser skips it too.
    assert not any(sentence.startswith("Lire aussi") for sentence in table.sentences)
    inline = table_for(replace(read_article(tmp_path / "piscine.txt"), paragraphs=("Lire aussi : la suite du feuilleton.", "La piscine ferme pour deux ans.")))
    assert list(inline.not_content) == [True, False]
    assert _select(inline, np.array([100.0, 0.0]), sentences=1, budget=None, costs=inline.word_counts) == [1]


def test_unattributed_quotes_and_questions_are_marked_hard_to_follow(tmp_path):
    path = tmp_path / "q.txt"
    path.write_text("Titre\n\n« Nous partons. » Pourquoi partir maintenant ? « C'est fini », a déclaré le maire.\n")
    table = table_for(read_article(path))
    assert list(table.hard_to_follow) == [True, True, False]


@pytest.mark.parametrize(("opening", "closing"), [("«", "»"), ('"', '"'), ("“", "”")])
def test_a_sentence_from_the_middle_of_a_long_quotation_is_never_heard_alone(tmp_path, opening, closing):
    path = tmp_path / "q.txt"
    path.write_text(
        "Titre\n\nLe maire a parlé hier soir devant le conseil municipal réuni.\n\n"
        f"{opening} Nous avons tout essayé. Rien n'a marché. Les caisses sont vides. Il faut fermer. {closing}\n\n"
        "Le conseil votera la semaine prochaine sur la fermeture.\n"
    )
    table = table_for(read_article(path))
    middle = 2  # "Rien n'a marché." sits inside a quotation of four sentences
    assert table.needs_antecedent[middle] and table.opens_quote[middle]
    chosen = _select(table, forced(table, middle), sentences=3, budget=None, costs=table.word_counts)
    assert middle not in chosen


def test_every_named_algorithm_exists():
    assert set(ALGORITHMS) == {"narrate", "lead", *SUMY_ALGORITHMS}


def table_of(tmp_path, text, title="Titre de l'article"):
    path = tmp_path / "article.txt"
    path.write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    return table_for(read_article(path))


@pytest.mark.parametrize(
    ("sentence", "points_back"),
    [
        ("Le tribunal correctionnel l'a relaxé mercredi.", True),
        ("Selon lui, la réforme est inévitable.", True),
        ("Ce dernier a démissionné dans la soirée.", True),
        ("Le suspect a été interpellé dimanche.", True),
        ("La quinquagénaire a porté plainte lundi.", True),
        ("Il leur a été demandé de partir.", True),
        ("La société Renault a annoncé des résultats.", False),  # named right there
        ("Le groupe de travail se réunira lundi.", False),  # said what it is
        ("Le gouvernement a présenté son budget mardi.", False),
        ("Les policiers ont arrêté trois hommes.", False),
    ],
)
def test_what_points_back_to_someone_named_earlier(tmp_path, sentence, points_back):
    table = table_of(tmp_path, f"Une phrase d'ouverture pour commencer le texte. {sentence}")
    assert bool(table.refers_back[1]) is points_back


def test_a_pronoun_whose_man_is_two_paragraphs_away_is_never_heard(tmp_path):
    """The summary that told the opposite of the news: after a condemned activist's quotation,
    "Le tribunal l'a relaxé", where "l'" was another man named two paragraphs before."""
    table = table_of(tmp_path, (
        "Paul Morel, militant écologiste, comparaissait pour avoir bloqué une autoroute.\n\n"
        "Un autre militant, condamné l'an dernier, était venu le soutenir. « La justice se trompe de coupables », a-t-il lancé.\n\n"
        "Le tribunal correctionnel l'a relaxé mercredi en fin de journée.\n\n"
        "Le parquet dispose de dix jours pour faire appel de cette décision."
    ))
    acquittal = next(i for i, s in enumerate(table.sentences) if "relaxé" in s)
    for count in (1, 2, 3):
        assert acquittal not in _select(table, forced(table, acquittal), sentences=count, budget=None, costs=table.word_counts)


def test_a_pronoun_after_a_quotation_brings_the_sentence_before_the_quotation(tmp_path):
    table = table_of(tmp_path, (
        "Le maire a reçu les commerçants en colère. « Nous ne pouvons plus attendre », a dit leur porte-parole. "
        "Il l'a écouté pendant une heure."
    ))
    chosen = _select(table, forced(table, 2), sentences=3, budget=None, costs=table.word_counts)
    assert chosen == [0, 1, 2]


def test_a_quotation_comes_with_its_speaker_or_not_at_all(tmp_path):
    table = table_of(tmp_path, (
        "La ministre de la Santé a présenté son plan devant les députés. « Nous ouvrirons mille lits cet hiver. »\n\n"
        "« Ce plan arrive bien trop tard. »\n\n"
        "Les syndicats d'infirmiers ont annoncé une grève pour le mois prochain dans tous les hôpitaux."
    ))
    quoted, orphan = 1, 2
    assert _select(table, forced(table, quoted), sentences=2, budget=None, costs=table.word_counts) == [0, 1]
    assert orphan not in _select(table, forced(table, orphan), sentences=2, budget=None, costs=table.word_counts)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Une enquête ouverte pour homicide involontaire",  # a subheading: alone, no final stop
        'Une enquête ouverte pour homicide involontaire"Nous ne savons rien encore", dit le maire.',  # one glued to its text
        "Les pompiers dépassés par les flammes« Nous avons tout perdu », confie le gérant de la société.",
        '"Des flammes de vingt mètres de haut"Le gérant de la société a tout perdu dans la nuit.',
        "Les images de l'incendie ont fait le tour des réseaux sociaux ?par rtl.fr",  # a video's caption and credit
        '"Nous avons tout perdu dans cet incendie", a confié le gérant (Paul Roux)par France Inter',
        "VIDÉO. Les images de l'incendie filmées par un habitant.",
        "Crédit photo : Agence Villeneuve Images",
    ],
)
def test_subheadings_captions_and_credits_are_never_chosen(tmp_path, paragraph):
    table = table_of(tmp_path, f"Un incendie a détruit un entrepôt de la zone industrielle mardi soir.\n\n{paragraph}\n\n"
                               "Les pompiers ont lutté pendant six heures contre les flammes.")
    label = next((i for i, s in enumerate(table.sentences) if s.startswith(paragraph[:12])), None)
    if label is None:  # dropped when the article was read
        return
    assert table.not_content[label]
    assert label not in _select(table, forced(table, label), sentences=2, budget=None, costs=table.word_counts)


def test_the_title_news_is_carried(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(
        "Villeneuve : la piscine municipale fermera deux ans\n\n"
        "Les nageurs de Villeneuve sont inquiets depuis plusieurs semaines et multiplient les réunions publiques.\n\n"
        "Ils craignent de devoir faire trente kilomètres pour nager chaque semaine en hiver.\n\n"
        "La piscine municipale de Villeneuve fermera pendant deux ans pour des travaux.\n",
        encoding="utf-8",
    )
    summary = summarize(read_article(path), sentences=1)
    assert summary.sentences == ("La piscine municipale de Villeneuve fermera pendant deux ans pour des travaux.",)


@pytest.mark.parametrize(
    ("title", "said"),
    [
        ("VIDÉO. Un incendie ravage un entrepôt à Lyon", "Un incendie ravage un entrepôt à Lyon"),
        ("EN IMAGES - Les plus belles photos du Tour", "Les plus belles photos du Tour"),
        ("INFO FRANCEINFO. Le gouvernement renonce à sa réforme", "Le gouvernement renonce à sa réforme"),
        ("DIRECT. Guerre en Ukraine : les dernières nouvelles", "Guerre en Ukraine : les dernières nouvelles"),
        ("EXCLUSIF. INFO RTL - Le patron démissionne", "Le patron démissionne"),
        ("Un incendie ravage Lyon (VIDÉO)", "Un incendie ravage Lyon"),
        ("Vidéo : il sauve un chat de la noyade", "Il sauve un chat de la noyade"),
        ("Info ou intox : le vaccin modifie-t-il l'ADN ?", "Info ou intox : le vaccin modifie-t-il l'ADN ?"),
        ("Direct Énergie augmente ses prix", "Direct Énergie augmente ses prix"),
        ("USA : Trump revient", "USA : Trump revient"),
    ],
)
def test_title_labels_are_not_said(title, said):
    from narrate.labels import without_labels

    assert without_labels(title) == said


def test_features_say_what_is_quoted_set_aside_and_repeated():
    from narrate.models import Article
    from narrate.sentence_features import FEATURE_NAMES

    article = Article(source="x.txt", title="Le maire de Villeneuve a démissionné", paragraphs=(
        "Le maire de Villeneuve a démissionné mardi soir.",
        "« Je pars pour des raisons personnelles », a-t-il dit.",
        "Le maire de Villeneuve a démissionné mardi (après dix ans de mandat).",
    ), language="fr")
    table = table_for(article)
    column = {name: table.features[:, FEATURE_NAMES.index(name)] for name in FEATURE_NAMES}
    assert column["title_words"][0] == 1.0 and column["title_words"][1] == 0.0
    assert column["quoted_share"][1] > 0.5 and column["quoted_share"][0] == 0.0
    assert column["aside_share"][2] > 0.3 and column["aside_share"][0] == 0.0
    assert column["repeats_earlier"][0] == 0.0 and column["repeats_earlier"][2] > max(0.3, column["repeats_earlier"][1])
    assert column["first*title_words"][0] == 1.0 and column["second*title_words"][0] == 0.0


def test_features_say_how_often_abstracts_use_a_sentences_words():
    from narrate.sentence_features import FEATURE_NAMES

    article = Article(source="x.txt", title="Titre", paragraphs=(
        "Le ministre annonce une réforme.", "Le ministre se promène dans le parc.", "Zorglub xyzzy plouf.",
    ), language="fr")
    table = sentence_table(article, {"annonce": 1.5, "réforme": 1.0, "promène": -1.0, "parc": -0.5})
    column = {name: table.features[:, FEATURE_NAMES.index(name)] for name in FEATURE_NAMES}
    assert column["abstract_odds_max"].tolist() == [1.5, 0.0, 0.0]
    assert column["abstract_odds_sum"].tolist() == [2.5, 0.0, 0.0]
    assert column["abstract_odds_mean"][0] == pytest.approx(2.5 / 5) and column["abstract_odds_mean"][1] == pytest.approx(-1.5 / 7)
    assert column["abstract_odds_density"][0] == pytest.approx(2.5 / np.sqrt(6))
    assert not column["abstract_odds_mean"][2]  # words no abstract taught us say nothing


def test_the_shipped_model_knows_which_words_abstracts_use():
    odds = summary_model().word_odds
    assert len(odds) > 5000
    assert odds["mort"] > 0 > odds["ainsi"] and odds["je"] < 0


@pytest.mark.parametrize(
    ("sentence", "alone"),
    [
        ("Mais le ministre a refusé.", "Le ministre a refusé."),
        ("Par ailleurs, la ville a fermé ses piscines.", "La ville a fermé ses piscines."),
        ("Pour sa part, Claire Dumas a voté contre.", "Claire Dumas a voté contre."),
        ("Or, 40 % des élèves ont échoué.", "40 % des élèves ont échoué."),
        ("Mais, dans l'opposition, les appels à la démission ont afflué.", "Dans l'opposition, les appels à la démission ont afflué."),
        ("Mais la ministre a annoncé ce jeudi que les écoles rouvriront.", "La ministre a annoncé ce jeudi que les écoles rouvriront."),
        ("Mais il a refusé.", None),  # the pronoun still needs the sentence before
        ("Mais en surdosage, il est la première cause de greffe.", None),  # which "il"?
        ("En revanche, outre les abus, il me semble que l'enquête est partiale.", None),  # whose "me"?
        ("Aussi, le conseil propose de les préparer avec les élus.", None),  # "de les": a pronoun
        ("Mais ce choix ne plaît pas à la présidente du parti.", None),  # which choice?
        ("Mais son avocat a fait appel.", None),  # whose?
        ("Par ailleurs, elle a fermé.", None),
        ("Mais aussi des écoles.", None),
        ("Aussi le gouvernement a-t-il reculé.", None),  # "aussi" without a comma: "therefore", and an inversion
        ("Mais « nous partons ».", None),
        ("Le ministre a refusé.", None),
        ("Ainsi que le prévoit la loi, le maire a signé.", None),
    ],
)
def test_a_sentence_stands_without_its_connective_only_where_nothing_else_leans_back(sentence, alone):
    from narrate.sentence_features import without_connective

    assert without_connective(sentence) == alone


CONNECTIVE_ARTICLE = Article(source="x.txt", title="La piscine municipale de Villeneuve fermera deux ans pour travaux", paragraphs=(
    "Le conseil municipal de Villeneuve s'est réuni lundi soir pendant trois heures.",
    "Mais la piscine municipale de Villeneuve fermera deux ans pour des travaux de rénovation.",
    "Les nageurs iront à la piscine de la commune voisine pendant le chantier.",
), language="fr")


def test_a_sentence_said_without_the_one_before_loses_its_connective():
    summary = summarize(CONNECTIVE_ARTICLE, sentences=1)
    assert summary.sentences == ("La piscine municipale de Villeneuve fermera deux ans pour des travaux de rénovation.",)
    both = summarize(CONNECTIVE_ARTICLE, sentences=3)
    assert both.sentences[1].startswith("Mais la piscine")  # after the sentence it ties to, it stays


def test_said_verbatim_a_sentence_keeps_its_connective_and_needs_the_one_before():
    summary = summarize(CONNECTIVE_ARTICLE, sentences=1, compress=False)
    assert not any("piscine municipale" in sentence for sentence in summary.sentences)
    assert summarize(CONNECTIVE_ARTICLE, sentences=2, compress=False).sentences[:2] == CONNECTIVE_ARTICLE.paragraphs[:2]


def test_a_connective_inside_a_quotation_still_needs_the_sentence_that_opened_it():
    table = table_for(Article(source="x.txt", title="Titre", paragraphs=(
        "Le maire a parlé : « Nous avons tout essayé. Mais la ville n'a plus d'argent. »",
    ), language="fr"))
    assert table.needs_antecedent[1] and not table.loose_connective[1]


def test_the_lead_said_verbatim_keeps_an_opening_connective():
    article = replace(CONNECTIVE_ARTICLE, paragraphs=CONNECTIVE_ARTICLE.paragraphs[1:])
    assert summarize(article, sentences=1, algorithm="lead", compress=False).sentences[0].startswith("Mais la piscine")
    assert summarize(article, sentences=1, algorithm="lead").sentences[0].startswith("La piscine")


def test_a_straight_quotation_closed_in_its_sentence_leaves_the_next_one_free():
    table = table_for(Article(source="x.txt", title="Titre", paragraphs=(
        'Le maire a dit "non" au projet de piscine. Le conseil votera lundi. "Nous partons. Tout est fini", a-t-il ajouté.',
    ), language="fr"))
    assert list(table.needs_antecedent[:2]) == [False, False]
    assert table.opens_quote[2] and table.needs_antecedent[3]
