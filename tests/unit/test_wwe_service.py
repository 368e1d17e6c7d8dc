"""Service over MemoryTransport: await vs callbacks, timeouts, cancel, close, subscriptions, onMessage."""

import asyncio
import logging

import pytest

import wwe
from wwe.testing import Failure, ManualClock, MemoryTransport, ScriptedHost, host_message

AGENT = {"employeeId": "e1", "firstname": "Ann", "lastname": "Lee", "username": "ann"}


def make(answers=None, timeout=10.0):
    host = ScriptedHost(answers)
    clock = ManualClock()
    transport = MemoryTransport(host, clock=clock)
    return wwe.Service(transport, timeout=timeout), transport, host, clock


# --- await and callbacks --------------------------------------------------------------------------------------


def test_await_returns_data():
    service, *_ = make({"agent.get": AGENT})

    async def main():
        return await service.agent.get()

    assert asyncio.run(main()) == AGENT


def test_await_failure_raises_with_whole_reply():
    service, *_ = make({"interaction.getByInteractionId": Failure("Error: Interaction not found.")})

    async def main():
        with pytest.raises(wwe.RequestFailed) as caught:
            await service.interaction.getByInteractionId("9")
        return caught.value

    error = asyncio.run(main())
    assert error.reply == host_message(request="interaction.getByInteractionId", errorMessage="Error: Interaction not found.")
    assert "Interaction not found" in str(error)


def test_callbacks_receive_whole_reply_without_reference_id():
    service, transport, *_ = make({"agent.get": AGENT, "voice.dial": Failure("nope")})
    seen = []
    service.agent.get(succeeded=lambda r: seen.append(("ok", r)), failed=lambda r: seen.append(("ko", r)))
    service.voice.dial("5001", {}, succeeded=lambda r: seen.append(("ok", r)), failed=lambda r: seen.append(("ko", r)))
    assert seen == []  # delivered asynchronously, like postMessage
    transport.flush()
    assert seen == [
        ("ok", host_message(request="agent.get", data=AGENT)),
        ("ko", host_message(request="voice.dial", errorMessage="nope")),
    ]


def test_callbacks_and_await_together():
    service, *_ = make({"agent.get": AGENT})
    seen = []

    async def main():
        return await service.agent.get(succeeded=seen.append)

    assert asyncio.run(main()) == AGENT
    assert seen[0]["data"] == AGENT


def test_concurrent_calls_match_by_reference_id():
    service, *_ = make({"interaction.getByInteractionId": lambda i: {"interactionId": i}})

    async def main():
        calls = [service.interaction.getByInteractionId(str(i)) for i in range(5)]
        return await asyncio.gather(*calls)

    assert asyncio.run(main()) == [{"interactionId": str(i)} for i in range(5)]


def test_callback_exception_is_logged_and_contained(caplog):
    service, transport, *_ = make({"agent.get": AGENT})
    service.agent.get(succeeded=lambda r: 1 / 0)
    transport.flush()
    assert "succeeded callback of agent.get" in caplog.text


@pytest.mark.parametrize("inside_a_task", [False, True])
def test_a_reply_resumes_its_awaiter_at_once_outside_any_task_and_on_the_loop_inside_one(inside_a_task):
    """Outside any task (the page's message listener) the code after the ``await`` runs at once, as JavaScript runs
    it right after the listener: no trip through the loop. Inside a task it cannot run: it runs on the loop."""
    service, transport, *_ = make({"agent.get": AGENT})
    order = []

    async def caller():
        order.append(await service.agent.get())

    async def main():
        task = asyncio.ensure_future(caller())
        await asyncio.sleep(0)  # the call is sent, its reply queued on the loop (MemoryTransport: like postMessage)
        if inside_a_task:
            transport.flush()
            order.append("after the delivery")
        else:
            asyncio.get_running_loop().call_soon(order.append, "after the delivery")
        await task

    asyncio.run(main())
    assert order == (["after the delivery", AGENT] if inside_a_task else [AGENT, "after the delivery"])


# --- timeouts ---------------------------------------------------------------------------------------------------


def test_timeout_callback_receives_request_timeout_string():
    service, transport, _, clock = make()
    failures = []
    service.agent.get(failed=failures.append)
    clock.advance(9.9)
    assert failures == []
    clock.advance(0.1)
    assert failures == ["Request timeout"]
    assert clock.pending == []


def test_timeout_raises_request_timeout():
    service, _, _, clock = make()

    async def main():
        task = asyncio.ensure_future(service.agent.get())
        await asyncio.sleep(0)
        clock.advance(10)
        with pytest.raises(wwe.RequestTimeout) as caught:
            await task
        return caught.value

    error = asyncio.run(main())
    assert error.reply == "Request timeout" and isinstance(error, wwe.RequestFailed)


def test_per_call_timeout_and_one_timer_at_a_time():
    service, _, _, clock = make()
    failures = []
    service.agent.get(failed=failures.append)  # deadline 10
    service.agent.getState(timeout=2, failed=lambda r: failures.append(("short", r)))
    assert [t.deadline for t in clock.pending] == [2]
    clock.advance(2)
    assert failures == [("short", "Request timeout")]
    assert [t.deadline for t in clock.pending] == [10]


