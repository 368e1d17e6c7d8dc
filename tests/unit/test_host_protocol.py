"""Host: frames, message validation, dispatch, replies, subscriptions, event routing, inspector."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from workspace import Config, Host, RequestError
from workspace.host import journal
from workspace.config import ConfigError

SPEC = json.loads((Path(__file__).resolve().parents[2] / "spec" / "scapi-spec.json").read_text(encoding="utf-8"))
ALL_REQUESTS = sorted(f"{ns}.{method}" for ns, body in SPEC["namespaces"].items() if ns != "(top-level)"
                      for method in body.get("methods", {}))
EXTENSION = "http://localhost:8001"
OTHER = "https://other.example"
SERVER = {"userAgent": "WWE Server", "protocolVersion": 2}


class FakeClock:
    """Monotonic and wall clocks the tests move by hand (wall starts on a minute boundary)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.wall = 1_700_000_040.0  # a whole minute

    def advance(self, seconds: float) -> None:
        self.now += seconds
        self.wall += seconds


class FakeModel:
    """A tiny contact centre answering every request name of the spec."""

    requests = [name for name in ALL_REQUESTS if name not in ("auth.getJwtToken", "system.getAllowedServices")]
    aliases: dict[str, str] = {}

    def __init__(self) -> None:
        self.user_data = {"Key1": "v1", "Key2": "v2", "Secret": "s"}
        self.calls: list[tuple[str, list[Any]]] = []
        self.ticks = 0

    def interaction(self) -> dict[str, Any]:
        return {"interactionId": "1", "state": "TALKING", "userData": self.user_data}

    def handle(self, request: str, parameters: list[Any], ctx: Any) -> Any:
        self.calls.append((request, parameters))
        if request == "agent.get":
            return {"employeeId": "5001", "username": "alovelace", "firstname": "Ada", "lastname": "Lovelace"}
        if request == "interaction.getInteractions":
            return [self.interaction()]
        if request == "interaction.getByInteractionId":
            if parameters != ["1"]:
                raise RequestError("Error: Interaction not found.")
            return self.interaction()
        if request == "interaction.setUserData":
            self.user_data.update(parameters[1])
            ctx.emit("interaction", {"eventType": "ATTACHED_DATA_CHANGED", "media": "voice",
                                     "interaction": self.interaction()})
            return None
        if request == "messenger.broadcastMessage":
            ctx.emit(f"messenger:{parameters[0]}", parameters[1])
            return None
        if request == "system.amIVisible":
            return ctx.frame.visible
        if request == "system.isFrameLeading":
            return ctx.frame.frame_state == "LEADING"
        if request == "system.isLastActiveFrame":
            return ctx.frame.last_active
        if request == "system.closeToast":
            raise ZeroDivisionError("model bug")
        if request == "agent.setState":
            ctx.emit("agent", {"eventType": "STATE_CHANGED", "mediaState": "READY"}, to=parameters[1])
            return None
        return {"request": request, "parameters": parameters, "frame": ctx.frame_id, "origin": ctx.origin}

    def tick(self, ctx: Any) -> None:
        self.ticks += 1
        ctx.emit("system", {"eventType": "REALTIME_CONNECTION", "state": "RECONNECTED"})


def make_host(options: dict[str, Any] | None = None, sections: dict[str, Any] | None = None,
              clock: FakeClock | None = None) -> tuple[Host, FakeModel, FakeClock]:
    main = {"service-client-api.accepted-web-content-origins": f"{EXTENSION} (*, auth.getJwtToken)"}
    main.update(options or {})
    config = Config.from_dict({"interaction-workspace": main, **(sections or {}),
                               "scenario": {"auth": {"jwt-secret": "test-secret"}}})
    clock = clock or FakeClock()
    model = FakeModel()
    host = Host(config, model=model, clock=lambda: clock.now, wall_clock=lambda: clock.wall)
    return host, model, clock


