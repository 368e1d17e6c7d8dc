"""Faults, sans-I/O (docs/THREAT-MODEL.md "Faults"): a frame removed or reloaded mid-traffic leaves nothing behind in
the host and costs the other frames nothing; a reload does not lift a quarantine; the host restarted under a live
client fails its pending calls at once ("Host restarted"), leaks nothing and serves the client again; the limits
on subscriptions, the inspector and the client's incoming JSON text."""
from __future__ import annotations

import json
from typing import Any

import pytest

import wwe
from tests import suite_counts
from tests.unit.hostile_support import TRUSTED, WILDCARD, Invariants, make_host, options, request, send, subscribe
from wwe.browser import PostMessageTransport, default_target
from wwe.testing import FakeBrowser, FakeProxy, ManualClock, MemoryTransport, MessageEvent, host_message
from workspace import Config, Host
from workspace.config import DEMO_EXTENSION_ORIGIN
from workspace.host import journal
from workspace.host.subscriptions import MAX_SUBSCRIPTIONS_PER_FRAME
from workspace.testing import DEFAULT_SCENARIO, WALL_START
from wwe.wire import limits

FAULTS = suite_counts.Tally(suite_counts.FAULTS)


def broadcast(n: int, sender: str = "f1") -> dict[str, Any]:
    return request("messenger.broadcastMessage", "ops", {"n": n}, ref=f"b{n}", frameId=sender)


def received(outs: list, frame_id: str) -> list[int]:
    return [m["data"]["n"] for out in outs for f, m in out if f == frame_id and m.get("event") == "messenger:ops"]


# -- a frame removed or reloaded in the middle of its traffic ---------------------------------------------------------

def test_a_frame_removed_mid_traffic_leaves_nothing_in_the_host_and_the_others_get_everything():
    host, _ = make_host()
    checks = Invariants(host)
    for frame_id, origin in (("f1", TRUSTED), ("f4", WILDCARD)):
        send(host, checks, frame_id, origin, subscribe(["messenger:ops", "interaction"], ref=f"s-{frame_id}"))
    assert host.held_for("f1") == {"attached": True, "subscriptions": [["interaction", "messenger:ops"]],
                                   "frameIdRepeated": True}
    outs = [send(host, checks, "f4", WILDCARD, broadcast(n, "f4")) for n in range(50)]
    outs += [send(host, checks, "f1", TRUSTED, broadcast(n)) for n in range(50, 60)]
    host.detach_frame("f1")  # the iframe is removed while its requests and their events are in flight
    FAULTS["frame removed"] += 1
    late = [host.receive("f1", TRUSTED, broadcast(n)) for n in range(60, 70)]  # posted before it went
    outs += [send(host, checks, "f4", WILDCARD, broadcast(n, "f4")) for n in range(70, 120)]

    assert host.held_for("f1") == {"attached": False, "subscriptions": [], "frameIdRepeated": False}
    assert late == [[]] * 10 and {e.verdict for e in host.inspector if e.direction == "in" and e.frame_id == "f1"
                                  and e.message.get("referenceId", "").startswith("b6")} == {journal.UNKNOWN_FRAME}
    expected = [*range(60), *range(70, 120)]
    suite_counts.lost(len(expected), len(received(outs, "f4")))
    assert received(outs, "f4") == expected  # all of them, in order, none of the removed frame's late ones
    assert all(f != "f1" for out in outs[60:] for f, _ in out)
    assert host.model.snapshot()["interactions"] == []  # nothing pending in the model either
    checks.check_state()


