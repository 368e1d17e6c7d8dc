"""What the protocol inspector shows (sans-I/O): one readable row per message, the filter, the entries to add."""
from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from wwe import notebook
from wwe.shown import clip

from .host import journal
from .host.journal import InspectorEntry
from .host.page_events import ActionPerformed, Asked, Attached, Detached, PageEvent, page_event

SUMMARY_CHARS = 120
DETAIL_CHARS = 4000
PROBLEMS = "problems"
PROBLEM_VERDICTS = frozenset({journal.ERROR, journal.REFUSED_ORIGIN, journal.REFUSED_FILTER,
                              journal.RATE_LIMITED, journal.QUARANTINED, journal.MALFORMED,
                              journal.UNKNOWN_FRAME, journal.REFUSED, journal.REFUSED_CELL})
VERDICT_FILTERS: tuple[tuple[str, str], ...] = (
    ("", "All messages"),
    ("in", "Incoming"),
    ("out", "Outgoing"),
    (journal.HOST, "Simulator happenings"),
    (PROBLEMS, "Refused or failed"),
    (journal.ANSWERED, "Answered"),
    (journal.ERROR, "Error"),
    (journal.REFUSED_ORIGIN, "Refused: origin"),
    (journal.REFUSED_FILTER, "Refused: filter"),
    (journal.RATE_LIMITED, "Rate-limited"),
    (journal.QUARANTINED, "Quarantined"),
    (journal.MALFORMED, "Malformed"),
    (journal.UNKNOWN_FRAME, "Unknown frame"),
    (journal.EVENT, "Events"),
    (journal.REPLY, "Replies"),
    (journal.REPLAYED, "Replayed"),
    (journal.CELL, "Playground cells"),
    (journal.REFUSED_CELL, "Refused: cell"),
)
"""(value, label) of the verdict filter's choices."""


@dataclass
class InspectorFilter:
    """Which entries the inspector shows: ``verdict`` is a value of VERDICT_FILTERS, ``frame`` a frame id ("": all)."""

    verdict: str = ""
    frame: str = ""

    def matches(self, entry: InspectorEntry) -> bool:
        if self.frame and entry.frame_id != self.frame:
            return False
        if self.verdict in ("", entry.direction, entry.verdict):
            return True
        return self.verdict == PROBLEMS and entry.verdict in PROBLEM_VERDICTS


def newer(entries: Sequence[InspectorEntry], since: InspectorEntry | None, limit: int,
          only: InspectorFilter | None = None) -> list[InspectorEntry]:
    """The entries after ``since`` (all when None or no longer held) that pass ``only``, oldest first: at most the
    newest ``limit`` of them."""
    found: list[InspectorEntry] = []
    for entry in reversed(entries):
        if entry is since or len(found) == limit:
            break
        if only is None or only.matches(entry):
            found.append(entry)
    found.reverse()
    return found


@dataclass(frozen=True)
class Row:
    """The text of one inspector row; ``tone`` is "ok", "warn" (answered, with a note such as an unknown event
    name), "bad" or "" (for the verdict's colour)."""

    time: str
    direction: str
    frame: str
    origin: str
    summary: str
    detail: str
    verdict: str
    note: str
    tone: str

    @property
    def arrow(self) -> tuple[str, str]:
        """The direction's sign and what it means."""
        return ARROWS.get(self.direction, ARROWS["out"])


ARROWS = {"in": ("→", "to the host"), "out": ("←", "to the frame"), journal.HOST: ("•", "on the simulator page")}


def row(entry: InspectorEntry) -> Row:
    """The row showing ``entry``."""
    detail = entry.message if isinstance(entry.message, str) else compact(entry.message)
    tone = "bad" if entry.verdict in PROBLEM_VERDICTS else "" if entry.verdict != journal.ANSWERED \
        else "warn" if entry.note else "ok"
    event = page_event(entry.message) if entry.direction == journal.HOST else None
    return Row(
        time=time.strftime("%H:%M:%S", time.localtime(entry.time)) + f".{int(entry.time * 1000) % 1000:03d}",
        direction=entry.direction if entry.direction in ("in", journal.HOST) else "out",
        frame=entry.frame_id or (_page_event_frame(event) if event else "?"),
        origin=entry.origin or "",
        summary=clip(summary(entry), SUMMARY_CHARS),
        detail=clip(detail, DETAIL_CHARS),
        verdict=entry.verdict,
        note=clip(entry.note, DETAIL_CHARS),
        tone=tone,
    )


def summary(entry: InspectorEntry) -> str:
    """One line saying what the message is: ``agent.setState ["Ready"]``, ``interaction RINGING #1``..."""
    message = entry.message
    if notebook.is_cell_text(message):
        try:
            cell = notebook.read(message)
        except notebook.CellError:
            return str(message)
        return f"playground cell {cell.cell} ({cell.outcome}): {' '.join(cell.source.split())}"
    if not isinstance(message, dict):
        return message if isinstance(message, str) else f"({type(message).__name__})"
    if entry.direction == "in":
        return _incoming(message)
    if entry.direction == journal.HOST:
        event = page_event(message)
        return _page_event(event) if event else compact(message)
    if "event" in message:  # an event or a reply, sent by the host or posted again by a replay
        return _event(message)
    if "referenceId" in message:
        outcome = f"failed: {message['errorMessage']}" if "errorMessage" in message else f"-> {compact(message.get('data'))}"
        return f"{message.get('request')} {outcome}"
    return f"frameId {message.get('frameId')}"


def _incoming(message: dict[str, Any]) -> str:
    if message.get("event") == "subscribe":
        names = message.get("data")
        return "subscribe " + (", ".join(map(str, names)) if isinstance(names, list) else str(names))
    if message.get("event") is not None:
        return f"{message.get('event')} {compact(message.get('data'))}"
    return f"{message.get('request')} {compact(message.get('parameters', []))}"


def _page_event_frame(event: PageEvent) -> str:
    """The frame a page event is about ("page" for a control-panel action)."""
    return "page" if isinstance(event, ActionPerformed) else event.frame_id


def _page_event(event: PageEvent) -> str:
    """``attach frame1 Dashboard``, ``update frame1 visible=False``, ``action inbound media=voice``..."""
    if isinstance(event, ActionPerformed):
        return " ".join([f"action {event.name}", *(f"{key}={value}" for key, value in event.fields.items())])
    if isinstance(event, Attached):
        return f"attach {event.frame_id} {event.name}"
    if isinstance(event, Detached):
        return f"detach {event.frame_id}"
    if isinstance(event, Asked):
        return f"step {event.step} asks {event.frame_id or 'no frame'}: {event.request} {compact(event.parameters)}"
    return " ".join([f"update {event.frame_id}", *(f"{key}={value}" for key, value in event.changes().items())])


def _event(message: dict[str, Any]) -> str:
    data = message.get("data")
    words = [str(message.get("event"))]
    if isinstance(data, dict):
        if "frameState" in data:
            words.append(f"frameState {data['frameState']}")
        if "eventType" in data:
            words.append(str(data["eventType"]))
        interaction = data.get("interaction")
        if isinstance(interaction, dict):
            words.append(f"#{interaction.get('interactionId')}")
            if interaction.get("state") != data.get("eventType"):
                words.append(f"({interaction.get('state')})")
    return " ".join(words)


def compact(value: Any) -> str:
    """``value`` as one line of JSON."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)

