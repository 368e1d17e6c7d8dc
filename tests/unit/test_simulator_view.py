"""Rendering of the simulator page: extension-provided text is escaped, colours/URLs/sizes checked, and only the
regions whose data changed are rendered again."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from workspace.page.frames import Frames
from workspace.model.screen import Toast
from workspace.untrusted import css_size, hex_color, pixels, web_url
from workspace.view import PageView, environment, menu_view, toast_view

from .test_simulator_panel import EXTENSION, page_host, perform, request

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "simulator"
HOSTILE = "<img src=x onerror=window.__pwned=1>"
ESCAPED = "&lt;img src=x onerror=window.__pwned=1&gt;"


@pytest.fixture
def view() -> PageView:
    return PageView(environment(TEMPLATES))


def regions(view: PageView, host) -> dict[str, str]:
    return dict(view.regions(host.model, {"frame1": "Agent view"}, {}))


def test_the_first_render_fills_every_region_and_then_only_what_changed(view):
    host = page_host()
    first = regions(view, host)
    assert set(first) == {"agent-status", "menu-bar", "interactions", "campaigns", "connection", "toasts"}
    assert "No interaction yet" in first["interactions"] and "Ada Lovelace" in first["agent-status"]
    assert regions(view, host) == {}
    perform(host, "inbound", media="voice", party="+15550001111")
    assert set(regions(view, host)) == {"interactions"}
    perform(host, "connection", arg="DISCONNECTED")
    assert set(regions(view, host)) == {"agent-status", "connection"}


def test_an_updated_toast_is_rendered_again(view):
    host = page_host()
    toast_id = request(host, "system.popupToast", {"title": "Before"})["data"]
    assert "Before" in regions(view, host)["toasts"]
    request(host, "system.updateToast", toast_id, {"title": "After"})  # changes the model's dict in place
    assert "After" in regions(view, host)["toasts"]


def test_hostile_toast_text_is_escaped(view):
    host = page_host()
    request(host, "system.popupToast", {"title": HOSTILE, "subject": HOSTILE, "message": HOSTILE,
                                        "keyValues": {HOSTILE: HOSTILE, "n": 3}, "buttons": [HOSTILE],
                                        "iconUrl": "javascript:alert(1)", "id": "not-the-id"})
    html = regions(view, host)["toasts"]
    assert "<img" not in html and html.count(ESCAPED) == 6
    assert 'data-toast="wweCustomToast0"' in html and "not-the-id" not in html
    assert "<dd>3</dd>" in html


def test_toast_view_defaults():
    toast = toast_view(Toast("t1", "f1", {"width": 9999, "iconUrl": "https://cdn.example/i.png"}), "Agent view")
    assert toast["buttons"] == ["OK"] and toast["width"] == 560 and toast["icon"] == "https://cdn.example/i.png"
    assert toast["show_frame"] is None
    assert toast_view(Toast("t1", "f1", {"width": True, "buttons": []}), "")["width"] == 350


def test_a_show_dismiss_toast_keeps_its_line_breaks_and_its_show_button_names_the_frame(view):
    """D18: Show and Dismiss; Show carries the frame whose view it brings forward; ``\r\n`` stays a line break."""
    host = page_host()
    request(host, "system.popupToast", {"title": "Callback", "message": "Line 1\r\nLine 2", "buttonShowDismiss": True,
                                        "iconUrl": "https://icons.example/missing.png"})
    html = regions(view, host)["toasts"]
    assert "Line 1\r\nLine 2" in html  # the HTML parser makes it one line break, shown by white-space: pre-wrap
    buttons = re.findall(r"<button[^>]*data-action=\"toast-button\"[^>]*>([^<]*)</button>", html)
    assert buttons == ["Show", "Dismiss"]
    assert re.search(r'data-arg="0" data-frame="frame1">Show<', html) and 'data-frame="frame1">Dismiss' not in html
    assert '<img class="icon" src="https://icons.example/missing.png"' in html


def test_menu_bar_views_escape_text_and_keep_only_hex_colours(view):
    host = page_host()
    request(host, "system.updateViewInApplicationMenuBar", {"name": "n", "label": HOSTILE, "tooltip": HOSTILE,
                                                            "labelColor": "#fff", "backgroundColor": "#0B6BCB"})
    html = regions(view, host)["menu-bar"]
    assert "<img" not in html and html.count(ESCAPED) == 2
    assert 'style="color: #fff; background: #0B6BCB;"' in html and 'data-frame="frame1"' in html
    shown = menu_view("frame1", {"name": "n", "label": "L", "labelColor": "red;x:url(a)",
                                 "backgroundColor": "#12345", "iconUrl": "data:image/png;base64,AA"}, "Agent")
    assert (shown["color"], shown["background"], shown["icon"]) == (None, None, None)
    assert shown["tooltip"] == "L (Agent)"


def test_interactions_escape_parties_and_attached_data(view):
    host = page_host()
    perform(host, "inbound", media="chat", party=HOSTILE, user_data=f"Key1={HOSTILE}")
    html = regions(view, host)["interactions"]
    assert "<img" not in html and html.count(ESCAPED) == 2
    assert 'data-action="accept" data-id="1"' in html


def test_dialogs_are_added_and_removed_one_by_one(view):
    host = page_host()
    embeds = Frames()
    embeds.add("Agent", "Agent view", EXTENSION, f"{EXTENSION}/app/index.html", "tab")
    first = request(host, "system.openDialog", "dialog.html?x=1&y=2", {"label": HOSTILE, "width": "50%"})["data"]
    script = request(host, "system.openDialog", "javascript:alert(1)", {"height": "300px"})["data"]
    opened, closed = view.dialogs(host.model, embeds.by_id)
    assert closed == []
    (one, one_html), (two, two_html) = opened
    assert (one.dialog_id, one.url, one.width, one.height, one.source) == \
        (first, f"{EXTENSION}/app/dialog.html?x=1&y=2", "50%", "360px", "Agent view")
    assert ESCAPED in one_html and "<img" not in one_html and 'src="http://localhost:8001/app/dialog.html?x=1&amp;y=2"' in one_html
    assert (two.dialog_id, two.url, two.height, two.label) == (script, None, "300px", script)
    assert "<iframe" not in two_html and "javascript" not in two_html
    assert view.dialogs(host.model, embeds.by_id) == ([], [])
    request(host, "system.closeDialog", first)
    assert view.dialogs(host.model, embeds.by_id) == ([], [first])


def test_the_control_forms_offer_the_scenario_states_and_media(view):
    html = view.controls(page_host().model)
    assert '<option value="NotReadyBreak">Not Ready - Break</option>' in html
    assert '<option value="OUT_OF_SERVICE">OUT_OF_SERVICE</option>' in html
    assert '<option value="email">email</option>' in html
    assert 'placeholder="+15551234567"' in html


def test_an_extension_card_escapes_its_configured_text(view):
    html = view.card("Agent", HOSTILE, 'https://x.example/?a="b"', "popup")
    assert ESCAPED in html and "<img" not in html
    assert 'src="https://x.example/?a=&#34;b&#34;"' in html and 'class="extension mode-popup"' in html


# -- untrusted values ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("#fff", "#fff"), ("#FFFA", "#FFFA"), ("#0b6bcb", "#0b6bcb"), ("#0B6BCB80", "#0B6BCB80"),
    ("#FFFFF", None), ("red", None), ("#fff;background:url(x)", None), (0xFFFFFF, None), (None, None),
])
def test_hex_colours(value, expected):
    assert hex_color(value) == expected


@pytest.mark.parametrize("value, base, expected", [
    ("https://cdn.example/a.png", None, "https://cdn.example/a.png"),
    ("HTTP://cdn.example/a", None, "http://cdn.example/a"),
    ("dialog.html", "http://localhost:8001/app/index.html", "http://localhost:8001/app/dialog.html"),
    ("//other.example/x", "https://a.example/", "https://other.example/x"),
    ("dialog.html", None, None),
    ("javascript:alert(1)", "http://localhost:8001/", None),
    (" javascript:alert(1)", None, None),
    ("java\tscript:alert(1)", "http://localhost:8001/", None),
    ("data:text/html,<script>1</script>", None, None),
    ("about:blank", None, None),
    ("http://", None, None),
    ("", "http://localhost:8001/", None),
    ("https://a.example/" + "x" * 3000, None, None),
    (42, None, None),
])
def test_web_urls(value, base, expected):
    assert web_url(value, base) == expected


def test_sizes_and_pixels():
    assert css_size("430px", "1px") == "430px" and css_size("50.5%", "1px") == "50.5%"
    assert css_size("10em", "1px") == "1px" and css_size("1px;color:red", "1px") == "1px" and css_size(5, "1px") == "1px"
    assert pixels(300, 200, 500, 350) == 300 and pixels(10, 200, 500, 350) == 200 and pixels(1e9, 200, 500, 350) == 500
    assert pixels(float("nan"), 200, 500, 350) == 350 and pixels(float("inf"), 200, 500, 350) == 500
    assert pixels("300", 200, 500, 350) == 350 and pixels(False, 200, 500, 350) == 350


def test_the_scenario_panel_shows_the_script_as_text(view):
    from workspace import timeline
    hostile = '<img src=x onerror="alert(1)">'
    _, plan = timeline.load(f'[timeline]\nbase = "default"\ntitle = \'{hostile}\'\ndescription = \'{hostile}\'\n'
                            f'[[timeline.step]]\ndo = "note"\nnote = \'{hostile}\'\n')
    html = view.scenario([("default", "default"), ("x", hostile)], "x", plan)
    assert "<img" not in html and html.count("&lt;img src=x onerror=") == 3
    assert 'id="player-play"' in html and 'aria-pressed="false"' in html
    assert [f'value="{s}"' in html for s in ("0.5", "1", "2", "5", "10")] == [True] * 5
    steps = view.scenario_steps(timeline.progress(timeline.Player(plan, page_host())))
    assert "<img" not in steps and 'aria-current="step"' in steps
    assert 'id="player-play"' not in view.scenario([("default", "default")], "default", timeline.Script())
    assert 'value="" selected disabled>/my.toml' in view.scenario([("default", "default")], "/my.toml",
                                                                   timeline.Script())
