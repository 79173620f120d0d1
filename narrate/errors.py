"""One error family, so the CLI can turn any failure into one clear line."""

import logging

log = logging.getLogger(__name__)


class NarrateError(Exception):
    """Base of every error narrate reports to its user.

    The message says what failed and, where it helps, the probable cause and the fix.
    """


class ArticleError(NarrateError):
    """An input article cannot be read or has nothing to say."""


class ConfigError(NarrateError):
    """narrate.toml, a voice profile or a flag is wrong."""


class VoiceError(NarrateError):
    """A voice is unknown, cannot run here, or failed while speaking."""


class AudioError(NarrateError):
    """Decoding, encoding or tagging audio failed (with the codec's own words)."""


class PublishError(NarrateError):
    """The output directory cannot be written."""


class CatalogError(NarrateError):
    """The episode manifest cannot be read, or was written by another version of narrate."""


class ClusterLostError(NarrateError):
    """The Dask scheduler went away mid-build: what its workers built is published, then this is said."""


def unexpected(origin: str, error: Exception) -> str:
    """One line for an error narrate did not foresee in one article; the details go to the log."""
    log.debug("%s failed", origin, exc_info=error)
    return (
        f"{origin}: could not be built ({type(error).__name__}: {error}); this is a bug in narrate, "
        "please report it with the article. The other articles were built."
    )
