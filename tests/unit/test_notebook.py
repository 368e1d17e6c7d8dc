"""The playground's cells in a recorded session (decision P7), on CPython: the cell text both sides read, the host
keeping a cell only from a declared playground at its exact origin, the recording and its replay, the page's cells
(reports, recorded cells shown, Run all in order), and the lost worker's subscriptions ended after a restart."""
from __future__ import annotations

import asyncio
import json

import pytest

from playground.cells import RUN_ALL_STOPPED, Cells
from playground.console import Console
from playground.protocol import Finished, Output
from playground.subscriptions import WorkerSubscriptions
from playground.supervisor import Supervisor
from workspace import replay
from workspace.config import Config, ConfigError
from workspace.host import Host, journal
from workspace.inspector_view import summary
from workspace.testing import Simulator, assert_reproduces, load_scenario, settle
from wwe import notebook
from wwe.wire.messages import Unsubscribe

PLAYGROUND = "http://localhost:8001"


def cell_text(cell: int = 1, source: str = "1 + 1", outcome: str = "ok",
              output: tuple[tuple[str, str], ...] = (("value", "2"),)) -> str:
    return notebook.RecordedCell(cell, source, outcome, output).to_text()


# --- the cell text ----------------------------------------------------------------------------------------------

def test_a_cell_goes_through_its_text_and_back():
    cell = notebook.RecordedCell(3, "print('<b>é</b>')\n", "error", (("output", "<b>é</b>\n"), ("exception", "E")))
    assert notebook.read(cell.to_text()) == cell


@pytest.mark.parametrize("text, fault", [
    ({"cell": 1}, "a text starting with 'wwePlaygroundCell'"),
    ("wwePlaygroundCell [1", "not JSON"),
    ("wwePlaygroundCell " + "[" * 300 + "]" * 300, "nested 300 levels deep refused unread"),
    ('wwePlaygroundCell {"cell": 1, "source": "x", "outcome": "ok"}', "the keys cell, source, outcome, output"),
    (cell_text(cell=0), "cell: a number"),
    (cell_text(source="  \n"), "source: the cell's text"),
    (cell_text(source="x" * (notebook.MAX_SOURCE + 1)), "source: the cell's text, 1 to 20000 characters"),
    (cell_text(outcome="done"), "outcome: one of ok, error, stopped, timeout"),
    (cell_text(output=(("html", "<b>"),)), "output 1: a [kind, text] pair"),
    (cell_text(output=(("value", "x" * (notebook.MAX_OUTPUT_TEXT + 1)),)), "output 1:"),
    (cell_text(output=(("value", "x"),) * (notebook.MAX_OUTPUTS + 1)), "output: a list of at most 20"),
])
def test_anything_else_is_refused_with_the_field_and_why(text, fault):
    with pytest.raises(notebook.CellError) as raised:
        notebook.read(text)
    assert fault in str(raised.value)


def test_a_record_is_fitted_to_the_limits_and_always_reads_back():
    long = "\x01" * 100_000
    cell = notebook.RecordedCell.fitted(7, "for x in y: print(x)", "ok", [("output", long)] * 30)
    assert len(cell.output) == notebook.MAX_OUTPUTS
    assert all(len(text) <= notebook.MAX_OUTPUT_TEXT and text.endswith("characters)") for _, text in cell.output)
    text = cell.to_text()
    assert notebook.read(text) == cell and len(text) <= notebook.MAX_TEXT


# --- the host keeps a playground's cells ------------------------------------------------------------------------

def playground_simulator() -> Simulator:
    simulator = Simulator(load_scenario("playground")[0])
    simulator.transport("frame1", PLAYGROUND, "Playground")
    return simulator


def playground_host() -> Host:
    host = Host(load_scenario("playground")[0])
    host.attach_frame("frame1", PLAYGROUND, "Playground")
    return host


def test_the_host_keeps_a_cell_of_a_declared_playground_and_never_answers():
    host = playground_host()
    assert host.receive("frame1", PLAYGROUND, cell_text(2, outcome="error")) == []
    entry = host.inspector[-1]
    assert (entry.direction, entry.verdict, entry.note) == ("in", journal.CELL, "cell 2: error")


@pytest.mark.parametrize("frame, origin, text, note", [
    ("frame2", PLAYGROUND, cell_text(), "the view 'Dashboard' is not declared a playground (playground = true)"),
    ("frame1", "http://localhost:8002", cell_text(), "from the origin 'http://localhost:8002': the playground "
                                                     "'Playground' is at http://localhost:8001"),
    ("frame1", PLAYGROUND, cell_text(outcome="maybe"), "not a recorded cell: outcome: one of"),
    ("frame1", PLAYGROUND, "HUGE", "not a recorded cell: "),
], ids=["another view", "another origin", "malformed", "over the wire limit"])
def test_a_cell_from_anywhere_else_or_malformed_is_refused_with_why(frame, origin, text, note):
    text = notebook.PREFIX + "x" * 1_100_000 if text == "HUGE" else text
    host = playground_host()
    host.attach_frame("frame2", PLAYGROUND, "Dashboard")
    assert host.receive(frame, origin, text) == []
    entry = host.inspector[-1]
    assert entry.verdict == journal.REFUSED_CELL and entry.note.startswith(note), entry.note


