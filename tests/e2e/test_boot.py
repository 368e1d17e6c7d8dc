"""The extension boots inside the simulator, cross-site, offline, with or without storage."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import screenshot

pytestmark = pytest.mark.browser

BOOT_TIMEOUT_MS = 60_000

# Make IndexedDB fail the way Chromium fails it for a storage-blocked third-party iframe.
DENY_STORAGE = """
(() => {
  const refuse = () => {
    const request = { onsuccess: null, onerror: null, onupgradeneeded: null, error: new DOMException(
      "The user denied permission to access the database.", "UnknownError") };
    const event = { type: "error", target: request, preventDefault() {} };
    setTimeout(() => request.onerror && request.onerror(event));
    return request;
  };
  Object.defineProperty(globalThis, "indexedDB", { value: { open: refuse }, configurable: true });
})();
"""


def extension_frame(page, origin: str):
    """The frame of the (first) iframe whose URL starts with ``origin``, once it holds that document: waits for the
    iframe element, then for its frame's navigation."""
    iframe = page.locator(f'iframe[src^="{origin}"]').first
    frame = iframe.element_handle(timeout=BOOT_TIMEOUT_MS).content_frame()
    frame.wait_for_url(lambda url: url.startswith(origin), timeout=BOOT_TIMEOUT_MS)
    return frame


def wait_python_ready(frame) -> None:
    frame.wait_for_function("document.getElementById('app')?.getAttribute('aria-busy') === 'false'",
                            timeout=BOOT_TIMEOUT_MS)


def test_extension_boots_cross_site_in_simulator(site, page, traffic):
    page.goto(site.simulator_url())
    page.wait_for_function("document.getElementById('host-status').textContent.includes('ready')", timeout=BOOT_TIMEOUT_MS)
    frame = extension_frame(page, site.extension_origin)
    wait_python_ready(frame)
    assert frame.evaluate("new URL(document.referrer).origin") == site.workspace_origin
    # The extension's Python called agent.get across origins; the host's reply is in the extension's DOM.
    frame.locator("#agent-summary", has_text="ada.lovelace").wait_for(timeout=BOOT_TIMEOUT_MS)
    assert "Ada Lovelace" in frame.locator("#agent-summary").inner_text()
    answered = page.locator("#inspector tr", has_text="agent.get").filter(has_text="answered")
    expect(answered.first).to_be_visible()  # the page shows it at its next redraw
    assert all(url.startswith((site.workspace_origin, site.extension_origin)) for url in traffic.requests)
    # Started early, from the memory snapshot (static/snapshot.mjs warns when it falls back)
    assert not [m for m in page.console_messages if m.startswith("warning: [boot]")]
    # Each big file once: a preload that does not match the runtime's own request would fetch it twice
    for name in ("/pyodide/pyodide.asm.wasm", "/pyodide/snapshot.bin", "/pyodide/python_stdlib.zip", "/app.zip",
                 "/pyscript.toml"):
        assert traffic.requests.count(site.extension_origin + name) == 1, name
    screenshot(page, "boot-simulator")


def test_extension_boots_with_storage_denied(site, context, page):
    context.add_init_script(DENY_STORAGE)
    page.goto(site.simulator_url())
    frame = extension_frame(page, site.extension_origin)
    wait_python_ready(frame)
    assert frame.evaluate("globalThis.__wweBoot.storage") == "memory"
    assert not [m for m in page.console_messages if m.startswith("pageerror")]


def test_extension_boots_first_party_with_indexeddb(site, page):
    """Opened directly (first-party), the page keeps the browser's IndexedDB."""
    page.goto(f"{site.extension_origin}/index.html")
    wait_python_ready(page.main_frame)
    assert page.evaluate("globalThis.__wweBoot.storage") == "indexeddb"


PRINTING_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="module" src="./boot.js"></script></head>
<body><p id="status">starting</p>
<script type="py" config="./pyscript.toml" async>
import sys
import js
print("to stdout from Python")
print("to stderr from Python", file=sys.stderr)
js.document.getElementById("status").textContent = "printed"
</script></body></html>"""


def test_python_output_reaches_the_console(site, page):
    """boot.js starts Pyodide before PyScript asks for it (static/snapshot.mjs, prestart): Python's stdout and stderr
    still go where PyScript sends them (the console), and the early Pyodide is the one PyScript uses."""
    page.route(f"{site.extension_origin}/printing.html",
               lambda route: route.fulfill(body=PRINTING_PAGE, content_type="text/html"))
    page.goto(f"{site.extension_origin}/printing.html")
    page.locator("#status", has_text="printed").wait_for(timeout=BOOT_TIMEOUT_MS)
    assert "log: to stdout from Python" in page.console_messages
    assert "error: to stderr from Python" in page.console_messages
    assert not [m for m in page.console_messages if m.startswith("warning: [boot]")]


def test_shell_paints_before_python(site, page):
    """The pre-rendered dashboard shell is visible, in its loading state, before Python runs."""
    page.route("**/pyodide/pyodide.asm.wasm", lambda route: None)  # hold Python back: never answer
    page.goto(f"{site.extension_origin}/index.html", wait_until="domcontentloaded")
    status = page.locator("#status")
    assert status.is_visible()
    assert "Starting Python" in status.text_content()
    assert page.locator("#app").get_attribute("aria-busy") == "true"
