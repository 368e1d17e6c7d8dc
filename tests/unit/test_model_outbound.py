"""Outbound campaigns and preview records, checked against the reference's outbound preview event table."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.unit.test_model_support import SPEC, Ctx, model, wire
from workspace.errors import RequestError
from workspace.model import ContactCentre

PULL, PUSH, DIRECT = "Pull Preview", "Regular Push Preview", "Direct Push Preview"
CAMPAIGN = {PULL: "Offer of the Month", PUSH: "Renewals", DIRECT: "Win Back"}

REORDERED = {(DIRECT, "Make call")}
"""The table lists the preview's REMOVED after ESTABLISHED; the model removes it when the call is dialled."""


def table_rows(mode: str, ui_event: str) -> list[tuple]:
    """Rows of the spec table as (eventType, state, callType, capabilities or None when uncertain)."""
    rows = []
    for row in SPEC["outbound_preview_event_table"]:
        if (row["mode"], row["ui_event"]) == (mode, ui_event):
            capabilities = row["capabilities"]
            known = None if any("?" in c for c in capabilities) else [c for c in capabilities if c != "-"]
            rows.append((row["event_type"].rstrip("?"), row["state"].rstrip("?"), row["call_type"].rstrip("?"), known))
    return rows


def observed(ctx: Ctx) -> list[tuple]:
    """Interaction events as (eventType, state, callType, capabilities); RECORDS_RETRIEVED is checked elsewhere."""
    return [
        (e["eventType"], e["interaction"]["state"], e["interaction"]["callType"], e["interaction"]["capabilities"])
        for e in ctx.take()
        if e["eventType"] != "RECORDS_RETRIEVED"
    ]


def receive(centre: ContactCentre, ctx: Ctx, mode: str) -> None:
    """The record reaches the agent."""
    if mode == PULL:
        centre.handle("outbound.getPreviewRecord", [CAMPAIGN[PULL]], ctx)
    elif mode == PUSH:
        centre.push_preview_record(ctx, CAMPAIGN[PUSH])
    else:
        centre.handle("outbound.startDirectPushPreview", [], ctx)


def preview_id(centre: ContactCentre) -> str:
    return next(i for i, it in centre.interactions.items() if it.media == "outbound")


def call_id(centre: ContactCentre) -> str:
    return next(i for i, it in centre.interactions.items() if it.media == "voice")


def make_call(centre: ContactCentre, ctx: Ctx, mode: str) -> None:
    preview = preview_id(centre)
    centre.handle("outbound.callPreviewRecord", [preview, centre.interactions[preview].record_handle], ctx)
    if mode != PULL:  # the table has no ESTABLISHED row for pull preview
        centre.remote_answer(ctx, call_id(centre))


def release_and_mark_done(centre: ContactCentre, ctx: Ctx, mode: str) -> None:
    if mode == PULL:
        centre.remote_answer(Ctx(), call_id(centre))
    centre.handle("voice.hangUp", [call_id(centre)], ctx)
    centre.handle("interaction.markdone", [call_id(centre)], ctx)


Phase = tuple[str, Callable[[ContactCentre, Ctx, str], None]]

ACCEPT: Phase = ("Accepted", lambda c, ctx, m: c.handle("interaction.accept", [preview_id(c)], ctx))
FLOWS: dict[str, list[list[Phase]]] = {
    PULL: [
        [("Preview record received", receive), ("Make call from preview", make_call), ("Release and mark done", release_and_mark_done)],
        [("Preview record received", receive), ("Reject record", lambda c, ctx, m: c.handle("outbound.rejectPreviewRecord", [], ctx))],
        [("Preview record received", receive), ("Cancel record", lambda c, ctx, m: c.handle("outbound.cancelPreviewRecord", [], ctx))],
    ],
}
for _mode in (PUSH, DIRECT):
    FLOWS[_mode] = [
        [("Record received", receive), ACCEPT, ("Make call", make_call), ("Release and mark done", release_and_mark_done)],
        [("Record received", receive), ("Rejected", lambda c, ctx, m: c.handle("interaction.reject", [preview_id(c)], ctx))],
        [("Record received", receive), ACCEPT, ("Reject record", lambda c, ctx, m: c.handle("outbound.rejectPreviewRecord", [], ctx))],
        [("Record received", receive), ACCEPT, ("Cancel record", lambda c, ctx, m: c.handle("outbound.cancelPreviewRecord", [], ctx))],
    ]

CASES = [(mode, index) for mode, flows in FLOWS.items() for index in range(len(flows))]


@pytest.mark.parametrize(("mode", "flow"), CASES)
def test_preview_flows_follow_the_reference_event_table(mode, flow):
    centre, ctx = model(), Ctx()
    for ui_event, action in FLOWS[mode][flow]:
        action(centre, ctx, mode)
        expected = table_rows(mode, ui_event)
        got = observed(ctx)
        if (mode, ui_event) in REORDERED:
            got, expected = sorted(got), sorted(expected, key=lambda row: row[:3])
        assert len(got) == len(expected), (ui_event, got)
        for (event, state, call_type, capabilities), row in zip(got, expected):
            assert (event, state, call_type) == row[:3], ui_event
            if row[3] is not None:
                assert capabilities == row[3], (ui_event, event)


