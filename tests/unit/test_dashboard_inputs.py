"""Form input checks, failure notices and the choice of the Workspace origin."""
from __future__ import annotations

import pytest

from dashboard import inputs
from dashboard.failures import failure_notice
from dashboard.inputs import InvalidInput
from wwe.embedding import workspace_origin
from wwe import RequestFailed, RequestTimeout, ServiceClosed


def test_toast_parameters_keep_only_filled_fields():
    fields = {"title": " Hi ", "message": "", "keyValues": "Key1=v1\n\nKey2 = v=2", "buttons": "Yes, No,", "autoClose": "2.5"}
    assert inputs.toast_parameters(fields) == {"title": "Hi", "keyValues": {"Key1": "v1", "Key2": "v=2"},
                                               "buttons": ["Yes", "No"], "autoCloseTimeout": 2500}


@pytest.mark.parametrize("fields, message", [
    ({}, "at least a title"),
    ({"title": "T", "keyValues": "no equals sign"}, "line 1"),
    ({"title": "T", "autoClose": "soon"}, "number of seconds"),
    ({"title": "T", "autoClose": "-1"}, "0 or more"),
    ({"title": "T", "autoClose": "inf"}, "0 or more"),
])
def test_toast_form_errors_say_what_to_fix(fields, message):
    with pytest.raises(InvalidInput, match=message):
        inputs.toast_parameters(fields)


def test_json_object_and_required():
    assert inputs.json_object('{"a": [1]}', "Message") == {"a": [1]}
    with pytest.raises(InvalidInput, match="not valid JSON"):
        inputs.json_object("{a: 1}", "Message")
    with pytest.raises(InvalidInput, match="JSON object"):
        inputs.json_object("[1]", "Message")
    with pytest.raises(InvalidInput, match="Channel is required"):
        inputs.required({"channel": "  "}, "channel", "Channel")
    with pytest.raises(InvalidInput, match="too long"):
        inputs.required({"channel": "x" * 500}, "channel", "Channel")


def test_reschedule_date_accepts_the_date_input_and_the_api_format():
    assert inputs.reschedule_date("2031-05-27T10:55") == "05/27/2031 10:55"
    assert inputs.reschedule_date("05/27/2031 10:55") == "05/27/2031 10:55"
    with pytest.raises(InvalidInput):
        inputs.reschedule_date("tomorrow")
    with pytest.raises(InvalidInput):
        inputs.callback_type("SOMETIME")


def test_call_result_and_field_values():
    results = {"OK": 0, "BUSY": 6}
    assert inputs.call_result("BUSY", results) == 6 and inputs.call_result("33", results) == 33
    with pytest.raises(InvalidInput):
        inputs.call_result("BUSY!", results)
    assert inputs.field_value({"valueType": "number"}, "9") == 9
    assert inputs.field_value({"valueType": "number"}, "16.5") == 16.5
    assert inputs.field_value({"valueType": "boolean"}, "true") is True
    assert inputs.field_value({"valueType": "string"}, "x") == "x"
    with pytest.raises(InvalidInput, match="Phone Type: enter a number"):
        inputs.field_value({"valueType": "number", "displayName": "Phone Type"}, "nine")


def test_failure_notices_name_the_kind_of_failure():
    rate = RequestFailed("voice.dial", {"errorMessage": "The rate limit for the request 'voice.dial' has been reached.\n"
                                                        "Further requests of the same type will be ignored for 60 seconds."})
    origin = RequestFailed("agent.get", {"errorMessage": "The origin 'http://x' is not allowed to use the Service Client API."})
    assert failure_notice(rate).label == "Rate limited" and "60 seconds" in failure_notice(rate).text
    assert failure_notice(origin).label == "Refused"
    assert failure_notice(RequestTimeout("voice.dial", "Request timeout")).label == "Timed out"
    assert failure_notice(ServiceClosed("agent.get", "Service closed")).label == "Disconnected"
    assert failure_notice(RequestFailed("voice.hold", {"errorMessage": "Error: Cannot hold"})).text == "Error: Cannot hold"
    assert failure_notice(InvalidInput("Key is required.")).label == "Invalid input"
    assert failure_notice(KeyError("x")).label == "Unexpected error"


def test_workspace_origin_from_meta():
    assert workspace_origin("parent", "http://127.0.0.1:8000") == "http://127.0.0.1:8000"
    assert workspace_origin("https://wwe.example.com", None) == "https://wwe.example.com"
    assert workspace_origin("https://a.example, https://WWE.example.com:443", "https://wwe.example.com") == \
        "https://wwe.example.com"
    with pytest.raises(ValueError, match="not a Workspace origin it trusts"):
        workspace_origin("https://wwe.example.com", "https://evil.example")
    with pytest.raises(ValueError, match="unknown"):
        workspace_origin("parent", None)
    with pytest.raises(ValueError, match="No Workspace origin"):
        workspace_origin(" , ", "https://wwe.example.com")
    with pytest.raises(ValueError, match="Cannot use"):
        workspace_origin("parent", "null")


def test_the_show_dismiss_box_asks_for_show_and_dismiss_buttons():
    """D18: the form's checkbox sends ``buttonShowDismiss: true``; unchecked, the key is not sent."""
    assert inputs.toast_parameters({"title": "T", "buttonShowDismiss": "true"}) == {"title": "T",
                                                                                    "buttonShowDismiss": True}
    assert "buttonShowDismiss" not in inputs.toast_parameters({"title": "T"})
