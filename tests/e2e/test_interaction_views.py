"""Interaction-level views in Chromium, on two sites: the customer-record scenario opens a frame of the record page
per live call, beside the dashboard, each with its own frameId and showing its own interaction; mark done takes
one away while the other stays and still answers."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import screenshot
from .test_boot import BOOT_TIMEOUT_MS, wait_python_ready
from .test_dashboard_browser import open_simulator

pytestmark = pytest.mark.browser

CALLS = (("+15551234567", "Key1=Gold <b>customer</b>; CustomerSegment=Gold & Co", "Kate Smith"),
         ("+33647005", "Key1=Renewal due; CustomerSegment=Silver", "Omar Haddad"))
ASK = """async ([request, parameters, origin]) => {
    const referenceId = 'test-' + Math.random();
    const answer = new Promise(resolve => window.addEventListener('message', function on(event) {
        if (event.data && event.data.referenceId === referenceId) {
            window.removeEventListener('message', on);
            resolve(event.data);
        }
    }));
    window.parent.postMessage({request, parameters, referenceId}, origin);
    return await answer;
}"""
"""A request posted from a record frame's window as the Service Client API's client would, and the host's reply."""


def ask(frame, site, request: str, *parameters) -> dict:
    return frame.evaluate(ASK, [request, list(parameters), site.workspace_origin])


def inbound_call(page, party: str, user_data: str) -> str:
    """A call from the control panel; its interaction id."""
    before = set(page.eval_on_selector_all("#interactions [data-interaction]", "cs => cs.map(c => c.dataset.interaction)"))
    page.fill("#inbound-form [name=party]", party)
    page.fill("#inbound-form [name=user_data]", user_data)
    page.click("#inbound-form button[value=voice]")
    expect(page.locator("#interactions [data-interaction]")).to_have_count(len(before) + 1)
    (new,) = set(page.eval_on_selector_all("#interactions [data-interaction]",
                                           "cs => cs.map(c => c.dataset.interaction)")) - before
    return new


def record_frame(page, interaction: str):
    """The record page's frame in the card of ``interaction``, once its Python is done."""
    iframe = page.locator(f'#interaction-views [data-interaction="{interaction}"] iframe')
    frame = iframe.element_handle(timeout=BOOT_TIMEOUT_MS).content_frame()
    wait_python_ready(frame)
    return frame


def test_two_calls_each_get_their_own_record_frame_and_mark_done_removes_one(site, context, page):
    (dashboard,) = open_simulator(site, context, page, query="scenario=customer-record")
    expect(page.locator("#interaction-views [data-interaction]")).to_have_count(0)
    ids = [inbound_call(page, party, user_data) for party, user_data, _ in CALLS]
    cards = page.locator("#interaction-views [data-interaction]")
    expect(cards).to_have_count(2)
    assert [cards.nth(n).get_attribute("data-interaction") for n in range(2)] == ids

    frames = [record_frame(page, interaction) for interaction in ids]
    for frame, interaction, (party, _, name) in zip(frames, ids, CALLS):
        assert frame.url.startswith(f"{site.extension_origin}/record.html?InteractionId={interaction}&segment=")
        assert frame.locator("#status").text_content() == f"Interaction {interaction}"
        assert frame.locator("[data-field=interactionId]").text_content() == interaction
        assert frame.locator("[data-field=contact]").text_content() == name
        assert frame.locator("[data-field=parties]").text_content() == party
    assert frames[0].url.endswith("segment=Gold%20%26%20Co")           # an attached-data value, percent-encoded
    first_data, second_data = (frame.locator("[data-field=userData]").text_content() for frame in frames)
    assert "Gold <b>customer</b>" in first_data and "Renewal due" not in first_data   # shown as text
    assert "Renewal due" in second_data and "Gold" not in second_data
    assert frames[0].locator("[data-field=userData] b").count() == 0

    lines = [page.locator(f'#interaction-views [data-interaction="{i}"] [data-role=frame]') for i in ids]
    for line in lines:
        expect(line).to_contain_text("· visible")
    frame_ids = [line.text_content().split(" · ")[0] for line in lines]
    assert len(set(frame_ids)) == 2 and all(f.startswith("frame") for f in frame_ids)
    assert [ask(frame, site, "system.amIVisible")["data"] for frame in frames] == [True, True]
    assert "Kate Smith" in cards.nth(0).locator("header").text_content()
    screenshot(page, "simulator-interaction-views")
    page.locator(f'#interactions [data-interaction="{ids[1]}"]').scroll_into_view_if_needed()
    screenshot(page, "simulator-interaction-views-panel")

    omar_card = page.locator(f'#interaction-views [data-interaction="{ids[1]}"]')
    omar_card.locator("[data-action=collapse]").click()               # its own toggle: only this frame is hidden
    expect(lines[1]).to_contain_text("not visible")
    expect(omar_card).to_have_class(re.compile(r"\bcollapsed\b"))
    assert [ask(frame, site, "system.amIVisible")["data"] for frame in frames] == [True, False]
    page.locator(f'#interactions [data-interaction="{ids[1]}"]').get_by_role("button", name="Customer record").click()
    expect(omar_card).not_to_have_class(re.compile(r"\bcollapsed\b"))                 # the call's button in the control panel shows it
    expect(lines[1]).to_have_text(f"{frame_ids[1]} · visible")

    kate = page.locator(f'#interactions [data-interaction="{ids[0]}"]')
    for button, state in (("Answer", "TALKING"), ("Hang up", "IDLE")):
        kate.get_by_role("button", name=button, exact=True).click()
        expect(kate.locator("[data-role=state]")).to_have_text(state)
    kate.get_by_role("button", name="Mark done").click()
    expect(page.locator(f'#interaction-views [data-interaction="{ids[0]}"]')).to_have_count(0)
    expect(cards).to_have_count(1)
    assert cards.nth(0).get_attribute("data-interaction") == ids[1]
    assert frames[0].is_detached()

    again = ask(frames[1], site, "interaction.getByInteractionId", ids[1])
    assert again["data"]["interactionId"] == ids[1] and again["data"]["userData"]["Key1"] == "Renewal due"
    assert ask(frames[1], site, "interaction.getByInteractionId", ids[0])["data"] is None   # gone for good
    assert ask(frames[1], site, "system.amIVisible")["data"] is True
    expect(lines[1]).to_have_text(f"{frame_ids[1]} · visible")
    assert dashboard.locator("#status").count() == 1                    # the dashboard's frame is still there
    assert not [m for m in page.console_messages if m.startswith(("pageerror", "error"))], page.console_messages
