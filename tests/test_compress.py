"""A summary is read as a newsreader reads it: asides left out, every word kept the article's,
in its order, and what is shown (captions, transcript) is what is said."""

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, narrate_in
from narrate.compress import compress
from narrate.models import Article
from narrate.read import read_article
from narrate.summarize import summarize

LEFT_OUT = [
    # datelines
    ("PARIS (AFP) - Le gouvernement a présenté mardi son plan pour les hôpitaux.",
     "Le gouvernement a présenté mardi son plan pour les hôpitaux."),
    ("Saint-Denis, 3 mars 2021 (Reuters) – Le conseil municipal a voté le budget hier soir.",
     "Le conseil municipal a voté le budget hier soir."),
    ("(AFP) - La grève se poursuit dans les raffineries du pays.", "La grève se poursuit dans les raffineries du pays."),
    ("LYON — Les pompiers sont intervenus dans la nuit de samedi.", "Les pompiers sont intervenus dans la nuit de samedi."),
    # asides in parentheses
    ("L'agence régionale de santé (ARS) a ouvert une enquête sur l'incident.",
     "L'agence régionale de santé a ouvert une enquête sur l'incident."),
    ("Les faits ont eu lieu samedi à Nogent-sur-Marne (Val-de-Marne), vers minuit.",
     "Les faits ont eu lieu samedi à Nogent-sur-Marne, vers minuit."),
    ("Les victimes sont surtout des hommes (75%), plutôt jeunes.", "Les victimes sont surtout des hommes, plutôt jeunes."),
    ("Le tarif baisse pour les abonnés (avec une carte de réduction en cours), dès lundi.",
     "Le tarif baisse pour les abonnés, dès lundi."),
    # the journalist's cut inside a quotation
    ("« Nous étions épuisés (...) mais nous avons tenu bon », a-t-il raconté.",
     "« Nous étions épuisés mais nous avons tenu bon », a-t-il raconté."),
    # an aside right after a quotation with a cut in it is outside the quotation
    ("« Ils étaient épuisés (...) et inquiets » (ARS), selon la direction de l'hôpital.",
     "« Ils étaient épuisés et inquiets », selon la direction de l'hôpital."),
    # credits
    ("Le nouveau pont sera ouvert aux piétons dès le mois de juin. © Ville de Nantes",
     "Le nouveau pont sera ouvert aux piétons dès le mois de juin."),
    ("La halle a été entièrement rénovée pendant deux ans. Crédit photo : Mairie de Villeneuve",
     "La halle a été entièrement rénovée pendant deux ans."),
    # ages and long descriptions after a name that is a subject
    ("Meriem, 35 ans, se dit heureuse de retrouver un travail.", "Meriem se dit heureuse de retrouver un travail."),
    ("Dans l'atelier, Jean Martin, âgé de 52 ans, se charge des vélos du quartier.",
     "Dans l'atelier, Jean Martin se charge des vélos du quartier."),
    ("Kais Saied, un universitaire de 61 ans sans parti ni expérience politique au pouvoir, a été élu dimanche.",
     "Kais Saied a été élu dimanche."),
    # the circumstances after a quotation's tag; the tag stays
    ("« Nous irons jusqu'au bout », a-t-il déclaré à l'AFP.", "« Nous irons jusqu'au bout », a-t-il déclaré."),
    ("« Le chantier avance bien », explique-t-elle au Parisien.", "« Le chantier avance bien », explique-t-elle."),
    ("« Rien n'est joué », a-t-elle ensuite assuré lors d'une conférence de presse.", "« Rien n'est joué », a-t-elle ensuite assuré."),
]

KEPT = [
    # a parenthesis glued to a word, or words standing for the speaker's
    "Les titulaires du passeport BN(O) pourront rester plus longtemps.",
    "« Il faut poursuivre (sa) mission jusqu'au bout », a-t-il dit.",
    "(Du) côté (de la) SNCF, nous allons désinfecter les rames chaque jour.",
    # an aside inside a quotation is the speaker's
    "« Nous avons consulté l'agence (ARS) hier matin », a confirmé le maire.",
    # a cut before a capital separates two sentences of the speaker's
    "« Nous avons étudié ce scénario (...) Je vous confirme qu'il est sur la table », a-t-elle dit.",
    # ages the commas still need: before "et", "qui", or not right after a subject
    "Les suspects, Ouissem Medouni, 40 ans, et Sabrina Kouider, vont devoir s'expliquer.",
    "Pour Loïc, 18 ans, qui passe son bac aujourd'hui, la journée commence mal.",
    "François Fillon devance son aîné, 71 ans, selon le dernier sondage.",
    "Claire Dumas, 44 ans, présidente du comité des usagers, salue une bonne nouvelle.",
    # a short description tells who someone is
    "Kais Saied, un universitaire sans parti, a été élu dimanche.",
    # the role is the news: "la directrice de…" stays
    "Rita Katz, la directrice de SITE Intelligence Group, a noté que rien n'était confirmé.",
    # the tag is the only sign the words are someone's
    "« Nous irons jusqu'au bout », a-t-il déclaré.",
    # no tag without its verb: "a-t-elle" alone is left as written
    "« Le sacrifice en valait la peine », a-t-elle sur sa page de dons.",
    # what would be left is no sentence
    "(AFP) - Incendie.",
    # "photo :" inside the sentence is news, not a credit
    "Il a publié sur Instagram une photo : un selfie avec le président du club.",
    # French spacing before ":" and "?" is left as it is
    "Municipales : faut-il gommer les étiquettes politiques des candidats ?",
]


