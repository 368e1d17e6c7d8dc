"""system.* requests: custom toasts, dialogs, Application Menu bar views, frame visibility and tab election state."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable

from workspace.errors import RequestError
from wwe.toasts import toast_buttons

from .dispatch import Invalid, Param, RequestTable, is_number, obj, optional_string, string
from .screen import Dialog, MenuView, Screen, Toast

if TYPE_CHECKING:
    from .context import Emitter, RequestContext
    from .state import CentreState

REQUESTS = RequestTable()

TOAST_WIDTH_OPTION = "service-client-api.toast.width"
"""Default toast width (px), read from the interaction-workspace section; the ``width`` parameter wins."""

HEX_COLOR = re.compile(r"#([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
DIALOG_SIZE = re.compile(r"\d+(\.\d+)?(px|%)")

Rule = tuple[Callable[[Any], bool], str]


def is_text(value: Any) -> bool:
    """A JSON string."""
    return isinstance(value, str)


TOAST_RULES: dict[str, Rule] = {
    "title": (is_text, "a string"),
    "iconUrl": (is_text, "a string"),
    "subject": (is_text, "a string"),
    "message": (is_text, "a string"),
    "keyValues": (lambda v: isinstance(v, dict), "an object"),
    "buttons": (lambda v: isinstance(v, list) and all(is_text(b) for b in v), "an array of strings"),
    "buttonShowDismiss": (lambda v: isinstance(v, bool), "a boolean"),
    "autoCloseTimeout": (is_number, "a number of milliseconds"),
    "sendToMyMessage": (lambda v: isinstance(v, bool), "a boolean"),
    "width": (is_number, "a number of pixels"),
}
"""popupToast/updateToast parameters (the lost flag's name, ``buttonShowDismiss``, is the official samples', D18;
other keys are kept as given)."""


VIEW_RULES: dict[str, Rule] = {
    "name": (lambda v: is_text(v) and bool(v), "a non-empty string"),
    "iconUrl": (is_text, "a string"),
    "label": (is_text, "a string"),
    "shortLabel": (is_text, "a string"),
    "tooltip": (is_text, "a string"),
    "labelColor": (lambda v: is_text(v) and bool(HEX_COLOR.fullmatch(v)), "a hex colour such as '#FFFFFF'"),
    "backgroundColor": (lambda v: is_text(v) and bool(HEX_COLOR.fullmatch(v)), "a hex colour such as '#000000'"),
}

DIALOG_RULES: dict[str, Rule] = {
    "label": (is_text, "a string"),
    "width": (lambda v: is_text(v) and bool(DIALOG_SIZE.fullmatch(v)), "a size in px or % such as '430px'"),
    "height": (lambda v: is_text(v) and bool(DIALOG_SIZE.fullmatch(v)), "a size in px or % such as '325px'"),
}

FRAME_STATES = {
    "system.isFrameLeading": frozenset({"LEADING"}),
    "system.isFrameFollowing": frozenset({"FOLLOWING"}),
    "system.isFrameNegotiating": frozenset({"NEGOTIATING"}),
    "system.isFrameLeadingOrNegotiating": frozenset({"LEADING", "NEGOTIATING"}),
}
"""isFrame* request -> frame states (ctx.frame.frame_state) that answer true."""


def checked(parameters: dict[str, Any], rules: dict[str, Rule], param: str) -> dict[str, Any]:
    """``parameters`` if every known key holds the documented type."""
    for key, (valid, expected) in rules.items():
        if key in parameters and not valid(parameters[key]):
            raise RequestError(f"Error: Invalid parameter '{param}.{key}': expected {expected}.")
    return parameters


def view_name(value: Any) -> str:
    """Checker: a view name, or an object with its ``name`` (D4)."""
    name = value.get("name") if isinstance(value, dict) else value
    if not isinstance(name, str):
        raise Invalid("a view name or an object with a 'name'")
    return name


def schedule_close(toast: Toast, now: float) -> None:
    """Auto-close ``autoCloseTimeout`` ms from now when it is positive."""
    timeout = toast.parameters.get("autoCloseTimeout", 0)
    toast.close_at = now + timeout / 1000 if timeout > 0 else None


def close_expired_toasts(screen: Screen, now: float) -> None:
    """Remove toasts whose auto-close time has come."""
    for toast in list(screen.toasts.values()):
        if toast.close_at is not None and now >= toast.close_at:
            del screen.toasts[toast.toast_id]


def click_toast_button(screen: Screen, ctx: Emitter, toast_id: str, index: int) -> None:
    """The agent clicks button ``index`` (0-based, as in toast_buttons)."""
    toast = screen.toasts.get(toast_id)
    if toast is None:
        raise RequestError(f"Error: Toast '{toast_id}' not found.")
    if not 0 <= index < len(toast_buttons(toast.parameters)):
        raise RequestError(f"Error: Toast '{toast_id}' has no button {index}.")
    del screen.toasts[toast_id]
    data = {"eventType": "CUSTOM_TOAST_BUTTON_CLICK", "customToastId": toast_id, "buttonIndex": index}
    ctx.emit("system", data, to=toast.frame_id)


@REQUESTS.handles("system.popupToast", Param("parameters", obj))
def popup_toast(centre: CentreState, ctx: RequestContext, parameters: dict[str, Any]) -> str:
    """Show a custom toast; returns its id ("wweCustomToast0", "wweCustomToast1"... as the official samples, D18)."""
    parameters = dict(checked(parameters, TOAST_RULES, "parameters"))
    default_width = str(centre.options.get("interaction-workspace", {}).get(TOAST_WIDTH_OPTION, ""))
    if "width" not in parameters and default_width.isdigit():
        parameters["width"] = int(default_width)
    screen = centre.screen
    toast = Toast(f"wweCustomToast{screen.toast_count}", ctx.frame_id, parameters)
    screen.toast_count += 1
    schedule_close(toast, ctx.now)
    screen.toasts[toast.toast_id] = toast
    return toast.toast_id


@REQUESTS.handles("system.updateToast", Param("id", string), Param("parameters", obj))
def update_toast(centre: CentreState, ctx: RequestContext, toast_id: str, parameters: dict[str, Any]) -> bool:
    """Change a toast; false if it is not (or no longer) shown."""
    toast = centre.screen.toasts.get(toast_id)
    if toast is None:
        return False
    toast.parameters.update(checked(parameters, TOAST_RULES, "parameters"))
    if "autoCloseTimeout" in parameters:
        schedule_close(toast, ctx.now)
    return True


@REQUESTS.handles("system.closeToast", Param("id", string))
def close_toast(centre: CentreState, ctx: RequestContext, toast_id: str) -> bool:
    """Close a toast; false if it is not shown."""
    return centre.screen.toasts.pop(toast_id, None) is not None


@REQUESTS.handles("system.openDialog", Param("url", optional_string, optional=True), Param("options", obj))
def open_dialog(centre: CentreState, ctx: RequestContext, url: str | None, options: dict[str, Any]) -> str | None:
    """Open an iframe dialog; returns its id ("wweCustomDialog1", ...), or null when url is undefined."""
    checked(options, DIALOG_RULES, "options")
    if url is None:
        return None
    screen = centre.screen
    screen.dialog_count += 1
    dialog = Dialog(f"wweCustomDialog{screen.dialog_count}", ctx.frame_id, url, dict(options))
    screen.dialogs[dialog.dialog_id] = dialog
    return dialog.dialog_id


@REQUESTS.handles("system.closeDialog", Param("dialogId", string))
def close_dialog(centre: CentreState, ctx: RequestContext, dialog_id: str) -> bool:
    """Close a dialog; false if it is not open."""
    return centre.screen.dialogs.pop(dialog_id, None) is not None


@REQUESTS.handles("system.updateViewInApplicationMenuBar", Param("parameters", obj))
def update_view(centre: CentreState, ctx: RequestContext, parameters: dict[str, Any]) -> str:
    """Create or update a menu-bar view (it needs an iconUrl or a label); returns its name."""
    checked(parameters, VIEW_RULES, "parameters")
    if "name" not in parameters:
        raise RequestError("Error: Missing parameter 'parameters.name'.")
    views = centre.screen.menu_views
    view = views.get(parameters["name"])
    merged = {**(view.parameters if view else {}), **parameters}
    if not merged.get("iconUrl") and not merged.get("label"):
        raise RequestError("Error: A menu-bar view needs 'iconUrl' or 'label'.")
    views[merged["name"]] = MenuView(merged["name"], ctx.frame_id, merged)
    return merged["name"]


@REQUESTS.handles("system.closeViewInApplicationMenuBar", Param("name", view_name))
def close_view(centre: CentreState, ctx: RequestContext, name: str) -> bool:
    """Remove a menu-bar view; false if there is none with this name."""
    return centre.screen.menu_views.pop(name, None) is not None


@REQUESTS.handles("system.amIVisible")
def am_i_visible(centre: CentreState, ctx: RequestContext) -> bool:
    """Whether the requesting frame is visible."""
    return bool(ctx.frame and ctx.frame.visible)


@REQUESTS.handles("system.isLastActiveFrame")
def is_last_active_frame(centre: CentreState, ctx: RequestContext) -> bool:
    """Whether the requesting frame's tab is the last active one."""
    return bool(ctx.frame and ctx.frame.last_active)


@REQUESTS.handles("system.triggerActivity")
def trigger_activity(centre: CentreState, ctx: RequestContext) -> None:
    """Fake agent activity: resets the inactivity timer (``Session.last_activity``)."""
    centre.session.last_activity = ctx.now


def register_frame_questions() -> None:
    """system.isFrameLeading, isFrameFollowing, isFrameNegotiating, isFrameLeadingOrNegotiating."""
    for name, states in FRAME_STATES.items():

        def handler(centre: CentreState, ctx: RequestContext, states: frozenset[str] = states) -> bool:
            return bool(ctx.frame and ctx.frame.frame_state in states)

        REQUESTS.handles(name)(handler)


register_frame_questions()
