"""Record and replay: reading a recording, the regression check against a fresh host, and the schedule of what
the host sent for a replay against live frames."""
from __future__ import annotations

import asyncio
import copy
import json

import pytest

from workspace import replay
from workspace.config import Config
from workspace.host import journal
from workspace.replay import RecordingError, Replay, Sent, check, read, sent_messages
from workspace.testing import DEFAULT_SCENARIO, Simulator, assert_reproduces, settle


def session() -> list[dict]:
    """A recorded session: a call rings (control panel), the extension answers, dials out (answered by the
    simulator's timer), asks for a JWT, sets attached data, and a second frame attaches and is hidden."""

    async def run() -> list[dict]:
        simulator = Simulator()
        service = simulator.connect()
        await service.subscribe(["interaction", "system"], lambda message: None)
        simulator.act("inbound", media="voice", user_data="Key1=Gold")
        await settle()
        call = next(iter(simulator.model.interactions))
        await service.voice.answer(call)
        await service.voice.dial("+15550009999", {})
        simulator.advance(2.5)                      # remote_answer_after = 2 s in the default scenario
        await settle()
        await service.auth.getJwtToken()
        await service.interaction.setUserData(call, {"Key1": "Platinum"})
        try:
            await service.interaction.setUserData(call, {"Key2": "not writable"})
        except Exception:
            pass
        simulator.connect("frame2")
        simulator.host.update_frame("frame2", visible=False, frame_state="FOLLOWING")
        assert simulator.act("answer", id="999") == "Error: Interaction not found."
        await settle()
        return simulator.recording()

    return json.loads(json.dumps(asyncio.run(run())))


def config() -> Config:
    return Config.load(DEFAULT_SCENARIO)


def test_a_recorded_session_is_reproduced_by_a_fresh_host():
    recording = session()
    kinds = {(e["direction"], e["verdict"]) for e in recording}
    assert {("host", "done"), ("host", "refused"), ("in", "answered"), ("in", "error"), ("out", "event"),
            ("out", "reply"), ("out", "frame-id")} <= kinds
    assert check(recording, config()) == []
    assert_reproduces(json.dumps(recording))


def test_what_varies_is_ignored_and_nothing_else():
    recording = session()
    varied = copy.deepcopy(recording)
    for entry in varied:
        entry["time"] += 0.001
        message = entry["message"]
        if isinstance(message, dict) and isinstance(message.get("data"), dict) and "jwtToken" in message["data"]:
            message["data"]["jwtToken"] = "another.token.value"
    assert check(varied, config()) == []
    for entry in varied:
        if entry["direction"] == "out" and entry["verdict"] == "event":
            entry["message"]["data"]["interaction"]["state"] = "HELD"
            break
    [difference] = check(varied, config())
    assert difference.startswith(f"entry {varied.index(entry) + 1}: recorded") and '"HELD"' in difference
    with pytest.raises(AssertionError, match="the replay differs from the recording"):
        assert_reproduces(varied)


def test_a_missing_or_extra_entry_is_reported():
    recording = session()
    shortened = [e for e in recording if not (e["direction"] == "out" and e["verdict"] == "reply")][:-1]
    differences = check(shortened, config())
    assert differences and differences[-1].startswith("the recording has")


def test_a_different_configuration_does_not_reproduce():
    strict = Config.from_toml(DEFAULT_SCENARIO.read_text().replace('(*, auth.getJwtToken)', '(agent.*)'))
    assert check(session(), strict)


