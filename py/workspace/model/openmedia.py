"""Chat and email (open media): invitations, accept/reject, completion, and email.create drafts.

Inbound: ADDED/INVITED -> accept -> ACCEPTED -> markdone -> COMPLETED, REMOVED (reject: REMOVED, state REJECTED).
An invitation may be withdrawn: REVOKED (or, for a chat accepted in another session, CANCELED), then REMOVED.
Outbound email (email.create): ADDED/CREATED -> SENT or CANCELLED, REMOVED. Chat sessions: ``chat.py``;
workbins and queues: ``workbins.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workspace.errors import RequestError

from .dispatch import Param, RequestTable, optional_obj, string
from .state import Interaction, iso_date, refuse

if TYPE_CHECKING:
    from .centre import ContactCentre
    from .context import Emitter, RequestContext

REQUESTS = RequestTable()

OPEN_MEDIA = ("chat", "email")

WORKING_STATES = frozenset({"ACCEPTED", "PULLED"})
"""States of a chat or email the agent is working on (accepted, or pulled from a workbin or a queue)."""

WITHDRAWALS: dict[str, tuple[tuple[str, ...], str]] = {
    "REVOKED": (OPEN_MEDIA, "revoke"),
    "CANCELED": (("chat",), "cancel"),
}
"""How an invitation may go away unanswered -> (media it applies to, action named in the refusal). CANCELED: the
chat was accepted in another chat session."""


def working(interaction: Interaction, action: str) -> Interaction:
    """``interaction`` if it is a chat or email the agent is working on, else the refusal of ``action``."""
    if interaction.media not in OPEN_MEDIA or interaction.state not in WORKING_STATES:
        raise refuse(interaction, action)
    return interaction


def invite(
    model: ContactCentre, ctx: Emitter, media: str, party: str, user_data: dict[str, Any], subject: str | None = None
) -> Interaction:
    """A routed chat or email arrives: ADDED, INVITED."""
    invitation = model.new_interaction(
        ctx, media, "INVITED", [party], user_data=user_data, contact=model.contact_for(party), subject=subject
    )
    return model.add(ctx, invitation, "INVITED")


def accept(model: ContactCentre, ctx: Emitter, interaction: Interaction) -> None:
    """ACCEPTED."""
    interaction.require("ACCEPT", "accept")
    interaction.set_state("ACCEPTED")
    model.emit(ctx, "ACCEPTED", interaction)


def reject(model: ContactCentre, ctx: Emitter, interaction: Interaction) -> None:
    """The invitation is declined: REMOVED with state REJECTED."""
    interaction.require("REJECT", "reject")
    interaction.set_state("REJECTED")
    model.remove(ctx, interaction)


def complete(model: ContactCentre, ctx: Emitter, interaction: Interaction) -> None:
    """Mark done: COMPLETED, then REMOVED."""
    interaction.set_state("COMPLETED")
    interaction.end_date = iso_date(ctx.wall)
    interaction.done = True
    model.emit(ctx, "COMPLETED", interaction)
    model.remove(ctx, interaction)


def withdraw(model: ContactCentre, ctx: Emitter, invitation: Interaction, outcome: str) -> None:
    """An invitation goes away before the agent answers it: ``outcome`` (a WITHDRAWALS key) is its state and event."""
    media, action = WITHDRAWALS[outcome]
    if invitation.media not in media or "ACCEPT" not in invitation.capabilities:
        raise refuse(invitation, action)
    invitation.set_state(outcome)
    model.emit(ctx, outcome, invitation)
    model.remove(ctx, invitation)


def insert_standard_response(model: ContactCentre, ctx: Emitter, interaction: Interaction) -> None:
    """The agent inserts a Standard Response in a chat or email being worked on (or a draft): INSERT_STANDARD_RESPONSE."""
    if (interaction.media, interaction.state) != ("email", "CREATED"):
        working(interaction, "insert a standard response in")
    model.emit(ctx, "INSERT_STANDARD_RESPONSE", interaction)


def finish_draft(model: ContactCentre, ctx: Emitter, interaction: Interaction, outcome: str) -> None:
    """An outbound email draft is SENT or CANCELLED, then REMOVED."""
    if interaction.media != "email" or interaction.state != "CREATED":
        raise RequestError(f"Error: Interaction {interaction.interaction_id} is not an outbound email draft.")
    interaction.set_state(outcome)
    interaction.end_date = iso_date(ctx.wall)
    model.emit(ctx, outcome, interaction)
    model.remove(ctx, interaction)


@REQUESTS.handles("email.create", Param("destination", string), Param("userData", optional_obj, optional=True))
def create_email(model: ContactCentre, ctx: RequestContext, destination: str, user_data: dict[str, Any]) -> None:
    """A new empty outbound email to ``destination``: ADDED, CREATED."""
    draft = model.new_interaction(
        ctx, "email", "CREATED", [destination], user_data=user_data, contact=model.contact_for(destination)
    )
    model.add(ctx, draft, "CREATED")
