"""The controls an interaction offers and the request each one sends.

Call and preview controls show when Interaction.capabilities allows them; recording controls follow the call's
recordingState (STOPPED / RECORDING / PAUSED) while the call is established.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from .state import Interaction

RECORDABLE_STATES = frozenset({"TALKING", "HELD"})
"""Call states in which Workspace controls recording (an established call)."""


def interaction_id(interaction: Interaction) -> tuple[Any, ...]:
    return (interaction.id,)


def no_arguments(interaction: Interaction) -> tuple[Any, ...]:
    return ()


def id_and_record(interaction: Interaction) -> tuple[Any, ...]:
    return (interaction.id, interaction.record_handle)


@dataclass(frozen=True)
class Control:
    """A button: ``action`` (its data-action), its label, the request it sends and when it shows.

    ``when``: the capabilities (call and preview controls) or recording states (recording controls) that show it.
    """

    action: str
    label: str
    request: str
    when: frozenset[str]
    arguments: Callable[[Interaction], tuple[Any, ...]] = interaction_id


def _control(action: str, label: str, request: str, *when: str, arguments=interaction_id) -> Control:
    return Control(action, label, request, frozenset(when), arguments)


CALL_CONTROLS = (
    _control("answer", "Answer", "voice.answer", "ANSWER"),
    _control("accept", "Accept", "interaction.accept", "ACCEPT"),
    _control("reject", "Reject", "interaction.reject", "REJECT"),
    _control("hold", "Hold", "voice.hold", "HOLD"),
    _control("resume", "Resume", "voice.resume", "RESUME"),
    _control("hang-up", "Hang up", "voice.hangUp", "HANGUP"),
    _control("mark-done", "Mark done", "interaction.markdone", "MARK_DONE"),
)
PREVIEW_CONTROLS = (
    _control("call-record", "Call", "outbound.callPreviewRecord", "CALL", arguments=id_and_record),
    _control("reject-record", "Reject record", "outbound.rejectPreviewRecord", "REJECT_RECORD", arguments=no_arguments),
    _control("cancel-record", "Cancel record", "outbound.cancelPreviewRecord", "CANCEL_RECORD", arguments=no_arguments),
)
RECORDING_CONTROLS = (
    _control("start-recording", "Start recording", "voice.startCallRecording", "STOPPED"),
    _control("pause-recording", "Pause recording", "voice.pauseCallRecording", "RECORDING"),
    _control("resume-recording", "Resume recording", "voice.resumeCallRecording", "PAUSED"),
    _control("stop-recording", "Stop recording", "voice.stopCallRecording", "RECORDING", "PAUSED"),
)
BY_ACTION = {control.action: control for control in CALL_CONTROLS + PREVIEW_CONTROLS + RECORDING_CONTROLS}


def call_controls(interaction: Interaction) -> list[Control]:
    """Answer, hold, hang up... as the interaction's capabilities allow."""
    return [c for c in CALL_CONTROLS if c.when & interaction.capabilities]


def preview_controls(interaction: Interaction) -> list[Control]:
    """Call, reject or cancel an outbound preview record, as its capabilities allow."""
    return [c for c in PREVIEW_CONTROLS if c.when & interaction.capabilities]


def recording_controls(interaction: Interaction) -> list[Control]:
    """Start, pause, resume, stop recording of an established voice call."""
    if interaction.state not in RECORDABLE_STATES or not interaction.recording_state:
        return []
    return [c for c in RECORDING_CONTROLS if interaction.recording_state in c.when]
