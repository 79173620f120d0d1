"""French sentence and word splitting that needs no downloaded NLTK data.

nltk's Punkt algorithm is used with hand-written French parameters instead of the
trained ``punkt`` model, which ``nltk.download`` would fetch from the internet.
The object follows sumy's tokenizer contract: ``to_sentences`` and ``to_words``.
"""

from __future__ import annotations

import re
from functools import lru_cache

FRENCH_ABBREVIATIONS = frozenset(
    {
        # titles
        "m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "me", "mgr", "st", "ste", "sr",
        # common abbreviations
        "etc", "cf", "ex", "p", "pp", "av", "apr", "bd", "boul", "n°", "no", "vol", "chap",
        "fig", "env", "min", "max", "tél", "tel", "art", "al", "éd", "hab", "dép", "coll",
        "j.-c", "av. j.-c", "apr. j.-c", "c.-à-d", "c-à-d", "i.e", "e.g", "vs", "resp",
        # months, written short in datelines
        "janv", "févr", "fév", "avr", "juil", "sept", "oct", "nov", "déc",
        # elided forms Punkt sees as one token
        "’art", "'art",
    }
    # initials: "John F. Kennedy", "J. K. Rowling"; not "h", which ends "à 20 h."
    | set("abcdefgijklmnopqrstuvwxyz")
)
"""Abbreviations whose final period never ends a sentence (lower case, no final period)."""


_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_LIST_ITEM = re.compile(r"\n\s*(?=(?:[-–—•*]|\d{1,2}[.)])\s)|\s+(?=[•▪◦‣]\s)")
"""A line break before a list marker, or a bullet within a line: each item of a list is heard
as a sentence of its own."""
_GLUED_HEADING = re.compile(r"(?:^|(?<=[\s'’]))([a-zàâäçéèêëîïôöùûüÿœæ]{3,})(?=[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ][a-zàâäçéèêëîïôöùûüÿœæ])")
"""A heading a page glued to the next sentence ("en questionAutre question", "l'écoleMardi"):
a word of small letters that runs into a capital and small letters. "iPhone", "PowerPoint" and
"McDonald" do not match."""
_SENTENCE_OPENERS = (
    r"(?:Le|La|Les|Ce|Cet|Cette|Ces|En|Il|Ils|Elle|Elles|On|Un|Une|Des|Du|Au|Aux|Dans|Pour|Mais|Et|Selon"
    r"|Depuis|Après|Avant|Alors|Pourtant|Ainsi|Enfin|Lundi|Mardi|Mercredi|Jeudi|Vendredi|Samedi|Dimanche)\b"
    r"|(?:L|C|D|J|Qu)['’]"
)
_GLUED_OPENER = re.compile(rf"\b([A-ZÀ-Ý][a-zà-ÿ]{{2,}}|[A-ZÀ-Ý]{{4,}})(?=(?:{_SENTENCE_OPENERS}))")
"""A capitalised or upper-case heading glued to a sentence that opens with a word French
sentences open with ("PeopleCe", "ZappingC'est", "HARCÈLEMENTLe"): "LauncherOne", "YouTube"
and "BlaBlaCar" do not match."""
_GLUED_CAPITALS = re.compile(r"\b([A-ZÀ-Ý]{4,})(?=[A-ZÀ-Ý][a-zà-ÿ]{2,})")
"""An upper-case heading glued to a capitalised word ("SAVOIEEnquête"); "LREMistes" does not match."""
_GLUED_QUOTATION = re.compile(r"[«“](?=\s?[A-ZÀ-Ý])|\"(?=[A-ZÀ-Ý])|[»”](?=[A-ZÀ-Ý])")
"""A quotation mark before a capital (at once, but for « and “, which French spaces), glued to
the text around it when an opening one comes straight after a letter or a stop: a heading
before a quotation ('Nicolas Sarkozy"Les poursuites…'), or a quotation that ends with no stop
before the next sentence ('"Souvenir"Face au juge'). Whether the mark opens or closes says which
side the cut is on (``_unglued_quotations``); '"chaleureusement" Emmanuel Macron' and 'le
« non » Russe' are not glued. Patterns start on the mark, not on a look behind: one tried at
every letter made the splitter a third slower."""
_GLUED_STOP = re.compile(r"[.!?](?=[A-ZÀ-Ý][a-zà-ÿ]|\d)")
"""A sentence's stop glued to the next one ("a-t-il dit à l'AFP.Outre la réforme", "en faute
?Le bus", "l'arme utilisée.200 enquêtes"): Punkt cuts only where a space follows. Only after a
word of two letters or more that is no abbreviation ("Mme.Dupont", "J.K.Rowling", "art.3",
"v2.5")."""
_LAST_WORD = re.compile(r"[^\W\d_]+$")
_INTERTITLE = re.compile(r"[-–]\s+(?P<title>[^.\n]{2,80}?)\s+[-–](?=\s*[«\"“]?[A-ZÀ-Ý])")
"""A news agency's subheading between dashes, run in after a stop: "…sauf pour le haut niveau.-
Assouplissement -Les stades seront ouverts…" (59 in dev's 300 articles); cut out as a heading,
its dashes left out."""
_AFTER_A_STOP = re.compile(r"[.!?…»\"”]\s*$")
_CLOSES_A_QUOTE = re.compile(r"^[»”\"]\s*[,;:]|^[,;:]")
"""A piece that only closes a quotation before its attribution: "», a lancé Marie."."""
_FORCED_BREAK = re.compile(r"(?:(?<=\.\.\.)|(?<=\d h\.)|(?<=\dh\.))\s+(?=[«\"“]?\s*[A-ZÀ-Ý])")
"""Breaks Punkt misses before a capital: after "..." (read as an inner ellipsis) and after
an hour ("à 20 h.", where Punkt takes "h." for an initial)."""
_HAS_WORD = re.compile(r"\w")
MAX_SENTENCE_WORDS = 80
"""Longer "sentences" are run-on text (a list without punctuation, a pasted table): cut."""
_CLAUSE_END = re.compile(r"(?<=[,;:])\s+|\s+(?=[–—]\s)")
"""Where a long sentence may be cut: after a comma, semicolon or colon, or before a dash."""


