"""The simulator page's controller on CPython: frames attached, reloaded and removed, messages to the host and its
replies posted with the frame's origin, a restart under living frames, the one action registry, a toast's Show,
the inspector table, dialogs, replay, the scenario player on the tick, the election and the redraw batching."""
from __future__ import annotations

import json
from typing import Any

import pytest

from workspace import timeline
from workspace.actions import ActionName
from workspace.config import Config
from workspace.host import Host
from workspace.host.journal import export
from workspace.page import effects as fx
from workspace.page.controller import ACTIONS, QUIET_MS, RENDER_MS, RENDER_WAIT_MS, Controller
from workspace.page.events import (Blurred, Changed, Clicked, Deliver, Loaded, MessageFrom, ReplayJson, RestartHost,
                                   Signal, Submitted, TabMessage, Tick, Visibility)
from workspace.page.frames import DIALOG
from workspace.page.inspector import INSPECTOR_ROWS
from workspace.page.scenario import VIEW_ONLY
from workspace.page.registry import ActionClash, Registry
from workspace.view import PageView, environment

from .test_simulator_panel import EXTENSION, SCENARIO
from .test_simulator_view import TEMPLATES
from .test_timeline import STEPS
from .test_timeline import script as timeline_script

AGENT, MONITOR = 1, 2
"""The slot keys of the scenario's two views, in the order of interaction.web-content."""


class Page:
    """A controller on fake clocks, started; ``spontaneous``: what it handed to ``on_effects``."""

    def __init__(self, script: timeline.Script = timeline.Script(), scenario: str = SCENARIO) -> None:
        self.now, self.wall = 100.0, 1000.0
        self.spontaneous: list[fx.Effect] = []
        self.controller = Controller(Config.from_toml(scenario), script, PageView(environment(TEMPLATES)), tab="a",
                                     clock=lambda: self.now, wall_clock=lambda: self.wall,
                                     host_clock=lambda: self.wall,
                                     on_effects=self.spontaneous.extend)
        self.started = self.send(Signal.START)

    @property
    def host(self) -> Host:
        return self.controller.host

    def send(self, event: Any) -> list[fx.Effect]:
        """Hand ``event`` to the controller; the redraw timer's signal comes RENDER_MS after it was asked for."""
        if event is Signal.RENDER:
            self.now += RENDER_MS / 1000
        return self.controller.handle(event)

    def request(self, frame: str, name: str, *parameters: Any, ref: str = "r") -> list[fx.Effect]:
        return self.send(MessageFrom(frame, EXTENSION, {"request": name, "parameters": list(parameters),
                                                        "referenceId": ref, "frameId": frame}))


def of(effects: list[fx.Effect], kind: type) -> list[Any]:
    return [effect for effect in effects if isinstance(effect, kind)]


def posted(effects: list[fx.Effect]) -> list[tuple[int, dict[str, Any]]]:
    return [(post.key, post.message) for post in of(effects, fx.Post)]


def reply(effects: list[fx.Effect], ref: str = "r") -> dict[str, Any]:
    return next(message for _, message in posted(effects) if message.get("referenceId") == ref)


def test_the_page_starts_with_its_forms_cards_election_and_status():
    page = Page()
    inserted = of(page.started, fx.Insert)
    assert [(i.element_id, i.key) for i in inserted] == [("extensions", AGENT), ("hidden-views", MONITOR)]
    assert 'data-view="Agent"' in inserted[0].html and "<iframe" in inserted[0].html
    assert [b.message["type"] for b in of(page.started, fx.Broadcast)] == ["hello", "active"]
    assert {s.element_id for s in of(page.started, fx.SetHTML)} == {"controls", "scenario"}
    assert of(page.started, fx.SelectOptions)[0].element_id == "inspector-verdict"
    texts = {t.element_id: (t.text, t.hidden) for t in of(page.started, fx.SetText)}
    assert texts["background-views"] == ("Running without a view: Monitor", False)
    assert texts["host-status"] == ("Simulator ready", None)
    assert fx.SetAttr("host-status", "data-state", "ready") in page.started
    assert of(page.started, fx.RenderLater) == [fx.RenderLater()]   # the tab's state to show


