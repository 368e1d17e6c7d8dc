"""What the browser edge tells the page controller: the page's events, as small typed values.

Slots are named by the keys the controller gave them (``frames.Slot``); a message's frame is the id the edge found
for its source window (None: a window that is no frame of the page).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from ..host import Outgoing

Fields = Mapping[str, str]


class Signal(Enum):
    """An event that carries nothing."""

    START = "start"          # the page is up: show the controls, the scenario panel and the views, start the election
    RENDER = "render"        # the redraw timer asked for by effects.RenderLater fired
    FOCUSED = "focused"      # the window got the focus
    PAGE_HIDE = "page-hide"  # the tab is closing
    STOP_HOST = "stop-host"  # fault injection: the Workspace stops answering


@dataclass(frozen=True)
class MessageFrom:
    """A postMessage from ``frame_id`` (None: from a window that is no frame), ``data`` as plain Python."""

    frame_id: str | None
    origin: str
    data: Any


@dataclass(frozen=True)
class Loaded:
    """The iframe of the slot ``key`` loaded a page: a new frame (the slot's previous frame, if any, is gone)."""

    key: int


@dataclass(frozen=True)
class Tick:
    """The page's 100 ms timer; ``disconnected``: the slots whose iframe is no longer in the page (removed by a
    script, a closed view)."""

    disconnected: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Clicked:
    """A click on a control with ``data-action``: ``fields`` are its other ``data-*`` attributes."""

    action: str
    fields: Fields = field(default_factory=dict)


@dataclass(frozen=True)
class Submitted:
    """A submitted form with ``data-action``: its inputs (with the submit button's), and the text of the file chosen
    in each file input (None: none chosen)."""

    action: str
    fields: Fields = field(default_factory=dict)
    files: Mapping[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Changed:
    element_id: str  # an input (a select...) changed: its id ("" for none) and its value now
    value: str


@dataclass(frozen=True)
class TabMessage:
    data: Any  # from another simulator tab (the election's BroadcastChannel)


@dataclass(frozen=True)
class Blurred:
    """The window lost the focus; ``into_frame``: to one of the page's iframes (the agent uses this tab)."""

    into_frame: bool


@dataclass(frozen=True)
class Visibility:
    visible: bool  # the page was shown or hidden (document.visibilityState)


@dataclass(frozen=True)
class RestartHost:
    """Fault injection: a new Workspace under the living frames (``disconnected`` as in Tick)."""

    disconnected: frozenset[int] = frozenset()


@dataclass(frozen=True)
class ReplayJson:
    """Replay a recording given as JSON text (the console); RecordingError when it is not one."""

    recording: str
    compress: bool = True


@dataclass(frozen=True)
class KeyPressed:
    key: str  # a key of page.inspector.KEYS pressed outside a text field (KeyboardEvent.key)


@dataclass(frozen=True)
class Deliver:
    out: list[Outgoing]  # messages for frames from a driver of the host (the console, tests: host.perform)


Event = (Signal | MessageFrom | Loaded | Tick | Clicked | Submitted | Changed | TabMessage | Blurred | Visibility
         | RestartHost | ReplayJson | Deliver | KeyPressed)
