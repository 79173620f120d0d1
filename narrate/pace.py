"""How fast a voice really speaks, measured on its own audio, so that "one minute" of summary
lasts one minute.

A voice's nominal rate says little of what a listener hears: espeak-ng set to 165 words a
minute read narrate's news at about 190, and summaries sized from the rate were a third short.
So narrate has each voice read a passage of news written for the purpose, once, fits the seconds
each sentence takes to its spoken letters and pauses (a clip is a fixed part, its edges, plus a
time per letter and per pause), and keeps the result in the speech cache under the voice's
identity. Letters predict a sentence's length better than words (French news mixes "a" and
"gouvernementales"), and each comma or colon inside a sentence is a pause of its own.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .errors import NarrateError, PublishError
from .files import write_text
from .normalize import normalize
from .speech.cache import SpeechCache

if TYPE_CHECKING:
    from .speech import Voice

CALIBRATION_VERSION = 1
"""Bumped when the passage or the fit changes: paces measured before are measured again."""
CALIBRATION = (
    "Le conseil municipal a voté mardi soir la rénovation de la piscine du quartier nord, fermée depuis deux ans.",
    "Les travaux doivent commencer au printemps et coûter près de quatre millions d'euros.",
    "Selon la maire, la moitié de la somme sera prise en charge par la région et par l'État.",
    "Plusieurs associations de riverains réclamaient cette décision depuis longtemps.",
    "« Nos enfants apprenaient à nager à trente kilomètres d'ici », rappelle une mère de famille venue assister à la séance.",
    "L'opposition a voté contre.",
    "Elle juge le projet trop cher et aurait préféré une rénovation plus modeste, étalée sur plusieurs années, afin de "
    "ne pas alourdir la dette de la commune au moment où les prix de l'énergie continuent d'augmenter.",
    "Le chantier devrait durer dix-huit mois.",
    "Pendant ce temps, les écoles de la ville pourront utiliser le bassin d'une commune voisine, grâce à une convention "
    "signée la semaine dernière.",
    "Un bus sera mis à disposition deux fois par semaine.",
    "La réouverture est prévue pour la rentrée de septembre 2027, avec un bassin de vingt-cinq mètres et une pataugeoire.",
    "Les tarifs, eux, ne changeront pas.",
    "Interrogé sur le calendrier, l'adjoint chargé des sports, Paul Martin, s'est montré prudent : « Un chantier de "
    "cette taille réserve toujours des surprises. »",
    "Le maire de la commune voisine, qui accueillera les écoliers, s'en félicite.",
    "Il espère, en retour, que ses habitants pourront profiter du nouveau bassin, une fois les travaux terminés.",
)
"""News as a French local paper writes it: sentences of 5 to 40 words, a quotation, figures.
Written for narrate; no article's text."""
DEFAULT_SECONDS_PER_LETTER = 0.059
"""A voice that cannot be measured here (gTTS offline) is taken to speak at about this pace:
espeak-ng's French at its default settings, measured."""
DEFAULT_SECONDS_PER_CLIP = 0.1
DEFAULT_SECONDS_PER_PAUSE = 0.3
_PAUSE = re.compile(r"[,;:]\s+\S|\s[–—]\s")


@dataclass(frozen=True)
class Pace:
    """Seconds a voice takes to say a sentence: ``seconds_per_clip``, plus ``seconds_per_letter``
    for each letter of its spoken form, plus ``seconds_per_pause`` for each pause inside it (a
    comma, a colon: the voice stops there)."""

    seconds_per_letter: float = DEFAULT_SECONDS_PER_LETTER
    seconds_per_clip: float = DEFAULT_SECONDS_PER_CLIP
    seconds_per_pause: float = DEFAULT_SECONDS_PER_PAUSE

    def seconds(self, spoken: str) -> float:
        """How long this voice takes to say ``spoken`` (already normalised), pauses excluded."""
        return (
            self.seconds_per_clip + self.seconds_per_letter * spoken_letters(spoken)
            + self.seconds_per_pause * inner_pauses(spoken)
        )

    def words_per_minute(self, sentence_pause_ms: int) -> float:
        """Words a minute heard on the calibration passage, with ``sentence_pause_ms`` between sentences."""
        spoken = _calibration_spoken()
        seconds = sum(map(self.seconds, spoken)) + sentence_pause_ms / 1000 * (len(spoken) - 1)
        return sum(len(sentence.split()) for sentence in CALIBRATION) * 60 / seconds


