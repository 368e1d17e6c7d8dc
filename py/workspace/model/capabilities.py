"""Capability tables behind Interaction.capabilities: what the agent may do in each state.

Requests such as voice.hold or interaction.markdone are allowed or refused from these tables.
"""

from __future__ import annotations

from enum import StrEnum

from .lifecycle import InteractionState


class Capability(StrEnum):
    """interaction.Interaction.capabilities entries."""

    ANSWER = "ANSWER"
    ACCEPT = "ACCEPT"
    REJECT = "REJECT"
    HANGUP = "HANGUP"
    HOLD = "HOLD"
    RESUME = "RESUME"
    MARK_DONE = "MARK_DONE"
    CALL = "CALL"
    REJECT_RECORD = "REJECT_RECORD"
    CANCEL_RECORD = "CANCEL_RECORD"


_S, _C = InteractionState, Capability

Capabilities = dict[InteractionState, tuple[Capability, ...]]

VOICE_CAPABILITIES: Capabilities = {
    _S.RINGING: (_C.ANSWER, _C.REJECT),
    _S.DIALING: (_C.HANGUP,),
    _S.TALKING: (_C.HANGUP, _C.HOLD),
    _S.HELD: (_C.HANGUP, _C.RESUME),
    _S.IDLE: (_C.MARK_DONE,),
}

OPENMEDIA_CAPABILITIES: Capabilities = {
    _S.INVITED: (_C.ACCEPT, _C.REJECT),
    _S.INVITED_CONFERENCE: (_C.ACCEPT, _C.REJECT),
    _S.ACCEPTED: (_C.MARK_DONE,),
    _S.PULLED: (_C.MARK_DONE,),
    _S.CREATED: (_C.MARK_DONE,),
    _S.JOIN_FAILED: (_C.MARK_DONE,),
    _S.ERROR: (_C.MARK_DONE,),
}
"""JOIN_PENDING has none: the chat server has not answered yet."""

PREVIEW_CAPABILITIES: Capabilities = {
    _S.INVITED: (_C.ACCEPT, _C.REJECT),
    _S.PREVIEWING: (_C.CALL, _C.REJECT_RECORD, _C.CANCEL_RECORD),
    _S.REJECTED: (_C.MARK_DONE,),
    _S.CANCELED: (_C.MARK_DONE,),
}

DIRECT_PUSH_CALL_CAPABILITIES: Capabilities = {_S.TALKING: (_C.HANGUP,)}
"""The reference's Direct Push Preview table lists only HANGUP for an established call."""
