"""The default contact-centre scenario and how a user scenario is laid over it."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

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
