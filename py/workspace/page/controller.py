"""The simulator page's controller (sans-I/O): everything the page decides, tested on CPython.

The browser edge (``workspace.browser``) turns what happens in the page into ``events`` and applies the
``effects`` that ``Controller.handle`` returns, in order. The controller owns the session (the Host), the page's
slots and frames (``frames``), the tabs' election, the scenario panel (player and replay, on the tick), the
inspector table's state, and the one registry of what a control or a form does (ACTIONS).

What reaches the host outside an event (a driver calling ``session`` directly: the bench, the console) is handed
to ``on_effects`` at once.
"""
from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from typing import Any

from wwe.wire.messages import Request
from wwe.wire.origins import origin_of_url

from .. import control_panel, replay, timeline
from ..actions import ActionName
from ..config import INTERACTION, Config
from ..election import FOLLOWING, LEADING, Election
from ..host import HIDDEN_VIEW_MODES, FrameInfo, Host, Outgoing
from ..host.host import Relayed
from ..model import ContactCentre
from ..model.state import CentreState
from ..control_panel import Fields, contact_centre
from ..session import Session
from ..sharing.messages import ActionOp, FrameFacts, RequestOp, TickOp, to_json
from ..sharing.replica import Apply, Outcome, Replica
from ..view import PageView
from . import events as ev
from . import interaction_views, scenario, startup
from .effects import (Bind, Broadcast, Collapse, ConsoleLog, Download, Effect, FocusCard, FrameLine, Insert, Navigate,
                      Post, Remove, RenderLater, SetAttr, SetHTML, SetText, ToggleClass, ToggleControl)
from .events import Signal
from .frames import DIALOG, Frames, Slot
from .inspector import FRAMES, TOGGLE_ROW, VERDICTS, InspectorTable
from .registry import Registry

TICK_MS = 100
RENDER_MS = 100
"""The page redraws at most this often. Redrawing at every animation frame put a redraw (and the layout of the
inspector's rows) between two messages of a burst, and each round trip waited for it: bench --only rtt, 200 calls,
python -> simulator median 30.9 ms with requestAnimationFrame, 2.8 ms with this timer (js -> simulator 6.7 / 1.5)."""
QUIET_MS = 20
RENDER_WAIT_MS = 1000
"""A redraw due while messages flow (one came or went in the last QUIET_MS) waits RENDER_MS more, RENDER_WAIT_MS at
most in all: a message arriving during a redraw waits for it (a redraw in a burst was the p99 of the round trips
through the simulator, bench --only rtt: 45-85 ms), so a burst is answered first and drawn after."""
VIEW_CONTAINERS = {"tab": "extensions", "popup": "popups", "background": "hidden-views", "hidden": "hidden-views"}
INTERACTION_VIEWS = "interaction-views"  # where the cards of interaction-level views go
PANEL_NOTICE = "panel-notice"
PAGE, PRESENTING, PRESENTER = "simulator", "presenting", "presenter"
"""The page's body (its id), its class in presenter mode, the toggle's data-action and id."""
FOLLOWER_PLAYER = "This tab follows: the timeline plays in the leader tab."

Clock = Callable[[], float]
Action = Callable[["Controller", "ev.Clicked | ev.Submitted"], None]


