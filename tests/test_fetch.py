"""Articles that arrive by themselves: feeds and links fetched from a local server that speaks
HTTP as publishers do (ETags, 304, 429 with Retry-After, redirects, robots.txt, TDMRep), with
feeds and pages written by us. No test touches the internet."""

import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import REPO, SEED, narrate_in

PARAGRAPHS = {
    "piscine": (
        "La piscine rouvre ses portes",
        [
            "La piscine municipale rouvre samedi après six mois de travaux de rénovation complète.",
            "Les nageurs retrouvent un bassin agrandi, des vestiaires neufs et une eau chauffée par des panneaux solaires.",
            "L'entrée coûte désormais quatre euros pour les adultes et deux euros pour les enfants.",
            "Le maire espère accueillir trente mille baigneurs dès la première année d'ouverture.",
        ],
    ),
    "marche": (
        "Le marché couvert fait peau neuve",
        [
            "Le marché couvert du centre-ville a rouvert mardi après un an de chantier.",
            "Les commerçants ont retrouvé leurs étals sous une halle restaurée et mieux isolée.",
            "Les clients saluent le retour des producteurs locaux et des horaires élargis le dimanche.",
            "La mairie prévoit des animations chaque premier samedi du mois pour faire vivre le lieu.",
        ],
    ),
    "bibliotheque": (
        "La bibliothèque ouvre le dimanche",
        [
            "La bibliothèque municipale ouvrira désormais ses portes chaque dimanche après-midi.",
            "Cette extension des horaires répond à une demande forte des familles et des étudiants.",
            "Trois postes de bibliothécaires ont été créés pour assurer ces nouvelles permanences.",
            "Un bilan sera dressé au bout de six mois pour décider de la suite de l'expérience.",
        ],
    ),
}


def page(key: str) -> bytes:
    title, paragraphs = PARAGRAPHS[key]
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        f"<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body>"
        "<nav><a href=\"/\">Accueil</a> <a href=\"/sport\">Sport</a> <a href=\"/culture\">Culture</a></nav>"
        f"<article><h1>{title}</h1><p class=\"byline\">Par Léa Morel</p>{body}</article>"
        "<footer>© Le Journal local</footer></body></html>"
    ).encode()


def full_text(key: str) -> str:
    _, paragraphs = PARAGRAPHS[key]
    return "".join(f"<p>{text} {text}</p>" for text in paragraphs * 2)  # long enough to be the article itself


