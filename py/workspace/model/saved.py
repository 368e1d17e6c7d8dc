"""The contact centre's state as JSON-ready data and back (a simulator tab joining late takes the leader's:
workspace.sharing).

The whole object graph of a ``CentreState`` is saved, and what two parts share stays shared: the model compares
some parts with ``is`` (the media states that are one entry of the scenario's states, the record chain of a preview
and of the call made from it). Each list, dict and object is written once with a number (``id``); another place
holding it writes ``{"ref": id}``. Only the model's own classes and enums are read back (``CLASSES``, ``ENUMS``),
with exactly their fields: anything else is ``BadSavedState`` saying why.
"""
from __future__ import annotations

from dataclasses import fields, is_dataclass
from enum import Enum
from typing import Any

from .campaign import Campaign, CampaignStatus, PreviewKind, RecordChain
from .capabilities import Capability
from .interaction import Interaction
from .lifecycle import InteractionState, Media, RecordingState
from .screen import Dialog, MenuView, Screen, Toast
from .state import AgentStates, CentreState, ConnectionState, Ids, InteractionList, Outbound, Session, StateType

CLASSES: dict[str, type] = {cls.__name__: cls for cls in (
    CentreState, AgentStates, InteractionList, Ids, Interaction, Outbound, Campaign, RecordChain, Screen, Toast, Dialog,
    MenuView, Session)}
ENUMS: dict[str, type[Enum]] = {cls.__name__: cls for cls in (
    InteractionState, Media, RecordingState, ConnectionState, StateType, CampaignStatus, PreviewKind, Capability)}
_ATTRIBUTES: dict[type, tuple[str, ...]] = {InteractionList: ("contacts", "ids"), Ids: ("interactions", "uuids")}
"""The attributes of the saved classes that are not dataclasses (a dataclass has its fields)."""
_SCALARS = (type(None), bool, int, float, str)


class BadSavedState(ValueError):
    """Saved data this module cannot read back (the text says why)."""


def save(state: CentreState) -> dict[str, Any]:
    """``state`` as JSON-ready data (TypeError for a part of a kind this module does not know)."""
    ids: dict[int, int] = {}

    def value(item: Any) -> Any:
        if type(item) in _SCALARS:
            return item
        if isinstance(item, Enum):
            if ENUMS.get(type(item).__name__) is not type(item):
                raise TypeError(f"cannot save the enum {type(item).__qualname__}")
            return {"enum": type(item).__name__, "value": item.value}
        if id(item) in ids:
            return {"ref": ids[id(item)]}
        ids[id(item)] = number = len(ids)
        if type(item) is list:
            return {"id": number, "list": [value(each) for each in item]}
        if type(item) is tuple:
            return {"id": number, "tuple": [value(each) for each in item]}
        if type(item) is dict:
            return {"id": number, "dict": entries(item)}
        if CLASSES.get(type(item).__name__) is not type(item):
            raise TypeError(f"cannot save a {type(item).__qualname__}")
        out = {"id": number, "object": type(item).__name__, "fields": entries(vars(item))}
        if isinstance(item, dict):
            out["items"] = entries(item)
        return out

    def entries(mapping: dict[Any, Any]) -> dict[str, Any]:
        if not all(type(key) is str for key in mapping):
            raise TypeError(f"cannot save a dict with keys other than text: {list(mapping)[:3]!r}")
        return {key: value(each) for key, each in mapping.items()}

    return value(state)


def restore(data: Any) -> CentreState:
    """The CentreState that ``save`` wrote as ``data``; BadSavedState saying why for anything else."""
    made: dict[int, Any] = {}

    def value(item: Any) -> Any:
        if type(item) in _SCALARS:
            return item
        if not isinstance(item, dict):
            raise BadSavedState(f"not a saved value: {item!r:.60}")
        if "ref" in item:
            if type(item["ref"]) is not int or item["ref"] not in made:
                raise BadSavedState(f"a reference to nothing saved before: {item['ref']!r:.20}")
            return made[item["ref"]]
        if "enum" in item:
            kind = ENUMS.get(item["enum"]) if isinstance(item["enum"], str) else None
            if kind is None:
                raise BadSavedState(f"unknown enum {item['enum']!r:.40}")
            try:
                return kind(item.get("value"))
            except ValueError as error:
                raise BadSavedState(str(error)) from None
        number = item.get("id")
        if not isinstance(number, int) or isinstance(number, bool) or number in made:
            raise BadSavedState(f"'id' must be a new number, got {number!r:.20}")
        if "list" in item:
            made[number] = out = []
            out.extend(value(each) for each in sequence(item["list"]))
            return out
        if "tuple" in item:
            made[number] = tuple(value(each) for each in sequence(item["tuple"]))
            return made[number]
        if "dict" in item:
            made[number] = out = {}
            out.update(entries(item["dict"]))
            return out
        name = item.get("object")
        kind = CLASSES.get(name) if isinstance(name, str) else None
        if kind is None:
            raise BadSavedState(f"unknown object {name!r:.40}")
        made[number] = obj = kind.__new__(kind)
        attributes = entries(item.get("fields"))
        expected = {f.name for f in fields(kind)} if is_dataclass(kind) else set(_ATTRIBUTES.get(kind, ()))
        if set(attributes) != expected:
            raise BadSavedState(f"a {kind.__name__} must have the fields {sorted(expected)}, got {sorted(attributes)}")
        vars(obj).update(attributes)
        if isinstance(obj, dict):
            obj.update(entries(item.get("items")))
        return obj

    def sequence(items: Any) -> list[Any]:
        if not isinstance(items, list):
            raise BadSavedState(f"not a list: {items!r:.60}")
        return items

    def entries(mapping: Any) -> dict[str, Any]:
        if not isinstance(mapping, dict):
            raise BadSavedState(f"not an object: {mapping!r:.60}")
        return {key: value(each) for key, each in mapping.items()}

    state = value(data)
    if type(state) is not CentreState:
        raise BadSavedState(f"not a saved CentreState: {type(state).__name__}")
    return state
