"""Chat and email: invitations, accept/reject, completion, chat end, email.create drafts."""

from __future__ import annotations

import pytest

from tests.unit.test_model_support import Ctx, model, wire
from workspace.errors import RequestError

MEDIA = ["chat", "email"]


@pytest.mark.parametrize("media", MEDIA)
def test_invitation_accept_and_mark_done(media):
    centre, ctx = model(), Ctx()
    interaction = getattr(centre, f"inbound_{media}")(ctx, user_data={"Key2": "b"})
    events = ctx.take()
    assert [e["eventType"] for e in events] == ["ADDED", "INVITED"]
    assert events[0]["media"] == media
    invited = events[-1]["interaction"]
    assert invited["state"] == "INVITED"
    assert invited["capabilities"] == ["ACCEPT", "REJECT"]
    assert invited["contact"]["displayName"] == "Kate Smith"
    assert "callType" not in invited and "recordingState" not in invited

    centre.handle("interaction.accept", [interaction], ctx)
    (accepted,) = ctx.take()
    assert accepted["eventType"] == "ACCEPTED"
    assert accepted["interaction"]["capabilities"] == ["MARK_DONE"]

    centre.handle("interaction.markdone", [interaction], ctx)
    completed, removed = ctx.take()
    assert (completed["eventType"], removed["eventType"]) == ("COMPLETED", "REMOVED")
    assert completed["interaction"]["state"] == "COMPLETED"
    assert completed["interaction"]["endDate"] is not None
    assert removed["interaction"]["capabilities"] == []


@pytest.mark.parametrize("media", MEDIA)
def test_rejected_invitation_is_removed(media):
    centre, ctx = model(), Ctx()
    interaction = getattr(centre, f"inbound_{media}")(ctx)
    ctx.events.clear()
    centre.handle("interaction.reject", [interaction], ctx)
    (removed,) = ctx.take()
    assert removed["eventType"] == "REMOVED"
    assert removed["interaction"]["state"] == "REJECTED"
    assert interaction not in centre.interactions


@pytest.mark.parametrize(
    ("request_name", "message"),
    [("interaction.markdone", "Cannot mark done interaction 1 in state INVITED"), ("interaction.reject", None)],
)
def test_open_media_refusals(request_name, message):
    centre, ctx = model(), Ctx()
    chat = centre.inbound_chat(ctx)
    if message is None:
        centre.handle("interaction.accept", [chat], ctx)
        message = "Cannot reject interaction 1 in state ACCEPTED"
    with pytest.raises(RequestError, match=message):
        centre.handle(request_name, [chat], ctx)


def test_inbound_email_subject_is_kept():
    centre, ctx = model(), Ctx()
    email = centre.inbound_email(ctx, sender="omar.haddad@example.com", subject="Invoice")
    assert centre.interactions[email].subject == "Invoice"
    assert wire(centre, email)["contact"]["lastName"] == "Haddad"


def test_chat_ended_by_the_customer():
    centre, ctx = model(), Ctx()
    chat = centre.inbound_chat(ctx)
    with pytest.raises(RequestError, match="is not an accepted chat"):
        centre.chat_ended(ctx, chat)
    centre.handle("interaction.accept", [chat], ctx)
    ctx.events.clear()
    centre.chat_ended(ctx, chat)
    assert ctx.types() == ["ENDED"]
    assert wire(centre, chat)["capabilities"] == ["MARK_DONE"]


def test_email_create_makes_a_draft():
    centre, ctx = model(), Ctx()
    assert centre.handle("email.create", ["kate.smith@example.com", {"Key1": "e"}], ctx) is None
    added, created = ctx.take()
    assert (added["eventType"], created["eventType"]) == ("ADDED", "CREATED")
    draft = created["interaction"]
    assert (draft["state"], draft["parties"], draft["userData"]["Key1"]) == ("CREATED", [{"name": "kate.smith@example.com"}], "e")


@pytest.mark.parametrize(("happening", "outcome"), [("send_email", "SENT"), ("cancel_email", "CANCELLED")])
def test_outbound_email_drafts_are_sent_or_cancelled(happening, outcome):
    centre, ctx = model(), Ctx()
    centre.handle("email.create", ["x@example.com", {}], ctx)
    ctx.events.clear()
    getattr(centre, happening)(ctx, "1")
    events = ctx.take()
    assert [e["eventType"] for e in events] == [outcome, "REMOVED"]
    assert events[0]["interaction"]["state"] == outcome


def test_only_drafts_are_sent():
    centre, ctx = model(), Ctx()
    email = centre.inbound_email(ctx)
    with pytest.raises(RequestError, match="is not an outbound email draft"):
        centre.send_email(ctx, email)


def test_a_draft_may_be_marked_done():
    centre, ctx = model(), Ctx()
    centre.handle("email.create", ["x@example.com", None], ctx)
    ctx.events.clear()
    centre.handle("interaction.markdone", ["1"], ctx)
    assert ctx.types() == ["COMPLETED", "REMOVED"]
