"""What the customer-record page shows (sans-I/O): the interaction id from the page's query, and the record of
``interaction.getByInteractionId``'s answer (or why there is none), as escaped HTML."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import jinja2

from wwe import templating
from wwe.shown import display

TEMPLATES = Path("templates")
"""The templates folder in Python's working directory (build.py puts it in app.zip)."""

QUERY_KEY = "InteractionId"
"""The query parameter Workspace gives a page opened for an interaction (SPEC-NOTES §11.1)."""


def interaction_id(query: str) -> str | None:
    """The ``InteractionId`` of a URL query (``?InteractionId=42&x=y``), None when it is missing or empty."""
    values = parse_qs(query.removeprefix("?")).get(QUERY_KEY, [])
    return values[0] if values and values[0] else None


@dataclass(frozen=True)
class Shown:
    """The page's status line (``state``: ready or failed) and the record's HTML ("" for none)."""

    status: str
    state: str
    html: str = ""


class RecordCard:
    """Renders ``templates/record/card.html``."""

    def __init__(self, folder: Path | str = TEMPLATES) -> None:
        self.env: jinja2.Environment = templating.environment(folder, text=display)

    def missing(self) -> Shown:
        return Shown(f"No interaction: this page expects ?{QUERY_KEY}=<id> in its URL (Workspace adds it).", "failed")

    def failed(self, interaction: str, reason: str) -> Shown:
        return Shown(f"Cannot read the interaction {interaction}: {reason}", "failed")

    def answer(self, interaction: str, data: Any) -> Shown:
        """The record of getByInteractionId's answer: null (documented) means no such interaction."""
        if not isinstance(data, Mapping):
            return Shown(f"No interaction {interaction}: it is unknown or already done.", "failed")
        contact = data.get("contact") if isinstance(data.get("contact"), Mapping) else {}
        parties = [str(p.get("name", "")) for p in data.get("parties") or [] if isinstance(p, Mapping)]
        user_data = data.get("userData") if isinstance(data.get("userData"), Mapping) else {}
        html = self.env.get_template("record/card.html").render(
            it=data, contact=contact, parties=parties, user_data=sorted(user_data.items()))
        return Shown(f"Interaction {interaction}", "ready", html)
