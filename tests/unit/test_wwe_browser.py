"""wwe.browser.PostMessageTransport between fake windows (structured clone, origin and source on each event)."""

import asyncio
import logging

import pytest

import wwe
from wwe.browser import PostMessageTransport, default_target
from wwe.testing import DataCloneError, FakeBrowser, FakeProxy, ManualClock, host_message
from wwe.wire.origins import target_origin

WWE = "https://wwe.example.com"
EXT = "https://ext.example.com"


class Setup:
    """A Workspace window embedding an extension frame, a host that answers, and the client."""

    def __init__(self, origin=WWE, popup=False, decode=lambda data: data):
        self.browser = FakeBrowser()
        self.host = self.browser.window(WWE)
        self.ext = self.browser.window(EXT, **({"opener": self.host} if popup else {"parent": self.host}))
        self.received = []
        self.host.addEventListener("message", self.answer)
        self.proxies = []
        self.clock = ManualClock()
        self.transport = PostMessageTransport(
            self.ext, default_target(self.ext), origin, clock=self.clock, create_proxy=self.proxy,
            encode=lambda m: m, decode=decode,
        )
        self.service = wwe.Service(self.transport)

    def proxy(self, function):
        self.proxies.append(FakeProxy(function))
        return self.proxies[-1]

    def answer(self, event):
        self.received.append(event)
        message = event.data
        if "request" in message:
            reply = host_message(request=message["request"], referenceId=message["referenceId"], data="ok")
            event.source.postMessage(reply, event.origin)

    def post_to_ext(self, sender, message, target_origin="*"):
        sender.view(self.ext).postMessage(message, target_origin)


def test_request_reply_round_trip_with_target_origin():
    s = Setup()

    async def main():
        return await s.service.agent.get()

    assert asyncio.run(main()) == "ok"
    [event] = s.received
    assert event.origin == EXT and event.source == s.ext.view(s.ext)
    assert s.browser.blocked == []


def test_never_posts_to_star_by_default():
    s = Setup(origin="https://other.example.com")  # the parent is not at that origin: the browser refuses
    s.service.agent.get()
    s.browser.flush()
    assert s.received == [] and s.browser.blocked[0][:2] == ("https://other.example.com", WWE)


def test_star_is_an_explicit_opt_in_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="wwe"):
        s = Setup(origin="*")
    assert "unsafe" in caplog.text
    s.service.agent.get()
    s.browser.flush()
    assert len(s.received) == 1


def test_popup_targets_the_opener():
    s = Setup(popup=True)
    s.service.agent.get()
    s.browser.flush()
    assert len(s.received) == 1 and s.transport.dropped == {}


def test_explicit_target_wins():
    browser = FakeBrowser()
    other = browser.window(WWE)
    ext = browser.window(EXT, parent=browser.window(WWE))
    seen = []
    other.addEventListener("message", seen.append)
    transport = PostMessageTransport(ext, ext.view(other), WWE, clock=ManualClock(), create_proxy=FakeProxy,
                                     encode=lambda m: m, decode=lambda d: d)
    wwe.Service(transport).agent.get()
    browser.flush()
    assert len(seen) == 1


def test_messages_from_other_windows_are_dropped_and_counted(caplog):
    s = Setup()
    evil = s.browser.window(WWE)  # right origin, wrong window
    seen = []
    s.service.subscribe("agent", seen.append)
    s.browser.flush()
    event = host_message(event="agent", data={})
    s.post_to_ext(evil, event)
    s.post_to_ext(evil, event)
    s.browser.flush()
    assert seen == [] and s.service.dropped["wrong_source"] == 2
    assert caplog.text.count("dropped a message (wrong_source)") == 1  # warned once, then debug


def test_messages_from_the_target_at_another_origin_are_dropped():
    s = Setup()
    seen = []
    s.service.subscribe("agent", seen.append)
    s.browser.flush()
    s.host.origin = "https://evil.example.com"  # the parent navigated away
    s.post_to_ext(s.host, host_message(event="agent", data={}))
    s.browser.flush()
    assert seen == [] and s.transport.dropped == {"wrong_origin": 1}


def test_undecodable_messages_are_dropped():
    def decode(data):
        raise ValueError("cyclic")

    s = Setup(decode=decode)
    s.post_to_ext(s.host, "wweHello")
    s.browser.flush()
    assert s.transport.dropped == {"undecodable": 1}


def test_events_frame_id_and_wwe_strings_from_the_host():
    s = Setup()
    seen, texts = [], []
    s.service.onMessage = texts.append
    s.service.subscribe(["agent"], seen.append)
    s.post_to_ext(s.host, host_message(frameId="f1"), EXT)
    s.post_to_ext(s.host, host_message(event="agent", data={"eventType": "STATE_CHANGED"}), EXT)
    s.post_to_ext(s.host, "wweReady", EXT)
    s.browser.flush()
    assert seen[0]["data"] == {"eventType": "STATE_CHANGED"} and texts == ["wweReady"]
    s.service.agent.get()
    s.browser.flush()
    assert s.received[-1].data["frameId"] == "f1"


def test_structured_clone_rejects_functions():
    s = Setup()
    with pytest.raises(DataCloneError):
        s.transport.send({"request": "x", "parameters": [print]})


def test_close_removes_the_one_listener_and_destroys_its_proxy():
    s = Setup()
    assert len(s.proxies) == 1 and s.ext.listeners == s.proxies
    s.service.agent.get()
    s.service.close()
    assert s.ext.listeners == [] and s.proxies[0].destroyed
    assert s.clock.pending == []
    s.post_to_ext(s.host, host_message(event="agent", data={}), EXT)
    s.browser.flush()  # nobody listens any more


def test_top_level_page_warns(caplog):
    browser = FakeBrowser()
    page = browser.window(EXT)
    PostMessageTransport(page, default_target(page), WWE, clock=ManualClock(), create_proxy=FakeProxy,
                         encode=lambda m: m, decode=lambda d: d)
    assert "no opener or parent" in caplog.text


@pytest.mark.parametrize(
    "given,expected",
    [
        ("https://WWE.example.com/ui/ad/v1/index.html", "https://wwe.example.com"),
        ("https://wwe.example.com:443", "https://wwe.example.com"),
        ("http://localhost:8080/", "http://localhost:8080"),
        ("http://[::1]:80", "http://[::1]"),
        ("*", "*"),
    ],
)
def test_target_origin(given, expected):
    assert target_origin(given) == expected


@pytest.mark.parametrize("bad", ["wwe.example.com", "ftp://x", "https://user@x", "",
                                 "https://straße.example", "https://wwe.example.com:99999"])  # the host's rules too
def test_target_origin_rejects(bad):
    with pytest.raises(ValueError):
        target_origin(bad)
