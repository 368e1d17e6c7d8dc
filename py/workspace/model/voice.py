"""voice.* requests and the voice call lifecycle.

Inbound: ADDED/RINGING -> answer -> ESTABLISHED (TALKING). Outbound (dial, dialEx, consult, preview call):
ADDED/DIALING -> the remote party answers (timer ``remote_answer_after`` via ``tick``, or the control panel)
-> ESTABLISHED. hold -> HELD, resume -> ESTABLISHED, hangUp -> RELEASED (IDLE) -> markdone -> REMOVED.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workspace.errors import RequestError

from .capabilities import Capability
from .dispatch import Param, RequestTable, optional_obj, string
from .interaction import Interaction, announce, iso_date
from .lifecycle import InteractionState, Media, RecordingState

if TYPE_CHECKING:
    from .context import Emitter, RequestContext
    from .state import CentreState

REQUESTS = RequestTable()

INTERNAL_MAX_DIGITS = 5
"""Destinations of at most this many digits are internal extensions (callType INTERNAL)."""


@dataclass(frozen=True)
class Step:
    """An agent action on a call: the capability it needs, the state it leads to, the event it emits."""

    capability: Capability
    state: InteractionState
    event: str


STEPS = {
    "answer": Step(Capability.ANSWER, InteractionState.TALKING, "ESTABLISHED"),
    "hold": Step(Capability.HOLD, InteractionState.HELD, "HELD"),
    "resume": Step(Capability.RESUME, InteractionState.TALKING, "ESTABLISHED"),
    "hangUp": Step(Capability.HANGUP, InteractionState.IDLE, "RELEASED"),
}


def voice_call(centre: CentreState, interaction_id: str) -> Interaction:
    """The voice interaction with this id."""
    interaction = centre.interactions.find(interaction_id)
    if interaction.media != Media.VOICE:
        raise RequestError(f"Error: Interaction {interaction_id} is not a voice call (media {interaction.media}).")
    return interaction


def is_extension(number: str) -> bool:
    """Short all-digit numbers are internal extensions (callType INTERNAL)."""
    return number.isdigit() and len(number) <= INTERNAL_MAX_DIGITS


def new_call(
    centre: CentreState, ctx: Emitter, state: InteractionState, party: str, user_data: dict[str, Any], **fields: Any
) -> Interaction:
    """Create (not yet add) a call with ``party`` on a fresh connection; ``fields`` say which way it goes."""
    conn_id = centre.interactions.ids.uuid().hex[:16]
    return centre.interactions.new(ctx, Media.VOICE, state, [party], user_data=user_data, conn_id=conn_id, **fields)


def place_call(
    centre: CentreState, ctx: Emitter, destination: str, user_data: dict[str, Any], **fields: Any
) -> Interaction:
    """Create an outgoing call in DIALING and schedule the remote answer."""
    delay = float(centre.scenario["timers"]["remote_answer_after"])
    fields.setdefault("call_type", "INTERNAL" if is_extension(destination) else "OUTBOUND")
    answer_at = ctx.now + delay if delay >= 0 else None
    dn = str(centre.scenario["agent"]["dn"])
    call = new_call(centre, ctx, InteractionState.DIALING, destination, user_data, direction="OUT", ani=dn,
                    dnis=destination, answer_at=answer_at, **fields)
    return centre.interactions.add(ctx, call, "DIALING")


def ring(centre: CentreState, ctx: Emitter, caller: str, user_data: dict[str, Any]) -> Interaction:
    """Create an inbound call in RINGING (ring-no-answer timer from the scenario)."""
    rona_after = float(centre.scenario["timers"]["rona_after"])
    rona_at = ctx.now + rona_after if rona_after > 0 else None
    call_type = "INTERNAL" if is_extension(caller) else "INBOUND"
    dn = str(centre.scenario["agent"]["dn"])
    call = new_call(centre, ctx, InteractionState.RINGING, caller, user_data, call_type=call_type, direction="IN",
                    ani=caller, dnis=dn, rona_at=rona_at)
    return centre.interactions.add(ctx, call, "RINGING")


def step(centre: CentreState, ctx: Emitter, call: Interaction, name: str) -> None:
    """Apply one of STEPS to ``call`` (hangUp ends the call)."""
    action = STEPS[name]
    call.require(action.capability, name)
    if action.state == InteractionState.IDLE:
        end_call(centre, ctx, call, remove=call.is_consultation)
        return
    call.rona_at = None
    call.set_state(action.state)
    announce(ctx, action.event, call)


def end_call(
    centre: CentreState, ctx: Emitter, call: Interaction, *, remove: bool, rona_call_state: str | None = None
) -> None:
    """RELEASED (IDLE, recording stopped); then REMOVED when nothing is left to mark done."""
    call.rona_call_state = rona_call_state
    call.set_state(InteractionState.IDLE)
    call.end_date = iso_date(ctx.wall)
    call.recording_state = RecordingState.STOPPED
    call.answer_at = call.rona_at = None
    announce(ctx, "RELEASED", call)
    if remove:
        centre.interactions.remove(ctx, call)


def release_unanswered(centre: CentreState, ctx: Emitter, call: Interaction, rona_call_state: str) -> None:
    """An inbound call that was never answered: RELEASED with ronaCallState (REDIRECTED|NO_ANSWER), REMOVED."""
    end_call(centre, ctx, call, remove=True, rona_call_state=rona_call_state)


RELEASABLE_STATES = frozenset({InteractionState.DIALING, InteractionState.TALKING, InteractionState.HELD})
"""Calls the remote party can hang up (besides a ringing one, which ends unanswered)."""


def remote_release(centre: CentreState, ctx: Emitter, call: Interaction) -> None:
    """The remote party hangs up: a ringing call ends with ronaCallState NO_ANSWER, another call is RELEASED."""
    if call.state == InteractionState.RINGING:
        release_unanswered(centre, ctx, call, "NO_ANSWER")
    elif call.state in RELEASABLE_STATES:
        end_call(centre, ctx, call, remove=call.is_consultation)
    else:
        raise RequestError(f"Error: Interaction {call.interaction_id} has no call to release (state {call.state}).")


def remote_answer(ctx: Emitter, call: Interaction) -> None:
    """The remote party answers a DIALING call: ESTABLISHED (TALKING)."""
    if call.state != InteractionState.DIALING:
        raise RequestError(f"Error: Interaction {call.interaction_id} is not dialing (state {call.state}).")
    call.answer_at = None
    call.set_state(InteractionState.TALKING)
    announce(ctx, "ESTABLISHED", call)


def reject(centre: CentreState, ctx: Emitter, call: Interaction) -> None:
    """interaction.reject on a ringing call: RELEASED then REMOVED."""
    call.require(Capability.REJECT, "reject")
    end_call(centre, ctx, call, remove=True)


@REQUESTS.handles("voice.dial", Param("destination", string), Param("userData", optional_obj, optional=True))
def dial(centre: CentreState, ctx: RequestContext, destination: str, user_data: dict[str, Any]) -> None:
    """Call ``destination`` as from Team Communicator."""
    place_call(centre, ctx, checked_destination(destination), user_data)


@REQUESTS.handles(
    "voice.dialEx",
    Param("destination", string),
    Param("userData", optional_obj, optional=True),
    Param("extensions", optional_obj, optional=True),
)
def dial_ex(
    centre: CentreState, ctx: RequestContext, destination: str, user_data: dict[str, Any], extensions: dict[str, Any]
) -> None:
    """Call ``destination`` with attached data and extensions."""
    place_call(centre, ctx, checked_destination(destination), user_data, extensions=extensions)


def checked_destination(destination: str) -> str:
    """A non-blank destination."""
    if not destination.strip():
        raise RequestError("Error: Invalid parameter 'destination': expected a non-empty string.")
    return destination.strip()


def register_steps() -> None:
    """voice.answer, hold, resume, hangUp: one handler per STEPS entry."""
    for name in STEPS:

        def handler(centre: CentreState, ctx: RequestContext, interaction_id: str, name: str = name) -> None:
            step(centre, ctx, voice_call(centre, interaction_id), name)

        REQUESTS.handles(f"voice.{name}", Param("interactionId", string))(handler)


register_steps()

SIP_FLAGS = {"Microphone": "microphone_muted", "Speaker": "speaker_muted"}
"""SIP Endpoint device -> the Session attribute holding its mute flag."""


def register_mute_requests() -> None:
    """voice.is/mute/unmute Microphone|Speaker, and their sipEndpoint.* aliases (D4)."""
    for device, attribute in SIP_FLAGS.items():

        def is_muted(centre: CentreState, ctx: RequestContext, attribute: str = attribute) -> bool:
            return bool(getattr(centre.session, attribute))

        def mute(centre: CentreState, ctx: RequestContext, attribute: str = attribute) -> None:
            setattr(centre.session, attribute, True)

        def unmute(centre: CentreState, ctx: RequestContext, attribute: str = attribute) -> None:
            setattr(centre.session, attribute, False)

        for name, handler in ((f"is{device}Mute", is_muted), (f"mute{device}", mute), (f"unmute{device}", unmute)):
            REQUESTS.handles(f"voice.{name}")(handler)
            REQUESTS.alias(f"sipEndpoint.{name}", f"voice.{name}")


register_mute_requests()
