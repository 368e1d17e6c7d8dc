"""Outbound record requests: call results, Do Not Call, rescheduling, chained records and record fields."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from workspace.errors import RequestError

from .campaign import RecordChain
from .dispatch import Invalid, Param, RequestTable, integer, integer_text, is_number, string
from .lifecycle import Media
from .outbound import chain_of

if TYPE_CHECKING:
    from .context import RequestContext
    from .state import CentreState

REQUESTS = RequestTable()

CALL_RESULTS: dict[str, int] = {
    "OK": 0,
    "GENERAL_ERROR": 3,
    "SYSTEM_ERROR": 4,
    "BUSY": 6,
    "NO_ANSWER": 7,
    "SIT_DETECTED": 8,
    "ANSWERING_MACHINE": 9,
    "ALL_TRUNKS_BUSY": 10,
    "SIT_INVALID_NUM": 11,
    "SIT_VACANT": 12,
    "SIT_OPERINTERCEPT": 13,
    "SIT_UNKNOWN": 14,
    "SIT_NO_CIRCUIT": 15,
    "SIT_REORDER": 16,
    "FAXDETECTED": 17,
    "ABANDONED": 21,
    "DROPPED": 26,
    "DROPPED_NO_ANSWER": 27,
    "UNKNOWN": 28,
    "SILENCE": 32,
    "ANSWER": 33,
    "NUTONE": 34,
    "NO_DIAL_TONE": 35,
    "NO_PROGRESS": 36,
    "NO_RINGBACK": 37,
    "NO_ESTABLISHED": 38,
    "PAGER_DETECTED": 39,
    "WRONG_PARTY": 40,
    "DIAL_ERROR": 41,
    "CALL_DROP_ERROR": 42,
    "SWITCH_ERROR": 43,
    "NO_FREE_PORT_ERROR": 44,
    "TRANSFER_ERROR": 45,
    "STALE": 46,
    "AGENT_CALLBACK_ERROR": 47,
    "GROUP_CALLBACK_ERROR": 48,
    "DO_NOT_CALL": 51,
    "CANCEL_RECORD": 52,
    "WRONG_NUMBER": 53,
}
"""getListOfCallResults (SPEC-NOTES §8, OCR slips corrected)."""

CALLBACK_TYPES = ("CAMPAIGN", "PERSONAL")
DATE_FORMAT = "%m/%d/%Y %H:%M"
DATE_PATTERN = re.compile(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}")
TIME_PATTERN = re.compile(r"([01]\d|2[0-3]):[0-5]\d")

VALUE_TYPES = {"int": "number", "float": "number", "enum": "number", "bool": "boolean"}
"""outbound.Field valueType by fieldType (others: string)."""


def parse_date(text: str) -> datetime | None:
    """``MM/DD/YYYY HH:MM`` as a naive datetime, or None if the text is not such a date."""
    if not DATE_PATTERN.fullmatch(text):
        return None
    try:
        return datetime.strptime(text, DATE_FORMAT)
    except ValueError:
        return None


def reschedule_date(value: Any) -> str:
    """Checker: a date string in MM/DD/YYYY HH:MM format."""
    if not isinstance(value, str) or parse_date(value) is None:
        raise Invalid("a date in MM/DD/YYYY HH:MM format (for example '05/27/2021 10:55')")
    return value


def callback_type(value: Any) -> str:
    """Checker: CAMPAIGN or PERSONAL."""
    if value not in CALLBACK_TYPES:
        raise Invalid(" or ".join(CALLBACK_TYPES))
    return value


def record_data(value: Any) -> dict[str, Any]:
    """Checker: an object of field name -> value (a JSON text of such an object is accepted too)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise Invalid("an object of field names and values") from None
    if not isinstance(value, dict):
        raise Invalid("an object of field names and values")
    return value


