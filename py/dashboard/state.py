"""The dashboard's model: what Agent Workspace told it, updated from event messages and replies.

Plain data and decisions, no I/O. Every update returns the Changes it made: which fragments of the page
(a panel, one interaction's row, one toast, one log entry...) must be re-rendered.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import time
from collections import deque
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Callable, NamedTuple

from wwe.shown import clip
from wwe.toasts import toast_buttons

MESSENGER_PREFIX = "messenger:"
JWT_REQUEST = "auth.getJwtToken"
WRITE_ALLOWED_OPTION = "service-client-api.user-data.write-allowed"

LOG_LIMIT = 200
CHANNEL_LOG_LIMIT = 50
DETAIL_LIMIT = 600
"""Characters of JSON shown for one log entry."""
CAMPAIGN_STATUS = {"CampaignLoaded": "loaded", "CampaignStarted": "started", "CampaignStopped": "loaded"}
"""Campaign status after an ``outbound`` event (CampaignUnloaded removes the campaign)."""
LOG_FILTERS = {"all": "Everything", "event": "Events", "request": "Requests", "failure": "Failures"}

ROW_FIELDS = ("state", "media", "capabilities", "parties", "contact", "recordingState", "isCaseSelected",
              "callType", "direction", "chainedRecords")
"""Interaction fields shown in its row of the list: a change elsewhere (userData...) leaves the row alone."""


class ChangeKind(StrEnum):
    """What a Change re-renders (render.py has a fragment for each)."""

    PANELS = "panels"
    STATUS = "status"
    WORKSPACE = "workspace"
    AGENT = "agent"
    AGENT_SWITCHER = "agent-switcher"
    INTERACTIONS = "interactions"
    INTERACTIONS_SUMMARY = "interactions-summary"
    ROW = "row"
    ROW_REMOVED = "row-removed"
    DETAILS = "details"
    FACTS = "facts"
    USER_DATA = "user-data"
    OUTBOUND = "outbound"
    PREVIEW = "preview"
    PREVIEW_REMOVED = "preview-removed"
    CAMPAIGNS = "campaigns"
    TOAST = "toast"
    CHANNEL = "channel"
    CHANNEL_REMOVED = "channel-removed"
    CHANNEL_LOG = "channel-log"
    LOG = "log"
    LOG_REMOVED = "log-removed"
    LOG_ALL = "log-all"
    NOTICE = "notice"
    JWT = "jwt"


class Change(NamedTuple):
    """A part of the page to re-render: ``kind`` names the fragment, ``key`` picks the item (interaction...)."""

    kind: ChangeKind
    key: str = ""


@dataclass(frozen=True)
class Notice:
    """A message shown next to the control it concerns. ``kind``: "error" or "info"."""

    kind: str
    text: str
    label: str = ""


@dataclass(frozen=True)
class Status:
    """The page's status line. ``kind``: "loading", "ready" or "failed"."""

    kind: str
    text: str


@dataclass
class Agent:
    """agent.get, the agent state, the states it may choose and the state of each media."""

    info: dict[str, Any] | None = None
    state: dict[str, Any] | None = None
    states: list[dict[str, Any]] = field(default_factory=list)
    media: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        info = self.info or {}
        return " ".join(str(info[k]) for k in ("firstname", "lastname") if info.get(k)) or str(info.get("username", ""))

    def known_state(self, state: dict[str, Any]) -> dict[str, Any]:
        """``state`` with the displayName of the matching state-list entry when the event did not carry one."""
        if state.get("displayName"):
            return state
        same_type = [s for s in self.states if s.get("type") == state.get("type")]
        reason = str(state.get("reason") or "")
        if reason:
            same_type = [s for s in same_type if reason.lower() in str(s.get("displayName", "")).lower()] or same_type
        return {**same_type[0], **state} if len(same_type) == 1 else state


def state_label(state: dict[str, Any] | None) -> str:
    """A media.State (or STATE_CHANGED data) as text: display name, else type, with the reason if any."""
    if not state:
        return "Unknown"
    label = str(state.get("displayName") or state.get("type") or "Unknown")
    reason = state.get("reason")
    if reason and str(reason) not in label:
        code = f" ({state['reasonCode']})" if state.get("reasonCode") else ""
        label += f": {reason}{code}"
    return label