def test_a_loaded_frame_is_attached_a_reload_is_a_new_frame_and_its_messages_get_replies_to_its_origin():
    page = Page()
    first = page.send(Loaded(AGENT))
    assert first[0] == fx.Bind(AGENT, "frame1")
    assert posted(first) == [(AGENT, {"frameId": "frame1", "userAgent": "WWE Server", "protocolVersion": 2})]
    assert of(first, fx.Post)[0].origin == EXTENSION
    answer = page.request("frame1", "agent.getState")
    assert reply(answer)["request"] == "agent.getState" and of(answer, fx.Post)[0].origin == EXTENSION

    again = page.send(Loaded(AGENT))                      # the same iframe reloaded
    assert again[:2] == [fx.Bind(AGENT, None), fx.Bind(AGENT, "frame2")]
    assert set(page.host.frames) == {"frame2"} and set(page.controller.frames.labels()) == {"frame2"}
    assert page.request("frame1", "agent.getState") == []   # a frame no longer attached gets no answer
    assert page.host.inspector[-1].verdict == "unknown-frame"
    assert page.send(Loaded(99)) == []                      # no such slot


def test_a_removed_iframe_is_detached_and_its_card_says_so():
    page = Page()
    page.send(Loaded(AGENT))
    page.request("frame1", "agent.getState")
    removed = page.send(Tick(frozenset({AGENT})))
    assert fx.Bind(AGENT, None) in removed and fx.FrameLine(AGENT, "frame1", "removed") in removed
    assert not page.host.frames and not page.host.held_for("frame1")["attached"]
    assert of(page.send(Tick(frozenset({AGENT}))), fx.FrameLine) == []   # once
    page.send(Signal.RENDER)
    assert of(page.send(Signal.RENDER), fx.FrameLine) == []      # a detached frame's line is left as it is


def test_a_restart_attaches_the_living_frames_again_under_new_ids():
    page = Page()
    page.send(Loaded(AGENT))
    page.send(Loaded(MONITOR))
    old = page.host
    page.send(Signal.STOP_HOST)
    assert page.request("frame1", "agent.getState") == []   # a stopped host answers nothing
    restarted = page.send(RestartHost(frozenset({MONITOR})))   # the Monitor's iframe is gone
    assert page.host is not old and set(page.host.frames) == {"frame3"}
    assert fx.Bind(AGENT, "frame3") in restarted and posted(restarted)[0][1]["frameId"] == "frame3"
    assert reply(page.request("frame3", "agent.getState"))["request"] == "agent.getState"
    assert fx.FrameLine(MONITOR, "frame2", "removed") in page.send(Tick(frozenset({MONITOR})))


def test_one_registry_for_page_scenario_and_panel_actions_refuses_a_name_twice():
    assert set(ActionName) <= set(ACTIONS)
    assert {"collapse", "focus-frame", "toggle-row", "inspector-clear", "player-play", "player-step",
            "player-reset", "session-export", "open-scenario", "replay"} <= set(ACTIONS)
    with pytest.raises(ActionClash, match="'answer' is registered twice"):
        ACTIONS.add(lambda controller, event: None, "answer")   # a page action named like a panel action
    registry: Registry[Any] = Registry()
    registry.add(print, "player-play")
    with pytest.raises(ActionClash):
        registry.add(repr, "x", "player-play")
    assert list(registry) == ["player-play", "x"]


def test_an_unknown_or_refused_control_shows_the_notice():
    page = Page()
    assert fx.SetText("panel-notice", "Unknown control 'nope'.", hidden=False) in page.send(Clicked("nope"))
    assert fx.SetText("panel-notice", "", hidden=True) in page.send(Submitted("inbound", {"media": "voice"}))
    assert len(page.controller.centre.interactions) == 1


def toast_from(page: Page, frame: str, **parameters: Any) -> str:
    return reply(page.request(frame, "system.popupToast", {"title": "T", **parameters}))["data"]


