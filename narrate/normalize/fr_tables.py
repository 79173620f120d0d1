"""Word tables for French normalisation, apart from the rules that use them (normalize/fr.py)."""

from __future__ import annotations

TITLES = {
    "M.": "Monsieur",
    "MM.": "Messieurs",
    "Mme": "Madame",
    "Mmes": "Mesdames",
    "Mlle": "Mademoiselle",
    "Mlles": "Mesdemoiselles",
    "Dr": "docteur",
    "Dr.": "docteur",
    "Drs": "docteurs",
    "Pr": "professeur",
    "Pr.": "professeur",
    "Me": "Maître",
    "Mes": "Maîtres",
    "Mgr": "Monseigneur",
}
"""Titles before a name, as written -> as said (only when a capitalised name follows)."""

ABBREVIATIONS = {
    "av. J.-C.": "avant Jésus-Christ",
    "apr. J.-C.": "après Jésus-Christ",
    "J.-C.": "Jésus-Christ",
    "etc.": "et cetera",
    "etc": "et cetera",
    "p. ex.": "par exemple",
    "c.-à-d.": "c'est-à-dire",
    "c-à-d": "c'est-à-dire",
    "cf.": "confer",
    "Cf.": "Confer",
    "n°": "numéro",
    "N°": "numéro",
    "nº": "numéro",
    "env.": "environ",
    "tél.": "téléphone",
    "Tél.": "téléphone",
    "vol.": "volume",
    "chap.": "chapitre",
    "p.": "page",
    "pp.": "pages",
    "bd": "boulevard",
    "bd.": "boulevard",
    "bvd": "boulevard",
    "av.": "avenue",
    "fig.": "figure",
    "art.": "article",
    "min.": "minutes",
    "max.": "maximum",
    "hab.": "habitants",
    "éd.": "édition",
    "coll.": "collection",
    "vs": "contre",
    "vs.": "contre",
}
"""Abbreviations, as written -> as said. "p." and "av." only before a number or a name (see fr.py)."""

SAINTS = {"St-": "Saint-", "Ste-": "Sainte-", "St ": "Saint ", "Ste ": "Sainte "}

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)

CURRENCIES = {
    "€": ("euro", "euros", "centime", "centimes"),
    "EUR": ("euro", "euros", "centime", "centimes"),
    "$": ("dollar", "dollars", "cent", "cents"),
    "USD": ("dollar", "dollars", "cent", "cents"),
    "£": ("livre", "livres", "penny", "pence"),
    "GBP": ("livre", "livres", "penny", "pence"),
    "CHF": ("franc suisse", "francs suisses", "centime", "centimes"),
    "¥": ("yen", "yens", "sen", "sens"),
    "JPY": ("yen", "yens", "sen", "sens"),
    "₩": ("won", "wons", "jeon", "jeons"),
    "KRW": ("won", "wons", "jeon", "jeons"),
    "₹": ("roupie", "roupies", "paisa", "paisas"),
    "₽": ("rouble", "roubles", "kopeck", "kopecks"),
}
"""Currency sign -> (one, many, one hundredth, many hundredths)."""

FEMININE_CURRENCIES = frozenset({"£", "GBP", "₹"})

MAGNITUDES = {"k": "mille", "M": "millions", "Md": "milliards", "Mds": "milliards", "Mrd": "milliards"}
"""Short scales written after a number and before a currency: "3 M€", "2 Md$"."""

UNITS = {
    "km/h": ("kilomètre à l'heure", "kilomètres à l'heure"),
    "m/s": ("mètre par seconde", "mètres par seconde"),
    "km²": ("kilomètre carré", "kilomètres carrés"),
    "km2": ("kilomètre carré", "kilomètres carrés"),
    "m²": ("mètre carré", "mètres carrés"),
    "m2": ("mètre carré", "mètres carrés"),
    "m³": ("mètre cube", "mètres cubes"),
    "m3": ("mètre cube", "mètres cubes"),
    "cm²": ("centimètre carré", "centimètres carrés"),
    "ha": ("hectare", "hectares"),
    "km": ("kilomètre", "kilomètres"),
    "cm": ("centimètre", "centimètres"),
    "mm": ("millimètre", "millimètres"),
    "µm": ("micromètre", "micromètres"),
    "μm": ("micromètre", "micromètres"),
    "nm": ("nanomètre", "nanomètres"),
    "µg": ("microgramme", "microgrammes"),
    "μg": ("microgramme", "microgrammes"),
    "m": ("mètre", "mètres"),
    "kg": ("kilo", "kilos"),
    "mg": ("milligramme", "milligrammes"),
    "g": ("gramme", "grammes"),
    "t": ("tonne", "tonnes"),
    "l": ("litre", "litres"),
    "L": ("litre", "litres"),
    "ml": ("millilitre", "millilitres"),
    "mL": ("millilitre", "millilitres"),
    "cl": ("centilitre", "centilitres"),
    "dl": ("décilitre", "décilitres"),
    "°C": ("degré Celsius", "degrés Celsius"),
    "°F": ("degré Fahrenheit", "degrés Fahrenheit"),
    "°": ("degré", "degrés"),
    "kWh": ("kilowattheure", "kilowattheures"),
    "MWh": ("mégawattheure", "mégawattheures"),
    "kW": ("kilowatt", "kilowatts"),
    "MW": ("mégawatt", "mégawatts"),
    "GW": ("gigawatt", "gigawatts"),
    "W": ("watt", "watts"),
    "V": ("volt", "volts"),
    "Go": ("gigaoctet", "gigaoctets"),
    "Mo": ("mégaoctet", "mégaoctets"),
    "ko": ("kilooctet", "kilooctets"),
    "min": ("minute", "minutes"),
    "mn": ("minute", "minutes"),
    "s": ("seconde", "secondes"),
    "ms": ("milliseconde", "millisecondes"),
}
"""Units after a number -> (singular, plural); French uses the singular below 2."""

