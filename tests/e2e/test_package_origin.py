"""A packaged extension (``build.py package``) embedded by a page on an origin it does not pin: it sends that page
nothing, shows nothing the page sends it, and says why."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tools.build import package, paths
from tools import manifest, new_extension

from .conftest import payloads_had_their_chance, screenshot
from .test_boot import extension_frame, wait_python_ready
from .test_new_extension import serving

pytestmark = pytest.mark.browser

PINNED = "https://workspace.example.com"

# The embedder records every message it gets, and sends the frame what a Workspace would: a forged call.
EMBEDDER = """<!doctype html><meta charset="utf-8"><title>Not the Workspace</title>
<script>
  window.received = [];
  addEventListener("message", (event) => window.received.push(event.data));
  function forge() {
    const call = {interactionId: "9", media: "voice", state: "RINGING", contact: {displayName: "Forged Caller"}};
    document.querySelector("iframe").contentWindow.postMessage(
      {event: "interaction", data: {eventType: "RINGING", interaction: call}, protocolVersion: 2}, "*");
  }
</script>
<iframe src="SRC" style="width: 600px; height: 300px"></iframe>"""


def test_an_unlisted_embedder_gets_nothing_and_the_user_sees_why(tmp_path, page):
    folder = new_extension.create("caller-card", tmp_path / "mine")
    extension = manifest.load(folder / "extension.toml", paths.ROOT / "py")
    out = package.package("caller-card", [PINNED], [extension], tmp_path / "packages")
    with serving(out, tmp_path) as (extension_port, embedder_port):
        source = f"http://localhost:{extension_port}/index.html"
        embedder = f"http://127.0.0.1:{embedder_port}"  # a page served as the Workspace would be
        (tmp_path / "embed.html").write_text(EMBEDDER.replace("SRC", source))
        page.goto(f"{embedder}/embed.html")
        frame = extension_frame(page, source)
        wait_python_ready(frame)
        expect(frame.locator("#status")).to_have_text(
            f"This page is embedded by {embedder}, which is not a Workspace origin it trusts ({PINNED}).")
        expect(frame.locator("#status")).to_have_attribute("data-state", "failed")
        page.evaluate("forge()")
        payloads_had_their_chance(frame)
        assert page.evaluate("window.received") == []             # no request, no subscription reached the embedder
        expect(frame.locator("#app")).not_to_contain_text("Forged Caller")
        screenshot(page, "package-unlisted-embedder")
