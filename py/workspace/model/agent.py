"""agent.* and media.* requests: the agent, its states and the state of each media."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workspace.errors import RequestError

from .dispatch import Param, RequestTable, string
from .state import StateType

if TYPE_CHECKING:
    from .context import Emitter, RequestContext
    from .state import CentreState

REQUESTS = RequestTable()

EVENT_ONLY_TYPES = frozenset({StateType.OUT_OF_SERVICE, StateType.LOGOUT_DND})
"""State types that events may carry but code cannot set (media.State, marked *)."""

PARTIAL_READY = {"type": StateType.PARTIAL_READY.value, "displayName": "Partially Ready", "operationName": "PartialReady"}
"""Agent state when some media are READY and others are not."""

STATE_KEYS = ("type", "displayName", "operationName")
"""The media.State fields; scenario entries may also carry reason/reasonCode for the event."""


def agent_info(scenario_agent: dict[str, Any]) -> dict[str, str]:
    """The agent.Agent object from the scenario's agent table."""
    return {key: str(scenario_agent[key]) for key in ("employeeId", "firstname", "lastname", "username")}


def find_state(states: list[dict[str, Any]], operation_name: str) -> dict[str, Any]:
    """The state whose operationName is ``operation_name``."""
    for state in states:
        if state["operationName"] == operation_name:
            return state
    raise RequestError(f"Error: Unknown state operation name '{operation_name}'.")


def wire_state(state: dict[str, Any]) -> dict[str, str]:
    """A media.State object."""
    return {key: state[key] for key in STATE_KEYS}


def media_object(centre: CentreState, name: str) -> dict[str, Any]:
    """One media.Media object: ``name`` (the reference) and ``media``, the same value (Genesys' sample reads it, D17)."""
    return {"name": name, "media": name, "state": wire_state(centre.agent.media[name])}


def media_list(centre: CentreState) -> list[dict[str, Any]]:
    """media.Media objects for every media of the agent."""
    return [media_object(centre, name) for name in centre.agent.media]


def state_changed(state: dict[str, Any], media: str | None = None) -> dict[str, Any]:
    """The agent STATE_CHANGED payload; reason/reasonCode come with NOT_READY_ACTION_CODE-like states."""
    data: dict[str, Any] = {"eventType": "STATE_CHANGED", "mediaState": state["type"]}
    data.update({key: state[key] for key in ("reason", "reasonCode") if key in state})
    if media is not None:
        data["media"] = media
    return data


def aggregate(media: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The agent state implied by the media states: their common state, else PARTIAL_READY or the first one."""
    states = list(media.values())
    if all(state is states[0] for state in states):
        return states[0]
    if any(state["type"] == StateType.READY for state in states):
        return PARTIAL_READY
    return states[0]


def apply_state(centre: CentreState, ctx: Emitter, state: dict[str, Any], media: str | None) -> None:
    """Set one media's state (or every media's), emitting STATE_CHANGED for the media and for the agent, and a
    ``media`` STATE_CHANGED event for each media whose state changed (D16)."""
    agent = centre.agent
    names = [media] if media is not None else list(agent.media)
    for name in names:
        changed = agent.media[name] != state
        agent.media[name] = state
        if changed:
            ctx.emit("media", {"eventType": "STATE_CHANGED", "media": media_object(centre, name)})
    if media is not None:
        ctx.emit("agent", state_changed(state, media))
    new_agent_state = aggregate(agent.media)
    if media is None or new_agent_state is not agent.current:
        agent.current = new_agent_state
        ctx.emit("agent", state_changed(new_agent_state))


def settable_state(centre: CentreState, operation_name: str) -> dict[str, Any]:
    """The state to apply for agent/media.setState; event-only types are refused."""
    state = find_state(centre.agent.states, operation_name)
    if state["type"] in EVENT_ONLY_TYPES:
        raise RequestError(f"Error: State '{operation_name}' ({state['type']}) cannot be set by code.")
    return state


def media_name(centre: CentreState, name: str) -> str:
    """``name`` if the agent has this media."""
    if name not in centre.agent.media:
        raise RequestError(f"Error: Media '{name}' not found.")
    return name


@REQUESTS.handles("agent.get")
def get(centre: CentreState, ctx: RequestContext) -> dict[str, str]:
    """agent.Agent."""
    return dict(centre.agent.info)


@REQUESTS.handles("agent.getState")
def get_state(centre: CentreState, ctx: RequestContext) -> dict[str, str]:
    """The agent's media.State."""
    return wire_state(centre.agent.current)


@REQUESTS.handles("agent.getStateList")
def get_state_list(centre: CentreState, ctx: RequestContext) -> list[dict[str, str]]:
    """Every state of the scenario, as media.State objects."""
    return [wire_state(state) for state in centre.agent.states]


@REQUESTS.handles("agent.setState", Param("stateOperationName", string))
def set_state(centre: CentreState, ctx: RequestContext, operation_name: str) -> None:
    """Set every media to the state with this operationName."""
    apply_state(centre, ctx, settable_state(centre, operation_name), None)


@REQUESTS.handles("media.getMediaList")
def get_media_list(centre: CentreState, ctx: RequestContext) -> list[dict[str, Any]]:
    """media.Media objects."""
    return media_list(centre)


@REQUESTS.handles("media.getMediaByName", Param("name", string))
def get_media_by_name(centre: CentreState, ctx: RequestContext, name: str) -> dict[str, Any]:
    """One media.Media object."""
    return media_object(centre, media_name(centre, name))


@REQUESTS.handles("media.setState", Param("name", string), Param("stateOperationName", string))
def set_media_state(centre: CentreState, ctx: RequestContext, name: str, operation_name: str) -> None:
    """Set one media's state."""
    apply_state(centre, ctx, settable_state(centre, operation_name), media_name(centre, name))
