"""Fetching as a hostile publisher and a careless server would have it (hostile test 3: G2, G3,
G8, G9, G11, G12, G19–G28, G33): internal addresses refused, credentials never published,
a slow or broken item failing alone and tried again later, and every bad answer one line.
Everything is served from 127.0.0.1 by servers written here."""

import json
import os
import re
import signal
import socketserver
import subprocess
import sys
import threading
import time
from email.utils import formatdate
from pathlib import Path

import feedparser
import pytest

from conftest import narrate_in
from test_fetch import PARAGRAPHS, Publisher, error_lines, full_text, page, project, publisher, rss, source  # noqa: F401 (fixture)


@pytest.fixture
def intranet():
    """Another server on this machine: what a feed item must not make narrate read."""
    site = Publisher()
    site.serve("/admin", page("bibliotheque").replace(b"Un bilan", "SECRET ADMIN PANEL, mot de passe hunter2. Un bilan".encode()))
    site.serve("/robots.txt", b"", "text/plain")
    site.thread.start()
    yield site
    site.server.shutdown()
    site.server.server_close()


def published_text(root: Path) -> str:
    output = root / "output"
    return "".join(path.read_text(errors="replace") for path in output.rglob("*") if path.is_file() and path.suffix in {".xml", ".html", ".txt", ".json", ".vtt"})


@pytest.mark.parametrize("address, public", [
    ("8.8.8.8", True), ("2a00:1450:4007:80e::200e", True), ("127.0.0.1", False), ("10.1.2.3", False), ("172.16.0.1", False),
    ("192.168.1.1", False), ("169.254.169.254", False), ("::1", False), ("fc00::1", False), ("fe80::1", False),
    ("::ffff:127.0.0.1", False), ("224.0.0.1", False), ("0.0.0.0", False), ("100.64.0.1", False),
])
def test_only_public_addresses_are_public(address, public):
    from narrate.web import is_public

    assert is_public(address) is public


def test_an_item_or_a_redirect_to_an_internal_address_is_refused_and_nothing_is_published(tmp_path, publisher, intranet):
    other = intranet.base
    publisher.serve("/to-other", b"", status=302, Location=f"{other}/admin")
    items = [("piscine", "/articles/piscine.html", "ok"), ("Admin", "/admin-direct", "ssrf1"), ("Redirect", "/to-other", "ssrf3")]
    feed = rss(publisher.base, items).replace(f"{publisher.base}/admin-direct".encode(), f"{other}/admin".encode())
    publisher.serve("/rss.xml", feed, "application/rss+xml")
    root = project(tmp_path, source(f"{publisher.base}/rss.xml", name="journal"))
    result = narrate_in(root, "build", "--fetch", "-j", "1")
    assert result.exit_code == 1
    assert intranet.requests == []  # never even asked
    refused = [line for line in error_lines(result) if "not public" in line]
    assert len(refused) == 2 and all(other.split("//")[1] in line for line in refused), result.stderr
    assert "hunter2" not in published_text(root) and "SECRET" not in published_text(root)
    assert len(feedparser.parse(str(root / "output" / "feed.xml")).entries) == 1

    allowed = project(tmp_path / "allowed", source(f"{publisher.base}/rss.xml", name="journal"), f"allow_hosts = [\"{other.split('//')[1]}\"]")
    fetched = narrate_in(allowed, "fetch")
    assert fetched.exit_code == 0, fetched.stderr  # a host the user allows by name
    assert intranet.asked("/admin")


def test_a_name_that_resolves_to_loopback_is_refused_unless_a_source_names_it(tmp_path, publisher):
    port = publisher.base.rsplit(":", 1)[1]
    publisher.serve("/rss.xml", rss(f"http://localhost:{port}", [("piscine", "/articles/piscine.html", "p")]), "application/rss+xml")
    root = project(tmp_path, source(f"{publisher.base}/rss.xml", name="journal"))
    result = narrate_in(root, "fetch")
    assert result.exit_code == 1 and "localhost:" in result.stderr and "not public" in result.stderr


