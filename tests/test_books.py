"""Read-along books from the exact sentence times: EPUB 3 with Media Overlays (checked by the
real EPUBCheck and Ace by DAISY), DAISY 2.02, the accessibility metadata and the
synthetic-voice declaration everywhere machines read them, and the output seam: an output is
rendered again alone, without its MP3 encoded again."""

import json
import os
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree
from mutagen.id3 import ID3

from conftest import REPO, SEED, narrate_in
from media import run_ffprobe

JS = Path(__file__).parent / "js"
ACE = JS / "node_modules" / ".bin" / "ace-puppeteer"
SMIL = "{http://www.w3.org/ns/SMIL}"
XHTML = "{http://www.w3.org/1999/xhtml}"
OPF = "{http://www.idpf.org/2007/opf}"


def build(root: Path, *arguments: str, config: str = "") -> dict[str, dict]:
    if not (root / "seeds").exists():
        (root / "seeds").mkdir(parents=True)
        shutil.copy(SEED, root / "seeds")
        shutil.copytree(REPO / "voices", root / "voices")
    (root / "narrate.toml").write_text(config)
    result = narrate_in(root, "build", "-j", "1", *arguments, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return {entry["source"]: entry for entry in json.loads((root / "output" / "episodes.json").read_text())["episodes"]}


def media(root: Path, entry: dict) -> Path:
    return root / "output" / "episodes" / f"{entry['slug']}-{entry['fingerprint'][:8]}"


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> Path:
    """The seed's episode with every format: the stem of its files."""
    root = tmp_path_factory.mktemp("books")
    return media(root, build(root, "--formats", "mp3,epub,daisy")[SEED.name])


def epubcheck(path: Path) -> dict:
    """EPUBCheck's own report (the jar the epubcheck package ships, run by Java)."""
    jar = Path(__import__("epubcheck").__file__).parent / "epubcheck.jar"
    if not shutil.which("java"):
        pytest.skip("Java is missing: make test installs default-jre-headless")
    report = path.with_suffix(".epubcheck.json")
    subprocess.run(["java", "-jar", str(jar), str(path), "--json", str(report), "-q"], check=False, timeout=300)
    return json.loads(report.read_text())


def ace(path: Path) -> dict:
    """Ace by DAISY's report, run on Debian's Chromium."""
    chromium = shutil.which("chromium")
    if not ACE.exists() or not chromium:
        pytest.skip("Ace by DAISY or Chromium is missing: make test installs them")
    out = path.parent / "ace-report"
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium}
    subprocess.run([str(ACE), "-s", "-o", str(out), str(path)], check=False, timeout=300, env=env)
    return json.loads((out / "report.json").read_text())


def violations(report: dict) -> list[str]:
    return [
        f"{test['earl:test']['dct:title']}: {test['earl:result'].get('dct:description', '')}"
        for document in report["assertions"] for test in document.get("assertions", [])
        if test["earl:result"]["earl:outcome"] != "pass"
    ]


def test_epubcheck_and_ace_have_nothing_to_report(books):
    report = epubcheck(books.with_suffix(".epub"))
    assert (report["checker"]["nFatal"], report["checker"]["nError"], report["checker"]["nWarning"]) == (0, 0, 0), report["messages"]
    assert violations(ace(books.with_suffix(".epub"))) == []


def vtt_cues(path: Path) -> list[tuple[float, float, str]]:
    cues = re.findall(r"(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})\n(.*?)(?:\n\n|\Z)", path.read_text(), re.S)
    seconds = lambda h, m, s, ms: int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000  # noqa: E731
    return [(seconds(*cue[0:4]), seconds(*cue[4:8]), " ".join(cue[8].split())) for cue in cues]


def clock(value: str) -> float:
    hours, minutes, seconds = value.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def test_a_par_per_spoken_sentence_at_the_times_of_the_captions_and_the_audio(books):
    with zipfile.ZipFile(books.with_suffix(".epub")) as book:
        assert book.namelist()[0] == "mimetype" and book.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        overlay = etree.fromstring(book.read("EPUB/overlay.smil"))
        text = etree.fromstring(book.read("EPUB/text.xhtml"))
        package = etree.fromstring(book.read("EPUB/package.opf"))
        assert book.read("EPUB/audio.mp3") == books.with_suffix(".mp3").read_bytes()
    pars = overlay.iter(f"{SMIL}par")
    spans = {element.get("id"): " ".join("".join(element.itertext()).split()) for element in text.iter() if element.get("id", "").startswith("s")}
    heard = [
        (clock(par.find(f"{SMIL}audio").get("clipBegin")), clock(par.find(f"{SMIL}audio").get("clipEnd")),
         spans[par.find(f"{SMIL}text").get("src").split("#")[1]])
        for par in pars
    ]
    cues = vtt_cues(books.with_suffix(".vtt"))
    assert len(heard) == len(cues)
    for (begin, end, sentence), (start, stop, caption) in zip(heard, cues):
        assert abs(begin - start) <= 0.01 and abs(end - stop) <= 0.01
        assert sentence.rstrip(" .") in caption or caption.startswith(sentence.rstrip(" ."))
    durations = {meta.get("refines"): clock(meta.text) for meta in package.iter(f"{OPF}meta") if meta.get("property") == "media:duration"}
    assert durations[None] == durations["#overlay"]  # the whole is the sum of its one overlay
    probe = run_ffprobe(["-show_entries", "format=duration", "-of", "csv=p=0", str(books.with_suffix(".mp3"))])
    assert abs(durations[None] - float(probe)) < 0.1
    kinds = [seq.get("{http://www.idpf.org/2007/ops}type") for seq in overlay.iter(f"{SMIL}seq")]
    assert kinds[0] == "introduction" and kinds[-1] == "credits"  # skippable


