"""Simulator tabs share one contact centre (workspace.sharing): the tab messages, each tab's Replica of the log, and
page controllers of several tabs on one BroadcastChannel carried by hand, on exact clocks."""
from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workspace import timeline
from workspace.config import Config
from workspace.election import EXPIRY_SECONDS, FOLLOWING, LEADING, NEGOTIATION_SECONDS
from workspace.page import effects as fx
from workspace.page.controller import FOLLOWER_PLAYER, Controller
from workspace.page.events import Clicked, Loaded, MessageFrom, Signal, Submitted, TabMessage, Tick
from workspace.model import ContactCentre, saved
from workspace.sharing.messages import (ActionOp, Applied, BadTabMessage, Centre, FrameFacts, Log, Propose, RequestOp,
                                        Sync, TickOp, channel, read, to_json)
from workspace.sharing.replica import RETRY_SECONDS, Apply, Outcome, Replica
from workspace.timeline import Mark
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
    request = RequestOp("b", 3, 5.0, "frame1", EXTENSION, FACTS, "voice.answer", ["1"], waiting=2)
    centre = Centre(fresh_centre()[0], Mark(2, {"call": "1"}, ((0, None), (1, "refused"))), {"a": (3, (4, 6))})
    for message in (Propose(request), Applied("a", 1.0, 7, action("b", 2)), Applied("a", 1.0, 8, TickOp("a", 9, 2.0)),
                    Sync("b", 4, "d4"), Log("a", 1.0, "b", 2, "d2", (request, replace(action("a", 1), step=0))),
                    Log("a", 1.0, "b", 5, "d5", (), centre)):
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
    ({"type": "propose", "op": {"kind": "dance", "tab": "a", "pid": 1, "wall": 1, "waiting": 1}},
     "unknown op kind 'dance'"),
    ({"type": "propose", "op": {"kind": "tick", "tab": "a", "pid": 1, "wall": 1}}, "'waiting' must be int"),
    ({"type": "propose", "op": {"kind": "action", "tab": "a", "pid": 1, "wall": 1, "waiting": 1, "name": "x",
                                "fields": {"a": 1}}},
     "'fields' must map text to text"),
    ({"type": "sync"}, "'tab' must be str"),
])
def test_a_malformed_message_says_why(data: Any, reason: str):
    with pytest.raises(BadTabMessage, match=reason):
        read(data)


# -- one replica ----------------------------------------------------------------------------------------------------

def fresh_centre() -> tuple[Any, Mark]:
    return ContactCentre(Config.from_toml(SCENARIO)).state, Mark(0, {}, ())


def tab(name: str, born: float) -> Replica:
    return Replica(name, born, fresh_centre)


def synced(leader: Replica, *followers: Replica) -> None:
    """Each of ``followers`` follows ``leader`` and catches up."""
    for follower in followers:
        (sync,) = follower.follow(0.0).send
        follower.receive(to_json(leader.receive(to_json(sync), 0.0).send[0]), 0.0)
        assert follower.synced and follower.leader == leader.tab


def test_a_tab_alone_numbers_its_own_ops_at_once_stamped_with_its_time():
    replica = tab("a", 1.0)
    outcome = replica.propose(action("a", replica.next_pid()), now=42.0)
    (applied,) = outcome.send
    op = replace(action("a", 1), wall=42.0, waiting=1)        # no older proposal of this tab waits
    assert outcome.apply == (Apply(op),) and applied == Applied("a", 1.0, 1, op) and replica.seq == 1


def test_a_follower_proposes_and_applies_the_leader_s_ops_in_order_ignoring_duplicates_and_asking_after_a_gap():
    leader, follower = tab("a", 1.0), tab("b", 2.0)
    synced(leader, follower)
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
    assert gap.apply == () and gap.send == (Sync("b", 1, follower.digest),)
    assert gap.log == ("ops 2 to 2 of tab a never came: asking to catch up",)
    assert follower.receive(to_json(second), 4.2).apply == ()   # waiting for the log, which holds it
    caught_up = follower.receive(to_json(leader.receive(to_json(gap.send[0]), 4.3).send[0]), 4.3)
    assert ops(caught_up) == [("a", 1), ("a", 2)] and not any(item.quiet for item in caught_up.apply)
    assert caught_up.restore is None and follower.seq == leader.seq == 3 and follower.digest == leader.digest