def test_reply_after_deadline_counts_as_timeout():
    service, transport, _, clock = make({"agent.get": AGENT})
    seen = []
    service.agent.get(succeeded=seen.append, failed=seen.append)
    clock.time = 11  # the timer has not fired yet when the answer is handled
    transport.flush()
    assert seen == ["Request timeout"]
    assert service.dropped["unknown_reference"] == 1


def test_timeout_argument_checks():
    service, transport, *_ = make()
    with pytest.raises(TypeError):
        service.agent.get(timeout="5")
    with pytest.raises(ValueError):
        service.agent.get(timeout=0)
    assert transport.sent == []


def test_unhandled_failure_is_logged(caplog):
    service, _, _, clock = make()
    with caplog.at_level(logging.WARNING, logger="wwe"):
        service.agent.get()
        clock.advance(10)
    assert "agent.get failed and nothing handles it" in caplog.text


# --- cancel -----------------------------------------------------------------------------------------------------


def test_cancel_skips_callbacks_and_ignores_late_answer():
    service, transport, _, clock = make({"agent.get": AGENT})
    seen = []
    call = service.agent.get(succeeded=seen.append, failed=seen.append)
    assert call.cancel() and not call.cancel()
    transport.flush()
    clock.advance(20)
    assert seen == [] and call.state == "cancelled"
    assert clock.pending == []


def test_cancel_wakes_awaiter_with_cancelled_error():
    service, *_ = make()

    async def main():
        call = service.agent.get()
        asyncio.get_running_loop().call_soon(call.cancel)
        with pytest.raises(asyncio.CancelledError):
            await call

    asyncio.run(main())


def test_wait_for_cancels_the_call():
    service, transport, _, clock = make()

    async def main():
        call = service.agent.get()
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(call, 0.01)
        return call

    assert asyncio.run(main()).state == "cancelled"
    assert clock.pending == []


# --- close ------------------------------------------------------------------------------------------------------


def test_close_survives_a_failing_transport(caplog):
    service, transport, *_ = make()
    service.subscribe("agent", print)
    transport.flush()

    def broken(message):
        raise RuntimeError("gone")

    transport.send = broken
    service.close()
    assert service.closed and transport.closed and "could not unsubscribe" in caplog.text


def test_close_fails_pending_calls_and_later_calls():
    service, transport, host, clock = make()
    failures = []
    service.agent.get(failed=failures.append)
    service.subscribe("agent", lambda m: None)
    transport.flush()
    service.close()
    assert failures == ["Service closed"]
    assert transport.closed and clock.pending == []
    assert transport.sent[-1]["event"] == "unsubscribe" and host.subscriptions == {}
    with pytest.raises(wwe.ServiceClosed):
        service.agent.get()
    with pytest.raises(wwe.ServiceClosed):
        service.subscribe("agent", print)
    service.close()  # idempotent


def test_close_raises_service_closed_in_awaiters():
    service, *_ = make()

    async def main():
        call = service.agent.get()
        asyncio.get_running_loop().call_soon(service.close)
        with pytest.raises(wwe.ServiceClosed) as caught:
            await call
        return caught.value

    assert asyncio.run(main()).reply == "Service closed"


def test_send_error_leaves_nothing_pending():
    service, transport, _, clock = make()
    with pytest.raises(TypeError):
        service.messenger.broadcastMessage("c", {"f": object()})  # argument check: before anything is sent
    transport.closed = True
    with pytest.raises(RuntimeError):
        service.agent.get()
    assert clock.pending == [] and service.core.next_deadline() is None


# --- subscriptions ----------------------------------------------------------------------------------------------


def test_several_handlers_one_wire_subscription_per_name():
    service, transport, host, _ = make()
    a, b = [], []
    sub_a = service.subscribe(["agent", "interaction"], a.append)
    sub_b = service.subscribe(["interaction", "system"], b.append)
    assert [m["data"] for m in transport.sent] == [["agent", "interaction"], ["system"]]
    transport.flush()
    event = host_message(event="interaction", data={"eventType": "ADDED"})
    transport.push(event)
    transport.push(host_message(event="agent", data={"eventType": "STATE_CHANGED"}))
    transport.flush()
    assert a == [event, host_message(event="agent", data={"eventType": "STATE_CHANGED"})]
    assert b == [event]

    sub_a.unsubscribe()  # the wire subscription stays: "interaction" still has sub_b
    assert len(transport.sent) == 2
    transport.push(event)
    transport.flush()
    assert len(a) == 2 and len(b) == 2
    sub_b.unsubscribe()
    assert [(m["event"], m["data"]) for m in transport.sent[2:]] == [("unsubscribe", "sub-1"), ("unsubscribe", "sub-2")]
    assert host.subscriptions == {}


def test_wire_subscription_kept_while_a_name_still_has_handlers():
    service, transport, host, _ = make()
    sub_a = service.subscribe(["agent", "interaction"], print)
    service.subscribe("interaction", print)
    transport.flush()
    sub_a.unsubscribe()
    assert all(m["event"] == "subscribe" for m in transport.sent) and len(transport.sent) == 1
    assert host.subscriptions == {"sub-1": ["agent", "interaction"]}


