"""The security rules cannot be bypassed: one row per attempt, each must fail (docs/THREAT-MODEL.md).

Origins that look like a listed one, filter wildcards stretched to other requests or to auth.getJwtToken,
user-data keys that differ from a listed one by case, Unicode normalisation, width or invisible characters.
Every attempt goes through Host.receive with the real contact centre, and the invariants of
``hostile_support.send`` are checked after each.
"""
from __future__ import annotations

import unicodedata

import pytest

from tests import suite_counts
from tests.unit import hostile_support as hs
from tests.unit.hostile_support import FILTERED, TRUSTED, Invariants, make_host, options, request, send, subscribe
from workspace import Config
from workspace.config import ConfigError
from workspace.host import journal
from workspace.origins import OriginPolicy, keyword_matches

ATTEMPTS = suite_counts.Tally(suite_counts.BYPASS)  # bypass attempts made, by family (printed at the end)

PORTED = "http://127.0.0.1:8001"
IDN = "https://xn--bcher-kva.example"  # bücher.example
LISTED = {TRUSTED: "f1", FILTERED: "f2", PORTED: "p1", IDN: "p2"}
ORIGIN_LIST = f"{hs.ORIGINS}, {PORTED}, https://bücher.example"


def origin_host(extra_origins: str = ORIGIN_LIST, **main):
    host, clock = make_host(options(**{"service-client-api.accepted-web-content-origins": extra_origins}, **main))
    for origin, frame_id in LISTED.items():
        if frame_id not in host.frames:
            host.attach_frame(frame_id, origin, frame_id)
    return host, Invariants(host)


# -- origins ----------------------------------------------------------------------------------------------------

LOOK_ALIKES = [
    # (what it imitates, the origin the page would report)
    (TRUSTED, "http://ext-a.example"),                    # scheme downgrade
    (TRUSTED, "https://ext-a.example:8443"),              # another port
    (TRUSTED, "https://ext-a.example:80"),                # http's default port on https
    (TRUSTED, "http://ext-a.example:443"),                # https's default port on http
    (TRUSTED, "https://ext-a.example."),                  # trailing dot: another origin for browsers
    (TRUSTED, "https://ext-a.example/"),                  # trailing slash, only tolerated in the option...
    (TRUSTED, "https://ext-a.example/evil"),              # ...and a path never
    (TRUSTED, "https://ext-a.example//"),
    (TRUSTED, "https://ext-a.example?x=1"),
    (TRUSTED, "https://ext-a.example#x"),
    (TRUSTED, "https://ext-a.example.evil.example"),      # suffix
    (TRUSTED, "https://evil.example/https://ext-a.example"),
    (TRUSTED, "https://evilext-a.example"),
    (TRUSTED, "https://ext-a.examplex"),
    (TRUSTED, "https://ext-a.exampl"),
    (TRUSTED, "https://ext-a.example@evil.example"),      # user info
    (TRUSTED, "https://evil.example@ext-a.example"),
    (TRUSTED, "https://ext-a.example:@evil.example"),
    (TRUSTED, "https://ext-a.example\\@evil.example"),
    (TRUSTED, "https://ext-a.example%2f@evil.example"),
    (TRUSTED, "https://ext-a%2eexample"),
    (TRUSTED, "https://ext-a.example\x00"),               # control characters and spaces
    (TRUSTED, "https://ext-a.example\x00.evil.example"),
    (TRUSTED, "https://ext-a.example\t"),
    (TRUSTED, " https://ext-a.example"),
    (TRUSTED, "https://ext-a.example\n"),
    (TRUSTED, "https://ext-a .example"),
    (TRUSTED, "https://ext-a.exa\u200bmple"),             # zero-width space (IDNA would drop it)
    (TRUSTED, "https://ext-a.exa\u00admple"),             # soft hyphen (IDNA would drop it)
    (TRUSTED, "https://ext-a.ex\u0430mple"),              # Cyrillic а
    (TRUSTED, "https://ｅｘｔ-a.example"),                  # full width (IDNA would map it)
    (TRUSTED, "https://EXT-A.EXAMPLE\u200d"),
    (TRUSTED, "https://xn--ext-a.example"),
    (TRUSTED, "https://ext-a.example:443:443"),           # ports
    (TRUSTED, "https://ext-a.example:+443"),
    (TRUSTED, "https://ext-a.example:４４３"),
    (TRUSTED, "https://ext-a.example:443 "),
    (TRUSTED, "https://ext-a.example:-443"),
    (TRUSTED, "https://ext-a.example:99999"),
    (TRUSTED, "https://*.example"),                       # wildcards are no hosts
    (TRUSTED, "https://*"),
    (TRUSTED, "*"),
    (TRUSTED, "https"),
    (TRUSTED, "https:ext-a.example"),
    (TRUSTED, "https:/ext-a.example"),
    (TRUSTED, "ext-a.example"),
    (TRUSTED, "//ext-a.example"),
    (TRUSTED, "wss://ext-a.example"),
    (TRUSTED, "blob:https://ext-a.example"),              # a blob: URL is no origin (its page reports https://...)
    (TRUSTED, "null"),                                    # sandboxed frames, data: and file: pages
    (TRUSTED, "NULL"),
    (TRUSTED, ""),
    (PORTED, "http://127.0.0.1"),                         # the port is part of the origin
    (PORTED, "http://127.0.0.1:80"),
    (PORTED, "http://127.0.0.1:8000"),
    (PORTED, "https://127.0.0.1:8001"),
    (PORTED, "http://localhost:8001"),                    # the same machine is not the same origin
    (PORTED, "http://127.1:8001"),                        # IPv4 spellings (a browser would report 127.0.0.1)
    (PORTED, "http://2130706433:8001"),
    (PORTED, "http://0x7f.0.0.1:8001"),
    (PORTED, "http://[::ffff:127.0.0.1]:8001"),
    (PORTED, "http://[::1]:8001"),
    (PORTED, "http://127.0.0.1:8001.evil.example"),
    (IDN, "https://bucher.example"),                      # IDN: what the browser reports is punycode
    (IDN, "https://bücher.example"),                      # (a Unicode string is not what a browser sends)
    (IDN, "https://bu\u0308cher.example"),
    (IDN, "https://xn--bcher-kva.example.evil.example"),
    (IDN, "https://xn--bcher-kvb.example"),
    (FILTERED, "https://ext-b.example:443@ext-a.example"),
]