def called_chain(centre: CentreState, interaction_id: str) -> RecordChain:
    """The record chain of an outbound call that is active or completed."""
    interaction = centre.interactions.find(interaction_id)
    chain = chain_of(interaction)
    if interaction.media != Media.VOICE:
        raise RequestError(f"Error: Interaction {interaction_id} has no active or completed outbound call.")
    return chain


def field_definitions(centre: CentreState) -> dict[str, dict[str, Any]]:
    """Scenario record fields by name."""
    return {definition["name"]: definition for definition in centre.scenario["record_fields"]}


def display(value: Any, field_type: str) -> str:
    """A record value as Field.value text (time fields stored as seconds become HH:MM)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if field_type == "time" and is_number(value):
        return f"{int(value) // 3600:02d}:{int(value) % 3600 // 60:02d}"
    return str(value)


def wire_field(definition: dict[str, Any], chain: RecordChain) -> dict[str, Any]:
    """One outbound.Field with its current value (pending updates included)."""
    name, field_type = definition["name"], definition["fieldType"]
    value = chain.updates[name] if name in chain.updates else chain.record().get(name)
    wire = {
        "name": name,
        "displayName": definition.get("displayName", name),
        "value": display(value, field_type),
        "isEditable": bool(definition.get("isEditable", False)),
        "isMandatory": bool(definition.get("isMandatory", False)),
        "fieldType": field_type,
        "valueType": definition.get("valueType", VALUE_TYPES.get(field_type, "string")),
    }
    if "options" in definition:
        wire["options"] = dict(definition["options"])
    return wire


def field_error(field: dict[str, Any], value: Any) -> str | None:
    """Why ``value`` cannot be written to ``field`` (an outbound.Field), or None (D14)."""
    name = field["name"]
    if not field["isEditable"]:
        return f"Error: Record field '{name}' is not editable."
    if value is None or value == "":
        return f"Error: Record field '{name}' is mandatory and cannot be empty." if field["isMandatory"] else None
    expected = {"string": "a string", "number": "a number", "boolean": "a boolean"}[field["valueType"]]
    matches = {"string": isinstance(value, str), "number": is_number(value), "boolean": isinstance(value, bool)}
    if not matches[field["valueType"]]:
        return f"Error: Invalid value for record field '{name}': expected {expected}."
    formats = {
        "int": (lambda v: float(v).is_integer(), "an integer"),
        "time": (lambda v: bool(TIME_PATTERN.fullmatch(v)), "a time in HH:MM format"),
        "date": (lambda v: parse_date(v) is not None, "a date in MM/DD/YYYY HH:MM format"),
        "char": (lambda v: len(v) <= 1, "a single character"),
        "enum": (lambda v: str(v) in field.get("options", {}), "one of " + ", ".join(field.get("options", {}))),
    }
    valid, description = formats.get(field["fieldType"], (lambda v: True, ""))
    return None if valid(value) else f"Error: Invalid value for record field '{name}': expected {description}."


@REQUESTS.handles("outbound.getListOfCallResults")
def get_list_of_call_results(centre: CentreState, ctx: RequestContext) -> dict[str, int]:
    """Call result names -> codes."""
    return dict(CALL_RESULTS)


@REQUESTS.handles("outbound.setCallResult", Param("interactionId", string), Param("callResult", integer_text))
def set_call_result(centre: CentreState, ctx: RequestContext, interaction_id: str, call_result: int) -> None:
    """Set the call result (a code of getListOfCallResults; "6" or 6) unless Do Not Call is set."""
    chain = called_chain(centre, interaction_id)
    if chain.do_not_call:
        raise RequestError(f"Error: Do Not Call is set for interaction {interaction_id}.")
    if call_result not in CALL_RESULTS.values():
        raise RequestError(f"Error: Unknown call result {call_result}; see outbound.getListOfCallResults.")
    chain.call_result = call_result


@REQUESTS.handles("outbound.getCallResult", Param("interactionId", string))
def get_call_result(centre: CentreState, ctx: RequestContext, interaction_id: str) -> int:
    """The call result set on the record (initially its GSW_CALL_RESULT)."""
    chain = chain_of(centre.interactions.find(interaction_id))
    return chain.call_result if chain.call_result is not None else int(chain.record()["GSW_CALL_RESULT"])


@REQUESTS.handles("outbound.setDoNotCall", Param("interactionId", string))
def set_do_not_call(centre: CentreState, ctx: RequestContext, interaction_id: str) -> None:
    """Mark the record Do Not Call."""
    called_chain(centre, interaction_id).do_not_call = True


@REQUESTS.handles("outbound.removeDoNotCall", Param("interactionId", string))
def remove_do_not_call(centre: CentreState, ctx: RequestContext, interaction_id: str) -> None:
    """Clear Do Not Call."""
    called_chain(centre, interaction_id).do_not_call = False


@REQUESTS.handles(
    "outbound.rescheduleRecord",
    Param("interactionId", string),
    Param("recordHandle", integer),
    Param("rescheduleDate", reschedule_date),
    Param("callbackType", callback_type),
)
def reschedule_record(
    centre: CentreState, ctx: RequestContext, interaction_id: str, record_handle: int, date: str, kind: str
) -> None:
    """Schedule a callback at ``date``, read in the record's time zone (GSW_TZ_OFFSET seconds from UTC)."""
    chain = chain_of(centre.interactions.find(interaction_id))
    if record_handle not in chain.handles:
        raise RequestError(f"Error: Record handle {record_handle} is not in the chain of interaction {interaction_id}.")
    offset = int(chain.record(record_handle).get("GSW_TZ_OFFSET", 0))
    record_now = datetime.fromtimestamp(ctx.wall + offset, timezone.utc).replace(tzinfo=None)
    scheduled = parse_date(date)
    assert scheduled is not None, "checked by reschedule_date"
    if scheduled <= record_now:
        raise RequestError(
            f"Error: rescheduleDate '{date}' is not in the future in the record's time zone "
            f"(now {record_now.strftime(DATE_FORMAT)}, GSW_TZ_OFFSET {offset})."
        )
    chain.reschedule = {"recordHandle": record_handle, "rescheduleDate": date, "callbackType": kind}


