"""Scenario scripts: the format's errors, the player's semantics on a manual clock, and every shipped scenario
played to its end against the contact-centre model with the events it promises."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from wwe import scripted
from workspace import timeline
from workspace.config import ConfigError
from workspace.host import Host, journal
from workspace.testing import Simulator, assert_reproduces, load_scenario, settle
from workspace.timeline import FINISHED, PAUSED, PLAYING, READY, Player, ScriptError

SCENARIOS = Path(__file__).resolve().parents[2] / "scenario"
HEAD = '[timeline]\nbase = "default"\ntitle = "T"\n'


def script(steps: str, head: str = HEAD):
    return timeline.load(head + steps)


# -- the format -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("steps", "error"), [
    ('\n[[timeline.step]]\ndo = "answr"\non = "x"\n',
     "step 1 (line 5, do = 'answr'): unknown action (did you mean 'answer'?)"),
    ('\n[[timeline.step]]\nwait = 1\n', "step 1 (line 5): 'do' is missing"),
    ('\n[[timeline.step]]\ndo = "toast-button"\n', "it needs a toast or dialog id that exists only while playing"),
    ('\n[[timeline.step]]\ndo = "inbound"\nmedia = "voice"\npary = "x"\n',
     "step 1 (line 5, do = 'inbound'): unknown field 'pary' (did you mean 'party'?)"),
    ('\n[[timeline.step]]\ndo = "inbound"\n', "step 1 (line 5, do = 'inbound'): 'media' is missing"),
    ('\n[[timeline.step]]\ndo = "note"\nwait = -1\n', "wait must be a number of seconds from 0 to 3600, got -1"),
    ('\n[[timeline.step]]\ndo = "note"\nwait = "soon"\n', "wait must be a number of seconds"),
    ('\n[[timeline.step]]\ndo = "note"\npause = "yes"\n', "pause must be true or false"),
    ('\n[[timeline.step]]\ndo = "answer"\n', "'on' is missing: name the interaction"),
    ('\n[[timeline.step]]\ndo = "inbound"\nmedia = "voice"\nas = "call"\n\n[[timeline.step]]\ndo = "answer"\n'
     'on = "cal"\n', "step 2 (line 10, do = 'answer'): on = 'cal': no earlier step names an interaction 'cal' "
                     "(did you mean 'call'?)"),
    ('\n[[timeline.step]]\ndo = "note"\non = "call"\n', "'on' is not used by this step"),
    ('\n[[timeline.step]]\ndo = "inbound"\nmedia = "voice"\nas = "1call"\n', "as must be a short name"),
    ('\n[[timeline.step]]\ndo = "inbound"\nmedia = "voice"\nuser_data = { Key1 = "a;b" }\n',
     "user_data Key1: values are strings or numbers without ';' or '='"),
    ('\n[[timeline.step]]\ndo = "inbound"\nmedia = "voice"\nuser_data = "Key1"\n',
     "user_data: Attached data: 'Key1' is not key=value."),
    ('\n[[timeline.step]]\ndo = "request"\nrequest = "voice.hold"\nparameters = "1"\n', "parameters must be an array"),
    ('\n[[timeline.step]]\ndo = "inbound"\nmedia = ["voice"]\n', "media must be a string or a number, got list"),
    ('\n[timeline.step]\ndo = "note"\n', "write each step as a [[timeline.step]] table"),
])
def test_format_errors_name_the_step_its_line_and_the_fault(steps, error):
    with pytest.raises(ScriptError) as raised:
        script(steps)
    assert error in str(raised.value)


def test_timeline_keys_titles_and_base_are_checked():
    with pytest.raises(ScriptError, match=r"\[timeline\] titel: unknown key \(did you mean 'title'\?\)"):
        timeline.load('[timeline]\ntitel = "x"\n')
    with pytest.raises(ScriptError, match="title: must be a string, got int"):
        timeline.load('[timeline]\ntitle = 3\n')
    with pytest.raises(ScriptError, match="base: must name a bundled scenario"):
        timeline.load('[timeline]\nbase = "../etc/passwd"\n')
    with pytest.raises(ConfigError, match="no bundled scenario 'defualt' \\(did you mean 'default'\\?\\)"):
        timeline.load('[timeline]\nbase = "defualt"\n')
    with pytest.raises(ConfigError, match="TOML syntax"):
        timeline.load('[timeline\n')


def test_a_scenario_is_laid_over_its_base_key_by_key():
    config, plan = timeline.load(HEAD + '[interaction-workspace]\n"service-client-api.rate-limit.agent.setState" = 3\n'
                                        '[scenario.timers]\nremote_answer_after = -1\n')
    assert config.rate_limits.per_request == {"agent.setState": 3, "voice.dial": 10, "email.create": 5}
    assert config.web_content[0].section == "Dashboard"          # from the base
    assert config.scenario["timers"] == {"remote_answer_after": -1, "rona_after": 0.0}
    assert config.scenario["auth"]["jwt-issuer"] == "WWE Simulator"
    assert plan.title == "T" and plan.steps == ()


def test_a_file_without_timeline_is_a_configuration_with_an_empty_script():
    config, plan = timeline.load((SCENARIOS / "default.toml").read_text())
    assert plan == timeline.Script() and config.web_content[0].label == "Dashboard"


def test_steps_become_control_panel_fields():
    _, plan = script('\n[[timeline.step]]\ndo = "inbound"\nmedia = "voice"\nuser_data = { Key1 = "Gold", N = 2 }\n'
                     'as = "call"\n\n[[timeline.step]]\nwait = 2.5\ndo = "connection"\nstate = "DOWN"\n'
                     'note = "Down"\n\n[[timeline.step]]\ndo = "request"\nrequest = "voice.hold"\non = "call"\n')
    inbound, connection, hold = plan.steps
    assert inbound.fields == {"media": "voice", "user_data": "Key1=Gold; N=2"} and inbound.name == "call"
    assert (connection.wait, connection.fields, connection.describe()) == (2.5, {"arg": "DOWN"}, "Down")
    assert hold.panel_fields({"call": "7"}) == {"request": "voice.hold", "parameters": "[]", "id": "7"}
    assert [step.line for step in plan.steps] == [5, 11, 17]


# -- the player -------------------------------------------------------------------------------------------------

STEPS = '''
[[timeline.step]]
do = "inbound"
media = "voice"
as = "call"

[[timeline.step]]
wait = 4
do = "answer"
on = "call"

[[timeline.step]]
wait = 2
do = "remote-hang-up"
on = "call"
'''


def player(steps: str = STEPS) -> Player:
    config, plan = script(steps)
    return Player(plan, Host(config, clock=lambda: 0.0, wall_clock=lambda: 1_700_000_000.0))


def states(p: Player) -> list[str]:
    return [i.state for i in p.host.model.interactions.values()]


def test_the_player_runs_steps_when_their_wait_is_over():
    p = player()
    assert p.state == READY and p.poll(10) == [] and p.played == []      # nothing before play
    p.play(10)
    p.poll(10)
    assert states(p) == ["RINGING"] and p.due_in() == 4
    p.poll(13.9)
    assert states(p) == ["RINGING"] and p.due_in() == pytest.approx(0.1)
    p.poll(14)
    assert states(p) == ["TALKING"] and p.names == {"call": next(iter(p.host.model.interactions))}
    p.poll(16)
    assert states(p) == ["IDLE"] and p.state == FINISHED and p.due_in() is None
    assert [played.refusal for played in p.played] == [None, None, None]


def test_pause_stops_the_clock_and_play_goes_on_where_it_was():
    p = player()
    p.play(0)
    p.poll(0)
    p.poll(3)
    p.pause(3)
    assert p.state == PAUSED and p.poll(100) == [] and states(p) == ["RINGING"]
    p.play(100)
    p.poll(100.9)
    assert states(p) == ["RINGING"]
    p.poll(101)
    assert states(p) == ["TALKING"]


def test_speed_scales_the_waits_and_is_bounded():
    p = player()
    p.set_speed(10, 0)
    p.play(0)
    p.poll(0)
    p.poll(0.4)
    assert states(p) == ["TALKING"] and p.due_in() == pytest.approx(0.2)
    p.set_speed(0.5, 0.4)
    assert p.due_in() == pytest.approx(4.0)
    for bad in (0.25, 11, True, "2"):
        with pytest.raises(ValueError, match="speed must be from 0.5 to 10"):
            p.set_speed(bad, 1)


def test_step_runs_one_happening_now_and_pauses():
    p = player()
    p.step(0)
    assert states(p) == ["RINGING"] and p.state == PAUSED
    p.step(0.1)   # no wait
    assert states(p) == ["TALKING"] and p.state == PAUSED and p.poll(50) == []
    p.step(0.2)
    assert p.state == FINISHED and p.step(1) == [] and len(p.played) == 3
    p.play(2)
    assert p.state == FINISHED


def test_a_refused_step_pauses_with_the_models_reason_and_reset_rewinds():
    p = player(STEPS.replace('do = "answer"', 'do = "hold"'))
    p.play(0)
    p.poll(0)
    p.poll(4)
    assert p.state == PAUSED and p.played[-1].refusal == "Error: Cannot hold interaction 1 in state RINGING."
    p.reset()
    assert (p.state, p.position, p.names, p.played) == (READY, 0, {}, [])
    p.play(10)
    p.poll(10)
    assert len(states(p)) == 2   # the contact centre kept the first call; a second one rings


def test_pause_steps_and_notes():
    p = player('\n[[timeline.step]]\ndo = "note"\nnote = "Look"\npause = true\n'
               '\n[[timeline.step]]\ndo = "connection"\nstate = "DISCONNECTED"\n')
    p.play(0)
    assert p.poll(0) == [] and p.state == PAUSED and p.played[0].step.describe() == "Look"
    p.play(1)
    p.poll(1)
    assert p.host.model.connection_state == "DISCONNECTED" and p.state == FINISHED


def test_a_name_whose_step_failed_is_reported_when_used():
    p = player('\n[[timeline.step]]\ndo = "push-record"\ncampaign = "Nope"\nas = "rec"\n'
               '\n[[timeline.step]]\ndo = "accept"\non = "rec"\n')
    p.step(0)
    p.step(0)
    assert "the interaction 'rec' was not created" in p.played[1].refusal


def test_steps_are_recorded_in_the_inspector_as_control_panel_actions():
    p = player()
    p.step(0)
    [action] = [e for e in p.host.inspector if e.direction == journal.HOST]
    assert action.message == {"action": "inbound", "fields": {"media": "voice"}} and action.verdict == journal.DONE


# -- the shipped scenarios ------------------------------------------------------------------------------------------

EXPECTED = {
    "call-recording-transfer": ["ADDED", "RINGING", "ESTABLISHED", "CALL_RECORDING_STATE_CHANGED",
                                "CALL_RECORDING_STATE_CHANGED", "CALL_RECORDING_STATE_CHANGED",
                                "ATTACHED_DATA_CHANGED", "CALL_RECORDING_STATE_CHANGED", "HELD", "ADDED", "DIALING",
                                "ESTABLISHED", "RELEASED", "REMOVED", "RELEASED", "REMOVED"],
    "chat-consult": ["ADDED", "INVITED", "ACCEPTED", "NEW_MESSAGE", "COMPOSING", "NEW_MESSAGE", "ADDED", "DIALING",
                     "ESTABLISHED", "RELEASED", "REMOVED", "NEW_MESSAGE", "ENDED", "COMPLETED", "REMOVED"],
    "push-preview": ["CampaignLoaded", "CampaignStarted", "ADDED", "INVITED", "PREVIEWING", "RECORDS_RETRIEVED",
                     "ADDED", "INVITED", "REMOVED", "CampaignStopped"],
    "rate-limit": ["STATE_CHANGED", "STATE_CHANGED"],
    "leader-change": ["ADDED", "RINGING", "ESTABLISHED", "REALTIME_CONNECTION", "REALTIME_CONNECTION"],
    "customer-record": ["ADDED", "RINGING", "ADDED", "RINGING", "ESTABLISHED", "RELEASED", "REMOVED"],
    "user-data": ["ADDED", "RINGING", "ESTABLISHED", "ATTACHED_DATA_CHANGED", "RELEASED", "REMOVED"],
}


def shipped() -> list[str]:
    return [name for name, _ in timeline.catalogue(SCENARIOS) if timeline.load(timeline.bundled(name))[1].steps]


def test_every_shipped_script_is_listed_with_its_title_and_has_an_expectation():
    assert sorted(shipped()) == sorted(EXPECTED)
    titles = dict(timeline.catalogue(SCENARIOS))
    assert titles["default"] == "default" and list(titles)[0] == "default"
    assert titles["call-recording-transfer"] == "Inbound call with recording and transfer"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_shipped_scenario_plays_to_the_end_with_its_events_and_replays(name):
    config, plan = load_scenario(name)
    assert plan.title and plan.description

    async def play() -> tuple[list[str], Simulator, Player]:
        simulator = Simulator(config)
        service = simulator.connect()
        service.onMessage = lambda text: scripted.perform(service, text)  # extension-request steps, as the dashboard
        events: list[dict] = []
        await service.subscribe(["interaction", "agent", "outbound", "system"], events.append)
        p = Player(plan, simulator.host)
        p.set_speed(10, simulator.clock.now())
        p.play(simulator.clock.now())
        for _ in range(2000):
            if p.state == FINISHED:
                break
            if p.state == PAUSED:     # a pause = true step: the teacher presses Play
                p.play(simulator.clock.now())
            simulator.advance(0.1)
            simulator.deliver(p.poll(simulator.clock.now()))
            await settle()
        return [e["data"].get("eventType") for e in events], simulator, p

    types, simulator, p = asyncio.run(play())
    assert p.state == FINISHED and [played.refusal for played in p.played] == [None] * len(plan.steps)
    assert types == EXPECTED[name]
    assert_reproduces(simulator.recording(), config)


def test_playing_state_constants_are_what_the_page_shows():
    assert (READY, PLAYING, PAUSED, FINISHED) == ("ready", "playing", "paused", "finished")


def test_progress_says_where_the_player_is_and_what_comes_next():
    p = player()
    shown = timeline.progress(p)
    assert (shown.status, shown.upcoming) == ("Ready · step 0 of 3 done", "Next (at once): 1. inbound media=voice")
    assert [mark for _, _, mark in shown.steps] == ["next", "", ""]
    p.set_speed(2, 0)
    p.play(0)
    p.poll(0)
    shown = timeline.progress(p)
    assert (shown.status, shown.upcoming) == ("Playing at 2× · step 1 of 3 done", "Next (in 2.0 s): 2. answer on call")
    p.pause(1)
    assert timeline.progress(p).upcoming == "Next (after 4 s): 2. answer on call"
    p.host.model.interactions.clear()          # the call vanished: the next step is refused
    p.step(1)
    shown = timeline.progress(p)
    assert shown.refusal == "2. Error: Interaction not found." and [m for _, _, m in shown.steps] == \
        ["done", "refused", "next"]
    p.step(2)
    assert timeline.progress(p).upcoming.startswith("The script is over")