def test_every_row_of_the_table_is_exercised():
    phases = {(mode, ui) for mode, flows in FLOWS.items() for flow in flows for ui, _ in flow}
    assert phases == {(row["mode"], row["ui_event"]) for row in SPEC["outbound_preview_event_table"]}


def test_pull_preview_record_event_matches_the_records_retrieved_sample():
    centre, ctx = model(), Ctx()
    centre.handle("outbound.getPreviewRecord", ["Offer of the Month"], ctx)
    retrieved = ctx.take()[-1]
    sample = SPEC["events"]["interaction"]["chain"][0]["payload_shape"]["data"]["interaction"]
    interaction = retrieved["interaction"]
    assert retrieved["eventType"] == "RECORDS_RETRIEVED"
    assert set(sample) <= set(interaction)
    for key in ("state", "previousState", "capabilities", "startDate", "endDate", "callType", "isCaseSelected", "isCaseExpanded"):
        assert interaction[key] == sample[key], key
    assert interaction["parties"] == [{"name": "+33647005"}]
    assert [r["GSW_RECORD_HANDLE"] for r in interaction["chainedRecords"]] == [283, 284]
    assert [r["GSW_USER_EVENT"] for r in interaction["chainedRecords"]] == ["PreviewRecord", "ChainedRecord"]
    assert interaction["chainedRecords"][0]["GSW_TZ_OFFSET"] == 34200
    assert interaction["userData"]["GSW_RECORD_HANDLE"] == "283"
    assert interaction["userData"]["GSW_TZ_OFFSET"] == "34200"


def test_push_preview_keeps_the_record_until_the_call_is_done():
    centre, ctx = model(), Ctx()
    preview = centre.push_preview_record(ctx, "Renewals")
    centre.handle("interaction.accept", [preview], ctx)
    centre.handle("outbound.callPreviewRecord", [preview, centre.interactions[preview].record_handle], ctx)
    assert wire(centre, preview)["state"] == "IDLE"
    call = call_id(centre)
    assert wire(centre, call)["caseId"] == wire(centre, preview)["caseId"]
    assert centre.handle("outbound.getChainedRecords", [call], ctx) == centre.handle("outbound.getChainedRecords", [preview], ctx)


def test_direct_push_calls_cannot_be_held():
    centre, ctx = model(), Ctx()
    centre.handle("outbound.startDirectPushPreview", [], ctx)
    centre.handle("interaction.accept", [preview_id(centre)], ctx)
    make_call(centre, ctx, DIRECT)
    with pytest.raises(RequestError, match="Cannot hold"):
        centre.handle("voice.hold", [call_id(centre)], ctx)


def test_mark_done_stops_direct_push_preview_and_records_the_outcome():
    centre, ctx = model(), Ctx()
    centre.handle("outbound.startDirectPushPreview", [], ctx)
    assert centre.direct_push_active
    centre.handle("interaction.accept", [preview_id(centre)], ctx)
    make_call(centre, ctx, DIRECT)
    centre.handle("outbound.setCallResult", [call_id(centre), 33], ctx)
    release_and_mark_done(centre, ctx, DIRECT)
    assert not centre.direct_push_active
    assert centre.processed_records == [
        {"campaign": "Win Back", "recordHandles": [288], "callResult": 33, "doNotCall": False, "reschedule": None, "updates": {}}
    ]
    with pytest.raises(RequestError, match="Direct push preview is not started"):
        centre.push_preview_record(ctx, "Win Back")


def test_start_direct_push_preview_needs_a_started_direct_campaign():
    centre, ctx = model(), Ctx()
    centre.change_campaign(ctx, "Win Back", "stop")
    with pytest.raises(RequestError, match="No Direct Push Preview campaign is started"):
        centre.handle("outbound.startDirectPushPreview", [], ctx)


def test_stop_direct_push_preview():
    centre, ctx = model(), Ctx()
    centre.handle("outbound.startDirectPushPreview", [], ctx)
    centre.handle("outbound.stopDirectPushPreview", [], ctx)
    assert not centre.direct_push_active


def test_call_preview_record_checks_the_record_handle_and_the_state():
    centre, ctx = model(), Ctx()
    centre.handle("outbound.getPreviewRecord", ["Offer of the Month"], ctx)
    with pytest.raises(RequestError, match="Record handle 999 is not in the chain of interaction 1"):
        centre.handle("outbound.callPreviewRecord", ["1", 999], ctx)
    centre.handle("outbound.callPreviewRecord", ["1", 284], ctx)
    assert wire(centre, "2")["dnis"] == "+33647004"
    with pytest.raises(RequestError, match="Cannot call interaction 2 in state DIALING"):
        centre.handle("outbound.callPreviewRecord", ["2", 284], ctx)
    centre.inbound_call(ctx)
    with pytest.raises(RequestError, match="Interaction 3 has no outbound record"):
        centre.handle("outbound.callPreviewRecord", ["3", 284], ctx)


