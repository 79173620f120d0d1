"""French normalisation: ordered ``str -> str`` rules that write out what a careful reader says.

Each rule handles one kind of written form and leaves the rest alone; the order matters
(a date before its numbers, money before its decimals, numbers before acronyms). The word
tables are in ``fr_tables.py``.
"""

from __future__ import annotations

import re

from num2words import num2words

from .acronyms import acronym_known, said_as_word, spoken_as_word
from .fr_tables import (
    ABBREVIATIONS, CURRENCIES, FEMININE_CURRENCIES, FEMININE_NOUNS, FEMININE_UNITS, FRACTIONS,
    LETTER_NAMES, MAGNITUDES, MONTHS, PER_UNIT, ROMAN_KEYWORDS, SAINTS, SHORT_WORDS, SUPERSCRIPT_LETTERS, SYMBOLS, TITLES,
    UNITS,
    URL_WORDS,
)

_SPACES = "[ \u00a0\u202f]"
NUMBER = rf"\d{{1,3}}(?:{_SPACES}\d{{3}})+(?:,\d+)?|\d{{1,3}}(?:\.\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?"
"""A written number: "250 000", "1.234.567", "3,5", "2021"."""
_NUMBER = re.compile(rf"(?<![\w,.])(?P<minus>[-−–](?=\d))?(?P<number>{NUMBER})(?![\d])")
_THOUSANDS_SEPARATOR = re.compile(rf"{_SPACES}|\.(?=\d{{3}})")
_NEXT_WORD = re.compile(r"\s*([^\W\d_]+)")
_UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ"


def _without_separators(written: str) -> str:
    """ "250 000" and "1.234,5" without their thousands separators: "250000", "1234,5"."""
    return _THOUSANDS_SEPARATOR.sub("", written)


def say_number(written: str, *, feminine: bool = False) -> str:
    """A written number in words: "250 000" -> "deux cent cinquante mille", "3,5" -> "trois virgule cinq"."""
    digits = _without_separators(written)
    whole, _, decimals = digits.partition(",")
    words = num2words(int(whole), lang="fr") if len(whole) <= MAX_NUMBER_DIGITS else _digit_by_digit(whole)
    if feminine and (words == "un" or words.endswith((" un", "-un"))):
        words += "e"
    if len(decimals) > MAX_DECIMAL_DIGITS:
        words += " virgule " + _digit_by_digit(decimals)
    elif decimals:
        zeros = len(decimals) - len(decimals.lstrip("0"))
        rest = decimals.lstrip("0")
        words += " virgule" + " zéro" * zeros + (f" {num2words(int(rest), lang='fr')}" if rest else "")
    return words


MAX_NUMBER_DIGITS = 15
"""Up to the millions of billions a number is said as one; longer strings of digits (a code,
a pasted constant, 600 digits of nonsense) are read digit by digit."""
MAX_DECIMAL_DIGITS = 6
"""Decimals up to millionths are said as a number, as French reads them ("1,4120" -> "un virgule
quatre mille cent vingt"); more are read one by one (a constant, a code)."""
_DIGIT_NAMES = ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf")


def _digit_by_digit(digits: str) -> str:
    return " ".join(_DIGIT_NAMES[int(digit)] for digit in digits if digit.isdigit())


def _value(written: str) -> float:
    return float(_without_separators(written).replace(",", "."))


def _followed_by_feminine(text: str, end: int) -> bool:
    match = _NEXT_WORD.match(text, end)
    return match is not None and match.group(1).lower() in FEMININE_NOUNS