def test_a_toast_show_brings_its_frame_view_forward_once_it_succeeds():
    page = Page()
    page.send(Loaded(AGENT))
    collapsed = page.send(Clicked("collapse", {"view": "Agent"}))
    assert fx.Collapse(AGENT, True) in collapsed and page.host.frames["frame1"].visible is False
    toast = toast_from(page, "frame1", buttonShowDismiss=True)
    assert 'data-frame="frame1"' in dict((s.element_id, s.html) for s in of(page.send(Signal.RENDER), fx.SetHTML))["toasts"]
    shown = page.send(Clicked("toast-button", {"toast": toast, "arg": "0", "frame": "frame1"}))
    assert [effect for effect in shown if not isinstance(effect, fx.Broadcast)][-2:] == [fx.Collapse(AGENT, False),
                                                                                         fx.FocusCard(AGENT)]
    assert page.host.frames["frame1"].visible is True
    refused = page.send(Clicked("toast-button", {"toast": toast, "arg": "0", "frame": "frame1"}))  # closed now
    assert of(refused, fx.FocusCard) == [] and of(refused, fx.SetText)[0].hidden is False
    assert page.send(Clicked("focus-frame", {"frame": "frame1"}))[-1] == fx.FocusCard(AGENT)   # a menu-bar view
    assert page.send(Clicked("focus-frame", {"frame": "frame9"})) == []


def rows(effects: list[fx.Effect]) -> list[fx.InspectorRows]:
    return of(effects, fx.InspectorRows)


def summaries(table: fx.InspectorRows) -> list[str]:
    return [row.cells[3].lines[0][1] for row in table.rows]


def test_the_inspector_table_adds_new_rows_clears_refilters_and_keeps_at_most_its_rows():
    page = Page()
    page.send(Loaded(AGENT))
    (first,) = rows(page.send(Signal.RENDER))
    assert summaries(first) == ["attach frame1 Agent", "frameId frame1", "update frame1 frame_state=NEGOTIATING"]
    row = first.rows[0]
    assert (row.class_name, row.action, row.cells[1].text, row.key) == ("dir-host head kind-page", "toggle-row", "•", "1")
    assert [r.class_name for r in first.rows[1:]] == ["dir-out member", "dir-host head kind-page"]
    assert first.follow                                            # nothing selected: the newest row comes into sight
    assert rows(page.send(Signal.RENDER)) == []                   # nothing new
    opened = page.send(Clicked("toggle-row", {"entry": "2"}))
    assert opened[:2] == [fx.ToggleControl("open"), fx.SelectRow("inspector", "2")]
    assert opened[2].title.endswith("frame1 ← frameId frame1")
    cleared = page.send(Clicked("inspector-clear"))
    assert rows(cleared) == [fx.InspectorRows("inspector", (), INSPECTOR_ROWS, clear=True)]
    assert fx.SelectRow("inspector", None) in cleared
    page.request("frame1", "agent.getState")
    (after,) = rows(page.send(Signal.RENDER))
    assert summaries(after) == ["agent.getState []", "agent.getState -> " + json.dumps(
        page.host.inspector[-1].message["data"], separators=(",", ":"))]
    (incoming,) = rows(page.send(Changed("inspector-verdict", "in")))   # only what came after the clear
    assert incoming.clear and summaries(incoming) == ["agent.getState []"]
    for number in range(INSPECTOR_ROWS + 50):
        page.request("frame1", "agent.getState", ref=str(number))
    (many,) = rows(page.send(Signal.RENDER))
    assert len(many.rows) == many.trim_to == INSPECTOR_ROWS


def test_the_frame_choices_follow_the_frames_and_the_filter_keeps_what_the_selects_show():
    page = Page()
    page.send(Loaded(AGENT))
    (choices,) = of(page.send(Signal.RENDER), fx.SelectOptions)
    assert choices == fx.SelectOptions("inspector-frame", (("frame1", "frame1 (Agent view)"),), "", keep=1)
    assert of(page.send(Signal.RENDER), fx.SelectOptions) == []
    page.send(Changed("inspector-frame", "frame1"))
    page.send(Loaded(MONITOR))
    (kept,) = of(page.send(Signal.RENDER), fx.SelectOptions)
    assert kept.value == "frame1" and [value for value, _ in kept.options] == ["frame1", "frame2"]
    page.send(Loaded(AGENT))                                  # frame1 reloaded as frame3
    (gone,) = of(page.send(Signal.RENDER), fx.SelectOptions)
    assert gone.value == "" and [value for value, _ in gone.options] == ["frame2", "frame3"]
    page.send(Changed("inspector-verdict", "out"))           # the frame select shows "All frames" now
    assert page.controller.inspector.filter.frame == ""
    page.send(Changed("player-speed-of-nothing", "x"))       # other inputs are no filter


