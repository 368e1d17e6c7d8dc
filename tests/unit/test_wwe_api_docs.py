"""docs/API.md and docs/EVENTS.md are what tools/gen_api_docs.py generates from the spec; API.md's examples are
valid calls and the event payload TypedDicts have the spec's fields."""

import wwe
import wwe.types
from tests.unit.tools_support import ROOT, SPEC, load_tool
from wwe.testing import MemoryTransport


def load_generator():
    return load_tool("gen_api_docs")


def test_api_md_is_up_to_date():
    generator = load_generator()
    expected = generator.render(SPEC)
    assert (ROOT / "docs" / "API.md").read_text(encoding="utf-8") == expected, "run: python tools/gen_api_docs.py"


def test_events_md_is_up_to_date():
    generator = load_generator()
    expected = generator.render_events(SPEC)
    assert (ROOT / "docs" / "EVENTS.md").read_text(encoding="utf-8") == expected, "run: python tools/gen_api_docs.py"


def test_event_payload_types_have_the_fields_the_spec_shows():
    generator = load_generator()
    events = SPEC["events"]
    for name, (key, message_type) in generator.EVENT_NAMES.items():
        data_type = generator.EVENT_DATA[name]
        assert set(data_type.__annotations__) == set(generator.event_fields(events[key])), name
        assert getattr(wwe.types, message_type).__args__ == (data_type,)
    assert set(generator.EVENT_NAMES) | set(generator.TEXT_ONLY) == {
        name.split(" ")[0] for name in events["subscription_names_seen"]}


def test_every_example_is_a_valid_call():
    examples = load_generator().EXAMPLES
    assert set(examples) == {f"{ns}.{m}" for ns, table in wwe.NAMESPACES.items() for m in table}
    transport = MemoryTransport(lambda message, origin: [])
    service = wwe.Service(transport)
    for request, args in examples.items():
        namespace, name = request.split(".")
        getattr(getattr(service, namespace), name)(*args)
        sent = transport.sent[-1]  # the examples give every wire parameter; none: no parameters key
        assert sent.get("parameters", []) == args and ("parameters" in sent) == bool(args)
