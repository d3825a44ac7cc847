"""The JSON Schema for editors: the committed copy is current, every property has Danish help,
enumerations match the model, and (with jsonschema installed) the schema accepts every example
case and the starter file, and refuses what the format refuses."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from forankring_docs.case import model
from forankring_docs.case.schema import (
    MODEL_TEXTS,
    SCHEMA_FILE_NAME,
    SCHEMA_ID,
    TITLE,
    case_schema,
    models,
    schema_json,
)
from forankring_docs.case.starter import starter_case
from tests.conftest import EXAMPLES

REPO = Path(__file__).resolve().parents[2]
COMMITTED = REPO / "schema" / SCHEMA_FILE_NAME
SHARED_EXAMPLES = EXAMPLES
REGENERATE = f"python -m forankring_docs schema -o schema/{SCHEMA_FILE_NAME}"

# (definition, property) → the model's enumeration it must list.
ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("Meta", "status"): model.STATUSES,
    ("Meta", "sprog"): model.LANGUAGES,
    ("BoardMember", "rolle"): model.BOARD_ROLES,
    ("Element", "type"): model.ELEMENT_TYPES,
    ("Element", "forankres"): model.ANCHOR_CHOICES,
    ("Task", "prioritet"): model.PRIORITIES,
    ("Actor", "type"): model.ACTOR_TYPES,
    ("Actor", "sektor"): model.SECTORS,
    ("Actor", "placering"): model.PLACEMENTS,
    ("Actor", "opgaver"): model.TAKE_ON,
    ("Analysis", "konklusion"): model.CONCLUSIONS,
    ("Anchoring", "model"): model.MODELS,
    ("Anchoring", "organiseringsform"): model.ORGANISATION_FORMS,
    ("AnchorActor", "rolle"): model.ROLES,
    ("Activity", "type"): model.ACTIVITY_TYPES,
    ("Activity", "styrker"): model.CONCEPTS,
    ("Activity", "status"): model.ACTIVITY_STATUSES,
    ("FollowUp", "forum"): model.FORUMS,
    ("Risk", "sandsynlighed"): model.LEVELS,
    ("Risk", "konsekvens"): model.LEVELS,
}


def example_files() -> list[Path]:
    found = sorted((REPO / "cases").glob("*.yaml"))
    if SHARED_EXAMPLES.is_dir():
        found += sorted(SHARED_EXAMPLES.glob("*.yaml"))
    return found


def definitions() -> Iterator[tuple[str, dict[str, Any]]]:
    schema = case_schema()
    yield "Case", schema
    yield from schema["$defs"].items()


def enum_in(node: Any) -> list[str] | None:
    """The enumeration a property schema lists, looking through anyOf, items and maps."""
    if not isinstance(node, dict):
        return None
    if "enum" in node:
        return node["enum"]
    children = [
        *node.get("anyOf", []),
        node.get("items"),
        *node.get("patternProperties", {}).values(),
    ]
    return next((found for child in children if (found := enum_in(child)) is not None), None)


def all_enums(node: Any) -> Iterator[list[str]]:
    if isinstance(node, dict):
        if "enum" in node:
            yield node["enum"]
        for value in node.values():
            yield from all_enums(value)
    elif isinstance(node, list):
        for item in node:
            yield from all_enums(item)


def json_data(path: Path) -> Any:
    """A case file as an editor's YAML 1.2 parser sees it, dates as ISO text."""
    return to_json(YAML(typ="safe").load(path.read_text(encoding="utf-8")))


