"""Rendering: the pre-rendered shell, fragments per Change, hostile text shown as text, timing with 500 interactions."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.render import REMOVED, SINGLE, Fragment
from dashboard.state import Change, ChangeKind, DashboardState, Notice, Status
from tools.build import pages

from .dashboard_support import RENDERER, WALL_START
from .test_dashboard_state import event, interaction, interaction_event

PANEL_IDS = ("agent", "interactions", "outbound", "toasts", "messenger", "jwt", "log")
ALLOWED_TAGS = {"header", "h1", "h2", "h3", "h4", "p", "div", "section", "span", "strong", "code", "pre", "ul", "ol",
                "li", "dl", "dt", "dd", "form", "label", "input", "select", "option", "textarea", "button", "datalist",
                "table", "thead", "tbody", "tr", "th", "td"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcdoc", "xlink:href", "style"}


class Inspector(HTMLParser):
    """Every tag, attribute and text of a rendered fragment."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str]] = []
        self.texts: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes += [(name, value or "") for name, value in attrs]

    def handle_data(self, data: str) -> None:
        self.texts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.texts)


def assert_inert(html: str) -> Inspector:
    """Only the dashboard's own tags, no event handler or URL attributes: nothing in ``html`` can run."""
    found = Inspector(html)
    assert found.tags <= ALLOWED_TAGS, found.tags - ALLOWED_TAGS
    assert not [name for name, _ in found.attributes if name.startswith("on") or name in URL_ATTRIBUTES]
    return found


# --- the first paint ------------------------------------------------------------------------------------------

def test_prerendered_shell_holds_every_panel_empty_and_loading():
    """build.py pre-renders index.html (with the dashboard's environment and no state): the first paint."""
    html = pages.jinja_environment([]).get_template("index.html").render(site="extension", wheels=[])
    found = assert_inert(html[html.index("<header"):html.index("</main>")])
    ids = {value for name, value in found.attributes if name == "id"}
    assert {"status", "panels", "interaction-list", "toast-list", "channel-list", "event-log", *PANEL_IDS} <= ids
    assert 'aria-busy="true"' in html and "Starting Python" in html and "{{" not in html and "{%" not in html
    assert '<div id="panels" class="panels" inert>' in html  # nothing to click before Python runs
    assert '<section id="jwt" class="panel" aria-labelledby="jwt-title" hidden>' in html
    assert found.text.count("Loading the") == 3  # agent, interactions, campaigns


def test_runtime_render_without_state_matches_the_shell_panels():
    shell = RENDERER.render("shell", None)
    for panel in PANEL_IDS:
        assert f'<section id="{panel}"' in shell


def test_first_full_render_is_live():
    state = DashboardState(clock=lambda: WALL_START)
    state.set_status("ready", "Connected to Agent Workspace.")
    fragments = RENDERER.fragments(state, [Change("panels"), Change("row", "ix1"), Change("status")])
    assert [f.element_id for f in fragments] == ["status", "workspace-state", "panels"]
    panels = fragments[-1].html
    assert " inert" not in panels.split(">", 1)[0] and "Loading the" not in panels
    assert "The agent's details are not available." in panels


# --- fragments ------------------------------------------------------------------------------------------------

def loaded_state() -> DashboardState:
    state = DashboardState(clock=lambda: WALL_START)
    state.set_status("ready", "Connected")
    state.interactions_loaded_from([interaction("1"), interaction("2", state="TALKING", capabilities=["HOLD"])])
    return state


def test_row_fragment_goes_into_the_list_and_removal_is_an_empty_fragment():
    state = loaded_state()
    key = state.interactions["2"].key
    changes = state.apply_event(interaction_event("HELD", interaction("2", state="HELD", capabilities=["RESUME"])))
    fragments = {f.element_id: f for f in RENDERER.fragments(state, changes)}
    assert fragments[key].parent_id == "interaction-list" and 'data-action="resume"' in fragments[key].html
    assert fragments[key].html.startswith(f'<li id="{key}"')
    log = next(f for f in fragments.values() if f.element_id.startswith("log-"))
    assert log.parent_id == "event-log" and log.first
    changes = state.apply_event(interaction_event("REMOVED", interaction("2")))
    assert Fragment(key, "") in RENDERER.fragments(state, changes)


def test_larger_rerenders_cover_smaller_ones():
    state = loaded_state()
    changes = [Change("row", state.interactions["1"].key), Change("facts"), Change("interactions"), Change("notice", "agent")]
    assert [f.element_id for f in RENDERER.fragments(state, changes)] == ["interactions", "agent-notice"]


def test_every_change_kind_has_a_fragment():
    rendered = set(SINGLE) | set(REMOVED) | set(RENDERER.keyed)
    assert rendered == set(ChangeKind) and len(rendered) == len(SINGLE) + len(REMOVED) + len(RENDERER.keyed)


def test_notice_fragment_is_labelled_text():
    state = loaded_state()
    changes = state.set_notice("dial", Notice("error", "The rate limit <b>was</b> reached.", "Rate limited"))
    (fragment,) = RENDERER.fragments(state, changes)
    assert fragment.element_id == "dial-notice"
    assert Inspector(fragment.html).text == "Rate limited: The rate limit <b>was</b> reached."


