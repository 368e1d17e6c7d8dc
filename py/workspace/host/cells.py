"""The playground's cells reported to the host (decision P7 in docs/SIMULATOR.md): kept in the journal, never run.

A frame reports a cell it ran with the text ``wwe.notebook`` reads. The host keeps it (verdict ``cell``) only from
a frame of a view the scenario declares ``playground = true``, posted from exactly that view's origin, and only a
well-formed report within ``wwe.notebook``'s limits; anything else is journaled as ``refused-cell`` with the reason.
It never answers: the cell is the frame's, and a report lost here loses nothing there.
"""
from __future__ import annotations

from typing import Any

from wwe import notebook

from ..config import Config
from . import journal
from .contracts import FrameInfo


def cell_verdict(config: Config, frame: FrameInfo, origin: str, message: Any, excess: str | None) -> tuple[str, str]:
    """The journal's verdict and note on a cell report ``message`` from ``frame`` (``origin``: MessageEvent.origin;
    ``excess``: which wire limit it is over, or None)."""
    view = next((view for view in config.web_content if view.section == frame.name and view.playground), None)
    if view is None:
        return journal.REFUSED_CELL, f"the view '{frame.name}' is not declared a playground (playground = true)"
    if origin != view.origin:
        return journal.REFUSED_CELL, f"from the origin '{origin}': the playground '{view.section}' is at {view.origin}"
    if excess is not None:
        return journal.REFUSED_CELL, f"not a recorded cell: {excess}"
    try:
        cell = notebook.read(message)
    except notebook.CellError as error:
        return journal.REFUSED_CELL, f"not a recorded cell: {error}"
    return journal.CELL, f"cell {cell.cell}: {cell.outcome}"
