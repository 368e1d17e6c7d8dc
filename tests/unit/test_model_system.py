"""system.* (toasts, dialogs, menu-bar views, frames, activity), messenger and connection events."""

from __future__ import annotations

import pytest

from tests.unit.test_model_support import Ctx, Frame, model
from workspace.errors import RequestError
from wwe.toasts import toast_buttons


def test_popup_toast_ids_and_update_close():
    centre, ctx = model(), Ctx()
    first = centre.handle("system.popupToast", [{"title": "Hello", "message": "World"}], ctx)
    second = centre.handle("system.popupToast", [{}], ctx)
    assert (first, second) == ("wweCustomToast0", "wweCustomToast1")  # D18: the official samples' first id
    assert centre.toasts[first].frame_id == "frame-1"
    assert centre.handle("system.updateToast", [first, {"message": "Again", "keyValues": {"k": "v"}}], ctx) is True
    assert centre.toasts[first].parameters == {"title": "Hello", "message": "Again", "keyValues": {"k": "v"}}
    assert centre.handle("system.closeToast", [first], ctx) is True
    assert centre.handle("system.closeToast", [first], ctx) is False
    assert centre.handle("system.updateToast", [first, {}], ctx) is False
    assert ctx.events == []


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"title": 1}, "Error: Invalid parameter 'parameters.title': expected a string."),
        ({"buttons": "OK"}, "Error: Invalid parameter 'parameters.buttons': expected an array of strings."),
        ({"buttons": ["OK", 2]}, "Error: Invalid parameter 'parameters.buttons': expected an array of strings."),
        ({"keyValues": []}, "Error: Invalid parameter 'parameters.keyValues': expected an object."),
        ({"autoCloseTimeout": "5000"}, "Error: Invalid parameter 'parameters.autoCloseTimeout': expected a number of milliseconds."),
        ({"width": True}, "Error: Invalid parameter 'parameters.width': expected a number of pixels."),
        ({"buttonShowDismiss": "yes"}, "Error: Invalid parameter 'parameters.buttonShowDismiss': expected a boolean."),
    ],
)
def test_toast_parameters_are_checked(parameters, message):
    with pytest.raises(RequestError) as caught:
        model().handle("system.popupToast", [parameters], Ctx())
    assert str(caught.value) == message


def test_toast_width_defaults_to_the_option_and_the_parameter_wins():
    centre, ctx = model({"interaction-workspace": {"service-client-api.toast.width": "350"}}), Ctx()
    assert centre.toasts[centre.handle("system.popupToast", [{}], ctx)].parameters["width"] == 350
    assert centre.toasts[centre.handle("system.popupToast", [{"width": 500}], ctx)].parameters["width"] == 500


def test_toasts_close_themselves_after_auto_close_timeout():
    centre = model()
    toast = centre.handle("system.popupToast", [{"autoCloseTimeout": 5000}], Ctx(now=10.0))
    kept = centre.handle("system.popupToast", [{"autoCloseTimeout": 0}], Ctx(now=10.0))
    assert centre.next_deadline() == 15.0
    centre.tick(Ctx(now=14.9))
    assert toast in centre.toasts
    centre.handle("system.updateToast", [toast, {"autoCloseTimeout": 1000}], Ctx(now=14.9))
    assert centre.next_deadline() == pytest.approx(15.9)
    centre.tick(Ctx(now=15.9))
    assert list(centre.toasts) == [kept]
    assert centre.next_deadline() is None


@pytest.mark.parametrize(("buttons", "index"), [(["Accept", "Decline"], 1), (["Accept", "Decline"], 0), ([], 0)])
def test_toast_button_click_goes_to_the_frame_that_opened_it(buttons, index):
    centre = model()
    toast = centre.handle("system.popupToast", [{"buttons": buttons}], Ctx(frame_id="frame-7"))
    ctx = Ctx()
    centre.click_toast_button(ctx, toast, index)
    assert ctx.events == [
        ("system", {"eventType": "CUSTOM_TOAST_BUTTON_CLICK", "customToastId": toast, "buttonIndex": index}, "frame-7")
    ]
    assert toast not in centre.toasts


@pytest.mark.parametrize("index", [0, 1])
def test_a_show_dismiss_toast_has_show_and_dismiss_whatever_its_buttons(index):
    """D18: ``buttonShowDismiss: true`` shows Show (0) and Dismiss (1); both send CUSTOM_TOAST_BUTTON_CLICK."""
    centre = model()
    toast = centre.handle("system.popupToast", [{"buttonShowDismiss": True, "buttons": ["A", "B", "C"]}],
                          Ctx(frame_id="frame-7"))
    assert toast_buttons(centre.toasts[toast].parameters) == ["Show", "Dismiss"]
    with pytest.raises(RequestError, match="has no button 2"):
        centre.click_toast_button(Ctx(), toast, 2)
    ctx = Ctx()
    centre.click_toast_button(ctx, toast, index)
    assert ctx.events == [
        ("system", {"eventType": "CUSTOM_TOAST_BUTTON_CLICK", "customToastId": toast, "buttonIndex": index}, "frame-7")
    ]


