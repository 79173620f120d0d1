"""`narrate serve` on a network: nothing hidden is served, idle clients do not pile up, and byte
ranges are answered as RFC 9110 says (podcast apps seek with them)."""

import socket
import struct
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from narrate import serve
from narrate.serve import make_server

DATA = bytes(range(256)) * 40  # 10,240 bytes


@pytest.fixture
def served(tmp_path, monkeypatch):
    monkeypatch.setattr(serve.OutputHandler, "timeout", 1)
    root = tmp_path / "output"
    (root / "episodes").mkdir(parents=True)
    (root / "episodes" / "a.mp3").write_bytes(DATA)
    (root / "index.html").write_text("<!doctype html><title>x</title>")
    (root / ".narrate-state.json").write_text("{}")
    (root / ".narrate.lock").write_text("")
    (root / "episodes" / ".a.mp3.1234.part").write_bytes(b"half")
    (root / ".narrate-staging-1234" / "job-1" / "episodes").mkdir(parents=True)  # a cluster build's
    (root / ".narrate-staging-1234" / "job-1" / "episodes" / "b.mp3").write_bytes(DATA)
    (root / "empty").mkdir()
    server = make_server(root, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)  # shut down at once
    thread.start()
    host, port = server.server_address[:2]
    yield server, f"http://{host}:{port}/"
    server.shutdown()
    server.server_close()


def get(url: str, **headers: str):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as reply:
            return reply.status, reply.headers, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def raw(base_url: str, request: bytes) -> bytes:
    host, port = base_url.split("//")[1].rstrip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(request)
        reply = b""
        while chunk := connection.recv(65536):
            reply += chunk
    return reply


@pytest.mark.parametrize(
    "path", [".narrate-state.json", ".narrate.lock", "episodes/.a.mp3.1234.part", ".narrate-staging-1234/job-1/episodes/b.mp3",
             "%2enarrate.lock", "episodes/", "empty/"]
)
def test_hidden_files_and_directory_listings_are_not_found(served, path):
    _, base_url = served
    status, _, body = get(base_url + path)
    assert status == 404
    assert b"narrate" not in body and b"a.mp3" not in body


def test_the_index_page_is_still_served_for_the_root(served):
    _, base_url = served
    assert get(base_url)[0] == 200


def test_a_nul_byte_in_a_path_is_a_404_without_a_traceback(served, capfd):
    _, base_url = served
    assert get(base_url + "episodes/a.mp3%00.txt")[0] == 404
    assert raw(base_url, b"GET /%00 HTTP/1.0\r\n\r\n").startswith(b"HTTP/1.0 404")
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize(
    ("header", "status", "expected"),
    [
        ("bytes=0-9", 206, [(0, 9)]),
        ("bytes=10230-", 206, [(10230, 10239)]),
        ("bytes=-10", 206, [(10230, 10239)]),
        ("bytes=-20000", 206, [(0, 10239)]),  # a suffix longer than the file: all of it
        ("bytes=10000-20000", 206, [(10000, 10239)]),  # a last position past the end is the end
        ("bytes=-0", 416, []),  # a suffix of nothing is never satisfiable
        ("bytes=10240-", 416, []),
        ("bytes=20000-30000", 416, []),
        ("bytes=5-2", 200, None),  # not valid: the header is ignored
        ("bytes=abc", 200, None),
        ("items=0-5", 200, None),
        ("bytes=0-1,4-5", 206, [(0, 1), (4, 5)]),
        ("bytes=0-5,3-9,20-29", 206, [(0, 9), (20, 29)]),  # overlapping ranges merge
        ("bytes=0-4,5-9", 206, [(0, 9)]),  # so do adjacent ones
        ("bytes=20000-,0-1", 206, [(0, 1)]),  # the unsatisfiable one is dropped
    ],
)
def test_ranges_are_answered_as_rfc_9110_says(served, header, status, expected):
    _, base_url = served
    got, headers, body = get(base_url + "episodes/a.mp3", Range=header)
    assert got == status
    if status == 416:
        assert headers["Content-Range"] == f"bytes */{len(DATA)}"
    elif expected is None:
        assert body == DATA
    elif len(expected) == 1:
        ((start, end),) = expected
        assert headers["Content-Range"] == f"bytes {start}-{end}/{len(DATA)}"
        assert body == DATA[start:end + 1] and int(headers["Content-Length"]) == len(body)
    else:
        boundary = headers.get_content_type() == "multipart/byteranges" and headers.get_param("boundary")
        assert boundary and int(headers["Content-Length"]) == len(body)
        parts = body.split(f"--{boundary}".encode())
        assert parts[-1].strip() == b"--"
        found = []
        for part in parts[1:-1]:
            head, _, payload = part.partition(b"\r\n\r\n")
            content_range = [line for line in head.decode().splitlines() if line.startswith("Content-Range:")][0]
            start, end = map(int, content_range.split()[-1].split("/")[0].split("-"))
            assert payload[:-2] == DATA[start:end + 1] and payload.endswith(b"\r\n")
            assert "Content-Type: audio/mpeg" in head.decode()
            found.append((start, end))
        assert found == expected


