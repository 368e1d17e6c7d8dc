"""The method table: namespace -> method -> wire parameters, plus argument binding and checks.

The table mirrors ``spec/scapi-spec.json`` (a test checks every namespace, method, parameter name, order,
optional flag and kind). It is a literal table so that it loads in the browser without the JSON file.
``returns`` is the Python annotation of the reply's ``data`` (names from ``wwe.types``).
"""

from __future__ import annotations

import inspect
import math
from typing import Any, Callable, NamedTuple

# Parameter kinds, from the spec's parameter types (plus DECISIONS D4 variants).
STR = "str"
NUM = "number"
OBJ = "dict"
STR_OR_OBJ = "str | dict"
STR_OR_LIST = "str | list[str]"
STR_OR_NUM = "str | number"


class Param(NamedTuple):
    """One wire parameter."""

    name: str
    kind: str
    optional: bool = False


class Method(NamedTuple):
    """A method's wire parameters (in order) and the annotation of its result."""

    params: tuple[Param, ...]
    returns: str


def _m(returns: str, *params: Param) -> Method:
    return Method(params, returns)


_P = Param
_ID = _P("interactionId", STR)

NAMESPACES: dict[str, dict[str, Method]] = {
    "agent": {
        "get": _m("Agent"),
        "getState": _m("State"),
        "getStateList": _m("list[State]"),
        "setState": _m("Any", _P("stateOperationName", STR)),
    },
    "configuration": {
        "getOption": _m("Options", _P("options", STR_OR_LIST)),
        "getContextualOption": _m("Options", _P("options", STR_OR_LIST), _ID),
    },
    "email": {
        "create": _m("Any", _P("destination", STR), _P("userData", OBJ)),
    },
    "interaction": {
        "completeConference": _m("Any", _P("consultInteractionId", STR)),
        "completeTransfer": _m("Any", _P("consultInteractionId", STR)),
        "consult": _m("Any", _ID, _P("targetQuery", STR_OR_OBJ), _P("userData", OBJ, True), _P("extensions", OBJ, True)),
        "deleteUserData": _m("Any", _ID, _P("key", STR)),
        "getByInteractionId": _m("Interaction | None", _ID),
        "getInteractions": _m("list[Interaction]"),
        "selectCaseByCaseId": _m("Any", _P("caseId", STR)),
        "setUserData": _m("Any", _ID, _P("keyValues", OBJ)),
        "markdone": _m("Any", _ID),
        "blockMarkdone": _m("Any", _ID, _P("warningMessage", STR)),
        "singleStepConference": _m(
            "Any", _ID, _P("targetQuery", STR_OR_OBJ), _P("userData", OBJ, True), _P("extensions", OBJ, True)
        ),
        "singleStepTransfer": _m(
            "Any", _ID, _P("targetQuery", STR_OR_OBJ), _P("userData", OBJ, True), _P("extensions", OBJ, True)
        ),
        "unblockMarkdone": _m("Any", _ID),
        "accept": _m("Any", _ID),
        "reject": _m("Any", _ID),
    },
    "media": {
        "getMediaList": _m("list[Media]"),
        "getMediaByName": _m("Media", _P("name", STR)),
        "setState": _m("Any", _P("name", STR), _P("stateOperationName", STR)),
    },
    "system": {
        "amIVisible": _m("bool"),
        "closeDialog": _m("bool", _P("dialogId", STR)),
        "closeToast": _m("bool", _P("id", STR)),
        "closeViewInApplicationMenuBar": _m("bool", _P("name", STR_OR_OBJ)),  # D4: a name or {"name": ...}
        "getAllowedServices": _m("list[str]"),
        "isFrameLeading": _m("bool"),
        "isFrameFollowing": _m("bool"),
        "isFrameNegotiating": _m("bool"),
        "isFrameLeadingOrNegotiating": _m("bool"),
        "isLastActiveFrame": _m("bool"),
        "openDialog": _m("str | None", _P("url", STR), _P("options", OBJ)),
        "popupToast": _m("str", _P("parameters", OBJ)),
        "triggerActivity": _m("Any"),
        "updateViewInApplicationMenuBar": _m("str", _P("parameters", OBJ)),
        "updateToast": _m("bool", _P("id", STR), _P("parameters", OBJ)),
    },
    "voice": {
        "answer": _m("Any", _ID),
        "dial": _m("Any", _P("destination", STR), _P("userData", OBJ)),
        "dialEx": _m("Any", _P("destination", STR), _P("userData", OBJ, True), _P("extensions", OBJ, True)),
        "hangUp": _m("Any", _ID),
        "hold": _m("Any", _ID),
        "resume": _m("Any", _ID),
        "pauseCallRecording": _m("Any", _ID),
        "resumeCallRecording": _m("Any", _ID),
        "startCallRecording": _m("Any", _ID),
        "stopCallRecording": _m("Any", _ID),
        "isMicrophoneMute": _m("bool"),
        "muteMicrophone": _m("Any"),
        "unmuteMicrophone": _m("Any"),
        "isSpeakerMute": _m("bool"),
        "muteSpeaker": _m("Any"),
        "unmuteSpeaker": _m("Any"),
    },
    "outbound": {
        "getCampaigns": _m("Any"),
        "getPreviewRecord": _m("Any", _P("campaignName", STR)),
        "callPreviewRecord": _m("Any", _ID, _P("recordHandle", NUM)),
        "rejectPreviewRecord": _m("Any"),
        "cancelPreviewRecord": _m("Any"),
        "startDirectPushPreview": _m("Any"),
        "stopDirectPushPreview": _m("Any"),
        "getListOfCallResults": _m("dict[str, int]"),
        "setCallResult": _m("Any", _ID, _P("callResult", STR_OR_NUM)),
        "getCallResult": _m("int", _ID),
        "setDoNotCall": _m("Any", _ID),
        "removeDoNotCall": _m("Any", _ID),
        "rescheduleRecord": _m(
            "Any", _ID, _P("recordHandle", NUM), _P("rescheduleDate", STR), _P("callbackType", STR)
        ),
        "cancelReschedule": _m("Any", _ID),
        "getChainedRecords": _m("list[ChainedRecords]", _ID),
        "getRecordFields": _m("list[Field]", _ID),
        "updateRecordFields": _m("Any", _ID, _P("recordData", STR_OR_OBJ)),
    },
    "auth": {
        "getJwtToken": _m("JwtToken"),
    },
    "messenger": {
        "broadcastMessage": _m("Any", _P("channel", STR), _P("message", OBJ)),
    },
}

