"""Interaction lifecycles: the transition tables hold, an illegal move is a loud model bug (not a refusal), and the
wire carries plain strings."""

from __future__ import annotations

import json

import pytest

from tests.unit.test_model_support import Ctx, model, talking_call
from workspace.errors import RequestError
from workspace.model import voice
from workspace.model.capabilities import Capability
from workspace.model.lifecycle import (
    FIRST_STATES,
    NEXT_STATES,
    IllegalTransition,
    InteractionState,
    Media,
    check_next,
)

S = InteractionState


def reachable(media: Media) -> set[InteractionState]:
    """The states the tables let an interaction of ``media`` reach."""
    seen, todo = set(), list(FIRST_STATES[media])
    while todo:
        state = todo.pop()
        if state not in seen:
            seen.add(state)
            todo += NEXT_STATES[media].get(state, ())
    return seen


@pytest.mark.parametrize("media", list(Media))
def test_every_state_in_the_table_can_be_reached(media):
    assert set(NEXT_STATES[media]) <= reachable(media)


def test_an_illegal_transition_fails_loudly_and_is_not_a_refusal():
    centre, ctx = model(), Ctx()
    call = centre.find(talking_call(centre, ctx))
    with pytest.raises(IllegalTransition, match="a voice interaction cannot go from TALKING to RINGING") as caught:
        call.set_state(S.RINGING)
    assert not isinstance(caught.value, RequestError)
    assert call.state == S.TALKING and call.previous_state == S.RINGING
    with pytest.raises(IllegalTransition, match="cannot go from IDLE to TALKING"):
        check_next(Media.VOICE, S.IDLE, S.TALKING)


def test_an_interaction_starts_only_in_a_first_state():
    centre, ctx = model(), Ctx()
    with pytest.raises(IllegalTransition, match="a chat interaction cannot start in state TALKING"):
        centre.interactions.new(ctx, Media.CHAT, S.TALKING, ["kate@example.com"])


def test_an_illegal_transition_inside_a_request_propagates(monkeypatch):
    centre, ctx = model(), Ctx()
    call = talking_call(centre, ctx)
    monkeypatch.setitem(voice.STEPS, "hold", voice.Step(Capability.HOLD, S.RINGING, "HELD"))  # a bug in the model
    with pytest.raises(IllegalTransition, match="cannot go from TALKING to RINGING"):
        centre.handle("voice.hold", [call], ctx)
    assert ctx.take() == []


def test_the_wire_carries_plain_strings():
    centre, ctx = model(), Ctx()
    call = talking_call(centre, ctx)
    centre.handle("voice.startCallRecording", [call], ctx)
    wire = centre.handle("interaction.getByInteractionId", [call], ctx)
    values = [wire["media"], wire["state"], wire["previousState"], wire["recordingState"], *wire["capabilities"]]
    assert values == ["voice", "TALKING", "RINGING", "RECORDING", "HANGUP", "HOLD"]
    assert all(type(value) is str for value in values)
    (event,) = ctx.take()
    assert type(event["media"]) is str and type(event["eventType"]) is str
    snapshot = centre.snapshot()
    assert type(snapshot["connectionState"]) is str
    assert json.loads(json.dumps(snapshot)) == snapshot