class Client:
    """Sends requests like the official client and keeps count of referenceIds."""

    def __init__(self, host: Host, frame_id: str = "f1", origin: str = EXTENSION, name: str = "Dashboard") -> None:
        self.host, self.frame_id, self.origin = host, frame_id, origin
        self.count = 0
        self.assigned = host.attach_frame(frame_id, origin, name)

    def next_ref(self) -> str:
        self.count += 1
        return str(self.count)

    def request(self, name: str, *parameters: Any, origin: str | None = None) -> list[tuple[str, dict]]:
        message = {"request": name, "parameters": list(parameters), "referenceId": self.next_ref(),
                   "userAgent": "WWE Client", "protocolVersion": 2, "frameId": self.frame_id}
        return self.host.receive(self.frame_id, origin or self.origin, message)

    def subscribe(self, names: Any) -> list[tuple[str, dict]]:
        message = {"event": "subscribe", "data": names, "referenceId": self.next_ref(),
                   "userAgent": "WWE Client", "protocolVersion": 2, "frameId": self.frame_id}
        return self.host.receive(self.frame_id, self.origin, message)

    def call(self, name: str, *parameters: Any) -> dict:
        """The single reply to one request."""
        (frame_id, reply), *events = self.request(name, *parameters)
        assert frame_id == self.frame_id
        return reply


def last_in(host: Host) -> journal.InspectorEntry:
    return [e for e in host.inspector if e.direction == "in"][-1]


# -- frames --------------------------------------------------------------------------------------------------

def test_attach_sends_the_frame_id_with_no_event_and_no_reference_id():
    host, _, _ = make_host()
    out = host.attach_frame("f1", EXTENSION, "Dashboard")
    assert out == [("f1", {"frameId": "f1", "userAgent": "WWE Server", "protocolVersion": 2})]
    assert host.inspector[-1].verdict == journal.FRAME_ID
    assert host.frames["f1"].name == "Dashboard" and host.frames["f1"].origin == EXTENSION


def test_frame_id_is_repeated_once_to_a_frame_that_did_not_get_it():
    """The frameId sent at attach time can reach a page before its Python listens: the first answered message
    without it brings it again, once."""
    host, _, _ = make_host()
    host.attach_frame("f1", EXTENSION, "Dashboard")
    request = {"request": "agent.get", "parameters": [], "userAgent": "WWE Client", "protocolVersion": 2}
    first = host.receive("f1", EXTENSION, {**request, "referenceId": "1"})
    assert first[0] == ("f1", {"frameId": "f1", "userAgent": "WWE Server", "protocolVersion": 2})
    assert first[1].message["referenceId"] == "1"
    second = host.receive("f1", EXTENSION, {**request, "referenceId": "2"})
    assert [o.message.get("referenceId") for o in second] == ["2"]


def test_frame_id_is_not_repeated_in_a_silence_or_to_a_frame_that_has_it():
    host, _, _ = make_host()
    host.attach_frame("f1", EXTENSION, "Dashboard")
    assert host.receive("f1", EXTENSION, {"request": "agent.get", "parameters": []}) == []  # malformed: silence
    out = host.receive("f1", EXTENSION, {"request": "agent.get", "parameters": [], "referenceId": "1", "frameId": "f1"})
    assert [o.message.get("referenceId") for o in out] == ["1"]


def test_attach_twice_and_non_string_ids_are_programming_errors():
    host, _, _ = make_host()
    host.attach_frame("f1", EXTENSION, "x")
    with pytest.raises(ValueError):
        host.attach_frame("f1", EXTENSION, "x")
    with pytest.raises(TypeError):
        host.attach_frame(7, EXTENSION, "x")  # type: ignore[arg-type]


@pytest.mark.parametrize(("mode", "visible"), [("tab", True), ("popup", True), ("background", False),
                                              ("hidden", False)])
