"""The model's data: interactions, outbound record chains, campaigns, toasts, dialogs, menu-bar views."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from workspace.errors import RequestError

from .capabilities import (
    DIRECT_PUSH_CALL_CAPABILITIES,
    OPENMEDIA_CAPABILITIES,
    PREVIEW_CAPABILITIES,
    VOICE_CAPABILITIES,
)

VOICE = "voice"
OUTBOUND = "outbound"
"""Media name of outbound preview records (the interaction that holds a record before it is called)."""

ENDED_STATES = frozenset(
    {"IDLE", "COMPLETED", "REJECTED", "CANCELED", "CANCELLED", "SENT", "REVOKED", "TRANSFER_COMPLETED", "JOIN_FAILED",
     "ERROR"}
)
"""States in which an interaction is no longer live (no user-data writes)."""

CONTACT_FIELDS = ("displayName", "firstName", "lastName")
"""The interaction.Contact fields."""

_UUID_NAMESPACE = uuid.UUID("6f1c3a52-0d5e-4f7b-9a59-2d1c07b1c0de")


def iso_date(wall: float) -> str:
    """Epoch seconds as ISO 8601 UTC with milliseconds, the style of the reference samples."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(wall)) + f".{int(wall * 1000) % 1000:03d}Z"


class Ids:
    """Deterministic identifiers: interaction ids "1", "2", ... and UUID-like strings derived from a counter."""

    def __init__(self) -> None:
        self.interactions = 0
        self.uuids = 0

    def interaction(self) -> str:
        """Next client-side interaction id."""
        self.interactions += 1
        return str(self.interactions)

    def uuid(self) -> uuid.UUID:
        """Next UUID (stable across runs)."""
        self.uuids += 1
        return uuid.uuid5(_UUID_NAMESPACE, str(self.uuids))


@dataclass
class Campaign:
    """An outbound campaign and its queue of record chains not yet delivered."""

    name: str
    mode: str
    status: str
    """unloaded, loaded or started."""
    chains: list[list[dict[str, Any]]] = field(default_factory=list)

    @property
    def preview_kind(self) -> str | None:
        """PULL, PUSH or DIRECT for the three preview modes, else None."""
        return {"preview": "PULL", "pushpreview": "PUSH", "directpushpreview": "DIRECT"}.get(
            self.mode.lower().replace(" ", "").replace("_", "")
        )

    def to_wire(self) -> dict[str, Any]:
        """Shape returned by outbound.getCampaigns."""
        return {"name": self.name, "mode": self.mode, "status": self.status}


@dataclass
class RecordChain:
    """One chain of outbound records, shared by the preview interaction and the call made from it."""

    campaign: str
    kind: str
    """PULL, PUSH or DIRECT."""
    records: list[dict[str, Any]]
    call_result: int | None = None
    do_not_call: bool = False
    reschedule: dict[str, Any] | None = None
    updates: dict[str, Any] = field(default_factory=dict)
    """updateRecordFields values, sent to OCS at mark done."""

    @property
    def handles(self) -> list[int]:
        """Record handles of the chain, in order."""
        return [record["GSW_RECORD_HANDLE"] for record in self.records]

    def record(self, handle: int | None = None) -> dict[str, Any]:
        """The record with ``handle`` (default: the first record of the chain)."""
        return next((r for r in self.records if r["GSW_RECORD_HANDLE"] == handle), self.records[0])

    def outcome(self) -> dict[str, Any]:
        """What OCS receives when the chain is marked done."""
        return {
            "campaign": self.campaign,
            "recordHandles": self.handles,
            "callResult": self.call_result,
            "doNotCall": self.do_not_call,
            "reschedule": self.reschedule,
            "updates": dict(self.updates),
        }


