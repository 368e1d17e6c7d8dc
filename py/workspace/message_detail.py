"""The inspector's detail pane (sans-I/O): a message as indented JSON, its lines marked where a field changed since
the previous message of the same kind (the same event about the same interaction, the same request's reply...).

``lines(value)`` gives the text of ``json.dumps(value, indent=2, ensure_ascii=False)`` line by line, each with the
path of the field it shows; ``changed(previous, current)`` the paths of the fields that are new or hold another
value; ``previous_of(entries, index)`` the message to compare with.
"""
from __future__ import annotations

import json
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from wwe.shown import clip

from .host import journal
from .host.journal import InspectorEntry

Path = tuple[str | int, ...]
INDENT = "  "
LINE_CHARS = 1000
"""The most characters of one line the pane shows (wwe.shown.clip; the whole message is in the exported session)."""
MAX_LINES = 400
LOOK_BACK = 2000
"""The most entries looked through for the previous message of the same kind."""
ENVELOPE = frozenset({"referenceId", "userAgent", "protocolVersion", "frameId"})
"""Top-level keys left out of the comparison: they say which message it is, not what changed."""


@dataclass(frozen=True)
class Line:
    """One line of the JSON: its text without the indentation, its ``depth`` (levels of INDENT), whether it shows a
    changed field."""

    text: str
    depth: int
    changed: bool

    @property
    def indented(self) -> str:
        return INDENT * self.depth + self.text


def lines(value: Any, marked: frozenset[Path] = frozenset()) -> list[Line]:
    """``value`` as indented JSON (at most MAX_LINES lines, each clipped to LINE_CHARS), a line ``changed`` when the
    field it shows, or one holding it, is in ``marked``."""
    out: list[Line] = []
    _walk(value, (), "", marked, out)
    if len(out) > MAX_LINES:
        out[MAX_LINES - 1:] = [Line(f"… {len(out) - MAX_LINES + 1} more lines (the exported session has them all)",
                                    0, False)]
    return out


def _walk(value: Any, path: Path, key: str, marked: frozenset[Path], out: list[Line], comma: str = "") -> None:
    hit = any(path[:n] in marked for n in range(len(path) + 1))
    depth = len(path)
    if isinstance(value, dict) and value:
        out.append(Line(clip(f"{key}{{", LINE_CHARS), depth, hit))
        items = list(value.items())
        for number, (name, item) in enumerate(items):
            _walk(item, (*path, name), json.dumps(str(name), ensure_ascii=False) + ": ", marked, out,
                  "," if number < len(items) - 1 else "")
        out.append(Line(f"}}{comma}", depth, hit))
    elif isinstance(value, list) and value:
        out.append(Line(clip(f"{key}[", LINE_CHARS), depth, hit))
        for number, item in enumerate(value):
            _walk(item, (*path, number), "", marked, out, "," if number < len(value) - 1 else "")
        out.append(Line(f"]{comma}", depth, hit))
    else:
        text = json.dumps(value, ensure_ascii=False, default=str)
        out.append(Line(clip(f"{key}{text}{comma}", LINE_CHARS), depth, hit))


def changed(previous: Any, current: Any, path: Path = ()) -> frozenset[Path]:
    """The paths in ``current`` whose value is new or differs from ``previous`` (the deepest such paths; a field
    that ``previous`` did not have is one path)."""
    if isinstance(previous, dict) and isinstance(current, dict):
        found: set[Path] = set()
        for name, item in current.items():
            if path or name not in ENVELOPE:
                found |= changed(previous[name], item, (*path, name)) if name in previous else {(*path, name)}
        return frozenset(found)
    if isinstance(previous, list) and isinstance(current, list) and len(previous) == len(current):
        return frozenset().union(*(changed(old, new, (*path, n)) for n, (old, new) in enumerate(zip(previous, current))))
    return frozenset() if previous == current else frozenset({path})


def kind(entry: InspectorEntry) -> Hashable:
    """What makes two entries "the same kind" for the comparison: direction, frame, the event's name (and its
    interaction) or the request's name, the page event's action."""
    message = entry.message
    if not isinstance(message, dict):
        return (entry.direction, entry.frame_id, "text")
    if entry.direction == journal.HOST:
        return (journal.HOST, message.get("action") or next(iter(message), ""))
    data = message.get("data")
    interaction = data.get("interaction") if isinstance(data, dict) else None
    about = interaction.get("interactionId") if isinstance(interaction, dict) else None
    name = message.get("event") or message.get("request") or ("frameId" if "frameId" in message else "")
    return (entry.direction, entry.frame_id, str(name), str(about))


def previous_of(entries: Sequence[InspectorEntry], index: int) -> InspectorEntry | None:
    """The latest entry before ``entries[index]`` of the same kind (None: none within LOOK_BACK entries)."""
    wanted = kind(entries[index])
    for earlier in range(index - 1, max(index - 1 - LOOK_BACK, -1), -1):
        if kind(entries[earlier]) == wanted:
            return entries[earlier]
    return None
