"""Lessons in Chromium: a scenario step makes the dashboard frame send requests (the inspector shows each request
and the host's reply, the refusal included); a lesson that cannot be loaded (a server without CORS headers, TOML
errors, check errors) shows its whole message and what to do in place of the simulator."""
from __future__ import annotations

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from workspace.page import startup

from ..unit.test_lesson_check import EXPECTED_FIVE, EXPECTED_MIXED, FIVE_ERRORS, FIVE_MIXED
from .conftest import screenshot
from .test_boot import BOOT_TIMEOUT_MS
from .test_dashboard_browser import UI_TIMEOUT_MS, open_simulator
from .test_dashboard_flows import keep
from .test_scenarios import open_scenario, status, wait_log

pytestmark = pytest.mark.browser

SESSION_HAS = """([request, key]) => JSON.parse(wweSimulator.session_json()).some(
    e => e.direction === 'out' && e.message.request === request && JSON.stringify(e.message).includes(key))"""
"""JavaScript: whether the host has sent a reply to ``request`` whose JSON holds ``key`` (both as arguments)."""


def open_scenario_at(site, context, page, address: str) -> list:
    """The simulator with the lesson at ``address`` and its started dashboard frame."""
    return open_simulator(site, context, page, query=f"scenario={quote(address, safe='')}")


def step(page, done: int) -> None:
    """Press Step and wait until the player says ``done`` steps are done."""
    page.locator("#player-step").click()
    page.wait_for_function("n => document.getElementById('player-status').textContent.includes(`step ${n} of`)",
                           arg=done, timeout=UI_TIMEOUT_MS)


def test_a_step_makes_the_dashboard_send_requests_and_the_inspector_shows_the_hosts_replies(site, context, page):
    (frame,) = open_scenario(site, context, page, "user-data")
    step(page, 1)
    frame.locator("#interaction-list [data-action=answer]").wait_for(timeout=UI_TIMEOUT_MS)
    step(page, 2)
    step(page, 3)                                                   # the dashboard writes Key3: accepted
    wait_log(frame, "ATTACHED_DATA_CHANGED")
    page.wait_for_function(SESSION_HAS, arg=["interaction.setUserData", '"protocolVersion"'], timeout=UI_TIMEOUT_MS)
    step(page, 4)                                                   # then Key2: refused by the host
    refusal = "Writing the user data key 'Key2' is not allowed."
    page.wait_for_function(SESSION_HAS, arg=["interaction.setUserData", refusal], timeout=UI_TIMEOUT_MS)
    session = json.loads(page.evaluate("wweSimulator.session_json()"))
    asked = [e["message"] for e in session if e["direction"] == "host" and "ask" in e["message"]]
    assert [(a["step"], a["view"], a["parameters"][1]) for a in asked] == \
        [(3, "Dashboard", {"Key3": "Disposition: resolved"}), (4, "Dashboard", {"Key2": "Upsell offered"})]
    sent = [e for e in session if e["direction"] == "in" and e["message"].get("request") == "interaction.setUserData"]
    assert [e["frame"] for e in sent] == [asked[0]["ask"]] * 2        # from the dashboard's own frame, its client
    replies = [e for e in session if e["direction"] == "out" and e["message"].get("referenceId") in
               {s["message"]["referenceId"] for s in sent}]
    assert [r["message"].get("errorMessage") for r in replies] == [None, refusal]
    expect(page.locator("#inspector")).to_contain_text(refusal)     # what the class sees
    frame.wait_for_function("t => document.getElementById('event-log').textContent.includes(t)", arg="Key2",
                            timeout=UI_TIMEOUT_MS)                  # and the dashboard's own log
    assert status(page) == "Paused · step 4 of 6 done"              # pause = true: the trainer talks about it
    keep(screenshot(page, "lesson-user-data-refused"))


class CorsHandler(SimpleHTTPRequestHandler):
    """Files, with the header that lets other sites read them (what TEACHING.md's one-line server sends)."""

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()


@pytest.fixture
def lesson_server(tmp_path):
    """``serve(cors)``: a second local web server for ``tmp_path``, sending CORS headers or not; its origin."""
    servers = []

    def serve(cors: bool) -> str:
        handler = CorsHandler if cors else SimpleHTTPRequestHandler
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(tmp_path)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def shows_load_error(page, *parts: str) -> str:
    """Wait for the page shown in place of the simulator; check it and return its message."""
    expect(page.locator("#load-error")).to_be_visible(timeout=BOOT_TIMEOUT_MS)
    expect(page.locator("#layout")).to_be_hidden()
    expect(page.locator("#host-status")).to_have_attribute("data-state", "failed")
    text = page.locator("#load-error-text").text_content()
    for part in parts:
        assert part in text, text
    box = page.locator("#load-error-text").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]   # nothing cut at the edge
    return text


def test_a_lesson_from_a_server_without_cors_says_so_in_the_page(site, page, lesson_server, tmp_path):
    (tmp_path / "lesson.toml").write_text('[timeline]\nbase = "default"\ntitle = "Mine"\n', encoding="utf-8")
    address = f"{lesson_server(cors=False)}/lesson.toml"
    page.goto(site.simulator_url(f"scenario={quote(address, safe='')}"))
    shows_load_error(page, f"cannot load the scenario {address}", "CORS")
    expect(page.locator("#load-error-hint")).to_have_text(startup.CORS_HINT)
    keep(screenshot(page, "lesson-load-error-cors"))


def test_the_same_lesson_served_with_cors_headers_plays(site, context, page, lesson_server, tmp_path):
    (tmp_path / "lesson.toml").write_text(
        '[timeline]\nbase = "default"\ntitle = "Mine"\n\n[[timeline.step]]\ndo = "inbound"\nmedia = "voice"\n',
        encoding="utf-8")
    address = f"{lesson_server(cors=True)}/lesson.toml"
    (frame,) = open_scenario_at(site, context, page, address)
    expect(page.locator("#script-title")).to_have_text("Mine")
    step(page, 1)
    frame.locator("#interaction-list [data-action=answer]").wait_for(timeout=UI_TIMEOUT_MS)


@pytest.mark.parametrize(("text", "parts", "name"), [
    ('[timeline]\ntitle = "T"\n\n[[timeline.step]]\ndo = inbound\n', ["TOML syntax", "line 5"], "toml"),
    (FIVE_ERRORS, [text for _, text in EXPECTED_FIVE], "check"),
    (FIVE_MIXED, [text for _, text in EXPECTED_MIXED], "check-mixed"),   # configuration errors among them
])
def test_a_lesson_with_errors_shows_every_one_in_the_page(site, context, page, text, parts, name):
    context.route(f"{site.workspace_origin}/lesson.toml",
                  lambda route: route.fulfill(body=text, content_type="application/toml"))
    page.goto(site.simulator_url("scenario=/lesson.toml"))
    shown = shows_load_error(page, *parts)
    if name.startswith("check"):
        assert len(shown.splitlines()) == len(parts)              # one line per error, each whole
    expect(page.locator("#load-error-hint")).to_have_text(startup.CHECK_HINT)
    keep(screenshot(page, f"lesson-load-error-{name}"))