def test_a_tab_joining_late_gets_the_ops_quietly_but_its_own_waiting_proposal_answered():
    leader = tab("a", 1.0)
    for _ in range(3):
        leader.propose(action("a", leader.next_pid()), 1.0)
    joiner = tab("b", 5.0)
    assert joiner.follow(5.0).send == (Sync("b", 0, ""),)
    joiner.propose(action("b", joiner.next_pid()), 5.0)         # sent while the leader has not answered yet
    asked = leader.receive(to_json(Sync("b", 0, "")), 5.1)
    assert asked.send == (Log("a", 1.0, "b", 0, "", tuple(leader.log)),)
    assert tab("c", 6.0).receive(to_json(asked.send[0]), 5.2).apply == ()   # someone else's log
    caught_up = joiner.receive(to_json(asked.send[0]), 5.2)
    assert [item.quiet for item in caught_up.apply] == [True] * 3
    waiting = replace(action("b", 1), waiting=1)
    assert caught_up.send == (Propose(waiting),)               # still unanswered: proposed again
    assert joiner.receive(to_json(asked.send[0]), 5.3) == Outcome()   # the answer to a question asked again
    assert joiner.tick(5.0 + RETRY_SECONDS - 0.01).send == ()  # nothing before the retry time...
    assert joiner.tick(5.0 + RETRY_SECONDS).send == (Propose(waiting),)   # ... then again


def test_each_tab_keeps_a_bounded_log_and_a_tab_further_behind_takes_the_leader_s_centre():
    leader, near, far = tab("a", 1.0), tab("b", 2.0), tab("c", 3.0)
    synced(leader, near, far)
    for replica in (leader, near, far):
        replica.window = 4
    for _ in range(3):                                          # near hears these, far does not
        for message in leader.propose(action("a", leader.next_pid()), 1.0).send:
            near.receive(to_json(message), 1.0)
    for _ in range(2):                                          # nobody hears these
        leader.propose(action("a", leader.next_pid()), 1.0)
    assert (len(leader.log), len(near.log), leader.seq) == (4, 3, 5)
    for _ in range(20):
        leader.propose(action("a", leader.next_pid()), 1.0)
    assert len(leader.log) == 4 and len(leader.proposals.above["a"]) == 1   # bounded, however many ops
    leader.window = 10
    (sync,) = near.follow(2.0).send                             # 3 ops behind... 22 behind: more than it keeps
    caught_up = near.receive(to_json(leader.receive(to_json(sync), 2.0).send[0]), 2.0)
    assert caught_up.restore is not None and caught_up.apply == () and near.seq == 25 and near.digest == leader.digest
    assert caught_up.log == ("took the centre of tab a (at op 25) instead of this tab's own (at op 3)",)
    (sync,) = far.follow(3.0).send                              # far: at op 0, which the leader no longer keeps
    log = leader.receive(to_json(sync), 3.0).send[0]
    assert log.centre is not None and log.start == 25 and log.ops == ()
    for _ in range(3):                                          # near misses these
        leader.propose(action("a", leader.next_pid()), 4.0)
    (sync,) = near.follow(5.0).send                             # within the window: the ops themselves
    caught_up = near.receive(to_json(leader.receive(to_json(sync), 5.0).send[0]), 5.0)
    assert caught_up.restore is None and not any(item.quiet for item in caught_up.apply)   # its frames hear of them
    assert [item.op.pid for item in caught_up.apply] == [26, 27, 28] and near.digest == leader.digest


def test_a_proposal_sent_again_long_after_it_was_applied_is_still_not_applied_twice():
    leader, follower = tab("a", 1.0), tab("b", 2.0)
    synced(leader, follower)
    leader.window = 2
    first, second = (follower.propose(action("b", follower.next_pid()), 1.0).send[0] for _ in range(2))
    assert second.op.waiting == 1                               # proposal 1 still waits
    leader.receive(to_json(second), 1.1)                        # 2 before 1 (1 went to a leader that left)
    for _ in range(10):
        leader.propose(action("a", leader.next_pid()), 1.2)
    assert ops(leader.receive(to_json(first), 1.3)) == [("b", 1)]
    assert leader.receive(to_json(first), 1.4).log == ("ignored proposal 1 of tab b: already applied",)
    assert leader.receive(to_json(second), 1.5).log == ("ignored proposal 2 of tab b: already applied",)
    (third,) = follower.propose(replace(action("b", follower.next_pid())), 1.6).send   # 1, 2 answered... not yet here
    leader.receive(to_json(third), 1.7)
    assert leader.proposals.holds(first.op) and leader.proposals.holds(second.op)


def test_a_tab_that_takes_the_centre_learns_which_of_its_proposals_were_answered_there():
    leader, follower = tab("a", 1.0), tab("b", 2.0)
    synced(leader, follower)
    leader.window = 1
    (proposal,) = follower.propose(action("b", follower.next_pid()), 1.0).send
    leader.receive(to_json(proposal), 1.0)                      # the follower never hears of it
    leader.propose(action("a", leader.next_pid()), 1.0)
    leader.propose(action("a", leader.next_pid()), 1.0)
    (sync,) = follower.follow(2.0).send
    taken = follower.receive(to_json(leader.receive(to_json(sync), 2.0).send[0]), 2.0)
    assert taken.lost == (1,) and not follower.pending and taken.send == ()
    assert taken.log[0].endswith("; the answers to its proposals 1, applied there, are lost")