@dataclass
class Interaction:
    """One interaction as Agent Workspace shows it; ``to_wire`` gives the interaction.Interaction object."""

    interaction_id: str
    media: str
    case_id: str
    uuid: str
    state: str
    parties: list[str]
    user_data: dict[str, Any]
    start_date: str | None
    previous_state: str = "UNKNOWN"
    end_date: str | None = None
    contact: dict[str, str] | None = None
    parent_id: str | None = None
    is_consultation: bool = False
    is_main: bool = True
    case_selected: bool = False
    case_expanded: bool = False
    call_type: str | None = None
    direction: str | None = None
    ani: str | None = None
    dnis: str | None = None
    conn_id: str | None = None
    recording_state: str = "STOPPED"
    rona_call_state: str | None = None
    chain: RecordChain | None = None
    record_handle: int | None = None
    extensions: dict[str, Any] = field(default_factory=dict)
    subject: str | None = None
    markdone_warning: str | None = None
    """Set by blockMarkdone: mark done fails with this message."""
    transcript: list[dict[str, str]] = field(default_factory=list)
    """Chat messages from the customer: ``{party, text, date}``."""
    parked_in: str | None = None
    """"workbin" or "queue" while the interaction waits outside the agent's list (nothing to do on it)."""
    done: bool = False
    answer_at: float | None = None
    """Monotonic deadline at which the remote party answers (dialled voice calls)."""
    rona_at: float | None = None
    """Monotonic deadline at which an unanswered inbound call is redirected."""

    def set_state(self, state: str) -> None:
        """Move to ``state``, remembering the previous one."""
        self.previous_state, self.state = self.state, state

    @property
    def capabilities(self) -> tuple[str, ...]:
        """What the agent may do now (none once marked done or parked)."""
        if self.done or self.parked_in is not None:
            return ()
        if self.media == OUTBOUND:
            return PREVIEW_CAPABILITIES.get(self.state, ())
        if self.media != VOICE:
            return OPENMEDIA_CAPABILITIES.get(self.state, ())
        if self.chain is not None and self.chain.kind == "DIRECT" and self.state in DIRECT_PUSH_CALL_CAPABILITIES:
            return DIRECT_PUSH_CALL_CAPABILITIES[self.state]
        if self.is_consultation and self.state == "IDLE":
            return ()
        return VOICE_CAPABILITIES.get(self.state, ())

    def require(self, capability: str, action: str) -> None:
        """Refuse ``action`` unless the interaction has ``capability`` now."""
        if capability not in self.capabilities:
            raise RequestError(f"Error: Cannot {action} interaction {self.interaction_id} in state {self.state}.")

    @property
    def live(self) -> bool:
        """Whether attached data may still be written (voice: state is not IDLE)."""
        return self.state not in ENDED_STATES

    def to_wire(self) -> dict[str, Any]:
        """The interaction.Interaction object, with the sample fields (capabilities, dates, media)."""
        wire: dict[str, Any] = {
            "interactionId": self.interaction_id,
            "parentInteractionId": self.parent_id,
            "caseId": self.case_id,
            "media": self.media,
            "userData": dict(self.user_data),
            "state": self.state,
            "previousState": self.previous_state,
            "capabilities": list(self.capabilities),
            "parties": [{"name": name} for name in self.parties],
            "isConsultation": self.is_consultation,
            "isMainCaseInteraction": self.is_main,
            "isCaseSelected": self.case_selected,
            "isCaseExpanded": self.case_expanded,
            "startDate": self.start_date,
            "endDate": self.end_date,
            "interactionUUID": self.uuid,
            "contact": dict(self.contact) if self.contact else None,
        }
        if self.call_type is not None:
            wire["callType"] = self.call_type
        if self.media == VOICE:
            wire.update(
                callUuid=self.uuid,
                connId=self.conn_id,
                direction=self.direction,
                ani=self.ani,
                dnis=self.dnis,
                recordingState=self.recording_state,
            )
            if self.rona_call_state:
                wire["ronaCallState"] = self.rona_call_state
        if self.chain is not None:
            wire["chainedRecords"] = [dict(record) for record in self.chain.records]
        return wire


def refuse(interaction: Interaction, action: str) -> RequestError:
    """The error for an action that the interaction's media or state does not allow."""
    return RequestError(
        f"Error: Cannot {action} interaction {interaction.interaction_id} "
        f"(media {interaction.media}, state {interaction.state})."
    )


@dataclass
class Toast:
    """A custom toast opened by system.popupToast."""

    toast_id: str
    frame_id: str
    parameters: dict[str, Any]
    close_at: float | None = None


@dataclass
class Dialog:
    """An iframe dialog opened by system.openDialog."""

    dialog_id: str
    frame_id: str
    url: str
    options: dict[str, Any]


@dataclass
class MenuView:
    """A custom view in the Application Menu bar (system.updateViewInApplicationMenuBar)."""

    name: str
    frame_id: str
    parameters: dict[str, Any]
