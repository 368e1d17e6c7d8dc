"""What the simulator tabs tell each other about the contact centre they share, as small typed values.

Everything that can change the centre is an **op**: a frame's request that passed its own tab's checks
(``RequestOp``), a control-panel action or scenario step (``ActionOp``), the model's timers (``TickOp``). Each carries
the tab and the number (``pid``) it was proposed under, the lowest number of that tab still waiting for the leader
when it was made (``waiting``: the lower ones are never proposed again), and the wall time (``wall``) the leader
applied it at: every tab applies the same ops in the same order at the same time, so every tab's centre is the same.

Between tabs (on the election's BroadcastChannel, beside its ``hello``/``beat``/``bye``/``active``): ``Propose`` (a
follower's op for the leader), ``Applied`` (the leader's op number ``seq``), ``Sync`` (a tab asks the leader to catch
up from its op ``seq``), ``Log`` (for one tab: the leader's ops after that one, or its whole ``Centre`` when it no
longer keeps them). ``read`` turns a received dict into one of them, None for the election's messages, or raises
``BadTabMessage`` saying why.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..model.saved import BadSavedState, restore, save
from ..model.state import CentreState
from ..timeline import Mark

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
    waiting: int = 0


@dataclass(frozen=True)
class ActionOp:
    """A control-panel action of tab ``tab``; ``step``: the scenario step it plays (its index), so that every tab's
    player knows how far it got."""

    tab: str
    pid: int
    wall: float
    name: str
    fields: Mapping[str, str]
    step: int | None = None
    waiting: int = 0


@dataclass(frozen=True)
class TickOp:
    """The leader ran the model's timers."""

    tab: str
    pid: int
    wall: float
    waiting: int = 0


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
    """Tab ``tab`` wants to catch up with the leader: it applied ``seq`` ops, whose history is ``digest``."""

    tab: str
    seq: int
    digest: str


Held = Mapping[str, tuple[int, tuple[int, ...]]]
"""The ops of each tab a log holds: tab -> (every pid below this one, the pids from it on)."""


@dataclass(frozen=True)
class Centre:
    """A leader's contact centre: the model's state, how far the scenario's player got, the ops it holds."""

    model: CentreState
    player: Mark
    held: Held


@dataclass(frozen=True)
class Log:
    """For the tab ``to``: the leader's ops after its op ``start``, whose history is ``digest``; with ``centre``
    (then no ops), the leader's whole centre after op ``start``, for a tab too far behind for the ops it keeps."""

    tab: str
    born: float
    to: str
    start: int
    digest: str
    ops: tuple[Op, ...]
    centre: Centre | None = None


Message = Propose | Applied | Sync | Log

# -- JSON form ----------------------------------------------------------------------------------------------------

_KINDS = {RequestOp: "request", ActionOp: "action", TickOp: "tick"}


def op_json(op: Op) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": _KINDS[type(op)], "tab": op.tab, "pid": op.pid, "wall": op.wall,
                           "waiting": op.waiting}
    if isinstance(op, RequestOp):
        facts = op.facts
        out |= {"frame": op.frame, "origin": op.origin, "request": op.request, "parameters": op.parameters,
                "facts": {"name": facts.name, "visible": facts.visible, "frameState": facts.frame_state,
                          "lastActive": facts.last_active}}
    elif isinstance(op, ActionOp):
        out |= {"name": op.name, "fields": dict(op.fields), "step": op.step}
    return out


def to_json(message: Message) -> dict[str, Any]:
    """The dict posted on the BroadcastChannel."""
    match message:
        case Propose(op):
            return {"type": "propose", "op": op_json(op)}
        case Applied(tab, born, seq, op):
            return {"type": "applied", "tab": tab, "born": born, "seq": seq, "op": op_json(op)}
        case Sync(tab, seq, digest):
            return {"type": "sync", "tab": tab, "seq": seq, "digest": digest}
        case Log(tab, born, to, start, digest, ops, centre):
            return {"type": "log", "tab": tab, "born": born, "to": to, "start": start, "digest": digest,
                    "ops": [op_json(op) for op in ops], "centre": None if centre is None else centre_json(centre)}
    raise TypeError(f"not a tab message: {message!r}")


