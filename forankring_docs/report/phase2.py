"""Phase 2, mapping the anchoring actors (section 5): the actors, and the matrix of which
actor can take on which task."""

from __future__ import annotations

from dataclasses import dataclass

from forankring_docs.report.lookup import Lookup, given
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
            # A sector left out is derived from the type (for the rules): said so, since
            # nobody decided it.
            sector=L.word("sector", actor.sector)
            if given(actor, "sector")
            else L.text("derived_from_type", value=L.word("sector", actor.sector)),
            placement=lookup.given_word("placement", actor, "placement"),
            contributes=actor.can_contribute,
            resources=tuple(actor.resources),
            contact=actor.contact,
        )
        for actor in lookup.case.actors
    )


def build_mapping_matrix(lookup: Lookup) -> Matrix | None:
    """The mapping per element, so that each fits a page: the element's tasks as columns under
    their task types (in the case's order of task types), a row for each actor with a mark
    for one of them (● fuldt, ◐ delvist, – nej: assessed and cannot; a blank cell is a task
    not assessed), and a count of candidate actors (fuldt or delvist) per task. Actors without
    a mark anywhere, and those assessed as unable to take on any task, are named under the
    matrices."""
    case, L = lookup.case, lookup.labels
    if not case.actors or not case.tasks:
        return None
    order = {type_id: i for i, type_id in enumerate(case.task_types)}
    symbols = {
        "fuldt": L.text("mapping", "full_symbol"),
        "delvist": L.text("mapping", "partial_symbol"),
        "nej": L.text("mapping", "no_symbol"),
    }
    totals = {t.id: 0 for t in case.tasks}
    for actor in case.actors:
        for task_id in actor.candidate_tasks:
            if task_id in totals:
                totals[task_id] += 1
    parts = []
    for element in case.elements:
        tasks = sorted(
            (t for t in case.tasks if t.element == element.id),
            key=lambda t: order.get(t.task_type, len(order)),  # stable: the case's order
        )
        if not tasks:
            continue  # an element without tasks has nothing to map (A101 says so)
        for index, (lo, hi) in enumerate(chunks(len(tasks), MATRIX_PART_MAX_COLUMNS)):
            part_tasks = tasks[lo:hi]
            part_ids = {t.id for t in part_tasks}
            shown = [a for a in case.actors if not part_ids.isdisjoint(a.tasks)]
            parts.append(
                MatrixPart(
                    groups=column_groups(lookup.task_type(t.task_type) for t in part_tasks),
                    columns=tuple(t.name for t in part_tasks),
                    rows=tuple(
                        MatrixRow(
                            a.name,
                            tuple(symbols.get(a.tasks.get(t.id, ""), "") for t in part_tasks),
                        )
                        for a in shown
                    ),
                    totals=tuple(totals[t.id] for t in part_tasks),
                    continued=index > 0,
                    alerts=tuple(
                        not totals[t.id] and lookup.is_anchored(t.element) for t in part_tasks
                    ),
                    title=element.name,
                )
            )
    unmarked = [a.name for a in case.actors if not any(t in totals for t in a.tasks)]
    # Marked, but only "nej": in the matrix with dashes; a sentence says what that comes to.
    unable = [
        a.name
        for a in case.actors
        if any(t in totals for t in a.tasks) and not any(t in totals for t in a.candidate_tasks)
    ]
    sentences = []
    if unmarked:
        sentences.append(L.text("mapping", "unmarked", actors=L.join(unmarked)))
    if unable:
        sentences.append(L.text("mapping", "unable", actors=L.join(unable)))
    return Matrix(
        tuple(parts),
        wide=any(len(p.columns) > MATRIX_PORTRAIT_MAX_COLUMNS for p in parts),
        unmarked=" ".join(sentences),
    )
