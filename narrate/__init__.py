"""narrate: turn written articles into accessible podcast episodes.

The library works without the command line: read an article, summarise it, write its
script, speak it and publish it, one stage at a time, or all at once with ``build``.
Names are imported on first use, so that ``narrate`` starts fast.
"""

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Article": "models", "Chapter": "models", "Episode": "models", "Script": "models", "Segment": "models",
    "Summary": "models", "NarrateError": "errors", "Settings": "config", "load_settings": "config",
    "BuildReport": "pipeline", "build": "pipeline", "read_article": "read", "write_script": "script",
    "summarize": "summarize",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'narrate' has no attribute {name!r}")
    return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
