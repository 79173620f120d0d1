import pytest

from narrate.normalize import normalize

CASES = [
    # titles before names
    ("M. Bailey a parlé.", "Monsieur Bailey a parlé."),
    ("Mme Roche et Mlle Petit", "Madame Roche et Mademoiselle Petit"),
    ("MM. Dupont et Dupond", "Messieurs Dupont et Dupond"),
    ("Dr House", "docteur House"),
    ("Me Dupont plaide.", "Maître Dupont plaide."),
    ("Il me dit que Me voilà.", "Il me dit que Me voilà."),
    ("au point M. ", "au point M. "),
    # times
    ("à 15:07", "à 15 heures 7"),
    ("à 15h07", "à 15 heures 7"),
    ("à 21 h 30", "à 21 heures 30"),
    ("vers 1h", "vers une heure"),
    ("à 8h00", "à 8 heures"),
    ("le score de 25:61", "le score de 25:61"),
    # acronyms
    ("la NCA enquête", "la N-C-A enquête"),
    ("le NPCC", "le N-P-C-C"),
    ("l’OTAN et l’ONU", "l’OTAN et l’ONU"),
    ("le chapitre XIX", "le chapitre XIX"),
    ("Un article de PA.", "Un article de P-A."),
]


@pytest.mark.parametrize(("written", "spoken"), CASES)
def test_french_is_said_as_a_reader_would(written, spoken):
    assert normalize(written, "fr") == spoken


def test_languages_without_rules_pass_through():
    assert normalize("Mr. Smith at 15:07", "en") == "Mr. Smith at 15:07"
