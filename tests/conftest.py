"""Shared fixtures: small articles written by us, a project folder, and a fake gTTS server."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from fake_gtts import FakeGttsServer
from media import ffmpeg_executable

REPO = Path(__file__).resolve().parent.parent
JS = Path(__file__).resolve().parent / "js"
needs_chromium = pytest.mark.skipif(
    not (JS / "node_modules" / "playwright-core").is_dir() or not shutil.which("chromium"),
    reason="Chromium and playwright-core are needed (make test installs them)",
)
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = REPO / "seeds" / "000_ed7bb07a4e8d21fe.txt"

if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    # A test run started in the background of a shell ignores Ctrl-C, and so would every narrate
    # it starts: the tests that press Ctrl-C need it as a terminal gives it.
    signal.signal(signal.SIGINT, signal.default_int_handler)


def narrate_in(root: Path, *arguments: str, catch_exceptions: bool = True) -> Result:
    """The ``narrate`` command run in ``root``, as a user runs it there (the CLI, its stderr apart)."""
    from narrate.cli import cli

    old = Path.cwd()
    os.chdir(root)
    try:
        return CliRunner(mix_stderr=False).invoke(cli, list(arguments), catch_exceptions=catch_exceptions)
    finally:
        os.chdir(old)


def ffmpeg_ebur128(input_arguments: list[str], input_bytes: bytes | None = None) -> tuple[float, float]:
    """(integrated loudness in LUFS, true peak in dBFS) of an ffmpeg input, as its ebur128 filter
    measures them: the reference narrate's own loudness is held to."""
    result = subprocess.run(
        [ffmpeg_executable(), "-nostats", *input_arguments, "-filter_complex", "ebur128=peak=true", "-f", "null", "-"],
        input=input_bytes, capture_output=True, check=True,
    )
    report = result.stderr.decode("utf-8", "replace")
    summary = report[report.rindex("Summary:"):]
    integrated = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))
    peak = float(re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary).group(1))
    return integrated, peak


def tracks_in_chromium(root: Path, page: str) -> list[list[dict]]:
    """The cues of each <track> of ``page`` (a path under ``root``, served over HTTP) as
    Chromium parses them: [{start, end, text, shown}, …] per track, in page order."""
    import json
    import threading

    from narrate.serve import make_server

    server = make_server(root, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{page}"
    try:
        result = subprocess.run(["node", str(JS / "captions_check.mjs"), url], capture_output=True, text=True, timeout=120)
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)[url]


@pytest.fixture
def marche() -> Path:
    """A short French article in the seed's layout, with a caption, a link and an appeal to drop."""
    return FIXTURES / "marche.txt"


@pytest.fixture
def bridge() -> Path:
    """A short English article with a source URL."""
    return FIXTURES / "bridge.txt"


@pytest.fixture
def seed() -> Path:
    return SEED


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with seeds/ (our fixture article) and the repository's voices/; cwd moves there."""
    (tmp_path / "seeds").mkdir()
    shutil.copy(FIXTURES / "marche.txt", tmp_path / "seeds" / "marche.txt")
    shutil.copytree(REPO / "voices", tmp_path / "voices")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def gtts_server():
    """A local server speaking gTTS's batchexecute wire format."""
    with FakeGttsServer() as server:
        yield server


@pytest.fixture
def html_article() -> Path:
    """A news page written by us: navigation, byline, caption, "Lire aussi" and footer around the text."""
    return FIXTURES / "bibliotheque.html"
