"""Speech engines behind one interface, and the voice profiles that configure them.

narrate ships its voice profiles and its lexicon inside the package (``narrate/data/voices``),
so every command works from any directory. A project's ``voices/`` directory adds profiles,
replaces a packaged one by giving its name, adds lexicon entries or overrides them, and
holds the model files of installed voices.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from importlib import import_module
from typing import TYPE_CHECKING, Any, Protocol, get_type_hints

from ..errors import ConfigError, VoiceError
from ..normalize.lexicon import LEXICON_FILE_NAME, Lexicon, lexicon_from_table, load_lexicon

if TYPE_CHECKING:
    from pydub import AudioSegment


class SpeechEngine(Protocol):
    """What every engine does: say texts, and tell whether it can run here."""

    language: str

    @property
    def identity(self) -> dict[str, object]:
        """The settings that change how the engine sounds; sentences are cached under them."""

    @property
    def words_per_minute(self) -> float:
        """About how many words this voice says in a minute, as its settings predict: the scale
        ``at_pace`` works in. Summaries are sized from the pace measured on its audio (pace.py)."""

    def unavailable_reason(self) -> str | None:
        """None when the engine can speak on this machine now, else a short reason."""

    def synthesize(self, texts: Sequence[str]) -> list[AudioSegment]:
        """One AudioSegment per text, in order. Engines never write files."""

    def at_pace(self, words_per_minute: float) -> SpeechEngine | None:
        """The same voice speaking ``words_per_minute`` (synthesised so, not sped up
        afterwards), or None when the engine cannot change its pace."""


ENGINES: dict[str, str] = {
    "espeak-ng": "narrate.speech.espeak:EspeakEngine",
    "gtts": "narrate.speech.gtts_engine:GttsEngine",
    "piper": "narrate.speech.piper_engine:PiperEngine",
}
"""Engine classes by the name a profile gives in ``engine = "…"``, imported when first used."""


def engine_class(name: str) -> type:
    """The class of engine ``name`` (its module is imported now: gTTS's pulls in the network stack)."""
    module, _, attribute = ENGINES[name].partition(":")
    return getattr(import_module(module), attribute)


OFFLINE_ENGINES = frozenset({"espeak-ng", "piper"})
_OPTION_TYPES: dict[object, tuple[type, ...]] = {
    int: (int,), float: (int, float), str: (str,), bool: (bool,), int | None: (int,), float | None: (int, float),
}
"""The TOML types an engine option of each annotated type accepts ("rate = 'fast'" is refused)."""


def _is_one_of(value: object, accepted: tuple[type, ...]) -> bool:
    """``isinstance``, except that true and false are not numbers here."""
    return isinstance(value, accepted) and (bool in accepted or not isinstance(value, bool))


VOICE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+-]{0,99}")
"""A voice is named like its profile file in voices/: a plain name, never a path."""


PACKAGED_VOICES = Path(__file__).resolve().parent.parent / "data" / "voices"
"""The profiles and the lexicon that ship with narrate."""


@dataclass(frozen=True)
class VoiceProfile:
    """A voice as configured in a ``<name>.toml`` file, packaged or the project's."""

    name: str
    path: Path
    engine: str
    language: str
    description: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    lexicon: Lexicon = Lexicon()
    """narrate's lexicon, then the project's voices/lexicon.toml, then the profile's own
    [lexicon] entries, each over the one before."""
    models: Path = Path("voices")
    """The project's voices directory, where model files are (``narrate voices install`` puts
    them there), whether the profile is packaged or the project's."""

    @property
    def packaged(self) -> bool:
        """True for a profile that ships with narrate, False for one of the project's."""
        return self.path.parent == PACKAGED_VOICES

    @property
    def offline(self) -> bool:
        return self.engine in OFFLINE_ENGINES

    def load_engine(self) -> SpeechEngine:
        """The engine this profile describes; ConfigError when an option is unknown."""
        engine_type = engine_class(self.engine)
        known = {f.name for f in dataclasses.fields(engine_type) if f.init}
        unknown = sorted(set(self.options) - known)
        if unknown:
            raise ConfigError(
                f"{self.path}: unknown option {', '.join(unknown)} for engine {self.engine}; "
                f"known options: {', '.join(sorted(known - {'language'}))}."
            )
        hints = get_type_hints(engine_type)
        for key, value in self.options.items():
            accepted = _OPTION_TYPES.get(hints[key])
            if accepted and not _is_one_of(value, accepted):
                raise ConfigError(f"{self.path}: option {key} should be {accepted[-1].__name__}, not {value!r}.")
        options = dict(self.options)
        if "model" in options:  # model files live in the project's voices directory
            options["model"] = str(self.models / options["model"])
        try:
            return engine_type(language=self.language, **options)
        except ConfigError as error:
            raise ConfigError(f"{self.path}: {error}") from None


