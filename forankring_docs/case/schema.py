"""The JSON Schema of the case format, for editors (yaml-language-server: hover and completion).

Generated from the pydantic models, then post-processed for people who write case files:
Danish titles and descriptions on every property (from the models' ``Field`` texts) and on
every definition, enumerations as ``enum``, unknown keys refused everywhere, and a stable
key order so that the committed copy (``schema/forankring-case-1.schema.json``) only changes
when the format does.

The schema is draft 2020-12, which yaml-language-server (VS Code's YAML extension) reads
since its version 1.20, with ``minContains``/``maxContains`` and ``$ref`` beside other
keywords. Wherever JSON Schema can say it, the schema gives ``forankring validate``'s verdict:
required texts not blank, ids (a number is an id as written), dates, scores, exactly one
hovedansvarlig per anchoring, a netværk of two or more, no medansvarlig in an enkeltaktør,
no repeats where validate refuses them. References between phases, unique ids, date order
and a score written ``3.0`` (a number equal to 3 to any JSON Schema tool) are checked by
``forankring validate`` only. Each enumeration value has its own help text
(``enumDescriptions``, :mod:`.schema_help`).
"""

from __future__ import annotations

import json
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from forankring_docs.case import model
from forankring_docs.case.model import BUILTIN_TASK_TYPES, ROLES, Case, Score, collection_keys
from forankring_docs.case.schema_help import SCORE_TEXTS, SCORE_VALUES, VALUE_TEXTS

SCHEMA_FILE_NAME = "forankring-case-1.schema.json"
# An identifier, not a location: editors load the schema from a file path (the committed copy
# or one written by `forankring schema -o`). Internal references ("#/$defs/...") do not
# depend on it.
SCHEMA_ID = "urn:forankring-docs:case-format:1"
DIALECT = "https://json-schema.org/draft/2020-12/schema"

TITLE = "Forankringsstrategi, format 1"
DESCRIPTION = (
    "En forankringsstrategi for en boligsocial indsats, skrevet efter CFBU's metode i fire "
    "faser: 1) hvorfor, hvad og hvilke opgaver, 2) kortlægning af mulige forankringsaktører, "
    "3) analyse af aktørerne og valg af forankring, 4) forankringsplanen. Kun format, meta og "
    "fase1 er påkrævet; en fase, der er tom, er ikke udarbejdet endnu."
)
SCALE = (
    "Skala: 1 = ikke til stede, 2 = svag, 3 = delvis, 4 = stærk, null = ukendt. Skriv et "
    "tal, eller skriv score med begrundelse og udviklingsbehov."
)

# Danish title and description of each model, shown where a whole mapping is described.
MODEL_TEXTS: dict[type[BaseModel], tuple[str, str]] = {
    Case: (TITLE, DESCRIPTION),
    model.Meta: ("Meta", "Hvem, hvor og hvornår: indsats, boligområde, periode og styregruppe."),
    model.Period: ("Periode", "Indsatsens periode med start- og slutdato."),
    model.ProjectLeader: ("Projektleder", "Projektlederen, der har skrevet strategien."),
    model.BoardMember: ("Styregruppemedlem", "Et medlem af styregruppen."),
    model.Phase1: (
        "Fase 1",
        "Hvorfor skal indsatsen forankres, hvad skal forankres, og hvilke opgaver indebærer det?",
    ),
    model.Element: (
        "Element",
        "Et element i indsatsen, der forankres, delvist forankres eller "
        "udfases: en aktivitet, metode, funktion eller et netværk.",
    ),
    model.Task: ("Opgave", "En konkret opgave i et element, som en aktør skal overtage."),
    model.TaskResources: ("Ressourcer", "Hvad opgaven kræver i dag."),
    model.Phase2: ("Fase 2", "Kortlæg mulige forankringsaktører og de opgaver, de kan løfte."),
    model.Actor: (
        "Aktør",
        "En mulig forankringsaktør, og hvilke opgaver den kan løfte, fuldt eller delvist "
        "(eller nej: vurderet og kan ikke).",
    ),
    model.Phase3: ("Fase 3", "Analyse af aktørerne og den valgte forankring pr. opgave."),
    model.Analysis: (
        "Analyse",
        "Analyse af én aktør på forståelse, mening, evne og vilje (1–4) med en konklusion.",
    ),
    model.Score: ("Score", "En score med begrundelse og udviklingsbehov."),
    model.Anchoring: (
        "Forankring",
        "Forankringen af en eller flere opgaver hos én aktør eller et "
        "netværk med præcis én hovedansvarlig.",
    ),
    model.AnchorActor: (
        "Aktør i forankringen",
        "En aktør i forankringen med rolle, ansvar og de opgaver, rollen dækker.",
    ),
    model.Interface: (
        "Snitflade",
        "En snitflade mellem to aktører i samme forankring: hvem giver hvad til hvem, "
        "hvornår og hvor.",
    ),
    model.Phase4: ("Fase 4", "Forankringsplanen: aktiviteter, opfølgning og risici."),
    model.Activity: (
        "Aktivitet",
        "En aktivitet i forankringsplanen, oftest kapacitetsopbygning, "
        "med ansvarlig, deadline og succeskriterium.",
    ),
    model.FollowUp: ("Opfølgning", "Hvor og hvor ofte fremdriften følges op."),
    model.Risk: ("Risiko", "En risiko for forankringen og dens håndtering."),
}

