"""A new narrate project: settings with every default written out, an example article, and
an empty lexicon showing its format, so that ``narrate build`` works at once."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from .config import CONFIG_FILE_NAME
from .errors import NarrateError
from .files import write_text

EXAMPLE_ARTICLE = "exemple.txt"
_SETTING = re.compile(r"^[a-z_]+\s*=", re.MULTILINE)


def settings_template() -> str:
    """narrate.toml with every setting commented out at its default, with its explanation."""
    defaults = resources.files("narrate").joinpath("defaults.toml").read_text(encoding="utf-8")
    body = defaults.split("\n", 2)[2].lstrip("\n")  # the packaged file's own two-line header goes
    header = (
        "# This project's settings. Every setting is shown with its default; remove the \"#\" in\n"
        "# front of one to change it. Command-line flags override what is set here.\n\n"
    )
    return header + _SETTING.sub(lambda match: "# " + match.group(0), body)


def project_files() -> dict[str, str]:
    """What ``narrate init`` writes, by path inside the project."""
    data = resources.files("narrate").joinpath("data/init")
    return {
        CONFIG_FILE_NAME: settings_template(),
        f"seeds/{EXAMPLE_ARTICLE}": data.joinpath(EXAMPLE_ARTICLE).read_text(encoding="utf-8"),
        "voices/lexicon.toml": data.joinpath("lexicon.toml").read_text(encoding="utf-8"),
    }


def init_project(directory: Path) -> list[Path]:
    """Create a project in ``directory`` and return the files written; NarrateError, with
    nothing written, when one of them exists already."""
    files = {directory / name: text for name, text in project_files().items()}
    existing = [path for path in files if path.exists()]
    if existing:
        raise NarrateError(
            f"{existing[0]} exists already; narrate init never overwrites a project: choose an empty directory."
        )
    in_the_way = [folder for path in files for folder in path.relative_to(directory).parents
                  if folder != Path(".") and (directory / folder).exists() and not (directory / folder).is_dir()]
    if in_the_way:  # seen before anything is written: no half project
        raise NarrateError(f"{directory / in_the_way[0]} is a file where narrate init makes a folder; choose an empty directory.")
    for path, text in files.items():
        write_text(path, text)
    return list(files)
