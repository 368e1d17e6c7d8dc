"""What the dashboard does: start-up loads, events, and one handler per control (data-action).

The Dashboard calls the Service, updates the DashboardState and hands the fragments that changed to ``apply``
(the page in the browser, a list in tests). A failure shows as a notice next to the control that caused it.
"""

from __future__ import annotations

import asyncio
import logging
from functools import partial
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Iterable, Mapping

from wwe import RequestFailed, Service, Subscription, scripted

from . import controls, inputs
from .failures import failure_notice, reply_text
from .inputs import InvalidInput
from .render import Fragment, Renderer
from .state import (FRAME_STATES, MESSENGER_PREFIX, WRITE_ALLOWED_OPTION, Change, ChangeKind, DashboardState,
                    Interaction, Notice)

logger = logging.getLogger("dashboard")

Apply = Callable[[list[Fragment]], None]

SUBSCRIBED_EVENTS = ("agent", "interaction", "system", "outbound", "markdone")
"""What the dashboard subscribes to at start; messenger channels are joined one by one."""

UNLOGGED_DATA = frozenset({"auth.getJwtToken"})
"""Requests whose answer stays out of the event log: the token is a credential (the JWT panel shows it on demand)."""


@dataclass(frozen=True)
class Command:
    """One agent action on the page: the control's data-action, data-key, data-arg, and its form's fields."""

    action: str
    key: str = ""
    arg: str = ""
    fields: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Action:
    """A handler and the notice area where its failures show (next to its control)."""

    run: Callable[[Dashboard, Command], Awaitable[None]]
    area: Callable[[Command], str]


ACTIONS: dict[str, Action] = {}


def item_area(command: Command) -> str:
    """Failures of an item's controls show in that item (interaction row, toast, channel)."""
    return command.key


def preview_area(command: Command) -> str:
    """Failures of an outbound record's controls show in its entry of the outbound panel."""
    return f"{command.key}-preview"


def action(*names: str, area: str | Callable[[Command], str]) -> Callable:
    """Register the decorated coroutine function as the handler of the data-actions ``names``."""
    area_of = area if callable(area) else (lambda command: area)

    def register(run: Callable[[Dashboard, Command], Awaitable[None]]) -> Callable:
        for name in names:
            ACTIONS[name] = Action(run, area_of)
        return run

    return register


Loaded = Callable[[DashboardState, Any], list[Change]]

Load = tuple[str, tuple[Any, ...], Loaded, str]

MEDIA_LOAD: Load = ("media.getMediaList", (), DashboardState.media_loaded, "agent")
"""Also read again after an agent STATE_CHANGED without ``media``: it follows agent.setState (every media changed) or
a media.setState (only the agent's summary state changed), and the event does not tell which."""

INITIAL_LOADS: tuple[Load, ...] = (
    ("agent.get", (), DashboardState.agent_loaded, "agent"),
    ("agent.getStateList", (), DashboardState.states_loaded, "agent"),
    ("agent.getState", (), DashboardState.agent_state_loaded, "agent"),
    MEDIA_LOAD,
    ("interaction.getInteractions", (), DashboardState.interactions_loaded_from, "interactions"),
    ("configuration.getOption", ([WRITE_ALLOWED_OPTION],), DashboardState.write_allowed_loaded, ""),
    ("system.getAllowedServices", (), DashboardState.services_loaded, ""),
    *((f"system.isFrame{state.capitalize()}", (), partial(DashboardState.frame_state_answered, state=state), "")
      for state in FRAME_STATES),
    ("outbound.getCampaigns", (), DashboardState.campaigns_loaded, "outbound"),
    ("outbound.getListOfCallResults", (), DashboardState.call_results_loaded, "outbound"),
)
"""Start-up requests: (request, parameters, DashboardState method given the data, notice area for a failure).
Without an area a failure only reaches the log (the dashboard works on: all keys look writable, no JWT panel)."""


