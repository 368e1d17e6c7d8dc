"""Browser edge of the playground: the editor's keys and buttons, the examples menu, the console's DOM.

``await main()`` from playground.html connects to Agent Workspace as the dashboard does (the origin from
``<meta name="wwe-workspace-origins">``), puts the client in the cells' namespace as ``service`` and sends
sys.stdout and sys.stderr to the console, so printed output and events show as they come.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any

import js
from pyodide.ffi import create_proxy

import wwe
import wwe.browser
from wwe.dom import Listeners, element

from . import editor
from .console import Console, Entry, Stream, Update
from .examples import examples
from .render import Renderer
from .runner import run

FLUSH_MS = 16
"""How long console updates gather before the page gets them (about one frame)."""


class Playground:
    """The page: runs cells in one namespace, shows the console."""

    def __init__(self, namespace: dict[str, Any]) -> None:
        self.namespace = namespace
        self.console = Console()
        self.renderer = Renderer()
        self.examples = {example.key: example for example in examples()}
        self.cells = 0
        self.tab_leaves = False
        self._tasks: set[asyncio.Task] = set()
        self._listeners = Listeners()
        self._dirty: dict[int, tuple[Entry, bool]] = {}  # entries to render (and whether new), by number
        self._dropped: list[int] = []
        self._flush_pending = False
        self._flush_proxy = create_proxy(self.flush)

    # --- console ------------------------------------------------------------------------------------------

    def show(self, update: Update) -> None:
        """Note a console update; the page gets them all at once, FLUSH_MS later (a burst of events is one
        change of the page, each entry rendered once)."""
        for number in update.dropped:
            self._dirty.pop(number, None)
        self._dropped += update.dropped
        number = update.entry.number
        self._dirty[number] = (update.entry, update.new or self._dirty.get(number, (None, False))[1])
        if not self._flush_pending:
            self._flush_pending = True
            js.setTimeout(self._flush_proxy, FLUSH_MS)

    def flush(self) -> None:
        """Put the noted updates in the page (as escaped HTML from the template) and keep the newest in view."""
        self._flush_pending = False
        log = element("console")
        for number in self._dropped:
            old = element(f"entry-{number}")
            if old:
                old.remove()
        for entry, new in self._dirty.values():
            current = element(f"entry-{entry.number}")
            if current:
                current.outerHTML = self.renderer.entry(entry)
            elif new:  # (an entry cleared away stays away when its cell ends)
                log.insertAdjacentHTML("beforeend", self.renderer.entry(entry))
        self._dropped, self._dirty = [], {}
        log.scrollTop = log.scrollHeight

    def write(self, kind: str, text: str) -> None:
        self.show(self.console.write(kind, text))

    async def run_cell(self, source: str) -> None:
        self.cells += 1
        cell = self.console.add("input", source)
        self.show(cell)
        outcome = await run(source, self.namespace, f"<cell {self.cells}>")
        self.console.finish(cell.entry, outcome.kind)
        self.show(Update(cell.entry, False))
        if outcome.text:
            self.show(self.console.add(outcome.kind, outcome.text))

    def start(self, source: str) -> None:
        """Run a cell in its own task: a cell that waits does not hold up the next one."""
        if source.strip():
            task = asyncio.ensure_future(self.run_cell(source))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    # --- page events --------------------------------------------------------------------------------------

    def on_key(self, event: Any) -> None:
        """The editor's keys: run, indent, dedent, new line (see playground.editor)."""
        name = editor.command(event.key, shift=event.shiftKey, ctrl=event.ctrlKey or event.metaKey,
                              tab_leaves=self.tab_leaves)
        self.tab_leaves = event.key == "Escape"
        if name is None:
            return
        event.preventDefault()
        area = event.target
        if name == "run":
            self.start(area.value)
            return
        edit = editor.EDITS[name](area.value, area.selectionStart, area.selectionEnd)
        area.setRangeText(edit.insert, edit.start, edit.end, "preserve")
        area.setSelectionRange(*edit.selection)

    def on_click(self, event: Any) -> None:
        button = event.target.closest("button")
        if not button:
            return
        if button.id == "run":
            self.start(element("editor").value)
        elif button.id == "clear":
            self.console.clear()
            self._dirty.clear()
            element("console").replaceChildren()

    def on_example(self, event: Any) -> None:
        example = self.examples.get(event.target.value)
        if example is not None:
            area = element("editor")
            area.value = example.code
            area.focus()
            area.setSelectionRange(len(example.code), len(example.code))

    def listen(self) -> None:
        """Fill the examples menu, attach the listeners, enable the controls."""
        menu = element("examples")
        menu.innerHTML = self.renderer.examples(list(self.examples.values()))
        for element_id, kind, handler in (("editor", "keydown", self.on_key), ("app", "click", self.on_click),
                                          ("examples", "change", self.on_example)):
            self._listeners.on(element(element_id), kind, handler)
        menu.disabled = False
        element("run").disabled = False


def set_status(text: str, state: str) -> None:
    status = element("status")
    status.textContent = text
    status.className = f"status {state}"


async def main() -> None:
    """Start the playground; ends with #app aria-busy="false" and the status line saying how it went."""
    namespace: dict[str, Any] = {"__name__": "__main__", "asyncio": asyncio, "wwe": wwe, "service": None}
    playground = Playground(namespace)
    sys.stdout = Stream("output", playground.write)
    sys.stderr = Stream("error", playground.write)
    playground.listen()
    try:
        service = namespace["service"] = wwe.browser.connect_from_page()
    except ValueError as error:
        set_status(f"Python is ready, with no client: {error}", "failed")
    else:
        set_status(f"Ready: service is connected to {service.transport.origin}.", "ready")
    element("app").setAttribute("aria-busy", "false")
