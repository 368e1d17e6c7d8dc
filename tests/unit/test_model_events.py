"""Every event of scapi-spec.json's events section, emitted by the model with its documented payload.

Each scenario runs through the real Host with the shipped configuration (scenario/default.toml), so the origin check,
the subscriptions and the user-data read filter apply: what is checked is what an extension receives. The list of
events is derived from the spec, so an event added there fails ``test_every_documented_event_has_a_scenario`` until
it has a scenario here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.unit.test_config import DEFAULT_TOML
from tests.unit.test_host_protocol import Client, FakeClock
from tests.unit.test_model_support import SPEC
from workspace import Config, Host
from workspace.model import ContactCentre

CHANNEL = "news"
SUBSCRIPTIONS = ["agent", "interaction", "system", "outbound", "markdone", f"messenger:{CHANNEL}"]
USER_DATA = {"Key1": "shown", "Secret": "never sent"}
"""Attached data of the interactions the scenarios create: read-allowed (default.toml) lists Key1, not Secret."""
BROADCAST = {"text": "Lunch at noon", "from": "Dashboard"}

EVENT_NAMES = {
    "agent": "agent",
    "interaction": "interaction",
    "system": "system",
    "outbound_campaign": "outbound",
    "messenger": "messenger:<channel>",
    "markdone": "markdone",
}
"""Keys of the spec's events section -> the subscription name of their events."""
NOT_EVENTS = {"subscription_names_seen"}

UNREADABLE = {("case", "?")}
"""The selectCaseByCaseId sample shows a third event whose type cannot be read (AMB-25): nothing to emit."""

EXTRA_KEYS = {"media"}
"""Allowed beyond the documented keys of interaction and agent payloads. D13: the samples carry ``media`` at data
level (RECORDS_RETRIEVED's shape omits it); media.setState's STATE_CHANGED names its media."""

SECTION_MEDIA: dict[str, set[str] | None] = {
    "common": None,
    "voice": {"voice"},
    "openmedia": {"chat", "email"},
    "chat": {"chat"},
    "outbound_email": {"email"},
    "chain": {"outbound"},
    "case": None,
    "outbound_preview_extra": {"outbound", "voice"},
}
"""Interaction event section -> the media its events may concern (None: any)."""

VOICE_ONLY = {"callUuid", "direction", "callType", "ani", "dnis", "recordingState", "connId"}
"""Interaction properties of voice calls only (callType also on outbound preview records)."""

OURS = {
    ("markdone", "MARKDONE"): {"eventType", "interactionId"},
    ("markdone", "MARKDONE_BLOCKED"): {"eventType", "interactionId", "warningMessage"},
}
"""Payloads the reference leaves undocumented (AMB-27): the shapes we chose (docs/SIMULATOR.md, Mark done)."""


@dataclass(frozen=True)
class Documented:
    """One event of the spec: where it is listed and the data keys its shape or example shows."""

    section: str
    required: frozenset[str] | None
    """Keys every payload has (None: the payload is undocumented or free, as for messenger)."""
    optional: frozenset[str] = frozenset()


def shape_of(entry: dict[str, Any], default: dict[str, Any] | None) -> dict[str, Any] | None:
    """The ``data`` of the entry's payload shape or example, else ``default``."""
    for key in ("payload_shape", "example"):
        if isinstance(entry.get(key), dict) and "data" in entry[key]:
            return entry[key]["data"]
    return default


def documented(name: str, section: str, entries: list[dict[str, Any]], default: dict | None, found: dict) -> None:
    """Add the entries of one list of the spec to ``found``: (event name, eventType or None) -> Documented."""
    for entry in entries:
        if (section, entry["eventType"]) in UNREADABLE:
            continue
        data = shape_of(entry, default)
        event_type = entry["eventType"].rstrip("?") if data is None or "eventType" in data else None
        keys = {key for key, value in (data or {}).items() if value != "<optional>"}
        optional = {key for key, value in (data or {}).items() if value == "<optional>"}
        assert (name, event_type) not in found, f"{name} {event_type} is listed twice"
        found[(name, event_type)] = Documented(section, frozenset(keys) if data else None, frozenset(optional))


