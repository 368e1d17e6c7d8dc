"""The simulator's control panel (sans-I/O): what a person can make happen, and how a click or a form becomes a
model call run through ``Host.perform``.

A control carries ``data-action`` (a key of ACTIONS) and its fields (``data-id``, ``data-arg``... or the form's
inputs); ``run`` performs it. The agent's own clicks (answer, hang up, mark done...) go through
``ContactCentre.handle`` like requests; the contact centre's happenings through its control methods.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import RequestError
from .model.outbound import CAMPAIGN_CHANGES

if TYPE_CHECKING:
    from .host import Context, Host, Outgoing
    from .model import ContactCentre
    from .model.state import Campaign

Fields = Mapping[str, str]
Action = Callable[["ContactCentre", "Context", Fields], Any]


@dataclass(frozen=True)
class Button:
    """One control: ``action`` is a key of ACTIONS; ``arg`` goes to its ``arg`` field; ``tone`` is "", "primary"
    or "danger"."""

    action: str
    label: str
    tone: str = ""
    arg: str = ""


AGENT_BUTTONS: dict[str, Button] = {
    "ANSWER": Button("answer", "Answer", "primary"),
    "ACCEPT": Button("accept", "Accept", "primary"),
    "REJECT": Button("reject", "Reject", "danger"),
    "HANGUP": Button("hang-up", "Hang up", "danger"),
    "HOLD": Button("hold", "Hold"),
    "RESUME": Button("resume", "Resume", "primary"),
    "REJECT_RECORD": Button("reject-record", "Reject record"),
    "CANCEL_RECORD": Button("cancel-record", "Cancel record"),
    "MARK_DONE": Button("mark-done", "Mark done", "primary"),
}
"""The agent's button for each interaction capability (CALL has one button per record of the chain)."""


def agent_buttons(interaction: dict[str, Any]) -> list[Button]:
    """What the agent may do now on ``interaction`` (a wire Interaction), from its capabilities."""
    buttons = []
    for capability in interaction.get("capabilities", []):
        if capability == "CALL":
            buttons += [Button("call-record", f"Call {record.get('GSW_PHONE', '')}".strip(), "primary",
                               str(record.get("GSW_RECORD_HANDLE", "")))
                        for record in interaction.get("chainedRecords", [])]
        elif capability in AGENT_BUTTONS:
            buttons.append(AGENT_BUTTONS[capability])
    return buttons


def remote_buttons(interaction: dict[str, Any]) -> list[Button]:
    """What the customer or the contact centre may do now on ``interaction``."""
    media, state = interaction.get("media"), interaction.get("state")
    buttons = []
    if media == "voice":
        if state == "DIALING":
            buttons.append(Button("remote-answer", "Remote answer", "primary"))
        if state == "RINGING":
            buttons.append(Button("ring-no-answer", "Ring no answer"))
        if state in ("RINGING", "DIALING", "TALKING", "HELD"):
            buttons.append(Button("remote-hang-up", "Remote hang up", "danger"))
    elif media == "chat" and state == "ACCEPTED" and not interaction.get("endDate"):
        buttons.append(Button("chat-ended", "Customer leaves"))
    elif media == "email" and state == "CREATED":
        buttons += [Button("send-email", "Send", "primary"), Button("cancel-email", "Discard")]
    return buttons


CUSTOMER_LINES = ("Hello, I have a question about my order.", "It was delivered to the wrong address.",
                  "Thanks, that helps!")
"""What the simulated chat customer writes, in turn."""

WORKED = ("ACCEPTED", "PULLED")  # chat and email states in which the agent works on the interaction
ENDED_STATES = ("IDLE", "RELEASED", "COMPLETED", "REJECTED", "CANCELED", "ERROR", "JOIN_FAILED")


