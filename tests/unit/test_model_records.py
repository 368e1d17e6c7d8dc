"""Outbound record requests: call results, Do Not Call, reschedule, chained records, record fields."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from tests.unit.test_model_support import SPEC, Ctx, model
from workspace.errors import RequestError
from workspace.model import ContactCentre


def previewing(centre: ContactCentre, ctx: Ctx) -> str:
    """A pulled preview record of the default scenario (handles 283, 284)."""
    centre.handle("outbound.getPreviewRecord", ["Offer of the Month"], ctx)
    return "1"


def calling(centre: ContactCentre, ctx: Ctx) -> str:
    """The call made from a pulled preview record."""
    centre.handle("outbound.callPreviewRecord", [previewing(centre, ctx), 283], ctx)
    return "2"


def test_list_of_call_results_is_the_reference_sample():
    note = SPEC["namespaces"]["outbound"]["methods"]["getListOfCallResults"]["notes"][0]
    assert model().handle("outbound.getListOfCallResults", [], Ctx()) == json.loads(note.removeprefix("Sample data: "))


@pytest.mark.parametrize(("value", "stored"), [(6, 6), ("6", 6), (0, 0), ("53", 53), (33.0, 33)])
def test_set_call_result_accepts_numbers_and_numeric_strings(value, stored):
    centre, ctx = model(), Ctx()
    call = calling(centre, ctx)
    assert centre.handle("outbound.getCallResult", [call], ctx) == 28
    centre.handle("outbound.setCallResult", [call, value], ctx)
    assert centre.handle("outbound.getCallResult", [call], ctx) == stored


@pytest.mark.parametrize(
    ("setup", "value", "message"),
    [
        ("call", 5, "Error: Unknown call result 5; see outbound.getListOfCallResults."),
        ("call", "six", "Error: Invalid parameter 'callResult': expected a number or a numeric string."),
        ("preview", 6, "Error: Interaction 1 has no active or completed outbound call."),
        ("dnc", 6, "Error: Do Not Call is set for interaction 2."),
        ("inbound", 6, "Error: Interaction 1 has no outbound record."),
    ],
)
def test_set_call_result_refusals(setup, value, message):
    centre, ctx = model(), Ctx()
    if setup == "inbound":
        target = centre.inbound_call(ctx)
    elif setup == "preview":
        target = previewing(centre, ctx)
    else:
        target = calling(centre, ctx)
    if setup == "dnc":
        centre.handle("outbound.setDoNotCall", [target], ctx)
    with pytest.raises(RequestError) as caught:
        centre.handle("outbound.setCallResult", [target, value], ctx)
    assert str(caught.value) == message


def test_do_not_call_on_an_active_or_completed_call():
    centre, ctx = model(), Ctx()
    preview = previewing(centre, ctx)
    with pytest.raises(RequestError, match="has no active or completed outbound call"):
        centre.handle("outbound.setDoNotCall", [preview], ctx)
    centre.handle("outbound.callPreviewRecord", [preview, 283], ctx)
    call = "2"
    centre.handle("outbound.setDoNotCall", [call], ctx)
    centre.handle("outbound.removeDoNotCall", [call], ctx)
    centre.handle("outbound.setCallResult", [call, 6], ctx)
    centre.remote_answer(ctx, call)
    centre.handle("voice.hangUp", [call], ctx)
    centre.handle("outbound.setDoNotCall", [call], ctx)
    centre.handle("interaction.markdone", [call], ctx)
    assert centre.processed_records[-1]["doNotCall"] is True
    assert centre.processed_records[-1]["callResult"] == 6


def at(text: str) -> float:
    """Epoch seconds of a UTC 'MM/DD/YYYY HH:MM'."""
    return datetime.strptime(text, "%m/%d/%Y %H:%M").replace(tzinfo=timezone.utc).timestamp()


def sample_centre(tz_offset: int = 0) -> ContactCentre:
    """A preview campaign whose record has the reference sample's handle 257."""
    return model(
        campaigns=[{"name": "C", "mode": "Preview"}],
        records=[{"GSW_CAMPAIGN_NAME": "C", "GSW_PHONE": "+15550001111", "GSW_RECORD_HANDLE": 257, "GSW_TZ_OFFSET": tz_offset}],
    )


def test_reschedule_record_reference_sample():
    centre, ctx = sample_centre(), Ctx(wall=at("05/26/2021 12:00"))
    centre.handle("outbound.getPreviewRecord", ["C"], ctx)
    assert centre.handle("outbound.rescheduleRecord", ["1", 257, "05/27/2021 10:55", "PERSONAL"], ctx) is None
    assert centre.interactions["1"].chain.reschedule == {
        "recordHandle": 257,
        "rescheduleDate": "05/27/2021 10:55",
        "callbackType": "PERSONAL",
    }
    centre.handle("outbound.cancelReschedule", ["1"], ctx)
    assert centre.interactions["1"].chain.reschedule is None
    with pytest.raises(RequestError, match="is not rescheduled"):
        centre.handle("outbound.cancelReschedule", ["1"], ctx)


