"""Voice calls: inbound and outbound lifecycles, capabilities, timers, ring-no-answer, mute."""

from __future__ import annotations

import pytest

from tests.unit.test_model_support import Ctx, model, talking_call, wire
from workspace.errors import RequestError


def test_inbound_call_rings_then_is_answered():
    centre, ctx = model(), Ctx()
    call = centre.inbound_call(ctx, caller="+15551234567", user_data={"Key1": "a"})
    added, ringing = ctx.take()
    assert (added["eventType"], ringing["eventType"]) == ("ADDED", "RINGING")
    assert added["media"] == "voice"
    interaction = ringing["interaction"]
    assert interaction["state"] == "RINGING"
    assert interaction["previousState"] == "UNKNOWN"
    assert interaction["callType"] == "INBOUND"
    assert interaction["direction"] == "IN"
    assert interaction["ani"] == "+15551234567"
    assert interaction["dnis"] == "5000"
    assert interaction["capabilities"] == ["ANSWER", "REJECT"]
    assert interaction["contact"] == {"displayName": "Kate Smith", "firstName": "Kate", "lastName": "Smith"}
    assert interaction["userData"]["Key1"] == "a"
    assert interaction["userData"]["IW_CaseUid"] == interaction["caseId"]
    assert interaction["recordingState"] == "STOPPED"
    assert interaction["interactionUUID"] == interaction["callUuid"]
    assert interaction["startDate"] == "2023-11-14T22:13:20.000Z"
    assert interaction["endDate"] is None

    centre.handle("voice.answer", [call], ctx)
    (established,) = ctx.take()
    assert established["eventType"] == "ESTABLISHED"
    assert established["interaction"]["state"] == "TALKING"
    assert established["interaction"]["previousState"] == "RINGING"


# (request, state before, state after, event, capabilities after)
VOICE_STEPS = [
    ("voice.hold", "TALKING", "HELD", "HELD", ["HANGUP", "RESUME"]),
    ("voice.resume", "HELD", "TALKING", "ESTABLISHED", ["HANGUP", "HOLD"]),
    ("voice.hangUp", "TALKING", "IDLE", "RELEASED", ["MARK_DONE"]),
    ("voice.hangUp", "HELD", "IDLE", "RELEASED", ["MARK_DONE"]),
]


@pytest.mark.parametrize(("request_name", "before", "after", "event", "capabilities"), VOICE_STEPS)
def test_voice_steps(request_name, before, after, event, capabilities):
    centre, ctx = model(), Ctx()
    call = talking_call(centre, ctx)
    if before == "HELD":
        centre.handle("voice.hold", [call], ctx)
        ctx.events.clear()
    centre.handle(request_name, [call], ctx)
    (data,) = ctx.take()
    assert data["eventType"] == event
    assert (data["interaction"]["previousState"], data["interaction"]["state"]) == (before, after)
    assert data["interaction"]["capabilities"] == capabilities


# (request, state in which it is refused)
REFUSED = [
    ("voice.answer", "TALKING"),
    ("voice.hold", "HELD"),
    ("voice.hold", "RINGING"),
    ("voice.resume", "TALKING"),
    ("voice.hangUp", "RINGING"),
    ("voice.hangUp", "IDLE"),
    ("voice.answer", "IDLE"),
]


@pytest.mark.parametrize(("request_name", "state"), REFUSED)
def test_illegal_voice_steps_are_refused(request_name, state):
    centre, ctx = model(), Ctx()
    call = centre.inbound_call(ctx)
    for step in {"TALKING": ["voice.answer"], "HELD": ["voice.answer", "voice.hold"], "IDLE": ["voice.answer", "voice.hangUp"]}.get(state, []):
        centre.handle(step, [call], ctx)
    with pytest.raises(RequestError, match=f"Error: Cannot .* interaction {call} in state {state}."):
        centre.handle(request_name, [call], ctx)


def test_voice_requests_refuse_other_media():
    centre, ctx = model(), Ctx()
    chat = centre.inbound_chat(ctx)
    with pytest.raises(RequestError, match="is not a voice call"):
        centre.handle("voice.answer", [chat], ctx)


@pytest.mark.parametrize(
    ("destination", "call_type"), [("5001", "INTERNAL"), ("+33647005", "OUTBOUND"), ("123456", "OUTBOUND")]
)
def test_dial_starts_dialing_and_the_remote_party_answers_after_the_timer(destination, call_type):
    centre, ctx = model(), Ctx(now=100.0)
    centre.handle("voice.dial", [destination, {"Key1": "x"}], ctx)
    added, dialing = ctx.take()
    assert (added["eventType"], dialing["eventType"]) == ("ADDED", "DIALING")
    interaction = dialing["interaction"]
    assert (interaction["state"], interaction["callType"], interaction["direction"]) == ("DIALING", call_type, "OUT")
    assert (interaction["ani"], interaction["dnis"]) == ("5000", destination)
    assert interaction["parties"] == [{"name": destination}]
    assert interaction["capabilities"] == ["HANGUP"]
    assert centre.next_deadline() == 102.0
    centre.tick(Ctx(now=101.9))
    ctx2 = Ctx(now=102.0)
    centre.tick(ctx2)
    assert ctx2.types() == ["ESTABLISHED"]
    assert centre.next_deadline() is None


