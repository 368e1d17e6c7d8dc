"""Consultation, single-step and two-step transfer and conference."""

from __future__ import annotations

import pytest

from tests.unit.test_model_support import Ctx, model, talking_call, wire
from workspace.errors import RequestError
from workspace.model.dispatch import Invalid
from workspace.model.transfer import Target, target


@pytest.mark.parametrize(
    ("query", "parsed"),
    [
        ("5001", Target("CUSTOM_CONTACT", "5001")),
        ({"type": "AGENT", "destination": "1002"}, Target("AGENT", "1002")),
        ({"target": "SKILL", "destination": "Billing"}, Target("SKILL", "Billing")),
        ({"target": "ROUTING_POINT", "destination": "7000", "media": "voice"}, Target("ROUTING_POINT", "7000", "voice")),
        ({"destination": "+15550001111"}, Target("CUSTOM_CONTACT", "+15550001111")),
    ],
)
def test_target_queries(query, parsed):
    assert target(query) == parsed


@pytest.mark.parametrize(
    "query",
    ["", "  ", 5001, None, {"type": "PLANET", "destination": "Mars"}, {"type": "AGENT"}, {"type": "AGENT", "destination": "1", "media": 3}],
)
def test_bad_target_queries(query):
    with pytest.raises(Invalid):
        target(query)


def consulting(centre, ctx, destination="5001"):
    """A talking call and its consultation, answered; events cleared."""
    main = talking_call(centre, ctx)
    centre.handle("interaction.consult", [main, destination, {"Key1": "c"}, {}], ctx)
    consult = next(i for i in centre.interactions if centre.interactions[i].is_consultation)
    centre.remote_answer(ctx, consult)
    ctx.events.clear()
    return main, consult


def test_consult_holds_the_call_and_dials_a_consultation():
    centre, ctx = model(), Ctx()
    main = talking_call(centre, ctx)
    centre.handle("interaction.consult", [main, {"type": "AGENT", "destination": "5001"}, {"Key1": "c"}, None], ctx)
    events = ctx.take()
    assert [(e["eventType"], e["interaction"]["interactionId"]) for e in events] == [
        ("HELD", main),
        ("ADDED", "2"),
        ("DIALING", "2"),
    ]
    consult = events[-1]["interaction"]
    assert consult["parentInteractionId"] == main
    assert consult["isConsultation"] is True
    assert consult["isMainCaseInteraction"] is False
    assert consult["callType"] == "CONSULT"
    assert consult["caseId"] == wire(centre, main)["caseId"]
    assert consult["userData"]["Key1"] == "c"


def test_only_one_consultation_at_a_time():
    centre, ctx = model(), Ctx()
    main, _ = consulting(centre, ctx)
    with pytest.raises(RequestError, match="already has a consultation in progress"):
        centre.handle("interaction.consult", [main, "5002", {}, {}], ctx)


def test_consultations_are_voice_only_in_the_simulator():
    centre, ctx = model(), Ctx()
    chat = centre.inbound_chat(ctx)
    centre.handle("interaction.accept", [chat], ctx)
    with pytest.raises(RequestError, match="voice consultations only"):
        centre.handle("interaction.consult", [chat, "5001", {}, {}], ctx)
    centre.handle("interaction.consult", [chat, {"destination": "5001", "media": "voice"}, {}, {}], ctx)
    assert centre.interactions["2"].parent_id == chat


def test_consult_needs_an_active_call():
    centre, ctx = model(), Ctx()
    call = centre.inbound_call(ctx)
    with pytest.raises(RequestError, match=r"Cannot consult from interaction 1 \(media voice, state RINGING\)"):
        centre.handle("interaction.consult", [call, "5001", {}, {}], ctx)


def test_complete_transfer_releases_both_calls():
    centre, ctx = model(), Ctx()
    main, consult = consulting(centre, ctx)
    centre.handle("interaction.completeTransfer", [consult], ctx)
    assert [(e["eventType"], e["interaction"]["interactionId"]) for e in ctx.take()] == [
        ("RELEASED", consult),
        ("REMOVED", consult),
        ("RELEASED", main),
    ]
    assert wire(centre, main)["capabilities"] == ["MARK_DONE"]


def test_complete_transfer_while_the_consultation_rings():
    centre, ctx = model(), Ctx()
    main = talking_call(centre, ctx)
    centre.handle("interaction.consult", [main, "5001", {}, {}], ctx)
    centre.handle("interaction.completeTransfer", ["2"], ctx)
    assert wire(centre, main)["state"] == "IDLE"


