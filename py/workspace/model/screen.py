"""What extensions put on the agent's screen: custom toasts, dialogs and Application Menu bar views."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Toast:
    """A custom toast opened by system.popupToast."""

    toast_id: str
    frame_id: str | None
    parameters: dict[str, Any]
    close_at: float | None = None


@dataclass
class Dialog:
    """An iframe dialog opened by system.openDialog."""

    dialog_id: str
    frame_id: str | None
    url: str
    options: dict[str, Any]


@dataclass
class MenuView:
    """A custom view in the Application Menu bar (system.updateViewInApplicationMenuBar)."""

    name: str
    frame_id: str | None
    parameters: dict[str, Any]


@dataclass
class Screen:
    """The toasts, dialogs and menu-bar views shown now, each with the frame that opened it (None: the page)."""

    toasts: dict[str, Toast] = field(default_factory=dict)
    dialogs: dict[str, Dialog] = field(default_factory=dict)
    menu_views: dict[str, MenuView] = field(default_factory=dict)
    toast_count: int = 0
    dialog_count: int = 0
