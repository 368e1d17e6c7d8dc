"""Argument checks, table-driven from the spec: a clear TypeError before anything is sent."""

import json
from pathlib import Path

import pytest

import wwe
from wwe import methods
from wwe.testing import MemoryTransport

GOLDEN = json.loads((Path(__file__).with_name("golden_wire.json")).read_text(encoding="utf-8"))
VALID_ARGS = {}
for _entry in GOLDEN:  # the first entry of each method passes every wire parameter
    if "." in _entry["call"] and "kwargs" not in _entry:
        VALID_ARGS.setdefault(_entry["call"], _entry["args"])

WRONG_VALUES = {
    methods.STR: [1, {"a": 1}, ["x"]],
    methods.NUM: ["257", True, None],
    methods.OBJ: ["x", [1], 3],
    methods.STR_OR_OBJ: [1, ["x"]],
    methods.STR_OR_LIST: [1, [1], {"a": "b"}],
    methods.STR_OR_NUM: [{}, [6], False],
}

CASES = [
    (f"{ns}.{name}", index, wrong)
    for ns, table in methods.NAMESPACES.items()
    for name, method in table.items()
    for index, param in enumerate(method.params)
    for wrong in WRONG_VALUES[param.kind] + ([] if param.optional else [None])
]


def fresh():
    transport = MemoryTransport(lambda message, origin: [])
    return wwe.Service(transport), transport


def method_of(service, request):
    namespace, name = request.split(".")
    return getattr(getattr(service, namespace), name)


def test_valid_args_cover_every_method():
    assert len(VALID_ARGS) == 75


@pytest.mark.parametrize("request_name,index,wrong", CASES)
def test_wrong_type_raises_before_sending(request_name, index, wrong):
    service, transport = fresh()
    args = list(VALID_ARGS[request_name])
    args[index] = wrong
    with pytest.raises(TypeError, match=request_name):
        method_of(service, request_name)(*args)
    assert transport.sent == [] and service.core.next_deadline() is None


@pytest.mark.parametrize("request_name", sorted(VALID_ARGS))
def test_wrong_argument_count(request_name):
    service, transport = fresh()
    method = method_of(service, request_name)
    args = VALID_ARGS[request_name]
    with pytest.raises(TypeError, match="too many positional arguments"):
        method(*args, "extra")
    namespace, name = request_name.split(".")
    required = sum(not p.optional for p in methods.NAMESPACES[namespace][name].params)
    if required:
        with pytest.raises(TypeError, match="missing a required argument"):
            method(*args[: required - 1])
    with pytest.raises(TypeError, match="unexpected keyword argument"):
        method(*args, bogus=1)
    assert transport.sent == []


@pytest.mark.parametrize("keyword", ["succeeded", "failed"])
def test_callbacks_must_be_callable(keyword):
    service, transport = fresh()
    with pytest.raises(TypeError, match=keyword):
        service.agent.get(**{keyword: "print"})
    assert transport.sent == []


def test_positional_callback_gets_a_hint():
    service, _ = fresh()
    with pytest.raises(TypeError, match="keyword-only"):
        service.agent.get(print)


def test_examples_from_the_issue():
    service, transport = fresh()
    with pytest.raises(TypeError, match="interactionId must be str"):
        service.interaction.setUserData(1, {"k": "v"})
    with pytest.raises(TypeError, match="missing a required argument: 'targetQuery'"):
        service.interaction.consult("1")
    with pytest.raises(TypeError, match="keyValues must be dict"):
        service.interaction.setUserData("1", [("k", "v")])
    with pytest.raises(TypeError, match="not JSON data"):
        service.interaction.setUserData("1", {"k": {1, 2}})
    assert transport.sent == []
