"""The inspector table's state (sans-I/O): the filter, the rows shown in time order, the selected message and its
detail pane, the keys that step through the messages.

The host keeps its journal; the table shows, oldest first, the newest INSPECTOR_ROWS rows of the entries that pass
the filter, each under what caused it (``inspector_groups``): a scenario step's heading row, then each cause's row
followed by its reply and events. Clear empties the table only: a new filter shows again what came after the last
clear. New rows are scrolled into sight unless a message is selected (the selection stays in sight instead).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from wwe.shown import clip

from .. import message_detail
from ..host.journal import InspectorEntry
from ..inspector_groups import Grouping, Placed, StepMarks
from ..inspector_view import SUMMARY_CHARS, VERDICT_FILTERS, InspectorFilter, newer, row
from ..timeline import Step
from .effects import Cell, Detail, Effect, InspectorRows, Row, SelectOptions, SelectRow, SetText

INSPECTOR_ROWS = 400
TABLE, VERDICTS, FRAMES = "inspector", "inspector-verdict", "inspector-frame"
DETAIL, KEYS_HINT = "inspector-detail", "inspector-keys"
"""The ids of the table's body, of the filter's selects, of the detail pane and of the keys' hint."""
TOGGLE_ROW = "toggle-row"
NEXT, PREVIOUS, FIRST, LAST, UNSELECT = "next", "previous", "first", "last", "unselect"
KEYS = {"j": NEXT, "ArrowDown": NEXT, "k": PREVIOUS, "ArrowUp": PREVIOUS, "Home": FIRST, "End": LAST,
        "Escape": UNSELECT}
"""The keys that step through the messages (outside text fields), and what each does."""
KEY_HINT = "j / ↓ next message · k / ↑ previous · Home / End · Esc: follow the newest"
NOTHING_SELECTED = "Click a message, or press j / k, to see it here."
NEWEST = "Newest · "
"""Before the detail pane's title while it follows the newest message (nothing selected)."""
TITLE_CHARS = 60
"""The most of a message's summary the pane's title shows (its JSON is under it)."""
REVEAL_CONTEXT = 2
"""Lines shown above the first changed one when the detail pane scrolls to it."""


def cells(placed: Placed, key: str) -> Row:
    """One table row for an inspector entry: the summary over the origin and the message; a click selects it and
    shows it all (text only: messages may hold hostile strings). A row that starts its group is a ``head``."""
    shown = row(placed.entry)
    lines = [("summary", shown.summary), ("detail", f"{shown.origin or 'no origin'} · {shown.detail}")]
    if shown.tone == "warn":
        lines.insert(1, ("note", f"⚠ {shown.note}"))
    place = f"head kind-{placed.kind}" if placed.head else "member"
    return Row(f"dir-{shown.direction} {place}", TOGGLE_ROW, (
        Cell(shown.time, "time"),
        Cell(shown.arrow[0], "dir", shown.arrow[1]),
        Cell(shown.frame, "frame", shown.origin),
        Cell("", "message", "", tuple(lines)),
        Cell(shown.verdict, f"verdict tone-{shown.tone}", shown.note),
    ), key)


def heading(step: Step) -> Row:
    """The row that opens a scenario step's section."""
    text = f"Step {step.number} · {step.describe()}"
    return Row("step-heading", "", (Cell(clip(text, SUMMARY_CHARS * 2), "step-title", text, span=5),))


def moved(selected: int | None, count: int, move: str) -> int | None:
    """The selected position after a key's ``move`` among ``count`` messages (None: nothing selected). From no
    selection, next and previous select the newest message."""
    if count == 0 or move == UNSELECT:
        return None
    if move == FIRST:
        return 0
    if move == LAST or selected is None:
        return count - 1
    return min(max(selected + (1 if move == NEXT else -1), 0), count - 1)


