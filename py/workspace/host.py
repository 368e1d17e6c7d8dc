"""The simulated Agent Workspace page: frames, security checks, dispatch, replies and event routing (sans-I/O)."""
from __future__ import annotations

import json
import logging
import time
import types
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from wwe.protocol import MAX_JSON_CHARS, MAX_JSON_DEPTH, read_json

from . import inspector
from .config import Config
from .errors import RequestError
from .inspector import InspectorEntry
from .jwt import TokenIssuer
from .origins import JWT_REQUEST
from .ratelimit import RateLimiter, Verdict, rate_limit_message
from .userdata import write_refusal_message

USER_AGENT = "WWE Server"
PROTOCOL_VERSION = 2
ALLOWED_SERVICES_REQUEST = "system.getAllowedServices"
HOST_REQUESTS = frozenset({JWT_REQUEST, ALLOWED_SERVICES_REQUEST})
SUBSCRIBE, UNSUBSCRIBE = "subscribe", "unsubscribe"
EVENT_NAMES = frozenset({"agent", "interaction", "media", "system", "outbound", "markdone"})  # + messenger:<channel> (D15)
MESSENGER_PREFIX = "messenger:"
FRAME_STATES = ("LEADING", "FOLLOWING", "NEGOTIATING")
HIDDEN_VIEW_MODES = ("background", "hidden")
MAX_INSPECTOR_ENTRIES = 10_000
MAX_INSPECTOR_CHARS = 20_000_000  # ...and the JSON text of the messages it keeps, in characters
MAX_SUBSCRIPTIONS_PER_FRAME = 100

# Limits on incoming messages, in one place (docs/SIMULATOR.md "Limits", docs/THREAT-MODEL.md).
MAX_MESSAGE_CHARS = 1_000_000  # the JSON text of a message (as JSON.stringify writes it) may be this long
MAX_MESSAGE_DEPTH = 32         # objects and arrays may nest this deep (the message itself is level 1)
MAX_UNREAD_CHARS = MAX_JSON_CHARS  # the browser edge drops longer JSON texts without parsing them...
MAX_UNREAD_DEPTH = MAX_JSON_DEPTH  # ...and deeper ones (read_json_text; the client's limits, wwe.protocol)
MAX_ECHOED_CHARS = 256         # an oversize message is answered only if its referenceId is at most this long

logger = logging.getLogger(__name__)


class Outgoing(NamedTuple):
    """A message for one frame."""

    frame_id: str
    message: dict[str, Any]


@dataclass
class FrameInfo:
    """What the host knows of an attached frame (iframe or popup)."""

    frame_id: str
    name: str
    origin: str
    visible: bool = True
    frame_state: str = "LEADING"
    last_active: bool = True


@dataclass
class Context:
    """What a model handler sees: the caller (None for simulator actions), the time, the frames, emit()."""

    frame_id: str | None
    origin: str | None
    now: float
    wall: float
    frames: Mapping[str, FrameInfo]
    events: list[tuple[str, Any, str | None]] = field(default_factory=list)

    @property
    def frame(self) -> FrameInfo | None:
        """The calling frame."""
        return None if self.frame_id is None else self.frames.get(self.frame_id)

    def emit(self, event: str, data: Any, to: str | None = None) -> None:
        """Send an event to every frame subscribed to ``event`` (or only to frame ``to``, if it is subscribed)."""
        self.events.append((event, data, to))


class Model(Protocol):
    """The contact centre behind the host."""

    requests: Collection[str]  # the request names handle() answers
    aliases: Mapping[str, str]  # other spellings among them -> the request they are (sipEndpoint.* -> voice.*)

    def handle(self, request: str, parameters: list[Any], ctx: Context) -> Any:
        """Answer one request with its data, or raise RequestError(errorMessage)."""

    def tick(self, ctx: Context) -> None:
        """Run due timers (toast auto-close...), emitting events through ctx."""


@dataclass(frozen=True)
class _Request:
    name: str
    parameters: list[Any]
    reference_id: str


@dataclass(frozen=True)
class _Subscribe:
    names: list[str]
    reference_id: str


@dataclass(frozen=True)
class _Unsubscribe:
    subscription_id: str


@dataclass(frozen=True)
class _Malformed:
    reason: str
    request: str | None = None
    reference_id: str | None = None


@dataclass(frozen=True)
class _Outcome:
    verdict: str
    out: list[Outgoing]
    note: str = ""