def _roman_value(numeral: str) -> int | None:
    """The value of a well-formed Roman numeral ("XIV" -> 14), None for "IIII", "MIXX" or "VX"."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for index, letter in enumerate(numeral):
        value = values[letter]
        following = values[numeral[index + 1]] if index + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total if total > 0 and _to_roman(total) == numeral else None


def _to_roman(number: int) -> str:
    pieces = []
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):
        count, number = divmod(number, value)
        pieces.append(letters * count)
    return "".join(pieces)


def _ordinal(number: int, feminine: bool = False) -> str:
    if number == 1:
        return "première" if feminine else "premier"
    if len(str(number)) > MAX_NUMBER_DIGITS:
        return _digit_by_digit(str(number)) + " ième"
    return num2words(number, lang="fr", to="ordinal")


# --- the rules, in the order they apply ---------------------------------------------------------

_NUMERO_GLUED = re.compile(r"(?i)\b(n°)(?=\d)")
_GROUPED_ORDINAL = re.compile(r"\b(\d{1,3}(?:[ \u00a0\u202f]\d{3})+)(?=(?:er|re|ère|e|ème|è)\b)")
_DEGREES_APART = re.compile(r"(?<=\d)\s*°\s*(?=[CF]\b)")
_PUNCTUATION_GLUED = re.compile(r"(?<=[^\W\d_])([!?…])\.?(?=\d)")


_RAISED = "".join(letter for letter in map(chr, SUPERSCRIPT_LETTERS) if letter != "º")
_RAISED_TITLE = re.compile(rf"(?<![\w.])[{_UPPER}][{_RAISED}]+(?![\w{_RAISED}])")
"""A title written with raised letters ("Dʳ", "Mᵐᵉ", "Mᵍʳ"): an abbreviation wherever it stands."""
_EUPHONIC_T = re.compile(r"(?<=[aeé])(?:-t[ '’]|[ ]t[-'’]|[ ]t[ ])(?=(?:il|elle|on|ils|elles)\b)")
"""The "t" of "a-t-il" with a hyphen missing or an apostrophe instead ("a-t il", "va-t'elle")."""


def fold_typography(text: str) -> str:
    """Written forms brought to the ones the rules know: a title in raised letters said in full
    even without a name after it ("le Dʳ" -> "le docteur"), other raised letters ("1ᵉʳ", "Nº")
    written plain, "n°9" and "41° C" spaced as usual, a grouped number before an ordinal
    suffix joined ("10 000e"), figures glued to a "!" or "?" set apart ("marché!.27"), and the
    "t" of "a-t-il" given its hyphens ("a-t il" was read "a té il")."""
    text = _RAISED_TITLE.sub(lambda match: TITLES.get(match.group(0).translate(SUPERSCRIPT_LETTERS), match.group(0)), text)
    text = _EUPHONIC_T.sub("-t-", text)
    text = text.translate(SUPERSCRIPT_LETTERS)
    text = _NUMERO_GLUED.sub(r"\1 ", text)
    text = _GROUPED_ORDINAL.sub(lambda match: _without_separators(match.group(1)), text)
    text = _DEGREES_APART.sub(" °", text)
    return _PUNCTUATION_GLUED.sub(r"\1 ", text)



_URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>«»\"]+[^\s<>«»\".,;:!?)\]]"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:fr|com|org|net|eu|be|ch|ca|io|info|gouv\.fr)\b(?:/[^\s<>«»\"]*[^\s<>«»\".,;:!?)\]])?"
)
"""A web address: with its scheme or "www.", or a bare domain with a common ending ("example.org/a")."""
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")


def say_addresses(text: str) -> str:
    """Web and e-mail addresses by their parts: "www.ex.fr/a" -> "trois double vé point ex point fr barre oblique a"."""

    def spoken(match: re.Match[str]) -> str:
        address = re.sub(r"^https?://", "", match.group(0)).rstrip("/")
        address = re.sub(r"^www\.", "trois double vé.", address)
        return "".join(URL_WORDS.get(character, character) for character in address).replace("  ", " ").strip()

    return _URL.sub(spoken, _EMAIL.sub(spoken, text))


_QUOTED = re.compile(r"(?P<open>[«“\"])\s*(?P<inner>[^«»“”\"]*?)\s*(?P<close>[»”\"])")
_OPENING_QUOTE = re.compile(r"(?:^|(?<=[\s(\[]))[«“\"]\s*")
_CLOSING_QUOTE = re.compile(r"\s*[»”\"](?=[\s.,;:!?)\]…]|$)")
_SPACED_DASH = re.compile(r"\s+[–—-]\s+|^[–—-]\s+")
_ELISION_BEFORE_QUOTE = re.compile(r"(?i)\b((?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)[’'])\s*(?:[«“]\s*)?(?=\w)")
SHORT_QUOTE_WORDS = 3
"""A quotation this short is a word set apart ("une « épidémie »"), heard without pauses."""


_PHONE = re.compile(
    r"(?<![\d+])(?:(?P<country>\+33|0033)[ .-]?\(?0?\)?[ .-]?(?P<first>[1-9])|0(?P<first0>[1-9]))"
    r"(?P<pairs>(?:[ .-]?\d{2}){4})(?![\d,])"
)
"""A French telephone number: "06 12 34 56 78", "01.45.67.89.10", "+33 6 12 34 56 78"."""


def say_phone_numbers(text: str) -> str:
    """Telephone numbers said as French says them, by pairs after the leading zero, with a
    short pause between: "06 12 34 56 78" -> "zéro six, douze, trente-quatre, cinquante-six,
    soixante-dix-huit" (read as numbers, the zero was lost: "six douze…")."""

    def spoken(match: re.Match[str]) -> str:
        lead = f"plus trente-trois, {_DIGIT_NAMES[int(match['first'])]}" if match["country"] else f"zéro {_DIGIT_NAMES[int(match['first0'])]}"
        pairs = re.findall(r"\d{2}", match["pairs"])
        return ", ".join([lead, *(f"zéro {_DIGIT_NAMES[int(pair[1])]}" if pair[0] == "0" else num2words(int(pair), lang="fr") for pair in pairs)])

    return _PHONE.sub(spoken, text)