def test_dial_ex_keeps_extensions_and_user_data():
    centre, ctx = model(), Ctx()
    centre.handle("voice.dialEx", ["5001", {"Key1": "v"}, {"record": "true"}], ctx)
    interaction = centre.interactions["1"]
    assert interaction.extensions == {"record": "true"}
    assert interaction.user_data["Key1"] == "v"


def test_dial_refuses_a_blank_destination():
    with pytest.raises(RequestError, match="expected a non-empty string"):
        model().handle("voice.dial", ["  ", {}], Ctx())


def test_negative_timer_leaves_the_answer_to_the_control_panel():
    centre, ctx = model(timers={"remote_answer_after": -1}), Ctx()
    centre.handle("voice.dial", ["5001", {}], ctx)
    assert centre.next_deadline() is None
    centre.tick(Ctx(now=1e6))
    assert wire(centre, "1")["state"] == "DIALING"
    ctx.events.clear()
    centre.remote_answer(ctx, "1")
    assert ctx.types() == ["ESTABLISHED"]
    with pytest.raises(RequestError, match="is not dialing"):
        centre.remote_answer(ctx, "1")


def test_hang_up_then_mark_done_removes_the_call():
    centre, ctx = model(), Ctx()
    call = talking_call(centre, ctx)
    centre.handle("voice.hangUp", [call], Ctx(wall=1_700_000_060.5))
    released = wire(centre, call)
    assert released["endDate"] == "2023-11-14T22:14:20.500Z"
    ctx.events.clear()
    centre.handle("interaction.markdone", [call], ctx)
    assert [(name, data["eventType"]) for name, data, _ in ctx.events] == [
        ("markdone", "MARKDONE"),
        ("interaction", "REMOVED"),
    ]
    assert ctx.events[1][1]["interaction"]["capabilities"] == []
    assert centre.handle("interaction.getByInteractionId", [call], ctx) is None


@pytest.mark.parametrize(
    ("happening", "rona_call_state"),
    [("ring_no_answer", "REDIRECTED"), ("remote_hang_up", "NO_ANSWER")],
)
def test_unanswered_inbound_calls_carry_rona_call_state_on_released(happening, rona_call_state):
    centre, ctx = model(), Ctx()
    call = centre.inbound_call(ctx)
    ctx.events.clear()
    getattr(centre, happening)(ctx, call)
    released, removed = ctx.take()
    assert (released["eventType"], removed["eventType"]) == ("RELEASED", "REMOVED")
    assert released["interaction"]["ronaCallState"] == rona_call_state
    assert released["interaction"]["state"] == "IDLE"
    assert call not in centre.interactions


def test_rona_timer_redirects_a_ringing_call():
    centre, ctx = model(timers={"rona_after": 15}), Ctx(now=10.0)
    call = centre.inbound_call(ctx)
    assert centre.next_deadline() == 25.0
    tick = Ctx(now=25.0)
    centre.tick(tick)
    released = tick.take()[0]
    assert released["interaction"]["ronaCallState"] == "REDIRECTED"
    assert call not in centre.interactions


def test_answered_calls_are_not_redirected_and_have_no_rona_call_state():
    centre, ctx = model(timers={"rona_after": 15}), Ctx()
    call = talking_call(centre, ctx)
    centre.tick(Ctx(now=100.0))
    assert wire(centre, call)["state"] == "TALKING"
    centre.handle("voice.hangUp", [call], ctx)
    assert "ronaCallState" not in ctx.take()[0]["interaction"]


@pytest.mark.parametrize("state", ["DIALING", "TALKING", "HELD"])
def test_customer_hang_up_releases_an_established_call(state):
    centre, ctx = model(), Ctx()
    centre.handle("voice.dial", ["+15550001111", {}], ctx)
    if state != "DIALING":
        centre.remote_answer(ctx, "1")
    if state == "HELD":
        centre.handle("voice.hold", ["1"], ctx)
    ctx.events.clear()
    centre.remote_hang_up(ctx, "1")
    assert ctx.types() == ["RELEASED"]
    assert wire(centre, "1")["capabilities"] == ["MARK_DONE"]
    with pytest.raises(RequestError, match="has no call to release"):
        centre.remote_hang_up(ctx, "1")


def test_reject_a_ringing_call():
    centre, ctx = model(), Ctx()
    call = centre.inbound_call(ctx)
    ctx.events.clear()
    centre.handle("interaction.reject", [call], ctx)
    assert ctx.types() == ["RELEASED", "REMOVED"]


def test_interaction_accept_answers_a_ringing_call():
    centre, ctx = model(), Ctx()
    call = centre.inbound_call(ctx)
    ctx.events.clear()
    centre.handle("interaction.accept", [call], ctx)
    assert ctx.types() == ["ESTABLISHED"]


def test_ring_no_answer_needs_a_ringing_call():
    centre, ctx = model(), Ctx()
    call = talking_call(centre, ctx)
    with pytest.raises(RequestError, match="is not ringing"):
        centre.ring_no_answer(ctx, call)