def test_frame_visibility_defaults_from_the_view_mode(mode, visible):
    host, _, _ = make_host({"interaction.web-content": "View"},
                           {"View": {"url": f"{EXTENSION}/index.html", "mode": mode}})
    host.attach_frame("f1", EXTENSION, "View")
    assert host.frames["f1"].visible is visible


def test_frame_info_reaches_the_model():
    host, _, _ = make_host()
    client = Client(host)
    assert client.call("system.amIVisible")["data"] is True
    assert host.update_frame("f1", visible=False, last_active=False) == []
    assert client.call("system.amIVisible")["data"] is False
    assert client.call("system.isLastActiveFrame")["data"] is False


def test_frame_state_change_is_announced_to_system_subscribers_only():
    host, _, _ = make_host()
    a, b = Client(host, "a"), Client(host, "b")
    a.subscribe("system")
    assert host.update_frame("b", frame_state="NEGOTIATING") == []
    assert host.update_frame("a", frame_state="NEGOTIATING") == [
        ("a", {"event": "system", "data": {"frameState": "NEGOTIATING"}, **SERVER})]
    assert host.update_frame("a", frame_state="NEGOTIATING") == []  # no change, no event
    host.update_frame("a", frame_state="FOLLOWING")
    assert a.call("system.isFrameLeading")["data"] is False
    with pytest.raises(ValueError):
        host.update_frame("a", frame_state="LEADER")


def test_detach_forgets_frame_and_subscriptions():
    host, _, _ = make_host()
    a, b = Client(host, "a"), Client(host, "b")
    a.subscribe("messenger:chan")
    b.subscribe("messenger:chan")
    assert host.detach_frame("a") == []
    out = b.request("messenger.broadcastMessage", "chan", {"x": 1})
    assert [f for f, m in out if "event" in m] == ["b"]
    assert a.request("agent.get") == []
    assert last_in(host).verdict == journal.UNKNOWN_FRAME


# -- replies -------------------------------------------------------------------------------------------------

def test_success_reply_has_the_d1_shape():
    host, _, _ = make_host()
    client = Client(host)
    assert client.call("agent.getState") == {
        "request": "agent.getState", "referenceId": "1",
        "data": {"request": "agent.getState", "parameters": [], "frame": "f1", "origin": EXTENSION}, **SERVER}
    assert last_in(host).verdict == journal.ANSWERED


def test_model_error_reply_carries_the_exact_message():
    host, _, _ = make_host()
    client = Client(host)
    assert client.call("interaction.getByInteractionId", "9") == {
        "request": "interaction.getByInteractionId", "referenceId": "1",
        "errorMessage": "Error: Interaction not found.", **SERVER}
    assert last_in(host).verdict == journal.ERROR


def test_a_model_crash_becomes_an_error_reply():
    host, _, _ = make_host()
    reply = Client(host).call("system.closeToast", "t1")
    assert reply["errorMessage"] == \
        "Internal simulator error answering system.closeToast: ZeroDivisionError: model bug"
    assert "data" not in reply
    assert last_in(host).verdict == journal.ERROR
    assert "ZeroDivisionError: model bug (raised at " in last_in(host).note and " in handle)" in last_in(host).note


def test_unknown_request_gets_an_error_reply_d3():
    host, model, _ = make_host()
    reply = Client(host).call("agent.getStat")
    assert reply["errorMessage"] == "Unknown request 'agent.getStat'."
    assert reply["request"] == "agent.getStat" and model.calls == []


def test_the_host_answers_get_allowed_services_itself():
    host, model, _ = make_host({"service-client-api.accepted-web-content-origins":
                                f"{EXTENSION} (agent.*, system.getAllowedServices), {OTHER}"})
    reply = Client(host).call("system.getAllowedServices")
    assert reply["data"] == ["agent.get", "agent.getState", "agent.getStateList", "agent.setState",
                             "system.getAllowedServices"]
    other = Client(host, "o", OTHER).call("system.getAllowedServices")["data"]
    assert "auth.getJwtToken" not in other and len(other) == len(ALL_REQUESTS) - 1
    assert model.calls == []


