"""Chat and email (open media): invitations, accept/reject, completion, and email.create drafts.

Inbound: ADDED/INVITED -> accept -> ACCEPTED -> markdone -> COMPLETED, REMOVED (reject: REMOVED, state REJECTED).
An invitation may be withdrawn: REVOKED (or, for a chat accepted in another session, CANCELED), then REMOVED.
Outbound email (email.create): ADDED/CREATED -> SENT or CANCELLED, REMOVED. Chat sessions: ``chat.py``;
workbins and queues: ``workbins.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workspace.errors import RequestError

from .capabilities import Capability
from .dispatch import Param, RequestTable, optional_obj, string
from .interaction import Interaction, announce, iso_date, refuse
from .lifecycle import WORKING_STATES, InteractionState, Media

if TYPE_CHECKING:
    from .context import Emitter, RequestContext
    from .state import CentreState

REQUESTS = RequestTable()

OPEN_MEDIA = (Media.CHAT, Media.EMAIL)

WITHDRAWALS: dict[InteractionState, tuple[tuple[Media, ...], str]] = {
    InteractionState.REVOKED: (OPEN_MEDIA, "revoke"),
    InteractionState.CANCELED: ((Media.CHAT,), "cancel"),
}
"""How an invitation may go away unanswered -> (media it applies to, action named in the refusal). CANCELED: the
chat was accepted in another chat session."""


def working(interaction: Interaction, action: str) -> Interaction:
    """``interaction`` if it is a chat or email the agent is working on, else the refusal of ``action``."""
    if interaction.media not in OPEN_MEDIA or interaction.state not in WORKING_STATES:
        raise refuse(interaction, action)
    return interaction


def invite(
    centre: CentreState, ctx: Emitter, media: Media, party: str, user_data: dict[str, Any], subject: str | None = None
) -> Interaction:
    """A routed chat or email arrives: ADDED, INVITED."""
    invitation = centre.interactions.new(ctx, media, InteractionState.INVITED, [party], user_data=user_data, subject=subject)
    return centre.interactions.add(ctx, invitation, "INVITED")


def accept(centre: CentreState, ctx: Emitter, interaction: Interaction) -> None:
    """ACCEPTED."""
    interaction.require(Capability.ACCEPT, "accept")
    interaction.set_state(InteractionState.ACCEPTED)
    announce(ctx, "ACCEPTED", interaction)


def reject(centre: CentreState, ctx: Emitter, interaction: Interaction) -> None:
    """The invitation is declined: REMOVED with state REJECTED."""
    interaction.require(Capability.REJECT, "reject")
    interaction.set_state(InteractionState.REJECTED)
    centre.interactions.remove(ctx, interaction)


def complete(centre: CentreState, ctx: Emitter, interaction: Interaction) -> None:
    """Mark done: COMPLETED, then REMOVED."""
    interaction.set_state(InteractionState.COMPLETED)
    interaction.end_date = iso_date(ctx.wall)
    interaction.done = True
    announce(ctx, "COMPLETED", interaction)
    centre.interactions.remove(ctx, interaction)


def withdraw(centre: CentreState, ctx: Emitter, invitation: Interaction, outcome: InteractionState) -> None:
    """An invitation goes away before the agent answers it: ``outcome`` (a WITHDRAWALS key) is its state and event."""
    media, action = WITHDRAWALS[outcome]
    if invitation.media not in media or Capability.ACCEPT not in invitation.capabilities:
        raise refuse(invitation, action)
    invitation.set_state(outcome)
    announce(ctx, outcome.value, invitation)
    centre.interactions.remove(ctx, invitation)


def insert_standard_response(ctx: Emitter, interaction: Interaction) -> None:
    """The agent inserts a Standard Response in a chat or email being worked on (or a draft): INSERT_STANDARD_RESPONSE."""
    if (interaction.media, interaction.state) != (Media.EMAIL, InteractionState.CREATED):
        working(interaction, "insert a standard response in")
    announce(ctx, "INSERT_STANDARD_RESPONSE", interaction)


def finish_draft(centre: CentreState, ctx: Emitter, interaction: Interaction, outcome: InteractionState) -> None:
    """An outbound email draft is SENT or CANCELLED (``outcome``, also the event), then REMOVED."""
    if interaction.media != Media.EMAIL or interaction.state != InteractionState.CREATED:
        raise RequestError(f"Error: Interaction {interaction.interaction_id} is not an outbound email draft.")
    interaction.set_state(outcome)
    interaction.end_date = iso_date(ctx.wall)
    announce(ctx, outcome.value, interaction)
    centre.interactions.remove(ctx, interaction)


@REQUESTS.handles("email.create", Param("destination", string), Param("userData", optional_obj, optional=True))
def create_email(centre: CentreState, ctx: RequestContext, destination: str, user_data: dict[str, Any]) -> None:
    """A new empty outbound email to ``destination``: ADDED, CREATED."""
    draft = centre.interactions.new(ctx, Media.EMAIL, InteractionState.CREATED, [destination], user_data=user_data)
    centre.interactions.add(ctx, draft, "CREATED")
