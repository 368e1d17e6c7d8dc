"""``Host``: plays Agent Workspace for the frames it embeds (sans-I/O)."""
from __future__ import annotations

import json
import logging
import time
import traceback
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from wwe import notebook
from wwe.wire.limits import measure
from wwe.wire.messages import (SUBSCRIBE, ErrorReply, Event, FrameIdAssignment, Reply, Request, Subscribe,
                               SubscribeReply)
from wwe.wire.parse import excerpt

from ..config import Config
from ..errors import RequestError
from ..jwt import TokenIssuer
from ..origins import JWT_REQUEST
from . import journal
from .cells import cell_verdict
from .checks import Checks, Refusal
from .contracts import FRAME_STATES, HIDDEN_VIEW_MODES, Context, FrameInfo, Model, Outgoing
from .journal import InspectorEntry, Journal
from .page_events import Attached, Detached, PageEvent, Updated
from .subscriptions import MAX_SUBSCRIPTIONS_PER_FRAME, MESSENGER_PREFIX, Subscriptions, is_event_name

ALLOWED_SERVICES_REQUEST = "system.getAllowedServices"
HOST_REQUESTS = frozenset({JWT_REQUEST, ALLOWED_SERVICES_REQUEST})
RELAYED = "relayed"  # an outcome, never a verdict: the request waits in Host.relayed

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Relayed:
    """A frame's request that passed the checks, held for the contact centre the tabs share (``Host.relayed``)."""

    frame_id: str
    origin: str
    message: Any
    request: Request


@dataclass(frozen=True)
class _Outcome:
    verdict: str
    out: list[Outgoing]
    note: str = ""