def test_get_allowed_services_fails_for_an_unlisted_origin():
    host, _, _ = make_host()
    reply = Client(host, origin="http://evil.example").call("system.getAllowedServices")
    assert reply["errorMessage"] == ("The origin 'http://evil.example' is not allowed to use the "
                                     "Service Client API.")
    assert host.allowed_requests("http://evil.example") is None


def test_the_host_answers_get_jwt_token_itself_and_reuses_the_token():
    host, _, clock = make_host()
    client = Client(host)
    first = client.call("auth.getJwtToken")["data"]
    assert set(first) == {"expiration", "jwtToken"}
    clock.advance(3599)
    assert client.call("auth.getJwtToken")["data"] == first
    clock.advance(1)
    assert client.call("auth.getJwtToken")["data"] != first


def test_perform_and_tick_route_model_events():
    host, model, _ = make_host()
    client = Client(host)
    assert host.tick() == []
    client.subscribe(["system"])
    out = host.tick()
    assert out == [("f1", {"event": "system", "data": {"eventType": "REALTIME_CONNECTION", "state": "RECONNECTED"},
                           **SERVER})]
    assert host.perform(lambda ctx: ctx.emit("system", {"frameState": "LEADING"}, to="nobody")) == []
    assert model.ticks == 2


def test_context_of_a_simulator_action_has_no_caller():
    host, _, clock = make_host()
    seen = []
    host.perform(seen.append)
    ctx = seen[0]
    assert (ctx.frame_id, ctx.origin, ctx.frame, ctx.now, ctx.wall) == (None, None, None, clock.now, clock.wall)


# -- malformed messages ----------------------------------------------------------------------------------------

MALFORMED = [
    # (message, reply errorMessage or None when dropped)
    ("agent.get", None),
    (None, None),
    (["agent.get"], None),
    ({}, None),
    ({"referenceId": "1"}, "Malformed message: neither 'request' nor 'event'."),
    ({"request": "agent.get", "parameters": []}, None),
    ({"request": "agent.get", "parameters": [], "referenceId": 1}, None),
    ({"request": "agent.get", "parameters": {"a": 1}, "referenceId": "1"},
     "Malformed message: 'parameters' must be an array, got an object."),
    ({"request": "agent.get", "parameters": "Ready", "referenceId": "1"},
     "Malformed message: 'parameters' must be an array, got a string."),
    ({"request": "agent.get", "parameters": 0, "referenceId": "1"},
     "Malformed message: 'parameters' must be an array, got a number."),
    ({"request": "agent.get", "parameters": False, "referenceId": "1"},
     "Malformed message: 'parameters' must be an array, got a boolean."),
    ({"request": 5, "parameters": [], "referenceId": "1"}, "Malformed message: 'request' must be a non-empty string."),
    ({"request": "", "parameters": [], "referenceId": "1"}, "Malformed message: 'request' must be a non-empty string."),
    ({"event": "subscribe", "data": "agent"}, None),
    ({"event": "subscribe", "data": [], "referenceId": "1"},
     "Malformed message: 'data' of subscribe must be a name or a non-empty array of names."),
    ({"event": "subscribe", "data": ["agent", 3], "referenceId": "1"},
     "Malformed message: 'data' of subscribe must be a name or a non-empty array of names."),
    ({"event": "publish", "data": "x", "referenceId": "1"},
     "Malformed message: unknown event 'publish' (expected subscribe or unsubscribe)."),
    ({"event": "unsubscribe", "data": 5}, None),
]


