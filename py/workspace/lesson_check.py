"""Checking a lesson (a scenario file) before the class (sans-I/O): every fault at once, the timeline's and the
configuration's (options, views, security, ``[scenario]``), each with its line, its step and the nearest spelling,
then a dry run of the timeline on a fresh host and contact centre. ``python3 build.py check-scenario FILE`` prints
what ``check`` finds; the simulator page refuses to start a lesson that ``load`` refuses and shows every line.

The dry run plays the steps in order on a manual clock (the model's timers run as the waits pass), with one frame per
application-level view whose requests (``extension-request`` steps) go through the host's checks. A step that the
model refuses is reported once: the steps after it that act on the same interaction (or on one it should have
created) are not reported again.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace

from wwe import methods, scripted
from wwe.wire.messages import Request

from . import timeline
from .config import INTERACTION, TIMELINE, Config, ConfigError, did_you_mean, read_toml
from .host import Host, Outgoing
from .host.host import HOST_REQUESTS
from .model import ContactCentre
from .model.agent import EVENT_ONLY_TYPES
from .model.controls import REALTIME_STATES
from .model.lifecycle import Media
from .model.outbound import CAMPAIGN_CHANGES
from .model.scenario import scenario_errors

DRY_RUN_START = 1_700_000_000.0
"""The dry run's wall clock at its start (any fixed time: the run must not depend on today)."""
MAX_TIMER_RUNS = 10_000
"""The most model timers the dry run runs during one step's wait (a guard: each run moves the next deadline on)."""


@dataclass(frozen=True)
class Problem:
    """One line of the check: ``line`` in the file (0: unknown), ``text`` what is wrong (it names the step);
    ``error`` False for a note (what the host answers an extension's request in the dry run)."""

    line: int
    text: str
    error: bool = True

    def shown(self, file: str = "") -> str:
        """``FILE:LINE: text``, the form of a compiler's messages (``note:`` before a note's text); with no file,
        ``line N: text`` unless the text names its line already."""
        note = "" if self.error else "note: "
        if file:
            return ":".join([file, *([str(self.line)] if self.line else [])]) + f": {note}{self.text}"
        named = not self.line or f"(line {self.line}," in self.text or f"(line {self.line})" in self.text
        return note + (self.text if named else f"line {self.line}: {self.text}")


class LessonError(ConfigError):
    """A lesson the page cannot play: its ``problems`` (errors only), one per line of the message."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(problem.shown() for problem in problems))
        self.problems = tuple(problems)


Choices = Callable[[Config, ContactCentre], Collection[str]]

DOCUMENTED = tuple(f"{namespace}.{method}" for namespace, names in methods.NAMESPACES.items() for method in names)
FIELD_CHOICES: dict[str, dict[str, Choices]] = {
    "inbound": {"media": lambda config, centre: tuple(Media(m).value for m in ("voice", "chat", "email"))},
    "agent-state": {"state": lambda config, centre: [s["operationName"] for s in centre.states] + sorted(EVENT_ONLY_TYPES),
                    "media": lambda config, centre: list(centre.media_states)},
    "request": {"request": lambda config, centre: sorted(centre.requests)},
    timeline.EXTENSION_REQUEST: {
        "request": lambda config, centre: DOCUMENTED,
        "view": lambda config, centre: [view.section for view in config.web_content if view.level != INTERACTION]},
    "campaign": {"campaign": lambda config, centre: list(centre.campaigns),
                 "change": lambda config, centre: list(CAMPAIGN_CHANGES)},
    "push-record": {"campaign": lambda config, centre: list(centre.campaigns)},
    "direct-push": {"change": lambda config, centre: ("start", "stop")},
    "connection": {"state": lambda config, centre: [state.value for state in REALTIME_STATES]},
}
"""The values a step's field may take, per action, from the lesson's configuration and contact centre."""


def check(text: str, read: Callable[[str], str] = timeline.bundled) -> list[Problem]:
    """Every fault of the lesson ``text`` (its bases read with ``read``): its timeline's and its configuration's
    (options, views, security, ``[scenario]``) together, then what the dry run finds when the configuration has no
    error; in the order of the file; empty when it plays."""
    try:
        data = read_toml(text)
    except ConfigError as error:
        return [Problem(_toml_line(str(error)), str(error))]
    raw = data.pop(TIMELINE, {})
    script, faults = timeline.read_script(raw, text)
    problems = [Problem(fault.line or _line_of(text, str(fault)), str(fault)) for fault in faults]
    try:
        merged = timeline.over_bases(data, raw, read)
    except ConfigError as error:  # a base that cannot be read: nothing to check the rest against
        return sorted(problems + [Problem(_line_of(text, str(error)), str(error))], key=lambda problem: problem.line)
    config, errors = Config.read(merged)
    centre_errors = scenario_errors(config.scenario)
    # the steps' fields are checked against the lesson's contact centre (the default one when its table is faulty)
    centre = ContactCentre(replace(config, scenario={}) if centre_errors else config)
    errors += config.request_name_errors(centre.requests | HOST_REQUESTS) + centre_errors
    problems += [Problem(_line_of(text, error), error) for error in errors]
    wrong = _field_problems(config, centre, script)
    problems += [Problem(step.line, text) for step, text in wrong]
    if not errors:  # the dry run plays on the lesson's own configuration only
        refused = {step.number for step, _ in wrong}
        playable = timeline.Script(script.title, script.description,
                                   tuple(step for step in script.steps if step.number not in refused))
        problems += DryRun(config).play(playable, tainted={step.name for step, _ in wrong if step.name} |
                                        _names_of(raw, {fault.step for fault in faults}))
    return sorted(problems, key=lambda problem: problem.line)


def load(text: str, read: Callable[[str], str] = timeline.bundled) -> tuple[Config, timeline.Script]:
    """The lesson's configuration and script, as ``timeline.load``; LessonError with every error ``check`` finds."""
    errors = [problem for problem in check(text, read) if problem.error]
    if errors:
        raise LessonError(errors)
    return timeline.load(text, read)


