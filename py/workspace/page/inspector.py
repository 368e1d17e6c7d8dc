"""The inspector table's state (sans-I/O): the filter, what is shown, the frame choices, the rows to add.

The host keeps its journal; the table shows the newest INSPECTOR_ROWS entries that pass the filter. Clear empties
the table only: a new filter shows again what came after the last clear.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..host.journal import InspectorEntry
from ..inspector_view import VERDICT_FILTERS, InspectorFilter, newer, row
from .effects import Cell, InspectorRows, Row, SelectOptions

INSPECTOR_ROWS = 400
TABLE, VERDICTS, FRAMES = "inspector", "inspector-verdict", "inspector-frame"
"""The ids of the table's body and of the filter's selects."""
TOGGLE_ROW = "toggle-row"


def cells(entry: InspectorEntry) -> Row:
    """One table row for an inspector entry: the summary over the origin and the message; a click shows it all
    (text only: messages may hold hostile strings)."""
    shown = row(entry)
    lines = [("summary", shown.summary), ("detail", f"{shown.origin or 'no origin'} · {shown.detail}")]
    if shown.tone == "warn":
        lines.insert(1, ("note", f"⚠ {shown.note}"))
    return Row(f"dir-{shown.direction}", TOGGLE_ROW, (
        Cell(shown.time, "time"),
        Cell(shown.arrow[0], "dir", shown.arrow[1]),
        Cell(shown.frame, "frame", shown.origin),
        Cell("", "message", "", tuple(lines)),
        Cell(shown.verdict, f"verdict tone-{shown.tone}", shown.note),
    ))


class InspectorTable:
    """What the inspector table shows of the journal, and the state of its filter's selects."""

    def __init__(self) -> None:
        self.filter = InspectorFilter()
        self.last_shown: InspectorEntry | None = None  # newest entry already considered for the table
        self.cleared_at: InspectorEntry | None = None  # newest entry when the table was last cleared
        self.frame_choices: dict[str, str] = {}
        self.chosen = {VERDICTS: "", FRAMES: ""}     # what each select shows now

    def verdict_options(self) -> SelectOptions:
        return SelectOptions(VERDICTS, VERDICT_FILTERS)

    def rows(self, entries: Sequence[InspectorEntry]) -> InspectorRows | None:
        """The rows of the entries not shown yet (None: none)."""
        added = self._added(entries)
        return added if added.rows else None

    def clear(self, entries: Sequence[InspectorEntry]) -> InspectorRows:
        """Clear: the table is emptied; what is in the journal now is never shown again unless refiltered."""
        self.cleared_at = self.last_shown = entries[-1] if entries else None
        return InspectorRows(TABLE, (), INSPECTOR_ROWS, clear=True)

    def choose(self, select: str, value: str, entries: Sequence[InspectorEntry]) -> InspectorRows:
        """A select of the filter changed: show again the retained entries (since the last clear) that pass it."""
        self.chosen[select] = value
        self.filter = InspectorFilter(self.chosen[VERDICTS], self.chosen[FRAMES])
        self.last_shown = self.cleared_at
        return self._added(entries, clear=True)

    def _added(self, entries: Sequence[InspectorEntry], clear: bool = False) -> InspectorRows:
        found = newer(entries, self.last_shown, INSPECTOR_ROWS, self.filter)
        if entries:
            self.last_shown = entries[-1]
        return InspectorRows(TABLE, tuple(map(cells, found)), INSPECTOR_ROWS, clear)

    def restarted(self) -> None:
        """A new host: a new journal."""
        self.last_shown = self.cleared_at = None

    def frame_options(self, labels: Mapping[str, str]) -> SelectOptions | None:
        """The frame select's choices when the frames changed (the filter's frame stays chosen if it is there)."""
        if labels == self.frame_choices:
            return None
        self.frame_choices = dict(labels)
        self.chosen[FRAMES] = self.filter.frame if self.filter.frame in labels else ""
        return SelectOptions(FRAMES, tuple((frame_id, f"{frame_id} ({label})") for frame_id, label in labels.items()),
                             self.chosen[FRAMES], keep=1)