# Keys in this order first; any other keyword follows alphabetically.
_KEY_ORDER = (
    "$schema",
    "$id",
    "$ref",
    "title",
    "description",
    "type",
    "const",
    "enum",
    "enumDescriptions",
    "default",
    "examples",
    "format",
    "pattern",
    "patternErrorMessage",
    "minimum",
    "maximum",
    "minItems",
    "items",
    "uniqueItems",
    "contains",
    "minContains",
    "maxContains",
    "anyOf",
    "properties",
    "patternProperties",
    "required",
    "additionalProperties",
    "errorMessage",
    "allOf",
    "if",
    "then",
    "$defs",
)
_NAMED_CHILDREN = ("properties", "patternProperties", "$defs")
_PHASES = ("fase2", "fase3", "fase4")
# The lists in which validate refuses an entry written twice (references.py, _repeated).
_NO_REPEATS: dict[type[BaseModel], tuple[str, ...]] = {
    model.Anchoring: ("opgaver",),
    model.Activity: ("aktører", "opgaver", "styrker"),
    model.AnchorActor: ("opgaver",),
    model.Risk: ("aktører", "opgaver"),
}


# ------------------------------------------------------------------ public API
def case_schema() -> dict[str, Any]:
    """The JSON Schema of case format 1, with Danish help texts and a stable key order."""
    root = Case.model_json_schema(by_alias=True, mode="validation")
    defs: dict[str, Any] = root.pop("$defs")
    defs[Score.__name__] = Score.model_json_schema(by_alias=True, mode="validation")
    for cls in models():
        _describe_model(root if cls is Case else defs[cls.__name__], cls)
    _allow_empty_phases(root, defs)
    _list_task_types(defs[model.Task.__name__])
    for cls, keys in _NO_REPEATS.items():
        for key in keys:
            defs[cls.__name__]["properties"][key]["uniqueItems"] = True
    schema = {"$schema": DIALECT, "$id": SCHEMA_ID, **root, "$defs": dict(sorted(defs.items()))}
    _forbid_unknown_keys(schema)
    _merge_nullable(schema)
    # After that: these rules name some keys of a mapping and must not refuse the others.
    _anchoring_rules(defs[model.Anchoring.__name__])
    _describe_values(schema)
    return _ordered(schema)


def schema_json() -> str:
    """The schema as stable JSON text: indent 2, non-ASCII kept, one trailing newline."""
    return json.dumps(case_schema(), indent=2, ensure_ascii=False) + "\n"


