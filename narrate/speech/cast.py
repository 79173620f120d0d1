"""Who reads what: the voices a build casts (the host for the intro and outro, a reader for the
article), loaded from the configured profiles, and checked to run here before anything is said.

Every command that speaks, or that turns minutes into words at a voice's pace, takes its voice
from here: a profile that cannot be loaded is an error for all of them, never a silent default
(its pace and lexicon would be replaced without a word).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..errors import VoiceError
from . import Voice, find_profile, offline_alternatives

HOST_KINDS = frozenset({"intro", "outro"})
"""The segments the host says; the reader says every other."""


@dataclass(frozen=True)
class Cast:
    """Who reads what: the host says the intro and outro, the reader the article."""

    reader: Voice
    host: Voice

    def voice_for(self, kind: str) -> Voice:
        return self.host if kind in HOST_KINDS else self.reader

    @property
    def identity(self) -> list[object]:
        """What the cast's sound depends on: each engine's settings and lexicon."""
        return [[voice.engine.identity, sorted(voice.lexicon.entries)] for voice in (self.reader, self.host)]

    @property
    def narrator(self) -> str:
        """The speech engine that reads the article: a synthetic voice, declared as such."""
        return str(self.reader.engine.identity.get("engine", "")) or self.reader.name

    @property
    def voices(self) -> tuple[Voice, ...]:
        """Its voices, each once."""
        return (self.reader,) if self.host is self.reader else (self.reader, self.host)


def load_cast(settings: Settings, *, check: bool = True) -> Cast:
    """The configured reader and host voices, each checked to run here unless ``check`` is off."""
    reader = load_voice(settings, settings.build.voice, check=check)
    host_name = settings.build.host_voice
    host = load_voice(settings, host_name, check=check) if host_name and host_name != reader.name else reader
    return Cast(reader=reader, host=host)


def casts_for(settings: Settings, cast: Cast, readers: Iterable[str]) -> dict[str, Cast]:
    """The configured ``cast`` (under ""), and one for each voice a source asks to read its
    articles (``readers``): that voice reads, the host stays."""
    casts = {"": cast}
    for name in sorted(set(readers) - {""}):
        casts[name] = Cast(reader=load_voice(settings, name, check=False), host=cast.host)
    return casts


def load_voice(settings: Settings, name: str, *, check: bool = True) -> Voice:
    """The voice profile ``name``, checked to run here; the error names the offline voices."""
    profile = find_profile(settings.build.voices, name)
    voice = Voice(name=profile.name, engine=profile.load_engine(), lexicon=profile.lexicon)
    if check:
        check_voice(settings, voice)
    return voice


def configured_voice(settings: Settings) -> Voice:
    """The configured voice without checking it can run here (for the commands that only count
    or normalise); a profile that cannot be loaded is an error, as for a build."""
    return load_voice(settings, settings.build.voice, check=False)


def check_voice(settings: Settings, voice: Voice) -> None:
    """VoiceError, naming the offline voices, when ``voice`` cannot speak here now."""
    reason = voice.engine.unavailable_reason()
    if reason:
        raise VoiceError(f"voice {voice.name!r} cannot run here: {reason}.{offline_hint(settings.build.voices, voice.name)}")


def offline_hint(voices: Path, failing_voice: str) -> str:
    """" Use an offline voice instead: --voice …", or nothing when there is none to name."""
    offline = [name for name in offline_alternatives(voices) if name != failing_voice]
    if not offline:
        return ""
    return f" Use an offline voice instead: --voice {offline[0]}."
