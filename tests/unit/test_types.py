"""The typed API: py/wwe/namespaces.py is what tools/gen_typed_api.py generates from the spec, and every method has
its documented parameters and result type (type checkers: test_type_checkers.py)."""

from pathlib import Path

import wwe
from tests.unit.tools_support import SPEC, load_tool
from wwe import methods, namespaces
from wwe.testing import MemoryTransport


def test_namespaces_module_is_up_to_date():
    expected = load_tool("gen_typed_api").render(SPEC)
    assert Path(namespaces.__file__).read_text(encoding="utf-8") == expected, "run: python tools/gen_typed_api.py"


def test_every_method_has_the_documented_parameters_and_result():
    service = wwe.Service(MemoryTransport(lambda message, origin: []))
    for namespace, table in methods.NAMESPACES.items():
        assert type(getattr(service, namespace)) is namespaces.NAMESPACE_CLASSES[namespace]
        for name, method in table.items():
            annotations = getattr(service, namespace).__class__.__dict__[name].__wrapped__.__annotations__
            assert list(annotations) == [*(p.name for p in method.params), "succeeded", "failed", "timeout", "return"]
            assert annotations["return"] == f"Call[{method.returns}]"


def test_py_typed_marks_the_package():
    assert (Path(wwe.__file__).parent / "py.typed").is_file()