def test_dialogs_are_inserted_attached_when_loaded_and_removed_when_closed():
    page = Page()
    page.send(Loaded(AGENT))
    dialog = reply(page.request("frame1", "system.openDialog", f"{EXTENSION}/dialog.html", {"label": "Notes"}))["data"]
    (inserted,) = of(page.send(Signal.RENDER), fx.Insert)
    assert inserted.element_id == "dialogs" and f'data-dialog="{dialog}"' in inserted.html
    slot = page.controller.frames.slots[inserted.key]
    assert (slot.name, slot.mode, slot.origin, slot.card) == (dialog, DIALOG, EXTENSION, False)
    loaded = page.send(Loaded(inserted.key))
    assert fx.Bind(inserted.key, "frame2") in loaded and page.host.frames["frame2"].name == dialog
    assert of(page.send(Signal.RENDER), fx.Insert) == []          # an open dialog is not inserted again
    page.send(Clicked("dialog-close", {"dialog": dialog}))
    closed = page.send(Signal.RENDER)
    assert closed[closed.index(fx.Bind(inserted.key, None)):].count(fx.Remove(inserted.key)) == 1
    assert "frame2" not in page.host.frames and inserted.key not in page.controller.frames.slots


def recording() -> str:
    """A session in which frame1 (Agent) and frame2 (Monitor) each got a reply."""
    host = Host(Config.from_toml(SCENARIO), clock=lambda: 0.0, wall_clock=lambda: 1.0)
    host.attach_frame("frame1", EXTENSION, "Agent")
    host.attach_frame("frame2", EXTENSION, "Monitor")
    for frame in ("frame1", "frame2", "frame1"):
        host.receive(frame, EXTENSION, {"request": "agent.getState", "parameters": [], "referenceId": "r",
                                        "frameId": frame})
    return json.dumps(export(host.inspector))


def test_a_replay_goes_to_the_newest_live_frame_of_each_view_and_counts_those_with_none():
    page = Page()
    page.send(Loaded(AGENT))
    page.send(Loaded(AGENT))                                  # frame2 is the Agent view's live frame now
    started = page.send(ReplayJson(recording()))
    assert fx.SetText("replay-status", "Replaying 3 messages…") in started
    page.now += 1
    ticked = page.send(Tick())
    assert [(key, message["request"]) for key, message in posted(ticked)] == [(AGENT, "agent.getState")] * 2
    assert fx.SetText("replay-status", "Replayed 2 of 3 messages; 1 with no live frame of their view. "
                                       + VIEW_ONLY) in ticked
    # through the inspector: journalled as replayed (not the host's doing), one group, shown at the next redraw
    replayed = [e for e in page.host.inspector if e.verdict == "replayed"]
    assert [(e.frame_id, e.note) for e in replayed] == [("frame2", "replayed: sent to frame1 (Agent) in the recording")] * 2
    (table,) = rows(page.send(Signal.RENDER))
    assert [r.class_name for r in table.rows[-2:]] == ["dir-out head kind-replay", "dir-out member"]
    assert of(page.send(Tick()), fx.SetText) == []            # over
    assert of(page.send(Submitted("replay", {"compress": "on"}, {"recording": None})), fx.SetText)[0].text \
        .startswith("Choose a recording")
    assert of(page.send(Submitted("replay", {}, {"recording": "[1]"})), fx.SetText)[0].text \
        .startswith("Not a recording: entry 1")


def test_the_player_steps_on_the_tick_and_its_text_follows():
    _, script = timeline_script(STEPS)                        # a call at once, answered 4 s later, hung up 2 s later
    page = Page(script)
    assert fx.SetText("player-status", "Ready · step 0 of 3 done") in page.started
    playing = page.send(Clicked("player-play"))
    assert fx.SetText("player-play", "Pause") in playing and fx.SetAttr("player-play", "aria-pressed", "true") in playing
    assert len(page.controller.centre.interactions) == 1      # the first step, at once
    page.now += 1
    assert fx.SetText("player-next", "Next (in 3.0 s): 2. answer on call") in page.send(Tick())
    page.now += 5
    finished = page.send(Tick())
    assert fx.SetText("player-status", "Finished · step 3 of 3 done") in finished
    assert fx.SetAttr("player-play", "disabled", "") in finished and fx.SetAttr("player-step", "disabled", "") in finished
    page.send(Clicked("player-reset"))
    page.send(Changed("player-speed", "2"))
    assert page.controller.scenario.player.speed == 2.0


