"""Section 1, the summary: the key figures of the case (the recommendation is the case's own
text)."""

from __future__ import annotations

from dataclasses import dataclass

from forankring_docs.case.model import ACTIVITY_STATUSES
from forankring_docs.report.lookup import ANCHORED, Lookup, given
from forankring_docs.report.tables import Fact

__all__ = ["KeyFigures", "build_figures"]


@dataclass(frozen=True, slots=True)
class KeyFigures:
    elements_anchored: int  # forankres ja or delvist, as the case says
    elements_partly: int  # of which delvist
    elements_phased_out: int
    elements_undecided: int  # forankres left out: not decided yet, whatever its default
    tasks: int
    actors_mapped: int
    actors_analysed: int
    actors_suitable: int  # egnet
    actors_capacity: int  # egnet med kapacitetsopbygning
    actors_not_suitable: int
    tasks_anchored: int  # in a chosen anchoring
    tasks_unresolved: int  # of an anchored element, without a chosen anchoring
    activities: int
    activities_by_status: tuple[tuple[str, int], ...]  # (status value, count), all statuses
    activities_status_not_given: int  # counted in none of the statuses
    activities_late: int
    rows: tuple[Fact, ...]  # the figures in words, for the table


def build_figures(lookup: Lookup) -> KeyFigures:
    case, L = lookup.case, lookup.labels
    # An element counts as anchored or phased out only when the case says so.
    decided = [e for e in case.elements if given(e, "anchored")]
    anchored = [e for e in decided if e.anchored in ANCHORED]
    partly = sum(1 for e in anchored if e.anchored == "delvist")
    phased_out = len(decided) - len(anchored)
    undecided = len(case.elements) - len(decided)
    conclusions = [a.conclusion for a in case.analyses]
    suitable = conclusions.count("egnet")
    capacity = conclusions.count("egnet_med_kapacitetsopbygning")
    not_suitable = conclusions.count("ikke_egnet")
    tasks_anchored = sum(1 for t in case.tasks if t.id in lookup.anchoring_of)
    unresolved = len(lookup.unresolved)
    with_status = [a for a in case.activities if given(a, "status")]
    by_status = tuple(
        (status, sum(1 for a in with_status if a.status == status)) for status in ACTIVITY_STATUSES
    )
    status_not_given = len(case.activities) - len(with_status)
    late = sum(1 for a in case.activities if lookup.is_late(a))

    rows = [
        Fact(
            L.text("figures", "elements_anchored"),
            L.text("figures", "elements_anchored_partly", n=len(anchored), partly=partly)
            if partly
            else L.text("figures", "elements_anchored_value", n=len(anchored)),
        ),
        Fact(L.text("figures", "elements_phased_out"), str(phased_out)),
    ]
    if undecided:
        rows.append(Fact(L.text("figures", "elements_undecided"), str(undecided), alert=True))
    rows.append(Fact(L.text("figures", "tasks"), str(len(case.tasks))))

    # Every figure has its row. One that counts what a phase the case has not worked out
    # yet would hold gives its count (0: nothing chosen, analysed, planned yet) and says
    # why, so that each row reads on its own and the rows agree with one another (no task
    # with a chosen anchoring, every task to be anchored without one).
    def pending(value: object, phase: int) -> str:
        return L.text("figures", "not_worked_out", value=value, phase=phase)

    actors = L.text("figures", "actors_value", mapped=len(case.actors), analysed=len(case.analyses))
    if case.phase2 is None and case.phase3 is None:
        actors = pending(actors, 2)
    elif case.phase3 is None:
        actors = pending(actors, 3)
    rows.append(Fact(L.text("figures", "actors"), actors))
    if case.phase3 is not None:
        rows += [
            Fact(
                L.text("figures", "suitable"),
                L.text(
                    "figures",
                    "suitable_value",
                    egnet=suitable,
                    capacity=capacity,
                    not_suitable=not_suitable,
                ),
            ),
            Fact(L.text("figures", "anchored_tasks"), str(tasks_anchored)),
            Fact(L.text("figures", "unresolved_tasks"), str(unresolved), alert=unresolved > 0),
        ]
    else:  # no anchoring chosen yet: every task of an anchored element is still open
        rows += [
            Fact(L.text("figures", "suitable"), pending(0, 3)),
            Fact(L.text("figures", "anchored_tasks"), pending(0, 3)),
            Fact(L.text("figures", "unresolved_tasks"), str(unresolved)),
        ]
    if case.phase4 is not None:
        counts = [
            L.text("figures", "status_count", n=n, status=L.word("activity_status", s).lower())
            for s, n in by_status
        ]
        if status_not_given:
            counts.append(L.text("figures", "status_not_given", n=status_not_given))
        statuses = L.text("list", "separator").join(counts)
        rows += [
            Fact(
                L.text("figures", "activities"),
                L.text("figures", "activities_value", n=len(case.activities), statuses=statuses),
            ),
            Fact(L.text("figures", "late"), str(late), alert=late > 0),
        ]
    else:
        rows += [
            Fact(L.text("figures", "activities"), pending(0, 4)),
            Fact(L.text("figures", "late"), pending(0, 4)),
        ]
    return KeyFigures(
        elements_anchored=len(anchored),
        elements_partly=partly,
        elements_phased_out=phased_out,
        elements_undecided=undecided,
        tasks=len(case.tasks),
        actors_mapped=len(case.actors),
        actors_analysed=len(case.analyses),
        actors_suitable=suitable,
        actors_capacity=capacity,
        actors_not_suitable=not_suitable,
        tasks_anchored=tasks_anchored,
        tasks_unresolved=unresolved,
        activities=len(case.activities),
        activities_by_status=by_status,
        activities_status_not_given=status_not_given,
        activities_late=late,
        rows=tuple(rows),
    )
