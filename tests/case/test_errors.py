"""Every error kind of case-format.md: exit code 1, the right line, words a user understands."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from click.testing import CliRunner

from forankring_docs.cli import main
from tests.conftest import MINIMAL, replace

# (id, file text, expected line, expected column or None, words in the message, words in hint)
CASES: list[tuple[str, str | bytes, int, int | None, str, str]] = [
    (
        "bad yaml",
        replace("  hvorfor: Fordi det virker.", "  hvorfor: Tid: kl. 16"),
        7,
        None,
        "not valid YAML",
        "quoted",
    ),
    (
        "unclosed quote",
        replace("  hvorfor: Fordi det virker.", '  hvorfor: "Fordi'),
        7,
        None,
        "not valid YAML",
        "",
    ),
    (
        "tab indentation",
        replace("  hvorfor: Fordi", "\thvorfor: Fordi"),
        7,
        1,
        "tab is used for indentation",
        "spaces",
    ),
    (
        "not utf-8",
        replace("Lektiecafé", "Lektiecaf\udce9").encode("utf-8", "surrogateescape"),
        10,
        22,
        "the first byte that is not UTF-8 (0xe9) is on line 10, column 22",
        "UTF-8",
    ),
    ("utf-16", MINIMAL.encode("utf-16"), 1, 1, "UTF-16", "UTF-8"),
    (
        "duplicate key",
        replace("  boligområde: Testby", "  boligområde: Testby\n  boligområde: X"),
        5,
        3,
        "duplicate key 'boligområde' (first at line 4)",
        "remove one",
    ),
    (
        "unknown key",
        replace("  boligområde: Testby", "  boligområde: Testby\n  sprg: da"),
        5,
        3,
        "unknown key 'sprg' in 'meta'",
        "did you mean 'sprog'?",
    ),
    (
        "ascii spelling",
        replace("fase2:\n  aktører:", "fase2:\n  aktoerer:"),
        17,
        3,
        "unknown key 'aktoerer'",
        "did you mean 'aktører'?",
    ),
    (
        "missing key",
        replace("  boligområde: Testby\n", ""),
        3,
        3,
        "missing required key 'boligområde' in 'meta'",
        "add 'boligområde:'",
    ),
    (
        "missing in list item",
        replace("      navn: Afvikling\n", ""),
        12,
        7,
        "missing required key 'navn' in 'fase1.opgaver[0]'",
        "add 'navn:'",
    ),
    (
        "missing task type: the hint lists the types to choose from",
        replace("      opgavetype: aktivitet\n", ""),
        12,
        7,
        "missing required key 'opgavetype' in 'fase1.opgaver[0]'",
        "add 'opgavetype:' with one of: aktivitet, rådgivning, koordinering",
    ),
    (
        "wrong type",
        replace("  hvad:\n    - id: cafe\n      navn: Lektiecafé", "  hvad: Lektiecafé"),
        8,
        9,
        "'hvad' must be a list",
        "'- '",
    ),
    (
        "enumeration",
        replace("type: kommune", "type: komune"),
        20,
        13,
        "'komune' is not a valid actor type",
        "did you mean 'kommune'?",
    ),
    (
        "bad id",
        replace("- id: cafe", "- id: Lektiecafe"),
        9,
        11,
        "'Lektiecafe' is not a valid id",
        "lektiecafe",
    ),
    (
        "bad id accent",
        replace("- id: cafe", "- id: lektiecafé"),
        9,
        11,
        "'lektiecafé' is not a valid id",
        "",
    ),
    (
        "duplicate id",
        replace(
            "    - id: forening\n      navn: Foreningen", "    - id: klub\n      navn: Foreningen"
        ),
        22,
        11,
        "duplicate actor id 'klub': 'Foreningen' has the same id as 'Klubben'",
        "",
    ),
    (
        "missing reference",
        replace("element: cafe", "element: cafee"),
        14,
        16,
        "refers to the element 'cafee', which does not exist",
        "did you mean 'cafe'?",
    ),
    (
        "wrong kind reference",
        replace("element: cafe", "element: klub"),
        14,
        16,
        "which is the actor 'Klubben', not an element",
        "",
    ),
    (
        "start after slut",
        replace("{start: 2024-01-01, slut: 2027-12-31}", "{start: 2028-01-01, slut: 2027-12-31}"),
        5,
        38,
        "the period ends (2027-12-31) before it starts (2028-01-01)",
        "",
    ),
    (
        "bad date",
        replace("slut: 2027-12-31", "slut: 31-12-2027"),
        5,
        38,
        "'31-12-2027' is not a date",
        "YYYY-MM-DD",
    ),
    (
        "score outside scale",
        replace("      evne: 3", "      evne: 5"),
        31,
        13,
        "5 is outside the scale 1–4",
        "1 = ikke til stede",
    ),
    (
        "two analyses",
        replace(
            "      konklusion: egnet\n",
            "      konklusion: egnet\n    - aktør: klub\n      forståelse: 1\n"
            "      mening: 1\n      evne: 1\n      vilje: 1\n"
            "      konklusion: egnet\n",
        ),
        34,
        14,
        "'Klubben' is analysed twice",
        "",
    ),
    (
        "task in two anchorings",
        MINIMAL + "    - opgaver: [drift]\n      model: enkeltaktør\n"
        "      aktører:\n        - {aktør: klub, rolle: hovedansvarlig}\n",
        41,
        17,
        "the task 'Afvikling' is already anchored in anchoring no. 1",
        "",
    ),
    (
        "network with one actor",
        replace("        - {aktør: forening, rolle: medansvarlig, ansvar: Frivillige.}\n", ""),
        39,
        9,
        "is a 'netværk' but has 1 actor",
        "at least two",
    ),
    (
        "single actor with medansvarlig",
        replace("model: netværk", "model: enkeltaktør"),
        40,
        36,
        "'enkeltaktør' but 'Foreningen' is 'medansvarlig'",
        "netværk",
    ),
    (
        "no hovedansvarlig",
        replace("rolle: hovedansvarlig", "rolle: bidragyder"),
        39,
        9,
        "has no 'hovedansvarlig'",
        "exactly",
    ),
    (
        "two hovedansvarlige",
        replace("rolle: medansvarlig", "rolle: hovedansvarlig"),
        40,
        11,
        "has 2 'hovedansvarlig'",
        "",
    ),
    (
        "anchor",
        replace("  hvorfor: Fordi det virker.", "  hvorfor: &w Fordi det virker."),
        7,
        12,
        "YAML anchors (&w) are not part of the case format",
        "",
    ),
    (
        "alias",
        replace("  boligområde: Testby", "  boligområde: &b Testby\n  kommune: *b"),
        5,
        12,
        "YAML aliases (*b)",
        "in full",
    ),
    (
        "merge key",
        replace("      navn: Klubben", "      <<: {navn: Klubben}"),
        19,
        7,
        "merge keys (<<)",
        "",
    ),
    (
        "python tag",
        replace("  hvorfor: Fordi det virker.", "  hvorfor: !!python/object:os.system x"),
        7,
        12,
        "YAML tags (!!python/object:os.system)",
        "",
    ),
    (
        "control character",
        replace("Fordi det virker.", "Fordi det\x07 virker."),
        7,
        21,
        "U+0007",
        "delete it",
    ),
    ("C1 control", replace("Fordi det virker.", "Fordi det\x85 virker."), 7, 21, "U+0085", ""),
    ("empty file", "", 1, 1, "the file is empty", "forankring new"),
    ("only comments", "# nothing yet\n", 1, 1, "the file is empty", ""),
    ("top level list", "- a\n- b\n", 1, 1, "must be a mapping", ""),
    (
        "wrong format",
        replace("format: 1", "format: 2"),
        1,
        9,
        "'2' is not a supported format version",
        "format: 1",
    ),
    ("two documents", MINIMAL + "---\nformat: 1\n", 41, 1, "more than one YAML document", ""),
    (
        "deep nesting",
        "format: 1\nmeta: " + "[" * 5000 + "]" * 5000 + "\n",
        2,
        None,
        "nests more than",
        "",
    ),
    (
        "empty required",
        replace("  hvorfor: Fordi det virker.", "  hvorfor:"),
        7,
        11,
        "'hvorfor' has no value",
        "",
    ),
    (
        "empty hvad",
        replace("  hvad:\n    - id: cafe\n      navn: Lektiecafé\n", "  hvad: []\n"),
        8,
        9,
        "'hvad' needs at least one item",
        "",
    ),
    (
        "built-in task type redefined",
        replace(
            "  opgaver:\n    - id: drift",
            "  opgavetyper: {drift: Drift}\n  opgaver:\n    - id: drift",
        ),
        11,
        17,
        "'drift' is a built-in task type",
        "",
    ),
    (
        "unknown task type",
        replace("opgavetype: aktivitet", "opgavetype: aktiviteter"),
        15,
        19,
        "'aktiviteter' is not a task type",
        "did you mean 'aktivitet'?",
    ),
    (
        "interface to an actor outside its anchoring",
        MINIMAL + "      snitflader:\n        - {fra: klub, til: skolen, hvad: Vagtplan}\n",
        42,
        28,
        "has 'til: skolen', but 'skolen' is not an actor of this anchoring",
        "The anchoring's actors: klub (Klubben), forening (Foreningen)",
    ),
    (
        "interface to itself",
        MINIMAL + "      snitflader:\n        - {fra: klub, til: klub, hvad: Vagtplan}\n",
        42,
        28,
        "goes from 'Klubben' to the same actor",
        "change 'fra' or 'til'",
    ),
    (
        "role task outside its anchoring",
        replace("ansvar: Frivillige.}", "ansvar: Frivillige., opgaver: [cafe]}"),
        40,
        81,
        "'cafe' (the element 'Lektiecafé') is not one of the tasks of anchoring no. 1",
        "The anchoring's tasks: drift (Afvikling)\n",
    ),
    (
        "role tasks for the lead",
        replace("ansvar: Driver caféen.}", "ansvar: Driver caféen., opgaver: [drift]}"),
        39,
        72,
        "'Klubben' is the 'hovedansvarlig' of anchoring no. 1, which answers for all its tasks",
        "remove 'opgaver' here",
    ),
    (
        "risk names a missing actor",
        MINIMAL + "fase4:\n  risici:\n    - {risiko: R, håndtering: H, aktører: [klubben]}\n",
        43,
        44,
        "Risk no. 1 refers to the actor 'klubben', which does not exist",
        "Known actor ids: klub, forening",
    ),
    (
        "deadline before start",
        MINIMAL + "fase4:\n  aktiviteter:\n    - navn: Kursus\n"
        "      start: 2026-05-01\n      deadline: 2026-04-01\n",
        45,
        17,
        "the deadline 2026-04-01 is before the start 2026-05-01",
        "",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "column", "message", "hint"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_error_is_located_and_explained(
    tmp_path: Path, text: str | bytes, line: int, column: int | None, message: str, hint: str
) -> None:
    case = tmp_path / "case.yaml"
    if isinstance(text, bytes):
        case.write_bytes(text)
    else:
        case.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(case)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    prefix = f"{case}:{line}:" if column is None else f"{case}:{line}:{column}:"
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith(prefix)]
    assert lines, f"nothing at {prefix} in:\n{result.stderr}"
    assert any(message in ln for ln in lines), result.stderr
    assert hint in result.stderr


def test_every_problem_of_a_file_in_one_run(tmp_path: Path) -> None:
    text = replace("type: kommune", "type: komune")
    text = replace("element: cafe", "element: cafee", text)
    text = replace("  boligområde: Testby", "  boligområde: Testby\n  sprg: da", text)
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(case)])
    assert result.exit_code == 1
    errors = [ln for ln in result.stderr.splitlines() if ": error: " in ln]
    assert len(errors) == 3, result.stderr
    assert "3 errors" in result.stderr


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_bytes(codecs.BOM_UTF8 + MINIMAL.encode("utf-8"))
    result = CliRunner().invoke(main, ["validate", str(case)])
    assert result.exit_code == 0, result.stderr


def test_crlf_line_endings_keep_positions(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_bytes(replace("type: kommune", "type: komune").replace("\n", "\r\n").encode())
    result = CliRunner().invoke(main, ["validate", str(case)])
    assert f"{case}:20:13: error" in result.stderr


def test_file_over_five_megabytes_is_refused(tmp_path: Path) -> None:
    case = tmp_path / "big.yaml"
    case.write_text(MINIMAL + "# " + "x" * (5 * 1024 * 1024) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(case)])
    assert result.exit_code == 1
    assert f"{case}:1:1: error" in result.stderr
    assert "MB" in result.stderr


def test_numbers_and_dates_where_text_is_expected_are_text_as_written(tmp_path: Path) -> None:
    from forankring_docs.case.validation import load_case

    text = replace("  boligområde: Testby", "  boligområde: 2024-01-01\n  version: 1.10")
    text = replace("navn: Klubben", "navn: 20304050", text)
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    valid = load_case(case)
    assert valid.case.meta.version == "1.10"
    assert valid.case.meta.area == "2024-01-01"
    assert valid.case.actors[0].name == "20304050"


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)
    )
    case = tmp_path / "bomb.yaml"
    case.write_text(bomb, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(case)])
    assert result.exit_code == 1
    assert "aliases" in result.stderr


def test_indentation_between_levels_says_which_column(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    text = replace("      navn: Lektiecafé", "      navn: Lektiecafé\n     beskrivelse: x")
    case.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(case)])
    assert result.exit_code == 1
    assert f"{case}:11:6: error" in result.stderr
    assert (
        "'beskrivelse' is indented 5 spaces, where no key above starts; to put it with "
        "'navn' (line 10), indent it 6 spaces"
    ) in result.stderr


def test_english_yes_suggests_danish_ja(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    text = replace("      navn: Lektiecafé", "      navn: Lektiecafé\n      forankres: yes")
    case.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(case)])
    assert "'yes' is not a valid choice for forankres" in result.stderr
    assert "did you mean 'ja'?" in result.stderr


def test_missing_score_says_what_a_score_is(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(replace("      evne: 3\n", ""), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(case)])
    assert "missing required key 'evne'" in result.stderr
    assert "add 'evne:' with a score: 1, 2, 3 or 4 (null when unknown)" in result.stderr