def test_complete_conference_merges_the_parties():
    centre, ctx = model(), Ctx()
    main, consult = consulting(centre, ctx)
    centre.handle("interaction.completeConference", [consult], ctx)
    events = ctx.take()
    assert [(e["eventType"], e["interaction"]["interactionId"]) for e in events] == [
        ("RELEASED", consult),
        ("REMOVED", consult),
        ("PARTY_CHANGED", main),
    ]
    merged = events[-1]["interaction"]
    assert merged["parties"] == [{"name": "+15551234567"}, {"name": "5001"}]
    assert (merged["previousState"], merged["state"]) == ("HELD", "TALKING")


def test_complete_conference_needs_an_answered_consultation():
    centre, ctx = model(), Ctx()
    main = talking_call(centre, ctx)
    centre.handle("interaction.consult", [main, "5001", {}, {}], ctx)
    with pytest.raises(RequestError, match="Cannot complete the conference of interaction 2"):
        centre.handle("interaction.completeConference", ["2"], ctx)


@pytest.mark.parametrize("request_name", ["interaction.completeTransfer", "interaction.completeConference"])
def test_completion_needs_a_consultation(request_name):
    centre, ctx = model(), Ctx()
    call = talking_call(centre, ctx)
    with pytest.raises(RequestError, match="is not a consultation of a voice call"):
        centre.handle(request_name, [call], ctx)


def test_hanging_up_a_consultation_removes_it_and_keeps_the_main_call_held():
    centre, ctx = model(), Ctx()
    main, consult = consulting(centre, ctx)
    centre.handle("voice.hangUp", [consult], ctx)
    assert ctx.types() == ["RELEASED", "REMOVED"]
    assert wire(centre, main)["state"] == "HELD"


@pytest.mark.parametrize("state", ["TALKING", "HELD"])
def test_single_step_transfer_of_a_call(state):
    centre, ctx = model(), Ctx()
    call = talking_call(centre, ctx)
    if state == "HELD":
        centre.handle("voice.hold", [call], ctx)
        ctx.events.clear()
    centre.handle("interaction.singleStepTransfer", [call, "+15550009999", {"Key1": "t"}, {"x": "1"}], ctx)
    (released,) = ctx.take()
    assert released["eventType"] == "RELEASED"
    assert released["interaction"]["userData"]["Key1"] == "t"


@pytest.mark.parametrize("media", ["chat", "email"])
def test_single_step_transfer_of_open_media(media):
    centre, ctx = model(), Ctx()
    interaction = getattr(centre, f"inbound_{media}")(ctx)
    centre.handle("interaction.accept", [interaction], ctx)
    ctx.events.clear()
    centre.handle("interaction.singleStepTransfer", [interaction, {"type": "AGENT_GROUP", "destination": "Sales"}], ctx)
    events = ctx.take()
    assert [e["eventType"] for e in events] == ["TRANSFER_COMPLETED", "REMOVED"]
    assert events[0]["interaction"]["state"] == "TRANSFER_COMPLETED"


def test_single_step_transfer_refuses_a_ringing_call_and_changes_nothing():
    centre, ctx = model(), Ctx()
    call = centre.inbound_call(ctx)
    with pytest.raises(RequestError, match="Cannot transfer interaction"):
        centre.handle("interaction.singleStepTransfer", [call, "5001", {"Key1": "t"}, {}], ctx)
    assert "Key1" not in wire(centre, call)["userData"]


@pytest.mark.parametrize("media", ["voice", "chat"])
def test_single_step_conference_adds_the_party(media):
    centre, ctx = model(), Ctx()
    if media == "voice":
        interaction = talking_call(centre, ctx)
    else:
        interaction = centre.inbound_chat(ctx)
        centre.handle("interaction.accept", [interaction], ctx)
        ctx.events.clear()
    centre.handle("interaction.singleStepConference", [interaction, "5001", {}, {}], ctx)
    (changed,) = ctx.take()
    assert changed["eventType"] == "PARTY_CHANGED"
    assert changed["interaction"]["parties"][-1] == {"name": "5001"}


def test_single_step_conference_refuses_email():
    centre, ctx = model(), Ctx()
    email = centre.inbound_email(ctx)
    centre.handle("interaction.accept", [email], ctx)
    with pytest.raises(RequestError, match="Cannot conference interaction"):
        centre.handle("interaction.singleStepConference", [email, "5001", {}, {}], ctx)
