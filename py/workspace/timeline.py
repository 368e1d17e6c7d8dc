"""Scenario scripts (sans-I/O): a timeline of host-side happenings kept in a scenario file, and the player.

A scenario file is the simulator's configuration (see scenario/default.toml) with a ``[timeline]`` table::

    [timeline]
    title = "Inbound call"
    description = "A call rings, the agent answers, the customer hangs up."
    base = "default"              # optional: this file is laid over scenario/default.toml

    [[timeline.step]]
    do = "inbound"                # a control-panel action (workspace.actions.ActionName), or "note"
    media = "voice"
    as = "call"                   # names the interaction this step creates...
    note = "A call rings."

    [[timeline.step]]
    wait = 3                      # seconds after the previous step (scaled by the player's speed)
    do = "answer"
    on = "call"                   # ...so that later steps can act on it
    pause = true                  # the player pauses after this step

Every step runs through ``control_panel.run``, the same code as the control panel's buttons (and is recorded in the
inspector like them). ``load`` checks the whole file first: a ScriptError names the step, its line and the fault.
"""
from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import control_panel
from .actions import ACTIONS, ActionName, StepFields, key_values
from .config import TIMELINE, Config, ConfigError, did_you_mean, read_toml
from .host import Host, Outgoing
from .host.journal import InspectorEntry
from .host.page_events import Asked


class ScriptError(ConfigError):
    """A scenario script that cannot be played; the message says where (step, line) and what is wrong; ``step``
    and ``line`` are its step number and line (0: not a step's fault, or unknown)."""

    def __init__(self, message: str, step: int = 0, line: int = 0) -> None:
        super().__init__(message)
        self.step, self.line = step, line


NOTE = "note"
EXTENSION_REQUEST = "extension-request"
"""A step that makes an extension's frame send a request (``view``, ``request``, ``parameters``; decision P4)."""
STEP_KINDS: dict[str, StepFields] = {
    NOTE: StepFields(),
    EXTENSION_REQUEST: StepFields(required=("view", "request"), optional=("parameters",)),
    **{name: action.step for name, action in ACTIONS.items() if action.step is not None},
}
"""What a step may do (its ``do``): every control-panel action that needs no id known only while playing (toasts,
dialogs), a note, or an extension's request."""
WITH_PARAMETERS = (ActionName.REQUEST, EXTENSION_REQUEST)
"""The steps whose ``parameters`` are a request's, with the id of the interaction named by ``on`` put first."""

COMMON = ("do", "wait", "note", "as", "on", "pause")
TIMELINE_KEYS = ("title", "description", "base", "step")
MAX_STEPS = 500
MAX_WAIT = 3600.0
MAX_TEXT = 4000
SPEEDS = (0.5, 1.0, 2.0, 5.0, 10.0)
MIN_SPEED, MAX_SPEED = SPEEDS[0], SPEEDS[-1]
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
SCENARIO_FOLDER = next((folder for folder in (Path(__file__).resolve().parents[2] / "scenario",
                                               Path(__file__).resolve().parent / "scenario") if folder.is_dir()),
                       Path("scenario"))
"""The bundled scenarios: the repository's scenario/ on CPython, the package's own copy where the ``workspace``
wheel is installed (``build.py wheels``), else the app's working directory (in the browser)."""

# Player states.
READY, PLAYING, PAUSED, FINISHED = "ready", "playing", "paused", "finished"


@dataclass(frozen=True)
class Step:
    """One happening: ``number`` counts from 1, ``line`` is where its ``[[timeline.step]]`` starts (0: unknown)."""

    number: int
    line: int
    action: str
    wait: float = 0.0
    note: str = ""
    name: str = ""
    on: str = ""
    pause: bool = False
    fields: Mapping[str, str] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return _where(self.number, self.line, self.action)

    def describe(self) -> str:
        """What the step does, for a person: its note, else its action and fields."""
        if self.note:
            return self.note
        words = [self.action] + [f"{key}={value}" for key, value in self.fields.items()]
        return " ".join(words + ([f"on {self.on}"] if self.on else []))

    def panel_fields(self, names: Mapping[str, str]) -> dict[str, str]:
        """The fields for ``control_panel.run``, with ``on`` replaced by the id of the interaction it names."""
        fields = dict(self.fields)
        if self.on:
            if self.on not in names:
                raise KeyError(self.on)
            target = STEP_KINDS[self.action].target or "id"
            fields[target] = names[self.on]
        return fields


