"""What a newsreader leaves out of a summary's sentence when reading it aloud.

Compression stays extractive: every word kept is the article's, in the article's order, and
only whole asides go, each of a kind whose removal leaves a sentence that still reads:

- a dateline before the news: "PARIS (AFP) - ", "Lyon, 3 mars (Reuters) -";
- an aside in parentheses outside a quotation: "(Vénétie)", "(12h30, NDLR)", "(ARS)"; inside a
  quotation only the journalist's cut "(...)" goes: "(sa)" stands for a word of the speaker's;
- a credit after the sentence: "© AFP", "Crédit photo : …";
- an age set between commas after a name: "Meriem, 35 ans, se dit…" is "Meriem se dit…";
- a long description set between commas after a name ("Kais Saied, un universitaire … de
  61 ans sans parti, a été élu"): ten words or more that open on "un" or "une";
- where a quotation ends on who said it, the circumstances after the tag: "», a-t-il déclaré
  à l'AFP." is "», a-t-il déclaré."

The tag itself ("a-t-il déclaré") stays: quotation marks are not heard, so the tag is the one
sign a listener gets that the words are someone's, not the newsroom's.

The summary's sentences are the compressed ones, so the transcript, the captions and the
pages show exactly what is said; the full article, when read, is never compressed.
"""

from __future__ import annotations

import re

from .sentence_features import quotation_balance

_NEWS_AGENCY = r"(?:AFP|Reuters|AP|ATS|Belga|DPA|EFE|ANSA|Xinhua|Relaxnews|ETX|APS|MAP)"
DATELINE = re.compile(
    rf"^(?:[A-ZÀ-Ý][\w'’.-]*(?:[ -][A-ZÀ-Ý][\w'’.-]*){{0,3}}\s*"
    rf"(?:,\s*\d{{1,2}}(?:er)?\s+[a-zéû]+\.?(?:\s+\d{{4}})?\s*)?)?\({_NEWS_AGENCY}\)\s*[-–—:]\s*(?=\S)"
    rf"|^[A-ZÀ-Ý]{{3,}}(?:[ -][A-ZÀ-Ý]{{2,}}){{0,2}}\s+[–—]\s+(?=[A-ZÀ-Ý«\"“])"
)
"""A place (and a date) and an agency before the news, or a place in capitals and a dash."""
_ASIDE = re.compile(r"\s+\((?=[^()]*[A-ZÀ-Ý\d]|(?:[^()\s]+\s+){3})[^()]{1,150}\)(?![\w'’])")
"""An aside holds a capital or a figure ("(ARS)", "(73%)"), or four words or more: "(sa)" and
"(de la)" stand for the speaker's words and stay."""
_QUOTATION_CUT = re.compile(r"\s*[(\[](?:\.\.\.|…)[)\]](?!\s*[A-ZÀ-Ý])")
"""A journalist's "(...)" or "[…]" marks a cut in a quotation: nothing is said there. Before a
capital it ends a sentence of the speaker's, and stays: without it the two would run together."""
CREDIT = re.compile(r"(?:\s+(?:©|\(c\))|(?<=[.!?»)])\s+(?:crédits?\s*(?:photo)?\s*:|photo\s*:))\s*[^.!?«»]{1,80}$", re.IGNORECASE)
"""A credit after the sentence: "© AFP" anywhere, "Photo :" or "Crédit photo :" only once the
sentence has ended ("une photo : un selfie" is news)."""
_NAME = r"(?:(?:M\.|Mme|Mgr|Dr|Pr)\s+)?[A-ZÀ-Ý][\w'’-]+(?:\s+(?:(?:de|du|des|d['’]|van|von|da|di|le|la|ben|bin|el|al)\s*)?[A-ZÀ-Ý][\w'’-]+){0,3}"
_VERB_NEXT = (
    r"(?= (?:se|s['’]|ne|n['’]|y|en|l['’]|le|la|les|lui|leur|a|avait|aura|aurait|ont|est|était|sera|serait|sont"
    r"|fait|vit|dit|va|doit|peut|veut|sait|reste|travaille|habite|raconte|explique|témoigne|affirme|assure|confie"
    r"|estime|espère|souhaite|dénonce|attend|reconnaît|comparaît|encourt|risque|décrit|vient|avoue|regrette)\b)"
)
"""What opens a verb after a subject: a pronoun, a negation, an auxiliary or a verb of news. A
noun there ("Claire Dumas, 44 ans, présidente du comité, salue") is one more description, and
the commas around the age are still needed."""
AGE = re.compile(rf"(?P<name>(?:^|(?<=[,;:] )|(?<=^«\s)){_NAME}), (?:âgée? de )?\d{{1,3}} ans,{_VERB_NEXT}")
"""An age right after a name that is a subject of its own (the sentence or its clause opens on
it) and before its verb: "Meriem, 35 ans, se dit" loses only the age, and both commas; not
before "et", "qui" or a noun, where the commas still have work to do."""
LONG_APPOSITION = re.compile(
    rf"(?P<name>(?:^|(?<=[,;:] )){_NAME}), (?P<aside>(?:un|une) [^,;:«»()\"“”]+),{_VERB_NEXT}"
)
APPOSITION_MIN_WORDS = 10
"""A description is long when it has this many words: shorter ones tell who someone is."""
_AFTER_TAG = r"(?:à|au|aux|sur|dans|devant|lors|auprès|en)\b"
SAID_TAG = re.compile(
    r"(?P<tag>[»”\"],\s+(?:(?:a|avait|aurait|ont|avaient)-t-(?:il|elle|ils|elles|on)(?:\s+(?:encore|aussi|également|ensuite))?"
    rf"\s+(?!{_AFTER_TAG})[a-zàâçéèêëîïôûù]+"
    r"|(?!(?:a|avait|aurait|ont|avaient)-)[a-zàâçéèêëîïôûù]+(?:-t)?-(?:il|elle|ils|elles|on)(?:\s+(?:encore|aussi|également|ensuite))?))"
    rf"(?P<circumstances>\s+{_AFTER_TAG}[^.!?«»\"“”]{{1,80}})(?P<end>[.!?…]?)\s*$"
)
"""A tag after a quotation ("», a-t-il déclaré", "», explique-t-elle") and the circumstances
after it ("à l'AFP", "sur France Inter", "lors d'une conférence de presse")."""
_DOUBLE_COMMA = re.compile(r",\s*,")
MIN_KEPT_WORDS = 4
"""A sentence compressed below this many words is kept whole: what is left would not be news."""