@pytest.mark.parametrize(("parameters", "buttons"), [
    ({}, ["OK"]), ({"buttons": []}, ["OK"]), ({"buttons": ["Yes", "No"]}, ["Yes", "No"]),
    ({"buttonShowDismiss": False, "buttons": ["Yes"]}, ["Yes"]), ({"buttonShowDismiss": True}, ["Show", "Dismiss"]),
])
def test_toast_buttons(parameters, buttons):
    assert toast_buttons(parameters) == buttons


@pytest.mark.parametrize(("toast", "index", "message"), [("wweCustomToast9", 0, "not found"), ("wweCustomToast0", 2, "has no button 2")])
def test_toast_button_click_refusals(toast, index, message):
    centre = model()
    centre.handle("system.popupToast", [{"buttons": ["A", "B"]}], Ctx())
    with pytest.raises(RequestError, match=message):
        centre.click_toast_button(Ctx(), toast, index)


def test_dialogs():
    centre, ctx = model(), Ctx()
    sample = centre.handle("system.openDialog", ["", {"label": "Dialog $Agent.FullName$", "width": "430px", "height": "325px"}], ctx)
    assert sample == "wweCustomDialog1"
    assert centre.handle("system.openDialog", ["https://example.com/form", {"width": "50%"}], ctx) == "wweCustomDialog2"
    assert centre.handle("system.openDialog", [None, {}], ctx) is None
    assert centre.dialogs["wweCustomDialog2"].url == "https://example.com/form"
    assert centre.handle("system.closeDialog", ["wweCustomDialog1"], ctx) is True
    assert centre.handle("system.closeDialog", ["wweCustomDialog1"], ctx) is False


@pytest.mark.parametrize("options", [{"width": 430}, {"width": "430"}, {"height": "12em"}, {"label": 3}])
def test_dialog_options_are_checked(options):
    with pytest.raises(RequestError, match="Error: Invalid parameter 'options."):
        model().handle("system.openDialog", ["", options], Ctx())


SAMPLE_VIEW = {
    "name": "view1",
    "iconUrl": "https://cdn1.iconfinder.com/data/icons/free-social-media-12/32/RSS_social_media-128.png",
    "label": "Main content text",
    "shortLabel": "Short text",
    "tooltip": "Tooltip text",
    "labelColor": "#FFFFFF",
    "backgroundColor": "#000000",
}


def test_menu_bar_views_are_created_updated_and_closed():
    centre, ctx = model(), Ctx()
    assert centre.handle("system.updateViewInApplicationMenuBar", [SAMPLE_VIEW], ctx) == "view1"
    assert centre.handle("system.updateViewInApplicationMenuBar", [{"name": "view1", "label": "New"}], ctx) == "view1"
    assert centre.menu_views["view1"].parameters["label"] == "New"
    assert centre.menu_views["view1"].parameters["tooltip"] == "Tooltip text"
    assert centre.handle("system.closeViewInApplicationMenuBar", ["view1"], ctx) is True
    assert centre.handle("system.closeViewInApplicationMenuBar", ["view1"], ctx) is False
    centre.handle("system.updateViewInApplicationMenuBar", [{"name": "v2", "iconUrl": "i.png"}], ctx)
    assert centre.handle("system.closeViewInApplicationMenuBar", [{"name": "v2"}], ctx) is True


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"label": "x"}, "Error: Missing parameter 'parameters.name'."),
        ({"name": "v"}, "Error: A menu-bar view needs 'iconUrl' or 'label'."),
        ({"name": "", "label": "x"}, "Error: Invalid parameter 'parameters.name': expected a non-empty string."),
        ({**SAMPLE_VIEW, "labelColor": "#FFFFF"}, "Error: Invalid parameter 'parameters.labelColor': expected a hex colour such as '#FFFFFF'."),
        ({**SAMPLE_VIEW, "backgroundColor": "black"}, "Error: Invalid parameter 'parameters.backgroundColor': expected a hex colour such as '#000000'."),
    ],
)
def test_menu_bar_view_refusals(parameters, message):
    with pytest.raises(RequestError) as caught:
        model().handle("system.updateViewInApplicationMenuBar", [parameters], Ctx())
    assert str(caught.value) == message


