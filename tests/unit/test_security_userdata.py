"""User-data read filtering of everything sent and all-or-nothing writes (decision D8)."""
from __future__ import annotations

import pytest

from tests.unit.test_host_protocol import Client, make_host
from workspace.userdata import UserDataPolicy, write_refusal_message

READ = frozenset({"Key1", "Key2", "Key3"})
WRITE = frozenset({"Key1", "Key3"})
POLICY = UserDataPolicy(read=READ, write=WRITE)
OPTIONS = {"service-client-api.user-data.read-allowed": "Key1,Key2,Key3",
           "service-client-api.user-data.write-allowed": "Key1,Key3"}


@pytest.mark.parametrize(("data", "expected"), [
    ({"userData": {"Key1": 1, "Key4": 4}}, {"userData": {"Key1": 1}}),
    ({"interaction": {"userData": {"Key2": "x", "IW_CaseUid": "c"}}}, {"interaction": {"userData": {"Key2": "x"}}}),
    ([{"userData": {"Key4": 1}}, {"userData": {"Key3": {"nested": {"Key4": 4}}}}],
     [{"userData": {}}, {"userData": {"Key3": {"nested": {"Key4": 4}}}}]),
    ({"records": [{"chainedRecords": [{"userData": {"Key1": "a", "GSW_X": "b"}}]}]},
     {"records": [{"chainedRecords": [{"userData": {"Key1": "a"}}]}]}),
    ({"userData": None}, {"userData": None}),
    ({"userData": "Key4"}, {"userData": "Key4"}),
    ({"Key4": "not user data"}, {"Key4": "not user data"}),
    ("text", "text"),
    (7, 7),
    (None, None),
])
def test_read_filter_reaches_every_user_data_object(data, expected):
    assert POLICY.filter(data) == expected


def test_filter_copies_and_never_mutates():
    user_data = {"Key1": [1, 2], "Key4": "x"}
    data = {"interaction": {"userData": user_data}}
    filtered = POLICY.filter(data)
    filtered["interaction"]["userData"]["Key1"].append(3)
    assert user_data == {"Key1": [1, 2], "Key4": "x"}
    assert UserDataPolicy().filter(data) == data and UserDataPolicy().filter(data) is not data


@pytest.mark.parametrize(("request_name", "parameters", "refused"), [
    ("interaction.setUserData", ["1", {"Key1": "a", "Key3": "b"}], []),
    ("interaction.setUserData", ["1", {"Key1": "a", "Key2": "b", "Key9": "c"}], ["Key2", "Key9"]),
    ("interaction.setUserData", ["1", {}], []),
    ("interaction.setUserData", ["1", "Key9"], []),
    ("interaction.deleteUserData", ["1", {"Key9": 1}], ["Key9"]),
    ("interaction.setUserData", ["1"], []),
    ("interaction.deleteUserData", ["1", "Key1"], []),
    ("interaction.deleteUserData", ["1", "Key2"], ["Key2"]),
    ("interaction.deleteUserData", ["1", ["Key1", "Key2"]], ["Key2"]),
    # amended D8: write-allowed governs setUserData/deleteUserData only; other requests attach what they are given
    ("voice.dial", ["5002", {"Key2": "x"}], []),
    ("voice.dial", ["5002", None], []),
    ("voice.dialEx", ["5002", {"Key9": "x"}, {}], []),
    ("email.create", ["a@b.c", {"Key4": "x"}], []),
    ("interaction.consult", ["1", "5002", {"Key4": "x"}, {}], []),
    ("interaction.singleStepTransfer", ["1", "5002", {"Key2": "x"}, {}], []),
    ("interaction.singleStepConference", ["1", "5002", {"Key3": "x"}, {}], []),
    ("interaction.getInteractions", [], []),
    ("agent.setState", ["Key9"], []),
])
def test_written_keys_are_checked_against_write_allowed(request_name, parameters, refused):
    assert POLICY.refused_writes(request_name, parameters) == refused
    assert UserDataPolicy().refused_writes(request_name, parameters) == []


def test_write_refusal_message():
    assert write_refusal_message(["Key2"]) == "Writing the user data key 'Key2' is not allowed."
    assert write_refusal_message(["Key2", "Key9"]) == "Writing the user data keys 'Key2', 'Key9' is not allowed."


# -- through the host ---------------------------------------------------------------------------------------------

def test_replies_are_read_filtered():
    host, _, _ = make_host(OPTIONS)
    client = Client(host)
    assert client.call("interaction.getInteractions")["data"] == [
        {"interactionId": "1", "state": "TALKING", "userData": {"Key1": "v1", "Key2": "v2"}}]
    assert client.call("interaction.getByInteractionId", "1")["data"]["userData"] == {"Key1": "v1", "Key2": "v2"}


