"""The editor's verdict is validate's: the real yaml-language-server (as VS Code's YAML
extension runs it) and check-jsonschema flag the same lines as ``forankring validate`` in
case files with typical mistakes, and the help a person sees while typing (hover,
completion) is there, also in a file just made by ``forankring new``.

The server is installed by ``.ci/run`` (npm, into tools/yaml-language-server); without Node
or the server the tests that need it are skipped with the reason."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from forankring_docs.case.schema import SCHEMA_FILE_NAME
from forankring_docs.case.starter import write_new_case
from forankring_docs.case.validation import load_case
from forankring_docs.diagnostics import CaseError, Diagnostic
from tests.editor.yaml_server import REPO, YamlServer, missing_reason

CASES = Path(__file__).parent / "cases"
SCHEMA = REPO / "schema" / SCHEMA_FILE_NAME
# What JSON Schema cannot say: a YAML 1.2 reader makes 3.0 the number 3, an integer to
# every JSON Schema validator; validate reads the text as written and refuses it.
NOT_EXPRESSIBLE = {"score-3-0"}


def case_files() -> list[Path]:
    return sorted(CASES.glob("*.yaml"))


def validate_diagnostics(path: Path) -> list[Diagnostic]:
    try:
        load_case(path)
    except CaseError as exc:
        return exc.diagnostics
    return []


def validate_lines(path: Path) -> set[int]:
    """The lines ``forankring validate`` flags (1-based)."""
    return {d.line for d in validate_diagnostics(path)}


def covers(ranges: list[tuple[int, int]], line: int) -> bool:
    return any(first <= line <= last for first, last in ranges)


def assert_same_lines(name: str, tool: str, ranges: list[tuple[int, int]], lines: set[int]) -> None:
    """Each line validate flags is in a range the tool flags, and each range holds one: an
    editor underlines the whole range (for a list: its items), validate names one line."""
    assert all(covers(ranges, line) for line in lines), f"{name}: {tool} misses {lines}"
    assert all(any(a <= line <= b for line in lines) for a, b in ranges), (
        f"{name}: {tool} flags {ranges}, validate {sorted(lines)}"
    )


def test_every_broken_file_has_its_mistake_and_the_valid_one_none() -> None:
    files = case_files()
    assert len(files) >= 9
    for path in files:
        lines = validate_lines(path)
        if path.stem == "gyldig":
            assert lines == set(), path.name
        else:
            assert len(lines) == 1, f"{path.name}: one mistake per file, got {lines}"
        assert path.read_text(encoding="utf-8").startswith(
            f"# yaml-language-server: $schema=../../../schema/{SCHEMA_FILE_NAME}\n"
        )


# ------------------------------------------------------------------ check-jsonschema
def check_jsonschema(paths: list[Path]) -> dict[str, list[str]]:
    """The JSON paths check-jsonschema reports, per file name."""
    pytest.importorskip("check_jsonschema", reason="check-jsonschema is in the test extra")
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(SCHEMA)]
        + ["-o", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    found: dict[str, list[str]] = {path.name: [] for path in paths}
    for error in report["errors"]:
        # $.fase3.forankring[0]['aktører'] as validate writes it: fase3.forankring[0].aktører
        where = re.sub(r"\['([^']*)'\]", r".\1", error["path"]).removeprefix("$").lstrip(".")
        found[Path(error["filename"]).name].append(where)
    return found


def test_check_jsonschema_agrees_with_validate() -> None:
    """Each error at validate's place or at the list or mapping that holds it (validate
    names the second hovedansvarlig, JSON Schema the list of actors)."""
    files = case_files()
    found = check_jsonschema(files)
    for path in files:
        places = [d.path or "" for d in validate_diagnostics(path)]
        reported = found[path.name]
        if path.stem in NOT_EXPRESSIBLE:
            assert places and not reported, path.name
            continue
        assert len(reported) == len(places), f"{path.name}: {reported} vs {places}"
        for where, place in zip(sorted(reported), sorted(places), strict=True):
            assert place == where or place.startswith((f"{where}.", f"{where}[")), (
                f"{path.name}: check-jsonschema at {where}, validate at {place}"
            )


# ------------------------------------------------------------------ yaml-language-server
@pytest.fixture(scope="module")
def server() -> Iterator[YamlServer]:
    reason = missing_reason()
    if reason:
        pytest.skip(reason)
    with YamlServer() as running:
        yield running


def ranges_of(diagnostics: list[dict[str, Any]]) -> list[tuple[int, int]]:
    return [(d["range"]["start"]["line"] + 1, d["range"]["end"]["line"] + 1) for d in diagnostics]


@pytest.mark.parametrize("path", case_files(), ids=lambda p: p.stem)
def test_language_server_flags_the_lines_validate_flags(server: YamlServer, path: Path) -> None:
    diagnostics = server.diagnostics(path)
    assert all(d.get("source", "").startswith("yaml-schema") for d in diagnostics), diagnostics
    lines = validate_lines(path)
    if path.stem in NOT_EXPRESSIBLE:
        assert lines and not diagnostics  # if the server ever tells 3.0 from 3: move it over
        return
    assert_same_lines(path.stem, "the language server", ranges_of(diagnostics), lines)


def position(text: str, fragment: str) -> tuple[int, int]:
    """(line, character) of the first character of ``fragment``."""
    for number, line in enumerate(text.splitlines()):
        if fragment in line:
            return number, line.index(fragment)
    raise AssertionError(f"{fragment!r} is not in the text")


def test_hover_shows_the_scores_question_and_scale_in_both_forms(server: YamlServer) -> None:
    path = CASES / "gyldig.yaml"
    text = path.read_text(encoding="utf-8")
    uri = server.open(path)
    server.diagnostics(path)
    bare = server.hover(uri, *position(text, "evne: 2"))
    mapping = server.hover(uri, *position(text, "mening: {score"))
    assert bare.startswith("#### Evne\n") and "Har aktøren kompetencer" in bare
    assert mapping.startswith("#### Mening\n") and "Giver opgaven mening" in mapping
    for shown in (bare, mapping):
        assert "1 = ikke til stede, 2 = svag, 3 = delvis, 4 = stærk" in shown
    assert "* `2`: Svag." in bare  # each value with its own text


def test_hover_describes_each_value_of_an_enumeration(server: YamlServer) -> None:
    path = CASES / "gyldig.yaml"
    text = path.read_text(encoding="utf-8")
    uri = server.open(path)
    shown = server.hover(uri, *position(text, "rolle: hovedansvarlig"))
    assert "* `hovedansvarlig`: Har hovedansvaret" in shown
    assert "* `bidragyder`: Bidrager til opgaverne" in shown


def test_completion_offers_the_scores(server: YamlServer, tmp_path: Path) -> None:
    text = (CASES / "gyldig.yaml").read_text(encoding="utf-8").replace("evne: 2\n", "evne: \n")
    path = tmp_path / "ny.yaml"
    path.write_text(text.replace("../../../schema/", f"{SCHEMA.parent.as_posix()}/"), "utf-8")
    uri = server.open(path)
    line, column = position(text, "evne: ")
    offered = server.completion(uri, line, column + len("evne: "))
    items = {item["label"]: item.get("documentation") for item in offered}
    assert {"1", "2", "3", "4"} <= set(items)
    assert items["1"] == "Ikke til stede." and items["4"] == "Stærk."


def test_a_new_case_has_editor_help_with_no_further_step(
    server: YamlServer, tmp_path: Path
) -> None:
    """``forankring new`` in a folder without a schema: the file it writes is checked by the
    editor at once, and a mistake typed into it is flagged on its line."""
    path = tmp_path / "cases" / "mitomraade.yaml"
    write_new_case(path, "Mit Område")
    assert server.diagnostics(path) == []
    text = path.read_text(encoding="utf-8")
    uri = server.open(path)
    assert "Hvorfor skal indsatsen forankres?" in server.hover(uri, *position(text, "hvorfor:"))
    broken = tmp_path / "cases" / "forkert.yaml"
    broken.write_text(text.replace("status: udkast", "status: kladde"), encoding="utf-8")
    ranges = ranges_of(server.diagnostics(broken))
    assert_same_lines("forkert", "the language server", ranges, validate_lines(broken))
