"""Browser edge of the scenario panel: the picker, the script player's controls, export, and replay of a recording.

What decides lives in ``timeline`` (the player, ``progress``) and ``replay`` (reading a recording, its schedule);
this module turns clicks into player calls, runs the player and the replay on the page's tick, posts replayed
messages to the live frames, and shows text with ``textContent`` or autoescaped templates.
"""
from __future__ import annotations

import asyncio
from typing import Protocol

import js
from pyodide.ffi import create_once_callable, create_proxy

from . import replay, timeline
from .embeds import Embeds
from .host import Outgoing
from .replay import RecordingError, Replay
from .session import Session
from .view import PageView

ACTIONS = ("player-play", "player-step", "player-reset", "session-export")
FORMS = ("open-scenario", "replay")


def element(element_id: str):
    return js.document.getElementById(element_id)


def text(element_id: str, value: str) -> None:
    node = element(element_id)
    if node:  # getElementById gives null (jsnull, falsy) when there is no such element
        node.textContent = value


class Page(Protocol):
    """What the scenario panel uses of the simulator page (``browser.SimulatorPage``)."""

    session: Session
    embeds: Embeds
    view: PageView

    def deliver(self, out: list[Outgoing]) -> None: ...

    def session_json(self) -> str: ...


class ScenarioPanel:
    """The scenario panel of the simulator page (``page``), playing ``script`` of the scenario ``current``."""

    def __init__(self, page: Page, script: timeline.Script, current: str) -> None:
        self.page = page
        self.player = page.session.player(script)
        self.replay: Replay | None = None
        self.replay_start = 0.0
        self.replayed = self.skipped = 0
        self.shown: timeline.Progress | None = None
        element("scenario").innerHTML = page.view.scenario(timeline.catalogue(), current, script)
        speed = element("player-speed")
        if speed:
            self._proxy = create_proxy(self.on_speed)
            speed.addEventListener("change", self._proxy)
        self.show()

    def now(self) -> float:
        return js.performance.now() / 1000

    # -- events from the page -----------------------------------------------------------------------------------

    def action(self, name: str) -> None:
        """A click on one of ACTIONS."""
        now = self.now()
        if name == "player-play":
            if self.player.state == timeline.PLAYING:
                self.player.pause(now)
            else:
                self.player.play(now)
            self.page.deliver(self.player.poll(now))
        elif name == "player-step":
            self.page.deliver(self.player.step(now))
        elif name == "player-reset":
            self.player.reset()
        elif name == "session-export":
            self.export()
        self.show()

    def on_speed(self, event) -> None:
        self.player.set_speed(float(event.target.value), self.now())
        self.show()

    def submit(self, name: str, form) -> None:
        """A submitted form of FORMS."""
        if name == "open-scenario":
            query = js.URLSearchParams.new(js.location.search)
            query.set("scenario", form.elements.namedItem("scenario").value)
            js.location.search = query.toString()
        else:
            asyncio.ensure_future(self.load_recording(form))

    def tick(self) -> None:
        """The page's timer: due steps, due replayed messages, the text."""
        now = self.now()
        self.page.deliver(self.player.poll(now))
        if self.replay is not None:
            self.deliver_replayed(self.replay.due(now - self.replay_start))
        self.show()

    # -- the player -------------------------------------------------------------------------------------------------

    def show(self) -> None:
        """Bring the player's text up to date (only what changed)."""
        if not element("player-status"):
            return
        shown = timeline.progress(self.player)
        if shown == self.shown:
            return
        previous, self.shown = self.shown, shown
        playing = self.player.state == timeline.PLAYING
        play = element("player-play")
        play.textContent = "Pause" if playing else "Play"
        play.setAttribute("aria-pressed", "true" if playing else "false")
        play.disabled = self.player.state == timeline.FINISHED
        element("player-step").disabled = self.player.next_step is None
        text("player-status", shown.status)
        text("player-next", shown.upcoming)
        refusal = element("player-refusal")
        refusal.hidden = not shown.refusal
        refusal.textContent = shown.refusal
        if previous is None or previous.steps != shown.steps:
            element("player-steps").innerHTML = self.page.view.scenario_steps(shown)

    # -- record and replay ----------------------------------------------------------------------------------------

    def export(self) -> None:
        """Download the session as JSON."""
        blob = js.Blob.new([self.page.session_json()], js.JSON.parse('{"type": "application/json"}'))
        link = js.document.createElement("a")
        link.href = js.URL.createObjectURL(blob)
        link.download = "wwe-session.json"
        link.click()
        js.setTimeout(create_once_callable(lambda: js.URL.revokeObjectURL(link.href)), 1000)

    async def load_recording(self, form) -> None:
        """Read the chosen file and start replaying it."""
        files = form.elements.namedItem("recording").files
        if files.length == 0:
            text("replay-status", "Choose a recording (a JSON file saved with Export session) first.")
            return
        try:
            entries = replay.read(str(await files.item(0).text()))
        except RecordingError as error:
            text("replay-status", f"Not a recording: {error}")
            return
        sent = replay.sent_messages(entries, compress=bool(form.elements.namedItem("compress").checked))
        self.start_replay(sent)

    def start_replay(self, sent: list[replay.Sent]) -> None:
        self.replay, self.replay_start, self.replayed, self.skipped = Replay(sent), self.now(), 0, 0
        text("replay-status", f"Replaying {len(sent)} messages…")

    def replay_json(self, recording: str, compress: bool = True) -> None:
        """Replay a recording given as JSON text (the browser console, tests)."""
        self.start_replay(replay.sent_messages(replay.read(recording), compress))

    def deliver_replayed(self, due: list[replay.Sent]) -> None:
        """Post each due message to the live frame of its view (the newest one); count those with no frame."""
        for sent in due:
            frames = [frame_id for frame_id, embed in self.page.embeds.by_id.items() if embed.name == sent.view
                      and frame_id in self.page.session.host.frames]
            if not frames:
                self.skipped += 1
                continue
            self.page.deliver([Outgoing(frames[-1], sent.message)])
            self.replayed += 1
        if due or self.replay.finished:
            total = len(self.replay.sent)
            done = "Replayed" if self.replay.finished else "Replaying"
            skipped = f"; {self.skipped} with no live frame of their view" if self.skipped else ""
            text("replay-status", f"{done} {self.replayed} of {total} messages{skipped}.")
            if self.replay.finished:
                self.replay = None

