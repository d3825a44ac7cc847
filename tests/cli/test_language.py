"""The command line speaks Danish or English, as the locale says (or FORANKRING_LANGUAGE)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from forankring_docs.cli import main
from forankring_docs.i18n import language
from tests.conftest import MINIMAL

_LOCALE = ("FORANKRING_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "da_DK.UTF-8"}, "da"),
        ({"LANG": "da"}, "da"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),  # a language without messages: English
        ({}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LC_MESSAGES": "da_DK.UTF-8", "LANG": "en_US.UTF-8"}, "da"),
        ({"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "da_DK.UTF-8"}, "en"),
        ({"LC_ALL": "", "LANG": "da_DK.UTF-8"}, "da"),  # empty counts as unset
        ({"LANGUAGE": "da", "LANG": "en_US.UTF-8"}, "da"),
        ({"LANGUAGE": "sv:da:en", "LANG": "en_US.UTF-8"}, "da"),  # the first one we have
        ({"LANGUAGE": "en:da", "LANG": "da_DK.UTF-8"}, "en"),
        ({"LANGUAGE": "da", "LC_ALL": "C"}, "en"),  # as GNU gettext: C ignores LANGUAGE
        ({"LANGUAGE": "da"}, "da"),
        ({"FORANKRING_LANGUAGE": "en", "LANG": "da_DK.UTF-8"}, "en"),
        ({"FORANKRING_LANGUAGE": "da", "LC_ALL": "C"}, "da"),
        ({"FORANKRING_LANGUAGE": "DA"}, "da"),
        ({"FORANKRING_LANGUAGE": "fr", "LANG": "da_DK.UTF-8"}, "da"),  # unknown: the locale
    ],
)
def test_the_language_is_chosen_as_gettext_chooses_it(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    for name in _LOCALE:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert language() == expected


BROKEN = MINIMAL.replace("type: kommune", "type: komune").replace(
    "  hvorfor: Fordi det virker.\n", "  hvorfor: Fordi det virker.\n  hvem: nogen\n"
)


def _run(tmp_path: Path, args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    """The console program in a process of its own, with only ``env`` naming the locale."""
    case = tmp_path / "case.yaml"
    case.write_text(BROKEN, encoding="utf-8")
    clean = {k: v for k, v in os.environ.items() if k not in _LOCALE}
    return subprocess.run(
        [sys.executable, "-m", "forankring_docs", *args, str(case)],
        capture_output=True,
        text=True,
        env={**clean, **env},
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


def test_a_danish_locale_gets_danish_diagnostics_and_summary(tmp_path: Path) -> None:
    result = _run(tmp_path, ["validate"], LANG="da_DK.UTF-8")
    assert result.returncode == 1
    err = result.stderr
    assert "fejl: fase2.aktører[0].type: 'komune' kan ikke bruges som aktørtype [E205]" in err
    assert "  tip: mente du 'kommune'? Gyldige: kommune, boligorganisation," in err
    assert "fejl: fase1.hvem: ukendt felt 'hvem' i 'fase1'" in err
    assert err.rstrip().endswith("1 fil, 1 ugyldig, 2 fejl, 0 advarsler")
    assert "error" not in err and "hint" not in err


def test_forankring_language_overrides_the_locale(tmp_path: Path) -> None:
    result = _run(tmp_path, ["validate"], LANG="da_DK.UTF-8", FORANKRING_LANGUAGE="en")
    assert "error: fase2.aktører[0].type: 'komune' is not a valid actor type" in result.stderr
    assert result.stderr.rstrip().endswith("1 file, 1 invalid, 2 errors, 0 warnings")


def test_the_c_locale_gets_english(tmp_path: Path) -> None:
    result = _run(tmp_path, ["validate"], LANG="C", LANGUAGE="da")
    assert "  hint: did you mean 'kommune'?" in result.stderr
    assert "1 file, 1 invalid, 2 errors, 0 warnings" in result.stderr


def test_json_keeps_the_machine_severity_and_translates_the_message(tmp_path: Path) -> None:
    import json

    result = _run(tmp_path, ["validate", "--format", "json"], LANG="da_DK.UTF-8")
    found = json.loads(result.stdout)
    assert {d["severity"] for d in found} == {"error"}
    assert any("kan ikke bruges som aktørtype" in d["message"] for d in found)


def test_the_machine_formats_keep_english_severities_and_translate_the_text(
    tmp_path: Path,
) -> None:
    """GitHub reads ::error and SARIF reads level error, whatever the language; the message
    and its hint are for the person who reads the annotation, so they are in Danish."""
    import json

    github = _run(tmp_path, ["validate", "--format", "github"], LANG="da_DK.UTF-8").stdout
    line = next(ln for ln in github.splitlines() if "komune" in ln)
    assert line.startswith("::error file=") and "title=E205" in line, line
    assert "kan ikke bruges som aktørtype%0Atip: mente du 'kommune'?" in line
    sarif = json.loads(_run(tmp_path, ["validate", "--format", "sarif"], LANG="da").stdout)
    result = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "E205")
    assert result["level"] == "error"
    assert "kan ikke bruges som aktørtype\ntip: mente du" in result["message"]["text"]


def test_a_value_left_empty_keeps_its_code_in_danish(tmp_path: Path) -> None:
    """The code of an empty value is found from its message, which is Danish here."""
    case = tmp_path / "case.yaml"
    case.write_text(MINIMAL.replace("  hvorfor: Fordi det virker.", "  hvorfor:"), "utf-8")
    result = CliRunner().invoke(main, ["validate", str(case)], env={"FORANKRING_LANGUAGE": "da"})
    assert "fejl: fase1.hvorfor: " in result.stderr
    line = next(ln for ln in result.stderr.splitlines() if "fase1.hvorfor" in ln)
    assert "har ingen værdi" in line and line.endswith("[E204]"), line


def test_a_rule_warning_in_danish_keeps_its_code_and_the_case_s_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORANKRING_LANGUAGE", "da")
    case = tmp_path / "case.yaml"
    extra = "    - id: lege\n      navn: Legeplads\n      forankres: ja\n"
    case.write_text(
        MINIMAL.replace("      navn: Lektiecafé\n", "      navn: Lektiecafé\n" + extra), "utf-8"
    )
    result = CliRunner().invoke(main, ["check", str(case)])
    assert (
        "advarsel: fase1.hvad[1]: elementet 'Legeplads' skal forankres (forankres: ja), "
        "men har ingen opgaver [A101]"
    ) in result.stderr
    assert "tip: tilføj under fase1.opgaver de opgaver, der holder det i gang, med " in (
        result.stderr
    )


def test_help_follows_the_language_of_each_run() -> None:
    runner = CliRunner()
    danish = runner.invoke(main, ["render", "--help"], env={"FORANKRING_LANGUAGE": "da"})
    assert "Dan rapporter i Word (og HTML eller PDF) ud fra sagsfiler" in danish.output
    assert "Rapportens sprog; går forud for meta.sprog." in danish.output
    english = runner.invoke(main, ["render", "--help"], env={"FORANKRING_LANGUAGE": "en"})
    assert "Render case files to Word (and HTML or PDF)" in english.output
    assert "Dan rapporter" not in english.output
    top = runner.invoke(main, ["--help"], env={"FORANKRING_LANGUAGE": "da"})
    assert "Gør sagsfiler (YAML) til forankringsstrategier i Word." in top.output


def test_a_usage_error_of_our_own_is_in_danish(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["new", str(tmp_path / "ny.txt")], env={"FORANKRING_LANGUAGE": "da"}
    )
    assert result.exit_code == 2
    assert "filnavnet skal ende på .yaml" in result.output


def test_render_s_language_option_picks_the_report_s_language_not_the_cli_s(
    tmp_path: Path,
) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(BROKEN, encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["render", str(case), "--language", "en", "-o", str(tmp_path / "out")],
        env={"FORANKRING_LANGUAGE": "da"},
    )
    assert "kan ikke bruges som aktørtype" in result.stderr