@dataclass(frozen=True)
class Script:
    """A scenario's timeline: its title, description and steps."""

    title: str = ""
    description: str = ""
    steps: tuple[Step, ...] = ()


def _where(number: int, line: int, action: str = "") -> str:
    at = f"step {number}" + (f" (line {line}" if line else "") + (f", do = {action!r}" if action else "")
    return at + (")" if line else "")


def step_lines(text: str) -> list[int]:
    """The line number of each ``[[timeline.step]]`` header in the TOML text (in order)."""
    header = re.compile(r"\s*\[\[\s*timeline\s*\.\s*step\s*\]\]")
    return [number for number, line in enumerate(text.splitlines(), start=1) if header.match(line)]


def parse_script(timeline: Any, text: str = "") -> Script:
    """Check a ``[timeline]`` table (``text`` is the file, for line numbers); ScriptError on the first fault."""
    script, faults = read_script(timeline, text)
    if faults:
        raise faults[0]
    return script


def read_script(timeline: Any, text: str = "") -> tuple[Script, list[ScriptError]]:
    """Check a ``[timeline]`` table and keep going: the script of the steps without a fault, and every fault (at
    most one per step: its first). A faulty step's ``as`` still names an interaction, so the steps acting on it
    are not reported again."""
    if not isinstance(timeline, dict):
        return Script(), [ScriptError("[timeline] must be a table")]
    faults = [ScriptError(f"[timeline] {key}: unknown key{did_you_mean(key, TIMELINE_KEYS)}"
                          f" (known: {', '.join(TIMELINE_KEYS)})") for key in timeline if key not in TIMELINE_KEYS]
    texts = []
    for key in ("title", "description"):
        try:
            texts.append(_text("[timeline] " + key, timeline.get(key, "")))
        except ScriptError as fault:
            faults.append(fault)
            texts.append("")
    raw_steps = timeline.get("step", [])
    if not isinstance(raw_steps, list) or not all(isinstance(step, dict) for step in raw_steps):
        return Script(texts[0], texts[1]), faults + [ScriptError("[timeline] step: write each step as a [[timeline.step]] table")]
    if len(raw_steps) > MAX_STEPS:
        return Script(texts[0], texts[1]), faults + [ScriptError(f"[timeline] step: {len(raw_steps)} steps, at most {MAX_STEPS}")]
    lines = step_lines(text)
    steps: list[Step] = []
    names: set[str] = set()
    for number, raw in enumerate(raw_steps, start=1):
        line = lines[number - 1] if len(lines) == len(raw_steps) else 0
        try:
            steps.append(_step(number, line, raw, names))
        except ScriptError as fault:
            faults.append(ScriptError(str(fault), number, line))
        if isinstance(raw.get("as"), str) and raw["as"]:
            names.add(raw["as"])
    return Script(texts[0], texts[1], tuple(steps)), faults


