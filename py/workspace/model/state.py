"""The contact centre's state: ``CentreState``, what every request handler and control receives, and its parts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from workspace.errors import RequestError

from .campaign import Campaign
from .interaction import CONTACT_FIELDS, Interaction, announce, iso_date
from .lifecycle import InteractionState, Media
from .screen import Screen

if TYPE_CHECKING:
    from .context import Emitter

_UUID_NAMESPACE = uuid.UUID("6f1c3a52-0d5e-4f7b-9a59-2d1c07b1c0de")


class StateType(StrEnum):
    """media.State types (the scenario's states name them)."""

    READY = "READY"
    PARTIAL_READY = "PARTIAL_READY"
    NOT_READY = "NOT_READY"
    NOT_READY_ACTION_CODE = "NOT_READY_ACTION_CODE"
    NOT_READY_AFTER_CALL_WORK = "NOT_READY_AFTER_CALL_WORK"
    DND_ON = "DND_ON"
    LOGOUT = "LOGOUT"
    OUT_OF_SERVICE = "OUT_OF_SERVICE"
    LOGOUT_DND = "LOGOUT_DND"


class ConnectionState(StrEnum):
    """The connection to Genesys Web Services (system REALTIME_CONNECTION)."""

    CONNECTED = "CONNECTED"
    DISCONNECTED = "DISCONNECTED"
    RECONNECTED = "RECONNECTED"
    DOWN = "DOWN"


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


class InteractionList(dict[str, Interaction]):
    """The agent's interactions by id, oldest first, with the scenario contacts and the ids new ones get."""

    def __init__(self, contacts: list[dict[str, str]]) -> None:
        super().__init__()
        self.contacts = contacts
        self.ids = Ids()

    def find(self, interaction_id: str) -> Interaction:
        """The interaction with this id, or RequestError "Error: Interaction not found."."""
        interaction = self.get(interaction_id)
        if interaction is None:
            raise RequestError("Error: Interaction not found.")
        return interaction

    def new(
        self,
        ctx: Emitter,
        media: Media,
        state: InteractionState,
        parties: list[str],
        *,
        case_id: str | None = None,
        **fields: Any,
    ) -> Interaction:
        """Create (not yet add) an interaction with fresh ids and the contact of its first party; its case is new
        unless ``case_id`` is given."""
        case_id = case_id or str(self.ids.uuid())
        user_data = {"IW_CaseUid": case_id, "IW_BundleUid": str(self.ids.uuid())}
        user_data.update(fields.pop("user_data", None) or {})
        return Interaction(
            interaction_id=self.ids.interaction(),
            media=media,
            case_id=case_id,
            uuid=self.ids.uuid().hex.upper(),
            state=state,
            parties=parties,
            user_data=user_data,
            start_date=fields.pop("start_date", iso_date(ctx.wall)),
            contact=self.contact_for(parties[0]),
            **fields,
        )

    def add(self, ctx: Emitter, interaction: Interaction, *event_types: str) -> Interaction:
        """Add ``interaction`` (selecting its case when no case is selected) and emit ADDED then ``event_types``."""
        if not any(it.case_selected for it in self.values()):
            interaction.case_selected = True
        else:
            siblings = [it for it in self.values() if it.case_id == interaction.case_id]
            interaction.case_selected = any(it.case_selected for it in siblings)
            interaction.case_expanded = any(it.case_expanded for it in siblings)
        self[interaction.interaction_id] = interaction
        for event_type in ("ADDED", *event_types):
            announce(ctx, event_type, interaction)
        return interaction

    def remove(self, ctx: Emitter, interaction: Interaction) -> None:
        """Emit REMOVED and forget the interaction."""
        announce(ctx, "REMOVED", interaction)
        del self[interaction.interaction_id]

    def contact_for(self, address: str) -> dict[str, str] | None:
        """The scenario contact whose phone or email is ``address`` (interaction.Contact fields only)."""
        for contact in self.contacts:
            if address in (contact.get("phone"), contact.get("email")):
                return {key: contact[key] for key in CONTACT_FIELDS if key in contact}
        return None


@dataclass
class AgentStates:
    """The agent, the states it may take (media.State entries of the scenario) and the state of each media."""

    info: dict[str, str]
    """The agent.Agent object."""
    states: list[dict[str, Any]]
    media: dict[str, dict[str, Any]]
    """Media name -> its state (an entry of ``states``, or an event-only state)."""
    current: dict[str, Any]
    """The agent state the media states imply (agent.aggregate)."""


@dataclass
class Outbound:
    """OCS: the campaigns, the direct-push dialing mode, and what was sent back for each record chain marked done."""

    campaigns: dict[str, Campaign]
    direct_push_active: bool = False
    processed_records: list[dict[str, Any]] = field(default_factory=list)
    """Outcome of every record chain marked done (what OCS would receive)."""


@dataclass
class Session:
    """The agent's session: SIP endpoint mute flags, the connection to Genesys Web Services, the last activity."""

    microphone_muted: bool = False
    speaker_muted: bool = False
    connection_state: ConnectionState = ConnectionState.CONNECTED
    last_activity: float | None = None
    """``ctx.now`` of the last system.triggerActivity."""


@dataclass
class CentreState:
    """Everything the contact centre knows, in parts; ``options`` and ``scenario`` are its configuration."""

    options: dict[str, Any]
    """Section -> option -> value."""
    scenario: dict[str, Any]
    """The ``[scenario]`` table over the default (scenario.with_defaults)."""
    agent: AgentStates
    interactions: InteractionList
    outbound: Outbound
    workbin: dict[str, Interaction] = field(default_factory=dict)
    """Chats and emails the agent moved to its workbin, by interactionId (not in ``interactions``)."""
    screen: Screen = field(default_factory=Screen)
    session: Session = field(default_factory=Session)
