"""Call recording: Interaction.recordingState STOPPED / RECORDING / PAUSED and CALL_RECORDING_STATE_CHANGED."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from workspace.errors import RequestError

from .dispatch import Param, RequestTable, string
from .voice import voice_call

if TYPE_CHECKING:
    from .centre import ContactCentre
    from .context import RequestContext

REQUESTS = RequestTable()

RECORDABLE_CALL_STATES = frozenset({"TALKING", "HELD"})
"""Recording is controlled on established calls only."""


@dataclass(frozen=True)
class Transition:
    """A recording request: the verb for messages, the states it may start from, the state it leads to."""

    verb: str
    sources: frozenset[str]
    target: str


TRANSITIONS = {
    "voice.startCallRecording": Transition("start", frozenset({"STOPPED"}), "RECORDING"),
    "voice.stopCallRecording": Transition("stop", frozenset({"RECORDING", "PAUSED"}), "STOPPED"),
    "voice.pauseCallRecording": Transition("pause", frozenset({"RECORDING"}), "PAUSED"),
    "voice.resumeCallRecording": Transition("resume", frozenset({"PAUSED"}), "RECORDING"),
}


def change_recording(model: ContactCentre, ctx: RequestContext, interaction_id: str, transition: Transition) -> None:
    """Apply ``transition`` to the call's recordingState or refuse it with a clear message."""
    call = voice_call(model, interaction_id)
    if call.state not in RECORDABLE_CALL_STATES:
        raise RequestError(
            f"Error: Cannot {transition.verb} call recording: the call is not established (state {call.state})."
        )
    if call.recording_state not in transition.sources:
        raise RequestError(
            f"Error: Cannot {transition.verb} call recording: the recording state is {call.recording_state}."
        )
    call.recording_state = transition.target
    model.emit(ctx, "CALL_RECORDING_STATE_CHANGED", call)


def register() -> None:
    """One handler per TRANSITIONS entry."""
    for name, transition in TRANSITIONS.items():

        def handler(
            model: ContactCentre, ctx: RequestContext, interaction_id: str, transition: Transition = transition
        ) -> None:
            change_recording(model, ctx, interaction_id, transition)

        REQUESTS.handles(name, Param("interactionId", string))(handler)


register()
