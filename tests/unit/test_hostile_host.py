"""Bad input to the host never crashes it nor corrupts its state, and always gets the documented error or the
documented silence (docs/SIMULATOR.md "Security" and "Limits", docs/THREAT-MODEL.md).

The real contact centre sits behind the host. Every message goes through ``hostile_support.send``, which checks
the invariants after it: refusals leave the model untouched and cause no event, quarantine and unknown frames are
silent, replies only answer calls the frame made, no unreadable user-data key (or its value) is ever sent, the
user data of an existing interaction only changes on writable keys, interactions stay in known states, the
subscription table names attached frames only, the inspector stays bounded.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import suite_counts
from tests.unit import hostile_support as hs
from tests.unit.hostile_support import (CANARY, FILTERED, FRAMES, TRUSTED, UNLISTED, WILDCARD, Invariants, make_host,
                                        options, request, send, subscribe)
from workspace import RequestError
from workspace.host import journal
from wwe.methods import NAMESPACES, NUM, OBJ, STR, STR_OR_LIST, STR_OR_NUM, STR_OR_OBJ
from wwe.wire import limits
from wwe.wire.limits import (MAX_ECHOED_CHARS, MAX_JSON_CHARS, MAX_JSON_DEPTH, MAX_MESSAGE_CHARS, MAX_MESSAGE_DEPTH,
                             nesting_over, over_limits, read_json_text)

TRIED = suite_counts.Tally(suite_counts.HOSTILE)  # hostile inputs given to Host.receive, by family (printed at the end)
VERDICTS: Counter[str] = Counter()  # what the host said to the fuzzed messages


def deliver(host, checks, frame_id, origin, message, family):
    TRIED[family] += 1
    return send(host, checks, frame_id, origin, message)


def one(host, message, frame_id="f1", origin=TRUSTED, family="table"):
    """Send one message from a frame; returns (outgoing, verdict)."""
    checks = Invariants(host)
    out = deliver(host, checks, frame_id, origin, message, family)
    return out, host.inspector[-1 - len(out)].verdict


def error_of(out: list) -> str | None:
    replies = [m for _, m in out if "referenceId" in m]
    assert len(replies) <= 1
    return replies[0].get("errorMessage") if replies else None


# -- malformed messages: the documented reply when it can be answered, else silence ------------------------------

MALFORMED = [
    # non-objects: never answerable
    ("agent.get", None), (42, None), (3.5, None), (float("nan"), None), (True, None), (None, None), ([], None),
    ([request("agent.get")], None), (b"bytes", None), (object(), None), ({1, 2}, None),
    # missing or mistyped fields
    ({}, None),
    ({"referenceId": "1"}, "Malformed message: neither 'request' nor 'event'."),
    ({"request": "agent.get", "parameters": "[]", "referenceId": "1"},
     "Malformed message: 'parameters' must be an array, got a string."),
    ({"request": "agent.get", "parameters": {"0": "x"}, "referenceId": "1"},
     "Malformed message: 'parameters' must be an array, got an object."),
    ({"request": "agent.get", "parameters": []}, None),
    ({"request": "agent.get", "parameters": [], "referenceId": 1}, None),
    ({"request": "agent.get", "parameters": [], "referenceId": ["1"]}, None),
    ({"request": "agent.get", "parameters": [], "referenceId": None}, None),
    ({"request": 5, "parameters": [], "referenceId": "1"}, "Malformed message: 'request' must be a non-empty string."),
    ({"request": ["agent.get"], "parameters": [], "referenceId": "1"},
     "Malformed message: 'request' must be a non-empty string."),
    ({"request": "", "parameters": [], "referenceId": "1"}, "Malformed message: 'request' must be a non-empty string."),
    ({"event": "subscribe", "data": 5, "referenceId": "1"},
     "Malformed message: 'data' of subscribe must be a name or a non-empty array of names."),
    ({"event": "subscribe", "data": [["agent"]], "referenceId": "1"},
     "Malformed message: 'data' of subscribe must be a name or a non-empty array of names."),
    ({"event": "subscribe", "data": "agent", "referenceId": 7}, None),
    ({"event": 7, "referenceId": "1"}, "Malformed message: unknown event 7 (expected subscribe or unsubscribe)."),
    ({"event": {"x": 1}, "referenceId": "1"},
     "Malformed message: unknown event {'x': 1} (expected subscribe or unsubscribe)."),
    ({"event": "x" * 500, "referenceId": "1"},
     f"Malformed message: unknown event '{'x' * 58}… (expected subscribe or unsubscribe)."),
    ({"event": "unsubscribe", "data": None}, None),
    ({"event": "unsubscribe", "data": ["1"], "referenceId": "1"}, None),
]


@pytest.mark.parametrize(("message", "error"), MALFORMED, ids=range(len(MALFORMED)))
def test_malformed_messages_get_the_documented_reply_or_silence(message, error):
    host, _ = make_host()
    out, verdict = one(host, message)
    assert verdict == journal.MALFORMED
    assert error_of(out) == error
    if error is None:
        assert out == []


UNKNOWN_NAMES = ["agent.gett", "Agent.get", "agent.get ", " agent.get", "agent", "agent.", ".get", "agent..get",
                 "__proto__", "constructor", "prototype", "agent.__proto__", "toString", "hasOwnProperty",
                 "agent.get\u0000", "agent.get\u200b", "ａｇｅｎｔ.get", "auth.getJwtToken\n", "auth.*", "*", "agent.*",
                 "subscribe", "unsubscribe", "x" * 1000]


@pytest.mark.parametrize("name", UNKNOWN_NAMES, ids=range(len(UNKNOWN_NAMES)))
def test_unknown_requests_get_an_error_reply_and_reach_nothing(name):
    host, _ = make_host()
    out, verdict = one(host, request(name))
    assert verdict == journal.ERROR and error_of(out) == f"Unknown request '{name}'."


WRONG_PARAMETERS = [
    (("agent.get", "extra"), "Error: Too many parameters for 'agent.get': expected at most 0, got 1."),
    (("agent.setState",), "Error: Missing parameter 'stateOperationName'."),
    (("agent.setState", ["Ready"]), "Error: Invalid parameter 'stateOperationName': expected a string."),
    (("agent.setState", None), "Error: Missing parameter 'stateOperationName'."),
    (("interaction.setUserData",), "Error: Missing parameter 'interactionId'."),
    (("interaction.setUserData", "1"), "Error: Missing parameter 'keyValues'."),
    (("interaction.setUserData", 1, {"Key1": "v"}), "Error: Invalid parameter 'interactionId': expected a string."),
    (("interaction.setUserData", "1", "Key1=v"), "Error: Invalid parameter 'keyValues': expected an object."),
    (("interaction.setUserData", "1", ["Key1"]), "Error: Invalid parameter 'keyValues': expected an object."),
    (("interaction.setUserData", "1", {"Key1": "v"}, "extra"),
     "Error: Too many parameters for 'interaction.setUserData': expected at most 2, got 3."),
    (("interaction.deleteUserData", "1", 5), "Error: Invalid parameter 'key': expected a string."),
    (("voice.dial", None, {}), "Error: Missing parameter 'destination'."),
    (("voice.dial", {"destination": "5002"}, {}), "Error: Invalid parameter 'destination': expected a string."),
    (("outbound.callPreviewRecord", "1", "12"), "Error: Invalid parameter 'recordHandle': expected an integer."),
    (("outbound.callPreviewRecord", "1", 1.5), "Error: Invalid parameter 'recordHandle': expected an integer."),
    (("outbound.callPreviewRecord", "1", True), "Error: Invalid parameter 'recordHandle': expected an integer."),
    (("system.popupToast", "hello"), "Error: Invalid parameter 'parameters': expected an object."),
    (("messenger.broadcastMessage", "news", "text"), "Error: Invalid parameter 'message': expected an object."),
]


@pytest.mark.parametrize(("call", "error"), WRONG_PARAMETERS, ids=range(len(WRONG_PARAMETERS)))
def test_wrong_parameter_counts_and_types_are_refused_before_the_model_acts(call, error):
    host, _ = make_host()
    out, verdict = one(host, request(*call))
    assert verdict == journal.ERROR and error_of(out) == error


# -- limits -----------------------------------------------------------------------------------------------------

def json_length(message: Any) -> int:
    return len(json.dumps(message, ensure_ascii=False, separators=(",", ":")))


def broadcast_of_length(length: int, ref: str = "1") -> dict[str, Any]:
    """A messenger.broadcastMessage request whose JSON text is exactly ``length`` characters."""
    message = request("messenger.broadcastMessage", "news", {"blob": ""}, ref=ref)
    message["parameters"][1]["blob"] = "x" * (length - json_length(message))
    assert json_length(message) == length
    return message


def nested(depth: int, leaf: Any = 1) -> Any:
    """A list nested ``depth`` levels deep (built without recursion)."""
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


def broadcast_of_depth(depth: int) -> dict[str, Any]:
    """A request whose nesting depth is ``depth`` (the message is level 1, parameters 2, the payload 3...)."""
    return request("messenger.broadcastMessage", "news", {"deep": nested(depth - 3)})


def test_limits_are_one_place_and_the_browser_edge_uses_them():
    assert (MAX_MESSAGE_CHARS, MAX_MESSAGE_DEPTH, MAX_JSON_CHARS, MAX_JSON_DEPTH, MAX_ECHOED_CHARS) == (
        1_000_000, 32, 4_000_000, 256, 256)
    source = Path(journal.__file__).parents[1] / "browser.py"
    assert "read_json_text(text)" in source.read_text(encoding="utf-8")


def test_a_message_of_exactly_the_size_limit_is_handled_and_one_character_more_is_refused_with_a_reply():
    host, _ = make_host()
    send(host, Invariants(host), "f2", FILTERED, subscribe("messenger:news"))
    out, verdict = one(host, broadcast_of_length(MAX_MESSAGE_CHARS), family="limits")
    assert verdict == journal.ANSWERED and [f for f, m in out if "event" in m] == ["f2"]
    out, verdict = one(host, broadcast_of_length(MAX_MESSAGE_CHARS + 1, ref="2"), family="limits")
    assert verdict == journal.MALFORMED and [f for f, _ in out] == ["f1"]
    assert out[0].message == {"request": "messenger.broadcastMessage", "referenceId": "2",
                              "errorMessage": f"Malformed message: larger than {MAX_MESSAGE_CHARS} characters.",
                              "userAgent": "WWE Server", "protocolVersion": 2}
    assert host.inspector[-2].message == f"<message refused unread: larger than {MAX_MESSAGE_CHARS} characters>"


def test_a_message_at_the_depth_limit_is_handled_and_one_level_more_is_refused_with_a_reply():
    host, _ = make_host()
    assert over_limits(broadcast_of_depth(MAX_MESSAGE_DEPTH)) is None
    out, verdict = one(host, broadcast_of_depth(MAX_MESSAGE_DEPTH), family="limits")
    assert verdict == journal.ANSWERED
    out, verdict = one(host, broadcast_of_depth(MAX_MESSAGE_DEPTH + 1), family="limits")
    assert verdict == journal.MALFORMED
    assert error_of(out) == f"Malformed message: nested deeper than {MAX_MESSAGE_DEPTH} levels."


@pytest.mark.parametrize("depth", [1_000, hs.VERY_DEEP])
def test_very_deep_messages_are_refused_without_recursion(depth):
    host, _ = make_host()
    for message in (nested(depth), {"request": "agent.get", "parameters": nested(depth), "referenceId": "1"},
                    {"event": "subscribe", "data": nested(depth), "referenceId": "1"}):
        out, verdict = one(host, message, family="limits")
        assert verdict == journal.MALFORMED
        assert error_of(out) in (None, f"Malformed message: nested deeper than {MAX_MESSAGE_DEPTH} levels.")
        assert isinstance(host.inspector[-1 - len(out)].message, str)  # a stand-in: the page never renders it


def test_a_message_that_contains_itself_is_refused():
    host, _ = make_host()
    loop: dict[str, Any] = request("agent.get")
    loop["parameters"].append(loop)
    out, verdict = one(host, loop, family="limits")
    assert verdict == journal.MALFORMED
    assert error_of(out) == f"Malformed message: nested deeper than {MAX_MESSAGE_DEPTH} levels."


@pytest.mark.parametrize(("message", "answered"), [
    ("x" * (MAX_MESSAGE_CHARS + 1), False),                                           # not an object: silence
    ([0] * (MAX_MESSAGE_CHARS * 2), False),                                           # counted, not walked
    ({"referenceId": "r" * (MAX_ECHOED_CHARS + 1), "request": "agent.get",
      "parameters": ["x" * MAX_MESSAGE_CHARS]}, False),                               # referenceId too long to echo
    ({"referenceId": "r" * MAX_ECHOED_CHARS, "request": "agent.get", "parameters": ["x" * MAX_MESSAGE_CHARS]}, True),
    ({"referenceId": "x" * MAX_MESSAGE_CHARS, "request": "agent.get", "parameters": []}, False),  # the huge part
    ({"event": "unsubscribe", "data": "1" * MAX_MESSAGE_CHARS, "referenceId": "1"}, False),      # never answered
    ({"event": "subscribe", "data": ["agent"] * MAX_MESSAGE_CHARS, "referenceId": "1"}, True),
    ({"request": "agent.get", "parameters": [10 ** MAX_MESSAGE_CHARS], "referenceId": "1"}, True),  # no str() of it
    ({"request": "agent.get", "parameters": [], "referenceId": "1", "k" * MAX_MESSAGE_CHARS: 1}, True),
], ids=["string", "long-array", "long-reference", "short-reference", "reference-itself", "unsubscribe", "subscribe",
        "huge-int", "huge-key"])
def test_oversize_messages_are_answered_only_when_the_reply_stays_small(message, answered):
    host, _ = make_host()
    out, verdict = one(host, message, family="limits")
    assert verdict == journal.MALFORMED
    if answered:
        [(_, reply)] = out
        assert reply["errorMessage"] == f"Malformed message: larger than {MAX_MESSAGE_CHARS} characters."
        assert reply["request"] == ("subscribe" if message.get("event") == "subscribe" else "agent.get")
        assert json_length(reply) < 2 * MAX_ECHOED_CHARS
    else:
        assert out == []


def test_oversize_messages_from_unknown_frames_and_unlisted_origins():
    host, _ = make_host()
    big = broadcast_of_length(MAX_MESSAGE_CHARS + 1)
    out, verdict = one(host, big, frame_id=None, family="limits")
    assert (out, verdict) == ([], journal.UNKNOWN_FRAME)
    assert isinstance(host.inspector[-1].message, str)  # the log never keeps an oversize message
    out, verdict = one(host, big, frame_id="f3", origin=UNLISTED, family="limits")
    assert verdict == journal.MALFORMED  # limits come before the origin check: nothing of it is read
    assert error_of(out).startswith("Malformed message: larger than")


@settings(max_examples=40 if hs.IN_PYODIDE else 150, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
                    | st.text(max_size=20),
                    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=5), children,
                                                                                      max_size=5),
                    max_leaves=40),
       st.integers(min_value=2, max_value=300), st.integers(min_value=1, max_value=8))
def test_the_size_and_depth_measure_agree_with_json(value, limit, depth_limit):
    """With small limits, over_limits refuses exactly the values whose compact JSON is longer, or deeper."""
    TRIED["measure"] += 1
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    depth, deepest, stack = 0, 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, level)
            stack.extend((v, level + 1) for v in (item.values() if isinstance(item, dict) else item))
    with mock.patch.object(limits, "MAX_MESSAGE_CHARS", limit), \
            mock.patch.object(limits, "MAX_MESSAGE_DEPTH", depth_limit):
        verdict = over_limits(value)
    if deepest > depth_limit:
        assert verdict is not None  # too deep (or too long, whichever the walk met first)
    elif len(text) > limit:
        assert verdict == f"larger than {limit} characters"
    else:
        assert verdict is None


# -- the JSON text at the browser edge: json.loads never sees a text it could die of ----------------------------------

def test_a_deeply_nested_text_is_refused_before_json_loads():
    """In Pyodide, json.loads of a text nested about 8,000 deep kills the interpreter (a JavaScript stack overflow,
    not a RecursionError): 16 KB posted by any window would stop the simulator. This test runs in Pyodide too."""
    for depth in (MAX_JSON_DEPTH + 1, 8_000, 100_000):
        text = "[" * depth + "]" * depth
        assert read_json_text(text) == (f"<message nested {depth} levels deep refused unread: "
                                        f"the limit is {MAX_JSON_DEPTH}>")
        TRIED["edge"] += 1
    text = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert isinstance(read_json_text(text), list)
    host, _ = make_host()
    out, verdict = one(host, read_json_text(json.dumps(request("agent.get", nested(MAX_JSON_DEPTH - 3)))),
                       family="edge")
    assert verdict == journal.MALFORMED
    assert error_of(out) == f"Malformed message: nested deeper than {MAX_MESSAGE_DEPTH} levels."
    out, verdict = one(host, read_json_text("[" * 9_000 + "]" * 9_000), family="edge")
    assert (out, verdict) == ([], journal.MALFORMED)


@pytest.mark.parametrize(("text", "expected"), [
    ('"' + "[" * 300 + '"', "[" * 300),                              # brackets in strings are not nesting
    ('["' + "]" * 300 + '", ' + "[" * 300 + "]" * 300 + "]", None),  # ...nor do they hide it
    ('["\\\\", ' + "[" * 300 + "]" * 300 + "]", None),             # an escaped backslash ends no string
    ('["\\"' + "[" * 300 + '"]', ['"' + "[" * 300]),              # an escaped quote ends no string
    ('{"k' + "{" * 300 + '": 1}', {"k" + "{" * 300: 1}),
])
def test_the_text_nesting_ignores_brackets_inside_strings(text, expected):
    TRIED["edge"] += 1
    got = read_json_text(text)
    if expected is None:
        assert got == f"<message nested 301 levels deep refused unread: the limit is {MAX_JSON_DEPTH}>"
    else:
        assert got == expected


def test_the_edge_refuses_long_and_unreadable_texts():
    assert read_json_text("[" + "1," * (MAX_JSON_CHARS // 2) + "1]").startswith("<message of 4000003 characters")
    assert read_json_text("{'single': 'quotes'}").startswith("<unreadable message:")
    assert read_json_text("") .startswith("<unreadable message:")
    TRIED["edge"] += 3


@settings(max_examples=40 if hs.IN_PYODIDE else 200, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ab,:', max_size=8),
                    lambda children: st.lists(children, max_size=3)
                    | st.dictionaries(st.text(alphabet='[]{}"\\a', max_size=4), children, max_size=3),
                    max_leaves=30),
       st.integers(min_value=0, max_value=6))
def test_the_text_nesting_agrees_with_the_parsed_value(value, limit):
    TRIED["edge"] += 1
    depth, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (list, dict)):
            depth = max(depth, level)
            stack.extend((v, level + 1) for v in (item.values() if isinstance(item, dict) else item))
    for text in (json.dumps(value), json.dumps(value, ensure_ascii=False, separators=(",", ":"))):
        assert nesting_over(text, limit) == (depth if depth > limit else None)


# -- prototype-looking keys: plain keys, never special ------------------------------------------------------------

def test_proto_and_constructor_keys_are_plain_keys_that_write_allowed_refuses():
    host, _ = make_host()
    host.perform(lambda ctx: host.model.inbound_call(ctx))
    [call_id] = host.model.interactions
    for key in ("__proto__", "constructor", "prototype", "__proto__.polluted"):
        out, verdict = one(host, request("interaction.setUserData", call_id, {key: {"polluted": True}}))
        assert error_of(out) == f"Writing the user data key '{key}' is not allowed."
        out, verdict = one(host, request("interaction.deleteUserData", call_id, key))
        assert error_of(out) == f"Writing the user data key '{key}' is not allowed."
    assert set(host.model.interactions[call_id].user_data) == {"IW_CaseUid", "IW_BundleUid"}


def test_proto_keys_written_without_restriction_stay_plain_data_and_are_read_filtered():
    host, _ = make_host(options(**{"service-client-api.user-data.write-allowed": "*"}))
    checks = Invariants(host)
    send(host, checks, "f1", TRUSTED, subscribe("interaction"))
    host.perform(lambda ctx: host.model.inbound_call(ctx))
    call_id = next(iter(host.model.interactions))
    out = send(host, checks, "f1", TRUSTED, request("interaction.setUserData", call_id,
                                                    {"__proto__": {"isAdmin": True}, "Key1": "v"}, ref="2"))
    assert error_of(out) is None
    assert host.model.interactions[call_id].user_data["__proto__"] == {"isAdmin": True}
    for _, message in out:
        for _, user_data in hs.user_data_objects(message):
            assert "__proto__" not in user_data  # not in read-allowed
    assert {} == {}.__class__()  # nothing global changed (Python dicts have no prototype to pollute)


@pytest.mark.parametrize("names", ["__proto__", "constructor", ["agent", "toString"], "messenger", "messenger:",
                                   "Agent", "interaction ", ""])
def test_subscribing_to_odd_names_succeeds_marked_and_delivers_nothing_to_them(names):
    """D15: odd names are subscribed (they never receive an event) and the inspector marks each."""
    host, _ = make_host()
    out, verdict = one(host, subscribe(names))
    odd = [n for n in ([names] if isinstance(names, str) else names) if n != "agent"]
    assert verdict == journal.ANSWERED and error_of(out) is None
    note = host.inspector[-1 - len(out)].note
    assert note == "; ".join(f"unknown event name {n!r}" for n in odd)
    events = host.perform(lambda ctx: host.model.inbound_call(ctx))  # interaction events: no frame wants them
    assert events == []


@pytest.mark.parametrize("names", [["agent", None], [], [3], {"agent": 1}, None, 7])
def test_a_subscribe_with_no_name_or_a_name_that_is_no_string_is_malformed_and_changes_nothing(names):
    host, _ = make_host()
    out, verdict = one(host, subscribe(names))
    assert verdict == journal.MALFORMED
    assert error_of(out) == "Malformed message: 'data' of subscribe must be a name or a non-empty array of names."
    assert host.subscriptions.held == {}


def test_a_messenger_channel_may_be_called_proto_and_its_payload_passes_untouched():
    host, _ = make_host()
    checks = Invariants(host)
    send(host, checks, "f2", FILTERED, subscribe("messenger:__proto__"))
    payload = {"__proto__": {"x": 1}, "constructor": "y", "userData": {"Secret": "app data"}}
    out = send(host, checks, "f1", TRUSTED, request("messenger.broadcastMessage", "__proto__", payload))
    assert [(f, m["data"]) for f, m in out if "event" in m] == [("f2", payload)]


def test_unsubscribing_a_proto_id_is_silent():
    host, _ = make_host()
    out, verdict = one(host, {"event": "unsubscribe", "data": "__proto__"})
    assert (out, verdict) == ([], journal.ERROR)


# -- replayed referenceIds: answered again (like Workspace), still counted by the rate limits ---------------------

def test_a_replayed_reference_id_is_answered_again_and_counted():
    host, clock = make_host(options(**{"service-client-api.rate-limit.agent.getState": 2}))
    checks = Invariants(host)
    replies = [send(host, checks, "f1", TRUSTED, request("agent.getState", ref="7")) for _ in range(4)]
    assert ["data" in r[-1].message for r in replies[:2]] == [True, True]
    assert replies[2][-1].message["errorMessage"].startswith("The rate limit for the request 'agent.getState'")
    assert replies[3] == []
    assert all(r[-1].message["referenceId"] == "7" for r in replies[:3])


def test_a_reference_id_replayed_by_another_frame_is_answered_to_that_frame_only():
    host, _ = make_host()
    checks = Invariants(host)
    send(host, checks, "f1", TRUSTED, request("agent.get", ref="42"))
    out = send(host, checks, "f2", FILTERED, request("agent.get", ref="42"))
    assert [f for f, m in out if "referenceId" in m] == ["f2"]


# -- unlisted origins and unknown frames ------------------------------------------------------------------------

@pytest.mark.parametrize("message", [request("agent.get"), request("auth.getJwtToken"), subscribe("agent"),
                                     request("system.getAllowedServices")])
def test_an_unlisted_origin_gets_the_origin_error_and_nothing_else(message):
    host, _ = make_host()
    out, verdict = one(host, message, frame_id="f3", origin=UNLISTED)
    assert verdict == journal.REFUSED_ORIGIN
    assert error_of(out) == f"The origin '{UNLISTED}' is not allowed to use the Service Client API."


@pytest.mark.parametrize("origin", [None, 5, ["https://ext-a.example"], "", "null", " ", "https://ext-a.example\x00"])
def test_origins_that_are_not_origins_are_refused(origin):
    host, _ = make_host()
    out, verdict = one(host, request("agent.get"), origin=origin)
    assert verdict == journal.REFUSED_ORIGIN
    assert error_of(out) == f"The origin '{origin}' is not allowed to use the Service Client API."


@pytest.mark.parametrize("frame_id", [None, "f9", "", "F1", " f1", 1, ("f1",), ["f1"], {"f1": 1}])
def test_messages_from_unknown_frames_are_silent_whatever_they_claim(frame_id):
    host, _ = make_host()
    message = request("auth.getJwtToken", frameId="f1")
    out, verdict = one(host, message, frame_id=frame_id)
    assert (out, verdict) == ([], journal.UNKNOWN_FRAME)


def test_a_detached_frame_is_unknown_and_loses_its_subscriptions():
    host, _ = make_host()
    checks = Invariants(host)
    send(host, checks, "f1", TRUSTED, subscribe(["agent", "interaction"]))
    host.detach_frame("f1")
    out = send(host, checks, "f1", TRUSTED, request("agent.get", ref="2"))
    assert out == [] and host.subscriptions.held == {}
    assert host.perform(lambda ctx: host.model.inbound_call(ctx)) == []


# -- fuzz: thousands of messages from the grammar of the real requests, and garbage ------------------------------

# Values are mostly drawn from pools (one draw each: generation, not the host, is what costs time here).
KEYS = ["Key1", "Key2", "Key3", "Secret", "key1", "KEY1", "Ｋｅｙ1", "Key1\u200d", "Ke\u0443", "__proto__", "constructor",
        "IW_CaseUid", "IW_BundleUid", "userData", "", " Key1"]
SCALARS = [None, True, False, 0, 1, -1, 1.5, -0.0, 2 ** 53, 1e308, "", " ", "x" * 300, "²", "٣", "\u0000", "1", "2",
           "Ready", "__proto__", "constructor", "visible", CANARY[:6]]
ODD = SCALARS + [[], [[[]]], {}, {"__proto__": {"isAdmin": True}}, {"Key1": None}, [1, "a", None], ["1"],
                 {"a": {"b": {"c": [1]}}}, {"name": 5}, {"userData": {"Secret": "x", "Key1": "y"}},
                 {"type": "AGENT"}, [{"text": "OK"}], {"constructor": {"prototype": {}}}]
json_values = st.sampled_from(ODD) | st.recursive(st.none() | st.integers() | st.text(max_size=4),
                                                  lambda children: st.lists(children, max_size=2)
                                                  | st.dictionaries(st.sampled_from(KEYS), children, max_size=2),
                                                  max_leaves=4)
key_values = st.dictionaries(st.sampled_from(KEYS), st.sampled_from(SCALARS), max_size=3)
short_text = st.sampled_from(["", "x", "1", "Ready", "__proto__", "a b", "é", "x" * 100]) | st.text(max_size=3)
ids = st.sampled_from(["1", "2", "3", "4", "5", "6", "7", "8", "0", "", "01"])
BY_NAME = {
    "interactionId": ids, "consultInteractionId": ids, "caseId": short_text,
    "stateOperationName": st.sampled_from(["Ready", "NotReady", "NotReadyBreak", "DndOn", "Logout", "OUT_OF_SERVICE"]),
    "name": st.sampled_from(["voice", "chat", "email", "View1", {"name": "View1"}]),
    "destination": st.sampled_from(["5002", "+15551234567", "kate.smith@example.com", "12", ""]),
    "campaignName": st.sampled_from(["Offer of the Month", "Renewals", "Win Back", "Nope"]),
    "recordHandle": st.integers(0, 12), "callResult": st.sampled_from([0, 6, 28, 52, 60, "6", "52", "x", "-1", 1.5]),
    "rescheduleDate": st.sampled_from(["01/01/2099 10:00", "13/45/2020 99:99", ""]),
    "callbackType": st.sampled_from(["CAMPAIGN", "PERSONAL", "x"]),
    "key": st.sampled_from(KEYS), "keyValues": key_values, "userData": key_values, "extensions": key_values,
    "channel": st.sampled_from(["news", "__proto__", ""]),
    "options": st.sampled_from(["voice.*", "interaction.case-data.frame-color", "CustomSection/*", "*", ["voice.*", "x"],
                                []]),
    "targetQuery": st.sampled_from(["5002", "+15551234567", {"type": "AGENT", "destination": "5002"},
                                    {"target": "CUSTOM_CONTACT", "destination": "+15551234567", "media": "voice"},
                                    {"type": "x"}]),
    "dialogId": st.sampled_from(["wweCustomDialog1", "x"]), "id": st.sampled_from(["wweCustomToast0", "x"]),
    "url": st.sampled_from(["https://ext-a.example/d.html", "javascript:alert(1)", ""]),
    "parameters": st.dictionaries(st.sampled_from(["title", "message", "buttons", "autoCloseTimeout", "name", "label",
                                                   "iconUrl", "width", "keyValues", "buttonShowDismiss"]), json_values,
                                  max_size=3),
    "warningMessage": short_text, "recordData": key_values | short_text,
}
BY_KIND = {STR: short_text, NUM: st.sampled_from([0, 1, 2, 5, -1, 1.5, 1e308]), OBJ: key_values,
           STR_OR_OBJ: short_text | key_values, STR_OR_LIST: short_text, STR_OR_NUM: st.sampled_from([0, 6, "6", "x"])}
SIGNATURES = {f"{ns}.{name}": method.params for ns, table in NAMESPACES.items() for name, method in table.items()}
SIGNATURES.update({f"sipEndpoint.{name}": () for name in ("isMicrophoneMute", "muteMicrophone", "unmuteMicrophone",
                                                           "isSpeakerMute", "muteSpeaker", "unmuteSpeaker")})


def _parameter(param) -> st.SearchStrategy:
    """The documented shape of one parameter, one time in ten any JSON value instead."""
    good = BY_NAME.get(param.name, BY_KIND[param.kind])
    return st.integers(0, 9).flatmap(lambda n: json_values if n == 0 else good)


def _request_strategy(name: str) -> st.SearchStrategy:
    """Requests named ``name``: the documented parameters, one in twenty missing some or with one too many."""
    params = [_parameter(p) for p in SIGNATURES[name]]

    def shaped(values_and_shape: tuple) -> dict[str, Any]:
        values, shape, cut, extra, ref, frame_id = values_and_shape
        values = list(values)
        if shape == 0 and values:
            values = values[:cut % len(values)]  # missing parameters
        elif shape == 1:
            values.append(extra)  # one too many
        message = request(name, *values, ref=ref)
        if frame_id is not None:
            message["frameId"] = frame_id
        return message
    return st.tuples(st.tuples(*params), st.integers(0, 19), st.integers(0, 3), json_values,
                     st.sampled_from(["1", "2", "3", "", "x" * 20]),
                     st.sampled_from([None, "f1", "f2", "f9"])).map(shaped)


REQUEST_STRATEGIES = {name: _request_strategy(name) for name in sorted(SIGNATURES)}


requests = st.sampled_from(sorted(SIGNATURES)).flatmap(REQUEST_STRATEGIES.__getitem__)


subscribes = st.builds(subscribe, st.sampled_from(["agent", "interaction", "system", "outbound", "markdone",
                                                   "messenger:news", "__proto__", "voice"])
                       | st.lists(st.sampled_from(["agent", "interaction", "messenger:news", "x"]), max_size=3),
                       st.sampled_from(["s1", "s2", ""]))
unsubscribes = st.builds(lambda sid: {"event": "unsubscribe", "data": sid},
                         st.sampled_from(["1", "2", "3", "4"]) | json_values)
garbage = json_values | st.fixed_dictionaries({}, optional={
    "request": st.sampled_from(["agent.get", "auth.getJwtToken", "__proto__"]) | json_values,
    "event": st.sampled_from(["subscribe", "unsubscribe", "agent"]) | json_values,
    "parameters": st.lists(json_values, max_size=3) | json_values,
    "data": json_values, "referenceId": st.text(max_size=3) | json_values})
MESSAGE_KINDS = [requests] * 6 + [subscribes, unsubscribes, garbage, garbage]
messages = st.integers(0, 9).flatmap(MESSAGE_KINDS.__getitem__)
senders = st.sampled_from([("f1", TRUSTED)] * 4 + [("f2", FILTERED)] * 3 + [("f4", WILDCARD)] * 2
                          + [("f3", UNLISTED), ("f1", UNLISTED), ("f3", TRUSTED), (None, TRUSTED), ("f9", FILTERED),
                             ("f3", "null")])


def simulator_action(model: Any, kind: str, argument: str):
    """A control-panel happening (inbound contacts carry an unreadable key whose value must never leave)."""
    user_data = {"Secret": CANARY, "Key1": "visible", "Key2": "also visible"}

    def act(ctx):
        interaction_ids = list(model.interactions)
        target = interaction_ids[int(argument) % len(interaction_ids)] if interaction_ids else "1"
        return {
            "call": lambda: model.inbound_call(ctx, user_data=user_data),
            "chat": lambda: model.inbound_chat(ctx, user_data=user_data),
            "email": lambda: model.inbound_email(ctx, user_data=user_data),
            "answer": lambda: model.remote_answer(ctx, target),
            "hangup": lambda: model.remote_hang_up(ctx, target),
            "attach": lambda: model.attach_data(ctx, target, {"Secret": CANARY, "Key2": argument}),
            "push": lambda: model.push_preview_record(ctx, "Renewals"),
            "state": lambda: model.set_agent_state(ctx, "NotReady" if int(argument) % 2 else "Ready"),
        }[kind]()
    return act


actions = st.tuples(st.just("act"), st.sampled_from(["call", "chat", "email", "answer", "hangup", "attach", "push",
                                                      "state"]), st.sampled_from("0123456789"))
sent = st.tuples(st.just("msg"), senders, messages)
others = st.one_of(actions, actions, st.tuples(st.just("tick"), st.sampled_from([1.0, 3.0, 61.0])),
                   st.tuples(st.just("frame"), st.sampled_from(["f1", "f2", "f4"])))
steps = st.lists(st.integers(0, 9).flatmap(lambda n: sent if n < 8 else others), min_size=15, max_size=60)
FUZZ_HOSTS = [
    ("default", options()),
    ("star", options(**{"service-client-api.accepted-web-content-origins": f"{hs.ORIGINS}, * (agent.getState, auth.*)",
                        "service-client-api.user-data.write-allowed": "*"})),
    ("rate-limited", options(**{"service-client-api.rate-limit": 3, "service-client-api.rate-limit.voice.dial": 1,
                                "service-client-api.rate-limit-quarantine-delay": 2})),
    ("quarantine-for-the-session", options(**{"service-client-api.rate-limit": 2,
                                              "service-client-api.rate-limit-quarantine-delay": 0})),
]


@settings(max_examples=25 if hs.IN_PYODIDE else 100, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(batch=steps)
def test_fuzz_host_receive_keeps_every_invariant(batch):
    """Each generated batch runs against every configuration of FUZZ_HOSTS (generating costs more than running)."""
    for _, main in FUZZ_HOSTS:
        run_batch(main, batch)


def run_batch(main: dict[str, Any], batch: list[tuple]) -> None:
    host, clock = make_host(main)
    checks = Invariants(host)
    with mock.patch.object(journal, "MAX_INSPECTOR_ENTRIES", 64):
        for step in batch:
            if step[0] == "msg":
                (frame_id, origin), message = step[1], step[2]
                deliver(host, checks, frame_id, origin, message, "fuzz")
            elif step[0] == "act":
                try:
                    checks.check_outgoing(host.perform(simulator_action(host.model, step[1], step[2])))
                except RequestError:
                    pass
            elif step[0] == "tick":
                clock.advance(step[1])
                checks.check_outgoing(host.tick())
            elif step[1] in host.frames:  # the frame goes away (a reload, a closed view)...
                host.detach_frame(step[1])
            else:  # ...and comes back under the same id
                host.attach_frame(step[1], FRAMES[step[1]], step[1])
            checks.check_state()
    crashes = [c for c in checks.counts if c.startswith("model crash")]
    assert not crashes, f"the model crashed (answered as 'Internal simulator error'): {crashes}"
    VERDICTS.update({k: v for k, v in checks.counts.items() if k in hs.VERDICTS})


@pytest.mark.parametrize("call", [("outbound.setCallResult", "1", "²"), ("outbound.setCallResult", "1", "9" * 5000),
                                  ("outbound.callPreviewRecord", "1", 10 ** 400)])
def test_model_parameter_checks_refuse_odd_numbers_cleanly(call):
    """Found by the fuzz: the model's integer checks raised ValueError/OverflowError ("Internal simulator error")."""
    host, _ = make_host()
    out, _ = one(host, request(*call))
    assert not error_of(out).startswith("Internal simulator error")


def test_zz_report_hostile_inputs_tried(capsys):
    """The number of hostile inputs given to the host in this module (shows in the test output)."""
    total = sum(TRIED.values())
    verdicts = ", ".join(f"{k} {v}" for k, v in sorted(VERDICTS.items()))
    families = ", ".join(f"{k} {v}" for k, v in sorted(TRIED.items()))
    hs.report(capsys, [f"hostile inputs tried on Host.receive: {total} ({families})", f"fuzz verdicts: {verdicts}"])
    assert total > 0
