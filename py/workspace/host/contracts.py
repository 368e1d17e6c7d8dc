"""What the host hands to the page and the model: messages for frames, what it knows of a frame, what a model
handler sees, and what a model must offer."""
from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from wwe.wire.messages import HostMessage

FRAME_STATES = ("LEADING", "FOLLOWING", "NEGOTIATING")
HIDDEN_VIEW_MODES = ("background", "hidden")


class Outgoing(NamedTuple):
    """A message for one frame: a wire message, or the ``wwe...`` text of a lesson's scripted request
    (``wwe.scripted``: only the player sends one, never the host)."""

    frame_id: str
    message: dict[str, Any] | str

    @classmethod
    def of(cls, frame_id: str, message: HostMessage) -> Outgoing:
        """``message`` for ``frame_id``, as posted."""
        return cls(frame_id, message.to_wire())


@dataclass
class FrameInfo:
    """What the host knows of an attached frame (iframe or popup)."""

    frame_id: str
    name: str
    origin: str
    visible: bool = True
    frame_state: str = "LEADING"
    last_active: bool = True


@dataclass
class Context:
    """What a model handler sees: the caller (None for simulator actions), the time, the frames, emit()."""

    frame_id: str | None
    origin: str | None
    now: float
    wall: float
    frames: Mapping[str, FrameInfo]
    events: list[tuple[str, Any, str | None]] = field(default_factory=list)

    @property
    def frame(self) -> FrameInfo | None:
        """The calling frame."""
        return None if self.frame_id is None else self.frames.get(self.frame_id)

    def emit(self, event: str, data: Any, to: str | None = None) -> None:
        """Send an event to every frame subscribed to ``event`` (or only to frame ``to``, if it is subscribed)."""
        self.events.append((event, data, to))


class Model(Protocol):
    """The contact centre behind the host."""

    @property
    def requests(self) -> Collection[str]:
        """The request names handle() answers."""

    @property
    def aliases(self) -> Mapping[str, str]:
        """Other spellings among them -> the request they are (sipEndpoint.* -> voice.*)."""

    def handle(self, request: str, parameters: list[Any], ctx: Context) -> Any:
        """Answer one request with its data, or raise RequestError(errorMessage)."""

    def tick(self, ctx: Context) -> None:
        """Run due timers (toast auto-close...), emitting events through ctx."""

    def next_deadline(self) -> float | None:
        """When tick() next has something to do (None: nothing pending)."""
