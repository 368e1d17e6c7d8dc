"""What the simulator tabs tell each other about the contact centre they share, as small typed values.

Everything that can change the centre is an **op**: a frame's request that passed its own tab's checks
(``RequestOp``), a control-panel action or scenario step (``ActionOp``), the model's timers (``TickOp``). Each carries
the tab and the number (``pid``) it was proposed under, and the wall time (``wall``) the leader applied it at: every
tab applies the same ops in the same order at the same time, so every tab's centre is the same.

Between tabs (on the election's BroadcastChannel, beside its ``hello``/``beat``/``bye``/``active``): ``Propose`` (a
follower's op for the leader), ``Applied`` (the leader's op number ``seq``), ``Sync`` (a tab asks the leader for the
log), ``Log`` (the leader's whole log, for one tab). ``read`` turns a received dict into one of them, None for the
election's messages, or raises ``BadTabMessage`` saying why.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ELECTION_TYPES = frozenset({"hello", "beat", "bye", "active"})


def channel(scenario: str | None, extension_origin: str | None) -> str:
    """The BroadcastChannel of the tabs that are one session: those opened on the same scenario (its name or
    address, ``?scenario=``) and the same ``?extension-origin=``. Tabs on other scenarios elect and share apart."""
    return json.dumps(["wwe-simulator-tabs", scenario or "default", extension_origin or ""])


class BadTabMessage(ValueError):
    """A message from another tab this protocol cannot read (the text says why)."""


@dataclass(frozen=True)
class FrameFacts:
    """What the requesting frame is in its own tab (the isFrame* and amIVisible answers come from it)."""

    name: str
    visible: bool
    frame_state: str
    last_active: bool


@dataclass(frozen=True)
class RequestOp:
    """A request of ``frame`` of tab ``tab`` (``origin``, ``facts``) for the model."""

    tab: str
    pid: int
    wall: float
    frame: str
    origin: str
    facts: FrameFacts
    request: str
    parameters: list[Any]


@dataclass(frozen=True)
class ActionOp:
    """A control-panel action of tab ``tab``; ``step``: the scenario step it plays (its index), with the names the
    script has given to interactions once it ran (``names``), so that every tab's player knows how far it got."""

    tab: str
    pid: int
    wall: float
    name: str
    fields: Mapping[str, str]
    step: int | None = None
    names: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TickOp:
    """The leader ran the model's timers."""

    tab: str
    pid: int
    wall: float


Op = RequestOp | ActionOp | TickOp


@dataclass(frozen=True)
class Propose:
    op: Op  # a follower's op, for the leader to apply and number


@dataclass(frozen=True)
class Applied:
    """The leader ``tab`` (started at ``born``) applied ``op`` as number ``seq`` (from 1)."""

    tab: str
    born: float
    seq: int
    op: Op


@dataclass(frozen=True)
class Sync:
    tab: str  # this tab wants the leader's log


@dataclass(frozen=True)
class Log:
    """The leader's whole log (ops 1..n), for the tab ``to``."""

    tab: str
    born: float
    to: str
    ops: tuple[Op, ...]


Message = Propose | Applied | Sync | Log

# -- JSON form ----------------------------------------------------------------------------------------------------

_KINDS = {RequestOp: "request", ActionOp: "action", TickOp: "tick"}


def op_json(op: Op) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": _KINDS[type(op)], "tab": op.tab, "pid": op.pid, "wall": op.wall}
    if isinstance(op, RequestOp):
        facts = op.facts
        out |= {"frame": op.frame, "origin": op.origin, "request": op.request, "parameters": op.parameters,
                "facts": {"name": facts.name, "visible": facts.visible, "frameState": facts.frame_state,
                          "lastActive": facts.last_active}}
    elif isinstance(op, ActionOp):
        out |= {"name": op.name, "fields": dict(op.fields), "step": op.step, "names": dict(op.names)}
    return out


def to_json(message: Message) -> dict[str, Any]:
    """The dict posted on the BroadcastChannel."""
    match message:
        case Propose(op):
            return {"type": "propose", "op": op_json(op)}
        case Applied(tab, born, seq, op):
            return {"type": "applied", "tab": tab, "born": born, "seq": seq, "op": op_json(op)}
        case Sync(tab):
            return {"type": "sync", "tab": tab}
        case Log(tab, born, to, ops):
            return {"type": "log", "tab": tab, "born": born, "to": to, "ops": [op_json(op) for op in ops]}
    raise TypeError(f"not a tab message: {message!r}")


def _get(data: Mapping[str, Any], key: str, kind: type | tuple[type, ...], what: str) -> Any:
    value = data.get(key)
    if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
        name = kind.__name__ if isinstance(kind, type) else "a number"
        raise BadTabMessage(f"{what}: '{key}' must be {name}, got {value!r:.60}")
    return value


NUMBER = (int, float)


def _strings(value: Any, what: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise BadTabMessage(f"{what} must map text to text")
    return value


def read_op(data: Any) -> Op:
    if not isinstance(data, dict):
        raise BadTabMessage("an op must be an object")
    kind = data.get("kind")
    tab, pid, wall = _get(data, "tab", str, "op"), _get(data, "pid", int, "op"), _get(data, "wall", NUMBER, "op")
    if kind == "tick":
        return TickOp(tab, pid, wall)
    if kind == "action":
        step = data.get("step")
        if step is not None and (not isinstance(step, int) or isinstance(step, bool)):
            raise BadTabMessage("action op: 'step' must be int or null")
        return ActionOp(tab, pid, wall, _get(data, "name", str, "action op"),
                        _strings(data.get("fields"), "action op: 'fields'"), step,
                        _strings(data.get("names", {}), "action op: 'names'"))
    if kind == "request":
        facts = _get(data, "facts", dict, "request op")
        return RequestOp(tab, pid, wall, _get(data, "frame", str, "request op"), _get(data, "origin", str, "request op"),
                         FrameFacts(_get(facts, "name", str, "facts"), _get(facts, "visible", bool, "facts"),
                                    _get(facts, "frameState", str, "facts"), _get(facts, "lastActive", bool, "facts")),
                         _get(data, "request", str, "request op"), _get(data, "parameters", list, "request op"))
    raise BadTabMessage(f"unknown op kind {kind!r:.40}")


def read(data: Any) -> Message | None:
    """The tab message ``data`` is; None for an election message; BadTabMessage for anything else."""
    if not isinstance(data, dict):
        raise BadTabMessage(f"not an object: {data!r:.60}")
    kind = data.get("type")
    if kind in ELECTION_TYPES:
        return None
    if kind == "propose":
        return Propose(read_op(data.get("op")))
    if kind == "applied":
        seq = _get(data, "seq", int, "applied")
        if seq < 1:
            raise BadTabMessage(f"applied: 'seq' must be 1 or more, got {seq}")
        return Applied(_get(data, "tab", str, "applied"), _get(data, "born", NUMBER, "applied"), seq,
                       read_op(data.get("op")))
    if kind == "sync":
        return Sync(_get(data, "tab", str, "sync"))
    if kind == "log":
        ops = _get(data, "ops", list, "log")
        return Log(_get(data, "tab", str, "log"), _get(data, "born", NUMBER, "log"), _get(data, "to", str, "log"),
                   tuple(read_op(op) for op in ops))
    raise BadTabMessage(f"unknown type {kind!r:.40}")
