"""ContactCentre: the simulated contact centre behind the Workspace simulator host."""

from __future__ import annotations

from typing import Any

from workspace.errors import RequestError

from . import agent, interactions, messenger, openmedia, options, outbound, recording, records, system, transfer, voice
from .context import Emitter, RequestContext
from .controls import ControlPanel
from .dispatch import RequestTable
from .outbound import load_campaigns
from .scenario import with_defaults
from .state import CONTACT_FIELDS, Campaign, Dialog, Ids, Interaction, MenuView, Toast, iso_date

REQUESTS = RequestTable.merge(
    agent.REQUESTS,
    options.REQUESTS,
    openmedia.REQUESTS,
    interactions.REQUESTS,
    transfer.REQUESTS,
    system.REQUESTS,
    voice.REQUESTS,
    recording.REQUESTS,
    outbound.REQUESTS,
    records.REQUESTS,
    messenger.REQUESTS,
)
"""Every request the model answers (the host answers auth.getJwtToken, system.getAllowedServices, subscribe)."""


class ContactCentre(ControlPanel):
    """Answers Service Client API requests, emits events, and exposes its state to the simulator page.

    ``config`` is any object with ``options`` (section -> option -> value) and ``scenario`` (dict from TOML).
    """

    def __init__(self, config: Any) -> None:
        self.options: dict[str, Any] = dict(getattr(config, "options", None) or {})
        self.scenario: dict[str, Any] = with_defaults(getattr(config, "scenario", None))
        self.ids = Ids()
        self.agent_info: dict[str, str] = agent.agent_info(self.scenario["agent"])
        self.states: list[dict[str, str]] = self.scenario["states"]
        initial = agent.find_state(self.states, self.scenario["agent"]["state"])
        self.media_states: dict[str, dict[str, Any]] = {name: initial for name in self.scenario["media"]}
        self.agent_state: dict[str, Any] = initial
        self.contacts: list[dict[str, str]] = self.scenario["contacts"]
        self.interactions: dict[str, Interaction] = {}
        self.workbin: dict[str, Interaction] = {}
        """Chats and emails the agent moved to its workbin, by interactionId (not in ``interactions``)."""
        self.campaigns: dict[str, Campaign] = load_campaigns(self.scenario)
        self.direct_push_active = False
        self.processed_records: list[dict[str, Any]] = []
        """Outcome of every record chain marked done (what OCS would receive)."""
        self.toasts: dict[str, Toast] = {}
        self.dialogs: dict[str, Dialog] = {}
        self.menu_views: dict[str, MenuView] = {}
        self.toast_count = 0
        self.dialog_count = 0
        self.microphone_muted = False
        self.speaker_muted = False
        self.connection_state = "CONNECTED"
        self.last_activity: float | None = None

    # --- host entry points ------------------------------------------------------------------------

    @property
    def requests(self) -> frozenset[str]:
        """The request names ``handle`` answers."""
        return frozenset(REQUESTS)

    @property
    def aliases(self) -> dict[str, str]:
        """Other spellings of requests (``sipEndpoint.muteMicrophone``) -> the request they are (D4)."""
        return REQUESTS.aliases()

    def handle(self, request: str, params: Any, ctx: RequestContext) -> Any:
        """Answer one request: return its ``data`` or raise RequestError(errorMessage)."""
        entry = REQUESTS.get(request)
        if entry is None:
            raise RequestError(f"Unknown request '{request}'.")
        return entry(self, ctx, params)

    def tick(self, ctx: Emitter) -> None:
        """Run the timers that are due at ``ctx.now``: remote answer, ring-no-answer, toast auto-close."""
        for interaction in list(self.interactions.values()):
            if interaction.state == "DIALING" and interaction.answer_at is not None and ctx.now >= interaction.answer_at:
                voice.remote_answer(self, ctx, interaction)
            elif interaction.state == "RINGING" and interaction.rona_at is not None and ctx.now >= interaction.rona_at:
                voice.release_unanswered(self, ctx, interaction, "REDIRECTED")
        system.close_expired_toasts(self, ctx.now)

    def next_deadline(self) -> float | None:
        """The earliest monotonic time at which ``tick`` has something to do, or None."""
        deadlines = [
            it.answer_at for it in self.interactions.values() if it.state == "DIALING" and it.answer_at is not None
        ]
        deadlines += [it.rona_at for it in self.interactions.values() if it.state == "RINGING" and it.rona_at is not None]
        deadlines += [toast.close_at for toast in self.toasts.values() if toast.close_at is not None]
        return min(deadlines, default=None)

    # --- interactions -----------------------------------------------------------------------------

    def find(self, interaction_id: str) -> Interaction:
        """The interaction with this id, or RequestError "Error: Interaction not found."."""
        interaction = self.interactions.get(interaction_id)
        if interaction is None:
            raise RequestError("Error: Interaction not found.")
        return interaction

    def new_interaction(
        self, ctx: Emitter, media: str, state: str, parties: list[str], *, case_id: str | None = None, **fields: Any
    ) -> Interaction:
        """Create (not yet add) an interaction with fresh ids; its case is new unless ``case_id`` is given."""
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
            **fields,
        )

    def add(self, ctx: Emitter, interaction: Interaction, *event_types: str) -> Interaction:
        """Add ``interaction`` (selecting its case when no case is selected) and emit ADDED then ``event_types``."""
        if not any(it.case_selected for it in self.interactions.values()):
            interaction.case_selected = True
        else:
            siblings = [it for it in self.interactions.values() if it.case_id == interaction.case_id]
            interaction.case_selected = any(it.case_selected for it in siblings)
            interaction.case_expanded = any(it.case_expanded for it in siblings)
        self.interactions[interaction.interaction_id] = interaction
        for event_type in ("ADDED", *event_types):
            self.emit(ctx, event_type, interaction)
        return interaction

    def remove(self, ctx: Emitter, interaction: Interaction) -> None:
        """Emit REMOVED and forget the interaction."""
        self.emit(ctx, "REMOVED", interaction)
        del self.interactions[interaction.interaction_id]

    def emit(self, ctx: Emitter, event_type: str, interaction: Interaction) -> None:
        """Emit an ``interaction`` event ``{eventType, media, interaction}`` to every subscriber."""
        ctx.emit("interaction", {"eventType": event_type, "media": interaction.media, "interaction": interaction.to_wire()})

    def contact_for(self, address: str) -> dict[str, str] | None:
        """The scenario contact whose phone or email is ``address`` (interaction.Contact fields only)."""
        for contact in self.contacts:
            if address in (contact.get("phone"), contact.get("email")):
                return {key: contact[key] for key in CONTACT_FIELDS if key in contact}
        return None

    # --- what the simulator page renders ----------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """JSON-ready view of the whole model for the simulator page."""
        return {
            "agent": dict(self.agent_info),
            "agentState": dict(self.agent_state),
            "media": agent.media_list(self),
            "interactions": [it.to_wire() for it in self.interactions.values()],
            "workbin": [it.to_wire() for it in self.workbin.values()],
            "transcripts": {i: [dict(m) for m in it.transcript] for i, it in self.interactions.items() if it.transcript},
            "campaigns": [campaign.to_wire() for campaign in self.campaigns.values()],
            "directPushPreview": self.direct_push_active,
            "processedRecords": list(self.processed_records),
            # Host-owned keys last: an extension's parameters cannot overwrite them.
            "toasts": [{**t.parameters, "id": t.toast_id, "frameId": t.frame_id} for t in self.toasts.values()],
            "dialogs": [{**d.options, "id": d.dialog_id, "frameId": d.frame_id, "url": d.url} for d in self.dialogs.values()],
            "menuViews": [{**v.parameters, "frameId": v.frame_id} for v in self.menu_views.values()],
            "microphoneMuted": self.microphone_muted,
            "speakerMuted": self.speaker_muted,
            "connectionState": self.connection_state,
            "lastActivity": self.last_activity,
        }
