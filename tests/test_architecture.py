"""The shape of the code, as the README's "How it is built" describes it: no module imports one
that imports it back (at any depth, lazily or for type checkers alike), and a build with nothing
to make never loads the stages that make audio and language."""

import ast
import subprocess
import sys
from pathlib import Path

from conftest import REPO, SEED


def _imports(package: Path) -> dict[str, set[str]]:
    """For each module of ``package``, the modules of the package it imports, wherever the import is."""
    modules = {}
    for path in package.rglob("*.py"):
        parts = path.relative_to(package.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        home = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = home.split(".")[: len(home.split(".")) - node.level + 1] if node.level else []
                target = ".".join([*base, *([node.module] if node.module else [])])
                candidates = [target, *(f"{target}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Import):
                candidates = [alias.name for alias in node.names]
            else:
                continue
            # The package itself (its __version__, its lazy public names) is where every module lives, not a stage.
            graph[name] |= {candidate for candidate in candidates if candidate in modules and candidate not in {name, package.name}}
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import one another, each sorted (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for imported in sorted(graph[module]):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_one_that_imports_it_back():
    graph = _imports(REPO / "narrate")
    assert "narrate.plan" in graph["narrate.produce"] and "narrate.produce" in graph["narrate.run"]  # the graph is seen
    assert _circles(graph) == []


def test_the_circle_finder_finds_a_circle():
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_a_build_with_nothing_to_make_loads_no_stage_that_makes_audio_or_language(tmp_path):
    """They are most of a build's start-up: the summariser alone brings nltk (a quarter of a second)."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / SEED.name).write_bytes(SEED.read_bytes())
    (tmp_path / "narrate.toml").write_text("[build]\nvoices = \"%s\"\n" % (REPO / "voices"))
    heavy = ("narrate.produce", "narrate.summarize", "narrate.audio", "narrate.speak", "nltk", "numpy", "lameenc")
    subprocess.run([sys.executable, "-m", "narrate", "build", "--quiet"], cwd=tmp_path, capture_output=True, check=True)
    check = (
        "import sys\nfrom click.testing import CliRunner\nfrom narrate.cli import cli\n"
        "result = CliRunner().invoke(cli, ['build', '--quiet'])\n"
        f"print(result.exit_code, sorted(name for name in {heavy!r} if name in sys.modules))\n"
    )
    again = subprocess.run([sys.executable, "-c", check], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert again.stdout.strip() == "0 []", again.stderr


def test_no_module_warns_at_import_on_a_machine_without_ffmpeg():
    """pydub warns at import when no ffmpeg is on PATH, and narrate never asks it for one: a
    user without ffmpeg must not see that warning at every build."""
    modules = sorted(
        ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        for path in (REPO / "narrate").rglob("*.py") if path.name != "__main__.py"  # that one runs the CLI
    )
    script = "import importlib\nfor name in " + repr(modules) + ":\n    importlib.import_module(name)\n"
    result = subprocess.run(
        [sys.executable, "-W", "error::RuntimeWarning", "-c", script],
        env={"PATH": "/nonexistent", "HOME": str(REPO)}, cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
