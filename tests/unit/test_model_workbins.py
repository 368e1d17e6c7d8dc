"""Workbins and queues: moves out of the agent's list, pulls back into it, and their failures."""

from __future__ import annotations

import pytest

from tests.unit.test_model_support import Ctx, model, talking_call, wire
from workspace.errors import RequestError


def accepted(centre, ctx, media: str = "email") -> str:
    interaction = getattr(centre, f"inbound_{media}")(ctx)
    centre.handle("interaction.accept", [interaction], ctx)
    ctx.events.clear()
    return interaction


def test_a_workbin_move_takes_the_interaction_out_of_the_list():
    centre, ctx = model(), Ctx()
    email = accepted(centre, ctx)
    centre.move_to_workbin(ctx, email)
    in_workbin, removed = ctx.take()
    assert (in_workbin["eventType"], removed["eventType"]) == ("IN_WORKBIN", "REMOVED")
    assert in_workbin["interaction"]["capabilities"] == [] and in_workbin["interaction"]["state"] == "ACCEPTED"
    assert email not in centre.interactions and list(centre.workbin) == [email]
    assert [it["interactionId"] for it in centre.snapshot()["workbin"]] == [email]


def test_a_failed_workbin_move_leaves_the_interaction():
    centre, ctx = model(), Ctx()
    email = accepted(centre, ctx)
    centre.move_to_workbin(ctx, email, ok=False)
    (failed,) = ctx.take()
    assert failed["eventType"] == "IN_WORKBIN_FAILED"
    assert wire(centre, email)["capabilities"] == ["MARK_DONE"] and centre.workbin == {}


@pytest.mark.parametrize("happening", ["move_to_workbin", "move_to_queue"])
def test_only_chats_and_emails_being_worked_on_move(happening):
    centre, ctx = model(), Ctx()
    call = talking_call(centre, ctx)
    chat = centre.inbound_chat(ctx)
    place = happening.removeprefix("move_to_")
    refusal = rf"Error: Cannot move to the {place} interaction 1 \(media voice, state TALKING\)."
    with pytest.raises(RequestError, match=refusal):
        getattr(centre, happening)(ctx, call)
    with pytest.raises(RequestError, match="state INVITED"):
        getattr(centre, happening)(ctx, chat, ok=False)


def test_pulling_from_the_workbin():
    centre, ctx = model(), Ctx()
    email = accepted(centre, ctx)
    centre.move_to_workbin(ctx, email)
    ctx.events.clear()
    centre.pull_from_workbin(ctx, email)
    added, pulled = ctx.take()
    assert (added["eventType"], pulled["eventType"]) == ("ADDED", "PULLED")
    interaction = pulled["interaction"]
    assert (interaction["interactionId"], interaction["state"]) == (email, "PULLED")
    assert interaction["previousState"] == "ACCEPTED"
    assert interaction["capabilities"] == ["MARK_DONE"] and interaction["isCaseSelected"]
    assert centre.workbin == {}
    centre.move_to_workbin(ctx, email)  # a pulled interaction is worked on like an accepted one
    centre.pull_from_workbin(ctx, email)
    ctx.events.clear()
    centre.handle("interaction.markdone", [email], ctx)
    assert ctx.types() == ["COMPLETED", "REMOVED"]


def test_a_failed_pull_leaves_the_item_in_the_workbin():
    centre, ctx = model(), Ctx()
    email = accepted(centre, ctx)
    centre.move_to_workbin(ctx, email)
    ctx.events.clear()
    centre.pull_from_workbin(ctx, email, ok=False)
    failed, removed = ctx.take()
    assert (failed["eventType"], removed["eventType"]) == ("PULL_WORKBIN_FAILED", "REMOVED")
    assert failed["interaction"]["capabilities"] == []
    assert email not in centre.interactions and list(centre.workbin) == [email]


def test_only_workbin_items_are_pulled_from_it():
    centre, ctx = model(), Ctx()
    email = accepted(centre, ctx)
    with pytest.raises(RequestError, match="Error: Interaction 1 is not in the workbin."):
        centre.pull_from_workbin(ctx, email)


def test_a_queue_move_removes_the_interaction():
    centre, ctx = model(), Ctx()
    chat = accepted(centre, ctx, "chat")
    centre.move_to_queue(ctx, chat, ok=False)
    assert ctx.types() == ["IN_QUEUE_FAILED"] and chat in centre.interactions
    centre.move_to_queue(ctx, chat)
    (removed,) = ctx.take()
    assert removed["eventType"] == "REMOVED" and removed["interaction"]["capabilities"] == []
    assert chat not in centre.interactions and centre.workbin == {}


def test_pulling_from_a_queue():
    centre, ctx = model(), Ctx()
    chat = centre.pull_from_queue(ctx, "chat", "omar.haddad@example.com", {"Key1": "q"})
    added, pulled = ctx.take()
    assert (added["eventType"], pulled["eventType"]) == ("ADDED", "PULLED")
    interaction = pulled["interaction"]
    assert (interaction["media"], interaction["state"], interaction["previousState"]) == ("chat", "PULLED", "UNKNOWN")
    assert interaction["contact"]["lastName"] == "Haddad" and interaction["userData"]["Key1"] == "q"
    centre.handle("interaction.singleStepConference", [chat, "5002"], ctx)  # worked on like an accepted chat
    centre.handle("interaction.singleStepTransfer", [chat, "5003"], ctx)
    assert chat not in centre.interactions


def test_a_failed_pull_from_a_queue_never_joins_the_list():
    centre, ctx = model(), Ctx()
    email = centre.pull_from_queue(ctx, ok=False)
    failed, removed = ctx.take()
    assert (failed["eventType"], removed["eventType"]) == ("PULL_FAILED", "REMOVED")
    assert failed["interaction"]["media"] == "email" and failed["interaction"]["capabilities"] == []
    assert centre.interactions == {} and email == failed["interaction"]["interactionId"]


def test_only_open_media_wait_in_queues():
    with pytest.raises(RequestError, match="Error: Only chat and email interactions wait in queues, not voice."):
        model().pull_from_queue(Ctx(), "voice")
