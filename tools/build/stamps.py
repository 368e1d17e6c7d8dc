"""Cache stamps: a hash of a step's inputs, and whether the step already ran with them."""
from __future__ import annotations

import hashlib
from pathlib import Path

from .paths import CACHE


def digest(*paths: Path) -> str:
    """A hash of the given files' contents (missing files count as empty)."""
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode())
        h.update(path.read_bytes() if path.exists() else b"")
    return h.hexdigest()


def stamped(name: str, key: str) -> bool:
    """True when the step ``name`` already ran with inputs hashing to ``key``."""
    stamp = CACHE / f"{name}.stamp"
    return stamp.exists() and stamp.read_text() == key


def stamp(name: str, key: str) -> None:
    CACHE.mkdir(exist_ok=True)
    (CACHE / f"{name}.stamp").write_text(key)
