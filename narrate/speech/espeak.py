"""espeak-ng through ctypes, from the library and data that the espeakng-loader wheel ships.

Offline and fast; the voice screen-reader users know. libespeak-ng keeps global state,
so one process-wide instance is shared and guarded by a lock.
"""

from __future__ import annotations

import ctypes
import dataclasses
import re
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from typing import TYPE_CHECKING

from ..errors import ConfigError, VoiceError
from .french_readings import decisions_digest
from .language_guard import GUARD_VERSION, keep_in_language
from .liaison import LIAISON_VERSION, without_false_liaisons

if TYPE_CHECKING:
    from pydub import AudioSegment

_AUDIO_OUTPUT_SYNCHRONOUS = 0x02
_CHARS_UTF8 = 1
_PHONEME_INPUT = 0x100
"""espeakPHONEMES: text between [[ and ]] is phonemes (how the language guard gives a word's French pronunciation)."""
_PHONEMES_IPA = 0x02
_EE_OK = 0
_PARAMETER_RATE = 1
_PARAMETER_VOLUME = 2
_PARAMETER_PITCH = 3
_PARAMETER_RANGE = 4
_PARAMETER_WORDGAP = 7

_RANGES = (("rate", 80, 500), ("pitch", 0, 100), ("pitch_range", 0, 100), ("volume", 0, 200), ("word_gap", 0, 100))
"""What espeak-ng accepts for each setting (words per minute, percentages, 10 ms units)."""
_LIBRARY_VERSION = version("espeakng-loader")
HEARD_SHARE_OF_RATE = 1.12
"""Words of French news heard per minute for each word of espeak-ng's nominal rate, narrate's
pauses included (benchmarks/episode_as_heard.py: 168 at rate 150)."""
_SynthCallback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


