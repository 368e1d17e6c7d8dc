"""Chat sessions (messages, typing, joining, conferences) and invitations withdrawn before an answer."""

from __future__ import annotations

import pytest

from tests.unit.test_model_support import Ctx, model, wire
from workspace.errors import RequestError


def accepted_chat(centre, ctx) -> str:
    chat = centre.inbound_chat(ctx)
    centre.handle("interaction.accept", [chat], ctx)
    ctx.events.clear()
    return chat


def test_customer_messages_go_to_the_transcript():
    centre, ctx = model(), Ctx()
    chat = accepted_chat(centre, ctx)
    centre.customer_typing(ctx, chat)
    centre.chat_message(ctx, chat, "Where is my parcel?")
    assert ctx.types() == ["COMPOSING", "NEW_MESSAGE"]
    assert centre.snapshot()["transcripts"] == {
        chat: [{"party": "kate.smith@example.com", "text": "Where is my parcel?", "date": "2023-11-14T22:13:20.000Z"}]
    }


@pytest.mark.parametrize("happening", ["chat_message", "customer_typing", "chat_ended"])
def test_the_customer_acts_only_in_an_open_chat(happening):
    centre, ctx = model(), Ctx()
    args = ("hi",) if happening == "chat_message" else ()
    chat, email = centre.inbound_chat(ctx), centre.inbound_email(ctx)
    for interaction_id in (chat, email):
        with pytest.raises(RequestError, match=f"Error: Interaction {interaction_id} is not an accepted chat."):
            getattr(centre, happening)(ctx, interaction_id, *args)
    centre.handle("interaction.accept", [chat], ctx)
    centre.chat_ended(ctx, chat)
    with pytest.raises(RequestError, match="Error: The customer has left the chat 1."):
        getattr(centre, happening)(ctx, chat, *args)


def test_a_message_needs_text():
    centre, ctx = model(), Ctx()
    with pytest.raises(RequestError, match="needs some text"):
        centre.chat_message(ctx, accepted_chat(centre, ctx), "  ")


def test_joining_a_chat():
    centre, ctx = model(), Ctx()
    chat = centre.inbound_chat(ctx)
    ctx.events.clear()
    centre.join_chat(ctx, chat)
    pending, joined = ctx.take()
    assert [(e["eventType"], e["interaction"]["state"]) for e in (pending, joined)] == [
        ("JOIN_PENDING", "JOIN_PENDING"),
        ("ACCEPTED", "ACCEPTED"),
    ]
    assert pending["interaction"]["capabilities"] == [] and joined["interaction"]["previousState"] == "JOIN_PENDING"
    with pytest.raises(RequestError, match="Error: Cannot join interaction 1 in state ACCEPTED."):
        centre.join_chat(ctx, chat)


def test_a_failed_join_leaves_only_mark_done():
    centre, ctx = model(), Ctx()
    chat = centre.inbound_chat(ctx)
    ctx.events.clear()
    centre.join_chat(ctx, chat, ok=False)
    assert ctx.types() == ["JOIN_PENDING", "JOIN_FAILED"]
    assert (wire(centre, chat)["state"], wire(centre, chat)["capabilities"]) == ("JOIN_FAILED", ["MARK_DONE"])
    with pytest.raises(RequestError, match="is not live"):
        centre.handle("interaction.setUserData", [chat, {"Key1": "x"}], ctx)
    centre.handle("interaction.markdone", [chat], ctx)
    assert ctx.types() == ["COMPLETED", "REMOVED"]


def test_only_chats_are_joined():
    centre, ctx = model(), Ctx()
    with pytest.raises(RequestError, match="is not a chat"):
        centre.join_chat(ctx, centre.inbound_email(ctx))


def test_conference_invitation_then_a_party_leaves():
    centre, ctx = model(), Ctx()
    chat = centre.conference_invite(ctx, inviter="5002", user_data={"Key1": "a"})
    added, invited = ctx.take()
    assert (added["eventType"], invited["eventType"]) == ("ADDED", "INVITED_CONFERENCE")
    invitation = invited["interaction"]
    assert (invitation["state"], invitation["capabilities"]) == ("INVITED_CONFERENCE", ["ACCEPT", "REJECT"])
    assert invitation["parties"] == [{"name": "kate.smith@example.com"}, {"name": "5002"}]
    assert invitation["contact"]["displayName"] == "Kate Smith" and invitation["userData"]["Key1"] == "a"
    with pytest.raises(RequestError, match="is not an accepted chat"):
        centre.party_left(ctx, chat)
    centre.handle("interaction.accept", [chat], ctx)
    ctx.events.clear()
    with pytest.raises(RequestError, match="Error: 'kate.smith@example.com' is not a conference party of the chat 1."):
        centre.party_left(ctx, chat, "kate.smith@example.com")
    centre.party_left(ctx, chat)
    (left,) = ctx.take()
    assert left["eventType"] == "LEFT_CONFERENCE"
    assert left["interaction"]["state"] == "ACCEPTED"
    assert left["interaction"]["parties"] == [{"name": "kate.smith@example.com"}]
    with pytest.raises(RequestError, match="Error: The chat 1 is not a conference."):
        centre.party_left(ctx, chat)


def test_a_party_added_by_conference_leaves_by_name():
    centre, ctx = model(), Ctx()
    chat = accepted_chat(centre, ctx)
    centre.handle("interaction.singleStepConference", [chat, "5002"], ctx)
    centre.handle("interaction.singleStepConference", [chat, "5003"], ctx)
    ctx.events.clear()
    centre.party_left(ctx, chat, "5002")
    assert ctx.take()[0]["interaction"]["parties"] == [{"name": "kate.smith@example.com"}, {"name": "5003"}]


def test_a_conference_invitation_may_be_rejected():
    centre, ctx = model(), Ctx()
    chat = centre.conference_invite(ctx)
    ctx.events.clear()
    centre.handle("interaction.reject", [chat], ctx)
    assert ctx.types() == ["REMOVED"] and chat not in centre.interactions


@pytest.mark.parametrize(
    ("happening", "media", "outcome"),
    [
        ("chat_accepted_elsewhere", "chat", "CANCELED"),
        ("revoke_invitation", "chat", "REVOKED"),
        ("revoke_invitation", "email", "REVOKED"),
    ],
)
def test_invitations_withdrawn_before_an_answer(happening, media, outcome):
    centre, ctx = model(), Ctx()
    invitation = getattr(centre, f"inbound_{media}")(ctx)
    ctx.events.clear()
    getattr(centre, happening)(ctx, invitation)
    withdrawn, removed = ctx.take()
    assert (withdrawn["eventType"], removed["eventType"]) == (outcome, "REMOVED")
    assert withdrawn["interaction"]["state"] == outcome and withdrawn["interaction"]["capabilities"] == []
    assert invitation not in centre.interactions


@pytest.mark.parametrize(
    ("happening", "action"), [("chat_accepted_elsewhere", "cancel"), ("revoke_invitation", "revoke")]
)
def test_only_invitations_are_withdrawn(happening, action):
    centre, ctx = model(), Ctx()
    chat = accepted_chat(centre, ctx)
    with pytest.raises(RequestError, match=rf"Error: Cannot {action} interaction 1 \(media chat, state ACCEPTED\)."):
        getattr(centre, happening)(ctx, chat)
    assert ctx.events == []


def test_only_chats_are_accepted_elsewhere():
    centre, ctx = model(), Ctx()
    with pytest.raises(RequestError, match=r"Cannot cancel interaction 1 \(media email, state INVITED\)"):
        centre.chat_accepted_elsewhere(ctx, centre.inbound_email(ctx))
