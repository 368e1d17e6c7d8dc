"""The console's entries: the cells run, their results, printed output (events included, as they come) and errors.

Everything is text; the page shows it as text. The console is bounded: the oldest entries go first, and printed
output starts a new entry once the current one is long, so a flood of events cannot grow the page without end.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Callable

STREAMS = ("output", "error")
"""Entry kinds written a piece at a time (sys.stdout, sys.stderr)."""
CHUNK = 4000
"""The most characters a printed entry takes before the next write starts a new one; an entry shows that many at
once (a longer value behind "show all": wwe.shown)."""
OUTCOME_LABELS = {"none": "done", "value": "done", "failure": "request failed", "exception": "error"}
"""What a cell's entry says once it has run (by Outcome kind)."""


@dataclass
class Entry:
    """One entry: ``kind`` is input (a cell), output, error (stderr), value, failure or exception."""

    number: int
    kind: str
    text: str
    outcome: str = ""
    """For an input entry: the Outcome kind once the cell has run ("" while it runs)."""

    @property
    def label(self) -> str:
        return OUTCOME_LABELS.get(self.outcome, "running") if self.kind == "input" else ""


@dataclass
class Update:
    """What changed: ``entry`` is new (else text was added to it) and the numbers of the entries dropped."""

    entry: Entry
    new: bool
    dropped: list[int] = field(default_factory=list)


class Console:
    """The entries, newest last, at most ``limit``; a stream entry takes up to ``chunk`` characters."""

    def __init__(self, limit: int = 500, chunk: int = CHUNK) -> None:
        self.limit = limit
        self.chunk = chunk
        self.entries: list[Entry] = []
        self._numbers = 0

    def add(self, kind: str, text: str) -> Update:
        """A new entry."""
        self._numbers += 1
        entry = Entry(self._numbers, kind, text)
        self.entries.append(entry)
        excess = len(self.entries) - self.limit
        dropped = [old.number for old in self.entries[:max(excess, 0)]]
        del self.entries[:max(excess, 0)]
        return Update(entry, True, dropped)

    def write(self, kind: str, text: str) -> Update:
        """Printed text: appended to the newest entry when it is of the same stream and not full, else a new one."""
        last = self.entries[-1] if self.entries else None
        if last is not None and last.kind == kind and kind in STREAMS and len(last.text) < self.chunk:
            last.text += text
            return Update(last, False)
        return self.add(kind, text)

    def finish(self, entry: Entry, outcome: str) -> None:
        """Mark a cell's entry as run."""
        entry.outcome = outcome

    def clear(self) -> None:
        self.entries.clear()


class Stream(io.TextIOBase):
    """A text stream (for sys.stdout / sys.stderr) handing each write to ``write(kind, text)``."""

    def __init__(self, kind: str, write: Callable[[str, str], object]) -> None:
        super().__init__()
        self.kind = kind
        self._write = write

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if text:
            self._write(self.kind, text)
        return len(text)
