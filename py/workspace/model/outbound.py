"""Outbound campaigns and preview records (pull, push, direct push), following the reference's event table.

Pull (getPreviewRecord): ADDED/PREVIEWING/RECORDS_RETRIEVED. Push and direct push: ADDED/INVITED, then
interaction.accept -> PREVIEWING/RECORDS_RETRIEVED or interaction.reject -> REMOVED (REJECTED).
callPreviewRecord dials the record (ADDED/DIALING, callType OUTBOUND); pull and direct push remove the preview
at once (REMOVED, IDLE), push keeps it until the call is marked done. rejectPreviewRecord/cancelPreviewRecord:
STATE_CHANGE (REJECTED/CANCELED). Mark done: MARKDONE_APPLIED then REMOVED; direct push stops ("Done and Stop").
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count
from typing import TYPE_CHECKING, Any

from workspace.errors import RequestError

from . import voice
from .dispatch import Param, RequestTable, integer, string
from .state import OUTBOUND, Campaign, Interaction, RecordChain

if TYPE_CHECKING:
    from .centre import ContactCentre
    from .context import Emitter, RequestContext

REQUESTS = RequestTable()

CANCEL_RECORD_RESULT = 52
"""Call result set when a record is cancelled (CANCEL_RECORD in getListOfCallResults)."""

RECORD_DEFAULTS: dict[str, Any] = {
    "GSW_PHONE_TYPE": 1,
    "GSW_CALL_RESULT": 28,
    "GSW_ATTEMPTS": 0,
    "GSW_FROM": 0,
    "GSW_UNTIL": 86399,
    "GSW_TZ_NAME": "UTC",
    "GSW_TZ_OFFSET": 0,
    "InteractionType": "Outbound",
    "InteractionSubtype": "OutboundNew",
}
"""Fields a scenario record may omit."""


@dataclass(frozen=True)
class CampaignChange:
    """A campaign lifecycle step driven from the control panel, and the outbound event it emits."""

    sources: frozenset[str]
    status: str
    event: str


CAMPAIGN_CHANGES = {
    "load": CampaignChange(frozenset({"unloaded"}), "loaded", "CampaignLoaded"),
    "start": CampaignChange(frozenset({"loaded"}), "started", "CampaignStarted"),
    "stop": CampaignChange(frozenset({"started"}), "loaded", "CampaignStopped"),
    "unload": CampaignChange(frozenset({"loaded"}), "unloaded", "CampaignUnloaded"),
}


def load_campaigns(scenario: dict[str, Any]) -> dict[str, Campaign]:
    """Campaigns of the scenario with their record chains (records sharing GSW_CHAIN_ID form one chain).

    Records naming an unknown campaign are ignored; missing handles and chain ids are numbered.
    """
    campaigns = {
        entry["name"]: Campaign(entry["name"], entry.get("mode", "Preview"), entry.get("status", "started"))
        for entry in scenario.get("campaigns", [])
    }
    records = [record for record in scenario.get("records", []) if record.get("GSW_CAMPAIGN_NAME") in campaigns]
    handles = count(1 + max((r.get("GSW_RECORD_HANDLE", 0) for r in records), default=0))
    chain_ids = count(1 + max((r.get("GSW_CHAIN_ID", 0) for r in records), default=0))
    chains: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for record in records:
        campaign = campaigns[record["GSW_CAMPAIGN_NAME"]]
        filled = {**RECORD_DEFAULTS, "GSW_CALLING_LIST": f"{campaign.name} List", **record}
        if "GSW_CHAIN_ID" not in filled:
            filled["GSW_CHAIN_ID"] = next(chain_ids)
        if "GSW_RECORD_HANDLE" not in filled:
            filled["GSW_RECORD_HANDLE"] = next(handles)
        chain = chains.setdefault((campaign.name, filled["GSW_CHAIN_ID"]), [])
        filled["GSW_USER_EVENT"] = "ChainedRecord" if chain else "PreviewRecord"
        chain.append(filled)
        if len(chain) == 1:
            campaign.chains.append(chain)
    return campaigns


def change_campaign(model: ContactCentre, ctx: Emitter, name: str, action: str) -> None:
    """Load, start, stop or unload a campaign and emit its ``outbound`` event."""
    campaign = find_campaign(model, name)
    change = CAMPAIGN_CHANGES[action]
    if campaign.status not in change.sources:
        raise RequestError(f"Error: Cannot {action} campaign '{name}': it is {campaign.status}.")
    campaign.status = change.status
    data = {"eventType": change.event, "campaign": name}
    if action == "start":
        data["mode"] = campaign.mode
    ctx.emit("outbound", data)


def find_campaign(model: ContactCentre, name: str) -> Campaign:
    """The campaign called ``name``."""
    campaign = model.campaigns.get(name)
    if campaign is None:
        raise RequestError(f"Error: Campaign '{name}' not found.")
    return campaign


def check_delivery(campaign: Campaign, kinds: tuple[str, ...]) -> None:
    """Refuse unless the campaign is started, of a preview kind in ``kinds``, and has a record chain left."""
    if campaign.status != "started":
        raise RequestError(f"Error: Campaign '{campaign.name}' is not started.")
    if campaign.preview_kind not in kinds:
        raise RequestError(f"Error: Campaign '{campaign.name}' does not deliver records this way (mode {campaign.mode}).")
    if not campaign.chains:
        raise RequestError(f"Error: No preview record available in campaign '{campaign.name}'.")


def take_chain(campaign: Campaign) -> RecordChain:
    """Remove the next record chain from the campaign's queue."""
    return RecordChain(campaign.name, campaign.preview_kind or "", campaign.chains.pop(0))


