"""Chat sessions: what the customer, the chat server and the other agents do to a chat.

The customer writes (NEW_MESSAGE), types (COMPOSING) and leaves (ENDED). Joining the session when the agent
accepts: JOIN_PENDING, then ACCEPTED or JOIN_FAILED. Another agent invites this one to a conference (ADDED,
INVITED_CONFERENCE; accept and reject as an invitation); a conference party leaves (LEFT_CONFERENCE).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workspace.errors import RequestError

from .capabilities import Capability
from .interaction import Interaction, announce, iso_date
from .lifecycle import WORKING_STATES, InteractionState, Media

if TYPE_CHECKING:
    from .context import Emitter
    from .state import CentreState

JOIN_OUTCOMES = {True: InteractionState.ACCEPTED, False: InteractionState.JOIN_FAILED}
"""Whether the chat server let the agent join -> the state reached and its event."""


def open_chat(interaction: Interaction) -> Interaction:
    """``interaction`` if it is an accepted (or pulled) chat that the customer has not left."""
    if interaction.media != Media.CHAT or interaction.state not in WORKING_STATES:
        raise RequestError(f"Error: Interaction {interaction.interaction_id} is not an accepted chat.")
    if interaction.end_date is not None:
        raise RequestError(f"Error: The customer has left the chat {interaction.interaction_id}.")
    return interaction


def message(ctx: Emitter, chat: Interaction, text: str) -> None:
    """The customer sends ``text``: kept in the transcript, NEW_MESSAGE."""
    open_chat(chat)
    if not text.strip():
        raise RequestError("Error: A chat message needs some text.")
    chat.transcript.append({"party": chat.parties[0], "text": text, "date": iso_date(ctx.wall)})
    announce(ctx, "NEW_MESSAGE", chat)


def typing(ctx: Emitter, chat: Interaction) -> None:
    """The customer is typing: COMPOSING."""
    announce(ctx, "COMPOSING", open_chat(chat))


def ended(ctx: Emitter, chat: Interaction) -> None:
    """The customer left the chat: ENDED (the chat stays until marked done)."""
    open_chat(chat).end_date = iso_date(ctx.wall)
    announce(ctx, "ENDED", chat)


def join(ctx: Emitter, chat: Interaction, ok: bool) -> None:
    """The agent accepts a chat invitation and joins the session: JOIN_PENDING, then ACCEPTED or JOIN_FAILED."""
    if chat.media != Media.CHAT:
        raise RequestError(f"Error: Interaction {chat.interaction_id} is not a chat (media {chat.media}).")
    chat.require(Capability.ACCEPT, "join")
    for state in (InteractionState.JOIN_PENDING, JOIN_OUTCOMES[ok]):
        chat.set_state(state)
        announce(ctx, state.value, chat)


def conference_invitation(
    centre: CentreState, ctx: Emitter, inviter: str, customer: str, user_data: dict[str, Any]
) -> Interaction:
    """Another agent (``inviter``) invites this one to its chat with ``customer``: ADDED, INVITED_CONFERENCE."""
    invitation = centre.interactions.new(
        ctx, Media.CHAT, InteractionState.INVITED_CONFERENCE, [customer, inviter], user_data=user_data
    )
    return centre.interactions.add(ctx, invitation, "INVITED_CONFERENCE")


def party_left(ctx: Emitter, chat: Interaction, party: str | None) -> None:
    """A conference party other than the customer (default: the latest to join) leaves: LEFT_CONFERENCE."""
    others = open_chat(chat).parties[1:]
    if not others:
        raise RequestError(f"Error: The chat {chat.interaction_id} is not a conference.")
    party = others[-1] if party is None else party
    if party not in others:
        raise RequestError(f"Error: '{party}' is not a conference party of the chat {chat.interaction_id}.")
    others.remove(party)
    chat.parties[1:] = others
    announce(ctx, "LEFT_CONFERENCE", chat)
