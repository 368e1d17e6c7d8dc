"""The page's cells (sans-I/O): what the console shows as cells start, print, end, are stopped, or are lost with a
restarted worker. The page's edge (``playground.main``) renders the updates and posts the messages."""

from __future__ import annotations

from dataclasses import dataclass, field

from .console import Console, Entry, Update
from .protocol import Finished, Output, Run
from .supervisor import Supervisor

NOTICES = ("cancelled", "interrupted", "timeout", "restarted")
"""Outcomes whose text is a "notice" entry (the others are entries of their own kind: value, failure...)."""
RESTARTED = ("Python was restarted: the cell was busy in Python and could not be stopped otherwise. Python's state "
             "was reset: the variables, imports and subscriptions of earlier cells are gone (service is a new client).")
WHY = {"limit": "Its time limit ran out. ", "stop": "Stopped. ", "": "Lost with the worker. "}
"""The start of a restarted cell's notice, by why it was being stopped."""


@dataclass
class Cells:
    """The cells of the page: numbered from 1, each with its input entry while it runs."""

    console: Console
    supervisor: Supervisor
    count: int = 0
    restarts: int = 0
    running: dict[int, Entry] = field(default_factory=dict)

    def run(self, source: str, now: float, limit: float) -> tuple[Update, Run]:
        """A new cell: its input entry, and the message for the worker (``limit``: seconds, 0: none)."""
        self.count += 1
        update = self.console.add("input", source, self.count)
        self.running[self.count] = update.entry
        self.supervisor.run(self.count, now, limit)
        return update, Run(self.count, source)

    def output(self, message: Output) -> Update:
        """Printed text, under its cell."""
        return self.console.write(message.kind, message.text, message.cell)

    def finished(self, message: Finished) -> list[Update]:
        """The worker says a cell ended (a cell its time limit stopped shows "time limit")."""
        return self._end(message.cell, self.supervisor.finished(message.cell, message.outcome), message.text)

    def stopping(self, cell: int) -> list[Update]:
        """Stop (or the time limit) is ending ``cell``."""
        entry = self.running.get(cell)
        if entry is None:
            return []
        entry.stopping = True
        return [Update(entry, False)]

    def restarted(self, cells: tuple[tuple[int, str], ...]) -> list[Update]:
        """The worker was restarted: each of ``cells`` (with why it was being stopped) says that Python's state
        was reset."""
        self.restarts += 1
        return [update for cell, why in cells for update in self._end(cell, "restarted", WHY[why] + RESTARTED)]

    def _end(self, cell: int, outcome: str, text: str) -> list[Update]:
        updates = []
        entry = self.running.pop(cell, None)
        if entry is not None:
            self.console.finish(entry, outcome)
            updates.append(Update(entry, False))
        if text:
            updates.append(self.console.add("notice" if outcome in NOTICES else outcome, text, cell))
        return updates
