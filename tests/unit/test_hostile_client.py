"""Hostile messages to the client (wwe on CPython, between FakeBrowser windows): none raises out of the message
listener, none settles a call it does not answer, and each is counted in ``service.dropped``
(docs/CLIENT.md decisions 5, 13-14; docs/THREAT-MODEL.md).

The windows: the Workspace page (the extension's parent, on the Workspace origin), the extension, a sibling
frame on the Workspace origin, another site's frame, a popup the extension opened, and another tab.
"""
from __future__ import annotations

import json
import logging
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wwe
from tests import suite_counts
from tests.unit import hostile_support as hs
from wwe.browser import PostMessageTransport, default_target
from wwe.testing import FakeBrowser, FakeProxy, ManualClock, MessageEvent, host_message

WWE = "https://wwe.example.com"
EXT = "https://ext.example.com"
EVIL = "https://evil.example"
TRIED = suite_counts.Tally(suite_counts.HOSTILE)  # hostile messages to the client's listener


def decode_like_json(data: Any) -> Any:
    """What decode_json does with JSON.stringify/json.loads: a JSON round trip (too deep: RecursionError)."""
    return json.loads(json.dumps(data))


class Page:
    """A Workspace page embedding the extension (whose client is connected), and other windows around it."""

    def __init__(self, decode: Any = decode_like_json) -> None:
        self.browser = FakeBrowser()
        self.workspace = self.browser.window(WWE)
        self.ext = self.browser.window(EXT, parent=self.workspace)
        self.sibling = self.browser.window(WWE, parent=self.workspace)      # same origin as the Workspace
        self.other_site = self.browser.window(EVIL, parent=self.workspace)
        self.popup = self.browser.window(EVIL, opener=self.ext)
        self.other_tab = self.browser.window(WWE)
        self.requests: list[dict] = []
        self.workspace.addEventListener("message", lambda event: self.requests.append(event.data))
        self.clock = ManualClock()
        self.transport = PostMessageTransport(self.ext, default_target(self.ext), WWE, clock=self.clock,
                                              create_proxy=FakeProxy, encode=lambda m: m, decode=decode)
        self.service = wwe.Service(self.transport)
        self.events: list[dict] = []
        self.results: dict[str, list] = {}

    def windows(self) -> dict[str, Any]:
        return {"sibling": self.sibling, "other site": self.other_site, "popup": self.popup,
                "other tab": self.other_tab, "itself": self.ext}

    def call(self, name: str = "agent.getState") -> wwe.Call:
        namespace, method = name.split(".")
        log = self.results.setdefault(name + str(len(self.results)), [])
        return getattr(getattr(self.service, namespace), method)(succeeded=log.append, failed=log.append)

    def pending_refs(self) -> list[str]:
        self.browser.flush()
        return [m["referenceId"] for m in self.requests if "request" in m]

    def post(self, sender: Any, data: Any, origin: str | None = None, hostile: bool = True) -> int:
        """Deliver ``data`` to the extension's listener as if ``sender`` posted it (no structured clone: deep and
        odd values reach the listener as they are); returns how many messages ``service.dropped`` counted."""
        event = MessageEvent(data, sender.origin if origin is None else origin, self.ext.view(sender))
        before = sum(self.service.dropped.values())
        self.ext.dispatch(event)  # must not raise
        TRIED["client"] += hostile
        return sum(self.service.dropped.values()) - before

    def answer(self, ref: str, data: Any = "genuine") -> None:
        self.post(self.workspace, host_message(request="agent.getState", referenceId=ref, data=data), hostile=False)


def deep(depth: int) -> Any:
    value: Any = "leaf"
    for _ in range(depth):
        value = [value]
    return value


CYCLIC: list = []
CYCLIC.append(CYCLIC)

