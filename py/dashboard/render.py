"""jinja2 rendering (autoescape on) of the dashboard: whole panels, and the fragments a Change names.

Templates live in ``templates/dashboard/``. build.py pre-renders ``shell.html`` with this environment and no state
(``s`` is None: every panel in its empty, loading state); at run time each template gets ``s``, the DashboardState.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Callable, Iterable, NamedTuple

import jinja2
from wwe import templating
from wwe.shown import display

from . import controls
from .state import LOG_FILTERS, Change, ChangeKind, DashboardState, state_label, state_tone

TEMPLATES = Path("templates")
"""The templates folder in Python's working directory (build.py puts it in app.zip)."""


class Fragment(NamedTuple):
    """The new outer HTML of the element ``element_id``; "" removes it.

    When the element is not in the page yet, it goes last (``first``: first) in the element ``parent_id``.
    """

    element_id: str
    html: str
    parent_id: str = ""
    first: bool = False


def clock_time(seconds: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(seconds))


def pretty_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


def environment(folder: Path | str = TEMPLATES) -> jinja2.Environment:
    """The dashboard's templates (``wwe.templating``), with its helpers; ``s`` (the state) defaults to None."""
    return templating.environment(
        folder,
        s=None,
        clock=clock_time,
        pretty_json=pretty_json,
        text=display,
        state_label=state_label,
        state_tone=state_tone,
        call_controls=controls.call_controls,
        preview_controls=controls.preview_controls,
        recording_controls=controls.recording_controls,
        log_filters=LOG_FILTERS,
    )


_K = ChangeKind

COVERED_BY: dict[ChangeKind, set[ChangeKind] | None] = {
    _K.PANELS: None,
    _K.INTERACTIONS: {_K.ROW, _K.ROW_REMOVED, _K.INTERACTIONS_SUMMARY, _K.DETAILS, _K.FACTS, _K.USER_DATA},
    _K.DETAILS: {_K.FACTS, _K.USER_DATA},
    _K.OUTBOUND: {_K.PREVIEW, _K.PREVIEW_REMOVED, _K.CAMPAIGNS},
    _K.LOG_ALL: {_K.LOG, _K.LOG_REMOVED},
}
"""A change of the left kind re-renders everything of the right kinds (None: every kind)."""


def _without_covered(changes: Iterable[Change]) -> list[Change]:
    """Unique changes, dropping those a larger re-render already covers."""
    unique = list(dict.fromkeys(changes))
    covered: set[ChangeKind] = set()
    for change in unique:
        if change.kind in COVERED_BY:
            kinds = COVERED_BY[change.kind]
            if kinds is None:
                return [change]
            covered |= kinds
    return [c for c in unique if c.kind not in covered]


class Renderer:
    """Renders the templates of ``folder`` for a DashboardState."""

    def __init__(self, folder: Path | str = TEMPLATES) -> None:
        self.env = environment(folder)
        self.keyed: dict[ChangeKind, Callable[[DashboardState, str], list[Fragment]]] = {
            _K.PANELS: self._panels,
            _K.ROW: self._row,
            _K.PREVIEW: self._preview,
            _K.TOAST: self._toast,
            _K.CHANNEL: self._channel,
            _K.CHANNEL_LOG: self._channel_log,
            _K.LOG: self._log_entry,
            _K.NOTICE: self._notice,
        }
        """Changes with a key: kind -> what renders that item."""

    def render(self, name: str, state: DashboardState | None, **values: Any) -> str:
        """``templates/dashboard/<name>.html`` rendered with ``s=state`` and ``values``."""
        return self.env.get_template(f"dashboard/{name}.html").render(s=state, **values).strip()

    def fragments(self, state: DashboardState, changes: Iterable[Change]) -> list[Fragment]:
        """The fragments that bring the page up to date after ``changes``."""
        return [f for change in _without_covered(changes) for f in self._fragments(state, change)]

    def _fragments(self, state: DashboardState, change: Change) -> list[Fragment]:
        kind, key = change
        if kind in SINGLE:
            element, template = SINGLE[kind]
            return [Fragment(element, self.render(template, state))]
        if kind in REMOVED:
            return [Fragment(REMOVED[kind].format(key=key), "")]
        return self.keyed[kind](state, key)

    def _panels(self, state: DashboardState, key: str) -> list[Fragment]:
        return [Fragment(element, self.render(template, state)) for element, template in FIRST_RENDER]

    def _row(self, state: DashboardState, key: str) -> list[Fragment]:
        interaction = state.interaction_by_key(key)
        return [Fragment(key, self.render("interaction_row", state, ix=interaction), "interaction-list")] \
            if interaction else []

    def _preview(self, state: DashboardState, key: str) -> list[Fragment]:
        interaction = state.interaction_by_key(key)
        return [Fragment(f"{key}-preview", self.render("preview", state, ix=interaction), "preview-list")] \
            if interaction else []

    def _toast(self, state: DashboardState, key: str) -> list[Fragment]:
        return [Fragment(key, self.render("toast", state, toast=state.toasts[key]), "toast-list", first=True)]

    def _channel(self, state: DashboardState, key: str) -> list[Fragment]:
        channel = state.channels.get(key)
        return [Fragment(key, self.render("channel", state, channel=channel), "channel-list")] if channel else []

    def _channel_log(self, state: DashboardState, key: str) -> list[Fragment]:
        channel = state.channels.get(key)
        return [Fragment(f"{key}-log", self.render("channel_log", state, channel=channel))] if channel else []

    def _log_entry(self, state: DashboardState, key: str) -> list[Fragment]:
        entry = next((e for e in state.log if str(e.number) == key), None)
        return [Fragment(f"log-{key}", self.render("log_entry", state, entry=entry), "event-log", first=True)] \
            if entry else []

    def _notice(self, state: DashboardState, key: str) -> list[Fragment]:
        return [Fragment(f"{key}-notice", self.render("notice", state, area=key))]


FIRST_RENDER = (("status", "status"), ("workspace-state", "workspace_state"), ("panels", "panels"))
"""What the "panels" change renders: (element id, template); the panels replace the inert shell."""

SINGLE = {
    _K.STATUS: ("status", "status"),
    _K.WORKSPACE: ("workspace-state", "workspace_state"),
    _K.AGENT: ("agent-summary", "agent_summary"),
    _K.AGENT_SWITCHER: ("agent-switcher", "agent_switcher"),
    _K.INTERACTIONS: ("interactions", "interactions"),
    _K.INTERACTIONS_SUMMARY: ("interactions-summary", "interactions_summary"),
    _K.DETAILS: ("interaction-details", "interaction_details"),
    _K.FACTS: ("interaction-facts", "interaction_facts"),
    _K.USER_DATA: ("interaction-data", "interaction_data"),
    _K.OUTBOUND: ("outbound", "outbound"),
    _K.CAMPAIGNS: ("campaigns", "campaigns"),
    _K.JWT: ("jwt", "jwt"),
    _K.LOG_ALL: ("event-log", "log_list"),
}
"""Changes without a key: kind -> (element id, template)."""

REMOVED = {
    _K.ROW_REMOVED: "{key}",
    _K.PREVIEW_REMOVED: "{key}-preview",
    _K.CHANNEL_REMOVED: "{key}",
    _K.LOG_REMOVED: "log-{key}",
}
"""Changes that remove an element: kind -> its element id."""