_CAPITALS_WORD = re.compile(rf"(?<![\w'’-])(?:[{_UPPER}]['’])?[{_UPPER}]{{2,}}(?![\w'’-])")
_ELIDED_CAPITAL = re.compile(r"^[A-Z]['’]")
"""The elision before a word in capitals ("N'EST", "L'ÉTAT")."""
_ACCENTED_CAPITAL = re.compile("[ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ]")
_BETWEEN_CAPITALS = re.compile(rf"\s+(?:[{_UPPER}]\s+)*")
"""What may stand between two words of a run of capitals: spaces, a one-letter word ("À")."""


def words_in_capitals(text: str) -> str:
    """French words written in capitals read as words, not spelled: a label ("VIDÉO.",
    "EXCLUSIF :"), a word with an accent ("ÉTAT", "PIÉGÉS"), or words of a run of capitals
    ("CE N'EST PAS", "LA CGT" -> "ce n'est pas", "la CGT"); an acronym (not a word of the French
    dictionary, or one narrate knows as an acronym) stays as it is, to be spelled or said."""
    matches = list(_CAPITALS_WORD.finditer(text))
    if not matches:
        return text
    from ..speech.french_dictionary import pronunciation  # imported here: speech imports normalize

    def french(word: str) -> bool:
        bare = _ELIDED_CAPITAL.sub("", word)
        if bare.lower() in SHORT_WORDS or _ACCENTED_CAPITAL.search(bare) and not acronym_known(bare):
            return True  # an acronym carries no accent: "PIÉGÉS" is a word, in the dictionary or not
        said = pronunciation(bare)  # an acronym the dictionary lists is spelled: more sounds than letters
        return said is not None and len(said.split()) <= len(bare) + 1 and not acronym_known(bare)

    def sure(word: str) -> bool:  # French beyond doubt: no acronym of three letters reads so
        bare = _ELIDED_CAPITAL.sub("", word)
        return bare.lower() in SHORT_WORDS or len(bare) >= 4 or bool(_ACCENTED_CAPITAL.search(bare))

    pieces, last = [], 0
    for index, match in enumerate(matches):
        word = match.group(0)
        neighbours = [
            other.group(0)
            for other in matches[max(0, index - 1): index + 2]
            if other is not match
            and _BETWEEN_CAPITALS.fullmatch(text[min(other.end(), match.end()):max(other.start(), match.start())])
        ]
        in_run = bool(neighbours) and (sure(word) or any(french(other) for other in neighbours))
        label = not text[: match.start()].strip() and text[match.end():].lstrip()[:1] in (".", ":") and len(word) >= 4
        lowered = french(word) and (in_run or label or bool(_ACCENTED_CAPITAL.search(word)))
        pieces.append(text[last: match.start()] + (word.lower() if lowered else word))
        last = match.end()
    return "".join(pieces) + text[last:]


def quotes_and_dashes_as_pauses(text: str) -> str:
    """Quotation marks and dashes are heard as pauses where a reader makes one, never as words.

    A reader pauses before a quotation that stands apart (after a colon or a comma, at the start
    of a sentence: « Nous irons », a-t-il dit) and after one that ends a sentence of its own
    inside; a quotation that is part of the sentence ("Borne a « appelé au calme »", "pour
    « association de malfaiteurs »") is read straight on. A short quotation or one right after
    an elision ("d’« éteindre »") never pauses.
    """

    def paired(match: re.Match[str]) -> str:
        inner = match["inner"]
        before = text[: match.start()].rstrip()
        if before.endswith(("’", "'")) or len(inner.split()) <= SHORT_QUOTE_WORDS:
            return inner
        apart = not before or before.endswith((":", ",", ";", ".", "!", "?", "…", "(", "—", "–"))
        ends_sentence = inner.rstrip().endswith((".", "!", "?", "…"))
        return f"{', ' if apart else ''}{inner}{',' if ends_sentence or apart else ''}"

    text = _QUOTED.sub(paired, text)
    text = _ELISION_BEFORE_QUOTE.sub(r"\1", text)
    text = _OPENING_QUOTE.sub(", ", text)
    text = _CLOSING_QUOTE.sub(",", text)
    return _SPACED_DASH.sub(", ", text)


BREATH_WORDS = 16
"""A newsreader breathes within a clause this long: a run of more words without punctuation gets
a pause at its best clause boundary (see ``breathing_pauses``)."""
_SIDE_WORDS = 5
"""A pause never leaves fewer words than this on either side."""
_BOUNDARIES: dict[str, float] = {
    **dict.fromkeys(("qui", "dont", "où", "lorsque", "lorsqu", "puisque", "puisqu", "parce", "tandis", "afin", "car",
                     "mais", "alors", "bien", "quand", "tout", "si"), 3.0),
    **dict.fromkeys(("et", "ou", "selon", "depuis", "après", "avant", "contre", "malgré", "lors", "pendant", "comme",
                     "ainsi", "notamment", "avec", "sans", "pour", "jusqu"), 2.0),
    **dict.fromkeys(("dans", "sur", "sous", "par", "entre", "vers", "chez", "que", "qu"), 1.0),
}
"""Words a clause or a phrase opens on, by how good a place to breathe they make before them."""
_NO_BREATH_AFTER = frozenset(
    "le la les l un une des du de d à au aux ce cet cette ces son sa ses leur leurs mon ma mes ne n se s y en et ou "
    "plus moins très si tout tous toute toutes même qui que qu".split()
)
"""A pause never falls right after these: "de | qui" would cut a phrase, not a sentence."""
_RUN = re.compile(r"[^,;:.!?…()]+")
_WORD_KEY = re.compile(r"[’']")


