"""A local stand-in for Google Translate's TTS endpoint, speaking its real wire format.

gTTS posts ``f.req=<url-encoded JSON>`` to ``/_/TranslateWebserverUi/data/batchexecute``; the
reply is Google's batchexecute framing: an anti-XSSI prefix, then length-prefixed JSON
chunks, the first holding ``["wrb.fr","jQ1olc","[\\"<base64 MP3>\\"]",…]``.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from media import run_ffmpeg

PATH = "/_/TranslateWebserverUi/data/batchexecute"


def tone_mp3(seconds: float) -> bytes:
    """A real 24 kHz mono MP3 of ``seconds``, as gTTS's server sends."""
    return run_ffmpeg(
        ["-f", "lavfi", "-i", f"sine=frequency=330:duration={seconds:.3f}", "-ar", "24000", "-ac", "1", "-b:a", "32k",
         "-f", "mp3", "pipe:1"]
    )


def batchexecute_reply(mp3: bytes) -> str:
    compact = {"separators": (",", ":")}
    payload = json.dumps([base64.b64encode(mp3).decode("ascii")], **compact)
    first = json.dumps([["wrb.fr", "jQ1olc", payload, None, None, None, "generic"], ["di", 52], ["af.httprm", 51, "-7", 21]], **compact)
    second = json.dumps([["e", 4, None, None, len(first)]], **compact)
    return f")]}}'\n\n{len(first)}\n{first}\n{len(second)}\n{second}\n"


class FakeGttsServer:
    """Answers each request with a tone whose length follows the text; records what it was asked."""

    def __init__(self, *, fail_first: int = 0, fail_status: int = 503, delay: float = 0.0) -> None:
        self.texts: list[str] = []
        self.requests = 0
        self.fail_first = fail_first
        self.fail_status = fail_status
        self.delay = delay
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())

    @property
    def endpoint(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{PATH}"

    def __enter__(self) -> FakeGttsServer:
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
                with fake._lock:
                    fake.requests += 1
                    failing = fake.requests <= fake.fail_first
                    fake.in_flight += 1
                    fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
                try:
                    time.sleep(fake.delay)
                    if self.path != PATH or failing:
                        self.send_error(404 if self.path != PATH else fake.fail_status)
                        return
                    rpc = json.loads(parse_qs(body)["f.req"][0])
                    text, language, _speed, _ = json.loads(rpc[0][0][1])
                    with fake._lock:
                        fake.texts.append(text)
                    reply = batchexecute_reply(tone_mp3(0.2 + 0.02 * len(text))).encode("utf-8")
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(reply)))
                    self.end_headers()
                    self.wfile.write(reply)
                finally:
                    with fake._lock:
                        fake.in_flight -= 1

        return Handler
