"""Checking a lesson: every error of a file at once (line, step, did-you-mean), through ``build.py check-scenario``
too; the dry run on CPython without cascading; the extension-request step (wwe.scripted) end to end on the test kit;
what the simulator page shows instead of the simulator when a scenario cannot be loaded."""
from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from wwe import scripted
from workspace import lesson_check, timeline
from workspace.host import journal
from workspace.host.page_events import Asked, page_event
from workspace.page import startup
from workspace.testing import Simulator, assert_reproduces, settle

from .test_timeline import STEPS

ROOT = Path(__file__).resolve().parents[2]
HEAD = '[timeline]\nbase = "default"\ntitle = "T"\n'

FIVE_ERRORS = (ROOT / "tests" / "unit" / "lessons" / "five-errors.toml").read_text(encoding="utf-8")
"""Five different errors, one per step: a media name, an action, a request name, a state name, a field name."""

EXPECTED_FIVE = [
    (7, "step 1 (line 7, do = 'inbound'): media = 'phone' is not known here (one of voice, chat, email)"),
    (12, "step 2 (line 12, do = 'answr'): unknown action (did you mean 'answer'?)"),
    (16, "step 3 (line 16, do = 'request'): request = 'voice.startCallRecordin' is not known here "
         "(did you mean 'voice.startCallRecording'?)"),
    (21, "step 4 (line 21, do = 'agent-state'): state = 'NotReadyBrake' is not known here "
         "(did you mean 'NotReadyBreak'?)"),
    (25, "step 5 (line 25, do = 'inbound'): unknown field 'pary' (did you mean 'party'?)"),
]

FIVE_MIXED = (ROOT / "tests" / "unit" / "lessons" / "five-mixed-errors.toml").read_text(encoding="utf-8")
"""Five errors of mixed kinds: two in the timeline, three in the configuration (a view, a rate limit, the agent)."""

EXPECTED_MIXED = [
    (8, "step 1 (line 8, do = 'inbound'): media = 'phone' is not known here (one of voice, chat, email)"),
    (13, "step 2 (line 13, do = 'answr'): unknown action (did you mean 'answer'?)"),
    (18, "service-client-api.rate-limit.voice.dail: unknown request 'voice.dail' (did you mean 'voice.dial'?)"),
    (21, "[Dashboard] mdoe: unknown extension-view option (did you mean 'mode'?)"),
    (24, "[scenario.agent] state: 'Redy' is not one of the states' operationName (did you mean 'Ready'?)"),
]


def errors(text: str) -> list[lesson_check.Problem]:
    return [problem for problem in lesson_check.check(text) if problem.error]


@pytest.mark.parametrize(("text", "expected"), [(FIVE_ERRORS, EXPECTED_FIVE), (FIVE_MIXED, EXPECTED_MIXED)],
                         ids=["timeline", "configuration-too"])
def test_every_error_of_a_file_is_reported_at_once_with_its_line_step_and_nearest_spelling(text, expected):
    found = errors(text)
    assert [problem.line for problem in found] == [line for line, _ in expected]
    for problem, (_, error) in zip(found, expected):
        assert problem.text.startswith(error), problem.text
    with pytest.raises(lesson_check.LessonError) as refused:
        lesson_check.load(text)
    assert str(refused.value).splitlines() == [problem.shown() for problem in found]
    assert refused.value.problems == tuple(found)


def test_a_shown_error_starts_with_its_step_or_its_line():
    assert errors(FIVE_ERRORS)[0].shown().startswith("step 1 (line 7, do = 'inbound')")
    view = errors(FIVE_MIXED)[3]
    assert view.shown() == f"line 21: {view.text}"


def test_the_scenario_tables_keys_and_values_are_checked_without_refusing_the_lessons_own_data():
    found = errors(HEAD + '\n[scenario.agnet]\nstate = "Ready"\n\n[scenario.timers]\nrona_afer = 3\n'
                   'remote_answer_after = "soon"\n\n[scenario.my-notes]\ntopic = "holds"\n')
    assert [(problem.line, problem.text) for problem in found] == [
        (5, "[scenario] agnet: unknown key (did you mean 'agent'?)"),
        (9, "[scenario.timers] rona_afer: unknown key (did you mean 'rona_after'?)"),
        (10, "[scenario.timers] remote_answer_after: must be a number of seconds, got 'soon'"),
    ]