class Host:
    """Plays Agent Workspace for the frames it embeds.

    Every incoming message goes through the checks (``checks.Checks``). Then the host answers it (auth.getJwtToken,
    system.getAllowedServices, subscribe, unsubscribe) or the model does. Everything sent is read-filtered and
    recorded in the journal (``inspector``), with what the page did.
    """

    def __init__(self, config: Config, model: Model | None = None,
                 clock: Callable[[], float] = time.monotonic, wall_clock: Callable[[], float] = time.time) -> None:
        if model is None:
            from ..model import ContactCentre
            model = ContactCentre(config)
        self.config = config
        self.model = model
        self.known_requests = frozenset(model.requests) | HOST_REQUESTS
        config.check_request_names(self.known_requests)
        self.clock = clock
        self.wall_clock = wall_clock
        self.checks = Checks(config, self.known_requests, model.aliases, clock, wall_clock)
        self.tokens = TokenIssuer(config.jwt)
        self.journal = Journal()
        self.subscriptions = Subscriptions()
        self._frames: dict[str, FrameInfo] = {}
        self._frame_id_repeated: set[str] = set()
        self.relayed: list[Relayed] | None = None
        """None: the model answers at once. A list: requests for the model wait there, unanswered and not journaled,
        until ``answer`` (the simulator page shares one contact centre between its tabs: workspace.sharing)."""

    @property
    def frames(self) -> Mapping[str, FrameInfo]:
        """The attached frames by id (read-only view)."""
        return types.MappingProxyType(self._frames)

    @property
    def inspector(self) -> list[InspectorEntry]:
        """The journal's entries, oldest first."""
        return self.journal.entries

    # -- frames ---------------------------------------------------------------------------------------------

    def attach_frame(self, frame_id: str, origin: str, name: str) -> list[Outgoing]:
        """Register a frame (``name`` is its web-content section, dialog name...) and send it its frameId."""
        if not isinstance(frame_id, str):
            raise TypeError(f"frame ids are strings, got {frame_id!r}")
        if frame_id in self._frames:
            raise ValueError(f"frame {frame_id!r} is already attached")
        hidden = any(view.section == name and view.mode in HIDDEN_VIEW_MODES for view in self.config.web_content)
        self._frames[frame_id] = FrameInfo(frame_id, name, origin, visible=not hidden)
        self.log_page_event(Attached(frame_id, origin, name))
        return self._log_out([Outgoing.of(frame_id, FrameIdAssignment(frame_id))])

    def detach_frame(self, frame_id: str) -> list[Outgoing]:
        """Forget a frame (reloaded, removed): its subscriptions and everything else kept under its id. Its rate-limit
        counts stay with its view (``name``) for the session: a reload does not lift a quarantine."""
        if self._frames.pop(frame_id, None) is not None:
            self.log_page_event(Detached(frame_id))
        self._frame_id_repeated.discard(frame_id)
        self.subscriptions.forget(frame_id)
        return []

    def held_for(self, frame_id: str) -> dict[str, Any]:
        """What the host holds under ``frame_id`` (read-only, for the page and tests): whether it is attached, the
        event names of each of its subscriptions, whether its frameId was sent again."""
        return {"attached": frame_id in self._frames, "subscriptions": self.subscriptions.names_of(frame_id),
                "frameIdRepeated": frame_id in self._frame_id_repeated}

    def update_frame(self, frame_id: str, *, visible: bool | None = None, frame_state: str | None = None,
                     last_active: bool | None = None) -> list[Outgoing]:
        """Change what a frame is; a new frame state is announced to it by a system event ``{"frameState": ...}``."""
        frame = self._frames[frame_id]
        if frame_state is not None and frame_state not in FRAME_STATES:
            raise ValueError(f"frame state must be one of {FRAME_STATES}, got {frame_state!r}")
        asked: dict[str, Any] = {"visible": visible, "frame_state": frame_state, "last_active": last_active}
        changes = {key: value for key, value in asked.items() if value is not None and getattr(frame, key) != value}
        if not changes:
            return []
        self.log_page_event(Updated(frame_id, **changes))
        for key, value in changes.items():
            setattr(frame, key, value)
        if "frame_state" not in changes:
            return []
        return self._log_out(self._route([("system", {"frameState": frame_state}, frame_id)]))

    # -- messages -------------------------------------------------------------------------------------------

    def receive(self, frame_id: str | None, origin: str, message: Any) -> list[Outgoing]:
        """Handle one postMessage from ``origin`` (MessageEvent.origin); never raises for any message."""
        wall = self.wall_clock()
        chars, excess = measure(message)
        outcome = self._outcome(frame_id, origin, message, excess)
        if outcome.verdict == RELAYED:
            return []
        logged = message if excess is None else f"<message refused unread: {excess}>"  # keep the log small
        self.journal.add(InspectorEntry(wall, "in", origin, frame_id, logged, outcome.verdict, outcome.note,
                                        chars if excess is None else len(logged)))
        answered = outcome.out and outcome.verdict != journal.MALFORMED  # never break a silence
        repeat = self._repeat_frame_id(frame_id, message) if answered else []
        return self._log_out(repeat + outcome.out)

    def _repeat_frame_id(self, frame_id: str | None, message: Any) -> list[Outgoing]:
        """The frameId again, once, to a frame whose message does not carry it: the one sent at attach time may
        have reached the page before its script listened (Pyodide boots after the page's load event)."""
        if frame_id not in self._frames or frame_id in self._frame_id_repeated or not isinstance(message, dict) \
                or message.get("frameId") == frame_id:
            return []
        self._frame_id_repeated.add(frame_id)
        return [Outgoing.of(frame_id, FrameIdAssignment(frame_id))]

    def answer(self, relayed: Relayed, at: float) -> list[Outgoing]:
        """Answer a relayed request of one of this host's frames now, the model's time being ``at``: journaled and
        replied to as ``receive`` would have."""
        chars, _ = measure(relayed.message)
        outcome = self._dispatch(relayed.frame_id, relayed.origin, relayed.request, at)
        self.journal.add(InspectorEntry(self.wall_clock(), "in", relayed.origin, relayed.frame_id, relayed.message,
                                        outcome.verdict, outcome.note, chars))
        return self._log_out(self._repeat_frame_id(relayed.frame_id, relayed.message) + outcome.out)

    def answer_other(self, frame: FrameInfo, origin: str, request: Request, at: float, quiet: bool = False
                     ) -> list[Outgoing]:
        """Apply the request of a frame of another tab (``frame``: what it is there, under an id no frame of this
        host has) to the model at ``at``: only the events go out (none when ``quiet``); nothing is journaled but them."""
        outcome = self._dispatch(frame.frame_id, origin, request, at, frame)
        return [] if quiet else self._log_out([out for out in outcome.out if out.frame_id != frame.frame_id])

    def tick(self, at: float | None = None) -> list[Outgoing]:
        """Let the model run its timers (``at``: the model's time, default the clock)."""
        return self.perform(self.model.tick, at)

    def perform(self, action: Callable[[Context], Any], at: float | None = None) -> list[Outgoing]:
        """Run a simulator-side action on the model (a button on the simulator page) and route its events.

        An exception from ``action`` propagates and its events are not routed: an action that may be refused
        catches the refusal itself (as ``panel.run`` does) so that what it emitted before still goes out."""
        ctx = self._context(None, None, at)
        action(ctx)
        return self._log_out(self._route(ctx.events))

    def log_page_event(self, event: PageEvent, refusal: str | None = None) -> None:
        """Record what the page did (``page_events``) so that a replay can do it again."""
        self.journal.page_event(self.wall_clock(), event, refusal)

    def log_replayed(self, frame_id: str, message: Any, note: str) -> None:
        """Record a message a replay posted to an attached frame (verdict ``replayed``; a check skips it)."""
        self.journal.replayed(self.wall_clock(), self._frames[frame_id], message, note)

    def allowed_requests(self, origin: str) -> list[str] | None:
        """The request names ``origin`` may send, sorted; None if the origin is not listed."""
        rule = self.config.origins.rule_for(origin)
        return None if rule is None else sorted(name for name in self.known_requests if rule.allows(name))

    # -- internals ------------------------------------------------------------------------------------------

    def _outcome(self, frame_id: str | None, origin: str, message: Any, excess: str | None) -> _Outcome:
        frame = self._frames.get(frame_id) if isinstance(frame_id, str) else None
        if frame is None:
            return _Outcome(journal.UNKNOWN_FRAME, [], "not from an attached frame")
        if notebook.is_cell_text(message):  # a playground's cell, kept or refused; never answered (P7)
            verdict, note = cell_verdict(self.config, frame, origin, message, excess)
            return _Outcome(verdict, [], note)
        checked = self.checks.check(frame, origin, message, excess)
        if isinstance(checked, Refusal):
            out = [] if checked.reply is None else [Outgoing.of(frame.frame_id, checked.reply)]
            return _Outcome(checked.verdict, out, checked.note)
        if isinstance(checked, Subscribe):
            return self._subscribe(frame.frame_id, checked)
        if isinstance(checked, Request):
            if self.relayed is not None and checked.name not in HOST_REQUESTS:
                self.relayed.append(Relayed(frame.frame_id, origin, message, checked))
                return _Outcome(RELAYED, [])
            return self._dispatch(frame.frame_id, origin, checked)
        if not self.subscriptions.remove(frame.frame_id, checked.subscription_id):
            return _Outcome(journal.ERROR, [], f"no subscription {checked.subscription_id!r} for this frame")
        return _Outcome(journal.ANSWERED, [])

    def _dispatch(self, frame_id: str, origin: str, request: Request, at: float | None = None,
                  other: FrameInfo | None = None) -> _Outcome:
        ctx = self._context(frame_id, origin, at, other)
        reply: Reply | ErrorReply
        try:
            data = self.config.user_data.filter(self._answer(request, ctx))
            json.dumps(data, allow_nan=False)  # what the page cannot post (a date, nan) fails here, not unanswered
            reply = Reply(request.name, request.reference_id, data)
            verdict, note = journal.ANSWERED, ""
        except RequestError as error:
            reply = ErrorReply(request.name, request.reference_id, str(error))
            verdict, note = journal.ERROR, str(error)
        except Exception as error:  # a bug of ours must not leave the request unanswered: answer it, show what raised
            logger.exception("failed answering %s", request.name)
            text = f"Internal simulator error answering {request.name}: {type(error).__name__}: {error}"
            reply = ErrorReply(request.name, request.reference_id, text)
            verdict, note = journal.ERROR, f"{text} (raised at {raised_at(error)})"
        return _Outcome(verdict, [Outgoing.of(frame_id, reply), *self._route(ctx.events)], note)

    def _answer(self, request: Request, ctx: Context) -> Any:
        """The data of a successful reply: the host's own requests, else the model's."""
        if request.name == JWT_REQUEST:
            return self.tokens.token(ctx.wall, self._token_subject(ctx))
        if request.name == ALLOWED_SERVICES_REQUEST:
            return None if ctx.origin is None else self.allowed_requests(ctx.origin)
        return self.model.handle(request.name, request.parameters, ctx)

    def _token_subject(self, ctx: Context) -> dict[str, Any]:
        """JWT claims naming the agent, from the model's agent.get."""
        agent = self.model.handle("agent.get", [], ctx)
        return {"sub": str(agent.get("username", "")), "employeeId": str(agent.get("employeeId", ""))}

    def _subscribe(self, frame_id: str, subscribe: Subscribe) -> _Outcome:
        """Subscribe to every name given; a name no event has is kept (it never receives one) and marked (D15)."""
        names = subscribe.names
        subscription_id = self.subscriptions.add(frame_id, names)
        if subscription_id is None:
            text = f"Too many subscriptions: a frame may hold {MAX_SUBSCRIPTIONS_PER_FRAME}; unsubscribe first."
            return _Outcome(journal.ERROR, [Outgoing.of(frame_id, ErrorReply(SUBSCRIBE, subscribe.reference_id, text))],
                            text)
        reply = SubscribeReply(subscribe.reference_id, subscription_id, names)
        unknown = [name for name in dict.fromkeys(names) if not is_event_name(name)]
        note = "; ".join(f"unknown event name {excerpt(name)}" for name in unknown)
        return _Outcome(journal.ANSWERED, [Outgoing.of(frame_id, reply)], note)

    def _route(self, events: list[tuple[str, Any, str | None]]) -> list[Outgoing]:
        """Turn emitted events into messages for their subscribers, read-filtered (except messenger payloads)."""
        out: list[Outgoing] = []
        for name, data, to in events:
            if not name.startswith(MESSENGER_PREFIX):
                data = self.config.user_data.filter(data)
            message = Event(name, data).to_wire()
            out.extend(Outgoing(frame_id, message) for frame_id in self.subscriptions.subscribers(name)
                       if to in (None, frame_id))
        return out

    def _context(self, frame_id: str | None, origin: str | None, at: float | None = None,
                 other: FrameInfo | None = None) -> Context:
        """``at``: the model's time (monotonic and wall) when the tabs share it; ``other``: a frame of another tab."""
        frames = self.frames if other is None else types.MappingProxyType({**self._frames, other.frame_id: other})
        if at is None:
            return Context(frame_id, origin, self.clock(), self.wall_clock(), frames)
        return Context(frame_id, origin, at, at, frames)

    def _log_out(self, out: list[Outgoing]) -> list[Outgoing]:
        """Record outgoing messages in the journal and hand them back."""
        return self.journal.outgoing(self.wall_clock(), out, self._frames)


def raised_at(error: BaseException) -> str:
    """Where ``error`` was raised: ``file:line in function`` of the innermost frame."""
    frames = traceback.extract_tb(error.__traceback__)
    return f"{frames[-1].filename}:{frames[-1].lineno} in {frames[-1].name}" if frames else "unknown place"
