"""__TITLE__'s logic on CPython against the Workspace simulator (workspace.testing): no browser, no waiting."""
from __future__ import annotations

import asyncio
from pathlib import Path

from workspace.testing import Simulator, settle, simulator  # noqa: F401 - importing the fixture provides it

from __PACKAGE__.card import Card, environment, render, start

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def test_the_card_shows_who_calls_and_follows_the_call(simulator):
    async def main():
        card = Card()
        await start(card, simulator.connect(), lambda: None)
        assert card.status == "Connected as ada.lovelace."
        assert simulator.act("inbound", media="voice", user_data="Segment=Gold") is None  # None: it happened
        await settle()
        (call,) = card.calls.values()
        assert (call.caller, call.state) == ("Kate Smith", "RINGING")
        assert simulator.model.interactions[call.interaction_id].user_data["Segment"] == "Gold"
        assert simulator.act("answer", id=call.interaction_id) is None
        await settle()
        assert card.calls[call.interaction_id].state == "TALKING"
        assert "Kate Smith" in render(environment(TEMPLATES), card)

    asyncio.run(main())


def test_a_callers_name_is_text_never_markup():
    card = Card()
    card.track({"interactionId": "1", "media": "voice", "state": "RINGING",
                "contact": {"displayName": "<img src=x onerror=alert(1)>"}})
    html = render(environment(TEMPLATES), card)
    assert "<img" not in html and "&lt;img src=x" in html


def test_an_origin_the_workspace_does_not_accept_is_refused():
    async def main():
        card = Card()
        await start(card, Simulator().connect(origin="https://elsewhere.example"), lambda: None)
        assert card.state == "failed" and "not allowed" in card.status

    asyncio.run(main())
