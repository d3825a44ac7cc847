"""What the sections of the report share about one case: its items by id, the anchoring of
each task, the orders the report lists things in, the report's date and words.

Made once per report by :meth:`Lookup.of` and only read after that, so every section works
from the same look-ups and none of them is worked out twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel

from forankring_docs.case.model import (
    BUILTIN_TASK_TYPES,
    Activity,
    Actor,
    Analysis,
    Anchoring,
    Case,
    Element,
    Task,
)
from forankring_docs.report.labels import Labels

__all__ = ["ANCHORED", "Lookup", "earliest_handovers", "given"]

#: The values of ``forankres`` of an element that is to be anchored (wholly or in part).
ANCHORED = ("ja", "delvist")


def given(model: BaseModel, field: str) -> bool:
    """Whether the case file gives ``field`` of ``model``, rather than leaving it to the
    format's default (which serves the rules only: report.md, "Given, not defaulted")."""
    return field in model.model_fields_set


def earliest_handovers(anchorings: Iterable[Anchoring]) -> dict[str, date | None]:
    """Each actor of an anchoring once, in the case's order, with the earliest handover of
    the anchorings it is part of (None when none of them has a date)."""
    earliest: dict[str, date | None] = {}
    for anchoring in anchorings:
        for member in anchoring.actors:
            known = earliest.get(member.actor)
            day = anchoring.handover
            earliest[member.actor] = min(known, day) if known and day else known or day
    return earliest


@dataclass(frozen=True, slots=True)
class Lookup:
    """The look-ups of one case that the sections share (see the module)."""

    case: Case
    today: date
    labels: Labels
    title: str  # meta.titel, or the default title of the language
    elements: Mapping[str, Element]  # by id
    tasks: Mapping[str, Task]
    actors: Mapping[str, Actor]
    anchoring_of: Mapping[str, Anchoring]  # task id → the anchoring chosen for it
    activities: tuple[Activity, ...]  # by start, then deadline, then name; undated last
    analysed: tuple[Analysis, ...]  # in the order of the actors
    unresolved: tuple[Task, ...]  # of an element to be anchored, without an anchoring

    @classmethod
    def of(cls, case: Case, *, today: date, labels: Labels) -> Lookup:
        meta = case.meta
        elements = {e.id: e for e in case.elements}
        anchoring_of = {
            task: anchoring for anchoring in case.anchorings for task in anchoring.tasks
        }
        actor_order = {a.id: i for i, a in enumerate(case.actors)}
        return cls(
            case=case,
            today=today,
            labels=labels,
            title=meta.title or labels.text("default_title", indsats=meta.initiative),
            elements=elements,
            tasks={t.id: t for t in case.tasks},
            actors={a.id: a for a in case.actors},
            anchoring_of=anchoring_of,
            activities=tuple(sorted(case.activities, key=_activity_order)),
            analysed=tuple(
                sorted(case.analyses, key=lambda a: actor_order.get(a.actor, len(actor_order)))
            ),
            unresolved=tuple(
                task
                for task in case.tasks
                if task.id not in anchoring_of
                and (element := elements.get(task.element)) is not None
                and element.anchored in ANCHORED
            ),
        )

    @property
    def document_date(self) -> date:
        """The date the document carries: ``meta.dato``, else today."""
        return self.case.meta.date or self.today

    def given_word(self, group: str, model: BaseModel, field: str) -> str:
        """The word for a value the case gives; "ikke angivet" for one it leaves to the
        format's default."""
        if given(model, field):
            return self.labels.word(group, getattr(model, field))
        return self.labels.text("not_given")

    def task_name(self, task_id: str) -> str:
        task = self.tasks.get(task_id)
        return task.name if task else task_id

    def actor_name(self, actor_id: str) -> str:
        actor = self.actors.get(actor_id)
        return actor.name if actor else actor_id

    def task_type(self, type_id: str) -> str:
        own = self.case.phase1.task_types.get(type_id)
        if own:
            return own  # the case's own words
        words = self.labels.get("words").get("task_type", {})
        return str(words.get(type_id) or BUILTIN_TASK_TYPES.get(type_id, type_id))

    def is_anchored(self, element_id: str) -> bool:
        element = self.elements.get(element_id)
        return element is not None and element.anchored in ANCHORED

    def is_late(self, activity: Activity) -> bool:
        return (
            activity.deadline is not None
            and activity.deadline < self.today
            and activity.status != "afsluttet"
        )


def _activity_order(activity: Activity) -> tuple[bool, date, bool, date, str]:
    """By start, then deadline, then name; undated activities last."""
    return (
        activity.start is None,
        activity.start or date.max,
        activity.deadline is None,
        activity.deadline or date.max,
        activity.name.casefold(),
    )
