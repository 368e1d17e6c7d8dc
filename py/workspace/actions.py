"""The control-panel actions (sans-I/O): one registry for the page's controls (``panel.run``) and scenario steps
(``timeline``).

Each action has a name (ActionName: a control's ``data-action``, a step's ``do``), what it does to the contact
centre given the control's fields, and the fields a timeline step gives it. The agent's own clicks (answer, hang
up, mark done...) go through ``ContactCentre.handle`` like requests; the contact centre's happenings through its
control methods.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from .model import ContactCentre
from .model.lifecycle import Media

if TYPE_CHECKING:
    from .model.context import RequestContext


class ActionName(StrEnum):
    """Every control-panel action."""

    # the agent, on an interaction (data-id)
    ANSWER = "answer"
    ACCEPT = "accept"
    REJECT = "reject"
    HANG_UP = "hang-up"
    HOLD = "hold"
    RESUME = "resume"
    MARK_DONE = "mark-done"
    CALL_RECORD = "call-record"
    REJECT_RECORD = "reject-record"
    CANCEL_RECORD = "cancel-record"
    # the customer, on an interaction (data-id)
    REMOTE_ANSWER = "remote-answer"
    REMOTE_HANG_UP = "remote-hang-up"
    RING_NO_ANSWER = "ring-no-answer"
    CHAT_ENDED = "chat-ended"
    SEND_EMAIL = "send-email"
    CANCEL_EMAIL = "cancel-email"
    CUSTOMER_TYPING = "customer-typing"
    CUSTOMER_WRITES = "customer-writes"
    # the contact centre, on an interaction (data-id)
    TO_WORKBIN = "to-workbin"
    TO_QUEUE = "to-queue"
    STANDARD_RESPONSE = "standard-response"
    ACCEPTED_ELSEWHERE = "accepted-elsewhere"
    REVOKE = "revoke"
    NEW_CASE_ID = "new-case-id"
    INTERACTION_ERROR = "interaction-error"
    FROM_WORKBIN = "from-workbin"
    # the contact centre
    INBOUND = "inbound"
    AGENT_STATE = "agent-state"
    ATTACH_DATA = "attach-data"
    REQUEST = "request"
    CAMPAIGN = "campaign"
    PUSH_RECORD = "push-record"
    DIRECT_PUSH = "direct-push"
    CONNECTION = "connection"
    # what extensions show (data-toast, data-dialog)
    TOAST_BUTTON = "toast-button"
    TOAST_CLOSE = "toast-close"
    DIALOG_CLOSE = "dialog-close"


class MissingField(KeyError):
    """A control (or step) lacks a field its action reads: the only KeyError ``panel.run`` reports as a refusal."""


class Form(Mapping[str, str]):
    """A control's fields; reading one that is not there raises MissingField."""

    def __init__(self, fields: Mapping[str, str]) -> None:
        self._fields = fields

    def __getitem__(self, name: str) -> str:
        try:
            return self._fields[name]
        except KeyError:
            raise MissingField(name) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)


Perform = Callable[[ContactCentre, "RequestContext", Form], Any]


@dataclass(frozen=True)
class StepFields:
    """The fields a timeline step of an action takes: ``required`` and ``optional`` script fields, ``renamed``
    script field -> control field; ``target`` is the control field that ``on`` fills ("" when the step acts on no
    interaction)."""

    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    renamed: Mapping[str, str] = field(default_factory=dict)
    target: str = ""


ON_INTERACTION = StepFields(target="id")


@dataclass(frozen=True)
class Action:
    """What an action does (``perform(centre, ctx, form)``) and the fields of its timeline step (None: no step can
    do it, it needs an id that exists only while playing, such as a toast's)."""

    perform: Perform
    step: StepFields | None = ON_INTERACTION


CUSTOMER_LINES = ("Hello, I have a question about my order.", "It was delivered to the wrong address.",
                  "Thanks, that helps!")
"""What the simulated chat customer writes, in turn."""


def key_values(text: str) -> dict[str, str]:
    """Attached data typed as ``Key1=value; Key2=value`` (ValueError names a bad item)."""
    pairs = {}
    for item in filter(None, (part.strip() for part in text.split(";"))):
        key, equals, value = item.partition("=")
        if not equals or not key.strip():
            raise ValueError(f"Attached data: '{item}' is not key=value.")
        pairs[key.strip()] = value.strip()
    return pairs


def _request(name: str, *fields: str) -> Perform:
    """The agent's click: the request ``name`` with the given fields as its parameters."""
    return lambda centre, ctx, f: centre.handle(name, [f[field] for field in fields], ctx)


def _on_interaction(control: Callable[[ContactCentre, RequestContext, str], Any]) -> Perform:
    """A control method (``ContactCentre.remote_answer``...) on the interaction the control names (``data-id``)."""
    return lambda centre, ctx, f: control(centre, ctx, f["id"])


def _customer_writes(centre: ContactCentre, ctx: RequestContext, f: Form) -> None:
    said = len(centre.find(f["id"]).transcript)
    centre.chat_message(ctx, f["id"], CUSTOMER_LINES[said % len(CUSTOMER_LINES)])


def _inbound(centre: ContactCentre, ctx: RequestContext, f: Form) -> str:
    party, user_data = f.get("party", "").strip() or None, key_values(f.get("user_data", ""))
    media = f.get("media")
    if media == Media.VOICE:
        return centre.inbound_call(ctx, party, user_data)
    if media == Media.CHAT:
        return centre.inbound_chat(ctx, party, user_data)
    if media == Media.EMAIL:
        return centre.inbound_email(ctx, party, f.get("subject", "").strip(), user_data)
    raise ValueError(f"Unknown media '{media}'.")


