"""The examples: one runnable example per method of the Service Client API, plus subscribe.

EXAMPLES holds one argument list per method (every wire parameter, in order). It is the one table of example
values: tools/gen_api_docs.py shows them in docs/API.md, the golden wire test (tests/unit/golden_wire.json) was
built from them, and the playground's examples menu runs them. In the playground an example finds what it needs
first: an interaction id from interaction.getInteractions (the newest interaction), a toast, dialog or menu-bar
view made by the example that creates one.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from wwe.methods import NAMESPACES

_USER_DATA = {"MyKEY1": "MyValue1"}
_EXTENSIONS = {"MyExtension": "value"}

EXAMPLES: dict[str, list[Any]] = {
    "agent.get": [],
    "agent.getState": [],
    "agent.getStateList": [],
    "agent.setState": ["Ready"],
    "configuration.getOption": [["interaction.case-data.frame-color", "CustomSection/option.custom.customer.code"]],
    "configuration.getContextualOption": ["interaction.case-data.frame-color", "1"],
    "email.create": ["customer@example.com", _USER_DATA],
    "interaction.completeConference": ["2"],
    "interaction.completeTransfer": ["2"],
    "interaction.consult": ["1", {"target": "AGENT", "destination": "agent2", "media": "voice"}, _USER_DATA, _EXTENSIONS],
    "interaction.deleteUserData": ["1", "MyKEY1"],
    "interaction.getByInteractionId": ["1"],
    "interaction.getInteractions": [],
    "interaction.selectCaseByCaseId": ["4dda1ab6-aeab-4a33-f5d0-0153c9fdb43b"],
    "interaction.setUserData": ["1", {"MyKEY1": "MyValue1", "MyKEY2": "MyValue2"}],
    "interaction.markdone": ["1"],
    "interaction.blockMarkdone": ["1", "Fill in the survey first."],
    "interaction.singleStepConference": ["1", "5002", _USER_DATA, _EXTENSIONS],
    "interaction.singleStepTransfer": ["1", {"type": "ROUTING_POINT", "destination": "7001"}, _USER_DATA, _EXTENSIONS],
    "interaction.unblockMarkdone": ["1"],
    "interaction.accept": ["1"],
    "interaction.reject": ["1"],
    "media.getMediaList": [],
    "media.getMediaByName": ["voice"],
    "media.setState": ["voice", "NotReady"],
    "system.amIVisible": [],
    "system.closeDialog": ["wweCustomDialog1"],
    "system.closeToast": ["1"],
    "system.closeViewInApplicationMenuBar": ["view1"],
    "system.getAllowedServices": [],
    "system.isFrameLeading": [],
    "system.isFrameFollowing": [],
    "system.isFrameNegotiating": [],
    "system.isFrameLeadingOrNegotiating": [],
    "system.isLastActiveFrame": [],
    "system.openDialog": ["https://extension.example/dialog.html", {"label": "Survey", "width": "430px", "height": "325px"}],
    "system.popupToast": [{"title": "Customer", "message": "VIP caller", "buttons": ["OK", "Later"]}],
    "system.triggerActivity": [],
    "system.updateViewInApplicationMenuBar": [{"name": "view1", "label": "View 1", "tooltip": "My view"}],
    "system.updateToast": ["1", {"message": "Updated"}],
    "voice.answer": ["1"],
    "voice.dial": ["5001", _USER_DATA],
    "voice.dialEx": ["5001", _USER_DATA, _EXTENSIONS],
    "voice.hangUp": ["1"],
    "voice.hold": ["1"],
    "voice.resume": ["1"],
    "voice.pauseCallRecording": ["1"],
    "voice.resumeCallRecording": ["1"],
    "voice.startCallRecording": ["1"],
    "voice.stopCallRecording": ["1"],
    "voice.isMicrophoneMute": [],
    "voice.muteMicrophone": [],
    "voice.unmuteMicrophone": [],
    "voice.isSpeakerMute": [],
    "voice.muteSpeaker": [],
    "voice.unmuteSpeaker": [],
    "outbound.getCampaigns": [],
    "outbound.getPreviewRecord": ["Offer of the Month"],
    "outbound.callPreviewRecord": ["1", 257],
    "outbound.rejectPreviewRecord": [],
    "outbound.cancelPreviewRecord": [],
    "outbound.startDirectPushPreview": [],
    "outbound.stopDirectPushPreview": [],
    "outbound.getListOfCallResults": [],
    "outbound.setCallResult": ["1", 6],
    "outbound.getCallResult": ["1"],
    "outbound.setDoNotCall": ["1"],
    "outbound.removeDoNotCall": ["1"],
    "outbound.rescheduleRecord": ["1", 257, "05/27/2021 10:55", "PERSONAL"],
    "outbound.cancelReschedule": ["1"],
    "outbound.getChainedRecords": ["1"],
    "outbound.getRecordFields": ["1"],
    "outbound.updateRecordFields": ["1", {"GSW_UNTIL": "23:45", "GSW_CUSTOM_STRING": "Custom message"}],
    "auth.getJwtToken": [],
    "messenger.broadcastMessage": ["my-channel", {"foo": "A foo text.", "bar": 1234}],
}


def literal(value: Any) -> str:
    """Python source for an example value (double-quoted strings)."""
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(map(literal, value)) + "]"
    return repr(value)



class Example(NamedTuple):
    """One entry of the examples menu: ``key`` is the request ("agent.get") or "subscribe"."""

    key: str
    group: str
    code: str


DIALOG_URL = "playground-dialog.html"
"""The playground's dialog page, relative to the playground (the simulator resolves a dialog's relative URL against
the frame that opened it); the reference's example URL would leave the machine."""
REFUSED_KEY = "CreditLimit"
"""A user-data key the playground's scenario does not let extensions write (its write-allowed list names the
examples' keys, not this one): the setUserData example shows the Workspace's refusal."""
PLAYGROUND_ARGS: dict[str, list[Any]] = {
    "system.openDialog": [DIALOG_URL, EXAMPLES["system.openDialog"][1]],
    "interaction.setUserData": ["1", {"MyKEY1": "MyValue1", REFUSED_KEY: "10000"}],
}
NOTES: dict[str, list[str]] = {
    "interaction.setUserData": [
        f"# The playground's scenario lets extensions write MyKEY1 and MyKEY2, not {REFUSED_KEY}",
        "# (service-client-api.user-data.write-allowed): the Workspace refuses the whole write.",
        f"# Take {REFUSED_KEY} out and run it again.",
    ],
}
"""Comment lines an example shows after its signature."""

