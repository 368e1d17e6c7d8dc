"""Interaction lifecycles: the media, the states, and which state may follow which for each media.

``Interaction`` checks every change of state against these tables: a move they do not list is a model bug and
raises IllegalTransition (an internal error, never a refusal a page would see).
"""

from __future__ import annotations

from enum import StrEnum


class Media(StrEnum):
    """The media of an interaction."""

    VOICE = "voice"
    CHAT = "chat"
    EMAIL = "email"
    OUTBOUND = "outbound"
    """Outbound preview records (the interaction that holds a record before it is called)."""


class InteractionState(StrEnum):
    """interaction.Interaction.state."""

    UNKNOWN = "UNKNOWN"
    RINGING = "RINGING"
    DIALING = "DIALING"
    TALKING = "TALKING"
    HELD = "HELD"
    IDLE = "IDLE"
    INVITED = "INVITED"
    INVITED_CONFERENCE = "INVITED_CONFERENCE"
    JOIN_PENDING = "JOIN_PENDING"
    JOIN_FAILED = "JOIN_FAILED"
    ACCEPTED = "ACCEPTED"
    PULLED = "PULLED"
    CREATED = "CREATED"
    PREVIEWING = "PREVIEWING"
    ERROR = "ERROR"
    COMPLETED = "COMPLETED"
    TRANSFER_COMPLETED = "TRANSFER_COMPLETED"
    REJECTED = "REJECTED"
    REVOKED = "REVOKED"
    CANCELED = "CANCELED"
    CANCELLED = "CANCELLED"
    SENT = "SENT"


class RecordingState(StrEnum):
    """interaction.Interaction.recordingState of a call."""

    STOPPED = "STOPPED"
    RECORDING = "RECORDING"
    PAUSED = "PAUSED"


class IllegalTransition(RuntimeError):
    """The model moved an interaction to a state its lifecycle does not allow (a bug in the model)."""


_S = InteractionState

ENDED_STATES = frozenset({
    _S.IDLE, _S.COMPLETED, _S.REJECTED, _S.CANCELED, _S.CANCELLED, _S.SENT, _S.REVOKED, _S.TRANSFER_COMPLETED,
    _S.JOIN_FAILED, _S.ERROR,
})
"""States in which an interaction is no longer live (no user-data writes)."""

WORKING_STATES = frozenset({_S.ACCEPTED, _S.PULLED})
"""States of a chat or email the agent is working on (accepted, or pulled from a workbin or a queue)."""

FIRST_STATES: dict[Media, frozenset[InteractionState]] = {
    Media.VOICE: frozenset({_S.RINGING, _S.DIALING}),
    Media.CHAT: frozenset({_S.INVITED, _S.INVITED_CONFERENCE, _S.UNKNOWN}),
    Media.EMAIL: frozenset({_S.INVITED, _S.CREATED, _S.UNKNOWN}),
    Media.OUTBOUND: frozenset({_S.INVITED, _S.PREVIEWING}),
}
"""The states an interaction may be created in (UNKNOWN: pulled from a queue, PULLED as soon as the pull works)."""

_WORKED = frozenset({_S.COMPLETED, _S.TRANSFER_COMPLETED, _S.PULLED, _S.ERROR})
"""After ACCEPTED or PULLED: mark done, single-step transfer, back from the workbin, an error."""
_CHAT_INVITED = frozenset({_S.ACCEPTED, _S.JOIN_PENDING, _S.REJECTED, _S.REVOKED, _S.CANCELED, _S.ERROR})

NEXT_STATES: dict[Media, dict[InteractionState, frozenset[InteractionState]]] = {
    Media.VOICE: {
        _S.RINGING: frozenset({_S.TALKING, _S.IDLE}),
        _S.DIALING: frozenset({_S.TALKING, _S.IDLE}),
        _S.TALKING: frozenset({_S.HELD, _S.IDLE}),
        _S.HELD: frozenset({_S.TALKING, _S.IDLE}),
    },
    Media.CHAT: {
        _S.UNKNOWN: frozenset({_S.PULLED}),
        _S.INVITED: _CHAT_INVITED,
        _S.INVITED_CONFERENCE: _CHAT_INVITED,
        _S.JOIN_PENDING: frozenset({_S.ACCEPTED, _S.JOIN_FAILED}),
        _S.ACCEPTED: _WORKED,
        _S.PULLED: _WORKED,
        _S.JOIN_FAILED: frozenset({_S.COMPLETED, _S.ERROR}),
        _S.ERROR: frozenset({_S.COMPLETED, _S.ERROR}),
    },
    Media.EMAIL: {
        _S.UNKNOWN: frozenset({_S.PULLED}),
        _S.INVITED: frozenset({_S.ACCEPTED, _S.REJECTED, _S.REVOKED, _S.ERROR}),
        _S.CREATED: frozenset({_S.SENT, _S.CANCELLED, _S.COMPLETED, _S.ERROR}),
        _S.ACCEPTED: _WORKED,
        _S.PULLED: _WORKED,
        _S.ERROR: frozenset({_S.COMPLETED, _S.ERROR}),
    },
    Media.OUTBOUND: {
        _S.INVITED: frozenset({_S.PREVIEWING, _S.REJECTED}),
        _S.PREVIEWING: frozenset({_S.IDLE, _S.REJECTED, _S.CANCELED}),
    },
}
"""Media -> state -> the states that may follow it (a state missing here is final)."""


def check_first(media: Media, state: InteractionState) -> None:
    """Raise IllegalTransition unless an interaction of ``media`` may start in ``state``."""
    if state not in FIRST_STATES[media]:
        raise IllegalTransition(f"a {media} interaction cannot start in state {state}")


def check_next(media: Media, current: InteractionState, state: InteractionState) -> None:
    """Raise IllegalTransition unless ``state`` may follow ``current`` for ``media``."""
    if state not in NEXT_STATES[media].get(current, frozenset()):
        raise IllegalTransition(f"a {media} interaction cannot go from {current} to {state}")
