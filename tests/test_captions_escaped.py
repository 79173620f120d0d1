"""Captions carry the written text whatever it holds: WebVTT's "&", "<" and ">" escaped, and a
"-->" in a sentence or a chapter title never taken for a timing line. Checked by loading the
tracks in Chromium, as a web player does."""

from conftest import needs_chromium, tracks_in_chromium
from narrate.models import Chapter, TimedSentence
from narrate.transcripts import chapters_webvtt, srt, webvtt

HOSTILE = [
    "Le marché ouvre < 10 h > comme prévu.",
    "AT&T et Procter & Gamble ont annoncé leurs résultats.",
    "La flèche --> montre la sortie.",
    "Une balise <b>grasse</b> et un <script>alert(1)</script> restent du texte.",
    "Les entités &amp; et &lt; s'écrivent telles quelles.",
]
CHAPTERS = (
    Chapter("Résumé --> la suite", 0, 5000, tuple(
        TimedSentence(text, 1000 * n, 1000 * n + 900) for n, text in enumerate(HOSTILE)
    )),
    Chapter("Sources & crédits <fin>", 5000, 6000, (TimedSentence("Merci.", 5000, 5500),)),
)


def test_webvtt_escapes_what_it_must():
    text = webvtt(CHAPTERS)
    assert "ouvre &lt; 10 h &gt; comme prévu" in text and "AT&amp;T" in text
    assert text.count("-->") == 6  # the timing lines only
    assert "-->" not in chapters_webvtt(CHAPTERS).replace(" --> ", "")
    assert srt(CHAPTERS).count("-->") == 6


@needs_chromium
def test_chromium_reads_every_cue_as_written(tmp_path):
    (tmp_path / "c.vtt").write_text(webvtt(CHAPTERS), encoding="utf-8")
    (tmp_path / "chapters.vtt").write_text(chapters_webvtt(CHAPTERS), encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="fr"><title>t</title><video>'
        '<track kind="captions" srclang="fr" label="fr" src="c.vtt"><track kind="chapters" src="chapters.vtt">'
        "</video></html>", encoding="utf-8",
    )
    captions, chapters = tracks_in_chromium(tmp_path, "index.html")
    assert [" ".join(cue["shown"].split()) for cue in captions] == [*HOSTILE, "Merci."]  # lines wrap at 65
    assert [(cue["start"], cue["end"]) for cue in captions][:2] == [(0, 0.9), (1, 1.9)]
    assert [cue["shown"] for cue in chapters] == ["Résumé --> la suite", "Sources & crédits <fin>"]
