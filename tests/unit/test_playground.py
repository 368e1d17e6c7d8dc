"""The playground's sans-I/O core: the examples, the cell runner, the console, the editor keys, the rendering.

Every example of the menu also runs here against the real host (the simulator in-process, with the playground's
scenario): each ends with a result or a refused request's reply, never an exception.
"""
from __future__ import annotations

import ast
import asyncio
import json
import sys
from pathlib import Path

import pytest

import wwe
from playground import editor
from playground.console import Console, Stream
from playground.examples import EXAMPLES, SUBSCRIBE, arguments, examples
from playground.render import Renderer, groups
from playground.runner import AWAITABLE_HINT, run
from workspace import Config
from workspace.testing import Simulator, settle

ROOT = Path(__file__).resolve().parents[2]
SPEC = json.loads((ROOT / "spec" / "scapi-spec.json").read_text(encoding="utf-8"))
SCENARIO = ROOT / "scenario" / "playground.toml"
HOSTILE = '<img src=x onerror="window.top.__pwned=1"></pre><script>alert(1)</script>{{7*7}}'


def spec_methods() -> list[str]:
    return [f"{ns}.{name}" for ns, section in SPEC["namespaces"].items() if ns in wwe.NAMESPACES
            for name in section["methods"]]


def cell(source: str, namespace: dict | None = None):
    return asyncio.run(run(source, {} if namespace is None else namespace, "<cell 1>"))


# --- examples ---------------------------------------------------------------------------------------------------

def test_one_example_per_method_of_the_spec_in_its_order_then_subscribe():
    keys = [example.key for example in examples()]
    assert keys == [*spec_methods(), "subscribe"]
    assert len(keys) == 76


def test_examples_are_grouped_by_namespace_in_the_spec_order():
    found = groups(examples())
    assert [group for group, _ in found] == [*wwe.NAMESPACES, "subscriptions"]
    assert sum(len(items) for _, items in found) == 76