class Host:
    """Plays Agent Workspace for the frames it embeds.

    Every incoming message goes through: frame known? well-formed? origin listed? request known? allowed by
    the origin's filter? under its rate limit? user-data writes allowed? Then the host answers it (auth.getJwtToken,
    system.getAllowedServices, subscribe, unsubscribe) or the model does. Everything sent is read-filtered.
    """

    def __init__(self, config: Config, model: Model | None = None,
                 clock: Callable[[], float] = time.monotonic, wall_clock: Callable[[], float] = time.time) -> None:
        if model is None:
            from .model import ContactCentre
            model = ContactCentre(config)
        self.config = config
        self.model = model
        self.known_requests = frozenset(model.requests) | HOST_REQUESTS
        self.aliases = dict(model.aliases)
        config.check_request_names(self.known_requests)
        self.clock = clock
        self.wall_clock = wall_clock
        self.rate_limiter = RateLimiter(config.rate_limits)
        self.tokens = TokenIssuer(config.jwt)
        self.inspector: list[InspectorEntry] = []
        self._inspector_chars = 0
        self._frames: dict[str, FrameInfo] = {}
        self._subscriptions: dict[str, tuple[str, frozenset[str]]] = {}
        self._subscription_count = 0
        self._frame_id_repeated: set[str] = set()

    @property
    def frames(self) -> Mapping[str, FrameInfo]:
        """The attached frames by id (read-only view)."""
        return types.MappingProxyType(self._frames)

    # -- frames ---------------------------------------------------------------------------------------------

    def attach_frame(self, frame_id: str, origin: str, name: str) -> list[Outgoing]:
        """Register a frame (``name`` is its web-content section, dialog name...) and send it its frameId."""
        if not isinstance(frame_id, str):
            raise TypeError(f"frame ids are strings, got {frame_id!r}")
        if frame_id in self._frames:
            raise ValueError(f"frame {frame_id!r} is already attached")
        hidden = any(view.section == name and view.mode in HIDDEN_VIEW_MODES for view in self.config.web_content)
        self._frames[frame_id] = FrameInfo(frame_id, name, origin, visible=not hidden)
        self.log_happening({"attach": frame_id, "origin": origin, "name": name})
        return self._log_out([_frame_id_message(frame_id)])

    def detach_frame(self, frame_id: str) -> list[Outgoing]:
        """Forget a frame (reloaded, removed): its subscriptions and everything else kept under its id. Its rate-limit
        counts stay with its view (``name``) for the session: a reload does not lift a quarantine."""
        if self._frames.pop(frame_id, None) is not None:
            self.log_happening({"detach": frame_id})
        self._frame_id_repeated.discard(frame_id)
        self._subscriptions = {sid: sub for sid, sub in self._subscriptions.items() if sub[0] != frame_id}
        return []

    def held_for(self, frame_id: str) -> dict[str, Any]:
        """What the host holds under ``frame_id`` (read-only, for the page and tests): whether it is attached, the
        event names of each of its subscriptions, whether its frameId was sent again."""
        return {"attached": frame_id in self._frames,
                "subscriptions": [sorted(names) for owner, names in self._subscriptions.values() if owner == frame_id],
                "frameIdRepeated": frame_id in self._frame_id_repeated}

    def update_frame(self, frame_id: str, *, visible: bool | None = None, frame_state: str | None = None,
                     last_active: bool | None = None) -> list[Outgoing]:
        """Change what a frame is; a new frame state is announced to it by a system event ``{"frameState": ...}``."""
        frame = self._frames[frame_id]
        if frame_state is not None and frame_state not in FRAME_STATES:
            raise ValueError(f"frame state must be one of {FRAME_STATES}, got {frame_state!r}")
        changes = {key: value for key, value in (("visible", visible), ("frame_state", frame_state),
                                                 ("last_active", last_active))
                   if value is not None and getattr(frame, key) != value}
        if not changes:
            return []
        self.log_happening({"update": frame_id, **changes})
        for key, value in changes.items():
            setattr(frame, key, value)
        if "frame_state" not in changes:
            return []
        return self._log_out(self._route([("system", {"frameState": frame_state}, frame_id)]))

    # -- messages -------------------------------------------------------------------------------------------

    def receive(self, frame_id: str | None, origin: str, message: Any) -> list[Outgoing]:
        """Handle one postMessage from ``origin`` (MessageEvent.origin); never raises for any message."""
        wall = self.wall_clock()
        chars, excess = _measure(message)
        outcome = self._outcome(frame_id, origin, message, excess)
        logged = message if excess is None else f"<message refused unread: {excess}>"  # keep the log small
        self._log(InspectorEntry(wall, "in", origin, frame_id, logged, outcome.verdict, outcome.note,
                                 chars if excess is None else len(logged)))
        answered = outcome.out and outcome.verdict != inspector.MALFORMED  # never break a silence
        repeat = self._repeat_frame_id(frame_id, message) if answered else []
        return self._log_out(repeat + outcome.out)

    def _repeat_frame_id(self, frame_id: str | None, message: Any) -> list[Outgoing]:
        """The frameId again, once, to a frame whose message does not carry it: the one sent at attach time may
        have reached the page before its script listened (Pyodide boots after the page's load event)."""
        if frame_id not in self._frames or frame_id in self._frame_id_repeated or not isinstance(message, dict) \
                or message.get("frameId") == frame_id:
            return []
        self._frame_id_repeated.add(frame_id)
        return [_frame_id_message(frame_id)]

    def tick(self) -> list[Outgoing]:
        """Let the model run its timers."""
        return self.perform(self.model.tick)

    def perform(self, action: Callable[[Context], Any]) -> list[Outgoing]:
        """Run a simulator-side action on the model (a button on the simulator page) and route its events.

        An exception from ``action`` propagates and its events are not routed: an action that may be refused
        catches the refusal itself (as ``panel.run`` does) so that what it emitted before still goes out."""
        ctx = self._context(None, None)
        action(ctx)
        return self._log_out(self._route(ctx.events))

    def log_happening(self, happening: dict[str, Any], refusal: str | None = None) -> None:
        """Record a happening on the page (see InspectorEntry) so that a replay can do it again."""
        verdict = inspector.DONE if refusal is None else inspector.REFUSED
        self._log(InspectorEntry(self.wall_clock(), inspector.HOST, None, None, happening, verdict, refusal or ""))

    def allowed_requests(self, origin: str) -> list[str] | None:
        """The request names ``origin`` may send, sorted; None if the origin is not listed."""
        rule = self.config.origins.rule_for(origin)
        return None if rule is None else sorted(name for name in self.known_requests if rule.allows(name))

    # -- internals ------------------------------------------------------------------------------------------

    def _outcome(self, frame_id: str | None, origin: str, message: Any, excess: str | None) -> _Outcome:
        if not isinstance(frame_id, str) or frame_id not in self._frames:
            return _Outcome(inspector.UNKNOWN_FRAME, [], "not from an attached frame")
        parsed = _oversize(message, excess) if excess is not None else _parse(message)
        if isinstance(parsed, _Malformed):
            if parsed.reference_id is None:
                return _Outcome(inspector.MALFORMED, [], parsed.reason)
            reply = _error(parsed.request, parsed.reference_id, f"Malformed message: {parsed.reason}.")
            return _Outcome(inspector.MALFORMED, [Outgoing(frame_id, reply)], parsed.reason)
        rule = self.config.origins.rule_for(origin)
        if rule is None:
            text = f"The origin '{origin}' is not allowed to use the Service Client API."
            return self._refuse(frame_id, parsed, inspector.REFUSED_ORIGIN, text)
        if isinstance(parsed, _Subscribe):
            return self._subscribe(frame_id, parsed)
        if isinstance(parsed, _Unsubscribe):
            return self._unsubscribe(frame_id, parsed)
        if parsed.name not in self.known_requests:
            return self._refuse(frame_id, parsed, inspector.ERROR, f"Unknown request '{parsed.name}'.")
        if not rule.allows(parsed.name):
            text = f"The request '{parsed.name}' is not allowed for the origin '{origin}'."
            return self._refuse(frame_id, parsed, inspector.REFUSED_FILTER, text)
        counted = self.aliases.get(parsed.name, parsed.name)  # an alias counts as the request it is
        view = self._frames[frame_id].name  # counts stay with the view when its frame reloads
        verdict = self.rate_limiter.check(view, counted, self.clock(), self.wall_clock())
        if verdict is Verdict.QUARANTINED:
            return _Outcome(inspector.QUARANTINED, [], "ignored during the quarantine")
        if verdict is Verdict.LIMITED:
            text = rate_limit_message(counted, self.config.rate_limits.quarantine_delay)
            return self._refuse(frame_id, parsed, inspector.RATE_LIMITED, text)
        refused = self.config.user_data.refused_writes(parsed.name, parsed.parameters)
        if refused:
            return self._refuse(frame_id, parsed, inspector.ERROR, write_refusal_message(refused))
        return self._dispatch(frame_id, origin, parsed)

    def _refuse(self, frame_id: str, parsed: _Request | _Subscribe | _Unsubscribe, verdict: str,
                text: str) -> _Outcome:
        """An error reply (none for unsubscribe, which has no referenceId to answer)."""
        if isinstance(parsed, _Unsubscribe):
            return _Outcome(verdict, [], text)
        name = parsed.name if isinstance(parsed, _Request) else SUBSCRIBE
        return _Outcome(verdict, [Outgoing(frame_id, _error(name, parsed.reference_id, text))], text)

    def _dispatch(self, frame_id: str, origin: str, request: _Request) -> _Outcome:
        ctx = self._context(frame_id, origin)
        try:
            data = self.config.user_data.filter(self._answer(request, ctx))
            reply = _reply(request.name, request.reference_id, data)
            verdict, note = inspector.ANSWERED, ""
        except RequestError as error:
            reply = _error(request.name, request.reference_id, str(error))
            verdict, note = inspector.ERROR, str(error)
        except Exception as error:  # a model bug must not kill the page: answer it and log the traceback
            logger.exception("model failed on %s", request.name)
            note = f"Internal simulator error: {type(error).__name__}: {error}"
            reply = _error(request.name, request.reference_id, note)
            verdict = inspector.ERROR
        return _Outcome(verdict, [Outgoing(frame_id, reply), *self._route(ctx.events)], note)

    def _answer(self, request: _Request, ctx: Context) -> Any:
        """The data of a successful reply: the host's own requests, else the model's."""
        if request.name == JWT_REQUEST:
            return self.tokens.token(ctx.wall, self._token_subject(ctx))
        if request.name == ALLOWED_SERVICES_REQUEST:
            return self.allowed_requests(ctx.origin)
        return self.model.handle(request.name, request.parameters, ctx)

    def _token_subject(self, ctx: Context) -> dict[str, Any]:
        """JWT claims naming the agent, from the model's agent.get."""
        agent = self.model.handle("agent.get", [], ctx)
        return {"sub": str(agent.get("username", "")), "employeeId": str(agent.get("employeeId", ""))}

    def _subscribe(self, frame_id: str, parsed: _Subscribe) -> _Outcome:
        """Subscribe to every name given; a name no event has is kept (it never receives one) and marked (D15)."""
        if sum(owner == frame_id for owner, _ in self._subscriptions.values()) >= MAX_SUBSCRIPTIONS_PER_FRAME:
            text = f"Too many subscriptions: a frame may hold {MAX_SUBSCRIPTIONS_PER_FRAME}; unsubscribe first."
            return self._refuse(frame_id, parsed, inspector.ERROR, text)
        self._subscription_count += 1
        subscription_id = str(self._subscription_count)
        self._subscriptions[subscription_id] = (frame_id, frozenset(parsed.names))
        reply = {"request": SUBSCRIBE, "referenceId": parsed.reference_id, "subscriptionId": subscription_id,
                 "data": list(parsed.names), "userAgent": USER_AGENT, "protocolVersion": PROTOCOL_VERSION}
        unknown = [name for name in dict.fromkeys(parsed.names) if not _is_event_name(name)]
        note = "; ".join(f"unknown event name {_excerpt(name)}" for name in unknown)
        return _Outcome(inspector.ANSWERED, [Outgoing(frame_id, reply)], note)

    def _unsubscribe(self, frame_id: str, parsed: _Unsubscribe) -> _Outcome:
        subscription = self._subscriptions.get(parsed.subscription_id)
        if subscription is None or subscription[0] != frame_id:
            return _Outcome(inspector.ERROR, [], f"no subscription {parsed.subscription_id!r} for this frame")
        del self._subscriptions[parsed.subscription_id]
        return _Outcome(inspector.ANSWERED, [])

    def _route(self, events: list[tuple[str, Any, str | None]]) -> list[Outgoing]:
        """Turn emitted events into messages for their subscribers, read-filtered (except messenger payloads)."""
        out = []
        for name, data, to in events:
            if not name.startswith(MESSENGER_PREFIX):
                data = self.config.user_data.filter(data)
            message = {"event": name, "data": data, "userAgent": USER_AGENT, "protocolVersion": PROTOCOL_VERSION}
            out.extend(Outgoing(frame_id, message) for frame_id in self._subscribers(name) if to in (None, frame_id))
        return out

    def _subscribers(self, event: str) -> list[str]:
        """Frames subscribed to ``event``, each once, in subscription order."""
        frames = (frame_id for frame_id, names in self._subscriptions.values() if event in names)
        return list(dict.fromkeys(frames))

    def _context(self, frame_id: str | None, origin: str | None) -> Context:
        return Context(frame_id, origin, self.clock(), self.wall_clock(), self.frames)

    def _log_out(self, out: list[Outgoing]) -> list[Outgoing]:
        """Record outgoing messages in the inspector and hand them back."""
        wall = self.wall_clock()
        for frame_id, message in out:
            frame = self._frames.get(frame_id)
            kind = inspector.EVENT if "event" in message else inspector.REPLY if "referenceId" in message \
                else inspector.FRAME_ID
            chars = len(json.dumps(message, default=repr))
            self._log(InspectorEntry(wall, "out", frame.origin if frame else None, frame_id, message, kind, "", chars))
        return out

    def _log(self, entry: InspectorEntry) -> None:
        """Keep ``entry``, then forget the oldest entries past MAX_INSPECTOR_ENTRIES or MAX_INSPECTOR_CHARS."""
        self.inspector.append(entry)
        self._inspector_chars += entry.chars
        drop = max(len(self.inspector) - MAX_INSPECTOR_ENTRIES, 0)
        dropped_chars = sum(old.chars for old in self.inspector[:drop])
        while self._inspector_chars - dropped_chars > MAX_INSPECTOR_CHARS and drop < len(self.inspector) - 1:
            dropped_chars += self.inspector[drop].chars
            drop += 1
        if drop:
            del self.inspector[:drop]
            self._inspector_chars -= dropped_chars


