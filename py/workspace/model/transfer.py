"""Consultation, single-step and two-step transfer and conference (interaction.* requests).

consult: the main call goes HELD and a consultation call (callType CONSULT) is dialled. completeTransfer releases
both calls (the main one waits for mark done); completeConference releases the consultation and adds its party to
the main call (PARTY_CHANGED, TALKING). Single-step: transfer releases the call (chat/email: TRANSFER_COMPLETED,
REMOVED); conference adds the party (PARTY_CHANGED).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workspace.errors import RequestError

from . import voice
from .dispatch import Invalid, Param, RequestTable, optional_obj, string
from .interaction import Interaction, announce, refuse
from .lifecycle import WORKING_STATES, InteractionState, Media
from .openmedia import OPEN_MEDIA

if TYPE_CHECKING:
    from .context import RequestContext
    from .state import CentreState

REQUESTS = RequestTable()

TARGET_TYPES = ("AGENT", "AGENT_GROUP", "SKILL", "INTERACTION_QUEUE", "ROUTING_POINT", "CUSTOM_CONTACT")

ACTIVE_CALL_STATES = frozenset({InteractionState.TALKING, InteractionState.HELD})


@dataclass(frozen=True)
class Target:
    """A parsed targetQuery (D12: ``type`` or ``target`` names the target type; ``media`` is optional)."""

    type: str
    destination: str
    media: str | None = None


def target(value: Any) -> Target:
    """Checker: a destination string (a CUSTOM_CONTACT) or a target object."""
    expected = f"a destination string or an object {{type: {'|'.join(TARGET_TYPES)}, destination: string, media?}}"
    if isinstance(value, str) and value.strip():
        return Target("CUSTOM_CONTACT", value.strip())
    if not isinstance(value, dict):
        raise Invalid(expected)
    kind = value.get("type", value.get("target", "CUSTOM_CONTACT"))
    destination = value.get("destination")
    media = value.get("media")
    if kind not in TARGET_TYPES or not isinstance(destination, str) or not destination.strip():
        raise Invalid(expected)
    if media is not None and not isinstance(media, str):
        raise Invalid(expected)
    return Target(kind, destination.strip(), media)


KeyValues = dict[str, Any]
"""userData, extensions."""

TRANSFER_PARAMS = (
    Param("interactionId", string),
    Param("targetQuery", target),
    Param("userData", optional_obj, optional=True),
    Param("extensions", optional_obj, optional=True),
)


def consultation(centre: CentreState, consult_interaction_id: str) -> tuple[Interaction, Interaction]:
    """The consultation call and the voice call it was made from."""
    consult = centre.interactions.find(consult_interaction_id)
    main = centre.interactions.get(consult.parent_id or "")
    if not consult.is_consultation or main is None or main.media != Media.VOICE:
        raise RequestError(f"Error: Interaction {consult_interaction_id} is not a consultation of a voice call.")
    if main.state not in ACTIVE_CALL_STATES:
        raise RequestError(f"Error: The consulted call {main.interaction_id} is not active (state {main.state}).")
    return consult, main


@REQUESTS.handles("interaction.consult", *TRANSFER_PARAMS)
def consult(centre: CentreState, ctx: RequestContext, interaction_id: str, to: Target, user_data: KeyValues,
            extensions: KeyValues) -> None:
    """Hold the call (if talking) and dial a voice consultation to the target."""
    main = centre.interactions.find(interaction_id)
    if (to.media or main.media) != Media.VOICE:
        raise RequestError("Error: The simulator makes voice consultations only; pass media 'voice' in targetQuery.")
    media, state = main.media, main.state
    consultable = media == Media.VOICE and state in ACTIVE_CALL_STATES or media == Media.CHAT and state in WORKING_STATES
    if not consultable:
        raise refuse(main, "consult from")
    if any(it.parent_id == interaction_id and it.live for it in centre.interactions.values()):
        raise RequestError(f"Error: Interaction {interaction_id} already has a consultation in progress.")
    if main.media == Media.VOICE and main.state == InteractionState.TALKING:
        voice.step(centre, ctx, main, "hold")
    voice.place_call(
        centre,
        ctx,
        to.destination,
        user_data,
        call_type="CONSULT",
        parent_id=interaction_id,
        is_consultation=True,
        is_main=False,
        case_id=main.case_id,
        extensions=extensions,
    )


@REQUESTS.handles("interaction.completeTransfer", Param("consultInteractionId", string))
def complete_transfer(centre: CentreState, ctx: RequestContext, consult_interaction_id: str) -> None:
    """Hand the call over to the consulted party: both calls are RELEASED (the main one waits for mark done)."""
    consult, main = consultation(centre, consult_interaction_id)
    if consult.state not in (InteractionState.DIALING, InteractionState.TALKING):
        raise refuse(consult, "complete the transfer of")
    voice.end_call(centre, ctx, consult, remove=True)
    voice.end_call(centre, ctx, main, remove=False)


@REQUESTS.handles("interaction.completeConference", Param("consultInteractionId", string))
def complete_conference(centre: CentreState, ctx: RequestContext, consult_interaction_id: str) -> None:
    """Merge the consulted party into the main call: consultation RELEASED/REMOVED, main PARTY_CHANGED (TALKING)."""
    consult, main = consultation(centre, consult_interaction_id)
    if consult.state != InteractionState.TALKING:
        raise refuse(consult, "complete the conference of")
    voice.end_call(centre, ctx, consult, remove=True)
    main.parties.extend(consult.parties)
    if main.state != InteractionState.TALKING:
        main.set_state(InteractionState.TALKING)
    announce(ctx, "PARTY_CHANGED", main)


@REQUESTS.handles("interaction.singleStepTransfer", *TRANSFER_PARAMS)
def single_step_transfer(centre: CentreState, ctx: RequestContext, interaction_id: str, to: Target, user_data: KeyValues,
                         extensions: KeyValues) -> None:
    """Transfer without consultation: a call is RELEASED; an accepted or pulled chat/email is TRANSFER_COMPLETED, REMOVED."""
    interaction = centre.interactions.find(interaction_id)
    is_call = interaction.media == Media.VOICE and interaction.state in ACTIVE_CALL_STATES
    if not is_call and not (interaction.media in OPEN_MEDIA and interaction.state in WORKING_STATES):
        raise refuse(interaction, "transfer")
    interaction.user_data.update(user_data)
    interaction.extensions.update(extensions)
    if is_call:
        voice.end_call(centre, ctx, interaction, remove=False)
        return
    interaction.set_state(InteractionState.TRANSFER_COMPLETED)
    interaction.done = True
    announce(ctx, "TRANSFER_COMPLETED", interaction)
    centre.interactions.remove(ctx, interaction)


@REQUESTS.handles("interaction.singleStepConference", *TRANSFER_PARAMS)
def single_step_conference(centre: CentreState, ctx: RequestContext, interaction_id: str, to: Target, user_data: KeyValues,
                           extensions: KeyValues) -> None:
    """Add the target to a talking call or an accepted (or pulled) chat: PARTY_CHANGED."""
    interaction = centre.interactions.find(interaction_id)
    media, state = interaction.media, interaction.state
    conferencing = (media, state) == (Media.VOICE, InteractionState.TALKING) or media == Media.CHAT and state in WORKING_STATES
    if not conferencing:
        raise refuse(interaction, "conference")
    interaction.user_data.update(user_data)
    interaction.extensions.update(extensions)
    interaction.parties.append(to.destination)
    announce(ctx, "PARTY_CHANGED", interaction)
