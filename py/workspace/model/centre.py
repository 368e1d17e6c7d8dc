"""ContactCentre: the simulated contact centre behind the Workspace simulator host."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

from workspace.errors import RequestError

from . import agent, interactions, messenger, openmedia, options, outbound, recording, records, system, transfer, voice
from .campaign import load_campaigns
from .context import Emitter, RequestContext
from .controls import ControlPanel
from .dispatch import RequestTable
from .lifecycle import InteractionState
from .scenario import with_defaults
from .state import AgentStates, CentreState, InteractionList, Outbound

REQUESTS = RequestTable.merge(
    agent.REQUESTS,
    options.REQUESTS,
    openmedia.REQUESTS,
    interactions.REQUESTS,
    transfer.REQUESTS,
    system.REQUESTS,
    voice.REQUESTS,
    recording.REQUESTS,
    outbound.REQUESTS,
    records.REQUESTS,
    messenger.REQUESTS,
)
"""Every request the model answers (the host answers auth.getJwtToken, system.getAllowedServices, subscribe)."""


def initial_state(config: Any) -> CentreState:
    """The state at start: ``config`` has ``options`` (section -> option -> value) and ``scenario`` (the TOML table)."""
    scenario = with_defaults(getattr(config, "scenario", None))
    states = scenario["states"]
    initial = agent.find_state(states, scenario["agent"]["state"])
    return CentreState(
        options=dict(getattr(config, "options", None) or {}),
        scenario=scenario,
        agent=AgentStates(info=agent.agent_info(scenario["agent"]), states=states,
                          media={name: initial for name in scenario["media"]}, current=initial),
        interactions=InteractionList(scenario["contacts"]),
        outbound=Outbound(load_campaigns(scenario)),
    )


T = TypeVar("T")


class StateAttribute(Generic[T]):
    """A read-only attribute of ContactCentre that reads its CentreState (``centre.toasts`` is
    ``centre.state.screen.toasts``)."""

    def __init__(self, read: Callable[[CentreState], T]) -> None:
        self.read = read

    @overload
    def __get__(self, centre: None, owner: type) -> StateAttribute[T]: ...
    @overload
    def __get__(self, centre: ControlPanel, owner: type) -> T: ...
    def __get__(self, centre: ControlPanel | None, owner: type) -> StateAttribute[T] | T:
        return self if centre is None else self.read(centre.state)


class ContactCentre(ControlPanel):
    """Answers Service Client API requests, emits events, and exposes its state to the simulator page.

    The facade the host uses: ``handle`` (one handler per request, REQUESTS), ``tick``, ``snapshot``; the control
    methods come from ControlPanel. Handlers and controls work on ``state`` (a CentreState); the StateAttributes
    read it for the page and for tests.
    """

    def __init__(self, config: Any) -> None:
        super().__init__(initial_state(config))

    # --- host entry points ------------------------------------------------------------------------

    @property
    def requests(self) -> frozenset[str]:
        """The request names ``handle`` answers."""
        return frozenset(REQUESTS)

    @property
    def aliases(self) -> dict[str, str]:
        """Other spellings of requests (``sipEndpoint.muteMicrophone``) -> the request they are (D4)."""
        return REQUESTS.aliases()

    def handle(self, request: str, params: Any, ctx: RequestContext) -> Any:
        """Answer one request: return its ``data`` or raise RequestError(errorMessage)."""
        entry = REQUESTS.get(request)
        if entry is None:
            raise RequestError(f"Unknown request '{request}'.")
        return entry(self.state, ctx, params)

    def tick(self, ctx: Emitter) -> None:
        """Run the timers that are due at ``ctx.now``: remote answer, ring-no-answer, toast auto-close."""
        for call in list(self.state.interactions.values()):
            if call.state == InteractionState.DIALING and call.answer_at is not None and ctx.now >= call.answer_at:
                voice.remote_answer(ctx, call)
            elif call.state == InteractionState.RINGING and call.rona_at is not None and ctx.now >= call.rona_at:
                voice.release_unanswered(self.state, ctx, call, "REDIRECTED")
        system.close_expired_toasts(self.state.screen, ctx.now)

    def next_deadline(self) -> float | None:
        """The earliest monotonic time at which ``tick`` has something to do, or None."""
        calls = self.state.interactions.values()
        deadlines = [it.answer_at for it in calls if it.state == InteractionState.DIALING and it.answer_at is not None]
        deadlines += [it.rona_at for it in calls if it.state == InteractionState.RINGING and it.rona_at is not None]
        deadlines += [toast.close_at for toast in self.state.screen.toasts.values() if toast.close_at is not None]
        return min(deadlines, default=None)

    # --- what the simulator page renders (and tests read): parts of ``state`` -------------------------

    agent_info = StateAttribute(lambda state: state.agent.info)
    agent_state = StateAttribute(lambda state: state.agent.current)
    media_states = StateAttribute(lambda state: state.agent.media)
    states = StateAttribute(lambda state: state.agent.states)
    interactions = StateAttribute(lambda state: state.interactions)
    workbin = StateAttribute(lambda state: state.workbin)
    campaigns = StateAttribute(lambda state: state.outbound.campaigns)
    direct_push_active = StateAttribute(lambda state: state.outbound.direct_push_active)
    processed_records = StateAttribute(lambda state: state.outbound.processed_records)
    toasts = StateAttribute(lambda state: state.screen.toasts)
    dialogs = StateAttribute(lambda state: state.screen.dialogs)
    menu_views = StateAttribute(lambda state: state.screen.menu_views)
    microphone_muted = StateAttribute(lambda state: state.session.microphone_muted)
    speaker_muted = StateAttribute(lambda state: state.session.speaker_muted)
    connection_state = StateAttribute(lambda state: state.session.connection_state)
    last_activity = StateAttribute(lambda state: state.session.last_activity)

    def snapshot(self) -> dict[str, Any]:
        """JSON-ready view of the whole model for the simulator page."""
        state = self.state
        screen, session = state.screen, state.session
        return {
            "agent": dict(state.agent.info),
            "agentState": dict(state.agent.current),
            "media": agent.media_list(state),
            "interactions": [it.to_wire() for it in state.interactions.values()],
            "workbin": [it.to_wire() for it in state.workbin.values()],
            "transcripts": {i: [dict(m) for m in it.transcript] for i, it in state.interactions.items() if it.transcript},
            "campaigns": [campaign.to_wire() for campaign in state.outbound.campaigns.values()],
            "directPushPreview": state.outbound.direct_push_active,
            "processedRecords": list(state.outbound.processed_records),
            # Host-owned keys last: an extension's parameters cannot overwrite them.
            "toasts": [{**t.parameters, "id": t.toast_id, "frameId": t.frame_id} for t in screen.toasts.values()],
            "dialogs": [{**d.options, "id": d.dialog_id, "frameId": d.frame_id, "url": d.url} for d in screen.dialogs.values()],
            "menuViews": [{**v.parameters, "frameId": v.frame_id} for v in screen.menu_views.values()],
            "microphoneMuted": session.microphone_muted,
            "speakerMuted": session.speaker_muted,
            "connectionState": session.connection_state.value,
            "lastActivity": session.last_activity,
        }