class Dashboard:
    """The dashboard's behaviour around one Service."""

    def __init__(self, service: Service, renderer: Renderer, apply: Apply, state: DashboardState | None = None) -> None:
        self.service = service
        self.renderer = renderer
        self.apply = apply
        self.state = state or DashboardState()
        self.rendered = False
        self.channel_subscriptions: dict[str, Subscription] = {}
        self._media_reload: asyncio.Future | None = None
        self._media_stale = False

    # --- rendering ----------------------------------------------------------------------------------------

    def show(self, changes: Iterable[Change]) -> None:
        """Render and apply ``changes``; before the first full render only the status line is live."""
        changes = [c for c in changes if self.rendered or c.kind == ChangeKind.STATUS]
        if changes:
            self.apply(self.renderer.fragments(self.state, changes))

    def render_all(self) -> None:
        """Replace the pre-rendered shell with every panel rendered from the state."""
        self.rendered = True
        self.show([Change(ChangeKind.PANELS)])

    # --- requests and events ------------------------------------------------------------------------------

    async def request(self, name: str, *parameters: Any) -> Any:
        """Send request ``name`` ("ns.method") and return its data; the outcome goes to the event log."""
        namespace, method = name.split(".")
        try:
            data = await getattr(getattr(self.service, namespace), method)(*parameters)
        except RequestFailed as error:
            self.show(self.state.add_log("failure", name, {"parameters": list(parameters), "reply": error.reply}))
            raise
        logged = "(not logged)" if name in UNLOGGED_DATA else data
        self.show(self.state.add_log("request", name, {"parameters": list(parameters), "data": logged}))
        return data

    def on_scripted(self, text: str) -> None:
        """``service.onMessage``: a lesson's step asks this dashboard to send a request (``wwe.scripted``, decision
        P4 of docs/SIMULATOR.md). It is sent as the dashboard's own and its outcome, the host's refusal included, goes
        to the event log; the dashboard's own input checks (write-allowed keys) belong to its controls and are not
        applied, so a lesson can show the host's rules at work."""
        asked = scripted.read(text)
        if asked is not None:
            asyncio.ensure_future(self._scripted(asked))

    async def _scripted(self, asked: scripted.ScriptedRequest) -> None:
        try:
            await self.request(asked.request, *asked.parameters)
        except RequestFailed:
            pass  # in the event log already
        except TypeError as error:  # arguments the client's method refuses: nothing was sent
            self.show(self.state.add_log("failure", asked.request, {"parameters": asked.parameters,
                                                                    "reply": str(error)}))

    def on_event(self, message: dict[str, Any]) -> None:
        """Subscription handler: every event the host sends."""
        self.show(self.state.apply_event(message))
        if self.state.is_agent_state_change(message):
            self._reload_media()

    def _reload_media(self) -> None:
        """Read the media states again (MEDIA_LOAD): one request at a time, one more if events came meanwhile."""
        if self._media_reload is not None and not self._media_reload.done():
            self._media_stale = True
            return
        try:
            self._media_reload = asyncio.ensure_future(self._load(*MEDIA_LOAD))
        except RuntimeError:  # no event loop (a test driving the dashboard by hand): nothing to reload with
            return
        self._media_stale = False
        self._media_reload.add_done_callback(lambda _: self._reload_media() if self._media_stale else None)

    async def _load(self, name: str, parameters: tuple[Any, ...], loaded: Loaded, area: str) -> Exception | None:
        try:
            data = await self.request(name, *parameters)
        except RequestFailed as error:
            if area:
                self.show(self.state.set_notice(area, failure_notice(error)))
            return error
        self.show(loaded(self.state, data))
        return None

    async def start(self) -> None:
        """Subscribe to the events and load every panel; the status line says how it went."""
        self.show(self.state.set_status("loading", "Connecting to Agent Workspace…"))
        subscription = self.service.subscribe(list(SUBSCRIBED_EVENTS), self.on_event)
        failures = await asyncio.gather(self._subscribed(subscription), *(self._load(*load) for load in INITIAL_LOADS))
        self.render_all()
        self.show(self.state.set_status(*start_status([f for f in failures if f is not None], len(failures))))

    @staticmethod
    async def _subscribed(subscription: Subscription) -> Exception | None:
        try:
            await subscription
        except RequestFailed as error:
            return error
        return None

    # --- commands -----------------------------------------------------------------------------------------

    async def perform(self, command: Command) -> None:
        """Run the handler of ``command.action``; any failure becomes a notice next to the control."""
        entry = ACTIONS.get(command.action)
        if entry is None:
            logger.warning("dashboard: no handler for data-action %r", command.action)
            return
        area = entry.area(command)
        self.show(self.state.set_notice(area, None))
        try:
            await entry.run(self, command)
        except Exception as error:  # every failure is shown where it happened, not only logged
            if not isinstance(error, (RequestFailed, InvalidInput)):
                logger.exception("dashboard: %s failed", command.action)
            self.show(self.state.set_notice(area, failure_notice(error)))

    def tell(self, area: str, text: str) -> None:
        """Confirm a request that changes nothing visible (broadcast sent, call result set...)."""
        self.show(self.state.set_notice(area, Notice("info", text)))

    def interaction(self, key: str) -> Interaction:
        interaction = self.state.interaction_by_key(key)
        if interaction is None:
            raise InvalidInput("This interaction is no longer in Agent Workspace.")
        return interaction

    # agent ---------------------------------------------------------------------------------------------------

    @action("set-state", area="agent")
    async def set_state(self, command: Command) -> None:
        operation = inputs.required(command.fields, "state", "State")
        media = command.fields.get("media", "")
        if media:
            await self.request("media.setState", media, operation)
        else:
            await self.request("agent.setState", operation)

    # interactions --------------------------------------------------------------------------------------------

    @action("dial", area="dial")
    async def dial(self, command: Command) -> None:
        await self.request("voice.dial", inputs.required(command.fields, "destination", "Phone number"), {})

    @action("select-interaction", area=item_area)
    async def select_interaction(self, command: Command) -> None:
        self.show(self.state.select(command.key))

    @action(*(c.action for c in controls.CALL_CONTROLS + controls.RECORDING_CONTROLS), area=item_area)
    async def call_control(self, command: Command) -> None:
        control = controls.BY_ACTION[command.action]
        await self.request(control.request, *control.arguments(self.interaction(command.key)))

    @action(*(c.action for c in controls.PREVIEW_CONTROLS), area=preview_area)
    async def preview_control(self, command: Command) -> None:
        control = controls.BY_ACTION[command.action]
        arguments = control.arguments(self.interaction(command.key))
        if None in arguments:
            raise InvalidInput("This record has no record handle (GSW_RECORD_HANDLE).")
        await self.request(control.request, *arguments)

    @action("select-case", area="details")
    async def select_case(self, command: Command) -> None:
        await self.request("interaction.selectCaseByCaseId", str(self.interaction(command.key).data.get("caseId", "")))

    @action("set-user-data", area="details")
    async def set_user_data(self, command: Command) -> None:
        interaction = self.interaction(command.key)
        key = inputs.required(command.fields, "key", "Key")
        if not self.state.may_write(key):
            allowed = ", ".join(sorted(self.state.write_allowed or ()))
            raise InvalidInput(f"The key '{key}' is not writable here (write-allowed keys: {allowed}).")
        await self.request("interaction.setUserData", interaction.id, {key: command.fields.get("value", "")})

    @action("delete-user-data", area="details")
    async def delete_user_data(self, command: Command) -> None:
        await self.request("interaction.deleteUserData", self.interaction(command.key).id, command.arg)

    # toasts --------------------------------------------------------------------------------------------------

    @action("popup-toast", area="toasts")
    async def popup_toast(self, command: Command) -> None:
        parameters = inputs.toast_parameters(command.fields)
        toast_id = await self.request("system.popupToast", parameters)
        self.show(self.state.toast_opened(toast_id, parameters))

    @action("update-toast", area=item_area)
    async def update_toast(self, command: Command) -> None:
        toast = self.state.toasts[command.key]
        parameters = inputs.toast_parameters(command.fields)
        shown = bool(await self.request("system.updateToast", toast.toast_id, parameters))
        self.show(self.state.toast_updated(command.key, parameters, shown))
        if not shown:
            self.tell(command.key, "This toast is no longer shown: nothing to update.")

    @action("close-toast", area=item_area)
    async def close_toast(self, command: Command) -> None:
        toast = self.state.toasts[command.key]
        closed = await self.request("system.closeToast", toast.toast_id)
        self.show(self.state.toast_closed(command.key))
        if not closed:
            self.tell(command.key, "This toast was already closed.")

    # messenger -----------------------------------------------------------------------------------------------

    @action("join-channel", area="messenger")
    async def join_channel(self, command: Command) -> None:
        name = inputs.required(command.fields, "channel", "Channel")
        if self.state.channel_by_name(name) is not None:
            raise InvalidInput(f"You have already joined '{name}'.")
        channel, changes = self.state.join(name)
        self.show(changes)
        subscription = self.channel_subscriptions[channel.key] = \
            self.service.subscribe(f"{MESSENGER_PREFIX}{name}", self.on_event)
        try:
            await subscription
        except RequestFailed:
            self._leave(channel.key)
            raise

    @action("leave-channel", area="messenger")
    async def leave_channel(self, command: Command) -> None:
        self._leave(command.key)

    def _leave(self, key: str) -> None:
        subscription = self.channel_subscriptions.pop(key, None)
        if subscription is not None:
            subscription.unsubscribe()
        self.show(self.state.leave(key))

    @action("broadcast", area=item_area)
    async def broadcast(self, command: Command) -> None:
        channel = self.state.channels[command.key]
        message = inputs.json_object(command.fields.get("message", ""), "Message")
        await self.request("messenger.broadcastMessage", channel.name, message)
        self.tell(command.key, f"Broadcast on '{channel.name}'.")

    # outbound ------------------------------------------------------------------------------------------------

    @action("get-preview-record", area="outbound")
    async def get_preview_record(self, command: Command) -> None:
        await self.request("outbound.getPreviewRecord", inputs.required(command.fields, "campaign", "Campaign"))

    @action("start-direct-push", area="outbound")
    async def start_direct_push(self, command: Command) -> None:
        await self.request("outbound.startDirectPushPreview")
        self.tell("outbound", "Direct push preview started.")

    @action("stop-direct-push", area="outbound")
    async def stop_direct_push(self, command: Command) -> None:
        await self.request("outbound.stopDirectPushPreview")
        self.tell("outbound", "Direct push preview stopped.")

    @action("load-record-fields", area=preview_area)
    async def load_record_fields(self, command: Command) -> None:
        fields = await self.request("outbound.getRecordFields", self.interaction(command.key).id)
        self.show(self.state.record_fields_loaded(command.key, fields))

    @action("update-record-field", area=preview_area)
    async def update_record_field(self, command: Command) -> None:
        interaction = self.interaction(command.key)
        record_field = next((f for f in interaction.record_fields or () if f.get("name") == command.arg), None)
        if record_field is None:
            raise InvalidInput(f"Unknown record field '{command.arg}'.")
        value = inputs.field_value(record_field, command.fields.get("value", ""))
        await self.request("outbound.updateRecordFields", interaction.id, {command.arg: value})
        await self.load_record_fields(command)
        label = record_field.get("displayName") or command.arg
        self.tell(preview_area(command), f"{label} saved (OCS gets it when the record is marked done).")

    @action("set-call-result", area=preview_area)
    async def set_call_result(self, command: Command) -> None:
        code = inputs.call_result(command.fields.get("result", ""), self.state.call_results)
        await self.request("outbound.setCallResult", self.interaction(command.key).id, code)
        self.tell(preview_area(command), f"Call result set ({code}).")

    @action("reschedule", area=preview_area)
    async def reschedule(self, command: Command) -> None:
        interaction = self.interaction(command.key)
        date = inputs.reschedule_date(command.fields.get("date", ""))
        callback_type = inputs.callback_type(command.fields.get("callbackType", ""))
        if interaction.record_handle is None:
            raise InvalidInput("This record has no record handle (GSW_RECORD_HANDLE).")
        await self.request("outbound.rescheduleRecord", interaction.id, interaction.record_handle, date, callback_type)
        self.tell(preview_area(command), f"Rescheduled at {date} (record's time zone), {callback_type.lower()} callback.")

    @action("cancel-reschedule", area=preview_area)
    async def cancel_reschedule(self, command: Command) -> None:
        await self.request("outbound.cancelReschedule", self.interaction(command.key).id)
        self.tell(preview_area(command), "Reschedule cancelled.")

    # JWT and log ---------------------------------------------------------------------------------------------

    @action("get-jwt", area="jwt")
    async def get_jwt(self, command: Command) -> None:
        self.show(self.state.jwt_loaded(await self.request("auth.getJwtToken")))

    @action("filter-log", area="log")
    async def filter_log(self, command: Command) -> None:
        self.show(self.state.set_log_filter(command.fields.get("value", "")))


def start_status(failures: list[Exception], attempted: int) -> tuple[str, str]:
    """The status line after start-up: (kind, text)."""
    if not failures:
        return "ready", "Connected to Agent Workspace."
    first = failures[0]
    reason = reply_text(first) if isinstance(first, RequestFailed) else str(first)
    if len(failures) == attempted:
        return "failed", f"Agent Workspace did not serve this page: {reason}"
    return "ready", f"Connected; {len(failures)} of {attempted} start-up requests failed (see the panels and the log)."
