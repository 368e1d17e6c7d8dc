"""interaction.*: object shape, attached data, cases, mark done blocking."""

from __future__ import annotations

import pytest

from tests.unit.test_model_support import SPEC, Ctx, model, talking_call, wire
from workspace.errors import RequestError


def test_voice_interaction_carries_every_field_of_the_reference_sample():
    sample = SPEC["events"]["interaction"]["common"][3]["example"]["data"]["interaction"]
    centre, ctx = model(), Ctx()
    centre.handle("voice.dial", ["5001", {}], ctx)
    interaction = wire(centre, "1")
    assert set(sample) <= set(interaction)
    documented = SPEC["namespaces"]["interaction"]["types"]["Interaction"]["properties"]
    assert set(documented) - {"ronaCallState", "_undocumented_in_samples"} <= set(interaction)
    assert {"capabilities", "startDate", "endDate", "media"} <= set(interaction)


def test_get_interactions_and_get_by_id():
    centre, ctx = model(), Ctx()
    first = centre.inbound_call(ctx)
    second = centre.inbound_chat(ctx)
    listed = centre.handle("interaction.getInteractions", [], ctx)
    assert [i["interactionId"] for i in listed] == [first, second]
    assert centre.handle("interaction.getByInteractionId", [second], ctx) == listed[1]
    assert centre.handle("interaction.getByInteractionId", ["99"], ctx) is None


def test_set_user_data_merges_keys_and_emits_attached_data_changed():
    centre, ctx = model(), Ctx()
    call = centre.inbound_call(ctx, user_data={"Key1": "a", "Key2": "b"})
    ctx.events.clear()
    centre.handle("interaction.setUserData", [call, {"Key1": "A", "Key3": "c"}], ctx)
    (changed,) = ctx.take()
    assert changed["eventType"] == "ATTACHED_DATA_CHANGED"
    user_data = changed["interaction"]["userData"]
    assert (user_data["Key1"], user_data["Key2"], user_data["Key3"]) == ("A", "b", "c")


def test_empty_key_values_change_nothing():
    centre, ctx = model(), Ctx()
    call = centre.inbound_call(ctx)
    ctx.events.clear()
    centre.handle("interaction.setUserData", [call, {}], ctx)
    assert ctx.events == []


def test_delete_user_data():
    centre, ctx = model(), Ctx()
    call = centre.inbound_call(ctx, user_data={"Key1": "a"})
    ctx.events.clear()
    centre.handle("interaction.deleteUserData", [call, "Key1"], ctx)
    (changed,) = ctx.take()
    assert "Key1" not in changed["interaction"]["userData"]
    centre.handle("interaction.deleteUserData", [call, "Key1"], ctx)
    assert ctx.events == []


@pytest.mark.parametrize("request_name", ["interaction.setUserData", "interaction.deleteUserData"])
def test_user_data_writes_need_a_live_interaction(request_name):
    centre, ctx = model(), Ctx()
    call = talking_call(centre, ctx)
    centre.handle("voice.hangUp", [call], ctx)
    params = [call, {"Key1": "x"}] if request_name.endswith("setUserData") else [call, "Key1"]
    with pytest.raises(RequestError, match=r"Error: Interaction 1 is not live \(state IDLE\)"):
        centre.handle(request_name, params, ctx)


def test_control_panel_attached_data_change_needs_no_live_interaction():
    centre, ctx = model(), Ctx()
    call = talking_call(centre, ctx)
    centre.handle("voice.hangUp", [call], ctx)
    ctx.events.clear()
    centre.attach_data(ctx, call, {"Disposition": "Sale"})
    assert ctx.take()[0]["interaction"]["userData"]["Disposition"] == "Sale"


def test_first_case_is_selected_and_select_case_by_case_id_moves_selection():
    centre, ctx = model(), Ctx()
    first = centre.inbound_call(ctx)
    second = centre.inbound_chat(ctx)
    assert (wire(centre, first)["isCaseSelected"], wire(centre, second)["isCaseSelected"]) == (True, False)
    case_id = wire(centre, second)["caseId"]
    ctx.events.clear()
    assert centre.handle("interaction.selectCaseByCaseId", [case_id], ctx) is None
    assert ctx.take() == [
        {"eventType": "CASE_EXPANDED", "selectedCaseId": case_id},
        {"eventType": "CASE_SELECTED", "selectedCaseId": case_id},
    ]
    assert [(wire(centre, i)["isCaseSelected"], wire(centre, i)["isCaseExpanded"]) for i in (first, second)] == [
        (False, False),
        (True, True),
    ]


def test_interactions_of_the_selected_case_share_its_selection():
    centre, ctx = model(), Ctx()
    main = talking_call(centre, ctx)
    centre.handle("interaction.selectCaseByCaseId", [wire(centre, main)["caseId"]], ctx)
    centre.handle("interaction.consult", [main, "5001", {}, {}], ctx)
    consult = wire(centre, "2")
    assert (consult["isCaseSelected"], consult["isCaseExpanded"]) == (True, True)


def test_select_unknown_case():
    with pytest.raises(RequestError, match="Error: Case not found."):
        model().handle("interaction.selectCaseByCaseId", ["nope"], Ctx())


def test_blocked_mark_done_fails_with_the_warning_and_tells_markdone_subscribers():
    centre, ctx = model(), Ctx()
    call = talking_call(centre, ctx)
    centre.handle("voice.hangUp", [call], ctx)
    assert centre.handle("interaction.blockMarkdone", [call, "Fill in the disposition first."], ctx) is None
    ctx.events.clear()
    with pytest.raises(RequestError) as caught:
        centre.handle("interaction.markdone", [call], ctx)
    assert str(caught.value) == "Fill in the disposition first."
    assert ctx.events == [
        ("markdone", {"eventType": "MARKDONE_BLOCKED", "interactionId": call, "warningMessage": "Fill in the disposition first."}, None)
    ]
    assert call in centre.interactions
    centre.handle("interaction.unblockMarkdone", [call], ctx)
    ctx.events.clear()
    centre.handle("interaction.markdone", [call], ctx)
    assert ctx.events[0] == ("markdone", {"eventType": "MARKDONE", "interactionId": call}, None)
    assert call not in centre.interactions


def test_mark_done_of_a_live_call_is_refused_before_the_block_is_checked():
    centre, ctx = model(), Ctx()
    call = talking_call(centre, ctx)
    centre.handle("interaction.blockMarkdone", [call, "blocked"], ctx)
    with pytest.raises(RequestError, match="Error: Cannot mark done interaction 1 in state TALKING."):
        centre.handle("interaction.markdone", [call], ctx)
    assert ctx.events == []


@pytest.mark.parametrize("request_name", ["interaction.blockMarkdone", "interaction.unblockMarkdone"])
def test_blocking_needs_a_known_interaction(request_name):
    params = ["9", "w"] if request_name.endswith("blockMarkdone") and "un" not in request_name else ["9"]
    with pytest.raises(RequestError, match="Error: Interaction not found."):
        model().handle(request_name, params, Ctx())
