"""What __TITLE__ knows and shows (sans-I/O): no browser here, so tests drive it on CPython against the Workspace
simulator (workspace.testing)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

import wwe
from wwe import templating

TEMPLATES = Path("templates")
"""The templates folder: in Python's working directory in the browser (app.zip); tests pass theirs."""


@dataclass
class Call:
    interaction_id: str
    caller: str
    state: str


@dataclass
class Card:
    """The status line and the calls, by interaction id."""

    status: str = "Connecting to Agent Workspace…"
    state: str = "starting"
    calls: dict[str, Call] = field(default_factory=dict)

    def fail(self, reason: str) -> None:
        self.status, self.state = reason, "failed"

    def connected(self, agent: dict[str, Any]) -> None:
        self.status, self.state = f"Connected as {agent.get('username', 'an unknown agent')}.", "connected"

    def track(self, interaction: dict[str, Any]) -> None:
        """Note a voice interaction (from getInteractions or an event): who calls, and the call's state."""
        if interaction.get("media") != "voice":
            return
        contact = interaction.get("contact") or {}
        caller = contact.get("displayName") or interaction.get("ani") or "Unknown caller"
        interaction_id = str(interaction["interactionId"])
        self.calls[interaction_id] = Call(interaction_id, str(caller), str(interaction.get("state", "")))

    def on_interaction(self, message: dict[str, Any]) -> None:
        """An ``interaction`` event: ``message["data"]`` holds its eventType and the interaction."""
        interaction = message.get("data", {}).get("interaction")
        if isinstance(interaction, dict):
            self.track(interaction)


async def start(card: Card, service: wwe.Service, changed: Callable[[], None]) -> None:
    """Fill the card from the Workspace (the agent, the calls already there), then follow interaction events;
    ``changed()`` after each change."""
    def on_event(message: dict[str, Any]) -> None:
        card.on_interaction(message)
        changed()

    try:
        card.connected(await service.agent.get())
        for interaction in await service.interaction.getInteractions():
            card.track(interaction)
        await service.subscribe(["interaction"], on_event)
    except (wwe.RequestFailed, wwe.RequestTimeout) as failure:
        card.fail(f"Agent Workspace did not answer: {failure}")
    changed()


def environment(folder: Path = TEMPLATES) -> jinja2.Environment:
    """The templates (``wwe.templating``): autoescaped, so text from the Workspace is shown as text, never run as
    markup; ``shown(value)`` bounds a long value."""
    return templating.environment(folder)


def render(env: jinja2.Environment, card: Card) -> str:
    return env.get_template("__PACKAGE__/card.html").render(card=card)
