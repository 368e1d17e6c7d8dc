"""jinja2 rendering (``wwe.templating``: autoescape on) of the console's entries and the examples menu."""

from __future__ import annotations

from pathlib import Path

from wwe import templating

from .console import CHUNK, Entry
from .examples import Example


def groups(examples: list[Example]) -> list[tuple[str, list[Example]]]:
    """The examples by group, groups and examples in the given order."""
    found: dict[str, list[Example]] = {}
    for example in examples:
        found.setdefault(example.group, []).append(example)
    return list(found.items())


TEMPLATES = Path("templates")
"""The templates folder in Python's working directory (build.py puts it in app.zip)."""


class Renderer:
    """Renders ``templates/playground/``."""

    def __init__(self, folder: Path | str = TEMPLATES) -> None:
        self.env = templating.environment(folder)

    def entry(self, entry: Entry) -> str:
        return self.env.get_template("playground/entry.html").render(entry=entry, limit=CHUNK)

    def examples(self, examples: list[Example]) -> str:
        return self.env.get_template("playground/examples.html").render(groups=groups(examples), count=len(examples))