@pytest.mark.parametrize(("imitated", "origin"), LOOK_ALIKES, ids=[repr(o) for _, o in LOOK_ALIKES])
def test_an_origin_that_looks_like_a_listed_one_is_refused(imitated, origin):
    ATTEMPTS["origin look-alike"] += 1
    host, checks = origin_host()
    frame_id = LISTED[imitated]
    for message in (request("agent.get"), request("auth.getJwtToken", ref="2"), subscribe("interaction", ref="3")):
        out = send(host, checks, frame_id, origin, message)
        assert host.inspector[-1 - len(out)].verdict == journal.REFUSED_ORIGIN, (origin, message)
        assert [m.get("errorMessage") for _, m in out if "referenceId" in m] == [
            f"The origin '{origin}' is not allowed to use the Service Client API."]
    assert host.subscriptions.held == {}


SAME_ORIGIN = [  # different spellings of a listed origin (URL-equivalent): matched, so no bypass either way
    (TRUSTED, "HTTPS://EXT-A.EXAMPLE"), (TRUSTED, "https://Ext-A.Example"), (TRUSTED, "https://ext-a.example:443"),
    (PORTED, "HTTP://127.0.0.1:8001"), (IDN, "https://XN--BCHER-KVA.EXAMPLE"), (IDN, IDN),
]


@pytest.mark.parametrize(("listed", "origin"), SAME_ORIGIN)
def test_spellings_of_the_same_origin_get_that_origins_rule_and_no_more(listed, origin):
    host, checks = origin_host()
    policy = host.config.origins
    assert policy.rule_for(origin) is policy.rule_for(listed)


