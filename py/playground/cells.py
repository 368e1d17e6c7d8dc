"""The page's cells (sans-I/O): what the console shows as cells start, print, end, are stopped, or are lost with a
restarted worker; the report of each ended cell for the Workspace, and the cells a replay of a recorded session
shows again (``wwe.notebook``, decision P7), run one by one or all in order. The page's edge (``playground.main``)
renders the updates and posts the messages."""

from __future__ import annotations

from dataclasses import dataclass, field

from wwe import notebook

from .console import Console, Entry, Update
from .protocol import Finished, Output, Run
from .supervisor import Supervisor

NOTICES = ("cancelled", "interrupted", "timeout", "restarted")
"""Outcomes whose text is a "notice" entry (the others are entries of their own kind: value, failure...)."""
RESTARTED = ("Python was restarted: the cell was busy in Python and could not be stopped otherwise. Python's state "
             "was reset: the variables, imports and subscriptions of earlier cells are gone (service is a new client).")
WHY = {"limit": "Its time limit ran out. ", "stop": "Stopped. ", "": "Lost with the worker. "}
"""The start of a restarted cell's notice, by why it was being stopped."""
RECORDED = {"none": "ok", "value": "ok", "failure": "error", "exception": "error", "cancelled": "stopped",
            "interrupted": "stopped", "restarted": "stopped", "timeout": "timeout"}
"""The recorded outcome (``wwe.notebook.OUTCOMES``) of each way a cell ends here."""
REFUSED_CELL = "The Workspace sent a recorded cell this playground cannot show: {error}"
RUN_ALL_STOPPED = "Run all stopped: cell {cell} did not run to its end, so the recorded cells after it did not run."


@dataclass
class Cells:
    """The cells of the page: numbered from 1, each with its input entry while it runs."""

    console: Console
    supervisor: Supervisor
    count: int = 0
    restarts: int = 0
    running: dict[int, Entry] = field(default_factory=dict)
    recorded: list[Entry] = field(default_factory=list)
    """The input entries of the recorded cells shown, in the order they came."""
    queue: list[Entry] = field(default_factory=list)
    """Run all: the recorded cells still to run."""
    queued: int = 0
    """The cell Run all started and waits for (0: none)."""
    reports: list[notebook.RecordedCell] = field(default_factory=list)
    """Cells that ended, for the Workspace (``take_reports``)."""

    def run(self, source: str, now: float, limit: float, queued: bool = False) -> tuple[Update, Run]:
        """A new cell: its input entry, and the message for the worker (``limit``: seconds, 0: none; ``queued``:
        Run all started it)."""
        self.count += 1
        update = self.console.add("input", source, self.count)
        self.running[self.count] = update.entry
        self.supervisor.run(self.count, now, limit)
        if queued:
            self.queued = self.count
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
        if entry is not None:
            output = [(shown.kind, shown.text) for shown in self.console.entries if shown.cell == cell
                      and shown.kind != "input"]
            self.reports.append(notebook.RecordedCell.fitted(cell, entry.text, RECORDED[outcome], output))
        if cell == self.queued:
            self.queued = 0
            if RECORDED[outcome] != "ok" and self.queue:
                self.queue.clear()
                updates.append(self.console.add("notice", RUN_ALL_STOPPED.format(cell=cell), cell))
        return updates

    def take_reports(self) -> list[str]:
        """The reports of the cells that ended since the last call, as the texts the Workspace keeps."""
        texts = [report.to_text() for report in self.reports]
        self.reports.clear()
        return texts

    # -- recorded cells (a replay) ------------------------------------------------------------------------------

    def show_recorded(self, text: str) -> list[Update]:
        """A recorded cell the Workspace sent (a replay): its source and recorded output, as text, numbered like a
        new cell; a text that is no recorded cell is a notice saying why (nothing else changes)."""
        try:
            cell = notebook.read(text)
        except notebook.CellError as error:
            return [self.console.add("notice", REFUSED_CELL.format(error=error))]
        self.count += 1
        update = self.console.add("input", cell.source, self.count)
        update.entry.recorded, update.entry.outcome = True, cell.outcome
        self.recorded.append(update.entry)
        updates = [update, *(self.console.add(kind, output, self.count) for kind, output in cell.output)]
        for shown in updates[1:]:
            shown.entry.recorded = True
        return updates

    def recorded_source(self, number: int) -> str | None:
        """The source of the recorded cell whose entry is ``number`` (None: no such cell shown)."""
        return next((entry.text for entry in self.recorded if entry.number == number), None)

    def run_all(self) -> None:
        """Queue every recorded cell, in order (``next_queued`` hands them out one at a time)."""
        self.queue = list(self.recorded)

    def next_queued(self) -> str | None:
        """The source of the next recorded cell to run, once the one Run all started has ended (None: wait, or
        nothing left)."""
        if self.queued or not self.queue:
            return None
        return self.queue.pop(0).text

    @property
    def running_all(self) -> bool:
        return bool(self.queued or self.queue)

    def forget_recorded(self) -> None:
        """The console was cleared: the recorded cells go with it (a cell Run all started still ends as usual)."""
        self.recorded.clear()
        self.queue.clear()
