"""The inspector table on the simulator page: time order, step headings, the selected message in the detail pane,
the keys that step through the messages, following the newest, presenter mode."""
from __future__ import annotations

import json

import pytest
from wwe.shown import clip

from workspace.page import effects as fx
from workspace.page.events import Changed, Clicked, KeyPressed, Loaded, Signal
from workspace.page.inspector import FIRST, KEYS, LAST, NEXT, PREVIOUS, TITLE_CHARS, UNSELECT, moved
from workspace.page.startup import presenting

from .test_page_controller import AGENT, Page, of, rows
from .test_timeline import STEPS
from .test_timeline import script as timeline_script


@pytest.mark.parametrize(("selected", "count", "move", "expected"), [
    (None, 5, NEXT, 4), (None, 5, PREVIOUS, 4),                  # from nothing: the newest
    (2, 5, NEXT, 3), (2, 5, PREVIOUS, 1), (4, 5, NEXT, 4), (0, 5, PREVIOUS, 0),   # stops at the ends
    (2, 5, FIRST, 0), (2, 5, LAST, 4), (2, 5, UNSELECT, None), (None, 0, NEXT, None),
])
def test_the_keys_move_the_selection(selected, count, move, expected):
    assert moved(selected, count, move) == expected


def test_the_keys_are_j_k_and_the_arrows():
    assert {key: KEYS[key] for key in ("j", "ArrowDown", "k", "ArrowUp", "Escape")} == {
        "j": NEXT, "ArrowDown": NEXT, "k": PREVIOUS, "ArrowUp": PREVIOUS, "Escape": UNSELECT}


def keys_of(table: fx.InspectorRows) -> list[str]:
    return [row.key for row in table.rows]


def test_only_presenter_mode_shows_the_pane_following_the_newest():
    page = Page()
    page.send(Loaded(AGENT))
    assert of(page.send(Signal.RENDER), fx.Detail) == []        # the normal mode opens rows in place
    assert of(page.send(KeyPressed("k")), fx.Detail)             # a selected message is still described
    page.send(KeyPressed("Escape"))
    (newest,) = of(page.send(Clicked("presenter")), fx.Detail)   # the pane at once
    assert newest.title.startswith("Newest · ")


def test_stepping_through_the_messages_with_the_detail_pane_and_following_the_newest():
    page = Page()
    page.send(Clicked("presenter"))                               # the detail pane is presenter mode's
    page.send(Loaded(AGENT))
    rendered = page.send(Signal.RENDER)
    (first,) = rows(rendered)
    assert keys_of(first) == ["1", "2", "3"] and first.follow
    (newest,) = of(rendered, fx.Detail)                       # nothing selected: the pane follows the newest
    assert newest.title.startswith("Newest · ") and newest.title.endswith("update frame1 frame_state=NEGOTIATING")
    selected = page.send(KeyPressed("k"))                    # the newest
    assert selected[0] == fx.SelectRow("inspector", "3") and selected[1].title.endswith("update frame1 frame_state=NEGOTIATING")
    assert page.send(KeyPressed("ArrowUp"))[0] == fx.SelectRow("inspector", "2")
    assert page.send(KeyPressed("j"))[0] == fx.SelectRow("inspector", "3")
    page.request("frame1", "agent.getState")
    (added,) = rows(page.send(Signal.RENDER))
    assert keys_of(added) == ["4", "5"] and not added.follow  # a message is selected: it stays in sight
    assert page.send(KeyPressed("End"))[0] == fx.SelectRow("inspector", "5")
    unselected = page.send(KeyPressed("Escape"))
    assert unselected[0] == fx.SelectRow("inspector", None) and unselected[1].title.startswith("Newest · ")
    assert unselected[1].title.endswith(clip("agent.getState -> " + json.dumps(
        page.host.inspector[-1].message["data"], separators=(",", ":")), TITLE_CHARS))
    assert unselected[2].follow                               # back to the newest
    page.request("frame1", "agent.getState", ref="again")
    assert rows(page.send(Signal.RENDER))[0].follow
    assert page.send(Clicked("toggle-row", {"entry": "0"})) == [fx.ToggleControl("open")]   # a heading: nothing
    cleared = page.send(Clicked("inspector-clear"))
    assert of(cleared, fx.Detail)[0].title == "No message yet"


def test_a_refilter_keeps_each_message_in_its_group():
    page = Page()
    page.send(Loaded(AGENT))
    page.request("frame1", "agent.getState")
    (table,) = rows(page.send(Signal.RENDER))
    classes = [row.class_name for row in table.rows]
    (again,) = rows(page.send(Changed("inspector-verdict", "")))
    assert [row.class_name for row in again.rows] == classes and again.clear
    (replies,) = rows(page.send(Changed("inspector-verdict", "reply")))
    assert [row.class_name for row in replies.rows] == ["dir-out member"]   # under its request, filtered out


def test_a_played_step_heads_its_section_and_the_detail_marks_what_changed():
    _, script = timeline_script(STEPS)
    page = Page(script)
    page.send(Loaded(AGENT))
    page.controller.session.receive("frame1", "http://localhost:8001", {
        "event": "subscribe", "data": ["interaction"], "referenceId": "s", "frameId": "frame1"})
    page.send(Clicked("player-step"))                          # 1: the call rings
    page.send(Clicked("player-step"))                          # 2: answered
    (table,) = rows(page.send(Signal.RENDER))
    headings = [row.cells[0].text for row in table.rows if row.class_name == "step-heading"]
    assert headings == ["Step 1 · inbound media=voice", "Step 2 · answer on call"]
    heading = next(n for n, row in enumerate(table.rows) if row.class_name == "step-heading")
    assert table.rows[heading + 1].class_name == "dir-host head kind-page"
    established = next(row.key for row in table.rows if row.key and "ESTABLISHED" in row.cells[3].lines[0][1])
    detail = page.send(Clicked("toggle-row", {"entry": established}))[2]
    assert isinstance(detail, fx.Detail) and "highlighted: changed since the previous one" in detail.caption
    marked = [text for text, _, hit in detail.lines if hit]
    assert '"eventType": "ESTABLISHED",' in marked and '"state": "TALKING",' in marked
    assert detail.reveal == max(next(n for n, (_, _, hit) in enumerate(detail.lines) if hit) - 2, 0)


def test_presenter_mode_from_the_query_and_the_toggle():
    assert [presenting(value) for value in ("1", "true", " YES ", "on", "0", "", None, "present")] == \
        [True, True, True, True, False, False, False, False]
    page = Page()
    assert fx.ToggleClass("simulator", "presenting", False) in page.started
    toggled = page.send(Clicked("presenter"))
    assert toggled[:2] == [fx.ToggleClass("simulator", "presenting", True), fx.SetAttr("presenter", "aria-pressed", "true")]
    assert of(page.send(Clicked("presenter")), fx.ToggleClass) == [fx.ToggleClass("simulator", "presenting", False)]
