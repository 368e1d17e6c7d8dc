"""What Workspace shows for a custom toast's parameters (SPEC-NOTES §3, §11.1; DECISIONS D18)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SHOW_DISMISS = ("Show", "Dismiss")
"""The buttons of a toast with ``buttonShowDismiss: true``; Show (index 0) brings the extension's view forward."""


def toast_buttons(parameters: Mapping[str, Any]) -> list[str]:
    """The buttons a toast shows, by the index CUSTOM_TOAST_BUTTON_CLICK reports: Show and Dismiss with
    ``buttonShowDismiss: true``, else its ``buttons`` (strings), else OK."""
    if parameters.get("buttonShowDismiss") is True:
        return list(SHOW_DISMISS)
    buttons = parameters.get("buttons")
    if isinstance(buttons, list) and buttons:
        return [button if isinstance(button, str) else str(button) for button in buttons]
    return ["OK"]