def test_if_range_with_an_old_date_sends_the_whole_file(served):
    _, base_url = served
    status, _, body = get(base_url + "episodes/a.mp3", Range="bytes=0-9", **{"If-Range": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert (status, body) == (200, DATA)


def test_idle_clients_are_timed_out_and_threads_are_bounded(served):
    server, base_url = served
    host, port = server.server_address[:2]
    idle = [socket.create_connection((host, port)) for _ in range(serve.MAX_THREADS + 20)]
    try:
        time.sleep(0.3)
        assert threading.active_count() <= serve.MAX_THREADS + 10
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # once they time out, a listener is served again
            try:
                if get(base_url + "episodes/a.mp3", Range="bytes=0-0")[0] == 206:
                    break
            except OSError:
                pass
        else:
            pytest.fail("no request was served after the idle clients timed out")
        for connection in idle[:5]:
            connection.settimeout(5)
            assert connection.recv(1) == b""  # the server closed it
    finally:
        for connection in idle:
            connection.close()


def test_the_listen_queue_holds_a_burst_of_podcast_apps(served):
    server, _ = served
    assert server.request_queue_size >= 128
    results: list[int] = []
    base_url = served[1]

    def listener() -> None:
        results.append(get(base_url + "episodes/a.mp3", Range="bytes=0-99")[0])

    threads = [threading.Thread(target=listener) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [206] * 40


def test_served_files_stay_inside_the_directory(served, tmp_path):
    _, base_url = served
    (tmp_path / "secret.txt").write_text("secret")
    for path in ("../secret.txt", "%2e%2e/secret.txt", "episodes/..%2f..%2fsecret.txt"):
        status, _, body = get(base_url + path)
        assert status == 404 and b"secret" not in body


# --- hostile test 3: G6, G16, G34, F25, F28 -----------------------------------------------------


def test_clients_that_trickle_their_request_are_cut_off_and_others_are_served(served, monkeypatch):
    """64 clients each sending a byte every few seconds held every thread for as long as they
    liked (each byte restarted the idle timeout)."""
    monkeypatch.setattr(serve, "HEAD_SECONDS", 1)
    server, base_url = served
    host, port = server.server_address[:2]
    slow = [socket.create_connection((host, port)) for _ in range(serve.MAX_THREADS)]
    try:
        for connection in slow:
            connection.sendall(b"GET /episodes/a.mp3 HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        for _ in range(3):  # a byte every 0.5 s: never idle for the 1 s timeout
            time.sleep(0.5)
            for connection in slow:
                try:
                    connection.sendall(b"X")
                except OSError:
                    pass
        status, _, _ = get(base_url + "episodes/a.mp3", Range="bytes=0-0")
        assert status == 206 and time.monotonic() - started < 8
        slow[0].settimeout(5)
        assert slow[0].recv(100) == b""  # cut off without an answer
    finally:
        for connection in slow:
            connection.close()


@pytest.mark.parametrize("header", ["bytes=" + "1" * 5000 + "-", "bytes=0-" + "9" * 5000, "bytes=-" + "9" * 5000])
def test_a_range_number_of_thousands_of_figures_is_ignored(served, header, capfd):
    _, base_url = served
    status, _, body = get(base_url + "episodes/a.mp3", Range=header)
    assert status == 200 and body == DATA
    assert "Traceback" not in capfd.readouterr().err


def test_an_abandoned_download_is_quiet(served, capfd):
    server, base_url = served
    (Path(server.RequestHandlerClass.keywords["directory"]) / "episodes" / "big.mp3").write_bytes(b"\0" * 20_000_000)
    host, port = server.server_address[:2]
    for _ in range(5):
        with socket.create_connection((host, port)) as connection:
            connection.sendall(b"GET /episodes/big.mp3 HTTP/1.1\r\nHost: x\r\n\r\n")
            connection.recv(1000)
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # a reset, as apps do
    time.sleep(0.5)
    assert "Traceback" not in capfd.readouterr().err


def test_protocol_details(served, tmp_path):
    server, base_url = served
    root = Path(server.RequestHandlerClass.keywords["directory"])
    (root / "feed.xml").write_text("<rss/>")
    (root / "x.json").symlink_to(root / ".narrate-state.json")
    assert get(base_url + "feed.xml/")[0] == 404
    assert get(base_url + "x.json")[0] == 404  # a link inside the output to a hidden file
    assert get(base_url + "episodes")[0] == 404  # not a redirect to a folder that is not found
    status, headers, _ = get(base_url + "feed.xml")
    assert status == 200 and "Python" not in headers["Server"] and "SimpleHTTP" not in headers["Server"]
    reply = raw(base_url, b"POST /feed.xml HTTP/1.0\r\n\r\n")
    assert reply.split(b" ")[1] in {b"405", b"501"} and b"\r\nAllow: GET, HEAD\r\n" in reply


def test_serving_on_ipv6_loopback_works_and_a_wrong_host_says_so(tmp_path):
    from narrate.errors import NarrateError

    (tmp_path / "index.html").write_text("x")
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError as error:
        pytest.skip(f"no IPv6 loopback on this machine: {error}")
    server = make_server(tmp_path, "::1", 0)
    server.server_close()
    with pytest.raises(NarrateError, match="check --host"):
        make_server(tmp_path, "192.0.2.1", 0)


def test_requests_are_logged_when_asked_and_only_then(tmp_path, capfd):
    """The log was a hidden switch, an environment variable documented nowhere (N10)."""
    (tmp_path / "index.html").write_text("x")
    for log, expected in ((False, False), (True, True)):
        server = make_server(tmp_path, "127.0.0.1", 0, log=log)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        host, port = server.server_address[:2]
        assert get(f"http://{host}:{port}/index.html")[0] == 200
        server.shutdown()
        server.server_close()
        assert ('"GET /index.html HTTP/1.1" 200' in capfd.readouterr().err) is expected
