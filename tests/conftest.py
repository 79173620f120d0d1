"""Shared fixtures: small articles written by us, a project folder, and a fake gTTS server."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fake_gtts import FakeGttsServer

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = REPO / "seeds" / "000_ed7bb07a4e8d21fe.txt"


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
