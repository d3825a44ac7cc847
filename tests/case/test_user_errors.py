"""Mistakes project leaders make in case files, and what they see: the place, the words and
the hint of each message, one root mistake giving one message (not thirty follow-ups)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from forankring_docs.cli import main
from tests.conftest import MINIMAL, replace
from tests.conftest import run_cli as validate


# ------------------------------------------------------------------ keys
def test_english_name_of_a_danish_key_is_an_error_naming_the_danish_key(tmp_path: Path) -> None:
    code, errors, out = validate(tmp_path, replace("  hvorfor:", "  why:"))
    assert code == 1
    assert errors == ["7:3: error: fase1.why: unknown key 'why' in 'fase1'"]
    assert "hint: did you mean 'hvorfor'?" in out


def test_key_at_the_top_level_that_belongs_in_a_phase(tmp_path: Path) -> None:
    text = replace("  opgaver:\n    - id: drift", "opgaver:\n    - id: drift")
    code, errors, out = validate(tmp_path, text)
    assert code == 1
    assert errors[0] == "11:1: error: opgaver: unknown key 'opgaver' at the top level"
    assert "hint: 'opgaver' belongs under 'fase1': indent it below 'fase1:'" in out
    assert len(errors) == 2  # and one message for the references to the tasks


def test_misspelt_list_key_gives_one_message_for_all_references(tmp_path: Path) -> None:
    code, errors, out = validate(tmp_path, replace("  aktører:\n", "  aktoerer:\n"))
    assert code == 1
    assert errors == [
        "17:3: error: fase2.aktoerer: unknown key 'aktoerer' in 'fase2'",
        "28:14: error: fase3.analyser[0].aktør: This analysis refers to the actor 'klub', which "
        "does not exist; the file has no actors, so 2 more references to actors fail too",
    ]
    assert "did you mean 'aktører'?" in out


def test_bad_id_gives_no_follow_up_errors_at_its_references(tmp_path: Path) -> None:
    code, errors, out = validate(tmp_path, replace("- id: cafe", "- id: café"))
    assert code == 1
    assert errors == ["9:11: error: fase1.hvad[0].id: 'café' is not a valid id"]
    assert "e.g. 'cafe'" in out


def test_missing_keys_say_what_to_write(tmp_path: Path) -> None:
    text = replace("format: 1\n", "")
    text = replace("      type: kommune\n", "", text)
    text = replace("{start: 2024-01-01, slut: 2027-12-31}", "{start: 2024-01-01}", text)
    code, errors, out = validate(tmp_path, text)
    assert code == 1
    assert "1:1: error: missing required key 'format' in the top level" in errors
    assert "hint: add 'format: 1'" in out
    assert "hint: add 'type:' with one of: kommune, boligorganisation," in out
    assert "hint: add 'slut:' with a date (YYYY-MM-DD)" in out


def test_list_item_that_is_text_is_named_as_an_item(tmp_path: Path) -> None:
    text = replace("    - id: cafe\n      navn: Lektiecafé\n", "    - Lektiecafé\n")
    code, errors, out = validate(tmp_path, text)
    assert (
        "9:7: error: fase1.hvad[0]: item 1 of 'hvad' must be a mapping of keys, not the "
        "text 'Lektiecafé'"
    ) in errors
    assert "hint: write each item as '- id: …' with its other keys indented below it" in out


def test_actor_tasks_written_as_a_list(tmp_path: Path) -> None:
    code, errors, out = validate(tmp_path, replace("{drift: fuldt}", "[drift]"))
    assert errors == [
        "21:16: error: fase2.aktører[0].opgaver: 'opgaver' must be a mapping of keys, not a list"
    ]
    assert "write one 'id: value' pair (values: fuldt, delvist, nej) per line" in out


# ------------------------------------------------------------------ values
@pytest.mark.parametrize(
    ("old", "new", "where", "hint"),
    [
        ("konklusion: egnet", "konklusion: egnede", "33:19", "did you mean 'egnet'?"),
        ("{drift: fuldt}", "{drift: helt}", "21:24", "did you mean 'fuldt'?"),
        (
            "  boligområde: Testby",
            "  boligområde: Testby\n  sprog: dansk",
            "5:10",
            "did you mean 'da'?",
        ),
        ("slut: 2027-12-31", "slut: 31-12-2027", "5:38", "write dates as YYYY-MM-DD: 2027-12-31"),
        (
            "slut: 2027-12-31",
            "slut: 1. december 2027",
            "5:38",
            "write dates as YYYY-MM-DD: 2027-12-01",
        ),
        (
            "opgavetype: aktivitet",
            "opgavetype: aktivitet\n      ressourcer:\n        timer_pr_uge: 7,5",
            "17:23",
            "did you mean 7.5? Numbers are written with a point and no unit",
        ),
        (
            "opgavetype: aktivitet",
            "opgavetype: aktivitet\n      ressourcer: {timer_pr_uge: 7,5}",
            "16:36",
            "a comma inside { } separates entries, so 7,5 reads as 7 and a key '5': write 7.5",
        ),
        (
            "opgavetype: aktivitet",
            "opgavetype: aktivitet\n      ressourcer: {kr_pr_år: 40.000 kr.}",
            "16:30",
            "did you mean 40000?",
        ),
        ("      evne: 3", "      evne: 3/4", "31:13", "did you mean 3? Scores: 1 = ikke til stede"),
        ("      evne: 3", "      evne: svag", "31:13", "did you mean 2?"),
    ],
)
def test_value_errors_suggest_the_value_meant(
    tmp_path: Path, old: str, new: str, where: str, hint: str
) -> None:
    code, errors, out = validate(tmp_path, replace(old, new))
    assert code == 1
    assert len(errors) == 1 and errors[0].startswith(where + ": error: "), out
    assert f"hint: {hint}" in out


def test_negative_number_is_shown_as_written(tmp_path: Path) -> None:
    text = replace(
        "opgavetype: aktivitet", "opgavetype: aktivitet\n      ressourcer: {timer_pr_uge: -3}"
    )
    code, errors, out = validate(tmp_path, text)
    assert errors == ["16:34: error: fase1.opgaver[0].ressourcer.timer_pr_uge: -3 is negative"]
    assert "hint: write 0 or more" in out


# ------------------------------------------------------------------ YAML syntax
def test_colon_in_a_value_shows_the_line_quoted(tmp_path: Path) -> None:
    text = replace("  hvorfor: Fordi det virker.", "  hvorfor: Mål: bedre trivsel")
    code, errors, out = validate(tmp_path, text)
    assert code == 1
    assert errors == [
        "7:15: error: the file is not valid YAML: a value containing ': ' must be quoted"
    ]
    assert 'hint: put the whole value in quotes: hvorfor: "Mål: bedre trivsel"' in out


def test_curly_quotes_are_named(tmp_path: Path) -> None:
    text = replace("  hvorfor: Fordi det virker.", "  hvorfor: “Mål: bedre trivsel”")
    code, errors, out = validate(tmp_path, text)
    assert errors[0].startswith("7:16: error: ")
    assert "curly quotes (“ ”), as Word types them, are not quotes to YAML" in out


@pytest.mark.parametrize(
    ("value", "column", "start"),
    [
        ("- Fordi det virker.", 12, "- "),
        ("@Fordi", 12, "@"),
        ("%50 virker", 12, "%"),
        ("`Fordi`", 12, "`"),
    ],
)
def test_value_that_cannot_start_a_plain_value(
    tmp_path: Path, value: str, column: int, start: str
) -> None:
    text = replace("  hvorfor: Fordi det virker.", f"  hvorfor: {value}")
    code, errors, out = validate(tmp_path, text)
    assert code == 1
    assert errors == [
        f"7:{column}: error: the file is not valid YAML: a value cannot start with '{start}'"
    ]
    assert f'hint: put the value in quotes: hvorfor: "{value}"' in out


def test_text_starting_with_a_star_says_to_quote_it(tmp_path: Path) -> None:
    text = replace("  hvorfor: Fordi det virker.", "  hvorfor: *vigtigt")
    code, errors, out = validate(tmp_path, text)
    assert errors == ["7:12: error: YAML aliases (*vigtigt) are not part of the case format"]
    assert "if '*vigtigt' is meant as text, put the value in quotes" in out


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("  boligområde: Testby", "\u00a0 boligområde: Testby", "4:1"),
        ("  boligområde: Testby", "  boligområde:\u00a0Testby", "4:15"),
        ("    - id: klub", "    -\u00a0id: klub", "18:6"),
    ],
)
def test_non_breaking_space_is_found_where_it_stands(
    tmp_path: Path, old: str, new: str, where: str
) -> None:
    code, errors, out = validate(tmp_path, replace(old, new))
    assert code == 1
    assert errors == [
        f"{where}: error: the file is not valid YAML here: a non-breaking space "
        "(U+00A0) stands where YAML needs an ordinary space"
    ]
    assert "copied from Word" in out


def test_non_breaking_space_inside_text_is_fine(tmp_path: Path) -> None:
    code, errors, _ = validate(tmp_path, replace("navn: Klubben", "navn: Klub\u00a0ben"))
    assert code == 0 and errors == []


def test_dash_without_a_space(tmp_path: Path) -> None:
    code, errors, out = validate(tmp_path, replace("    - id: forening", "    -id: forening"))
    assert errors[0].startswith("22:5: error: the file is not valid YAML")
    assert "hint: put a space after the '-': '- id: forening'" in out


# ------------------------------------------------------------------ many problems
def test_validation_errors_are_capped_per_file(tmp_path: Path) -> None:
    risks = "".join(f"    - risiko: Risiko {i}\n      haandtering: Plan\n" for i in range(150))
    code, errors, out = validate(tmp_path, MINIMAL + "fase4:\n  risici:\n" + risks)
    assert code == 1
    assert len(errors) == 101
    assert all("unknown key 'haandtering'" in e for e in errors[:100])
    assert errors[100] == "244:7: error: … and 50 more problems in this file"
    assert "missing required key" not in out  # the misspelling says it, once per risk
    assert "1 file, 1 invalid, 150 errors" in out  # the summary counts them all


def test_word_document_given_as_a_case(tmp_path: Path) -> None:
    case = tmp_path / "strategi.yaml"
    case.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xdf\xa4\xd2lZ\x01")
    result = CliRunner().invoke(main, ["validate", str(case)])
    assert result.exit_code == 1
    assert f"{case}:1:1: error: the file is not UTF-8" in result.stderr
    assert "it looks like a Word, PDF or image file" in result.stderr
    assert "hint: give the case file (.yaml) here, not the report" in result.stderr


def test_ids_that_are_all_invalid_give_no_reference_errors(tmp_path: Path) -> None:
    # Three references to 'drift' said "there are no tasks yet", beside the task with the
    # invalid id.
    code, errors, out = validate(tmp_path, replace("    - id: drift", "    - id: 'Null'"))
    assert errors == ["12:11: error: fase1.opgaver[0].id: 'Null' is not a valid id"], out
