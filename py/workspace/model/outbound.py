"""Outbound campaigns and preview records (pull, push, direct push), following the reference's event table.

Pull (getPreviewRecord): ADDED/PREVIEWING/RECORDS_RETRIEVED. Push and direct push: ADDED/INVITED, then
interaction.accept -> PREVIEWING/RECORDS_RETRIEVED or interaction.reject -> REMOVED (REJECTED).
callPreviewRecord dials the record (ADDED/DIALING, callType OUTBOUND); pull and direct push remove the preview
at once (REMOVED, IDLE), push keeps it until the call is marked done. rejectPreviewRecord/cancelPreviewRecord:
STATE_CHANGE (REJECTED/CANCELED). Mark done: MARKDONE_APPLIED then REMOVED; direct push stops ("Done and Stop").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workspace.errors import RequestError

from . import voice
from .campaign import Campaign, CampaignStatus, PreviewKind, RecordChain
from .capabilities import Capability
from .dispatch import Param, RequestTable, integer, string
from .interaction import Interaction, announce
from .lifecycle import InteractionState, Media

if TYPE_CHECKING:
    from .context import Emitter, RequestContext
    from .state import CentreState

REQUESTS = RequestTable()

CANCEL_RECORD_RESULT = 52
"""Call result set when a record is cancelled (CANCEL_RECORD in getListOfCallResults)."""


@dataclass(frozen=True)
class CampaignChange:
    """A campaign lifecycle step driven from the control panel, and the outbound event it emits."""

    sources: frozenset[CampaignStatus]
    status: CampaignStatus
    event: str


_C = CampaignStatus

CAMPAIGN_CHANGES = {
    "load": CampaignChange(frozenset({_C.UNLOADED}), _C.LOADED, "CampaignLoaded"),
    "start": CampaignChange(frozenset({_C.LOADED}), _C.STARTED, "CampaignStarted"),
    "stop": CampaignChange(frozenset({_C.STARTED}), _C.LOADED, "CampaignStopped"),
    "unload": CampaignChange(frozenset({_C.LOADED}), _C.UNLOADED, "CampaignUnloaded"),
}


def change_campaign(centre: CentreState, ctx: Emitter, name: str, action: str) -> None:
    """Load, start, stop or unload a campaign and emit its ``outbound`` event."""
    campaign = find_campaign(centre, name)
    change = CAMPAIGN_CHANGES[action]
    if campaign.status not in change.sources:
        raise RequestError(f"Error: Cannot {action} campaign '{name}': it is {campaign.status}.")
    campaign.status = change.status
    data = {"eventType": change.event, "campaign": name}
    if action == "start":
        data["mode"] = campaign.mode
    ctx.emit("outbound", data)


def find_campaign(centre: CentreState, name: str) -> Campaign:
    """The campaign called ``name``."""
    campaign = centre.outbound.campaigns.get(name)
    if campaign is None:
        raise RequestError(f"Error: Campaign '{name}' not found.")
    return campaign


def check_delivery(campaign: Campaign, kinds: tuple[PreviewKind, ...]) -> PreviewKind:
    """The campaign's preview kind; refused unless the campaign is started, of a kind in ``kinds``, and has a record
    chain left."""
    kind = campaign.preview_kind
    if campaign.status != CampaignStatus.STARTED:
        raise RequestError(f"Error: Campaign '{campaign.name}' is not started.")
    if kind is None or kind not in kinds:
        raise RequestError(f"Error: Campaign '{campaign.name}' does not deliver records this way (mode {campaign.mode}).")
    if not campaign.chains:
        raise RequestError(f"Error: No preview record available in campaign '{campaign.name}'.")
    return kind


def take_chain(campaign: Campaign, kind: PreviewKind) -> RecordChain:
    """Remove the next record chain from the campaign's queue."""
    return RecordChain(campaign.name, kind, campaign.chains.pop(0))


def chain_of(interaction: Interaction) -> RecordChain:
    """The outbound record chain the interaction holds (a preview record or a call made from one)."""
    if interaction.chain is None:
        raise RequestError(f"Error: Interaction {interaction.interaction_id} has no outbound record.")
    return interaction.chain


def record_user_data(record: dict[str, Any]) -> dict[str, str]:
    """The record's fields as attached data (string values, as in the RECORDS_RETRIEVED sample)."""
    return {key: str(value) for key, value in record.items()}


def deliver(
    centre: CentreState, ctx: Emitter, chain: RecordChain, state: InteractionState, *event_types: str
) -> Interaction:
    """Add the preview interaction holding ``chain``."""
    first = chain.records[0]
    preview = centre.interactions.new(
        ctx,
        Media.OUTBOUND,
        state,
        [str(first.get("GSW_PHONE", ""))],
        user_data=record_user_data(first),
        call_type="OUTBOUND_PUSH_PREVIEW" if chain.kind == PreviewKind.PUSH else "OUTBOUND_PREVIEW",
        chain=chain,
        record_handle=first["GSW_RECORD_HANDLE"],
        start_date=None,
    )
    return centre.interactions.add(ctx, preview, *event_types)


def push_record(centre: CentreState, ctx: Emitter, campaign_name: str) -> Interaction:
    """OCS pushes a record of a push or (dialing mode started) direct push campaign: ADDED, INVITED."""
    campaign = find_campaign(centre, campaign_name)
    kind = check_delivery(campaign, (PreviewKind.PUSH, PreviewKind.DIRECT))
    if kind == PreviewKind.DIRECT and not centre.outbound.direct_push_active:
        raise RequestError("Error: Direct push preview is not started (outbound.startDirectPushPreview).")
    return deliver(centre, ctx, take_chain(campaign, kind), InteractionState.INVITED, "INVITED")


