"""Control-panel happenings: what the contact centre, the customers and OCS do to the agent.

The agent's own clicks in the simulator page (answer, hang up, mark done, close a toast...) go through
``ContactCentre.handle`` like a request; the methods here are what nobody can request through the API.
Each takes an emitter context (``emit``, ``now``, ``wall``) first and raises RequestError when refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workspace.errors import RequestError

from . import agent, openmedia, outbound, system, voice
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
        openmedia.chat_ended(self, ctx, self.find(interaction_id))

    def send_email(self: ContactCentre, ctx: Emitter, interaction_id: str) -> None:
        """The agent sends an outbound email draft (SENT, REMOVED)."""
        openmedia.finish_draft(self, ctx, self.find(interaction_id), "SENT")

    def cancel_email(self: ContactCentre, ctx: Emitter, interaction_id: str) -> None:
        """The agent discards an outbound email draft (CANCELLED, REMOVED)."""
        openmedia.finish_draft(self, ctx, self.find(interaction_id), "CANCELLED")

    def attach_data(self: ContactCentre, ctx: Emitter, interaction_id: str, key_values: dict[str, Any]) -> None:
        """Attached data changed elsewhere (routing, another desktop): merged, ATTACHED_DATA_CHANGED."""
        merge_user_data(self, ctx, self.find(interaction_id), key_values)

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
