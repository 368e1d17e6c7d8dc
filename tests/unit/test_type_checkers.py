"""mypy --strict passes on py/wwe, mypy on the build (tools/build); mypy and pyright see the typed API's result types and report wrong calls.

Not run inside Pyodide (tests/test_pyodide_core.py): the checkers are subprocesses.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYRIGHT = ROOT / "node_modules" / ".bin" / "pyright"  # an npm devDependency: `npm ci` (build.py test) installs it

SNIPPET = '''\
import wwe
from wwe.types import InteractionEvent


async def main(service: wwe.Service, interaction_id: str) -> None:
    agent = await service.agent.get()
    reveal_type(agent)
    reveal_type(await service.interaction.getInteractions())
    reveal_type(await service.interaction.getByInteractionId(interaction_id))
    reveal_type(await service.system.amIVisible())
    reveal_type(service.voice.dial("5001", {}))
    service.subscribe(["interaction"], on_interaction)
    service.voice.dial(123)
    service.voice.dail("5001", {})
    service.interaction.setUserData(interaction_id, {"k": "v"}, succeeded=print, timeout=2)


def on_interaction(message: InteractionEvent) -> None:
    reveal_type(message["data"].get("interaction"))
'''
"""Lines 7-11 and 19 reveal types; line 13 passes a number and omits userData; line 14 calls an unknown method."""



@pytest.fixture(scope="module")
def snippet(tmp_path_factory):
    folder = tmp_path_factory.mktemp("typed")
    (folder / "snippet.py").write_text(SNIPPET, encoding="utf-8")
    (folder / "pyrightconfig.json").write_text(json.dumps({"extraPaths": [str(ROOT / "py")]}), encoding="utf-8")
    return folder


def mypy(*args, cwd=ROOT, env=None, strict=True):
    command = [sys.executable, "-m", "mypy", *(["--strict"] if strict else []), "--cache-dir",
               str(ROOT / ".cache" / "mypy"), *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)


def test_mypy_strict_passes_on_the_library():
    result = mypy("py/wwe")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_passes_on_the_build():
    result = mypy("tools/build", env={"MYPYPATH": str(ROOT / "py"), "PATH": "/usr/bin:/bin"}, strict=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_sees_the_result_types_and_reports_wrong_calls(snippet):
    result = mypy("snippet.py", cwd=snippet, env={"MYPYPATH": str(ROOT / "py"), "PATH": "/usr/bin:/bin"})
    found = {(int(line), text) for line, text in re.findall(r"^snippet\.py:(\d+): (?:error|note): (.*)$",
                                                            result.stdout, re.M)}
    revealed = {line: text for line, text in found if text.startswith("Revealed type is ")}
    assert revealed[7].startswith('Revealed type is "TypedDict(wwe.types.Agent, {'), result.stdout
    assert revealed[8].startswith('Revealed type is "list[TypedDict(wwe.types.Interaction, {'), result.stdout
    assert revealed[9].endswith('}) | None"'), result.stdout
    assert revealed[10] == 'Revealed type is "bool"' and revealed[11] == 'Revealed type is "wwe.calls.Call[Any]"'
    assert revealed[19].startswith('Revealed type is "TypedDict(wwe.types.Interaction, {'), result.stdout
    assert revealed[19].endswith('}) | None"'), result.stdout
    errors = {(line, text) for line, text in found if line not in revealed}
    assert {line for line, _ in errors} == {13, 14}, result.stdout
    assert (14, '"VoiceNamespace" has no attribute "dail"  [attr-defined]') in errors
    assert {text.split("  [")[1] for line, text in errors if line == 13} == {"arg-type]", "call-arg]"}, result.stdout


def test_pyright_sees_the_result_types_and_reports_wrong_calls(snippet):
    assert PYRIGHT.exists(), "pyright is an npm devDependency: run npm ci"
    result = subprocess.run([str(PYRIGHT), "--outputjson", "snippet.py"], cwd=snippet, capture_output=True, text=True)
    found = {(d["range"]["start"]["line"] + 1, d["severity"], d["message"])
             for d in json.loads(result.stdout)["generalDiagnostics"]}
    assert {
        (7, "information", 'Type of "agent" is "Agent"'),
        (8, "information", 'Type of "await service.interaction.getInteractions()" is "list[Interaction]"'),
        (9, "information",
         'Type of "await service.interaction.getByInteractionId(interaction_id)" is "Interaction | None"'),
        (10, "information", 'Type of "await service.system.amIVisible()" is "bool"'),
        (19, "information", 'Type of "message["data"].get("interaction")" is "Interaction | None"'),
    } <= found, found
    errors = {line: message for line, severity, message in found if severity == "error"}
    assert set(errors) == {13, 14}, found
    assert "dail" in errors[14], errors
