"""Each tab's copy of the contact centre's log (sans-I/O): which ops to apply, in which order, and what to tell the
other tabs.

The leader tab numbers the ops (``seq`` 1, 2, ...): its own at once, the followers' when their ``Propose`` comes,
each applied in the leader's tab and broadcast as ``Applied``. A follower applies ``Applied`` ops in order; it asks
to catch up (``Sync``, with its ``seq`` and the ``digest`` of its history) when it starts following, when a number is
missing, or when ops come from a tab it does not follow, and re-sends its unanswered proposals every
``RETRY_SECONDS`` (the leader ignores the ones it already applied). A tab alone leads its own log from the start.

Every tab keeps only its last ``WINDOW`` ops (``log``): the leader answers a ``Sync`` with the ops after the tab's own
when their histories agree there, else with its whole centre (``Centre``: the model's state, the player's mark, the
ops it holds), which replaces the tab's own (its own ops the leader does not hold are dropped, with a log line). Two
leaders (a partition healed): the older tab (``born``, then tab id, as the election) keeps leading, the other follows.

Every method returns an ``Outcome``: start again from the leader's centre (``restore``), the ops to apply in order,
the messages to broadcast, the log lines saying what was ignored and why.
"""
from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..model.state import CentreState
from ..timeline import Mark
from .messages import Applied, BadTabMessage, Centre, Held, Log, Op, Propose, Sync, read

RETRY_SECONDS = 0.5
WINDOW = 256
"""The ops each tab keeps: a tab that missed fewer catches up from them (its frames get their events)."""


def chained(digest: str, op: Op) -> str:
    """The digest of a history ``digest`` followed by ``op``: two tabs' histories agree where their digests do."""
    return hashlib.blake2b(f"{digest}|{op.tab}|{op.pid}".encode(), digest_size=12).hexdigest()


@dataclass(frozen=True)
class Apply:
    """Apply ``op``; ``quiet``: catching up, send the frames nothing (they had it, or are new)."""

    op: Op
    quiet: bool = False


@dataclass(frozen=True)
class Outcome:
    restore: Centre | None = None
    apply: tuple[Apply, ...] = ()
    send: tuple[Propose | Applied | Sync | Log, ...] = ()
    log: tuple[str, ...] = ()
    lost: tuple[int, ...] = ()
    """This tab's proposals the restored centre had applied: their answers never come."""

    def __add__(self, other: Outcome) -> Outcome:
        return Outcome(other.restore or self.restore, self.apply + other.apply, self.send + other.send,
                       self.log + other.log, self.lost + other.lost)


class Proposals:
    """Which ops of each tab the log holds, so that a proposal sent again is not applied twice: by tab, every pid
    below its ``floor`` (applied, or dropped and never proposed again) and the pids applied from it on."""

    def __init__(self, held: Held | None = None) -> None:
        held = held or {}
        self.floor = {tab: low for tab, (low, _) in held.items()}
        self.above = {tab: set(pids) for tab, (_, pids) in held.items()}

    def holds(self, op: Op) -> bool:
        return op.pid < self.floor.get(op.tab, 0) or op.pid in self.above.get(op.tab, ())

    def add(self, op: Op) -> None:
        above = self.above.setdefault(op.tab, set())
        if op.waiting > self.floor.get(op.tab, 0):  # the tab will never propose the pids below again
            self.floor[op.tab] = op.waiting
            above.difference_update([pid for pid in above if pid < op.waiting])
        above.add(op.pid)

    def held(self) -> Held:
        return {tab: (self.floor.get(tab, 0), tuple(sorted(pids))) for tab, pids in self.above.items()}


