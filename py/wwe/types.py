"""TypedDicts of the documented types, replies and event payloads (SPEC-NOTES §4, §5).

All are ``total=False``: the host may leave fields out (many are voice-only), and samples carry extra fields.
Enumerations are plain ``str``; their documented values are listed in the docstrings.
"""

from __future__ import annotations

from typing import Any, TypedDict


class Agent(TypedDict, total=False):
    """agent.Agent (note the lower-case ``firstname``/``lastname``)."""

    employeeId: str
    firstname: str
    lastname: str
    username: str


class State(TypedDict, total=False):
    """media.State. ``type``: LOGOUT READY PARTIAL_READY NOT_READY NOT_READY_ACTION_CODE (and three more
    truncated NOT_READY_A... values) DND_ON OUT_OF_SERVICE LOGOUT_DND. ``operationName`` is what setState takes."""

    type: str
    displayName: str
    operationName: str


class Media(TypedDict, total=False):
    """media.Media."""

    name: str
    state: State


class Device(TypedDict, total=False):
    """media.Device."""

    number: str
    dynamicPhoneNumber: str


class Party(TypedDict, total=False):
    """interaction.Party."""

    name: str


class Contact(TypedDict, total=False):
    """interaction.Contact."""

    displayName: str
    firstName: str
    lastName: str


class Interaction(TypedDict, total=False):
    """interaction.Interaction. Fields marked voice-only in the reference: callUuid, direction (IN OUT UNKNOWN),
    callType (INTERNAL INBOUND OUTBOUND CONSULT UNKNOWN; samples also show OUTBOUND_PREVIEW...), ani, dnis,
    recordingState (STOPPED RECORDING PAUSED). The last five fields appear in samples only."""

    interactionId: str
    parentInteractionId: str | None
    caseId: str
    userData: dict[str, Any]
    state: str
    previousState: str
    parties: list[Party]
    isConsultation: bool
    isMainCaseInteraction: bool
    callUuid: str
    direction: str
    callType: str
    ani: str
    dnis: str
    recordingState: str
    isCaseSelected: bool
    ronaCallState: str
    isCaseExpanded: bool
    interactionUUID: str
    connId: str
    contact: Contact
    capabilities: list[str]
    startDate: str | None
    endDate: str | None
    chainedRecords: list[dict[str, Any]]


class Section(TypedDict, total=False):
    """configuration.Section (documented; the samples return ``Options`` instead, see DECISIONS D11)."""

    name: str
    value: str | list[str]


Options = dict[str, dict[str, Any]]
"""getOption/getContextualOption data: ``{"interaction-workspace": {"option": "value"}}`` (D11)."""


class Field(TypedDict, total=False):
    """outbound.Field. fieldType: int float char var-char date time bool enum; valueType: string number boolean."""

    name: str
    displayName: str
    value: Any
    isEditable: bool
    isMandatory: bool
    options: Any
    fieldType: str
    valueType: str


class ChainedRecords(TypedDict, total=False):
    """One item of outbound.getChainedRecords."""

    records: list[dict[str, Any]]


class JwtToken(TypedDict, total=False):
    """auth.getJwtToken data."""

    expiration: str
    jwtToken: str


class Reply(TypedDict, total=False):
    """What ``succeeded``/``failed`` receive: one of ``data`` (success) or ``errorMessage`` (failure)."""

    request: str
    data: Any
    errorMessage: str
    subscriptionId: str
    userAgent: str
    protocolVersion: int


class Event(TypedDict, total=False):
    """What an event handler receives: the whole message; ``event`` is the subscription name."""

    event: str
    data: Any
    userAgent: str
    protocolVersion: int


class AgentStateChanged(TypedDict, total=False):
    """``agent`` event data: eventType STATE_CHANGED."""

    eventType: str
    mediaState: str
    reason: str
    reasonCode: str


class InteractionEventData(TypedDict, total=False):
    """``interaction`` event data (ADDED, RINGING, ESTABLISHED, RELEASED, ATTACHED_DATA_CHANGED, ...)."""

    eventType: str
    media: str
    interaction: Interaction


class CaseIdChanged(TypedDict, total=False):
    """``interaction`` event data for CASE_ID_CHANGED (no interaction object)."""

    eventType: str
    caseId: str
    previousCaseId: str


class CaseSelection(TypedDict, total=False):
    """``interaction`` event data for CASE_SELECTED / CASE_EXPANDED."""

    eventType: str
    selectedCaseId: str


class ToastButtonClick(TypedDict, total=False):
    """``system`` event data: CUSTOM_TOAST_BUTTON_CLICK (buttonIndex is 0-based)."""

    eventType: str
    customToastId: str
    buttonIndex: int


class RealtimeConnection(TypedDict, total=False):
    """``system`` event data: REALTIME_CONNECTION, state DISCONNECTED RECONNECTED DOWN."""

    eventType: str
    state: str


class FrameState(TypedDict, total=False):
    """``system`` event data for multi-tab election: frameState LEADING FOLLOWING NEGOTIATING (no eventType)."""

    frameState: str


class CampaignEvent(TypedDict, total=False):
    """``outbound`` event data: CampaignLoaded CampaignUnloaded CampaignStarted (with mode) CampaignStopped."""

    eventType: str
    campaign: str
    mode: str
