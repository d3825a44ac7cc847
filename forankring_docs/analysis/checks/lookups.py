"""What the rules of every phase share: the key paths they point into, a case's items by
id, and the names a finding gives them."""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from forankring_docs.analysis.checks.registry import Finding, Param
from forankring_docs.case.model import Actor, Analysis, AnchorActor, Anchoring, Case, Element, Task
from forankring_docs.diagnostics import Path

# Key paths of the lists the rules point into (the YAML keys, not the attribute names).
ELEMENTS: Path = ("fase1", "hvad")
TASKS: Path = ("fase1", "opgaver")
ACTORS: Path = ("fase2", "aktører")
ANALYSES: Path = ("fase3", "analyser")
ANCHORINGS: Path = ("fase3", "forankring")
ACTIVITIES: Path = ("fase4", "aktiviteter")
RISKS: Path = ("fase4", "risici")

ANCHORED = ("ja", "delvist")  # forankres values of an element that is carried on


def make_finding(
    code: str, path: Path, message: str, hint: str, variant: str | None = None, **params: Param
) -> Finding:
    """A finding, with the params of its report sentence as keywords."""
    return Finding(code, path, message, hint, dict(params), variant)


def blank(text: str | None) -> bool:
    """Whether a text is missing or holds only white space."""
    return text is None or not text.strip()


def single_spaced(text: str) -> str:
    """A text on one line: line breaks, indents and repeated spaces as one space."""
    return " ".join(text.split())


def one_line(text: str, limit: int = 60) -> str:
    """A long text for a message: on one line, cut at ``limit`` characters with an ellipsis."""
    line = single_spaced(text)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def is_anchored(element: Element) -> bool:
    return element.anchored in ANCHORED


def _elements_by_id(case: Case) -> dict[str, Element]:
    return {element.id: element for element in case.elements}


@dataclass(frozen=True, slots=True)
class _Lookups:
    """A case's tasks and actors by id: the rules name them in every finding, so they are
    made once per case rather than once per finding (which grew with rows × findings)."""

    case: weakref.ref[Case]
    tasks: dict[str, Task]
    actors: dict[str, Actor]


_last_lookups: list[_Lookups] = []  # the last case's (the rules read them; nobody changes them)


def _lookups(case: Case) -> _Lookups:
    if _last_lookups and _last_lookups[0].case() is case:
        return _last_lookups[0]
    found = _Lookups(
        weakref.ref(case),
        {task.id: task for task in case.tasks},
        {actor.id: actor for actor in case.actors},
    )
    _last_lookups[:] = [found]
    return found


def tasks_by_id(case: Case) -> dict[str, Task]:
    return _lookups(case).tasks


def actors_by_id(case: Case) -> dict[str, Actor]:
    return _lookups(case).actors


def analyses_by_actor(case: Case) -> dict[str, Analysis]:
    return {analysis.actor: analysis for analysis in case.analyses}


def anchoring_of_task(case: Case) -> dict[str, Anchoring]:
    return {task_id: anchoring for anchoring in case.anchorings for task_id in anchoring.tasks}


def anchored_tasks(case: Case) -> Iterator[tuple[int, Task, Element]]:
    """(index, task, element) for each task of an element that is to be anchored."""
    elements = _elements_by_id(case)
    for index, task in enumerate(case.tasks):
        element = elements[task.element]
        if is_anchored(element):
            yield index, task, element


def anchoring_actors(case: Case) -> Iterator[tuple[Path, Anchoring, AnchorActor]]:
    """(path, anchoring, entry) for each actor of each chosen anchoring, in file order."""
    for i, anchoring in enumerate(case.anchorings):
        for j, entry in enumerate(anchoring.actors):
            yield (*ANCHORINGS, i, "aktører", j), anchoring, entry


def lead_entry(anchoring: Anchoring) -> tuple[int, AnchorActor] | None:
    return next(
        ((j, a) for j, a in enumerate(anchoring.actors) if a.role == "hovedansvarlig"), None
    )


def actor_name(case: Case, actor_id: str) -> str:
    actor = actors_by_id(case).get(actor_id)
    return actor.name if actor else actor_id


def task_names(case: Case, task_ids: Iterable[str]) -> tuple[str, ...]:
    """Task names for a report sentence, in the anchoring's order (joined per language)."""
    tasks = tasks_by_id(case)
    return tuple(tasks[t].name if t in tasks else t for t in task_ids)


def quoted_task_names(case: Case, task_ids: Iterable[str]) -> str:
    """Task names for a command-line message: 'A', 'B'."""
    tasks = tasks_by_id(case)
    return ", ".join(f"'{tasks[t].name if t in tasks else t}'" for t in task_ids)


def concept_score(analysis: Analysis, concept: str) -> int | None:
    return analysis.score(concept).score