FEMININE_UNITS = frozenset({"t", "min", "mn", "s", "ms"})

PER_UNIT = {
    "m²": "le mètre carré", "m2": "le mètre carré", "m³": "le mètre cube", "m3": "le mètre cube",
    "kg": "le kilo", "t": "la tonne", "l": "le litre", "L": "le litre", "kWh": "le kilowattheure",
    "MWh": "le mégawattheure", "an": "par an", "mois": "par mois", "jour": "par jour",
    "hab": "par habitant", "hab.": "par habitant", "personne": "par personne",
}
"""What follows a slash after an amount: "3 000 €/m²" is "trois mille euros le mètre carré"."""

SUPERSCRIPT_LETTERS = str.maketrans({
    "ᵃ": "a", "ᵇ": "b", "ᶜ": "c", "ᵈ": "d", "ᵉ": "e", "ᶠ": "f", "ᵍ": "g", "ʰ": "h", "ⁱ": "i", "ʲ": "j", "ᵏ": "k",
    "ˡ": "l", "ᵐ": "m", "ⁿ": "n", "ᵒ": "o", "ᵖ": "p", "ʳ": "r", "ˢ": "s", "ᵗ": "t", "ᵘ": "u", "ᵛ": "v", "ʷ": "w",
    "ˣ": "x", "ʸ": "y", "ᶻ": "z", "º": "°",
})
"""Letters written small and raised ("1ᵉʳ", "XIXᵉ", "Mᵐᵉ", "Nº") as plain letters."""

SHORT_WORDS = frozenset(
    "le la les un une de des du ce ces se sa son ses ne en et est au aux il ils on y ou où qui que je tu me te ma mon "
    "ta ton nos vos sur par pas plus mais car si".split()
)
"""Short French words read as words when written in capitals ("CE N'EST PAS"): the dictionary
lists some of them with junk readings ("ce" [seə])."""

FRACTIONS = {2: ("demi", "demis"), 3: ("tiers", "tiers"), 4: ("quart", "quarts")}
"""Denominators French names apart; the others are ordinals ("trois cinquièmes")."""

FEMININE_NOUNS = frozenset(
    """heure heures minute minutes seconde secondes semaine semaines année années fois personne personnes
    femme femmes fille filles victime victimes tonne tonnes voiture voitures place places page pages
    commune communes entreprise entreprises famille familles région régions ville villes école écoles
    classe classes voix élection élections journée journées nuit nuits étape étapes
    édition éditions saison saisons manche manches ligne lignes maison maisons
    espèce espèces vague vagues dose doses plainte plaintes""".split()
)
"""Nouns after which "un" is said "une" (vingt et une heures)."""

LETTER_NAMES = {
    "A": "a", "B": "bé", "C": "cé", "D": "dé", "E": "e", "F": "èffe", "G": "gé", "H": "ache", "I": "i",
    "J": "ji", "K": "ka", "L": "èle", "M": "èmme", "N": "ène", "O": "o", "P": "pé", "Q": "ku", "R": "èrre",
    "S": "èsse", "T": "té", "U": "u", "V": "vé", "W": "double vé", "X": "ixe", "Y": "i grec", "Z": "zède",
}
"""How French says each letter when an acronym is spelled, written so that every voice says it
right: "emme" is read [ɑ̃m] like "emmener", "qu" [k], so M is "èmme" and Q "ku" (checked
letter by letter on the voice's phonemes in tests/test_normalize.py)."""

ROMAN_KEYWORDS = frozenset(
    """chapitre chapitres tome tomes acte actes partie parties livre titre article section volume scène
    saison épisode vatican concile phase""".split()
)
"""Words after which a Roman numeral is a number ("chapitre II", "Vatican II")."""

SYMBOLS = {
    "&": " et ",
    "+": " plus ",
    "=": " égale ",
    "×": " fois ",
    "÷": " divisé par ",
    "±": " plus ou moins ",
    "≈": " environ ",
    "~": " environ ",
    "<": " inférieur à ",
    ">": " supérieur à ",
    "≤": " inférieur ou égal à ",
    "≥": " supérieur ou égal à ",
    "%": " pour cent",
    "‰": " pour mille",
    "#": " dièse ",
    "§": " paragraphe ",
    "@": " arobase ",
    "°": " degrés",
    "/": " ",
}
"""Symbols left once numbers, money and units are read (a slash left alone, in code pasted into
a page, is silence)."""

URL_WORDS = {".": " point ", "/": " barre oblique ", "-": " tiret ", "_": " tiret bas ", "@": " arobase ", ":": " deux-points "}
"""How the punctuation of a web or e-mail address is read."""