def test_credentials_in_a_source_url_are_sent_to_its_host_and_never_kept_shown_or_published(tmp_path, publisher):
    host = publisher.base.split("//")[1]
    feed = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>Piscine</title><link>/articles/piscine.html</link><guid>rel1</guid></item></channel></rss>'
    publisher.serve("/private.xml", feed, "application/rss+xml")
    url = f"http://editor:s3cr3tpass@{host}/private.xml"
    root = project(tmp_path, source(url, name="prive"))
    result = narrate_in(root, "build", "--fetch", "-j", "1")
    assert result.exit_code == 0, result.stderr
    assert any(headers.get("Authorization", "").startswith("Basic ") for headers in publisher.asked("/articles/piscine.html"))
    kept = "".join(path.read_text() for path in (root / "fetched").rglob("*") if path.is_file())
    assert "s3cr3t" not in kept and "editor@" not in kept
    assert "s3cr3t" not in published_text(root)
    mp3 = next((root / "output" / "episodes").glob("*.mp3")).read_bytes()
    assert b"s3cr3t" not in mp3 and b"editor:" not in mp3
    listing = narrate_in(root, "sources")
    assert "s3cr3t" not in listing.output and f"http://{host}/private.xml" in listing.output


def test_a_sidecars_javascript_link_and_a_damaged_sidecar_are_never_published(tmp_path, publisher):
    publisher.serve("/rss.xml", rss(publisher.base, [("piscine", "/articles/piscine.html", "p"), ("marche", "/articles/marche.html", "m")]), "application/rss+xml")
    root = project(tmp_path, source(f"{publisher.base}/rss.xml", name="journal"))
    assert narrate_in(root, "fetch").exit_code == 0
    sidecars = sorted((root / "fetched" / "journal").glob("*.json"))
    sidecars[0].write_text(json.dumps({"url": "javascript:alert(document.domain)", "image": 5, "author": ["x"]}))
    sidecars[1].write_text("[]")
    result = narrate_in(root, "build", "-j", "1")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert [line for line in error_lines(result) if "sidecar" in line and "not a JSON object" in line]
    assert "javascript:" not in published_text(root)
    assert len(feedparser.parse(str(root / "output" / "feed.xml")).entries) == 1


def test_a_servers_escape_sequences_never_reach_the_terminal(tmp_path, publisher):
    publisher.serve("/evil.html", page("piscine"), "text/x-evil\x1b]0;PWNED\x07")
    publisher.serve("/rss.xml", rss(publisher.base, [("Evil", "/evil.html", "e")]), "application/rss+xml")
    root = project(tmp_path, source(f"{publisher.base}/rss.xml", name="journal"))
    result = narrate_in(root, "fetch")
    assert result.exit_code == 1 and "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "is text/x-evil?]0, not a web page" in result.stderr


def _trickle(request) -> None:
    """Headers, then one byte every half second: a request the per-read timeout never ends."""
    request.send_response(200)
    request.send_header("Content-Type", "text/html")
    request.send_header("Connection", "close")
    request.end_headers()
    try:
        for byte in page("marche")[:40]:
            request.wfile.write(bytes([byte]))
            request.wfile.flush()
            time.sleep(0.5)
    except OSError:
        pass
    request.close_connection = True


def _short(request) -> None:
    """A body that stops at 1,000 of the 100,000 bytes it declares."""
    request.send_response(200)
    request.send_header("Content-Type", "text/html")
    request.send_header("Content-Length", "100000")
    request.end_headers()
    request.wfile.write(page("marche")[:1000])
    request.wfile.flush()
    request.close_connection = True


def fast_failing(root: Path) -> None:
    toml = (root / "narrate.toml").read_text().replace("timeout = 5.0", "timeout = 1.0").replace("retries = 1", "retries = 0")
    (root / "narrate.toml").write_text(toml)


@pytest.mark.parametrize("protocol", ["HTTP/1.0", "HTTP/1.1"])  # 1.1: the feed's connection kept alive for the page
def test_a_trickling_server_is_cut_off_and_the_other_items_are_fetched(tmp_path, publisher, protocol):
    publisher.server.RequestHandlerClass.protocol_version = protocol
    publisher.routes["/slow.html"] = _trickle
    publisher.serve("/rss.xml", rss(publisher.base, [("piscine", "/articles/piscine.html", "p"), ("Lent", "/slow.html", "s")]), "application/rss+xml")
    root = project(tmp_path, source(f"{publisher.base}/rss.xml", name="journal"))
    fast_failing(root)
    started = time.monotonic()
    result = narrate_in(root, "fetch")
    assert time.monotonic() - started < 15  # 40 bytes, one each half second, with a 1 s timeout: cut at 3 s
    assert result.exit_code == 1
    assert [line for line in error_lines(result) if "/slow.html" in line and "took more than 3 s" in line], result.stderr
    assert len(list((root / "fetched" / "journal").glob("*.html"))) == 1


