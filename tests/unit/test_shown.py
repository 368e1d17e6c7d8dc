"""wwe.shown: how every page shows a value it did not write (issue 18)."""
from __future__ import annotations

from dashboard.render import Renderer
from dashboard.state import DashboardState
from tests.unit.dashboard_support import TEMPLATES
from wwe.shown import SHOWN_CHARACTERS, clip, display, shown


def test_a_short_value_is_shown_whole_and_escaped():
    assert shown("<b>x</b> & y").__html__() == "&lt;b&gt;x&lt;/b&gt; &amp; y"
    assert not shown("x" * SHOWN_CHARACTERS).cut
    assert display({"a": [1, "é"]}) == '{"a": [1, "é"]}' and display("as is") == "as is"


def test_a_long_value_shows_its_start_and_the_rest_behind_show_all():
    text = "<" * 1_000_000
    rendered = shown(text).__html__()
    head, rest = rendered.split('<details class="shown-all">')
    assert head == "&lt;" * (SHOWN_CHARACTERS - 1) + "…"
    assert rest.startswith("<summary>show all 1,000,000 characters</summary><div class=\"shown-text\">&lt;&lt;")
    assert rest.endswith("&lt;</div></details>") and rest.count("&lt;") == 1_000_000
    assert str(shown(text)) == clip(text) and len(clip(text)) == SHOWN_CHARACTERS
    assert clip(["a" * 50], 10) == '["aaaaaaa…'


def test_the_dashboard_replaces_a_writable_value_too_long_to_edit_in_a_line():
    state = DashboardState(clock=lambda: 0.0)
    state.interactions_loaded_from([{"interactionId": "1", "media": "voice", "state": "RINGING",
                                     "userData": {"Long": "y" * 100_000, "Short": "kept"}}])
    state.selected = "1"
    html = Renderer(TEMPLATES).render("interaction_data", state)
    assert 'value="kept"' in html and 'required placeholder="New value (replaces all 100,000 characters)"' in html
    assert "show all 100,000 characters" in html and 'value="yyy' not in html
