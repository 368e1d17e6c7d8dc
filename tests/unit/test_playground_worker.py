"""The playground's cells off the page's thread, on CPython: the messages between the page and its worker, the
worker's kernel (cells in tasks, cancellation, output anchored to its cell, the client over the page's relay,
help, JSON printing), the page's supervisor (Stop and time limits: cancel, interrupt, restart) the console's
anchoring and the page's cells."""
from __future__ import annotations

import asyncio
import json
import sys

import pytest

from playground.cells import Cells
from playground.console import Console, Stream
from playground.kernel import CANCELLED, Kernel, pretty, pretty_print
from playground.protocol import (Cancel, Finished, FromWorkspace, Output, Ready, Run, Start, ToWorkspace, decode,
                                 encode)
from playground.supervisor import GRACE, Interrupt, Restart, SendCancel, Supervisor
from wwe.testing import ManualClock, ScriptedHost, host_message

ORIGIN = "https://workspace.example"


# --- messages ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("message", [
    Start(ORIGIN), Start("", "This page is not embedded."), Run(3, "await x"), Cancel(3),
    FromWorkspace({"referenceId": "0", "data": None}), Ready(ORIGIN), Output(0, "output", "text\n"),
    Finished(2, "value", "42"), ToWorkspace({"request": "agent.get", "referenceId": "0"}),
])
def test_every_message_goes_through_json_text_and_back(message):
    text = encode(message)
    assert isinstance(text, str) and json.loads(text)["type"] == type(message).__name__
    assert decode(text) == message


@pytest.mark.parametrize("text", ['{"type": "Eval", "source": "1"}', '{"type": "Run", "cell": 1, "source": "x", '
                                  '"extra": 1}', "[]", '{"cell": 1}'])
def test_anything_else_is_refused(text):
    with pytest.raises(ValueError, match="not a playground message"):
        decode(text)


# --- the worker's kernel ----------------------------------------------------------------------------------------

class Page:
    """The page as a kernel sees it: what the kernel posted, decoded; a ScriptedHost plays the Workspace, whose
    replies come back as the page's relay sends them."""

    def __init__(self, answers: dict | None = None) -> None:
        self.posted: list = []
        self.host = ScriptedHost(answers or {})
        self.kernel = Kernel(self.post, ManualClock())

    def post(self, text: str) -> None:
        message = decode(text)
        self.posted.append(message)
        if isinstance(message, ToWorkspace):
            for reply in self.host(message.message, ORIGIN):
                asyncio.get_running_loop().call_soon(self.kernel.receive, encode(FromWorkspace(reply)))

    def send(self, message) -> None:
        self.kernel.receive(encode(message))

    def of(self, kind: type) -> list:
        return [message for message in self.posted if isinstance(message, kind)]

    async def finished(self, cell: int) -> Finished:
        while not [m for m in self.of(Finished) if m.cell == cell]:
            await asyncio.sleep(0)
        return next(m for m in self.of(Finished) if m.cell == cell)


def with_page(test, answers: dict | None = None):
    """Run ``test(page)`` in an event loop, with the worker's sys.stdout going to its kernel."""
    page = Page(answers)
    stdout = sys.stdout
    sys.stdout = Stream("output", page.kernel.write)
    try:
        return asyncio.run(test(page))
    finally:
        sys.stdout = stdout


def test_start_connects_service_through_the_page_and_says_ready():
    async def test(page):
        page.send(Start(ORIGIN))
        page.send(Run(1, "await service.agent.getState()"))
        return await page.finished(1)

    page_answers = {"agent.getState": {"type": "READY"}}
    finished = with_page(test, page_answers)
    assert finished == Finished(1, "value", "{'type': 'READY'}")


def test_the_client_posts_its_requests_to_the_page_with_no_origin_of_its_own():
    async def test(page):
        page.send(Start(ORIGIN))
        page.send(Run(1, "await service.agent.get()"))
        await page.finished(1)
        return page

    page = with_page(test, {"agent.get": {"username": "ada"}})
    assert page.of(Ready) == [Ready(ORIGIN)]
    (request,) = page.of(ToWorkspace)
    assert request.message["request"] == "agent.get" and request.message["userAgent"] == "WWE Client"
    assert page.kernel.transport.origin == ORIGIN


