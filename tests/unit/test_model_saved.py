"""The contact centre's state saved as JSON-ready data and read back (workspace.model.saved): equal, with what its
parts share still shared, and anything else refused with the reason."""
from __future__ import annotations

import json
from typing import Any

import pytest

from workspace import control_panel
from workspace.config import Config
from workspace.host import Host
from workspace.model.saved import BadSavedState, restore, save


def busy_host() -> Host:
    """A host whose centre has calls, a chat, a pushed preview record and the call made from it."""
    host = Host(Config.from_toml(""))
    for name, fields in (("inbound", {"media": "voice"}), ("inbound", {"media": "chat"}),
                         ("push-record", {"campaign": "Renewals"})):
        assert control_panel.run(host, name, fields)[1] is None
    preview = next(i for i in host.model.interactions.values() if i.chain is not None)
    assert control_panel.run(host, "accept", {"id": preview.interaction_id})[1] is None
    assert control_panel.run(host, "call-record", {"id": preview.interaction_id,
                                                   "arg": str(preview.chain.handles[0])})[1] is None
    return host


def test_a_saved_centre_reads_back_equal_through_json_with_its_shared_parts_shared():
    state = busy_host().model.state
    data = save(state)
    back = restore(json.loads(json.dumps(data)))
    assert save(back) == data and back == state and back is not state
    preview, call = (i for i in back.interactions.values() if i.chain is not None)
    assert preview.chain is call.chain                          # one record chain, as the model compares it (is)
    media = list(back.agent.media.values())
    assert all(state is media[0] for state in media) and media[0] is back.agent.current   # agent.aggregate's is
    assert back.interactions.ids.interactions == state.interactions.ids.interactions == 4


@pytest.mark.parametrize("data, reason", [
    ([], "not a saved value"),
    ({"id": 0, "object": "Exploit", "fields": {}}, "unknown object 'Exploit'"),
    ({"id": 0, "object": ["CentreState"], "fields": {}}, "unknown object"),
    ({"id": 0, "object": "Toast", "fields": {"toast_id": "t"}}, "a Toast must have the fields"),
    ({"id": 0, "dict": {"a": {"ref": 7}}}, "a reference to nothing saved before"),
    ({"id": 0, "dict": {"a": {"ref": [7]}}}, "a reference to nothing saved before"),
    ({"id": 0, "dict": {"a": {"enum": "Media", "value": "fax"}}}, "'fax' is not a valid Media"),
    ({"id": 0, "dict": {"a": {"enum": {}, "value": "x"}}}, "unknown enum"),
    ({"id": 0, "list": [{"id": 0, "list": []}]}, "'id' must be a new number"),
    ({"id": 0, "dict": {}}, "not a saved CentreState: dict"),
])
def test_anything_else_is_refused_saying_why(data: Any, reason: str):
    with pytest.raises(BadSavedState, match=reason):
        restore(data)


def test_a_part_of_a_kind_it_does_not_know_is_not_saved():
    state = busy_host().model.state
    state.options["odd"] = {1, 2}
    with pytest.raises(TypeError, match="cannot save a set"):
        save(state)
