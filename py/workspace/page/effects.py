"""What the page controller asks of the browser edge, as small typed values applied in order.

Elements are named by id, slots (cards, dialogs) by the keys the controller gave them. HTML comes from autoescaped
templates; anything else is text (``textContent``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

# -- the frames ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Post:
    """postMessage ``message`` to the iframe of the slot ``key``, with ``origin`` as the target (never "*")."""

    key: int
    message: dict[str, Any] | str
    origin: str


@dataclass(frozen=True)
class Bind:
    """The messages of the slot's iframe window come from ``frame_id`` from now on; None: from nobody (its late
    messages are from an unknown frame)."""

    key: int
    frame_id: str | None


@dataclass(frozen=True)
class Remove:
    key: int  # take the slot out of the page (a closed dialog) and forget it


@dataclass(frozen=True)
class Insert:
    """Append ``html`` (a card or a dialog) to an element: it is the slot ``key``, and each load of its iframe (if
    it has one) is an ``events.Loaded``."""

    element_id: str
    html: str
    key: int


# -- the cards ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FrameLine:
    """The frame line of the card ``key``: its frame and what it is (visible, not visible, removed)."""

    key: int
    frame_id: str
    state: str

    def shown(self) -> tuple[str, bool]:
        """The line's text, and whether it is greyed (not visible)."""
        return f"{self.frame_id} · {self.state}", self.state != "visible"


@dataclass(frozen=True)
class Collapse:
    """Collapse or expand the card ``key``, and say so on its toggle."""

    key: int
    collapsed: bool

    @property
    def expanded(self) -> str:
        """The toggle's ``aria-expanded``."""
        return "false" if self.collapsed else "true"


@dataclass(frozen=True)
class FocusCard:
    key: int  # scroll the card into sight and flash it


# -- elements by id -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SetText:
    """Set an element's text (nothing when there is no such element); ``hidden``: show or hide it too."""

    element_id: str
    text: str
    hidden: bool | None = None


@dataclass(frozen=True)
class SetAttr:
    element_id: str
    name: str
    value: str | None  # None: remove the attribute


@dataclass(frozen=True)
class SelectOptions:
    """Replace a select's options after the first ``keep`` with ``options`` ``(value, label)``; choose ``value``
    (None: leave the choice alone)."""

    element_id: str
    options: tuple[tuple[str, str], ...]
    value: str | None = None
    keep: int = 0


@dataclass(frozen=True)
class SetHTML:
    """Replace an element's content, keeping its open ``<details data-key>`` open."""

    element_id: str
    html: str


class Cell(NamedTuple):
    """One cell of an inspector row: its text, class and tooltip, then lines ``(class, text)`` under the text;
    ``span``: the columns it spans."""

    text: str
    class_name: str
    title: str = ""
    lines: tuple[tuple[str, str], ...] = ()
    span: int = 1


class Row(NamedTuple):
    class_name: str
    action: str  # the data-action of a click on the row ("": none)
    cells: tuple[Cell, ...]
    key: str = ""  # its data-entry: the entry it shows ("": a heading)


@dataclass(frozen=True)
class InspectorRows:
    """Empty the inspector table's body first (``clear``), append ``rows`` (oldest first), keep the newest
    ``trim_to`` rows; ``follow``: then scroll the last row into sight."""

    element_id: str
    rows: tuple[Row, ...]
    trim_to: int
    clear: bool = False
    follow: bool = False


@dataclass(frozen=True)
class SelectRow:
    """Mark the row ``data-entry=key`` of the table as the selected one and bring it into sight (None: no row)."""

    element_id: str
    key: str | None


@dataclass(frozen=True)
class Detail:
    """The detail pane: a title, a caption, and the message's lines ``(text, depth, changed)`` (indented by depth,
    changed ones marked), scrolled to the line ``reveal``."""

    element_id: str
    title: str
    caption: str
    lines: tuple[tuple[str, int, bool], ...] = ()
    reveal: int = 0


@dataclass(frozen=True)
class ScrollList:
    """Scroll a list (named by id) so that its item ``index`` is at the top (the player's current step)."""

    element_id: str
    index: int


@dataclass(frozen=True)
class ToggleClass:
    """Add (``on``) or remove a class of an element named by id (the page's presenter mode)."""

    element_id: str
    class_name: str
    on: bool


# -- the clicked control, the other tabs, the browser ------------------------------------------------------------

@dataclass(frozen=True)
class ToggleControl:
    class_name: str  # toggled on the control that was clicked (an inspector row opens or closes)


@dataclass(frozen=True)
class Broadcast:
    message: dict[str, Any]  # for the other simulator tabs (the election's BroadcastChannel)


@dataclass(frozen=True)
class ConsoleLog:
    text: str  # a line for the browser console (console.warn): what the page ignored and why


@dataclass(frozen=True)
class Download:
    """Save the JSON ``text`` as the file ``name``."""

    name: str
    text: str
    mime = "application/json"


@dataclass(frozen=True)
class Navigate:
    """Open the page again on another scenario (its query's ``scenario``, the other parameters kept)."""

    scenario: str


@dataclass(frozen=True)
class RenderLater:
    """Redraw soon: ``events.Signal.RENDER`` when the page's redraw timer fires."""


Effect = (Post | Bind | Insert | Remove | FrameLine | Collapse | FocusCard | SetHTML | SetText | SetAttr | SelectOptions
          | InspectorRows | SelectRow | Detail | ScrollList | ToggleClass | ToggleControl | Broadcast | ConsoleLog
          | Download | Navigate | RenderLater)
