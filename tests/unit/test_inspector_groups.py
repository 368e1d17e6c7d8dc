"""The inspector's grouping and time order: each message under its cause (a request, a page action, the contact
centre's timer, a replay), scenario steps as sections, whatever the filter."""
from __future__ import annotations

from workspace import Config, Host, timeline
from wwe.testing import ManualClock
from workspace.control_panel import run
from workspace.host import journal
from workspace.host.journal import InspectorEntry
from workspace.inspector_groups import CAUSE_WINDOW, PAGE, REPLAY, REQUEST, TIMER, Grouping, StepMarks
from workspace.inspector_view import summary

from .test_simulator_panel import EXTENSION, SCENARIO, subscribe

NOTE_THEN_CALL = '''
[[timeline.step]]
do = "note"
pause = true
note = "Click Set state in the dashboard."

[[timeline.step]]
do = "inbound"
media = "voice"
as = "call"
note = "A call rings."
'''


def host_on(clock: ManualClock) -> Host:
    host = Host(Config.from_toml(SCENARIO), clock=clock.now, wall_clock=clock.now)
    host.attach_frame("frame1", EXTENSION, "Agent")
    subscribe(host, "interaction", "agent")
    return host


def grouped(host: Host, marks: StepMarks | None = None) -> list[tuple[str, str, list[str]]]:
    """(kind, step heading, the summaries of its entries) per group, in time order."""
    groups: list[tuple[str, str, list[str]]] = []
    for placed in Grouping(marks or StepMarks()).place_all(host.inspector):
        step = f"Step {placed.step.number}" if placed.step else ""
        if placed.head:
            groups.append((placed.kind, step, []))
        groups[-1][2].append(summary(placed.entry))
    return groups


def test_each_message_comes_after_its_cause_in_time_order():
    clock = ManualClock(1000.0)
    host = host_on(clock)
    clock.advance(1)
    host.receive("frame1", EXTENSION, {"request": "agent.setState", "parameters": ["NotReady"], "referenceId": "7", "frameId": "frame1"})
    clock.advance(1)
    run(host, "inbound", {"media": "voice"})
    groups = grouped(host)
    assert [kind for kind, _, _ in groups] == [PAGE, REQUEST, REQUEST, PAGE]
    assert groups[0][2] == ["attach frame1 Agent", "frameId frame1"]
    request, reply, *events = groups[2][2]
    assert request == 'agent.setState ["NotReady"]' and reply.startswith("agent.setState -> ")
    assert events and all(event.startswith("agent ") for event in events)       # the events it caused, after it
    assert groups[3][2][0] == "action inbound media=voice"
    assert [e.split(" #")[0] for e in groups[3][2][1:]] == ["interaction ADDED", "interaction RINGING"]


def test_what_the_contact_centre_does_by_itself_later_is_a_group_of_its_own():
    clock = ManualClock(1000.0)
    host = host_on(clock)
    run(host, "inbound", {"media": "voice"})
    call = next(iter(host.model.interactions))
    clock.advance(CAUSE_WINDOW / 2)                       # within the window: still the action's doing
    run(host, "answer", {"id": call})
    clock.advance(3 * CAUSE_WINDOW)                       # later, as host.tick() does: the model's own events
    host.perform(lambda ctx: ctx.emit("agent", {"eventType": "STATE_CHANGED"}))
    host.perform(lambda ctx: ctx.emit("agent", {"eventType": "STATE_CHANGED"}))
    groups = grouped(host)
    assert [kind for kind, _, _ in groups[-3:]] == [PAGE, PAGE, TIMER]
    assert groups[-2][2][0] == f"action answer id={call}" and groups[-1][2] == ["agent STATE_CHANGED"] * 2


def test_replayed_messages_make_one_group():
    clock = ManualClock(1000.0)
    host = host_on(clock)
    host.log_replayed("frame1", {"event": "agent", "data": {}}, "replayed: sent to frame1 (Agent) in the recording")
    host.log_replayed("frame1", {"event": "agent", "data": {}}, "replayed: sent to frame1 (Agent) in the recording")
    clock.advance(1)
    host.receive("frame1", EXTENSION, {"request": "agent.get", "parameters": [], "referenceId": "1", "frameId": "frame1"})
    groups = grouped(host)
    assert [(kind, len(entries)) for kind, _, entries in groups[-2:]] == [(REPLAY, 2), (REQUEST, 2)]
    assert {e.verdict for e in host.inspector[-4:-2]} == {journal.REPLAYED}


def test_a_step_opens_a_section_at_the_first_entry_after_it_a_note_at_what_the_learners_cause():
    clock = ManualClock(1000.0)
    host = host_on(clock)
    _, script = timeline.load(NOTE_THEN_CALL)
    player = timeline.Player(script, host)
    marks = StepMarks()
    player.play(0)
    player.poll(0)                                      # step 1, a note: it pauses
    clock.advance(1)
    host.receive("frame1", EXTENSION, {"request": "agent.setState", "parameters": ["Ready"], "referenceId": "1", "frameId": "frame1"})
    player.play(1)
    player.poll(1)                                      # step 2: the call
    marks.note(player.played)
    groups = grouped(host, marks)
    assert [(kind, step) for kind, step, _ in groups] == [(PAGE, ""), (REQUEST, ""), (REQUEST, "Step 1"),
                                                          (PAGE, "Step 2")]
    assert groups[3][2][0] == "action inbound media=voice"
    player.reset()                                      # a reset empties the player's list; the sections stay
    marks.note(player.played)
    assert grouped(host, marks) == groups


def test_the_marks_are_by_identity_not_by_equal_entries():
    marks = StepMarks()
    entry = InspectorEntry(1.0, "in", EXTENSION, "frame1", {"request": "x"}, journal.ANSWERED)
    step = timeline.Step(1, 5, "note", note="Hello")
    marks.note([timeline.Played(step, None, entry)])
    assert marks.opened_after(entry) is step
    assert marks.opened_after(InspectorEntry(1.0, "in", EXTENSION, "frame1", {"request": "x"}, journal.ANSWERED)) is None
    assert marks.opened_after(None) is None