@pytest.mark.parametrize(("date", "accepted"), [("05/27/2021 10:30", True), ("05/27/2021 10:00", True), ("05/27/2021 09:00", False)])
def test_reschedule_date_is_read_in_the_record_time_zone(date, accepted):
    """Agent in BST at 14:30, customer in EDT at 09:30 (13:30 UTC): "in one hour" is 10:30, not 15:30."""
    centre, ctx = sample_centre(tz_offset=-4 * 3600), Ctx(wall=at("05/27/2021 13:30"))
    centre.handle("outbound.getPreviewRecord", ["C"], ctx)
    request = ["1", 257, date, "CAMPAIGN"]
    if accepted:
        centre.handle("outbound.rescheduleRecord", request, ctx)
    else:
        with pytest.raises(RequestError, match=r"is not in the future in the record's time zone \(now 05/27/2021 09:30"):
            centre.handle("outbound.rescheduleRecord", request, ctx)


@pytest.mark.parametrize(
    "date",
    ["2021-05-27 10:55", "5/27/2021 10:55", "05/27/2021", "13/01/2021 10:00", "02/30/2021 10:00", "05/27/2021 24:00", "05/27/2021 10:55 ", 20210527],
)
def test_reschedule_date_format(date):
    centre, ctx = sample_centre(), Ctx()
    centre.handle("outbound.getPreviewRecord", ["C"], ctx)
    with pytest.raises(RequestError, match="Invalid parameter 'rescheduleDate': expected a date in MM/DD/YYYY HH:MM format"):
        centre.handle("outbound.rescheduleRecord", ["1", 257, date, "PERSONAL"], ctx)


@pytest.mark.parametrize("kind", ["personal", "AGENT", "", 1])
def test_reschedule_callback_type(kind):
    centre, ctx = sample_centre(), Ctx()
    centre.handle("outbound.getPreviewRecord", ["C"], ctx)
    with pytest.raises(RequestError, match="Invalid parameter 'callbackType': expected CAMPAIGN or PERSONAL."):
        centre.handle("outbound.rescheduleRecord", ["1", 257, "05/27/2031 10:55", kind], ctx)


def test_reschedule_record_handle_must_be_in_the_chain():
    centre, ctx = sample_centre(), Ctx()
    centre.handle("outbound.getPreviewRecord", ["C"], ctx)
    with pytest.raises(RequestError, match="Record handle 258 is not in the chain of interaction 1"):
        centre.handle("outbound.rescheduleRecord", ["1", 258, "05/27/2031 10:55", "PERSONAL"], ctx)


def test_chained_records():
    centre, ctx = model(), Ctx()
    data = centre.handle("outbound.getChainedRecords", [previewing(centre, ctx)], ctx)
    assert [list(item) for item in data] == [["records"]]
    records = data[0]["records"]
    assert [(r["GSW_RECORD_HANDLE"], r["GSW_PHONE"], r["GSW_CHAIN_ID"]) for r in records] == [
        (283, "+33647005", 3),
        (284, "+33647004", 3),
    ]
    assert records[0]["GSW_CAMPAIGN_NAME"] == "Offer of the Month"


def test_record_fields_have_the_documented_shape():
    centre, ctx = model(), Ctx()
    fields = {f["name"]: f for f in centre.handle("outbound.getRecordFields", [previewing(centre, ctx)], ctx)}
    assert fields["GSW_FROM"] == {
        "name": "GSW_FROM",
        "displayName": "Call From",
        "value": "00:00",
        "isEditable": False,
        "isMandatory": True,
        "fieldType": "time",
        "valueType": "string",
    }
    assert fields["GSW_PHONE_TYPE"]["valueType"] == "number"
    assert fields["GSW_PHONE_TYPE"]["options"]["9"] == "Pin Pager"
    assert fields["GSW_UNTIL"]["value"] == "23:59"


def test_the_reference_update_sample_fails_on_its_non_editable_field_and_changes_nothing():
    centre, ctx = model(), Ctx()
    record = previewing(centre, ctx)
    sample = {"GSW_FROM": "10.15", "GSW_UNTIL": "23:45", "GSW_PHONE_TYPE": 9, "GSW_CUSTOM_STRING": "Custom message"}
    with pytest.raises(RequestError) as caught:
        centre.handle("outbound.updateRecordFields", [record, sample], ctx)
    assert str(caught.value) == "Error: Record field 'GSW_FROM' is not editable."
    assert centre.interactions[record].chain.updates == {}
    del sample["GSW_FROM"]
    centre.handle("outbound.updateRecordFields", [record, json.dumps(sample)], ctx)
    fields = {f["name"]: f["value"] for f in centre.handle("outbound.getRecordFields", [record], ctx)}
    assert (fields["GSW_UNTIL"], fields["GSW_PHONE_TYPE"], fields["GSW_CUSTOM_STRING"]) == ("23:45", "9", "Custom message")