def test_events_are_read_filtered():
    host, model, _ = make_host(OPTIONS)
    client = Client(host)
    client.subscribe("interaction")
    out = client.request("interaction.setUserData", "1", {"Key3": "v3"})
    assert out[1].message["data"]["interaction"]["userData"] == {"Key1": "v1", "Key2": "v2", "Key3": "v3"}
    assert model.user_data["Secret"] == "s"


def test_messenger_payloads_are_not_filtered():
    host, _, _ = make_host(OPTIONS)
    client = Client(host)
    client.subscribe("messenger:crm")
    out = client.request("messenger.broadcastMessage", "crm", {"userData": {"Anything": 1}})
    assert out[1].message["data"] == {"userData": {"Anything": 1}}


def test_a_write_with_one_refused_key_fails_as_a_whole():
    host, model, _ = make_host(OPTIONS)
    client = Client(host)
    reply = client.call("interaction.setUserData", "1", {"Key1": "new", "Key2": "new"})
    assert reply["errorMessage"] == "Writing the user data key 'Key2' is not allowed."
    assert model.user_data == {"Key1": "v1", "Key2": "v2", "Secret": "s"}
    assert not any(name == "interaction.setUserData" for name, _ in model.calls)
    assert "data" in client.call("interaction.setUserData", "1", {"Key1": "new", "Key3": "new"})
    assert model.user_data["Key1"] == "new"


def test_unset_lists_mean_no_restriction():
    host, model, _ = make_host()
    client = Client(host)
    assert client.call("interaction.getInteractions")["data"][0]["userData"] == model.user_data
    assert "data" in client.call("interaction.setUserData", "1", {"Anything": "x"})


def test_star_means_all_keys():
    host, model, _ = make_host({"service-client-api.user-data.read-allowed": "*",
                                "service-client-api.user-data.write-allowed": "*"})
    client = Client(host)
    assert client.call("interaction.getInteractions")["data"][0]["userData"] == model.user_data
    assert "data" in client.call("interaction.deleteUserData", "1", "Secret")


# -- amended D8 on the real contact centre -------------------------------------------------------------------------

ATTACHING = [  # request, its parameters given an interaction id and the attached data (SPEC-NOTES §11.1)
    ("voice.dial", lambda cid, data: ["5002", data]),
    ("voice.dialEx", lambda cid, data: ["5002", data, None]),
    ("email.create", lambda cid, data: ["kate.smith@example.com", data]),
    ("interaction.consult", lambda cid, data: [cid, "5002", data, None]),
    ("interaction.singleStepTransfer", lambda cid, data: [cid, "5002", data, None]),
    ("interaction.singleStepConference", lambda cid, data: [cid, "5002", data, None]),
]


@pytest.mark.parametrize(("request_name", "parameters"), ATTACHING, ids=[name for name, _ in ATTACHING])
def test_requests_that_attach_data_ignore_write_allowed_and_reads_stay_filtered(request_name, parameters):
    """A real page dials with {CRMCaseId: ...} although write-allowed does not list it: the data is attached; what
    is read back is still limited to read-allowed."""
    from workspace.config import Config
    from workspace.host import Host

    host = Host(Config.from_dict({"interaction-workspace": {
        "service-client-api.accepted-web-content-origins": "https://ext.example",
        "service-client-api.user-data.read-allowed": "CRMCaseId,Key1",
        "service-client-api.user-data.write-allowed": "Key1"}}))
    client = Client(host, origin="https://ext.example", name="Extension")
    ids = []
    host.perform(lambda ctx: ids.append(host.model.inbound_call(ctx)))
    cid = ids[0]
    assert "data" in client.call("voice.answer", cid)
    before = {i["interactionId"] for i in client.call("interaction.getInteractions")["data"]}
    reply = client.call(request_name, *parameters(cid, {"CRMCaseId": "CASE-42", "Hidden": "h"}))
    assert "data" in reply, reply
    model = host.model
    attached = [i for i in model.interactions.values() if i.user_data.get("CRMCaseId") == "CASE-42"]
    assert attached and all(i.user_data["Hidden"] == "h" for i in attached)
    shown = [i for i in client.call("interaction.getInteractions")["data"] if i["interactionId"] not in before]
    if request_name in ("voice.dial", "voice.dialEx", "email.create", "interaction.consult"):
        assert shown and all(i["userData"].get("CRMCaseId") == "CASE-42" and "Hidden" not in i["userData"]
                             for i in shown)
