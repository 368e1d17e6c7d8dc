"""Dispatch: every documented request reaches a handler, arguments are checked, unknown names fail."""

from __future__ import annotations

import pytest

from tests.unit.test_model_support import SPEC, Ctx, model
from workspace.errors import RequestError
from workspace.model import REQUESTS

HOST_ANSWERED = {"auth.getJwtToken", "system.getAllowedServices"}

SPEC_REQUESTS = sorted(
    f"{namespace}.{method}"
    for namespace, body in SPEC["namespaces"].items()
    if namespace != "(top-level)"
    for method in body["methods"]
)
MODEL_REQUESTS = [name for name in SPEC_REQUESTS if name not in HOST_ANSWERED]


def plausible(param: dict) -> object:
    """A well-typed value for a documented parameter (content may still be refused)."""
    kind = param["type"]
    if param["name"] == "options" and "array" in kind:
        return "interaction.case-data.frame-color"
    if kind.startswith("object"):
        return {}
    if kind.startswith("number"):
        return 1
    return "1"


def test_the_model_answers_the_73_requests_not_answered_by_the_host():
    assert len(MODEL_REQUESTS) == 73
    assert set(MODEL_REQUESTS) <= set(REQUESTS)
    assert not HOST_ANSWERED & set(REQUESTS)


@pytest.mark.parametrize("request_name", MODEL_REQUESTS)
def test_every_request_reaches_its_handler(request_name):
    namespace, method = request_name.split(".")
    params = [plausible(p) for p in SPEC["namespaces"][namespace]["methods"][method]["params"] if p.get("wire", True)]
    try:
        model().handle(request_name, params, Ctx())
    except RequestError as error:
        assert "Unknown request" not in str(error)
        assert str(error).startswith("Error: ")


@pytest.mark.parametrize("request_name", ["auth.getJwtToken", "system.getAllowedServices", "voice.fly", "nope"])
def test_unknown_requests_are_refused_by_name(request_name):
    with pytest.raises(RequestError, match=f"Unknown request '{request_name}'."):
        model().handle(request_name, [], Ctx())


@pytest.mark.parametrize(
    ("request_name", "params", "message"),
    [
        ("voice.hold", [1], "Error: Invalid parameter 'interactionId': expected a string."),
        ("voice.hold", [], "Error: Missing parameter 'interactionId'."),
        ("voice.hold", [None], "Error: Missing parameter 'interactionId'."),
        ("voice.hold", ["1", "2"], "Error: Too many parameters for 'voice.hold': expected at most 1, got 2."),
        ("agent.get", ["x"], "Error: Too many parameters for 'agent.get': expected at most 0, got 1."),
        ("agent.setState", [True], "Error: Invalid parameter 'stateOperationName': expected a string."),
        ("interaction.setUserData", ["1", "k=v"], "Error: Invalid parameter 'keyValues': expected an object."),
        ("voice.dialEx", ["5001", {}, []], "Error: Invalid parameter 'extensions': expected an object."),
        ("outbound.callPreviewRecord", ["1", "283"], "Error: Invalid parameter 'recordHandle': expected an integer."),
        ("outbound.callPreviewRecord", ["1", 2.5], "Error: Invalid parameter 'recordHandle': expected an integer."),
        ("outbound.callPreviewRecord", ["1", True], "Error: Invalid parameter 'recordHandle': expected an integer."),
        ("outbound.setCallResult", ["1", "six"], "Error: Invalid parameter 'callResult': expected a number or a numeric string."),
        ("configuration.getOption", [[]], "Error: Invalid parameter 'options': expected a string or a non-empty array of strings."),
        ("configuration.getOption", [["a", 1]], "Error: Invalid parameter 'options': expected a string or a non-empty array of strings."),
        ("messenger.broadcastMessage", ["ch", "text"], "Error: Invalid parameter 'message': expected an object."),
        ("system.openDialog", ["", None], "Error: Missing parameter 'options'."),
        ("voice.answer", "1", "Error: Invalid parameters for 'voice.answer': expected an array."),
    ],
)
def test_arguments_are_checked_with_clear_messages(request_name, params, message):
    with pytest.raises(RequestError) as caught:
        model().handle(request_name, params, Ctx())
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "request_name",
    ["voice.answer", "voice.hangUp", "interaction.markdone", "outbound.getRecordFields", "configuration.getContextualOption"],
)
def test_unknown_interactions_fail_with_the_documented_message(request_name):
    params = ["voice.*", "42"] if request_name.startswith("configuration") else ["42"]
    with pytest.raises(RequestError) as caught:
        model().handle(request_name, params, Ctx())
    assert str(caught.value) == "Error: Interaction not found."


@pytest.mark.parametrize("device", ["Microphone", "Speaker"])
def test_sip_endpoint_aliases_share_the_voice_mute_state(device):
    centre, ctx = model(), Ctx()
    assert centre.handle(f"voice.is{device}Mute", [], ctx) is False
    centre.handle(f"sipEndpoint.mute{device}", [], ctx)
    assert centre.handle(f"voice.is{device}Mute", [], ctx) is True
    centre.handle(f"voice.unmute{device}", [], ctx)
    assert centre.handle(f"sipEndpoint.is{device}Mute", [], ctx) is False


def test_the_host_sees_the_request_names():
    assert model().requests == frozenset(REQUESTS)


def test_optional_trailing_parameters_may_be_left_out():
    centre, ctx = model(), Ctx()
    centre.handle("voice.dial", ["+15550001111"], ctx)
    centre.handle("voice.dialEx", ["+15550001111", None], ctx)
    assert [i["state"] for i in centre.handle("interaction.getInteractions", [], ctx)] == ["DIALING", "DIALING"]
