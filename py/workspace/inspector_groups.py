"""How the protocol inspector groups the journal (sans-I/O): each message under what caused it, in time order.

A group starts at its cause: a request (subscribe, unsubscribe, a malformed message) from a frame, or something the
simulator page did (a control-panel action, a frame attached, changed or detached). The host's answers to it (the
reply, the events it caused, a frameId) come right after it in the journal and belong to it. An outgoing message
that comes more than CAUSE_WINDOW after the entry before it is the contact centre acting on its own (a timer: the
remote party answers, a toast closes) and starts a group of its own; so does a run of replayed messages.

A scenario step opens a section, "Step N", at the first entry logged after it ran (its control-panel action, or for
a note the first request the learners' clicks cause); the section lasts until the next step's.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .host import journal
from .host.journal import InspectorEntry
from .timeline import Played, Step

CAUSE_WINDOW = 0.05
"""Seconds: an outgoing message later than this after the entry before it was not sent in answer to it."""
REQUEST, PAGE, TIMER, REPLAY = "request", "page", "timer", "replay"
"""What started a group: a frame's message, the simulator page, the contact centre by itself, a replay."""


@dataclass(frozen=True)
class Placed:
    """Where an entry goes: ``head`` when it starts its group (``kind`` says what started it), ``step`` the scenario
    step whose section it is in (None: before the first step)."""

    entry: InspectorEntry
    head: bool
    kind: str
    step: Step | None


class Grouping:
    """Places the journal's entries, fed oldest first; ``steps`` knows where each played step's section starts."""

    def __init__(self, steps: StepMarks) -> None:
        self.steps = steps
        self.previous: InspectorEntry | None = None
        self.kind = ""
        self.step: Step | None = None

    def place(self, entry: InspectorEntry) -> Placed:
        opened = self.steps.opened_after(self.previous)
        if opened is not None:
            self.step = opened
        head, kind = self._head(entry)
        self.previous, self.kind = entry, kind
        return Placed(entry, head, kind, self.step)

    def _head(self, entry: InspectorEntry) -> tuple[bool, str]:
        if entry.direction == "in":
            return True, REQUEST
        if entry.direction == journal.HOST:
            return True, PAGE
        if entry.verdict == journal.REPLAYED:
            return self.kind != REPLAY, REPLAY
        previous = self.previous
        if previous is None or self.kind == REPLAY or entry.time - previous.time > CAUSE_WINDOW:
            return True, TIMER
        return False, self.kind

    def place_all(self, entries: Iterable[InspectorEntry]) -> list[Placed]:
        return [self.place(entry) for entry in entries]


class StepMarks:
    """The played steps' sections: each starts at the first entry after the one its step ran after (``since``)."""

    def __init__(self) -> None:
        self._after: dict[int, tuple[InspectorEntry, Step]] = {}  # id(since) -> (since, the last step played after it)

    def note(self, played: Sequence[Played]) -> None:
        """Remember the steps played (the player's list, again and again: a reset empties it, the marks stay)."""
        for done in played:
            if done.since is not None:
                self._after[id(done.since)] = (done.since, done.step)

    def opened_after(self, entry: InspectorEntry | None) -> Step | None:
        """The step whose section starts right after ``entry`` (None: none)."""
        mark = self._after.get(id(entry)) if entry is not None else None
        return mark[1] if mark is not None and mark[0] is entry else None