def chain_of(interaction: Interaction) -> RecordChain:
    """The outbound record chain the interaction holds (a preview record or a call made from one)."""
    if interaction.chain is None:
        raise RequestError(f"Error: Interaction {interaction.interaction_id} has no outbound record.")
    return interaction.chain


def record_user_data(record: dict[str, Any]) -> dict[str, str]:
    """The record's fields as attached data (string values, as in the RECORDS_RETRIEVED sample)."""
    return {key: str(value) for key, value in record.items()}


def deliver(model: ContactCentre, ctx: Emitter, chain: RecordChain, state: str, *event_types: str) -> Interaction:
    """Add the preview interaction holding ``chain``."""
    first = chain.records[0]
    preview = model.new_interaction(
        ctx,
        OUTBOUND,
        state,
        [str(first.get("GSW_PHONE", ""))],
        user_data=record_user_data(first),
        call_type="OUTBOUND_PUSH_PREVIEW" if chain.kind == "PUSH" else "OUTBOUND_PREVIEW",
        contact=model.contact_for(str(first.get("GSW_PHONE", ""))),
        chain=chain,
        record_handle=first["GSW_RECORD_HANDLE"],
        start_date=None,
    )
    return model.add(ctx, preview, *event_types)


def push_record(model: ContactCentre, ctx: Emitter, campaign_name: str) -> Interaction:
    """OCS pushes a record of a push or (dialing mode started) direct push campaign: ADDED, INVITED."""
    campaign = find_campaign(model, campaign_name)
    check_delivery(campaign, ("PUSH", "DIRECT"))
    if campaign.preview_kind == "DIRECT" and not model.direct_push_active:
        raise RequestError("Error: Direct push preview is not started (outbound.startDirectPushPreview).")
    return deliver(model, ctx, take_chain(campaign), "INVITED", "INVITED")


def accept_record(model: ContactCentre, ctx: Emitter, preview: Interaction) -> None:
    """A pushed record is accepted: PREVIEWING, RECORDS_RETRIEVED."""
    preview.require("ACCEPT", "accept")
    preview.set_state("PREVIEWING")
    model.emit(ctx, "PREVIEWING", preview)
    model.emit(ctx, "RECORDS_RETRIEVED", preview)


def reject_invitation(model: ContactCentre, ctx: Emitter, preview: Interaction) -> None:
    """A pushed record is declined: REMOVED with state REJECTED."""
    preview.require("REJECT", "reject")
    preview.set_state("REJECTED")
    preview.done = True
    model.remove(ctx, preview)


def current_preview(model: ContactCentre) -> Interaction:
    """The agent's current preview record (D4): the latest one being previewed."""
    for interaction in reversed(list(model.interactions.values())):
        if interaction.media == OUTBOUND and interaction.state == "PREVIEWING":
            return interaction
    raise RequestError("Error: There is no current preview record.")