def to_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): to_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [to_json(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# ------------------------------------------------------------------ the committed copy
def test_committed_schema_is_current() -> None:
    assert COMMITTED.is_file(), f"schema/{SCHEMA_FILE_NAME} is missing; run: {REGENERATE}"
    committed = COMMITTED.read_text(encoding="utf-8")
    assert committed == schema_json(), (
        f"schema/{SCHEMA_FILE_NAME} is stale: the case format changed since it was written. "
        f"Regenerate it with `{REGENERATE}` and commit it."
    )


def test_schema_json_is_stable_text() -> None:
    text = schema_json()
    assert text == schema_json()
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert "boligområde" in text  # not \u-escaped
    assert json.loads(text) == case_schema()
    assert text.startswith('{\n  "$schema": "https://json-schema.org/draft/2020-12/schema",\n')


def test_top_level_names_the_format() -> None:
    schema = case_schema()
    assert schema["$id"] == SCHEMA_ID
    assert schema["title"] == TITLE == "Forankringsstrategi, format 1"
    assert "fire faser" in schema["description"]
    assert schema["required"] == ["format", "meta", "fase1"]


# ------------------------------------------------------------------ help texts
def test_every_model_has_danish_texts() -> None:
    assert set(models()) == set(MODEL_TEXTS)
    for name, definition in definitions():
        assert definition["title"] and definition["description"], name


def test_every_property_has_the_models_danish_title_and_a_description() -> None:
    by_name = {cls.__name__: cls for cls in models()}
    for name, definition in definitions():
        fields = {info.alias or attr: info for attr, info in by_name[name].model_fields.items()}
        assert list(definition["properties"]) == list(fields), name
        for key, prop in definition["properties"].items():
            assert prop["title"] == fields[key].title, f"{name}.{key}"
            assert prop.get("description"), f"{name}.{key} has no description"


# Subschemas of rules that name some keys of a mapping (the anchoring's), not mappings.
RULE_KEYWORDS = ("allOf", "if", "then", "contains")


def nodes(node: Any, skip: tuple[str, ...] = ()) -> Iterator[dict[str, Any]]:
    """Every mapping in ``node``, not looking below the keys in ``skip``."""
    if isinstance(node, dict):
        yield node
        for key, value in node.items():
            if key not in skip:
                yield from nodes(value, skip)
    elif isinstance(node, list):
        for item in node:
            yield from nodes(item, skip)


def test_every_mapping_refuses_unknown_keys() -> None:
    found = [
        node
        for node in nodes(case_schema(), skip=RULE_KEYWORDS)
        if "properties" in node or "patternProperties" in node
    ]
    assert len(found) > 20
    assert all(node["additionalProperties"] is False for node in found)


def test_enums_match_the_model_constants() -> None:
    defs = case_schema()["$defs"]
    for (name, key), values in ENUMS.items():
        assert enum_in(defs[name]["properties"][key]) == list(values), f"{name}.{key}"


def test_every_enum_in_the_schema_is_a_model_constant() -> None:
    listed = {tuple(values) for values in all_enums(case_schema())}
    # The roles an enkeltaktør allows, and the scale of a score, besides the constants.
    others = {("hovedansvarlig", "bidragyder"), (1, 2, 3, 4, None)}
    assert listed == set(ENUMS.values()) | others


def test_every_enum_value_has_its_own_description() -> None:
    found = [
        (node["enum"], node.get("enumDescriptions", []))
        for node in nodes(case_schema())
        if "enum" in node
    ]
    assert len(found) > 20
    for values, texts in found:
        assert len(texts) == len(values), values
        assert all(text.strip() for text in texts), values
        assert len(set(texts)) == len(texts), f"two values of {values} read alike"


def test_scores_take_a_number_or_a_described_mapping() -> None:
    defs = case_schema()["$defs"]
    for concept in model.CONCEPTS:
        prop = defs["Analysis"]["properties"][concept]
        bare, mapping = prop["anyOf"]
        assert bare["enum"] == [1, 2, 3, 4, None]
        assert bare["enumDescriptions"][0] == "Ikke til stede."
        assert mapping["$ref"] == "#/$defs/Score"
        # Hover shows the texts of the form written: both carry the question and the scale.
        for form in (prop, bare, mapping):
            assert form["title"] == prop["title"]
            assert form["description"] == prop["description"]
        assert "1 = ikke til stede" in prop["description"]
    assert set(defs["Score"]["properties"]) == {"score", "begrundelse", "udviklingsbehov"}
    assert defs["Score"]["required"] == ["score"]


def test_task_types_are_offered_for_completion() -> None:
    prop = case_schema()["$defs"]["Task"]["properties"]["opgavetype"]
    assert prop["examples"] == list(model.BUILTIN_TASK_TYPES)
    assert "Koordinering og brobygning" in prop["description"]


# ------------------------------------------------------------------ with jsonschema
@pytest.fixture(scope="module")
def validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    schema = case_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    cls = jsonschema.Draft202012Validator
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def problems(validator: Any, data: Any) -> list[str]:
    return [f"{error.json_path}: {error.message}" for error in validator.iter_errors(data)]


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_schema_accepts_the_example_cases(validator: Any, path: Path) -> None:
    assert problems(validator, json_data(path)) == []


def test_schema_accepts_the_starter(validator: Any, tmp_path: Path) -> None:
    path = tmp_path / "ny.yaml"
    path.write_text(starter_case("Nordvang", dt.date(2026, 5, 17)), encoding="utf-8")
    assert problems(validator, json_data(path)) == []


def test_schema_accepts_the_starter_with_every_block_uncommented(
    validator: Any, tmp_path: Path
) -> None:
    from tests.case.test_starter import OPTIONAL, uncomment

    text = starter_case("Nordvang", dt.date(2026, 5, 17))
    for first in OPTIONAL:
        text = uncomment(text, first)
    path = tmp_path / "ny.yaml"
    path.write_text(text, encoding="utf-8")
    assert problems(validator, json_data(path)) == []


@pytest.mark.parametrize("phase", ["fase2", "fase3", "fase4"])
@pytest.mark.parametrize("empty", [None, {}])
def test_schema_accepts_a_phase_not_worked_out(validator: Any, phase: str, empty: Any) -> None:
    data = json_data(REPO / "cases" / "nordparken.yaml")
    data[phase] = empty
    assert problems(validator, data) == []


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda d: d["meta"].update(boligomraade="X"), id="ascii-key"),
        pytest.param(lambda d: d["fase2"]["aktører"][0].update(type="komune"), id="enum"),
        pytest.param(lambda d: d["fase3"]["analyser"][0].update(evne=5), id="score-range"),
        pytest.param(
            lambda d: d["fase3"]["analyser"][0].update(evne={"score": 2, "grund": "x"}),
            id="score-key",
        ),
        pytest.param(lambda d: d["fase1"]["hvad"][0].update(id="Lektiecafé"), id="bad-id"),
        pytest.param(lambda d: d["fase2"]["aktører"][0]["opgaver"].update(x="helt"), id="extent"),
        pytest.param(lambda d: d["meta"]["periode"].update(slut="30-06-2026"), id="date"),
        pytest.param(lambda d: d.update(format=2), id="format"),
        pytest.param(lambda d: d["fase1"].update(hvad=[]), id="no-elements"),
        pytest.param(lambda d: d.pop("meta"), id="missing-meta"),
        pytest.param(lambda d: d["fase4"]["risici"][0].update(konsekvens="stor"), id="level"),
        pytest.param(
            lambda d: d["fase3"]["forankring"][0]["snitflader"][0].pop("hvad"),
            id="interface-without-hvad",
        ),
        pytest.param(
            lambda d: d["fase3"]["forankring"][0]["snitflader"][0].update(modtager="x"),
            id="interface-key",
        ),
        pytest.param(
            lambda d: d["fase3"]["forankring"][0]["aktører"][1].update(opgaver="rg-åben"),
            id="role-tasks-not-a-list",
        ),
        pytest.param(lambda d: d["fase1"].update(hvorfor=" \t "), id="blank-text"),
        pytest.param(lambda d: d["fase1"].update(hvorfor=""), id="empty-text"),
        pytest.param(lambda d: d["fase3"]["analyser"][0].update(evne=2.5), id="score-2.5"),
        pytest.param(
            lambda d: first_anchoring(d)["aktører"][1].update(rolle="hovedansvarlig"),
            id="two-leads",
        ),
        pytest.param(
            lambda d: first_anchoring(d)["aktører"][0].update(rolle="bidragyder"), id="no-lead"
        ),
        pytest.param(
            lambda d: first_anchoring(d).update(model="enkeltaktør"), id="single-with-shared"
        ),
        pytest.param(lambda d: first_anchoring(d)["aktører"].pop(1), id="network-of-one"),
        pytest.param(
            lambda d: first_anchoring(d)["opgaver"].append(first_anchoring(d)["opgaver"][0]),
            id="repeated-task",
        ),
        pytest.param(
            lambda d: d["fase4"]["aktiviteter"][0]["styrker"].append("vilje"), id="repeated-concept"
        ),
        pytest.param(lambda d: d["fase1"]["hvad"][0].update(id=-5), id="negative-number-id"),
    ],
)
def test_schema_refuses_what_the_format_refuses(validator: Any, change: Any) -> None:
    data = json_data(REPO / "cases" / "nordparken.yaml")
    change(data)
    assert problems(validator, data)


