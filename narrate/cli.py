"""The command line: parse options, call the library, print, and turn errors into exit codes."""

from __future__ import annotations

import gc
import json
import logging
import os
import shlex
import sys
import tomllib
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from . import __version__
from .config import FRAMES, SUMMARY_ALGORITHMS, load_settings
from .errors import NarrateError
from .files import SUPPORTED_SYSTEMS
from .hostile import without_credentials
from .speech.cast import configured_voice, load_voice
from .workers import default_jobs
from .sources import printable
from .speech import load_profile, profile_files

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

# Each command imports the stages it needs where it runs: the language and audio stacks take
# most of narrate's start-up time, and `narrate build` with nothing to do needs neither.


def _fail(message: str) -> NoReturn:
    """Print one line to stderr and leave with status 1."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


QUIET_LIBRARIES = ("trafilatura", "htmldate", "courlan", "justext", "readability")
"""Libraries whose own messages ("discarding data: None", "empty HTML tree") say nothing to a
user: narrate says what it makes of their failures. Shown with -vv."""


def _configure_logging(verbose: int) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr)
    _quiet_libraries(verbose)


def _quiet_libraries(verbose: int) -> None:
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.DEBUG if verbose >= 2 else logging.CRITICAL)


def length_options(function):
    """--sentences, --words and --minutes: one summary length, replacing the configured one; and
    --compress/--verbatim."""
    function = click.option(
        "--compress/--verbatim", default=None,
        help="Summary sentences without the asides a newsreader leaves out (default), or word for word.",
    )(function)
    function = click.option("--minutes", type=click.FloatRange(min=0.1), help="Summary length in minutes of speech at the voice's pace (default: 1).")(function)
    function = click.option("--words", type=click.IntRange(min=1), help="Summary length in words.")(function)
    function = click.option("--sentences", type=click.IntRange(min=1), help="Summary length in sentences.")(function)
    return function


config_option = click.option(
    "--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
    help="Settings file (default: ./narrate.toml when it exists).",
)


def _since(_context: click.Context, _parameter: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date such as 2026-11-30 or 2026-11-30T08:00") from None
    return moment if moment.tzinfo else moment.astimezone()


since_option = click.option(
    "--since", callback=_since, metavar="DATE", help="Only items published since DATE (2026-11-30, or with a time).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="narrate")
def cli() -> None:
    """narrate turns written articles into accessible podcast episodes."""
    _quiet_libraries(verbose=0)


@cli.command()
@click.option("--seeds", type=click.Path(file_okay=False, path_type=Path), help="Directory of articles (default: seeds).")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), help="Where to write the podcast (default: output).")
@click.option("--voice", help="Voice profile name from voices/ (default: espeak-fr).")
@click.option("--voices", type=click.Path(file_okay=False, path_type=Path), help="The project's voices directory: profiles and lexicon entries over narrate's own (default: voices).")
@click.option("--base-url", help="URL where the output directory will be served; prefixes every enclosure.")
@click.option("--full/--summary-only", default=None, help="Also read the whole article after the summary.")
@click.option("--frame", type=click.Choice(FRAMES), help="What the intro and outro say: a sentence each (short), also the plan and the length (long), or long for long episodes only (auto, the default).")
@length_options
@click.option("--prune", is_flag=True, help="Remove the episodes of articles no longer in the seeds directory.")
@click.option("--digest/--no-digest", default=None, help="Also build digest episodes: every article's summary in one episode.")
@click.option("--digest-by", type=click.Choice(["day", "run"]), help="One digest per publication day (default) or per build.")
@click.option("--digest-feed/--digest-in-feed", default=None, help="Put digests in their own feed, digest.xml.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Cores to use: episodes built at once in parallel processes, or one episode's encoding (default: all).")
@click.option("--cluster", help="Build the episodes on a Dask cluster: its scheduler's address (tcp://host:8786), or 'local'.")
@click.option("--formats", help="What to make of each episode: mp3 (always), epub (read-along book), daisy (DAISY 2.02); e.g. mp3,epub,daisy.")
@click.option("--fetch", "fetch_first", is_flag=True, help="First fetch the new articles of the configured sources.")
@since_option
@config_option
@click.option("-v", "--verbose", count=True, help="Say what is done; twice for every detail.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build(
    config_path: Path | None, verbose: int, quiet: bool, prune: bool, jobs: int | None, fetch_first: bool,
    since: datetime | None, **overrides: object,
) -> None:
    """Build an episode for every new or changed article in the seeds directory (and the
    fetched articles), the feed and the pages.

    Unchanged episodes are kept as they are; progress shows on a terminal (plain lines
    otherwise), and a summary ends the run.
    """
    _configure_logging(verbose)
    fetch_failed = False
    if fetch_first:
        fetch_failed = not _fetch(config_path, since, quiet, verbose)
    on_terminal = sys.stderr.isatty()
    bar: ProgressBar[str] | None = None

    def on_progress(event: str, done: int, total: int, origin: str) -> None:
        nonlocal bar
        if quiet:
            return
        if on_terminal and not verbose:
            if bar is None:
                bar = click.progressbar(length=total, label="Building", file=sys.stderr, show_pos=True)
                bar.__enter__()
            bar.update(1, printable(Path(origin).name))
        else:
            status = {"built": "built", "unchanged": "nothing to do", "failed": "failed"}[event]
            click.echo(f"[{done}/{total}] {status}: {printable(origin)}", err=True)

    from .pipeline import build as build_episodes

    try:
        settings = load_settings(config_path, overrides)
        report = build_episodes(settings, jobs=jobs or default_jobs(), on_progress=on_progress, prune=prune)
    except NarrateError as error:
        _fail(str(error))
    except KeyboardInterrupt:
        click.echo("", err=True)
        _fail("interrupted; the feed, pages and episodes already published are complete and unchanged.")
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for failure in sorted(report.failures, key=lambda failure: failure.origin):
        click.echo(f"Error: {failure.message}", err=True)
    if verbose:
        click.echo(f"Sentences spoken: {report.speech.spoken}, taken from the cache: {report.speech.cached}", err=True)
    if not quiet:
        minutes, seconds = divmod(round(report.audio_ms / 1000), 60)
        parts = [f"{len(report.built)} built", f"{len(report.unchanged)} unchanged"]
        if report.failures:
            parts.append(f"{len(report.failures)} failed")
        if report.pruned:
            parts.append(f"{report.pruned} removed")
        click.echo(f"Episodes: {', '.join(parts)}; {minutes} min {seconds:02d} s of new audio; feed: {report.feed}")
    if report.failures:
        names = ", ".join(sorted(printable(failure.origin) for failure in report.failures))
        _fail(f"{len(report.failures)} article{'s' if len(report.failures) > 1 else ''} could not be built: {names}")
    if fetch_failed:
        sys.exit(1)


def _fetch(config_path: Path | None, since: datetime | None, quiet: bool, verbose: int) -> bool:
    """Fetch the configured sources, print what came (each source as it goes, with -v) and one
    line per failure; True when all went well."""
    from .fetching import fetch_sources

    def progress(line: str) -> None:
        click.echo(line, err=True)

    try:
        settings = load_settings(config_path)
        report = fetch_sources(settings, since=since, on_progress=progress if verbose and not quiet else None)
    except NarrateError as error:  # a build goes on with what was fetched before
        click.echo(f"Error: {error}", err=True)
        return False
    except KeyboardInterrupt:
        click.echo("", err=True)
        _fail("interrupted; what was fetched until then is kept, and the next fetch goes on from there.")
    for failure in report.failures:
        click.echo(f"Error: {failure}", err=True)
    for note in report.notes if not quiet else ():
        click.echo(note, err=True)
    if not quiet:
        unchanged = f", {len(report.not_modified)} feeds unchanged" if report.not_modified else ""
        click.echo(f"Fetched: {len(report.fetched)} new, {report.seen_before} seen before{unchanged}.")
    return not report.failures


@cli.command()
@since_option
@config_option
@click.option("-v", "--verbose", count=True, help="Say what is done; twice for every detail.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def fetch(since: datetime | None, config_path: Path | None, verbose: int, quiet: bool) -> None:
    """Fetch the new articles of the sources in narrate.toml ([[sources]]) into the fetched
    directory, without building: politely (robots.txt, TDMRep, one request at a time per
    host) and incrementally (only what changed, never an item seen before)."""
    _configure_logging(verbose)
    if not _fetch(config_path, since, quiet, verbose):
        sys.exit(1)


@cli.command()
@click.argument("urls", nargs=-1, required=True)
@config_option
def add(urls: tuple[str, ...], config_path: Path | None) -> None:
    """Fetch the article at each URL ("listen to this") into the fetched directory; the next
    build makes its episode."""
    from .fetching import add_links

    try:
        report = add_links(load_settings(config_path), list(urls))
    except NarrateError as error:
        _fail(str(error))
    except KeyboardInterrupt:
        click.echo("", err=True)
        _fail("interrupted; the pages added until then are kept.")
    for path in report.fetched:
        click.echo(f"Added {path}")
    if report.seen_before:
        click.echo(f"{report.seen_before} already added before.")
    for failure in report.failures:
        click.echo(f"Error: {failure}", err=True)
    if report.failures:
        sys.exit(1)


@cli.command()
@config_option
def sources(config_path: Path | None) -> None:
    """List the sources in narrate.toml with what their last fetch said."""
    from .fetching import source_statuses

    try:
        statuses = source_statuses(load_settings(config_path))
    except NarrateError as error:
        _fail(str(error))
    if not statuses:
        click.echo("No sources: add [[sources]] tables with a url to narrate.toml, or use narrate add URL.")
        return
    for source, status in statuses:
        last = f"{status['status']} at {status['checked']}: {status['message']}" if status else "never fetched"
        if status.get("gone"):
            last += " (no longer asked)"
        click.echo(f"{source.name}\t{without_credentials(source.url)}\t{printable(last)}")


@cli.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Create a project in DIRECTORY (default: here): narrate.toml, seeds/ with an example
    article, and voices/lexicon.toml. Nothing is overwritten."""
    from .project import init_project

    try:
        written = init_project(directory)
    except NarrateError as error:
        _fail(str(error))
    click.echo(f"Created {', '.join(str(path) for path in written)}.")
    move = "" if directory == Path(".") else f"cd {shlex.quote(str(directory))} && "
    click.echo(f"Next: {move}narrate build   (then narrate serve, and open http://127.0.0.1:8000/)")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@length_options
