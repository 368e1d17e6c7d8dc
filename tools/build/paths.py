"""Where things are (the repository, dist/, the caches, node_modules), the servers' default addresses, the log."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
CACHE = (ROOT / ".cache").resolve()  # resolved: Pyodide's mount of the host cannot follow a symlinked cache
NODE_MODULES = ROOT / "node_modules"
WHEELS = CACHE / "wheels"

PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
HOST = "127.0.0.1"
WORKSPACE_PORT = 8000
EXTENSION_PORT = 8001
# The extension is served under another *site* (localhost vs 127.0.0.1), as in a real Agent Workspace.
EXTENSION_HOSTNAME = "localhost"


def log(message: str) -> None:
    print(f"[build] {message}", flush=True)


def importable(*paths: Path) -> None:
    """Put ``paths`` (the library py/, wheels) first on sys.path, once."""
    for path in paths:
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