class FrenchTokenizer:
    """Splits French text into sentences and words; language-agnostic enough for English."""

    language = "french"

    def __init__(self) -> None:
        # Imported here: nltk takes a tenth of a second to import, and a build with nothing to
        # do never splits a sentence.
        from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer

        class FrenchLanguageVars(PunktLanguageVars):
            """Punkt's defaults, plus the ellipsis as a sentence end, and « and “ as opening quotes.

            nltk moves any quote after a sentence end back onto that sentence; in French « opens
            the next one ("Pourquoi ? « C'est fini », dit-il.").
            """

            sent_end_chars = (".", "?", "!", "…")
            re_boundary_realignment = re.compile(r"[\"')\]}\u2019\u201d\xbb]+?(?:\s+|(?=--)|$)", re.MULTILINE)

        parameters = PunktParameters()
        parameters.abbrev_types = set(FRENCH_ABBREVIATIONS)
        self._punkt = PunktSentenceTokenizer(parameters, lang_vars=FrenchLanguageVars())

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """Sentences of ``paragraph``, with their closing quotes and spacing kept as written."""
        sentences: list[str] = []
        for item in (piece for part in _LIST_ITEM.split(paragraph) for piece in _unglued(part).split("\0")):
            if not item.strip():
                continue
            item_sentences: list[str] = []
            for piece in self._punkt.tokenize(" ".join(item.split())):
                for sentence in _FORCED_BREAK.split(piece):
                    if sentence.strip():
                        _append_sentence(item_sentences, sentence.strip())
            sentences.extend(part for sentence in item_sentences for part in cut_long_sentence(sentence))
        return tuple(sentences)

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """Words of ``sentence``: elisions split off (l'entreprise -> l, entreprise), numbers kept whole."""
        return tuple(_WORD.findall(sentence))