def centre_json(centre: Centre) -> dict[str, Any]:
    player = centre.player
    return {"model": save(centre.model), "held": {tab: [low, list(pids)] for tab, (low, pids) in centre.held.items()},
            "player": {"position": player.position, "names": dict(player.names),
                       "played": [[index, refusal] for index, refusal in player.played]}}


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


def _count(data: Mapping[str, Any], key: str, what: str) -> int:
    value = _get(data, key, int, what)
    if value < 0:
        raise BadTabMessage(f"{what}: '{key}' must be 0 or more, got {value}")
    return value


def read_op(data: Any) -> Op:
    if not isinstance(data, dict):
        raise BadTabMessage("an op must be an object")
    kind = data.get("kind")
    tab, pid, wall = _get(data, "tab", str, "op"), _get(data, "pid", int, "op"), _get(data, "wall", NUMBER, "op")
    waiting = _get(data, "waiting", int, "op")
    if kind == "tick":
        return TickOp(tab, pid, wall, waiting)
    if kind == "action":
        step = data.get("step")
        if step is not None and (not isinstance(step, int) or isinstance(step, bool)):
            raise BadTabMessage("action op: 'step' must be int or null")
        return ActionOp(tab, pid, wall, _get(data, "name", str, "action op"),
                        _strings(data.get("fields"), "action op: 'fields'"), step, waiting)
    if kind == "request":
        facts = _get(data, "facts", dict, "request op")
        return RequestOp(tab, pid, wall, _get(data, "frame", str, "request op"), _get(data, "origin", str, "request op"),
                         FrameFacts(_get(facts, "name", str, "facts"), _get(facts, "visible", bool, "facts"),
                                    _get(facts, "frameState", str, "facts"), _get(facts, "lastActive", bool, "facts")),
                         _get(data, "request", str, "request op"), _get(data, "parameters", list, "request op"),
                         waiting)
    raise BadTabMessage(f"unknown op kind {kind!r:.40}")


def read_centre(data: Any) -> Centre:
    if not isinstance(data, dict):
        raise BadTabMessage("log: 'centre' must be an object or null")
    try:
        model = restore(data.get("model"))
    except BadSavedState as error:
        raise BadTabMessage(f"log: the centre's model: {error}") from None
    held = _get(data, "held", dict, "centre")
    player = _get(data, "player", dict, "centre")
    played = _get(player, "played", list, "player")
    if not all(isinstance(done, list) and len(done) == 2 and type(done[0]) is int and isinstance(done[1], (str, type(None)))
               for done in played):
        raise BadTabMessage("player: 'played' must list [index, refusal or null] pairs")
    if not all(isinstance(entry, list) and len(entry) == 2 and type(entry[0]) is int and isinstance(entry[1], list)
               and all(type(pid) is int for pid in entry[1]) for entry in held.values()):
        raise BadTabMessage("centre: 'held' must map each tab to [pid, [pids]]")
    return Centre(model, Mark(_count(player, "position", "player"), _strings(player.get("names"), "player: 'names'"),
                              tuple((index, refusal) for index, refusal in played)),
                  {tab: (low, tuple(pids)) for tab, (low, pids) in held.items()})


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
        return Sync(_get(data, "tab", str, "sync"), _count(data, "seq", "sync"), _get(data, "digest", str, "sync"))
    if kind == "log":
        ops = _get(data, "ops", list, "log")
        centre = data.get("centre")
        return Log(_get(data, "tab", str, "log"), _get(data, "born", NUMBER, "log"), _get(data, "to", str, "log"),
                   _count(data, "start", "log"), _get(data, "digest", str, "log"), tuple(read_op(op) for op in ops),
                   None if centre is None else read_centre(centre))
    raise BadTabMessage(f"unknown type {kind!r:.40}")
