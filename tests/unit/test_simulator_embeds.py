"""The page's frames: ids, visibility (page shown, card collapsed, view mode), and what the host is told as the
tabs' election goes on (frameState events NEGOTIATING then LEADING/FOLLOWING, isFrame* answers)."""
from __future__ import annotations

from workspace.election import EXPIRY_SECONDS, NEGOTIATION_SECONDS, Election
from workspace.page.frames import DIALOG, Frames

from .test_simulator_panel import EXTENSION, page_host, request, subscribe


def bare_host():
    """A host with no frame attached yet."""
    host = page_host()
    host.detach_frame("frame1")
    return host


def attach(host, embeds: Frames, name: str, mode: str = "tab") -> str:
    embed = embeds.add(name, f"{name} view", EXTENSION, f"{EXTENSION}/{name}.html", mode)
    host.attach_frame(embed.frame_id, EXTENSION, name)
    return embed.frame_id


def sync(host, embeds: Frames, page_visible: bool, election: Election) -> list:
    """What the page does on every change: tell the host, collect the messages for the frames."""
    out = []
    for frame_id, changes in embeds.updates(host.frames, page_visible, election.state, election.last_active):
        out += host.update_frame(frame_id, **changes)
    return out


def frame_states(out) -> list[tuple[str, str]]:
    return [(frame_id, m["data"]["frameState"]) for frame_id, m in out if m.get("event") == "system"]


def answer(host, name: str, frame: str = "frame1"):
    return request(host, name, frame=frame)["data"]


def test_frame_ids_labels_and_removal():
    embeds = Frames()
    first = embeds.add("Agent", "Agent view", EXTENSION, f"{EXTENSION}/a.html", "tab")
    second = embeds.add("wweCustomDialog1", "Notes", EXTENSION, f"{EXTENSION}/d.html", DIALOG)
    assert (first.frame_id, second.frame_id) == ("frame1", "frame2")
    assert embeds.labels() == {"frame1": "Agent view", "frame2": "Notes"}
    embeds.remove("frame1")
    assert embeds.add("Agent", "Agent view", EXTENSION, f"{EXTENSION}/a.html", "tab").frame_id == "frame3"


def test_a_frame_is_visible_only_when_a_person_can_see_it():
    host, embeds, election = bare_host(), Frames(), Election("tab", 0.0, state="LEADING")
    agent, monitor = attach(host, embeds, "Agent"), attach(host, embeds, "Monitor", "background")
    popup, dialog = attach(host, embeds, "Helper", "popup"), attach(host, embeds, "wweCustomDialog1", DIALOG)
    sync(host, embeds, True, election)
    visible = lambda: {f: answer(host, "system.amIVisible", f) for f in (agent, monitor, popup, dialog)}  # noqa: E731
    assert visible() == {agent: True, monitor: False, popup: True, dialog: True}
    embeds.collapsed.add("Agent")
    sync(host, embeds, True, election)
    assert visible() == {agent: False, monitor: False, popup: True, dialog: True}
    sync(host, embeds, False, election)   # the simulator tab is hidden
    assert not any(visible().values())
    embeds.collapsed.discard("Agent")
    sync(host, embeds, True, election)
    assert visible()[agent] is True
    assert embeds.updates(host.frames, True, "LEADING", True) == []   # nothing left to tell


def test_frames_follow_the_election_between_two_tabs():
    """Tab A is alone and leads; tab B opens and follows; A closes; B negotiates, then leads."""
    now = 1000.0
    a, b = Election("a", born=now), Election("b", born=now + 5)
    host_a, embeds_a = bare_host(), Frames()
    host_b, embeds_b = bare_host(), Frames()
    for host, embeds in ((host_a, embeds_a), (host_b, embeds_b)):
        attach(host, embeds, "Agent")
        subscribe(host, "system")

    a.start(now)
    assert frame_states(sync(host_a, embeds_a, True, a)) == [("frame1", "NEGOTIATING")]
    a.tick(now + NEGOTIATION_SECONDS)
    assert frame_states(sync(host_a, embeds_a, True, a)) == [("frame1", "LEADING")]

    now += 5
    for message in b.start(now) + b.activate():
        for reply in a.receive(message, now):
            b.receive(reply, now)
    assert frame_states(sync(host_b, embeds_b, True, b)) == [("frame1", "NEGOTIATING")]
    assert answer(host_b, "system.isFrameNegotiating") is True
    b.tick(now + NEGOTIATION_SECONDS)
    sync(host_a, embeds_a, True, a)
    assert frame_states(sync(host_b, embeds_b, True, b)) == [("frame1", "FOLLOWING")]
    assert answer(host_a, "system.isFrameLeading") is True and answer(host_a, "system.isLastActiveFrame") is False
    assert answer(host_b, "system.isFrameFollowing") is True and answer(host_b, "system.isLastActiveFrame") is True
    assert answer(host_b, "system.isFrameLeadingOrNegotiating") is False

    for message in a.leave():           # tab A closes
        b.receive(message, now + 1)
    assert frame_states(sync(host_b, embeds_b, True, b)) == [("frame1", "NEGOTIATING")]
    b.tick(now + 1 + NEGOTIATION_SECONDS)
    assert frame_states(sync(host_b, embeds_b, True, b)) == [("frame1", "LEADING")]
    assert answer(host_b, "system.isFrameLeading") is True


def test_a_leader_that_vanishes_without_a_word_is_replaced():
    now = 1000.0
    a, b = Election("a", born=now), Election("b", born=now + 1)
    host_b, embeds_b = bare_host(), Frames()
    attach(host_b, embeds_b, "Agent")
    subscribe(host_b, "system")
    a.start(now)
    for message in b.start(now + 1):
        for reply in a.receive(message, now + 1):
            b.receive(reply, now + 1)
    b.tick(now + 1 + NEGOTIATION_SECONDS)
    assert frame_states(sync(host_b, embeds_b, True, b)) == [("frame1", "FOLLOWING")]
    later = now + 1 + NEGOTIATION_SECONDS + EXPIRY_SECONDS + 0.1   # A's heartbeats stopped (crash, killed tab)
    b.tick(later)
    b.tick(later + NEGOTIATION_SECONDS)
    assert frame_states(sync(host_b, embeds_b, True, b)) == [("frame1", "LEADING")]
