"""Which fields of each item the diff compares, read from the case model itself.

A field's id is its key in the case file (the pydantic alias, else the attribute name); the
fields of a nested model are flattened into key paths (``periode.start``); the value type and
an enumeration's values come from the field's type in the model (a ``Choice`` is a choice, a
``Date`` a date, a list a list). So a new field of the model is compared, and a new
enumeration value known, without an edit here.

What is a choice rather than a fact of the model is listed explicitly, and only that: the
English labels that are not the attribute name, the fields compared elsewhere or not at all,
and the one field shown through a getter of its own.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from forankring_docs.case.model import (
    Activity,
    Actor,
    Amount,
    Analysis,
    AnchorActor,
    Anchoring,
    BoardMember,
    Date,
    Element,
    FollowUp,
    Id,
    Meta,
    Period,
    Phase1,
    ProjectLeader,
    Risk,
    Score,
    ScoreNumber,
    Task,
    TaskResources,
    bare_type,
)

ValueType = Literal["text", "choice", "date", "number", "score", "id", "list"]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """How to read one field of an item: its YAML key, English label, value type and, for an
    enumeration (or a list of its values), the values it may take."""

    key: str
    label: str
    get: Callable[[Any], Any]
    value_type: ValueType = "text"
    choices: tuple[str, ...] = ()


# ------------------------------------------------------------------ the choices
#: English labels that are not the attribute name with spaces (``target_group`` is "target
#: group"); ``{parent}`` is the label of the field that holds the nested model.
LABELS: dict[tuple[type[BaseModel], str], str] = {
    (Meta, "area"): "housing area",
    (Meta, "departments"): "housing departments",
    (Meta, "language"): "report language",
    (Period, "start"): "{parent} start",
    (Period, "end"): "{parent} end",
    (ProjectLeader, "name"): "{parent}",
    (ProjectLeader, "organisation"): "{parent}'s organisation",
    (ProjectLeader, "email"): "{parent}'s e-mail",
    (ProjectLeader, "phone"): "{parent}'s phone",
    (Element, "anchored"): "to be anchored",
    (TaskResources, "kroner_per_year"): "DKK per year",
    (Actor, "contact"): "contact person",
    (Score, "score"): "{parent}",
    (Score, "reason"): "reason for {parent}",
    (Score, "development_need"): "development need for {parent}",
    (Analysis, "overall"): "overall assessment",
    (Anchoring, "tasks"): "tasks anchored together",
}

#: A score may be written bare (``evne: 3``), so its value goes by the concept's own key.
_STANDS_FOR_PARENT = frozenset({(Score, "score")})


def _member(member: BoardMember) -> str:
    details = ", ".join(x for x in (member.organisation, member.role) if x)
    return f"{member.name} ({details})" if details else member.name


def _members(meta: Meta) -> tuple[str, ...]:
    return tuple(_member(m) for m in meta.steering_group)


#: Fields shown through a getter of their own: a steering-group member as one line.
_GETTERS: dict[tuple[type[BaseModel], str], Callable[[Any], Any]] = {
    (Meta, "steering_group"): _members,
}

# The model's field types that say more than their Python type does.
_MODEL_TYPES: tuple[tuple[Any, ValueType], ...] = (
    (Date, "date"),
    (Amount, "number"),
    (ScoreNumber, "score"),
    (Id, "id"),
)


# ------------------------------------------------------------------ reading the model
def _key_of(model: type[BaseModel], name: str) -> str:
    """The key in the case file of the attribute ``name``."""
    return model.model_fields[name].alias or name


def _choices_of(model: type[BaseModel], name: str) -> tuple[str, ...]:
    """The values of an enumeration field (or of its list items or mapping values), else ()."""
    return _choices(model.model_fields[name])


def field_specs(
    model: type[BaseModel], *, skip: tuple[str, ...] = (), last: tuple[str, ...] = ()
) -> tuple[FieldSpec, ...]:
    """The compared fields of ``model`` in the model's order (``last`` moved to the end),
    nested models flattened into their fields."""
    names = [name for name in model.model_fields if name not in skip and name not in last]
    return tuple(spec for name in (*names, *last) for spec in _specs(model, name, "", "", (name,)))


def _specs(
    model: type[BaseModel], name: str, parent_key: str, parent_label: str, path: tuple[str, ...]
) -> Iterator[FieldSpec]:
    info = model.model_fields[name]
    key = _key_of(model, name)
    if (model, name) in _STANDS_FOR_PARENT:
        key = parent_key
    elif parent_key:
        key = f"{parent_key}.{key}"
    label = LABELS.get((model, name), name.replace("_", " ")).format(parent=parent_label)
    getter = _GETTERS.get((model, name))
    nested = bare_type(info.annotation)
    if getter is None and isinstance(nested, type) and issubclass(nested, BaseModel):
        for child in nested.model_fields:
            yield from _specs(nested, child, key, label, (*path, child))
        return
    annotation = info.rebuild_annotation()
    yield FieldSpec(key, label, getter or _attr(*path), _value_type(annotation), _choices(info))


def _value_type(annotation: Any) -> ValueType:
    annotation = _without_none(annotation)
    for model_type, value_type in _MODEL_TYPES:
        if annotation == model_type:
            return value_type
    origin = typing.get_origin(bare_type(annotation))
    if origin is list:
        return "list"
    if origin is Literal:
        return "choice"
    return "text"


def _choices(info: FieldInfo) -> tuple[str, ...]:
    inner = bare_type(info.annotation)
    if typing.get_origin(inner) in (list, dict):
        inner = bare_type(typing.get_args(inner)[-1])  # a list's items, a mapping's values
    return typing.get_args(inner) if typing.get_origin(inner) is Literal else ()


def _without_none(annotation: Any) -> Any:
    """``X | None`` as ``X``, keeping an ``Annotated`` X whole (that is the model's type)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _attr(*names: str) -> Callable[[Any], Any]:
    """A getter along attribute names; ``None`` as soon as a step is missing."""

    def get(item: Any) -> Any:
        for name in names:
            if item is None:
                return None
            item = getattr(item, name)
        return item

    return get


# ------------------------------------------------------------------ the tables
META_FIELDS = field_specs(Meta)
ELEMENT_FIELDS = field_specs(Element, skip=("id",))  # items are paired by id
TASK_FIELDS = field_specs(Task, skip=("id",))
ACTOR_FIELDS = field_specs(Actor, skip=("id", "tasks"))  # tasks: compared task by task
ANALYSIS_FIELDS = field_specs(Analysis, skip=("actor",))  # analyses are paired by actor
# An anchoring's actors are compared actor by actor, its interfaces by who hands over to
# whom; the tasks it anchors come last.
ANCHORING_FIELDS = field_specs(Anchoring, skip=("actors", "interfaces"), last=("tasks",))
ACTIVITY_FIELDS = field_specs(Activity)
FOLLOW_UP_FIELDS = field_specs(FollowUp)
RISK_FIELDS = field_specs(Risk, skip=("risk",))  # risks are paired by their text

# Fields compared outside the tables: the keys they go by.
WHY_KEY = _key_of(Phase1, "why")
TASK_TYPES_KEY = _key_of(Phase1, "task_types")
ACTOR_TASKS_KEY = _key_of(Actor, "tasks")  # what an actor can take on, task by task
ANCHOR_ACTORS_KEY = _key_of(Anchoring, "actors")  # an anchoring's actors, actor by actor
RESPONSIBILITY_KEY = f"{ANCHOR_ACTORS_KEY}.{_key_of(AnchorActor, 'responsibility')}"
ROLE_TASKS_KEY = f"{ANCHOR_ACTORS_KEY}.{_key_of(AnchorActor, 'tasks')}"  # a role's own tasks
INTERFACES_KEY = _key_of(Anchoring, "interfaces")  # one interface, by fra → til

_SPECS_BY_KIND: dict[str, tuple[FieldSpec, ...]] = {
    "meta": META_FIELDS,
    "element": ELEMENT_FIELDS,
    "task": TASK_FIELDS,
    "actor": ACTOR_FIELDS,
    "analysis": ANALYSIS_FIELDS,
    "anchoring": ANCHORING_FIELDS,
    "activity": ACTIVITY_FIELDS,
    "follow_up": FOLLOW_UP_FIELDS,
    "risk": RISK_FIELDS,
}

#: (item kind, field id) → the enumeration its values come from, for every field that
#: holds enumeration values (a list of them included), so that a report can word them.
CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    **{
        (kind, spec.key): spec.choices
        for kind, specs in _SPECS_BY_KIND.items()
        for spec in specs
        if spec.choices
    },
    ("actor", ACTOR_TASKS_KEY): _choices_of(Actor, "tasks"),
    ("anchoring", ANCHOR_ACTORS_KEY): _choices_of(AnchorActor, "role"),
}