def breathing_pauses(text: str) -> str:
    """A long run of words without punctuation is cut by a pause (a comma) before the clause or
    phrase that best splits it near its middle, as a newsreader breathes: runs of 40 words
    without a pause tired the ear."""
    return _RUN.sub(lambda match: _breathe(match.group(0)), text)


def _breathe(run: str) -> str:
    words = run.split(" ")
    counted = [index for index, word in enumerate(words) if word]
    if len(counted) <= BREATH_WORDS:
        return run
    best, best_score = None, 0.0
    for position in range(_SIDE_WORDS, len(counted) - _SIDE_WORDS + 1):
        word = _WORD_KEY.split(words[counted[position]].lower())[0]
        previous = _WORD_KEY.split(words[counted[position - 1]].lower())[-1]
        weight = _BOUNDARIES.get(word, 0.0)
        if weight and previous not in _NO_BREATH_AFTER:
            score = weight - abs(position - len(counted) / 2) / len(counted) * 4
            if best is None or score > best_score:
                best, best_score = position, score
    if best is None:
        return run
    split = counted[best]
    return _breathe(" ".join(words[:split])) + ", " + _breathe(" ".join(words[split:]))


_TITLE = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(title) for title in sorted(TITLES, key=len, reverse=True)) + r")"
    rf"(?=\s+[{_UPPER}])"
)


def expand_titles(text: str) -> str:
    """Titles before a name in full: "M. Bailey" -> "Monsieur Bailey"; "Me" before a name only."""
    return _TITLE.sub(lambda match: TITLES[match.group(1)], text)


_ABBREVIATION = re.compile(
    "|".join(
        rf"(?<![\w.]){re.escape(written)}" + (r"(?!\w)" if written[-1].isalnum() else "")
        for written in sorted(ABBREVIATIONS, key=len, reverse=True)
        if written not in {"p.", "pp.", "av.", "art.", "min."}
    )
)
_BEFORE_NUMBER = re.compile(r"(?<![\w.])(p\.|pp\.|art\.|min\.)(?=\s*\d)")
_AVENUE = re.compile(rf"(?<=\d )av\.(?=\s+[{_UPPER}])")
_SAINT = re.compile(r"(?<![\w])(St|Ste)(-|\s)(?=[" + _UPPER + r"])")


def expand_abbreviations(text: str) -> str:
    """Common abbreviations said in full: "etc." -> "et cetera", "n° 5" -> "numéro 5", "St-Jean" -> "Saint-Jean".

    An abbreviation's period that also ends the sentence stays: "des fruits, etc." -> "…, et cetera."
    """

    def spoken(match: re.Match[str]) -> str:
        written = match.group(0)
        ends_sentence = written.endswith(".") and not text[match.end():].strip()
        return ABBREVIATIONS[written] + ("." if ends_sentence else "")

    text = _ABBREVIATION.sub(spoken, text)
    text = _BEFORE_NUMBER.sub(lambda match: ABBREVIATIONS[match.group(1)], text)
    text = _AVENUE.sub("avenue", text)
    return _SAINT.sub(lambda match: SAINTS[match.group(1) + ("-" if match.group(2) == "-" else " ")], text)


_NUMERIC_DATE = re.compile(
    r"\b(?P<day>[0-3]?\d)/(?P<month>[01]?\d)/(?P<year>\d{4}|\d{2})\b"
    r"|\b(?P<day2>[0-3]?\d)(?P<separator>[.-])(?P<month2>[01]?\d)(?P=separator)(?P<year2>\d{4})\b"
)
"""02/07/2021 and 02/07/21; with dots or dashes (02.03.2003), only with four figures for the year."""


_DATE_WITHOUT_YEAR = re.compile(
    r"(?i)\b(?P<lead>le|du|au|ce|dès le|depuis le|avant le|après le|jusqu'au|jusqu’au|lundi|mardi|mercredi|jeudi"
    r"|vendredi|samedi|dimanche)\s+(?P<day>[0-3]?\d)[./](?P<month>[01]?\d)\b(?![.,/]?\d|\s*%)"
)
"""A day and a month in figures after a word that announces a date: "le 17.06", "mardi 3/11"."""


def say_numeric_dates(text: str) -> str:
    """Dates written in figures: "02/07/2021" -> "2 juillet 2021", "le 17.06" -> "le 17 juin"
    (the numbers are said later)."""

    def without_year(match: re.Match[str]) -> str:
        day, month = int(match["day"]), int(match["month"])
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return match.group(0)
        return f"{match['lead']} {'1er' if day == 1 else day} {MONTHS[month - 1]}"

    def spoken(match: re.Match[str]) -> str:
        day, month = int(match["day"] or match["day2"]), int(match["month"] or match["month2"])
        year = match["year"] or match["year2"]
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return match.group(0)
        if len(year) == 2:
            year = ("20" if int(year) < 50 else "19") + year
        return f"{'1er' if day == 1 else day} {MONTHS[month - 1]} {year}"

    return _DATE_WITHOUT_YEAR.sub(without_year, _NUMERIC_DATE.sub(spoken, text))


