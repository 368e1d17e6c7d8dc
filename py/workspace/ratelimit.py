"""Fixed calendar-minute rate limits per frame and request name, with quarantine."""
from __future__ import annotations

import enum
import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field


class Verdict(enum.Enum):
    """What to do with one request."""

    ALLOWED = "allowed"
    LIMITED = "limited"          # the first refused request: answer with rate_limit_message()
    QUARANTINED = "quarantined"  # later refused requests: no answer at all


@dataclass(frozen=True)
class RateLimits:
    """``rate-limit`` (default of every request name), ``rate-limit.<request>`` and the quarantine delay.

    A limit of 0 means unlimited; a quarantine delay of 0 means until the end of the session.
    """

    default: int = 0
    per_request: Mapping[str, int] = field(default_factory=dict)
    quarantine_delay: int = 60

    def limit_for(self, request: str) -> int:
        """Requests of this name allowed per calendar minute (0 = unlimited)."""
        return self.per_request.get(request, self.default)


def rate_limit_message(request: str, quarantine_delay: int) -> str:
    """The errorMessage of the first refused request (decision D7)."""
    if quarantine_delay:
        ignored = f"for {quarantine_delay} seconds"
    else:
        ignored = "until the end of the session"
    return (f"The rate limit for the request '{request}' has been reached.\n"
            f"Further requests of the same type will be ignored {ignored}.")


@dataclass
class _Counter:
    minute: int
    count: int = 0
    quarantined_until: float | None = None


class RateLimiter:
    """Counts requests per (frame, request name) in fixed calendar minutes (decision D6).

    ``now`` is a monotonic time (quarantine), ``wall`` a Unix time (which minute it is). The count of a
    window resets when the wall-clock minute changes, and only then: a frame that comes out of quarantine
    within a minute it has already used up is refused (and quarantined) again.
    """

    def __init__(self, limits: RateLimits) -> None:
        self.limits = limits
        self._counters: dict[tuple[Hashable, str], _Counter] = {}

    def check(self, frame: Hashable, request: str, now: float, wall: float) -> Verdict:
        """Count one request and say whether it may go through."""
        limit = self.limits.limit_for(request)
        if limit == 0:
            return Verdict.ALLOWED
        minute = math.floor(wall / 60)
        counter = self._counters.setdefault((frame, request), _Counter(minute))
        if counter.quarantined_until is not None:
            if now < counter.quarantined_until:
                return Verdict.QUARANTINED
            counter.quarantined_until = None
        if counter.minute != minute:
            counter.minute, counter.count = minute, 0
        if counter.count < limit:
            counter.count += 1
            return Verdict.ALLOWED
        delay = self.limits.quarantine_delay
        counter.quarantined_until = now + delay if delay else math.inf
        return Verdict.LIMITED
