"""The README cannot drift from the command line: every command is in its Commands block, with
every option it takes (as sqlite-utils' tests/test_docs.py does for its own docs)."""

import re

import click
import pytest

from conftest import REPO
from narrate.cli import cli

README = (REPO / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group, prefix: str = "narrate") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        if not isinstance(command, click.Group) or command.invoke_without_command:  # a group that does something itself
            found.append((f"{prefix} {name}", command))
        if isinstance(command, click.Group):
            found.extend(commands(command, f"{prefix} {name}"))
    return found


def usage_lines() -> dict[str, str]:
    """The README's Commands block: each command's usage, continuation lines included."""
    block = README.split("## Commands", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    usages: dict[str, str] = {}
    current = ""
    for line in block.splitlines():
        if line.startswith("narrate "):
            words = line.split()
            current = " ".join(words[:3]) if len(words) > 2 and words[2].isalpha() and words[2].islower() else " ".join(words[:2])
            usages[current] = line
        elif line.startswith(" ") and current:
            usages[current] += " " + line.strip()
    return usages


COMMANDS = commands(cli)
USAGES = usage_lines()


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_command_is_in_the_readme_with_each_of_its_options(name, command):
    assert command.help, f"{name} has no help"
    assert name in USAGES, f"{name} is not in the README's Commands block"
    usage = USAGES[name]
    for parameter in command.params:
        if isinstance(parameter, click.Option) and "--help" not in parameter.opts:
            for flag in (flag for flag in parameter.opts + parameter.secondary_opts if flag.startswith("--")):
                assert re.search(rf"{re.escape(flag)}(?![\w-])", usage), f"{name} {flag} is not in its README usage"


def test_the_readme_documents_no_command_that_does_not_exist():
    assert set(USAGES) == {name for name, _ in COMMANDS}