@pytest.mark.parametrize("example", examples(), ids=lambda e: e.key)
def test_each_example_compiles_and_ends_with_its_call(example):
    compile(example.code, example.key, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    last = example.code.strip().splitlines()[-1]
    assert last.startswith(f"await service.{example.key}(" if example.key != "subscribe" else "await subscription")


def test_examples_use_the_table_that_docs_api_md_shows():
    from .test_wwe_api_docs import load_generator

    assert load_generator().EXAMPLES is EXAMPLES
    by_key = {example.key: example.code for example in examples()}
    assert 'await service.agent.setState("Ready")' in by_key["agent.setState"]
    assert 'await service.agent.setState("Ready")' in (ROOT / "docs" / "API.md").read_text(encoding="utf-8")


def test_examples_find_the_ids_they_need_and_say_what_they_need():
    by_key = {example.key: example.code for example in examples()}
    assert "interaction.getInteractions()" in by_key["voice.hold"]
    assert "await service.voice.hold(interaction_id)" in by_key["voice.hold"]
    assert "Needs a call" in by_key["voice.hold"]
    assert "Needs an outbound record" in by_key["outbound.getRecordFields"]
    assert 'record_handle = found[-1]["chainedRecords"][0]["GSW_RECORD_HANDLE"]' in by_key["outbound.callPreviewRecord"]
    assert "toast_id = await service.system.popupToast(" in by_key["system.closeToast"]
    assert "await service.system.closeDialog(dialog_id)" in by_key["system.closeDialog"]
    assert "interaction.getInteractions" not in by_key["agent.get"]
    # the dialog page is served with the playground; the reference's URL would leave the machine
    assert arguments("system.openDialog")[0] == "playground-dialog.html"
    assert EXAMPLES["system.openDialog"][0].startswith("https://")


def test_subscribe_example_prints_events():
    assert 'service.subscribe(["agent", "interaction"' in SUBSCRIBE and ", print)" in SUBSCRIBE


# --- every example against the simulator ------------------------------------------------------------------------

def run_examples(prepare) -> dict[str, tuple[str, str]]:
    """Run every example in menu order in one namespace, as a person clicking down the menu; key -> outcome."""
    async def main():
        simulator = Simulator(Config.load(SCENARIO))
        namespace = {"service": simulator.connect(timeout=5)}
        prepare(simulator)
        outcomes = {}
        for example in examples():
            task = asyncio.ensure_future(run(example.code, namespace, f"<{example.key}>"))
            while not task.done():
                await settle()
                simulator.advance(0.5)
            outcomes[example.key] = task.result()
        return outcomes

    printed = []
    stdout, sys.stdout = sys.stdout, Stream("output", lambda kind, text: printed.append(text))
    try:
        return asyncio.run(main())
    finally:
        sys.stdout = stdout


def test_every_example_runs_with_calls_in_progress():
    def calls(simulator):
        simulator.perform(lambda model, ctx: model.inbound_call(ctx, "+15551234567"))
        simulator.perform(lambda model, ctx: model.inbound_call(ctx, "+15557654321"))

    outcomes = run_examples(calls)
    assert {key: o for key, o in outcomes.items() if o.kind not in ("value", "none", "failure")} == {}
    succeeded = [key for key, o in outcomes.items() if o.kind != "failure"]
    assert len(succeeded) >= 50, {key: o.text for key, o in outcomes.items() if o.kind == "failure"}
    assert "Request timeout" not in "".join(o.text for o in outcomes.values())
    assert outcomes["agent.get"].kind == "value" and "ada.lovelace" in outcomes["agent.get"].text
    assert outcomes["system.closeDialog"].text == "True"
    assert outcomes["auth.getJwtToken"].kind == "value"


def test_every_example_runs_with_no_interaction_and_says_why_it_failed():
    outcomes = run_examples(lambda simulator: None)
    assert {key: o for key, o in outcomes.items() if o.kind not in ("value", "none", "failure")} == {}
    first = outcomes["configuration.getContextualOption"]  # the first example needing an interaction
    assert first.kind == "failure" and "Interaction not found" in first.text


WALKTHROUGHS = {
    "inbound call": (True, ["voice.answer", "voice.hold", "voice.resume", "voice.startCallRecording",
                            "voice.pauseCallRecording", "voice.resumeCallRecording", "voice.stopCallRecording",
                            "voice.hangUp", "interaction.markdone"]),
    "outbound preview": (False, ["outbound.getCampaigns", "outbound.getPreviewRecord", "outbound.getRecordFields",
                                 "outbound.updateRecordFields", "outbound.callPreviewRecord",
                                 "outbound.getListOfCallResults", "outbound.setCallResult", "outbound.getCallResult",
                                 "outbound.setDoNotCall", "voice.hangUp", "interaction.markdone"]),
}


@pytest.mark.parametrize("name", WALKTHROUGHS)
def test_examples_in_the_order_a_person_uses_them_all_succeed(name):
    """What an example says it needs is enough: each finds the interaction (and record) the one before made."""
    inbound_call, steps = WALKTHROUGHS[name]
    by_key = {example.key: example.code for example in examples()}

    async def main():
        simulator = Simulator(Config.load(SCENARIO))
        namespace = {"service": simulator.connect()}
        if inbound_call:
            simulator.perform(lambda model, ctx: model.inbound_call(ctx, "+15551234567"))
        outcomes = []
        for key in steps:
            task = asyncio.ensure_future(run(by_key[key], namespace))
            await settle()
            outcome = await task
            outcomes.append((key, outcome.kind if outcome.kind != "value" else "none"))
        return outcomes, await namespace["service"].interaction.getInteractions()

    outcomes, left = asyncio.run(main())
    assert outcomes == [(key, "none") for key in steps]
    assert left == []


# --- the runner -------------------------------------------------------------------------------------------------

def test_top_level_await_and_the_last_expression_is_the_result():
    outcome = cell("import asyncio\nawait asyncio.sleep(0)\nx = 6\nawait asyncio.sleep(0, x * 7)")
    assert outcome == ("value", "42")


def test_results_are_pretty_printed_in_the_order_received():
    outcome = cell("{'zeta': 1, 'alpha': [" + ", ".join(f"'item {n}'" for n in range(20)) + "]}")
    assert outcome.text.startswith("{'zeta': 1,\n 'alpha': ['item 0',")


def test_no_result_for_statements_or_none():
    assert cell("x = 1") == ("none", "")
    assert cell("None") == ("none", "")
    assert cell("") == ("none", "")


def test_namespace_is_kept_between_cells():
    namespace = {}
    cell("total = 40", namespace)
    assert cell("total + 2", namespace).text == "42"


def test_an_awaitable_not_awaited_says_so():
    outcome = cell("import asyncio\nasyncio.get_running_loop().create_future()")
    assert outcome.kind == "value" and outcome.text.endswith(AWAITABLE_HINT)


def test_exception_shows_the_cells_traceback_as_text():
    outcome = cell("def f():\n    return 1 / 0\n\nf()")
    assert outcome.kind == "exception"
    assert outcome.text.startswith("Traceback (most recent call last):\n")
    assert 'File "<cell 1>", line 4' in outcome.text and "return 1 / 0" in outcome.text
    assert outcome.text.rstrip().endswith("ZeroDivisionError: division by zero")
    assert "runner.py" not in outcome.text


def test_syntax_error_and_system_exit_are_shown_not_raised():
    syntax = cell("def broken(:\n    pass")
    assert syntax.kind == "exception" and "SyntaxError" in syntax.text and "<cell 1>" in syntax.text
    assert cell("raise SystemExit(3)").kind == "exception"


def test_refused_request_is_a_failure_with_its_reply():
    async def main():
        simulator = Simulator(Config.load(SCENARIO))
        namespace = {"service": simulator.connect()}
        task = asyncio.ensure_future(run('await service.voice.answer("nope")', namespace))
        await settle()
        return await task

    outcome = asyncio.run(main())
    assert outcome.kind == "failure"
    assert outcome.text.startswith("Request failed: voice.answer: ")
    assert "\n 'errorMessage': 'Error: Interaction not found.'," in outcome.text


# --- console ----------------------------------------------------------------------------------------------------

def test_printed_text_joins_the_newest_entry_of_its_stream():
    console = Console()
    first = console.write("output", "a\n")
    second = console.write("output", "b\n")
    assert first.new and not second.new and second.entry.text == "a\nb\n"
    assert console.write("error", "oops\n").new
    assert console.write("output", "c\n").new


def test_console_is_bounded_oldest_first():
    console = Console(limit=3, chunk=10)
    updates = [console.add("input", str(n)) for n in range(5)]
    assert [e.text for e in console.entries] == ["2", "3", "4"]
    assert updates[3].dropped == [1] and updates[4].dropped == [2]
    console.write("output", "x" * 10)
    assert console.write("output", "y").new  # a full stream entry is not grown further


def test_cell_entry_says_how_it_ended():
    console = Console()
    entry = console.add("input", "1/0").entry
    assert entry.label == "running"
    console.finish(entry, "exception")
    assert entry.label == "error"
    assert Console().add("output", "x").entry.label == ""


def test_stream_hands_writes_to_the_console():
    got = []
    stream = Stream("output", lambda kind, text: got.append((kind, text)))
    print("hello", 1, file=stream)
    assert {kind for kind, _ in got} == {"output"} and "".join(text for _, text in got) == "hello 1\n"


# --- rendering --------------------------------------------------------------------------------------------------

def test_hostile_text_is_escaped_in_every_entry_kind():
    console = Console()
    renderer = Renderer(ROOT / "templates")
    for kind in ("input", "output", "error", "value", "failure", "exception"):
        html = renderer.entry(console.add(kind, HOSTILE).entry)
        assert "<img" not in html and "<script" not in html and "</pre><" not in html
        assert "&lt;img src=x" in html and "{{7*7}}" in html


def test_examples_menu_has_an_option_per_example_in_groups():
    html = Renderer(ROOT / "templates").examples(examples())
    assert html.count("<option value=\"") == 77  # the prompt and 76 examples
    assert html.count("<optgroup") == len(wwe.NAMESPACES) + 1
    assert '<option value="voice.dialEx">voice.dialEx</option>' in html


# --- editor keys ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("key", "modifiers", "expected"), [
    ("Enter", {"shift": True}, "run"),
    ("Enter", {"ctrl": True}, "run"),
    ("Enter", {}, "newline"),
    ("Tab", {}, "indent"),
    ("Tab", {"shift": True}, "dedent"),
    ("Tab", {"tab_leaves": True}, None),
    ("a", {}, None),
])
def test_key_commands(key, modifiers, expected):
    assert editor.command(key, **modifiers) == expected


