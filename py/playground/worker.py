"""Browser edge of the playground's worker (a Web Worker: static/playground-worker.mjs imports this module).

``receive(text)`` takes each message of the page; the Kernel answers with ``postMessage``. sys.stdout and
sys.stderr go to the page, anchored to the running cell. ``help()`` fetches the source standard library the first
time (pydoc and its pager are left out of the site's compiled one, as developer tools the dashboard never needs).
"""

from __future__ import annotations

import sys
from pathlib import Path

import js

from wwe.browser import JsClock

from .console import Stream
from .kernel import Kernel

SOURCE_STDLIB = "./pyodide/python_stdlib_source.zip"
"""Pyodide's own standard library (sources), shipped beside the playground (build.py); put on sys.path after the
site's compiled one, so only what that one lacks comes from it."""
LOCAL_COPY = Path("/tmp/python_stdlib_source.zip")


def load_help() -> None:
    """Put the source standard library on sys.path (a synchronous fetch, allowed in a worker), once."""
    if str(LOCAL_COPY) in sys.path:
        return
    request = js.XMLHttpRequest.new()
    request.open("GET", SOURCE_STDLIB, False)
    request.responseType = "arraybuffer"
    request.send()
    if request.status != 200:
        raise ImportError(f"help() needs {SOURCE_STDLIB}: the server answered {request.status}")
    LOCAL_COPY.write_bytes(request.response.to_bytes())
    sys.path.append(str(LOCAL_COPY))


kernel = Kernel(js.postMessage, JsClock(), load_help)
sys.stdout = Stream("output", kernel.write)
sys.stderr = Stream("error", kernel.write)


def receive(text: str) -> None:
    kernel.receive(str(text))
