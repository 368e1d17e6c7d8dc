"""Fuzz: no incoming message, however odd, makes receive() raise; every reply has the D1 shape."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests import suite_counts
from tests.unit.test_host_protocol import ALL_REQUESTS, EXTENSION, make_host
from workspace.host import journal

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
names = st.sampled_from([*ALL_REQUESTS, "subscribe", "unsubscribe", "agent", "messenger:x", ""]) | st.text(max_size=12)
protocol_like = st.fixed_dictionaries({}, optional={
    "request": names | json_values,
    "event": names | json_values,
    "parameters": st.lists(json_values, max_size=5) | json_values,
    "data": names | st.lists(names, max_size=3) | json_values,
    "referenceId": st.text(max_size=4) | json_values,
    "userAgent": st.just("WWE Client") | json_values,
    "protocolVersion": st.just(2) | json_values,
    "frameId": st.just("f1") | json_values,
})
messages = protocol_like | json_values
origins = (st.sampled_from([EXTENSION, "http://evil.example", "null", "", "HTTP://LOCALHOST:8001"])
           | st.text(max_size=20))
frames = st.sampled_from(["f1", "f2", None]) | st.text(max_size=3)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(frames, origins, messages), min_size=1, max_size=8))
def test_receive_never_raises(batch):
    host, _, _ = make_host({"service-client-api.rate-limit": 3, "service-client-api.user-data.read-allowed": "Key1",
                            "service-client-api.user-data.write-allowed": "Key1"})
    host.attach_frame("f1", EXTENSION, "Dashboard")
    host.attach_frame("f2", "http://evil.example", "Other")
    for frame_id, origin, message in batch:
        suite_counts.TRIED[suite_counts.HOSTILE] += 1
        out = host.receive(frame_id, origin, message)
        for target, sent in out:
            assert target in ("f1", "f2")
            assert sent["userAgent"] == "WWE Server" and sent["protocolVersion"] == 2
            if "referenceId" in sent:
                assert isinstance(sent["referenceId"], str)
                assert ("data" in sent) != ("errorMessage" in sent)
                assert "request" in sent
        assert host.inspector[-1 - len(out)].direction == "in"
        assert host.inspector[-1 - len(out)].verdict in {
            journal.ANSWERED, journal.ERROR, journal.REFUSED_ORIGIN, journal.REFUSED_FILTER,
            journal.RATE_LIMITED, journal.QUARANTINED, journal.MALFORMED, journal.UNKNOWN_FRAME}
