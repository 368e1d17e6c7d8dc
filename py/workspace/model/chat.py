"""Chat sessions: what the customer, the chat server and the other agents do to a chat.

The customer writes (NEW_MESSAGE), types (COMPOSING) and leaves (ENDED). Joining the session when the agent
accepts: JOIN_PENDING, then ACCEPTED or JOIN_FAILED. Another agent invites this one to a conference (ADDED,
INVITED_CONFERENCE; accept and reject as an invitation); a conference party leaves (LEFT_CONFERENCE).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workspace.errors import RequestError

from .openmedia import WORKING_STATES
from .state import Interaction, iso_date

if TYPE_CHECKING:
    from .centre import ContactCentre
    from .context import Emitter

CHAT = "chat"

JOIN_OUTCOMES = {True: "ACCEPTED", False: "JOIN_FAILED"}
"""Whether the chat server let the agent join -> the state reached and its event."""


def open_chat(interaction: Interaction) -> Interaction:
    """``interaction`` if it is an accepted (or pulled) chat that the customer has not left."""
    if interaction.media != CHAT or interaction.state not in WORKING_STATES:
        raise RequestError(f"Error: Interaction {interaction.interaction_id} is not an accepted chat.")
    if interaction.end_date is not None:
        raise RequestError(f"Error: The customer has left the chat {interaction.interaction_id}.")
    return interaction


def message(model: ContactCentre, ctx: Emitter, chat: Interaction, text: str) -> None:
    """The customer sends ``text``: kept in the transcript, NEW_MESSAGE."""
    open_chat(chat)
    if not text.strip():
        raise RequestError("Error: A chat message needs some text.")
    chat.transcript.append({"party": chat.parties[0], "text": text, "date": iso_date(ctx.wall)})
    model.emit(ctx, "NEW_MESSAGE", chat)


def typing(model: ContactCentre, ctx: Emitter, chat: Interaction) -> None:
    """The customer is typing: COMPOSING."""
    model.emit(ctx, "COMPOSING", open_chat(chat))


def ended(model: ContactCentre, ctx: Emitter, chat: Interaction) -> None:
    """The customer left the chat: ENDED (the chat stays until marked done)."""
    open_chat(chat).end_date = iso_date(ctx.wall)
    model.emit(ctx, "ENDED", chat)


def join(model: ContactCentre, ctx: Emitter, chat: Interaction, ok: bool) -> None:
    """The agent accepts a chat invitation and joins the session: JOIN_PENDING, then ACCEPTED or JOIN_FAILED."""
    if chat.media != CHAT:
        raise RequestError(f"Error: Interaction {chat.interaction_id} is not a chat (media {chat.media}).")
    chat.require("ACCEPT", "join")
    for state in ("JOIN_PENDING", JOIN_OUTCOMES[ok]):
        chat.set_state(state)
        model.emit(ctx, state, chat)


def conference_invitation(
    model: ContactCentre, ctx: Emitter, inviter: str, customer: str, user_data: dict[str, Any]
) -> Interaction:
    """Another agent (``inviter``) invites this one to its chat with ``customer``: ADDED, INVITED_CONFERENCE."""
    invitation = model.new_interaction(
        ctx, CHAT, "INVITED_CONFERENCE", [customer, inviter], user_data=user_data, contact=model.contact_for(customer)
    )
    return model.add(ctx, invitation, "INVITED_CONFERENCE")


def party_left(model: ContactCentre, ctx: Emitter, chat: Interaction, party: str | None) -> None:
    """A conference party other than the customer (default: the latest to join) leaves: LEFT_CONFERENCE."""
    others = open_chat(chat).parties[1:]
    if not others:
        raise RequestError(f"Error: The chat {chat.interaction_id} is not a conference.")
    party = others[-1] if party is None else party
    if party not in others:
        raise RequestError(f"Error: '{party}' is not a conference party of the chat {chat.interaction_id}.")
    others.remove(party)
    chat.parties[1:] = others
    model.emit(ctx, "LEFT_CONFERENCE", chat)
