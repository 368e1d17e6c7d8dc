"""The check pipeline: what a message from an attached frame goes through before it is answered
(docs/THREAT-MODEL.md; the host drops a message from no attached frame first).

Within the limits and well-formed? Origin listed? Then subscribe and unsubscribe pass; a request must also be
known, allowed by the origin's filter, under its rate limit, and write only the user-data keys the configuration
allows.
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from wwe.wire.messages import SUBSCRIBE, ClientMessage, ErrorReply, Malformed, Request, Unsubscribe
from wwe.wire.parse import parse, parse_oversize

from ..config import Config
from ..ratelimit import RateLimiter, Verdict, rate_limit_message
from ..userdata import write_refusal_message
from . import journal
from .contracts import FrameInfo


@dataclass(frozen=True)
class Refusal:
    """A message stopped by a check: its journal ``verdict`` and ``note``, and the ``reply`` (None: unanswered)."""

    verdict: str
    note: str
    reply: ErrorReply | None = None


def _refuse(message: ClientMessage, verdict: str, text: str) -> Refusal:
    """An error reply saying ``text`` (none for unsubscribe, which has no referenceId to answer)."""
    if isinstance(message, Unsubscribe):
        return Refusal(verdict, text)
    name = message.name if isinstance(message, Request) else SUBSCRIBE
    return Refusal(verdict, text, ErrorReply(name, message.reference_id, text))


class Checks:
    """The checks of one host: its configuration, the requests it knows (``aliases``: other spellings, counted as
    the request they are) and the rate limiter, on the host's clocks."""

    def __init__(self, config: Config, known_requests: Collection[str], aliases: Mapping[str, str],
                 clock: Callable[[], float], wall_clock: Callable[[], float]) -> None:
        self.config = config
        self.known_requests = known_requests
        self.aliases = dict(aliases)
        self.rate_limiter = RateLimiter(config.rate_limits)
        self.clock = clock
        self.wall_clock = wall_clock

    def check(self, frame: FrameInfo, origin: str, message: Any, excess: str | None) -> ClientMessage | Refusal:
        """The message from ``frame``, if it passes every check that applies to it; else why not. ``excess`` says
        which limit the message is over (``wire.limits.measure``), or is None."""
        parsed = parse_oversize(message, excess) if excess is not None else parse(message)
        if isinstance(parsed, Malformed):
            return Refusal(journal.MALFORMED, parsed.reason, parsed.reply())
        rule = self.config.origins.rule_for(origin)
        if rule is None:
            text = f"The origin '{origin}' is not allowed to use the Service Client API."
            return _refuse(parsed, journal.REFUSED_ORIGIN, text)
        if not isinstance(parsed, Request):
            return parsed
        if parsed.name not in self.known_requests:
            return _refuse(parsed, journal.ERROR, f"Unknown request '{parsed.name}'.")
        if not rule.allows(parsed.name):
            text = f"The request '{parsed.name}' is not allowed for the origin '{origin}'."
            return _refuse(parsed, journal.REFUSED_FILTER, text)
        counted = self.aliases.get(parsed.name, parsed.name)  # an alias counts as the request it is
        view = frame.name  # counts stay with the view when its frame reloads
        verdict = self.rate_limiter.check(view, counted, self.clock(), self.wall_clock())
        if verdict is Verdict.QUARANTINED:
            return Refusal(journal.QUARANTINED, "ignored during the quarantine")
        if verdict is Verdict.LIMITED:
            text = rate_limit_message(counted, self.config.rate_limits.quarantine_delay)
            return _refuse(parsed, journal.RATE_LIMITED, text)
        refused = self.config.user_data.refused_writes(parsed.name, parsed.parameters)
        if refused:
            return _refuse(parsed, journal.ERROR, write_refusal_message(refused))
        return parsed
