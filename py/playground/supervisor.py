"""The page's watch over its Python worker (sans-I/O): which cells run, their time limits, and how Stop ends them.

Stop (or a cell's time limit) first cancels the cell's task: a cell waiting on an await ends at once, with
Python's state kept. A cell busy in Python (``while True: pass``) cannot read that message; when it has not ended
``grace`` seconds later, the worker is stuck: with Pyodide's interrupt buffer (a SharedArrayBuffer, so only in a
cross-origin isolated page) the page raises KeyboardInterrupt in it, and waits ``grace`` again; without one, or
if that did not end it either, the page terminates the worker and starts a new one (Python's state is lost).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Union

GRACE = 2.0
"""Seconds a cancelled (then interrupted) cell has to end before the page goes one step further."""
LIMIT = 30.0
"""The default time limit of a cell, in seconds (the page's "Time limit" field; 0: none)."""


@dataclass(frozen=True)
class SendCancel:
    """Ask the worker to cancel the cell's task."""

    cell: int


@dataclass(frozen=True)
class Interrupt:
    """Raise KeyboardInterrupt in the Python the worker is running (Pyodide's interrupt buffer)."""


@dataclass(frozen=True)
class Restart:
    """Terminate the worker and start a new one; ``cells``: those that were running, lost with it, each with why
    it was being stopped ("stop", "limit", or "" for a cell that was only waiting)."""

    cells: tuple[tuple[int, str], ...]


Effect = Union[SendCancel, Interrupt, Restart]


@dataclass
class Running:
    """A cell sent to the worker: its time limit's deadline; once stopping, why ("stop" or "limit"), and when the
    next step is due."""

    deadline: float
    reason: str = ""
    escalate_at: float = math.inf
    interrupted: bool = False


@dataclass
class Supervisor:
    """The running cells; ``interruptible``: the page has an interrupt buffer shared with the worker."""

    interruptible: bool
    grace: float = GRACE
    cells: dict[int, Running] = field(default_factory=dict)

    def run(self, cell: int, now: float, limit: float) -> None:
        """``cell`` was sent to the worker; ``limit``: its time limit in seconds (0 or less: none)."""
        self.cells[cell] = Running(now + limit if limit > 0 else math.inf)

    def stop(self, now: float, reason: str = "stop") -> list[Effect]:
        """Stop every running cell (``reason``: "stop", the Stop button, or "limit")."""
        return [self._stop(cell, now, reason) for cell, running in self.cells.items() if not running.reason]

    def _stop(self, cell: int, now: float, reason: str) -> SendCancel:
        running = self.cells[cell]
        running.reason, running.escalate_at = reason, now + self.grace
        return SendCancel(cell)

    def tick(self, now: float) -> list[Effect]:
        """What is due at ``now``: cells over their time limit are stopped; a stuck worker is interrupted or
        restarted."""
        effects: list[Effect] = [self._stop(cell, now, "limit") for cell, running in self.cells.items()
                                 if not running.reason and running.deadline <= now]
        stuck = [running for running in self.cells.values() if running.escalate_at <= now]
        if stuck and self.interruptible and not any(running.interrupted for running in stuck):
            for running in stuck:
                running.interrupted, running.escalate_at = True, now + self.grace
            effects.append(Interrupt())
        elif stuck:
            effects.append(Restart(tuple((cell, running.reason) for cell, running in self.cells.items())))
            self.cells.clear()
        return effects

    def finished(self, cell: int, outcome: str) -> str:
        """The worker says ``cell`` ended with ``outcome``: the outcome to show ("timeout" for a cell its time
        limit stopped)."""
        running = self.cells.pop(cell, None)
        if running is not None and running.reason == "limit" and outcome in ("cancelled", "interrupted"):
            return "timeout"
        return outcome

    def next_deadline(self) -> float | None:
        """When ``tick`` has something to do next (None: nothing pending)."""
        times = [min(running.deadline if not running.reason else math.inf, running.escalate_at)
                 for running in self.cells.values()]
        due = min(times, default=math.inf)
        return None if due == math.inf else due