def _text(where: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ScriptError(f"{where}: must be a string, got {type(value).__name__}")
    if len(value) > MAX_TEXT:
        raise ScriptError(f"{where}: longer than {MAX_TEXT} characters")
    return value.strip()


def _step(number: int, line: int, raw: dict[str, Any], names: set[str]) -> Step:
    action = raw.get("do")
    if not isinstance(action, str):
        raise ScriptError(f"{_where(number, line)}: 'do' is missing; it names what happens"
                          f" (one of {', '.join(sorted(STEP_KINDS))})")
    where = _where(number, line, action)
    kind = STEP_KINDS.get(action)
    if kind is None:
        hint = did_you_mean(action, STEP_KINDS)
        if action in ACTIONS:
            hint = " (it needs a toast or dialog id that exists only while playing)"
        raise ScriptError(f"{where}: unknown action{hint}; known: {', '.join(sorted(STEP_KINDS))}")
    allowed = COMMON + kind.required + kind.optional
    for key in raw:
        if key not in allowed:
            raise ScriptError(f"{where}: unknown field {key!r}{did_you_mean(key, allowed)}"
                              f" (this step takes: {', '.join(k for k in allowed if k != 'do')})")
    for key in kind.required:
        if key not in raw:
            raise ScriptError(f"{where}: {key!r} is missing")
    wait = raw.get("wait", 0)
    if isinstance(wait, bool) or not isinstance(wait, (int, float)) or not 0 <= wait <= MAX_WAIT:
        raise ScriptError(f"{where}: wait must be a number of seconds from 0 to {MAX_WAIT:g}, got {wait!r}")
    pause = raw.get("pause", False)
    if not isinstance(pause, bool):
        raise ScriptError(f"{where}: pause must be true or false, got {pause!r}")
    name, on = (raw.get(key, "") for key in ("as", "on"))
    for key, value in (("as", name), ("on", on)):
        if not isinstance(value, str) or value and not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]{0,39}", value):
            raise ScriptError(f"{where}: {key} must be a short name (a letter, then letters, digits, - or _), "
                              f"got {value!r}")
    if on and not kind.target and action not in WITH_PARAMETERS:
        raise ScriptError(f"{where}: 'on' is not used by this step (it acts on no interaction)")
    if kind.target and not on:
        raise ScriptError(f"{where}: 'on' is missing: name the interaction (given by 'as' in an earlier step)")
    if on and on not in names:
        raise ScriptError(f"{where}: on = {on!r}: no earlier step names an interaction {on!r}"
                          f"{did_you_mean(on, names)}")
    fields = {kind.renamed.get(key, key): _field(where, key, raw[key])
              for key in kind.required + kind.optional if key in raw and key != "parameters"}
    if action in WITH_PARAMETERS:
        fields["parameters"] = _parameters(where, raw.get("parameters", []), on)
    return Step(number, line, action, float(wait), _text(f"{where}: note", raw.get("note", "")), name, on, pause,
                fields)


def _field(where: str, key: str, value: Any) -> str:
    """A step field as the control panel's text field."""
    if key == "user_data":
        return _user_data(where, value)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ScriptError(f"{where}: {key} must be a string or a number, got {type(value).__name__}")
    return str(value)


def _user_data(where: str, value: Any) -> str:
    """Attached data as ``Key=value; Key=value`` (a TOML table, or that text)."""
    if isinstance(value, str):
        try:
            key_values(value)
        except ValueError as error:
            raise ScriptError(f"{where}: user_data: {error}") from None
        return value
    if not isinstance(value, dict):
        raise ScriptError(f"{where}: user_data must be a table (Key1 = \"value\") or \"Key1=value; Key2=value\"")
    for key, item in value.items():
        if not isinstance(item, (str, int, float)) or isinstance(item, bool) or any(c in f"{key}{item}" for c in ";="):
            raise ScriptError(f"{where}: user_data {key}: values are strings or numbers without ';' or '='")
    return "; ".join(f"{key}={item}" for key, item in value.items())


def _parameters(where: str, value: Any, on: str) -> str:
    """A request's parameters as JSON text; with ``on``, the interaction's id is put first when playing."""
    if not isinstance(value, list):
        raise ScriptError(f"{where}: parameters must be an array (the request's parameters"
                          f"{' after the interactionId given by on' if on else ''})")
    return json.dumps(value)


# -- files ----------------------------------------------------------------------------------------------------

