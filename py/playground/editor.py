"""The editor's keys, on a textarea's text and selection: run, indent, dedent, new line keeping the indentation.

Tab indents, so the keyboard user leaves the editor with Escape then Tab (as in other code editors on the web).
"""

from __future__ import annotations

from typing import NamedTuple

INDENT = "    "


class Edit(NamedTuple):
    """Replace ``text[start:end]`` with ``insert``, then select ``selection`` (offsets in the new text)."""

    start: int
    end: int
    insert: str
    selection: tuple[int, int]


def command(key: str, *, shift: bool = False, ctrl: bool = False, tab_leaves: bool = False) -> str | None:
    """The editor command of a key press (``ctrl``: Ctrl or Cmd held; ``tab_leaves``: Escape was pressed just
    before), or None to let the browser handle the key."""
    if key == "Enter":
        return "run" if shift or ctrl else "newline"
    if key == "Tab" and not tab_leaves and not ctrl:
        return "dedent" if shift else "indent"
    return None


def _lines(text: str, start: int, end: int) -> tuple[int, int]:
    """The start of the first and the end of the last line the selection touches."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end - 1 if end > start and text[end - 1] == "\n" else end)
    return first, len(text) if last < 0 else last


def indent(text: str, start: int, end: int) -> Edit:
    """Tab: four spaces in place of the selection; a selection over several lines indents each line instead."""
    if "\n" not in text[start:end]:
        return Edit(start, end, INDENT, (start + len(INDENT),) * 2)
    first, last = _lines(text, start, end)
    block = "\n".join(INDENT + line for line in text[first:last].split("\n"))
    return Edit(first, last, block, (first, first + len(block)))


def dedent(text: str, start: int, end: int) -> Edit:
    """Shift+Tab: up to four leading spaces off each line the selection touches."""
    first, last = _lines(text, start, end)
    lines = text[first:last].split("\n")
    trimmed = [line[min(len(line) - len(line.lstrip(" ")), len(INDENT)):] for line in lines]
    block = "\n".join(trimmed)
    if start == end:
        cursor = max(first, start - (len(lines[0]) - len(trimmed[0])))
        return Edit(first, last, block, (cursor, cursor))
    return Edit(first, last, block, (first, first + len(block)))


def newline(text: str, start: int, end: int) -> Edit:
    """Enter: a new line as indented as the current one, one level more after a colon."""
    line = text[text.rfind("\n", 0, start) + 1:start]
    prefix = line[:len(line) - len(line.lstrip(" \t"))]
    if line.rstrip().endswith(":"):
        prefix += INDENT
    insert = "\n" + prefix
    return Edit(start, end, insert, (start + len(insert),) * 2)


EDITS = {"indent": indent, "dedent": dedent, "newline": newline}