def _field_problems(config: Config, centre: ContactCentre, script: timeline.Script
                    ) -> list[tuple[timeline.Step, str]]:
    """The first field of each step whose value is not one the lesson knows, with the nearest spelling."""
    found = []
    for step in script.steps:
        kind = timeline.STEP_KINDS[step.action]
        script_names = {control: name for name, control in kind.renamed.items()}
        for control, value in step.fields.items():
            name = script_names.get(control, control)
            choices = FIELD_CHOICES.get(step.action, {}).get(name)
            known = list(choices(config, centre)) if choices else None
            if known is not None and value not in known:
                listed = f" (one of {', '.join(known)})" if len(known) <= 12 else ""
                found.append((step, f"{step.where}: {name} = {value!r} is not known here"
                                    f"{did_you_mean(value, known)}{listed}"))
                break
    return found


def _names_of(raw: object, numbers: Collection[int]) -> set[str]:
    """The ``as`` names of the steps numbered ``numbers`` (from 1) in the raw ``[timeline]`` table."""
    steps = raw.get("step") if isinstance(raw, dict) else None
    if not isinstance(steps, list):
        return set()
    return {step["as"] for number, step in enumerate(steps, start=1)
            if number in numbers and isinstance(step, dict) and isinstance(step.get("as"), str)}


class DryRun:
    """A fresh host for the lesson's configuration on a manual clock, with one frame per application-level view."""

    def __init__(self, config: Config) -> None:
        self.now = 0.0
        self.host = Host(config, clock=lambda: self.now, wall_clock=lambda: DRY_RUN_START + self.now)
        self.frames: dict[str, str] = {}  # frame id -> its origin
        for number, view in enumerate((v for v in config.web_content if v.level != INTERACTION), start=1):
            self.frames[f"frame{number}"] = view.origin
            self.host.attach_frame(f"frame{number}", view.origin, view.section)

    def play(self, script: timeline.Script, tainted: Collection[str] = ()) -> list[Problem]:
        """Play ``script`` step by step: what would fail during play, without cascading. ``tainted``: names of
        interactions whose steps are already reported (the steps acting on them are not run)."""
        player = timeline.Player(script, self.host)
        bad = set(tainted)
        problems: list[Problem] = []
        for step in script.steps:
            self._wait(step.wait)
            if step.on in bad:
                bad.update(filter(None, [step.name]))
                player.skip()
                continue
            out = player.step(self.now)
            problems += self._requests(out, step)
            refusal = player.played[-1].refusal
            if refusal is not None:
                text = refusal if refusal.startswith(step.where) else f"{step.where}: {refusal}"
                problems.append(Problem(step.line, f"{text} (dry run)"))
                bad.update(filter(None, [step.on, step.name]))
        return problems

    def _wait(self, seconds: float) -> None:
        """Move the clock on by ``seconds``, running the model's timers that fall due on the way."""
        end = self.now + seconds
        for _ in range(MAX_TIMER_RUNS):
            deadline = self.host.model.next_deadline()
            if deadline is None or deadline > end:
                break
            self.now = max(self.now, deadline)
            self.host.tick()
        self.now = end

    def _requests(self, out: list[Outgoing], step: timeline.Step) -> list[Problem]:
        """The requests the frames send when a step asks them (``wwe.scripted``), each with the host's answer as a
        note."""
        notes = []
        for frame_id, message in out:
            asked = scripted.read(message) if isinstance(message, str) else None
            if asked is None or frame_id not in self.frames:
                continue
            request = Request(asked.request, asked.parameters, f"dry-run-{step.number}").to_wire(frame_id)
            replies = [reply for _, reply in self.host.receive(frame_id, self.frames[frame_id], request)
                       if isinstance(reply, dict) and reply.get("referenceId") == request["referenceId"]]
            answer = replies[0].get("errorMessage") if replies else "no answer (quarantined by a rate limit)"
            outcome = "answered" if answer is None else f"refused: {answer}"
            notes.append(Problem(step.line, f"{step.where}: the host's answer to the frame's {asked.request}: "
                                            f"{outcome}", error=False))
        return notes


def _toml_line(message: str) -> int:
    """The line a TOML syntax error names (``... (at line 3, column 5)``), else 0."""
    found = re.search(r"at line (\d+)", message)
    return int(found.group(1)) if found else 0


def _line_of(text: str, message: str) -> int:
    """The line a configuration error is about: the line of the option (or ``[section] key``) it starts with."""
    head = message.split(": ", 1)[0]
    section = re.match(r"\[([^\]]+)\]\s*(.*)", head)
    lines = text.splitlines()
    start = 0
    if section:  # from the section's header, or from the top when the table is written another way
        header = next((n for n, line in enumerate(lines) if line.strip() == f"[{section.group(1)}]"), None)
        start, head = header or 0, section.group(2) or f"[{section.group(1)}]"
    return next((n + 1 for n, line in enumerate(lines[start:], start=start) if head and head in line), 0)