def _is_event_name(name: str) -> bool:
    return name in EVENT_NAMES or (name.startswith(MESSENGER_PREFIX) and len(name) > len(MESSENGER_PREFIX))


def over_limits(message: Any) -> str | None:
    """Why ``message`` exceeds MAX_MESSAGE_CHARS or MAX_MESSAGE_DEPTH, or None if it does not."""
    return _measure(message)[1]


def _measure(message: Any) -> tuple[int, str | None]:
    """The length of ``message`` as compact JSON text (close to what JSON.stringify writes; anything JSON cannot
    hold counts as its repr()), and why it exceeds MAX_MESSAGE_CHARS or MAX_MESSAGE_DEPTH, or None.

    Walks the message without recursion and stops as soon as a limit is passed, so a message of any size or
    depth (even a Python object that contains itself) costs at most about MAX_MESSAGE_CHARS steps.
    """
    size = 0
    stack: list[tuple[Any, int]] = [(message, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list, tuple)):
            if depth > MAX_MESSAGE_DEPTH:
                return size, f"nested deeper than {MAX_MESSAGE_DEPTH} levels"
            size += 2 + max(len(value) - 1, 0) + (len(value) if isinstance(value, dict) else 0)  # brackets , :
            if size > MAX_MESSAGE_CHARS:
                break
            if isinstance(value, dict):
                for key, item in value.items():
                    size += _scalar_chars(key) + (0 if isinstance(key, str) else 2)  # JSON quotes other keys
                    stack.append((item, depth + 1))
            else:
                stack.extend((item, depth + 1) for item in value)
        else:
            size += _scalar_chars(value)
        if size > MAX_MESSAGE_CHARS:
            break
    return size, f"larger than {MAX_MESSAGE_CHARS} characters" if size > MAX_MESSAGE_CHARS else None


