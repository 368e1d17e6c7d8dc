"""The console's entries: the cells run, their results, printed output (events included, as they come) and errors.

Everything is text; the page shows it as text. The console is bounded: the oldest entries go first, and printed
output starts a new entry once the current one is long, so a flood of events cannot grow the page without end.
What a cell prints, even late (a timer it started), and its result are anchored under that cell: after its
last entry, not after the newest one. Output of no cell (an event handler) goes at the end.
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
OUTCOME_LABELS = {"none": "done", "value": "done", "failure": "request failed", "exception": "error",
                  "cancelled": "stopped", "interrupted": "stopped", "timeout": "time limit",
                  "restarted": "stopped: Python restarted"}
"""What a cell's entry says once it has run (by Outcome kind)."""
RECORDED_LABELS = {"ok": "recorded: done", "error": "recorded: error", "stopped": "recorded: stopped",
                   "timeout": "recorded: time limit"}
"""What a recorded cell's entry says (by ``wwe.notebook`` outcome): a replay showed it, it has not run here."""


@dataclass
class Entry:
    """One entry: ``kind`` is input (a cell), output, error (stderr), value, failure, exception or notice (how a
    cell was stopped)."""

    number: int
    kind: str
    text: str
    outcome: str = ""
    """For an input entry: the Outcome kind once the cell has run ("" while it runs)."""
    cell: int = 0
    """The cell this entry belongs to (0: none)."""
    stopping: bool = False
    """For an input entry: Stop (or its time limit) is ending the cell."""
    recorded: bool = False
    """Shown by a replay: a recorded cell (an input entry: ``outcome`` is its recorded one, with a Run button) or
    its recorded output."""

    @property
    def label(self) -> str:
        if self.kind != "input":
            return ""
        if self.recorded:
            return RECORDED_LABELS[self.outcome]
        return OUTCOME_LABELS.get(self.outcome, "stopping\u2026" if self.stopping else "running")


@dataclass
class Update:
    """What changed: ``entry`` is new (else text was added to it) and the numbers of the entries dropped; a new
    entry goes right after the entry numbered ``after`` (0: at the end)."""

    entry: Entry
    new: bool
    dropped: list[int] = field(default_factory=list)
    after: int = 0


class Console:
    """The entries, newest last, at most ``limit``; a stream entry takes up to ``chunk`` characters."""

    def __init__(self, limit: int = 500, chunk: int = CHUNK) -> None:
        self.limit = limit
        self.chunk = chunk
        self.entries: list[Entry] = []
        self._numbers = 0

    def _last_of(self, cell: int) -> int:
        """The index of the last entry of ``cell`` (-1: none), of the newest entry for cell 0."""
        if not cell:
            return len(self.entries) - 1
        return next((index for index in range(len(self.entries) - 1, -1, -1) if self.entries[index].cell == cell), -1)

    def add(self, kind: str, text: str, cell: int = 0) -> Update:
        """A new entry, after the last entry of ``cell`` (at the end for cell 0, a new cell, or a cell whose
        entries are all gone)."""
        self._numbers += 1
        entry = Entry(self._numbers, kind, text, cell=cell)
        index = self._last_of(cell) if cell else -1
        after = self.entries[index].number if 0 <= index < len(self.entries) - 1 else 0
        self.entries.insert(index + 1 if after else len(self.entries), entry)
        excess = len(self.entries) - self.limit
        dropped = [old.number for old in self.entries[:max(excess, 0)]]
        del self.entries[:max(excess, 0)]
        return Update(entry, True, dropped, after if after not in dropped else 0)

    def write(self, kind: str, text: str, cell: int = 0) -> Update:
        """Printed text: appended to the last entry of ``cell`` (of the console for cell 0) when it is of the same
        stream and not full, else a new entry after it."""
        index = self._last_of(cell)
        last = self.entries[index] if index >= 0 else None
        if last is not None and last.kind == kind and kind in STREAMS and len(last.text) < self.chunk \
                and last.cell == cell:
            last.text += text
            return Update(last, False)
        return self.add(kind, text, cell)

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