def first_anchoring(data: Any) -> Any:
    """Nordparken's first anchoring: a netværk of a hovedansvarlig and a medansvarlig."""
    return data["fase3"]["forankring"][0]


def test_schema_accepts_what_validate_accepts(validator: Any) -> None:
    """Ids that YAML reads as numbers are ids as written; a score may be null; text may be a
    number; an enkeltaktør may have bidragydere."""
    data = json_data(REPO / "cases" / "nordparken.yaml")
    data["fase1"]["hvad"][0]["id"] = 2024
    first_anchoring(data)["opgaver"].append(2024)
    data["fase3"]["analyser"][0]["evne"] = {"score": None, "begrundelse": 3}
    first_anchoring(data)["model"] = "enkeltaktør"
    first_anchoring(data)["aktører"][1]["rolle"] = "bidragyder"
    data["meta"]["version"] = 1.1
    assert problems(validator, data) == []


@pytest.mark.parametrize("phase", ["fase2", "fase3", "fase4"])
def test_a_mistake_in_a_phase_is_reported_where_it_is(validator: Any, phase: str) -> None:
    """Not as "the phase matches none of its choices": a generic validator's best match is
    the wrong key itself."""
    jsonschema = pytest.importorskip("jsonschema")
    data = json_data(REPO / "cases" / "nordparken.yaml")
    data[phase]["ukendt"] = 1
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    assert error.json_path == f"$.{phase}"
    assert "'ukendt' was unexpected" in error.message