FORGED = [  # (what, message) from a window that is not the Workspace page, or from the page at another origin
    ("reply", lambda ref: host_message(request="agent.getState", referenceId=ref, data="forged")),
    ("failure", lambda ref: host_message(request="agent.getState", referenceId=ref, errorMessage="forged")),
    ("event", lambda ref: host_message(event="agent", data={"eventType": "STATE_CHANGED", "forged": True})),
    ("frame id", lambda ref: host_message(frameId="forged")),
    ("wwe text", lambda ref: "wweForged"),
    ("huge", lambda ref: host_message(referenceId=ref, data="x" * 5_000_000)),
    ("deep", lambda ref: host_message(referenceId=ref, data=deep(hs.VERY_DEEP))),
]


@pytest.mark.parametrize("window", ["sibling", "other site", "popup", "other tab", "itself"])
@pytest.mark.parametrize(("what", "make"), FORGED, ids=[w for w, _ in FORGED])
def test_messages_from_any_other_window_are_dropped_before_they_are_read(window, what, make):
    page = Page()
    call = page.call()
    page.service.subscribe("agent", page.events.append)
    texts: list[str] = []
    page.service.onMessage = texts.append
    [ref] = page.pending_refs()
    sender = page.windows()[window]
    assert page.post(sender, make(ref)) == 1
    assert page.post(sender, make(ref), origin=WWE) == 1  # even claiming the Workspace origin
    assert page.service.dropped["wrong_source"] == 2
    assert not call.done() and page.events == [] and texts == [] and page.service.core.frame_id is None
    page.answer(ref)
    assert call.state == "succeeded" and call.reply["data"] == "genuine"


@pytest.mark.parametrize("origin", [EVIL, "null", "", "https://wwe.example.com.evil.example", "http://wwe.example.com",
                                    "https://wwe.example.com:8443", "https://WWE.example.com",
                                    "https://wwe.example.com/"])
def test_messages_from_the_parent_at_another_origin_are_dropped(origin):
    """The parent navigated elsewhere (or anything reports another origin than the pinned one, exactly)."""
    page = Page()
    call = page.call()
    [ref] = page.pending_refs()
    assert page.post(page.workspace, host_message(request="agent.getState", referenceId=ref, data="x"), origin) == 1
    assert page.service.dropped["wrong_origin"] == 1 and not call.done()


def test_nothing_is_posted_anywhere_but_to_the_workspace_origin():
    page = Page()
    page.call()
    page.workspace.origin = EVIL  # the parent is now another page: the browser refuses to deliver
    page.call()
    page.browser.flush()
    assert len(page.requests) == 1 and page.browser.blocked[0][:2] == (WWE, EVIL)


HOSTILE_FROM_THE_PAGE = [  # from the right window and origin, yet not a reply to anything pending: counted, ignored
    ("string", "hello", "not_wwe"), ("number", 42, "not_wwe"), ("null", None, "not_wwe"), ("list", [1, 2], "not_wwe"),
    ("true", True, "not_wwe"), ("no user agent", {"referenceId": "0", "data": 1}, "not_wwe"),
    ("user agent not a string", {"referenceId": "0", "data": 1, "userAgent": ["WWE"]}, "not_wwe"),
    ("other user agent", {"referenceId": "0", "data": 1, "userAgent": "Mozilla"}, "not_wwe"),
    ("lower-case user agent", {"referenceId": "0", "data": 1, "userAgent": "wwe server"}, "not_wwe"),
    ("nothing", host_message(), "unrecognised"),
    ("unknown reference", host_message(referenceId="999", data=1), "unknown_reference"),
    ("reference 0 as a number", host_message(referenceId=0, data=1), "unrecognised"),  # falsy, as in JavaScript
    ("numeric unknown reference", host_message(referenceId=999, data=1), "unknown_reference"),
    ("reference as list", host_message(referenceId=["0"], data=1), "unknown_reference"),
    ("reference as object", host_message(referenceId={"0": 1}, data=1), "unknown_reference"),
    ("reference true", host_message(referenceId=True, data=1), "unknown_reference"),
    ("reference 1.5", host_message(referenceId=1.5, data=1), "unknown_reference"),
    ("reference NaN", host_message(referenceId=math.nan, data=1), "unknown_reference"),
    ("reference infinity", host_message(referenceId=math.inf, data=1), "unknown_reference"),
    ("reference with spaces", host_message(referenceId=" 0", data=1), "unknown_reference"),
    ("huge integer reference", host_message(referenceId=10 ** 5000, data=1), "undecodable"),  # as a BigInt is
    ("reference 1e21", host_message(referenceId=1e21, data=1), "unknown_reference"),
    ("event name a list", host_message(event=["agent"], data={}), "unrecognised"),
    ("event name an object", host_message(event={"agent": 1}, data={}), "unrecognised"),
    ("event name a number", host_message(event=7, data={}), "unrecognised"),
    ("event name __proto__", host_message(event="__proto__", data={}), "no_handler"),
    ("event name constructor", host_message(event="constructor", data={}), "no_handler"),
    ("event name with a space", host_message(event="agent ", data={}), "no_handler"),
    ("event name in upper case", host_message(event="AGENT", data={}), "no_handler"),
    ("event subscribe", host_message(event="subscribe", data={}), "no_handler"),
    ("event with a pending reference", host_message(event="interaction", referenceId="0", data={}), "no_handler"),
    ("cyclic: JSON cannot hold it", CYCLIC, "undecodable"),
    ("deep reply to nothing", host_message(referenceId="999", data=deep(500)), "unknown_reference"),
]