@pytest.mark.parametrize(("recording", "error"), [
    ("{", "not JSON"),
    ({"entries": []}, "a recording is a JSON array"),
    ([{"time": 1}], "entry 1: expected the keys time, direction, origin, frame, message, verdict, note"),
    ([{"time": "1", "direction": "in", "origin": None, "frame": None, "message": {}, "verdict": "", "note": ""}],
     "entry 1: time must be a number"),
    ([{"time": 2, "direction": "in", "origin": None, "frame": None, "message": {}, "verdict": "", "note": ""},
      {"time": 1, "direction": "in", "origin": None, "frame": None, "message": {}, "verdict": "", "note": ""}],
     "entry 2: time goes back"),
    ([{"time": 1, "direction": "sideways", "origin": None, "frame": None, "message": {}, "verdict": "", "note": ""}],
     "entry 1: direction must be one of in, out, host"),
    ([{"time": 1, "direction": "in", "origin": 3, "frame": None, "message": {}, "verdict": "", "note": ""}],
     "entry 1: origin must be a string or null"),
    ([{"time": 1, "direction": "host", "origin": None, "frame": None, "message": {"eval": "x"}, "verdict": "",
       "note": ""}], "entry 1: not a happening the simulator records"),
])
def test_what_is_not_a_recording_is_refused_clearly(recording, error):
    with pytest.raises(RecordingError, match=error):
        read(recording if isinstance(recording, str) else json.dumps(recording))


def test_sent_messages_are_the_replies_and_events_by_view_with_their_timing():
    entries = read(session())
    sent = sent_messages(entries)
    recorded = [e for e in entries if e.direction == "out" and e.verdict != journal.FRAME_ID]
    assert [s.message for s in sent] == [e.message for e in recorded]
    assert {s.view for s in sent} == {"Dashboard"} and {s.frame for s in sent} == {"frame1"}
    assert sent[0].at == 0 and sent[-1].at == pytest.approx(recorded[-1].time - recorded[0].time)
    assert max(b.at - a.at for a, b in zip(sent, sent[1:])) >= 2   # the wait for the remote answer
    compressed = sent_messages(entries, compress=True)
    assert max(b.at - a.at for a, b in zip(compressed, compressed[1:])) <= replay.COMPRESSED_GAP


def test_replay_hands_out_messages_when_due():
    schedule = Replay([Sent(0, "V", "f1", {"n": 1}), Sent(0.5, "V", "f1", {"n": 2}), Sent(2, "V", "f1", {"n": 3})])
    assert [s.message["n"] for s in schedule.due(0)] == [1]
    assert schedule.due(0.4) == [] and not schedule.finished
    assert [s.message["n"] for s in schedule.due(5)] == [2, 3] and schedule.finished


def recorded_on(site: str) -> list[dict]:
    """A session recorded with ``?extension-origin=<site>``: the scenario pointed there, the frame on that site."""
    async def run() -> list[dict]:
        simulator = Simulator(config().pointed_at(site))
        service = simulator.connect(origin=site)
        await service.subscribe(["interaction"], lambda message: None)
        simulator.act("inbound", media="voice")
        await settle()
        await service.voice.answer(next(iter(simulator.model.interactions)))
        return simulator.recording()

    return json.loads(json.dumps(asyncio.run(run())))


def test_a_session_recorded_on_another_extension_site_reproduces_with_the_default_configuration():
    recording = recorded_on("http://localhost:8201")
    assert replay.recorded_site(read(recording), config()) == "http://localhost:8201"
    assert check(recording, config()) == []
    assert_reproduces(json.dumps(recording))                   # the README's one-liner, no configuration given
    assert_reproduces(recording, config().pointed_at("http://localhost:8201"))   # already pointed: the same
    assert replay.recorded_site(read(session()), config()) is None                # recorded on the demo site


def test_frames_on_several_sites_are_not_guessed_at():
    recording = recorded_on("http://localhost:8201")
    attach = next(e for e in recording if e["direction"] == "host" and "attach" in e["message"])
    recording.insert(recording.index(attach) + 1, {**attach, "message": {**attach["message"], "attach": "frame9",
                                                                        "origin": "http://localhost:8202"}})
    assert replay.recorded_site(read(recording), config()) is None
    assert check(recording, config())                          # so the refused origins show as differences


def test_messages_a_replay_posted_are_neither_checked_nor_replayed_again():
    recording = session()
    reply = next(e for e in recording if e["direction"] == "out" and e["verdict"] == "reply")
    again = {**reply, "verdict": journal.REPLAYED, "note": "replayed: sent to frame1 (Dashboard) in the recording"}
    with_replay = recording + [{**again, "time": recording[-1]["time"] + 1}]
    assert check(with_replay, config()) == []
    assert sent_messages(read(with_replay)) == sent_messages(read(recording))
