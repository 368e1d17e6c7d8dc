"""Shared stand-ins for the contact-centre model tests: a recording context and a model factory."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from workspace.model import ContactCentre

SPEC = json.loads((Path(__file__).resolve().parents[2] / "spec" / "scapi-spec.json").read_text(encoding="utf-8"))

WALL = 1_700_000_000.0
"""2023-11-14T22:13:20Z."""

OVERRIDE_OPTIONS = {
    "interaction-workspace": {
        "interaction.case-data.frame-color": "#FFBA00",
        "interaction.override-option-key": "IW_OverrideOptions",
    },
    "CaseDataColor": {"interaction.case-data.frame-color": "#FF000088"},
}
"""The reference's getContextualOption scenario (SPEC-NOTES §8)."""


@dataclass
class Frame:
    """ctx.frame stand-in."""

    name: str = "Dashboard"
    visible: bool = True
    frame_state: str = "LEADING"
    last_active: bool = True


@dataclass
class Ctx:
    """A request context that records what the model emits."""

    now: float = 0.0
    wall: float = WALL
    frame_id: str | None = "frame-1"
    origin: str | None = "http://localhost:8001"
    frame: Frame | None = field(default_factory=Frame)
    events: list[tuple[str, Any, str | None]] = field(default_factory=list)

    def emit(self, event_name: str, data: Any, to: str | None = None) -> None:
        self.events.append((event_name, data, to))

    def take(self, event_name: str = "interaction") -> list[dict[str, Any]]:
        """Data of the events named ``event_name`` emitted since the last take, then forget every event."""
        data = [d for name, d, _ in self.events if name == event_name]
        self.events.clear()
        return data

    def types(self, event_name: str = "interaction") -> list[str]:
        """eventTypes of ``take(event_name)``."""
        return [d["eventType"] for d in self.take(event_name)]


def model(options: dict[str, Any] | None = None, **scenario: Any) -> ContactCentre:
    """A ContactCentre over the default scenario (keyword arguments override scenario keys)."""
    return ContactCentre(SimpleNamespace(options=options or {}, scenario=scenario))


def talking_call(centre: ContactCentre, ctx: Ctx) -> str:
    """An answered inbound call; events are cleared."""
    call = centre.inbound_call(ctx)
    centre.handle("voice.answer", [call], ctx)
    ctx.events.clear()
    return call


def wire(centre: ContactCentre, interaction_id: str) -> dict[str, Any]:
    """interaction.getByInteractionId."""
    return centre.handle("interaction.getByInteractionId", [interaction_id], Ctx())