_MONTH_NAMES = "|".join(MONTHS)
_DAY_LIST = re.compile(
    rf"\b(?P<days>[0-3]?\d(?:\s?/\s?[0-3]?\d)+|(?<=\bles )[0-3]?\d(?:-[0-3]?\d)+|[0-3]?\d(?:-[0-3]?\d){{2,}})"
    rf"(?=\s+(?:{_MONTH_NAMES})\b)",
    re.IGNORECASE,
)


def say_day_lists(text: str) -> str:
    """Days listed before their month: "les 17/18 juin" -> "les 17 et 18 juin", "17-18-19 mars"
    -> "17, 18 et 19 mars" (a lone dash between two days stays a range: "du 17-19 mars")."""

    def spoken(match: re.Match[str]) -> str:
        days = re.split(r"\s?[/-]\s?", match["days"])
        if not all(1 <= int(day) <= 31 for day in days):
            return match.group(0)
        return ", ".join(days[:-1]) + " et " + days[-1]

    return _DAY_LIST.sub(spoken, text)


_DECADE = re.compile(r"\b(?P<lead>(?:les\s+)?années\s+|les\s+)(?P<decade>(?:19|20)?[1-9]0)(?P<s>\s?['’]?s)?\b")


def say_decades(text: str) -> str:
    """Decades: "les années 80" -> "les années quatre-vingt" (no plural s on a decade), "les 80s"
    -> "les années quatre-vingt"."""

    def spoken(match: re.Match[str]) -> str:
        lead = match["lead"]
        if "années" not in lead:
            if not match["s"]:
                return match.group(0)
            lead = lead + "années "
        return lead + say_number(match["decade"]).removesuffix("s")

    return _DECADE.sub(spoken, text)


_FRACTION = re.compile(
    r"(?<![\d/.,])(?:(?<![\w-])(?P<minus>[-−–])(?=\d))?(?:(?P<whole>\d+)\s)?(?P<numerator>\d{1,3})\s?/\s?(?P<denominator>\d{1,3})(?![\d/])"
    r"(?:\s(?P<noun>[a-zàâçéèêëîïôûù]{3,})\b)?"
)


_RATIO = re.compile(
    r"(?<![\d/.,])(?P<value>\d+,\d+|\d{1,2}\s?(?P<unit>[hj]))\s?/\s?(?P<whole>\d{1,3})(?![\d/]|[.,]\d)"
)
_RATIO_UNITS = {"h": ("heure", "heures"), "j": ("jour", "jours")}


def say_ratios(text: str) -> str:
    """A decimal over a number is a mark out of it, and hours or days over a number a rate:
    "6,6/10" -> "6,6 sur 10", "24h/24" -> "24 heures sur 24", "7j/7" -> "7 jours sur 7" (they
    were heard "six virgule six, dix" and "vingt-quatre h, vingt-quatre")."""

    def spoken(match: re.Match[str]) -> str:
        if match["unit"]:
            count = match["value"][:-1].strip()
            one, many = _RATIO_UNITS[match["unit"]]
            return f"{count} {one if count == '1' else many} sur {match['whole']}"
        return f"{match['value']} sur {match['whole']}"

    return _RATIO.sub(spoken, text)


MAX_FRACTION_DENOMINATOR = 12
"""Beyond twelfths, "3/40" is a ratio, said "trois sur quarante"."""


def say_fractions(text: str) -> str:
    """Fractions: "1/3" -> "un tiers", "3/4" -> "trois quarts", "1 1/2" -> "un et demi", and
    before a noun as French says it: "1 1/2 heure" -> "une heure et demie", "2 1/4 litres" ->
    "deux litres et quart"; a numerator as large as its denominator is no fraction ("24/7" is
    said "vingt-quatre sur sept")."""

    def spoken(match: re.Match[str]) -> str:
        return ("moins " if match["minus"] else "") + unsigned(match)

    def unsigned(match: re.Match[str]) -> str:
        numerator, denominator = int(match["numerator"]), int(match["denominator"])
        noun = f" {match['noun']}" if match["noun"] else ""
        if not 0 < numerator < denominator <= MAX_FRACTION_DENOMINATOR:
            whole = f"{match['whole']} " if match["whole"] else ""
            return f"{whole}{numerator} sur {denominator}{noun}"
        one, many = FRACTIONS.get(denominator) or (_ordinal(denominator), _ordinal(denominator) + "s")
        if match["whole"] and numerator == 1 and denominator in {2, 4}:
            feminine = match["noun"] is not None and match["noun"] in FEMININE_NOUNS
            whole = say_number(match["whole"], feminine=feminine)
            if noun:  # "une heure et demie": the half after the noun, agreeing with it
                return f"{whole}{noun} et {one + ('e' if feminine and denominator == 2 else '')}"
            return f"{whole} et {one}"
        if match["whole"]:
            return f"{say_number(match['whole'])} et {say_number(str(numerator))} {one if numerator == 1 else many}{noun}"
        return f"{say_number(str(numerator))} {one if numerator == 1 else many}{noun}"

    return _FRACTION.sub(spoken, text)


