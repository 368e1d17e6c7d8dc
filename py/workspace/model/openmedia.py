"""Chat and email (open media): invitations, accept/reject, completion, and email.create drafts.

Inbound: ADDED/INVITED -> accept -> ACCEPTED -> markdone -> COMPLETED, REMOVED (reject: REMOVED, state REJECTED).
Chat: the customer leaving emits ENDED. Outbound email (email.create): ADDED/CREATED -> SENT or CANCELLED, REMOVED.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workspace.errors import RequestError

from .dispatch import Param, RequestTable, optional_obj, string
from .state import Interaction, iso_date

if TYPE_CHECKING:
    from .centre import ContactCentre
    from .context import Emitter, RequestContext

REQUESTS = RequestTable()

OPEN_MEDIA = ("chat", "email")


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


def chat_ended(model: ContactCentre, ctx: Emitter, interaction: Interaction) -> None:
    """The customer left the chat: ENDED (the chat stays until marked done)."""
    if interaction.media != "chat" or interaction.state != "ACCEPTED":
        raise RequestError(f"Error: Interaction {interaction.interaction_id} is not an accepted chat.")
    interaction.end_date = iso_date(ctx.wall)
    model.emit(ctx, "ENDED", interaction)


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
