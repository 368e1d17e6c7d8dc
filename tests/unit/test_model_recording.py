"""Call recording state machine: STOPPED / RECORDING / PAUSED in Interaction.recordingState."""

from __future__ import annotations

import pytest

from tests.unit.test_model_support import Ctx, model, talking_call, wire
from workspace.errors import RequestError

REQUESTS = {
    "start": "voice.startCallRecording",
    "stop": "voice.stopCallRecording",
    "pause": "voice.pauseCallRecording",
    "resume": "voice.resumeCallRecording",
}

# (recording state, verb) -> resulting state; None = refused
MACHINE = {
    ("STOPPED", "start"): "RECORDING",
    ("STOPPED", "stop"): None,
    ("STOPPED", "pause"): None,
    ("STOPPED", "resume"): None,
    ("RECORDING", "start"): None,
    ("RECORDING", "stop"): "STOPPED",
    ("RECORDING", "pause"): "PAUSED",
    ("RECORDING", "resume"): None,
    ("PAUSED", "start"): None,
    ("PAUSED", "stop"): "STOPPED",
    ("PAUSED", "pause"): None,
    ("PAUSED", "resume"): "RECORDING",
}

REACH = {"STOPPED": [], "RECORDING": ["start"], "PAUSED": ["start", "pause"]}


@pytest.mark.parametrize(("source", "verb"), sorted(MACHINE))
def test_recording_state_machine(source, verb):
    centre, ctx = model(), Ctx()
    call = talking_call(centre, ctx)
    for step in REACH[source]:
        centre.handle(REQUESTS[step], [call], ctx)
    ctx.events.clear()
    target = MACHINE[(source, verb)]
    if target is None:
        with pytest.raises(RequestError) as caught:
            centre.handle(REQUESTS[verb], [call], ctx)
        assert str(caught.value) == f"Error: Cannot {verb} call recording: the recording state is {source}."
        assert ctx.events == []
        assert wire(centre, call)["recordingState"] == source
    else:
        centre.handle(REQUESTS[verb], [call], ctx)
        (event,) = ctx.take()
        assert event["eventType"] == "CALL_RECORDING_STATE_CHANGED"
        assert event["interaction"]["recordingState"] == target


@pytest.mark.parametrize("verb", sorted(REQUESTS))
def test_recording_needs_an_established_call(verb):
    centre, ctx = model(), Ctx()
    call = centre.inbound_call(ctx)
    with pytest.raises(RequestError, match=r"the call is not established \(state RINGING\)"):
        centre.handle(REQUESTS[verb], [call], ctx)


def test_recording_works_on_held_calls_and_stops_with_the_call():
    centre, ctx = model(), Ctx()
    call = talking_call(centre, ctx)
    centre.handle("voice.hold", [call], ctx)
    centre.handle("voice.startCallRecording", [call], ctx)
    centre.handle("voice.hangUp", [call], ctx)
    assert wire(centre, call)["recordingState"] == "STOPPED"


def test_recording_refuses_other_media():
    centre, ctx = model(), Ctx()
    chat = centre.inbound_chat(ctx)
    with pytest.raises(RequestError, match="is not a voice call"):
        centre.handle("voice.startCallRecording", [chat], ctx)