def test_unsubscribe_sends_wire_message_when_last_handler_goes():
    service, transport, host, _ = make()
    one = service.subscribe("agent", print)
    two = service.subscribe("agent", print)
    transport.flush()
    service.unsubscribe(one)
    assert len(transport.sent) == 1
    service.unsubscribe(two)
    assert transport.sent[-1]["event"] == "unsubscribe" and transport.sent[-1]["data"] == "sub-1"
    assert host.subscriptions == {}
    two.unsubscribe()  # already removed: no-op
    assert len(transport.sent) == 2


def test_unsubscribe_before_answer_waits_for_subscription_id():
    service, transport, host, _ = make()
    sub = service.subscribe("agent", print)
    sub.unsubscribe()
    assert len(transport.sent) == 1
    transport.flush()
    assert transport.sent[-1]["event"] == "unsubscribe" and host.subscriptions == {}


def test_unsubscribe_by_subscription_id():
    service, transport, host, _ = make()
    seen = []
    service.subscribe("agent", seen.append)
    transport.flush()
    service.unsubscribe("sub-1")
    transport.push(host_message(event="agent", data={}))
    transport.flush()
    assert seen == [] and host.subscriptions == {}
    service.unsubscribe("unknown-id")
    assert transport.sent[-1]["data"] == "unknown-id"


def test_await_subscription():
    service, *_ = make()

    async def main():
        sub = await service.subscribe(["agent"], print)
        return sub

    assert asyncio.run(main()).active


def test_refused_subscription_raises_and_can_be_retried(caplog):
    def refuse(message, origin):
        if message.get("event") == "subscribe":
            return [host_message(referenceId=message["referenceId"], errorMessage="no")]
        return []

    transport = MemoryTransport(refuse)
    service = wwe.Service(transport)

    async def main():
        refused = service.subscribe("agent", print)
        with pytest.raises(wwe.RequestFailed):
            await refused
        assert not refused.active  # its handler is removed
        service.subscribe("agent", print)  # a new wire subscribe, not a silent no-op
        return refused

    asyncio.run(main())
    assert [m["event"] for m in transport.sent] == ["subscribe", "subscribe"]
    assert "subscribe ['agent'] failed" in caplog.text


def test_subscribe_timeout_removes_only_the_handler_that_relied_on_it():
    def host(message, origin):  # answers the first subscribe only
        if message.get("event") == "subscribe" and message["referenceId"] == "1":
            return [host_message(referenceId="1", subscriptionId="sub-1")]
        return []

    clock = ManualClock()
    transport = MemoryTransport(host, clock=clock)
    service = wwe.Service(transport)
    first, second = [], []
    kept = service.subscribe("agent", first.append)
    transport.flush()
    dropped = service.subscribe(["agent", "system"], second.append, timeout=1)
    assert transport.sent[-1]["data"] == ["system"]  # "agent" is already subscribed
    clock.advance(1)
    assert kept.active and not dropped.active
    transport.push(host_message(event="agent", data={}))
    transport.flush()
    assert len(first) == 1 and second == []
    assert len(transport.sent) == 2  # "agent" stays subscribed on the wire


def test_handler_exception_does_not_stop_other_handlers(caplog):
    service, transport, *_ = make()
    seen = []
    service.subscribe("agent", lambda m: 1 / 0)
    service.subscribe("agent", seen.append)
    transport.push(host_message(event="agent", data={}))
    transport.flush()
    assert len(seen) == 1 and "handler of event 'agent'" in caplog.text


def test_subscribe_argument_checks():
    service, transport, *_ = make()
    for names in ([], "", [1], None, ["agent", ""]):
        with pytest.raises(TypeError):
            service.subscribe(names, print)
    with pytest.raises(TypeError):
        service.subscribe("agent", "not callable")
    with pytest.raises(TypeError):
        service.unsubscribe(42)
    assert transport.sent == []


def test_duplicate_names_are_sent_once():
    service, transport, *_ = make()
    service.subscribe(["agent", "agent"], print)
    assert transport.sent[0]["data"] == ["agent"]


# --- onMessage and frame id -------------------------------------------------------------------------------------


def test_wwe_strings_go_to_on_message():
    service, transport, *_ = make()
    texts = []
    transport.push("wweHello")
    transport.flush()  # no hook yet: ignored
    service.onMessage = texts.append
    transport.push("wweReady")
    transport.push("other")
    transport.flush()
    assert texts == ["wweReady"]


def test_frame_id_adoption():
    service, transport, *_ = make()
    transport.push(host_message(frameId="frame-3"))
    transport.flush()
    service.agent.get()
    assert transport.sent[-1]["frameId"] == "frame-3"


def test_dropped_counts():
    service, transport, *_ = make()
    transport.push({"foo": 1})
    transport.push(host_message(referenceId="99", data=1))
    transport.flush()
    assert service.dropped == {"not_wwe": 1, "unknown_reference": 1}
