"""How many names of French news the default voice reads right: the 3,000 of narrate's
decisions (narrate/data/names-fr.tsv, from the training split) and names held out from them
(data/held_out_names.tsv, from the dev split, never used to fit a rule), each as espeak-ng
alone reads it and as narrate has it spoken (lexicon, normaliser, guard and corrections).

    .venv/bin/python benchmarks/names.py

A reading is right when a listener hears it as the reference: open and closed vowels, a schwa
and a doubled consonant are not told apart (french_readings.same_to_the_ear). Words the
normaliser rewrites (Roman numerals, abbreviations) are left out. The table goes into
BENCHMARKS.md (between the "names.py" markers). It gates nothing.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from narrate.normalize import normalize  # noqa: E402
from narrate.speech import _packaged_lexicon  # noqa: E402
from narrate.speech.espeak import EspeakEngine  # noqa: E402
from narrate.speech.french_dictionary import SOURCE, _lexicon, pronunciations  # noqa: E402
from narrate.speech.french_readings import decisions, same_to_the_ear, spoken_phonemes  # noqa: E402
from sections import write_section  # noqa: E402

HELD_OUT = Path(__file__).resolve().parent / "data" / "held_out_names.tsv"


def main() -> None:
    voice, lexicon = EspeakEngine(), _packaged_lexicon()

    def right(word: str, references: list[tuple[str, ...]], *, alone: bool) -> bool:
        text = word if alone else normalize(word, "fr", lexicon)
        heard = spoken_phonemes(voice.phonemes(text, as_spoken=not alone))
        return heard is not None and any(same_to_the_ear(heard, reference) for reference in references)

    decided = {word: [decision.phonemes] for word, decision in decisions().items()}
    sources = Counter(decision.source for decision in decisions().values())
    held_out = {
        word: [tuple(reading.split()) for reading in ipa.split(" | ")]
        for word, ipa in (line.split("\t") for line in HELD_OUT.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#"))
    }
    lines = ["| names | how many | espeak-ng alone | narrate |", "|---|---:|---:|---:|"]
    for label, references in (("the 3,000 of narrate's decisions (training split)", decided), ("held out (dev split, sample)", held_out)):
        alone = sum(right(word, ipa, alone=True) for word, ipa in references.items())
        spoken = [word for word, ipa in references.items() if right(word, ipa, alone=False)]
        total = len(references)
        lines.append(f"| {label} | {total} | {alone / total:.1%} | {len(spoken) / total:.1%} |")
        if references is held_out:
            print("held-out names still misread:", ", ".join(sorted(set(references) - set(spoken))))
    lines.append(_whole_dictionary(voice))
    lines.append("")
    lines.append(
        "Sources of the decisions: " + ", ".join(f"{source} {count}" for source, count in sources.most_common())
        + " (see the head of narrate/data/names-fr.tsv)."
    )
    table = "\n".join(lines)
    print(table)
    write_section("names.py", "Names read right (`benchmarks/names.py`)", table)


def _whole_dictionary(voice: EspeakEngine) -> str:
    """espeak-ng against the French dictionary on every word the dictionary lists (lower case):
    how many readings agree with one of its pronunciations, alone and as narrate has them
    spoken. The dictionary is machine-made and not always right (see french_readings), so the
    last column is a floor, not a target."""
    words = [word for (word,) in _lexicon().connection.execute("SELECT DISTINCT word FROM word_phonemes")]
    alone = spoken = 0
    for word in words:
        listed = [tuple(ipa.split()) for ipa in pronunciations(word)]
        if not listed:
            continue
        for as_spoken in (False, True):
            heard = spoken_phonemes(voice.phonemes(word, as_spoken=as_spoken))
            if heard is not None and any(same_to_the_ear(heard, pronunciation) for pronunciation in listed):
                alone, spoken = (alone, spoken + 1) if as_spoken else (alone + 1, spoken)
    total = sum(1 for word in words if pronunciations(word))
    return f"| every word of the French dictionary ({SOURCE}): agrees with it | {total} | {alone / total:.1%} | {spoken / total:.1%} |"


if __name__ == "__main__":
    main()