@click.option("--algorithm", type=click.Choice(SUMMARY_ALGORITHMS), help="Summariser (default from narrate.toml, else narrate).")
@click.option("--json", "as_json", is_flag=True, help='One JSON object per file and line: {"source": …, "sentences": […]}.')
@config_option
def summarize(
    files: tuple[Path, ...], as_json: bool, config_path: Path | None, **overrides: object
) -> None:
    """Print the summary of each article FILE."""
    failed = []
    from .pace import voice_pace
    from .read import read_configured
    from .speech.cache import SpeechCache
    from .summarize import summarize_configured

    try:
        settings = load_settings(config_path, overrides)
        pace = voice_pace(configured_voice(settings), SpeechCache(settings.build.cache))
    except NarrateError as error:
        _fail(str(error))
    for path in files:
        try:
            summary = summarize_configured(settings, read_configured(settings, path), pace)
        except NarrateError as error:
            click.echo(f"Error: {error}", err=True)
            failed.append(str(path))
            continue
        if as_json:
            click.echo(json.dumps({"source": str(path), "sentences": list(summary.sentences)}, ensure_ascii=False))
        else:
            if len(files) > 1:
                click.echo(f"# {path}")
            click.echo("\n".join(summary.sentences))
    if failed:
        _fail(f"could not summarise: {', '.join(failed)}")


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--full/--summary-only", default=None, help="Include the whole article after the summary.")
@click.option("--frame", type=click.Choice(FRAMES), help="What the intro and outro say: short, long, or auto.")
@length_options
@config_option
def script(file: Path, config_path: Path | None, **overrides: object) -> None:
    """Print the spoken script of article FILE, segment by segment."""
    from .pace import voice_pace
    from .read import read_configured
    from .script import write_script
    from .speech.cache import SpeechCache
    from .summarize import summarize_configured

    try:
        settings = load_settings(config_path, overrides)
        article = read_configured(settings, file)
        summary = summarize_configured(settings, article, voice_pace(configured_voice(settings), SpeechCache(settings.build.cache)))
        spoken = write_script(article, summary, settings.show, full=settings.build.full, frame=settings.build.frame)
    except NarrateError as error:
        _fail(str(error))
    for number, segment in enumerate(spoken.segments, start=1):
        click.echo(f"## {number}. {segment.title}")
        for paragraph in segment.paragraphs:
            click.echo(" ".join(paragraph))
        click.echo("")