def models() -> list[type[BaseModel]]:
    """Every model reachable from :class:`Case`, in a stable order (Case first)."""
    found: list[type[BaseModel]] = []
    pending: list[type[BaseModel]] = [Case]
    while pending:
        cls = pending.pop(0)
        if cls in found:
            continue
        found.append(cls)
        for info in cls.model_fields.values():
            pending.extend(_models_in(info.annotation))
    return found


# ------------------------------------------------------------------ post-processing
def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _models_in(arg)


def _describe_model(schema: dict[str, Any], cls: type[BaseModel]) -> None:
    """Danish title and description on the model and on each of its properties."""
    try:
        schema["title"], schema["description"] = MODEL_TEXTS[cls]
    except KeyError:
        raise KeyError(f"schema.MODEL_TEXTS has no Danish title for {cls.__name__}") from None
    properties = schema["properties"]
    for name, info in cls.model_fields.items():
        prop = properties[info.alias or name]
        if prop.get("default", ...) is None:
            del prop["default"]  # a null default helps no editor
        title = info.title or (info.alias or name)
        if info.annotation is Score and cls is not Score:
            prop.clear()
            prop.update(_score_property(title, info.description))
        elif info.description:
            prop["description"] = info.description
        prop["title"] = title
        if (info.alias or name) in collection_keys(cls):
            _allow_null(prop)


def _allow_null(prop: dict[str, Any]) -> None:
    """A list or mapping key left without a value (``analyser:``) is empty: the model reads
    it as [] or {}. Not where items are needed (``hvad``): null would be no better than []."""
    if prop.get("type") in ("array", "object") and not prop.get("minItems"):
        prop["type"] = [prop["type"], "null"]


def _score_property(title: str, description: str | None) -> dict[str, Any]:
    """A score: a bare number (or null), or a mapping described by the Score definition.

    Both forms carry the question and the scale: an editor's hover shows the texts of the
    form the value matches, and a mapping matches only the second."""
    text = f"{description} {SCALE}" if description else SCALE
    number = {"title": title, "description": text, "enum": list(SCORE_VALUES)}
    mapping = {"$ref": f"#/$defs/{Score.__name__}", "title": title, "description": text}
    return {"description": text, "anyOf": [number, mapping]}


def _allow_empty_phases(root: dict[str, Any], defs: dict[str, Any]) -> None:
    """``fase2: {}`` means "not worked out yet", like a phase left empty or out.

    The phase is ``type: [object, null]`` beside its ``$ref``, not a choice between three
    schemas: a validator then reports the wrong key inside the phase, not "the phase matches
    none of three". The definition's own keys are required of a phase that has any key."""
    for phase in _PHASES:
        prop = root["properties"][phase]
        ref = next(choice["$ref"] for choice in prop.pop("anyOf") if "$ref" in choice)
        prop.update({"$ref": ref, "type": ["object", "null"]})
        definition = defs[ref.rsplit("/", 1)[-1]]
        del definition["type"]
        if required := definition.pop("required", None):
            definition["if"] = {"minProperties": 1}
            definition["then"] = {"required": required}


def _anchoring_rules(anchoring: dict[str, Any]) -> None:
    """Exactly one hovedansvarlig; a netværk of at least two actors; no medansvarlig in an
    enkeltaktør (references.py, _check_anchoring_actors). Each rule in a schema of its own,
    with the message yaml-language-server shows (``errorMessage``) in the tool's words."""
    actors = anchoring["properties"]["aktører"]
    actors["type"] = "array"  # 'aktører:' left empty has no hovedansvarlig either
    actors["description"] += " Præcis én er hovedansvarlig."
    not_shared = [role for role in ROLES if role != "medansvarlig"]
    texts = dict(zip(ROLES, VALUE_TEXTS[ROLES], strict=True))
    one_lead = {
        "contains": {"properties": {"rolle": {"const": "hovedansvarlig"}}, "required": ["rolle"]},
        "minContains": 1,
        "maxContains": 1,
        "errorMessage": "Præcis én aktør i forankringen skal have rolle: hovedansvarlig.",
    }
    network = {
        "minItems": 2,
        "errorMessage": "Et netværk har mindst to aktører; eller brug model: enkeltaktør.",
    }
    no_shared = {
        "enum": not_shared,
        "enumDescriptions": [texts[role] for role in not_shared],
        "errorMessage": "En enkeltaktør har ingen medansvarlig: brug model: netværk, eller "
        "gør aktøren til bidragyder.",
    }
    anchoring["allOf"] = [
        {"properties": {"aktører": one_lead}},
        {"if": _model_is("netværk"), "then": {"properties": {"aktører": network}}},
        {
            "if": _model_is("enkeltaktør"),
            "then": {"properties": {"aktører": {"items": {"properties": {"rolle": no_shared}}}}},
        },
    ]


