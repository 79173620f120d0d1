"""BENCHMARKS.md, where each benchmark script keeps its latest table between its own markers."""

from __future__ import annotations

from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"


def write_section(script: str, title: str, table: str) -> None:
    """Put ``table`` under ``title`` between ``script``'s markers, replacing what was there."""
    start, end = f"<!-- {script}: start -->", f"<!-- {script}: end -->"
    text = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else "# Benchmarks\n"
    section = f"{start}\n## {title}\n\n{table}\n{end}"
    if start in text:
        text = text[: text.index(start)] + section + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    BENCHMARKS.write_text(text, encoding="utf-8")
