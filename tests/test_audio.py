import re
from datetime import datetime, timezone

from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from narrate.audio import EpisodeTags, join_segments, write_episode
from media import run_ffmpeg
from narrate.clip import AudioSegment
from narrate.models import Segment, SpokenSegment


def spoken(title: str, milliseconds: int, frame_rate: int = 22050) -> SpokenSegment:
    tone = AudioSegment.silent(duration=milliseconds, frame_rate=frame_rate).overlay(
        AudioSegment(data=b"\x00\x10" * (frame_rate * milliseconds // 1000), sample_width=2, frame_rate=frame_rate, channels=1)
    )
    return SpokenSegment(segment=Segment("summary", title, ((title + ".",),)), audio=tone, sentences=())


def test_chapters_cover_the_track_without_gaps_and_pauses_belong_to_the_chapter_before():
    track, chapters = join_segments([spoken("Un", 1000), spoken("Deux", 2000, 24000), spoken("Trois", 500)], gap_ms=300)
    assert track.duration_ms == 1000 + 300 + 2000 + 300 + 500
    assert [(c.title, c.start_ms, c.end_ms) for c in chapters] == [
        ("Un", 0, 1300), ("Deux", 1300, 3600), ("Trois", 3600, 4100),
    ]
    assert track.samples.ndim == 1 and track.samples.dtype.name == "float32"


def test_episode_mp3_decodes_and_carries_tags_and_ordered_chapters(tmp_path):
    # Titles of very different lengths: mutagen would otherwise write the CHAP frames by size.
    parts = [spoken("Introduction", 1500), spoken("Résumé", 3000), spoken("Sources et crédits du très long épisode", 1000)]
    track, chapters = join_segments(parts, gap_ms=500)
    path = tmp_path / "episode.mp3"
    cover = tmp_path / "cover.png"
    cover.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    tags = EpisodeTags(
        title="Un titre accentué", artist="Claire Dumas", album="Narrate", language="fr",
        date=datetime(2024, 3, 1, 9, 30, tzinfo=timezone.utc), source_url="https://example.org/a", cover=cover,
    )
    write_episode(track, chapters, tags, path)

    assert not list(tmp_path.glob(".*.part"))
    info = MP3(path).info
    assert info.channels == 1 and info.sample_rate == 44100
    assert abs(info.length - track.duration_ms / 1000) < 0.1

    id3 = ID3(path)
    assert id3.version == (2, 3, 0)
    assert id3["TIT2"].text == ["Un titre accentué"]
    assert id3["TPE1"].text == ["Claire Dumas"]
    assert id3["TALB"].text == ["Narrate"]
    assert id3["TLAN"].text == ["fra"]
    assert id3.getall("COMM")[0].text == ["Source : https://example.org/a"]  # French typography
    assert str(id3["TDRC"].text[0]).startswith("2024")
    assert id3.getall("APIC")[0].mime == "image/png"
    (toc,) = id3.getall("CTOC")
    assert toc.flags == 3
    chap_frames = [frame for frame in id3.values() if frame.FrameID == "CHAP"]
    assert toc.child_element_ids == [frame.element_id for frame in chap_frames]
    assert [(f.sub_frames["TIT2"].text[0], f.start_time, f.end_time) for f in chap_frames] == [
        (c.title, c.start_ms, c.end_ms) for c in chapters
    ]

    # ffmpeg reads the chapters back in file order, which must be playback order.
    metadata = run_ffmpeg(["-i", str(path), "-f", "ffmetadata", "pipe:1"]).decode("utf-8")
    titles = re.findall(r"\[CHAPTER\][^\[]*?title=([^\n]*)", metadata)
    starts = [int(value) for value in re.findall(r"START=(\d+)", metadata)]
    assert titles == [c.title for c in chapters]
    assert starts == sorted(starts) and starts[0] == 0

    decoded = run_ffmpeg(["-i", str(path), "-f", "s16le", "-ac", "1", "-ar", "44100", "pipe:1"])
    assert abs(len(decoded) / 2 / 44100 - track.duration_ms / 1000) < 0.1