def documented_events() -> dict[tuple[str, str | None], Documented]:
    """Every event of the spec's events section, keyed by (subscription name, eventType); None: no eventType."""
    events = SPEC["events"]
    assert set(events) == set(EVENT_NAMES) | NOT_EVENTS, "the spec's events section changed: map its new keys"
    found: dict[tuple[str, str | None], Documented] = {}
    interaction = events["interaction"]
    default = interaction["payload_shape"]["data"]
    for section, body in interaction.items():
        if section != "payload_shape":
            documented("interaction", section, body if isinstance(body, list) else body["events"], default, found)
    for key in ("agent", "system", "outbound_campaign"):
        documented(EVENT_NAMES[key], key, events[key], None, found)
    for key in ("messenger", "markdone"):
        assert isinstance(events[key], str)  # prose only: no eventType, no shape
        found[(EVENT_NAMES[key], None)] = Documented(key, None)
    return found


DOCUMENTED = documented_events()


# --- the simulator, as an extension sees it ---------------------------------------------------------------------


class Sim:
    """The real Host over the shipped configuration, with one extension frame subscribed to every event."""

    def __init__(self) -> None:
        clock = FakeClock()
        self.host = Host(Config.load(DEFAULT_TOML), clock=lambda: clock.now, wall_clock=lambda: clock.wall)
        self.client = Client(self.host)
        self.events: list[dict[str, Any]] = []
        (_, reply), *_ = self.client.subscribe(SUBSCRIPTIONS)
        assert reply["data"] == SUBSCRIPTIONS

    @property
    def model(self) -> ContactCentre:
        return self.host.model

    def keep(self, out: list[tuple[str, dict[str, Any]]]) -> None:
        for frame_id, message in out:
            assert frame_id == self.client.frame_id
            self.events.append(message)

    def request(self, name: str, *parameters: Any) -> Any:
        """What the extension asks; the reply's data."""
        (_, reply), *events = self.client.request(name, *parameters)
        assert "errorMessage" not in reply, reply
        self.keep(events)
        return reply["data"]

    def do(self, happening: str, *args: Any, **kwargs: Any) -> Any:
        """A control-panel happening (``ContactCentre`` method), performed by the host like the simulator page."""
        result = []
        self.keep(self.host.perform(lambda ctx: result.append(getattr(self.model, happening)(ctx, *args, **kwargs))))
        return result[0]

    def frame_state(self, state: str) -> None:
        """The tab election gives the frame a new state."""
        self.keep(self.host.update_frame(self.client.frame_id, frame_state=state))

    def last(self) -> str:
        """The interactionId of the latest interaction in the agent's list."""
        return list(self.model.interactions)[-1]


def call(sim: Sim) -> str:
    return sim.do("inbound_call", user_data=USER_DATA)


def talking(sim: Sim) -> str:
    interaction_id = call(sim)
    sim.request("voice.answer", interaction_id)
    return interaction_id


def invited(sim: Sim, media: str = "chat") -> str:
    return sim.do(f"inbound_{media}", user_data=USER_DATA)


def accepted(sim: Sim, media: str = "chat") -> str:
    interaction_id = invited(sim, media)
    sim.request("interaction.accept", interaction_id)
    return interaction_id


def draft(sim: Sim) -> str:
    sim.request("email.create", "kate.smith@example.com", {"Key1": "draft"})
    return sim.last()


def preview(sim: Sim) -> str:
    sim.request("outbound.getPreviewRecord", "Offer of the Month")
    return sim.last()


def rejected_preview(sim: Sim) -> str:
    interaction_id = preview(sim)
    sim.request("outbound.rejectPreviewRecord")
    return interaction_id


def in_workbin(sim: Sim) -> str:
    interaction_id = accepted(sim, "email")
    sim.do("move_to_workbin", interaction_id)
    return interaction_id


def conference(sim: Sim) -> str:
    interaction_id = sim.do("conference_invite", inviter="5002", user_data=USER_DATA)
    sim.request("interaction.accept", interaction_id)
    return interaction_id


def case_of(sim: Sim, interaction_id: str) -> str:
    return sim.request("interaction.getByInteractionId", interaction_id)["caseId"]