def rss(base: str, items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 feed of summaries: (title, or a key of PARAGRAPHS; link; guid) per item."""
    entries = "".join(
        f"<item><title>{PARAGRAPHS[title][0] if title in PARAGRAPHS else title}</title><link>{base}{link}</link>"
        f"<guid>{guid}</guid><pubDate>{formatdate(1_700_000_000 + n * 3600, usegmt=True)}</pubDate>"
        "<description>Résumé.</description></item>"
        for n, (title, link, guid) in enumerate(items)
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Journal</title>{entries}</channel></rss>'.encode()


class _QuietWhenLeft(ThreadingHTTPServer):
    """A client that leaves before the body's end (narrate reading a picture's first bytes, or
    refusing a page too large) is no error: its traceback, printed by a request thread while a
    later test had stderr captured, failed that test."""

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001 (socketserver's own signature)
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class Publisher:
    """A local web server: routes written by the test, every request kept."""

    def __init__(self) -> None:
        self.routes: dict[str, Callable[[BaseHTTPRequestHandler], tuple[int, dict[str, str], bytes] | None]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        publisher = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
                publisher.requests.append((self.path, dict(self.headers)))
                route = publisher.routes.get(self.path)
                answer = route(self) if route else (404, {}, b"not found")
                if answer is None:  # the route answered by itself
                    return
                status, headers, body = answer
                self.send_response(status)
                for name, value in {"Content-Length": str(len(body)), **headers}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_arguments: object) -> None:
                pass

        self.server = _QuietWhenLeft(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def serve(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200, **headers: str) -> None:
        self.routes[path] = lambda _request: (status, {"Content-Type": content_type, **headers}, body)

    def asked(self, path: str) -> list[dict[str, str]]:
        return [headers for asked, headers in self.requests if asked == path]


@pytest.fixture
def publisher():
    site = Publisher()
    site.serve("/robots.txt", b"User-agent: *\nDisallow: /private/\n", "text/plain")
    site.serve("/.well-known/tdmrep.json", json.dumps([{"location": "/reserved/*", "tdm-reservation": 1}]).encode(), "application/json")
    for key in PARAGRAPHS:
        site.serve(f"/articles/{key}.html", page(key))
    site.thread.start()
    yield site
    site.server.shutdown()
    site.server.server_close()


def project(root: Path, sources: str, fetch: str = "") -> Path:
    shutil.copytree(REPO / "voices", root / "voices")
    (root / "narrate.toml").write_text(
        f"[fetch]\ndelay = 0.0\ntimeout = 5.0\nretries = 1\ncontact = \"https://radio.example.org/contact\"\n{fetch}\n{sources}"
    )
    return root


def source(url: str, **keys: object) -> str:
    extra = "".join(f"{key} = {json.dumps(value)}\n" for key, value in keys.items())
    return f'[[sources]]\nurl = "{url}"\n{extra}'


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


def test_build_fetch_publishes_each_new_item_once_then_asks_only_for_what_changed(tmp_path, publisher):
    feed = rss(publisher.base, [("piscine", "/articles/piscine.html", "p-1"), ("marche", "/articles/marche.html", "m-1")])

    def conditional(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, {"Content-Type": "application/rss+xml", "ETag": '"v1"'}, feed

    publisher.routes["/rss.xml"] = conditional
    root = project(tmp_path, source(f"{publisher.base}/rss.xml", name="journal", language="fr"))
    first = narrate_in(root, "build", "--fetch", "-j", "1")
    assert first.exit_code == 0, first.stderr
    assert "Fetched: 2 new, 0 seen before." in first.output
    assert "Episodes: 2 built, 0 unchanged" in first.output
    kept = sorted(path.name for path in (root / "fetched" / "journal").iterdir())
    assert kept == ["la-piscine-rouvre-ses-portes.html", "la-piscine-rouvre-ses-portes.json",
                    "le-marche-couvert-fait-peau-neuve.html", "le-marche-couvert-fait-peau-neuve.json"]
    sidecar = json.loads((root / "fetched" / "journal" / "la-piscine-rouvre-ses-portes.json").read_text())
    assert sidecar["url"] == f"{publisher.base}/articles/piscine.html" and sidecar["fetched"] and sidecar["feed_item"].endswith("p-1")
    episodes = json.loads((root / "output" / "episodes.json").read_text())["episodes"]
    assert {e["source"] for e in episodes} == {
        "fetched/journal/la-piscine-rouvre-ses-portes.html", "fetched/journal/le-marche-couvert-fait-peau-neuve.html",
    }
    assert {e["url"] for e in episodes} == {f"{publisher.base}/articles/piscine.html", f"{publisher.base}/articles/marche.html"}
    agent = publisher.asked("/rss.xml")[0]["User-Agent"]
    assert agent.startswith("narrate/") and "https://radio.example.org/contact" in agent

    second = narrate_in(root, "build", "--fetch", "-j", "1")
    assert second.exit_code == 0, second.stderr
    assert publisher.asked("/rss.xml")[-1]["If-None-Match"] == '"v1"'  # a conditional request
    assert "Fetched: 0 new, 0 seen before, 1 feeds unchanged." in second.output
    assert "Episodes: 0 built, 2 unchanged" in second.output
    assert len(publisher.asked("/articles/piscine.html")) == 1  # never fetched twice

    publisher.server.shutdown()  # offline: the kept articles still build
    offline = narrate_in(root, "build", "-j", "1")
    assert offline.exit_code == 0 and "Episodes: 0 built, 2 unchanged" in offline.output


def test_full_text_feeds_are_used_as_they_are_in_atom_json_feed_and_an_opml_list(tmp_path, publisher):
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Journal</title>'
        f'<id>urn:journal</id><updated>2024-03-01T08:00:00Z</updated><entry><title>{PARAGRAPHS["piscine"][0]}</title>'
        f'<id>urn:piscine</id><link href="{publisher.base}/articles/absent-piscine.html"/><updated>2024-03-01T08:00:00Z</updated>'
        f'<author><name>Léa Morel</name></author><content type="html">{json.dumps(full_text("piscine"))[1:-1].replace("<", "&lt;")}</content></entry></feed>'
    )
    publisher.serve("/atom.xml", atom.encode(), "application/atom+xml")
    json_feed = {
        "version": "https://jsonfeed.org/version/1.1", "title": "Journal",
        "items": [{"id": "m", "url": f"{publisher.base}/articles/absent-marche.html", "title": PARAGRAPHS["marche"][0],
                   "content_html": full_text("marche"), "date_published": "2024-03-02T08:00:00+01:00",
                   "image": "/images/marche.jpg",
                   "authors": [{"name": "Jean Roux"}]}],
    }
    publisher.serve("/feed.json", json.dumps(json_feed).encode(), "application/feed+json")
    opml = f'<?xml version="1.0"?><opml version="2.0"><head><title>Mes flux</title></head><body>' \
           f'<outline text="a" xmlUrl="{publisher.base}/atom.xml"/><outline text="b" xmlUrl="{publisher.base}/feed.json"/></body></opml>'
    publisher.serve("/list.opml", opml.encode(), "text/x-opml")
    root = project(tmp_path, source(f"{publisher.base}/list.opml", name="liste"))
    result = narrate_in(root, "fetch")
    assert result.exit_code == 0, result.stderr
    assert "Fetched: 2 new, 0 seen before." in result.output
    assert not publisher.asked("/articles/absent-piscine.html") and not publisher.asked("/articles/absent-marche.html")
    kept = {json.loads(path.read_text())["author"]: json.loads(path.read_text())["image"] for path in (root / "fetched" / "liste").glob("*.json")}
    assert kept == {"Léa Morel": None, "Jean Roux": f"{publisher.base}/images/marche.jpg"}  # the item's picture, as an address


def test_every_refusal_and_failure_is_one_line_and_the_others_are_still_fetched(tmp_path, publisher):
    items = [
        ("piscine", "/articles/piscine.html", "ok"),
        ("Interdit par robots", "/private/marche.html", "robots"),
        ("Réservé par tdmrep.json", "/reserved/bibliotheque.html", "tdmrep"),
        ("Réservé par un en-tête", "/header-reserved.html", "header"),
        ("Page absente", "/absent.html", "missing"),
        ("Navigation seule", "/navigation.html", "navigation"),
    ]
    publisher.serve("/rss.xml", rss(publisher.base, items), "application/rss+xml")
    publisher.serve("/header-reserved.html", page("piscine"), **{"tdm-reservation": "1"})
    publisher.serve("/navigation.html", b"<html><body><nav><a href='/'>Accueil</a><a href='/a'>Sport</a></nav></body></html>")
    publisher.serve("/broken.xml", b"<rss><channel><item><title>oops", "application/rss+xml")
    publisher.serve("/gone.xml", b"", "application/rss+xml", status=410)
    root = project(tmp_path, source(f"{publisher.base}/rss.xml", name="journal") + source(f"{publisher.base}/broken.xml", name="casse")
                   + source(f"{publisher.base}/gone.xml", name="parti"))
    result = narrate_in(root, "fetch")
    assert result.exit_code == 1
    errors = error_lines(result)
    assert all("Traceback" not in line for line in result.stderr.splitlines())
    assert any("robots.txt does not allow" in line and "/private/marche.html" in line for line in errors)
    assert any("reserves text and data mining (/.well-known/tdmrep.json)" in line for line in errors)
    assert any("reserves text and data mining (TDMRep header)" in line for line in errors)
    assert any("not found (404)" in line and "/absent.html" in line for line in errors)
    assert any("no article text" in line and "journal" in line for line in errors)
    assert any(line.startswith("Error: source casse:") and "not a feed" in line for line in errors)
    assert any(line.startswith("Error: source parti:") and "gone for good (410)" in line for line in errors)
    assert not publisher.asked("/private/marche.html") and not publisher.asked("/reserved/bibliotheque.html")
    assert len(list((root / "fetched" / "journal").glob("*.html"))) == 1  # the one article allowed and found

    again = narrate_in(root, "fetch")
    assert len(publisher.asked("/gone.xml")) == 1  # a 410 stops the polling
    assert any("no longer asks" in line for line in error_lines(again))
    listing = narrate_in(root, "sources")
    assert "parti" in listing.output and "no longer asked" in listing.output and "journal" in listing.output


def test_a_busy_server_is_asked_again_after_its_retry_after_and_redirects_are_followed(tmp_path, publisher):
    answers = iter([(429, {"Retry-After": "1"}, b"")])
    feed = rss(publisher.base, [("piscine", "/moved/1", "p")])
    publisher.routes["/rss.xml"] = lambda _request: next(answers, (200, {"Content-Type": "application/rss+xml"}, feed))
    publisher.serve("/moved/1", b"", status=301, Location="/moved/2")
    publisher.serve("/moved/2", b"", status=302, Location=f"{publisher.base}/articles/piscine.html")
    root = project(tmp_path, source(f"{publisher.base}/rss.xml", name="journal"))
    result = narrate_in(root, "fetch")
    assert result.exit_code == 0, result.stderr
    assert len(publisher.asked("/rss.xml")) == 2
    sidecar = json.loads(next((root / "fetched" / "journal").glob("*.json")).read_text())
    assert sidecar["url"] == f"{publisher.base}/articles/piscine.html"


def test_a_redirect_loop_and_a_page_too_large_are_refused(tmp_path, publisher):
    publisher.serve("/loop", b"", status=302, Location="/loop")
    publisher.serve("/big.html", page("piscine") + b" " * 20_000)
    publisher.serve("/rss.xml", rss(publisher.base, [("piscine", "/loop", "a"), ("marche", "/big.html", "b")]), "application/rss+xml")
    root = project(tmp_path, source(f"{publisher.base}/rss.xml", name="journal"), "max_redirects = 3\nmax_bytes = 10000\n")
    result = narrate_in(root, "fetch")
    errors = error_lines(result)
    assert any("more than 3 redirects" in line for line in errors)
    assert any("more than the 10,000 bytes" in line or "is more than the 10,000" in line for line in errors)
    assert len(publisher.asked("/loop")) == 4


def test_a_feed_that_changes_its_guids_republishes_nothing(tmp_path, publisher):
    guids = iter(["first", "second", "third"])
    publisher.routes["/rss.xml"] = lambda _request: (
        200, {"Content-Type": "application/rss+xml"}, rss(publisher.base, [("piscine", "/articles/piscine.html", next(guids))]),
    )
    root = project(tmp_path, source(f"{publisher.base}/rss.xml", name="journal"))
    assert "Fetched: 1 new" in narrate_in(root, "fetch").output
    second = narrate_in(root, "fetch")
    assert "Fetched: 0 new, 1 seen before." in second.output
    assert len(list((root / "fetched" / "journal").glob("*.html"))) == 1


def test_links_pasted_one_by_one_are_added_once(tmp_path, publisher):
    root = project(tmp_path, "")
    url = f"{publisher.base}/articles/bibliotheque.html"
    result = narrate_in(root, "add", url)
    assert result.exit_code == 0, result.stderr
    assert (root / "fetched" / "links" / "la-bibliotheque-ouvre-le-dimanche.html").is_file()
    again = narrate_in(root, "add", url + "?utm_source=newsletter")
    assert "1 already added before." in again.output
    bad = narrate_in(root, "add", "file:///etc/passwd")
    assert bad.exit_code == 1 and error_lines(bad) == ["Error: file:///etc/passwd: narrate fetches only http:// and https:// addresses."]


def test_a_sources_language_and_voice_read_its_articles(tmp_path, publisher):
    publisher.serve("/rss.xml", rss(publisher.base, [("piscine", "/articles/piscine.html", "p")]), "application/rss+xml")
    root = project(tmp_path, source(f"{publisher.base}/rss.xml", name="journal", language="fr", voice="espeak-fr-f3"))
    assert "Episodes: 1 built" in narrate_in(root, "build", "--fetch", "-j", "1").output
    before = json.loads((root / "output" / "episodes.json").read_text())["episodes"][0]
    (root / "narrate.toml").write_text((root / "narrate.toml").read_text().replace("espeak-fr-f3", "espeak-fr"))
    again = narrate_in(root, "build", "-j", "1")
    assert "Episodes: 1 built" in again.output  # another voice: the episode is spoken again…
    after = json.loads((root / "output" / "episodes.json").read_text())["episodes"][0]
    assert (after["guid"], after["slug"], after["number"]) == (before["guid"], before["slug"], before["number"])  # …under its names


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        ('[[sources]]\nurl = "file:///etc/passwd"\n', "source 1 needs a url, an http:// or https:// address"),
        ('[[sources]]\nurl = "https://a.example/rss"\ncolour = "blue"\n', "unknown key 'colour' in source 1"),
        ('[[sources]]\nurl = "https://a.example/rss"\n[[sources]]\nurl = "https://a.example/atom"\n', "must be unique"),
        ('[[sources]]\nurl = "https://a.example/rss"\ninclude = ["("]\n', "is not a regular expression"),
    ],
)
def test_a_wrong_source_is_one_line_naming_it(tmp_path, sources, message):
    root = project(tmp_path, sources)
    result = narrate_in(root, "fetch")
    assert result.exit_code == 1 and message in result.stderr and result.stderr.count("\n") == 1


def test_a_server_that_asks_for_a_long_wait_is_left_for_the_next_fetch(tmp_path, publisher):
    publisher.serve("/rss.xml", b"", "application/rss+xml", status=429, **{"Retry-After": "3600"})
    root = project(tmp_path, source(f"{publisher.base}/rss.xml", name="journal"))
    result = narrate_in(root, "fetch")
    assert result.exit_code == 1 and len(publisher.asked("/rss.xml")) == 1
    assert error_lines(result) == [f"Error: source journal: {publisher.base}/rss.xml: the server asks narrate to wait 3600 s (429); fetch again later."]


def test_a_build_that_never_fetched_loads_none_of_the_webs_modules(tmp_path):
    """Their import costs every such build a fifth of a second, beside a second for a short article."""
    root = project(tmp_path / "p", "")
    (root / "seeds").mkdir(exist_ok=True)
    shutil.copy(SEED, root / "seeds" / SEED.name)
    program = (
        "import sys\nfrom click.testing import CliRunner\nfrom narrate.cli import cli\n"
        "result = CliRunner().invoke(cli, ['build', '--quiet'])\n"
        "print(result.exit_code, sorted(name for name in ('narrate.web', 'narrate.fetching', 'requests') if name in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", program], cwd=root, capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "0 []", run.stderr