voices_option = click.option(
    "--voices", "voices_dir", type=click.Path(file_okay=False, path_type=Path),
    help="The project's voices directory: profiles and lexicon entries over narrate's own (default: voices).",
)


@cli.group(invoke_without_command=True)
@voices_option
@config_option
@click.pass_context
def voices(context: click.Context, voices_dir: Path | None, config_path: Path | None) -> None:
    """List the voice profiles, where each comes from, and whether each can speak here now.

    narrate's own profiles ship with it; a profile in the project's voices directory adds a
    voice, or replaces narrate's of the same name.
    """
    if context.invoked_subcommand:
        return
    try:
        settings = load_settings(config_path, {"voices": voices_dir})
    except NarrateError as error:
        _fail(str(error))
    rows = []
    for name, path in profile_files(settings.build.voices).items():  # a broken profile is listed, as unavailable
        default = " (default)" if name == settings.build.voice else ""
        try:
            profile = load_profile(path, settings.build.voices)
            reason = profile.load_engine().unavailable_reason()
        except NarrateError as error:
            rows.append((name + default, "?", "?", "?", str(path), f"unavailable: {error}"))
            continue
        status = "ready" if reason is None else f"unavailable: {reason}"
        origin = "narrate" if profile.packaged else str(profile.path)
        rows.append((profile.name + default, profile.engine, profile.language, "offline" if profile.offline else "online", origin, status))
    widths = [max(len(row[column]) for row in rows) for column in range(5)]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[5])


