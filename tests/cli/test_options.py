"""The options every command that reads cases shares mean the same on each: -q prints only
the errors (and the summary), --ignore CODE leaves a warning out, --strict makes a warning
fail the run."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from forankring_docs.cli import main
from forankring_docs.cli.commands.preview import _show
from forankring_docs.preview.builder import Builder
from tests.conftest import MINIMAL

#: Valid, with a reading warning (Y101) and rule warnings (A301: Foreningen not analysed).
# A Y101 warning, and A301 and A303 on the unanalysed Foreningen; the network says how it is
# held together, so that A310 does not join them.
WARNED = MINIMAL.replace("  boligområde: Testby", "  boligområde: Testby #fast").replace(
    "      organiseringsform: samarbejdsaftale\n",
    "      organiseringsform: samarbejdsaftale\n      koordinering: Klubben samler parterne.\n",
)


def run(*args: str | Path) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def case(tmp_path: Path) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(WARNED, encoding="utf-8")
    return path


def warning_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if ": warning: " in line]


#: The commands that print diagnostics, each with what it needs besides the case.
PRINTING = {
    "validate": ["validate"],
    "check": ["check"],
    "render": ["render", "-f", "html", "-o"],
}


def command(name: str, tmp_path: Path) -> list[str | Path]:
    args: list[str | Path] = list(PRINTING[name])
    if name == "render":
        args.append(tmp_path / "out")
    return args


@pytest.mark.parametrize("name", list(PRINTING))
def test_strict_makes_a_warning_fail(tmp_path: Path, case: Path, name: str) -> None:
    assert run(*command(name, tmp_path), case).exit_code == 0
    strict = run(*command(name, tmp_path), "--strict", case)
    assert strict.exit_code == 1
    assert warning_lines(strict)
    if name == "render":  # the report is still written: a warning is no reason to withhold it
        assert (tmp_path / "out" / "case.html").is_file()


@pytest.mark.parametrize("name", list(PRINTING))
def test_ignore_leaves_a_warning_out(tmp_path: Path, case: Path, name: str) -> None:
    codes = ["Y101"] if name == "validate" else ["Y101", "A301", "A303"]
    ignored = run(*command(name, tmp_path), *(f"--ignore={c}" for c in codes), "--strict", case)
    assert ignored.exit_code == 0, ignored.stderr
    assert warning_lines(ignored) == []
    assert "0 warnings" in ignored.stderr


def test_render_leaves_an_ignored_warning_out_of_the_report_too(tmp_path: Path, case: Path) -> None:
    sentence = "Foreningen kan overtage opgaver, men er endnu ikke analyseret."  # A301's
    run("render", "-f", "html", "-o", tmp_path / "all", case)
    run("render", "-f", "html", "-o", tmp_path / "less", "--ignore", "a301", case)
    assert sentence in (tmp_path / "all" / "case.html").read_text(encoding="utf-8")
    less = (tmp_path / "less" / "case.html").read_text(encoding="utf-8")
    assert sentence not in less
    assert "Foreningen er valgt til at overtage" in less  # A303, not ignored


@pytest.mark.parametrize("name", list(PRINTING))
def test_quiet_prints_only_errors_and_the_summary(tmp_path: Path, case: Path, name: str) -> None:
    loud = run(*command(name, tmp_path), case)
    quiet = run(*command(name, tmp_path), "-q", case)
    assert warning_lines(loud) and warning_lines(quiet) == []
    # the summary still counts what it did not print
    assert quiet.stderr.strip().splitlines()[-1] == loud.stderr.strip().splitlines()[-1]
    broken = tmp_path / "broken.yaml"
    broken.write_text(WARNED.replace("type: kommune", "type: komune"), encoding="utf-8")
    errors = run(*command(name, tmp_path), "-q", broken)
    assert errors.exit_code == 1
    assert ": error: fase2.aktører[0].type: 'komune' is not a valid actor type [E205]" in (
        errors.stderr
    )


@pytest.mark.parametrize("name", ["validate", "check", "render", "overview", "preview"])
def test_an_error_code_or_an_unknown_code_cannot_be_ignored(
    tmp_path: Path, case: Path, name: str
) -> None:
    for code, said in (("E205", "is the code of an error"), ("A999", "unknown warning code")):
        args = {
            "render": command("render", tmp_path),
            "overview": ["overview", "-o", tmp_path / "o.csv"],
            "preview": ["preview", "--no-open"],
        }.get(name, [name])
        result = run(*args, "--ignore", code, case)
        assert result.exit_code == 2
        assert said in result.stderr


# ------------------------------------------------------------------ overview
def test_overview_ignore_strict_and_quiet(tmp_path: Path, case: Path) -> None:
    target = tmp_path / "oversigt.csv"
    plain = run("overview", case, "-o", target)
    assert plain.exit_code == 0
    assert "1 case (0 invalid, 2 warnings)" in plain.stderr
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0]["advarsler"] == "2"
    assert run("overview", case, "-o", target, "--strict").exit_code == 1
    ignored = run(
        "overview", case, "-o", target, "--strict", "--ignore", "A301", "--ignore", "A303"
    )
    assert ignored.exit_code == 0, ignored.stderr
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0]["advarsler"] == "0"
    assert run("overview", case, "-o", target, "-q").stderr == ""


# ------------------------------------------------------------------ preview
def test_preview_ignore_leaves_the_warning_out_of_the_panel(case: Path) -> None:
    everything = Builder(case).build()
    assert any("[A301]" in w.text for w in everything.warnings)
    fewer = Builder(case, ignore={"A301"}).build()
    assert not any("[A301]" in w.text for w in fewer.warnings)
    assert len(fewer.warnings) == len(everything.warnings) - 1


def test_preview_quiet_prints_no_line_for_a_good_build(
    case: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build = Builder(case).build()
    _show(build)
    assert "updated (" in capsys.readouterr().err
    _show(build, quiet=True)
    assert capsys.readouterr().err == ""
