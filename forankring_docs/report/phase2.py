"""Phase 2, mapping the anchoring actors (section 5): the actors, and the matrix of which
actor can take on which task."""

from __future__ import annotations

from dataclasses import dataclass

from forankring_docs.report.lookup import Lookup
from forankring_docs.report.tables import (
    MATRIX_PART_MAX_COLUMNS,
    MATRIX_PORTRAIT_MAX_COLUMNS,
    Matrix,
    MatrixPart,
    MatrixRow,
    chunks,
    column_groups,
)

__all__ = ["ActorRow", "build_actors", "build_mapping_matrix"]


@dataclass(frozen=True, slots=True)
class ActorRow:
    name: str
    type: str
    department: str | None
    sector: str
    placement: str
    contributes: str | None
    resources: tuple[str, ...]
    contact: str | None


def build_actors(lookup: Lookup) -> tuple[ActorRow, ...]:
    L = lookup.labels
    return tuple(
        ActorRow(
            name=actor.name,
            type=L.word("actor_type", actor.type),
            department=actor.department,
            sector=L.word("sector", actor.sector),
            placement=L.word("placement", actor.placement),
            contributes=actor.can_contribute,
            resources=tuple(actor.resources),
            contact=actor.contact,
        )
        for actor in lookup.case.actors
    )


def build_mapping_matrix(lookup: Lookup) -> Matrix | None:
    """Actors × tasks, the tasks grouped under their task types (in the case's order of
    task types), ● fuldt / ◐ delvist, and a count of candidate actors per task."""
    case, L = lookup.case, lookup.labels
    if not case.actors or not case.tasks:
        return None
    order = {type_id: i for i, type_id in enumerate(case.task_types)}
    tasks = sorted(case.tasks, key=lambda t: order.get(t.task_type, len(order)))  # stable
    symbols = {
        "fuldt": L.text("mapping", "full_symbol"),
        "delvist": L.text("mapping", "partial_symbol"),
    }
    totals = dict.fromkeys((t.id for t in tasks), 0)
    for actor in case.actors:
        for task_id in actor.tasks:
            if task_id in totals:
                totals[task_id] += 1
    # Every actor has a row in the first part, with or without marks: an empty row says
    # as much as a full one. A continued part shows the actors with a mark in it and says
    # how many it leaves out, so a split matrix grows with the mappings, not with
    # actors × tasks (250 actors × 400 tasks would be 50 parts of 250 rows).
    parts = []
    for index, (lo, hi) in enumerate(chunks(len(tasks), MATRIX_PART_MAX_COLUMNS)):
        part_tasks = tasks[lo:hi]
        shown = [a for a in case.actors if index == 0 or any(t.id in a.tasks for t in part_tasks)]
        rows = tuple(
            MatrixRow(a.name, tuple(symbols.get(a.tasks.get(t.id, ""), "") for t in part_tasks))
            for a in shown
        )
        left_out = len(case.actors) - len(shown)
        parts.append(
            MatrixPart(
                groups=column_groups(lookup.task_type(t.task_type) for t in part_tasks),
                columns=tuple(t.name for t in part_tasks),
                rows=rows,
                totals=tuple(totals[t.id] for t in part_tasks),
                continued=index > 0,
                alerts=tuple(
                    not totals[t.id] and lookup.is_anchored(t.element) for t in part_tasks
                ),
                omitted=L.text("mapping", "omitted", "one" if left_out == 1 else "many", n=left_out)
                if left_out
                else "",
            )
        )
    return Matrix(tuple(parts), wide=len(tasks) > MATRIX_PORTRAIT_MAX_COLUMNS)