def state_tone(state: dict[str, Any] | None) -> str:
    """A CSS class for a state's colour: ready, away (not ready, do not disturb) or off (logged out...)."""
    kind = str((state or {}).get("type") or "")
    if kind == "READY":
        return "tone-ready"
    return "tone-away" if kind.startswith(("NOT_READY", "PARTIAL")) or kind == "DND_ON" else "tone-off"


def _strings(value: Any) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else []


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


@dataclass
class Interaction:
    """One interaction as the last reply or event described it (``data`` is the wire Interaction)."""

    key: str
    """A page-safe id ("ix1"...): interaction ids come from the host and are never used as element ids."""
    data: dict[str, Any]
    last_event: str = ""
    record_fields: list[dict[str, Any]] | None = None

    @property
    def id(self) -> str:
        return str(self.data.get("interactionId", ""))

    @property
    def state(self) -> str:
        return str(self.data.get("state") or "UNKNOWN")

    @property
    def media(self) -> str:
        return str(self.data.get("media") or ("voice" if "callUuid" in self.data else "unknown"))

    @property
    def capabilities(self) -> frozenset[str]:
        return frozenset(_strings(self.data.get("capabilities")))

    @property
    def parties(self) -> list[str]:
        parties = self.data.get("parties")
        return [str(p.get("name", "")) if isinstance(p, dict) else str(p) for p in parties] if isinstance(parties, list) else []

    @property
    def contact(self) -> dict[str, Any]:
        return _mapping(self.data.get("contact"))

    @property
    def contact_name(self) -> str:
        contact = self.contact
        full = " ".join(str(contact[k]) for k in ("firstName", "lastName") if contact.get(k))
        return str(contact.get("displayName") or full)

    @property
    def title(self) -> str:
        return self.contact_name or ", ".join(p for p in self.parties if p) or f"Interaction {self.id}"

    @property
    def user_data(self) -> dict[str, Any]:
        return _mapping(self.data.get("userData"))

    @property
    def recording_state(self) -> str:
        return str(self.data.get("recordingState") or "")

    @property
    def records(self) -> list[dict[str, Any]]:
        records = self.data.get("chainedRecords")
        return [r for r in records if isinstance(r, dict)] if isinstance(records, list) else []

    @property
    def record_handle(self) -> int | None:
        handle = self.records[0].get("GSW_RECORD_HANDLE") if self.records else None
        return handle if isinstance(handle, int) and not isinstance(handle, bool) else None

    @property
    def campaign(self) -> str:
        return str(self.records[0].get("GSW_CAMPAIGN_NAME", "")) if self.records else ""

    @property
    def is_outbound_record(self) -> bool:
        """A preview record, or a call made from one: the outbound panel shows it."""
        return bool(self.records)


@dataclass
class Toast:
    """A toast this dashboard opened with system.popupToast, and what the agent did with it."""

    key: str
    toast_id: str
    parameters: dict[str, Any]
    opened: float
    open: bool = True
    clicks: list[tuple[float, str]] = field(default_factory=list)

    @property
    def buttons(self) -> list[str]:
        """What the Workspace shows, by the index a click reports."""
        return toast_buttons(self.parameters)


@dataclass(frozen=True)
class Message:
    """One message received on a messenger channel."""

    number: int
    time: float
    payload: Any


@dataclass
class Channel:
    """A joined messenger channel (subscription ``messenger:<name>``) and its recent messages, newest first."""

    key: str
    name: str
    messages: deque[Message] = field(default_factory=lambda: deque(maxlen=CHANNEL_LOG_LIMIT))
    received: int = 0


@dataclass(frozen=True)
class LogEntry:
    """One line of the event log. ``kind``: "event", "request" (answered) or "failure"."""

    number: int
    time: float
    kind: str
    title: str
    detail: str


@dataclass
class Jwt:
    """auth.getJwtToken: whether the origin may ask for it, and the last token with its claims."""

    allowed: bool = False
    token: dict[str, Any] | None = None

    @property
    def claims(self) -> dict[str, Any] | None:
        return jwt_claims(str((self.token or {}).get("jwtToken", "")))