# Top-level calls; Service.subscribe/unsubscribe implement them (handlers never go on the wire).
TOP_LEVEL: dict[str, Method] = {
    "subscribe": _m("Subscription", _P("names", STR_OR_LIST)),
    "unsubscribe": _m("None", _P("subscriptionId", STR)),
}


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_str_list(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value)


_CHECKS: dict[str, Callable[[Any], bool]] = {
    STR: lambda v: isinstance(v, str),
    NUM: is_number,
    OBJ: lambda v: isinstance(v, dict),
    STR_OR_OBJ: lambda v: isinstance(v, (str, dict)),
    STR_OR_LIST: lambda v: isinstance(v, str) or _is_str_list(v),
    STR_OR_NUM: lambda v: isinstance(v, str) or is_number(v),
}


def signature(method: Method) -> inspect.Signature:
    """The Python signature of a method's wire parameters (optional ones default to None)."""
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    return inspect.Signature(
        [
            inspect.Parameter(p.name, kind, default=None, annotation=f"{p.kind} | None")
            if p.optional
            else inspect.Parameter(p.name, kind, annotation=p.kind)
            for p in method.params
        ]
    )


def check_json(value: Any, where: str) -> None:
    """Raise TypeError unless ``value`` is plain JSON data (what postMessage delivers intact)."""
    if value is None or isinstance(value, (str, bool, int)):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise TypeError(f"{where}: {value!r} is not a finite number")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            check_json(item, f"{where}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{where}: key {key!r} is not a string")
            check_json(item, f"{where}[{key!r}]")
    else:
        raise TypeError(f"{where}: {type(value).__name__} is not JSON data")


def check_value(request: str, param: Param, value: Any) -> None:
    """Raise TypeError unless ``value`` fits ``param`` (None is allowed for optional parameters)."""
    if value is None and param.optional:
        return
    if not _CHECKS[param.kind](value):
        raise TypeError(f"{request}: {param.name} must be {param.kind}, not {type(value).__name__}")
    check_json(value, f"{request}: {param.name}")


def bind(request: str, method: Method, sig: inspect.Signature, args: tuple[Any, ...],
         kwargs: dict[str, Any]) -> list[Any]:
    """Check a call's arguments and return the wire ``parameters``.

    Like the official client, every declared parameter is sent, in declaration order; an omitted optional one is
    sent as None (null). See SPEC-NOTES §11.1 and DECISIONS D19.
    """
    try:
        given = sig.bind(*args, **kwargs).arguments
    except TypeError as error:
        hint = " (callbacks are keyword-only: succeeded=..., failed=...)" if any(map(callable, args)) else ""
        raise TypeError(f"{request}{sig}: {error}{hint}") from None
    values = []
    for param in method.params:
        value = given.get(param.name)
        check_value(request, param, value)
        values.append(value)
    return values