@pytest.mark.parametrize(("what", "message", "reason"), HOSTILE_FROM_THE_PAGE,
                         ids=[w for w, _, _ in HOSTILE_FROM_THE_PAGE])
def test_odd_messages_from_the_workspace_page_never_raise_nor_settle_a_call(what, message, reason, caplog):
    page = Page()
    call = page.call()
    page.service.subscribe("agent", page.events.append)
    [ref] = page.pending_refs()
    assert ref == "0"
    with caplog.at_level(logging.DEBUG, logger="wwe"):
        assert page.post(page.workspace, message) == 1
    assert page.service.dropped[reason] == 1
    assert not call.done() and page.events == []
    page.answer(ref)
    assert call.reply["data"] == "genuine"


@pytest.mark.parametrize("ref", [10 ** 5000, -10 ** 30, 2 ** 53 + 1], ids=["10**5000", "-10**30", "2**53+1"])
def test_a_huge_integer_reference_from_a_to_py_decoder_is_an_unknown_reference(ref):
    """A decoder using JsProxy.to_py turns a JavaScript BigInt into a Python int: never made a string."""
    page = Page(decode=lambda data: data)
    call = page.call()
    assert page.post(page.workspace, host_message(referenceId=ref, data=1)) == 1
    assert page.service.dropped["unknown_reference"] == 1 and not call.done()


def test_a_reply_to_an_answered_call_is_ignored_and_counted():
    page = Page()
    call = page.call()
    [ref] = page.pending_refs()
    page.answer(ref, "first")
    for data in ("second", "third"):
        assert page.post(page.workspace, host_message(request="agent.getState", referenceId=ref, data=data)) == 1
    assert page.post(page.workspace, host_message(request="agent.getState", referenceId=ref, errorMessage="x")) == 1
    assert call.state == "succeeded" and call.reply["data"] == "first"
    assert page.service.dropped["unknown_reference"] == 3


def test_late_cancelled_and_timed_out_calls_ignore_their_replies():
    page = Page()
    late, cancelled = page.call(), page.call()
    late_ref, cancelled_ref = page.pending_refs()
    cancelled.cancel()
    page.clock.advance(11)
    assert late.state == "failed" and late.reply == "Request timeout"
    page.answer(late_ref)
    page.answer(cancelled_ref)
    assert late.reply == "Request timeout" and cancelled.state == "cancelled"
    assert page.service.dropped["unknown_reference"] == 2


