"""Real-browser fixtures: the built site served on two sites, and headless Debian Chromium through Playwright.

The simulator is served on 127.0.0.1 and the extension on localhost: two different sites, as in a real
Agent Workspace, so origin checks and third-party storage rules are the real ones.
"""
from __future__ import annotations

import socket
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tools.build import assemble, server

CHROMIUM = "/usr/bin/chromium"
# Chromium flags for a closed network and a root user (see the machine notes): no background traffic.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"
EXPECT_TIMEOUT_MS = 15_000
"""How long expect() waits for a state (Playwright's default is 5 s): a limit on a loaded machine, never a pause."""
expect.set_options(timeout=EXPECT_TIMEOUT_MS)


def pytest_configure(config):
    config.addinivalue_line("markers", "firefox: end-to-end flows in headless Firefox ESR (WebDriver BiDi)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Site:
    """Where the simulator and the extension are served during the tests."""

    workspace_port: int
    extension_port: int

    @property
    def workspace_origin(self) -> str:
        return f"http://127.0.0.1:{self.workspace_port}"

    @property
    def extension_origin(self) -> str:
        return f"http://localhost:{self.extension_port}"

    def simulator_url(self, query: str = "") -> str:
        extra = f"&{query}" if query else ""
        return f"{self.workspace_origin}/?extension-origin={self.extension_origin}{extra}"


@pytest.fixture(scope="session")
def site() -> Site:
    assemble.build(quiet=True)
    ports = Site(free_port(), free_port())
    servers = server.start_servers(workspace_port=ports.workspace_port, extension_port=ports.extension_port, quiet=True)
    yield ports
    for running in servers:
        running.shutdown()
        running.server_close()


@dataclass
class Traffic:
    """Every URL the browser asked for, and those that would have left the machine (blocked)."""

    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium per test module (Playwright's event loop must not outlive the browser tests)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def traffic() -> Traffic:
    return Traffic()


@pytest.fixture
def context(chromium, traffic):
    """A fresh browser profile that blocks and records any request leaving localhost."""
    ctx = chromium.new_context(viewport={"width": 1280, "height": 800})

    def guard(route):
        url = route.request.url
        traffic.requests.append(url)
        if urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            traffic.foreign.append(url)
            route.abort()

    ctx.route("**/*", guard)
    yield ctx
    ctx.close()
    assert traffic.foreign == [], f"requests left localhost: {traffic.foreign}"


@pytest.fixture
def page(context):
    return watch_console(context.new_page())


def watch_console(page):
    """``page`` noting its console lines and uncaught errors in ``page.console_messages`` ("type: text")."""
    page.console_messages = []
    page.on("console", lambda msg: page.console_messages.append(f"{msg.type}: {msg.text}"))
    page.on("pageerror", lambda err: page.console_messages.append(f"pageerror: {err}"))
    return page


PROBE = """() => {
  window.__probeFired = new Set();
  window.__probe = (kind) => window.__probeFired.add(kind);
  const probe = document.createElement("div");
  probe.hidden = true;
  probe.dataset.probe = "";
  probe.innerHTML = '<img src="index.html" onerror="__probe(`img`)"><details open ontoggle="__probe(`details`)"></details>';
  document.body.append(probe);
}"""


def payloads_had_their_chance(*frames) -> None:
    """Before asserting that no script payload ran: markup of our own with the payloads' triggers (an image that
    fails, here a page of the site that is no image, and a <details open ontoggle>), added to each frame after the
    hostile text was shown, has fired; a
    payload that had reached the DOM as markup earlier would have fired by then too. (An <svg onload> added as
    markup after parsing never fires, in a payload or here.)"""
    for frame in frames:
        frame.evaluate(PROBE)
    for frame in frames:
        frame.wait_for_function("window.__probeFired.size === 2", polling=50)
        frame.evaluate("document.querySelector('[data-probe]').remove()")


def screenshot(page, name: str) -> Path:
    """Save what a person would see, under test-results/."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sized_frame_screenshot(page, iframe, frame, name: str, width: int) -> Path:
    """An extension's iframe, already sized to ``width`` px, under test-results/: first checked not to scroll
    sideways; then the iframe's size and the simulator page's viewport are put back."""
    assert frame.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), \
        f"{name}: the extension scrolls sideways at {width} px"
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    iframe.screenshot(path=str(path))
    iframe.evaluate("f => f.removeAttribute('style')")
    page.set_viewport_size({"width": 1280, "height": 800})
    return path
