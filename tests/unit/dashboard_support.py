"""Helpers for the dashboard tests: dashboards on a real Service, wired to the simulator's Host (sans-I/O).

``Workspace`` plays Agent Workspace with ``workspace.Host`` and routes its outgoing messages to each attached
dashboard's MemoryTransport; ``Page`` keeps the last HTML applied per element id, as the browser would show it.
"""

from __future__ import annotations

import asyncio
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from dashboard.actions import Command, Dashboard
from dashboard.render import Fragment, Renderer
from dashboard.state import DashboardState
from workspace.testing import WALL_START, Simulator, settle
from wwe import Service

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
EXTENSION = "http://localhost:8001"

RENDERER = Renderer(TEMPLATES)


class ElementFinder(HTMLParser):
    """The outer HTML of the element with a given id in an HTML text (None if absent)."""

    VOID = {"input", "br", "img", "hr", "meta", "link", "wbr"}

    def __init__(self, html: str, element_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html, self.element_id = html, element_id
        self.line_starts = [0]
        for line in html.splitlines(keepends=True):
            self.line_starts.append(self.line_starts[-1] + len(line))
        self.tag, self.depth, self.start, self.end = "", 0, -1, -1
        self.feed(html)

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if self.start < 0 and ("id", self.element_id) in attrs:
            self.tag, self.depth, self.start = tag, 1, self.position()
            if tag in self.VOID:
                self.end = self.start + len(self.get_starttag_text())
        elif self.start >= 0 and self.end < 0 and tag == self.tag:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.start >= 0 and self.end < 0 and tag == self.tag:
            self.depth -= 1
            if self.depth == 0:
                self.end = self.position() + len(f"</{tag}>")

    @property
    def found(self) -> str | None:
        return self.html[self.start:self.end] if self.end >= 0 else None


class Page:
    """What the browser would show: the fragments applied so far, newest first when looking an element up."""

    def __init__(self) -> None:
        self.elements: dict[str, str] = {}
        self.applied: list[Fragment] = []

    def apply(self, fragments: list[Fragment]) -> None:
        for fragment in fragments:
            self.applied.append(fragment)
            if fragment.html:
                self.elements[fragment.element_id] = fragment.html
            else:
                self.elements.pop(fragment.element_id, None)

    def __getitem__(self, element_id: str) -> str:
        """The element's latest HTML: applied as a fragment, or inside the latest fragment that holds it."""
        if element_id in self.elements:
            return self.elements[element_id]
        for html in reversed(self.elements.values()):
            found = ElementFinder(html, element_id).found
            if found is not None:
                return found
        raise KeyError(element_id)

    def text(self) -> str:
        """Everything applied so far, as one string."""
        return "\n".join(fragment.html for fragment in self.applied)


class Workspace(Simulator):
    """The simulator host on a manual clock, with dashboards attached as frames."""

    def attach(self, frame_id: str = "f1", origin: str = EXTENSION) -> tuple[Dashboard, Page]:
        """A dashboard in a new frame (not started)."""
        page = Page()
        service = Service(self.transport(frame_id, origin))
        dashboard = Dashboard(service, RENDERER, page.apply, DashboardState(clock=lambda: WALL_START))
        return dashboard, page


async def started(workspace: Workspace, frame_id: str = "f1") -> tuple[Dashboard, Page]:
    dashboard, page = workspace.attach(frame_id)
    await dashboard.start()
    await settle()
    return dashboard, page


async def perform(dashboard: Dashboard, action: str, key: str = "", arg: str = "", /, **fields: str) -> None:
    await dashboard.perform(Command(action, key, arg, fields))
    await settle()


def run(coroutine_function):
    """Decorator: run an async test function to completion (in Pyodide too: its test run enables JSPI)."""

    def test(*args: Any, **kwargs: Any) -> None:
        asyncio.run(coroutine_function(*args, **kwargs))

    test.__name__ = coroutine_function.__name__
    test.__doc__ = coroutine_function.__doc__
    return test
