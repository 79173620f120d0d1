"""`narrate check`: the words at risk in an article, with the lexicon line that fixes each."""

import json

from click.testing import CliRunner

from narrate.cli import cli

ARTICLE = (
    "Emma Thornbury à Paris\n\n"
    "Les sympathisants d'Emma Thornbury ont manifesté devant le FMI. Le conseil municipal les a reçus"
    " avec Yann Kermarrec.\n"
)


def test_check_flags_the_words_at_risk_and_the_line_it_suggests_fixes_them(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(ARTICLE)
    runner = CliRunner(mix_stderr=False)
    result = runner.invoke(cli, ["check", "--json", "a.txt"])
    assert result.exit_code == 1
    findings = {entry["word"]: entry for entry in map(json.loads, result.output.splitlines())}
    # "sympathisants" switches too, but it is French: the French dictionary says it
    assert set(findings) == {"Thornbury", "FMI", "Kermarrec"}
    assert findings["Thornbury"]["kind"] == "language" and findings["Thornbury"]["phonemes"].startswith("(en)")
    assert findings["Thornbury"]["lexicon"] == '"Thornbury" = "Tornburi"'
    assert findings["FMI"] == {
        "file": "a.txt", "word": "FMI", "kind": "spelled", "phonemes": "ˈɛf ˈɛm ˈi", "lexicon": None, "at_risk": False,
    }
    assert findings["Kermarrec"] == {
        "file": "a.txt", "word": "Kermarrec", "kind": "unknown", "phonemes": "kɛʁmaʁˈɛk", "lexicon": None, "at_risk": False,
    }
    assert result.stderr == "Error: 1 word at risk; add lexicon lines (narrate normalize --ipa WORD tries one).\n"
    (tmp_path / "voices").mkdir()
    (tmp_path / "voices" / "lexicon.toml").write_text(
        findings["Thornbury"]["lexicon"] + '\n"Kermarrec" = "Kèrmarèque"\n'
    )
    again = runner.invoke(cli, ["check", "a.txt"])
    assert again.exit_code == 0, again.stderr
    assert again.output == "a.txt: FMI: spelled letter by letter [ˈɛf ˈɛm ˈi]\n"  # the names now in the lexicon