def _scalar_chars(value: Any) -> int:
    """The length of one scalar in JSON text."""
    if isinstance(value, str):
        return len(value) + 2 if len(value) > MAX_MESSAGE_CHARS else len(json.dumps(value, ensure_ascii=False))
    if value is None or value is True:
        return 4
    if value is False:
        return 5
    if isinstance(value, int):  # bounded work: str() of a huge int is slow (and refused past 4300 digits)
        return len(str(value)) if value.bit_length() < 1000 else value.bit_length() * 30103 // 100000 + 1
    if isinstance(value, float):
        return len(json.dumps(value))
    try:
        return len(repr(value))
    except Exception:  # an object whose repr fails (only Python callers can pass one)
        return MAX_MESSAGE_CHARS + 1


def read_json_text(text: str) -> Any:
    """An incoming message as Python, from its JSON text (what the browser edge gets from JSON.stringify).

    A text longer than MAX_UNREAD_CHARS or nested deeper than MAX_UNREAD_DEPTH is not parsed (the client's limits,
    ``wwe.protocol.read_json``): it becomes a description string, which receive() drops as malformed.
    """
    try:
        return read_json(text)
    except ValueError as error:  # refused unread, or not JSON.stringify's output
        return f"<{error}>" if str(error).startswith("message ") else f"<unreadable message: {error}>"