def campaign(sim: Sim, *actions: str) -> None:
    for action in actions:
        sim.do("change_campaign", "Offer of the Month", action)


def blocked(sim: Sim) -> None:
    chat = accepted(sim)
    sim.request("interaction.blockMarkdone", chat, "Fill in the disposition first.")
    (_, reply), *events = sim.client.request("interaction.markdone", chat)
    assert reply["errorMessage"] == "Fill in the disposition first."
    sim.keep(events)


Scenario = Callable[[Sim], Any]

SCENARIOS: dict[tuple[str, str | None], Scenario] = {
    ("agent", "STATE_CHANGED"): lambda s: s.request("agent.setState", "NotReadyBreak"),
    # interaction: common
    ("interaction", "UNKNOWN"): lambda s: s.do("unknown_event", call(s)),
    ("interaction", "ADDED"): call,
    ("interaction", "REMOVED"): lambda s: s.request("interaction.reject", call(s)),
    ("interaction", "ATTACHED_DATA_CHANGED"): lambda s: s.request("interaction.setUserData", call(s), {"Key1": "x"}),
    ("interaction", "CASE_OR_BUNDLE_ID_CHANGED"): lambda s: s.do("change_bundle_id", call(s)),
    ("interaction", "CASE_ID_CHANGED"): lambda s: s.do("change_case_id", call(s)),
    ("interaction", "NEW_MESSAGE"): lambda s: s.do("chat_message", accepted(s), "Hello?"),
    ("interaction", "ERROR"): lambda s: s.do("interaction_error", call(s)),
    ("interaction", "CONTACT_CHANGED"): lambda s: s.do("change_contact", call(s), {"displayName": "Kate S."}),
    # voice
    ("interaction", "CALL_RECORDING_STATE_CHANGED"): lambda s: s.request("voice.startCallRecording", talking(s)),
    ("interaction", "DIALING"): lambda s: s.request("voice.dial", "5001", {"Key1": "x"}),
    ("interaction", "ESTABLISHED"): talking,
    ("interaction", "HELD"): lambda s: s.request("voice.hold", talking(s)),
    ("interaction", "PARTY_CHANGED"): lambda s: s.request("interaction.singleStepConference", talking(s), "5002"),
    ("interaction", "RELEASED"): lambda s: s.do("remote_hang_up", call(s)),
    ("interaction", "RINGING"): call,
    # open media
    ("interaction", "ACCEPTED"): accepted,
    ("interaction", "COMPLETED"): lambda s: s.request("interaction.markdone", accepted(s, "email")),
    ("interaction", "COMPOSING"): lambda s: s.do("customer_typing", accepted(s)),
    ("interaction", "CREATED"): draft,
    ("interaction", "INSERT_STANDARD_RESPONSE"): lambda s: s.do("insert_standard_response", draft(s)),
    ("interaction", "INVITED"): lambda s: invited(s, "email"),
    ("interaction", "INVITED_CONFERENCE"): lambda s: s.do("conference_invite", user_data=USER_DATA),
    ("interaction", "IN_QUEUE_FAILED"): lambda s: s.do("move_to_queue", accepted(s, "email"), ok=False),
    ("interaction", "IN_WORKBIN"): in_workbin,
    ("interaction", "IN_WORKBIN_FAILED"): lambda s: s.do("move_to_workbin", accepted(s, "email"), ok=False),
    ("interaction", "LEFT_CONFERENCE"): lambda s: s.do("party_left", conference(s)),
    ("interaction", "PULLED"): lambda s: s.do("pull_from_queue", "email", user_data=USER_DATA),
    ("interaction", "PULL_FAILED"): lambda s: s.do("pull_from_queue", "chat", user_data=USER_DATA, ok=False),
    ("interaction", "PULL_WORKBIN_FAILED"): lambda s: s.do("pull_from_workbin", in_workbin(s), ok=False),
    ("interaction", "REVOKED"): lambda s: s.do("revoke_invitation", invited(s, "email")),
    ("interaction", "TRANSFER_COMPLETED"): lambda s: s.request("interaction.singleStepTransfer", accepted(s), "5002"),
    # chat
    ("interaction", "CANCELED"): lambda s: s.do("chat_accepted_elsewhere", invited(s)),
    ("interaction", "ENDED"): lambda s: s.do("chat_ended", accepted(s)),
    ("interaction", "JOIN_FAILED"): lambda s: s.do("join_chat", invited(s), ok=False),
    ("interaction", "JOIN_PENDING"): lambda s: s.do("join_chat", invited(s)),
    # outbound email
    ("interaction", "CANCELLED"): lambda s: s.do("cancel_email", draft(s)),
    ("interaction", "SENT"): lambda s: s.do("send_email", draft(s)),
    # outbound record chain and preview
    ("interaction", "RECORDS_RETRIEVED"): preview,
    ("interaction", "PREVIEWING"): preview,
    ("interaction", "STATE_CHANGE"): rejected_preview,
    ("interaction", "MARKDONE_APPLIED"): lambda s: s.request("interaction.markdone", rejected_preview(s)),
    # case
    ("interaction", "CASE_EXPANDED"): lambda s: s.request("interaction.selectCaseByCaseId", case_of(s, call(s))),
    ("interaction", "CASE_SELECTED"): lambda s: s.request("interaction.selectCaseByCaseId", case_of(s, call(s))),
    # system
    ("system", "CUSTOM_TOAST_BUTTON_CLICK"): lambda s: s.do(
        "click_toast_button", s.request("system.popupToast", {"title": "Callback?", "buttons": ["Yes", "No"]}), 1
    ),
    ("system", "REALTIME_CONNECTION"): lambda s: s.do("realtime_connection", "DISCONNECTED"),
    ("system", None): lambda s: s.frame_state("NEGOTIATING"),
    # outbound campaigns
    ("outbound", "CampaignLoaded"): lambda s: campaign(s, "stop", "unload", "load"),
    ("outbound", "CampaignUnloaded"): lambda s: campaign(s, "stop", "unload"),
    ("outbound", "CampaignStarted"): lambda s: campaign(s, "stop", "start"),
    ("outbound", "CampaignStopped"): lambda s: campaign(s, "stop"),
    # messenger and markdone
    ("messenger:<channel>", None): lambda s: s.request("messenger.broadcastMessage", CHANNEL, BROADCAST),
    ("markdone", "MARKDONE"): lambda s: s.request("interaction.markdone", accepted(s)),
    ("markdone", "MARKDONE_BLOCKED"): blocked,
}
"""(event name, eventType) -> the shortest scenario that makes the model emit it (None: no eventType in the payload)."""


