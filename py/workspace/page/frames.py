"""The page's iframes and the frames living in them (sans-I/O).

A *slot* is what the page inserted that may hold a frame: an extension view's card (with its iframe) or a
system.openDialog dialog. The controller names each slot by a key (1, 2...) that the browser edge maps to its
element; nothing else of the DOM reaches Python. Each (re)load of a slot's iframe is a new *frame* with a new id
(``frame1``, ``frame2``...), recorded here with its view, label, origin, URL, mode and slot; a slot holds at most one
frame at a time. The registry also says what the host must be told about each frame (visibility, frame state, last
active).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..host import HIDDEN_VIEW_MODES, FrameInfo

DIALOG = "dialog"
"""The mode of a system.openDialog iframe (the view modes are tab, popup, background, hidden)."""


@dataclass(frozen=True)
class Slot:
    """Something the page inserted, by ``key``: a view's card (``mode`` its view mode, ``name`` its section) or a
    dialog (mode DIALOG, ``name`` the dialog id; ``url`` "" when it has nothing safe to load)."""

    key: int
    name: str
    label: str
    origin: str
    url: str
    mode: str

    @property
    def card(self) -> bool:
        """Whether the slot is a view's card (with a collapse toggle and a frame line)."""
        return self.mode != DIALOG


@dataclass(frozen=True)
class Embed:
    """One frame: ``name`` is the view's section (or the dialog id), ``label`` what a person reads, ``mode`` the
    view mode or DIALOG, ``key`` the slot it lives in (0: none)."""

    frame_id: str
    name: str
    label: str
    origin: str
    url: str
    mode: str
    key: int = 0


class Frames:
    """The page's slots by key and its frames by frame id (in the order they were attached)."""

    def __init__(self) -> None:
        self.slots: dict[int, Slot] = {}
        self.by_id: dict[str, Embed] = {}
        self.collapsed: set[str] = set()   # names of the views whose card is collapsed (minimised)
        self._count = 0
        self._keys = 0

    def slot(self, name: str, label: str, origin: str, url: str, mode: str) -> Slot:
        """A newly inserted card or dialog, with the next key."""
        self._keys += 1
        slot = self.slots[self._keys] = Slot(self._keys, name, label, origin, url, mode)
        return slot

    def drop(self, key: int) -> None:
        """The slot ``key`` left the page (a closed dialog)."""
        self.slots.pop(key, None)

    def card(self, name: str) -> Slot | None:
        """The card of the view ``name``."""
        return next((slot for slot in self.slots.values() if slot.card and slot.name == name), None)

    def add(self, name: str, label: str, origin: str, url: str, mode: str, key: int = 0) -> Embed:
        """A newly loaded frame: ``frame1``, ``frame2``..."""
        self._count += 1
        embed = Embed(f"frame{self._count}", name, label, origin, url, mode, key)
        self.by_id[embed.frame_id] = embed
        return embed

    def load(self, slot: Slot) -> Embed:
        """A newly loaded frame in ``slot``."""
        return self.add(slot.name, slot.label, slot.origin, slot.url, slot.mode, slot.key)

    def living_in(self, key: int) -> Embed | None:
        """The frame that lives in the slot ``key`` now."""
        return next((embed for embed in self.by_id.values() if embed.key == key), None)

    def remove(self, frame_id: str) -> None:
        self.by_id.pop(frame_id, None)

    def newest(self, view: str, attached: Mapping[str, FrameInfo]) -> str | None:
        """The frame id of the newest frame of ``view`` that the host has attached."""
        found = [frame_id for frame_id, embed in self.by_id.items() if embed.name == view and frame_id in attached]
        return found[-1] if found else None

    def labels(self) -> dict[str, str]:
        """Frame id -> what a person calls the frame (its view's label, or the dialog's)."""
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
