"""agent.* and media.* requests: the agent, its states and the state of each media."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workspace.errors import RequestError

from .dispatch import Param, RequestTable, string

if TYPE_CHECKING:
    from .centre import ContactCentre
    from .context import Emitter, RequestContext

REQUESTS = RequestTable()

EVENT_ONLY_TYPES = frozenset({"OUT_OF_SERVICE", "LOGOUT_DND"})
"""State types that events may carry but code cannot set (media.State, marked *)."""

PARTIAL_READY = {"type": "PARTIAL_READY", "displayName": "Partially Ready", "operationName": "PartialReady"}
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


def media_object(model: ContactCentre, name: str) -> dict[str, Any]:
    """One media.Media object: ``name`` (the reference) and ``media``, the same value (Genesys' sample reads it, D17)."""
    return {"name": name, "media": name, "state": wire_state(model.media_states[name])}


def media_list(model: ContactCentre) -> list[dict[str, Any]]:
    """media.Media objects for every media of the agent."""
    return [media_object(model, name) for name in model.media_states]


def state_changed(state: dict[str, Any], media: str | None = None) -> dict[str, Any]:
    """The agent STATE_CHANGED payload; reason/reasonCode come with NOT_READY_ACTION_CODE-like states."""
    data: dict[str, Any] = {"eventType": "STATE_CHANGED", "mediaState": state["type"]}
    data.update({key: state[key] for key in ("reason", "reasonCode") if key in state})
    if media is not None:
        data["media"] = media
    return data


def aggregate(model: ContactCentre) -> dict[str, Any]:
    """The agent state implied by the media states: their common state, else PARTIAL_READY or the first one."""
    states = list(model.media_states.values())
    if all(state is states[0] for state in states):
        return states[0]
    if any(state["type"] == "READY" for state in states):
        return PARTIAL_READY
    return states[0]


def apply_state(model: ContactCentre, ctx: Emitter, state: dict[str, Any], media: str | None) -> None:
    """Set one media's state (or every media's), emitting STATE_CHANGED for the media and for the agent, and a
    ``media`` STATE_CHANGED event for each media whose state changed (D16)."""
    names = [media] if media is not None else list(model.media_states)
    for name in names:
        changed = model.media_states[name] != state
        model.media_states[name] = state
        if changed:
            ctx.emit("media", {"eventType": "STATE_CHANGED", "media": media_object(model, name)})
    if media is not None:
        ctx.emit("agent", state_changed(state, media))
    new_agent_state = aggregate(model)
    if media is None or new_agent_state is not model.agent_state:
        model.agent_state = new_agent_state
        ctx.emit("agent", state_changed(new_agent_state))


def settable_state(model: ContactCentre, operation_name: str) -> dict[str, Any]:
    """The state to apply for agent/media.setState; event-only types are refused."""
    state = find_state(model.states, operation_name)
    if state["type"] in EVENT_ONLY_TYPES:
        raise RequestError(f"Error: State '{operation_name}' ({state['type']}) cannot be set by code.")
    return state


def media_name(model: ContactCentre, name: str) -> str:
    """``name`` if the agent has this media."""
    if name not in model.media_states:
        raise RequestError(f"Error: Media '{name}' not found.")
    return name


@REQUESTS.handles("agent.get")
def get(model: ContactCentre, ctx: RequestContext) -> dict[str, str]:
    """agent.Agent."""
    return dict(model.agent_info)


@REQUESTS.handles("agent.getState")
def get_state(model: ContactCentre, ctx: RequestContext) -> dict[str, str]:
    """The agent's media.State."""
    return wire_state(model.agent_state)


@REQUESTS.handles("agent.getStateList")
def get_state_list(model: ContactCentre, ctx: RequestContext) -> list[dict[str, str]]:
    """Every state of the scenario, as media.State objects."""
    return [wire_state(state) for state in model.states]


@REQUESTS.handles("agent.setState", Param("stateOperationName", string))
def set_state(model: ContactCentre, ctx: RequestContext, operation_name: str) -> None:
    """Set every media to the state with this operationName."""
    apply_state(model, ctx, settable_state(model, operation_name), None)


@REQUESTS.handles("media.getMediaList")
def get_media_list(model: ContactCentre, ctx: RequestContext) -> list[dict[str, Any]]:
    """media.Media objects."""
    return media_list(model)


@REQUESTS.handles("media.getMediaByName", Param("name", string))
def get_media_by_name(model: ContactCentre, ctx: RequestContext, name: str) -> dict[str, Any]:
    """One media.Media object."""
    return media_object(model, media_name(model, name))


@REQUESTS.handles("media.setState", Param("name", string), Param("stateOperationName", string))
def set_media_state(model: ContactCentre, ctx: RequestContext, name: str, operation_name: str) -> None:
    """Set one media's state."""
    apply_state(model, ctx, settable_state(model, operation_name), media_name(model, name))