INTERACTION_PARAMS = ("interactionId", "consultInteractionId")
INBOUND_CALL = "click Inbound call in the control panel"
A_CALL = (f"a call: {INBOUND_CALL} (or run voice.dial)", 'i["media"] == "voice"')
A_CONSULTATION = ("a consultation: run interaction.consult first", 'i.get("isConsultation")')
NEEDS: dict[str, tuple[str, str]] = {
    "voice": A_CALL,
    "interaction.consult": A_CALL,
    "interaction.singleStepConference": A_CALL,
    "interaction.singleStepTransfer": A_CALL,
    "interaction.completeConference": A_CONSULTATION,
    "interaction.completeTransfer": A_CONSULTATION,
    "outbound": ("an outbound record: run outbound.getPreviewRecord first", '"chainedRecords" in i'),
}
"""What the interaction an example takes must be, by request or by namespace: (what to say, the condition on an
interaction ``i``); any interaction otherwise."""
ANY_INTERACTION = (f"an interaction: {INBOUND_CALL}", "")

MADE_BY: dict[tuple[str, str], tuple[str, str]] = {
    ("system.closeToast", "id"): ("toast_id", "system.popupToast"),
    ("system.updateToast", "id"): ("toast_id", "system.popupToast"),
    ("system.closeDialog", "dialogId"): ("dialog_id", "system.openDialog"),
    ("system.closeViewInApplicationMenuBar", "name"): ("view_name", "system.updateViewInApplicationMenuBar"),
}
"""(request, parameter) -> (variable, the request whose result it is): the example runs that request first."""

SUBSCRIBE = f"""\
# subscribe(names, handler): handler(message) runs for each event of those names.
# Then make something happen: {INBOUND_CALL}, or run agent.setState.
# Stop with: service.unsubscribe(subscription)
subscription = service.subscribe(["agent", "interaction", "system", "outbound", "markdone"], print)
await subscription
"""


def arguments(request: str) -> list[Any]:
    """The example arguments of ``request`` as the playground sends them."""
    return PLAYGROUND_ARGS.get(request, EXAMPLES[request])


def call_source(request: str, args: list[str]) -> str:
    return f"await service.{request}({', '.join(args)})"


def method_example(namespace: str, name: str) -> Example:
    """The example of ``namespace.name``: a comment with its signature, what it needs, then the call."""
    request = f"{namespace}.{name}"
    method = NAMESPACES[namespace][name]
    params = ", ".join(p.name for p in method.params)
    lines = [f"# {request}({params}) -> {method.returns}", *NOTES.get(request, [])]
    args = []
    for param, value in zip(method.params, arguments(request)):
        if param.name in INTERACTION_PARAMS:
            need, condition = NEEDS.get(request) or NEEDS.get(namespace) or ANY_INTERACTION
            lines += [f"# Needs {need}.", "# This takes the newest one.",
                      "interactions = await service.interaction.getInteractions()",
                      f"found = [i for i in interactions if {condition}]" if condition else "found = interactions",
                      'interaction_id = found[-1]["interactionId"] if found else "none-yet"']
            args.append("interaction_id")
        elif param.name == "recordHandle":  # the first record of the interaction's chain
            lines.append(f'record_handle = found[-1]["chainedRecords"][0]["GSW_RECORD_HANDLE"] if found else {value}')
            args.append("record_handle")
        elif (request, param.name) in MADE_BY:
            variable, maker = MADE_BY[request, param.name]
            lines.append(f"{variable} = {call_source(maker, list(map(literal, arguments(maker))))}")
            args.append(variable)
        else:
            args.append(literal(value))
    lines.append(call_source(request, args))
    return Example(request, namespace, "\n".join(lines) + "\n")


def examples() -> list[Example]:
    """Every example, grouped by namespace in the reference's order, then subscribe."""
    found = [method_example(namespace, name) for namespace, table in NAMESPACES.items() for name in table]
    return [*found, Example("subscribe", "subscriptions", SUBSCRIBE)]