def test_a_server_that_keeps_the_connection_open_a_moment_after_answering_fails_nothing():
    """HTTP/1.1 without "Connection: close" said back, closed half a second after each answer: a
    pooled connection would carry the next request into that close (CI saw it once in 1,200)."""
    from narrate.config import Fetch
    from narrate.web import PoliteClient

    connections: list[int] = []

    class LateCloser(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            connections.append(1)
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = self.request.recv(4096)
                if not chunk:
                    return
                head += chunk
            self.request.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello")
            time.sleep(0.5)

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), LateCloser)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        base = f"127.0.0.1:{server.server_address[1]}"
        client = PoliteClient(Fetch(Path("unused"), "", 0.0, 5.0, 0, 10**6, 5, 10), allowed=frozenset({base}))
        assert [client.get(f"http://{base}/{name}").content for name in ("a", "b", "c")] == [b"hello"] * 3
        assert len(connections) == 5  # robots.txt, tdmrep.json and three pages, each on its own connection
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("route", ["badgzip", "short"])
def test_a_broken_body_fails_its_item_alone(tmp_path, publisher, route):
    publisher.serve("/badgzip.html", b"not gzip" * 10, **{"Content-Encoding": "gzip"})
    publisher.routes["/short.html"] = _short
    items = [("piscine", "/articles/piscine.html", "p"), ("Cassé", f"/{route}.html", "b"), ("bibliotheque", "/articles/bibliotheque.html", "b2")]
    publisher.serve("/rss.xml", rss(publisher.base, items), "application/rss+xml")
    root = project(tmp_path, source(f"{publisher.base}/rss.xml", name="journal"))
    fast_failing(root)
    result = narrate_in(root, "fetch")
    assert result.exit_code == 1 and "bug in narrate" not in result.stderr
    assert [line for line in error_lines(result) if f"/{route}.html" in line and "Cassé" in line], result.stderr
    assert len(list((root / "fetched" / "journal").glob("*.html"))) == 2


def test_an_item_that_failed_for_a_passing_reason_is_fetched_at_the_next_fetch(tmp_path, publisher):
    flaky = {"busy": True}
    publisher.routes["/flaky.html"] = lambda request: (
        (503, {"Content-Type": "text/plain", "Retry-After": "99999"}, b"busy") if flaky["busy"] else (200, {"Content-Type": "text/html"}, page("marche"))
    )
    publisher.serve("/rss.xml", rss(publisher.base, [("Instable", "/flaky.html", "f")]), "application/rss+xml")
    root = project(tmp_path, source(f"{publisher.base}/rss.xml", name="journal"))
    first = narrate_in(root, "fetch")
    assert first.exit_code == 1 and "tries it again at a later fetch" in first.stderr
    flaky["busy"] = False
    second = narrate_in(root, "fetch")
    assert second.exit_code == 0, second.stderr
    assert "Fetched: 1 new" in second.output
    assert len(list((root / "fetched" / "journal").glob("*.html"))) == 1


