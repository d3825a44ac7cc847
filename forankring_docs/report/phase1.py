"""Phase 1, what is to be anchored (sections 3 and 4): the elements, those phased out, and
the tasks grouped by element. (Why, section 2, is the case's own text.)"""

from __future__ import annotations

from dataclasses import dataclass

from forankring_docs.case.model import Element, Task
from forankring_docs.report.lookup import ANCHORED, Lookup

__all__ = [
    "ElementRow",
    "TaskGroup",
    "TaskRow",
    "build_elements",
    "build_phased_out",
    "build_task_groups",
]


@dataclass(frozen=True, slots=True)
class ElementRow:
    name: str
    type: str
    anchored: str
    results: tuple[str, ...]
    reason: str | None
    description: str | None


@dataclass(frozen=True, slots=True)
class TaskRow:
    name: str
    type: str
    target_group: str | None
    performer: str | None
    resources: str | None
    priority: str
    description: str | None


@dataclass(frozen=True, slots=True)
class TaskGroup:
    title: str  # the element's name, with "(udfases)" for a phased-out element
    tasks: tuple[TaskRow, ...]


def build_elements(lookup: Lookup) -> tuple[ElementRow, ...]:
    """The elements to be anchored (forankres ja or delvist)."""
    return tuple(_element(lookup, e) for e in lookup.case.elements if e.anchored in ANCHORED)


def build_phased_out(lookup: Lookup) -> tuple[ElementRow, ...]:
    """The elements phased out (forankres nej)."""
    return tuple(_element(lookup, e) for e in lookup.case.elements if e.anchored == "nej")


def build_task_groups(lookup: Lookup) -> tuple[TaskGroup, ...]:
    L = lookup.labels
    by_element: dict[str, list[Task]] = {}
    for task in lookup.case.tasks:
        by_element.setdefault(task.element, []).append(task)
    groups = []
    for element in lookup.case.elements:
        tasks = by_element.get(element.id)
        if not tasks:
            continue
        if element.anchored == "nej":
            title = L.text("tasks", "phased_out_group", element=element.name)
        elif element.anchored == "delvist":
            title = L.text("tasks", "partly_group", element=element.name)
        else:
            title = element.name
        groups.append(TaskGroup(title, tuple(_task_row(lookup, t) for t in tasks)))
    return tuple(groups)


def _element(lookup: Lookup, element: Element) -> ElementRow:
    return ElementRow(
        name=element.name,
        type=lookup.given_word("element_type", element, "type"),
        anchored=lookup.given_word("anchored", element, "anchored"),
        results=tuple(element.results),
        reason=element.reason,
        description=element.description,
    )


def _task_row(lookup: Lookup, task: Task) -> TaskRow:
    L = lookup.labels
    parts = []
    resources = task.resources
    if resources is not None:
        hours = resources.hours_per_week
        if hours is not None:
            key = "hours_per_week_one" if hours == 1 else "hours_per_week"
            parts.append(L.text("resources", key, value=L.number(hours)))
        if resources.kroner_per_year is not None:
            parts.append(
                L.text("resources", "kroner_per_year", value=L.amount(resources.kroner_per_year))
            )
        if resources.premises:
            parts.append(L.text("resources", "premises", value=resources.premises))
    return TaskRow(
        name=task.name,
        type=lookup.task_type(task.task_type),
        target_group=task.target_group,
        performer=task.current_performer,
        resources="; ".join(parts) or None,
        priority=lookup.given_word("priority", task, "priority"),
        description=task.description,
    )
