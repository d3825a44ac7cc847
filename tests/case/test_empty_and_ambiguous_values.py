"""What a user sees for values that are easy to misread: a number with a Danish thousands
separator (40.000 is not forty), a list or mapping key left with no value (an empty list, as
case-format.md says: "Lists may be empty"), and a key with no value where a value is needed
(said in words, never as Python's 'None')."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from forankring_docs.case.schema import case_schema
from forankring_docs.case.starter import starter_case
from forankring_docs.case.validation import load_case
from forankring_docs.suggest import grouped_readings, number_meant
from tests.conftest import MINIMAL, replace
from tests.conftest import run_cli as validate

TASK_TYPE = "opgavetype: aktivitet"
RESOURCES = "opgavetype: aktivitet\n      ressourcer: {{{key}: {value}}}"  # line 16, value at 16:30
AT = {"kr_pr_år": 30, "timer_pr_uge": 34}  # the column of the value in RESOURCES


def resources(key: str, value: str) -> str:
    return replace(TASK_TYPE, RESOURCES.format(key=key, value=value))


# ================================================================ 1. 40.000 is not forty
@pytest.mark.parametrize(
    ("key", "value", "whole", "decimal", "written"),
    [
        ("kr_pr_år", "40.000", "40000", "40", "40.0"),
        ("kr_pr_år", "100.000", "100000", "100", "100.0"),
        ("kr_pr_år", "12.500", "12500", "12.5", "12.5"),
        ("timer_pr_uge", "1.005", "1005", "1.005", "1.0050"),
        ("timer_pr_uge", "7.500", "7500", "7.5", "7.5"),
    ],
)
def test_number_with_a_thousands_point_is_ambiguous(
    tmp_path: Path, key: str, value: str, whole: str, decimal: str, written: str
) -> None:
    code, errors, out = validate(tmp_path, resources(key, value))
    assert code == 1
    assert errors == [
        f"16:{AT[key]}: error: fase1.opgaver[0].ressourcer.{key}: '{value}' is "
        f"ambiguous: in Danish it means {whole}, as a number {decimal}"
    ], out
    assert (
        f"hint: write {whole} without a thousands separator, or {written} if the point "
        "is a decimal point"
    ) in out


def test_ambiguous_number_in_quotes_says_both(tmp_path: Path) -> None:
    code, errors, out = validate(tmp_path, resources("kr_pr_år", "'40.000'"))
    assert errors == [
        "16:30: error: fase1.opgaver[0].ressourcer.kr_pr_år: '40.000' is "
        "ambiguous: in Danish it means 40000, as a number 40"
    ], out
    assert (
        "hint: write 40000 without quotes and without a thousands separator, or 40.0 if "
        "the point is a decimal point"
    ) in out


@pytest.mark.parametrize(
    ("value", "number"),
    [
        ("7.5", 7.5),
        ("2.25", 2.25),
        ("0.125", 0.125),
        ("40000", 40000),
        ("40.0", 40.0),
        ("12.5", 12.5),
        ("1.0050", 1.005),
        ("1000.000", 1000.0),
        ("40.0000", 40.0),
        (".5", 0.5),
    ],
)
def test_ordinary_numbers_are_read_as_numbers(tmp_path: Path, value: str, number: float) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(resources("kr_pr_år", value), encoding="utf-8")
    assert load_case(path).case.tasks[0].resources.kroner_per_year == number


def test_several_thousands_points_are_not_a_number(tmp_path: Path) -> None:
    code, errors, out = validate(tmp_path, resources("kr_pr_år", "1.250.000"))
    assert errors == [
        "16:30: error: fase1.opgaver[0].ressourcer.kr_pr_år: '1.250.000' is not a number"
    ], out
    assert "hint: did you mean 1250000? Numbers are written without a thousands separator" in out


def test_thousands_comma_is_not_turned_into_a_thousands_point(tmp_path: Path) -> None:
    # The hint said "did you mean 40.000?": the very value that means 40 as a number.
    text = replace(TASK_TYPE, f"{TASK_TYPE}\n      ressourcer:\n        kr_pr_år: 40,000")
    code, errors, out = validate(tmp_path, text)
    assert errors == [
        "17:19: error: fase1.opgaver[0].ressourcer.kr_pr_år: '40,000' is not a number"
    ], out
    assert (
        "hint: write 40000 without a thousands separator, or 40.0 if the comma is a decimal comma"
    ) in out
    assert "40.000" not in out


def test_thousands_comma_inside_braces(tmp_path: Path) -> None:
    code, errors, out = validate(tmp_path, resources("kr_pr_år", "40,000"))
    assert errors == [
        "16:33: error: fase1.opgaver[0].ressourcer.000: unknown key '000' in "
        "'fase1.opgaver[0].ressourcer'"
    ], out
    assert (
        "hint: a comma inside { } separates entries, so 40,000 reads as 40 and a key "
        "'000': write 40000 without a thousands separator, or 40.0 if the comma is a "
        "decimal comma."
    ) in out


def test_decimal_comma_hints_are_kept(tmp_path: Path) -> None:
    text = replace(TASK_TYPE, f"{TASK_TYPE}\n      ressourcer:\n        timer_pr_uge: 7,5")
    _, _, out = validate(tmp_path, text)
    assert "hint: did you mean 7.5? Numbers are written with a point and no unit" in out
    _, _, out = validate(tmp_path, resources("timer_pr_uge", "7,5"))
    assert "write 7.5, with a point." in out


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("40.000", ("40000", "40", "40.0")),
        ("40,000", ("40000", "40", "40.0")),
        ("12.500", ("12500", "12.5", "12.5")),
        ("-40.000", ("-40000", "-40", "-40.0")),
        ("0.125", None),
        ("7.5", None),
        ("1.250.000", None),
        ("1000.000", None),
        ("40.00", None),
    ],
)
def test_grouped_readings(text: str, readings: tuple[str, str, str] | None) -> None:
    assert grouped_readings(text) == readings


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("40.000 kr.", "40000"),
        ("1.250.000", "1250000"),
        ("0.125 kr.", "0.125"),
        ("7,5", "7.5"),
        ("40,000", None),
        ("40,000 kr.", None),
        ("1.234,5", "1234.5"),
    ],
)
def test_number_meant(text: str, meant: str | None) -> None:
    assert number_meant(text) == meant


# ================================================================ 2. lists may be empty
EMPTY_KEYS = [
    pytest.param(
        "  boligområde: Testby",
        "  boligområde: Testby\n  afdelinger:",
        lambda c: c.meta.departments,
        [],
        id="afdelinger",
    ),
    pytest.param(
        "  boligområde: Testby",
        "  boligområde: Testby\n  boligorganisationer:",
        lambda c: c.meta.housing_organisations,
        [],
        id="boligorganisationer",
    ),
    pytest.param(
        "  boligområde: Testby",
        "  boligområde: Testby\n  styregruppe:",
        lambda c: c.meta.steering_group,
        [],
        id="styregruppe",
    ),
    pytest.param(
        "      navn: Lektiecafé",
        "      navn: Lektiecafé\n      resultater:",
        lambda c: c.elements[0].results,
        [],
        id="resultater",
    ),
    pytest.param(
        "  hvorfor: Fordi det virker.",
        "  hvorfor: Fordi det virker.\n  opgavetyper:",
        lambda c: c.phase1.task_types,
        {},
        id="opgavetyper",
    ),
    pytest.param(
        "      type: kommune",
        "      type: kommune\n      ressourcer:",
        lambda c: c.actors[0].resources,
        [],
        id="aktør-ressourcer",
    ),
    pytest.param(
        "      opgaver: {drift: fuldt}",
        "      opgaver:",
        lambda c: c.actors[0].tasks,
        {},
        id="aktør-opgaver",
    ),
    pytest.param(
        "  analyser:\n    - aktør: klub\n      forståelse: 3\n      mening: 3\n"
        "      evne: 3\n      vilje: 3\n      konklusion: egnet\n",
        "  analyser:\n",
        lambda c: c.analyses,
        [],
        id="analyser",
    ),
]


@pytest.mark.parametrize(("old", "new", "get", "empty"), EMPTY_KEYS)
def test_list_or_mapping_key_with_no_value_is_empty(
    tmp_path: Path, old: str, new: str, get: Any, empty: Any
) -> None:
    text = replace(old, new)
    code, errors, out = validate(tmp_path, text)
    assert code == 0 and errors == [], out
    path = tmp_path / "case.yaml"
    assert get(load_case(path).case) == empty


def test_every_list_of_a_phase_may_be_left_empty(tmp_path: Path) -> None:
    text = MINIMAL.split("  opgaver:\n")[0] + (
        "  opgaver:\n"
        "fase2:\n  aktører:\n"
        "fase3:\n  analyser:\n  forankring:\n"
        "fase4:\n  aktiviteter:\n    - navn: Oplæring\n      aktører:\n      opgaver:\n"
        "      styrker:\n  risici:\n"
    )
    code, errors, out = validate(tmp_path, text)
    assert code == 0 and errors == [], out
    case = load_case(tmp_path / "case.yaml").case
    assert case.tasks == [] and case.actors == [] and case.anchorings == []
    assert case.phase2 is not None  # worked out, with no actors: not "not worked out"
    assert case.activities[0].actors == case.activities[0].tasks == []
    assert case.activities[0].builds == [] and case.phase4 and case.phase4.risks == []


def test_starter_with_its_example_analyses_deleted(tmp_path: Path) -> None:
    # What a user has after deleting the example items `forankring new` writes.
    text = starter_case("Nordvang", dt.date(2026, 5, 17))
    head, rest = text.split("  analyser:\n", 1)
    text = head + "  analyser:\n  forankring:" + rest.split("  forankring:", 1)[1]
    code, errors, out = validate(tmp_path, text)
    assert code == 0 and errors == [], out
    assert load_case(tmp_path / "case.yaml").case.analyses == []


def test_phase_left_empty_is_still_not_worked_out(tmp_path: Path) -> None:
    text = MINIMAL.split("fase2:")[0] + "fase2:\nfase3: {}\n"
    code, _, out = validate(tmp_path, text)
    assert code == 0, out
    case = load_case(tmp_path / "case.yaml").case
    assert case.phase2 is None and case.phase3 is None


def test_elements_left_empty_need_an_item(tmp_path: Path) -> None:
    text = replace("  hvad:\n    - id: cafe\n      navn: Lektiecafé\n", "  hvad:\n")
    code, errors, out = validate(tmp_path, text)
    assert code == 1
    assert errors[0] == "8:8: error: fase1.hvad: 'hvad' needs at least one item", out
    assert "hint: write each item on its own line below 'hvad:', starting with '- '" in out
    assert "has no value" not in out


def test_anchored_tasks_left_empty_need_an_item(tmp_path: Path) -> None:
    code, errors, out = validate(tmp_path, replace("    - opgaver: [drift]", "    - opgaver:"))
    assert errors == [
        "35:15: error: fase3.forankring[0].opgaver: 'opgaver' needs at least one item"
    ], out


def test_anchoring_actors_left_empty_have_no_lead(tmp_path: Path) -> None:
    actors = (
        "      aktører:\n        - {aktør: klub, rolle: hovedansvarlig, ansvar: Driver "
        "caféen.}\n        - {aktør: forening, rolle: medansvarlig, ansvar: Frivillige.}"
    )
    code, errors, out = validate(tmp_path, replace(actors, "      aktører:"))
    assert code == 1
    assert errors == [
        "38:15: error: fase3.forankring[0].aktører: anchoring no. 1 has no 'hovedansvarlig'; "
        "it needs exactly one",
        "38:15: error: fase3.forankring[0].aktører: anchoring no. 1 is a 'netværk' but has 0 "
        "actors",
    ], out


# ------------------------------------------------------------------ the schema says so too
@pytest.fixture(scope="module")
def validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    cls = jsonschema.Draft202012Validator
    return cls(case_schema(), format_checker=cls.FORMAT_CHECKER)


def schema_data(text: str) -> Any:
    data = YAML(typ="safe").load(text)
    data["meta"]["periode"] = {"start": "2024-01-01", "slut": "2027-12-31"}
    return data


@pytest.mark.parametrize(("old", "new"), [(p.values[0], p.values[1]) for p in EMPTY_KEYS])
def test_schema_accepts_a_list_key_with_no_value(validator: Any, old: str, new: str) -> None:
    assert list(validator.iter_errors(schema_data(replace(old, new)))) == []


def test_schema_refuses_elements_with_no_value(validator: Any) -> None:
    text = replace("  hvad:\n    - id: cafe\n      navn: Lektiecafé\n", "  hvad:\n")
    assert list(validator.iter_errors(schema_data(text)))


# ================================================================ 3. no 'None' in a message
@pytest.mark.parametrize(
    ("old", "new", "error", "hint"),
    [
        (
            "format: 1",
            "format: null",
            "1:9: error: format: 'format' has no value",
            "this version of forankring reads format 1: write 'format: 1'",
        ),
        (
            "format: 1",
            "format:",
            "1:8: error: format: 'format' has no value",
            "this version of forankring reads format 1: write 'format: 1'",
        ),
        (
            "format: 1",
            "format: ~",
            "1:9: error: format: 'format' has no value",
            "this version of forankring reads format 1: write 'format: 1'",
        ),
        (
            "type: kommune",
            "type:",
            "20:12: error: fase2.aktører[0].type: 'type' has no value",
            "write one of these after 'type:': kommune, boligorganisation,",
        ),
        (
            "konklusion: egnet",
            "konklusion:",
            "33:18: error: fase3.analyser[0].konklusion: 'konklusion' has no value",
            "write one of these after 'konklusion:': "
            "egnet, egnet_med_kapacitetsopbygning, ikke_egnet",
        ),
        (
            "  boligområde: Testby",
            "  boligområde: Testby\n  status:",
            "5:10: error: meta.status: 'status' has no value",
            "write one of these after 'status:': udkast, til_godkendelse, godkendt",
        ),
        (
            "slut: 2027-12-31",
            "slut: null",
            "5:38: error: meta.periode.slut: 'slut' has no value",
            "write a date (YYYY-MM-DD) after 'slut:'",
        ),
        (
            "{drift: fuldt}",
            "{drift: }",
            "21:24: error: fase2.aktører[0].opgaver.drift: 'drift' has no value",
            "write one of these after 'drift:': fuldt, delvist",
        ),
        (
            "    - id: drift",
            "    - id:",
            "12:10: error: fase1.opgaver[0].id: 'id' has no value",
            "write an id after 'id:'",
        ),
        (
            "opgaver: [drift]",
            "opgaver: [drift, ~]",
            "35:24: error: fase3.forankring[0].opgaver[1]: item 2 of 'opgaver' has no value",
            "write an id after the '- ', or delete the empty item",
        ),
        (
            "    - id: klub",
            "    -\n    - id: klub",
            "18:6: error: fase2.aktører[0]: item 1 of 'aktører' has no value",
            "write a mapping of keys after the '- ', or delete the empty item",
        ),
        (
            "opgavetype: aktivitet",
            "opgavetype: aktivitet\n      prioritet: null",
            "16:18: error: fase1.opgaver[0].prioritet: 'prioritet' has no value",
            "write one of these after 'prioritet:': skal, bør, kan",
        ),
    ],
)
def test_key_with_no_value_is_said_in_words(
    tmp_path: Path, old: str, new: str, error: str, hint: str
) -> None:
    code, errors, out = validate(tmp_path, replace(old, new))
    assert code == 1
    assert errors[0] == error, out
    assert f"hint: {hint}" in out
    assert "None" not in out


def test_number_with_no_value_where_one_is_needed_is_optional(tmp_path: Path) -> None:
    code, _, out = validate(tmp_path, resources("kr_pr_år", ""))
    assert code == 0, out


def test_actor_with_no_id_named_in_a_rule(tmp_path: Path) -> None:
    text = replace("model: netværk", "model: enkeltaktør")
    text = replace("{aktør: forening, rolle: medansvarlig", "{aktør: , rolle: medansvarlig", text)
    code, errors, out = validate(tmp_path, text)
    assert errors == [
        "40:19: error: fase3.forankring[0].aktører[1].aktør: 'aktør' has no value",
        "40:28: error: fase3.forankring[0].aktører[1].rolle: anchoring no. 1 is 'enkeltaktør' "
        "but an actor without an id is 'medansvarlig'",
    ], out
    assert "None" not in out


def test_task_anchored_twice_where_tasks_could_not_be_read() -> None:
    # Found by test_loading_properties: 'fase1' a stand-in (tasks unsure) and two
    # anchorings of 'drift' raised KeyError instead of giving located errors.
    from forankring_docs.case.loader import load_bytes
    from forankring_docs.case.validation import validate as validate_loaded
    from forankring_docs.diagnostics import CaseError
    from tests.case.test_loading_properties import mutate

    broken = mutate(
        MINIMAL,
        [
            ("truncate", 2579, 0, "\t"),
            ("duplicate", 0, 0, "\t"),
            ("duplicate", 84, 0, "\t"),
            ("duplicate", 596, 0, "\t"),
        ],
    )
    with pytest.raises(CaseError) as caught:
        validate_loaded(load_bytes(broken.encode("utf-8"), "case.yaml"))
    assert caught.value.diagnostics