def test_a_scenario_declares_its_playground_and_only_as_true_or_false():
    assert [view.playground for view in load_scenario("playground")[0].web_content] == [True]
    view = {"url": "http://a.example/p.html", "playground": "yes"}
    with pytest.raises(ConfigError, match=r"\[P\] playground: must be true or false, got 'yes'"):
        Config.from_dict({"interaction-workspace": {"interaction.web-content": "P"}, "P": view})
    view = {"url": "http://a.example/p.html?id=$Interaction.Id$", "level": "interaction", "playground": "true"}
    with pytest.raises(ConfigError, match=r"\[P\] playground: a playground is an application-level view"):
        Config.from_dict({"interaction-workspace": {"interaction.web-content": "P"}, "P": view})


# --- recorded, checked and replayed -----------------------------------------------------------------------------

def recorded_session() -> list:
    simulator = playground_simulator()

    async def cells():
        service = simulator.connect("frame3", PLAYGROUND)  # a second frame, for real traffic beside the cells
        await asyncio.gather(service.agent.getState(), settle())
    simulator.session.receive("frame1", PLAYGROUND, cell_text(1, "await service.agent.getState()"))
    asyncio.run(cells())
    simulator.clock.advance(5)
    simulator.session.receive("frame1", PLAYGROUND, cell_text(2, "x", "error", (("exception", "NameError"),)))
    return json.loads(json.dumps(simulator.recording()))


def test_a_session_with_cells_reproduces_and_replays_them_to_the_playground_in_order():
    recording = recorded_session()
    assert_reproduces(recording, load_scenario("playground")[0])
    cells = [sent for sent in replay.sent_messages(replay.read(recording), compress=True) if sent.cell]
    assert [(sent.view, notebook.read(sent.message).source) for sent in cells] == \
        [("Playground", "await service.agent.getState()"), ("Playground", "x")]
    assert cells[1].at - cells[0].at == pytest.approx(replay.COMPRESSED_GAP)


def test_a_recorded_cell_that_is_not_one_makes_the_recording_refused_with_its_entry():
    recording = recorded_session()
    number = next(n for n, e in enumerate(recording, start=1) if e["verdict"] == journal.CELL)
    recording[number - 1]["message"] = notebook.PREFIX + '{"cell": 1}'
    with pytest.raises(replay.RecordingError, match=f"entry {number}: not a playground cell: expected a JSON object"):
        replay.read(recording)


def test_a_recording_without_cells_replays_as_before():
    simulator = Simulator()

    async def calls():
        service = simulator.connect()
        await asyncio.gather(service.agent.getState(), settle())
    asyncio.run(calls())
    sent = replay.sent_messages(replay.read(simulator.recording()))
    assert sent and not any(s.cell for s in sent) and all(isinstance(s.message, dict) for s in sent)


# --- the page's cells ---------------------------------------------------------------------------------------------

def page_cells() -> Cells:
    return Cells(Console(), Supervisor(interruptible=False))


def test_each_cell_that_ends_is_reported_with_its_output_and_recorded_outcome():
    cells = page_cells()
    cells.run("print(1)\n2", 0.0, 30)
    cells.output(Output(1, "output", "1\n"))
    cells.finished(Finished(1, "value", "2"))
    cells.run("while True: pass", 0.0, 30)
    cells.restarted(((2, "stop"),))
    first, second = (notebook.read(text) for text in cells.take_reports())
    assert first == notebook.RecordedCell(1, "print(1)\n2", "ok", (("output", "1\n"), ("value", "2")))
    assert (second.cell, second.outcome, second.output[0][0]) == (2, "stopped", "notice")
    assert cells.take_reports() == []


def test_a_recorded_cell_is_shown_as_text_numbered_like_a_new_cell():
    cells = page_cells()
    cells.run("a = 1", 0.0, 30)
    updates = cells.show_recorded(cell_text(4, "<script>x</script>", "timeout", (("notice", "Stopped"),)))
    entry = updates[0].entry
    assert (entry.kind, entry.cell, entry.text, entry.recorded, entry.label) == \
        ("input", 2, "<script>x</script>", True, "recorded: time limit")
    assert [(u.entry.kind, u.entry.text, u.entry.cell) for u in updates[1:]] == [("notice", "Stopped", 2)]
    assert cells.recorded_source(entry.number) == "<script>x</script>" and cells.recorded_source(999) is None
    assert cells.take_reports() == []  # shown, not run


