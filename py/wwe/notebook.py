"""The playground's cells as the simulator records and replays them (decision P7 in docs/SIMULATOR.md).

One text format, both ways: ``wwePlaygroundCell {"cell", "source", "outcome", "output"}``. The playground page
posts it to its Workspace when a cell has run (the simulator keeps it in the session's journal, only from a frame
of a view its scenario declares ``playground = "true"``, at that view's exact origin); a replay of that session posts
it back to the playground's frame, which shows the cell with its recorded output and lets the person run it again.
It is a plain "wwe..." string, so the client's checks apply to it unchanged (pinned origin and window). Neither side
ever runs it: only a person's click runs a cell, in the playground's own worker. ``read`` checks every field and its
size; ``RecordedCell.fitted`` clips what a cell printed so that a record always fits.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from .wire.limits import json_text_refusal

PREFIX = "wwePlaygroundCell "
OUTCOMES = ("ok", "error", "stopped", "timeout")
"""How a cell ended, as recorded: it ran to its end, raised (or a request failed), was stopped, ran out of time."""
OUTPUT_KINDS = ("output", "error", "value", "failure", "exception", "notice")
"""The kinds of what a cell printed or returned (the playground console's entry kinds)."""
MAX_SOURCE = 20_000
MAX_OUTPUTS = 20
MAX_OUTPUT_TEXT = 4_000
MAX_CELL = 1_000_000_000
MAX_TEXT = len(PREFIX) + 6 * (MAX_SOURCE + MAX_OUTPUTS * MAX_OUTPUT_TEXT) + 1_000
"""Characters: a cell's source, its output entries and each one's text, its number, the whole message (room for
JSON's escapes of the longest fields: a host's measure of it stays under wire.limits.MAX_MESSAGE_CHARS)."""
CLIPPED = "\n… (clipped: the recording keeps the first {limit} characters)"


class CellError(ValueError):
    """Not a recorded cell; the message says which field and why."""


@dataclass(frozen=True)
class RecordedCell:
    """Cell ``cell`` (its number in the playground that ran it): its ``source``, ``outcome`` (OUTCOMES) and
    ``output``, (kind, text) pairs in the order the console showed them."""

    cell: int
    source: str
    outcome: str
    output: tuple[tuple[str, str], ...] = ()

    @classmethod
    def fitted(cls, cell: int, source: str, outcome: str, output: list[tuple[str, str]]) -> RecordedCell:
        """A record within the limits: the first MAX_OUTPUTS entries, each text clipped to MAX_OUTPUT_TEXT (a source
        over MAX_SOURCE is refused by ``read``: it is what the person typed and must not change)."""
        fit = MAX_OUTPUT_TEXT - len(CLIPPED.format(limit=MAX_OUTPUT_TEXT))
        kept = tuple((kind, text if len(text) <= MAX_OUTPUT_TEXT else text[:fit] + CLIPPED.format(limit=fit))
                     for kind, text in output[:MAX_OUTPUTS])
        return cls(cell, source, outcome, kept)

    def to_text(self) -> str:
        return PREFIX + json.dumps({"cell": self.cell, "source": self.source, "outcome": self.outcome,
                                    "output": [list(pair) for pair in self.output]}, ensure_ascii=False)


def is_cell_text(message: object) -> bool:
    """Whether ``message`` claims to be a recorded cell (``read`` says whether it is one)."""
    return isinstance(message, str) and message.startswith(PREFIX)


def read(text: object) -> RecordedCell:
    """The recorded cell ``text`` holds; CellError naming the first fault."""
    if not isinstance(text, str) or not is_cell_text(text):
        raise CellError(f"a recorded cell is a text starting with {PREFIX.strip()!r}")
    if len(text) > MAX_TEXT:
        raise CellError(f"{len(text)} characters: the limit is {MAX_TEXT}")
    refusal = json_text_refusal(text[len(PREFIX):])
    if refusal is not None:
        raise CellError(f"its JSON text {refusal}")
    try:
        body = json.loads(text[len(PREFIX):])
    except ValueError as error:
        raise CellError(f"not JSON after {PREFIX.strip()!r}: {error}") from None
    if not isinstance(body, dict) or set(body) != {"cell", "source", "outcome", "output"}:
        raise CellError("expected a JSON object with the keys cell, source, outcome, output")
    cell, source, outcome, output = body["cell"], body["source"], body["outcome"], body["output"]
    if isinstance(cell, bool) or not isinstance(cell, int) or not 0 < cell <= MAX_CELL:
        raise CellError(f"cell: a number from 1 to {MAX_CELL}")
    if not isinstance(source, str) or not source.strip() or len(source) > MAX_SOURCE:
        raise CellError(f"source: the cell's text, 1 to {MAX_SOURCE} characters")
    if outcome not in OUTCOMES:
        raise CellError(f"outcome: one of {', '.join(OUTCOMES)}")
    if not isinstance(output, list) or len(output) > MAX_OUTPUTS:
        raise CellError(f"output: a list of at most {MAX_OUTPUTS} [kind, text] pairs")
    pairs = []
    for number, pair in enumerate(output, start=1):
        if not (isinstance(pair, list) and len(pair) == 2 and pair[0] in OUTPUT_KINDS and isinstance(pair[1], str)
                and len(pair[1]) <= MAX_OUTPUT_TEXT):
            raise CellError(f"output {number}: a [kind, text] pair, kind one of {', '.join(OUTPUT_KINDS)}, "
                            f"text at most {MAX_OUTPUT_TEXT} characters")
        pairs.append((pair[0], pair[1]))
    return RecordedCell(cell, source, outcome, tuple(pairs))