@voices.command("install")
@click.argument("name")
@voices_option
@click.option("--source", help="Where Piper's voices.json and files are (default: Piper's published voices).")
@config_option
def voices_install(name: str, voices_dir: Path | None, source: str | None, config_path: Path | None) -> None:
    """Download Piper voice NAME (e.g. fr_FR-siwis-medium) and write its profile."""
    from .speech.install import PIPER_VOICES_URL, install_piper_voice

    on_terminal = sys.stderr.isatty()

    def on_progress(file_name: str, received: int, total: int) -> None:
        if on_terminal and total:
            click.echo(f"\r\033[K{file_name}: {received * 100 // total}%", nl=False, err=True)

    try:
        settings = load_settings(config_path, {"voices": voices_dir})
        profile = install_piper_voice(name, settings.build.voices, source=source or PIPER_VOICES_URL, on_progress=on_progress)
    except NarrateError as error:
        _fail(str(error))
    if on_terminal:
        click.echo("\r\033[K", nl=False, err=True)
    click.echo(f"Installed {name}: use it with --voice {profile.stem} (profile {profile}).")


@cli.command()
@click.argument("text")
@click.option("--voice", help="Use this voice profile's lexicon (default: the configured voice).")
@click.option("--language", help="Language of the text (default: the show's, fr).")
@click.option("--ipa", is_flag=True, help="Also print how espeak-ng pronounces it, in IPA.")
@config_option
def normalize(text: str, voice: str | None, language: str | None, ipa: bool, config_path: Path | None) -> None:
    """Print how TEXT will be read aloud ("-" reads standard input, line by line)."""
    from .normalize import normalize as normalize_text

    try:
        settings = load_settings(config_path, {"voice": voice, "show_language": language})
        chosen = configured_voice(settings)
    except NarrateError as error:
        _fail(str(error))
    lexicon = chosen.lexicon
    lines = sys.stdin.read().splitlines() if text == "-" else [text]
    for line in lines:
        spoken = normalize_text(line, settings.show.language, lexicon)
        click.echo(spoken)
        if ipa:
            phonemes = getattr(chosen.engine, "phonemes", None)
            if phonemes is None:
                _fail("--ipa needs an espeak-ng voice.")
            click.echo(f"  [{phonemes(spoken)}]")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--voice", help="Check for this voice profile (default: the configured voice).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per word found, a line each.")
