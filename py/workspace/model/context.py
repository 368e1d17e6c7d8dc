"""What the model needs from its caller: the request context and the event emitter."""

from __future__ import annotations

from typing import Any, Protocol


class Emitter(Protocol):
    """Anything that can push events and tell the time (host request context or control panel)."""

    now: float
    """Monotonic seconds (timers)."""
    wall: float
    """Epoch seconds (dates shown in interactions)."""

    def emit(self, event_name: str, data: Any, to: str | None = None) -> None:
        """Send ``data`` to every subscriber of ``event_name`` (``to=None``) or to one frame."""


class Frame(Protocol):
    """Host-side facts about the requesting frame."""

    name: str
    visible: bool
    frame_state: str
    """LEADING, FOLLOWING or NEGOTIATING."""
    last_active: bool


class RequestContext(Emitter, Protocol):
    """Context of one request from a frame."""

    frame_id: str | None
    """None when the simulator page itself acts."""
    origin: str | None

    @property
    def frame(self) -> Frame | None:
        """The requesting frame (None without one)."""
