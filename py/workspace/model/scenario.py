"""The default contact-centre scenario and how a user scenario is laid over it."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from copy import deepcopy
from typing import Any

from workspace.config import did_you_mean

DEFAULT_SCENARIO_TABLE: dict[str, Any] = {
    "agent": {
        "employeeId": "1001",
        "firstname": "Ada",
        "lastname": "Lovelace",
        "username": "ada.lovelace",
        "state": "Ready",
        "dn": "5000",
    },
    "states": [
        {"type": "READY", "displayName": "Ready", "operationName": "Ready"},
        {"type": "NOT_READY", "displayName": "Not Ready", "operationName": "NotReady"},
        {
            "type": "NOT_READY_ACTION_CODE",
            "displayName": "Not Ready - Break",
            "operationName": "NotReadyBreak",
            "reason": "Break",
            "reasonCode": "1511",
        },
        {
            "type": "NOT_READY_ACTION_CODE",
            "displayName": "Not Ready - Lunch",
            "operationName": "NotReadyLunch",
            "reason": "Lunch",
            "reasonCode": "1512",
        },
        {"type": "DND_ON", "displayName": "Do Not Disturb", "operationName": "DndOn"},
        {"type": "LOGOUT", "displayName": "Log Off", "operationName": "Logout"},
    ],
    "media": ["voice", "chat", "email"],
    "timers": {
        # seconds until the remote party answers a dialled call; negative: only the control panel answers
        "remote_answer_after": 2.0,
        # seconds an inbound call rings before it is redirected (ronaCallState REDIRECTED); 0: never
        "rona_after": 0.0,
    },
    "contacts": [
        {
            "displayName": "Kate Smith",
            "firstName": "Kate",
            "lastName": "Smith",
            "phone": "+15551234567",
            "email": "kate.smith@example.com",
        },
        {
            "displayName": "Omar Haddad",
            "firstName": "Omar",
            "lastName": "Haddad",
            "phone": "+33647005",
            "email": "omar.haddad@example.com",
        },
    ],
    "campaigns": [
        {"name": "Offer of the Month", "mode": "Preview", "status": "started"},
        {"name": "Renewals", "mode": "Push Preview", "status": "started"},
        {"name": "Win Back", "mode": "Direct Push Preview", "status": "started"},
    ],
    "records": [
        {
            "GSW_CAMPAIGN_NAME": "Offer of the Month",
            "GSW_CHAIN_ID": 3,
            "GSW_RECORD_HANDLE": 283,
            "GSW_PHONE": "+33647005",
            "GSW_TZ_NAME": "ACT",
            "GSW_TZ_OFFSET": 34200,
            "GSW_CUSTOM_STRING": "Hi there!",
            "Custom_Integer": 0,
            "Custom_Float": "16.64",
        },
        {
            "GSW_CAMPAIGN_NAME": "Offer of the Month",
            "GSW_CHAIN_ID": 3,
            "GSW_RECORD_HANDLE": 284,
            "GSW_PHONE": "+33647004",
            "GSW_TZ_NAME": "ACT",
            "GSW_TZ_OFFSET": 34200,
            "GSW_CUSTOM_STRING": "Hello General Kenobi",
            "Custom_Integer": 0,
            "Custom_Float": "51.69",
        },
        {"GSW_CAMPAIGN_NAME": "Offer of the Month", "GSW_PHONE": "+15551234567", "GSW_CUSTOM_STRING": "Second record"},
        {"GSW_CAMPAIGN_NAME": "Renewals", "GSW_PHONE": "+15550001111", "GSW_CUSTOM_STRING": "Renewal due"},
        {"GSW_CAMPAIGN_NAME": "Renewals", "GSW_PHONE": "+15550002222", "GSW_CUSTOM_STRING": "Renewal due"},
        {"GSW_CAMPAIGN_NAME": "Win Back", "GSW_PHONE": "+15550003333", "GSW_CUSTOM_STRING": "Former customer"},
        {"GSW_CAMPAIGN_NAME": "Win Back", "GSW_PHONE": "+15550004444", "GSW_CUSTOM_STRING": "Former customer"},
    ],
    # outbound.Field definitions returned by getRecordFields (value comes from the record)
    "record_fields": [
        {"name": "GSW_PHONE", "displayName": "Phone", "fieldType": "var-char", "isEditable": True, "isMandatory": True},
        {
            "name": "GSW_PHONE_TYPE",
            "displayName": "Phone Type",
            "fieldType": "enum",
            "isEditable": True,
            "isMandatory": False,
            "options": {
                "0": "None",
                "1": "Home Phone",
                "2": "Direct Business Phone",
                "3": "Business With Extension",
                "4": "Mobile",
                "5": "Vacation Phone",
                "6": "Pager",
                "7": "Modem",
                "8": "Voice Mail",
                "9": "Pin Pager",
                "10": "Email Address",
                "11": "Instant Messaging",
            },
        },
        {"name": "GSW_FROM", "displayName": "Call From", "fieldType": "time", "isEditable": False, "isMandatory": True},
        {"name": "GSW_UNTIL", "displayName": "Call Until", "fieldType": "time", "isEditable": True, "isMandatory": False},
        {
            "name": "GSW_CUSTOM_STRING",
            "displayName": "Custom message",
            "fieldType": "var-char",
            "isEditable": True,
            "isMandatory": False,
        },
        {"name": "Custom_Integer", "displayName": "Custom integer", "fieldType": "int", "isEditable": True, "isMandatory": False},
        {"name": "Custom_Float", "displayName": "Custom float", "fieldType": "float", "isEditable": True, "isMandatory": False},
    ],
}


def with_defaults(scenario: dict[str, Any] | None) -> dict[str, Any]:
    """A deep copy of ``DEFAULT_SCENARIO_TABLE`` where each top-level key of ``scenario`` wins.

    Table keys (``agent``, ``timers``) are merged key by key; list keys (``states``, ``records``, ...) are replaced.
    """
    merged = deepcopy(DEFAULT_SCENARIO_TABLE)
    for key, value in (scenario or {}).items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key].update(deepcopy(value))
        else:
            merged[key] = deepcopy(value)
    return merged


SCENARIO_KEYS = (*DEFAULT_SCENARIO_TABLE, "auth")
"""The keys of ``[scenario]`` the simulator reads (``auth``: workspace.config)."""
CHECKED_TABLES = ("agent", "timers")
"""The tables of ``[scenario]`` merged key by key into the default, whose keys are checked."""
NEAR_MISS = 0.8
"""How close to a known key an unknown one must be to count as a typo (others are the lesson's own data)."""


def scenario_errors(scenario: Mapping[str, Any]) -> list[str]:
    """What in a lesson's ``[scenario]`` table would stop the contact centre, or be silently ignored: a key of the
    table, of ``[scenario.agent]`` or of ``[scenario.timers]`` spelt near a known one (with it), a timer that is no
    number, the agent's ``state`` not one of the states' operationName."""
    errors = _typos(scenario, SCENARIO_KEYS, "[scenario]")
    for table in CHECKED_TABLES:
        values = scenario.get(table, {})
        if not isinstance(values, Mapping):
            errors.append(f"[scenario] {table}: must be a table")
            continue
        errors += _typos(values, DEFAULT_SCENARIO_TABLE[table], f"[scenario.{table}]")
        if table == "timers":
            errors += [f"[scenario.timers] {key}: must be a number of seconds, got {value!r}" for key, value
                       in values.items() if isinstance(value, bool) or not isinstance(value, (int, float))]
    states = scenario.get("states", DEFAULT_SCENARIO_TABLE["states"])
    if not isinstance(states, list) or not all(
            isinstance(state, Mapping) and isinstance(state.get("operationName"), str) for state in states):
        return errors + ["[scenario] states: must be an array of tables, each with its operationName"]
    agent = scenario.get("agent")
    state = agent.get("state", DEFAULT_SCENARIO_TABLE["agent"]["state"]) if isinstance(agent, Mapping) else None
    names = [entry["operationName"] for entry in states]
    if state is not None and state not in names:
        errors.append(f"[scenario.agent] state: {state!r} is not one of the states' operationName"
                      f"{did_you_mean(str(state), names)} (one of {', '.join(names)})")
    return errors


def _typos(keys: Iterable[str], known: Collection[str], where: str) -> list[str]:
    """``<where> <key>: unknown key (did you mean ...)`` for each of ``keys`` near one of ``known``."""
    found = []
    for key in keys:
        close = "" if key in known else did_you_mean(key, known, NEAR_MISS)
        if close:
            found.append(f"{where} {key}: unknown key{close}")
    return found