_TIME = re.compile(r"\b(?P<hour>[01]?\d|2[0-3])\s?(?:h|H|:)\s?(?P<minute>[0-5]\d)\b|\b(?P<whole>[01]?\d|2[0-3])\s?h\b(?!\w)")


def say_times(text: str) -> str:
    """Times the French way: "15:07" -> "quinze heures sept", "1h" -> "une heure", "21 h 30"."""

    def spoken(match: re.Match[str]) -> str:
        hour = int(match["hour"] or match["whole"])
        minutes = int(match["minute"] or 0)
        words = f"{say_number(str(hour), feminine=True)} heure{'s' if hour > 1 else ''}"
        return f"{words} {say_number(str(minutes), feminine=True)}" if minutes else words

    return _TIME.sub(spoken, text)


_CURRENCY = "|".join(re.escape(sign) for sign in sorted(CURRENCIES, key=len, reverse=True))
_MAGNITUDE = "|".join(sorted(MAGNITUDES, key=len, reverse=True))
_MONEY_AFTER = re.compile(rf"(?<![\w,.])(?P<amount>{NUMBER})\s?(?P<scale>{_MAGNITUDE})?\s?(?P<sign>{_CURRENCY})(?!\w)")
_MONEY_BEFORE = re.compile(rf"(?<!\w)(?P<sign>[€$£])\s?(?P<amount>{NUMBER})(?:\s?(?P<scale>{_MAGNITUDE})(?!\w))?")


def say_money(text: str) -> str:
    """Amounts of money: "12,50 €" -> "douze euros cinquante", "$5" -> "cinq dollars", "3 M€" -> "trois millions d'euros"."""

    def spoken(match: re.Match[str]) -> str:
        one, many, cent, cents = CURRENCIES[match["sign"]]
        feminine = match["sign"] in FEMININE_CURRENCIES
        amount, scale = match["amount"], match["scale"]
        if scale:
            scale_words = MAGNITUDES[scale]
            elided = "d'" if many[0] in "aeiouéè" else "de "
            joiner = " " if scale == "k" else f" {elided}"
            return f"{say_number(amount)} {scale_words}{joiner}{many}"
        whole, _, fraction = _without_separators(amount).partition(",")
        fraction = (fraction + "0")[:2] if fraction else ""
        units = int(whole)
        pieces = []
        if units or not fraction or not int(fraction):
            pieces.append(f"{say_number(whole, feminine=feminine)} {one if units < 2 else many}")
        if fraction and int(fraction):
            if units:
                pieces.append(say_number(str(int(fraction))))
            else:
                pieces.append(f"{say_number(str(int(fraction)))} {cent if int(fraction) < 2 else cents}")
        return " ".join(pieces)

    return _MONEY_BEFORE.sub(spoken, _MONEY_AFTER.sub(spoken, text))




_UNIT = re.compile(
    rf"(?<![\w,.])(?P<minus>[-−](?=\d))?(?P<amount>{NUMBER})\s?(?P<unit>"
    + "|".join(re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True))
    + r")(?![\w²³/'’])"
)
"""An amount and its unit; "l" before an apostrophe is an elision ("en 1978 l'oblige"), not litres."""


def say_units(text: str) -> str:
    """Measures: "30 km/h" -> "trente kilomètres à l'heure", "1,5 kg" -> "un virgule cinq kilo"."""

    def spoken(match: re.Match[str]) -> str:
        singular, plural = UNITS[match["unit"]]
        amount = match["amount"]
        feminine = match["unit"] in FEMININE_UNITS
        words = f"{say_number(amount, feminine=feminine)} {singular if abs(_value(amount)) < 2 else plural}"
        return f"moins {words}" if match["minus"] else words

    return _UNIT.sub(spoken, text)


_ORDINAL = re.compile(r"\b(?P<number>\d+)(?P<suffix>er|re|ère|e|ème|è|eme|nd|nde|d)\b")
_ROMAN_ORDINAL = re.compile(r"\b(?P<numeral>[IVXLCDM]{2,}|[IVX])(?P<suffix>er|re|ère|e|ème)\b")
"""One letter only for I, V and X: "Le", "Ce", "De" and "Me" are words, not 50th, 100th…"""