def test_with_no_workspace_service_is_none():
    async def test(page):
        page.send(Start("", "This page is not embedded."))
        page.send(Run(1, "service is None"))
        return await page.finished(1), page

    finished, page = with_page(test)
    assert page.of(Ready) == [Ready("")] and finished == Finished(1, "value", "True")


def test_a_waiting_cell_is_cancelled_and_the_state_is_kept():
    async def test(page):
        page.send(Run(1, "kept = 42\nawait asyncio.Future()"))
        await asyncio.sleep(0)
        page.send(Cancel(1))
        first = await page.finished(1)
        page.send(Run(2, "kept"))
        return first, await page.finished(2), page

    first, second, page = with_page(test)
    assert first == Finished(1, "cancelled", CANCELLED)
    assert second == Finished(2, "value", "42")
    assert page.kernel.tasks == {}


def test_cancel_of_a_cell_that_ended_changes_nothing():
    async def test(page):
        page.send(Run(1, "1"))
        await page.finished(1)
        page.send(Cancel(1))
        return page

    assert with_page(test).of(Finished) == [Finished(1, "value", "1")]


def test_keyboard_interrupt_is_an_interrupted_cell():
    async def test(page):
        page.send(Run(1, "raise KeyboardInterrupt"))
        return await page.finished(1)

    finished = with_page(test)
    assert finished.outcome == "interrupted" and finished.text.startswith("KeyboardInterrupt")


def test_output_is_anchored_to_the_cell_that_scheduled_it():
    async def test(page):
        page.send(Run(1, "gate = asyncio.get_running_loop().create_future()\n"
                         "gate.add_done_callback(lambda f: print('late'))\n"
                         "asyncio.get_running_loop().call_soon(print, 'soon')"))
        await page.finished(1)
        page.send(Run(2, "print('two')\ngate.set_result(1)"))
        await page.finished(2)
        await asyncio.sleep(0)
        print("from no cell")
        return page

    outputs = [(m.cell, m.text) for m in with_page(test).of(Output) if m.text.strip()]
    assert outputs == [(1, "soon"), (2, "two"), (1, "late"), (0, "from no cell")]


def test_events_handled_by_print_are_indented_json_of_no_cell():
    async def test(page):
        page.send(Start(ORIGIN))
        page.send(Run(1, 'await service.subscribe(["agent"], print)'))
        await page.finished(1)
        page.send(FromWorkspace(host_message(event="agent", data={"eventType": "STATE_CHANGED", "é": [1]})))
        return page

    output = "".join(m.text for m in with_page(test).of(Output) if m.cell == 0)
    assert output.startswith('{\n  "event": "agent",\n  "data": {\n    "eventType": "STATE_CHANGED",\n    "é": [\n'
                             '      1\n    ]\n  },\n  "userAgent": "WWE Server",\n') and output.endswith("\n}\n")


def test_pretty_shows_json_data_only():
    assert pretty({"a": [1, None]}) == '{\n  "a": [\n    1,\n    null\n  ]\n}'
    assert pretty("text") is None and pretty({1, 2}) is None
    assert pretty({"x": {1, 2}}) is None and pretty([float("nan")]) is None
    printed = []
    stdout, sys.stdout = sys.stdout, Stream("output", lambda kind, text: printed.append(text))
    try:
        pretty_print("reply:", {"a": 1}, (1, 2), sep=" | ")
    finally:
        sys.stdout = stdout
    assert "".join(printed) == 'reply: | {\n  "a": 1\n} | (1, 2)\n'


def test_help_prints_the_text_help_under_its_cell():
    async def test(page):
        page.send(Start(ORIGIN))
        page.send(Run(1, "help(service.voice.dial)"))
        return await page.finished(1), page

    finished, page = with_page(test)
    assert finished == Finished(1, "none", "")
    text = "".join(m.text for m in page.of(Output) if m.cell == 1)
    assert "Help on method dial in module wwe.namespaces" in text and "Team Communicator" in text