class Controller:
    """The page playing Agent Workspace with ``config``: ``script`` in its scenario panel (``current`` names the
    scenario), ``view`` rendering it; ``tab`` is this tab's id in the election, ``visible`` whether the page is
    shown, ``presenting`` whether it starts in presenter mode (``?present=1``). ``clock`` drives the player and replays, ``wall_clock`` the election (seconds); the host runs on
    ``host_clock``, as its monotonic and its wall clock: the tabs share the model's time (the leader stamps each op
    with it), so it is the wall clock, the one time base all tabs of a browser have."""

    def __init__(self, config: Config, script: timeline.Script, view: PageView, *, tab: str, current: str = "default",
                 visible: bool = True, presenting: bool = False, clock: Clock = time.monotonic,
                 wall_clock: Clock = time.time, host_clock: Clock = time.time,
                 on_effects: Callable[[list[Effect]], None] | None = None) -> None:
        self.session = Session(config, self._deliver, clock=host_clock, wall_clock=host_clock)
        self.view = view
        self.clock, self.wall_clock = clock, wall_clock
        self.frames = Frames()
        self.inspector = InspectorTable()
        self.election = Election(tab=tab, born=wall_clock())
        self.replica = Replica(tab, self.election.born, self._shared_centre)  # the centre tabs share (workspace.sharing)
        self.session.host.relayed = []
        self._asked: dict[int, Relayed] = {}              # this tab's requests proposed to the shared centre, by pid
        self._clicked: dict[int, ev.Clicked | ev.Submitted] = {}  # ... and its control-panel actions
        self._acted: tuple[list[Outgoing], str | None] = ([], None)  # what the last action applied here did
        self._role = LEADING  # what the replica was last told: a tab alone leads its own log
        self.visible = visible
        self.presenting = presenting
        self.scenario = scenario.ScenarioPanel(self.session.player(script), view, current)
        self.scenario.player.act = self._player_act
        self.on_effects = on_effects
        self.tab_text = ""
        self.render_pending = False
        self._holding_render = False  # while a frame's message is being answered (_message)
        self.render_asked = 0.0  # when the pending redraw was asked for (self.clock)
        self.last_traffic = -math.inf  # when a message last came from a frame or went to one (self.clock)
        self.interaction_cards: dict[str, interaction_views.InteractionView] = {}  # the cards shown, by name
        self._out: list[Effect] = []
        self._depth = 0

    @property
    def host(self) -> Host:
        """The session's Host (replaced by a restart)."""
        return self.session.host

    @property
    def centre(self) -> ContactCentre:
        return contact_centre(self.host)

    def handle(self, event: ev.Event) -> list[Effect]:
        """What the page must do about ``event``, in order."""
        self._depth += 1
        try:
            HANDLERS[type(event)](self, event)
        finally:
            self._depth -= 1
        out, self._out = self._out, []
        return out

    def session_json(self) -> str:
        """Every message of the session so far, in and out, as JSON (what the inspector lists)."""
        return json.dumps(self.session.recording())

    def _emit(self, *effects: Effect) -> None:
        self._out.extend(effects)

    # -- the page -------------------------------------------------------------------------------------------------

    def _start(self) -> None:
        """The election, the control panel's forms, the inspector's filter, the scenario panel, the views' cards."""
        self._broadcast(self.election.start(self.wall_clock()))
        if self.visible:
            self._broadcast(self.election.activate())
        self._emit(SetHTML("controls", self.view.controls(self.centre)), *self.inspector.start())
        self._emit(SetHTML("scenario", self.scenario.html()), *self.scenario.show())
        config = self.host.config
        for view in config.web_content:
            if view.level == INTERACTION:
                continue  # its cards come and go with the interactions (_show_interaction_views)
            slot = self.frames.slot(view.section, view.label, view.origin, view.url, view.mode)
            html = self.view.card(view.section, view.label, view.url, view.mode)
            self._emit(Insert(VIEW_CONTAINERS.get(view.mode, "extensions"), html, slot.key))
        hidden = [view.label for view in config.web_content if view.mode in HIDDEN_VIEW_MODES]
        self._emit(SetText("background-views", "Running without a view: " + ", ".join(hidden), hidden=not hidden))
        self._emit(*startup.ready(config), *self._presenter())

    def _render_due(self) -> None:
        """The redraw timer: draw now, unless messages are flowing (then after them, RENDER_WAIT_MS at most)."""
        now = self.clock()
        if (now - self.last_traffic) * 1000 < QUIET_MS and (now - self.render_asked) * 1000 < RENDER_WAIT_MS:
            self._emit(RenderLater())
        else:
            self._render()

    def _render(self) -> None:
        """Bring the page up to date: changed regions, dialogs, the frames' state, new inspector rows."""
        self.render_pending = False
        self._show_interaction_views()
        labels = self.frames.labels()
        cards = interaction_views.by_interaction(self.interaction_cards.values())
        self._emit(*(SetHTML(region, html) for region, html in self.view.regions(self.centre, labels, cards)))
        opened, closed = self.view.dialogs(self.centre, self.frames.by_id)
        for dialog_id in closed:
            for slot in [slot for slot in self.frames.slots.values() if slot.mode == DIALOG and slot.name == dialog_id]:
                self._close(slot)
        for dialog, html in opened:
            origin = origin_of_url(dialog.url) if dialog.url else ""
            opening = self.frames.slot(dialog.dialog_id, dialog.label, origin, dialog.url or "", DIALOG)
            self._emit(Insert("dialogs", html, opening.key))
        for frame_id, embed in self.frames.by_id.items():
            slot, frame = self.frames.slots.get(embed.key), self.host.frames.get(frame_id)
            if slot is not None and slot.card and frame is not None:
                self._emit(FrameLine(slot.key, frame_id, "visible" if frame.visible else "not visible"))
        tab = self._tab_label()
        if tab != self.tab_text:
            self.tab_text = tab
            self._emit(SetText("tab-state", f"Tab: {tab}"), SetAttr("tab-state", "data-state", self.election.state))
        choices = self.inspector.frame_options(labels)
        self.inspector.steps.note(self.scenario.player.played)
        self._emit(*([choices] if choices is not None else []), *self.inspector.rows(self.host.inspector))

    def _show_interaction_views(self) -> None:
        """A card per interaction-level view and live interaction: new interactions get theirs, gone ones lose
        theirs (mark done, a move to a workbin, a restarted host)."""
        views = self.host.config.web_content
        if not any(view.level == INTERACTION for view in views) and not self.interaction_cards:
            return
        live = (interaction.to_wire() for interaction in self.centre.interactions.values())
        cards = interaction_views.wanted(views, live, self.host.config.user_data)
        shown, gone = interaction_views.changes(self.interaction_cards, cards)
        for name in gone:
            del self.interaction_cards[name]
            slot = self.frames.card(name)
            if slot is not None:
                self._close(slot)
        for card in shown:
            slot = self.frames.slot(card.name, card.label, card.origin, card.url, "tab")
            self.interaction_cards[card.name] = card
            html = self.view.card(card.name, card.label, card.url, "tab", card.interaction_id)
            self._emit(Insert(INTERACTION_VIEWS, html, slot.key))

    def _schedule_render(self) -> None:
        if not self.render_pending and not self._holding_render:
            self.render_pending, self.render_asked = True, self.clock()
            self._emit(RenderLater())

    def _tick(self, event: ev.Tick) -> None:
        """Election heartbeats, frames whose iframe left, the model's timers when due, the player and the replay."""
        self._broadcast(self.election.tick(self.wall_clock()))
        for embed in [embed for embed in self.frames.by_id.values() if embed.key in event.disconnected]:
            slot = self.frames.slots.get(embed.key)
            self._detach(embed.frame_id)
            if slot is not None and slot.card:
                self._emit(FrameLine(slot.key, embed.frame_id, "removed"))
        self._share(self.replica.tick(self.host.wall_clock()))
        deadline = self.centre.next_deadline()
        if self.replica.leading and deadline is not None and self.host.clock() >= deadline:
            self._share(self.replica.propose(TickOp(self.election.tab, self.replica.next_pid(), 0.0),
                                             self.host.wall_clock()))
        now = self.clock()
        if self.replica.leading:  # only the leader plays the timeline
            self._deliver(self.scenario.player.poll(now))
        due = self.scenario.due(now)
        targets = [self.frames.newest(sent.view, self.host.frames) for sent in due]
        for sent, frame_id in zip(due, targets):
            if frame_id is not None:
                self.host.log_replayed(frame_id, sent.message, scenario.replayed_note(sent))
                self._deliver([Outgoing(frame_id, sent.message)])
        self._emit(*self.scenario.replayed_to(targets), *self.scenario.show())

    def _deliver(self, out: list[Outgoing]) -> None:
        """Post each message to its frame, with the frame's own origin as the target (never "*")."""
        frames = self.host.frames
        for frame_id, message in out:
            embed, frame = self.frames.by_id.get(frame_id), frames.get(frame_id)
            if embed is not None and frame is not None and embed.key:
                self._out.append(Post(embed.key, message, frame.origin))
        if out:
            self.last_traffic = self.clock()
        self._schedule_render()  # after the posts: a reply never waits for a redraw
        if self._depth == 0 and self.on_effects is not None:
            effects, self._out = self._out, []
            self.on_effects(effects)

    # -- frames ---------------------------------------------------------------------------------------------------

    def _loaded(self, event: ev.Loaded) -> None:
        slot = self.frames.slots.get(event.key)
        if slot is not None:
            self._load(slot)

    def _load(self, slot: Slot) -> None:
        """A (re)loaded page in the slot's iframe is a new frame: forget the old one, attach, tell it its frameId."""
        old = self.frames.living_in(slot.key)
        if old is not None:
            self._detach(old.frame_id)
        embed = self.frames.load(slot)
        self._emit(Bind(slot.key, embed.frame_id))
        self.session.attach(embed.frame_id, slot.origin, slot.name)
        self._sync_frames()

    def _detach(self, frame_id: str) -> None:
        """Forget a frame: its window is nobody from now on (its late messages are from an unknown frame)."""
        embed = self.frames.by_id.get(frame_id)
        if embed is not None and embed.key:
            self._emit(Bind(embed.key, None))
        self.session.detach(frame_id)
        self.frames.remove(frame_id)

    def _close(self, slot: Slot) -> None:
        """Take a slot (a closed dialog, a gone interaction's card) and its frame out of the page."""
        embed = self.frames.living_in(slot.key)
        if embed is not None:
            self._detach(embed.frame_id)
        self.frames.drop(slot.key)
        self._emit(Remove(slot.key))

    def _sync_frames(self) -> None:
        """Tell the host what each frame is now (visible, the tab's election state, last active); show changes."""
        for frame_id, changes in self.frames.updates(self.host.frames, self.visible, self.election.state,
                                                     self.election.last_active):
            self.session.update(frame_id, **changes)
        if self._tab_label() != self.tab_text:
            self._schedule_render()

    def _tab_label(self) -> str:
        return self.election.state.lower() + (" · last active" if self.election.last_active else "")

    def _collapse(self, view: str, collapsed: bool) -> None:
        """Collapse or expand a view's card: a collapsed view is not visible (amIVisible answers false)."""
        slot = self.frames.card(view)
        if slot is None:
            return
        self._emit(Collapse(slot.key, collapsed))
        if collapsed:
            self.frames.collapsed.add(view)
        else:
            self.frames.collapsed.discard(view)
        self._sync_frames()

    def _focus_frame(self, frame_id: str) -> None:
        """Show the view of a frame (a menu-bar view was clicked, a toast's Show)."""
        embed = self.frames.by_id.get(frame_id)
        self._bring_forward(self.frames.slots.get(embed.key) if embed else None)

    def _bring_forward(self, slot: Slot | None) -> None:
        """Expand a card and bring it into sight."""
        if slot is None or not slot.card:
            return
        self._collapse(slot.name, False)
        self._emit(FocusCard(slot.key))

    # -- tabs -------------------------------------------------------------------------------------------------------

    def _broadcast(self, messages: list[dict[str, Any]]) -> None:
        """Tell the other simulator tabs, then bring this tab's frames and its copy of the shared contact centre up
        to date with the election."""
        self._emit(*map(Broadcast, messages))
        self._sync_frames()
        state = self.election.state
        if state in (LEADING, FOLLOWING) and state != self._role:  # while NEGOTIATING each tab keeps its role
            self._role = state
            self._share(self.replica.lead() if state == LEADING else self.replica.follow(self.host.wall_clock()))

    def _tab_message(self, event: ev.TabMessage) -> None:
        self._broadcast(self.election.receive(event.data, self.wall_clock()))
        self._share(self.replica.receive(event.data, self.host.wall_clock()))

    # -- the contact centre the tabs share ----------------------------------------------------------------------

    def _relay(self) -> None:
        """Propose the requests the host holds for the shared contact centre (a leader applies them at once)."""
        held, self.host.relayed = self.host.relayed or [], []
        for relayed in held:
            frame = self.host.frames[relayed.frame_id]
            pid = self.replica.next_pid()
            self._asked[pid] = relayed
            facts = FrameFacts(frame.name, frame.visible, frame.frame_state, frame.last_active)
            op = RequestOp(self.election.tab, pid, 0.0, relayed.frame_id, relayed.origin, facts,
                           relayed.request.name, list(relayed.request.parameters))
            self._share(self.replica.propose(op, self.host.wall_clock()))

    def _propose_action(self, name: str, fields: Fields, step: int | None = None,
                        clicked: ev.Clicked | ev.Submitted | None = None) -> None:
        pid = self.replica.next_pid()
        if clicked is not None:
            self._clicked[pid] = clicked
        op = ActionOp(self.election.tab, pid, 0.0, name, dict(fields), step)
        self._share(self.replica.propose(op, self.host.wall_clock()))

    def _player_act(self, name: str, fields: Fields) -> tuple[list[Outgoing], str | None]:
        """A step of this tab's player (only a leader plays): applied here at once, like every leader's op, its
        messages delivered with it (none left for the player to deliver again: each frame gets each event once)."""
        self._acted = ([], FOLLOWER_PLAYER)
        self._propose_action(name, fields, self.scenario.player.position - 1)
        return [], self._acted[1]

    def _shared_centre(self) -> tuple[CentreState, timeline.Mark]:
        """This tab's centre, for a tab that catches up with it: the model's state, how far the player got."""
        return self.centre.state, self.scenario.player.mark()

    def _share(self, outcome: Outcome) -> None:
        """Do what the shared centre's replica says: log, take the leader's centre, apply, broadcast."""
        self._emit(*(ConsoleLog(f"simulator tabs: {line}") for line in outcome.log))
        if outcome.restore is not None:
            model = ContactCentre(self.host.config)
            model.state = outcome.restore.model
            screen = model.state.screen
            for shown in (*screen.toasts.values(), *screen.dialogs.values(), *screen.menu_views.values()):
                if shown.frame_id is not None:  # the leader's frame ids, as this tab's model names those frames
                    tab, _, frame = shown.frame_id.rpartition("/")
                    shown.frame_id = self._frame_here(tab or self.replica.leader, frame)
            self.host.model = model
            self.scenario.player.take(outcome.restore.player)
        for pid in outcome.lost:  # applied by the leader before this tab caught up: answered nowhere
            self._asked.pop(pid, None)
            self._clicked.pop(pid, None)
        for item in outcome.apply:
            self._apply(item)
        self._emit(*(Broadcast(to_json(message)) for message in outcome.send))  # after: this tab's replies first

    def _apply(self, item: Apply) -> None:
        """One op of the shared log, on this tab's copy: this tab's own requests get their replies, other tabs'
        only reach this tab's frames through the events they cause."""
        op, out, refusal = item.op, [], None
        mine = op.tab == self.election.tab
        if isinstance(op, RequestOp):
            asked = self._asked.pop(op.pid, None) if mine else None
            if asked is not None:
                out = self.host.answer(asked, op.wall)
            else:
                facts = op.facts
                frame = FrameInfo(self._frame_here(op.tab, op.frame), facts.name, op.origin, facts.visible, facts.frame_state,
                                  facts.last_active)
                out = self.host.answer_other(frame, op.origin, Request(op.request, list(op.parameters), ""), op.wall,
                                             item.quiet)
        elif isinstance(op, TickOp):
            out = self.host.tick(op.wall)
        else:
            out, refusal = self._apply_action(op, mine)
        if not item.quiet:
            self._deliver(out)
        clicked = self._clicked.pop(op.pid, None) if mine else None
        if clicked is not None:
            self._emit(SetText(PANEL_NOTICE, refusal or "", hidden=refusal is None))
            if isinstance(clicked, ev.Clicked) and "frame" in clicked.fields and refusal is None:
                self._focus_frame(clicked.fields["frame"])

    def _frame_here(self, tab: str, frame: str) -> str:
        """The id of frame ``frame`` of tab ``tab`` in this tab's model: its own frames by their id, other tabs'
        as ``tab/frame``."""
        return frame if tab == self.election.tab else f"{tab}/{frame}"

    def _apply_action(self, op: ActionOp, mine: bool) -> tuple[list[Outgoing], str | None]:
        def run(_name: str, _fields: Fields) -> tuple[list[Outgoing], str | None]:
            if op.name == timeline.NOTE and op.step is not None:
                return [], None  # a scenario's note: nothing happens but the players' progress
            return control_panel.run(self.host, op.name, op.fields, op.wall)

        player = self.scenario.player
        if op.step is None or not 0 <= op.step < len(player.script.steps):
            out, refusal = run(op.name, op.fields)
        elif mine:  # this tab's player is running the step
            out, refusal = self._acted = run(op.name, op.fields)
        else:
            out = player.mirror(op.step, run)
            refusal = player.played[-1].refusal
            self._emit(*self.scenario.show())
        return out, refusal

    def _focused(self) -> None:
        self._broadcast(self.election.activate())

    def _blurred(self, event: ev.Blurred) -> None:
        """Focus went into one of this tab's iframes: the agent is using this tab."""
        if event.into_frame:
            self._broadcast(self.election.activate())

    def _visibility(self, event: ev.Visibility) -> None:
        self.visible = event.visible
        self._broadcast(self.election.activate() if event.visible else [])

    def _page_hide(self) -> None:
        self._emit(*map(Broadcast, self.election.leave()))

    # -- messages, fault injection ----------------------------------------------------------------------------------

    def _message(self, event: ev.MessageFrom) -> None:
        """A frame's message: answered (directly, or through the shared centre), then a redraw asked for."""
        self.last_traffic = self.clock()
        self._holding_render = True  # the host answers a model request only once it is relayed: redraw after
        try:
            self.session.receive(event.frame_id, event.origin, event.data)
            self._relay()
        finally:
            self._holding_render = False
        self._schedule_render()

    def _stop(self) -> None:
        """The Workspace stops answering, as if its page were gone; frames live."""
        self.session.stop()

    def _restart(self, event: ev.RestartHost) -> None:
        """A new Workspace (fresh Host and model, same configuration) replaces this one under the living frames,
        each attached again under a new frame id (which tells its client the host restarted)."""
        living = [self.frames.slots[embed.key] for embed in self.frames.by_id.values()
                  if embed.key in self.frames.slots and embed.key not in event.disconnected]
        self.session.restart()
        self.host.relayed = []
        self.inspector.restarted()
        for slot in living:
            self._load(slot)

    def _replay_json(self, event: ev.ReplayJson) -> None:
        sent = replay.sent_messages(replay.read(event.recording), event.compress)
        self._emit(*self.scenario.start_replay(sent, self.clock()))

    def _delivered(self, event: ev.Deliver) -> None:
        self._deliver(event.out)

    # -- controls ---------------------------------------------------------------------------------------------------

    def _action(self, event: ev.Clicked | ev.Submitted) -> None:
        ACTIONS.get(event.action, Controller._panel_action)(self, event)

    def _panel_action(self, event: ev.Clicked | ev.Submitted) -> None:
        """A control-panel action on the shared contact centre; once applied in this tab, the notice says why
        when refused, and a clicked control with a ``frame`` (a toast's Show) brings that frame's view forward (D18)."""
        self._propose_action(event.action, event.fields, clicked=event)

    def _changed(self, event: ev.Changed) -> None:
        if event.element_id in (VERDICTS, FRAMES):
            self._emit(*self.inspector.choose(event.element_id, event.value, self.host.inspector))
        elif event.element_id == scenario.SPEED:
            self.scenario.speed(event.value, self.clock())
            self._emit(*self.scenario.show())

    def _play(self, _event: ev.Clicked | ev.Submitted) -> None:
        """The player's Play (Pause while playing); a follower's player only follows the leader's."""
        if self._following_player():
            return
        self._deliver(self.scenario.play(self.clock()))
        self._emit(*self.scenario.show())

    def _step(self, _event: ev.Clicked | ev.Submitted) -> None:
        if self._following_player():
            return
        self._deliver(self.scenario.player.step(self.clock()))
        self._emit(*self.scenario.show())

    def _following_player(self) -> bool:
        if not self.replica.leading:
            self._emit(SetText("player-refusal", FOLLOWER_PLAYER, hidden=False))
        return not self.replica.leading

    def _reset(self, _event: ev.Clicked | ev.Submitted) -> None:
        self.scenario.player.reset()
        self._emit(*self.scenario.show())

    def _export(self, _event: ev.Clicked | ev.Submitted) -> None:
        """Download the session as JSON."""
        self._emit(Download(scenario.EXPORT_NAME, self.session_json()), *self.scenario.show())

    def _open_scenario(self, event: ev.Clicked | ev.Submitted) -> None:
        self._emit(Navigate(event.fields.get("scenario", "")))

    def _replay_form(self, event: ev.Clicked | ev.Submitted) -> None:
        """Replay the chosen recording."""
        recording = event.files.get("recording") if isinstance(event, ev.Submitted) else None
        self._emit(*self.scenario.load(recording, "compress" in event.fields, self.clock()))

    def _toggle_card(self, event: ev.Clicked | ev.Submitted) -> None:
        """A card's collapse toggle."""
        view = event.fields.get("view", "")
        self._collapse(view, view not in self.frames.collapsed)

    def _menu_view(self, event: ev.Clicked | ev.Submitted) -> None:
        """A menu-bar view: show the view of the frame that created it."""
        self._focus_frame(event.fields.get("frame", ""))

    def _focus_card(self, event: ev.Clicked | ev.Submitted) -> None:
        """An interaction's button for one of its views (control panel): show that card."""
        self._bring_forward(self.frames.card(event.fields.get("view", "")))

    def _toggle_row(self, event: ev.Clicked | ev.Submitted) -> None:
        """An inspector row opens or closes, and its message is shown in the detail pane."""
        self._emit(ToggleControl("open"), *self.inspector.select(event.fields.get("entry", ""), self.host.inspector))

    def _key(self, event: ev.KeyPressed) -> None:
        """A key that steps through the inspector's messages."""
        self._emit(*self.inspector.key(event.key, self.host.inspector))

    def _clear_inspector(self, _event: ev.Clicked | ev.Submitted) -> None:
        self._emit(*self.inspector.clear(self.host.inspector))

    def _toggle_presenter(self, _event: ev.Clicked | ev.Submitted) -> None:
        self.presenting = not self.presenting
        self._emit(*self._presenter())

    def _presenter(self) -> list[Effect]:
        """The page in presenter mode or not, and its toggle saying which (only presenter mode shows the inspector's
        detail pane: the normal mode opens a row in place)."""
        return [ToggleClass(PAGE, PRESENTING, self.presenting),
                SetAttr(PRESENTER, "aria-pressed", "true" if self.presenting else "false"),
                *self.inspector.show_pane(self.presenting, self.host.inspector)]


