"""Recorded sessions (sans-I/O): read an inspector export, check that a fresh host reproduces it, and schedule
what the host sent to each frame for a replay against live extension frames.

A recording is ``journal.export(host.inspector)`` as JSON (the simulator page's Export button): every message
in and out, and the page's events (``host.page_events``: frames attached, detached or changed; control-panel actions
and scenario steps), each with its Unix time. The cells a playground ran are incoming messages the host kept
(verdict ``cell``, ``wwe.notebook``, decision P7): a replay posts them back to the playground's frame with the rest.

``check(recording, config)`` runs the recording's incoming messages and page events, at their recorded times, through
a new Host built from ``config`` and compares everything the new host logs with the recording. It ignores what
legitimately varies from run to run: the entries' ``time``, and inside messages the values of VARYING_KEYS
(dates stamped from the wall clock, and JWTs, signed with a per-session secret unless the scenario sets one); and
messages a replay posted (verdict ``replayed``: not the host's doing). ``config`` is pointed at the extension site
the recording's frames were on (``recorded_site``: a session recorded with ``?extension-origin=``).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from wwe import notebook

from . import control_panel
from .config import DEMO_EXTENSION_ORIGIN, Config
from .host import Host, journal
from .host.page_events import ActionPerformed, Asked, Attached, Detached, PageEvent, Updated, page_event

VARYING_KEYS = frozenset({"startDate", "endDate", "date", "expiration", "jwtToken"})
"""Message keys whose values differ between a session and its replay (wall-clock dates, JWTs)."""
ENTRY_KEYS = ("time", "direction", "origin", "frame", "message", "verdict", "note")
DIRECTIONS = ("in", "out", journal.HOST)
COMPRESSED_GAP = 0.2
"""Seconds: the longest pause between two replayed messages when waits are compressed."""
TIMER_SLACK = 0.05
"""Seconds: a timer due this close after an entry's time is run before it (the page ticks every 100 ms)."""


class RecordingError(ValueError):
    """Not a recording; the message names the entry and the fault."""


@dataclass(frozen=True)
class Entry:
    """One recorded entry (the fields of ``journal.export``)."""

    time: float
    direction: str
    origin: str | None
    frame: str | None
    message: Any
    verdict: str
    note: str = ""


def read(recording: str | Sequence[Any]) -> list[Entry]:
    """The entries of a recording (its JSON text, or the parsed list); RecordingError when it is not one."""
    if isinstance(recording, str):
        try:
            recording = json.loads(recording)
        except ValueError as error:
            raise RecordingError(f"not JSON: {error}") from None
    if not isinstance(recording, list):
        raise RecordingError("a recording is a JSON array of entries (the inspector's export)")
    entries = []
    for number, raw in enumerate(recording, start=1):
        if not isinstance(raw, dict) or set(raw) != set(ENTRY_KEYS):
            raise RecordingError(f"entry {number}: expected the keys {', '.join(ENTRY_KEYS)}")
        time, direction = raw["time"], raw["direction"]
        if isinstance(time, bool) or not isinstance(time, (int, float)):
            raise RecordingError(f"entry {number}: time must be a number")
        if entries and time < entries[-1].time:
            raise RecordingError(f"entry {number}: time goes back")
        if direction not in DIRECTIONS:
            raise RecordingError(f"entry {number}: direction must be one of {', '.join(DIRECTIONS)}")
        for key in ("origin", "frame"):
            if raw[key] is not None and not isinstance(raw[key], str):
                raise RecordingError(f"entry {number}: {key} must be a string or null")
        if direction == journal.HOST and page_event(raw["message"]) is None:
            raise RecordingError(f"entry {number}: not a happening the simulator records")
        if direction == "in" and raw["verdict"] == journal.CELL:
            try:
                notebook.read(raw["message"])
            except notebook.CellError as error:
                raise RecordingError(f"entry {number}: not a playground cell: {error}") from None
        entries.append(Entry(float(time), direction, raw["origin"], raw["frame"], raw["message"],
                             str(raw["verdict"]), str(raw["note"])))
    return entries


# -- the regression check ------------------------------------------------------------------------------------

def rerun(entries: Iterable[Entry], config: Config) -> Host:
    """A new host that went through the recording's incoming messages and page events at their recorded times."""
    now = [0.0]
    host = Host(config, clock=lambda: now[0], wall_clock=lambda: now[0])
    for entry in entries:
        deadline = host.model.next_deadline()
        if deadline is not None and deadline <= entry.time + TIMER_SLACK:
            now[0] = max(entry.time, deadline)
            host.tick()
        now[0] = entry.time
        if entry.direction == "in":
            host.receive(entry.frame, entry.origin or "", entry.message)
        elif entry.direction == journal.HOST:
            _redo(host, page_event(entry.message))
    return host