def test_a_fetch_killed_midway_keeps_what_it_had_and_the_next_fetches_nothing_twice(tmp_path, publisher):
    slow = {"wait": 30.0}

    def late(request):
        time.sleep(slow["wait"])
        return 200, {"Content-Type": "text/html"}, page("bibliotheque")

    publisher.routes["/late.html"] = late
    items = [("Tardif", "/late.html", "c"), ("piscine", "/articles/piscine.html", "a"), ("marche", "/articles/marche.html", "b")]  # newest first: last
    publisher.serve("/rss.xml", rss(publisher.base, items), "application/rss+xml")
    root = project(tmp_path, source(f"{publisher.base}/rss.xml", name="journal"))
    toml = (root / "narrate.toml").read_text().replace("timeout = 5.0", "timeout = 60.0")
    (root / "narrate.toml").write_text(toml)
    process = subprocess.Popen([sys.executable, "-m", "narrate", "fetch"], cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    folder = root / "fetched" / "journal"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not publisher.asked("/late.html"):
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert len(list(folder.glob("*.html"))) == 2
    slow["wait"] = 0
    assert narrate_in(root, "fetch").exit_code == 0
    assert len(list(folder.glob("*.html"))) == 3  # the two kept before, not kept again


def test_a_recurring_title_is_a_new_item_each_day(tmp_path, publisher):
    def feed(guid: str, link: str, day: int) -> bytes:
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>La revue de presse</title>'
                f"<link>{publisher.base}{link}</link><guid>{guid}</guid><pubDate>{formatdate(1_700_000_000 + day * 86400, usegmt=True)}</pubDate>"
                "</item></channel></rss>").encode()

    publisher.serve("/rss.xml", feed("revue-lundi", "/articles/piscine.html", 0), "application/rss+xml")
    root = project(tmp_path, source(f"{publisher.base}/rss.xml", name="journal"))
    assert narrate_in(root, "fetch").exit_code == 0
    publisher.serve("/rss.xml", feed("revue-mardi", "/articles/marche.html", 1), "application/rss+xml")
    again = narrate_in(root, "fetch")
    assert "Fetched: 1 new, 0 seen before" in again.output, again.output


@pytest.mark.parametrize("robots", [
    "User-agent: *\nAllow: /\nDisallow: /page/\n", "User-agent: *\nDisallow: /*.html\n", "User-agent: *\nDisallow: /page/*$\n",
])
def test_robots_txt_is_read_as_rfc_9309_says(tmp_path, publisher, robots):
    publisher.serve("/robots.txt", robots.encode(), "text/plain")
    publisher.serve("/page/a.html", page("piscine"))
    publisher.serve("/rss.xml", rss(publisher.base, [("piscine", "/page/a.html", "a")]), "application/rss+xml")
    root = project(tmp_path, source(f"{publisher.base}/rss.xml", name="journal"))
    result = narrate_in(root, "fetch")
    assert "robots.txt does not allow" in result.stderr
    assert not publisher.asked("/page/a.html")


def test_a_reference_to_a_control_character_and_angle_brackets_in_a_title_are_read_right(tmp_path, publisher):
    title = "Inflation &amp;lt; 2 % et chômage &amp;gt; 7 % selon l&apos;Insee"
    content = full_text("marche").replace("un an de chantier.", "un an de chantier&#x1b;, &#8; et &#xFFFE;.", 1)
    feed = ('<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title>'
            f"<item><title>{title}</title><guid>i</guid><content:encoded><![CDATA[{content}]]></content:encoded></item></channel></rss>")
    publisher.serve("/rss.xml", feed.encode(), "application/rss+xml")
    publisher.serve("/page.html", page("marche").replace(b"un an de chantier.", b"un an de chantier&#x1b;, &#8; et &#xFFFE;."))
    publisher.serve("/pages.xml", rss(publisher.base, [("Page", "/page.html", "p")]), "application/rss+xml")
    root = project(tmp_path, source(f"{publisher.base}/rss.xml", name="journal") + source(f"{publisher.base}/pages.xml", name="pages"))
    result = narrate_in(root, "build", "--fetch", "-j", "1")
    assert result.exit_code == 0, result.stderr
    titles = {entry.title for entry in feedparser.parse(str(root / "output" / "feed.xml")).entries}
    assert titles == {"Inflation < 2 % et chômage > 7 % selon l'Insee", PARAGRAPHS["marche"][0]}


@pytest.mark.parametrize("document, message", [
    ({"version": "https://jsonfeed.org/version/1.1", "items": 5}, "is JSON but not a JSON Feed"),
    ("[" * 100_000 + "]" * 100_000, "is not a feed narrate can read"),
])
def test_a_malformed_json_feed_is_one_line(tmp_path, publisher, document, message):
    publisher.serve("/feed.json", (document if isinstance(document, str) else json.dumps(document)).encode(), "application/feed+json")
    root = project(tmp_path, source(f"{publisher.base}/feed.json", name="json"))
    result = narrate_in(root, "fetch")
    assert result.exit_code == 1 and "bug in narrate" not in result.stderr and message in result.stderr