def end_record(model: ContactCentre, ctx: Emitter, capability: str, state: str) -> RecordChain:
    """Reject or cancel the current preview record: STATE_CHANGE, waiting for mark done. Returns its chain."""
    preview = current_preview(model)
    preview.require(capability, capability.lower().replace("_", " "))
    preview.set_state(state)
    model.emit(ctx, "STATE_CHANGE", preview)
    return chain_of(preview)


def complete(model: ContactCentre, ctx: Emitter, interaction: Interaction) -> None:
    """Mark done of a record or of its call: MARKDONE_APPLIED, REMOVED (push: the preview too); OCS gets the outcome."""
    chain = chain_of(interaction)
    model.emit(ctx, "MARKDONE_APPLIED", interaction)
    interaction.done = True
    for other in list(model.interactions.values()):
        if other.chain is chain and other is not interaction:
            model.remove(ctx, other)
    model.remove(ctx, interaction)
    model.processed_records.append(chain.outcome())
    if chain.kind == "DIRECT":
        model.direct_push_active = False


@REQUESTS.handles("outbound.getCampaigns")
def get_campaigns(model: ContactCentre, ctx: RequestContext) -> list[dict[str, Any]]:
    """Loaded and started campaigns: ``[{name, mode, status}]``."""
    return [campaign.to_wire() for campaign in model.campaigns.values() if campaign.status != "unloaded"]


@REQUESTS.handles("outbound.getPreviewRecord", Param("campaignName", string))
def get_preview_record(model: ContactCentre, ctx: RequestContext, campaign_name: str) -> None:
    """Pull the next record of a preview campaign: ADDED, PREVIEWING, RECORDS_RETRIEVED."""
    campaign = find_campaign(model, campaign_name)
    check_delivery(campaign, ("PULL",))
    deliver(model, ctx, take_chain(campaign), "PREVIEWING", "PREVIEWING", "RECORDS_RETRIEVED")


@REQUESTS.handles("outbound.callPreviewRecord", Param("interactionId", string), Param("recordHandle", integer))
def call_preview_record(model: ContactCentre, ctx: RequestContext, interaction_id: str, record_handle: int) -> None:
    """Dial the record ``recordHandle`` of the previewed chain."""
    preview = model.find(interaction_id)
    chain = chain_of(preview)
    preview.require("CALL", "call")
    if record_handle not in chain.handles:
        raise RequestError(f"Error: Record handle {record_handle} is not in the chain of interaction {interaction_id}.")
    phone = str(chain.record(record_handle).get("GSW_PHONE", ""))
    voice.place_call(
        model,
        ctx,
        phone,
        dict(preview.user_data),
        call_type="OUTBOUND",
        case_id=preview.case_id,
        chain=chain,
        record_handle=record_handle,
    )
    preview.set_state("IDLE")
    if chain.kind != "PUSH":
        model.remove(ctx, preview)


@REQUESTS.handles("outbound.rejectPreviewRecord")
def reject_preview_record(model: ContactCentre, ctx: RequestContext) -> None:
    """Reject the current preview record (STATE_CHANGE, REJECTED)."""
    end_record(model, ctx, "REJECT_RECORD", "REJECTED")


@REQUESTS.handles("outbound.cancelPreviewRecord")
def cancel_preview_record(model: ContactCentre, ctx: RequestContext) -> None:
    """Cancel the current preview record (STATE_CHANGE, CANCELED; call result CANCEL_RECORD)."""
    end_record(model, ctx, "CANCEL_RECORD", "CANCELED").call_result = CANCEL_RECORD_RESULT


@REQUESTS.handles("outbound.startDirectPushPreview")
def start_direct_push_preview(model: ContactCentre, ctx: RequestContext) -> None:
    """Dialing Mode Start: OCS pushes the next record of the started direct push preview campaign."""
    campaign = next(
        (c for c in model.campaigns.values() if c.preview_kind == "DIRECT" and c.status == "started"), None
    )
    if campaign is None:
        raise RequestError("Error: No Direct Push Preview campaign is started.")
    model.direct_push_active = True
    if campaign.chains:
        push_record(model, ctx, campaign.name)


@REQUESTS.handles("outbound.stopDirectPushPreview")
def stop_direct_push_preview(model: ContactCentre, ctx: RequestContext) -> None:
    """Dialing Mode Stop: no more direct push records."""
    model.direct_push_active = False