def test_a_reloaded_frame_is_a_new_frame_and_keeps_only_its_views_rate_limit():
    host, clock = make_host(options(**{"service-client-api.rate-limit.agent.getState": 2,
                                       "service-client-api.rate-limit-quarantine-delay": 30}))
    host.detach_frame("f1")
    host.attach_frame("view-1", TRUSTED, "Dashboard")
    host.receive("view-1", TRUSTED, subscribe(["agent"]))
    replies = [host.receive("view-1", TRUSTED, request("agent.getState", ref=str(n))) for n in range(3)]
    assert [("errorMessage" in out[-1].message) for out in replies] == [False, False, True]  # quarantined now

    host.detach_frame("view-1")  # the extension reloads itself...
    out = host.attach_frame("view-2", TRUSTED, "Dashboard")  # ...and its view's iframe loads a new page
    FAULTS["frame reloaded"] += 1
    assert [m for _, m in out] == [{"frameId": "view-2", "userAgent": "WWE Server", "protocolVersion": 2}]
    assert host.held_for("view-1") == {"attached": False, "subscriptions": [], "frameIdRepeated": False}
    assert host.held_for("view-2")["subscriptions"] == []  # it subscribes again itself
    assert host.receive("view-2", TRUSTED, request("agent.getState", ref="1")) == []  # still quarantined
    clock.advance(31)
    clock.wall += 60  # the next minute: a new window, the quarantine over
    assert "data" in host.receive("view-2", TRUSTED, request("agent.getState", ref="2"))[-1].message
    assert host.receive("view-1", TRUSTED, request("agent.get", ref="3")) == []  # the old frame is nobody


# -- the sipEndpoint.* aliases share the limit of the voice request they are ---------------------------------------

@pytest.mark.parametrize("first", ["voice.muteMicrophone", "sipEndpoint.muteMicrophone"])
def test_an_alias_counts_against_the_rate_limit_of_the_request_it_is(first):
    host, _ = make_host(options(**{"service-client-api.rate-limit.voice.muteMicrophone": 2}))
    other = "sipEndpoint.muteMicrophone" if first.startswith("voice") else "voice.muteMicrophone"
    outs = [host.receive("f1", TRUSTED, request(name, ref=str(n)))
            for n, name in enumerate([first, other, other, first, other])]
    assert ["data" in out[-1].message for out in outs[:2]] == [True, True]
    assert outs[2][-1].message["errorMessage"] == (
        "The rate limit for the request 'voice.muteMicrophone' has been reached.\n"
        "Further requests of the same type will be ignored for 60 seconds.")
    assert outs[3:] == [[], []]  # both spellings are quarantined
    suite_counts.TRIED[suite_counts.BYPASS] += 3
    assert host.model.aliases == {f"sipEndpoint.{n}": f"voice.{n}" for n in (
        "isMicrophoneMute", "muteMicrophone", "unmuteMicrophone", "isSpeakerMute", "muteSpeaker", "unmuteSpeaker")}


# -- subscriptions per frame ------------------------------------------------------------------------------------------

def test_subscriptions_per_frame_are_capped_with_a_clear_error():
    host, _ = make_host()
    ids = []
    for n in range(MAX_SUBSCRIPTIONS_PER_FRAME):
        ids.append(host.receive("f1", TRUSTED, subscribe(f"messenger:c{n}", ref=f"s{n}"))[-1].message["subscriptionId"])
    over = host.receive("f1", TRUSTED, subscribe("agent", ref="over"))
    suite_counts.TRIED[suite_counts.HOSTILE] += MAX_SUBSCRIPTIONS_PER_FRAME + 1
    assert [m for _, m in over] == [{
        "request": "subscribe", "referenceId": "over", "userAgent": "WWE Server", "protocolVersion": 2,
        "errorMessage": f"Too many subscriptions: a frame may hold {MAX_SUBSCRIPTIONS_PER_FRAME}; unsubscribe first."}]
    assert host.inspector[-2].verdict == journal.ERROR
    assert len(host.held_for("f1")["subscriptions"]) == MAX_SUBSCRIPTIONS_PER_FRAME
    assert "subscriptionId" in host.receive("f4", WILDCARD, subscribe("agent", ref="other"))[-1].message  # per frame
    host.receive("f1", TRUSTED, {"event": "unsubscribe", "data": ids[0], "referenceId": "u", "userAgent": "WWE Client",
                                 "protocolVersion": 2})
    assert "subscriptionId" in host.receive("f1", TRUSTED, subscribe("agent", ref="again"))[-1].message


# -- the inspector is bounded in characters as well as in entries ----------------------------------------------------

