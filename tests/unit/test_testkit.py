"""The test kit for extension authors: extension logic against the in-process simulator, through the client API."""
from __future__ import annotations

import asyncio

import wwe
from workspace import Config
from workspace.testing import Simulator, settle, simulator  # noqa: F401 - importing the fixture makes it available


async def follow_calls(service: wwe.Service, seen: list[str]) -> None:
    """Some extension logic: note each call's event type, and answer ringing calls."""
    def on_interaction(message: dict) -> None:
        data = message["data"]
        seen.append(data["eventType"])
        if data["eventType"] == "RINGING":
            service.voice.answer(data["interaction"]["interactionId"])

    await service.subscribe(["interaction"], on_interaction)


def test_extension_logic_answers_a_call(simulator):
    async def main():
        service = simulator.connect()
        seen: list[str] = []
        await follow_calls(service, seen)
        simulator.perform(lambda model, ctx: model.inbound_call(ctx, "+15551234567"))
        await settle()
        assert seen[:3] == ["ADDED", "RINGING", "ESTABLISHED"]
        (call,) = await service.interaction.getInteractions()
        assert call["state"] == "TALKING"

    asyncio.run(main())


LIMITED = """
[interaction-workspace]
"service-client-api.accepted-web-content-origins" = "http://localhost:8001"
"service-client-api.rate-limit.agent.get" = 1
"service-client-api.rate-limit-quarantine-delay" = 60
"""


def test_security_rules_apply_and_time_is_manual():
    async def main():
        simulator = Simulator(Config.from_toml(LIMITED))
        refused = simulator.connect("frame1", origin="https://evil.example")
        try:
            await refused.agent.get()
        except wwe.RequestFailed as failure:
            assert "not allowed" in failure.reply["errorMessage"]
        else:
            raise AssertionError("an unlisted origin was answered")

        service = simulator.connect("frame2", timeout=5)
        await service.agent.get()
        try:
            await service.agent.get()
        except wwe.RequestFailed as failure:
            assert failure.reply["errorMessage"].startswith("The rate limit for the request 'agent.get' has been reached.")
        quarantined = service.agent.get()  # ignored by the host: only the client's timeout ends it
        await settle()
        assert not quarantined.done()
        simulator.advance(5)
        try:
            await quarantined
        except wwe.RequestTimeout as timeout:
            assert timeout.reply == "Request timeout"

    asyncio.run(main())