def test_a_player_step_posts_each_event_to_a_frame_once():
    _, script = timeline_script(STEPS)
    page = Page(script)
    page.send(Loaded(AGENT))
    page.send(MessageFrom("frame1", EXTENSION, {"event": "subscribe", "data": ["interaction"], "referenceId": "s",
                                                "frameId": "frame1"}))
    for event in (Clicked("player-step"), Clicked("player-play")):          # a step alone, then the rest played
        effects = page.send(event) + page.send(Tick())
        page.now += 5
        effects += page.send(Tick()) + page.spontaneous
        page.spontaneous.clear()
        events = [json.dumps(message) for _, message in posted(effects) if "event" in message]
        assert events and len(events) == len(set(events)), events


def test_export_and_open_another_scenario():
    page = Page()
    (saved,) = of(page.send(Clicked("session-export")), fx.Download)
    assert saved.name == "wwe-session.json" and json.loads(saved.text) == json.loads(page.controller.session_json())
    assert page.send(Submitted("open-scenario", {"scenario": "chat-consult"})) == [fx.Navigate("chat-consult")]


def test_the_election_reaches_the_frames_and_the_tab_line():
    page = Page()
    page.send(Loaded(AGENT))
    page.send(Signal.RENDER)
    page.wall += 1
    ticked = page.send(Tick())
    assert page.host.frames["frame1"].frame_state == "LEADING" and of(ticked, fx.RenderLater)
    drawn = page.send(Signal.RENDER)
    assert fx.SetText("tab-state", "Tab: leading · last active") in drawn
    assert fx.SetAttr("tab-state", "data-state", "LEADING") in drawn
    page.send(TabMessage({"type": "active", "tab": "b", "born": page.wall}))
    assert page.host.frames["frame1"].last_active is False
    assert [b.message["type"] for b in of(page.send(Blurred(into_frame=True)), fx.Broadcast)] == ["active"]
    assert page.send(Blurred(into_frame=False)) == []
    page.send(Visibility(False))
    assert page.host.frames["frame1"].visible is False
    assert [b.message["type"] for b in of(page.send(Signal.PAGE_HIDE), fx.Broadcast)] == ["bye"]


def test_a_reply_is_posted_before_the_redraw_is_asked_for_and_a_burst_is_drawn_after_its_replies():
    page = Page()
    page.send(Loaded(AGENT))
    page.send(Signal.RENDER)
    answered = page.request("frame1", "agent.get")
    assert [type(effect) for effect in answered] == [fx.Post, fx.Broadcast, fx.RenderLater]  # the reply first (then
    # the op goes to the other tabs of the session)
    fired = 0
    while True:  # the timer fires while the frame keeps asking: the redraw waits, RENDER_WAIT_MS at most
        page.now += (RENDER_MS - QUIET_MS / 2) / 1000
        page.request("frame1", "agent.get")
        page.now += QUIET_MS / 2 / 1000
        fired += 1
        drawn = page.controller.handle(Signal.RENDER)
        if of(drawn, fx.InspectorRows):
            break
        assert drawn == [fx.RenderLater()]
    assert fired == round(RENDER_WAIT_MS / RENDER_MS) and len(of(drawn, fx.InspectorRows)[0].rows) == 2 * (1 + fired)
    page.request("frame1", "agent.get")
    page.now += RENDER_MS / 1000                               # the burst is over: drawn when the timer fires
    assert of(page.controller.handle(Signal.RENDER), fx.InspectorRows)


def test_redraws_are_batched_and_what_a_driver_delivers_outside_an_event_is_applied_at_once():
    page = Page()
    page.send(Loaded(AGENT))
    page.send(Signal.RENDER)
    first, second = page.request("frame1", "agent.getState"), page.request("frame1", "agent.getState")
    assert of(first, fx.RenderLater) == [fx.RenderLater()] and of(second, fx.RenderLater) == []
    page.send(Signal.RENDER)
    page.controller.session.perform(lambda ctx: ctx.emit("agent", {"x": 1}, to="frame1"))  # the bench's way
    assert page.spontaneous == [fx.RenderLater()]             # frame1 is not subscribed: no post
    out = page.host.perform(lambda ctx: None)
    assert page.send(Deliver(out)) == []
