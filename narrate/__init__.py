"""narrate: turn written articles into accessible podcast episodes.

The library works without the command line: read an article, summarise it, write its
script, speak it and publish it, one stage at a time, or all at once with ``build``.
"""

from .config import Settings, load_settings
from .errors import NarrateError
from .models import Article, Chapter, Episode, Script, Segment, Summary
from .pipeline import BuildReport, build
from .read import read_article
from .script import write_script
from .summarize import summarize

__all__ = [
    "Article", "BuildReport", "Chapter", "Episode", "NarrateError", "Script", "Segment", "Settings", "Summary",
    "build", "load_settings", "read_article", "summarize", "write_script",
]