def test_a_reply_settles_only_its_own_call():
    page = Page()
    calls = [page.call() for _ in range(5)]
    refs = page.pending_refs()
    page.answer(refs[3], "for the fourth")
    assert [c.done() for c in calls] == [False, False, False, True, False]
    assert calls[3].reply["data"] == "for the fourth"
    page.post(page.workspace, host_message(request="agent.getState", referenceId=1, data="numeric 1"))
    page.post(page.workspace, host_message(request="agent.getState", referenceId=4.0, data="numeric 4.0"))
    assert calls[1].reply["data"] == "numeric 1" and calls[4].reply["data"] == "numeric 4.0"  # JavaScript's ==


def test_handlers_and_callbacks_that_raise_do_not_escape_the_listener(caplog):
    page = Page()
    page.service.subscribe("agent", lambda message: 1 / 0)
    page.service.agent.getState(succeeded=lambda reply: [][1])
    [ref] = page.pending_refs()
    page.post(page.workspace, host_message(event="agent", data={}))
    page.answer(ref)
    assert "ZeroDivisionError" in caplog.text and "IndexError" in caplog.text


def test_a_huge_reply_from_the_workspace_is_delivered_intact():
    page = Page()
    call = page.call()
    [ref] = page.pending_refs()
    page.answer(ref, "x" * 5_000_000)
    assert len(call.reply["data"]) == 5_000_000


# -- fuzz: random messages from random windows --------------------------------------------------------------------

json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
                           lambda children: st.lists(children, max_size=3)
                           | st.dictionaries(st.text(max_size=5), children, max_size=3), max_leaves=6)
protocol_like = st.fixed_dictionaries({}, optional={
    "userAgent": st.sampled_from(["WWE Server", "WWE", "xWWEx", "wwe"]) | json_values,
    "referenceId": st.sampled_from(["0", "1", "2", "3", "99", 0, 1, 2.0, "01"]) | json_values,
    "event": st.sampled_from(["agent", "interaction", "__proto__", ""]) | json_values,
    "data": json_values, "errorMessage": json_values, "frameId": json_values,
    "subscriptionId": json_values, "request": json_values})
incoming = st.tuples(st.sampled_from(["workspace", "workspace", "sibling", "other site", "popup", "other tab",
                                      "itself"]),
                     st.sampled_from([None, None, EVIL, "null", WWE + "/"]), protocol_like | json_values)


@settings(max_examples=20 if hs.IN_PYODIDE else 100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(incoming, min_size=10, max_size=60))
def test_fuzz_the_client_listener(batch):
    page = Page()
    calls = [page.call() for _ in range(3)]
    calls.append(page.service.subscribe(["agent", "interaction"], page.events.append)._calls[0])
    page.browser.flush()
    refs = [m["referenceId"] for m in page.requests]
    assert refs == ["0", "1", "2", "3"]
    senders = {"workspace": page.workspace, **page.windows()}
    for name, origin, message in batch:
        genuine = name == "workspace" and origin in (None, WWE)
        before = [(c.state, c.reply) for c in calls]
        events_before = len(page.events)
        counted = page.post(senders[name], message, origin)
        settled = [i for i, c in enumerate(calls) if (c.state, c.reply) != before[i]]
        delivered = len(page.events) - events_before
        if not genuine:
            assert counted == 1 and not settled and not delivered
            continue
        host = isinstance(message, dict) and isinstance(message.get("userAgent"), str) \
            and "WWE" in message["userAgent"]
        for i in settled:  # only a host message carrying that call's referenceId settles it
            assert host and not message.get("event") and _as_ref(message.get("referenceId")) == refs[i]
        if delivered:
            assert host and message.get("event") in ("agent", "interaction")
        frame_id = host and not message.get("event") and not message.get("referenceId") and "frameId" in message
        text = isinstance(message, str) and message.startswith("wwe")
        assert counted + len(settled) + bool(delivered) + frame_id + text == 1, message


def _as_ref(value: Any) -> str | None:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else str(value) if isinstance(value, int) else None


def test_zz_report_hostile_client_inputs(capsys):
    hs.report(capsys, [f"hostile messages to the client's listener: {TRIED['client']}"])
    assert TRIED["client"] > 0