def _merge_nullable(schema: dict[str, Any]) -> None:
    """``anyOf: [{type: X, ...}, {type: null}]`` (pydantic's ``X | None``) as one schema with
    ``type: [X, null]``: a validator then says what is wrong with the value ("not a date")
    instead of "matches none of the choices". Choices of a definition or an enumeration stay
    as they are (null is not one of their values)."""
    for node in _subschemas(schema):
        choices = node.get("anyOf")
        if (
            isinstance(choices, list)
            and len(choices) == 2
            and choices[1] == {"type": "null"}
            and "type" in choices[0]
            and not {"$ref", "enum", "const"} & choices[0].keys()
        ):
            del node["anyOf"]
            first = choices[0]
            types = first.pop("type")
            node.update(first)
            node["type"] = [*(types if isinstance(types, list) else [types]), "null"]


def _model_is(name: str) -> dict[str, Any]:
    return {"properties": {"model": {"const": name}}, "required": ["model"]}


def _describe_values(schema: dict[str, Any]) -> None:
    """``enumDescriptions`` beside every ``enum``: a help text per value."""
    texts = {SCORE_VALUES: SCORE_TEXTS, **VALUE_TEXTS}
    for node in _subschemas(schema):
        if "enum" in node and "enumDescriptions" not in node:
            values = tuple(node["enum"])
            if values not in texts:
                raise KeyError(f"schema_help.VALUE_TEXTS has no texts for {values}")
            node["enumDescriptions"] = list(texts[values])


def _list_task_types(task: dict[str, Any]) -> None:
    """Offer the built-in task types for completion; a case may add its own."""
    prop = task["properties"]["opgavetype"]
    prop["examples"] = list(BUILTIN_TASK_TYPES)
    labels = "; ".join(f"{key}: {label}" for key, label in BUILTIN_TASK_TYPES.items())
    prop["description"] = f"{prop['description']} Indbyggede: {labels}."


def _forbid_unknown_keys(schema: dict[str, Any]) -> None:
    """``additionalProperties: false`` on every mapping with named or patterned keys."""
    for node in _subschemas(schema):
        if "properties" in node or "patternProperties" in node:
            node["additionalProperties"] = False


def _subschemas(node: Any) -> Iterator[dict[str, Any]]:
    """``node`` and every schema in it, each before those inside it, which are looked up
    only after the caller has changed it (the key of a property is not a schema)."""
    if isinstance(node, list):
        for item in node:
            yield from _subschemas(item)
        return
    if not isinstance(node, dict):
        return
    yield node
    for key, value in list(node.items()):
        children = list(value.values()) if key in _NAMED_CHILDREN else [value]
        for child in children:
            yield from _subschemas(child)


def _ordered(node: Any, named: bool = False) -> Any:
    """A copy with schema keywords in :data:`_KEY_ORDER`; property order is kept."""
    if isinstance(node, list):
        return [_ordered(item) for item in node]
    if not isinstance(node, dict):
        return node
    if named:
        return {key: _ordered(value) for key, value in node.items()}
    keys = sorted(node, key=_key_rank)
    return {key: _ordered(node[key], named=key in _NAMED_CHILDREN) for key in keys}


def _key_rank(key: str) -> tuple[int, str]:
    rank = _KEY_ORDER.index(key) if key in _KEY_ORDER else len(_KEY_ORDER)
    return rank, key