class InspectorTable:
    """What the inspector table shows of the journal, the selected message, and the state of the filter's selects."""

    def __init__(self) -> None:
        self.filter = InspectorFilter()
        self.last_shown: InspectorEntry | None = None  # newest entry already considered for the table
        self.cleared_at: InspectorEntry | None = None  # newest entry when the table was last cleared
        self.frame_choices: dict[str, str] = {}
        self.chosen = {VERDICTS: "", FRAMES: ""}     # what each select shows now
        self.steps = StepMarks()
        self.grouping = Grouping(self.steps)
        self.shown: list[tuple[int, InspectorEntry | None]] = []  # the table's rows: (key, entry), None: a heading
        self.section: Step | None = None             # the step heading the last row shown is under
        self.serial = 0
        self.selected: int | None = None             # the key of the selected row
        self.pane = False                            # whether the detail pane is shown (presenter mode)

    def start(self) -> list[Effect]:
        """The filter's verdict choices, the keys' hint, the empty detail pane."""
        return [SelectOptions(VERDICTS, VERDICT_FILTERS), SetText(KEYS_HINT, KEY_HINT), *self._unselect([])]

    def rows(self, entries: Sequence[InspectorEntry]) -> list[Effect]:
        """The rows of the entries not shown yet (none: nothing), and the newest in the detail pane while no message
        is selected."""
        added = self._added(entries)
        return [added, *self._newest(entries)] if added.rows else []

    def clear(self, entries: Sequence[InspectorEntry]) -> list[Effect]:
        """Clear: the table is emptied; what is in the journal now is never shown again unless refiltered."""
        self._considered(entries, newer(entries, self.last_shown, len(entries)))
        self.cleared_at = self.last_shown
        self.shown, self.section = [], None
        return [InspectorRows(TABLE, (), INSPECTOR_ROWS, clear=True), *self._unselect(entries)]

    def choose(self, select: str, value: str, entries: Sequence[InspectorEntry]) -> list[Effect]:
        """A select of the filter changed: show again the retained entries (since the last clear) that pass it."""
        self.chosen[select] = value
        self.filter = InspectorFilter(self.chosen[VERDICTS], self.chosen[FRAMES])
        self.shown, self.section = [], None
        self._considered(entries, newer(entries, self.last_shown, len(entries)))
        again = newer(entries, self.cleared_at, len(entries))
        self.grouping = Grouping(self.steps)  # placed again from the oldest entry: a group may start before the clear
        self.grouping.place_all(entries[:len(entries) - len(again)])
        return [self._table(self.grouping.place_all(again), clear=True), *self._unselect(entries)]

    def show_pane(self, shown: bool, entries: Sequence[InspectorEntry]) -> list[Effect]:
        """The detail pane is shown (presenter mode) or not; shown, it follows the newest message at once."""
        self.pane = shown
        return self._newest(entries)

    def _newest(self, entries: Sequence[InspectorEntry]) -> list[Effect]:
        """While no message is selected, the detail pane (when shown) follows the newest message of the table."""
        newest = next((entry for _, entry in reversed(self.shown) if entry is not None), None)
        if not self.pane or self.selected is not None or newest is None:
            return []
        return [detail(newest, entries, NEWEST)]

    def _added(self, entries: Sequence[InspectorEntry]) -> InspectorRows:
        return self._table(self._considered(entries, newer(entries, self.last_shown, len(entries))))

    def _considered(self, entries: Sequence[InspectorEntry], new: Sequence[InspectorEntry]) -> list[Placed]:
        """Place the ``new`` entries in their groups: the grouping sees every entry once, in order, whatever the
        filter."""
        if entries:
            self.last_shown = entries[-1]
        return self.grouping.place_all(new)

    def _table(self, placed: list[Placed], clear: bool = False) -> InspectorRows:
        out: list[Row] = []
        for where in placed:
            if not self.filter.matches(where.entry):
                continue
            if where.step is not None and where.step is not self.section:
                self.section = where.step
                out.append(heading(where.step))
                self.shown.append((0, None))
            self.serial += 1
            out.append(cells(where, str(self.serial)))
            self.shown.append((self.serial, where.entry))
        del self.shown[:max(len(self.shown) - INSPECTOR_ROWS, 0)]
        return InspectorRows(TABLE, tuple(out[-INSPECTOR_ROWS:]), INSPECTOR_ROWS, clear, follow=self.selected is None)

    def restarted(self) -> None:
        """A new host: a new journal."""
        self.last_shown = self.cleared_at = None
        self.grouping = Grouping(self.steps)

    def frame_options(self, labels: Mapping[str, str]) -> SelectOptions | None:
        """The frame select's choices when the frames changed (the filter's frame stays chosen if it is there)."""
        if labels == self.frame_choices:
            return None
        self.frame_choices = dict(labels)
        self.chosen[FRAMES] = self.filter.frame if self.filter.frame in labels else ""
        return SelectOptions(FRAMES, tuple((frame_id, f"{frame_id} ({label})") for frame_id, label in labels.items()),
                             self.chosen[FRAMES], keep=1)

    # -- the selected message -------------------------------------------------------------------------------------

    def select(self, key: str, entries: Sequence[InspectorEntry]) -> list[Effect]:
        """A row was clicked: select its message (a heading, or a row no longer shown: nothing)."""
        shown = dict(self.shown)
        number = int(key) if key.isdigit() else -1
        return self._select(number, entries) if shown.get(number) is not None else []

    def key(self, name: str, entries: Sequence[InspectorEntry]) -> list[Effect]:
        """A key of KEYS: step to the next or previous message, the first or the last, or unselect."""
        keys = [number for number, entry in self.shown if entry is not None]
        at = keys.index(self.selected) if self.selected in keys else None
        position = moved(at, len(keys), KEYS[name])
        return self._unselect(entries, follow=True) if position is None else self._select(keys[position], entries)

    def _select(self, number: int, entries: Sequence[InspectorEntry]) -> list[Effect]:
        self.selected = number
        entry = dict(self.shown)[number]
        assert entry is not None
        return [SelectRow(TABLE, str(number)), detail(entry, entries)]

    def _unselect(self, entries: Sequence[InspectorEntry], follow: bool = False) -> list[Effect]:
        self.selected = None
        out: list[Effect] = [SelectRow(TABLE, None), *self._newest(entries)]
        if len(out) == 1:
            out.append(Detail(DETAIL, "No message yet", NOTHING_SELECTED))
        return [*out, InspectorRows(TABLE, (), INSPECTOR_ROWS, follow=True)] if follow else out