@pytest.mark.parametrize(("message", "error"), MALFORMED)
def test_malformed_messages_are_answered_when_possible_else_dropped(message, error):
    host, model, _ = make_host()
    host.attach_frame("f1", EXTENSION, "x")
    out = host.receive("f1", EXTENSION, message)
    assert last_in(host).verdict == journal.MALFORMED
    if error is None:
        assert out == []
    else:
        assert len(out) == 1 and out[0].message["errorMessage"] == error
        assert out[0].message["referenceId"] == "1"
    assert model.calls == []


def test_malformed_reply_names_the_request_when_it_is_a_string():
    host, _, _ = make_host()
    host.attach_frame("f1", EXTENSION, "x")
    [(_, reply)] = host.receive("f1", EXTENSION, {"request": "agent.get", "parameters": {}, "referenceId": "r"})
    assert reply["request"] == "agent.get"


@pytest.mark.parametrize("frame_id", [None, "never-attached", 3])
def test_messages_from_unknown_frames_are_dropped(frame_id):
    host, model, _ = make_host()
    out = host.receive(frame_id, EXTENSION, {"request": "agent.get", "parameters": [], "referenceId": "1"})
    assert out == [] and model.calls == []
    assert last_in(host).verdict == journal.UNKNOWN_FRAME


# -- subscriptions and events ------------------------------------------------------------------------------------

def test_subscribe_reply_carries_a_subscription_id():
    host, _, _ = make_host()
    client = Client(host)
    [(_, reply)] = client.subscribe(["agent", "interaction"])
    assert reply == {"request": "subscribe", "referenceId": "1", "subscriptionId": "1",
                     "data": ["agent", "interaction"], **SERVER}
    [(_, reply)] = client.subscribe("messenger:my-channel")
    assert reply["subscriptionId"] == "2" and reply["data"] == ["messenger:my-channel"]


@pytest.mark.parametrize("name", ["agents", "messenger:", "Agent", "voice"])
def test_subscribe_naming_an_unknown_name_succeeds_and_the_inspector_marks_it(name):
    """D15: the known names are subscribed, the unknown one never receives an event, the inspector says so."""
    host, model, _ = make_host()
    client = Client(host)
    [(_, reply)] = client.subscribe(["agent", name])
    assert reply == {"request": "subscribe", "referenceId": "1", "subscriptionId": "1", "data": ["agent", name],
                     **SERVER}
    entry = last_in(host)
    assert (entry.verdict, entry.note) == (journal.ANSWERED, f"unknown event name {name!r}")
    assert [m["event"] for _, m in host.update_frame("f1", frame_state="FOLLOWING")] == []  # not subscribed to system


def test_subscribe_is_allowed_whatever_the_filter():
    host, _, _ = make_host({"service-client-api.accepted-web-content-origins": f"{EXTENSION} (voice.dial)"})
    [(_, reply)] = Client(host).subscribe("interaction")
    assert "subscriptionId" in reply


def test_subscribe_from_an_unlisted_origin_is_refused():
    host, _, _ = make_host()
    [(_, reply)] = Client(host, origin=OTHER).subscribe("agent")
    assert reply["errorMessage"] == f"The origin '{OTHER}' is not allowed to use the Service Client API."
    assert last_in(host).verdict == journal.REFUSED_ORIGIN


def test_events_go_to_subscribers_once_per_frame_after_the_reply():
    host, _, _ = make_host({"service-client-api.accepted-web-content-origins": f"{EXTENSION}, {OTHER}"})
    a, b, c = Client(host, "a"), Client(host, "b", OTHER), Client(host, "c")
    a.subscribe("messenger:news")
    a.subscribe(["messenger:news", "agent"])
    b.subscribe("messenger:news")
    c.subscribe("messenger:other")
    out = c.request("messenger.broadcastMessage", "news", {"foo": "A foo text.", "bar": 1234})
    assert out[0].frame_id == "c" and out[0].message["referenceId"] == "2"
    event = {"event": "messenger:news", "data": {"foo": "A foo text.", "bar": 1234}, **SERVER}
    assert out[1:] == [("a", event), ("b", event)]