@pytest.mark.parametrize(("text", "problem"), [
    ("https://straße.example", "ß in its host name"),           # IDNA 2003 says strasse.example, browsers not
    ("https://ς.example", "ς in its host name"),
    ("https://a\u200db.example", "ZWJ"),
    ("https://a\u200cb.example", "ZWNJ"),
    ("https://STRAẞE.example", "ß in its host name"),
    ("https://user@ext-a.example", "user info"),
    ("https://ext-a.example/app", "has a path"),
    ("null", "cannot be listed"),
    ("https://*.example", "wildcard hosts"),
])
def test_an_option_that_would_list_another_origin_than_written_is_refused(text, problem):
    ATTEMPTS["origin in the option"] += 1
    with pytest.raises(ValueError, match=problem):
        OriginPolicy.parse(text)


def test_a_unicode_host_in_the_option_matches_its_punycode_only():
    policy = OriginPolicy.parse("https://bücher.example")
    assert policy.rule_for(IDN) is not None
    assert policy.rule_for("https://bucher.example") is None
    assert policy.rule_for("https://strasse.example") is None


@pytest.mark.parametrize("origin", ["null", "https://anything.example", "https://ext-a.example\t", "data:"])
def test_only_star_accepts_sandboxed_and_odd_origins_and_its_filter_still_applies(origin):
    ATTEMPTS["star"] += 1
    host, checks = origin_host(f"{TRUSTED} (*, auth.getJwtToken), * (agent.getState)")
    assert send(host, checks, "f1", origin, request("agent.getState"))[-1].message.get("data") is not None
    for name in ("agent.get", "auth.getJwtToken", "system.getAllowedServices"):
        out = send(host, checks, "f1", origin, request(name, ref="2"))
        assert out[-1].message["errorMessage"] == f"The request '{name}' is not allowed for the origin '{origin}'."


# -- filters ----------------------------------------------------------------------------------------------------

KEYWORD_ATTEMPTS = [
    ("agent.*", "agentx.get"), ("agent.*", "agent"), ("agent.*", "agent."), ("agent.*", "media.getMediaList"),
    ("agent.*", "xagent.get"), ("agent.*", "Agent.get"), ("agent.*", "auth.getJwtToken"),
    ("agent.*", "sipEndpoint.muteMicrophone"), ("voice.*", "sipEndpoint.muteMicrophone"),
    ("voice.dial", "voice.dialEx"), ("voice.dialEx", "voice.dial"), ("voice.dial", "voice.dial "),
    ("voice.dial", "Voice.dial"), ("interaction.*", "interactions.getInteractions"),
    ("*", "auth.getJwtToken"), ("auth.*", "auth.getJwtToken"), ("auth.getJwtToken", "auth.getJwtTokens"),
    ("auth.getJwtToken", "auth.getjwttoken"), ("auth.getJwtToken", "auth.getJwtToken\u200b"),
]


@pytest.mark.parametrize(("keyword", "name"), KEYWORD_ATTEMPTS)
def test_a_filter_keyword_never_covers_another_request(keyword, name):
    ATTEMPTS["filter keyword"] += 1
    assert not keyword_matches(keyword, name)


FILTER_ATTEMPTS = [
    # (filter of https://ext-b.example, request it must not get)
    ("agent.*", "media.getMediaList"), ("agent.*", "interaction.getInteractions"), ("agent.*", "voice.dial"),
    ("agent.*", "system.getAllowedServices"), ("agent.*", "auth.getJwtToken"),
    ("agent.*", "sipEndpoint.muteMicrophone"), ("voice.dial", "voice.dialEx"), ("voice.dial", "voice.muteMicrophone"),
    ("voice.*", "sipEndpoint.muteMicrophone"), ("voice.*", "auth.getJwtToken"),
    ("interaction.*", "interaction.getInteractions, voice.dial"), ("*", "auth.getJwtToken"),
    ("auth.*", "auth.getJwtToken"), ("*, auth.*", "auth.getJwtToken"), ("agent.get", "agent.getState"),
]


