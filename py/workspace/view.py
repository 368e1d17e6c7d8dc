"""The simulator page's HTML (sans-I/O): jinja2 templates (autoescape on) from ``templates/simulator``, rendered from
the contact-centre model.

Each region of the page is re-rendered only when its data changed; dialogs are added and removed one by one, so an
open dialog's iframe is never reloaded. Extension-provided text is escaped by the templates; colours, URLs and
sizes go through ``untrusted`` first.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from wwe import templating
from wwe.shown import clip, shown
from wwe.toasts import toast_buttons

from . import control_panel
from .actions import ActionName
from .page.frames import Embed
from .model import ContactCentre
from .model.agent import EVENT_ONLY_TYPES
from .model.controls import REALTIME_STATES
from .model.lifecycle import InteractionState, Media
from .model.screen import Toast
from .model.state import ConnectionState, StateType
from .timeline import SPEEDS, Progress, Script
from .untrusted import css_size, hex_color, pixels, web_url

TEMPLATES = Path("templates/simulator")
"""The templates in Python's working directory (build.py puts them in the simulator's app.zip)."""

DEFAULT_TOAST_WIDTH = 350
TOAST_WIDTHS = (220, 560)
DEFAULT_DIALOG_SIZE = ("480px", "360px")
LABEL_CHARACTERS = 80
"""The most of a button's or a dialog's label shown (one line; wwe.shown.clip)."""
MEDIA_LABELS = {Media.VOICE: "Call", Media.CHAT: "Chat", Media.EMAIL: "Email", Media.OUTBOUND: "Preview"}
_T, _S, _C = StateType, InteractionState, ConnectionState
AGENT_TONES = {_T.READY: "ok", _T.PARTIAL_READY: "ok", _T.NOT_READY: "warn", _T.NOT_READY_ACTION_CODE: "warn",
               _T.NOT_READY_AFTER_CALL_WORK: "warn", _T.DND_ON: "bad", _T.OUT_OF_SERVICE: "bad"}
INTERACTION_TONES = {_S.RINGING: "alert", _S.INVITED: "alert", _S.DIALING: "info", _S.TALKING: "ok", _S.ACCEPTED: "ok",
                     _S.PREVIEWING: "ok", _S.CREATED: "ok", _S.HELD: "warn"}
CONNECTION_TONES = {_C.CONNECTED: "ok", _C.RECONNECTED: "ok", _C.DISCONNECTED: "warn", _C.DOWN: "bad"}
CONNECTION_BUTTONS = {_C.DISCONNECTED: "Disconnect", _C.RECONNECTED: "Reconnect", _C.DOWN: "Down (over a minute)"}
REGIONS = {
    "agent-status": "agent_status.html",
    "menu-bar": "menu_bar.html",
    "interactions": "interactions.html",
    "campaigns": "campaigns.html",
    "connection": "connection.html",
    "toasts": "toasts.html",
}
"""Element id -> the template that renders its content."""


def party(interaction: Mapping[str, Any]) -> str:
    """Who the interaction is with: the contact's name, else the parties."""
    contact = interaction.get("contact") or {}
    names = [str(p.get("name", "")) for p in interaction.get("parties", []) if isinstance(p, dict)]
    return str(contact.get("displayName") or ", ".join(names) or "unknown party")


def environment(folder: Path | str = TEMPLATES) -> jinja2.Environment:
    """The simulator's templates (``wwe.templating``), with its helpers."""
    return templating.environment(
        folder,
        party=party,
        media_label=lambda media: MEDIA_LABELS.get(media, media),
        agent_tone=lambda state_type: AGENT_TONES.get(state_type, "off"),
        interaction_tone=lambda state: INTERACTION_TONES.get(state, "off"),
        connection_tone=lambda state: CONNECTION_TONES.get(state, "off"),
        agent_buttons=control_panel.agent_buttons,
        remote_buttons=control_panel.remote_buttons,
        centre_buttons=control_panel.centre_buttons,
        connection_buttons=[control_panel.Button(ActionName.CONNECTION, CONNECTION_BUTTONS[state], "", state)
                            for state in REALTIME_STATES],
    )


@dataclass(frozen=True)
class DialogView:
    """An open system.openDialog dialog as the page shows it; ``url`` is None when there is nothing safe to load.
    ``frame_id`` (and so ``source``) is None for a dialog the simulator page itself opened."""

    dialog_id: str
    frame_id: str | None
    label: str
    source: str | None
    url: str | None
    width: str
    height: str


def toast_view(toast: Toast, source: str) -> dict[str, Any]:
    """What a toast shows: its texts, key-values and buttons (toast_buttons), a safe icon URL and a clamped width;
    ``show_frame`` is the frame whose view its Show button brings forward (D18), else None."""
    parameters = toast.parameters
    return {
        "id": toast.toast_id,
        "source": source,
        "title": clip(parameters.get("title", "")),
        "subject": shown(parameters.get("subject", "")),
        "message": shown(parameters.get("message", "")),
        "key_values": [(clip(k), shown(v)) for k, v in (parameters.get("keyValues") or {}).items()],
        "buttons": [clip(label, LABEL_CHARACTERS) for label in toast_buttons(parameters)],
        "show_frame": toast.frame_id if parameters.get("buttonShowDismiss") is True else None,
        "icon": web_url(parameters.get("iconUrl")),
        "width": pixels(parameters.get("width"), *TOAST_WIDTHS, DEFAULT_TOAST_WIDTH),
    }