def detail(entry: InspectorEntry, entries: Sequence[InspectorEntry], heading: str = "") -> Detail:
    """The detail pane for ``entry`` (``heading`` before its title): what it is, when and where, and its JSON with the
    fields changed since the previous message of its kind marked."""
    shown = row(entry)
    index = next((n for n in range(len(entries) - 1, -1, -1) if entries[n] is entry), None)
    previous = message_detail.previous_of(entries, index) if index is not None else None
    title = f"{heading}{shown.time} · {shown.frame} {shown.arrow[0]} {clip(shown.summary, TITLE_CHARS)}"
    verdict = f"{shown.verdict}: {shown.note}" if shown.note else shown.verdict
    if previous is None:
        caption = f"{verdict} · the first of its kind here: nothing to compare with."
        marked: frozenset[message_detail.Path] = frozenset()
    else:
        marked = message_detail.changed(previous.message, entry.message)
        since = f"the previous one ({row(previous).time})"
        caption = f"{verdict} · " + (f"highlighted: changed since {since}" if marked else f"the same as {since}")
    shown_lines = message_detail.lines(entry.message, marked)
    first = next((number for number, line in enumerate(shown_lines) if line.changed), 0)
    return Detail(DETAIL, title, caption, tuple((line.text, line.depth, line.changed) for line in shown_lines),
                  max(first - REVEAL_CONTEXT, 0))