def test_unreadable_messages_are_ignored_with_a_line_saying_why():
    replica = tab("a", 1.0)
    outcome = replica.receive({"type": "applied", "tab": "b", "born": 0.5, "seq": "1"}, 1.0)
    assert outcome.apply == () and outcome.send == ()
    assert outcome.log == ("ignored a message from another tab: applied: 'seq' must be int, got '1'",)
    assert replica.receive({"type": "hello", "tab": "b", "born": 2.0}, 1.0).log == ()   # the election's
    replica.follow(1.0)
    bad = {"type": "log", "tab": "b", "born": 0.5, "to": "a", "start": 0, "digest": "", "ops": [],
           "centre": {"model": {"id": 0, "object": "Exploit", "fields": {}}, "held": {}, "player": {}}}
    assert replica.receive(bad, 1.0).log == ("ignored a message from another tab: log: the centre's model: unknown "
                                             "object 'Exploit'",)
    assert not replica.synced


def test_two_leaders_the_older_keeps_leading_and_the_younger_takes_its_centre_dropping_its_own_ops():
    older, younger = tab("a", 1.0), tab("b", 2.0)
    older.propose(action("a", older.next_pid()), 3.0)
    mine = younger.propose(action("b", younger.next_pid()), 3.0)   # a partition: each led its own log
    ignored = older.receive(to_json(mine.send[0]), 3.1)
    assert ignored.log == ("ignored op 1 of tab b: a younger leader than this tab (it will follow)",)
    assert older.leading
    stepped_down = younger.receive(to_json(older.propose(action("a", older.next_pid()), 3.2).send[0]), 3.2)
    assert not younger.leading and stepped_down.send == (Sync("b", 1, younger.digest),)
    assert stepped_down.log == ("two leaders: tab a is older and leads; this tab follows it and takes its centre",)
    taken = younger.receive(to_json(older.receive(to_json(stepped_down.send[0]), 3.3).send[0]), 3.3)
    assert taken.restore is not None and taken.apply == () and younger.digest == older.digest
    assert taken.log == ("took the centre of tab a (at op 2) instead of this tab's own (at op 1)",)


def test_a_follower_that_becomes_leader_numbers_its_waiting_proposals_and_the_others_catch_up_from_it():
    old, b, c = tab("a", 1.0), tab("b", 2.0), tab("c", 3.0)
    synced(old, b, c)
    first = to_json(old.propose(action("a", old.next_pid()), 1.0).send[0])
    for follower in (b, c):
        follower.receive(first, 1.0)
    b.propose(action("b", b.next_pid()), 2.0)                   # the leader closes before it numbers this one
    took_over = b.lead()
    assert ops(took_over) == [("b", 1)] and took_over.send[0].seq == 2
    asked = c.receive(to_json(took_over.send[0]), 2.1)          # ops from a tab it does not follow yet
    assert asked.send == (Sync("c", 1, c.digest),) and "not from the leader this tab follows (a)" in asked.log[0]
    caught_up = c.receive(to_json(b.receive(to_json(asked.send[0]), 2.2).send[0]), 2.2)
    assert ops(caught_up) == [("b", 1)] and caught_up.restore is None and c.seq == b.seq == 2


# -- tabs of one browser: page controllers on one channel -----------------------------------------------------------

TIMED = SCENARIO.replace("remote_answer_after = -1", "remote_answer_after = 2")


class Browser:
    """Simulator tabs of one browser, their BroadcastChannel carried by hand (as JSON) on a shared wall clock."""

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
                self.send(other, TabMessage(json.loads(json.dumps(broadcast.message))))   # as the channel carries it
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


THREE_STEPS = '''
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
'''


def test_only_the_leader_plays_the_timeline_and_a_follower_s_player_follows_it():
    _, script = timeline_script(THREE_STEPS)
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



def test_a_tab_joining_after_the_timeline_played_takes_the_leader_s_centre_and_player_where_they_are():
    _, script = timeline_script(THREE_STEPS)
    browser = Browser()
    browser.open("a", script).replica.window = 1                # a late tab cannot catch up from the ops
    browser.run(1)
    browser.send("a", Clicked("player-play"))
    browser.run(1.5)
    late = browser.open("b", script)
    browser.run(1)
    (call,) = late.centre.interactions
    assert browser.states(call) == {"a": "TALKING", "b": "TALKING"}
    leader = browser.tabs["a"].scenario.player
    assert late.scenario.player.mark() == leader.mark() == timeline.Mark(3, {"call": call}, ((0, None), (1, None),
                                                                                             (2, None)))
    assert late.scenario.player.state == timeline.FINISHED