# --- checks -----------------------------------------------------------------------------------------------------


def emitted(sim: Sim, name: str, event_type: str | None) -> dict[str, Any]:
    """The data of the first event ``name`` of type ``event_type`` the frame received."""
    wire_name = name.replace("<channel>", CHANNEL)
    for message in sim.events:
        data = message["data"]
        if message["event"] == wire_name and data.get("eventType") == event_type:
            assert set(message) == {"event", "data", "userAgent", "protocolVersion"}
            assert (message["userAgent"], message["protocolVersion"]) == ("WWE Server", 2)
            return data
    raise AssertionError(f"{wire_name} {event_type} not emitted; got {[(m['event'], m['data']) for m in sim.events]}")


def check_interaction(interaction: dict[str, Any], media: str, section: str) -> None:
    """An interaction.Interaction as documented, of a media its event section allows, read-filtered."""
    allowed_media = SECTION_MEDIA[section]
    assert allowed_media is None or media in allowed_media, f"{section} event on a {media} interaction"
    assert interaction["media"] == media
    properties = set(SPEC["namespaces"]["interaction"]["types"]["Interaction"]["properties"])
    required = properties - {"ronaCallState", "_undocumented_in_samples"} - (set() if media == "voice" else VOICE_ONLY)
    assert required <= set(interaction), required - set(interaction)
    assert isinstance(interaction["interactionId"], str) and isinstance(interaction["caseId"], str)
    assert all(isinstance(capability, str) for capability in interaction["capabilities"])
    assert set(interaction["userData"]) <= {"Key1", "Key2", "Key3", "CustomerSegment", "IW_CaseUid", "IW_BundleUid",
                                            "IW_OverrideOptions"}