def menu_view(frame_id: str | None, parameters: Mapping[str, Any], source: str) -> dict[str, Any]:
    """What a menu-bar view's button shows: label, tooltip, a safe icon and colours (hex only)."""
    label = parameters.get("label") or parameters.get("shortLabel") or parameters.get("name", "")
    return {
        "frame_id": frame_id,
        "label": clip(label, LABEL_CHARACTERS),
        "tooltip": clip(parameters.get("tooltip") or f"{clip(label, LABEL_CHARACTERS)} ({source})"),
        "icon": web_url(parameters.get("iconUrl")),
        "color": hex_color(parameters.get("labelColor")),
        "background": hex_color(parameters.get("backgroundColor")),
    }


class PageView:
    """Renders the page's regions and dialogs from the model, handing back only what changed."""

    def __init__(self, env: jinja2.Environment) -> None:
        self.env = env
        self._shown: dict[str, Any] = {}   # region id -> the data its HTML was last rendered from
        self._dialogs: set[str] = set()    # dialog ids on the page

    def controls(self, centre: ContactCentre) -> str:
        """The control panel's forms (rendered once: the states and media do not change)."""
        agent, contacts = centre.state.agent, centre.state.interactions.contacts
        return self.env.get_template("controls.html").render(
            states=agent.states, event_only=sorted(EVENT_ONLY_TYPES), media=list(agent.media),
            default_party=contacts[0].get("phone", "") if contacts else "")

    def scenario(self, catalogue: list[tuple[str, str]], current: str, script: Script) -> str:
        """The scenario panel: the picker (``current`` is the open scenario), the script and its player's
        controls, record and replay (rendered once; the player's text is filled in by ``scenario_steps``)."""
        return self.env.get_template("scenario.html").render(catalogue=catalogue, current=current, script=script,
                                                             speeds=SPEEDS)

    def scenario_steps(self, progress: Progress) -> str:
        """The script's steps, each marked done, refused, next or to come."""
        return self.env.get_template("scenario_steps.html").render(steps=progress.steps)

    def card(self, name: str, label: str, url: str, mode: str, interaction: str | None = None) -> str:
        """An extension view's card with its iframe (``interaction``: the id of the interaction it belongs to)."""
        return self.env.get_template("extension_card.html").render(name=name, label=label, url=url, mode=mode,
                                                                   interaction=interaction)

    def regions(self, centre: ContactCentre, labels: Mapping[str, str],
                cards: Mapping[str, list[tuple[str, str]]]) -> list[tuple[str, str]]:
        """``(element_id, html)`` of each region whose data changed since the last call; ``cards``: the
        interaction-level views' cards of each interaction (name, label)."""
        changed = []
        for region, data in self._data(centre, labels, cards).items():
            if self._shown.get(region) != data:
                self._shown[region] = data
                changed.append((region, self.env.get_template(REGIONS[region]).render(**data)))
        return changed

    def _data(self, centre: ContactCentre, labels: Mapping[str, str],
              cards: Mapping[str, list[tuple[str, str]]]) -> dict[str, dict[str, Any]]:
        """Each region's template data, as copies (the model changes its objects in place)."""
        snapshot = centre.snapshot()
        screen, outbound = centre.state.screen, centre.state.outbound
        source = lambda frame_id: labels.get(frame_id, frame_id or "the simulator")  # noqa: E731
        return {
            "agent-status": {"agent": snapshot["agent"], "state": snapshot["agentState"], "media": snapshot["media"],
                             "connection": snapshot["connectionState"]},
            "menu-bar": {"views": [menu_view(v.frame_id, v.parameters, source(v.frame_id))
                                   for v in screen.menu_views.values()]},
            "interactions": {"interactions": snapshot["interactions"], "cards": dict(cards),
                             "workbin": control_panel.workbin_buttons(snapshot["workbin"])},
            "campaigns": {"campaigns": [{"name": c.name, "mode": c.mode, "status": c.status,
                                         "buttons": control_panel.campaign_buttons(c, outbound.direct_push_active)}
                                        for c in outbound.campaigns.values()],
                          "direct_push": outbound.direct_push_active, "processed": len(outbound.processed_records)},
            "connection": {"connection": snapshot["connectionState"]},
            "toasts": {"toasts": [toast_view(toast, source(toast.frame_id)) for toast in screen.toasts.values()]},
        }

    def dialogs(self, centre: ContactCentre, embeds: Mapping[str, Embed]) -> tuple[list[tuple[DialogView, str]], list[str]]:
        """Dialogs opened since the last call (each with its HTML) and the ids of those closed since."""
        opened = []
        dialogs = centre.state.screen.dialogs
        for dialog in dialogs.values():
            if dialog.dialog_id in self._dialogs:
                continue
            self._dialogs.add(dialog.dialog_id)
            opener = embeds.get(dialog.frame_id) if dialog.frame_id is not None else None
            view = DialogView(
                dialog_id=dialog.dialog_id,
                frame_id=dialog.frame_id,
                label=clip(dialog.options.get("label") or dialog.dialog_id, LABEL_CHARACTERS),
                source=opener.label if opener else dialog.frame_id,
                url=web_url(dialog.url, opener.url if opener else None),
                width=css_size(dialog.options.get("width"), DEFAULT_DIALOG_SIZE[0]),
                height=css_size(dialog.options.get("height"), DEFAULT_DIALOG_SIZE[1]),
            )
            opened.append((view, self.env.get_template("dialog.html").render(dialog=view)))
        closed = sorted(self._dialogs - set(dialogs))
        self._dialogs -= set(closed)
        return opened, closed
