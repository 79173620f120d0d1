"""`narrate serve` on a network: nothing hidden is served, idle clients do not pile up, and byte
ranges are answered as RFC 9110 says (podcast apps seek with them)."""

import socket
import threading
import time
import urllib.error
import urllib.request

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
    thread = threading.Thread(target=server.serve_forever, daemon=True)
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
