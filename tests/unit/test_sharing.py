"""Simulator tabs share one contact centre (workspace.sharing): the tab messages, each tab's Replica of the log, and
page controllers of several tabs on one BroadcastChannel carried by hand, on exact clocks."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from workspace import timeline
from workspace.config import Config
from workspace.election import EXPIRY_SECONDS, FOLLOWING, LEADING, NEGOTIATION_SECONDS
from workspace.page import effects as fx
from workspace.page.controller import FOLLOWER_PLAYER, Controller
from workspace.page.events import Clicked, Loaded, MessageFrom, Signal, Submitted, TabMessage, Tick
from workspace.sharing.messages import (ActionOp, Applied, BadTabMessage, FrameFacts, Log, Propose, RequestOp, Sync,
                                        TickOp, channel, read, to_json)
from workspace.sharing.replica import RETRY_SECONDS, Apply, Replica
from workspace.view import PageView, environment

from .test_simulator_panel import EXTENSION, SCENARIO
from .test_simulator_view import TEMPLATES
from .test_timeline import script as timeline_script

FACTS = FrameFacts("Agent", True, "FOLLOWING", False)
AGENT = 1  # the slot key of the Agent view


def action(tab: str, pid: int, name: str = "inbound", **fields: str) -> ActionOp:
    return ActionOp(tab, pid, 0.0, name, fields or {"media": "voice"})


def ops(outcome) -> list[tuple[str, int]]:
    return [(item.op.tab, item.op.pid) for item in outcome.apply]


# -- the messages ---------------------------------------------------------------------------------------------------

def test_every_message_reads_back_as_written_and_the_election_s_are_left_to_it():
    request = RequestOp("b", 3, 5.0, "frame1", EXTENSION, FACTS, "voice.answer", ["1"])
    for message in (Propose(request), Applied("a", 1.0, 7, action("b", 2)), Applied("a", 1.0, 8, TickOp("a", 9, 2.0)),
                    Sync("b"), Log("a", 1.0, "b", (request, replace(action("a", 1), step=0, names={"call": "1"})))):
        assert read(to_json(message)) == message
    assert read({"type": "beat", "tab": "a", "born": 1.0}) is None


def test_the_tabs_of_one_scenario_are_one_session_and_other_scenarios_tabs_are_apart():
    assert channel(None, None) == channel("default", "") != channel("leader-change", None)
    assert channel("default", "http://localhost:8201") != channel("default", None)


@pytest.mark.parametrize("data, reason", [
    ([1], "not an object"),
    ({"type": "gossip"}, "unknown type 'gossip'"),
    ({"type": "applied", "tab": "a", "born": 1, "seq": 0, "op": {}}, "'seq' must be 1 or more"),
    ({"type": "applied", "tab": "a", "born": True, "seq": 1, "op": {}}, "'born' must be a number"),
    ({"type": "propose", "op": {"kind": "tick", "tab": "a", "pid": "1", "wall": 1}}, "'pid' must be int"),
    ({"type": "propose", "op": {"kind": "dance", "tab": "a", "pid": 1, "wall": 1}}, "unknown op kind 'dance'"),
    ({"type": "propose", "op": {"kind": "action", "tab": "a", "pid": 1, "wall": 1, "name": "x", "fields": {"a": 1}}},
     "'fields' must map text to text"),
    ({"type": "sync"}, "'tab' must be str"),
])
def test_a_malformed_message_says_why(data: Any, reason: str):
    with pytest.raises(BadTabMessage, match=reason):
        read(data)


# -- one replica ----------------------------------------------------------------------------------------------------

def test_a_tab_alone_numbers_its_own_ops_at_once_stamped_with_its_time():
    replica = Replica("a", 1.0)
    outcome = replica.propose(action("a", replica.next_pid()), now=42.0)
    (applied,) = outcome.send
    assert outcome.apply == (Apply(replace(action("a", 1), wall=42.0)),)
    assert applied == Applied("a", 1.0, 1, replace(action("a", 1), wall=42.0)) and replica.seq == 1


def test_a_follower_proposes_and_applies_the_leader_s_ops_in_order_ignoring_duplicates_and_asking_after_a_gap():
    leader, follower = Replica("a", 1.0), Replica("b", 2.0)
    follower.follow(0.0)
    follower.receive(to_json(leader.receive(to_json(Sync("b")), 0.0).send[0]), 0.0)  # the (empty) log: synced
    assert follower.synced and follower.leader == "a"
    (proposal,) = follower.propose(action("b", follower.next_pid()), 1.0).send
    assert follower.pending and follower.seq == 0           # not applied before the leader numbers it
    assert follower.tick(1.0 + RETRY_SECONDS - 0.01).send == ()   # not proposed again while the answer may come
    numbered = leader.receive(to_json(proposal), 3.0)
    assert ops(numbered) == [("b", 1)] and numbered.apply[0].op.wall == 3.0   # the leader's time
    applied = to_json(numbered.send[0])
    assert ops(follower.receive(applied, 3.1)) == [("b", 1)] and not follower.pending
    assert follower.receive(applied, 3.2).log == ("ignored op 1 of tab a: a duplicate or late copy (this tab is at "
                                                  "op 1)",)
    assert leader.receive(to_json(proposal), 3.3).log == ("ignored proposal 1 of tab b: already applied",)
    second, third = (leader.propose(action("a", leader.next_pid()), 4.0).send[0] for _ in range(2))
    gap = follower.receive(to_json(third), 4.1)                 # op 2 never came
    assert gap.apply == () and gap.send == (Sync("b"),)
    assert gap.log == ("ops 2 to 2 of tab a never came: asking for the log",)
    assert follower.receive(to_json(second), 4.2).apply == ()   # waiting for the log, which holds it
    caught_up = follower.receive(to_json(leader.receive(to_json(Sync("b")), 4.3).send[0]), 4.3)
    assert ops(caught_up) == [("a", 1), ("a", 2)] and not caught_up.rebuild and follower.seq == leader.seq == 3


def test_a_tab_joining_late_gets_the_whole_log_quietly_but_its_own_waiting_proposal_answered():
    leader = Replica("a", 1.0)
    for _ in range(3):
        leader.propose(action("a", leader.next_pid()), 1.0)
    joiner = Replica("b", 5.0)
    assert joiner.follow(5.0).send == (Sync("b"),)
    joiner.propose(action("b", joiner.next_pid()), 5.0)         # sent while the leader has not answered yet
    asked = leader.receive(to_json(Sync("b")), 5.1)
    assert asked.send == (Log("a", 1.0, "b", tuple(leader.log)),)
    assert Replica("c", 6.0).receive(to_json(asked.send[0]), 5.2).apply == ()   # someone else's log
    caught_up = joiner.receive(to_json(asked.send[0]), 5.2)
    assert [item.quiet for item in caught_up.apply] == [True] * 3
    assert caught_up.send == (Propose(action("b", 1)),)         # still unanswered: proposed again
    assert joiner.tick(5.0 + RETRY_SECONDS - 0.01).send == ()  # nothing before the retry time...
    assert joiner.tick(5.0 + RETRY_SECONDS).send == (Propose(action("b", 1)),)   # ... then again


def test_unreadable_messages_are_ignored_with_a_line_saying_why():
    replica = Replica("a", 1.0)
    outcome = replica.receive({"type": "applied", "tab": "b", "born": 0.5, "seq": "1"}, 1.0)
    assert outcome.apply == () and outcome.send == ()
    assert outcome.log == ("ignored a message from another tab: applied: 'seq' must be int, got '1'",)
    assert replica.receive({"type": "hello", "tab": "b", "born": 2.0}, 1.0).log == ()   # the election's


def test_two_leaders_the_older_keeps_leading_and_the_younger_takes_its_log_dropping_its_own_ops():
    older, younger = Replica("a", 1.0), Replica("b", 2.0)
    older.propose(action("a", older.next_pid()), 3.0)
    mine = younger.propose(action("b", younger.next_pid()), 3.0)   # a partition: each led its own log
    ignored = older.receive(to_json(mine.send[0]), 3.1)
    assert ignored.log == ("ignored op 1 of tab b: a younger leader than this tab (it will follow)",)
    assert older.leading
    stepped_down = younger.receive(to_json(older.propose(action("a", older.next_pid()), 3.2).send[0]), 3.2)
    assert not younger.leading and stepped_down.send == (Sync("b"),)
    assert stepped_down.log == ("two leaders: tab a is older and leads; this tab follows it and takes its log",)
    taken = younger.receive(to_json(older.receive(to_json(Sync("b")), 3.3).send[0]), 3.3)
    assert taken.rebuild and ops(taken) == [("a", 1), ("a", 2)] and all(item.quiet for item in taken.apply)
    assert taken.log == ("took the log of tab a (2 ops) instead of this tab's own; dropped 1 ops it does not hold",)


def test_a_follower_that_becomes_leader_numbers_its_waiting_proposals_and_the_others_ask_for_its_log():
    old, b, c = Replica("a", 1.0), Replica("b", 2.0), Replica("c", 3.0)
    for tab in (b, c):
        tab.follow(0.0)
        tab.receive(to_json(old.receive(to_json(Sync(tab.tab)), 0.0).send[0]), 0.0)
    first = to_json(old.propose(action("a", old.next_pid()), 1.0).send[0])
    for tab in (b, c):
        tab.receive(first, 1.0)
    b.propose(action("b", b.next_pid()), 2.0)                   # the leader closes before it numbers this one
    took_over = b.lead()
    assert ops(took_over) == [("b", 1)] and took_over.send[0].seq == 2
    asked = c.receive(to_json(took_over.send[0]), 2.1)          # ops from a tab it does not follow yet
    assert asked.send == (Sync("c"),) and "not from the leader this tab follows (a)" in asked.log[0]
    synced = c.receive(to_json(b.receive(to_json(Sync("c")), 2.2).send[0]), 2.2)
    assert ops(synced) == [("b", 1)] and not synced.rebuild and c.seq == b.seq == 2


# -- tabs of one browser: page controllers on one channel -----------------------------------------------------------

TIMED = SCENARIO.replace("remote_answer_after = -1", "remote_answer_after = 2")


class Browser:
    """Simulator tabs of one browser, their BroadcastChannel carried by hand on a shared wall clock."""

    def __init__(self, scenario: str = TIMED) -> None:
        self.scenario, self.wall, self.tabs = scenario, 1000.0, {}
        self.posted: dict[str, list[fx.Post]] = {}

    def open(self, tab: str, script: timeline.Script = timeline.Script()) -> Controller:
        controller = Controller(Config.from_toml(self.scenario), script, PageView(environment(TEMPLATES)), tab=tab,
                                clock=lambda: self.wall, wall_clock=lambda: self.wall,
                                host_clock=lambda: self.wall)
        self.tabs[tab] = controller
        self.posted[tab] = []
        self.send(tab, Signal.START)
        self.send(tab, Loaded(AGENT))
        return controller

    def close(self, tab: str) -> None:
        self.send(tab, Signal.PAGE_HIDE)
        del self.tabs[tab]

    def send(self, tab: str, event: Any) -> list[fx.Effect]:
        effects = self.tabs[tab].handle(event)
        self.posted[tab] += [effect for effect in effects if isinstance(effect, fx.Post)]
        for broadcast in [effect for effect in effects if isinstance(effect, fx.Broadcast)]:
            for other in [other for other in self.tabs if other != tab]:
                self.send(other, TabMessage(broadcast.message))
        return effects

    def run(self, seconds: float, step: float = 0.1) -> None:
        end = self.wall + seconds
        while self.wall < end - 1e-9:
            self.wall += step
            for tab in list(self.tabs):
                self.send(tab, Tick())

    def request(self, tab: str, name: str, *parameters: Any, ref: str = "r") -> None:
        self.send(tab, MessageFrom("frame1", EXTENSION, {"request": name, "parameters": list(parameters),
                                                         "referenceId": ref, "frameId": "frame1"}))

    def reply(self, tab: str, ref: str = "r") -> dict[str, Any] | None:
        return next((post.message for post in reversed(self.posted[tab]) if post.message.get("referenceId") == ref),
                    None)

    def states(self, interaction_id: str) -> dict[str, str]:
        return {tab: str(page.centre.interactions[interaction_id].state) for tab, page in self.tabs.items()}


def two_tabs() -> Browser:
    browser = Browser()
    browser.open("a")
    browser.run(1)
    browser.open("b")
    browser.run(1)
    assert {tab: page.election.state for tab, page in browser.tabs.items()} == {"a": LEADING, "b": FOLLOWING}
    return browser


def test_a_call_placed_in_one_tab_is_answered_from_the_other_and_both_see_it():
    browser = two_tabs()
    browser.send("a", Submitted("inbound", {"media": "voice"}))
    (call,) = browser.tabs["b"].centre.interactions
    assert browser.states(call) == {"a": "RINGING", "b": "RINGING"}
    browser.request("b", "voice.answer", call)                  # the follower's dashboard: Answer, applied by a
    assert browser.reply("b") == {"request": "voice.answer", "referenceId": "r", "data": None,
                                  "userAgent": "WWE Server", "protocolVersion": 2}   # answered once, in b only
    assert browser.reply("a") is None and browser.states(call) == {"a": "TALKING", "b": "TALKING"}
    assert browser.tabs["a"].replica.log[-1].tab == "b"         # numbered by the leader
    assert [entry.verdict for entry in browser.tabs["b"].host.inspector if entry.direction == "in"][-1] == "answered"
    browser.send("b", Clicked("hang-up", {"id": call}))        # a control-panel click in the follower
    assert browser.states(call) == {"a": "IDLE", "b": "IDLE"}


def test_a_page_logs_what_it_ignores_from_another_tab_on_the_console():
    browser = two_tabs()
    effects = browser.send("a", TabMessage({"type": "applied", "tab": "b", "born": 1.0, "seq": 1, "op": []}))
    assert fx.ConsoleLog("simulator tabs: ignored a message from another tab: an op must be an object") in effects


def test_only_the_leader_runs_the_timers_and_every_tab_sees_what_they_did():
    browser = two_tabs()
    browser.request("b", "voice.dial", "+15551234", {})
    browser.run(0.1)
    (call,) = browser.tabs["a"].centre.interactions
    assert browser.states(call) == {"a": "DIALING", "b": "DIALING"}
    browser.run(2.5)                                            # remote_answer_after = 2
    assert browser.states(call) == {"a": "TALKING", "b": "TALKING"}
    kinds = [type(op).__name__ for op in browser.tabs["b"].replica.log]
    assert kinds == ["RequestOp", "TickOp"] and {op.tab for op in browser.tabs["b"].replica.log} == {"b", "a"}


def test_the_leader_closing_keeps_the_call_and_the_new_leader_takes_over_the_centre():
    browser = two_tabs()
    browser.send("a", Submitted("inbound", {"media": "voice"}))
    (call,) = browser.tabs["b"].centre.interactions
    browser.close("a")
    browser.request("b", "voice.answer", call)                  # while the election runs: waits
    browser.run(NEGOTIATION_SECONDS + 0.2)
    assert browser.tabs["b"].election.state == LEADING and browser.tabs["b"].replica.leading
    assert browser.reply("b")["request"] == "voice.answer" and browser.states(call) == {"b": "TALKING"}
    browser.open("c")                                           # a third tab joins late and gets it all
    browser.run(1)
    assert browser.states(call) == {"b": "TALKING", "c": "TALKING"}


def test_a_leader_that_vanished_and_came_back_follows_the_older_tab_with_the_older_s_centre():
    browser = two_tabs()
    b = browser.tabs.pop("b")                                   # b hears nothing (and says nothing) for a while
    browser.run(EXPIRY_SECONDS + 1)
    browser.send("a", Submitted("inbound", {"media": "chat"}))  # a leads alone...
    browser.tabs, a = {"b": b}, browser.tabs["a"]
    browser.run(EXPIRY_SECONDS + 1)                             # ... and so does b, on its own log
    browser.send("b", Submitted("inbound", {"media": "voice"}))
    assert b.replica.leading and [i.media for i in b.centre.interactions.values()] == ["voice"]
    browser.tabs["a"] = a                                       # the partition heals
    browser.run(1)
    assert (a.election.state, b.election.state) == (LEADING, FOLLOWING) and not b.replica.leading
    assert [i.media for i in b.centre.interactions.values()] == [i.media for i in a.centre.interactions.values()] \
        == ["chat"]


def test_only_the_leader_plays_the_timeline_and_a_follower_s_player_follows_it():
    _, script = timeline_script('''
[[timeline.step]]
do = "inbound"
media = "voice"
as = "call"

[[timeline.step]]
do = "note"
note = "a point to talk about"

[[timeline.step]]
wait = 1
do = "answer"
on = "call"
''')
    browser = Browser()
    browser.open("a", script)
    browser.run(1)
    browser.open("b", script)
    browser.run(1)
    effects = browser.send("b", Clicked("player-play"))
    assert fx.SetText("player-refusal", FOLLOWER_PLAYER, hidden=False) in effects
    browser.send("a", Clicked("player-play"))
    browser.run(1.5)
    (call,) = browser.tabs["b"].centre.interactions
    assert browser.states(call) == {"a": "TALKING", "b": "TALKING"}
    follower = browser.tabs["b"].scenario.player
    assert follower.position == 3 and follower.names == {"call": call} and follower.state == timeline.FINISHED
    assert [played.step.action for played in follower.played] == ["inbound", "note", "answer"]