EXTRA_FIELDS = [
    {"name": "Custom_Bool", "fieldType": "bool", "isEditable": True, "isMandatory": False},
    {"name": "Custom_Date", "fieldType": "date", "isEditable": True, "isMandatory": False},
    {"name": "Custom_Char", "fieldType": "char", "isEditable": True, "isMandatory": False},
]

# (field, value, error or None)
FIELD_VECTORS = [
    ("GSW_PHONE", "+15550002222", None),
    ("GSW_PHONE", "", "Error: Record field 'GSW_PHONE' is mandatory and cannot be empty."),
    ("GSW_PHONE", None, "Error: Record field 'GSW_PHONE' is mandatory and cannot be empty."),
    ("GSW_PHONE", 123, "Error: Invalid value for record field 'GSW_PHONE': expected a string."),
    ("GSW_PHONE_TYPE", 4, None),
    ("GSW_PHONE_TYPE", "9", "Error: Invalid value for record field 'GSW_PHONE_TYPE': expected a number."),
    ("GSW_PHONE_TYPE", True, "Error: Invalid value for record field 'GSW_PHONE_TYPE': expected a number."),
    ("GSW_PHONE_TYPE", 12, "Error: Invalid value for record field 'GSW_PHONE_TYPE': expected one of 0, 1, 2"),
    ("GSW_UNTIL", "18:00", None),
    ("GSW_UNTIL", None, None),
    ("GSW_UNTIL", "24:00", "Error: Invalid value for record field 'GSW_UNTIL': expected a time in HH:MM format."),
    ("GSW_UNTIL", "10.15", "Error: Invalid value for record field 'GSW_UNTIL': expected a time in HH:MM format."),
    ("Custom_Integer", 2, None),
    ("Custom_Integer", 1.5, "Error: Invalid value for record field 'Custom_Integer': expected an integer."),
    ("Custom_Float", 2.5, None),
    ("Custom_Float", "2.5", "Error: Invalid value for record field 'Custom_Float': expected a number."),
    ("Custom_Bool", False, None),
    ("Custom_Bool", "false", "Error: Invalid value for record field 'Custom_Bool': expected a boolean."),
    ("Custom_Date", "12/31/2030 23:59", None),
    ("Custom_Date", "2030-12-31", "Error: Invalid value for record field 'Custom_Date': expected a date in MM/DD/YYYY HH:MM format."),
    ("Custom_Char", "c", None),
    ("Custom_Char", "cc", "Error: Invalid value for record field 'Custom_Char': expected a single character."),
    ("GSW_FROM", "10:15", "Error: Record field 'GSW_FROM' is not editable."),
    ("GSW_NOPE", 1, "Error: Unknown record field 'GSW_NOPE'."),
]


@pytest.mark.parametrize(("name", "value", "error"), FIELD_VECTORS)
def test_update_record_fields_rules(name, value, error):
    from workspace.model.scenario import DEFAULT_SCENARIO_TABLE

    centre, ctx = model(record_fields=DEFAULT_SCENARIO_TABLE["record_fields"] + EXTRA_FIELDS), Ctx()
    record = previewing(centre, ctx)
    if error is None:
        centre.handle("outbound.updateRecordFields", [record, {name: value}], ctx)
        assert centre.interactions[record].chain.updates == {name: value}
    else:
        with pytest.raises(RequestError) as caught:
            centre.handle("outbound.updateRecordFields", [record, {name: value}], ctx)
        assert str(caught.value).startswith(error)


@pytest.mark.parametrize("data", ["not json", "[1]", 5])
def test_record_data_must_be_an_object(data):
    centre, ctx = model(), Ctx()
    with pytest.raises(RequestError, match="Invalid parameter 'recordData': expected an object of field names and values."):
        centre.handle("outbound.updateRecordFields", [previewing(centre, ctx), data], ctx)


def test_record_updates_reach_ocs_at_mark_done():
    centre, ctx = model(), Ctx()
    record = previewing(centre, ctx)
    centre.handle("outbound.updateRecordFields", [record, {"GSW_CUSTOM_STRING": "Call back later"}], ctx)
    centre.handle("outbound.rejectPreviewRecord", [], ctx)
    centre.handle("interaction.markdone", [record], ctx)
    assert centre.processed_records[0]["updates"] == {"GSW_CUSTOM_STRING": "Call back later"}