@dataclass(frozen=True)
class Voice:
    """A profile made ready to speak: its engine and its lexicon."""

    name: str
    engine: SpeechEngine
    lexicon: Lexicon


def load_profile(path: Path, voices_dir: Path | None = None) -> VoiceProfile:
    """Read one voice profile for the project whose voices are in ``voices_dir`` (by default the
    profile's own directory); ConfigError naming the file and line when it is wrong."""
    voices_dir = path.parent if voices_dir is None else voices_dir
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read ({error.strerror}).") from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: is not valid TOML: {error}.") from error
    engine = data.get("engine")
    if engine not in ENGINES:
        raise ConfigError(f"{path}: engine must be one of {', '.join(ENGINES)}, not {engine!r}.")
    options = data.get("options", {})
    if not isinstance(options, dict):
        raise ConfigError(f"{path}: [options] must be a table of engine settings.")
    lexicon = project_lexicon(voices_dir).overridden_by(lexicon_from_table(data.get("lexicon", {}), path))
    return VoiceProfile(
        name=path.stem, path=path, engine=engine, language=str(data.get("language", "fr")),
        description=str(data.get("description", "")), options=options, lexicon=lexicon, models=voices_dir,
    )


def project_lexicon(voices_dir: Path) -> Lexicon:
    """narrate's lexicon with the project's ``voices_dir/lexicon.toml`` over it."""
    return _packaged_lexicon().overridden_by(load_lexicon(voices_dir / LEXICON_FILE_NAME))


@lru_cache(maxsize=1)
def _packaged_lexicon() -> Lexicon:
    """narrate's own lexicon, read once: every profile starts from it."""
    return load_lexicon(PACKAGED_VOICES / LEXICON_FILE_NAME)


def load_profiles(voices_dir: Path) -> list[VoiceProfile]:
    """Every profile, sorted by name: narrate's, and the project's in ``voices_dir`` (which may
    not exist), a project's profile replacing narrate's of the same name."""
    return [load_profile(path, voices_dir) for path in profile_files(voices_dir).values()]


def profile_files(voices_dir: Path) -> dict[str, Path]:
    """Every profile's file by name, sorted: narrate's, and the project's over them."""
    paths = {path.stem: path for path in _profile_paths(PACKAGED_VOICES)}
    paths.update((path.stem, path) for path in _profile_paths(voices_dir))
    return {name: paths[name] for name in sorted(paths)}


def _profile_paths(voices_dir: Path) -> list[Path]:
    """Every profile file in ``voices_dir`` by name; the shared lexicon is not a profile."""
    if not voices_dir.is_dir():
        return []
    return sorted((p for p in voices_dir.glob("*.toml") if p.name != LEXICON_FILE_NAME), key=lambda p: p.stem)


def check_voice_name(name: str, voices_dir: Path) -> None:
    """VoiceError unless ``name`` is a plain name, which cannot lead out of ``voices_dir``."""
    if not VOICE_NAME.fullmatch(name) or ".." in name:
        raise VoiceError(f"{name!r} is not a voice name: a voice is named like its file in {voices_dir}, without a path.")


def find_profile(voices_dir: Path, name: str) -> VoiceProfile:
    """The profile called ``name``, the project's in ``voices_dir`` or else narrate's; VoiceError
    listing the known ones otherwise."""
    check_voice_name(name, voices_dir)
    for directory in (voices_dir, PACKAGED_VOICES):
        path = directory / f"{name}.toml"
        if path.is_file() and path.name != LEXICON_FILE_NAME:
            return load_profile(path, voices_dir)
    known = sorted({path.stem for directory in (PACKAGED_VOICES, voices_dir) for path in _profile_paths(directory)})
    raise VoiceError(f"unknown voice {name!r}; known voices: {', '.join(known)} (narrate voices lists them).")


def offline_alternatives(voices_dir: Path) -> list[str]:
    """Names of the profiles that work here without a network, to suggest when one fails."""
    try:
        profiles = load_profiles(voices_dir)
        return [p.name for p in profiles if p.offline and p.load_engine().unavailable_reason() is None]
    except ConfigError:
        return []