@pytest.mark.parametrize(("keywords", "name"), FILTER_ATTEMPTS)
def test_a_filtered_origin_gets_nothing_outside_its_filter(keywords, name):
    ATTEMPTS["filter"] += 1
    host, checks = origin_host(f"{TRUSTED} (*, auth.getJwtToken), {FILTERED} ({keywords})")
    out = send(host, checks, "f2", FILTERED, request(name))
    verdict = host.inspector[-1 - len(out)].verdict
    error = out[-1].message["errorMessage"]
    if name in host.known_requests:
        assert verdict == journal.REFUSED_FILTER
        assert error == f"The request '{name}' is not allowed for the origin '{FILTERED}'."
    else:
        assert (verdict, error) == (journal.ERROR, f"Unknown request '{name}'.")
    allowed = send(host, checks, "f2", FILTERED, request("system.getAllowedServices", ref="2"))[-1].message
    assert name not in (allowed.get("data") or [])


@pytest.mark.parametrize("name", ["auth.getJwtToken ", " auth.getJwtToken", "Auth.getJwtToken", "auth.getjwttoken",
                                  "auth.getJwtToken\u0000", "auth.getJwtToken\u200b", "auth.*", "auth.", "*",
                                  "auth.getJwtToken()", "auth.getJwtToken,agent.get", "ａｕｔｈ.getJwtToken"])
def test_the_token_is_never_reached_through_another_spelling(name):
    ATTEMPTS["token spelling"] += 1
    host, checks = origin_host()
    out = send(host, checks, "f1", TRUSTED, request(name))
    assert out[-1].message == {**out[-1].message, "errorMessage": f"Unknown request '{name}'."}


@pytest.mark.parametrize("origins", [f"{TRUSTED}", f"{TRUSTED} (*)", f"{TRUSTED} (auth.*)", f"{TRUSTED} (*, auth.*)",
                                     "*", "* (*)", "* (auth.*)", f"{TRUSTED} (agent.*), * (*)",
                                     f"{FILTERED} (*, auth.getJwtToken), {TRUSTED}"])
def test_get_jwt_token_through_a_wildcard_is_refused(origins):
    ATTEMPTS["token wildcard"] += 1
    host, checks = origin_host(origins)
    out = send(host, checks, "f1", TRUSTED, request("auth.getJwtToken"))
    assert "data" not in out[-1].message
    assert out[-1].message["errorMessage"] == (f"The request 'auth.getJwtToken' is not allowed for the origin "
                                               f"'{TRUSTED}'.")
    listed = send(host, checks, "f1", TRUSTED, request("system.getAllowedServices", ref="2"))[-1].message
    assert "auth.getJwtToken" not in (listed.get("data") or [])


def test_a_frame_id_in_the_message_does_not_borrow_another_frames_rights():
    """f2 (filtered) claims to be f1 (which may get the token): the host names frames from the window."""
    host, checks = origin_host()
    ATTEMPTS["frame id claim"] += 1
    out = send(host, checks, "f2", FILTERED, request("auth.getJwtToken", frameId="f1"))
    assert [f for f, _ in out] == ["f2"] * len(out) and "data" not in out[-1].message


# -- user data keys ---------------------------------------------------------------------------------------------

NFC_KEY = unicodedata.normalize("NFC", "Café")
NFD_KEY = unicodedata.normalize("NFD", "Naïve")
READ = ["Key1", "Key2", NFC_KEY, NFD_KEY]
WRITE = ["Key1", "Key3", NFC_KEY, NFD_KEY]
VARIANTS = [  # (listed key, a key that differs from it)
    ("Key1", "key1"), ("Key1", "KEY1"), ("Key1", "Key1 "), ("Key1", " Key1"), ("Key1", "Key1\t"),
    ("Key1", "Ｋｅｙ1"), ("Key1", "Key１"), ("Key1", "Key1\u200d"), ("Key1", "Key1\u200b"), ("Key1", "Ke\u200cy1"),
    ("Key1", "\ufeffKey1"), ("Key1", "K\u0435y1"), ("Key1", "Key1\u0000"), ("Key1", "Key1*"), ("Key1", "Key"),
    ("Key1", "Key1,Key2"), ("Key1", "*"), ("Key1", "Key\u0399"),
    (NFC_KEY, unicodedata.normalize("NFD", NFC_KEY)), (NFD_KEY, unicodedata.normalize("NFC", NFD_KEY)),
    (NFC_KEY, unicodedata.normalize("NFKD", NFC_KEY)), (NFC_KEY, "CAFÉ"), (NFC_KEY, "café"),
]
WRITE_PATHS = [
    ("interaction.setUserData", lambda cid, key: [cid, {key: "x"}]),
    ("interaction.deleteUserData", lambda cid, key: [cid, key]),
]  # the requests write-allowed governs (amended D8: dial, consult... attach what they are given)


