"""Serving dist/ as a production server should (precompressed siblings, caching), on two sites in the background."""
from __future__ import annotations

import http.server
import re
import threading
from email.utils import formatdate, parsedate_to_datetime
from functools import partial
from pathlib import Path

from .compress import ENCODINGS
from .paths import DIST, EXTENSION_HOSTNAME, EXTENSION_PORT, HOST, WORKSPACE_PORT

HASHED_NAME = re.compile(r"-[A-Za-z0-9_-]{8}\.(?:js|css|mjs)$")
"""A file name that carries a hash of its content (PyScript's chunks: core-C9KDLldu.js): a new version is a new URL."""
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with the right types for WebAssembly and modules, and no directory listings.

    Serving, as a production server should be configured for dist/ (see README, "Performance"):
    - precompressed siblings: ``<file>.br`` or ``<file>.gz`` when the request accepts that encoding (Content-Encoding,
      ``Vary: Accept-Encoding``), else the file itself;
    - caching: content-hashed names are immutable for a year; everything else is ``no-cache`` (the browser keeps it
      and revalidates it: an ``ETag`` per file and encoding, answered 304 Not Modified when it still matches).
    """

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".toml": "application/toml",
        ".whl": "application/zip",
        ".zip": "application/zip",
    }

    def __init__(self, *args, quiet: bool = False, **kwargs) -> None:
        self.quiet = quiet
        super().__init__(*args, **kwargs)

    def list_directory(self, path):  # noqa: D102 - no listings
        self.send_error(404, "No directory listing")
        return None

    def accepted_encodings(self) -> set[str]:
        """Content codings the request accepts (a zero q-value refuses one)."""
        accepted = set()
        for part in self.headers.get("Accept-Encoding", "").split(","):
            coding, _, params = part.strip().partition(";")
            q = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
            try:
                if coding and float(q) > 0:
                    accepted.add(coding.strip().lower())
            except ValueError:
                continue
        return accepted

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() or self.path.split("?", 1)[0].endswith("/"):
            return super().send_head()  # index.html of a folder, else 404 (no listings)
        if not path.is_file():
            self.send_error(404, "File not found")
            return None
        body, encoding = path, None
        accepted = self.accepted_encodings()
        for coding, suffix in ENCODINGS:
            sibling = path.with_name(path.name + suffix)
            if coding in accepted and sibling.is_file():
                body, encoding = sibling, coding
                break
        stat = body.stat()
        etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}{"-" + encoding if encoding else ""}"'
        cache_control = IMMUTABLE if HASHED_NAME.search(path.name) else REVALIDATE
        if self.not_modified(etag, stat.st_mtime):
            self.send_response(304)
            self.send_validators(etag, stat.st_mtime, cache_control, path)
            self.end_headers()
            return None
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(stat.st_size))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_validators(etag, stat.st_mtime, cache_control, path)
        self.end_headers()
        return open(body, "rb")

    def not_modified(self, etag: str, mtime: float) -> bool:
        """The request's validators still match: If-None-Match (wins when present), else If-Modified-Since."""
        if "If-None-Match" in self.headers:
            tags = [t.strip().removeprefix("W/") for t in self.headers["If-None-Match"].split(",")]
            return etag in tags or "*" in tags
        if "If-Modified-Since" in self.headers:
            try:
                return int(mtime) <= parsedate_to_datetime(self.headers["If-Modified-Since"]).timestamp()
            except (TypeError, ValueError, IndexError, OverflowError):
                return False
        return False

    def send_validators(self, etag: str, mtime: float, cache_control: str, path: Path) -> None:
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", formatdate(mtime, usegmt=True))
        self.send_header("Cache-Control", cache_control)
        if any(path.with_name(path.name + suffix).is_file() for _, suffix in ENCODINGS):
            self.send_header("Vary", "Accept-Encoding")

    def copyfile(self, source, outputfile) -> None:
        try:
            super().copyfile(source, outputfile)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client went away (a browser cancelling a request, a test reading the headers only)

    def end_headers(self) -> None:
        if not any(line.lower().startswith(b"cache-control:") for line in getattr(self, "_headers_buffer", [])):
            self.send_header("Cache-Control", REVALIDATE)  # errors, redirects
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        if not self.quiet:
            super().log_message(format, *args)


def start_servers(host: str = HOST, workspace_port: int = WORKSPACE_PORT, extension_port: int = EXTENSION_PORT,
                  quiet: bool = False, handlers: dict[str, type[StaticHandler]] | None = None, dist: Path = DIST,
                  ) -> list[http.server.ThreadingHTTPServer]:
    """Serve ``dist``/workspace and ``dist``/extension on two ports in background threads (``handlers``: a
    StaticHandler subclass per site, e.g. the benchmarks' that adds their pages)."""
    return [start_server(dist / site, port, host, quiet, (handlers or {}).get(site, StaticHandler))
            for site, port in (("workspace", workspace_port), ("extension", extension_port))]


def start_server(folder: Path, port: int, host: str = HOST, quiet: bool = False,
                 handler: type[StaticHandler] = StaticHandler) -> http.server.ThreadingHTTPServer:
    """Serve ``folder`` on ``port`` in a background thread."""
    server = http.server.ThreadingHTTPServer((host, port), partial(handler, directory=str(folder), quiet=quiet))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name=f"serve-{folder.name}", daemon=True).start()
    return server


def simulator_url(port: int, extension_port: int, scenario: str | None = None) -> str:
    """The simulator's address, pointed at the extension site (``?extension-origin=`` unless it is the default one)
    and opening ``scenario``."""
    query = {"scenario": scenario} if scenario else {}
    if extension_port != EXTENSION_PORT:
        query["extension-origin"] = f"http://{EXTENSION_HOSTNAME}:{extension_port}"
    return f"http://{HOST}:{port}/" + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
