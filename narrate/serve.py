"""Serve the output directory as podcast apps expect: the right media types, HEAD, and HTTP
Range requests as RFC 9110 defines them (apps seek to a chapter with them), never a file
outside the directory, never a hidden file (the lock, the state, unfinished ``.part`` files)
and never a directory listing.

Written on http.server rather than a framework: narrate serves a handful of static files to
a few listeners, and the standard library needs nothing installed. What it lacks for a
server on a network is added here: idle clients are timed out, a request's head must arrive
whole within HEAD_SECONDS (a client sending one byte every few seconds holds nothing for
long), the number of threads is bounded and so is each address's share of them, the listen
queue is long enough for a burst of podcast apps, and a download the app abandons (seeking)
ends quietly.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import socket
import threading
import time
from collections.abc import Callable
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from socketserver import BaseRequestHandler
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

from .errors import NarrateError

MEDIA_TYPES = {
    ".mp3": "audio/mpeg",
    ".xml": "application/rss+xml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".vtt": "text/vtt; charset=utf-8",
    ".srt": "application/x-subrip; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
}
IDLE_TIMEOUT_SECONDS = 30
"""A connection that sends nothing for this long is closed: it holds a thread."""
HEAD_SECONDS = 10
"""A request line and headers that take longer to arrive end the connection: 64 clients each
sending a byte every 10 s held every thread for as long as they liked."""
MAX_THREADS = 64
"""Connections served at once; the next ones wait in the listen queue until one ends."""
MAX_PER_ADDRESS = 16
RESERVED_THREADS = 16
"""An address that holds MAX_PER_ADDRESS connections gets no more once fewer than this many
threads are free: one client (a slow one, an attacker) cannot take every thread from the
others, while a whole care home behind one address is still served when the server is quiet."""
ALLOWED_METHODS = "GET, HEAD"
LISTEN_BACKLOG = 128
"""Connections the system holds for us while every thread is busy (http.server's default is 5)."""
MAX_RANGES = 16
"""More ranges than this in one request is not a player seeking: the whole file is sent."""
_RANGE_SPEC = re.compile(r"^\s*(\d{0,18})\s*-\s*(\d{0,18})\s*$")
"""A byte range; more than 18 figures is no file's offset (and 4,300 made int() raise): the
header is then not valid, and ignored."""
_QUIET_ERRORS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)
"""What a client that goes away causes: nothing to report."""
_COPY_BLOCK = 64 * 1024