# --- hostile text ---------------------------------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "{{7*7}}",
    "{% raw %}{{ self }}{% endraw %}",
    "' onmouseover='alert(1)' x='",
    "</textarea><script>alert(1)</script>",
]


def hostile_state(h: str) -> DashboardState:
    """A state where every field that comes from outside (host, other extensions, the agent) holds ``h``."""
    state = DashboardState(clock=lambda: WALL_START)
    state.status = Status("failed", h)
    state.write_allowed_loaded({"interaction-workspace": {"service-client-api.user-data.write-allowed": f"{h},Key1"}})
    state.agent_loaded({"firstname": h, "lastname": h, "username": h, "employeeId": h})
    state.states_loaded([{"type": h, "displayName": h, "operationName": h}])
    state.agent_state_loaded({"type": h, "displayName": h, "reason": h, "reasonCode": h})
    state.media_loaded([{"name": h, "state": {"type": h, "displayName": h}}])
    wire = interaction(h, media=h, state=h, previousState=h, capabilities=[h, "HANGUP", "HOLD"], parties=[{"name": h}],
                       contact={"displayName": h, "firstName": h, "lastName": h}, caseId=h, callType=h, direction=h,
                       ani=h, dnis=h, startDate=h, endDate=h, recordingState="RECORDING", userData={h: h, "Key1": h},
                       chainedRecords=[{h: h, "GSW_RECORD_HANDLE": 1, "GSW_CAMPAIGN_NAME": h}])
    state.apply_event(interaction_event(h, wire))
    state.apply_event(interaction_event(h, {**wire, "state": "TALKING"}))
    record = state.interactions[h]
    state.record_fields_loaded(record.key, [
        {"name": h, "displayName": h, "value": h, "isEditable": True, "options": {h: h}},
        {"name": h, "displayName": h, "value": h, "isEditable": True, "valueType": "string"},
        {"name": h, "displayName": h, "value": h, "isEditable": False}])
    state.campaigns_loaded([{"name": h, "mode": h, "status": h}])
    state.call_results_loaded({h: 1})
    state.toast_opened(h, {"title": h, "message": h, "keyValues": {h: h}, "buttons": [h]})
    state.apply_event(event("system", {"eventType": "CUSTOM_TOAST_BUTTON_CLICK", "customToastId": h, "buttonIndex": 0}))
    channel, _ = state.join(h)
    state.apply_event(event(f"messenger:{h}", {h: [h, {"html": h}]}))
    state.apply_event(event("system", {"frameState": h}))
    state.apply_event(event("system", {"eventType": "REALTIME_CONNECTION", "state": h}))
    state.services_loaded(["auth.getJwtToken"])
    state.jwt_loaded({"jwtToken": h, "expiration": h})
    for area in ("agent", "dial", "details", record.key, f"{record.key}-preview", channel.key, "toasts", "jwt"):
        state.set_notice(area, Notice("error", h, h))
    state.add_log(h, h, {h: h})
    return state


@pytest.mark.parametrize("h", HOSTILE)
def test_hostile_text_in_every_field_is_shown_as_text(h):
    state = hostile_state(h)
    record = state.interactions[h]
    every_kind = [Change("panels"), Change("row", record.key), Change("preview", record.key), Change("facts"),
                  Change("user-data"), Change("details"), Change("agent"), Change("agent-switcher"),
                  Change("campaigns"), Change("jwt"), Change("log-all"), Change("workspace"), Change("status"),
                  *(Change("toast", k) for k in state.toasts),
                  *(Change(kind, k) for k in state.channels for kind in ("channel", "channel-log")),
                  *(Change("log", str(e.number)) for e in state.log), *(Change("notice", a) for a in state.notices)]
    for change in every_kind:
        for fragment in RENDERER.fragments(state, [change]):
            found = assert_inert(fragment.html)
            assert h in found.text or h in [value for _, value in found.attributes], (change, fragment.element_id)
            assert "49" not in found.text.replace(h, "")  # {{7*7}} is never evaluated


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_any_text_round_trips_through_a_row_and_the_details(name, value):
    state = DashboardState(clock=lambda: WALL_START)
    state.apply_event(interaction_event("ADDED", interaction("1", contact={"displayName": name}, userData={name: value})))
    for change in (Change("row", state.interactions["1"].key), Change("details")):
        (fragment,) = RENDERER.fragments(state, [change])
        found = assert_inert(fragment.html)
        if name.strip() and "\r" not in name and "\x00" not in name:
            assert name in found.text


# --- incremental rendering at scale (timing is measured by `python build.py bench --only dashboard`) -----------

def test_one_event_with_500_interactions_re_renders_only_its_row_and_the_log():
    state = DashboardState(clock=lambda: WALL_START)
    state.interactions_loaded_from([interaction(str(n), userData={f"Key{k}": f"value {k}" for k in range(5)})
                                    for n in range(500)])
    RENDERER.fragments(state, [Change("panels")])
    for n in range(1, 201):  # "0" is the selected one: its details would re-render too
        wire = interaction(str(n), state="TALKING", capabilities=["HANGUP", "HOLD"], recordingState="RECORDING")
        fragments = RENDERER.fragments(state, state.apply_event(interaction_event("ESTABLISHED", wire)))
        assert {f.element_id for f in fragments} == {state.interactions[str(n)].key, f"log-{state.log[0].number}"}
