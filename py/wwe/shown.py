"""How a page shows a value it did not write: as text, its first few hundred characters at once, the rest behind a
closed ``<details>`` ("show all N characters") that the browser does not lay out until it is opened.

A 1 MiB value without spaces laid out whole (``overflow-wrap: anywhere`` in a table cell) froze a page for seconds;
its first 500 characters take well under a millisecond. Every page (the dashboard, the playground, the simulator
and its inspector) renders such values through ``shown`` in its jinja2 templates (``__html__``: escaped, the
autoescape of jinja2 keeps it as it is), and ``clip`` where only one line or an attribute fits. Standard library
only: ``wwe`` needs no jinja2.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from typing import Any

SHOWN_CHARACTERS = 500
"""How many characters of a value a page shows at once."""


def display(value: Any) -> str:
    """A value as text: strings as they are, anything else as JSON."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def clip(value: Any, limit: int = SHOWN_CHARACTERS) -> str:
    """``display(value)`` cut to ``limit`` characters, the last one an ellipsis when cut (one line, an attribute)."""
    text = display(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


@dataclass(frozen=True)
class Shown:
    """``text`` as a page shows it: whole when at most ``limit`` characters, else clipped, with the whole text in a
    closed ``<details class="shown-all">`` (CSS: ``.shown-all``)."""

    text: str
    limit: int = SHOWN_CHARACTERS

    @property
    def cut(self) -> bool:
        return len(self.text) > self.limit

    def __str__(self) -> str:
        return clip(self.text, self.limit)

    def __html__(self) -> str:
        if not self.cut:
            return escape(self.text, quote=False)
        return (f'{escape(clip(self.text, self.limit), quote=False)}<details class="shown-all">'
                f'<summary>show all {len(self.text):,} characters</summary>'
                f'<div class="shown-text">{escape(self.text, quote=False)}</div></details>')


def shown(value: Any, limit: int = SHOWN_CHARACTERS) -> Shown:
    """``display(value)`` bounded for a page (see ``Shown``)."""
    return Shown(display(value), limit)
