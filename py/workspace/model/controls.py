"""Control-panel happenings: what the contact centre, the customers, other agents and OCS do to the agent.

The agent's own clicks in the simulator page (answer, hang up, mark done, close a toast...) go through
``ContactCentre.handle`` like a request; the methods here are what nobody can request through the API, including
what the agent does in Workspace's own screens (join a chat, use a workbin, insert a standard response).
Each takes an emitter context (``emit``, ``now``, ``wall``) first and raises RequestError when refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workspace.errors import RequestError

from . import agent, cases, chat, interactions, openmedia, outbound, system, voice, workbins
from .interaction import announce
from .interactions import merge_user_data
from .lifecycle import InteractionState, Media
from .state import ConnectionState

if TYPE_CHECKING:
    from .context import Emitter
    from .interaction import Interaction
    from .state import CentreState

REALTIME_STATES = (ConnectionState.DISCONNECTED, ConnectionState.RECONNECTED, ConnectionState.DOWN)
"""What the control panel may make of the connection to Genesys Web Services."""


class ControlPanel:
    """One method per control-panel button, acting on the contact centre's state."""

    def __init__(self, state: CentreState) -> None:
        self.state = state

    def find(self, interaction_id: str) -> Interaction:
        """The interaction with this id, or RequestError "Error: Interaction not found."."""
        return self.state.interactions.find(interaction_id)

    def _first_contact(self, key: str, fallback: str) -> str:
        """The first scenario contact's ``key`` (phone or email): the default customer."""
        return next((c[key] for c in self.state.interactions.contacts if c.get(key)), fallback)

    def set_agent_state(self, ctx: Emitter, state: str, media: str | None = None) -> None:
        """The agent (or a supervisor) changes state: an operationName, or an event-only type such as OUT_OF_SERVICE."""
        if state in agent.EVENT_ONLY_TYPES:
            chosen = {"type": state, "displayName": state.replace("_", " ").title(), "operationName": state}
        else:
            chosen = agent.find_state(self.state.agent.states, state)
        agent.apply_state(self.state, ctx, chosen, agent.media_name(self.state, media) if media else None)

    def inbound_call(self, ctx: Emitter, caller: str | None = None, user_data: dict[str, Any] | None = None) -> str:
        """A call rings for the agent (ADDED, RINGING); returns its interactionId."""
        caller = caller or self._first_contact("phone", "+15551234567")
        return voice.ring(self.state, ctx, caller, user_data or {}).interaction_id

    def inbound_chat(self, ctx: Emitter, customer: str | None = None, user_data: dict[str, Any] | None = None) -> str:
        """A chat is routed to the agent (ADDED, INVITED); returns its interactionId."""
        party = customer or self._first_contact("email", "customer@example.com")
        return openmedia.invite(self.state, ctx, Media.CHAT, party, user_data or {}).interaction_id

    def inbound_email(
        self,
        ctx: Emitter,
        sender: str | None = None,
        subject: str = "",
        user_data: dict[str, Any] | None = None,
    ) -> str:
        """An email is routed to the agent (ADDED, INVITED); returns its interactionId."""
        party = sender or self._first_contact("email", "customer@example.com")
        return openmedia.invite(self.state, ctx, Media.EMAIL, party, user_data or {}, subject).interaction_id

    def remote_answer(self, ctx: Emitter, interaction_id: str) -> None:
        """The called party answers now (ESTABLISHED) instead of after ``remote_answer_after``."""
        voice.remote_answer(ctx, voice.voice_call(self.state, interaction_id))

    def remote_hang_up(self, ctx: Emitter, interaction_id: str) -> None:
        """The customer hangs up (RELEASED; while ringing: ronaCallState NO_ANSWER and REMOVED)."""
        voice.remote_release(self.state, ctx, voice.voice_call(self.state, interaction_id))

    def ring_no_answer(self, ctx: Emitter, interaction_id: str) -> None:
        """A ringing call is redirected elsewhere (RELEASED with ronaCallState REDIRECTED, REMOVED)."""
        call = voice.voice_call(self.state, interaction_id)
        if call.state != InteractionState.RINGING:
            raise RequestError(f"Error: Interaction {interaction_id} is not ringing (state {call.state}).")
        voice.release_unanswered(self.state, ctx, call, "REDIRECTED")

    def chat_ended(self, ctx: Emitter, interaction_id: str) -> None:
        """The customer leaves the chat (ENDED)."""
        chat.ended(ctx, self.find(interaction_id))

    def chat_message(self, ctx: Emitter, interaction_id: str, text: str) -> None:
        """The customer writes in an accepted chat: NEW_MESSAGE (the text goes to the transcript)."""
        chat.message(ctx, self.find(interaction_id), text)

    def customer_typing(self, ctx: Emitter, interaction_id: str) -> None:
        """The customer is typing in an accepted chat: COMPOSING."""
        chat.typing(ctx, self.find(interaction_id))

    def join_chat(self, ctx: Emitter, interaction_id: str, ok: bool = True) -> None:
        """The agent accepts a chat invitation in Workspace: JOIN_PENDING, then ACCEPTED (``ok``) or JOIN_FAILED."""
        chat.join(ctx, self.find(interaction_id), ok)

    def conference_invite(
        self,
        ctx: Emitter,
        inviter: str = "5001",
        customer: str | None = None,
        user_data: dict[str, Any] | None = None,
    ) -> str:
        """Another agent invites this one to its chat (ADDED, INVITED_CONFERENCE); returns the interactionId."""
        party = customer or self._first_contact("email", "customer@example.com")
        return chat.conference_invitation(self.state, ctx, inviter, party, user_data or {}).interaction_id

    def party_left(self, ctx: Emitter, interaction_id: str, party: str | None = None) -> None:
        """A chat conference party (default: the latest to join) leaves: LEFT_CONFERENCE."""
        chat.party_left(ctx, self.find(interaction_id), party)

    def chat_accepted_elsewhere(self, ctx: Emitter, interaction_id: str) -> None:
        """A chat invitation is accepted in another chat session: CANCELED, REMOVED."""
        openmedia.withdraw(self.state, ctx, self.find(interaction_id), InteractionState.CANCELED)

    def revoke_invitation(self, ctx: Emitter, interaction_id: str) -> None:
        """Routing takes back a chat or email invitation: REVOKED, REMOVED."""
        openmedia.withdraw(self.state, ctx, self.find(interaction_id), InteractionState.REVOKED)

    def insert_standard_response(self, ctx: Emitter, interaction_id: str) -> None:
        """The agent inserts a Standard Response in a chat or email (or draft): INSERT_STANDARD_RESPONSE."""
        openmedia.insert_standard_response(ctx, self.find(interaction_id))

    def move_to_workbin(self, ctx: Emitter, interaction_id: str, ok: bool = True) -> None:
        """The agent puts a chat or email in its workbin: IN_WORKBIN, REMOVED; else IN_WORKBIN_FAILED (it stays)."""
        workbins.move(self.state, ctx, self.find(interaction_id), workbins.WORKBIN, ok)

    def pull_from_workbin(self, ctx: Emitter, interaction_id: str, ok: bool = True) -> None:
        """The agent opens a workbin item: ADDED, PULLED; else PULL_WORKBIN_FAILED, REMOVED (it stays there)."""
        workbins.pull_from_workbin(self.state, ctx, interaction_id, ok)

    def move_to_queue(self, ctx: Emitter, interaction_id: str, ok: bool = True) -> None:
        """The agent sends a chat or email back to a queue: REMOVED; else IN_QUEUE_FAILED (it stays)."""
        workbins.move(self.state, ctx, self.find(interaction_id), workbins.QUEUE, ok)

    def pull_from_queue(
        self,
        ctx: Emitter,
        media: str = Media.EMAIL,
        party: str | None = None,
        user_data: dict[str, Any] | None = None,
        ok: bool = True,
    ) -> str:
        """The agent pulls a waiting chat or email from a queue: ADDED, PULLED; else PULL_FAILED, REMOVED.

        Returns the interactionId (in the list only when the pull works)."""
        party = party or self._first_contact("email", "customer@example.com")
        return workbins.pull_from_queue(self.state, ctx, media, party, user_data or {}, ok).interaction_id

    def send_email(self, ctx: Emitter, interaction_id: str) -> None:
        """The agent sends an outbound email draft (SENT, REMOVED)."""
        openmedia.finish_draft(self.state, ctx, self.find(interaction_id), InteractionState.SENT)

    def cancel_email(self, ctx: Emitter, interaction_id: str) -> None:
        """The agent discards an outbound email draft (CANCELLED, REMOVED)."""
        openmedia.finish_draft(self.state, ctx, self.find(interaction_id), InteractionState.CANCELLED)

    def attach_data(self, ctx: Emitter, interaction_id: str, key_values: dict[str, Any]) -> None:
        """Attached data changed elsewhere (routing, another desktop): merged, ATTACHED_DATA_CHANGED."""
        merge_user_data(ctx, self.find(interaction_id), key_values)

    def change_case_id(self, ctx: Emitter, interaction_id: str, case_id: str | None = None) -> str:
        """The interaction's case gets a new id (default: fresh): CASE_ID_CHANGED, then for each interaction of the
        case ATTACHED_DATA_CHANGED (IW_CaseUid) and CASE_OR_BUNDLE_ID_CHANGED. Returns the new case id."""
        return cases.change_case_id(self.state.interactions, ctx, self.find(interaction_id), case_id)

    def change_bundle_id(self, ctx: Emitter, interaction_id: str, bundle_id: str | None = None) -> str:
        """The interaction gets a new bundle id (default: fresh): ATTACHED_DATA_CHANGED (IW_BundleUid),
        CASE_OR_BUNDLE_ID_CHANGED. Returns the new bundle id."""
        return cases.change_bundle_id(self.state.interactions, ctx, self.find(interaction_id), bundle_id)

    def change_contact(self, ctx: Emitter, interaction_id: str, contact: dict[str, str]) -> None:
        """The customer's contact is edited (displayName, firstName, lastName): merged, CONTACT_CHANGED."""
        cases.change_contact(ctx, self.find(interaction_id), contact)

    def interaction_error(self, ctx: Emitter, interaction_id: str) -> None:
        """An error occurs in the interaction: ERROR (a chat or email goes to state ERROR)."""
        interactions.error(ctx, self.find(interaction_id))

    def unknown_event(self, ctx: Emitter, interaction_id: str) -> None:
        """Workspace reports an event it does not know on the interaction: UNKNOWN (nothing changes)."""
        announce(ctx, "UNKNOWN", self.find(interaction_id))

    def change_campaign(self, ctx: Emitter, name: str, action: str) -> None:
        """``action`` is load, start, stop or unload: CampaignLoaded/Started/Stopped/Unloaded on ``outbound``."""
        if action not in outbound.CAMPAIGN_CHANGES:
            raise RequestError(f"Error: Unknown campaign action '{action}'.")
        outbound.change_campaign(self.state, ctx, name, action)

    def push_preview_record(self, ctx: Emitter, campaign: str) -> str:
        """OCS pushes the next record of a push (or started direct push) campaign; returns its interactionId."""
        return outbound.push_record(self.state, ctx, campaign).interaction_id

    def click_toast_button(self, ctx: Emitter, toast_id: str, index: int) -> None:
        """The agent clicks a toast button: CUSTOM_TOAST_BUTTON_CLICK to the frame that opened it; the toast closes."""
        system.click_toast_button(self.state.screen, ctx, toast_id, index)

    def realtime_connection(self, ctx: Emitter, state: str) -> None:
        """The connection to Genesys Web Services changes: REALTIME_CONNECTION (DISCONNECTED|RECONNECTED|DOWN)."""
        if state not in REALTIME_STATES:
            raise RequestError(f"Error: Unknown connection state '{state}'; expected one of {', '.join(REALTIME_STATES)}.")
        self.state.session.connection_state = ConnectionState(state)
        ctx.emit("system", {"eventType": "REALTIME_CONNECTION", "state": state})
