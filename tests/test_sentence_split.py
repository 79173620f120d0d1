"""Where French sentences end: a table of hard cases, each a text and the sentences a reader hears."""

import re

import pytest

from narrate import tokenize
from narrate.tokenize import french_tokenizer

CASES = [
    # titles before names
    ("M. Bailey est parti. Il reviendra.", ["M. Bailey est parti.", "Il reviendra."]),
    ("Selon M. Dupont, tout va bien. Vraiment.", ["Selon M. Dupont, tout va bien.", "Vraiment."]),
    ("MM. Dupont et Dupond enquêtent. Ils cherchent.", ["MM. Dupont et Dupond enquêtent.", "Ils cherchent."]),
    ("Mme Roche vend des fruits. Elle sourit.", ["Mme Roche vend des fruits.", "Elle sourit."]),
    ("Mlle Petit chante. Le public applaudit.", ["Mlle Petit chante.", "Le public applaudit."]),
    ("Le Dr Durand soigne. Le Pr Martin enseigne.", ["Le Dr Durand soigne.", "Le Pr Martin enseigne."]),
    ("Me Lenoir plaide. Le juge écoute.", ["Me Lenoir plaide.", "Le juge écoute."]),
    ("Mgr Aupetit a prêché. La messe a suivi.", ["Mgr Aupetit a prêché.", "La messe a suivi."]),
    ("Dr. House est fictif. Il boite.", ["Dr. House est fictif.", "Il boite."]),
    ("St. Louis est loin. On y va.", ["St. Louis est loin.", "On y va."]),
    # initials
    ("John F. Kennedy fut élu. Il gouverna peu.", ["John F. Kennedy fut élu.", "Il gouverna peu."]),
    ("J. K. Rowling écrit. Ses livres plaisent.", ["J. K. Rowling écrit.", "Ses livres plaisent."]),
    ("Le général C. de Gaulle parla. La France écouta.", ["Le général C. de Gaulle parla.", "La France écouta."]),
    ("Les É.-U. ont réagi. La Chine aussi.", ["Les É.-U. ont réagi.", "La Chine aussi."]),
    # eras
    ("Né en 52 av. J.-C. à Rome, il régna. Puis vint la paix.", ["Né en 52 av. J.-C. à Rome, il régna.", "Puis vint la paix."]),
    ("Vers 300 apr. J.-C. la ville brûla. On la rebâtit.", ["Vers 300 apr. J.-C. la ville brûla.", "On la rebâtit."]),
    ("Au IVe s. av. J.-C., Athènes brillait. Sparte aussi.", ["Au IVe s. av. J.-C., Athènes brillait.", "Sparte aussi."]),
    # numbers
    ("Le taux est de 3,5 % cette année. Il baisse.", ["Le taux est de 3,5 % cette année.", "Il baisse."]),
    ("La ville compte 250 000 habitants. Elle grandit.", ["La ville compte 250 000 habitants.", "Elle grandit."]),
    ("Il a payé 1.234,50 euros. C'est cher.", ["Il a payé 1.234,50 euros.", "C'est cher."]),
    ("La version 2.0 sort. Elle corrige tout.", ["La version 2.0 sort.", "Elle corrige tout."]),
    ("Il est arrivé 3e. Le podium lui échappe.", ["Il est arrivé 3e.", "Le podium lui échappe."]),
    ("Le record date de 1998. Il tient toujours.", ["Le record date de 1998.", "Il tient toujours."]),
    # times
    ("Il est arrivé à 15h07. Le train est reparti.", ["Il est arrivé à 15h07.", "Le train est reparti."]),
    ("Rendez-vous à 21 h 30. Soyez à l'heure.", ["Rendez-vous à 21 h 30.", "Soyez à l'heure."]),
    ("Il est 20 h. Le journal commence.", ["Il est 20 h.", "Le journal commence."]),
    ("Il part à 20h. Puis il rentre.", ["Il part à 20h.", "Puis il rentre."]),
    ("La réunion finit à 15:07. Tous sortent.", ["La réunion finit à 15:07.", "Tous sortent."]),
    # quotes
    (
        "Il a dit : « Malheureusement, tout continue. » Facebook répond.",
        ["Il a dit : « Malheureusement, tout continue. »", "Facebook répond."],
    ),
    ("« Nous partons. » Le ministre s'est tu.", ["« Nous partons. »", "Le ministre s'est tu."]),
    ("Il a crié : « Au secours ! » Personne n'a répondu.", ["Il a crié : « Au secours ! »", "Personne n'a répondu."]),
    ("Il a demandé : « Pourquoi ? » puis il est parti.", ["Il a demandé : « Pourquoi ? » puis il est parti."]),
    ("« Viendrez-vous ? » a-t-il demandé. Elle a dit oui.", ["« Viendrez-vous ? » a-t-il demandé.", "Elle a dit oui."]),
    ("« Non ! » s'écria-t-elle. La porte claqua.", ["« Non ! » s'écria-t-elle.", "La porte claqua."]),
    ("Il lit « Le Monde » chaque matin. Puis il sort.", ["Il lit « Le Monde » chaque matin.", "Puis il sort."]),
    ('Il a dit "stop." Tout s\'est arrêté.', ['Il a dit "stop."', "Tout s'est arrêté."]),
    ("Pourquoi partir ? « C'est fini », dit-il.", ["Pourquoi partir ?", "« C'est fini », dit-il."]),
    ("Elle a écrit « fin ». Le livre est clos.", ["Elle a écrit « fin ».", "Le livre est clos."]),
    ("Le slogan “Agir maintenant.” a plu. On l'a repris.", ["Le slogan “Agir maintenant.” a plu.", "On l'a repris."]),
    # ellipses, ! and ?
    ("On attendait… Rien ne vint.", ["On attendait…", "Rien ne vint."]),
    ("C'était en 2020... Puis tout a changé.", ["C'était en 2020...", "Puis tout a changé."]),
    ("Des pommes, des poires, etc... tout y était.", ["Des pommes, des poires, etc... tout y était."]),
    ("Pourquoi ? Parce que. Voilà !", ["Pourquoi ?", "Parce que.", "Voilà !"]),
    ("Quoi ?! Il est parti ? Oui.", ["Quoi ?!", "Il est parti ?", "Oui."]),
    ("Incroyable ! Il a gagné. Bravo !", ["Incroyable !", "Il a gagné.", "Bravo !"]),
    # abbreviations
    ("Voir le n° 5, etc. pour la suite. Fin.", ["Voir le n° 5, etc. pour la suite.", "Fin."]),
    ("Des fruits, p. ex. des pommes, sont vendus. Le prix baisse.", ["Des fruits, p. ex. des pommes, sont vendus.", "Le prix baisse."]),
    ("Il habite 12 av. Foch à Paris. Il y vit depuis 1990.", ["Il habite 12 av. Foch à Paris.", "Il y vit depuis 1990."]),
    ("Voir l’art. 3 du Code. C’est clair.", ["Voir l’art. 3 du Code.", "C’est clair."]),
    ("Cf. le chapitre suivant. Il explique tout.", ["Cf. le chapitre suivant.", "Il explique tout."]),
    ("Lisez les pp. 12 à 20. Elles sont claires.", ["Lisez les pp. 12 à 20.", "Elles sont claires."]),
    ("Le bd. Haussmann est bouché. On dévie.", ["Le bd. Haussmann est bouché.", "On dévie."]),
    ("Il compte env. 300 membres. Le club grandit.", ["Il compte env. 300 membres.", "Le club grandit."]),
    ("Fondé en janv. 2020, le club grandit. Il recrute.", ["Fondé en janv. 2020, le club grandit.", "Il recrute."]),
    ("Le prix, c.-à-d. la facture, monte. On paie.", ["Le prix, c.-à-d. la facture, monte.", "On paie."]),
    ("Martin et al. ont publié. L'étude est solide.", ["Martin et al. ont publié.", "L'étude est solide."]),
    ("Il vit rue St-Jean, vol. 2 de ses mémoires. Lisez-le.", ["Il vit rue St-Jean, vol. 2 de ses mémoires.", "Lisez-le."]),
    # URLs and e-mail addresses
    ("Consultez https://www.example.fr/page.html pour en savoir plus. Merci.",
     ["Consultez https://www.example.fr/page.html pour en savoir plus.", "Merci."]),
    ("Le site www.service-public.fr donne la liste. Consultez-le.",
     ["Le site www.service-public.fr donne la liste.", "Consultez-le."]),
    ("Écrivez à jean.dupont@mairie.fr avant lundi. Réponse sous huit jours.",
     ["Écrivez à jean.dupont@mairie.fr avant lundi.", "Réponse sous huit jours."]),
    ("Tout est sur example.org. Allez-y.", ["Tout est sur example.org.", "Allez-y."]),
    # lists
    ("Ils ont voté :\n- la loi A ;\n- la loi B ;\nLe texte passe.", ["Ils ont voté :", "- la loi A ;", "- la loi B ; Le texte passe."]),
    ("Étapes :\n1. lire ;\n2. écrire.", ["Étapes :", "1. lire ;", "2. écrire."]),
    ("Au menu :\n• soupe\n• salade", ["Au menu :", "• soupe", "• salade"]),
    # acronyms and plain text
    ("L'ONU a voté. L'OTAN a suivi.", ["L'ONU a voté.", "L'OTAN a suivi."]),
    ("La S.N.C.F. annonce une grève. Les trains s'arrêtent.", ["La S.N.C.F. annonce une grève.", "Les trains s'arrêtent."]),
    ("Une seule phrase sans point final", ["Une seule phrase sans point final"]),
    ("  Des   espaces\nen trop.  Partout. ", ["Des espaces en trop.", "Partout."]),
    # a quotation that ends on "!" or "?" keeps its attribution
    ("« Nous gagnerons ! », a lancé Marie. Puis elle est partie.", ["« Nous gagnerons ! », a lancé Marie.", "Puis elle est partie."]),
    ('"Nous gagnerons !", a lancé Marie. Elle est partie.', ['"Nous gagnerons !", a lancé Marie.', "Elle est partie."]),
    # headings a page glued to the next sentence; names that only look glued
    ("La réforme en questionAutre question posée par les élus.", ["La réforme en question", "Autre question posée par les élus."]),
    ("Les élèves de l'écoleMardi matin, ils sont partis.", ["Les élèves de l'école", "Mardi matin, ils sont partis."]),
    ("Il a un iPhone et un MacBook chez McDonald.", ["Il a un iPhone et un MacBook chez McDonald."]),
    ("Rubrique PeopleCe week-end, la star chante.", ["Rubrique People", "Ce week-end, la star chante."]),
    ("ZappingC'est la fin de la saison.", ["Zapping", "C'est la fin de la saison."]),
    ("HARCÈLEMENTLe maire a porté plainte.", ["HARCÈLEMENT", "Le maire a porté plainte."]),
    ("SAVOIEEnquête sur la neige.", ["SAVOIE", "Enquête sur la neige."]),
    ("Le LauncherOne, YouTube et BlaBlaCar.", ["Le LauncherOne, YouTube et BlaBlaCar."]),
    ("Les LREMistes et les URSSAFs votent.", ["Les LREMistes et les URSSAFs votent."]),
    # a quotation or a stop a page glued to the next sentence; marks that only look glued
    ('Le dossier Sarkozy"Les poursuites sont nulles", estime-t-il.', ["Le dossier Sarkozy", '"Les poursuites sont nulles", estime-t-il.']),
    ("PIÉGÉS SUR INTERNET« Tout change », dit-il.", ["PIÉGÉS SUR INTERNET", "« Tout change », dit-il."]),
    ('Il chante "Ashes"Une tournée suit.', ['Il chante "Ashes"', "Une tournée suit."]),
    ("Il a dit « non »Le lendemain, il part.", ["Il a dit « non »", "Le lendemain, il part."]),
    ('Des députés LREM."Orphelins" Fâchée, elle vote.', ["Des députés LREM.", '"Orphelins" Fâchée, elle vote.']),
    ("Il l'a dit à l'AFP.Outre la réforme, il y a le budget.", ["Il l'a dit à l'AFP.", "Outre la réforme, il y a le budget."]),
    ("La voiture en faute ?Le bus roulait vite.", ["La voiture en faute ?", "Le bus roulait vite."]),
    ("Le sport reste interdit.- Assouplissement -Les stades rouvrent. Il a dit.\" - \"Pas encore\" - Le maire part.",
     ["Le sport reste interdit.", "Assouplissement", "Les stades rouvrent.", "Il a dit.\"", '"Pas encore"', "Le maire part."]),
    ("Le porte-parole - un proche du maire - Pierre Roux arrive.", ["Le porte-parole - un proche du maire - Pierre Roux arrive."]),
    ("Il décrit l'arme utilisée.200 enquêtes sont ouvertes, art.3 et v2.5 à l'appui.", ["Il décrit l'arme utilisée.", "200 enquêtes sont ouvertes, art.3 et v2.5 à l'appui."]),
    ('Il félicite "chaleureusement" Emmanuel Macron et le Dr.House.', ['Il félicite "chaleureusement" Emmanuel Macron et le Dr.House.']),
    ('Un " de trop. Il dit "Non" et part.', ['Un " de trop.', 'Il dit "Non" et part.']),
    ('Une promesse d\'"aide" de Moscou et du « Kremlin » Russe.', ['Une promesse d\'"aide" de Moscou et du « Kremlin » Russe.']),
    # bullets within a line
    ("Au programme : • la réforme des retraites • le budget", ["Au programme :", "• la réforme des retraites", "• le budget"]),
]


