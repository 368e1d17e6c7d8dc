"""configuration.getOption / getContextualOption: wildcards, sections, routing overrides."""

from __future__ import annotations

import re

import pytest

from tests.unit.test_model_support import OVERRIDE_OPTIONS, Ctx, model
from workspace.errors import RequestError

OPTIONS = {
    "interaction-workspace": {
        **OVERRIDE_OPTIONS["interaction-workspace"],
        "interaction.case-data.header-foreground-color": "#FFFFFF",
        "voice.auto-answer": "false",
        "voice.auto-answer.timer": "0",
        "voice.mark-done-on-release": "true",
        "sipendpoint.uri": "http://localhost:8000",
        "privilege.voice.can-dial": "true",
        "flags": ["a", "b"],
    },
    "CustomSection": {"option.custom.customer.code": "ACME-42"},
    "CustomAPI": {"test.enabled": "true", "test.level": "3", "other": "x"},
    "CaseDataColor": OVERRIDE_OPTIONS["CaseDataColor"],
}

IW = "interaction-workspace"

# (requested, expected data)
LOOKUPS = [
    ("interaction.case-data.frame-color", {IW: {"interaction.case-data.frame-color": "#FFBA00"}}),
    ("voice.*", {IW: {"voice.auto-answer": "false", "voice.auto-answer.timer": "0", "voice.mark-done-on-release": "true"}}),
    ("voice.auto*", {IW: {"voice.auto-answer": "false", "voice.auto-answer.timer": "0"}}),
    ("sipendpoint.*", {IW: {"sipendpoint.uri": "http://localhost:8000"}}),
    ("CustomAPI/test.*", {"CustomAPI": {"test.enabled": "true", "test.level": "3"}}),
    (
        ["privilege.*", "CustomSection/option.custom.customer.code"],
        {IW: {"privilege.voice.can-dial": "true"}, "CustomSection": {"option.custom.customer.code": "ACME-42"}},
    ),
    ("interaction-workspace/interaction.case-data.*", {IW: {"interaction.case-data.frame-color": "#FFBA00", "interaction.case-data.header-foreground-color": "#FFFFFF"}}),
    ("Custom*/other", {"CustomAPI": {"other": "x"}}),
    ("flags", {IW: {"flags": ["a", "b"]}}),
    ("voice.unknown", {}),
    ("Nowhere/option", {}),
]


@pytest.mark.parametrize(("requested", "expected"), LOOKUPS)
def test_get_option_lookups(requested, expected):
    assert model(OPTIONS).handle("configuration.getOption", [requested], Ctx()) == expected


@pytest.mark.parametrize("requested", ["*.auto", "*.mark-done", "*", "voice.*.x", "vo*ce", "**", "CustomAPI/*", "*/test.*", "/voice", "Section/"])
def test_asterisk_only_at_the_end_of_a_name(requested):
    for request, params in (("configuration.getOption", [requested]), ("configuration.getContextualOption", [requested, "1"])):
        centre, ctx = model(OPTIONS), Ctx()
        centre.inbound_call(ctx)
        with pytest.raises(RequestError, match=re.escape(f"Error: Invalid option '{requested}'")):
            centre.handle(request, params, ctx)


def test_override_example_contextual_option_wins_get_option_keeps_the_configured_value():
    centre, ctx = model(OPTIONS), Ctx()
    call = centre.inbound_call(ctx, user_data={"IW_OverrideOptions": "CaseDataColor"})
    assert centre.handle("configuration.getContextualOption", ["interaction.case-data.frame-color", call], ctx) == {
        IW: {"interaction.case-data.frame-color": "#FF000088"}
    }
    assert centre.handle("configuration.getOption", ["interaction.case-data.frame-color"], ctx) == {
        IW: {"interaction.case-data.frame-color": "#FFBA00"}
    }
    assert centre.handle("configuration.getContextualOption", ["interaction.case-data.*", call], ctx)[IW] == {
        "interaction.case-data.frame-color": "#FF000088",
        "interaction.case-data.header-foreground-color": "#FFFFFF",
    }


def test_override_set_through_set_user_data_applies_at_once():
    centre, ctx = model(OPTIONS), Ctx()
    call = centre.inbound_call(ctx)
    request = ["interaction.case-data.frame-color", call]
    assert centre.handle("configuration.getContextualOption", request, ctx)[IW]["interaction.case-data.frame-color"] == "#FFBA00"
    centre.handle("interaction.setUserData", [call, {"IW_OverrideOptions": "CaseDataColor"}], ctx)
    assert centre.handle("configuration.getContextualOption", request, ctx)[IW]["interaction.case-data.frame-color"] == "#FF000088"


def test_several_override_annexes_the_first_one_wins():
    options = {**OPTIONS, "Gold": {"interaction.case-data.frame-color": "#FFD700", "voice.auto-answer": "true"}}
    centre, ctx = model(options), Ctx()
    call = centre.inbound_call(ctx, user_data={"IW_OverrideOptions": "Gold, CaseDataColor, Missing"})
    data = centre.handle("configuration.getContextualOption", [["interaction.case-data.frame-color", "voice.auto-answer"], call], ctx)
    assert data == {IW: {"interaction.case-data.frame-color": "#FFD700", "voice.auto-answer": "true"}}


def test_without_override_key_option_nothing_is_overridden():
    options = {IW: {"interaction.case-data.frame-color": "#FFBA00"}, "CaseDataColor": OPTIONS["CaseDataColor"]}
    centre, ctx = model(options), Ctx()
    call = centre.inbound_call(ctx, user_data={"IW_OverrideOptions": "CaseDataColor"})
    assert centre.handle("configuration.getContextualOption", ["interaction.case-data.frame-color", call], ctx) == {
        IW: {"interaction.case-data.frame-color": "#FFBA00"}
    }


@pytest.mark.parametrize("params", [["interaction.case-data.frame-color", "1"], ["interaction.case-data.frame-color"]])
def test_contextual_option_needs_an_existing_interaction(params):
    with pytest.raises(RequestError) as caught:
        model(OPTIONS).handle("configuration.getContextualOption", params, Ctx())
    assert str(caught.value) == "Error: Interaction not found."


def test_option_values_are_strings():
    centre = model({IW: {"a.flag": True, "a.count": 3}})
    assert centre.handle("configuration.getOption", ["a.*"], Ctx()) == {IW: {"a.flag": "true", "a.count": "3"}}