@pytest.mark.parametrize("key", list(SCENARIOS), ids=lambda key: f"{key[0]}-{key[1] or 'no-eventType'}")
def test_the_model_emits_the_documented_event(key):
    name, event_type = key
    sim = Sim()
    SCENARIOS[key](sim)
    data = emitted(sim, name, event_type)
    spec = DOCUMENTED.get(key)
    if key in OURS:
        assert set(data) == OURS[key]
    elif name.startswith("messenger:"):
        assert data == BROADCAST
    else:
        assert spec is not None and spec.required is not None
        extra = EXTRA_KEYS if "interaction" in spec.required or name == "agent" else set()
        assert spec.required <= set(data) <= spec.required | spec.optional | extra, (sorted(data), spec)
    if "interaction" in data:
        assert data["media"] == data["interaction"]["media"]
        check_interaction(data["interaction"], data["media"], spec.section)
    assert "Secret" not in json.dumps(sim.events)  # read-allowed applies to every event


VALUES: dict[tuple[str, str | None], Callable[[dict[str, Any]], bool]] = {
    ("agent", "STATE_CHANGED"): lambda d: (d["mediaState"], d["reason"], d["reasonCode"])
    == ("NOT_READY_ACTION_CODE", "Break", "1511"),
    ("interaction", "CASE_ID_CHANGED"): lambda d: d["caseId"] != d["previousCaseId"],
    ("system", "CUSTOM_TOAST_BUTTON_CLICK"): lambda d: (d["customToastId"], d["buttonIndex"]) == ("wweCustomToast0", 1),
    ("system", "REALTIME_CONNECTION"): lambda d: d["state"] == "DISCONNECTED",
    ("system", None): lambda d: d == {"frameState": "NEGOTIATING"},
    ("outbound", "CampaignStarted"): lambda d: (d["campaign"], d["mode"]) == ("Offer of the Month", "Preview"),
}
"""Payloads whose values the spec describes (beyond their keys)."""


@pytest.mark.parametrize("key", list(VALUES), ids=lambda key: f"{key[0]}-{key[1] or 'no-eventType'}")
def test_documented_values(key):
    sim = Sim()
    SCENARIOS[key](sim)
    assert VALUES[key](emitted(sim, *key))


def test_events_are_read_filtered():
    sim = Sim()
    chat = accepted(sim)
    sim.do("chat_message", chat, "Hello?")
    assert sim.model.interactions[chat].user_data["Secret"] == "never sent"
    assert [e["data"]["interaction"]["userData"]["Key1"] for e in sim.events] == ["shown"] * 4
    assert "Secret" not in json.dumps(sim.events)


def covered(key: tuple[str, str | None]) -> bool:
    """A scenario emits this event; an event whose payload the spec leaves undocumented (markdone) is covered by
    a scenario of any eventType of that name."""
    name, event_type = key
    return key in SCENARIOS or event_type is None and DOCUMENTED[key].required is None and any(
        scenario_name == name for scenario_name, _ in SCENARIOS
    )


def test_every_documented_event_has_a_scenario():
    missing = sorted((key for key in DOCUMENTED if not covered(key)), key=str)
    assert not missing, f"no scenario emits {missing}"
    undocumented = sorted((key for key in SCENARIOS if key not in DOCUMENTED and key not in OURS), key=str)
    assert not undocumented, f"scenarios for events the spec does not list: {undocumented}"


def test_the_derived_list_is_the_whole_events_section():
    interaction = SPEC["events"]["interaction"]
    listed = sum(len(b if isinstance(b, list) else b["events"]) for s, b in interaction.items() if s != "payload_shape")
    others = sum(len(SPEC["events"][key]) for key in ("agent", "system", "outbound_campaign"))
    assert len(DOCUMENTED) == listed + others + 2 - len(UNREADABLE)  # + messenger, markdone
    # 44 interaction eventTypes, STATE_CHANGED, 2 system eventTypes and frameState, 4 campaign events,
    # messenger, markdone
    assert len(DOCUMENTED) == 54