# Where each list of ids, values or texts gets an entry written twice, in Nordparken.
def _twice(path: tuple[str | int, ...], value: Any) -> Any:
    def change(data: Any) -> tuple[str | int, ...]:
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = [value, value]
        return path

    return change


_ANCHORING = ("fase3", "forankring", 0)
TWICE: dict[tuple[str, str], Any] = {
    ("Meta", "afdelinger"): _twice(("meta", "afdelinger"), "Afd. 1"),
    ("Meta", "boligorganisationer"): _twice(("meta", "boligorganisationer"), "Nordbo"),
    ("Element", "resultater"): _twice(("fase1", "hvad", 0, "resultater"), "Færre udsættelser"),
    ("Actor", "ressourcer"): _twice(("fase2", "aktører", 0, "ressourcer"), "Lokaler"),
    ("Anchoring", "opgaver"): _twice((*_ANCHORING, "opgaver"), "rg-åben"),
    ("AnchorActor", "opgaver"): _twice((*_ANCHORING, "aktører", 1, "opgaver"), "rg-åben"),
    ("Activity", "aktører"): _twice(("fase4", "aktiviteter", 0, "aktører"), "nordbo"),
    ("Activity", "opgaver"): _twice(("fase4", "aktiviteter", 0, "opgaver"), "rg-restancer"),
    ("Activity", "styrker"): _twice(("fase4", "aktiviteter", 0, "styrker"), "vilje"),
    ("Risk", "aktører"): _twice(("fase4", "risici", 0, "aktører"), "nordbo"),
    ("Risk", "opgaver"): _twice(("fase4", "risici", 0, "opgaver"), "rg-restancer"),
}


def scalar_lists() -> set[tuple[str, str]]:
    """(definition, key) of every list whose items are not mappings."""
    found = set()
    for name, definition in case_schema()["$defs"].items():
        for key, prop in definition.get("properties", {}).items():
            kinds = prop.get("type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if "array" in kinds and "$ref" not in prop.get("items", {}):
                found.add((name, key))
    return found


def test_every_list_of_values_is_covered_below() -> None:
    assert scalar_lists() == set(TWICE)


@pytest.mark.parametrize("where", sorted(TWICE), ids="-".join)
def test_lists_refuse_repeats_exactly_where_validate_does(
    where: tuple[str, str], tmp_path: Path
) -> None:
    """``uniqueItems`` where validate refuses an entry written twice, and nowhere else. When
    validate starts refusing repeats in a list, schema._NO_REPEATS is to name it."""
    from forankring_docs.case.validation import load_case
    from forankring_docs.diagnostics import CaseError, format_path

    data = json_data(REPO / "cases" / "nordparken.yaml")
    path = format_path(TWICE[where](data))
    case = tmp_path / "case.yaml"
    YAML(typ="safe").dump(data, case)
    try:
        load_case(case)
        refused = False
    except CaseError as exc:
        refused = any((d.path or "").startswith(f"{path}[") for d in exc.diagnostics)
    prop = case_schema()["$defs"][where[0]]["properties"][where[1]]
    assert prop.get("uniqueItems", False) == refused
