"""Serve the output directory as podcast apps expect: the right media types, HEAD, and HTTP
Range requests (apps seek to a chapter with them), never a file outside the directory."""

from __future__ import annotations

import os
import re
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

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
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class OutputHandler(SimpleHTTPRequestHandler):
    """Static files from one directory, with single byte ranges."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server's name)
        if os.environ.get("NARRATE_SERVE_LOG"):
            super().log_message(format, *args)

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        name = str(path)
        if name.endswith(".chapters.json"):
            return "application/json+chapters"
        return MEDIA_TYPES.get(Path(name).suffix.lower()) or super().guess_type(path)

    def translate_path(self, path: str) -> str:
        """The file for ``path``; anything that resolves outside the served directory becomes a 404."""
        candidate = Path(super().translate_path(path)).resolve()
        root = Path(self.directory).resolve()
        return str(candidate) if candidate == root or root in candidate.parents else str(root / "__outside__" / "missing")

    def end_headers(self) -> None:
        self.send_header("Accept-Ranges", "bytes")
        super().end_headers()

    def send_head(self):  # type: ignore[no-untyped-def]  (http.server's own protocol)
        range_header = self.headers.get("Range")
        path = Path(self.translate_path(self.path))
        if not range_header or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        match = _RANGE.match(range_header.strip())
        if not match or not any(match.groups()):
            return super().send_head()  # a multi-range or odd request gets the whole file
        first, last = match.groups()
        if first:
            start, end = int(first), min(int(last) if last else size - 1, size - 1)
        else:
            start, end = max(0, size - int(last)), size - 1
        if start >= size or start > end:
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        handle = path.open("rb")
        handle.seek(start)
        self.send_response(HTTPStatus.PARTIAL_CONTENT)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Last-Modified", self.date_time_string(int(path.stat().st_mtime)))
        self.end_headers()
        self._remaining = end - start + 1
        return handle

    def copyfile(self, source, outputfile) -> None:  # type: ignore[no-untyped-def]
        remaining = getattr(self, "_remaining", None)
        if remaining is None:
            return super().copyfile(source, outputfile)
        self._remaining = None
        while remaining > 0:
            block = source.read(min(64 * 1024, remaining))
            if not block:
                break
            outputfile.write(block)
            remaining -= len(block)


def make_server(directory: Path, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """A server for ``directory`` (not yet serving); NarrateError when it cannot listen."""
    if not directory.is_dir():
        raise NarrateError(f"nothing to serve: {directory} is not a directory; run narrate build first.")
    try:
        return ThreadingHTTPServer((host, port), partial(OutputHandler, directory=str(directory)))
    except OSError as error:
        raise NarrateError(f"cannot listen on {host}:{port} ({error.strerror}); choose another --port.") from error