def _agent_request(centre: ContactCentre, ctx: RequestContext, f: Form) -> Any:
    """The agent does in Workspace's own screens what a request does (start a recording, transfer, show a toast):
    ``request`` names it, ``parameters`` is the JSON text of its parameter array."""
    try:
        parameters = json.loads(f.get("parameters") or "[]")
    except ValueError as error:
        raise ValueError(f"Parameters: not JSON ({error}).") from None
    if not isinstance(parameters, list):
        raise ValueError("Parameters: must be a JSON array.")
    if f["request"] not in centre.requests:
        raise ValueError(f"Unknown request '{f['request']}'.")
    return centre.handle(f["request"], parameters, ctx)


def _direct_push(centre: ContactCentre, ctx: RequestContext, f: Form) -> None:
    request = "outbound.startDirectPushPreview" if f["arg"] == "start" else "outbound.stopDirectPushPreview"
    centre.handle(request, [], ctx)


_A = ActionName

ACTIONS: dict[ActionName, Action] = {
    _A.ANSWER: Action(_request("voice.answer", "id")),
    _A.ACCEPT: Action(_request("interaction.accept", "id")),
    _A.REJECT: Action(_request("interaction.reject", "id")),
    _A.HANG_UP: Action(_request("voice.hangUp", "id")),
    _A.HOLD: Action(_request("voice.hold", "id")),
    _A.RESUME: Action(_request("voice.resume", "id")),
    _A.MARK_DONE: Action(_request("interaction.markdone", "id")),
    _A.CALL_RECORD: Action(lambda c, ctx, f: c.handle("outbound.callPreviewRecord", [f["id"], int(f["arg"])], ctx),
                           StepFields(required=("record",), renamed={"record": "arg"}, target="id")),
    _A.REJECT_RECORD: Action(_request("outbound.rejectPreviewRecord"), StepFields()),
    _A.CANCEL_RECORD: Action(_request("outbound.cancelPreviewRecord"), StepFields()),
    _A.REMOTE_ANSWER: Action(_on_interaction(ContactCentre.remote_answer)),
    _A.REMOTE_HANG_UP: Action(_on_interaction(ContactCentre.remote_hang_up)),
    _A.RING_NO_ANSWER: Action(_on_interaction(ContactCentre.ring_no_answer)),
    _A.CHAT_ENDED: Action(_on_interaction(ContactCentre.chat_ended)),
    _A.SEND_EMAIL: Action(_on_interaction(ContactCentre.send_email)),
    _A.CANCEL_EMAIL: Action(_on_interaction(ContactCentre.cancel_email)),
    _A.CUSTOMER_TYPING: Action(_on_interaction(ContactCentre.customer_typing)),
    _A.CUSTOMER_WRITES: Action(_customer_writes),
    _A.TO_WORKBIN: Action(_on_interaction(ContactCentre.move_to_workbin)),
    _A.TO_QUEUE: Action(_on_interaction(ContactCentre.move_to_queue)),
    _A.STANDARD_RESPONSE: Action(_on_interaction(ContactCentre.insert_standard_response)),
    _A.ACCEPTED_ELSEWHERE: Action(_on_interaction(ContactCentre.chat_accepted_elsewhere)),
    _A.REVOKE: Action(_on_interaction(ContactCentre.revoke_invitation)),
    _A.NEW_CASE_ID: Action(_on_interaction(ContactCentre.change_case_id)),
    _A.INTERACTION_ERROR: Action(_on_interaction(ContactCentre.interaction_error)),
    _A.FROM_WORKBIN: Action(lambda c, ctx, f: c.pull_from_workbin(ctx, f["arg"]), StepFields(target="arg")),
    _A.INBOUND: Action(_inbound, StepFields(required=("media",), optional=("party", "subject", "user_data"))),
    _A.AGENT_STATE: Action(lambda c, ctx, f: c.set_agent_state(ctx, f["state"], f.get("media") or None),
                           StepFields(required=("state",), optional=("media",))),
    _A.ATTACH_DATA: Action(lambda c, ctx, f: c.attach_data(ctx, f["id"], key_values(f["user_data"])),
                           StepFields(required=("user_data",), target="id")),
    _A.REQUEST: Action(_agent_request, StepFields(required=("request",), optional=("parameters",))),
    _A.CAMPAIGN: Action(lambda c, ctx, f: c.change_campaign(ctx, f["campaign"], f["arg"]),
                        StepFields(required=("campaign", "change"), renamed={"change": "arg"})),
    _A.PUSH_RECORD: Action(lambda c, ctx, f: c.push_preview_record(ctx, f["campaign"]),
                           StepFields(required=("campaign",))),
    _A.DIRECT_PUSH: Action(_direct_push, StepFields(required=("change",), renamed={"change": "arg"})),
    _A.CONNECTION: Action(lambda c, ctx, f: c.realtime_connection(ctx, f["arg"]),
                          StepFields(required=("state",), renamed={"state": "arg"})),
    _A.TOAST_BUTTON: Action(lambda c, ctx, f: c.click_toast_button(ctx, f["toast"], int(f["arg"])), None),
    _A.TOAST_CLOSE: Action(_request("system.closeToast", "toast"), None),
    _A.DIALOG_CLOSE: Action(_request("system.closeDialog", "dialog"), None),
}
"""Every action (one per ActionName)."""
