"""Golden wire test: the exact message of every one of the 77 calls (tests/unit/golden_wire.json).

The table was written from SPEC-NOTES §11 (not produced by wwe) and reviewed; each entry runs on a fresh
Service, so its referenceId is "1".
"""

import json
from pathlib import Path

import pytest

import wwe
from wwe.testing import MemoryTransport, host_message

GOLDEN = json.loads((Path(__file__).with_name("golden_wire.json")).read_text(encoding="utf-8"))


def run(entry):
    transport = MemoryTransport(lambda message, origin: [])
    service = wwe.Service(transport)
    if "frameId" in entry:
        transport.push(host_message(frameId=entry["frameId"]))
        transport.flush()
    args, kwargs = entry["args"], entry.get("kwargs", {})
    if entry["call"] == "subscribe":
        service.subscribe(*args, lambda message: None, **kwargs)
    elif entry["call"] == "unsubscribe":
        service.unsubscribe(*args, **kwargs)
    else:
        namespace, name = entry["call"].split(".")
        getattr(getattr(service, namespace), name)(*args, **kwargs)
    assert len(transport.sent) == 1
    return transport.sent[0]


@pytest.mark.parametrize("entry", GOLDEN, ids=[f"{i}-{e['call']}" for i, e in enumerate(GOLDEN)])
def test_wire_message(entry):
    message = run(entry)
    assert message == entry["wire"]
    assert list(message) == list(entry["wire"])  # key order as the official client builds it


def test_golden_covers_all_77_calls():
    calls = {e["call"] for e in GOLDEN}
    expected = {f"{ns}.{m}" for ns, table in wwe.NAMESPACES.items() for m in table} | {"subscribe", "unsubscribe"}
    assert calls == expected
    assert len(expected) == 77


def test_spec_request_example_is_reproduced():
    spec = json.loads((Path(__file__).resolve().parents[2] / "spec" / "scapi-spec.json").read_text(encoding="utf-8"))
    example = spec["wire"]["request_example"]["wire"]
    entry = {"call": example["request"], "args": example["parameters"]}
    assert run(entry) == example