def centre_buttons(interaction: dict[str, Any]) -> list[Button]:
    """What the contact centre may do now on ``interaction``: chat traffic, workbins, queues, case and errors."""
    media, state = interaction.get("media"), interaction.get("state")
    buttons = []
    if media == "chat" and state in WORKED and not interaction.get("endDate"):
        buttons += [Button("customer-typing", "Customer types"), Button("customer-writes", "Customer writes")]
    if media in ("chat", "email") and state in WORKED:
        buttons += [Button("to-workbin", "To workbin"), Button("to-queue", "Back to queue"),
                    Button("standard-response", "Standard response")]
    if media in ("chat", "email") and state == "INVITED":
        if media == "chat":
            buttons.append(Button("accepted-elsewhere", "Accepted elsewhere"))
        buttons.append(Button("revoke", "Revoke"))
    if state not in ENDED_STATES and media != "outbound":
        buttons += [Button("new-case-id", "New case id"), Button("interaction-error", "Error", "danger")]
    return buttons


def workbin_buttons(workbin: list[dict[str, Any]]) -> list[Button]:
    """One "pull" button per interaction waiting in the workbin."""
    return [Button("from-workbin", f"Pull {item.get('media', '')} #{item.get('interactionId', '')}", "",
                   str(item.get("interactionId", ""))) for item in workbin]


def _customer_writes(model: ContactCentre, ctx: Context, f: Fields) -> None:
    said = len(model.find(f["id"]).transcript)
    model.chat_message(ctx, f["id"], CUSTOMER_LINES[said % len(CUSTOMER_LINES)])


def campaign_buttons(campaign: Campaign, direct_push_active: bool) -> list[Button]:
    """Load/start/stop/unload as the campaign's status allows; the direct-push dialing mode, and pushing the next
    record, when the campaign delivers records that way."""
    buttons = [Button("campaign", name.capitalize(), "", name)
               for name, change in CAMPAIGN_CHANGES.items() if campaign.status in change.sources]
    if campaign.status != "started":
        return buttons
    if campaign.preview_kind == "DIRECT":
        buttons.append(Button("direct-push", "Stop dialing", "", "stop") if direct_push_active
                       else Button("direct-push", "Start dialing", "", "start"))
    if campaign.chains and (campaign.preview_kind == "PUSH" or campaign.preview_kind == "DIRECT" and direct_push_active):
        buttons.append(Button("push-record", f"Push record ({len(campaign.chains)} left)", "primary"))
    return buttons


def key_values(text: str) -> dict[str, str]:
    """Attached data typed as ``Key1=value; Key2=value`` (ValueError names a bad item)."""
    pairs = {}
    for item in filter(None, (part.strip() for part in text.split(";"))):
        key, equals, value = item.partition("=")
        if not equals or not key.strip():
            raise ValueError(f"Attached data: '{item}' is not key=value.")
        pairs[key.strip()] = value.strip()
    return pairs


def _request(name: str, *fields: str) -> Action:
    """The agent's click: the request ``name`` with the given fields as its parameters."""
    return lambda model, ctx, f: model.handle(name, [f[field] for field in fields], ctx)


def _inbound(model: ContactCentre, ctx: Context, f: Fields) -> str:
    party, user_data = f.get("party", "").strip() or None, key_values(f.get("user_data", ""))
    media = f.get("media")
    if media == "voice":
        return model.inbound_call(ctx, party, user_data)
    if media == "chat":
        return model.inbound_chat(ctx, party, user_data)
    if media == "email":
        return model.inbound_email(ctx, party, f.get("subject", "").strip(), user_data)
    raise ValueError(f"Unknown media '{media}'.")


def _agent_request(model: ContactCentre, ctx: Context, f: Fields) -> Any:
    """The agent does in Workspace's own screens what a request does (start a recording, transfer, show a toast):
    ``request`` names it, ``parameters`` is the JSON text of its parameter array."""
    try:
        parameters = json.loads(f.get("parameters") or "[]")
    except ValueError as error:
        raise ValueError(f"Parameters: not JSON ({error}).") from None
    if not isinstance(parameters, list):
        raise ValueError("Parameters: must be a JSON array.")
    if f["request"] not in model.requests:
        raise ValueError(f"Unknown request '{f['request']}'.")
    return model.handle(f["request"], parameters, ctx)


def _direct_push(model: ContactCentre, ctx: Context, f: Fields) -> None:
    model.handle("outbound.startDirectPushPreview" if f["arg"] == "start" else "outbound.stopDirectPushPreview", [], ctx)


