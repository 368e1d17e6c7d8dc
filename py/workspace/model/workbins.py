"""Workbins and queues: where chats and emails wait outside the agent's list.

The agent moves an accepted (or pulled) chat/email to the workbin (IN_WORKBIN, REMOVED; it waits in
``model.workbin``) or back to a queue (REMOVED); a failed move emits IN_WORKBIN_FAILED / IN_QUEUE_FAILED and the
interaction stays. Pulling from the workbin or from a queue: ADDED, PULLED (state PULLED, worked like an accepted
one). A failed pull emits PULL_WORKBIN_FAILED / PULL_FAILED then REMOVED: the interaction is shown for the failure
only and never joins the agent's list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workspace.errors import RequestError

from .openmedia import OPEN_MEDIA, working
from .state import Interaction

if TYPE_CHECKING:
    from .centre import ContactCentre
    from .context import Emitter

WORKBIN, QUEUE = "workbin", "queue"

MOVE_FAILURES = {WORKBIN: "IN_WORKBIN_FAILED", QUEUE: "IN_QUEUE_FAILED"}
"""Where the agent moves an interaction -> the event when the move fails."""

MOVE_EVENTS: dict[str, tuple[str, ...]] = {WORKBIN: ("IN_WORKBIN",), QUEUE: ()}
"""Where the agent moves an interaction -> the events before REMOVED when it works (none is documented for a queue)."""


def move(model: ContactCentre, ctx: Emitter, interaction: Interaction, place: str, ok: bool) -> None:
    """Move an interaction being worked on to ``place`` (WORKBIN or QUEUE); a failed move leaves it where it is."""
    working(interaction, f"move to the {place}")
    if not ok:
        model.emit(ctx, MOVE_FAILURES[place], interaction)
        return
    interaction.parked_in = place
    for event_type in MOVE_EVENTS[place]:
        model.emit(ctx, event_type, interaction)
    model.remove(ctx, interaction)
    if place == WORKBIN:
        model.workbin[interaction.interaction_id] = interaction


def pulled(model: ContactCentre, ctx: Emitter, interaction: Interaction) -> Interaction:
    """The pulled interaction joins the agent's list: ADDED, PULLED."""
    interaction.parked_in = None
    interaction.set_state("PULLED")
    return model.add(ctx, interaction, "PULLED")


def pull_failed(model: ContactCentre, ctx: Emitter, interaction: Interaction, event_type: str) -> Interaction:
    """The failure, then REMOVED: consumers that list every interaction they hear of drop it again."""
    model.emit(ctx, event_type, interaction)
    model.emit(ctx, "REMOVED", interaction)
    return interaction


def pull_from_workbin(model: ContactCentre, ctx: Emitter, interaction_id: str, ok: bool) -> Interaction:
    """The agent opens a workbin item: ADDED, PULLED; failed: PULL_WORKBIN_FAILED, REMOVED (it stays in the workbin)."""
    interaction = model.workbin.get(interaction_id)
    if interaction is None:
        raise RequestError(f"Error: Interaction {interaction_id} is not in the workbin.")
    if not ok:
        return pull_failed(model, ctx, interaction, "PULL_WORKBIN_FAILED")
    del model.workbin[interaction_id]
    return pulled(model, ctx, interaction)


def pull_from_queue(
    model: ContactCentre, ctx: Emitter, media: str, party: str, user_data: dict[str, Any], ok: bool
) -> Interaction:
    """The agent pulls a waiting chat/email from a queue: ADDED, PULLED; failed: PULL_FAILED, REMOVED."""
    if media not in OPEN_MEDIA:
        raise RequestError(f"Error: Only {' and '.join(OPEN_MEDIA)} interactions wait in queues, not {media}.")
    interaction = model.new_interaction(
        ctx, media, "UNKNOWN", [party], user_data=user_data, contact=model.contact_for(party), parked_in=QUEUE
    )
    return pulled(model, ctx, interaction) if ok else pull_failed(model, ctx, interaction, "PULL_FAILED")