# -- a late tab's centre is the leader's: random ops, tabs joining and leaders leaving at random points -------------

ON_INTERACTION = ("answer", "accept", "hang-up", "hold", "resume", "mark-done", "remote-answer", "remote-hang-up",
                  "to-workbin", "chat-ended", "call-record", "new-case-id")
REQUESTS = (("voice.dial", ["+15550001", {}]), ("system.popupToast", [{"title": "t", "message": "m"}]),
            ("system.popupToast", [{"title": "t", "message": "m", "autoCloseTimeout": 1500}]),
            ("system.updateViewInApplicationMenuBar", [{"name": "v", "label": "V"}]),
            ("system.openDialog", [f"{EXTENSION}/dialog.html", {"label": "D"}]))
steps = st.one_of(
    st.tuples(st.just("inbound"), st.integers(0, 3), st.sampled_from(["voice", "chat", "email"])),
    st.tuples(st.just("on"), st.integers(0, 3), st.sampled_from(ON_INTERACTION), st.integers(0, 5)),
    st.tuples(st.just("panel"), st.integers(0, 3), st.sampled_from([
        ("push-record", {"campaign": "Renewals"}), ("agent-state", {"state": "NotReady"}),
        ("agent-state", {"state": "Ready", "media": "voice"}), ("direct-push", {"arg": "start"}),
        ("toast-close", {"toast": "wweCustomToast1"}), ("campaign", {"campaign": "Offer of the Month", "arg": "stop"})])),
    st.tuples(st.just("request"), st.integers(0, 3), st.sampled_from(REQUESTS)),
    st.tuples(st.just("wait"), st.sampled_from([0.1, 0.6, 2.1])),
    st.tuples(st.just("join")),
    st.tuples(st.just("leader-leaves")),
)


def neutral(page: Controller) -> Any:
    """The tab's model saved, each frame named as ``tab/frame`` (a tab names its own frames by their bare id)."""
    def named(data: Any) -> Any:
        if isinstance(data, list):
            return [named(each) for each in data]
        if not isinstance(data, dict):
            return data
        out = {key: named(value) for key, value in data.items()}
        frame = out.get("fields", {}).get("frame_id") if out.get("object") in ("Toast", "Dialog", "MenuView") else None
        if frame is not None and "/" not in frame:
            out["fields"]["frame_id"] = f"{page.election.tab}/{frame}"
        return out

    return named(saved.save(page.centre.state))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(steps, max_size=20), st.lists(steps, max_size=20), st.integers(1, 4))
def test_every_tab_s_centre_is_the_leader_s_whenever_it_joined_and_whoever_led(before: list[tuple], after: list[tuple],
                                                                               window: int):
    browser, opened = Browser(), iter("bcdefgh")
    browser.open("a").replica.window = window
    browser.run(0.1)
    for step in [*before, ("join",), *after]:
        pages = list(browser.tabs.values())
        if step[0] == "join" and len(pages) < 3:
            browser.open(next(opened)).replica.window = window
            browser.run(0.3)
        elif step[0] == "leader-leaves" and len(pages) > 1:
            browser.close(next(page.election.tab for page in pages if page.replica.leading))
            browser.run(NEGOTIATION_SECONDS + 0.2)
        elif step[0] == "wait":
            browser.run(step[1])
        elif step[0] in ("inbound", "on", "panel", "request"):
            page = pages[step[1] % len(pages)]
            name = page.election.tab
            if step[0] == "inbound":
                browser.send(name, Submitted("inbound", {"media": step[2]}))
            elif step[0] == "panel":
                browser.send(name, Submitted(*step[2]))
            elif step[0] == "request":
                browser.request(name, *step[2][:1], *step[2][1])
            else:
                centre = page.centre
                ids = sorted(centre.interactions, key=int)
                if ids:
                    interaction = centre.interactions[ids[step[3] % len(ids)]]
                    fields = {"id": interaction.interaction_id}
                    if interaction.chain is not None:
                        fields["arg"] = str(interaction.chain.handles[0])
                    browser.send(name, Submitted(step[2], fields))
    browser.run(1)
    pages = list(browser.tabs.values())
    assert sum(page.replica.leading for page in pages) == 1
    leader = next(page for page in pages if page.replica.leading)
    for page in pages:
        assert neutral(page) == neutral(leader), page.election.tab
        assert page.replica.seq == leader.replica.seq and len(page.replica.log) <= window
