"""ClientCore (sans-I/O) and the client's wire shapes (wwe.wire)."""

import math

from wwe.core import ClientCore, FrameAssigned, Notification, Settled, WweText
from wwe.errors import TIMEOUT_FAILURE
from wwe.testing import host_message
from wwe.wire.messages import Request
from wwe.wire.parse import subscription_id


def test_reference_ids_count_up_as_strings_from_zero():
    core = ClientCore()
    assert core.request("agent.get", [], 0)[0] == "0"
    assert core.subscribe(["agent"], 0)[0] == "1"
    assert core.unsubscribe("sub-1")["referenceId"] == "2"
    assert core.request("agent.get", [], 0)[0] == "3"


def test_request_without_parameters_has_no_parameters_key():
    assert Request("agent.get", [], "0").to_wire() == {
        "request": "agent.get", "referenceId": "0", "userAgent": "WWE Client", "protocolVersion": 2}
    assert Request("voice.dial", ["5001", None], "1").to_wire()["parameters"] == ["5001", None]


def test_reply_success_and_failure_without_reference_id():
    core = ClientCore()
    ref, _ = core.request("agent.get", [], 0)
    ok = host_message(request="agent.get", referenceId=ref, data={"username": "u"})
    assert core.receive(ok, 1) == [Settled(ref, True, host_message(request="agent.get", data={"username": "u"}))]
    ref2, _ = core.request("interaction.getByInteractionId", ["9"], 0)
    bad = host_message(request="interaction.getByInteractionId", referenceId=ref2, errorMessage="Error: Interaction not found.")
    [reply] = core.receive(bad, 1)
    assert not reply.ok and "referenceId" not in reply.reply and reply.reply["errorMessage"].startswith("Error")


def test_error_message_key_means_failure_even_if_null():
    core = ClientCore()
    ref, _ = core.request("agent.get", [], 0)
    [reply] = core.receive(host_message(referenceId=ref, errorMessage=None), 0)
    assert not reply.ok


def test_numeric_reference_id_matches_like_javascript_loose_equality():
    core = ClientCore()
    core.request("agent.get", [], 0)
    core.request("agent.get", [], 0)
    assert core.receive(host_message(referenceId=1, data=None), 0)[0].ok


def test_numeric_zero_reference_id_is_not_a_reply_like_javascript_truthiness():
    core = ClientCore()
    ref, _ = core.request("agent.get", [], 0)
    assert ref == "0" and core.receive(host_message(referenceId=0, data=None), 0) == []
    assert core.ignored["unrecognised"] == 1 and core.pending == ("0",)


def test_timeout_is_request_timeout_string():
    core = ClientCore(timeout=10)
    ref, _ = core.request("agent.get", [], 5)
    assert core.next_deadline() == 15
    assert core.expire(14.999) == []
    assert core.expire(15) == [Settled(ref, False, "Request timeout")]
    assert core.next_deadline() is None
    # the late answer is ignored and counted
    assert core.receive(host_message(referenceId=ref, data=1), 16) == []
    assert core.ignored["unknown_reference"] == 1


def test_receive_expires_overdue_requests_first():
    core = ClientCore(timeout=10)
    ref, _ = core.request("agent.get", [], 0)
    incoming = core.receive(host_message(referenceId=ref, data=1), 10.5)
    assert incoming == [Settled(ref, False, TIMEOUT_FAILURE)]


def test_per_call_timeout_and_infinite_timeout():
    core = ClientCore(timeout=10)
    core.request("agent.get", [], 0, timeout=math.inf)
    assert core.next_deadline() is None
    core.request("agent.get", [], 0, timeout=2)
    assert core.next_deadline() == 2


def test_frame_id_adopted_and_stamped():
    core = ClientCore()
    assert core.receive(host_message(frameId="f-1"), 0) == [FrameAssigned("f-1")]
    assert core.request("agent.get", [], 0)[1]["frameId"] == "f-1"
    assert core.subscribe("agent", 0)[1]["frameId"] == "f-1"
    assert core.unsubscribe("s")["frameId"] == "f-1"


def test_frame_id_only_from_messages_without_event_and_reference():
    core = ClientCore()
    ref, _ = core.request("agent.get", [], 0)
    core.receive(host_message(event="agent", data={}, frameId="x"), 0)
    core.receive(host_message(referenceId=ref, data=None, frameId="y"), 0)
    assert core.frame_id is None


def test_events_and_texts_and_foreign_messages():
    core = ClientCore()
    event = host_message(event="agent", data={"eventType": "STATE_CHANGED", "mediaState": "READY"})
    assert core.receive(event, 0) == [Notification("agent", event)]
    assert core.receive("wweReady", 0) == [WweText("wweReady")]
    assert core.receive("hello", 0) == []
    assert core.receive({"referenceId": "1", "data": 1}, 0) == []  # no WWE userAgent
    assert core.receive({"userAgent": "Other"}, 0) == []
    assert core.receive(host_message(), 0) == []
    assert core.ignored == {"not_wwe": 3, "unrecognised": 1}


def test_cancel_and_close():
    core = ClientCore()
    ref1, _ = core.request("agent.get", [], 0)
    ref2, _ = core.request("agent.get", [], 0)
    assert core.cancel(ref1) and not core.cancel(ref1)
    assert core.close() == [ref2]
    assert core.next_deadline() is None


def test_subscription_id_at_top_level_or_in_data():
    assert subscription_id({"subscriptionId": "a"}) == "a"
    assert subscription_id({"data": {"subscriptionId": "b"}}) == "b"
    assert subscription_id({"data": None}) is None


def test_deadlines_of_answered_requests_do_not_pile_up_or_expire_others():
    """Answered requests leave the deadline heap bounded, and only the unanswered ones time out, in order."""
    core = ClientCore(timeout=5.0)
    answered = []
    for i in range(1000):
        ref, _ = core.request("agent.get", [], now=float(i))
        answered.append(ref)
    late, _ = core.request("agent.get", [], now=1000.0)
    never, _ = core.request("agent.get", [], now=1000.0, timeout=math.inf)
    for ref in answered:
        core.cancel(ref)
    last, _ = core.request("agent.get", [], now=1001.0)  # the next request drops what was answered
    assert len(core._deadlines) == 2
    assert core.next_deadline() == 1005.0
    assert [settled.reference_id for settled in core.expire(2000.0)] == [late, last]
    assert core.pending == (never,) and core.next_deadline() is None
