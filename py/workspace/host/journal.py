"""The inspector journal: every message in and out of the host and every page event, with what the host decided.

It keeps at most MAX_INSPECTOR_ENTRIES entries and MAX_INSPECTOR_CHARS characters of messages, forgetting the
oldest; ``export`` gives the entries as a recorded session (JSON-ready).
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .contracts import FrameInfo, Outgoing
from .page_events import PageEvent

# Verdicts of incoming messages.
ANSWERED = "answered"              # handled; the reply (if the message needs one) carries data
ERROR = "error"                    # handled; the reply carries errorMessage (unknown request, model error...)
REFUSED_ORIGIN = "refused-origin"  # origin not in accepted-web-content-origins (error reply)
REFUSED_FILTER = "refused-filter"  # origin listed, request not in its filter (error reply)
RATE_LIMITED = "rate-limited"      # first request over the limit (error reply, quarantine starts)
QUARANTINED = "quarantined"        # request during quarantine (no reply)
MALFORMED = "malformed"            # not a valid message (error reply only if it has a string referenceId)
UNKNOWN_FRAME = "unknown-frame"    # from no attached frame (dropped)
CELL = "cell"                      # a playground's cell, kept for the session's export (wwe.notebook; no reply)
REFUSED_CELL = "refused-cell"      # a cell report not kept: not from a playground view, or malformed (the note)

# Kinds of outgoing messages.
REPLY = "reply"
EVENT = "event"
FRAME_ID = "frame-id"
REPLAYED = "replayed"              # posted again by a replay of a recording (not the host's doing: a check skips it)

# Page events (direction HOST): what the page did, so that a recorded session can be replayed.
HOST = "host"
DONE = "done"                      # a frame attached, detached or changed; a control-panel action performed
REFUSED = "refused"                # a control-panel action the model refused (the note says why)

MAX_INSPECTOR_ENTRIES = 10_000
MAX_INSPECTOR_CHARS = 20_000_000  # ...and the JSON text of the messages it keeps, in characters


@dataclass(frozen=True)
class InspectorEntry:
    """One message: ``direction`` is "in", "out" or "host" (a page event: ``message`` is its ``to_json()``);
    ``time`` is a Unix time; ``note`` explains refusals; ``chars`` is the length of the message as JSON text (what
    the bound on the journal counts)."""

    time: float
    direction: str
    origin: str | None
    frame_id: str | None
    message: Any
    verdict: str
    note: str = ""
    chars: int = 0


class Journal:
    """The entries, oldest first, within MAX_INSPECTOR_ENTRIES and MAX_INSPECTOR_CHARS."""

    def __init__(self) -> None:
        self.entries: list[InspectorEntry] = []
        self.chars = 0

    def outgoing(self, wall: float, out: list[Outgoing], frames: Mapping[str, FrameInfo]) -> list[Outgoing]:
        """Record messages sent to frames and hand them back."""
        for frame_id, message in out:
            frame = frames.get(frame_id)
            kind = EVENT if "event" in message else REPLY if "referenceId" in message else FRAME_ID
            chars = len(json.dumps(message, default=repr))
            self.add(InspectorEntry(wall, "out", frame.origin if frame else None, frame_id, message, kind, "", chars))
        return out

    def page_event(self, wall: float, event: PageEvent, refusal: str | None = None) -> None:
        """Record what the page did (a refused control-panel action with the refusal)."""
        verdict = DONE if refusal is None else REFUSED
        self.add(InspectorEntry(wall, HOST, None, None, event.to_json(), verdict, refusal or ""))

    def replayed(self, wall: float, frame: FrameInfo, message: Any, note: str) -> None:
        """Record a message a replay posted to ``frame`` (``note``: where it was recorded)."""
        chars = len(json.dumps(message, default=repr))
        self.add(InspectorEntry(wall, "out", frame.origin, frame.frame_id, message, REPLAYED, note, chars))

    def add(self, entry: InspectorEntry) -> None:
        """Keep ``entry``, then forget the oldest entries past MAX_INSPECTOR_ENTRIES or MAX_INSPECTOR_CHARS."""
        self.entries.append(entry)
        self.chars += entry.chars
        drop = max(len(self.entries) - MAX_INSPECTOR_ENTRIES, 0)
        dropped_chars = sum(old.chars for old in self.entries[:drop])
        while self.chars - dropped_chars > MAX_INSPECTOR_CHARS and drop < len(self.entries) - 1:
            dropped_chars += self.entries[drop].chars
            drop += 1
        if drop:
            del self.entries[:drop]
            self.chars -= dropped_chars


def export(entries: list[InspectorEntry]) -> list[dict[str, Any]]:
    """The entries as JSON-ready records (a recorded session): time, direction, origin, frame, message, verdict."""
    return [{"time": e.time, "direction": e.direction, "origin": e.origin, "frame": e.frame_id,
             "message": e.message, "verdict": e.verdict, "note": e.note} for e in entries]
