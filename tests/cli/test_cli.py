"""The command line as a user meets it: exit codes, diagnostics, summaries, JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from forankring_docs.cli import main
from tests.conftest import MINIMAL, REPO


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_valid_case_exits_0_with_summary(tmp_path: Path) -> None:
    case = write(tmp_path, "a.yaml", MINIMAL)
    result = CliRunner().invoke(main, ["validate", str(case)])
    assert result.exit_code == 0
    assert "1 file, 0 errors, 0 warnings" in result.stderr


def test_folder_is_searched_recursively_in_sorted_order(tmp_path: Path) -> None:
    write(tmp_path, "b/z.yaml", MINIMAL.replace("type: kommune", "type: komune"))
    write(tmp_path, "a.yml", MINIMAL.replace("type: kommune", "type: kommmune"))
    write(tmp_path, "notes.txt", "not a case")
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    errors = [ln for ln in result.stderr.splitlines() if ": error: " in ln]
    assert [Path(e.split(":", 1)[0]).name for e in errors] == ["a.yml", "z.yaml"]
    assert "2 files, 2 invalid, 2 errors" in result.stderr


def test_a_folder_skips_hidden_folders_but_reports_a_broken_link(tmp_path: Path) -> None:
    write(tmp_path, "good.yaml", MINIMAL)
    write(tmp_path, ".github/workflows/ci.yml", "on: push\n")  # not a case
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "moved-away.yaml")
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{tmp_path / 'gone.yaml'}:1:1: error: cannot read the file" in result.stderr
    assert "ci.yml" not in result.stderr
    assert "2 files, 1 invalid" in result.stderr


def test_one_invalid_file_does_not_hide_the_others(tmp_path: Path) -> None:
    good = write(tmp_path, "good.yaml", MINIMAL)
    bad = write(tmp_path, "bad.yaml", "format: 1\n")
    result = CliRunner().invoke(main, ["validate", str(bad), str(good)])
    assert result.exit_code == 1
    assert "2 files, 1 invalid" in result.stderr


def test_json_format_lists_diagnostics_on_stdout(tmp_path: Path) -> None:
    case = write(tmp_path, "a.yaml", MINIMAL.replace("type: kommune", "type: komune"))
    result = CliRunner().invoke(main, ["validate", "--format", "json", str(case)])
    assert result.exit_code == 1
    items = json.loads(result.stdout)
    assert items == [
        {
            "file": str(case),
            "line": 20,
            "column": 13,
            "severity": "error",
            "message": "'komune' is not a valid actor type",
            "hint": items[0]["hint"],
            "code": "E205",
            "path": "fase2.aktører[0].type",
        }
    ]
    assert items[0]["hint"].startswith("did you mean 'kommune'?")


def test_check_prints_warnings_and_strict_fails(tmp_path: Path) -> None:
    case = write(tmp_path, "a.yaml", MINIMAL)
    result = CliRunner().invoke(main, ["check", str(case)])
    assert result.exit_code == 0
    # Foreningen is mapped but not analysed: the code at the end, as gcc and clang put it
    assert (
        ": warning: fase2.aktører[1]: Foreningen is mapped to tasks but not analysed in "
        "fase3 [A301]\n" in result.stderr
    )
    assert "Foreningen" in result.stderr
    strict = CliRunner().invoke(main, ["check", "--strict", str(case)])
    assert strict.exit_code == 1
    ignored = CliRunner().invoke(
        main, ["check", "--strict", "--ignore", "A301", "--ignore", "a303", str(case)]
    )
    assert "A301" not in ignored.stderr


def test_check_rejects_an_unknown_code_as_usage_error(tmp_path: Path) -> None:
    case = write(tmp_path, "a.yaml", MINIMAL)
    result = CliRunner().invoke(main, ["check", "--ignore", "A399", str(case)])
    assert result.exit_code == 2
    assert "unknown warning code A399" in result.stderr


def test_missing_path_and_bad_option_are_usage_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["validate", str(tmp_path / "missing.yaml")]).exit_code == 2
    assert runner.invoke(main, ["validate", "--bogus", str(tmp_path)]).exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(main, ["validate", str(empty)])
    assert result.exit_code == 2
    assert "no case files" in result.stderr


def test_new_writes_a_case_that_validates_and_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "nyt.yaml"
    runner = CliRunner()
    result = runner.invoke(main, ["new", str(target), "--boligområde", "Østerbo"])
    assert result.exit_code == 0, result.stderr
    assert "Østerbo" in target.read_text(encoding="utf-8")
    assert runner.invoke(main, ["validate", str(target)]).exit_code == 0
    target.write_text("mine", encoding="utf-8")
    again = runner.invoke(main, ["new", str(target)])
    assert again.exit_code == 2  # a PATH that cannot be used: a usage error
    assert "already exists" in again.stderr
    assert target.read_text(encoding="utf-8") == "mine"


def test_schema_prints_json_schema(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert "meta" in schema["properties"]
    out = tmp_path / "s.json"
    assert CliRunner().invoke(main, ["schema", "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == schema


def test_schema_into_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "x.json"
    result = CliRunner().invoke(main, ["schema", "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert "error: cannot write" in result.stderr and "Traceback" not in result.stderr
    assert not target.parent.exists()


def test_new_makes_the_cases_folder_of_a_new_project(tmp_path: Path) -> None:
    target = tmp_path / "projekt" / "cases" / "mitomraade.yaml"
    result = CliRunner().invoke(main, ["new", str(target)])
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(main, ["validate", str(target)]).exit_code == 0
    blocker = tmp_path / "fil"
    blocker.write_text("not a folder", encoding="utf-8")
    refused = CliRunner().invoke(main, ["new", str(blocker / "x.yaml")])
    assert refused.exit_code == 2 and "error: cannot write" in refused.stderr


def test_real_subprocess_reports_without_traceback(tmp_path: Path) -> None:
    case = write(tmp_path, "a.yaml", MINIMAL.replace("  hvorfor: Fordi", "\thvorfor: Fordi"))
    proc = subprocess.run(
        [sys.executable, "-m", "forankring_docs", "validate", str(case)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert proc.returncode == 1
    assert f"{case}:7:1: error: a tab is used for indentation" in proc.stderr
    assert "Traceback" not in proc.stderr
    helped = subprocess.run(
        [sys.executable, "-m", "forankring_docs", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert helped.returncode == 0
    assert "validate" in helped.stdout and "render" in helped.stdout


def test_validate_never_imports_word_or_jinja(tmp_path: Path) -> None:
    case = write(tmp_path, "a.yaml", MINIMAL)
    probe = (
        "import sys, runpy\n"
        f"sys.argv = ['forankring', 'validate', {str(case)!r}]\n"
        "try:\n    runpy.run_module('forankring_docs', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in ('docx', 'jinja2') if m in sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert proc.stdout.strip().endswith("[]"), proc.stdout + proc.stderr
