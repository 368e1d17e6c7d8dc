"""What the simulator page did, as the journal records it (direction "host") so that a replay can do it again:
a frame attached, detached or changed; a control-panel action (or scenario step) performed; a frame asked
to send a request.

``to_json()`` is the form a recorded session holds; ``page_event()`` reads it back.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union

from wwe.scripted import ScriptedRequest

FRAME_CHANGES = ("visible", "frame_state", "last_active")
"""What ``Host.update_frame`` may change, in the order a recording lists it."""


@dataclass(frozen=True, slots=True)
class Attached:
    """``{"attach": frame, "origin", "name"}``: a frame attached under its view ``name``."""

    frame_id: str
    origin: str
    name: str

    def to_json(self) -> dict[str, Any]:
        return {"attach": self.frame_id, "origin": self.origin, "name": self.name}


@dataclass(frozen=True, slots=True)
class Detached:
    """``{"detach": frame}``."""

    frame_id: str

    def to_json(self) -> dict[str, Any]:
        return {"detach": self.frame_id}


@dataclass(frozen=True, slots=True)
class Updated:
    """``{"update": frame, ...changes}``: what changed (None: unchanged)."""

    frame_id: str
    visible: bool | None = None
    frame_state: str | None = None
    last_active: bool | None = None

    def changes(self) -> dict[str, Any]:
        """The changed fields (keyword arguments of ``Host.update_frame``)."""
        return {key: value for key in FRAME_CHANGES if (value := getattr(self, key)) is not None}

    def to_json(self) -> dict[str, Any]:
        return {"update": self.frame_id, **self.changes()}


@dataclass(frozen=True, slots=True)
class ActionPerformed:
    """``{"action": name, "fields": {...}}``: a control-panel action (``panel.ACTIONS``) with its fields."""

    name: str
    fields: dict[str, str]

    def to_json(self) -> dict[str, Any]:
        return {"action": self.name, "fields": dict(self.fields)}


@dataclass(frozen=True, slots=True)
class Asked:
    """``{"ask": frame, "view", "request", "parameters", "step"}``: a lesson's step asked the newest frame of the
    view to send a request (``wwe.scripted``, decision P4); the request itself is the frame's own incoming message.
    ``frame_id`` "": no frame of the view was open (``refusal`` says so)."""

    frame_id: str
    view: str
    request: str
    parameters: list[Any]
    step: int

    @property
    def refusal(self) -> str | None:
        return None if self.frame_id else f"no frame of the view {self.view!r} is open"

    def scripted(self) -> ScriptedRequest:
        """The message posted to the frame."""
        return ScriptedRequest(self.request, self.parameters, self.step)

    def to_json(self) -> dict[str, Any]:
        return {"ask": self.frame_id, "view": self.view, "request": self.request,
                "parameters": list(self.parameters), "step": self.step}


PageEvent = Union[Attached, Detached, Updated, ActionPerformed, Asked]


def page_event(message: Any) -> PageEvent | None:
    """The page event a recorded message holds (its first key of action, attach, detach, update names it), or
    None if it holds none."""
    if not isinstance(message, dict):
        return None
    if "action" in message:
        name, fields = message["action"], message.get("fields")
        return ActionPerformed(name, fields) if isinstance(name, str) and isinstance(fields, dict) else None
    if "ask" in message:
        frame_id, view, request, parameters, step = (message.get(key)
                                                     for key in ("ask", "view", "request", "parameters", "step"))
        if (isinstance(frame_id, str) and isinstance(view, str) and isinstance(request, str)
                and isinstance(parameters, list) and isinstance(step, int) and not isinstance(step, bool)):
            return Asked(frame_id, view, request, parameters, step)
        return None
    kind = next((key for key in ("attach", "detach", "update") if key in message), None)
    frame_id = message.get(kind) if kind else None
    if not isinstance(frame_id, str):
        return None
    if kind == "attach":
        return Attached(frame_id, str(message.get("origin")), str(message.get("name")))
    if kind == "detach":
        return Detached(frame_id)
    return Updated(frame_id, **{key: message[key] for key in FRAME_CHANGES if key in message})
