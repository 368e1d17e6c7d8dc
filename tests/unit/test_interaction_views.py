"""Interaction-level views on CPython: the field codes filled in and percent-encoded (a hostile attached-data value
never changes the origin, the path or the other parameters), which cards the page wants for which interactions,
and the page controller opening a frame per live interaction and taking it away at mark done, each frame under the
same security rules as any view."""
from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from workspace import fieldcodes
from workspace.config import Config
from workspace.page import effects as fx
from workspace.page.events import Clicked, Loaded, MessageFrom, RestartHost, Signal, Submitted
from workspace.page.interaction_views import changes, wanted
from workspace.userdata import UserDataPolicy

from .test_page_controller import AGENT, Page, of, posted, reply
from .test_simulator_panel import EXTENSION

RECORD_URL = f"{EXTENSION}/record.html?InteractionId=$Interaction.Id$&segment=$AttachedData.Segment$#$AttachedData.Key1$"
SCENARIO = f"""
[interaction-workspace]
"service-client-api.accepted-web-content-origins" = "{EXTENSION}"
"service-client-api.rate-limit.system.amIVisible" = 2
"service-client-api.user-data.read-allowed" = "Key1,Segment"
"interaction.web-content" = ["Agent", "Record"]

[Agent]
url = "{EXTENSION}/index.html"

[Record]
url = "{RECORD_URL}"
label = "Customer record"
level = "interaction"

[scenario.timers]
remote_answer_after = -1
"""
HOSTILE = ["x&InteractionId=evil", "a#b", "/../../admin", "@evil.example", "//evil.example/x", "\\\\evil.example",
           "%2F..%2F", "?a=b", "javascript:alert(1)", "line\r\nbreak", "spa ce+plus", "Ünïcødé 名前", "$Interaction.Id$",
           "'\"><script>alert(1)</script>", "..", "", "=", "&&&"]


def test_the_field_codes_are_filled_in_percent_encoded():
    filled = fieldcodes.fill(RECORD_URL, "42", {"Segment": "Gold & Co", "Key1": 7})
    assert filled == f"{EXTENSION}/record.html?InteractionId=42&segment=Gold%20%26%20Co#7"
    assert fieldcodes.fill(RECORD_URL, "a/b", {}) == f"{EXTENSION}/record.html?InteractionId=a%2Fb&segment=#"
    assert fieldcodes.fill(f"{EXTENSION}/plain.html?x=$5", "1", {}) == f"{EXTENSION}/plain.html?x=$5"  # no code


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_attached_data_value_stays_inside_its_own_parameter(value):
    filled = urlsplit(fieldcodes.fill(RECORD_URL, "42", {"Segment": value, "Key1": value}))
    template = urlsplit(RECORD_URL)
    assert (filled.scheme, filled.netloc, filled.path) == (template.scheme, template.netloc, template.path)
    assert parse_qs(filled.query, keep_blank_values=True) == {"InteractionId": ["42"], "segment": [value]}
    assert unquote(filled.fragment) == value and "#" not in filled.fragment and "/" not in filled.fragment


def policy(*readable: str) -> UserDataPolicy:
    return UserDataPolicy(read=frozenset(readable))


CALLS = [{"interactionId": "1", "contact": {"displayName": "Kate Smith"}, "userData": {"Segment": "Gold", "Key1": "k"}},
         {"interactionId": "2", "parties": [{"name": "+3364"}], "userData": {"Secret": "canary", "Segment": "x"}}]


def test_each_interaction_level_view_wants_one_card_per_interaction_in_order():
    views = Config.from_toml(SCENARIO).web_content
    cards = wanted(views, CALLS, policy("Segment", "Key1"))
    assert list(cards) == ["Record:1", "Record:2"]         # the application-level Agent view has none
    first, second = cards.values()
    assert (first.label, first.origin, first.interaction_id) == ("Customer record · Kate Smith · #1", EXTENSION, "1")
    assert first.url == f"{EXTENSION}/record.html?InteractionId=1&segment=Gold#k"
    assert second.label == "Customer record · +3364 · #2"


def test_a_field_code_only_reads_what_read_allowed_lets_the_view_read():
    views = Config.from_toml(SCENARIO.replace("$AttachedData.Segment$", "$AttachedData.Secret$")).web_content
    card = wanted(views, CALLS, policy("Segment"))["Record:2"]
    assert "canary" not in card.url and card.url == f"{EXTENSION}/record.html?InteractionId=2&segment=#"
    assert "canary" in wanted(views, CALLS, UserDataPolicy())["Record:2"].url   # no restriction


def test_changes_say_which_cards_to_show_and_which_to_take_away():
    views = Config.from_toml(SCENARIO).web_content
    cards = wanted(views, CALLS[1:], policy())
    assert changes(["Record:1"], cards) == ([cards["Record:2"]], ["Record:1"])
    assert changes(["Record:2"], cards) == ([], [])


# -- the page -----------------------------------------------------------------------------------------------------

