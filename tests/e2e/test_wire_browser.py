"""Every method goes out from Python in the cross-site iframe, reaches the host page with the exact documented
shape, and comes back as a reply or an error."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import screenshot
from .test_boot import BOOT_TIMEOUT_MS, extension_frame

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
GOLDEN = HERE.parent / "unit" / "golden_wire.json"
UNSTABLE = ("referenceId", "frameId")  # counters: compared separately


def without(message: dict, keys=UNSTABLE) -> dict:
    return {k: v for k, v in message.items() if k not in keys}


@pytest.fixture
def all_methods_page(site, context, page):
    """The simulator embedding, instead of the dashboard, a page that calls every method from Python."""
    context.route(f"{site.extension_origin}/all-methods.html",
                  lambda route: route.fulfill(path=str(HERE / "pages" / "all_methods.html"), content_type="text/html"))
    context.route(f"{site.extension_origin}/golden_wire.json",
                  lambda route: route.fulfill(path=str(GOLDEN), content_type="application/json"))
    scenario = (Path(__file__).resolve().parents[2] / "scenario" / "default.toml").read_text()
    scenario = scenario.replace("http://localhost:8001/index.html", "http://localhost:8001/all-methods.html")
    context.route(f"{site.workspace_origin}/all-methods.toml",
                  lambda route: route.fulfill(body=scenario, content_type="application/toml"))
    # system.openDialog's golden URL: the simulator opens it in a dialog frame; answer it here, offline.
    context.route("https://extension.example/**", lambda route: route.fulfill(body="dialog", content_type="text/html"))
    page.goto(site.simulator_url("scenario=/all-methods.toml"))
    frame = extension_frame(page, site.extension_origin)
    frame.wait_for_function("document.getElementById('status').textContent === 'done'", timeout=BOOT_TIMEOUT_MS * 2)
    return page, frame


def test_every_method_reaches_the_host_in_its_documented_shape(all_methods_page, site):
    page, frame = all_methods_page
    golden = [case for case in json.loads(GOLDEN.read_text())
              if case["call"] not in ("subscribe", "unsubscribe") and "frameId" not in case]
    results = json.loads(frame.evaluate("window.results"))
    assert [r["call"] for r in results] == [c["call"] for c in golden]
    assert {r["outcome"] for r in results} <= {"data", "error"}, [r for r in results if r["outcome"] == "timeout"]

    session = json.loads(page.evaluate("wweSimulator.session_json()"))
    incoming = [e for e in session if e["direction"] == "in" and e["frame"] is not None]
    requests = [e["message"] for e in incoming if "request" in e["message"]]
    assert [without(m) for m in requests] == [without(c["wire"]) for c in golden]
    assert [m["referenceId"] for m in requests] == [str(n) for n in range(len(golden))]  # from "0", like the official
    frame_id = incoming[0]["frame"]
    assert all(m.get("frameId") == frame_id for m in requests[1:])  # adopted from the host, then always sent

    wire_events = [e["message"] for e in incoming if "event" in e["message"]]
    assert [m["event"] for m in wire_events] == ["subscribe", "unsubscribe"]
    assert wire_events[0]["data"] == ["agent", "interaction"]
    assert [m["referenceId"] for m in wire_events] == [str(len(golden)), str(len(golden) + 1)]  # the same counter

    replies = {e["message"]["referenceId"]: e["message"] for e in session
               if e["direction"] == "out" and "referenceId" in e["message"] and "request" in e["message"]}
    for number, result in enumerate(results):
        reply = replies[str(number)]
        assert ("errorMessage" in reply) == (result["outcome"] == "error"), (result, reply)
    screenshot(page, "all-methods")