def test_the_epub_declares_its_accessibility_and_its_synthetic_narrator(books):
    with zipfile.ZipFile(books.with_suffix(".epub")) as book:
        package = book.read("EPUB/package.opf").decode()
    for expected in (
        '<meta property="schema:accessMode">auditory</meta>', '<meta property="schema:accessMode">textual</meta>',
        "synchronizedAudioText", '<meta property="schema:accessibilityHazard">none</meta>', "schema:accessibilitySummary",
        '<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.2 Level AA</meta>',
        '<meta property="media:narrator">voix de synthèse (espeak-ng)</meta>', "media:active-class",
    ):
        assert expected in package


def test_daisy_book_references_resolve_in_reading_order_inside_the_audio(books):
    with zipfile.ZipFile(books.with_suffix(".daisy.zip")) as book:
        names = set(book.namelist())
        ncc = etree.fromstring(book.read("ncc.html"))
        content = etree.fromstring(book.read("content.html"))  # valid XML: XHTML
        ids = {element.get("id") for element in content.iter() if element.get("id")}
        assert book.read("audio.mp3") == books.with_suffix(".mp3").read_bytes()
        duration = float(run_ffprobe(["-show_entries", "format=duration", "-of", "csv=p=0", str(books.with_suffix(".mp3"))]))
        headings = ncc.findall(f".//{XHTML}h1")
        assert headings[0].get("class") == "title"
        meta = {m.get("name"): m.get("content") for m in ncc.iter(f"{XHTML}meta")}
        assert meta["dc:format"] == "Daisy 2.02" and meta["ncc:multimediaType"] == "audioFullText"
        assert meta["ncc:narrator"].startswith("voix de synthèse") and int(meta["ncc:tocItems"]) == len(headings)
        last_end = -1.0
        order = []
        for heading in headings:
            smil_name, par_id = heading.find(f"{XHTML}a").get("href").split("#")
            assert smil_name in names
            smil = etree.fromstring(book.read(smil_name))
            assert any(par.get("id") == par_id for par in smil.iter("par"))
        for smil_name in sorted(name for name in names if name.endswith(".smil")):
            for par in etree.fromstring(book.read(smil_name)).iter("par"):
                target = par.find("text").get("src").split("#")[1]
                assert target in ids
                order.append(target)
                audio = par.find("audio")
                begin, end = (float(audio.get(key)[4:-1]) for key in ("clip-begin", "clip-end"))
                assert last_end - 0.001 <= begin < end <= duration + 0.05
                last_end = end
        assert order == sorted(order, key=lambda target: int(target[1:]))  # sentences in reading order


def test_pages_feed_and_tags_say_the_voice_is_synthetic_and_link_the_books(books):
    output = books.parent.parent
    page = next(output.glob("episodes/*.html")).read_text()
    metadata = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert metadata["accessMode"] == ["auditory", "textual"] and "synchronizedAudioText" in metadata["accessibilityFeature"]
    assert metadata["accessibilityHazard"] == "none" and "espeak-ng" in metadata["readBy"]["name"]
    assert "Lu par une voix de synthèse (espeak-ng)." in page
    assert f'href="{books.name}.epub"' in page and f'href="{books.name}.daisy.zip"' in page
    feed = (output / "feed.xml").read_text()
    assert '<narrate:syntheticVoice engine="espeak-ng">true</narrate:syntheticVoice>' in feed
    assert 'type="application/epub+zip"' in feed and "podcast:alternateEnclosure" in feed
    tags = ID3(books.with_suffix(".mp3"))
    assert tags.getall("TXXX:SYNTHETIC_VOICE")[0].text == ["espeak-ng"]
    assert "D'après PA, lu en voix de synthèse." in books.with_suffix(".txt").read_text()  # and aloud


def test_an_output_changed_or_added_is_rendered_alone_and_no_mp3_is_encoded_again(tmp_path, monkeypatch):
    import narrate.outputs as outputs

    entry = build(tmp_path, "--formats", "mp3")[SEED.name]
    stem = media(tmp_path, entry)
    mp3 = stem.with_suffix(".mp3")
    before = (mp3.stat().st_mtime_ns, mp3.read_bytes())
    assert not stem.with_suffix(".epub").exists()
    entry = build(tmp_path, "--formats", "mp3,epub")[SEED.name]  # an output added
    assert entry["outputs"]["epub"] == "1" and stem.with_suffix(".epub").is_file()
    vtt_time = stem.with_suffix(".vtt").stat().st_mtime_ns
    changed = tuple(replace(renderer, version="2") if renderer.name == "epub" else renderer for renderer in outputs.RENDERERS)
    monkeypatch.setattr(outputs, "RENDERERS", changed)
    entry = build(tmp_path, "--formats", "mp3,epub")[SEED.name]  # an output changed
    assert entry["outputs"]["epub"] == "2"
    assert stem.with_suffix(".vtt").stat().st_mtime_ns == vtt_time  # the others are left as they were
    assert (mp3.stat().st_mtime_ns, mp3.read_bytes()) == before  # no MP3 encoded again
    assert media(tmp_path, entry) == stem


@pytest.mark.parametrize("flags", [["--full"], ["--digest"]], ids=["full", "digest"])
def test_full_episodes_and_digests_make_valid_books_too(tmp_path, flags):
    entries = build(tmp_path, *flags, "--formats", "mp3,epub")
    entry = next(e for e in entries.values() if e["kind"] == ("digest" if "--digest" in flags else "article"))
    report = epubcheck(media(tmp_path, entry).with_suffix(".epub"))
    assert (report["checker"]["nFatal"], report["checker"]["nError"], report["checker"]["nWarning"]) == (0, 0, 0), report["messages"]