def test_a_page_message_the_worker_does_not_take_is_refused():
    with pytest.raises(ValueError, match="does not take Ready"):
        Kernel(lambda text: None, ManualClock()).receive(encode(Ready(ORIGIN)))


# --- the page's supervisor --------------------------------------------------------------------------------------

def test_stop_cancels_every_running_cell_once():
    supervisor = Supervisor(interruptible=False)
    supervisor.run(1, 0.0, 30)
    supervisor.run(2, 0.0, 0)
    assert supervisor.stop(1.0) == [SendCancel(1), SendCancel(2)]
    assert supervisor.stop(1.5) == []
    assert supervisor.finished(1, "cancelled") == "cancelled"
    assert supervisor.tick(1.0 + GRACE - 0.01) == []


def test_a_cell_that_does_not_end_after_cancel_restarts_the_worker_without_an_interrupt_buffer():
    supervisor = Supervisor(interruptible=False)
    supervisor.run(1, 0.0, 30)
    supervisor.run(2, 0.0, 30)
    supervisor.stop(1.0)
    assert supervisor.next_deadline() == 1.0 + GRACE
    assert supervisor.tick(1.0 + GRACE) == [Restart(((1, "stop"), (2, "stop")))]
    assert supervisor.cells == {} and supervisor.next_deadline() is None


def test_with_an_interrupt_buffer_a_stuck_cell_is_interrupted_then_restarted():
    supervisor = Supervisor(interruptible=True)
    supervisor.run(1, 0.0, 30)
    supervisor.stop(1.0)
    assert supervisor.tick(1.0 + GRACE) == [Interrupt()]
    assert supervisor.tick(1.0 + 1.5 * GRACE) == []
    assert supervisor.tick(1.0 + 2 * GRACE) == [Restart(((1, "stop"),))]


def test_an_interrupted_cell_that_ends_is_not_restarted():
    supervisor = Supervisor(interruptible=True)
    supervisor.run(1, 0.0, 30)
    supervisor.stop(1.0)
    supervisor.tick(1.0 + GRACE)
    assert supervisor.finished(1, "interrupted") == "interrupted"
    assert supervisor.tick(10.0) == [] and supervisor.next_deadline() is None


def test_the_time_limit_stops_a_cell_and_its_outcome_says_so():
    supervisor = Supervisor(interruptible=False)
    supervisor.run(1, 0.0, 5)
    supervisor.run(2, 0.0, 0)  # no limit
    assert supervisor.next_deadline() == 5.0
    assert supervisor.tick(4.9) == []
    assert supervisor.tick(5.0) == [SendCancel(1)]
    assert supervisor.finished(1, "cancelled") == "timeout"
    assert supervisor.finished(2, "value") == "value"


def test_a_busy_cell_over_its_time_limit_is_restarted_with_its_reason():
    supervisor = Supervisor(interruptible=False)
    supervisor.run(1, 0.0, 5)
    supervisor.run(2, 0.0, 0)  # waiting, no limit: lost with the worker
    supervisor.tick(5.0)
    assert supervisor.tick(5.0 + GRACE) == [Restart(((1, "limit"), (2, "")))]


def test_a_cell_that_ends_by_itself_is_forgotten():
    supervisor = Supervisor(interruptible=False)
    supervisor.run(1, 0.0, 5)
    assert supervisor.finished(1, "none") == "none"
    assert supervisor.stop(1.0) == [] and supervisor.next_deadline() is None


# --- the console: output under its own cell ---------------------------------------------------------------------

def test_late_output_goes_after_its_cells_last_entry():
    console = Console()
    one = console.add("input", "cell 1", cell=1)
    console.add("input", "cell 2", cell=2)
    late = console.write("output", "late\n", cell=1)
    assert late.new and late.after == one.entry.number
    assert console.write("output", "later\n", cell=1).entry is late.entry  # the same stream entry grows
    result = console.add("value", "42", cell=1)
    assert result.after == late.entry.number
    assert [(entry.cell, entry.kind) for entry in console.entries] == [(1, "input"), (1, "output"), (1, "value"),
                                                                       (2, "input")]


