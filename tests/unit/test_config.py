"""Configuration: real option names, validation messages (every error at once: Config.read), TOML loading, scenario
pass-through."""
from __future__ import annotations

from pathlib import Path

import pytest

from workspace.config import Config, ConfigError, ConfigErrors, WebContent
from workspace.origins import OriginRule

DEFAULT_TOML = Path(__file__).resolve().parents[2] / "scenario" / "default.toml"
ORIGINS = "service-client-api.accepted-web-content-origins"


def config_of(options: dict, **sections: dict) -> Config:
    return Config.from_dict({"interaction-workspace": options, **sections})


def test_default_file_loads():
    config = Config.load(DEFAULT_TOML)
    assert config.warnings == ()
    assert config.origins.rules == (OriginRule("http://localhost:8001", ("*", "auth.getJwtToken")),)
    assert config.rate_limits.per_request == {"voice.dial": 10, "email.create": 5}
    assert config.web_content == (WebContent("Dashboard", "http://localhost:8001/index.html",
                                             "http://localhost:8001", "Dashboard", "tab"),)
    assert config.options["CaseDataColor"] == {"interaction.case-data.frame-color": "#FF000088"}
    assert config.options["interaction-workspace"]["interaction.override-option-key"] == "IW_OverrideOptions"
    assert config.options["interaction-workspace"]["voice.auto-answer"] == "false"
    assert config.jwt.secret and config.jwt.lifetime == 3600
    assert config.toast_width == 350
    assert isinstance(config.scenario, dict)


def test_defaults():
    config = Config.from_dict({})
    assert config.options == {"interaction-workspace": {}}
    assert config.origins.rules == ()
    limits = config.rate_limits
    assert (limits.default, limits.per_request, limits.quarantine_delay) == (0, {}, 60)
    assert (config.user_data.read, config.user_data.write, config.toast_width) == (None, None, None)
    assert config.warnings == (f"{ORIGINS} is not set: every request will be refused",)
    assert Config() == Config(warnings=())  # the dataclass defaults are usable as-is


def test_values_become_strings_as_in_workspace():
    config = config_of({"a": True, "b": 3, "c": 1.5, "d": ["x", "y", 2], "e": "text"})
    assert config.options["interaction-workspace"] == {"a": "true", "b": "3", "c": "1.5", "d": "x,y,2", "e": "text"}


def test_toml_bare_dotted_keys_are_flattened():
    config = Config.from_toml('[interaction-workspace]\ninteraction.case-data.frame-color = "#FFBA00"\n'
                              '"voice.auto-answer" = true\n[Custom]\noption.custom.code = "A"\n')
    assert config.options["interaction-workspace"] == {"interaction.case-data.frame-color": "#FFBA00",
                                                       "voice.auto-answer": "true"}
    assert config.options["Custom"] == {"option.custom.code": "A"}


def test_toml_conflicting_dotted_keys_get_a_hint():
    text = ('[interaction-workspace]\nservice-client-api.rate-limit = 0\n'
            'service-client-api.rate-limit.voice.dial = 4\n')
    with pytest.raises(ConfigError, match=r"TOML syntax: .* \(quote option names that contain dots\)"):
        Config.from_toml(text)


def test_scenario_is_passed_through_as_plain_data():
    scenario = {"agent": {"employeeId": "9"}, "states": [{"type": "READY"}], "anything": {"deep": [1, 2]}}
    assert Config.from_dict({"scenario": scenario}).scenario == scenario


def test_key_lists():
    config = config_of({"service-client-api.user-data.read-allowed": " Key1 , Key2,Key3",
                        "service-client-api.user-data.write-allowed": ["Key1", "Key3"]})
    assert config.user_data.read == {"Key1", "Key2", "Key3"} and config.user_data.write == {"Key1", "Key3"}
    assert config_of({"service-client-api.user-data.read-allowed": "*"}).user_data.read is None
    empty = config_of({"service-client-api.user-data.write-allowed": ""})
    assert empty.user_data.write is None
    assert any("is empty, which means no restriction" in w for w in empty.warnings)


def test_web_content_views():
    config = config_of({ORIGINS: "http://a.example", "interaction.web-content": "One, Two"},
                       One={"url": "http://a.example/one.html"},
                       Two={"url": "https://b.example:8443/x", "label": "Second", "mode": "hidden"})
    assert config.web_content == (
        WebContent("One", "http://a.example/one.html", "http://a.example", "One", "tab"),
        WebContent("Two", "https://b.example:8443/x", "https://b.example:8443", "Second", "hidden"))
    assert config.warnings == ("[Two] url: the origin https://b.example:8443 is not in "
                               f"{ORIGINS}; its requests will be refused",)


