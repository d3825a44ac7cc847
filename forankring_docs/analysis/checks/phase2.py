"""Rules on fase 2, the actors that could take the tasks on (A201, A202)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from forankring_docs.analysis.checks.lookups import (
    ACTORS,
    TASKS,
    anchored_tasks,
    make_finding,
)
from forankring_docs.analysis.checks.registry import Finding, rule
from forankring_docs.case.model import Case
from forankring_docs.i18n import _


@rule("A201", "A task of an anchored element has no candidate actor.", params=("task", "element"))
def a201_task_without_candidate(case: Case, today: dt.date) -> Iterator[Finding]:
    """A task of an anchored element that no fase2 actor's ``opgaver`` names (fuldt or delvist).

    Only once fase2 is worked out: before the mapping every task would warn.
    """
    if case.phase2 is None:
        return
    candidates = {task_id for actor in case.actors for task_id in actor.candidate_tasks}
    for i, task, element in anchored_tasks(case):
        if task.id not in candidates:
            yield make_finding(
                "A201",
                (*TASKS, i),
                _(
                    "the task '{task}' ({element}) has no candidate actor in fase2",
                    task=task.name,
                    element=element.name,
                ),
                _(
                    "add '{task_id}: fuldt' or '{task_id}: delvist' to the opgaver of an actor "
                    "that could take it on, or map a new actor",
                    task_id=task.id,
                ),
                task=task.name,
                element=element.name,
            )


@rule(
    "A202",
    "An actor is mapped to no task (or marked nej for every task).",
    params=("actor",),
    variants={"nej": ()},
)
def a202_actor_without_tasks(case: Case, today: dt.date) -> Iterator[Finding]:
    """A fase2 actor that could take on no task: its ``opgaver`` is empty, or marks every
    task it names ``nej``. Only when fase2 exists (it holds the actors)."""
    if case.phase2 is None:
        return
    for i, actor in enumerate(case.actors):
        if actor.candidate_tasks:
            continue
        variant = "nej" if actor.tasks else None  # assessed, and found unable for each
        if variant:
            message = _(
                "{actor} is marked 'nej' for every task it is assessed for", actor=actor.name
            )
            hint = _(
                "mark a task 'fuldt' or 'delvist' if the actor can take part after all, "
                "or remove the actor from the mapping"
            )
        else:
            message = _("{actor} is mapped to no task", actor=actor.name)
            hint = _(
                "add 'opgaver:' with the tasks it could take on (task id: fuldt or delvist), "
                "or remove the actor"
            )
        yield make_finding("A202", (*ACTORS, i), message, hint, variant, actor=actor.name)
