"""Browser edge of the playground's worker (a Web Worker: static/playground-worker.mjs imports this module).

``receive(text)`` takes each message of the page; the Kernel answers with ``postMessage``. sys.stdout and
sys.stderr go to the page, anchored to the running cell. A standard module the site's compiled standard library
leaves out (``pydoc`` for ``help()``, ``uuid``...: the dashboard never needs them) is imported from Pyodide's own
standard library, fetched the first time one is missing.
"""

from __future__ import annotations

import sys
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec, PathFinder
from pathlib import Path
from typing import Any, Sequence

import js

from wwe.browser import JsClock

from .console import Stream
from .kernel import Kernel

SOURCE_STDLIB = "./pyodide/python_stdlib_source.zip"
"""Pyodide's own standard library (sources), shipped beside the playground (build.py)."""
LOCAL_COPY = Path("/tmp/python_stdlib_source.zip")


class SourceStdlib(MetaPathFinder):
    """Last on sys.meta_path: a standard module no other finder found puts the source standard library on sys.path
    (a synchronous fetch, allowed in a worker), after the site's compiled one, then is looked for there."""

    def find_spec(self, name: str, path: Sequence[str] | None, target: Any = None) -> ModuleSpec | None:
        if name.partition(".")[0] not in sys.stdlib_module_names or str(LOCAL_COPY) in sys.path:
            return None
        request = js.XMLHttpRequest.new()
        request.open("GET", SOURCE_STDLIB, False)
        request.responseType = "arraybuffer"
        request.send()
        if request.status != 200:
            return None
        LOCAL_COPY.write_bytes(request.response.to_bytes())
        sys.path.append(str(LOCAL_COPY))
        package = name.rpartition(".")[0].replace(".", "/")  # a submodule: its package's folder in the zip
        return PathFinder.find_spec(name, None if path is None else [*path, f"{LOCAL_COPY}/{package}"])


kernel = Kernel(js.postMessage, JsClock())
sys.stdout = Stream("output", kernel.write)
sys.stderr = Stream("error", kernel.write)
sys.meta_path.append(SourceStdlib())


def receive(text: str) -> None:
    kernel.receive(str(text))