def test_close_view_needs_a_name():
    with pytest.raises(RequestError, match="expected a view name or an object with a 'name'"):
        model().handle("system.closeViewInApplicationMenuBar", [{"label": "x"}], Ctx())


# frame_state -> (isFrameLeading, isFrameFollowing, isFrameNegotiating, isFrameLeadingOrNegotiating)
FRAME_TABLE = {
    "LEADING": (True, False, False, True),
    "FOLLOWING": (False, True, False, False),
    "NEGOTIATING": (False, False, True, True),
}
QUESTIONS = ("system.isFrameLeading", "system.isFrameFollowing", "system.isFrameNegotiating", "system.isFrameLeadingOrNegotiating")


@pytest.mark.parametrize("frame_state", sorted(FRAME_TABLE))
def test_frame_questions_read_the_frame_state(frame_state):
    ctx = Ctx(frame=Frame(frame_state=frame_state))
    assert tuple(model().handle(q, [], ctx) for q in QUESTIONS) == FRAME_TABLE[frame_state]


@pytest.mark.parametrize("flag", [True, False])
def test_visibility_and_last_active_frame(flag):
    ctx = Ctx(frame=Frame(visible=flag, last_active=not flag))
    assert model().handle("system.amIVisible", [], ctx) is flag
    assert model().handle("system.isLastActiveFrame", [], ctx) is (not flag)


def test_frame_questions_without_a_frame_answer_false():
    ctx = Ctx(frame_id=None, frame=None)
    assert [model().handle(q, [], ctx) for q in (*QUESTIONS, "system.amIVisible", "system.isLastActiveFrame")] == [False] * 6


def test_trigger_activity_records_the_time():
    centre = model()
    assert centre.handle("system.triggerActivity", [], Ctx(now=42.0)) is None
    assert centre.last_activity == 42.0


def test_broadcast_message_goes_to_the_channel_subscribers():
    ctx = Ctx()
    assert model().handle("messenger.broadcastMessage", ["my-channel", {"foo": "A foo text.", "bar": 1234}], ctx) is None
    assert ctx.events == [("messenger:my-channel", {"foo": "A foo text.", "bar": 1234}, None)]


def test_broadcast_needs_a_channel():
    with pytest.raises(RequestError, match="'channel': expected a non-empty string"):
        model().handle("messenger.broadcastMessage", ["", {}], Ctx())


@pytest.mark.parametrize("state", ["DISCONNECTED", "RECONNECTED", "DOWN"])
def test_realtime_connection_events(state):
    centre, ctx = model(), Ctx()
    centre.realtime_connection(ctx, state)
    assert ctx.events == [("system", {"eventType": "REALTIME_CONNECTION", "state": state}, None)]
    assert centre.connection_state == state


def test_unknown_realtime_connection_state():
    with pytest.raises(RequestError, match="Unknown connection state 'LOST'"):
        model().realtime_connection(Ctx(), "LOST")


def test_snapshot_is_what_the_page_renders():
    centre, ctx = model(), Ctx()
    centre.inbound_call(ctx)
    centre.handle("system.popupToast", [{"title": "t"}], ctx)
    centre.handle("system.openDialog", ["u", {}], ctx)
    centre.handle("system.updateViewInApplicationMenuBar", [{"name": "v", "label": "l"}], ctx)
    snapshot = centre.snapshot()
    assert snapshot["agentState"]["type"] == "READY"
    assert [i["state"] for i in snapshot["interactions"]] == ["RINGING"]
    assert snapshot["toasts"] == [{"id": "wweCustomToast0", "frameId": "frame-1", "title": "t"}]
    assert snapshot["dialogs"] == [{"id": "wweCustomDialog1", "frameId": "frame-1", "url": "u"}]
    assert snapshot["menuViews"] == [{"frameId": "frame-1", "name": "v", "label": "l"}]
    assert snapshot["connectionState"] == "CONNECTED"
    assert [c["name"] for c in snapshot["campaigns"]] == ["Offer of the Month", "Renewals", "Win Back"]


def test_snapshot_keeps_host_owned_keys_over_extension_parameters():
    centre, ctx = model(), Ctx()
    for request, parameters in (("system.popupToast", [{"title": "t", "id": "spoof", "frameId": "other"}]),
                                ("system.openDialog", ["u", {"id": "spoof", "frameId": "other", "url": "javascript:x"}]),
                                ("system.updateViewInApplicationMenuBar", [{"name": "v", "label": "l", "frameId": "other"}])):
        centre.handle(request, parameters, ctx)
    snapshot = centre.snapshot()
    for kind in ("toasts", "dialogs", "menuViews"):
        (item,) = snapshot[kind]
        assert item["frameId"] == "frame-1" and item.get("id") != "spoof" and item.get("url") != "javascript:x"
