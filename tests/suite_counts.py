"""What the suite did, counted by the tests as they run (issue 7); tests/conftest.py prints the totals at the end.

Tests add to ``TRIED`` (hostile inputs, bypass attempts, faults injected, requests made) and to ``FOUND`` (crashes,
bypasses, lost messages: each must stay zero). ``Tally`` is a Counter (by family) whose increments also go to one
kind of ``TRIED``.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

HOSTILE, BYPASS, FAULTS, REQUESTS = "hostile inputs tried", "bypass attempts made", "faults injected", "requests made"
CRASHES, BYPASSES, LOST = "crashes", "bypasses", "lost messages"
TRIED: Counter[str] = Counter()
FOUND: Counter[str] = Counter()


class Tally(Counter):
    """A Counter by family whose every increment also counts as ``kind`` in TRIED."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def __setitem__(self, key: Any, value: int) -> None:
        TRIED[self.kind] += value - self.get(key, 0)
        super().__setitem__(key, value)


def lost(expected: int, received: int) -> None:
    """Record the messages a test expected and did not get (before it asserts there are none)."""
    FOUND[LOST] += max(expected - received, 0)


def parse(output: str) -> tuple[Counter[str], Counter[str]]:
    """The counts another pytest run printed (the unit tests run again inside Pyodide): (tried, found)."""
    tried: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for line in output.splitlines():
        for part in line.split(" · "):
            kind, _, number = part.rpartition(": ")
            if number.isdigit() and kind in (HOSTILE, BYPASS, FAULTS, REQUESTS):
                tried[kind] += int(number)
            elif number.isdigit() and kind in (CRASHES, BYPASSES, LOST):
                found[kind] += int(number)
    return tried, found


def summary() -> list[str]:
    """The lines printed at the end of the run."""
    tried = " · ".join(f"{kind}: {TRIED[kind]}" for kind in (HOSTILE, BYPASS, FAULTS, REQUESTS))
    found = " · ".join(f"{kind}: {FOUND[kind]}" for kind in (CRASHES, BYPASSES, LOST))
    return [tried, found]