class Replica:
    """Tab ``tab`` (started at ``born``, as in the election). ``leading``: this tab numbers the ops. ``centre``: this
    tab's centre now, for a tab that cannot catch up from the ops (the model's state and the player's mark)."""

    def __init__(self, tab: str, born: float, centre: Callable[[], tuple[CentreState, Mark]]) -> None:
        self.tab, self.born, self.centre = tab, born, centre
        self.leading = True
        self.leader = tab               # the tab whose ops this tab applies
        self.synced = True              # False: waiting for the leader's log
        self.seq = 0                    # how many ops this tab applied
        self.digest = ""                # of those ops, in order
        self.window = WINDOW            # how many ops it keeps (a test may keep fewer)
        self.log: deque[Op] = deque()   # the last ``window`` ops (up to op ``seq``)
        self._digests: deque[str] = deque([""])  # the digest before each op of ``log``, then ``digest``
        self.proposals = Proposals()
        self.pending: dict[int, Op] = {}  # this tab's proposals not applied yet, by pid
        self._pid = 0
        self._retry_at = 0.0

    def next_pid(self) -> int:
        """The number of this tab's next proposal."""
        self._pid += 1
        return self._pid

    # -- this tab ---------------------------------------------------------------------------------------------

    def propose(self, op: Op, now: float) -> Outcome:
        """An op of this tab: applied at once by a leader (at ``now``), else sent to the leader."""
        op = replace(op, waiting=min([*self.pending, op.pid]))
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
        """The election made this tab a follower: ask the leader to catch up."""
        self.leading = False
        return self._ask(now)

    def tick(self, now: float) -> Outcome:
        """A follower asks again to catch up when it waits for that, and proposes again what is still unanswered."""
        if self.leading or now < self._retry_at or (self.synced and not self.pending):
            return Outcome()
        self._retry_at = now + RETRY_SECONDS
        return Outcome(send=(() if self.synced else (self._sync(),)) + tuple(map(Propose, self.pending.values())))

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
            case Sync() if self.leading and message.tab != self.tab:
                return Outcome(send=(self._log_for(message),))
            case Log() if message.to == self.tab and not self.leading and not self.synced:
                return self._catch_up(message, now)
        return Outcome()  # not for this tab: a proposal a follower overhears, another tab's log or one answering a
        # question this tab no longer asks, an election message

    # -- internals ----------------------------------------------------------------------------------------------

    def _number(self, op: Op) -> Outcome:
        if self.proposals.holds(op):
            return Outcome(log=(f"ignored proposal {op.pid} of tab {op.tab}: already applied",))
        self._append(op)
        return Outcome(apply=(Apply(op),), send=(Applied(self.tab, self.born, self.seq, op),))

    def _append(self, op: Op) -> None:
        self.seq, self.digest = self.seq + 1, chained(self.digest, op)
        self.log.append(op)
        self._digests.append(self.digest)
        if len(self.log) > self.window:
            self.log.popleft()
            self._digests.popleft()
        self.proposals.add(op)
        if op.tab == self.tab:
            self.pending.pop(op.pid, None)

    def _digest_at(self, seq: int) -> str | None:
        """The digest of this tab's history up to op ``seq``, if it still keeps it."""
        index = seq - (self.seq - len(self.log))
        return self._digests[index] if 0 <= index < len(self._digests) else None

    def _sync(self) -> Sync:
        return Sync(self.tab, self.seq, self.digest)

    def _ask(self, now: float) -> Outcome:
        self.synced = False
        self._retry_at = now + RETRY_SECONDS
        return Outcome(send=(self._sync(),))

    def _log_for(self, sync: Sync) -> Log:
        """The ops after the asking tab's, when this tab keeps them and their histories agree; else the centre."""
        if sync.seq <= self.seq and self._digest_at(sync.seq) == sync.digest:
            ops = tuple(self.log)[len(self.log) - (self.seq - sync.seq):] if sync.seq < self.seq else ()
            return Log(self.tab, self.born, sync.tab, sync.seq, sync.digest, ops)
        model, player = self.centre()
        return Log(self.tab, self.born, sync.tab, self.seq, self.digest, (), Centre(model, player, self.proposals.held()))

    def _applied(self, message: Applied, now: float) -> Outcome:
        if self.leading:
            if (message.born, message.tab) < (self.born, self.tab):
                self.leading = False
                return self._ask(now) + Outcome(log=(f"two leaders: tab {message.tab} is older and leads; this tab "
                                                     "follows it and takes its centre",))
            return Outcome(log=(f"ignored op {message.seq} of tab {message.tab}: a younger leader than this tab "
                                "(it will follow)",))
        if not self.synced:
            return Outcome()  # the log asked for holds it
        if message.tab != self.leader:
            return self._ask(now) + Outcome(log=(f"op {message.seq} came from tab {message.tab}, not from the leader "
                                                 f"this tab follows ({self.leader}): asking to catch up",))
        if message.seq <= self.seq:
            return Outcome(log=(f"ignored op {message.seq} of tab {message.tab}: a duplicate or late copy "
                                f"(this tab is at op {self.seq})",))
        if message.seq > self.seq + 1:
            return self._ask(now) + Outcome(log=(f"ops {self.seq + 1} to {message.seq - 1} of tab {message.tab} "
                                                 "never came: asking to catch up",))
        self._append(message.op)
        return Outcome(apply=(Apply(message.op),))

    def _catch_up(self, message: Log, now: float) -> Outcome:
        """The leader's answer: its ops after this tab's (a tab that just opened takes them quietly, one that missed
        them tells its frames), or its centre instead of this tab's own."""
        digests = [message.digest]
        for op in message.ops:
            digests.append(chained(digests[-1], op))
        end = message.start + len(message.ops)
        common = min(self.seq, end)
        agree = common >= message.start and self._digest_at(common) == digests[common - message.start]
        if not agree and message.centre is None:  # an answer to an older question: ask again
            return self._ask(now) + Outcome(log=(f"the ops of tab {message.tab} from op {message.start} do not "
                                                 f"follow this tab's (at op {self.seq}): asking to catch up again",))
        self.leader, self.synced = message.tab, True
        if agree:
            fresh = self.seq == 0
            tail = message.ops[self.seq - message.start:]
            for op in tail:
                self._append(op)
            out = Outcome(apply=tuple(Apply(op, quiet=fresh and op.tab != self.tab) for op in tail))
        else:
            out = self._restore(message)
        return out + Outcome(send=tuple(map(Propose, self.pending.values())))

    def _restore(self, message: Log) -> Outcome:
        centre = message.centre
        assert centre is not None
        behind = self.seq
        self.seq, self.digest = message.start, message.digest
        self.log, self._digests = deque(), deque([self.digest])
        self.proposals = Proposals(centre.held)
        lost = tuple(pid for pid, op in self.pending.items() if self.proposals.holds(op))
        for pid in lost:
            del self.pending[pid]
        line = f"took the centre of tab {message.tab} (at op {message.start}) instead of this tab's own (at op {behind})"
        if lost:
            line += f"; the answers to its proposals {', '.join(map(str, lost))}, applied there, are lost"
        return Outcome(restore=centre, log=(line,), lost=lost)
