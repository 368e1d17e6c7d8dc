"""Each tab's copy of the contact centre's log (sans-I/O): which ops to apply, in which order, and what to tell the
other tabs.

The leader tab numbers the ops (``seq`` 1, 2, ...): its own at once, the followers' when their ``Propose`` comes,
each applied in the leader's tab and broadcast as ``Applied``. A follower applies ``Applied`` ops in order; it asks
for the leader's whole log (``Sync``) when it starts following, when a number is missing, or when ops come from a
tab it does not follow, and re-sends its unanswered proposals every ``RETRY_SECONDS`` (the leader ignores the ones it
already applied). A tab alone leads its own log from the start: when it learns that it follows, the leader's log
replaces its own (the ops of its own that the leader's log does not hold are dropped, with a log line). Two leaders
(a partition healed): the older tab (``born``, then tab id, as the election) keeps leading, the other follows.

Every method returns an ``Outcome``: start again from a fresh centre (``rebuild``), the ops to apply in order, the
messages to broadcast, the log lines saying what was ignored and why.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .messages import Applied, BadTabMessage, Log, Op, Propose, Sync, read

RETRY_SECONDS = 0.5


@dataclass(frozen=True)
class Apply:
    """Apply ``op``; ``quiet``: rebuilding from a log, send the frames nothing (they had it, or are new)."""

    op: Op
    quiet: bool = False


@dataclass(frozen=True)
class Outcome:
    rebuild: bool = False
    apply: tuple[Apply, ...] = ()
    send: tuple[Propose | Applied | Sync | Log, ...] = ()
    log: tuple[str, ...] = ()

    def __add__(self, other: Outcome) -> Outcome:
        return Outcome(self.rebuild or other.rebuild, self.apply + other.apply, self.send + other.send,
                       self.log + other.log)


class Replica:
    """Tab ``tab`` (started at ``born``, as in the election). ``leading``: this tab numbers the ops."""

    def __init__(self, tab: str, born: float) -> None:
        self.tab, self.born = tab, born
        self.leading = True
        self.leader = tab               # the tab whose ops this tab applies
        self.synced = True              # False: waiting for the leader's log
        self.log: list[Op] = []
        self.pending: dict[int, Op] = {}  # this tab's proposals not applied yet, by pid
        self._keys: set[tuple[str, int]] = set()
        self._pid = 0
        self._retry_at = 0.0

    @property
    def seq(self) -> int:
        """How many ops this tab applied."""
        return len(self.log)

    def next_pid(self) -> int:
        """The number of this tab's next proposal."""
        self._pid += 1
        return self._pid

    # -- this tab ---------------------------------------------------------------------------------------------

    def propose(self, op: Op, now: float) -> Outcome:
        """An op of this tab: applied at once by a leader (at ``now``), else sent to the leader."""
        if self.leading:
            return self._number(replace(op, wall=now))
        self.pending[op.pid] = op
        self._retry_at = max(self._retry_at, now + RETRY_SECONDS)  # the leader's answer usually comes in a moment
        return Outcome(send=(Propose(op),))

    def lead(self) -> Outcome:
        """The election made this tab the leader: it numbers from its log on, its own proposals first."""
        if self.leading:
            return Outcome()
        self.leading, self.leader, self.synced = True, self.tab, True
        out = Outcome()
        for op in list(self.pending.values()):
            out += self._number(op)
        return out

    def follow(self, now: float) -> Outcome:
        """The election made this tab a follower: ask the leader for its log."""
        self.leading = False
        return self._ask(now)

    def tick(self, now: float) -> Outcome:
        """A follower asks again for the log it waits for, and proposes again what is still unanswered."""
        if self.leading or now < self._retry_at or (self.synced and not self.pending):
            return Outcome()
        self._retry_at = now + RETRY_SECONDS
        return Outcome(send=(() if self.synced else (Sync(self.tab),)) + tuple(map(Propose, self.pending.values())))

    # -- the other tabs -----------------------------------------------------------------------------------------

    def receive(self, data: object, now: float) -> Outcome:
        """A message from another tab; the election's are left to it (nothing), unreadable ones logged."""
        try:
            message = read(data)
        except BadTabMessage as error:
            return Outcome(log=(f"ignored a message from another tab: {error}",))
        match message:
            case Propose(op) if self.leading and op.tab != self.tab:
                return self._number(replace(op, wall=now))
            case Applied() if message.tab != self.tab:
                return self._applied(message, now)
            case Sync(tab) if self.leading and tab != self.tab:
                return Outcome(send=(Log(self.tab, self.born, tab, tuple(self.log)),))
            case Log() if message.to == self.tab and not self.leading:
                return self._replace_log(message)
        return Outcome()  # not for this tab: a proposal a follower overhears, another tab's log, an election message

    # -- internals ----------------------------------------------------------------------------------------------

    def _number(self, op: Op) -> Outcome:
        if (op.tab, op.pid) in self._keys:
            return Outcome(log=(f"ignored proposal {op.pid} of tab {op.tab}: already applied",))
        self._append(op)
        return Outcome(apply=(Apply(op),), send=(Applied(self.tab, self.born, self.seq, op),))

    def _append(self, op: Op) -> None:
        self.log.append(op)
        self._keys.add((op.tab, op.pid))
        if op.tab == self.tab:
            self.pending.pop(op.pid, None)

    def _ask(self, now: float) -> Outcome:
        self.synced = False
        self._retry_at = now + RETRY_SECONDS
        return Outcome(send=(Sync(self.tab),))

    def _applied(self, message: Applied, now: float) -> Outcome:
        if self.leading:
            if (message.born, message.tab) < (self.born, self.tab):
                self.leading = False
                return self._ask(now) + Outcome(log=(f"two leaders: tab {message.tab} is older and leads; this tab "
                                                     "follows it and takes its log",))
            return Outcome(log=(f"ignored op {message.seq} of tab {message.tab}: a younger leader than this tab "
                                "(it will follow)",))
        if not self.synced:
            return Outcome()  # the log asked for holds it
        if message.tab != self.leader:
            return self._ask(now) + Outcome(log=(f"op {message.seq} came from tab {message.tab}, not from the leader "
                                                 f"this tab follows ({self.leader}): asking for the log",))
        if message.seq <= self.seq:
            return Outcome(log=(f"ignored op {message.seq} of tab {message.tab}: a duplicate or late copy "
                                f"(this tab is at op {self.seq})",))
        if message.seq > self.seq + 1:
            return self._ask(now) + Outcome(log=(f"ops {self.seq + 1} to {message.seq - 1} of tab {message.tab} "
                                                 "never came: asking for the log",))
        self._append(message.op)
        return Outcome(apply=(Apply(message.op),))

    def _replace_log(self, message: Log) -> Outcome:
        """The leader's log: the ops this tab lacks are applied; if its own differ, it starts again from it."""
        keys = [(op.tab, op.pid) for op in message.ops]
        own = [(op.tab, op.pid) for op in self.log]
        waiting = set(self.pending)
        self.leader, self.synced = message.tab, True
        mine = {(self.tab, pid) for pid in waiting}
        if keys[:len(own)] == own:
            tail = message.ops[len(own):]
            for op in tail:
                self._append(op)
            # a tab that just opened catches up quietly; one that missed ops tells its frames
            out = Outcome(apply=tuple(Apply(op, quiet=not own and (op.tab, op.pid) not in mine) for op in tail))
        else:
            dropped = len(set(own) - set(keys))
            self.log, self._keys = [], set()
            for op in message.ops:
                self._append(op)
            out = Outcome(rebuild=True, apply=tuple(Apply(op, quiet=(op.tab, op.pid) not in mine) for op in message.ops),
                          log=(f"took the log of tab {message.tab} ({len(keys)} ops) instead of this tab's own"
                               + (f"; dropped {dropped} ops it does not hold" if dropped else ""),))
        return out + Outcome(send=tuple(map(Propose, self.pending.values())))