def bundled(name: str, folder: Path = SCENARIO_FOLDER) -> str:
    """The text of the bundled scenario ``name``: scenario/<name>.toml, else an extension's (the build puts those
    in scenario/extensions/)."""
    if not is_bundled_name(name):
        raise ConfigError(f"'{name}' is not a scenario name (lower-case letters, digits and -)")
    path = next((p for p in (folder / f"{name}.toml", folder / "extensions" / f"{name}.toml") if p.is_file()), None)
    if path is None:
        known = [p.stem for p in (*folder.glob("*.toml"), *folder.glob("extensions/*.toml"))]
        raise ConfigError(f"no bundled scenario '{name}'{did_you_mean(name, known)}")
    return path.read_text(encoding="utf-8")


def is_bundled_name(text: str) -> bool:
    """Whether ``?scenario=`` names a bundled scenario (``call-recording``) rather than a URL."""
    return bool(_NAME.match(text))


def layer(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """``over`` laid on ``base``: tables merged key by key (at every level), anything else replaced."""
    merged = dict(base)
    for key, value in over.items():
        below = merged.get(key)
        merged[key] = layer(below, value) if isinstance(below, dict) and isinstance(value, dict) else value
    return merged


def load(text: str, read: Callable[[str], str] = bundled) -> tuple[Config, Script]:
    """A scenario file's configuration and script (an empty script when it has no ``[timeline]``).

    ``base = "<name>"`` lays the file over the scenario ``read(name)`` returns, itself laid over its own base, and
    so on. Raises ConfigError (the configuration, a missing base) or ScriptError (the timeline, a cycle of bases)."""
    data = read_toml(text, "scenario")
    timeline = data.pop(TIMELINE, {})
    return Config.from_dict(over_bases(data, timeline, read)), parse_script(timeline, text)


def over_bases(data: dict[str, Any], timeline: Any, read: Callable[[str], str],
               chain: tuple[str, ...] = ()) -> dict[str, Any]:
    """``data`` laid over its base chain (``chain``: the bases already read, to refuse a cycle)."""
    base = timeline.get("base") if isinstance(timeline, dict) else None
    if base is None:
        return data
    if not isinstance(base, str) or not is_bundled_name(base):
        raise ScriptError(f"[timeline] base: must name a bundled scenario (such as 'default'), got {base!r}")
    if base in chain:
        raise ScriptError(f"[timeline] base: the bases form a cycle ({' -> '.join((*chain, base))})")
    below = read_toml(read(base), f"base scenario '{base}'")
    return layer(over_bases(below, below.pop(TIMELINE, {}), read, (*chain, base)), data)


def catalogue(folder: Path = SCENARIO_FOLDER) -> list[tuple[str, str]]:
    """``(name, title)`` of each bundled scenario, the default first; unreadable files are left out."""
    found = []
    for path in sorted(folder.glob("*.toml")):
        try:
            timeline = tomllib.loads(path.read_text(encoding="utf-8")).get(TIMELINE, {})
        except (OSError, tomllib.TOMLDecodeError):
            continue
        title = timeline.get("title") if isinstance(timeline, dict) else None
        found.append((path.stem, title if isinstance(title, str) and title else path.stem))
    return sorted(found, key=lambda item: (item[0] != "default", item[1].lower()))


# -- the player -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Played:
    """A step that ran: ``refusal`` is the model's (or the script's) reason when it could not happen; ``since`` is
    the journal's newest entry when it ran (what the inspector logged after it came during the step)."""

    step: Step
    refusal: str | None = None
    since: InspectorEntry | None = None


@dataclass(frozen=True)
class Mark:
    """How far a player got, for another tab's player to take (workspace.sharing): the index of its next step, the
    names its steps gave to interactions, and each step played as its index and its refusal."""

    position: int
    names: Mapping[str, str]
    played: tuple[tuple[int, str | None], ...]


Act = Callable[[str, control_panel.Fields], tuple[list[Outgoing], str | None]]
"""Runs a control-panel action: its messages and its refusal (None when done), as ``control_panel.run``."""


class Player:
    """Plays a script on a host, driven by the caller's clock: ``poll(now)`` runs the steps that are due.

    Script time runs at ``speed`` times real time while playing. A step that is refused, or marked ``pause``,
    pauses the player after it runs. ``reset`` rewinds the script (the contact centre keeps its state).
    """

    def __init__(self, script: Script, host: Host) -> None:
        self.script = script
        self.host = host
        self.act: Act | None = None
        """How a step's action runs (the simulator page's shared contact centre); None: ``control_panel.run``."""
        self.speed = 1.0
        self.reset()

    def reset(self) -> None:
        """Back to the first step, paused."""
        self.state = READY if self.script.steps else FINISHED
        self.position = 0              # index of the next step
        self.elapsed = 0.0             # script seconds since the previous step ran
        self.names: dict[str, str] = {}
        self.played: list[Played] = []
        self._last = 0.0

    @property
    def next_step(self) -> Step | None:
        return self.script.steps[self.position] if self.position < len(self.script.steps) else None

    def due_in(self) -> float | None:
        """Real seconds until the next step runs while playing (None at the end)."""
        step = self.next_step
        return None if step is None else max(step.wait - self.elapsed, 0.0) / self.speed

    def _catch_up(self, now: float) -> None:
        if self.state == PLAYING:
            self.elapsed += max(now - self._last, 0.0) * self.speed
        self._last = now

    def play(self, now: float) -> None:
        """Start or go on (nothing at the end: reset first)."""
        self._catch_up(now)
        if self.state != FINISHED:
            self.state = PLAYING

    def pause(self, now: float) -> None:
        self._catch_up(now)
        if self.state == PLAYING:
            self.state = PAUSED

    def set_speed(self, speed: float, now: float) -> None:
        """Script seconds per real second, from MIN_SPEED to MAX_SPEED."""
        if isinstance(speed, bool) or not isinstance(speed, (int, float)) or not MIN_SPEED <= speed <= MAX_SPEED:
            raise ValueError(f"speed must be from {MIN_SPEED:g} to {MAX_SPEED:g}, got {speed!r}")
        self._catch_up(now)
        self.speed = float(speed)

    def step(self, now: float) -> list[Outgoing]:
        """Run the next step at once (whatever its wait) and pause."""
        self._catch_up(now)
        if self.next_step is None:
            return []
        out = self._run(self.next_step)
        self.elapsed = 0.0
        if self.state != FINISHED:
            self.state = PAUSED
        return out

    def skip(self) -> None:
        """Pass over the next step without running it (the dry run's steps on an interaction already reported)."""
        self.position += 1
        if self.next_step is None:
            self.state = FINISHED

    def poll(self, now: float) -> list[Outgoing]:
        """Run every step that is due while playing; the messages to deliver."""
        self._catch_up(now)
        out: list[Outgoing] = []
        while self.state == PLAYING and self.next_step is not None and self.elapsed >= self.next_step.wait:
            self.elapsed -= self.next_step.wait
            out += self._run(self.next_step)
        return out

    def mirror(self, index: int, act: Act) -> list[Outgoing]:
        """Another tab's player ran step ``index`` through ``act``: this one follows it there, paused."""
        self.position, saved, self.act = index, self.act, act
        try:
            out = self._run(self.script.steps[index])
        finally:
            self.act = saved
        if self.state == PLAYING:
            self.state = PAUSED
        return out

    def mark(self) -> Mark:
        """How far this player got."""
        index = {id(step): number for number, step in enumerate(self.script.steps)}
        return Mark(self.position, dict(self.names), tuple((index[id(done.step)], done.refusal) for done in self.played))

    def take(self, mark: Mark) -> None:
        """Follow another tab's player to ``mark``, paused there as ``mirror`` leaves it (steps its script does not
        have are left out)."""
        steps = self.script.steps
        self.reset()
        self.position, self.names = min(mark.position, len(steps)), dict(mark.names)
        self.played = [Played(steps[index], refusal) for index, refusal in mark.played if 0 <= index < len(steps)]
        if self.next_step is None:
            self.state = FINISHED
        elif self.played and (self.played[-1].refusal is not None or self.played[-1].step.pause):
            self.state = PAUSED

    def _run(self, step: Step) -> list[Outgoing]:
        self.position += 1
        since = self.host.inspector[-1] if self.host.inspector else None
        out, refusal = self._perform(step)
        self.played.append(Played(step, refusal, since))
        if self.next_step is None:
            self.state = FINISHED
        elif refusal is not None or step.pause:
            self.state = PAUSED
        return out

    def _perform(self, step: Step) -> tuple[list[Outgoing], str | None]:
        if step.action == NOTE:  # nothing happens; ``act`` still hears of it (other tabs' players follow)
            return self.act(NOTE, {}) if self.act else ([], None)
        try:
            fields = step.panel_fields(self.names)
        except KeyError:
            return [], f"{step.where}: the interaction {step.on!r} was not created (an earlier step failed)"
        if step.action in WITH_PARAMETERS and step.on:
            fields["parameters"] = json.dumps([fields.pop("id"), *json.loads(fields["parameters"])])
        if step.action == EXTENSION_REQUEST:
            return self._ask(step, fields)
        centre = control_panel.contact_centre(self.host)
        before = set(centre.interactions) | set(centre.workbin)
        out, refusal = self.act(step.action, fields) if self.act else control_panel.run(self.host, step.action, fields)
        if refusal is None and step.name:
            created = [i for i in centre.interactions if i not in before]
            if not created:
                return out, f"{step.where}: created no interaction to name {step.name!r}"
            self.names[step.name] = created[0]
        return out, refusal

    def _ask(self, step: Step, fields: dict[str, str]) -> tuple[list[Outgoing], str | None]:
        """Ask the newest frame of the step's view to send its request (``wwe.scripted``): the request itself
        then comes from the frame like any other, through the host's checks. Recorded in the inspector."""
        frames = [frame.frame_id for frame in self.host.frames.values() if frame.name == fields["view"]]
        asked = Asked(frames[-1] if frames else "", fields["view"], fields["request"],
                      json.loads(fields["parameters"]), step.number)
        self.host.log_page_event(asked, asked.refusal)
        if asked.refusal is not None:
            return [], f"{step.where}: {asked.refusal}"
        return [Outgoing(asked.frame_id, asked.scripted().to_text())], None


@dataclass(frozen=True)
class Progress:
    """What the page shows of a player: ``status`` (state and position), ``upcoming`` (the next step and when),
    ``steps`` as ``(number, text, mark)`` with mark "done", "refused", "next" or "" (to come); ``refusal``;
    ``current``: the step played last, in full (a pause's instruction stays readable while ``upcoming`` shows)."""

    status: str
    upcoming: str
    steps: tuple[tuple[int, str, str], ...]
    refusal: str = ""
    current: str = ""


def progress(player: Player) -> Progress:
    """The player's state in words."""
    total = len(player.script.steps)
    words = {READY: "Ready", PLAYING: f"Playing at {player.speed:g}×", PAUSED: "Paused", FINISHED: "Finished"}
    status = f"{words[player.state]} · step {len(player.played)} of {total} done"
    step = player.next_step
    if step is None:
        upcoming = "The script is over: Reset plays it again (the contact centre keeps its state)."
    else:
        due = player.due_in()
        when = f"in {due:.1f} s" if player.state == PLAYING and due else "now" if player.state == PLAYING \
            else f"after {step.wait:g} s" if step.wait else "at once"
        upcoming = f"Next ({when}): {step.number}. {step.describe()}"
    marks = {played.step.number: "refused" if played.refusal else "done" for played in player.played}
    if step is not None:
        marks[step.number] = "next"
    last = player.played[-1] if player.played else None
    return Progress(status, upcoming, tuple((s.number, s.describe(), marks.get(s.number, ""))
                                            for s in player.script.steps),
                    f"{last.step.number}. {last.refusal}" if last and last.refusal else "",
                    f"Now: {last.step.number}. {last.step.describe()}" if last else "")