@pytest.mark.skipif(sys.platform == "emscripten", reason="Pyodide has no subprocesses (tests/test_pyodide_core.py)")
@pytest.mark.parametrize(("text", "expected"), [(FIVE_ERRORS, EXPECTED_FIVE), (FIVE_MIXED, EXPECTED_MIXED)])
def test_check_scenario_prints_one_line_per_error_and_exits_non_zero(tmp_path, text, expected):
    lesson = tmp_path / "five.toml"
    lesson.write_text(text, encoding="utf-8")
    good = ROOT / "scenario" / "rate-limit.toml"
    result = subprocess.run([sys.executable, "build.py", "check-scenario", str(lesson), str(good)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 5
    for shown_line, (line, error) in zip(lines, expected):
        assert shown_line.startswith(f"{lesson}:{line}: {error}"), shown_line
    assert f"{lesson}: 5 error(s)" in result.stderr and f"{good}: ready to play" in result.stderr
    clean = subprocess.run([sys.executable, "build.py", "check-scenario", str(good)], cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert (clean.returncode, clean.stdout) == (0, "")


@pytest.mark.parametrize("name", sorted(name for name, _ in timeline.catalogue()))
def test_every_shipped_scenario_checks_clean(name):
    assert errors(timeline.bundled(name)) == []


# -- the dry run ----------------------------------------------------------------------------------------------------

def test_a_step_refused_in_the_dry_run_is_reported_once_not_with_the_steps_that_follow_on_it():
    text = HEAD + '''
[[timeline.step]]
do = "inbound"
media = "voice"
as = "call"

[[timeline.step]]
do = "remote-hang-up"
on = "call"

[[timeline.step]]
do = "answer"
on = "call"

[[timeline.step]]
do = "hold"
on = "call"

[[timeline.step]]
do = "hang-up"
on = "call"

[[timeline.step]]
do = "agent-state"
state = "NotReady"

[[timeline.step]]
do = "request"
request = "voice.dial"
'''
    found = errors(text)
    assert [(problem.line, problem.text) for problem in found] == [
        (14, "step 3 (line 14, do = 'answer'): Error: Interaction not found. (dry run)"),
        (30, "step 7 (line 30, do = 'request'): Error: Missing parameter 'destination'. (dry run)"),
    ]


def test_the_dry_run_lets_the_waits_pass_so_the_models_timers_run():
    timers = "\n[scenario.timers]\nrona_after = {}\n"                  # STEPS: the call is answered after 4 s
    assert errors(HEAD + STEPS + timers.format(5)) == []
    (late,) = errors(HEAD + STEPS + timers.format(3))               # it went to ring-no-answer at 3 s
    assert late.line == 10 and late.text == "step 2 (line 10, do = 'answer'): Error: Interaction not found. (dry run)"


def test_a_name_that_no_interaction_gets_and_the_steps_on_it_are_one_error():
    (found,) = errors(HEAD + '''
[[timeline.step]]
do = "request"
request = "system.popupToast"
parameters = [{ title = "T" }]
as = "toast"

[[timeline.step]]
do = "mark-done"
on = "toast"
''')
    assert found.text == "step 1 (line 5, do = 'request'): created no interaction to name 'toast' (dry run)"


def test_a_step_on_a_faulty_steps_interaction_is_not_reported_again():
    assert [problem.line for problem in errors(HEAD + '''
[[timeline.step]]
do = "inbound"
media = "fax"
as = "call"

[[timeline.step]]
do = "answer"
on = "call"
''')] == [5]


def test_syntax_and_configuration_errors_name_their_line():
    (syntax,) = errors('[timeline]\ntitle = "T"\n\n[[timeline.step]]\ndo = inbound\n')
    assert syntax.line == 5 and syntax.shown() == "line 5: TOML syntax: Invalid value (at line 5, column 6)"
    (option,) = errors(HEAD + '\n[interaction-workspace]\n"service-client-api.rate-limit.voice.dail" = 3\n')
    assert option.line == 6 and "unknown request 'voice.dail' (did you mean 'voice.dial'?)" in option.text
    (view,) = errors(HEAD + '\n[Dashboard]\nmode = "window"\n')
    assert view.line == 6 and view.text.startswith("[Dashboard] mode: must be one of")


# -- extension-request: a lesson makes an extension send a request ----------------------------------------------------

WRITES = HEAD + '''
[[timeline.step]]
do = "inbound"
media = "voice"
as = "call"

[[timeline.step]]
do = "extension-request"
view = "VIEW"
request = "interaction.setUserData"
on = "call"
parameters = [{ KEY = "Disposition: resolved" }]
'''


def test_the_host_answer_to_an_extensions_request_is_a_note_not_an_error():
    [note] = lesson_check.check(WRITES.replace("VIEW", "Dashboard").replace("KEY", "Key2"))
    assert not note.error and note.line == 10
    assert note.shown("f.toml") == ("f.toml:10: note: step 2 (line 10, do = 'extension-request'): the host's answer to "
                                    "the frame's interaction.setUserData: refused: Writing the user data key 'Key2' "
                                    "is not allowed.")
    [accepted] = lesson_check.check(WRITES.replace("VIEW", "Dashboard").replace("KEY", "Key3"))
    assert accepted.text.endswith("interaction.setUserData: answered")


def test_an_extension_request_names_a_view_and_a_documented_request():
    (view,) = errors(WRITES.replace("VIEW", "Dashbaord").replace("KEY", "Key3"))
    assert view.text.startswith("step 2 (line 10, do = 'extension-request'): view = 'Dashbaord' is not known here "
                                "(did you mean 'Dashboard'?)")
    (request,) = errors(WRITES.replace("VIEW", "Dashboard").replace("KEY", "Key3").replace("setUserData", "setUsrData"))
    assert "(did you mean 'interaction.setUserData'?)" in request.text


def test_the_frame_sends_the_request_through_its_client_and_the_host_refuses_it_in_the_inspector():
    config, script = timeline.load(WRITES.replace("VIEW", "Dashboard").replace("KEY", "Key2"))

    async def play() -> Simulator:
        simulator = Simulator(config)
        service = simulator.connect()
        service.onMessage = lambda text: scripted.perform(service, text)
        player = timeline.Player(script, simulator.host)
        for _ in script.steps:
            simulator.deliver(player.step(simulator.clock.now()))
            await settle()
        assert [played.refusal for played in player.played] == [None, None]
        return simulator

    simulator = asyncio.run(play())
    entries = simulator.host.inspector
    [asked] = [e for e in entries if e.direction == journal.HOST and "ask" in e.message]
    assert asked.message == {"ask": "frame1", "view": "Dashboard", "request": "interaction.setUserData",
                             "parameters": ["1", {"Key2": "Disposition: resolved"}], "step": 2}
    [sent] = [e for e in entries if e.direction == "in" and e.message.get("request") == "interaction.setUserData"]
    assert sent.frame_id == "frame1" and sent.message["parameters"][1] == {"Key2": "Disposition: resolved"}
    [reply] = [e for e in entries if e.direction == "out" and e.message.get("referenceId") == sent.message["referenceId"]]
    assert reply.message["errorMessage"] == "Writing the user data key 'Key2' is not allowed."
    assert_reproduces(simulator.recording(), config)


def test_with_no_frame_of_the_view_the_step_is_refused_and_says_so():
    config, script = timeline.load(WRITES.replace("VIEW", "Dashboard").replace("KEY", "Key3"))
    player = timeline.Player(script, Simulator(config).host)        # no frame connected
    player.step(0)
    assert player.step(0) == []
    assert player.played[-1].refusal == "step 2 (line 10, do = 'extension-request'): no frame of the view 'Dashboard' is open"
    assert page_event(Asked("", "Dashboard", "interaction.setUserData", [], 2).to_json()).refusal == \
        "no frame of the view 'Dashboard' is open"


@pytest.mark.parametrize("text", [
    'wweScriptedRequest {"request": "interaction.setUserData", "parameters": [], "step": 1}',
    'wweScriptedRequest {"request": "interaction.setUserData"}',
])
def test_a_scripted_message_is_read_back(text):
    assert scripted.read(text).request == "interaction.setUserData"


@pytest.mark.parametrize("text", [
    "wweScriptedRequest", 'wweScriptedRequest ["a"]', 'wweScriptedRequest {"request": "no.suchRequest"}',
    'wweScriptedRequest {"request": "agent.get", "parameters": {}}', 'wweScriptedRequest {"request": "agent.get", "step": true}',
    'wweOther {"request": "agent.get"}', 'wweScriptedRequest {"request": "agent.get", "x": "' + "a" * 100_000 + '"}',
])
def test_anything_else_is_no_scripted_request(text):
    assert scripted.read(text) is None


# -- what the page shows when a scenario cannot be loaded ------------------------------------------------------------

def shown(effects) -> dict[str, str]:
    return {f"{type(e).__name__}:{e.element_id}:{getattr(e, 'name', '')}": getattr(e, "text", getattr(e, "value", None))
            for e in effects}


def test_a_load_error_replaces_the_simulator_with_the_whole_message_and_what_to_do():
    cors = shown(startup.failed(startup.fetch_failed("http://other.example/l.toml", TypeError("Failed to fetch"))))
    assert cors["SetText:load-error-hint:"] == startup.CORS_HINT
    assert "Access-Control-Allow-Origin" in startup.CORS_HINT and "scenario/" in startup.CORS_HINT
    assert cors["SetAttr:load-error:hidden"] is None and cors["SetAttr:layout:hidden"] == ""
    assert cors["SetAttr:host-status:data-state"] == "failed"
    with pytest.raises(lesson_check.LessonError) as refused:
        lesson_check.load(FIVE_ERRORS)
    lesson = shown(startup.failed(refused.value))
    assert lesson["SetText:load-error-text:"].count("\n") == 4 and lesson["SetText:load-error-hint:"] == startup.CHECK_HINT
    with pytest.raises(startup.Unloadable) as unknown:
        startup.load("no-such-lesson", None)
    assert shown(startup.failed(unknown.value))["SetText:load-error-hint:"] == startup.NAME_HINT
    crash = startup.crashed(RuntimeError("boom"))
    assert str(crash) == "the simulator failed to start: RuntimeError: boom" and crash.hint == startup.CRASH_HINT


def test_the_page_loads_a_fetched_lesson_only_when_it_checks_clean():
    with pytest.raises(lesson_check.LessonError):
        startup.load("http://127.0.0.1:8000/five.toml", None, FIVE_ERRORS)
    config, script = startup.load("http://127.0.0.1:8000/ok.toml", "http://localhost:8201",
                                  WRITES.replace("VIEW", "Dashboard").replace("KEY", "Key3"))
    assert len(script.steps) == 2 and config.web_content[0].origin == "http://localhost:8201"
