"""Browser edge of the playground page: the editor's keys and buttons, the examples menu, the console's DOM, and
the Python worker that runs the cells (``playground.worker``; the page stays responsive whatever a cell does).

``await main()`` from playground.html checks the page's Workspace as the dashboard does (the origin from
``<meta name="wwe-workspace-origins">``, ``wwe.browser``): the Workspace messages this window accepts (that origin,
that window) are relayed to the worker, whose client ``service`` posts through this page. Stop and each cell's time
limit end a cell as ``playground.supervisor`` decides: cancel its task, else interrupt it, else restart the worker
(whose subscriptions the page then ends: ``playground.subscriptions``). Each cell that ends is reported to the
Workspace, and a recorded cell a replay sends is shown with a Run button (``playground.cells``, ``wwe.notebook``).
"""

from __future__ import annotations

from typing import Any

import js
from pyodide.ffi import create_proxy

import wwe.browser
from wwe import notebook
from wwe.dom import Listeners, element

from . import editor
from .cells import Cells
from .console import Console, Entry, Update
from .examples import examples
from .protocol import Cancel, Finished, FromWorkspace, Message, Output, Ready, Start, ToWorkspace, decode, encode
from .render import Renderer
from .subscriptions import WorkerSubscriptions
from .supervisor import Interrupt, Restart, SendCancel, Supervisor

FLUSH_MS = 16
"""How long console updates gather before the page gets them (about one frame)."""
SIGINT = 2
"""What Pyodide's interrupt buffer takes to raise KeyboardInterrupt."""