def test_one_malformed_json_feed_item_is_left_out_alone(tmp_path, publisher):
    items = [{"id": "a1", "title": "T", "url": f"{publisher.base}/articles/piscine.html", "authors": 5},
             {"id": "a2", "title": "Marché", "url": f"{publisher.base}/articles/marche.html", "authors": [{"name": "Léa"}]}]
    publisher.serve("/feed.json", json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items}).encode(), "application/feed+json")
    root = project(tmp_path, source(f"{publisher.base}/feed.json", name="json"))
    result = narrate_in(root, "fetch")
    assert result.exit_code == 0, result.stderr
    assert "Fetched: 2 new" in result.output  # the bad authors are dropped, the item is kept


def test_bad_addresses_given_to_add_are_one_line_each_and_the_others_are_added(tmp_path, publisher):
    root = project(tmp_path, "")
    result = narrate_in(root, "add", "http://[::1", "http://127.0.0.1:abc/x", f"{publisher.base}/articles/piscine.html")
    assert result.exit_code == 1 and "Traceback" not in result.stderr and result.exception is None or isinstance(result.exception, SystemExit)
    assert len(error_lines(result)) == 2
    assert len(list((root / "fetched" / "links").glob("*.html"))) == 1


@pytest.mark.parametrize("table, message", [
    ("[fetch]\ntimeout = 1e300\n", "[fetch] timeout is a number of seconds from 0.1 to 3600"),
    ("[fetch]\ntimeout = 1e-300\n", "[fetch] timeout is a number of seconds from 0.1 to 3600"),
    ("[fetch]\ndelay = 1e300\n", "[fetch] delay is a number of seconds from 0 to 3600"),
    ("[fetch]\nretries = -1\n", "[fetch] retries is from 0 to 10, not -1."),
    ("[build]\ncluster = \"inproc://x\"\n", "cluster is \"local\" or a Dask scheduler's address"),
    ("[fetch]\ndirectory = \"output/fetched\"\n", "is inside the output"),
    ("[fetch]\nallow_hosts = \"everything\"\n", "[fetch] allow_hosts should be a list"),
    ("[fetch]\nallow_hosts = [\"a b\"]\n", "[fetch] allow_hosts is a list of host names"),
])
def test_fetch_and_cluster_settings_out_of_range_are_one_line(tmp_path, table, message):
    (tmp_path / "narrate.toml").write_text(table)
    result = narrate_in(tmp_path, "fetch")
    assert result.exit_code == 1 and message in result.stderr and result.stderr.count("\n") == 1, result.stderr


def test_an_internationalised_domain_in_the_contact_is_sent_as_idna(tmp_path, publisher):
    publisher.serve("/rss.xml", rss(publisher.base, [("piscine", "/articles/piscine.html", "p")]), "application/rss+xml")
    root = project(tmp_path, source(f"{publisher.base}/rss.xml", name="journal"))
    toml = (root / "narrate.toml").read_text().replace("https://radio.example.org/contact", "https://радио.рф/контакт")
    (root / "narrate.toml").write_text(toml + '[build]\nbase_url = "https://радио.рф/podcast/"\n')
    result = narrate_in(root, "fetch")
    assert result.exit_code == 0, result.stderr
    agent = publisher.asked("/rss.xml")[0]["User-Agent"]
    assert "радио.рф".encode("idna").decode() in agent and agent.isascii()


@pytest.mark.parametrize("state", [
    {"format": "narrate-fetch", "version": 1},
    {"format": "narrate-fetch", "version": 1, "validators": {}, "sources": [], "seen": {"guid": {}, "link": {}, "title": {}}},
    {"format": "narrate-fetch", "version": 1, "validators": [], "sources": {"x": "y"}, "seen": {}},
    [],
])
def test_a_damaged_fetch_state_is_one_line_naming_it(tmp_path, publisher, state):
    root = project(tmp_path, source(f"{publisher.base}/rss.xml", name="journal"))
    (root / "fetched").mkdir()
    (root / "fetched" / ".fetch-state.json").write_text(json.dumps(state))
    for command in ("fetch", "sources"):
        result = narrate_in(root, command)
        assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)
        assert result.stderr.startswith("Error: ") and ".fetch-state.json: is damaged" in result.stderr, result.stderr


