"""The simulator's control panel (sans-I/O): the controls the page offers for each interaction and campaign, and
how a click or a form becomes an action (``actions.ACTIONS``) run through ``Host.perform``.

A control carries ``data-action`` (an ActionName) and its fields (``data-id``, ``data-arg``... or the form's
inputs); ``run`` performs it.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .actions import ACTIONS, ActionName, Form, MissingField
from .errors import RequestError
from .host.page_events import ActionPerformed
from .model import ContactCentre
from .model.campaign import CampaignStatus, PreviewKind
from .model.capabilities import Capability
from .model.lifecycle import ENDED_STATES, WORKING_STATES, InteractionState, Media
from .model.outbound import CAMPAIGN_CHANGES

if TYPE_CHECKING:
    from .host import Context, Host, Outgoing
    from .model.campaign import Campaign

Fields = Mapping[str, str]


@dataclass(frozen=True)
class Button:
    """One control: ``action`` is what it does; ``arg`` goes to its ``arg`` field; ``tone`` is "", "primary" or
    "danger"."""

    action: ActionName
    label: str
    tone: str = ""
    arg: str = ""


_A, _S = ActionName, InteractionState

AGENT_BUTTONS: dict[Capability, Button] = {
    Capability.ANSWER: Button(_A.ANSWER, "Answer", "primary"),
    Capability.ACCEPT: Button(_A.ACCEPT, "Accept", "primary"),
    Capability.REJECT: Button(_A.REJECT, "Reject", "danger"),
    Capability.HANGUP: Button(_A.HANG_UP, "Hang up", "danger"),
    Capability.HOLD: Button(_A.HOLD, "Hold"),
    Capability.RESUME: Button(_A.RESUME, "Resume", "primary"),
    Capability.REJECT_RECORD: Button(_A.REJECT_RECORD, "Reject record"),
    Capability.CANCEL_RECORD: Button(_A.CANCEL_RECORD, "Cancel record"),
    Capability.MARK_DONE: Button(_A.MARK_DONE, "Mark done", "primary"),
}
"""The agent's button for each interaction capability (CALL has one button per record of the chain)."""


def agent_buttons(interaction: dict[str, Any]) -> list[Button]:
    """What the agent may do now on ``interaction`` (a wire Interaction), from its capabilities."""
    buttons = []
    for capability in interaction.get("capabilities", []):
        if capability == Capability.CALL:
            buttons += [Button(_A.CALL_RECORD, f"Call {record.get('GSW_PHONE', '')}".strip(), "primary",
                               str(record.get("GSW_RECORD_HANDLE", "")))
                        for record in interaction.get("chainedRecords", [])]
        elif capability in AGENT_BUTTONS:
            buttons.append(AGENT_BUTTONS[capability])
    return buttons


def remote_buttons(interaction: dict[str, Any]) -> list[Button]:
    """What the customer or the contact centre may do now on ``interaction``."""
    media, state = interaction.get("media"), interaction.get("state")
    buttons = []
    if media == Media.VOICE:
        if state == _S.DIALING:
            buttons.append(Button(_A.REMOTE_ANSWER, "Remote answer", "primary"))
        if state == _S.RINGING:
            buttons.append(Button(_A.RING_NO_ANSWER, "Ring no answer"))
        if state in (_S.RINGING, _S.DIALING, _S.TALKING, _S.HELD):
            buttons.append(Button(_A.REMOTE_HANG_UP, "Remote hang up", "danger"))
    elif media == Media.CHAT and state == _S.ACCEPTED and not interaction.get("endDate"):
        buttons.append(Button(_A.CHAT_ENDED, "Customer leaves"))
    elif media == Media.EMAIL and state == _S.CREATED:
        buttons += [Button(_A.SEND_EMAIL, "Send", "primary"), Button(_A.CANCEL_EMAIL, "Discard")]
    return buttons


