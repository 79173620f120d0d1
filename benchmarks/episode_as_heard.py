"""The episode as a listener hears it, on the articles of ../shared/frsum/dev.jsonl, with every
default: how much of it is the frame (intro and outro), how long the summary chapter lasts
against the length asked, and at how many words a minute the summary is read.

Each article, given a journalist's byline and a site (frsum has neither), is summarised, scripted and spoken by the default voice, and its chapters laid
out as a build lays them (no MP3 is written: the encoder changes no duration).

    .venv/bin/python benchmarks/episode_as_heard.py [--limit N] [--minutes M ...] [--voice NAME]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from frsum import article, load  # noqa: E402
from narrate.audio import join_segments  # noqa: E402
from narrate.config import load_settings  # noqa: E402
from narrate.models import Chapter  # noqa: E402
from narrate.pace import voice_pace  # noqa: E402
from narrate.script import write_script  # noqa: E402
from narrate.speak import Pacing, speak_segments  # noqa: E402
from narrate.speech.cache import SpeechCache  # noqa: E402
from narrate.speech.cast import configured_voice  # noqa: E402
from narrate.summarize import summarize_configured  # noqa: E402

BYLINE = "Claire Dumas"
SITE = "https://www.journal.example/2024/03/article.html"
LONG_ENOUGH = 1.3
"""An article is long enough for a length when the whole of it would last this many times more."""
TOLERANCE = 0.15


def chapters_of(row: dict, settings, voice, pace, cache) -> tuple[tuple[Chapter, ...], float]:
    """The episode's chapters, and how long the whole article would take to say."""
    build = settings.build
    item = replace(article(row), author=BYLINE, url=SITE)  # frsum gives neither: as a news site's article has them
    summary = summarize_configured(settings, item, pace)
    script = write_script(item, summary, settings.show, full=build.full, narrator=voice.engine.identity["engine"], frame=build.frame)
    pacing = Pacing(build.sentence_pause, build.paragraph_pause, build.chapter_pause)
    spoken = speak_segments([(segment, voice) for segment in script.segments], item.language, pacing, cache)
    _, chapters = join_segments(spoken, build.chapter_pause, level=False)
    whole = sum(pace.seconds(paragraph) for paragraph in item.paragraphs)
    return chapters, whole


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=60, help="Articles to hear (default 60).")
    parser.add_argument("--minutes", type=float, nargs="+", default=[1.0, 3.0])
    parser.add_argument("--voice", help="Voice profile (default: the configured one).")
    options = parser.parse_args()
    rows = load(limit=options.limit)
    with tempfile.TemporaryDirectory() as directory:
        cache = SpeechCache(Path(directory))
        for minutes in options.minutes:
            settings = load_settings(None, {"minutes": minutes, "voice": options.voice, "cache": Path(directory)})
            voice = configured_voice(settings)
            pace = voice_pace(voice, cache)
            frames, long_frames, lengths, paces = [], [], [], []
            for row in rows:
                chapters, whole = chapters_of(row, settings, voice, pace, cache)
                total = chapters[-1].end_ms
                frame = sum(c.end_ms - c.start_ms for c in chapters if c.kind in ("intro", "outro"))
                frames.append(frame / total)
                summary = next(c for c in chapters if c.kind == "summary")
                if whole >= LONG_ENOUGH * minutes * 60:
                    long_frames.append(frame / total)
                    lengths.append((summary.end_ms - summary.start_ms) / 1000 / (minutes * 60))
                said = summary.sentences[1:]  # after its spoken title
                seconds = (said[-1].end_ms - said[0].start_ms) / 1000
                paces.append(sum(len(s.text.split()) for s in said) * 60 / seconds)
            within = sum(abs(length - 1) <= TOLERANCE for length in lengths)
            print(f"## {options.limit} articles of dev.jsonl, minutes={minutes:g}, voice {voice.name}")
            print(f"pace measured: {pace.seconds_per_letter * 1000:.1f} ms a letter + {pace.seconds_per_clip * 1000:.0f} ms a sentence; "
                  f"{pace.words_per_minute(settings.build.sentence_pause):.0f} words a minute on the calibration passage")
            print("| measure | mean | median | min | max | share within target |")
            print("|---|---:|---:|---:|---:|---:|")
            print(f"| intro + outro, share of the episode | {statistics.mean(frames):.1%} | {statistics.median(frames):.1%} | "
                  f"{min(frames):.1%} | {max(frames):.1%} | {sum(f <= 0.15 for f in frames) / len(frames):.0%} at most 15% |")
            if long_frames:
                print(f"| the same, articles long enough ({len(long_frames)}) | {statistics.mean(long_frames):.1%} | "
                      f"{statistics.median(long_frames):.1%} | {min(long_frames):.1%} | {max(long_frames):.1%} | "
                      f"{sum(f <= 0.15 for f in long_frames) / len(long_frames):.0%} at most 15% |")
            if lengths:
                print(f"| summary chapter / asked ({len(lengths)} long enough) | {statistics.mean(lengths):.2f} | "
                      f"{statistics.median(lengths):.2f} | {min(lengths):.2f} | {max(lengths):.2f} | {within / len(lengths):.0%} within ±15% |")
            print(f"| summary, words a minute heard | {statistics.mean(paces):.0f} | {statistics.median(paces):.0f} | "
                  f"{min(paces):.0f} | {max(paces):.0f} | {sum(150 <= p <= 180 for p in paces) / len(paces):.0%} from 150 to 180 |")
            print()


if __name__ == "__main__":
    main()