BAD = [
    # (configuration, exact error message)
    ({"interaction-workspace": {ORIGINS: "http://a/path"}},
     f"{ORIGINS}: 'http://a/path' has a path, query or fragment; an origin is only scheme://host[:port]"),
    ({"interaction-workspace": {ORIGINS: "http://a (agent)"}},
     f"{ORIGINS}: the filter of 'http://a' has an invalid request keyword 'agent' "
     "(expected *, namespace.* or namespace.method)"),
    ({"interaction-workspace": {"service-client-api.accepted-webcontent-origins": "*"}},
     "service-client-api.accepted-webcontent-origins: unknown Service Client API option "
     f"(did you mean '{ORIGINS}'?)"),
    ({"interaction-workspace": {"service-client-api-accepted-web-content-origins": "*"}},
     "service-client-api-accepted-web-content-origins: unknown Service Client API option "
     f"(did you mean '{ORIGINS}'?)"),
    ({"interaction-workspace": {"service-client-api.ratelimit": 5}},
     "service-client-api.ratelimit: unknown Service Client API option (did you mean 'service-client-api.rate-limit'?)"),
    ({"interaction-workspace": {"service-client-api.colour": 5}},
     "service-client-api.colour: unknown Service Client API option"),
    ({"interaction-workspace": {"service-client-apl.rate-limit": 5}},
     "service-client-apl.rate-limit: unknown option (did you mean 'service-client-api.rate-limit'?)"),
    ({"interaction-workspace": {"interaction.webcontent": "A"}},
     "interaction.webcontent: unknown option (did you mean 'interaction.web-content'?)"),
    ({"Other": {"service-client-api.rate-limit": 5}},
     "[Other] service-client-api.rate-limit: Service Client API options belong in [interaction-workspace]"),
    ({"interaction-workspace": {"service-client-api.rate-limit": -1}},
     "service-client-api.rate-limit: must be a whole number >= 0, got '-1'"),
    ({"interaction-workspace": {"service-client-api.rate-limit": "ten"}},
     "service-client-api.rate-limit: must be a whole number >= 0, got 'ten'"),
    ({"interaction-workspace": {"service-client-api.rate-limit": True}},
     "service-client-api.rate-limit: must be a whole number >= 0, got 'true'"),
    ({"interaction-workspace": {"service-client-api.rate-limit.voice.dial": 2.5}},
     "service-client-api.rate-limit.voice.dial: must be a whole number >= 0, got '2.5'"),
    ({"interaction-workspace": {"service-client-api.rate-limit.voice": 2}},
     "service-client-api.rate-limit.voice: 'voice' is not a request name (expected namespace.method)"),
    ({"interaction-workspace": {"service-client-api.rate-limit-quarantine-delay": -5}},
     "service-client-api.rate-limit-quarantine-delay: must be a whole number >= 0, got '-5'"),
    ({"interaction-workspace": {"service-client-api.toast.width": 0}},
     "service-client-api.toast.width: must be a whole number >= 1, got '0'"),
    ({"interaction-workspace": {"service-client-api.user-data.read-allowed": "Key1,,Key2"}},
     "service-client-api.user-data.read-allowed: empty key in the list 'Key1,,Key2'"),
    ({"interaction-workspace": {"service-client-api.user-data.write-allowed": "Key1,*"}},
     "service-client-api.user-data.write-allowed: '*' (all keys) must be alone"),
    ({"interaction-workspace": {"interaction.web-content": "Missing"}},
     "interaction.web-content: no section [Missing]"),
    ({"interaction-workspace": {"interaction.web-content": "interaction-workspace"}},
     "interaction.web-content: no section [interaction-workspace]"),
    ({"interaction-workspace": {"interaction.web-content": "V"}, "V": {"label": "x"}},
     "[V] url: missing (the address of the extension page)"),
    ({"interaction-workspace": {"interaction.web-content": "V"}, "V": {"url": "/index.html"}},
     "[V] url: '/index.html' is not an absolute URL"),
    ({"interaction-workspace": {"interaction.web-content": "V"}, "V": {"url": "http://a", "mode": "window"}},
     "[V] mode: must be one of tab, popup, background, hidden, got 'window'"),
    ({"interaction-workspace": {"interaction.web-content": "V"}, "V": {"url": "http://a", "title": "x"}},
     "[V] title: unknown extension-view option (known: url, label, mode, level, playground)"),
    ({"interaction-workspace": {"interaction.web-content": "V"}, "V": {"url": "http://a", "mdoe": "tab"}},
     "[V] mdoe: unknown extension-view option (did you mean 'mode'?) (known: url, label, mode, level, playground)"),
    ({"interaction-workspace": {"interaction.web-content": "V"}, "V": {"url": "http://a", "level": "interactoin"}},
     "[V] level: must be one of application, interaction, got 'interactoin' (did you mean 'interaction'?)"),
    ({"interaction-workspace": {"interaction.web-content": "V"},
      "V": {"url": "http://a/?id=$Interaction.Idd$", "level": "interaction"}},
     "[V] url: the field code '$Interaction.Idd$' names nothing (known: $Interaction.Id$, $AttachedData.<key>$)"),
    ({"interaction-workspace": {"interaction.web-content": "V"},
      "V": {"url": "http://a/?k=$AttachedData.$", "level": "interaction"}},
     "[V] url: the field code '$AttachedData.$' names nothing (known: $Interaction.Id$, $AttachedData.<key>$)"),
    ({"interaction-workspace": {"interaction.web-content": "V"},
      "V": {"url": "http://a/$AttachedData.Page$?x=1", "level": "interaction"}},
     "[V] url: the field code '$AttachedData.Page$' must be in the query or the fragment (after '?' or '#'), "
     "where a value cannot change the origin or the path"),
    ({"interaction-workspace": {"interaction.web-content": "V"}, "V": {"url": "http://a/?id=$Interaction.Id$"}},
     "[V] url: the field code '$Interaction.Id$' needs level = \"interaction\""),
    ({"interaction-workspace": {"interaction.web-content": "V"},
      "V": {"url": "http://a/?id=$Interaction.Id$", "level": "interaction", "mode": "popup"}},
     "[V] mode: an interaction-level view shows in its interaction's card: mode must be tab, got 'popup'"),
    ({"interaction-workspace": {"a": None}}, "[interaction-workspace] a: unsupported value None"),
    ({"interaction-workspace": {"a": "x", "b": "y"}, "X": {"a.b": 1, "a": {"b": 2}}}, "[X] a.b: set twice"),
    ({"Flat": "value"}, "'Flat' must be a section (a table of options)"),
    ({"scenario": []}, "[scenario] must be a table"),
    ({"scenario": {"auth": "x"}}, "[scenario.auth] must be a table"),
    ({"scenario": {"auth": {"secret": "x"}}}, "[scenario.auth] secret: unknown key (did you mean 'jwt-secret'?)"),
    ({"scenario": {"auth": {"jwt-secret": ""}}}, "[scenario.auth] jwt-secret: must be a non-empty string"),
    ({"scenario": {"auth": {"jwt-lifetime": 0}}}, "[scenario.auth] jwt-lifetime: must be a whole number >= 1, got '0'"),
    ({"scenario": {"auth": {"jwt-issuer": 3}}}, "[scenario.auth] jwt-issuer: must be a string"),
]