class _Library:
    """The loaded libespeak-ng, initialised once for synchronous synthesis into memory."""

    def __init__(self) -> None:
        import espeakng_loader

        try:
            self._lib = ctypes.CDLL(espeakng_loader.get_library_path())
            data_path = espeakng_loader.get_data_path()
        except (OSError, RuntimeError) as error:
            raise VoiceError(
                f"espeak-ng cannot be loaded ({error}). Probable cause: a broken install; "
                "fix: pip install --force-reinstall espeakng-loader"
            ) from error
        lib = self._lib
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [
            ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
            ctypes.c_uint, ctypes.POINTER(ctypes.c_uint), ctypes.c_void_p,
        ]
        lib.espeak_Synth.restype = ctypes.c_int
        lib.espeak_Synchronize.restype = ctypes.c_int
        lib.espeak_TextToPhonemes.argtypes = [ctypes.POINTER(ctypes.c_char_p), ctypes.c_int, ctypes.c_int]
        lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
        self.sample_rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path.encode(), 0)
        if self.sample_rate <= 0:
            raise VoiceError(f"espeak-ng did not start with its data at {data_path}; reinstall espeakng-loader.")
        self._chunks: list[bytes] = []
        # Keep a reference to the callback: ctypes must not free it while the library holds it.
        self._callback = _SynthCallback(self._collect)
        lib.espeak_SetSynthCallback(self._callback)
        self.lock = threading.Lock()
        self.synthesize("")  # espeak-ng reads [[phonemes]] from then on, in espeak_TextToPhonemes too

    def _collect(self, wav: ctypes._Pointer[ctypes.c_short], count: int, _events: int) -> int:
        if count > 0 and wav:
            self._chunks.append(ctypes.string_at(wav, count * 2))
        return 0  # 0 means "go on synthesising"

    def set_voice(self, name: str) -> None:
        if self._lib.espeak_SetVoiceByName(name.encode()) != _EE_OK:
            shown = name if len(name) <= 60 else name[:60] + "…"
            raise VoiceError(f"espeak-ng has no voice {shown!r}; try 'fr', 'fr+f3' or 'en'.")

    def set_parameter(self, parameter: int, value: int) -> None:
        self._lib.espeak_SetParameter(parameter, value, 0)

    def synthesize(self, text: str) -> bytes:
        """16-bit mono PCM at ``sample_rate`` for ``text``.

        Ctrl-C is held back while espeak-ng speaks: a KeyboardInterrupt raised in its callback
        would be printed and dropped by ctypes (and the build went on and exited 0); held back,
        it arrives as soon as the sentence is spoken, in ordinary Python code."""
        self._chunks = []
        encoded = text.encode("utf-8") + b"\0"
        buffer = ctypes.create_string_buffer(encoded)
        with _interrupts_held():
            status = self._lib.espeak_Synth(buffer, len(encoded), 0, 0, 0, _CHARS_UTF8 | _PHONEME_INPUT, None, None)
            if status == _EE_OK:
                status = self._lib.espeak_Synchronize()
        if status != _EE_OK:
            raise VoiceError(
                f"espeak-ng failed to speak a sentence (status {status}): {text[:60]!r}. Probable cause: a damaged "
                "espeakng-loader install; fix: pip install --force-reinstall espeakng-loader"
            )
        return b"".join(self._chunks)

    def phonemes(self, text: str) -> str:
        """espeak-ng's IPA reading of ``text``, clause by clause: how each word is pronounced."""
        pointer = ctypes.c_char_p(text.encode("utf-8"))
        pieces = []
        while pointer.value:
            before = pointer.value
            piece = self._lib.espeak_TextToPhonemes(ctypes.byref(pointer), _CHARS_UTF8, _PHONEMES_IPA)
            if piece:
                pieces.append(piece.decode("utf-8"))
            if pointer.value == before:  # it read nothing: it refused the text
                raise VoiceError(f"espeak-ng cannot read {text[:60]!r} into phonemes.")
        return " ".join(pieces)


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """A Ctrl-C (SIGINT) that comes in the block is noted, then raised again once it ends.
    Python runs its handler in the main thread wherever that thread is, espeak-ng's callback
    included; there a KeyboardInterrupt would be printed and dropped by ctypes. Only the main
    thread handles signals: elsewhere there is nothing to hold."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, _frame: came.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if came:
        signal.raise_signal(signal.SIGINT)  # to the handler that was there: Ctrl-C, as if now


_BRACKETS_AS_PARENTHESES = str.maketrans("[]", "()")
_PHONEME_WORD = re.compile(r"\[\[[^\[\]]*\]\]")
"""A word the guard gives espeak-ng as its phonemes: "[[st'iv]]"."""
MOST_WORD_CHARACTERS = 100
"""Longer runs without a space are cut: libespeak-ng writes out of bounds on a long enough
"word" (about 500 characters of phonemes crashed it)."""
_LONG_RUN = re.compile(rf"(\S{{{MOST_WORD_CHARACTERS}}})(?=\S)")


def _defused(text: str) -> str:
    """``text`` as espeak-ng may be given it: its brackets as parentheses (heard the same), so
    that no "[[" reaches the voice whatever stands between the two (a soft hyphen, a
    zero-width space: espeak-ng skips them), and no word longer than MOST_WORD_CHARACTERS.
    Only the language guard, after this, gives espeak-ng phonemes, from narrate's dictionary."""
    return _LONG_RUN.sub(r"\1 ", text.translate(_BRACKETS_AS_PARENTHESES))


def french_guard_identity() -> dict[str, object]:
    """What changes how narrate has a French voice read words: the guard's and the liaisons'
    versions and the names decided (part of every French voice's identity, Piper's too)."""
    return {"language_guard": GUARD_VERSION, "liaison": LIAISON_VERSION, "names": decisions_digest()}


_library: _Library | None = None
_known_words: dict[str, dict[str, str]] = {}
"""What the language guard found for each word, by espeak-ng voice: asked once per process."""
_unlinked_words: dict[str, dict[tuple[str, str], str]] = {}
"""What each pair of words that must not link became, by voice (see liaison)."""
_library_guard = threading.Lock()


def _shared_library() -> _Library:
    global _library
    with _library_guard:
        if _library is None:
            _library = _Library()
        return _library