def user_data_host():
    host, clock = make_host(options(**{"service-client-api.user-data.read-allowed": ",".join(READ),
                                       "service-client-api.user-data.write-allowed": ",".join(WRITE)}))
    checks = Invariants(host)
    send(host, checks, "f1", TRUSTED, subscribe(["interaction"]))
    return host, checks


def talking_call(host, user_data):
    host.perform(lambda ctx: host.model.inbound_call(ctx, user_data=user_data))
    call_id = list(host.model.interactions)[-1]
    host.receive("f1", TRUSTED, request("voice.answer", call_id, ref="answer"))
    return call_id


@pytest.mark.parametrize(("path", "parameters"), WRITE_PATHS, ids=[p for p, _ in WRITE_PATHS])
@pytest.mark.parametrize(("listed", "variant"), VARIANTS, ids=[repr(v) for _, v in VARIANTS])
def test_writing_a_key_that_differs_from_a_writable_one_is_refused(listed, variant, path, parameters):
    ATTEMPTS["user-data write"] += 1
    host, checks = user_data_host()
    call_id = talking_call(host, {variant: "seeded"} if path == "interaction.deleteUserData" else {})
    before = hs.snapshot_text(host)
    out = send(host, checks, "f1", TRUSTED, request(path, *parameters(call_id, variant), ref="w"))
    assert out[-1].message["errorMessage"] == f"Writing the user data key '{variant}' is not allowed."
    assert hs.snapshot_text(host) == before
    assert listed in host.config.user_data.write and variant not in host.config.user_data.write


@pytest.mark.parametrize(("listed", "variant"), VARIANTS, ids=[repr(v) for _, v in VARIANTS])
def test_reading_a_key_that_differs_from_a_readable_one_shows_nothing(listed, variant):
    ATTEMPTS["user-data read"] += 1
    host, checks = user_data_host()
    call_id = talking_call(host, {variant: hs.CANARY, listed: "readable"})
    replies = [send(host, checks, "f1", TRUSTED, request(name, *params, ref=str(n)))
               for n, (name, params) in enumerate([("interaction.getInteractions", []),
                                                   ("interaction.getByInteractionId", [call_id]),
                                                   ("interaction.setUserData", [call_id, {"Key3": "written"}]),
                                                   ("interaction.getByInteractionId", [call_id])])]
    shown = [ud for out in replies for _, m in out for _, ud in hs.user_data_objects(m)]
    assert shown and all(variant not in ud and ud.get(listed) == "readable" for ud in shown)
    # send() already checked that the value of the unreadable key never left in any reply or event.


def test_deleting_a_variant_never_deletes_the_listed_key():
    host, checks = user_data_host()
    call_id = talking_call(host, {"Key1": "keep"})
    for variant in ("key1", "KEY1", "Ｋｅｙ1", "Key1\u200d"):
        ATTEMPTS["user-data delete"] += 1
        send(host, checks, "f1", TRUSTED, request("interaction.deleteUserData", call_id, variant, ref=variant))
    assert host.model.interactions[call_id].user_data["Key1"] == "keep"


def test_the_lists_are_exact_strings_in_the_configuration_too():
    config = Config.from_dict({"interaction-workspace": {
        "service-client-api.user-data.read-allowed": f" Key1 , {NFC_KEY}",
        "service-client-api.user-data.write-allowed": "Key1"}})
    assert config.user_data.read == frozenset({"Key1", NFC_KEY})
    with pytest.raises(ConfigError, match="must be alone"):
        Config.from_dict({"interaction-workspace": {"service-client-api.user-data.write-allowed": "Key1, *"}})


def test_zz_report_bypass_attempts(capsys):
    total = sum(ATTEMPTS.values())
    hs.report(capsys, [f"bypass attempts (all refused): {total} "
                       f"({', '.join(f'{k} {v}' for k, v in sorted(ATTEMPTS.items()))})"])
    assert total > 0