class OutputHandler(SimpleHTTPRequestHandler):
    """Static files from one directory, with byte ranges, and nothing hidden."""

    timeout = IDLE_TIMEOUT_SECONDS
    server_version = "narrate"
    sys_version = ""
    logging = False
    """Whether each request is logged on stderr (``narrate serve -v``)."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server's name)
        if self.logging:
            super().log_message(format, *args)

    def handle_one_request(self) -> None:
        """One request, whose head must arrive within HEAD_SECONDS of when it began."""
        watch = getattr(self.server, "heads", None)
        if watch is not None:
            watch.expect(self.connection)
        try:
            super().handle_one_request()
        except _QUIET_ERRORS:
            self.close_connection = True
        finally:
            if watch is not None:
                watch.done(self.connection)

    def parse_request(self) -> bool:
        parsed = super().parse_request()
        watch = getattr(self.server, "heads", None)
        if watch is not None:
            watch.done(self.connection)  # the head is in: the body may take as long as the file
        return parsed

    def send_response(self, code: int, message: str | None = None) -> None:
        self._status = code
        super().send_response(code, message)

    def send_head(self) -> BinaryIO | None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and not (path / "index.html").is_file():  # never a redirect to a folder that is not found
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        return self._send_file_head(path)

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        name = str(path)
        if name.endswith(".chapters.json"):
            return "application/json+chapters"
        return MEDIA_TYPES.get(Path(name).suffix.lower()) or super().guess_type(path)

    def translate_path(self, path: str) -> str:
        """The file for ``path``; a hidden name, a NUL byte or anything outside the served
        directory becomes a path that does not exist, and so a 404."""
        root = Path(str(self.directory)).resolve()
        missing = str(root / "__missing__" / "missing")
        decoded = unquote(urlsplit(path).path)
        if "\0" in decoded or any(part.startswith(".") for part in decoded.split("/") if part):
            return missing
        try:
            candidate = Path(super().translate_path(path)).resolve()
        except (ValueError, OSError):
            return missing
        if candidate != root and root not in candidate.parents:
            return missing
        if any(part.startswith(".") for part in candidate.relative_to(root).parts):  # a link to a hidden file
            return missing
        if decoded.endswith("/") and candidate.is_file():  # "/feed.xml/" is no folder
            return missing
        return str(candidate)

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        """No listings: a directory without an index.html is not found."""
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")
        return None

    def _send_file_head(self, path: Path) -> BinaryIO | None:
        if not path.is_file():
            return super().send_head()  # a directory's index.html, or a 404
        size = path.stat().st_size
        ranges = self._requested_ranges(path, size)
        if ranges is None:
            return super().send_head()
        if not ranges:
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        handle = path.open("rb")
        self.send_response(HTTPStatus.PARTIAL_CONTENT)
        self.send_header("Last-Modified", self.date_time_string(int(path.stat().st_mtime)))
        media_type = self.guess_type(str(path))
        if len(ranges) == 1:
            start, end = ranges[0]
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
            self.send_header("Content-Length", str(end - start + 1))
            self._parts: list[tuple[bytes, int, int]] = [(b"", start, end)]
        else:
            boundary = secrets.token_hex(12)
            self._parts = [
                (f"\r\n--{boundary}\r\nContent-Type: {media_type}\r\nContent-Range: bytes {start}-{end}/{size}\r\n\r\n"
                 .encode("ascii"), start, end)
                for start, end in ranges
            ]
            closing = f"\r\n--{boundary}--\r\n".encode("ascii")
            self._parts.append((closing, 0, -1))
            length = sum(len(head) + end - start + 1 for head, start, end in self._parts)
            self.send_header("Content-Type", f"multipart/byteranges; boundary={boundary}")
            self.send_header("Content-Length", str(length))
        self.end_headers()
        return handle

    def end_headers(self) -> None:
        self.send_header("Accept-Ranges", "bytes")
        if getattr(self, "_status", None) in {HTTPStatus.METHOD_NOT_ALLOWED, HTTPStatus.NOT_IMPLEMENTED}:
            self.send_header("Allow", ALLOWED_METHODS)
        super().end_headers()

    def _requested_ranges(self, path: Path, size: int) -> list[tuple[int, int]] | None:
        """The satisfiable ranges of the Range header, merged, in order; None to send the
        whole file (no header, one that is not bytes, not valid, or an If-Range that no longer
        holds); an empty list when none can be satisfied (416)."""
        header = self.headers.get("Range")
        if not header or self.command not in {"GET", "HEAD"}:
            return None
        unit, _, specs = header.partition("=")
        if unit.strip().lower() != "bytes" or not specs.strip():
            return None
        if_range = self.headers.get("If-Range")
        if if_range and if_range.strip() != self.date_time_string(int(path.stat().st_mtime)):
            return None
        wanted = []
        pieces = [piece for piece in specs.split(",") if piece.strip()]
        if len(pieces) > MAX_RANGES:
            return None
        for piece in pieces:
            match = _RANGE_SPEC.match(piece)
            if not match or not any(match.groups()):
                return None  # a range that is not valid: the header is ignored (RFC 9110, 14.2)
            first, last = match.groups()
            if first:
                start = int(first)
                end = int(last) if last else size - 1
                if last and end < start:
                    return None
                if start < size:
                    wanted.append((start, min(end, size - 1)))
            elif int(last) > 0 and size > 0:  # a suffix: the last N bytes; "-0" is never satisfiable
                wanted.append((max(0, size - int(last)), size - 1))
        merged: list[tuple[int, int]] = []
        for start, end in sorted(wanted):
            if merged and start <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return merged

    def copyfile(self, source: BinaryIO, outputfile: BinaryIO) -> None:  # type: ignore[override]
        parts = getattr(self, "_parts", None)
        if not parts:
            return super().copyfile(source, outputfile)
        self._parts = []
        for head, start, end in parts:
            outputfile.write(head)
            source.seek(start)
            remaining = end - start + 1
            while remaining > 0:
                block = source.read(min(_COPY_BLOCK, remaining))
                if not block:
                    break
                outputfile.write(block)
                remaining -= len(block)


class HeadWatch:
    """One thread that ends the connections whose request head is later than HEAD_SECONDS (a
    timer per connection would double the threads)."""

    def __init__(self) -> None:
        self._deadlines: dict[socket.socket, float] = {}
        self._lock = threading.Lock()
        self._closed = threading.Event()
        threading.Thread(target=self._watch, name="narrate-serve-heads", daemon=True).start()

    def close(self) -> None:
        self._closed.set()

    def expect(self, connection: socket.socket) -> None:
        with self._lock:
            self._deadlines[connection] = time.monotonic() + HEAD_SECONDS

    def done(self, connection: socket.socket) -> None:
        with self._lock:
            self._deadlines.pop(connection, None)

    def _watch(self) -> None:
        while not self._closed.wait(min(1.0, HEAD_SECONDS / 4)):
            now = time.monotonic()
            with self._lock:
                late = [connection for connection, deadline in self._deadlines.items() if deadline < now]
                for connection in late:
                    del self._deadlines[connection]
            for connection in late:
                try:
                    connection.shutdown(socket.SHUT_RDWR)  # its thread then finishes at once
                except OSError:
                    pass


class BoundedServer(ThreadingHTTPServer):
    """A threading server with at most MAX_THREADS connections served at once (MAX_PER_ADDRESS
    from one address); the others wait in a listen queue of LISTEN_BACKLOG."""

    request_queue_size = LISTEN_BACKLOG
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], handler: Callable[..., BaseRequestHandler]) -> None:
        self._slots = threading.BoundedSemaphore(MAX_THREADS)
        self._per_address: dict[str, int] = {}
        self._count_lock = threading.Lock()
        self.heads = HeadWatch()
        super().__init__(address, handler)

    def process_request(self, request: socket.socket, client_address: tuple[str, int]) -> None:  # type: ignore[override]
        with self._count_lock:
            held = self._per_address.get(client_address[0], 0)
            if held >= MAX_PER_ADDRESS and sum(self._per_address.values()) >= MAX_THREADS - RESERVED_THREADS:
                self.shutdown_request(request)
                return
            self._per_address[client_address[0]] = held + 1
        self._slots.acquire()
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._release(client_address)
            raise

    def process_request_thread(self, request: socket.socket, client_address: tuple[str, int]) -> None:  # type: ignore[override]
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._release(client_address)

    def _release(self, client_address: tuple[str, int]) -> None:
        self._slots.release()
        with self._count_lock:
            left = self._per_address.get(client_address[0], 1) - 1
            if left > 0:
                self._per_address[client_address[0]] = left
            else:
                self._per_address.pop(client_address[0], None)

    def server_close(self) -> None:
        self.heads.close()
        super().server_close()

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that went away (a podcast app seeking abandons its download) is no error;
        anything else is told in one line, not a traceback."""
        import sys

        error = sys.exc_info()[1]
        if not isinstance(error, _QUIET_ERRORS):
            sys.stderr.write(f"narrate serve: a request from {client_address} failed: {type(error).__name__}: {error}\n")


class BoundedServer6(BoundedServer):
    """The same on an IPv6 address ("::1", "::")."""

    address_family = socket.AF_INET6


def make_server(directory: Path, host: str = "127.0.0.1", port: int = 8000, *, log: bool = False) -> ThreadingHTTPServer:
    """A server for ``directory`` (not yet serving), logging each request when ``log``;
    NarrateError when it cannot listen."""
    if not directory.is_dir():
        raise NarrateError(f"nothing to serve: {directory} is not a directory; run narrate build first.")
    server = BoundedServer6 if ":" in host else BoundedServer
    handler = type("Handler", (OutputHandler,), {"logging": log or bool(os.environ.get("NARRATE_SERVE_LOG"))})
    try:
        return server((host, port), partial(handler, directory=str(directory)))
    except (OSError, OverflowError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        if isinstance(error, OSError) and error.errno == errno.EADDRINUSE:
            raise NarrateError(f"cannot listen on {host}:{port} ({reason}); choose another --port.") from error
        raise NarrateError(f"cannot listen on {host}:{port} ({reason}); check --host: an address of this machine.") from error