ACTIONS: Registry[Action] = Registry()
"""What each ``data-action`` does: the page's, the scenario panel's and the control panel's actions, one name each
(an unknown name goes to the control panel, which refuses it)."""
ACTIONS.add(Controller._toggle_card, "collapse")
ACTIONS.add(Controller._menu_view, "focus-frame")
ACTIONS.add(Controller._focus_card, "focus-card")
ACTIONS.add(Controller._toggle_row, TOGGLE_ROW)
ACTIONS.add(Controller._clear_inspector, "inspector-clear")
ACTIONS.add(Controller._toggle_presenter, PRESENTER)
ACTIONS.add(Controller._play, scenario.PLAY)
ACTIONS.add(Controller._step, scenario.STEP)
ACTIONS.add(Controller._reset, scenario.RESET)
ACTIONS.add(Controller._export, scenario.EXPORT)
ACTIONS.add(Controller._open_scenario, scenario.OPEN)
ACTIONS.add(Controller._replay_form, scenario.REPLAY)
ACTIONS.add(Controller._panel_action, *ActionName)

SIGNALS: dict[Signal, Callable[[Controller], None]] = {
    Signal.START: Controller._start, Signal.RENDER: Controller._render_due, Signal.FOCUSED: Controller._focused,
    Signal.PAGE_HIDE: Controller._page_hide, Signal.STOP_HOST: Controller._stop,
}
HANDLERS: dict[type, Callable[[Controller, Any], None]] = {
    Signal: lambda controller, signal: SIGNALS[signal](controller),
    ev.MessageFrom: Controller._message, ev.Loaded: Controller._loaded, ev.Tick: Controller._tick,
    ev.Clicked: Controller._action, ev.Submitted: Controller._action, ev.Changed: Controller._changed,
    ev.TabMessage: Controller._tab_message, ev.Blurred: Controller._blurred, ev.Visibility: Controller._visibility,
    ev.RestartHost: Controller._restart, ev.ReplayJson: Controller._replay_json, ev.Deliver: Controller._delivered,
    ev.KeyPressed: Controller._key,
}
"""The controller's answer to each event type."""