@pytest.mark.parametrize(("text", "sentences"), CASES, ids=[case[0][:40] for case in CASES])
def test_sentences_end_where_a_reader_would_stop(text, sentences):
    assert list(french_tokenizer().to_sentences(text)) == sentences


@pytest.mark.parametrize(
    ("name", "disabled"),
    [
        ("FRENCH_ABBREVIATIONS", frozenset()),
        ("_FORCED_BREAK", re.compile(r"(?!)")),
        ("_LIST_ITEM", re.compile(r"(?!)")),
        ("_GLUED_HEADING", re.compile(r"(?!)()")),
        ("_CLOSES_A_QUOTE", re.compile(r"(?!)")),
        ("_GLUED_QUOTATION", re.compile(r"(?!)")),
        ("_INTERTITLE", re.compile(r"(?!)(?P<title>)")),
        ("_GLUED_STOP", re.compile(r"(?!)()()")),
        ("FRENCH_ABBREVIATIONS", tokenize.FRENCH_ABBREVIATIONS - {"dr"}),
        ("_append_sentence", lambda sentences, sentence: sentences.append(sentence)),
    ],
)
def test_every_rule_of_the_splitter_is_needed_by_the_table(monkeypatch, name, disabled):
    """Without any one of its rules, the splitter gets at least one case wrong: the table
    exercises each of them."""
    monkeypatch.setattr(tokenize, name, disabled)
    splitter = tokenize.FrenchTokenizer()
    assert any(list(splitter.to_sentences(text)) != sentences for text, sentences in CASES)
