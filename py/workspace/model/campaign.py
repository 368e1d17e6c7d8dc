"""Outbound campaigns and their record chains, as loaded from the scenario."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from itertools import count
from typing import Any


class CampaignStatus(StrEnum):
    """Where a campaign is in its lifecycle (the scenario's ``status``)."""

    UNLOADED = "unloaded"
    LOADED = "loaded"
    STARTED = "started"


class PreviewKind(StrEnum):
    """How a preview campaign delivers its records."""

    PULL = "PULL"
    PUSH = "PUSH"
    DIRECT = "DIRECT"


PREVIEW_MODES = {"preview": PreviewKind.PULL, "pushpreview": PreviewKind.PUSH, "directpushpreview": PreviewKind.DIRECT}
"""Campaign mode, lower case without spaces or underscores -> its preview kind."""

RECORD_DEFAULTS: dict[str, Any] = {
    "GSW_PHONE_TYPE": 1,
    "GSW_CALL_RESULT": 28,
    "GSW_ATTEMPTS": 0,
    "GSW_FROM": 0,
    "GSW_UNTIL": 86399,
    "GSW_TZ_NAME": "UTC",
    "GSW_TZ_OFFSET": 0,
    "InteractionType": "Outbound",
    "InteractionSubtype": "OutboundNew",
}
"""Fields a scenario record may omit."""


@dataclass
class Campaign:
    """An outbound campaign and its queue of record chains not yet delivered."""

    name: str
    mode: str
    status: str
    """A CampaignStatus (the scenario's text, kept as given)."""
    chains: list[list[dict[str, Any]]] = field(default_factory=list)

    @property
    def preview_kind(self) -> PreviewKind | None:
        """PULL, PUSH or DIRECT for the three preview modes, else None."""
        return PREVIEW_MODES.get(self.mode.lower().replace(" ", "").replace("_", ""))

    def to_wire(self) -> dict[str, Any]:
        """Shape returned by outbound.getCampaigns."""
        return {"name": self.name, "mode": self.mode, "status": str(self.status)}


@dataclass
class RecordChain:
    """One chain of outbound records, shared by the preview interaction and the call made from it."""

    campaign: str
    kind: PreviewKind
    records: list[dict[str, Any]]
    call_result: int | None = None
    do_not_call: bool = False
    reschedule: dict[str, Any] | None = None
    updates: dict[str, Any] = field(default_factory=dict)
    """updateRecordFields values, sent to OCS at mark done."""

    @property
    def handles(self) -> list[int]:
        """Record handles of the chain, in order."""
        return [record["GSW_RECORD_HANDLE"] for record in self.records]

    def record(self, handle: int | None = None) -> dict[str, Any]:
        """The record with ``handle`` (default: the first record of the chain)."""
        return next((r for r in self.records if r["GSW_RECORD_HANDLE"] == handle), self.records[0])

    def outcome(self) -> dict[str, Any]:
        """What OCS receives when the chain is marked done."""
        return {
            "campaign": self.campaign,
            "recordHandles": self.handles,
            "callResult": self.call_result,
            "doNotCall": self.do_not_call,
            "reschedule": self.reschedule,
            "updates": dict(self.updates),
        }


def load_campaigns(scenario: dict[str, Any]) -> dict[str, Campaign]:
    """Campaigns of the scenario with their record chains (records sharing GSW_CHAIN_ID form one chain).

    Records naming an unknown campaign are ignored; missing handles and chain ids are numbered.
    """
    campaigns = {
        entry["name"]: Campaign(entry["name"], entry.get("mode", "Preview"), entry.get("status", CampaignStatus.STARTED))
        for entry in scenario.get("campaigns", [])
    }
    records = [record for record in scenario.get("records", []) if record.get("GSW_CAMPAIGN_NAME") in campaigns]
    handles = count(1 + max((r.get("GSW_RECORD_HANDLE", 0) for r in records), default=0))
    chain_ids = count(1 + max((r.get("GSW_CHAIN_ID", 0) for r in records), default=0))
    chains: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for record in records:
        campaign = campaigns[record["GSW_CAMPAIGN_NAME"]]
        filled = {**RECORD_DEFAULTS, "GSW_CALLING_LIST": f"{campaign.name} List", **record}
        if "GSW_CHAIN_ID" not in filled:
            filled["GSW_CHAIN_ID"] = next(chain_ids)
        if "GSW_RECORD_HANDLE" not in filled:
            filled["GSW_RECORD_HANDLE"] = next(handles)
        chain = chains.setdefault((campaign.name, filled["GSW_CHAIN_ID"]), [])
        filled["GSW_USER_EVENT"] = "ChainedRecord" if chain else "PreviewRecord"
        chain.append(filled)
        if len(chain) == 1:
            campaign.chains.append(chain)
    return campaigns