def test_a_list_of_lists_is_said_and_a_long_list_is_said_cut(tmp_path, publisher):
    inner = f'<opml version="2.0"><body><outline xmlUrl="{publisher.base}/rss.xml"/></body></opml>'.encode()
    outer = f'<opml version="2.0"><body><outline xmlUrl="{publisher.base}/inner.opml"/></body></opml>'.encode()
    long = ("<opml version=\"2.0\"><body>" + "".join(f'<outline xmlUrl="{publisher.base}/f{n}.xml"/>' for n in range(205)) + "</body></opml>").encode()
    publisher.serve("/inner.opml", inner, "text/x-opml")
    publisher.serve("/outer.opml", outer, "text/x-opml")
    publisher.serve("/long.opml", long, "text/x-opml")
    publisher.serve("/rss.xml", rss(publisher.base, []), "application/rss+xml")
    root = project(tmp_path, source(f"{publisher.base}/outer.opml", name="listes") + source(f"{publisher.base}/long.opml", name="longue"))
    result = narrate_in(root, "fetch")
    assert "is a list of feeds inside a list" in result.stderr
    assert "its list names 205 feeds; narrate takes the first 200." in result.stderr


def test_build_fetch_builds_the_seeds_when_another_fetch_holds_the_folder(tmp_path, publisher):
    from narrate.files import exclusive

    root = project(tmp_path, source(f"{publisher.base}/rss.xml", name="journal"))
    (root / "seeds").mkdir()
    (root / "seeds" / "a.txt").write_text("La piscine rouvre\n\n" + " ".join(PARAGRAPHS["piscine"][1]) + "\n")
    with exclusive(root / "fetched", "fetch"):
        result = narrate_in(root, "build", "--fetch", "-j", "1")
    assert "another narrate fetch is writing to" in result.stderr and "then fetch again" in result.stderr
    assert "Episodes: 1 built" in result.output
    assert len(feedparser.parse(str(root / "output" / "feed.xml")).entries) == 1


# --- pictures and dates (code review 3: N1; hostile test 3: G29, G30, F30) ------------------------

JPEG = bytes.fromhex("ffd8ffe000104a46494600") + b"\0" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def test_news_pictures_with_query_strings_capitals_or_no_name_are_published_and_others_left_out(tmp_path, publisher):
    """Most news sites serve pictures as photo.jpg?width=1200: one of them stopped the whole show."""
    from lxml import etree

    pictures = {
        "piscine": f"{publisher.base}/images/photo.jpg?width=1200&amp;v=3",
        "marche": f"{publisher.base}/images/PHOTO.JPG",
        "bibliotheque": f"{publisher.base}/image?id=7",
    }
    publisher.serve("/image?id=7", PNG, "image/png")
    publisher.serve("/image?id=8", b"<html>not a picture</html>", "text/html")
    entries = "".join(
        f"<item><title>{PARAGRAPHS[key][0]}</title><link>{publisher.base}/articles/{key}.html</link><guid>{key}</guid>"
        f'<pubDate>{formatdate(1_700_000_000 + n * 3600, usegmt=True)}</pubDate><media:content url="{url}" medium="image"/></item>'
        for n, (key, url) in enumerate(pictures.items())
    )
    publisher.serve("/extra.html", page("marche").replace("Le marché couvert".encode(), "La halle".encode()))
    entries += (f"<item><title>La halle</title><link>{publisher.base}/extra.html</link><guid>x</guid>"
                f'<media:content url="{publisher.base}/image?id=8" medium="image"/></item>')
    feed = ('<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T</title>'
            f"{entries}</channel></rss>").encode()
    publisher.serve("/rss.xml", feed, "application/rss+xml")
    root = project(tmp_path, source(f"{publisher.base}/rss.xml", name="journal"))
    result = narrate_in(root, "build", "--fetch", "-j", "1")
    assert result.exit_code == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "image?id=8 is not a JPEG or PNG; left out." in line]
    tree = etree.parse(str(root / "output" / "feed.xml"))
    namespaces = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}
    images = {item.findtext("guid"): item.xpath("itunes:image/@href", namespaces=namespaces) for item in tree.iter("item")}
    assert len(images) == 4
    published = sorted(href for hrefs in images.values() for href in hrefs)
    assert published == sorted(url.replace("&amp;", "&") for url in pictures.values())
    assert not feedparser.parse(str(root / "output" / "feed.xml")).bozo