@lru_cache(maxsize=1)
def _calibration_spoken() -> tuple[str, ...]:
    """The calibration passage normalised, once a process (a summary by minutes asks for it)."""
    return tuple(normalize(sentence) for sentence in CALIBRATION)


def spoken_letters(spoken: str) -> int:
    """The letters and figures of ``spoken``: what takes time to say."""
    return sum(map(str.isalnum, spoken))


def inner_pauses(spoken: str) -> int:
    """The pauses inside ``spoken``: a comma, a semicolon or a colon between words."""
    return len(_PAUSE.findall(spoken))


_measured: dict[tuple[str, Path | None], Pace] = {}
"""Paces known in this process, by voice and cache file: a build asks once per voice per article."""


def voice_pace(voice: Voice, cache: SpeechCache | None) -> Pace:
    """``voice``'s pace, measured on its own audio the first time and kept in ``cache`` (under
    the voice's identity, so a changed voice is measured again). A voice that cannot speak here
    gets the default pace, with a line in the log: its summaries are sized a little off."""
    identity = voice.engine.identity
    key = SpeechCache.key(identity, f"narrate pace, calibration {CALIBRATION_VERSION}")
    path = cache.directory / "pace" / f"{key}.json" if cache else None
    if (key, path) in _measured:
        return _measured[key, path]
    pace = _stored(path) if path else None
    if pace is None:
        try:
            pace = measure(voice, cache)
        except NarrateError as error:
            logging.getLogger(__name__).info("The pace of voice %s is unknown (%s); summaries assume an usual pace.", voice.name, error)
            return Pace()
        if path:
            _store(path, pace)
    _measured[key, path] = pace
    return pace


def measure(voice: Voice, cache: SpeechCache | None = None) -> Pace:
    """Have ``voice`` read the calibration passage and fit its pace to what it took. The clips go
    through the speech cache like any sentence."""
    from .models import Segment
    from .speak import Pacing, speak_segments

    spoken = speak_segments([(Segment("text", "", (CALIBRATION,)), voice)], voice.engine.language, Pacing(), cache)[0]
    return fitted(
        [(spoken_letters(sentence.spoken), inner_pauses(sentence.spoken)) for sentence in spoken.sentences],
        [(sentence.end_ms - sentence.start_ms) / 1000 for sentence in spoken.sentences],
    )


def fitted(counts: list[tuple[int, int]], seconds: list[float]) -> Pace:
    """The pace that best explains ``seconds`` from each sentence's (letters, pauses), by least
    squares, kept sensible: no part negative. A voice whose clips do not grow with the text (a
    test double) is given a time per letter from the totals."""
    design = np.array([[1.0, letters, pauses] for letters, pauses in counts])
    (clip, letter, pause), *_ = np.linalg.lstsq(design, np.array(seconds), rcond=None)
    if letter <= 0:
        return Pace(max(sum(seconds), 0.001) / max(sum(letters for letters, _ in counts), 1), 0.0, 0.0)
    if min(clip, pause) < 0:  # refit with the negative part left out
        kept = [column for column, value in ((0, clip), (1, letter), (2, pause)) if column == 1 or value >= 0]
        values, *_ = np.linalg.lstsq(design[:, kept], np.array(seconds), rcond=None)
        clip, letter, pause = (dict(zip(kept, values)).get(column, 0.0) for column in range(3))
    return Pace(seconds_per_letter=float(letter), seconds_per_clip=float(clip), seconds_per_pause=float(pause))


def _stored(path: Path) -> Pace | None:
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
        pace = Pace(float(values["seconds_per_letter"]), float(values["seconds_per_clip"]), float(values["seconds_per_pause"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    sensible = 0 < pace.seconds_per_letter < 1 and 0 <= pace.seconds_per_clip < 10 and 0 <= pace.seconds_per_pause < 10
    return pace if sensible else None


def _store(path: Path, pace: Pace) -> None:
    """Written atomically; a cache that cannot be written is skipped."""
    try:
        write_text(path, json.dumps(asdict(pace)))
    except PublishError:
        return


__all__ = ["CALIBRATION", "Pace", "fitted", "measure", "voice_pace"]
