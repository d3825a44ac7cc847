"""The case file, format 1, as pydantic models.

Danish keys are aliases; attribute names are English. Values arrive from the loader as text
(or None), exactly as written; the field types below decide what a text means where a
number, a date or an enumeration value is expected, and say so in plain words when it does
not fit. A number written in quotes (``score: '3'``, a :class:`QuotedText`) is text, and
not a number: case-format.md writes numbers bare. Dates may be quoted. Cross-references
between items are checked in ``references.py``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from forankring_docs.case.model.fields import (
    _INTEGER_PATTERN,
    ACTIVITY_STATUSES,
    ACTIVITY_TYPES,
    ACTOR_TYPES,
    ANCHOR_CHOICES,
    BOARD_ROLES,
    BUILTIN_TASK_TYPES,
    CANDIDATE_EXTENTS,
    CONCEPTS,
    CONCLUSIONS,
    ELEMENT_TYPES,
    FORUMS,
    ID_PATTERN,
    LANGUAGES,
    LEVELS,
    MAX_AMOUNT,
    MODELS,
    ORGANISATION_FORMS,
    PLACEMENTS,
    PRIORITIES,
    ROLES,
    SECTOR_BY_ACTOR_TYPE,
    SECTORS,
    STATUSES,
    TAKE_ON,
    Amount,
    Choice,
    Date,
    Id,
    Model,
    RequiredText,
    ScoreNumber,
    Text,
    _as_id,
    _no_value,
    _not_quoted,
    _shown,
    bare_type,
    collection_keys,
    one_of,
    suggest_id,
)
from forankring_docs.case.model.meta import (
    BoardMember,
    Meta,
    Period,
    ProjectLeader,
)
from forankring_docs.case.model.phase1 import (
    Element,
    Phase1,
    Task,
    TaskResources,
)
from forankring_docs.case.model.phase2 import (
    Actor,
    Phase2,
)
from forankring_docs.case.model.phase3 import (
    Analysis,
    AnchorActor,
    Anchoring,
    Interface,
    Phase3,
    Score,
    ScoreField,
)
from forankring_docs.case.model.phase4 import (
    Activity,
    FollowUp,
    Phase4,
    Risk,
)
from forankring_docs.i18n import _

__all__ = [
    "ACTIVITY_STATUSES",
    "ACTIVITY_TYPES",
    "ACTOR_TYPES",
    "ANCHOR_CHOICES",
    "Activity",
    "Actor",
    "Amount",
    "Analysis",
    "AnchorActor",
    "Anchoring",
    "CANDIDATE_EXTENTS",
    "Interface",
    "LEVELS",
    "BOARD_ROLES",
    "BUILTIN_TASK_TYPES",
    "BoardMember",
    "CONCEPTS",
    "CONCLUSIONS",
    "Case",
    "Choice",
    "Date",
    "ELEMENT_TYPES",
    "Element",
    "FORUMS",
    "FollowUp",
    "ID_PATTERN",
    "Id",
    "LANGUAGES",
    "MAX_AMOUNT",
    "MODELS",
    "Meta",
    "Model",
    "ORGANISATION_FORMS",
    "PLACEMENTS",
    "PRIORITIES",
    "Period",
    "Phase1",
    "Phase2",
    "Phase3",
    "Phase4",
    "ProjectLeader",
    "ROLES",
    "RequiredText",
    "Risk",
    "SECTORS",
    "SECTOR_BY_ACTOR_TYPE",
    "STATUSES",
    "Score",
    "ScoreField",
    "ScoreNumber",
    "TAKE_ON",
    "Task",
    "TaskResources",
    "Text",
    "_as_id",
    "bare_type",
    "collection_keys",
    "one_of",
    "suggest_id",
]


# ------------------------------------------------------------------ the case
def _format_version(value: Any) -> Any:
    if value is None:
        raise _no_value()
    _not_quoted(value, _INTEGER_PATTERN, _("the format version"))
    if value in (1, "1"):
        return 1
    raise PydanticCustomError(
        "format_version", _("'{value}' is not a supported format version"), {"value": _shown(value)}
    )


def _phase(value: Any) -> Any:
    """A phase left empty (``fase3:``) or ``{}`` is not worked out yet."""
    return None if value == {} else value


def _maybe_phase(model: type) -> Any:
    return Annotated[model | None, BeforeValidator(_phase)]


class Case(Model):
    format: Annotated[
        Literal[1], BeforeValidator(_format_version), WithJsonSchema({"const": 1})
    ] = Field(title="Format", description="Formatversion; skal være 1.")
    meta: Meta = Field(title="Meta", description="Hvem, hvor og hvornår.")
    phase1: Phase1 = Field(
        alias="fase1",
        title="Fase 1: Hvorfor, hvad og hvilke opgaver",
        description="Hvorfor skal indsatsen forankres, hvad skal forankres, "
        "og hvilke opgaver indebærer det?",
    )
    phase2: _maybe_phase(Phase2) = Field(  # type: ignore[valid-type]
        None,
        alias="fase2",
        title="Fase 2: Kortlæg mulige forankringsaktører",
        description="Aktører, der kan overtage opgaverne helt eller delvist. Tom: ikke "
        "udarbejdet endnu.",
    )
    phase3: _maybe_phase(Phase3) = Field(  # type: ignore[valid-type]
        None,
        alias="fase3",
        title="Fase 3: Analyse af de potentielle forankringsaktører",
        description="Analyse af aktørerne og den valgte forankring pr. opgave. Tom: ikke "
        "udarbejdet endnu.",
    )
    phase4: _maybe_phase(Phase4) = Field(  # type: ignore[valid-type]
        None,
        alias="fase4",
        title="Fase 4: Forankringsplanen",
        description="Aktiviteter, opfølgning og risici. Tom: ikke udarbejdet endnu.",
    )

    # -------------------------------------------------------------- look-ups
    @property
    def elements(self) -> list[Element]:
        return self.phase1.what

    @property
    def tasks(self) -> list[Task]:
        return self.phase1.tasks

    @property
    def actors(self) -> list[Actor]:
        return self.phase2.actors if self.phase2 else []

    @property
    def analyses(self) -> list[Analysis]:
        return self.phase3.analyses if self.phase3 else []

    @property
    def anchorings(self) -> list[Anchoring]:
        return self.phase3.anchorings if self.phase3 else []

    @property
    def activities(self) -> list[Activity]:
        return self.phase4.activities if self.phase4 else []

    @property
    def task_types(self) -> dict[str, str]:
        """Built-in task types first, then the case's own, in their order."""
        return {**BUILTIN_TASK_TYPES, **self.phase1.task_types}