def apply(edit: editor.Edit, text: str) -> str:
    return text[:edit.start] + edit.insert + text[edit.end:]


def test_tab_inserts_spaces_or_indents_the_selected_lines():
    assert editor.indent("x", 0, 0) == editor.Edit(0, 0, "    ", (4, 4))
    text = "a\nb\nc"
    edit = editor.indent(text, 0, 3)  # a and b
    assert apply(edit, text) == "    a\n    b\nc"


def test_shift_tab_dedents():
    text = "    a\n  b\nc"
    assert apply(editor.dedent(text, 0, len(text)), text) == "a\nb\nc"
    edit = editor.dedent(text, 6, 6)  # the cursor on line b
    assert apply(edit, text) == "    a\nb\nc" and edit.selection == (6, 6)


def test_enter_keeps_the_indentation_and_adds_a_level_after_a_colon():
    text = "for x in y:"
    assert apply(editor.newline(text, len(text), len(text)), text) == "for x in y:\n    "
    text = "    x = 1"
    assert apply(editor.newline(text, len(text), len(text)), text) == "    x = 1\n    "


def test_the_setuserdata_example_shows_the_workspaces_refusal_of_a_key():
    """The playground's scenario leaves REFUSED_KEY out of its write list: the example is refused by the host
    (not by the client), with the documented reply; without that key the same write succeeds."""
    from playground.examples import REFUSED_KEY

    code = next(example.code for example in examples() if example.key == "interaction.setUserData")
    assert f'"{REFUSED_KEY}": "10000"' in code and "write-allowed" in code

    async def main():
        simulator = Simulator(Config.load(SCENARIO))
        namespace = {"service": simulator.connect()}
        simulator.perform(lambda model, ctx: model.inbound_call(ctx, "+15551234567"))
        outcomes = []
        for source in (code, code.replace(f', "{REFUSED_KEY}": "10000"', "")):
            task = asyncio.ensure_future(run(source, namespace))
            await settle()
            outcomes.append(await task)
        return outcomes, simulator.session.host.inspector

    (refused, written), inspector = asyncio.run(main())
    verdicts = [(e.verdict, e.note) for e in inspector if e.direction == "in" and "setUserData" in str(e.message)]
    assert verdicts[0] == ("error", f"Writing the user data key '{REFUSED_KEY}' is not allowed.")  # in the inspector
    assert refused.kind == "failure" and REFUSED_KEY in refused.text and "'errorMessage': " in refused.text
    assert written.kind == "none"
