"""voice.* requests and the voice call lifecycle.

Inbound: ADDED/RINGING -> answer -> ESTABLISHED (TALKING). Outbound (dial, dialEx, consult, preview call):
ADDED/DIALING -> the remote party answers (timer ``remote_answer_after`` via ``tick``, or the control panel)
-> ESTABLISHED. hold -> HELD, resume -> ESTABLISHED, hangUp -> RELEASED (IDLE) -> markdone -> REMOVED.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workspace.errors import RequestError

from .dispatch import Param, RequestTable, optional_obj, string
from .state import VOICE, Interaction, iso_date

if TYPE_CHECKING:
    from .centre import ContactCentre
    from .context import Emitter, RequestContext

REQUESTS = RequestTable()

INTERNAL_MAX_DIGITS = 5
"""Destinations of at most this many digits are internal extensions (callType INTERNAL)."""


@dataclass(frozen=True)
class Step:
    """An agent action on a call: the capability it needs, the state it leads to, the event it emits."""

    capability: str
    state: str
    event: str


STEPS = {
    "answer": Step("ANSWER", "TALKING", "ESTABLISHED"),
    "hold": Step("HOLD", "HELD", "HELD"),
    "resume": Step("RESUME", "TALKING", "ESTABLISHED"),
    "hangUp": Step("HANGUP", "IDLE", "RELEASED"),
}


def voice_call(model: ContactCentre, interaction_id: str) -> Interaction:
    """The voice interaction with this id."""
    interaction = model.find(interaction_id)
    if interaction.media != VOICE:
        raise RequestError(f"Error: Interaction {interaction_id} is not a voice call (media {interaction.media}).")
    return interaction


def is_extension(number: str) -> bool:
    """Short all-digit numbers are internal extensions (callType INTERNAL)."""
    return number.isdigit() and len(number) <= INTERNAL_MAX_DIGITS


def place_call(
    model: ContactCentre, ctx: Emitter, destination: str, user_data: dict[str, Any], **fields: Any
) -> Interaction:
    """Create an outgoing call in DIALING and schedule the remote answer."""
    delay = float(model.scenario["timers"]["remote_answer_after"])
    fields.setdefault("call_type", "INTERNAL" if is_extension(destination) else "OUTBOUND")
    call = model.new_interaction(
        ctx,
        VOICE,
        "DIALING",
        [destination],
        user_data=user_data,
        direction="OUT",
        ani=str(model.scenario["agent"]["dn"]),
        dnis=destination,
        contact=model.contact_for(destination),
        conn_id=model.ids.uuid().hex[:16],
        answer_at=ctx.now + delay if delay >= 0 else None,
        **fields,
    )
    return model.add(ctx, call, "DIALING")


def ring(model: ContactCentre, ctx: Emitter, caller: str, user_data: dict[str, Any]) -> Interaction:
    """Create an inbound call in RINGING (ring-no-answer timer from the scenario)."""
    rona_after = float(model.scenario["timers"]["rona_after"])
    call = model.new_interaction(
        ctx,
        VOICE,
        "RINGING",
        [caller],
        user_data=user_data,
        call_type="INTERNAL" if is_extension(caller) else "INBOUND",
        direction="IN",
        ani=caller,
        dnis=str(model.scenario["agent"]["dn"]),
        contact=model.contact_for(caller),
        conn_id=model.ids.uuid().hex[:16],
        rona_at=ctx.now + rona_after if rona_after > 0 else None,
    )
    return model.add(ctx, call, "RINGING")


def step(model: ContactCentre, ctx: Emitter, call: Interaction, name: str) -> None:
    """Apply one of STEPS to ``call`` (hangUp ends the call)."""
    action = STEPS[name]
    call.require(action.capability, name)
    if action.state == "IDLE":
        end_call(model, ctx, call, remove=call.is_consultation)
        return
    call.rona_at = None
    call.set_state(action.state)
    model.emit(ctx, action.event, call)


def end_call(
    model: ContactCentre, ctx: Emitter, call: Interaction, *, remove: bool, rona_call_state: str | None = None
) -> None:
    """RELEASED (IDLE, recording stopped); then REMOVED when nothing is left to mark done."""
    call.rona_call_state = rona_call_state
    call.set_state("IDLE")
    call.end_date = iso_date(ctx.wall)
    call.recording_state = "STOPPED"
    call.answer_at = call.rona_at = None
    model.emit(ctx, "RELEASED", call)
    if remove:
        model.remove(ctx, call)


def release_unanswered(model: ContactCentre, ctx: Emitter, call: Interaction, rona_call_state: str) -> None:
    """An inbound call that was never answered: RELEASED with ronaCallState (REDIRECTED|NO_ANSWER), REMOVED."""
    end_call(model, ctx, call, remove=True, rona_call_state=rona_call_state)


def remote_release(model: ContactCentre, ctx: Emitter, call: Interaction) -> None:
    """The remote party hangs up: a ringing call ends with ronaCallState NO_ANSWER, another call is RELEASED."""
    if call.state == "RINGING":
        release_unanswered(model, ctx, call, "NO_ANSWER")
    elif call.state in ("DIALING", "TALKING", "HELD"):
        end_call(model, ctx, call, remove=call.is_consultation)
    else:
        raise RequestError(f"Error: Interaction {call.interaction_id} has no call to release (state {call.state}).")


def remote_answer(model: ContactCentre, ctx: Emitter, call: Interaction) -> None:
    """The remote party answers a DIALING call: ESTABLISHED (TALKING)."""
    if call.state != "DIALING":
        raise RequestError(f"Error: Interaction {call.interaction_id} is not dialing (state {call.state}).")
    call.answer_at = None
    call.set_state("TALKING")
    model.emit(ctx, "ESTABLISHED", call)


def reject(model: ContactCentre, ctx: Emitter, call: Interaction) -> None:
    """interaction.reject on a ringing call: RELEASED then REMOVED."""
    call.require("REJECT", "reject")
    end_call(model, ctx, call, remove=True)


@REQUESTS.handles("voice.dial", Param("destination", string), Param("userData", optional_obj, optional=True))
def dial(model: ContactCentre, ctx: RequestContext, destination: str, user_data: dict[str, Any]) -> None:
    """Call ``destination`` as from Team Communicator."""
    place_call(model, ctx, checked_destination(destination), user_data)


@REQUESTS.handles(
    "voice.dialEx",
    Param("destination", string),
    Param("userData", optional_obj, optional=True),
    Param("extensions", optional_obj, optional=True),
)
def dial_ex(
    model: ContactCentre, ctx: RequestContext, destination: str, user_data: dict[str, Any], extensions: dict[str, Any]
) -> None:
    """Call ``destination`` with attached data and extensions."""
    place_call(model, ctx, checked_destination(destination), user_data, extensions=extensions)


def checked_destination(destination: str) -> str:
    """A non-blank destination."""
    if not destination.strip():
        raise RequestError("Error: Invalid parameter 'destination': expected a non-empty string.")
    return destination.strip()


def register_steps() -> None:
    """voice.answer, hold, resume, hangUp: one handler per STEPS entry."""
    for name in STEPS:

        def handler(model: ContactCentre, ctx: RequestContext, interaction_id: str, name: str = name) -> None:
            step(model, ctx, voice_call(model, interaction_id), name)

        REQUESTS.handles(f"voice.{name}", Param("interactionId", string))(handler)


register_steps()

SIP_FLAGS = {"Microphone": "microphone_muted", "Speaker": "speaker_muted"}
"""SIP Endpoint device -> model attribute holding its mute flag."""


def register_mute_requests() -> None:
    """voice.is/mute/unmute Microphone|Speaker, and their sipEndpoint.* aliases (D4)."""
    for device, attribute in SIP_FLAGS.items():

        def is_muted(model: ContactCentre, ctx: RequestContext, attribute: str = attribute) -> bool:
            return bool(getattr(model, attribute))

        def mute(model: ContactCentre, ctx: RequestContext, attribute: str = attribute) -> None:
            setattr(model, attribute, True)

        def unmute(model: ContactCentre, ctx: RequestContext, attribute: str = attribute) -> None:
            setattr(model, attribute, False)

        for name, handler in ((f"is{device}Mute", is_muted), (f"mute{device}", mute), (f"unmute{device}", unmute)):
            REQUESTS.handles(f"voice.{name}")(handler)
            REQUESTS.alias(f"sipEndpoint.{name}", f"voice.{name}")


register_mute_requests()