def say_ordinals(text: str) -> str:
    """Ordinals: "1er" -> "premier", "3e" -> "troisième", "XIXe siècle" -> "dix-neuvième siècle"."""

    def spoken(number: int, suffix: str) -> str:
        if suffix in {"nd", "d"}:
            return "second"
        if suffix == "nde":
            return "seconde"
        return _ordinal(number, feminine=suffix in {"re", "ère"})

    text = _ORDINAL.sub(lambda match: spoken(int(match["number"]), match["suffix"]), text)

    def roman(match: re.Match[str]) -> str:
        value = _roman_value(match["numeral"])
        return spoken(value, match["suffix"]) if value else match.group(0)

    return _ROMAN_ORDINAL.sub(roman, text)


_ROMAN_AFTER_KEYWORD = re.compile(r"\b(?P<keyword>\w+)\s+(?P<numeral>[IVXLCDM]+)\b")
_ROMAN_AFTER_NAME = re.compile(rf"(?P<name>\b[{_UPPER}][\w’'-]+)\s+(?P<numeral>[IVX]{{2,}})\b")


def say_roman_numerals(text: str) -> str:
    """Roman numerals as numbers: "chapitre II" -> "chapitre deux", "Louis XIV" -> "Louis quatorze".

    Only after a keyword (chapitre, tome, acte…) or, for two letters or more of I, V and X,
    after a name; a lone "I" stays a letter and "MIX" a word.
    """

    def after_keyword(match: re.Match[str]) -> str:
        value = _roman_value(match["numeral"])
        if match["keyword"].lower() not in ROMAN_KEYWORDS or value is None:
            return match.group(0)
        return f"{match['keyword']} {num2words(value, lang='fr')}"

    def after_name(match: re.Match[str]) -> str:
        value = _roman_value(match["numeral"])
        return f"{match['name']} {num2words(value, lang='fr')}" if value else match.group(0)

    return _ROMAN_AFTER_NAME.sub(after_name, _ROMAN_AFTER_KEYWORD.sub(after_keyword, text))


_CODE = re.compile(rf"\b(?P<letters>[{_UPPER}]{{1,6}})-?(?P<digits>\d+)\b|\b(?P<lead>\d+)(?P<trail>[{_UPPER}]{{1,3}})\b")


def split_codes(text: str) -> str:
    """Codes of capitals and figures said in two parts: "COVID-19" -> "COVID 19", "A380" -> "A 380", "5G" -> "5 G"."""

    def spoken(match: re.Match[str]) -> str:
        if match["letters"]:
            return f"{match['letters']} {match['digits']}"
        return f"{match['lead']} {match['trail']}"

    return _CODE.sub(spoken, text)


_LETTER_DIGIT_JOINT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


def split_mixed_words(text: str) -> str:
    """Words that mix letters and figures, once ordinals, times and units are said, in parts:
    "H1N1" -> "H 1 N 1", "Actu17" -> "Actu 17", "SP95-E10" -> "SP 95-E 10"."""
    return _LETTER_DIGIT_JOINT.sub(" ", text)


_RANGE = re.compile(rf"(?<=\d)\s?[-–]\s?(?=\d)")


def say_ranges(text: str) -> str:
    """A dash between two numbers is "à": "10-15 ans" -> "10 à 15 ans"."""
    return _RANGE.sub(" à ", text)


_DOTTED = re.compile(r"(?<![\d.,])\d+(?:\.\d+)+(?![\d.,]|\.\d)")


def say_dotted_numbers(text: str) -> str:
    """Numbers with points that are not thousands ("1.000" is): an English decimal or a version,
    "3.14" -> "3 point 14", "iOS 17.2" -> "iOS 17 point 2"."""

    def spoken(match: re.Match[str]) -> str:
        whole, *parts = match.group(0).split(".")
        if len(whole) <= 3 and all(len(part) == 3 for part in parts):
            return match.group(0)  # thousands, said by say_numbers
        return " point ".join([whole, *parts])

    return _DOTTED.sub(spoken, text)


def say_numbers(text: str) -> str:
    """Every remaining number in words, agreeing with a feminine noun: "21 heures" -> "vingt et une heures"."""

    def spoken(match: re.Match[str]) -> str:
        words = say_number(match["number"], feminine=_followed_by_feminine(text, match.end()))
        return f"moins {words}" if match["minus"] else words

    return _NUMBER.sub(spoken, text)


def no_figure_left(text: str) -> str:
    """Whatever figure the rules above left (a stray one in a code, say) is read figure by
    figure: no digit ever reaches the voice, which would read it in its own way."""
    return re.sub(r"\d+", lambda match: " " + _digit_by_digit(match.group(0)) + " ", text)


_ALL_CAPITALS = re.compile(rf"(?<![\w'’-])[{_UPPER}]{{2,6}}(?![\w-])|(?<=[’'])[{_UPPER}]{{2,6}}(?![\w-])")
_SHOUTING = re.compile(rf"(?<!\w)[{_UPPER}]{{2,}}(?:\s+[{_UPPER}]{{2,}}){{2,}}(?!\w)")


_JOINED_ACRONYMS = re.compile(rf"(?<!\w)([{_UPPER}]{{2,6}})-(?=[{_UPPER}]{{2,6}}(?![\w]))")
"""Acronyms joined by a hyphen ("ANV-COP"): each said on its own."""