@pytest.mark.parametrize("date", ["Sat, 01 Jan 0001 00:00:00 -1400", "Fri, 31 Dec 9999 23:00:00 +0000"])
def test_an_impossible_date_is_no_date(tmp_path, publisher, date):
    content = full_text("marche")
    feed = ('<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title>'
            f"<item><title>Halle</title><guid>d</guid><pubDate>{date}</pubDate><content:encoded><![CDATA[{content}]]></content:encoded></item>"
            "</channel></rss>")
    publisher.serve("/rss.xml", feed.encode(), "application/rss+xml")
    root = project(tmp_path, source(f"{publisher.base}/rss.xml", name="journal"))
    result = narrate_in(root, "build", "--fetch", "-j", "1", "--formats", "mp3,epub")
    assert result.exit_code == 0, result.stderr
    (entry,) = feedparser.parse(str(root / "output" / "feed.xml")).entries
    assert 2020 <= entry.published_parsed.tm_year <= time.gmtime().tm_year  # the day it was fetched
    import zipfile

    (book,) = (root / "output" / "episodes").glob("*.epub")
    package = zipfile.ZipFile(book).read("EPUB/package.opf").decode()
    (modified,) = re.findall(r'"dcterms:modified">([^<]*)<', package)
    assert re.fullmatch(r"20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ", modified)


def test_only_dates_from_1900_to_tomorrow_are_plausible():
    from datetime import datetime, timezone

    from narrate.hostile import plausible_date

    assert plausible_date(datetime(1, 1, 1, tzinfo=timezone.utc)) is None
    assert plausible_date(datetime(9999, 12, 31, tzinfo=timezone.utc)) is None
    assert plausible_date(datetime(2024, 3, 4, tzinfo=timezone.utc)) == datetime(2024, 3, 4, tzinfo=timezone.utc)


def test_ctrl_c_during_a_fetch_is_one_line_and_keeps_what_was_fetched(tmp_path, publisher):
    def late(request):
        time.sleep(30)
        return 200, {"Content-Type": "text/html"}, page("bibliotheque")

    publisher.routes["/late.html"] = late
    items = [("Tardif", "/late.html", "c"), ("piscine", "/articles/piscine.html", "a")]
    publisher.serve("/rss.xml", rss(publisher.base, items), "application/rss+xml")
    root = project(tmp_path, source(f"{publisher.base}/rss.xml", name="journal"))
    (root / "narrate.toml").write_text((root / "narrate.toml").read_text().replace("timeout = 5.0", "timeout = 60.0"))
    process = subprocess.Popen([sys.executable, "-m", "narrate", "fetch"], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not publisher.asked("/late.html"):
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 1 and "Aborted!" not in stderr and "Traceback" not in stderr
    assert "Error: interrupted; what was fetched until then is kept" in stderr
    assert len(list((root / "fetched" / "journal").glob("*.html"))) == 1


def test_an_item_failing_again_and_again_is_tried_further_apart_then_given_up(tmp_path, publisher):
    publisher.serve("/down.html", b"busy", "text/plain", status=503)
    publisher.serve("/rss.xml", rss(publisher.base, [("En panne", "/down.html", "d")]), "application/rss+xml")
    root = project(tmp_path, source(f"{publisher.base}/rss.xml", name="journal"))
    fast_failing(root)
    for _ in range(2):  # the next fetch tries again at once…
        assert "tries it again at a later fetch" in narrate_in(root, "fetch").stderr
    asked = len(publisher.asked("/down.html"))
    narrate_in(root, "fetch")  # …then half an hour later, not now
    assert len(publisher.asked("/down.html")) == asked
    state_path = root / "fetched" / ".fetch-state.json"
    state = json.loads(state_path.read_text())
    (key,) = state["retry"]
    state["retry"][key] = {"attempts": 5, "after": "2020-01-01T00:00:00+00:00"}  # five tries, the last long ago
    state_path.write_text(json.dumps(state))
    given_up = narrate_in(root, "fetch")
    assert "Given up after 5 tries." in given_up.stderr
    asked = len(publisher.asked("/down.html"))
    again = narrate_in(root, "fetch")
    assert len(publisher.asked("/down.html")) == asked and "1 seen before" in again.output
