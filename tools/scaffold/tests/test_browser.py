"""__TITLE__ in the Workspace simulator, in headless Chromium, with this repository's browser fixtures
(tests/e2e/conftest.py: the built sites on two origins; no request may leave the machine)."""
from __future__ import annotations

import pytest

pytest.importorskip("playwright")

from playwright.sync_api import expect  # noqa: E402

from tests.e2e.conftest import chromium, context, page, screenshot, site, traffic  # noqa: E402,F401 - fixtures
from tests.e2e.test_boot import extension_frame, wait_python_ready  # noqa: E402

pytestmark = pytest.mark.browser


def test_the_card_connects_and_shows_a_ringing_call(site, page):
    page.goto(site.simulator_url("scenario=__NAME__"))
    frame = extension_frame(page, f"{site.extension_origin}/__NAME__/")
    wait_python_ready(frame)
    expect(frame.locator("#status")).to_have_text("Connected as ada.lovelace.")
    page.click("#inbound-form button[value=voice]")  # the control panel's "Inbound call"
    expect(frame.locator("#calls li")).to_contain_text("Kate Smith")
    screenshot(page, "__NAME__")
