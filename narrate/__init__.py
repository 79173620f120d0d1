"""narrate: turn written articles into accessible podcast episodes.

The library works without the command line: read an article, summarise it, write its
script, speak it and publish it, one stage at a time, or all at once with ``build``.
Names are imported on first use, so that ``narrate`` starts fast.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # type checkers see the names themselves; at run time they load on first use
    from .config import Settings, load_settings
    from .errors import NarrateError
    from .models import Article, Chapter, Script, Segment, Summary, TimedDocument
    from .pipeline import BuildReport, build
    from .read import read_article
    from .script import write_script
    from .summarize import summarize

_EXPORTS = {
    "Article": "models", "Chapter": "models", "Script": "models", "Segment": "models", "Summary": "models",
    "TimedDocument": "models", "NarrateError": "errors", "Settings": "config", "load_settings": "config",
    "BuildReport": "pipeline", "build": "pipeline", "read_article": "read", "write_script": "script",
    "summarize": "summarize",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'narrate' has no attribute {name!r}")
    return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
