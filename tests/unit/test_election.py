"""Leader election between simulator tabs, on an exact clock with the messages carried by hand."""
from __future__ import annotations

from workspace.election import (EXPIRY_SECONDS, FOLLOWING, HEARTBEAT_SECONDS, LEADING, NEGOTIATING, NEGOTIATION_SECONDS,
                                Election)


class Channel:
    """A BroadcastChannel between tabs: every message reaches every other open tab."""

    def __init__(self) -> None:
        self.tabs: dict[str, Election] = {}
        self.now = 0.0

    def open(self, tab: str) -> Election:
        election = Election(tab, born=self.now)
        self.tabs[tab] = election
        self.broadcast(tab, election.start(self.now))
        return election

    def close(self, tab: str, say_bye: bool = True) -> None:
        election = self.tabs.pop(tab)
        if say_bye:
            self.broadcast(tab, election.leave())

    def broadcast(self, sender: str, messages: list[dict]) -> None:
        for message in messages:
            for tab, election in list(self.tabs.items()):
                if tab != sender:
                    self.broadcast(tab, election.receive(message, self.now))

    def run(self, seconds: float, step: float = 0.05) -> None:
        end = self.now + seconds
        while self.now < end - 1e-9:
            self.now += step
            for tab, election in list(self.tabs.items()):
                self.broadcast(tab, election.tick(self.now))

    def states(self) -> dict[str, str]:
        return {tab: election.state for tab, election in self.tabs.items()}


def test_a_lone_tab_negotiates_then_leads():
    channel = Channel()
    tab = channel.open("a")
    assert tab.state == NEGOTIATING
    channel.run(NEGOTIATION_SECONDS + 0.1)
    assert tab.state == LEADING


def test_a_second_tab_follows_and_the_leader_stays():
    channel = Channel()
    channel.open("a")
    channel.run(1)
    channel.open("b")
    assert channel.states() == {"a": LEADING, "b": NEGOTIATING}
    channel.run(1)
    assert channel.states() == {"a": LEADING, "b": FOLLOWING}


def test_leader_closing_starts_an_election_won_by_the_oldest():
    channel = Channel()
    for tab in ("a", "b", "c"):
        channel.open(tab)
        channel.run(1)
    seen = {tab: [] for tab in ("b", "c")}
    channel.close("a")
    assert channel.states() == {"b": NEGOTIATING, "c": NEGOTIATING}
    for _ in range(20):
        channel.run(0.05)
        for tab in seen:
            if not seen[tab] or seen[tab][-1] != channel.tabs[tab].state:
                seen[tab].append(channel.tabs[tab].state)
    assert channel.states() == {"b": LEADING, "c": FOLLOWING}
    assert seen == {"b": [NEGOTIATING, LEADING], "c": [NEGOTIATING, FOLLOWING]}


def test_a_crashed_leader_is_noticed_by_silence():
    channel = Channel()
    channel.open("a")
    channel.run(1)
    channel.open("b")
    channel.run(1)
    channel.close("a", say_bye=False)
    channel.run(EXPIRY_SECONDS + NEGOTIATION_SECONDS + 0.2)
    assert channel.states() == {"b": LEADING}


def test_two_tabs_opened_at_once_agree_on_one_leader():
    channel = Channel()
    channel.open("b")
    channel.open("a")  # same birth time: the tab id breaks the tie
    channel.run(1)
    assert channel.states() == {"a": LEADING, "b": FOLLOWING}


def test_last_active_tab_is_the_one_used_last():
    channel = Channel()
    a, b = channel.open("a"), channel.open("b")
    channel.broadcast("b", b.activate())
    assert (a.last_active, b.last_active) == (False, True)
    channel.broadcast("a", a.activate())
    assert (a.last_active, b.last_active) == (True, False)


def test_malformed_messages_are_ignored():
    tab = Election("a", born=0.0)
    tab.start(0.0)
    for message in (None, "hello", {}, {"tab": 3}, {"tab": "x", "type": "hello"}, {"tab": "x", "type": "?", "born": 1},
                    {"tab": "x", "type": "hello", "born": True}, {"tab": "a", "type": "bye", "born": 0}):
        assert tab.receive(message, 0.1) == []
    tab.tick(1.0)
    assert tab.state == LEADING


def test_two_leaders_after_a_partition_the_younger_follows_as_soon_as_it_hears_the_older():
    channel = Channel()
    channel.open("a")
    channel.run(1)
    younger = channel.open("b")
    gone = channel.tabs.pop("a")                    # b hears nothing from a: it leads alone
    channel.run(EXPIRY_SECONDS + 1)
    assert younger.state == LEADING
    channel.tabs["a"] = gone                         # the partition heals: a beats again
    channel.run(HEARTBEAT_SECONDS + 0.1)
    assert channel.states() == {"a": LEADING, "b": FOLLOWING}
