"""Pyodide's memory snapshot, made once per runtime, wheels and standard imports (static/snapshot.mjs restores it).

Starting Pyodide means initialising CPython and importing about 200 modules; then the page imports its own. The
build does that once, in Pyodide on Node with the site's own runtime files (snapshot_runner.mjs), and saves the
memory (Pyodide's makeMemorySnapshot, an experimental API). Imported before the snapshot: the standard modules the
site's code imports and the pure wheels' packages (jinja2...), not the site's own packages, so the snapshot (30 MB
to compress) is remade only when the runtime, the wheels or the site's standard imports change. The snapshot
records the standard library zip's directory: it is made from the site's own zip.

Half of that memory is zero pages; snapshot.bin holds only the others (``sparse``), so a browser decompresses and
copies half as much (static/snapshot.mjs expands it).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
import subprocess
from pathlib import Path

from .archive import wheel_files
from .bytecode import STDLIB_KEEP_DOCSTRINGS
from .paths import CACHE, PYODIDE_FILES, log
from .stamps import digest

RUNNER = Path(__file__).with_name("snapshot_runner.mjs")
SNAPSHOT_CACHE = CACHE / "snapshot"
SPARSE_MAGIC = b"WWESNAP1"
SPARSE_PAGE = 4096


def snapshot_imports(seeds: set[str], index: dict, wheels: list[Path]) -> list[str]:
    """What the snapshot imports: the standard modules among ``seeds`` (except Pyodide's own, which reach into
    JavaScript) and the wheels' top-level packages."""
    standard = {m for m in seeds if m in index["modules"] and m.split(".")[0] not in STDLIB_KEEP_DOCSTRINGS}
    packages = {name.split("/")[0] for name in wheel_files(wheels) if name.count("/") == 1
                and name.endswith("/__init__.py")}
    return sorted(standard | packages)


def memory_snapshot(site_dir: Path, modules: list[str], wheels: list[Path]) -> bytes:
    """Pyodide's memory after start-up with ``modules`` imported (from the standard library or the site's app.zip,
    where the wheels are unpacked), made with the site's own pyodide/ files; cached by their content."""
    pyodide_dir = site_dir / "pyodide"
    inputs = [pyodide_dir / name for name in PYODIDE_FILES] + wheels
    key = hashlib.sha256((digest(*inputs) + json.dumps(modules)).encode() + RUNNER.read_bytes()).hexdigest()[:24]
    cached = SNAPSHOT_CACHE / f"{key}.bin"
    if not cached.exists():
        log(f"making Pyodide's memory snapshot for {site_dir.name}")
        SNAPSHOT_CACHE.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(f".{os.getpid()}.tmp")  # concurrent builds (one tree, several engineers)
        subprocess.run([shutil.which("node") or "node", str(RUNNER), str(pyodide_dir), str(site_dir / "app.zip"),
                        json.dumps(list(modules)), str(temporary)], check=True)
        temporary.replace(cached)
    return sparse(cached.read_bytes())


def sparse(memory: bytes) -> bytes:
    """``memory`` without its zero pages: the magic, the length, the number of runs, each run's (offset, length),
    all little-endian uint32, then the runs' bytes (static/snapshot.mjs expands it)."""
    runs: list[list[int]] = []
    zero = bytes(SPARSE_PAGE)
    for offset in range(0, len(memory), SPARSE_PAGE):
        page = memory[offset:offset + SPARSE_PAGE]
        if page == zero[:len(page)]:
            continue
        if runs and runs[-1][0] + runs[-1][1] == offset:
            runs[-1][1] += len(page)
        else:
            runs.append([offset, len(page)])
    header = struct.pack(f"<8s2I{2 * len(runs)}I", SPARSE_MAGIC, len(memory), len(runs), *(n for run in runs for n in run))
    return header + b"".join(memory[offset:offset + length] for offset, length in runs)