def test_the_inspector_keeps_at_most_max_inspector_chars_of_messages(monkeypatch):
    monkeypatch.setattr(journal, "MAX_INSPECTOR_CHARS", 50_000)
    host, _ = make_host()
    host.receive("f4", WILDCARD, subscribe("messenger:ops"))
    for n in range(40):  # each about 5,000 characters, sent to the host and by it to the subscriber
        host.receive("f1", TRUSTED, request("messenger.broadcastMessage", "ops", {"x": "y" * 5_000}, ref=str(n)))
    suite_counts.TRIED[suite_counts.HOSTILE] += 40
    kept = host.inspector
    assert sum(entry.chars for entry in kept) == host.journal.chars <= 50_000
    assert 8 <= len(kept) < 40 * 3  # the newest ones, several of them
    assert kept[-1].message["data"] == {"x": "y" * 5_000} and kept[-1].chars == len(json.dumps(kept[-1].message))
    incoming = [e for e in kept if e.direction == "in"]
    assert incoming[-1].message["referenceId"] == "39" and 5_000 < incoming[-1].chars < 5_200


def test_one_entry_larger_than_the_bound_is_kept_alone(monkeypatch):
    monkeypatch.setattr(journal, "MAX_INSPECTOR_CHARS", 1_000)
    host, _ = make_host()
    host.receive("f1", TRUSTED, request("messenger.broadcastMessage", "ops", {"x": "y" * 5_000}))
    assert [e.verdict for e in host.inspector] == [journal.FRAME_ID, journal.REPLY]  # the big request is gone
    host.receive("f1", TRUSTED, {"request": "agent.get", "parameters": ["y" * 5_000]})  # silent: no referenceId
    assert [e.verdict for e in host.inspector] == [journal.MALFORMED]  # the newest entry stays, alone


# -- the host restarted under a live client ---------------------------------------------------------------------------

class RestartingWorkspace:
    """A Workspace page with one client frame; the Workspace can stop (nothing answers) and come back as a new host
    (fresh state, the living frame attached again under a new id), as the simulator page's restart does."""

    def __init__(self) -> None:
        self.clock = ManualClock(1000.0)
        self.transport = MemoryTransport(self.receive, DEMO_EXTENSION_ORIGIN, self.clock)
        self.service = wwe.Service(self.transport, timeout=10.0)
        self.host: Host | None = None
        self.restarts = 0
        self.start()

    def start(self) -> None:
        self.restarts += 1
        self.frame_id = f"frame{self.restarts}"
        self.host = Host(Config.load(DEFAULT_SCENARIO), clock=self.clock.now,
                         wall_clock=lambda: WALL_START + self.clock.now())
        self.post(self.host.attach_frame(self.frame_id, DEMO_EXTENSION_ORIGIN, "Dashboard"))

    def stop(self) -> None:
        self.host = None

    def receive(self, message: dict, origin: str) -> list:
        if self.host is not None:  # a stopped Workspace answers nothing
            self.post(self.host.receive(self.frame_id, origin, message))
        return []

    def post(self, out: list) -> None:
        for _, message in out:
            self.transport.push(message)
        self.transport.flush()


def test_the_host_restarted_under_a_live_client_fails_its_pending_calls_and_serves_it_again():
    workspace = RestartingWorkspace()
    service, events, outcomes = workspace.service, [], []
    service.subscribe(["agent"], events.append)
    workspace.transport.flush()
    assert workspace.host.held_for("frame1")["subscriptions"] == [["agent"]]

    workspace.stop()
    FAULTS["host restarted"] += 1
    calls = [service.agent.getState(succeeded=outcomes.append, failed=outcomes.append) for _ in range(5)]
    assert len(service.pending) == 5 and len(service.core.pending) == 5
    workspace.start()  # the new Workspace tells the frame its new id: the client knows the old calls are lost
    assert outcomes == ["Host restarted"] * 5 and [call.state for call in calls] == ["failed"] * 5
    with pytest.raises(wwe.HostRestarted):
        calls[0].__await__().send(None)
    assert service.pending == () and service.core.pending == ()
    assert service.core.frame_id == "frame2"

    # the client subscribed again on its own: the new host's events reach the handler, calls are answered
    assert workspace.host.held_for("frame2")["subscriptions"] == [["agent"]]
    workspace.post(workspace.host.perform(lambda ctx: workspace.host.model.set_agent_state(ctx, "NotReady")))
    assert [e["data"]["eventType"] for e in events][-1:] == ["STATE_CHANGED"]
    answered = []
    service.agent.get(succeeded=answered.append)
    assert answered and answered[0]["data"]["username"]
    assert service.pending == () and workspace.clock.pending == []
    suite_counts.lost(5, len(outcomes))