def jwt_claims(token: str) -> dict[str, Any] | None:
    """The payload of a JWT (not verified: the extension's server must verify it), or None if unreadable."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError, binascii.Error):
        return None
    return claims if isinstance(claims, dict) else None


def compact_json(value: Any, limit: int = DETAIL_LIMIT) -> str:
    """``value`` as one line of JSON, cut at ``limit`` characters."""
    return clip(json.dumps(value, ensure_ascii=False, default=str), limit)


def parse_key_list(value: Any) -> frozenset[str] | None:
    """A key-list option value ("K1,K2" or ["K1", "K2"]) as keys; None when it sets no restriction (unset, "*")."""
    keys = value if isinstance(value, list) else str(value or "").split(",")
    names = frozenset(str(k).strip() for k in keys if str(k).strip())
    return None if not names or names == {"*"} else names


FRAME_STATES = ("LEADING", "FOLLOWING", "NEGOTIATING")
"""The tab's election states; the dashboard asks ``system.isFrame<State>`` of each at start (decision P6)."""


class DashboardState:
    """Everything the dashboard shows. Methods update it and return the Changes to render."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self.status = Status("loading", "Starting Python…")
        self.connection = ""
        self.frame_state = ""
        self.agent = Agent()
        self.interactions: dict[str, Interaction] = {}
        self._by_key: dict[str, Interaction] = {}
        self.interactions_loaded = False
        self.selected: str | None = None
        self.campaigns: list[dict[str, Any]] = []
        self.call_results: dict[str, int] = {}
        self.write_allowed: frozenset[str] | None = None
        self.toasts: dict[str, Toast] = {}
        self.channels: dict[str, Channel] = {}
        self.jwt = Jwt()
        self.log: deque[LogEntry] = deque()
        self.log_filter = "all"
        self.notices: dict[str, Notice] = {}
        self._numbers = itertools.count(1)

    def _key(self, prefix: str) -> str:
        return f"{prefix}{next(self._numbers)}"

    # --- status, notices, log ---------------------------------------------------------------------------

    def set_status(self, kind: str, text: str) -> list[Change]:
        self.status = Status(kind, text)
        return [Change(ChangeKind.STATUS)]

    def set_notice(self, area: str, notice: Notice | None) -> list[Change]:
        """Show ``notice`` in ``area`` (a panel name or an item key), or clear it with None."""
        if self.notices.get(area) == notice:
            return []
        if notice is None:
            del self.notices[area]
        else:
            self.notices[area] = notice
        return [Change(ChangeKind.NOTICE, area)]

    def add_log(self, kind: str, title: str, value: Any) -> list[Change]:
        entry = LogEntry(next(self._numbers), self.clock(), kind, title, compact_json(value))
        self.log.appendleft(entry)
        changes = [Change(ChangeKind.LOG, str(entry.number))] if self.shows(entry) else []
        while len(self.log) > LOG_LIMIT:
            changes.append(Change(ChangeKind.LOG_REMOVED, str(self.log.pop().number)))
        return changes

    def shows(self, entry: LogEntry) -> bool:
        """Whether the log filter lets ``entry`` through."""
        return self.log_filter in ("all", entry.kind)

    def set_log_filter(self, value: str) -> list[Change]:
        self.log_filter = value if value in LOG_FILTERS else "all"
        return [Change(ChangeKind.LOG_ALL)]

    # --- agent --------------------------------------------------------------------------------------------

    def agent_loaded(self, info: Any) -> list[Change]:
        self.agent.info = _mapping(info)
        return [Change(ChangeKind.AGENT)]

    def agent_state_loaded(self, state: Any) -> list[Change]:
        self.agent.state = self.agent.known_state(_mapping(state))
        return [Change(ChangeKind.AGENT)]

    def frame_state_answered(self, answer: Any, state: str) -> list[Change]:
        """An ``isFrame<State>`` answer at start: true means the tab is in ``state`` now (replies and events come in
        the order the host sent them, so the last one to arrive is the newest); false says nothing."""
        if answer is not True:
            return []
        self.frame_state = state
        return [Change(ChangeKind.WORKSPACE)]

    def states_loaded(self, states: Any) -> list[Change]:
        self.agent.states = [s for s in states if isinstance(s, dict)] if isinstance(states, list) else []
        return [Change(ChangeKind.AGENT), Change(ChangeKind.AGENT_SWITCHER)]

    def media_loaded(self, media: Any) -> list[Change]:
        """media.getMediaList; the state switcher (and what the agent chose in it) stays unless the media changed."""
        items = media if isinstance(media, list) else []
        names = list(self.agent.media)
        self.agent.media = {str(m.get("name")): _mapping(m.get("state")) for m in items if isinstance(m, dict)}
        switcher = [Change(ChangeKind.AGENT_SWITCHER)] if list(self.agent.media) != names else []
        return [Change(ChangeKind.AGENT), *switcher]

    @staticmethod
    def is_agent_state_change(message: dict[str, Any]) -> bool:
        """An agent STATE_CHANGED for the agent as a whole (no ``media``): the media states may have changed too."""
        data = message.get("data")
        return (message.get("event") == "agent" and isinstance(data, dict)
                and data.get("eventType") == "STATE_CHANGED" and not data.get("media"))

    def _agent_event(self, data: dict[str, Any]) -> list[Change]:
        if data.get("eventType") != "STATE_CHANGED":
            return []
        state = self.agent.known_state({"type": data.get("mediaState"), **{k: data[k] for k in ("reason", "reasonCode") if data.get(k)}})
        if data.get("media"):
            self.agent.media[str(data["media"])] = state
        else:
            self.agent.state = state
        return [Change(ChangeKind.AGENT)]

    # --- interactions -------------------------------------------------------------------------------------

    def interaction_by_key(self, key: str) -> Interaction | None:
        return self._by_key.get(key)

    @property
    def selected_interaction(self) -> Interaction | None:
        return self.interactions.get(self.selected) if self.selected is not None else None

    def interactions_loaded_from(self, interactions: Any) -> list[Change]:
        """interaction.getInteractions: the whole list (one render of the panels, not one per row)."""
        for wire in interactions if isinstance(interactions, list) else []:
            if isinstance(wire, dict):
                self._upsert(wire, "")
        self.interactions_loaded = True
        return [Change(ChangeKind.INTERACTIONS), Change(ChangeKind.OUTBOUND)]

    def select(self, key: str) -> list[Change]:
        interaction = self.interaction_by_key(key)
        if interaction is None or interaction.id == self.selected:
            return []
        previous = self.selected_interaction
        self.selected = interaction.id
        changes = [Change(ChangeKind.ROW, previous.key)] if previous else []
        return changes + [Change(ChangeKind.ROW, key), Change(ChangeKind.DETAILS)]

    def may_write(self, key: str) -> bool:
        """Whether write-allowed lets the extension set or delete this user-data key."""
        return self.write_allowed is None or key in self.write_allowed

    def write_allowed_loaded(self, options: Any) -> list[Change]:
        """configuration.getOption(write-allowed): ``{"interaction-workspace": {option: "K1,K2"}}`` (D11)."""
        values = _mapping(_mapping(options).get("interaction-workspace"))
        self.write_allowed = parse_key_list(values.get(WRITE_ALLOWED_OPTION))
        return [Change(ChangeKind.DETAILS)]

    def _upsert(self, wire: dict[str, Any], event_type: str) -> list[Change]:
        interaction_id = str(wire.get("interactionId", ""))
        if not interaction_id:
            return []
        current = self.interactions.get(interaction_id)
        if current is None:
            current = self.interactions[interaction_id] = Interaction(self._key("ix"), wire, event_type)
            self._by_key[current.key] = current
            changes = [Change(ChangeKind.ROW, current.key), Change(ChangeKind.INTERACTIONS_SUMMARY)]
            if self.selected is None:
                self.selected = interaction_id
                changes.append(Change(ChangeKind.DETAILS))
            return changes + ([Change(ChangeKind.PREVIEW, current.key)] if current.is_outbound_record else [])
        previous, current.data, current.last_event = current.data, wire, event_type or current.last_event
        changes = []
        if any(previous.get(name) != wire.get(name) for name in ROW_FIELDS):
            changes.append(Change(ChangeKind.ROW, current.key))
        if self.selected == interaction_id:
            changes.append(Change(ChangeKind.FACTS))
            if previous.get("userData") != wire.get("userData"):
                changes.append(Change(ChangeKind.USER_DATA))
        if current.is_outbound_record and previous != wire:
            changes.append(Change(ChangeKind.PREVIEW, current.key))
        return changes

    def _remove(self, interaction_id: str) -> list[Change]:
        interaction = self.interactions.pop(interaction_id, None)
        if interaction is None:
            return []
        del self._by_key[interaction.key]
        for area in (interaction.key, f"{interaction.key}-preview"):
            self.notices.pop(area, None)
        changes = [Change(ChangeKind.ROW_REMOVED, interaction.key), Change(ChangeKind.INTERACTIONS_SUMMARY)]
        if interaction.is_outbound_record:
            changes.append(Change(ChangeKind.PREVIEW_REMOVED, interaction.key))
        if self.selected == interaction_id:
            self.selected = None
            changes.append(Change(ChangeKind.DETAILS))
        return changes

    def _set_case_flag(self, flag: str, case_id: Any) -> list[Change]:
        """CASE_SELECTED / CASE_EXPANDED: the flag is true on the interactions of that case only."""
        changes = []
        for interaction in self.interactions.values():
            value = interaction.data.get("caseId") == case_id
            if interaction.data.get(flag) != value:
                interaction.data = {**interaction.data, flag: value}
                changes.append(Change(ChangeKind.ROW, interaction.key))
                if interaction.id == self.selected:
                    changes.append(Change(ChangeKind.FACTS))
        return changes

    def _interaction_event(self, data: dict[str, Any]) -> list[Change]:
        event_type = str(data.get("eventType", ""))
        wire = data.get("interaction")
        if isinstance(wire, dict):
            if event_type == "REMOVED":
                return self._remove(str(wire.get("interactionId", "")))
            return self._upsert(wire, event_type)
        if event_type == "CASE_SELECTED":
            return self._set_case_flag("isCaseSelected", data.get("selectedCaseId"))
        if event_type == "CASE_EXPANDED":
            return self._set_case_flag("isCaseExpanded", data.get("selectedCaseId"))
        if event_type == "CASE_ID_CHANGED":
            changes = []
            for interaction in self.interactions.values():
                if interaction.data.get("caseId") == data.get("previousCaseId"):
                    changes += self._upsert({**interaction.data, "caseId": data.get("caseId")}, event_type)
            return changes
        return []

    # --- outbound -----------------------------------------------------------------------------------------

    @property
    def outbound_records(self) -> list[Interaction]:
        return [ix for ix in self.interactions.values() if ix.is_outbound_record]

    def campaigns_loaded(self, campaigns: Any) -> list[Change]:
        self.campaigns = [c for c in campaigns if isinstance(c, dict)] if isinstance(campaigns, list) else []
        return [Change(ChangeKind.CAMPAIGNS)]

    def call_results_loaded(self, results: Any) -> list[Change]:
        self.call_results = {str(k): v for k, v in _mapping(results).items()}
        return [Change(ChangeKind.OUTBOUND)]

    def record_fields_loaded(self, key: str, fields: Any) -> list[Change]:
        interaction = self.interaction_by_key(key)
        if interaction is None:
            return []
        interaction.record_fields = [f for f in fields if isinstance(f, dict)] if isinstance(fields, list) else []
        return [Change(ChangeKind.PREVIEW, key)]

    def _outbound_event(self, data: dict[str, Any]) -> list[Change]:
        """CampaignLoaded / CampaignStarted / CampaignStopped / CampaignUnloaded."""
        name, event_type = data.get("campaign"), str(data.get("eventType"))
        campaigns = {c.get("name"): c for c in self.campaigns}
        if event_type == "CampaignUnloaded":
            campaigns.pop(name, None)
        elif event_type in CAMPAIGN_STATUS:
            mode = {"mode": data["mode"]} if data.get("mode") else {}
            campaigns[name] = {**campaigns.get(name, {"name": name}), "status": CAMPAIGN_STATUS[event_type], **mode}
        else:
            return []
        self.campaigns = list(campaigns.values())
        return [Change(ChangeKind.CAMPAIGNS)]

    # --- toasts -------------------------------------------------------------------------------------------

    def toast_opened(self, toast_id: Any, parameters: dict[str, Any]) -> list[Change]:
        toast = Toast(self._key("toast"), str(toast_id), dict(parameters), self.clock())
        self.toasts[toast.key] = toast
        return [Change(ChangeKind.TOAST, toast.key)]

    def toast_updated(self, key: str, parameters: dict[str, Any], shown: bool) -> list[Change]:
        """system.updateToast answered ``shown`` (false: the toast is no longer shown)."""
        toast = self.toasts[key]
        if shown:
            toast.parameters.update(parameters)
        toast.open = shown
        return [Change(ChangeKind.TOAST, key)]

    def toast_closed(self, key: str) -> list[Change]:
        self.toasts[key].open = False
        return [Change(ChangeKind.TOAST, key)]

    def _system_event(self, data: dict[str, Any]) -> list[Change]:
        event_type = data.get("eventType")
        if event_type == "CUSTOM_TOAST_BUTTON_CLICK":
            toast = next((t for t in self.toasts.values() if t.toast_id == str(data.get("customToastId"))), None)
            if toast is None:
                return []
            index = data.get("buttonIndex")
            buttons = toast.buttons
            label = buttons[index] if isinstance(index, int) and 0 <= index < len(buttons) else f"button {index}"
            toast.clicks.append((self.clock(), label))
            toast.open = False
            return [Change(ChangeKind.TOAST, toast.key)]
        if event_type == "REALTIME_CONNECTION":
            self.connection = str(data.get("state", ""))
            return [Change(ChangeKind.WORKSPACE)]
        if "frameState" in data:
            self.frame_state = str(data["frameState"])
            return [Change(ChangeKind.WORKSPACE)]
        return []

    # --- messenger ----------------------------------------------------------------------------------------

    def channel_by_name(self, name: str) -> Channel | None:
        return next((c for c in self.channels.values() if c.name == name), None)

    def join(self, name: str) -> tuple[Channel, list[Change]]:
        channel = self.channel_by_name(name)
        if channel is not None:
            return channel, []
        channel = Channel(self._key("ch"), name)
        self.channels[channel.key] = channel
        return channel, [Change(ChangeKind.CHANNEL, channel.key)]

    def leave(self, key: str) -> list[Change]:
        if self.channels.pop(key, None) is None:
            return []
        self.notices.pop(key, None)
        return [Change(ChangeKind.CHANNEL_REMOVED, key)]

    def _messenger_event(self, name: str, payload: Any) -> list[Change]:
        channel = self.channel_by_name(name)
        if channel is None:
            return []
        channel.received += 1
        channel.messages.appendleft(Message(channel.received, self.clock(), payload))
        return [Change(ChangeKind.CHANNEL_LOG, channel.key)]

    # --- JWT ----------------------------------------------------------------------------------------------

    def services_loaded(self, services: Any) -> list[Change]:
        """system.getAllowedServices: the JWT panel shows only when auth.getJwtToken is allowed."""
        self.jwt.allowed = JWT_REQUEST in _strings(services)
        return [Change(ChangeKind.JWT)]

    def jwt_loaded(self, token: Any) -> list[Change]:
        self.jwt.token = _mapping(token)
        return [Change(ChangeKind.JWT)]

    # --- events -------------------------------------------------------------------------------------------

    def apply_event(self, message: dict[str, Any]) -> list[Change]:
        """One event message from the host: log it, then update what it describes."""
        name = str(message.get("event", ""))
        data = message.get("data")
        event_type = data.get("eventType") if isinstance(data, dict) else None
        changes = self.add_log("event", f"{name} {event_type or ''}".strip(), data)
        if name.startswith(MESSENGER_PREFIX):
            return changes + self._messenger_event(name[len(MESSENGER_PREFIX):], data)
        handler = {
            "agent": self._agent_event,
            "interaction": self._interaction_event,
            "system": self._system_event,
            "outbound": self._outbound_event,
        }.get(name)
        return changes + (handler(data) if handler and isinstance(data, dict) else [])