def spell_acronyms(text: str) -> str:
    """Spell the acronyms French spells: "NCA" -> "enne cé a"; "OTAN" stays a word, and "CROUS"
    keeps its final s heard (see acronyms).

    A text in capitals (a heading shouted in capitals) is left alone.
    """
    if _SHOUTING.search(text):
        return text
    text = _JOINED_ACRONYMS.sub(r"\1 ", text)

    def spoken(match: re.Match[str]) -> str:
        word = match.group(0)
        if said_as_word(word):
            return spoken_as_word(word)
        return " ".join(LETTER_NAMES.get(letter, letter) for letter in word)

    return _ALL_CAPITALS.sub(spoken, text)


_SLASH_BETWEEN_NUMBERS = re.compile(r"(?<=\d) ?/ ?(?=\d)")
_SLASH_PER_UNIT = re.compile(r" ?/ ?(?P<unit>" + "|".join(re.escape(unit) for unit in sorted(PER_UNIT, key=len, reverse=True)) + r")(?![\w²³])")
_SLASH_BETWEEN_WORDS = re.compile(r"(?<=\w) ?/ ?(?=\w)")
_SYMBOL = re.compile("|".join(re.escape(symbol) for symbol in SYMBOLS))


_STRAY_UNIT = re.compile(
    r"(?<!\w)(?P<unit>"
    + "|".join(re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True) if re.search(r"[^\w/]|[µμ]", unit))
    + r")(?!\w)"
)
"""A unit written with a sign ("µg", "km²", "°C") that no figure comes before any more (the
figure was read already, or the unit stands alone: "en µg par litre"): said in full."""
_STRAY_CURRENCY = re.compile(
    r"(?P<magnitude>\b(?:millions?|milliards?)\s*)?(?P<sign>"
    + "|".join(re.escape(sign) for sign in CURRENCIES if not sign.isalpha()) + ")"
)
_LIST_MARK = re.compile(r"\s*[•▪◦‣►▶→]\s*")
"""A list's bullet or arrow that the splitter left inside a sentence: a pause."""


def _stray_currency(match: re.Match[str]) -> str:
    """"€" -> "euros"; "un milliard €" -> "un milliard d'euros"."""
    many = CURRENCIES[match["sign"]][1]
    if not match["magnitude"]:
        return f" {many} "
    of = "d'" if many[0] in "aeiouy" else "de "
    return f"{match['magnitude'].rstrip()} {of}{many} "


def say_symbols(text: str) -> str:
    """Symbols left over in words: "&" -> "et", "+" -> "plus"; a slash is a short pause; a unit
    or a currency sign no figure reads ("un milliard €") said in full; a bullet is a pause."""
    text = _LIST_MARK.sub(", ", text)
    text = _STRAY_UNIT.sub(lambda match: " " + UNITS[match["unit"]][1] + " ", text)
    text = _STRAY_CURRENCY.sub(_stray_currency, text)
    text = _SLASH_BETWEEN_NUMBERS.sub(" sur ", re.sub(r"\bet/ou\b", "et ou", text))
    text = _SLASH_PER_UNIT.sub(lambda match: " " + PER_UNIT[match["unit"]], text)
    text = _SLASH_BETWEEN_WORDS.sub(", ", text)  # "CNRS/Université": a short pause, never "sur"
    return _SYMBOL.sub(lambda match: SYMBOLS[match.group(0)], text)


_SPACE_RUN = re.compile(r"[ \t\u00a0\u202f]+")
_PAUSE_RUN = re.compile(r"\s*,(?:\s*,)+")
_PAUSE_BEFORE_STOP = re.compile(r"\s*,\s*(?=[.;:!?…])")
_PAUSE_AFTER_STOP = re.compile(r"(?<=[.;:!?…])\s*,")
_SPACE_BEFORE_COMMA = re.compile(r"\s+,")


def tidy(text: str) -> str:
    """One space between words; no doubled or dangling pauses left by the rules above."""
    text = _SPACE_RUN.sub(" ", text)
    text = _PAUSE_RUN.sub(",", text)
    text = _PAUSE_BEFORE_STOP.sub("", text)
    text = _PAUSE_AFTER_STOP.sub("", text)
    text = _SPACE_BEFORE_COMMA.sub(",", text)
    return text.strip().strip(",").strip()


RULES = (
    fold_typography,
    say_addresses,
    say_phone_numbers,
    words_in_capitals,
    quotes_and_dashes_as_pauses,
    expand_titles,
    expand_abbreviations,
    say_numeric_dates,
    say_day_lists,
    say_decades,
    say_ratios,
    say_fractions,
    say_times,
    say_money,
    say_units,
    say_ordinals,
    say_roman_numerals,
    split_codes,
    split_mixed_words,
    say_ranges,
    say_dotted_numbers,
    say_numbers,
    no_figure_left,
    spell_acronyms,
    say_symbols,
    breathing_pauses,
    tidy,
)
