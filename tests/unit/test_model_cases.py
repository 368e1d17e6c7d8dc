"""Case, bundle and contact changes; errors, unknown events and standard responses on an interaction."""

from __future__ import annotations

import pytest

from tests.unit.test_model_support import Ctx, model, talking_call, wire
from workspace.errors import RequestError


def test_a_new_case_id_applies_to_the_whole_case():
    centre, ctx = model(), Ctx()
    call = talking_call(centre, ctx)
    centre.handle("interaction.consult", [call, "5001", {}, {}], ctx)
    other = centre.inbound_chat(ctx)
    previous = wire(centre, call)["caseId"]
    ctx.events.clear()
    assert centre.change_case_id(ctx, call, "case-2") == "case-2"
    events = ctx.take()
    assert events[0] == {"eventType": "CASE_ID_CHANGED", "caseId": "case-2", "previousCaseId": previous}
    assert [(e["eventType"], e["interaction"]["interactionId"]) for e in events[1:]] == [
        ("ATTACHED_DATA_CHANGED", call),
        ("CASE_OR_BUNDLE_ID_CHANGED", call),
        ("ATTACHED_DATA_CHANGED", "2"),
        ("CASE_OR_BUNDLE_ID_CHANGED", "2"),
    ]
    for interaction_id in (call, "2"):
        interaction = wire(centre, interaction_id)
        assert interaction["caseId"] == interaction["userData"]["IW_CaseUid"] == "case-2"
    assert wire(centre, other)["caseId"] != "case-2"


def test_a_case_id_in_use_is_refused():
    centre, ctx = model(), Ctx()
    call, chat = centre.inbound_call(ctx), centre.inbound_chat(ctx)
    ctx.events.clear()
    with pytest.raises(RequestError, match="is already in use"):
        centre.change_case_id(ctx, call, wire(centre, chat)["caseId"])
    assert ctx.events == []
    fresh = centre.change_case_id(ctx, call)
    assert fresh == wire(centre, call)["caseId"] != wire(centre, chat)["caseId"]


def test_a_new_bundle_id():
    centre, ctx = model(), Ctx()
    call = centre.inbound_call(ctx)
    case_id = wire(centre, call)["caseId"]
    ctx.events.clear()
    bundle = centre.change_bundle_id(ctx, call)
    assert ctx.types() == ["ATTACHED_DATA_CHANGED", "CASE_OR_BUNDLE_ID_CHANGED"]
    assert wire(centre, call)["userData"]["IW_BundleUid"] == bundle and wire(centre, call)["caseId"] == case_id


def test_contact_changes_are_merged():
    centre, ctx = model(), Ctx()
    call = centre.inbound_call(ctx)
    ctx.events.clear()
    centre.change_contact(ctx, call, {"displayName": "Kate S."})
    (changed,) = ctx.take()
    assert changed["eventType"] == "CONTACT_CHANGED"
    assert changed["interaction"]["contact"] == {"displayName": "Kate S.", "firstName": "Kate", "lastName": "Smith"}
    centre.handle("voice.dial", ["5001"], ctx)
    centre.change_contact(ctx, "2", {"firstName": "Grace"})  # an internal call had no contact
    assert wire(centre, "2")["contact"] == {"firstName": "Grace"}


@pytest.mark.parametrize("fields", [{}, {"phone": "+1"}, {"displayName": 3}])
def test_contact_changes_take_contact_fields_only(fields):
    centre, ctx = model(), Ctx()
    call = centre.inbound_call(ctx)
    with pytest.raises(RequestError, match="displayName, firstName, lastName only"):
        centre.change_contact(ctx, call, fields)


def test_an_error_ends_a_chat_or_email_but_not_a_call():
    centre, ctx = model(), Ctx()
    call, chat = talking_call(centre, ctx), centre.inbound_chat(ctx)
    ctx.events.clear()
    centre.interaction_error(ctx, call)
    centre.interaction_error(ctx, chat)
    on_call, on_chat = ctx.take()
    assert (on_call["eventType"], on_call["interaction"]["state"]) == ("ERROR", "TALKING")
    assert (on_chat["interaction"]["state"], on_chat["interaction"]["capabilities"]) == ("ERROR", ["MARK_DONE"])
    with pytest.raises(RequestError, match="is not live"):
        centre.handle("interaction.setUserData", [chat, {"Key1": "x"}], ctx)


def test_an_unknown_event_changes_nothing():
    centre, ctx = model(), Ctx()
    call = centre.inbound_call(ctx)
    before = wire(centre, call)
    ctx.events.clear()
    centre.unknown_event(ctx, call)
    (unknown,) = ctx.take()
    assert unknown == {"eventType": "UNKNOWN", "media": "voice", "interaction": before}
    assert wire(centre, call) == before


def test_standard_responses_go_into_chats_emails_and_drafts_being_worked_on():
    centre, ctx = model(), Ctx()
    chat = centre.inbound_chat(ctx)
    centre.handle("email.create", ["x@example.com"], ctx)
    refusal = r"Error: Cannot insert a standard response in interaction 1 \(media chat, state INVITED\)."
    with pytest.raises(RequestError, match=refusal):
        centre.insert_standard_response(ctx, chat)
    centre.handle("interaction.accept", [chat], ctx)
    ctx.events.clear()
    centre.insert_standard_response(ctx, chat)
    centre.insert_standard_response(ctx, "2")
    assert ctx.types() == ["INSERT_STANDARD_RESPONSE"] * 2
    with pytest.raises(RequestError, match="media voice"):
        centre.insert_standard_response(ctx, centre.inbound_call(ctx))
