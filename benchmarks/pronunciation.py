"""What the default voice would still misread on real French news: the normaliser and the voice
over ../shared/frsum/dev.jsonl (300 articles, never copied here), counted per 1,000 words, and
over 300 articles of the training split that were never looked at while tuning the rules
(rows 6000 to 6299 of train.jsonl.gz: only their rates are printed, never their words).

    .venv/bin/python benchmarks/pronunciation.py

- language switches: words espeak-ng reads with another language's voice, as espeak-ng alone
  would read them and as narrate has them spoken (its French kept in French);
- figures and symbols that reach the voice after normalisation;
- letters of spelled acronyms whose name the voice says wrong.

It gates nothing; it shows the trend. The table goes into BENCHMARKS.md (between the
"pronunciation.py" markers).
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from frsum import article, load, rows_of  # noqa: E402
from narrate.config import load_settings  # noqa: E402
from narrate.normalize import normalize  # noqa: E402
from narrate.normalize.acronyms import said_as_word  # noqa: E402
from narrate.normalize.fr_tables import LETTER_NAMES  # noqa: E402
from narrate.speech.cast import load_voice  # noqa: E402
from narrate.speech import Voice  # noqa: E402
from narrate.speech.language_guard import SWITCH, WORD  # noqa: E402
from narrate.tokenize import french_tokenizer  # noqa: E402
from sections import write_section  # noqa: E402

LETTERS_HEARD = {
    "A": "a", "B": "be", "C": "se", "D": "de", "E": "ə", "F": "ɛf", "G": "ʒe", "H": "aʃ", "I": "i", "J": "ʒi",
    "K": "ka", "L": "ɛl", "M": "ɛm", "N": "ɛn", "O": "o", "P": "pe", "Q": "ky", "R": "ɛʁ", "S": "ɛs", "T": "te",
    "U": "y", "V": "ve", "W": "dublve", "X": "iks", "Y": "iɡʁɛk", "Z": "zɛd",
}
_SYMBOL = re.compile(r"[%€$£¥₩&@#§+=<>/°µ²³•]")
_ACRONYM = re.compile(r"\b[A-ZÀ-Ý]{2,6}\b")


def main() -> None:
    started = time.perf_counter()
    settings = load_settings()
    voice = load_voice(settings, settings.build.voice)
    engine = voice.engine
    phonemes = getattr(engine, "phonemes")
    misheard_letters = {
        letter for letter, heard in LETTERS_HEARD.items()
        if re.sub(r"[ˈˌ\s-]", "", phonemes(LETTER_NAMES[letter])) != heard
    }
    dev_counts, switching = _measure(load("dev.jsonl"), voice, misheard_letters)
    held_out, _ = _measure(rows_of("train.jsonl.gz", HELD_OUT), voice, misheard_letters)
    rows = [
        ("language switches, espeak-ng alone (no lexicon)", "switches alone"),
        ("language switches, with narrate's lexicon", "switches with the lexicon"),
        ("language switches, as narrate has it spoken (lexicon, then the guard)", "switches as spoken"),
        ("figures reaching the voice", "figures"),
        ("symbols reaching the voice", "symbols"),
        ("letters of spelled acronyms said wrong", "misheard letters"),
    ]
    table = "\n".join([
        f"{dev_counts['words']:,} words in 300 dev articles and {held_out['words']:,} in 300 held-out ones,"
        f" {time.perf_counter() - started:.0f} s.",
        "",
        "| per 1,000 words | dev: count | dev: rate | held out: count | held out: rate |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {label} | {dev_counts[key]:,} | {_rate(dev_counts, key)} | {held_out[key]:,} | {_rate(held_out, key)} |"
            for label, key in rows
        ),
        "",
        "Words of the dev articles still switching as spoken, most frequent first: "
        + (", ".join(f"{word} ({n})" for word, n in switching.most_common(15)) or "none") + ".",
    ])
    print(table)
    write_section("pronunciation.py", "Pronunciation (`benchmarks/pronunciation.py`)", table)


HELD_OUT = range(6000, 6300)
"""Rows of the training split kept for measuring only."""


def _rate(counts: Counter[str], key: str) -> str:
    return f"{1000 * counts[key] / counts['words']:.2f}"


def _measure(rows: Iterable[dict], voice: Voice, misheard_letters: set[str]) -> tuple[Counter[str], Counter[str]]:
    """What ``voice`` misreads in ``rows`` (counted), and the words it still switches language on."""
    phonemes = getattr(voice.engine, "phonemes")
    tokenizer = french_tokenizer()
    counts: Counter[str] = Counter()
    switching: Counter[str] = Counter()
    for row in rows:
        piece = article(row)
        for sentence in (piece.title, *(s for p in piece.paragraphs for s in tokenizer.to_sentences(p))):
            spoken = normalize(sentence, "fr", voice.lexicon)
            counts["words"] += len(WORD.findall(sentence))
            counts["figures"] += len(re.findall(r"\d+", spoken))
            counts["symbols"] += len(_SYMBOL.findall(spoken))
            for acronym in _ACRONYM.findall(sentence):
                if not said_as_word(acronym):
                    counts["spelled letters"] += len(acronym)
                    counts["misheard letters"] += sum(letter in misheard_letters for letter in acronym)
            raw = phonemes(normalize(sentence, "fr"), as_spoken=False)
            heard = phonemes(spoken)
            counts["switches alone"] += len(SWITCH.findall(raw)) // 2
            counts["switches with the lexicon"] += len(SWITCH.findall(phonemes(spoken, as_spoken=False))) // 2
            counts["switches as spoken"] += len(SWITCH.findall(heard)) // 2
            for word in WORD.findall(spoken):
                if SWITCH.search(phonemes(word)):
                    switching[word] += 1
    return counts, switching


if __name__ == "__main__":
    main()