def test_a_host_that_does_not_come_back_fails_the_calls_by_timeout_and_leaks_nothing():
    workspace = RestartingWorkspace()
    outcomes = []
    workspace.stop()
    FAULTS["host stopped"] += 1
    for _ in range(3):
        workspace.service.agent.get(succeeded=outcomes.append, failed=outcomes.append)
    workspace.clock.advance(10)
    assert outcomes == ["Request timeout"] * 3
    assert workspace.service.pending == () and workspace.service.core.pending == () and workspace.clock.pending == []


def test_the_same_frame_id_again_is_no_restart():
    """The host repeats the frameId once to a frame whose first message lacked it: nothing is failed."""
    core = wwe.ClientCore()
    core.receive(host_message(frameId="frame1"), 0.0)
    ref, _ = core.request("agent.get", [], 0.0)
    assert core.receive(host_message(frameId="frame1"), 0.0) == [wwe.core.FrameAssigned("frame1", False)]
    assert core.pending == (ref,)


# -- the client's incoming JSON text: limits before json.loads ------------------------------------------------------

class ClientPage:
    """An extension frame under a Workspace window, whose client decodes JSON texts with wire.limits.read_json."""

    def __init__(self) -> None:
        browser = FakeBrowser()
        self.browser = browser
        self.workspace = browser.window("https://wwe.example.com")
        self.ext = browser.window("https://ext.example.com", parent=self.workspace)
        self.transport = PostMessageTransport(self.ext, default_target(self.ext), "https://wwe.example.com",
                                              clock=ManualClock(), create_proxy=FakeProxy, encode=lambda m: m,
                                              decode=limits.read_json)
        self.service = wwe.Service(self.transport)

    def post(self, text: str) -> None:
        """The JSON text of a message from the Workspace window (what JSON.stringify gives the edge)."""
        self.ext.dispatch(MessageEvent(text, self.workspace.origin, self.ext.view(self.workspace)))


@pytest.mark.parametrize("text", [
    "[" * 100_000 + "]" * 100_000,                      # json.loads would kill Pyodide (this test runs there too)
    '{"userAgent": "WWE Server", "data": ' + "{\"a\": " * 300 + "1" + "}" * 301,
    json.dumps(host_message(referenceId="0", data="x" * limits.MAX_JSON_CHARS)),
    "not JSON",
])
def test_the_client_drops_a_text_over_the_limits_unparsed_and_goes_on(text):
    page = ClientPage()
    answers = []
    page.service.agent.getState(succeeded=answers.append)
    page.post(text)
    suite_counts.TRIED[suite_counts.HOSTILE] += 1
    assert page.transport.dropped == {"undecodable": 1}
    assert page.service.core.pending == ("0",)  # the call still waits: the refused text settled nothing
    page.post(json.dumps(host_message(request="agent.getState", referenceId="0", data={"state": "ok"})))
    assert answers == [{"request": "agent.getState", "data": {"state": "ok"}, "userAgent": "WWE Server",
                        "protocolVersion": 2}]


def test_the_client_limits_are_the_hosts():
    assert (limits.MAX_JSON_CHARS, limits.MAX_JSON_DEPTH) == (4_000_000, 256)  # one wire package for both roles
    deep = "[" * 257 + "]" * 257
    with pytest.raises(ValueError, match="nested 257 levels deep refused unread: the limit is 256"):
        limits.read_json(deep)
    assert limits.read_json_text(deep) == "<message nested 257 levels deep refused unread: the limit is 256>"
    assert limits.read_json("[" * 256 + "]" * 256) is not None


def test_the_counts_printed_by_another_run_are_read_back():
    """test_pyodide_core.py adds what the unit tests tried inside Pyodide to the run's own summary."""
    tried, found = suite_counts.parse("\n".join([
        "    hostile inputs tried on Host.receive: 1960 (edge 53, fuzz 1732)",
        "hostile inputs tried: 3249 · bypass attempts made: 355 · faults injected: 4 · requests made: 56717",
        "crashes: 0 · bypasses: 1 · lost messages: 2",
    ]))
    assert tried == {"hostile inputs tried": 3249, "bypass attempts made": 355, "faults injected": 4,
                     "requests made": 56717}
    assert found == {"crashes": 0, "bypasses": 1, "lost messages": 2}
