"""The inspector log: every message in and out of the host, with what the host decided."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Verdicts of incoming messages.
ANSWERED = "answered"              # handled; the reply (if the message needs one) carries data
ERROR = "error"                    # handled; the reply carries errorMessage (unknown request, model error...)
REFUSED_ORIGIN = "refused-origin"  # origin not in accepted-web-content-origins (error reply)
REFUSED_FILTER = "refused-filter"  # origin listed, request not in its filter (error reply)
RATE_LIMITED = "rate-limited"      # first request over the limit (error reply, quarantine starts)
QUARANTINED = "quarantined"        # request during quarantine (no reply)
MALFORMED = "malformed"            # not a valid message (error reply only if it has a string referenceId)
UNKNOWN_FRAME = "unknown-frame"    # from no attached frame (dropped)

# Kinds of outgoing messages.
REPLY = "reply"
EVENT = "event"
FRAME_ID = "frame-id"

# Host-side happenings (direction HOST): what the page did, so that a recorded session can be replayed.
HOST = "host"
DONE = "done"                      # a frame attached, detached or changed; a control-panel action performed
REFUSED = "refused"                # a control-panel action the model refused (the note says why)


@dataclass(frozen=True)
class InspectorEntry:
    """One message: ``direction`` is "in", "out" or "host" (a happening on the page: ``message`` is
    ``{"attach": frame, "origin", "name"}``, ``{"detach": frame}``, ``{"update": frame, ...changes}`` or
    ``{"action": name, "fields": {...}}``); ``time`` is a Unix time; ``note`` explains refusals; ``chars`` is the
    length of the message as JSON text (what the host's bound on the log counts)."""

    time: float
    direction: str
    origin: str | None
    frame_id: str | None
    message: Any
    verdict: str
    note: str = ""
    chars: int = 0


def export(entries: list[InspectorEntry]) -> list[dict[str, Any]]:
    """The entries as JSON-ready records (a recorded session): time, direction, origin, frame, message, verdict."""
    return [{"time": e.time, "direction": e.direction, "origin": e.origin, "frame": e.frame_id,
             "message": e.message, "verdict": e.verdict, "note": e.note} for e in entries]