def accept_record(centre: CentreState, ctx: Emitter, preview: Interaction) -> None:
    """A pushed record is accepted: PREVIEWING, RECORDS_RETRIEVED."""
    preview.require(Capability.ACCEPT, "accept")
    preview.set_state(InteractionState.PREVIEWING)
    announce(ctx, "PREVIEWING", preview)
    announce(ctx, "RECORDS_RETRIEVED", preview)


def reject_invitation(centre: CentreState, ctx: Emitter, preview: Interaction) -> None:
    """A pushed record is declined: REMOVED with state REJECTED."""
    preview.require(Capability.REJECT, "reject")
    preview.set_state(InteractionState.REJECTED)
    preview.done = True
    centre.interactions.remove(ctx, preview)


def current_preview(centre: CentreState) -> Interaction:
    """The agent's current preview record (D4): the latest one being previewed."""
    for interaction in reversed(list(centre.interactions.values())):
        if interaction.media == Media.OUTBOUND and interaction.state == InteractionState.PREVIEWING:
            return interaction
    raise RequestError("Error: There is no current preview record.")


def end_record(centre: CentreState, ctx: Emitter, capability: Capability, state: InteractionState) -> RecordChain:
    """Reject or cancel the current preview record: STATE_CHANGE, waiting for mark done. Returns its chain."""
    preview = current_preview(centre)
    preview.require(capability, capability.lower().replace("_", " "))
    preview.set_state(state)
    announce(ctx, "STATE_CHANGE", preview)
    return chain_of(preview)


def complete(centre: CentreState, ctx: Emitter, interaction: Interaction) -> None:
    """Mark done of a record or of its call: MARKDONE_APPLIED, REMOVED (push: the preview too); OCS gets the outcome."""
    chain = chain_of(interaction)
    announce(ctx, "MARKDONE_APPLIED", interaction)
    interaction.done = True
    for other in list(centre.interactions.values()):
        if other.chain is chain and other is not interaction:
            centre.interactions.remove(ctx, other)
    centre.interactions.remove(ctx, interaction)
    centre.outbound.processed_records.append(chain.outcome())
    if chain.kind == PreviewKind.DIRECT:
        centre.outbound.direct_push_active = False


@REQUESTS.handles("outbound.getCampaigns")
def get_campaigns(centre: CentreState, ctx: RequestContext) -> list[dict[str, Any]]:
    """Loaded and started campaigns: ``[{name, mode, status}]``."""
    campaigns = centre.outbound.campaigns.values()
    return [campaign.to_wire() for campaign in campaigns if campaign.status != CampaignStatus.UNLOADED]


@REQUESTS.handles("outbound.getPreviewRecord", Param("campaignName", string))
def get_preview_record(centre: CentreState, ctx: RequestContext, campaign_name: str) -> None:
    """Pull the next record of a preview campaign: ADDED, PREVIEWING, RECORDS_RETRIEVED."""
    campaign = find_campaign(centre, campaign_name)
    kind = check_delivery(campaign, (PreviewKind.PULL,))
    deliver(centre, ctx, take_chain(campaign, kind), InteractionState.PREVIEWING, "PREVIEWING", "RECORDS_RETRIEVED")


@REQUESTS.handles("outbound.callPreviewRecord", Param("interactionId", string), Param("recordHandle", integer))
def call_preview_record(centre: CentreState, ctx: RequestContext, interaction_id: str, record_handle: int) -> None:
    """Dial the record ``recordHandle`` of the previewed chain."""
    preview = centre.interactions.find(interaction_id)
    chain = chain_of(preview)
    preview.require(Capability.CALL, "call")
    if record_handle not in chain.handles:
        raise RequestError(f"Error: Record handle {record_handle} is not in the chain of interaction {interaction_id}.")
    phone = str(chain.record(record_handle).get("GSW_PHONE", ""))
    voice.place_call(
        centre,
        ctx,
        phone,
        dict(preview.user_data),
        call_type="OUTBOUND",
        case_id=preview.case_id,
        chain=chain,
        record_handle=record_handle,
    )
    preview.set_state(InteractionState.IDLE)
    if chain.kind != PreviewKind.PUSH:
        centre.interactions.remove(ctx, preview)


@REQUESTS.handles("outbound.rejectPreviewRecord")
def reject_preview_record(centre: CentreState, ctx: RequestContext) -> None:
    """Reject the current preview record (STATE_CHANGE, REJECTED)."""
    end_record(centre, ctx, Capability.REJECT_RECORD, InteractionState.REJECTED)


@REQUESTS.handles("outbound.cancelPreviewRecord")
def cancel_preview_record(centre: CentreState, ctx: RequestContext) -> None:
    """Cancel the current preview record (STATE_CHANGE, CANCELED; call result CANCEL_RECORD)."""
    end_record(centre, ctx, Capability.CANCEL_RECORD, InteractionState.CANCELED).call_result = CANCEL_RECORD_RESULT


@REQUESTS.handles("outbound.startDirectPushPreview")
def start_direct_push_preview(centre: CentreState, ctx: RequestContext) -> None:
    """Dialing Mode Start: OCS pushes the next record of the started direct push preview campaign."""
    campaign = next(
        (c for c in centre.outbound.campaigns.values()
         if c.preview_kind == PreviewKind.DIRECT and c.status == CampaignStatus.STARTED),
        None,
    )
    if campaign is None:
        raise RequestError("Error: No Direct Push Preview campaign is started.")
    centre.outbound.direct_push_active = True
    if campaign.chains:
        push_record(centre, ctx, campaign.name)


@REQUESTS.handles("outbound.stopDirectPushPreview")
def stop_direct_push_preview(centre: CentreState, ctx: RequestContext) -> None:
    """Dialing Mode Stop: no more direct push records."""
    centre.outbound.direct_push_active = False