def _oversize(message: Any, excess: str) -> _Malformed:
    """A message over the limits is not read further; it is answered only when its referenceId is a short
    string (the reply must stay small), naming its request only when that is a short string too."""
    def short(value: Any) -> str | None:
        return value if isinstance(value, str) and len(value) <= MAX_ECHOED_CHARS else None
    if not isinstance(message, dict) or message.get("event") == UNSUBSCRIBE:  # unsubscribe is never answered
        return _Malformed(excess)
    request = short(message.get("request"))
    if request is None and message.get("event") == SUBSCRIBE:
        request = SUBSCRIBE
    return _Malformed(excess, request, short(message.get("referenceId")))


def _parse(message: Any) -> _Request | _Subscribe | _Unsubscribe | _Malformed:
    """Classify an incoming message by the official client's shapes (SPEC-NOTES §11)."""
    if not isinstance(message, dict):
        return _Malformed(f"expected an object, got {type(message).__name__}")
    reference_id = message.get("referenceId")
    answerable = reference_id if isinstance(reference_id, str) else None  # only a string can be answered
    event = message.get("event")
    if event is not None:
        return _parse_event(message, event, answerable)
    request = message.get("request")
    if request is None:
        return _Malformed("neither 'request' nor 'event'", None, answerable)
    if not isinstance(request, str) or not request:
        return _Malformed("'request' must be a non-empty string", None, answerable)
    if answerable is None:
        return _Malformed("'referenceId' must be a string", request)
    parameters = message.get("parameters")
    if parameters is None:  # no key (the official client's no-argument methods) or null: no parameters (D3)
        return _Request(request, [], answerable)
    if not isinstance(parameters, list):
        return _Malformed(f"'parameters' must be an array, got {_json_type(parameters)}", request, answerable)
    return _Request(request, parameters, answerable)