def _redo(host: Host, event: PageEvent | None) -> None:
    if isinstance(event, ActionPerformed):
        control_panel.run(host, event.name, event.fields)
    elif isinstance(event, Attached):
        host.attach_frame(event.frame_id, event.origin, event.name)
    elif isinstance(event, Detached):
        host.detach_frame(event.frame_id)
    elif isinstance(event, Updated):
        host.update_frame(event.frame_id, **event.changes())
    elif isinstance(event, Asked):  # the frame's request that followed is in the recording: only noted again
        host.log_page_event(event, event.refusal)


def normalised(value: Any) -> Any:
    """``value`` with the values of VARYING_KEYS replaced by "<varies>"."""
    if isinstance(value, dict):
        return {key: "<varies>" if key in VARYING_KEYS else normalised(item) for key, item in value.items()}
    if isinstance(value, list):
        return [normalised(item) for item in value]
    return value


def _comparable(entry: Entry) -> dict[str, Any]:
    return {"direction": entry.direction, "origin": entry.origin, "frame": entry.frame,
            "message": normalised(entry.message), "verdict": entry.verdict, "note": entry.note}


def recorded_site(entries: Iterable[Entry], config: Config) -> str | None:
    """The extension site the recording's frames were on, where ``config`` puts its views on DEMO_EXTENSION_ORIGIN
    (None: the same site, or frames of those views on several sites)."""
    demo = {view.section for view in config.web_content if view.origin == DEMO_EXTENSION_ORIGIN}
    origins = {event.origin for entry in entries if entry.direction == journal.HOST
               and isinstance(event := page_event(entry.message), Attached) and event.name.partition(":")[0] in demo}
    return origins.pop() if len(origins) == 1 and DEMO_EXTENSION_ORIGIN not in origins else None


def check(recording: str | Sequence[Any], config: Config, limit: int = 5) -> list[str]:
    """The differences between a recording and its rerun on a fresh host (empty: reproduced), at most ``limit``;
    ``config`` pointed at the recording's extension site first (``recorded_site``)."""
    recorded = [entry for entry in read(recording) if entry.verdict != journal.REPLAYED]
    config = config.pointed_at(recorded_site(recorded, config))
    replayed = read(journal.export(rerun(recorded, config).inspector))
    differences = []
    for number, (old, new) in enumerate(zip(recorded, replayed), start=1):
        if _comparable(old) != _comparable(new) and len(differences) < limit:
            differences.append(f"entry {number}: recorded {json.dumps(_comparable(old), default=str)}\n"
                               f"          replayed {json.dumps(_comparable(new), default=str)}")
    if len(recorded) != len(replayed):
        differences.append(f"the recording has {len(recorded)} entries, the replay {len(replayed)}")
    return differences


# -- replaying to live frames ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sent:
    """A message the host sent to a frame, or a cell a playground frame ran (``cell``: its ``wwe.notebook`` text,
    posted back to show it): ``view`` is the frame's view (its web-content section), ``at`` the seconds since the
    first sent message."""

    at: float
    view: str
    frame: str
    message: dict[str, Any] | str
    cell: bool = False


def _replayed(entry: Entry) -> bool:
    """Whether a replay posts ``entry`` again: a reply or event the host sent (not the frameId messages: a live frame
    has its own id, nor what a replay posted), or a playground's cell the host kept."""
    if entry.direction == "in":
        return entry.verdict == journal.CELL
    return entry.direction == "out" and entry.verdict not in (journal.FRAME_ID, journal.REPLAYED)


def sent_messages(entries: Sequence[Entry], compress: bool = False) -> list[Sent]:
    """What a replay posts (``_replayed``), in order, each with the view of its frame; with ``compress``, no pause
    is longer than COMPRESSED_GAP."""
    views: dict[str, str] = {}
    found: list[Sent] = []
    at, previous = 0.0, None
    for entry in entries:
        event = page_event(entry.message) if entry.direction == journal.HOST else None
        if isinstance(event, Attached):
            views[event.frame_id] = event.name
        if not _replayed(entry) or entry.frame not in views:
            continue
        if previous is not None:
            gap = entry.time - previous
            at += min(gap, COMPRESSED_GAP) if compress else gap
        previous = entry.time
        found.append(Sent(at, views[entry.frame], entry.frame, entry.message, entry.direction == "in"))
    return found


class Replay:
    """Hands out the recorded messages when their time comes: ``due(seconds since the start)``."""

    def __init__(self, sent: Sequence[Sent]) -> None:
        self.sent = list(sent)
        self.position = 0

    @property
    def finished(self) -> bool:
        return self.position >= len(self.sent)

    def due(self, elapsed: float) -> list[Sent]:
        start = self.position
        while self.position < len(self.sent) and self.sent[self.position].at <= elapsed:
            self.position += 1
        return self.sent[start:self.position]
