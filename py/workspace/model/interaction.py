"""One interaction as Agent Workspace shows it, and the ``interaction`` event that carries it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workspace.errors import RequestError

from .campaign import PreviewKind, RecordChain
from .capabilities import (
    DIRECT_PUSH_CALL_CAPABILITIES,
    OPENMEDIA_CAPABILITIES,
    PREVIEW_CAPABILITIES,
    VOICE_CAPABILITIES,
    Capability,
)
from .lifecycle import ENDED_STATES, InteractionState, Media, RecordingState, check_first, check_next

if TYPE_CHECKING:
    from .context import Emitter

CONTACT_FIELDS = ("displayName", "firstName", "lastName")
"""The interaction.Contact fields."""


def iso_date(wall: float) -> str:
    """Epoch seconds as ISO 8601 UTC with milliseconds, the style of the reference samples."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(wall)) + f".{int(wall * 1000) % 1000:03d}Z"


@dataclass
class Interaction:
    """One interaction as Agent Workspace shows it; ``to_wire`` gives the interaction.Interaction object."""

    interaction_id: str
    media: Media
    case_id: str
    uuid: str
    state: InteractionState
    """Changed only by ``set_state``, which checks the lifecycle (lifecycle.py)."""
    parties: list[str]
    user_data: dict[str, Any]
    start_date: str | None
    previous_state: InteractionState = InteractionState.UNKNOWN
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
    recording_state: RecordingState = RecordingState.STOPPED
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

    def __post_init__(self) -> None:
        check_first(self.media, self.state)

    def set_state(self, state: InteractionState) -> None:
        """Move to ``state``, remembering the previous one; IllegalTransition if the lifecycle does not allow it."""
        check_next(self.media, self.state, state)
        self.previous_state, self.state = self.state, state

    @property
    def capabilities(self) -> tuple[Capability, ...]:
        """What the agent may do now (none once marked done or parked)."""
        if self.done or self.parked_in is not None:
            return ()
        if self.media == Media.OUTBOUND:
            return PREVIEW_CAPABILITIES.get(self.state, ())
        if self.media != Media.VOICE:
            return OPENMEDIA_CAPABILITIES.get(self.state, ())
        if self.chain is not None and self.chain.kind == PreviewKind.DIRECT and self.state in DIRECT_PUSH_CALL_CAPABILITIES:
            return DIRECT_PUSH_CALL_CAPABILITIES[self.state]
        if self.is_consultation and self.state == InteractionState.IDLE:
            return ()
        return VOICE_CAPABILITIES.get(self.state, ())

    def require(self, capability: Capability, action: str) -> None:
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
            "media": self.media.value,
            "userData": dict(self.user_data),
            "state": self.state.value,
            "previousState": self.previous_state.value,
            "capabilities": [capability.value for capability in self.capabilities],
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
        if self.media == Media.VOICE:
            wire.update(
                callUuid=self.uuid,
                connId=self.conn_id,
                direction=self.direction,
                ani=self.ani,
                dnis=self.dnis,
                recordingState=self.recording_state.value,
            )
            if self.rona_call_state:
                wire["ronaCallState"] = self.rona_call_state
        if self.chain is not None:
            wire["chainedRecords"] = [dict(record) for record in self.chain.records]
        return wire


def announce(ctx: Emitter, event_type: str, interaction: Interaction) -> None:
    """Emit an ``interaction`` event ``{eventType, media, interaction}`` to every subscriber."""
    ctx.emit("interaction", {"eventType": event_type, "media": interaction.media.value, "interaction": interaction.to_wire()})


def refuse(interaction: Interaction, action: str) -> RequestError:
    """The error for an action that the interaction's media or state does not allow."""
    return RequestError(
        f"Error: Cannot {action} interaction {interaction.interaction_id} "
        f"(media {interaction.media}, state {interaction.state})."
    )
