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
from .interactions import merge_user_data

if TYPE_CHECKING:
    from .centre import ContactCentre
    from .context import Emitter

REALTIME_STATES = ("DISCONNECTED", "RECONNECTED", "DOWN")


class ControlPanel:
    """Mixed into ContactCentre: one method per control-panel button."""

    def _first_contact(self: ContactCentre, key: str, fallback: str) -> str:
        """The first scenario contact's ``key`` (phone or email): the default customer."""
        return next((c[key] for c in self.contacts if c.get(key)), fallback)

    def set_agent_state(self: ContactCentre, ctx: Emitter, state: str, media: str | None = None) -> None:
        """The agent (or a supervisor) changes state: an operationName, or an event-only type such as OUT_OF_SERVICE."""
        if state in agent.EVENT_ONLY_TYPES:
            chosen = {"type": state, "displayName": state.replace("_", " ").title(), "operationName": state}
        else:
            chosen = agent.find_state(self.states, state)
        agent.apply_state(self, ctx, chosen, agent.media_name(self, media) if media else None)

    def inbound_call(
        self: ContactCentre, ctx: Emitter, caller: str | None = None, user_data: dict[str, Any] | None = None
    ) -> str:
        """A call rings for the agent (ADDED, RINGING); returns its interactionId."""
        return voice.ring(self, ctx, caller or self._first_contact("phone", "+15551234567"), user_data or {}).interaction_id

    def inbound_chat(
        self: ContactCentre, ctx: Emitter, customer: str | None = None, user_data: dict[str, Any] | None = None
    ) -> str:
        """A chat is routed to the agent (ADDED, INVITED); returns its interactionId."""
        party = customer or self._first_contact("email", "customer@example.com")
        return openmedia.invite(self, ctx, "chat", party, user_data or {}).interaction_id

    def inbound_email(
        self: ContactCentre,
        ctx: Emitter,
        sender: str | None = None,
        subject: str = "",
        user_data: dict[str, Any] | None = None,
    ) -> str:
        """An email is routed to the agent (ADDED, INVITED); returns its interactionId."""
        party = sender or self._first_contact("email", "customer@example.com")
        return openmedia.invite(self, ctx, "email", party, user_data or {}, subject).interaction_id

    def remote_answer(self: ContactCentre, ctx: Emitter, interaction_id: str) -> None:
        """The called party answers now (ESTABLISHED) instead of after ``remote_answer_after``."""
        voice.remote_answer(self, ctx, voice.voice_call(self, interaction_id))

    def remote_hang_up(self: ContactCentre, ctx: Emitter, interaction_id: str) -> None:
        """The customer hangs up (RELEASED; while ringing: ronaCallState NO_ANSWER and REMOVED)."""
        voice.remote_release(self, ctx, voice.voice_call(self, interaction_id))

    def ring_no_answer(self: ContactCentre, ctx: Emitter, interaction_id: str) -> None:
        """A ringing call is redirected elsewhere (RELEASED with ronaCallState REDIRECTED, REMOVED)."""
        call = voice.voice_call(self, interaction_id)
        if call.state != "RINGING":
            raise RequestError(f"Error: Interaction {interaction_id} is not ringing (state {call.state}).")
        voice.release_unanswered(self, ctx, call, "REDIRECTED")

    def chat_ended(self: ContactCentre, ctx: Emitter, interaction_id: str) -> None:
        """The customer leaves the chat (ENDED)."""
        chat.ended(self, ctx, self.find(interaction_id))

    def chat_message(self: ContactCentre, ctx: Emitter, interaction_id: str, text: str) -> None:
        """The customer writes in an accepted chat: NEW_MESSAGE (the text goes to the transcript)."""
        chat.message(self, ctx, self.find(interaction_id), text)

    def customer_typing(self: ContactCentre, ctx: Emitter, interaction_id: str) -> None:
        """The customer is typing in an accepted chat: COMPOSING."""
        chat.typing(self, ctx, self.find(interaction_id))

    def join_chat(self: ContactCentre, ctx: Emitter, interaction_id: str, ok: bool = True) -> None:
        """The agent accepts a chat invitation in Workspace: JOIN_PENDING, then ACCEPTED (``ok``) or JOIN_FAILED."""
        chat.join(self, ctx, self.find(interaction_id), ok)

    def conference_invite(
        self: ContactCentre,
        ctx: Emitter,
        inviter: str = "5001",
        customer: str | None = None,
        user_data: dict[str, Any] | None = None,
    ) -> str:
        """Another agent invites this one to its chat (ADDED, INVITED_CONFERENCE); returns the interactionId."""
        party = customer or self._first_contact("email", "customer@example.com")
        return chat.conference_invitation(self, ctx, inviter, party, user_data or {}).interaction_id

    def party_left(self: ContactCentre, ctx: Emitter, interaction_id: str, party: str | None = None) -> None:
        """A chat conference party (default: the latest to join) leaves: LEFT_CONFERENCE."""
        chat.party_left(self, ctx, self.find(interaction_id), party)

    def chat_accepted_elsewhere(self: ContactCentre, ctx: Emitter, interaction_id: str) -> None:
        """A chat invitation is accepted in another chat session: CANCELED, REMOVED."""
        openmedia.withdraw(self, ctx, self.find(interaction_id), "CANCELED")

    def revoke_invitation(self: ContactCentre, ctx: Emitter, interaction_id: str) -> None:
        """Routing takes back a chat or email invitation: REVOKED, REMOVED."""
        openmedia.withdraw(self, ctx, self.find(interaction_id), "REVOKED")

    def insert_standard_response(self: ContactCentre, ctx: Emitter, interaction_id: str) -> None:
        """The agent inserts a Standard Response in a chat or email (or draft): INSERT_STANDARD_RESPONSE."""
        openmedia.insert_standard_response(self, ctx, self.find(interaction_id))

    def move_to_workbin(self: ContactCentre, ctx: Emitter, interaction_id: str, ok: bool = True) -> None:
        """The agent puts a chat or email in its workbin: IN_WORKBIN, REMOVED; else IN_WORKBIN_FAILED (it stays)."""
        workbins.move(self, ctx, self.find(interaction_id), workbins.WORKBIN, ok)

    def pull_from_workbin(self: ContactCentre, ctx: Emitter, interaction_id: str, ok: bool = True) -> None:
        """The agent opens a workbin item: ADDED, PULLED; else PULL_WORKBIN_FAILED, REMOVED (it stays there)."""
        workbins.pull_from_workbin(self, ctx, interaction_id, ok)

    def move_to_queue(self: ContactCentre, ctx: Emitter, interaction_id: str, ok: bool = True) -> None:
        """The agent sends a chat or email back to a queue: REMOVED; else IN_QUEUE_FAILED (it stays)."""
        workbins.move(self, ctx, self.find(interaction_id), workbins.QUEUE, ok)

    def pull_from_queue(
        self: ContactCentre,
        ctx: Emitter,
        media: str = "email",
        party: str | None = None,
        user_data: dict[str, Any] | None = None,
        ok: bool = True,
    ) -> str:
        """The agent pulls a waiting chat or email from a queue: ADDED, PULLED; else PULL_FAILED, REMOVED.

        Returns the interactionId (in the list only when the pull works)."""
        party = party or self._first_contact("email", "customer@example.com")
        return workbins.pull_from_queue(self, ctx, media, party, user_data or {}, ok).interaction_id

    def send_email(self: ContactCentre, ctx: Emitter, interaction_id: str) -> None:
        """The agent sends an outbound email draft (SENT, REMOVED)."""
        openmedia.finish_draft(self, ctx, self.find(interaction_id), "SENT")

    def cancel_email(self: ContactCentre, ctx: Emitter, interaction_id: str) -> None:
        """The agent discards an outbound email draft (CANCELLED, REMOVED)."""
        openmedia.finish_draft(self, ctx, self.find(interaction_id), "CANCELLED")

    def attach_data(self: ContactCentre, ctx: Emitter, interaction_id: str, key_values: dict[str, Any]) -> None:
        """Attached data changed elsewhere (routing, another desktop): merged, ATTACHED_DATA_CHANGED."""
        merge_user_data(self, ctx, self.find(interaction_id), key_values)

    def change_case_id(self: ContactCentre, ctx: Emitter, interaction_id: str, case_id: str | None = None) -> str:
        """The interaction's case gets a new id (default: fresh): CASE_ID_CHANGED, then for each interaction of the
        case ATTACHED_DATA_CHANGED (IW_CaseUid) and CASE_OR_BUNDLE_ID_CHANGED. Returns the new case id."""
        return cases.change_case_id(self, ctx, self.find(interaction_id), case_id)

    def change_bundle_id(self: ContactCentre, ctx: Emitter, interaction_id: str, bundle_id: str | None = None) -> str:
        """The interaction gets a new bundle id (default: fresh): ATTACHED_DATA_CHANGED (IW_BundleUid),
        CASE_OR_BUNDLE_ID_CHANGED. Returns the new bundle id."""
        return cases.change_bundle_id(self, ctx, self.find(interaction_id), bundle_id)

    def change_contact(self: ContactCentre, ctx: Emitter, interaction_id: str, contact: dict[str, str]) -> None:
        """The customer's contact is edited (displayName, firstName, lastName): merged, CONTACT_CHANGED."""
        cases.change_contact(self, ctx, self.find(interaction_id), contact)

    def interaction_error(self: ContactCentre, ctx: Emitter, interaction_id: str) -> None:
        """An error occurs in the interaction: ERROR (a chat or email goes to state ERROR)."""
        interactions.error(self, ctx, self.find(interaction_id))

    def unknown_event(self: ContactCentre, ctx: Emitter, interaction_id: str) -> None:
        """Workspace reports an event it does not know on the interaction: UNKNOWN (nothing changes)."""
        self.emit(ctx, "UNKNOWN", self.find(interaction_id))

    def change_campaign(self: ContactCentre, ctx: Emitter, name: str, action: str) -> None:
        """``action`` is load, start, stop or unload: CampaignLoaded/Started/Stopped/Unloaded on ``outbound``."""
        if action not in outbound.CAMPAIGN_CHANGES:
            raise RequestError(f"Error: Unknown campaign action '{action}'.")
        outbound.change_campaign(self, ctx, name, action)

    def push_preview_record(self: ContactCentre, ctx: Emitter, campaign: str) -> str:
        """OCS pushes the next record of a push (or started direct push) campaign; returns its interactionId."""
        return outbound.push_record(self, ctx, campaign).interaction_id

    def click_toast_button(self: ContactCentre, ctx: Emitter, toast_id: str, index: int) -> None:
        """The agent clicks a toast button: CUSTOM_TOAST_BUTTON_CLICK to the frame that opened it; the toast closes."""
        system.click_toast_button(self, ctx, toast_id, index)

    def realtime_connection(self: ContactCentre, ctx: Emitter, state: str) -> None:
        """The connection to Genesys Web Services changes: REALTIME_CONNECTION (DISCONNECTED|RECONNECTED|DOWN)."""
        if state not in REALTIME_STATES:
            raise RequestError(f"Error: Unknown connection state '{state}'; expected one of {', '.join(REALTIME_STATES)}.")
        self.connection_state = state
        ctx.emit("system", {"eventType": "REALTIME_CONNECTION", "state": state})
