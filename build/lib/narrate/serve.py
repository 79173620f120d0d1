"""Serve the output directory as podcast apps expect: the right media types, HEAD, and HTTP
Range requests as RFC 9110 defines them (apps seek to a chapter with them), never a file
outside the directory, never a hidden file (the lock, the state, unfinished ``.part`` files)
and never a directory listing.

Written on http.server rather than a framework: narrate serves a handful of static files to
a few listeners, and the standard library needs nothing installed. What it lacks for a
server on a network is added here: idle clients are timed out, the number of threads is
bounded, and the listen queue is long enough for a burst of podcast apps.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import threading
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
MAX_THREADS = 64
"""Connections served at once; the next ones wait in the listen queue until one ends."""
LISTEN_BACKLOG = 128
"""Connections the system holds for us while every thread is busy (http.server's default is 5)."""
MAX_RANGES = 16
"""More ranges than this in one request is not a player seeking: the whole file is sent."""
_RANGE_SPEC = re.compile(r"^\s*(\d*)\s*-\s*(\d*)\s*$")
_COPY_BLOCK = 64 * 1024


class OutputHandler(SimpleHTTPRequestHandler):
    """Static files from one directory, with byte ranges, and nothing hidden."""

    timeout = IDLE_TIMEOUT_SECONDS

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server's name)
        if os.environ.get("NARRATE_SERVE_LOG"):
            super().log_message(format, *args)

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
        return str(candidate) if candidate == root or root in candidate.parents else missing

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        """No listings: a directory without an index.html is not found."""
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")
        return None

    def send_head(self) -> BinaryIO | None:
        path = Path(self.translate_path(self.path))
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


class BoundedServer(ThreadingHTTPServer):
    """A threading server with at most MAX_THREADS connections served at once; the others wait
    in a listen queue of LISTEN_BACKLOG."""

    request_queue_size = LISTEN_BACKLOG
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], handler: Callable[..., BaseRequestHandler]) -> None:
        self._slots = threading.BoundedSemaphore(MAX_THREADS)
        super().__init__(address, handler)

    def process_request(self, request: socket.socket, client_address: tuple[str, int]) -> None:  # type: ignore[override]
        self._slots.acquire()
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: socket.socket, client_address: tuple[str, int]) -> None:  # type: ignore[override]
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


def make_server(directory: Path, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """A server for ``directory`` (not yet serving); NarrateError when it cannot listen."""
    if not directory.is_dir():
        raise NarrateError(f"nothing to serve: {directory} is not a directory; run narrate build first.")
    try:
        return BoundedServer((host, port), partial(OutputHandler, directory=str(directory)))
    except (OSError, OverflowError) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error)
        raise NarrateError(f"cannot listen on {host}:{port} ({reason}); choose another --port.") from error