def _parse_event(message: dict[str, Any], event: Any, answerable: str | None) -> _Subscribe | _Unsubscribe | _Malformed:
    data = message.get("data")
    if event == UNSUBSCRIBE:
        if not isinstance(data, str):
            return _Malformed("'data' of unsubscribe must be a subscriptionId string")
        return _Unsubscribe(data)
    if event != SUBSCRIBE:
        return _Malformed(f"unknown event {_excerpt(event)} (expected subscribe or unsubscribe)", None, answerable)
    if answerable is None:
        return _Malformed("'referenceId' must be a string", SUBSCRIBE)
    names = [data] if isinstance(data, str) else data
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        return _Malformed("'data' of subscribe must be a name or a non-empty array of names", SUBSCRIBE, answerable)
    return _Subscribe(names, answerable)


def _json_type(value: Any) -> str:
    """The JSON name of a value's type, for error texts."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return {str: "a string", dict: "an object"}.get(type(value), type(value).__name__)


def _excerpt(value: Any, limit: int = 60) -> str:
    """repr() of a value for an error text, cut to ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit - 1]}…"


def _frame_id_message(frame_id: str) -> Outgoing:
    """Tells a frame its id: a host message with ``frameId`` and neither ``event`` nor ``referenceId``."""
    return Outgoing(frame_id, {"frameId": frame_id, "userAgent": USER_AGENT, "protocolVersion": PROTOCOL_VERSION})


def _reply(request: str | None, reference_id: str, data: Any) -> dict[str, Any]:
    return {"request": request, "referenceId": reference_id, "data": data,
            "userAgent": USER_AGENT, "protocolVersion": PROTOCOL_VERSION}


def _error(request: str | None, reference_id: str, text: str) -> dict[str, Any]:
    return {"request": request, "referenceId": reference_id, "errorMessage": text,
            "userAgent": USER_AGENT, "protocolVersion": PROTOCOL_VERSION}
