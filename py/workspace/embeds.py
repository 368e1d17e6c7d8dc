"""The page's embedded frames (sans-I/O): which extension view or dialog each iframe shows, whether its card is
collapsed, and what the host must be told about it (visibility, frame state, last active)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .host import HIDDEN_VIEW_MODES, FrameInfo

DIALOG = "dialog"
"""The mode of a system.openDialog iframe (the view modes are tab, popup, background, hidden)."""


@dataclass
class Embed:
    """One iframe: ``name`` is the view's section (or the dialog id), ``label`` what a person reads, ``mode`` the
    view mode or DIALOG."""

    frame_id: str
    name: str
    label: str
    origin: str
    url: str
    mode: str


class Embeds:
    """The page's iframes by frame id; each (re)load of an iframe is a new frame with a new id."""

    def __init__(self) -> None:
        self.by_id: dict[str, Embed] = {}
        self.collapsed: set[str] = set()   # names of the views whose card is collapsed (minimised)
        self._count = 0

    def add(self, name: str, label: str, origin: str, url: str, mode: str) -> Embed:
        """A newly loaded frame: ``frame1``, ``frame2``..."""
        self._count += 1
        embed = Embed(f"frame{self._count}", name, label, origin, url, mode)
        self.by_id[embed.frame_id] = embed
        return embed

    def remove(self, frame_id: str) -> None:
        self.by_id.pop(frame_id, None)

    def labels(self) -> dict[str, str]:
        """Frame id -> what a person calls the frame (its view's label, or the dialog id)."""
        return {frame_id: embed.label for frame_id, embed in self.by_id.items()}

    def visible(self, embed: Embed, page_visible: bool) -> bool:
        """Whether a person can see the frame now: the page is shown, the view is not hidden or collapsed."""
        return page_visible and embed.name not in self.collapsed and embed.mode not in HIDDEN_VIEW_MODES

    def updates(self, frames: Mapping[str, FrameInfo], page_visible: bool, frame_state: str,
                last_active: bool) -> list[tuple[str, dict[str, Any]]]:
        """``(frame_id, changes)`` for each attached frame whose host record differs from the page: the arguments
        of ``Host.update_frame``."""
        out = []
        for frame_id, embed in self.by_id.items():
            frame = frames.get(frame_id)
            if frame is None:
                continue
            wanted = {"visible": self.visible(embed, page_visible), "frame_state": frame_state, "last_active": last_active}
            changes = {key: value for key, value in wanted.items() if getattr(frame, key) != value}
            if changes:
                out.append((frame_id, changes))
        return out