class Playground:
    """The page: sends cells to the worker, shows the console, stops cells."""

    def __init__(self) -> None:
        self.console = Console()
        self.renderer = Renderer()
        self.examples = {example.key: example for example in examples()}
        self.clock = wwe.browser.JsClock()
        isolated = bool(getattr(js, "crossOriginIsolated", False))
        self.interrupt = js.Int32Array.new(js.SharedArrayBuffer.new(4)) if isolated else None
        self.supervisor = Supervisor(interruptible=isolated)
        self.cells = Cells(self.console, self.supervisor)
        self.subscriptions = WorkerSubscriptions()
        self.tab_leaves = False
        self.start_message = Start("")
        self.relay: Any = None  # the Workspace edge (wwe.browser.PostMessageTransport), once connected
        self._timer: Any = None
        self._listeners = Listeners()
        self._dirty: dict[int, tuple[Entry, Update]] = {}  # entries to render, by number, with their first update
        self._dropped: list[int] = []
        self._flush_pending = False
        self._flush_proxy = create_proxy(self.flush)
        self._message_proxy = create_proxy(self.on_worker_message)
        self._error_proxy = create_proxy(self.on_worker_error)
        self.worker: Any = None

    # --- console ------------------------------------------------------------------------------------------

    def show(self, *updates: Update) -> None:
        """Note console updates; the page gets them all at once, FLUSH_MS later (a burst of events is one
        change of the page, each entry rendered once)."""
        for update in updates:
            for number in update.dropped:
                self._dirty.pop(number, None)
            self._dropped += update.dropped
            self._dirty.setdefault(update.entry.number, (update.entry, update))
        if updates and not self._flush_pending:
            self._flush_pending = True
            js.setTimeout(self._flush_proxy, FLUSH_MS)

    def flush(self) -> None:
        """Put the noted updates in the page (as escaped HTML from the template), each new entry after the entry
        it follows (its cell's last one), and keep the newest in view."""
        self._flush_pending = False
        log = element("console")
        for number in self._dropped:
            old = element(f"entry-{number}")
            if old:
                old.remove()
        for entry, first in self._dirty.values():
            current = element(f"entry-{entry.number}")
            previous = element(f"entry-{first.after}") if first.after else None
            if current:
                current.outerHTML = self.renderer.entry(entry)
            elif first.new and previous:
                previous.insertAdjacentHTML("afterend", self.renderer.entry(entry))
            elif first.new:  # (an entry cleared away stays away when its cell ends)
                log.insertAdjacentHTML("beforeend", self.renderer.entry(entry))
        self._dropped, self._dirty = [], {}
        log.scrollTop = log.scrollHeight

    # --- the worker ---------------------------------------------------------------------------------------

    def start_worker(self, worker: Any) -> None:
        """Talk to ``worker`` (started by the page's script): its interrupt buffer first, if any, then Start."""
        self.worker = worker
        worker.onmessage = self._message_proxy
        worker.onerror = self._error_proxy
        if self.interrupt is not None:
            js.Atomics.store(self.interrupt, 0, 0)
            worker.postMessage(self.interrupt)
        self.post(self.start_message)

    def post(self, message: Message) -> None:
        self.worker.postMessage(encode(message))

    def on_worker_message(self, event: Any) -> None:
        self.receive(decode(str(event.data)))

    def on_worker_error(self, event: Any) -> None:
        set_status(f"Python's worker failed: {event.message}", "failed")

    def receive(self, message: Message) -> None:
        """One message of the worker."""
        if isinstance(message, ToWorkspace):
            self.subscriptions.sent(message.message)
            self.to_workspace(message.message)
        elif isinstance(message, Output):
            self.show(self.cells.output(message))
        elif isinstance(message, Finished):
            self.show(*self.cells.finished(message))
            self.ended()
        elif isinstance(message, Ready):
            self.ready(message.origin)

    def to_workspace(self, message: dict[str, Any] | str) -> None:
        if self.relay is not None:
            self.relay.send(message)

    def relay_to_worker(self, message: Any) -> None:
        """A Workspace message this window accepted (wwe.browser's origin and source checks): a recorded cell (a
        replay) is shown here, anything else goes to the client, once the lost worker's subscriptions are seen to."""
        if notebook.is_cell_text(message):
            self.show(*self.cells.show_recorded(message))
            element("run-all").hidden = False
            return
        for unsubscribe in self.subscriptions.received(message):
            self.to_workspace(unsubscribe)
        self.post(FromWorkspace(message))

    def ended(self) -> None:
        """Cells ended: their reports to the Workspace (which keeps them in the session), Run all's next cell."""
        for report in self.cells.take_reports():
            self.to_workspace(report)
        self.schedule()
        self.run_queued()

    def run_queued(self) -> None:
        """Run all's next cell, once Python is ready (not restarting) and the cell before has ended."""
        if not element("run").disabled and (source := self.cells.next_queued()) is not None:
            self.start(source, queued=True)
        element("run-all").disabled = self.cells.running_all

    def ready(self, origin: str) -> None:
        again = "Python was restarted; " if self.cells.restarts else ""
        if origin:
            set_status(f"Ready: {again}service is connected to {origin}.", "ready")
        else:
            set_status(f"Python is ready, with no client: {self.start_message.refusal}", "failed")
        element("run").disabled = False
        element("app").setAttribute("aria-busy", "false")
        self.run_queued()

    def restart(self, cells: tuple[tuple[int, str], ...]) -> None:
        """Terminate the stuck worker, mark its cells, start a new one (its client connects again)."""
        self.worker.onmessage = self.worker.onerror = None  # what the old worker still had on its way is dropped
        self.worker.terminate()
        for unsubscribe in self.subscriptions.restarted():
            self.to_workspace(unsubscribe)
        self.show(*self.cells.restarted(cells))
        for report in self.cells.take_reports():
            self.to_workspace(report)
        element("run").disabled = True
        set_status("Restarting Python\u2026", "loading")
        self.start_worker(js.startPlaygroundWorker())

    # --- cells --------------------------------------------------------------------------------------------

    def start(self, source: str, queued: bool = False) -> None:
        """Send a cell to the worker; it runs in its own task there (a cell that waits does not hold up the next;
        Run all waits: ``queued``)."""
        if not source.strip() or element("run").disabled:
            return
        update, run = self.cells.run(source, self.clock.now(), limit_seconds(), queued)
        self.show(update)
        self.post(run)
        self.schedule()

    def stop(self) -> None:
        """The Stop button: every running cell."""
        self.apply(self.supervisor.stop(self.clock.now()))

    def tick(self) -> None:
        self._timer = None
        self.apply(self.supervisor.tick(self.clock.now()))

    def apply(self, effects: list) -> None:
        for effect in effects:
            if isinstance(effect, SendCancel):
                self.post(Cancel(effect.cell))
                self.show(*self.cells.stopping(effect.cell))
            elif isinstance(effect, Interrupt):
                js.Atomics.store(self.interrupt, 0, SIGINT)
            elif isinstance(effect, Restart):
                self.restart(effect.cells)
        self.schedule()

    def schedule(self) -> None:
        """One timer, at the supervisor's next deadline; the Stop button enabled while a cell runs."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        deadline = self.supervisor.next_deadline()
        if deadline is not None:
            self._timer = self.clock.call_at(deadline, self.tick)
        element("stop").disabled = not self.supervisor.cells

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
        elif button.id == "stop":
            self.stop()
        elif button.id == "run-all":
            self.cells.run_all()
            self.run_queued()
        elif button.getAttribute("data-run"):  # a recorded cell's Run
            source = self.cells.recorded_source(int(button.getAttribute("data-run")))
            if source is not None:
                self.start(source)
        elif button.id == "clear":
            self.console.clear()
            self.cells.forget_recorded()
            self._dirty.clear()
            element("console").replaceChildren()
            element("run-all").hidden = True

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


def set_status(text: str, state: str) -> None:
    status = element("status")
    status.textContent = text
    status.className = f"status {state}"


def limit_seconds() -> float:
    """The "Time limit" field, in seconds (empty, 0 or not a number: none)."""
    try:
        return float(element("limit").value or 0)
    except ValueError:
        return 0.0


async def main() -> None:
    """Start the playground: the relay to the Workspace (or why there is none), then the worker that the page's
    script started; #app turns aria-busy="false" and the status line says how it went once the worker is ready."""
    playground = Playground()
    playground.listen()
    try:
        origin = wwe.browser.page_workspace_origin()
    except ValueError as refusal:
        playground.start_message = Start("", str(refusal))
    else:
        playground.relay = wwe.browser.transport(origin)
        playground.relay.attach(playground.relay_to_worker)
        playground.start_message = Start(playground.relay.origin)
    set_status("Starting Python\u2026 (the worker that runs the cells)", "loading")
    playground.start_worker(js.playgroundWorker)