def test_a_text_that_is_no_recorded_cell_is_a_notice_and_nothing_else_changes():
    cells = page_cells()
    (update,) = cells.show_recorded(notebook.PREFIX + "{}")
    assert update.entry.kind == "notice" and "cannot show: expected a JSON object" in update.entry.text
    assert (cells.count, cells.recorded) == (0, [])


def test_run_all_runs_the_recorded_cells_in_order_each_after_the_previous():
    cells = page_cells()
    for number in (1, 2, 3):
        cells.show_recorded(cell_text(number, f"cell_{number}"))
    cells.run_all()
    first = cells.next_queued()
    cells.run(first, 0.0, 30, queued=True)
    assert (first, cells.next_queued(), cells.running_all) == ("cell_1", None, True)  # waits for the first
    cells.finished(Finished(4, "none", ""))
    second = cells.next_queued()
    cells.run(second, 0.0, 30, queued=True)
    cells.finished(Finished(5, "exception", "NameError"))  # an error ends Run all, and says so
    assert (second, cells.next_queued(), cells.running_all) == ("cell_2", None, False)
    assert cells.console.entries[-1].text == RUN_ALL_STOPPED.format(cell=5)


def test_clearing_the_console_forgets_the_recorded_cells():
    cells = page_cells()
    cells.show_recorded(cell_text())
    cells.run_all()
    cells.forget_recorded()
    assert (cells.next_queued(), cells.recorded) == (None, [])


# --- a restarted worker's subscriptions -------------------------------------------------------------------------

def subscribe(frame_id: str, reference: str, names: list[str]) -> dict:
    return {"event": "subscribe", "data": names, "referenceId": reference, "userAgent": "WWE Client",
            "protocolVersion": 2, "frameId": frame_id}


def test_a_restart_unsubscribes_what_the_lost_worker_subscribed_and_the_host_forgets_it():
    host = playground_host()
    relay = WorkerSubscriptions()

    def worker_sends(message):
        relay.sent(message)
        for _, answer in host.receive("frame1", PLAYGROUND, message):
            for unsubscribe in relay.received(answer):
                host.receive("frame1", PLAYGROUND, unsubscribe)

    worker_sends(subscribe("frame1", "0", ["interaction"]))
    worker_sends(subscribe("frame1", "1", ["agent", "no-such-event"]))
    assert len(host.held_for("frame1")["subscriptions"]) == 2
    ended = relay.restarted()
    assert [message["event"] for message in ended] == ["unsubscribe", "unsubscribe"]
    for message in ended:
        host.receive("frame1", PLAYGROUND, message)
    assert host.held_for("frame1")["subscriptions"] == []
    assert all(entry.verdict == journal.ANSWERED for entry in host.inspector if entry.direction == "in")
    worker_sends(subscribe("frame1", "0", ["interaction"]))  # the new worker's client, from its first number again
    assert host.held_for("frame1")["subscriptions"] == [["interaction"]]
    assert relay.restarted() and relay.restarted() == []


def test_a_subscription_granted_after_the_restart_to_the_lost_worker_is_ended_as_it_comes():
    relay = WorkerSubscriptions()
    relay.sent(subscribe("frame1", "0", ["interaction"]))
    assert relay.restarted() == []  # nothing granted yet
    relay.sent(subscribe("frame1", "0", ["agent"]))  # the new client reuses the number
    answer = {"request": "subscribe", "referenceId": "0", "subscriptionId": "sub-old", "data": ["interaction"],
              "userAgent": "WWE Server", "protocolVersion": 2}
    assert relay.received(answer) == [Unsubscribe("sub-old").to_wire("frame1")]  # the first answer: the old one's
    assert relay.received({**answer, "subscriptionId": "sub-new"}) == []  # the new client's, kept
    assert relay.granted == {"sub-new": "frame1"}
    relay.sent({"event": "unsubscribe", "data": "sub-new", "referenceId": "2"})  # the client ended it itself
    assert relay.restarted() == []
    assert relay.received({**answer, "errorMessage": "no"}) == [] and relay.received("wweText") == []


def test_the_inspector_sums_a_cell_up_in_one_line_and_shows_a_bad_one_as_it_came():
    host = playground_host()
    host.receive("frame1", PLAYGROUND, cell_text(2, "total = 20 +  1\nprint(total)", "error"))
    host.receive("frame1", PLAYGROUND, notebook.PREFIX + "{oops")
    assert [summary(entry) for entry in host.inspector[-2:]] == \
        ["playground cell 2 (error): total = 20 + 1 print(total)", notebook.PREFIX + "{oops"]