def call(page: Page, party: str, user_data: str) -> tuple[str, fx.Insert]:
    """An inbound call from the control panel, the page redrawn: the call's id and the card inserted for it (the
    call's entry in the control panel has a button that shows the card)."""
    page.send(Submitted("inbound", {"media": "voice", "party": party, "user_data": user_data}))
    drawn = page.send(Signal.RENDER)
    (inserted,) = of(drawn, fx.Insert)
    interaction = list(page.controller.centre.interactions)[-1]
    (panel,) = [effect.html for effect in of(drawn, fx.SetHTML) if effect.element_id == "interactions"]
    assert f'data-action="focus-card" data-view="Record:{interaction}">Customer record<' in panel
    return interaction, inserted


def test_each_live_interaction_gets_its_own_frame_and_mark_done_takes_it_away():
    page = Page(scenario=SCENARIO)
    assert [i.element_id for i in of(page.started, fx.Insert)] == ["extensions"]   # no card before a call
    page.send(Loaded(AGENT))
    kate, first = call(page, "+15551234567", "Segment=Gold; Key1=A&B")
    omar, second = call(page, "+33647005", "Segment=Silver")
    assert (first.element_id, second.element_id) == ("interaction-views", "interaction-views")
    assert f'data-interaction="{kate}"' in first.html and f'data-view="Record:{kate}"' in first.html
    assert f'src="{EXTENSION}/record.html?InteractionId={kate}&amp;segment=Gold#A%26B"' in first.html
    assert of(page.send(Signal.RENDER), fx.Insert) == []     # shown once

    loaded = page.send(Loaded(first.key)) + page.send(Loaded(second.key))
    assert [b for b in of(loaded, fx.Bind)] == [fx.Bind(first.key, "frame2"), fx.Bind(second.key, "frame3")]
    assert posted(loaded) == [(first.key, {"frameId": "frame2", "userAgent": "WWE Server", "protocolVersion": 2}),
                              (second.key, {"frameId": "frame3", "userAgent": "WWE Server", "protocolVersion": 2})]
    assert (page.host.frames["frame2"].name, page.host.frames["frame3"].name) == (f"Record:{kate}", f"Record:{omar}")
    got = reply(page.request("frame3", "interaction.getByInteractionId", omar))
    assert got["data"]["userData"]["Segment"] == "Silver" and of(page.request("frame3", "agent.get"), fx.Post)[0].key \
        == second.key
    assert reply(page.request("frame2", "system.amIVisible"))["data"] is True

    page.send(Clicked("collapse", {"view": f"Record:{omar}"}))
    assert page.host.frames["frame3"].visible is False
    shown = page.send(Clicked("focus-card", {"view": f"Record:{omar}"}))
    assert fx.Collapse(second.key, False) in shown and fx.FocusCard(second.key) in shown
    assert page.host.frames["frame3"].visible is True

    page.send(Clicked("answer", {"id": kate}))
    page.send(Clicked("hang-up", {"id": kate}))
    page.send(Clicked("mark-done", {"id": kate}))
    gone = page.send(Signal.RENDER)
    assert gone[gone.index(fx.Bind(first.key, None)):].count(fx.Remove(first.key)) == 1
    assert set(page.host.frames) == {"frame1", "frame3"} and first.key not in page.controller.frames.slots
    assert page.request("frame2", "agent.get") == [] and page.host.inspector[-1].verdict == "unknown-frame"
    assert reply(page.request("frame3", "interaction.getByInteractionId", omar))["data"]["interactionId"] == omar


def test_interaction_frames_obey_the_origin_rules_rate_limits_and_collapse_one_by_one():
    page = Page(scenario=SCENARIO)
    kate, first = call(page, "+15551234567", "")
    omar, second = call(page, "+33647005", "")
    page.send(Loaded(first.key))
    page.send(Loaded(second.key))
    refused = page.send(MessageFrom("frame1", "http://evil.example", {"request": "agent.get", "referenceId": "r"}))
    assert "is not allowed to use the Service Client API" in reply(refused)["errorMessage"]
    for ref in ("a", "b"):
        page.request("frame1", "system.amIVisible", ref=ref)
    assert "rate limit" in reply(page.request("frame1", "system.amIVisible", ref="c"), "c")["errorMessage"]
    assert reply(page.request("frame2", "system.amIVisible", ref="d"), "d")["data"] is True   # its own count

    page.send(Clicked("collapse", {"view": f"Record:{kate}"}))
    assert page.host.frames["frame1"].visible is False and page.host.frames["frame2"].visible is True


def test_a_host_restart_takes_the_cards_of_the_old_interactions_away():
    page = Page(scenario=SCENARIO)
    _, first = call(page, "+15551234567", "")
    page.send(Loaded(first.key))
    page.send(Signal.STOP_HOST)
    page.send(RestartHost())
    assert fx.Remove(first.key) in page.send(Signal.RENDER) and not page.controller.interaction_cards
