"""Install a Piper voice: download its model and config from Piper's published voice list,
check them against the list's sizes and MD5 digests, and write a profile in ``voices/``."""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import requests

from ..errors import VoiceError
from ..files import replacing, write_text
from . import check_voice_name

PIPER_VOICES_URL = "https://huggingface.co/rhasspy/piper-voices/resolve/main/"
"""Where Piper publishes its voices: voices.json lists them, with each file's path under it."""
CHUNK_BYTES = 1 << 20

Progress = Callable[[str, int, int], None]
"""Told (file name, bytes so far, total bytes) while a file downloads."""


def install_piper_voice(
    name: str, voices_dir: Path, *, source: str = PIPER_VOICES_URL, on_progress: Progress | None = None
) -> Path:
    """Download voice ``name`` (e.g. "fr_FR-siwis-medium") into ``voices_dir``; return its new profile."""
    check_voice_name(name, voices_dir)
    source = source.rstrip("/") + "/"
    catalogue = _get_json(source + "voices.json", name)
    if name not in catalogue:
        close = difflib.get_close_matches(name, list(catalogue), n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else " See the list at " + source + "voices.json."
        raise VoiceError(f"Piper has no voice named {name!r}.{hint}")
    entry = catalogue[name]
    files = {path: facts for path, facts in entry.get("files", {}).items() if path.endswith((".onnx", ".onnx.json"))}
    if len(files) != 2:
        raise VoiceError(f"Piper's list gives no model and config for {name!r}; it may have changed.")
    voices_dir.mkdir(parents=True, exist_ok=True)
    for path, facts in sorted(files.items(), key=lambda item: item[0].endswith(".onnx")):
        _download(source + path, voices_dir / Path(path).name, facts, on_progress)
    language = entry.get("language", {})
    description = (
        f"{language.get('name_native', language.get('family', ''))} – Piper, "
        f"{entry.get('name', name)} ({entry.get('quality', '')}), hors ligne"
    )
    profile = voices_dir / f"{name}.toml"
    write_text(
        profile,
        f"# Piper voice {name}, installed by `narrate voices install {name}`.\n"
        f"description = {_toml_string(description)}\n"
        'engine = "piper"\n'
        f"language = {_toml_string(language.get('family', 'fr'))}\n\n"
        "[options]\n"
        f"model = {_toml_string(name + '.onnx')}\n",
    )
    return profile


def _toml_string(value: str) -> str:
    """A TOML basic string: JSON's escaping is valid TOML."""
    return json.dumps(value, ensure_ascii=False)


def _get_json(url: str, name: str) -> dict:
    try:
        reply = requests.get(url, timeout=30)
        reply.raise_for_status()
        return reply.json()
    except requests.RequestException as error:
        raise VoiceError(
            f"cannot fetch Piper's voice list to install {name} ({type(error).__name__}); "
            "check the network connection and try again."
        ) from error
    except ValueError as error:
        raise VoiceError(f"Piper's voice list at {url} is not valid JSON.") from error


def _download(url: str, destination: Path, facts: dict, on_progress: Progress | None) -> None:
    """Fetch ``url`` to ``destination``, refusing it unless its size and MD5 match ``facts``."""
    expected_size, expected_md5 = facts.get("size_bytes"), facts.get("md5_digest")
    digest = hashlib.md5(usedforsecurity=False)
    received = 0
    with replacing(destination) as temporary:
        try:
            with requests.get(url, stream=True, timeout=60) as reply, temporary.open("wb") as handle:
                reply.raise_for_status()
                for block in reply.iter_content(CHUNK_BYTES):
                    handle.write(block)
                    digest.update(block)
                    received += len(block)
                    if on_progress:
                        on_progress(destination.name, received, expected_size or 0)
        except requests.RequestException as error:
            raise VoiceError(f"downloading {destination.name} failed ({error}); try again.") from error
        if expected_size is not None and received != expected_size:
            raise VoiceError(f"{destination.name}: got {received} bytes, expected {expected_size}; try again.")
        if expected_md5 and digest.hexdigest() != expected_md5:
            raise VoiceError(f"{destination.name}: the download is damaged (MD5 differs); try again.")


__all__ = ["PIPER_VOICES_URL", "install_piper_voice"]