@pytest.mark.parametrize(("sentence", "said"), LEFT_OUT)
def test_what_a_newsreader_leaves_out(sentence, said):
    assert compress(sentence) == said


@pytest.mark.parametrize("sentence", KEPT)
def test_what_stays_as_written(sentence):
    assert compress(sentence) == sentence


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def is_subsequence(part: list[str], whole: list[str]) -> bool:
    remaining = iter(whole)
    return all(word in remaining for word in part)


ASIDES = Article(
    source="asides.txt", title="Le tramway de Villeneuve prolongé jusqu'à la gare",
    paragraphs=(
        "VILLENEUVE (AFP) - Le conseil métropolitain a voté jeudi le prolongement du tramway de Villeneuve "
        "jusqu'à la gare (quatre kilomètres, six stations), pour 120 millions d'euros.",
        "Les travaux commenceront en 2026 (sous réserve des recours) et dureront trois ans. "
        "Claire Dumas, 44 ans, présidente du comité des usagers, salue une bonne nouvelle.",
        "« Les habitants attendent ce tramway depuis longtemps (...) et les commerçants aussi », a-t-elle déclaré "
        "au journal local. Le prolongement desservira le nouveau lycée (1 200 élèves) et l'hôpital.",
        "La métropole promet des bus de remplacement pendant le chantier (lignes 4 et 7). "
        "Une réunion publique est prévue le 12 mars à la mairie.",
    ),
    language="fr",
)


@pytest.mark.parametrize("length", [{"sentences": 1}, {"sentences": 3}, {"words": 60}, {"seconds": 30.0}])
def test_every_word_said_is_the_articles_in_its_order(length):
    sentences = [sentence for paragraph in ASIDES.paragraphs for sentence in re.split(r"(?<=[.!?»]) (?=[A-ZÀ-Ý«])", paragraph)]
    summary = summarize(ASIDES, **length)
    assert summary.sentences
    for said in summary.sentences:
        assert any(is_subsequence(words(said), words(written)) for written in sentences), said
    assert not any("(" in said or "AFP" in said for said in summary.sentences)


def test_verbatim_keeps_the_sentences_as_written():
    summary = summarize(ASIDES, sentences=2, compress=False)
    assert summary.sentences[0].startswith("VILLENEUVE (AFP) - Le conseil métropolitain")
    assert summarize(ASIDES, sentences=2).sentences[0].startswith("Le conseil métropolitain a voté jeudi")


def test_a_word_budget_counts_the_words_said():
    """Without its asides a sentence costs fewer words: the same budget holds more of the news."""
    verbatim = summarize(ASIDES, words=45, compress=False).sentences
    said = summarize(ASIDES, words=45).sentences
    assert len(said) > len(verbatim)


def test_the_seed_summary_only_leaves_words_out(seed):
    article = read_article(seed)
    written = [words(sentence) for sentence in summarize(article, sentences=8, compress=False).sentences]
    said = [words(sentence) for sentence in summarize(article, sentences=8).sentences]
    assert len(said) == len(written) and all(is_subsequence(s, w) for s, w in zip(said, written))


def test_captions_and_transcript_show_what_is_said(tmp_path: Path):
    (tmp_path / "seeds").mkdir()
    text = "\n\n".join(["Le tramway de Villeneuve prolongé jusqu'à la gare", *ASIDES.paragraphs])
    (tmp_path / "seeds" / "tram.txt").write_text(text + "\n", encoding="utf-8")
    shutil.copytree(REPO / "voices", tmp_path / "voices")
    result = narrate_in(tmp_path, "build", "-j", "1", "--sentences", "2", "--formats", "mp3")
    assert result.exit_code == 0, result.stderr
    captions = next((tmp_path / "output").rglob("*.vtt")).read_text(encoding="utf-8")
    transcript = " ".join(path.read_text(encoding="utf-8") for path in (tmp_path / "output").rglob("*.txt"))
    for shown in (captions, transcript):
        assert "Le conseil métropolitain a voté jeudi le prolongement du tramway de Villeneuve jusqu'à la gare, pour" in " ".join(shown.split())
        assert "(AFP)" not in shown and "six stations" not in shown

    verbatim = narrate_in(tmp_path, "summarize", "--verbatim", "--sentences", "1", "--json", "seeds/tram.txt")
    assert verbatim.exit_code == 0, verbatim.stderr
    assert "(quatre kilomètres, six stations)" in json.loads(verbatim.output)["sentences"][0]


def test_the_setting_reads_word_for_word(tmp_path: Path):
    (tmp_path / "narrate.toml").write_text("[build]\ncompress = false\n", encoding="utf-8")
    (tmp_path / "tram.txt").write_text("\n\n".join([ASIDES.title, *ASIDES.paragraphs]) + "\n", encoding="utf-8")
    shutil.copytree(REPO / "voices", tmp_path / "voices")
    written = narrate_in(tmp_path, "summarize", "--sentences", "1", "--json", "tram.txt")
    said = narrate_in(tmp_path, "summarize", "--compress", "--sentences", "1", "--json", "tram.txt")
    assert written.exit_code == 0 and said.exit_code == 0, written.stderr + said.stderr
    assert "(AFP)" in json.loads(written.output)["sentences"][0]
    assert "(AFP)" not in json.loads(said.output)["sentences"][0]
    (tmp_path / "narrate.toml").write_text('[build]\ncompress = "yes"\n', encoding="utf-8")
    refused = narrate_in(tmp_path, "summarize", "tram.txt")
    assert refused.exit_code != 0 and "compress" in refused.stderr and "Traceback" not in refused.stderr
