"""The public names type as themselves for a type checker (mypy), not as Any: a caller's
mistake with one of them is caught. (`make test` also runs mypy over narrate itself.)"""

import importlib.util
import os
import subprocess
import sys

import pytest

from conftest import REPO

MISTAKES = '''
import narrate

settings: int = narrate.load_settings()
report: str = narrate.build(narrate.load_settings())
article = narrate.read_article("not a path")
summary: narrate.Summary = narrate.summarize(article, words="many")
'''


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is in the dev extra: pip install -e '.[dev]'")
def test_a_type_checker_sees_the_public_names(tmp_path):
    (tmp_path / "caller.py").write_text(MISTAKES)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(REPO / "pyproject.toml"), "--no-incremental", "caller.py"],
        capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "MYPYPATH": str(REPO)},
    )
    found = [line for line in result.stdout.splitlines() if line.startswith("caller.py:") and ": error:" in line]
    assert [line.split(":")[1] for line in found] == ["4", "5", "6", "7"], result.stdout