def test_emit_to_one_frame_needs_its_subscription():
    host, _, _ = make_host()
    a, b = Client(host, "a"), Client(host, "b")
    a.subscribe("agent")
    b.subscribe("agent")
    out = a.request("agent.setState", "Ready", "b")
    assert [f for f, m in out if "event" in m] == ["b"]
    host.detach_frame("b")
    assert [f for f, m in a.request("agent.setState", "Ready", "b") if "event" in m] == []


def test_unsubscribe_stops_events_and_only_touches_own_subscriptions():
    host, _, _ = make_host()
    a, b = Client(host, "a"), Client(host, "b")
    [(_, reply)] = a.subscribe("system")
    sid = reply["subscriptionId"]
    assert host.receive("b", EXTENSION, {"event": "unsubscribe", "data": sid}) == []
    assert last_in(host).verdict == journal.ERROR
    assert len(host.tick()) == 1
    assert host.receive("a", EXTENSION, {"event": "unsubscribe", "data": sid}) == []
    assert last_in(host).verdict == journal.ANSWERED
    assert host.tick() == []
    host.receive("a", EXTENSION, {"event": "unsubscribe", "data": sid})
    assert last_in(host).verdict == journal.ERROR


# -- inspector ---------------------------------------------------------------------------------------------------

def test_inspector_logs_in_then_out_with_time_origin_frame_and_verdict():
    host, _, clock = make_host()
    client = Client(host)
    client.subscribe("interaction")
    client.request("interaction.setUserData", "1", {"Key1": "new"})
    entries = host.inspector[-3:]
    assert [(e.direction, e.verdict) for e in entries] == [("in", "answered"), ("out", "reply"), ("out", "event")]
    assert all(e.time == clock.wall and e.origin == EXTENSION and e.frame_id == "f1" for e in entries)
    assert entries[0].message["request"] == "interaction.setUserData"


def test_inspector_is_bounded(monkeypatch):
    monkeypatch.setattr(journal, "MAX_INSPECTOR_ENTRIES", 5)
    host, _, _ = make_host()
    client = Client(host)
    for _ in range(10):
        client.request("agent.get")
    assert len(host.inspector) == 5 and host.inspector[-1].direction == "out"


# -- configuration checked against the model's requests ------------------------------------------------------------

@pytest.mark.parametrize(("options", "error"), [
    ({"service-client-api.accepted-web-content-origins": f"{EXTENSION} (voice.dail)"},
     "service-client-api.accepted-web-content-origins: unknown request 'voice.dail' (did you mean 'voice.dial'?)"),
    ({"service-client-api.accepted-web-content-origins": f"{EXTENSION} (agnet.*)"},
     "service-client-api.accepted-web-content-origins: no request matches 'agnet.*' (did you mean 'agent.*'?)"),
    ({"service-client-api.rate-limit.voice.dail": 4},
     "service-client-api.rate-limit.voice.dail: unknown request 'voice.dail' (did you mean 'voice.dial'?)"),
])
def test_filters_and_rate_limits_must_name_known_requests(options, error):
    with pytest.raises(ConfigError) as raised:
        make_host(options)
    assert str(raised.value) == error


def test_inspector_exports_a_json_ready_session():
    host, _, _ = make_host()
    client = Client(host)
    client.call("agent.get")
    session = journal.export(host.inspector)
    assert json.loads(json.dumps(session)) == session
    assert [(e["direction"], e["verdict"]) for e in session] == [
        (journal.HOST, journal.DONE), ("out", journal.FRAME_ID), ("in", journal.ANSWERED), ("out", journal.REPLY)]
    assert session[0]["message"] == {"attach": "f1", "origin": EXTENSION, "name": "Dashboard"}
    assert session[2]["message"]["request"] == "agent.get" and session[2]["frame"] == "f1"
