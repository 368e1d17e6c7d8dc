"""The scenario panel (sans-I/O): the script player's controls and text, and the replay of a recording.

What decides lives in ``timeline`` (the player, ``progress``) and ``replay`` (reading a recording, its schedule);
this module keeps what the panel shows up to date, and the replay's progress. The controller drives it on the
page's tick and delivers what it returns.
"""
from __future__ import annotations

from .. import replay, timeline
from ..host import Outgoing
from ..replay import RecordingError, Replay
from ..view import PageView
from .effects import Effect, ScrollList, SetAttr, SetHTML, SetText

PLAY, STEP, RESET, EXPORT = "player-play", "player-step", "player-reset", "session-export"
"""The player's buttons (their ``data-action`` and ids) and the export button."""
SPEED = "player-speed"
OPEN, REPLAY = "open-scenario", "replay"
"""The picker's and the replay's forms."""
EXPORT_NAME = "wwe-session.json"
REPLAY_STATUS = "replay-status"
VIEW_ONLY = ("The extension's view only: the contact centre and the control panel keep their own state (the "
             "replayed messages are in the inspector, marked replayed).")
"""What a replay shows and what it does not (a replay posts what the host sent; the host's model does not follow)."""


def replayed_note(sent: replay.Sent) -> str:
    """The inspector's note on a replayed message: where it went in the recording (a cell: which frame ran it)."""
    if sent.cell:
        return f"replayed: a cell {sent.frame} ({sent.view}) ran in the recording"
    return f"replayed: sent to {sent.frame} ({sent.view}) in the recording"


class ScenarioPanel:
    """The panel of ``player``'s script, of the scenario ``current``."""

    def __init__(self, player: timeline.Player, view: PageView, current: str) -> None:
        self.player = player
        self.view = view
        self.current = current
        self.replay: Replay | None = None
        self.replay_start = 0.0
        self.replayed = self.skipped = 0
        self.shown: timeline.Progress | None = None

    def html(self) -> str:
        return self.view.scenario(timeline.catalogue(), self.current, self.player.script)

    # -- the player -------------------------------------------------------------------------------------------------

    def play(self, now: float) -> list[Outgoing]:
        """Play, or pause while playing."""
        if self.player.state == timeline.PLAYING:
            self.player.pause(now)
        else:
            self.player.play(now)
        return self.player.poll(now)

    def speed(self, value: str, now: float) -> None:
        self.player.set_speed(float(value), now)

    def show(self) -> list[Effect]:
        """Bring the player's text up to date (only what changed; nothing when the script has no steps)."""
        if not self.player.script.steps:
            return []
        shown = timeline.progress(self.player)
        if shown == self.shown:
            return []
        previous, self.shown = self.shown, shown
        playing = self.player.state == timeline.PLAYING
        out: list[Effect] = [
            SetText(PLAY, "Pause" if playing else "Play"),
            SetAttr(PLAY, "aria-pressed", "true" if playing else "false"),
            SetAttr(PLAY, "disabled", "" if self.player.state == timeline.FINISHED else None),
            SetAttr(STEP, "disabled", "" if self.player.next_step is None else None),
            SetText("player-status", shown.status),
            SetText("player-current", shown.current, hidden=not shown.current),
            SetText("player-next", shown.upcoming),
            SetText("player-refusal", shown.refusal, hidden=not shown.refusal),
        ]
        if previous is None or previous.steps != shown.steps:
            out.append(SetHTML("player-steps", self.view.scenario_steps(shown)))
            out.append(ScrollList("player-steps", max(len(self.player.played) - 1, 0)))
        return out

    # -- record and replay ----------------------------------------------------------------------------------------

    def load(self, recording: str | None, compress: bool, now: float) -> list[Effect]:
        """Start replaying the chosen file's text (None: no file chosen)."""
        if recording is None:
            return [SetText(REPLAY_STATUS, "Choose a recording (a JSON file saved with Export session) first.")]
        try:
            entries = replay.read(recording)
        except RecordingError as error:
            return [SetText(REPLAY_STATUS, f"Not a recording: {error}")]
        return self.start_replay(replay.sent_messages(entries, compress), now)

    def start_replay(self, sent: list[replay.Sent], now: float) -> list[Effect]:
        self.replay, self.replay_start, self.replayed, self.skipped = Replay(sent), now, 0, 0
        return [SetText(REPLAY_STATUS, f"Replaying {len(sent)} messages…")]

    def due(self, now: float) -> list[replay.Sent]:
        """The replayed messages due now."""
        return self.replay.due(now - self.replay_start) if self.replay is not None else []

    def replayed_to(self, frames: list[str | None]) -> list[Effect]:
        """Count the due messages posted (each to its frame) and those with no live frame of their view (None);
        the status line when it changed."""
        if self.replay is None:
            return []
        self.skipped += frames.count(None)
        self.replayed += len(frames) - frames.count(None)
        if not frames and not self.replay.finished:
            return []
        total, finished = len(self.replay.sent), self.replay.finished
        skipped = f"; {self.skipped} with no live frame of their view" if self.skipped else ""
        if finished:
            self.replay = None
        return [SetText(REPLAY_STATUS, f"{'Replayed' if finished else 'Replaying'} {self.replayed} of {total} "
                                       f"messages{skipped}. {VIEW_ONLY}")]