def compress(sentence: str) -> str:
    """``sentence`` as a newsreader would say it, every word kept the article's (see the module)."""
    compressed = sentence
    if "(" in compressed or " – " in compressed or " — " in compressed:  # each pattern only where it can match
        compressed = DATELINE.sub("", compressed)
    if "(" in compressed or "[" in compressed:
        compressed = _without_asides(compressed)
    if "©" in compressed or ":" in compressed or "(c)" in compressed:
        compressed = CREDIT.sub("", compressed)
    if " ans," in compressed:
        compressed = AGE.sub(lambda match: match.group("name"), compressed)
    if ", un" in compressed:
        compressed = LONG_APPOSITION.sub(_long_apposition, compressed)
    if "-" in compressed and ", " in compressed:
        compressed = SAID_TAG.sub(lambda match: match.group("tag") + (match.group("end") or "."), compressed)
    if compressed == sentence:
        return sentence
    compressed = _DOUBLE_COMMA.sub(",", compressed).strip()
    if len(compressed.split()) < MIN_KEPT_WORDS or not any(character.isalpha() for character in compressed):
        return sentence
    return compressed[0].upper() + compressed[1:] if sentence[:1].isupper() else compressed


def _without_asides(sentence: str) -> str:
    """``sentence`` without its asides in parentheses outside quotations, and without the cuts
    marked inside them."""
    uncut = _QUOTATION_CUT.sub("", sentence)

    def kept(match: re.Match[str]) -> str:
        return match.group(0) if _inside_quotation(uncut[:match.start()]) else ""

    return _ASIDE.sub(kept, uncut)


def _inside_quotation(before: str) -> bool:
    """Whether a quotation opened in ``before`` is still open at its end."""
    opened, straight_open = quotation_balance(before)
    return opened > 0 or straight_open


def _long_apposition(match: re.Match[str]) -> str:
    return match.group("name") if len(match.group("aside").split()) >= APPOSITION_MIN_WORDS else match.group(0)


__all__ = ["compress"]
