"""Workbins and queues: where chats and emails wait outside the agent's list.

The agent moves an accepted (or pulled) chat/email to the workbin (IN_WORKBIN, REMOVED; it waits in
``CentreState.workbin``) or back to a queue (REMOVED); a failed move emits IN_WORKBIN_FAILED / IN_QUEUE_FAILED and the
interaction stays. Pulling from the workbin or from a queue: ADDED, PULLED (state PULLED, worked like an accepted
one). A failed pull emits PULL_WORKBIN_FAILED / PULL_FAILED then REMOVED: the interaction is shown for the failure
only and never joins the agent's list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workspace.errors import RequestError

from .interaction import Interaction, announce
from .lifecycle import InteractionState, Media
from .openmedia import OPEN_MEDIA, working

if TYPE_CHECKING:
    from .context import Emitter
    from .state import CentreState

WORKBIN, QUEUE = "workbin", "queue"

MOVE_FAILURES = {WORKBIN: "IN_WORKBIN_FAILED", QUEUE: "IN_QUEUE_FAILED"}
"""Where the agent moves an interaction -> the event when the move fails."""

MOVE_EVENTS: dict[str, tuple[str, ...]] = {WORKBIN: ("IN_WORKBIN",), QUEUE: ()}
"""Where the agent moves an interaction -> the events before REMOVED when it works (none is documented for a queue)."""


def move(centre: CentreState, ctx: Emitter, interaction: Interaction, place: str, ok: bool) -> None:
    """Move an interaction being worked on to ``place`` (WORKBIN or QUEUE); a failed move leaves it where it is."""
    working(interaction, f"move to the {place}")
    if not ok:
        announce(ctx, MOVE_FAILURES[place], interaction)
        return
    interaction.parked_in = place
    for event_type in MOVE_EVENTS[place]:
        announce(ctx, event_type, interaction)
    centre.interactions.remove(ctx, interaction)
    if place == WORKBIN:
        centre.workbin[interaction.interaction_id] = interaction


def pulled(centre: CentreState, ctx: Emitter, interaction: Interaction) -> Interaction:
    """The pulled interaction joins the agent's list: ADDED, PULLED."""
    interaction.parked_in = None
    interaction.set_state(InteractionState.PULLED)
    return centre.interactions.add(ctx, interaction, "PULLED")


def pull_failed(ctx: Emitter, interaction: Interaction, event_type: str) -> Interaction:
    """The failure, then REMOVED: consumers that list every interaction they hear of drop it again."""
    announce(ctx, event_type, interaction)
    announce(ctx, "REMOVED", interaction)
    return interaction


def pull_from_workbin(centre: CentreState, ctx: Emitter, interaction_id: str, ok: bool) -> Interaction:
    """The agent opens a workbin item: ADDED, PULLED; failed: PULL_WORKBIN_FAILED, REMOVED (it stays in the workbin)."""
    interaction = centre.workbin.get(interaction_id)
    if interaction is None:
        raise RequestError(f"Error: Interaction {interaction_id} is not in the workbin.")
    if not ok:
        return pull_failed(ctx, interaction, "PULL_WORKBIN_FAILED")
    del centre.workbin[interaction_id]
    return pulled(centre, ctx, interaction)


def pull_from_queue(
    centre: CentreState, ctx: Emitter, media: str, party: str, user_data: dict[str, Any], ok: bool
) -> Interaction:
    """The agent pulls a waiting chat/email from a queue: ADDED, PULLED; failed: PULL_FAILED, REMOVED."""
    if media not in OPEN_MEDIA:
        raise RequestError(f"Error: Only {' and '.join(OPEN_MEDIA)} interactions wait in queues, not {media}.")
    interaction = centre.interactions.new(
        ctx, Media(media), InteractionState.UNKNOWN, [party], user_data=user_data, parked_in=QUEUE
    )
    return pulled(centre, ctx, interaction) if ok else pull_failed(ctx, interaction, "PULL_FAILED")
