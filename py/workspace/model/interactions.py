"""interaction.* requests common to every media: lookup, attached data, cases, accept/reject, mark done."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from workspace.errors import RequestError

from . import openmedia, outbound, voice
from .capabilities import Capability
from .dispatch import Param, RequestTable, obj, string
from .interaction import Interaction, announce
from .lifecycle import InteractionState, Media

if TYPE_CHECKING:
    from .context import Emitter, RequestContext
    from .state import CentreState

REQUESTS = RequestTable()

Action = Callable[["CentreState", "Emitter", Interaction], None]

ACCEPT: dict[Media, Action] = {
    Media.VOICE: lambda centre, ctx, call: voice.step(centre, ctx, call, "answer"),
    Media.OUTBOUND: outbound.accept_record,
    **dict.fromkeys(openmedia.OPEN_MEDIA, openmedia.accept),
}
"""interaction.accept by media."""

REJECT: dict[Media, Action] = {
    Media.VOICE: voice.reject,
    Media.OUTBOUND: outbound.reject_invitation,
    **dict.fromkeys(openmedia.OPEN_MEDIA, openmedia.reject),
}
"""interaction.reject by media."""


def live(interaction: Interaction) -> Interaction:
    """``interaction`` if attached data may be written (voice: state is not IDLE)."""
    if not interaction.live:
        raise RequestError(
            f"Error: Interaction {interaction.interaction_id} is not live (state {interaction.state}); "
            "its user data cannot be changed."
        )
    return interaction


def merge_user_data(ctx: Emitter, interaction: Interaction, key_values: dict[str, Any]) -> None:
    """Set the given keys, keep the others (D9), emit ATTACHED_DATA_CHANGED."""
    if key_values:
        interaction.user_data.update(key_values)
        announce(ctx, "ATTACHED_DATA_CHANGED", interaction)


def error(ctx: Emitter, interaction: Interaction) -> None:
    """An error occurs in the interaction: ERROR; a chat or email goes to state ERROR (only mark done is left)."""
    if interaction.media in openmedia.OPEN_MEDIA:
        interaction.set_state(InteractionState.ERROR)
    announce(ctx, "ERROR", interaction)


def mark_done(centre: CentreState, ctx: Emitter, interaction: Interaction) -> None:
    """Mark done: refused while blocked (the warning is the error, a markdone event says so), else completed."""
    interaction.require(Capability.MARK_DONE, "mark done")
    interaction_id = interaction.interaction_id
    if interaction.markdone_warning is not None:
        ctx.emit(
            "markdone",
            {"eventType": "MARKDONE_BLOCKED", "interactionId": interaction_id, "warningMessage": interaction.markdone_warning},
        )
        raise RequestError(interaction.markdone_warning)
    ctx.emit("markdone", {"eventType": "MARKDONE", "interactionId": interaction_id})
    if interaction.chain is not None:
        outbound.complete(centre, ctx, interaction)
    elif interaction.media == Media.VOICE:
        interaction.done = True
        centre.interactions.remove(ctx, interaction)
    else:
        openmedia.complete(centre, ctx, interaction)


@REQUESTS.handles("interaction.getByInteractionId", Param("interactionId", string))
def get_by_interaction_id(centre: CentreState, ctx: RequestContext, interaction_id: str) -> dict[str, Any] | None:
    """The Interaction, or null if it does not exist."""
    interaction = centre.interactions.get(interaction_id)
    return interaction.to_wire() if interaction else None


@REQUESTS.handles("interaction.getInteractions")
def get_interactions(centre: CentreState, ctx: RequestContext) -> list[dict[str, Any]]:
    """Every interaction, oldest first."""
    return [interaction.to_wire() for interaction in centre.interactions.values()]


@REQUESTS.handles("interaction.setUserData", Param("interactionId", string), Param("keyValues", obj))
def set_user_data(centre: CentreState, ctx: RequestContext, interaction_id: str, key_values: dict[str, Any]) -> None:
    """Merge ``keyValues`` into the live interaction's user data."""
    merge_user_data(ctx, live(centre.interactions.find(interaction_id)), key_values)


@REQUESTS.handles("interaction.deleteUserData", Param("interactionId", string), Param("key", string))
def delete_user_data(centre: CentreState, ctx: RequestContext, interaction_id: str, key: str) -> None:
    """Delete one key from the live interaction's user data (a missing key is not an error)."""
    interaction = live(centre.interactions.find(interaction_id))
    if key in interaction.user_data:
        del interaction.user_data[key]
        announce(ctx, "ATTACHED_DATA_CHANGED", interaction)


@REQUESTS.handles("interaction.selectCaseByCaseId", Param("caseId", string))
def select_case_by_case_id(centre: CentreState, ctx: RequestContext, case_id: str) -> None:
    """Select and expand the case (the others are deselected and collapsed): CASE_EXPANDED, CASE_SELECTED."""
    if not any(interaction.case_id == case_id for interaction in centre.interactions.values()):
        raise RequestError("Error: Case not found.")
    for interaction in centre.interactions.values():
        interaction.case_selected = interaction.case_expanded = interaction.case_id == case_id
    for event_type in ("CASE_EXPANDED", "CASE_SELECTED"):
        ctx.emit("interaction", {"eventType": event_type, "selectedCaseId": case_id})


@REQUESTS.handles("interaction.markdone", Param("interactionId", string))
def markdone(centre: CentreState, ctx: RequestContext, interaction_id: str) -> None:
    """Mark the interaction done."""
    mark_done(centre, ctx, centre.interactions.find(interaction_id))


@REQUESTS.handles("interaction.blockMarkdone", Param("interactionId", string), Param("warningMessage", string))
def block_markdone(centre: CentreState, ctx: RequestContext, interaction_id: str, warning_message: str) -> None:
    """Mark done fails with ``warningMessage`` until unblocked."""
    centre.interactions.find(interaction_id).markdone_warning = warning_message


@REQUESTS.handles("interaction.unblockMarkdone", Param("interactionId", string))
def unblock_markdone(centre: CentreState, ctx: RequestContext, interaction_id: str) -> None:
    """Allow mark done again."""
    centre.interactions.find(interaction_id).markdone_warning = None


@REQUESTS.handles("interaction.accept", Param("interactionId", string))
def accept(centre: CentreState, ctx: RequestContext, interaction_id: str) -> None:
    """Accept a ringing call, an invited chat/email or a pushed preview record."""
    interaction = centre.interactions.find(interaction_id)
    ACCEPT[interaction.media](centre, ctx, interaction)


@REQUESTS.handles("interaction.reject", Param("interactionId", string))
def reject(centre: CentreState, ctx: RequestContext, interaction_id: str) -> None:
    """Reject a ringing call, an invited chat/email or a pushed preview record."""
    interaction = centre.interactions.find(interaction_id)
    REJECT[interaction.media](centre, ctx, interaction)