@config_option
def check(files: tuple[Path, ...], voice: str | None, as_json: bool, config_path: Path | None) -> None:
    """Report the words of each article FILE the voice may read wrong: read with another
    language's voice, spelled, digits, or names it does not know; with their phonemes and the
    lexicon line to add.

    Exits with status 1 while a word is at risk, so a newsroom can run it in CI.
    """
    from .check import check_article
    from .read import read_configured

    try:
        settings = load_settings(config_path, {"voice": voice})
        chosen = load_voice(settings, settings.build.voice, check=False)
    except NarrateError as error:
        _fail(str(error))
    at_risk = 0
    failed = []
    for path in files:
        try:
            findings = check_article(read_configured(settings, path), chosen)
        except NarrateError as error:
            click.echo(f"Error: {error}", err=True)
            failed.append(str(path))
            continue
        at_risk += sum(finding.at_risk for finding in findings)
        for finding in findings:
            if as_json:
                click.echo(json.dumps({
                    "file": str(path), "word": finding.word, "kind": finding.kind, "phonemes": finding.phonemes,
                    "lexicon": finding.suggestion, "at_risk": finding.at_risk,
                }, ensure_ascii=False))
            else:
                fix = f"; add to voices/lexicon.toml: {finding.suggestion}" if finding.suggestion else ""
                click.echo(f"{path}: {finding.word}: {CHECK_KINDS[finding.kind]} [{finding.phonemes}]{fix}")
    if failed:
        _fail(f"could not check: {', '.join(failed)}")
    if at_risk:
        _fail(f"{at_risk} word{'s' if at_risk > 1 else ''} at risk; add lexicon lines (narrate normalize --ipa WORD tries one).")


CHECK_KINDS = {
    "language": "read with another language's voice",
    "digits": "digits reach the voice",
    "spelled": "spelled letter by letter",
    "unknown": "a name the French dictionary lacks, read from its spelling",
}


@cli.group()
def lexicon() -> None:
    """Share pronunciations: export a voice's lexicon as W3C PLS 1.0, or import a PLS file."""


@lexicon.command("export")
@click.option("--voice", help="The voice whose lexicon to export (default: the configured voice).")
@voices_option
@click.option("-o", "--output", "destination", type=click.Path(dir_okay=False, path_type=Path), help="PLS file to write (default: standard output).")
@config_option
def lexicon_export(voice: str | None, voices_dir: Path | None, destination: Path | None, config_path: Path | None) -> None:
    """Write the voice's whole lexicon (narrate's, the project's, the profile's) as PLS 1.0,
    each entry with its respelling (alias) and, for espeak-ng voices, its IPA."""
    from .files import write_text
    from .normalize.lexicon import to_pls

    try:
        settings = load_settings(config_path, {"voice": voice, "voices": voices_dir})
        chosen = load_voice(settings, settings.build.voice, check=False)
        document = to_pls(chosen.lexicon, settings.show.language, getattr(chosen.engine, "phonemes", None))
        if destination is None:
            click.echo(document, nl=False)
        else:
            write_text(destination, document)
    except NarrateError as error:
        _fail(str(error))