@pytest.mark.parametrize(("data", "message"), BAD)
def test_bad_configuration_names_the_option_and_the_problem(data, message):
    with pytest.raises(ConfigError) as raised:
        Config.from_dict(data)
    assert str(raised.value) == message


def test_non_mapping_configuration():
    with pytest.raises(ConfigError, match="must be a table of sections"):
        Config.from_dict(["x"])  # type: ignore[arg-type]


def test_load_reads_a_file(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text(f'[interaction-workspace]\n"{ORIGINS}" = "*"\n', encoding="utf-8")
    assert Config.load(path).origins.rule_for("http://x") is not None


def test_a_faulty_option_view_or_value_is_left_out_and_the_others_are_read():
    config, found = Config.read({"interaction-workspace": {
        "service-client-api.rate-limit": "x", "service-client-api.rate-limit.voice.dial": "2",
        "service-client-api.user-data.write-allowed": "*, Key1", "interaction.web-content": "A, B, C, Dashbord"},
        "A": {"url": "http://localhost:1/", "mode": "window"}, "B": {"label": "no url"},
        "C": {"url": "http://localhost:2/", "levle": "interaction"}, "Dashboard": {"url": "http://localhost:3/"}})
    assert found == ["service-client-api.user-data.write-allowed: '*' (all keys) must be alone",
                     "[A] mode: must be one of tab, popup, background, hidden, got 'window'",
                     "[B] url: missing (the address of the extension page)",
                     "[C] levle: unknown extension-view option (did you mean 'level'?) (known: url, label, mode, level, playground)",
                     "interaction.web-content: no section [Dashbord] (did you mean 'Dashboard'?)",
                     "service-client-api.rate-limit: must be a whole number >= 0, got 'x'"]
    assert config.rate_limits.per_request == {"voice.dial": 2} and config.rate_limits.default == 0
    assert [(view.section, view.mode) for view in config.web_content] == [("A", "tab"), ("C", "tab")]
    with pytest.raises(ConfigErrors) as refused:
        Config.from_dict({"interaction-workspace": {"service-client-api.rate-limit": "x"}, "A": 1})
    assert refused.value.messages == ("'A' must be a section (a table of options)",
                                      "service-client-api.rate-limit: must be a whole number >= 0, got 'x'")
