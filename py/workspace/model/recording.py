"""Call recording: Interaction.recordingState STOPPED / RECORDING / PAUSED and CALL_RECORDING_STATE_CHANGED."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from workspace.errors import RequestError

from .dispatch import Param, RequestTable, string
from .interaction import announce
from .lifecycle import InteractionState, RecordingState
from .voice import voice_call

if TYPE_CHECKING:
    from .context import RequestContext
    from .state import CentreState

REQUESTS = RequestTable()

RECORDABLE_CALL_STATES = frozenset({InteractionState.TALKING, InteractionState.HELD})
"""Recording is controlled on established calls only."""


@dataclass(frozen=True)
class Transition:
    """A recording request: the verb for messages, the states it may start from, the state it leads to."""

    verb: str
    sources: frozenset[RecordingState]
    target: RecordingState


_R = RecordingState

TRANSITIONS = {
    "voice.startCallRecording": Transition("start", frozenset({_R.STOPPED}), _R.RECORDING),
    "voice.stopCallRecording": Transition("stop", frozenset({_R.RECORDING, _R.PAUSED}), _R.STOPPED),
    "voice.pauseCallRecording": Transition("pause", frozenset({_R.RECORDING}), _R.PAUSED),
    "voice.resumeCallRecording": Transition("resume", frozenset({_R.PAUSED}), _R.RECORDING),
}


def change_recording(centre: CentreState, ctx: RequestContext, interaction_id: str, transition: Transition) -> None:
    """Apply ``transition`` to the call's recordingState or refuse it with a clear message."""
    call = voice_call(centre, interaction_id)
    if call.state not in RECORDABLE_CALL_STATES:
        raise RequestError(
            f"Error: Cannot {transition.verb} call recording: the call is not established (state {call.state})."
        )
    if call.recording_state not in transition.sources:
        raise RequestError(
            f"Error: Cannot {transition.verb} call recording: the recording state is {call.recording_state}."
        )
    call.recording_state = transition.target
    announce(ctx, "CALL_RECORDING_STATE_CHANGED", call)


def register() -> None:
    """One handler per TRANSITIONS entry."""
    for name, transition in TRANSITIONS.items():

        def handler(
            centre: CentreState, ctx: RequestContext, interaction_id: str, transition: Transition = transition
        ) -> None:
            change_recording(centre, ctx, interaction_id, transition)

        REQUESTS.handles(name, Param("interactionId", string))(handler)


register()