def test_output_of_no_cell_and_of_the_newest_cell_goes_at_the_end():
    console = Console()
    console.add("input", "cell 1", cell=1)
    assert console.write("output", "mine\n", cell=1).after == 0
    event = console.write("output", "event\n")
    assert event.new and event.after == 0 and event.entry.cell == 0  # not joined to cell 1's output
    assert console.write("output", "event 2\n").entry is event.entry


def test_output_of_a_cell_whose_entries_are_gone_goes_at_the_end():
    console = Console(limit=2)
    console.add("input", "cell 1", cell=1)
    console.add("input", "cell 2", cell=2)
    console.add("input", "cell 3", cell=3)
    late = console.write("output", "late\n", cell=1)
    assert late.after == 0 and console.entries[-1] is late.entry


def test_a_stopping_cell_says_so_until_it_ends():
    entry = Console().add("input", "while True: pass", cell=1).entry
    entry.stopping = True
    assert entry.label == "stopping\u2026"
    Console().finish(entry, "timeout")
    assert entry.label == "time limit"


# --- the page's cells -------------------------------------------------------------------------------------------

def page_cells(interruptible: bool = False) -> Cells:
    return Cells(Console(), Supervisor(interruptible=interruptible))


def test_a_cell_is_numbered_sent_and_shown_running_until_it_ends():
    cells = page_cells()
    update, run = cells.run("x = 1", 0.0, 30)
    assert run == Run(1, "x = 1") and update.entry.label == "running" and update.entry.cell == 1
    assert cells.supervisor.next_deadline() == 30.0
    (ended,) = cells.finished(Finished(1, "none", ""))
    assert ended.entry is update.entry and ended.entry.label == "done"
    assert cells.running == {} and cells.supervisor.cells == {}


def test_a_result_and_late_output_go_under_their_cell():
    cells = page_cells()
    cells.run("first", 0.0, 0)
    cells.run("second", 0.0, 0)
    late = cells.output(Output(1, "output", "late\n"))
    entry, value = cells.finished(Finished(1, "value", "42"))
    assert value.after == late.entry.number
    assert [(e.cell, e.kind) for e in cells.console.entries] == [(1, "input"), (1, "output"), (1, "value"),
                                                                 (2, "input")]


def test_stop_shows_stopping_then_how_the_cell_ended():
    cells = page_cells()
    update, _ = cells.run("await asyncio.Future()", 0.0, 0)
    effects = cells.supervisor.stop(1.0)
    assert effects == [SendCancel(1)]
    cells.stopping(1)
    assert update.entry.label == "stopping\u2026"
    entry, notice = cells.finished(Finished(1, "cancelled", CANCELLED))
    assert entry.entry.label == "stopped" and notice.entry.kind == "notice" and notice.entry.text == CANCELLED
    assert cells.stopping(1) == []  # it ended


def test_the_time_limit_shows_as_such():
    cells = page_cells()
    update, _ = cells.run("await asyncio.sleep(60)", 0.0, 1)
    assert cells.supervisor.tick(1.0) == [SendCancel(1)]
    cells.finished(Finished(1, "cancelled", CANCELLED))
    assert update.entry.outcome == "timeout" and update.entry.label == "time limit"


def test_cells_lost_with_a_restarted_worker_say_that_pythons_state_was_reset():
    cells = page_cells()
    busy, _ = cells.run("while True: pass", 0.0, 1)
    waiting, _ = cells.run("await asyncio.Future()", 0.0, 0)
    cells.supervisor.tick(1.0)
    (restart,) = cells.supervisor.tick(1.0 + GRACE)
    updates = cells.restarted(restart.cells)
    assert cells.restarts == 1 and cells.running == {}
    assert busy.entry.label == waiting.entry.label == "stopped: Python restarted"
    notices = [u.entry.text for u in updates if u.entry.kind == "notice"]
    assert notices[0].startswith("Its time limit ran out. Python was restarted") and "state was reset" in notices[0]
    assert notices[1].startswith("Lost with the worker. Python was restarted")
