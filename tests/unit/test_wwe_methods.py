"""The method table of wwe.methods against spec/scapi-spec.json: nothing missing, nothing reordered."""

import json
from pathlib import Path

import pytest

from wwe import methods

SPEC = json.loads((Path(__file__).resolve().parents[2] / "spec" / "scapi-spec.json").read_text(encoding="utf-8"))
SPEC_NAMESPACES = {ns: body for ns, body in SPEC["namespaces"].items() if ns != "(top-level)"}

# Spec parameter type -> parameter kind.
KIND_OF_SPEC_TYPE = {
    "string": methods.STR,
    "number": methods.NUM,
    "object": methods.OBJ,
    "object or string": methods.STR_OR_OBJ,
    "string (described as an array of strings)": methods.STR_OR_LIST,
    "string (described as 'an option or array of options')": methods.STR_OR_LIST,
    "Array of string": methods.STR_OR_LIST,
    "string (documented) / number": methods.STR_OR_NUM,
    "string (documented) / object": methods.STR_OR_OBJ,
}
# DECISIONS D4: the obvious variant is accepted too.
KIND_OVERRIDES = {("system", "closeViewInApplicationMenuBar", "name"): methods.STR_OR_OBJ}


def wire_params(entry):
    return [p for p in entry["params"] if p.get("wire", True)]


def test_ten_namespaces_75_methods():
    assert list(methods.NAMESPACES) == list(SPEC_NAMESPACES)
    assert len(methods.NAMESPACES) == 10
    assert sum(map(len, methods.NAMESPACES.values())) == 75


@pytest.mark.parametrize("namespace", list(SPEC_NAMESPACES))
def test_method_names_in_spec_order(namespace):
    assert list(methods.NAMESPACES[namespace]) == list(SPEC_NAMESPACES[namespace]["methods"])


@pytest.mark.parametrize(
    "namespace,name",
    [(ns, m) for ns, body in SPEC_NAMESPACES.items() for m in body["methods"]],
)
def test_wire_params_match_spec(namespace, name):
    spec_params = wire_params(SPEC_NAMESPACES[namespace]["methods"][name])
    table = methods.NAMESPACES[namespace][name].params
    assert [p.name for p in table] == [p["name"] for p in spec_params]
    assert [p.optional for p in table] == [p["optional"] for p in spec_params]
    for param, spec_param in zip(table, spec_params):
        expected = KIND_OVERRIDES.get((namespace, name, param.name), KIND_OF_SPEC_TYPE[spec_param["type"]])
        assert param.kind == expected, param.name


def test_top_level_calls():
    spec = SPEC["namespaces"]["(top-level)"]["methods"]
    assert list(methods.TOP_LEVEL) == list(spec) == ["subscribe", "unsubscribe"]
    for name, method in methods.TOP_LEVEL.items():
        spec_params = wire_params(spec[name])
        assert [(p.name, p.kind) for p in method.params] == [
            (p["name"], KIND_OF_SPEC_TYPE[p["type"]]) for p in spec_params
        ]


def test_callbacks_are_never_wire_params():
    for namespace, body in SPEC_NAMESPACES.items():
        for name, entry in body["methods"].items():
            callbacks = [p["name"] for p in entry["params"] if not p.get("wire", True)]
            assert callbacks == ["succeeded", "failed"], (namespace, name)


def test_returns_name_known_types():
    import wwe.types as types

    known = {"Any", "None", "bool", "str", "int"} | {n for n in dir(types) if n[0].isupper()}
    for table in methods.NAMESPACES.values():
        for method in table.values():
            words = method.returns.replace("list[", " ").replace("dict[", " ").replace("]", " ")
            for word in words.replace("|", " ").replace(",", " ").split():
                assert word in known, method.returns


def test_bind_positional_and_keywords():
    consult = methods.NAMESPACES["interaction"]["consult"]
    sig = methods.signature(consult)
    assert methods.bind("interaction.consult", consult, sig, ("1", "5002"), {}) == ["1", "5002", None, None]
    assert methods.bind("interaction.consult", consult, sig, ("1",), {"targetQuery": "5002", "extensions": {}}) == [
        "1", "5002", None, {}
    ]
    assert methods.bind("interaction.consult", consult, sig, ("1", "5002", None), {}) == ["1", "5002", None, None]


def test_check_json_rejects_non_data():
    methods.check_json({"a": [1, 2.5, None, True, {"b": "c"}]}, "x")
    for bad in ({1: "a"}, {"a": {1, 2}}, [float("nan")], {"f": print}, b"bytes"):
        with pytest.raises(TypeError):
            methods.check_json(bad, "x")
