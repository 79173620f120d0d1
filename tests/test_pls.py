"""Lexicons other engines and DAISY tools read: W3C PLS 1.0, exported and imported."""

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from narrate.cli import cli
from narrate.errors import ConfigError
from narrate.normalize.lexicon import PLS_NAMESPACE, Lexicon, from_pls, load_lexicon, to_pls
from narrate.speech.espeak import EspeakEngine

PLS = f"{{{PLS_NAMESPACE}}}"
LEXICON = Lexicon((("Bailey", "Bêïli"), ("Anglia Ruskin", "Angglia Reuskinne"), ('Le "Monde"', "Le Monde & co")))


def test_a_lexicon_round_trips_through_pls():
    document = to_pls(LEXICON, "fr", EspeakEngine().phonemes)
    root = etree.fromstring(document.encode())
    assert root.tag == f"{PLS}lexicon" and root.get("version") == "1.0" and root.get("alphabet") == "ipa"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    first = root.find(f"{PLS}lexeme")
    assert [child.tag.split("}")[1] for child in first] == ["grapheme", "phoneme", "alias"]
    assert first.findtext(f"{PLS}phoneme") == "bɛjlˈi"  # the IPA of the respelling, as the voice says it
    assert from_pls(document.encode(), Path("x.pls")) == (LEXICON, 0)


def test_import_takes_aliases_leaves_out_phonemes_only_and_reads_several_graphemes():
    document = f"""<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="{PLS_NAMESPACE}" alphabet="ipa" xml:lang="fr">
  <lexeme><grapheme>ONU</grapheme><grapheme>O.N.U.</grapheme><alias>o ène u</alias></lexeme>
  <lexeme><grapheme>Juncker</grapheme><phoneme>junkɛʁ</phoneme></lexeme>
  <lexeme><grapheme>  Doubs </grapheme><alias>Dou</alias><phoneme>du</phoneme></lexeme>
</lexicon>"""
    lexicon, skipped = from_pls(document.encode(), Path("x.pls"))
    assert lexicon.entries == (("ONU", "o ène u"), ("O.N.U.", "o ène u"), ("Doubs", "Dou"))
    assert skipped == 1


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (b"<lexicon>", "is not valid XML"),
        (b"<lexicon version='1.0'/>", "is not a PLS lexicon"),
        (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
         b'<lexicon xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" version="1.0">'
         b"<lexeme><grapheme>a</grapheme><alias>&x;</alias></lexeme></lexicon>", None),
    ],
)
def test_a_hostile_or_wrong_file_is_refused_or_read_without_its_entities(document, message):
    if message:
        with pytest.raises(ConfigError, match=message):
            from_pls(document, Path("x.pls"))
    else:
        lexicon, skipped = from_pls(document, Path("x.pls"))
        assert "root:" not in str(lexicon.entries)


def test_export_and_import_commands_share_a_lexicon_between_projects(tmp_path, monkeypatch):
    runner = CliRunner(mix_stderr=False)
    (tmp_path / "a" / "voices").mkdir(parents=True)
    (tmp_path / "a" / "voices" / "lexicon.toml").write_text('"Thunberg" = "Toune-berg"\n')
    monkeypatch.chdir(tmp_path / "a")
    exported = runner.invoke(cli, ["lexicon", "export", "--output", str(tmp_path / "shared.pls")])
    assert exported.exit_code == 0, exported.stderr
    (tmp_path / "b" / "voices").mkdir(parents=True)
    (tmp_path / "b" / "voices" / "lexicon.toml").write_text('# our names\n"Bailey" = "Bèïli"\n')
    monkeypatch.chdir(tmp_path / "b")
    imported = runner.invoke(cli, ["lexicon", "import", str(tmp_path / "shared.pls")])
    assert imported.exit_code == 0, imported.stderr
    assert imported.output.startswith("Added ") and "1 already there kept as they were" in imported.output
    entries = dict(load_lexicon(tmp_path / "b" / "voices" / "lexicon.toml").entries)
    assert entries["Thunberg"] == "Toune-berg" and entries["Bailey"] == "Bèïli"  # ours is kept
    assert (tmp_path / "b" / "voices" / "lexicon.toml").read_text().startswith("# our names\n")


def test_characters_above_the_first_plane_are_written_so_toml_reads_them_back(tmp_path, monkeypatch):
    """"\\ud8000" made every later command fail; "\\uf0000" was read as another character and a 0 (G18)."""
    (tmp_path / "voices").mkdir()
    document = f"""<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="{PLS_NAMESPACE}" alphabet="ipa" xml:lang="fr">
<lexeme><grapheme>Mot&#xD8000;</grapheme><alias>dit</alias></lexeme>
<lexeme><grapheme>Nom&#xF0000;</grapheme><alias>non</alias></lexeme>
</lexicon>"""
    (tmp_path / "in.pls").write_text(document)
    monkeypatch.chdir(tmp_path)
    result = CliRunner(mix_stderr=False).invoke(cli, ["lexicon", "import", "in.pls"])
    assert result.exit_code == 0, result.stderr
    entries = dict(load_lexicon(tmp_path / "voices" / "lexicon.toml").entries)
    assert entries == {"Mot\U000d8000": "dit", "Nom\U000f0000": "non"}
    assert CliRunner(mix_stderr=False).invoke(cli, ["normalize", "Bonjour"]).exit_code == 0