ACTIONS: dict[str, Action] = {
    # the agent, on an interaction (data-id)
    "answer": _request("voice.answer", "id"),
    "accept": _request("interaction.accept", "id"),
    "reject": _request("interaction.reject", "id"),
    "hang-up": _request("voice.hangUp", "id"),
    "hold": _request("voice.hold", "id"),
    "resume": _request("voice.resume", "id"),
    "mark-done": _request("interaction.markdone", "id"),
    "call-record": lambda model, ctx, f: model.handle("outbound.callPreviewRecord", [f["id"], int(f["arg"])], ctx),
    "reject-record": _request("outbound.rejectPreviewRecord"),
    "cancel-record": _request("outbound.cancelPreviewRecord"),
    # the customer, on an interaction (data-id)
    "remote-answer": lambda model, ctx, f: model.remote_answer(ctx, f["id"]),
    "remote-hang-up": lambda model, ctx, f: model.remote_hang_up(ctx, f["id"]),
    "ring-no-answer": lambda model, ctx, f: model.ring_no_answer(ctx, f["id"]),
    "chat-ended": lambda model, ctx, f: model.chat_ended(ctx, f["id"]),
    "send-email": lambda model, ctx, f: model.send_email(ctx, f["id"]),
    "cancel-email": lambda model, ctx, f: model.cancel_email(ctx, f["id"]),
    "customer-typing": lambda model, ctx, f: model.customer_typing(ctx, f["id"]),
    "customer-writes": _customer_writes,
    # the contact centre, on an interaction (data-id)
    "to-workbin": lambda model, ctx, f: model.move_to_workbin(ctx, f["id"]),
    "to-queue": lambda model, ctx, f: model.move_to_queue(ctx, f["id"]),
    "standard-response": lambda model, ctx, f: model.insert_standard_response(ctx, f["id"]),
    "accepted-elsewhere": lambda model, ctx, f: model.chat_accepted_elsewhere(ctx, f["id"]),
    "revoke": lambda model, ctx, f: model.revoke_invitation(ctx, f["id"]),
    "new-case-id": lambda model, ctx, f: model.change_case_id(ctx, f["id"]),
    "interaction-error": lambda model, ctx, f: model.interaction_error(ctx, f["id"]),
    "from-workbin": lambda model, ctx, f: model.pull_from_workbin(ctx, f["arg"]),
    # the contact centre
    "inbound": _inbound,
    "agent-state": lambda model, ctx, f: model.set_agent_state(ctx, f["state"], f.get("media") or None),
    "attach-data": lambda model, ctx, f: model.attach_data(ctx, f["id"], key_values(f["user_data"])),
    "request": _agent_request,
    "campaign": lambda model, ctx, f: model.change_campaign(ctx, f["campaign"], f["arg"]),
    "push-record": lambda model, ctx, f: model.push_preview_record(ctx, f["campaign"]),
    "direct-push": _direct_push,
    "connection": lambda model, ctx, f: model.realtime_connection(ctx, f["arg"]),
    # what extensions show (data-toast, data-dialog)
    "toast-button": lambda model, ctx, f: model.click_toast_button(ctx, f["toast"], int(f["arg"])),
    "toast-close": _request("system.closeToast", "toast"),
    "dialog-close": _request("system.closeDialog", "dialog"),
}
"""Control-panel action name -> what it does to the model, given the control's fields."""


def run(host: Host, name: str, fields: Fields) -> tuple[list[Outgoing], str | None]:
    """Perform the action ``name``; returns the messages to deliver and the refusal text (None when done).
    The inspector records the action (before its events) so that a recorded session can be replayed.

    A refusal is caught inside the performed action, so the events emitted before it (MARKDONE_BLOCKED...) are still
    routed: ``Host.perform`` would drop them with the exception.
    """
    action = ACTIONS.get(name)
    if action is None:
        return [], f"Unknown control '{name}'."
    refusals: list[str] = []

    def perform(ctx: Context) -> None:
        try:
            action(host.model, ctx, fields)
        except RequestError as error:
            refusals.append(str(error))
        except KeyError as error:
            refusals.append(f"Missing field {error}.")
        except ValueError as error:
            refusals.append(str(error))
        host.log_happening({"action": name, "fields": dict(fields)}, refusals[0] if refusals else None)

    out = host.perform(perform)
    return out, refusals[0] if refusals else None