def centre_buttons(interaction: dict[str, Any]) -> list[Button]:
    """What the contact centre may do now on ``interaction``: chat traffic, workbins, queues, case and errors."""
    media, state = interaction.get("media"), interaction.get("state")
    buttons = []
    if media == Media.CHAT and state in WORKING_STATES and not interaction.get("endDate"):
        buttons += [Button(_A.CUSTOMER_TYPING, "Customer types"), Button(_A.CUSTOMER_WRITES, "Customer writes")]
    if media in (Media.CHAT, Media.EMAIL) and state in WORKING_STATES:
        buttons += [Button(_A.TO_WORKBIN, "To workbin"), Button(_A.TO_QUEUE, "Back to queue"),
                    Button(_A.STANDARD_RESPONSE, "Standard response")]
    if media in (Media.CHAT, Media.EMAIL) and state == _S.INVITED:
        if media == Media.CHAT:
            buttons.append(Button(_A.ACCEPTED_ELSEWHERE, "Accepted elsewhere"))
        buttons.append(Button(_A.REVOKE, "Revoke"))
    if state not in ENDED_STATES and media != Media.OUTBOUND:
        buttons += [Button(_A.NEW_CASE_ID, "New case id"), Button(_A.INTERACTION_ERROR, "Error", "danger")]
    return buttons


def workbin_buttons(workbin: list[dict[str, Any]]) -> list[Button]:
    """One "pull" button per interaction waiting in the workbin."""
    return [Button(_A.FROM_WORKBIN, f"Pull {item.get('media', '')} #{item.get('interactionId', '')}", "",
                   str(item.get("interactionId", ""))) for item in workbin]


def campaign_buttons(campaign: Campaign, direct_push_active: bool) -> list[Button]:
    """Load/start/stop/unload as the campaign's status allows; the direct-push dialing mode, and pushing the next
    record, when the campaign delivers records that way."""
    buttons = [Button(_A.CAMPAIGN, name.capitalize(), "", name)
               for name, change in CAMPAIGN_CHANGES.items() if campaign.status in change.sources]
    if campaign.status != CampaignStatus.STARTED:
        return buttons
    kind = campaign.preview_kind
    if kind == PreviewKind.DIRECT:
        buttons.append(Button(_A.DIRECT_PUSH, "Stop dialing", "", "stop") if direct_push_active
                       else Button(_A.DIRECT_PUSH, "Start dialing", "", "start"))
    if campaign.chains and (kind == PreviewKind.PUSH or kind == PreviewKind.DIRECT and direct_push_active):
        buttons.append(Button(_A.PUSH_RECORD, f"Push record ({len(campaign.chains)} left)", "primary"))
    return buttons


def contact_centre(host: Host) -> ContactCentre:
    """The host's model as the contact centre the control panel drives (``Host.model`` is only typed as the host's
    Model protocol); TypeError for another model."""
    if not isinstance(host.model, ContactCentre):
        raise TypeError(f"the control panel drives a ContactCentre, not {type(host.model).__name__}")
    return host.model


def run(host: Host, name: str, fields: Fields, at: float | None = None) -> tuple[list[Outgoing], str | None]:
    """Perform the action ``name`` (``at``: the model's time, ``Host.perform``); returns the messages to deliver and
    the refusal text (None when done).
    The inspector records the action (before its events) so that a recorded session can be replayed.

    A refusal is caught inside the performed action, so the events emitted before it (MARKDONE_BLOCKED...) are still
    routed: ``Host.perform`` would drop them with the exception. Only a field missing from ``fields`` is a refusal
    among KeyErrors: one from the model is a bug and propagates.
    """
    if name not in ACTIONS:
        return [], f"Unknown control '{name}'."
    action = ACTIONS[ActionName(name)]
    centre = contact_centre(host)
    refusals: list[str] = []

    def perform(ctx: Context) -> None:
        try:
            action.perform(centre, ctx, Form(fields))
        except RequestError as error:
            refusals.append(str(error))
        except MissingField as error:
            refusals.append(f"Missing field {error}.")
        except ValueError as error:
            refusals.append(str(error))
        host.log_page_event(ActionPerformed(name, dict(fields)), refusals[0] if refusals else None)

    out = host.perform(perform, at)
    return out, refusals[0] if refusals else None