@REQUESTS.handles("outbound.cancelReschedule", Param("interactionId", string))
def cancel_reschedule(centre: CentreState, ctx: RequestContext, interaction_id: str) -> None:
    """Remove the schedule set by rescheduleRecord."""
    chain = chain_of(centre.interactions.find(interaction_id))
    if chain.reschedule is None:
        raise RequestError(f"Error: The record of interaction {interaction_id} is not rescheduled.")
    chain.reschedule = None


@REQUESTS.handles("outbound.getChainedRecords", Param("interactionId", string))
def get_chained_records(centre: CentreState, ctx: RequestContext, interaction_id: str) -> list[dict[str, Any]]:
    """``[{"records": [...]}]`` with typed record values."""
    chain = chain_of(centre.interactions.find(interaction_id))
    return [{"records": [dict(record) for record in chain.records]}]


@REQUESTS.handles("outbound.getRecordFields", Param("interactionId", string))
def get_record_fields(centre: CentreState, ctx: RequestContext, interaction_id: str) -> list[dict[str, Any]]:
    """outbound.Field objects of the record."""
    chain = chain_of(centre.interactions.find(interaction_id))
    return [wire_field(definition, chain) for definition in field_definitions(centre).values()]


@REQUESTS.handles("outbound.updateRecordFields", Param("interactionId", string), Param("recordData", record_data))
def update_record_fields(centre: CentreState, ctx: RequestContext, interaction_id: str, data: dict[str, Any]) -> None:
    """Update fields (all or nothing); the values reach OCS when the record is marked done."""
    chain = chain_of(centre.interactions.find(interaction_id))
    definitions = field_definitions(centre)
    for name, value in data.items():
        if name not in definitions:
            raise RequestError(f"Error: Unknown record field '{name}'.")
        error = field_error(wire_field(definitions[name], chain), value)
        if error:
            raise RequestError(error)
    chain.updates.update(data)