def test_reject_and_cancel_act_on_the_current_preview_record():
    centre, ctx = model(), Ctx()
    with pytest.raises(RequestError, match="Error: There is no current preview record."):
        centre.handle("outbound.rejectPreviewRecord", [], ctx)
    centre.handle("outbound.getPreviewRecord", ["Offer of the Month"], ctx)
    centre.handle("outbound.getPreviewRecord", ["Offer of the Month"], ctx)
    centre.handle("outbound.cancelPreviewRecord", [], ctx)
    assert (wire(centre, "1")["state"], wire(centre, "2")["state"]) == ("PREVIEWING", "CANCELED")
    assert centre.handle("outbound.getCallResult", ["2"], ctx) == 52
    centre.handle("interaction.markdone", ["2"], ctx)
    assert centre.processed_records[0]["callResult"] == 52


@pytest.mark.parametrize(
    ("campaign", "message"),
    [
        ("Nope", "Error: Campaign 'Nope' not found."),
        ("Renewals", "Error: Campaign 'Renewals' does not deliver records this way (mode Push Preview)."),
    ],
)
def test_get_preview_record_refusals(campaign, message):
    with pytest.raises(RequestError) as caught:
        model().handle("outbound.getPreviewRecord", [campaign], Ctx())
    assert str(caught.value) == message


def test_preview_records_run_out():
    centre, ctx = model(), Ctx()
    for _ in range(2):
        centre.handle("outbound.getPreviewRecord", ["Offer of the Month"], ctx)
    with pytest.raises(RequestError, match="No preview record available in campaign 'Offer of the Month'"):
        centre.handle("outbound.getPreviewRecord", ["Offer of the Month"], ctx)


# (action, status before, status after, event)
CAMPAIGN_STEPS = [
    ("stop", "started", "loaded", {"eventType": "CampaignStopped", "campaign": "Offer of the Month"}),
    ("unload", "loaded", "unloaded", {"eventType": "CampaignUnloaded", "campaign": "Offer of the Month"}),
    ("load", "unloaded", "loaded", {"eventType": "CampaignLoaded", "campaign": "Offer of the Month"}),
    ("start", "loaded", "started", {"eventType": "CampaignStarted", "campaign": "Offer of the Month", "mode": "Preview"}),
]


def test_campaign_lifecycle_emits_outbound_events():
    centre, ctx = model(), Ctx()
    for action, before, after, event in CAMPAIGN_STEPS:
        assert centre.campaigns["Offer of the Month"].status == before
        centre.change_campaign(ctx, "Offer of the Month", action)
        assert ctx.take("outbound") == [event]
        assert centre.campaigns["Offer of the Month"].status == after


@pytest.mark.parametrize(("action", "message"), [("start", "it is started"), ("unload", "it is started"), ("fly", "Unknown campaign action")])
def test_campaign_lifecycle_refusals(action, message):
    with pytest.raises(RequestError, match=message):
        model().change_campaign(Ctx(), "Offer of the Month", action)


def test_get_campaigns_lists_loaded_and_started_campaigns():
    centre, ctx = model(), Ctx()
    centre.change_campaign(ctx, "Renewals", "stop")
    centre.change_campaign(ctx, "Renewals", "unload")
    centre.change_campaign(ctx, "Win Back", "stop")
    assert centre.handle("outbound.getCampaigns", [], ctx) == [
        {"name": "Offer of the Month", "mode": "Preview", "status": "started"},
        {"name": "Win Back", "mode": "Direct Push Preview", "status": "loaded"},
    ]
    with pytest.raises(RequestError, match="Campaign 'Win Back' is not started"):
        centre.push_preview_record(ctx, "Win Back")


def test_scenario_records_are_grouped_into_chains_and_numbered():
    centre = model(
        campaigns=[{"name": "C", "mode": "Push Preview"}],
        records=[
            {"GSW_CAMPAIGN_NAME": "C", "GSW_PHONE": "1", "GSW_CHAIN_ID": 7},
            {"GSW_CAMPAIGN_NAME": "C", "GSW_PHONE": "2"},
            {"GSW_CAMPAIGN_NAME": "C", "GSW_PHONE": "3", "GSW_CHAIN_ID": 7},
            {"GSW_CAMPAIGN_NAME": "Elsewhere", "GSW_PHONE": "4"},
        ],
    )
    chains = centre.campaigns["C"].chains
    assert [[r["GSW_PHONE"] for r in chain] for chain in chains] == [["1", "3"], ["2"]]
    assert [[r["GSW_RECORD_HANDLE"] for r in chain] for chain in chains] == [[1, 3], [2]]
    assert chains[1][0]["GSW_CHAIN_ID"] == 8
    assert chains[0][0]["GSW_CALL_RESULT"] == 28