@lexicon.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@voices_option
@config_option
def lexicon_import(file: Path, voices_dir: Path | None, config_path: Path | None) -> None:
    """Add the entries of PLS file FILE to the project's voices/lexicon.toml. Entries already
    there are kept; lexemes with phonemes only are left out (espeak-ng reads respellings)."""
    from .files import write_text
    from .normalize.lexicon import LEXICON_FILE_NAME, Lexicon, from_pls, load_lexicon, to_toml

    try:
        settings = load_settings(config_path, {"voices": voices_dir})
        try:
            data = file.read_bytes()
        except OSError as error:
            raise NarrateError(f"{file}: cannot be read ({error.strerror}).") from error
        imported, skipped = from_pls(data, file)
        target = settings.build.voices / LEXICON_FILE_NAME
        existing = dict(load_lexicon(target).entries)
        new = Lexicon(tuple((written, said) for written, said in imported.entries if written not in existing))
        before = target.read_text(encoding="utf-8") if target.is_file() else ""
        if new.entries:
            content = before + ("" if before.endswith("\n") or not before else "\n") + to_toml(new)
            try:
                tomllib.loads(content)  # read back before it is written: a lexicon that breaks every command never is
            except tomllib.TOMLDecodeError as error:
                raise NarrateError(f"{file}: its entries would make {target} unreadable ({error}); nothing was written.") from None
            write_text(target, content)
    except NarrateError as error:
        _fail(str(error))
    kept = len(imported.entries) - len(new.entries)
    click.echo(
        f"Added {len(new.entries)} entries to {target}"
        + (f"; {kept} already there kept as they were" if kept else "")
        + (f"; {skipped} lexemes without an alias left out" if skipped else "") + "."
    )


@cli.command()
@click.argument("text")
@click.option("-o", "--output", "destination", required=True, type=click.Path(dir_okay=False, path_type=Path), help="MP3 file to write.")
@click.option("--voice", help="Voice profile name (default: the configured voice).")
@config_option
def speak(text: str, destination: Path, voice: str | None, config_path: Path | None) -> None:
    """Speak TEXT into an MP3 file ("-" reads standard input)."""
    from .produce import speak_text

    try:
        settings = load_settings(config_path, {"voice": voice})
        chosen = load_voice(settings, settings.build.voice)
        speak_text(sys.stdin.read() if text == "-" else text, settings, chosen, destination, cores=default_jobs())
    except NarrateError as error:
        _fail(str(error))


@cli.command()
@click.option("--output", "directory", type=click.Path(file_okay=False, path_type=Path), help="Directory to serve (default: output).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; 0.0.0.0 opens it to the network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("-v", "--verbose", is_flag=True, help="Log each request on stderr.")
@config_option
def serve(directory: Path | None, host: str, port: int, verbose: bool, config_path: Path | None) -> None:
    """Serve the podcast (feed, episodes, pages) over HTTP, with byte ranges for seeking."""
    from .serve import make_server

    try:
        settings = load_settings(config_path, {"output": directory})
        server = make_server(settings.build.output, host, port, log=verbose)
    except NarrateError as error:
        _fail(str(error))
    bound_host, bound_port = server.server_address[:2]
    shown_host = bound_host.decode() if isinstance(bound_host, bytes) else bound_host
    shown_host = f"[{shown_host}]" if ":" in shown_host else shown_host
    click.echo(f"Serving {settings.build.output} at http://{shown_host}:{bound_port}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        server.server_close()


def main() -> None:
    """The ``narrate`` command. On the way out the garbage collector is frozen: the interpreter
    would otherwise walk every object nltk and numpy made, a twentieth of a second at the end
    of each command, to free memory the system takes back anyway."""
    if os.name != "posix":
        click.echo(f"Error: {SUPPORTED_SYSTEMS}", err=True)
        sys.exit(1)
    try:
        cli(prog_name="narrate")
    finally:
        gc.freeze()
