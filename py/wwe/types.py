"""TypedDicts of the documented types, replies and event payloads (SPEC-NOTES §4, §5).

The documented types are ``total=False``: the host may leave fields out (many are voice-only), and samples carry
extra fields. Event messages always have ``event`` and ``data``; event data always has its ``eventType`` except
the system frameState event.
Enumerations are plain ``str``; their documented values are listed in the docstrings.
"""

from __future__ import annotations

from typing import Any, Generic, NotRequired, TypedDict, TypeVar


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


D = TypeVar("D")


class Event(TypedDict, Generic[D]):
    """What an event handler receives: the whole message. ``event`` is the subscription name the client routed it
    by; ``data`` has the documented payload of that name (docs/EVENTS.md), e.g. ``Event[AgentEventData]``."""

    event: str
    data: D
    userAgent: NotRequired[str]
    protocolVersion: NotRequired[int]


class AgentEventData(TypedDict):
    """``agent`` event data: eventType STATE_CHANGED."""

    eventType: str
    mediaState: NotRequired[str]
    reason: NotRequired[str]
    reasonCode: NotRequired[str]


class InteractionEventData(TypedDict):
    """``interaction`` event data: ADDED, RINGING, ESTABLISHED, ATTACHED_DATA_CHANGED... carry ``media`` and
    ``interaction``; CASE_ID_CHANGED carries ``caseId`` and ``previousCaseId``; CASE_SELECTED and CASE_EXPANDED
    carry ``selectedCaseId``."""

    eventType: str
    media: NotRequired[str]
    interaction: NotRequired[Interaction]
    caseId: NotRequired[str]
    previousCaseId: NotRequired[str]
    selectedCaseId: NotRequired[str]


class SystemEventData(TypedDict):
    """``system`` event data: CUSTOM_TOAST_BUTTON_CLICK (customToastId, 0-based buttonIndex), REALTIME_CONNECTION
    (state DISCONNECTED RECONNECTED DOWN), and the multi-tab election's frameState (LEADING FOLLOWING NEGOTIATING),
    which has no eventType."""

    eventType: NotRequired[str]
    customToastId: NotRequired[str]
    buttonIndex: NotRequired[int]
    state: NotRequired[str]
    frameState: NotRequired[str]


class OutboundEventData(TypedDict):
    """``outbound`` event data: CampaignLoaded CampaignUnloaded CampaignStarted (with mode) CampaignStopped."""

    eventType: str
    campaign: NotRequired[str]
    mode: NotRequired[str]


AgentEvent = Event[AgentEventData]
InteractionEvent = Event[InteractionEventData]
SystemEvent = Event[SystemEventData]
OutboundEvent = Event[OutboundEventData]
MessengerEvent = Event[dict[str, Any]]
"""``messenger:<channel>``: ``data`` is the object another extension passed to ``messenger.broadcastMessage``."""
