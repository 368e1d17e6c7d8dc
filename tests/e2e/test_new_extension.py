"""``build.py new`` to a running extension: scaffolded into a folder outside the repository, built into a dist of
its own, served on two sites, embedded by the simulator, connected."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

import build
from tools import manifest, new_extension

from .conftest import Site, free_port, screenshot
from .test_boot import extension_frame, wait_python_ready

pytestmark = pytest.mark.browser


def test_a_new_extension_connects_in_the_simulator(tmp_path, page):
    folder = new_extension.create("caller-card", tmp_path / "elsewhere")
    extension = manifest.load(folder / "extension.toml", build.ROOT / "py")
    dist = tmp_path / "dist"
    build.build(quiet=True, found=[extension], dist=dist)
    assert sorted(p.name for p in (dist / "extension").iterdir()) == ["caller-card"]  # nothing but the extension
    site = Site(free_port(), free_port())
    servers = build.start_servers(workspace_port=site.workspace_port, extension_port=site.extension_port,
                                  quiet=True, dist=dist)
    try:
        page.goto(site.simulator_url("scenario=caller-card"))
        frame = extension_frame(page, f"{site.extension_origin}/caller-card/index.html")
        wait_python_ready(frame)
        expect(frame.locator("#status")).to_have_text("Connected as ada.lovelace.")
        page.click("#inbound-form button[value=voice]")  # the control panel's "Inbound call"
        expect(frame.locator("#calls li")).to_contain_text("Kate Smith · RINGING")
        screenshot(page, "new-extension-in-simulator")
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