def _append_sentence(sentences: list[str], sentence: str) -> None:
    """Add ``sentence``, or glue it to the previous one when it cannot stand alone.

    A sentence does not start in lower case: Punkt cuts after "?" or "!" inside a quote
    (« Pourquoi ? » puis il partit) and after dotted acronyms (la S.N.C.F. annonce), and
    leaves the "!" of "?!" on its own.
    """
    if sentences and (sentence[0].islower() or _CLOSES_A_QUOTE.match(sentence)):
        joint = "" if sentence[0] in "”\",;:" else " "  # "!"," stays as written; French spaces "! »"
        sentences[-1] = f"{sentences[-1]}{joint}{sentence}"
    elif sentences and not _HAS_WORD.search(sentence):
        sentences[-1] += sentence
    else:
        sentences.append(sentence)


def _unglued(text: str) -> str:
    """``text`` with a NUL after each heading glued to the sentence that follows it, and where
    a page glued a quotation or a stop to the next sentence."""
    text = _INTERTITLE.sub(
        lambda match: f"\0{match['title']}\0" if _AFTER_A_STOP.search(text, max(0, match.start() - 8), match.start()) else match.group(0),
        text,
    )
    for glued in (_GLUED_HEADING, _GLUED_OPENER, _GLUED_CAPITALS):
        text = glued.sub("\\1\0", text)
    return _unglued_quotations(_GLUED_STOP.sub(lambda match: match.group(0) + ("\0" if _ends_a_sentence(text, match.start()) else ""), text))


def _ends_a_sentence(text: str, stop: int) -> bool:
    """Whether the stop at ``stop`` follows a word of two letters or more that is no abbreviation
    (before "?" and "!", French puts a space: "La voiture en faute ?Le bus…")."""
    end = stop
    while text[stop] in "?!" and end > 0 and text[end - 1] in " \u00a0\u202f":
        end -= 1
    word = _LAST_WORD.search(text, max(0, end - 40), end)
    return word is not None and len(word.group(0)) >= 2 and word.group(0).lower() not in FRENCH_ABBREVIATIONS


def _unglued_quotations(text: str) -> str:
    """``text`` cut before a glued quotation mark that opens and after one that closes
    (``_GLUED_QUOTATION``): « and “ open, » and ” close, and a straight " opens or closes by turns."""
    pieces, last, straight, counted = [], 0, 0, 0
    for match in _GLUED_QUOTATION.finditer(text):
        mark, start = match.group(0), match.start()
        straight, counted = straight + text.count('"', counted, start), start
        opens = mark in "«“" or mark == '"' and straight % 2 == 0
        if mark in '«“"' and not (start and (text[start - 1].isalpha() or text[start - 1] in ".!?")):
            continue  # set apart by a space or a dash, as it should be
        cut = start if opens else match.end()
        pieces.append(text[last:cut])
        last = cut
    return "\0".join([*pieces, text[last:]])


def cut_long_sentence(sentence: str) -> list[str]:
    """``sentence``, or its pieces when it has more than MAX_SENTENCE_WORDS words: cut after
    the clauses (, ; : and dashes) that keep each piece under the limit, and where a clause
    alone is longer (text without punctuation), every MAX_SENTENCE_WORDS words. A caption, a
    summary's budget and a listener's memory all need sentences of a human length."""
    words = sentence.split()
    if len(words) <= MAX_SENTENCE_WORDS:
        return [sentence]
    pieces: list[str] = []
    current: list[str] = []
    for clause in _CLAUSE_END.split(sentence):
        clause_words = clause.split()
        if current and len(current) + len(clause_words) > MAX_SENTENCE_WORDS:
            pieces.append(" ".join(current))
            current = []
        while len(clause_words) > MAX_SENTENCE_WORDS:
            pieces.append(" ".join(clause_words[:MAX_SENTENCE_WORDS]))
            clause_words = clause_words[MAX_SENTENCE_WORDS:]
        current.extend(clause_words)
    if current:
        pieces.append(" ".join(current))
    return pieces


@lru_cache(maxsize=1)
def french_tokenizer() -> FrenchTokenizer:
    """A shared tokenizer: building Punkt's regular expressions takes a moment."""
    return FrenchTokenizer()


def split_paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs separated by blank lines, each folded to single spaces."""
    return tuple(" ".join(block.split()) for block in _PARAGRAPH_BREAK.split(text) if block.strip())
