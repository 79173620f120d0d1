"""Labels that publishers put around the news, for the eye: "VIDÉO.", "EN IMAGES", "INFO
FRANCEINFO", "DIRECT" before a title, a credit glued to a sentence ("…?par rtl.fr"). A listener
hears them as part of the news, so they are taken out of what is said (the written title keeps
them) and out of what a summary may choose.
"""

from __future__ import annotations

import re

_LABEL_WORDS = (
    r"vid[ée]os?|photos?|en\s+images|images|diaporama|infographie|carte|graphique|audio|podcast|replay|live"
    r"|(?:en\s+)?direct|exclusif|exclusivit[ée]|exclu|info|infos|interview|entretien|t[ée]moignages?|enqu[êe]te"
    r"|reportage|r[ée]cit|portrait|analyse|d[ée]cryptage|chronique|tribune|[ée]dito|opinion|point\s+de\s+vue"
    r"|vrai\s+ou\s+faux|alerte|urgent|flash|breaking|r[ée]v[ée]lations?|document|info\s+[\w'’ -]+?"
)
LEADING_LABEL = re.compile(
    rf"^\W*(?:(?i:{_LABEL_WORDS})(?:\s*(?:/|,|et)\s*(?i:{_LABEL_WORDS}))*)\s*[.:|–—-]+\s+(?=\S)"
)
"""A label before a title: "VIDÉO.", "EN IMAGES -", "INFO FRANCEINFO.", "DIRECT :", "🔴 LIVE |"."""
TRAILING_LABEL = re.compile(
    rf"\s*(?:[|–—-]\s*(?i:{_LABEL_WORDS})|[(\[]\s*(?i:{_LABEL_WORDS})\s*[)\]])\W*$"
)
"""A label after a title: " - VIDÉO", " (PHOTOS)", " [DIRECT]"."""
GLUED_CREDIT = re.compile(
    r"(?<=[\w.!?…»\"”)])\s*(?:par|via|source\s*:|©|crédits?\s*:?|photo\s*:)\s*"
    r"(?:[\w-]+\.)+(?:fr|com|net|org|eu|be|ch|ca|tv|info)\b\W*$"
    r"|(?<=[.!?…»\"”)])par\s+[\w'’.-]+(?:\s+[\w'’.-]+){0,3}\s*$",
    re.IGNORECASE,
)
"""A video's or a picture's credit that the page glued to a sentence: "…?par rtl.fr", or a
medium's name glued to a stop or a quotation with no space, as no sentence of French has it:
"…me fait souffrir" (Marine Le Pen)par France Inter"."""


def without_labels(title: str) -> str:
    """``title`` as it is said: the publisher's labels before and after it taken away, when
    words remain. Only whole labels go: "Info ou intox" is a title, "INFO FRANCEINFO." a label."""
    labelled = title.strip()
    for pattern in (LEADING_LABEL, LEADING_LABEL, TRAILING_LABEL):  # "EXCLUSIF. INFO RTL - …": two labels
        match = pattern.search(labelled)
        if match and _is_label(match.group(0)):
            rest = (labelled[match.end():] if pattern is LEADING_LABEL else labelled[:match.start()]).strip()
            if rest and any(character.isalpha() for character in rest):
                labelled = rest[0].upper() + rest[1:]
    return labelled


def _is_label(text: str) -> bool:
    """A label is written in capitals ("VIDÉO", "INFO RTL") or is a media word alone ("Vidéo")."""
    letters = [character for character in text if character.isalpha()]
    return bool(letters) and (all(character.isupper() for character in letters) or len(text.split()) <= 2)


def ends_on_credit(sentence: str) -> bool:
    """True for a sentence that ends on a credit glued to it ("…?par rtl.fr"): a caption's text."""
    return bool(GLUED_CREDIT.search(sentence))