@dataclass(frozen=True)
class EspeakEngine:
    """Speaks with espeak-ng; options come from the voice profile."""

    language: str = "fr"
    voice: str = ""
    """espeak-ng voice name with optional variant, e.g. "fr+f3"; defaults to the language."""
    rate: int = 150
    """espeak-ng's nominal words per minute (its default is 175): 150 is heard as about 165, a
    newsreader's pace."""
    pitch: int = 50
    """0-100."""
    pitch_range: int = 50
    """0-100; 0 is a monotone."""
    volume: int = 100
    word_gap: int = 0
    """Extra pause between words, in units of 10 ms at normal speed."""

    def __post_init__(self) -> None:
        for name, low, high in _RANGES:
            value = getattr(self, name)
            if not low <= value <= high:
                raise ConfigError(f"espeak-ng's {name} goes from {low} to {high}, not {value}.")

    @property
    def identity(self) -> dict[str, object]:
        """Everything that changes how this engine sounds: the speech cache's key."""
        guard = french_guard_identity() if self.language == "fr" else {}
        return {"engine": "espeak-ng", "library": _LIBRARY_VERSION, **guard, **dataclasses.asdict(self)}

    @property
    def words_per_minute(self) -> float:
        """Words heard per minute, pauses included, as the nominal rate predicts them (what
        ``at_pace`` takes); summaries are sized from the pace measured on the voice's audio (pace.py)."""
        return self.rate * HEARD_SHARE_OF_RATE

    def at_pace(self, words_per_minute: float) -> EspeakEngine:
        """This voice at ``words_per_minute`` heard (espeak-ng's rate, within its 80 to 500)."""
        return dataclasses.replace(self, rate=max(80, min(500, round(words_per_minute / HEARD_SHARE_OF_RATE))))

    def unavailable_reason(self) -> str | None:
        """None when espeak-ng can speak here, else why not."""
        try:
            library = _shared_library()
            with library.lock:
                library.set_voice(self.voice or self.language)
        except VoiceError as error:
            return str(error)
        return None

    def synthesize(self, texts: Sequence[str]) -> list[AudioSegment]:
        """One mono PCM AudioSegment per text, in order."""
        from ..clip import AudioSegment

        library = _shared_library()
        with library.lock:
            self._configure(library)
            return [
                AudioSegment(
                    data=library.synthesize(self._in_its_language(library, text)), sample_width=2,
                    frame_rate=library.sample_rate, channels=1,
                )
                for text in texts
            ]

    def _in_its_language(self, library: _Library, text: str) -> str:
        """``text`` with the words a French voice would read with its English one given to it in
        French (see language_guard); other languages as they are."""
        text = _defused(text)
        if self.language != "fr":
            return text
        voice = self.voice or self.language
        french = keep_in_language(text, library.phonemes, _known_words.setdefault(voice, {}))
        return without_false_liaisons(french, library.phonemes, _unlinked_words.setdefault(voice, {}))

    def for_phonemizer(self, text: str) -> str:
        """``text`` as this voice has it spoken, for an engine that phonemises French with
        espeak-ng itself (Piper): the same respellings, and the guard's phonemes as IPA between
        "[[" and "]]", as such engines take raw phonemes. Other languages as they are."""
        library = _shared_library()
        with library.lock:
            self._configure(library)
            spoken = self._in_its_language(library, text)
            return _PHONEME_WORD.sub(lambda match: f"[[{library.phonemes(match.group(0)).strip()}]]", spoken)

    def phonemes(self, text: str, *, as_spoken: bool = True) -> str:
        """How this voice pronounces ``text``, in IPA: as narrate has it spoken (its French kept
        in French), or, with ``as_spoken`` off, as espeak-ng alone reads it."""
        library = _shared_library()
        with library.lock:
            self._configure(library)
            return library.phonemes(self._in_its_language(library, text) if as_spoken else _defused(text))

    def _configure(self, library: _Library) -> None:
        library.set_voice(self.voice or self.language)
        library.set_parameter(_PARAMETER_RATE, self.rate)
        library.set_parameter(_PARAMETER_PITCH, self.pitch)
        library.set_parameter(_PARAMETER_RANGE, self.pitch_range)
        library.set_parameter(_PARAMETER_VOLUME, self.volume)
        library.set_parameter(_PARAMETER_WORDGAP, self.word_gap)
