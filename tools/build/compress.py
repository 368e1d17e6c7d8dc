"""Precompressed siblings (``<file>.br``, ``<file>.gz``) that the server sends to browsers accepting them."""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

from .archive import write_if_changed
from .paths import CACHE, log

COMPRESSIBLE = (".wasm", ".mjs", ".js", ".json", ".zip", ".html", ".css", ".toml", ".txt", ".map", ".bin")
COMPRESSED_CACHE = CACHE / "compressed"
RUNNER = Path(__file__).with_name("brotli_runner.mjs")
RUNNER_VERSION = hashlib.sha256(RUNNER.read_bytes()).hexdigest()[:16]
"""In the name of each cached .br: a changed runner (quality, window) compresses again."""
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))  # in order of preference


def compress(paths: list[Path]) -> tuple[list[Path], int]:
    """Write ``<file>.br`` (brotli, quality 11) and ``<file>.gz`` (gzip -9) next to each file when it saves at least
    10%; returns the siblings and how many were written. Cached by content: the runtime is compressed once."""
    siblings: list[Path] = []
    changed = 0
    pending: dict[str, Path] = {}  # cached .br to make -> input
    plan: list[tuple[Path, Path, Path]] = []  # (file, cached br, cached gz)
    COMPRESSED_CACHE.mkdir(parents=True, exist_ok=True)
    for path in paths:
        data = path.read_bytes()
        if len(data) < 1024:
            continue
        key = hashlib.sha256(data).hexdigest()
        br, gz = COMPRESSED_CACHE / f"{key}.{RUNNER_VERSION}.br", COMPRESSED_CACHE / f"{key}.gz"
        if not gz.exists():
            gz.write_bytes(gzip.compress(data, 9, mtime=0))
        if not br.exists():
            source = COMPRESSED_CACHE / f"{key}.{os.getpid()}.in"  # a copy: exactly what was hashed (per build:
            # several builds may run at once)
            source.write_bytes(data)
            pending[str(br)] = source
        plan.append((path, br, gz))
    if pending:
        log(f"brotli-compressing {len(pending)} file(s) (cached afterwards)")
        subprocess.run([shutil.which("node") or "node", str(RUNNER),
                        json.dumps([[out, str(src)] for out, src in pending.items()])], check=True)
        for source in pending.values():
            source.unlink()
    for path, *cached in plan:
        size = path.stat().st_size
        for (_, suffix), compressed in zip(ENCODINGS, cached):
            sibling = path.with_name(path.name + suffix)
            if compressed.stat().st_size <= 0.9 * size:
                changed += write_if_changed(sibling, compressed.read_bytes())
                siblings.append(sibling)
    return siblings, changed
