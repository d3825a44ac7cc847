"""The résumé that opens the report: the strategy on one page, what the steering group must
decide, and, for a strategy in progress, where it stands.

A steering group member reads this and little else, so every point names the case's own
items and says in words what keeps an element from being ready (report.md, section 1).
"""

from __future__ import annotations

from dataclasses import dataclass

from forankring_docs.case.model import Activity, Analysis, Anchoring, Element, Task
from forankring_docs.report.lookup import ANCHORED, Lookup, earliest_handovers, given

__all__ = [
    "READINESS_SHADES",
    "StatusView",
    "StrategyRow",
    "StrategyView",
    "build_decisions",
    "build_status",
    "build_strategy",
]

#: Readiness of an element → the palette name of its cell.
READINESS_SHADES = {"ready": "green", "on_way": "yellow", "not_ready": "red"}
LOW = (1, 2)  # ikke til stede, svag
CAPACITY_CONCEPTS = ("evne", "vilje")  # what a hovedansvarlig must have to take over
OWNERSHIP_ACTIVITIES = ("ledelsesforankring", "aftale")
OPEN = ("ikke_startet", "i_gang")
#: A row of the one-page table names at most this many anchorings and shortcomings; the
#: rest are counted (phases 3 and 4 have them all), so the table stays a page.
MAX_LINES = 4
#: More late activities than this are one point for decision that names them all.
MAX_SEPARATE_DEADLINES = 3
DRAFTS = ("udkast", "til_godkendelse")


@dataclass(frozen=True, slots=True)
class StrategyRow:
    element: str
    anchorings: tuple[str, ...]  # one line per anchoring: model, hovedansvarlig, medansvarlige
    handover: str
    readiness: str  # ready | on_way | not_ready
    readiness_word: str
    shade: str
    missing: tuple[str, ...]  # what keeps it from ready, in words


@dataclass(frozen=True, slots=True)
class StrategyView:
    rows: tuple[StrategyRow, ...]
    phased_out: str | None  # "Udfases: A og B." under the table


@dataclass(frozen=True, slots=True)
class StatusView:
    """For a strategy that is not approved yet: where it stands and what comes next."""

    status: str
    next_steps: str | None  # meta.næste_skridt, when the case has it
    pending: tuple[str, ...]  # the phases not worked out yet, by name


@dataclass(frozen=True, slots=True)
class _Index:
    """What the rows look up per element and per actor, worked out once for the table (a
    case of hundreds of tasks and activities stays linear)."""

    tasks: dict[str, list[Task]]  # element id → its tasks
    anchorings: dict[str, list[Anchoring]]  # element id → the anchorings carrying its tasks
    activities: dict[str, list[Activity]]  # element id → the activities for it
    by_actor: dict[str, list[Activity]]  # actor id → the activities for it, in plan order
    analyses: dict[str, Analysis]

    @classmethod
    def of(cls, lookup: Lookup) -> _Index:
        case = lookup.case
        tasks: dict[str, list[Task]] = {}
        for task in case.tasks:
            tasks.setdefault(task.element, []).append(task)
        element_of = {task.id: task.element for task in case.tasks}
        anchorings: dict[str, list[Anchoring]] = {}
        elements_of_actor: dict[str, set[str]] = {}
        for anchoring in case.anchorings:
            elements = dict.fromkeys(element_of[t] for t in anchoring.tasks if t in element_of)
            for element in elements:
                anchorings.setdefault(element, []).append(anchoring)
                for member in anchoring.actors:
                    elements_of_actor.setdefault(member.actor, set()).add(element)
        activities: dict[str, list[Activity]] = {}
        by_actor: dict[str, list[Activity]] = {}
        for activity in lookup.activities:
            for actor in dict.fromkeys(activity.actors):
                by_actor.setdefault(actor, []).append(activity)
            # Those preparing one of its tasks, and those for an actor of its anchorings
            # that name no task.
            if activity.tasks:
                elements = {element_of[t] for t in activity.tasks if t in element_of}
            else:
                elements = {e for a in activity.actors for e in elements_of_actor.get(a, ())}
            for element in elements:
                activities.setdefault(element, []).append(activity)
        return cls(tasks, anchorings, activities, by_actor, {a.actor: a for a in case.analyses})


def build_strategy(lookup: Lookup) -> StrategyView:
    case, L = lookup.case, lookup.labels
    index = _Index.of(lookup)
    rows = tuple(
        _strategy_row(lookup, index, element)
        for element in case.elements
        if element.anchored in ANCHORED
    )
    phased = [e.name for e in case.elements if e.anchored not in ANCHORED]
    phased_out = L.text("strategy", "phased_out", names=L.join(phased)) if phased else None
    return StrategyView(rows, phased_out)


def _strategy_row(lookup: Lookup, index: _Index, element: Element) -> StrategyRow:
    L = lookup.labels
    tasks = index.tasks.get(element.id, [])
    anchorings = index.anchorings.get(element.id, [])
    blockers, progress = _readiness(lookup, index, element)
    readiness = "not_ready" if blockers else "on_way" if progress else "ready"
    if not tasks:
        blockers = [*blockers, L.text("strategy", "no_tasks")]
        readiness = "not_ready"
    handovers = sorted({a.handover for a in anchorings if a.handover is not None})
    handover = L.join(L.date(day, short=True) for day in handovers) or L.text("not_given")
    return StrategyRow(
        element=element.name,
        anchorings=_capped(
            lookup,
            list(dict.fromkeys(_anchoring_line(lookup, a) for a in anchorings)),
            "more_anchorings",
        ),
        handover=handover,
        readiness=readiness,
        readiness_word=L.text("strategy", readiness),
        shade=READINESS_SHADES[readiness],
        missing=_capped(lookup, blockers or progress, "more_missing"),
    )


def _anchoring_line(lookup: Lookup, anchoring: Anchoring) -> str:
    L = lookup.labels
    lead = anchoring.lead
    co = [lookup.actor_name(a.actor) for a in anchoring.actors if a.role == "medansvarlig"]
    who = L.text("strategy", "lead", name=lookup.actor_name(lead.actor)) if lead else ""
    if co:
        who = L.text("strategy", "co", lead=who, names=L.join(co)) if who else L.join(co)
    return L.text("strategy", "anchoring", model=L.word("model", anchoring.model), actors=who)


def _readiness(lookup: Lookup, index: _Index, element: Element) -> tuple[list[str], list[str]]:
    """What keeps the element from ready: (blockers: not ready, progress: on its way)."""
    L = lookup.labels
    blockers: list[str] = []
    progress: list[str] = []
    if not given(element, "anchored"):  # listed as to be anchored only by default
        blockers.append(L.text("strategy", "undecided"))
    unanchored = [
        t.name for t in index.tasks.get(element.id, ()) if t.id not in lookup.anchoring_of
    ]
    if unanchored:
        blockers.append(L.text("strategy", "unanchored", tasks=_quoted_list(lookup, unanchored)))
    for anchoring in index.anchorings.get(element.id, ()):
        for member in anchoring.actors:
            name = lookup.actor_name(member.actor)
            analysis = index.analyses.get(member.actor)
            if analysis is None:
                blockers.append(L.text("strategy", "not_analysed", actor=name))
                continue
            if analysis.conclusion == "ikke_egnet":
                blockers.append(L.text("strategy", "not_suitable", actor=name))
            activities = index.by_actor.get(member.actor, ())
            built = {concept for activity in activities for concept in activity.builds}
            for concept in CAPACITY_CONCEPTS if member.role == "hovedansvarlig" else ():
                score = analysis.score(concept).score
                if (score is None or score in LOW) and concept not in built:
                    blockers.append(
                        L.text(
                            "strategy",
                            "not_built",
                            actor=name,
                            concept=L.word("concept", concept).lower(),
                            score=_score_words(lookup, score),
                        )
                    )
            unknown = [c for c in L.get("words", "concept") if analysis.score(c).score is None]
            if unknown:
                concepts = L.join(L.word("concept", c).lower() for c in unknown)
                progress.append(L.text("strategy", "unknown", actor=name, concepts=concepts))
            # Capacity building planned or under way for the actor.
            building = [a for a in activities if a.builds and a.status in OPEN]
            if building:
                key = "building_one" if len(building) == 1 else "building_many"
                progress.append(L.text("strategy", key, actor=name, n=len(building)))
    for activity in index.activities.get(element.id, ()):
        if lookup.is_late(activity):
            blockers.append(L.text("strategy", "late", activity=_quoted(lookup, activity.name)))
    return _unique(blockers), _unique(progress)


def build_decisions(lookup: Lookup) -> tuple[str, ...]:
    """The numbered points for decision: the case's own recommendation first, then what the
    case itself shows must be decided, each naming the items."""
    case, L = lookup.case, lookup.labels
    points: list[str] = []
    if case.meta.recommendation:
        points.append(case.meta.recommendation)
    for task in lookup.unresolved:
        candidates = _candidates(lookup, task.id)
        if candidates:
            points.append(
                L.text(
                    "decisions",
                    "choose",
                    task=_quoted(lookup, task.name),
                    candidates=L.join(candidates),
                )
            )
        else:
            points.append(L.text("decisions", "choose_none", task=_quoted(lookup, task.name)))
    late = [a for a in lookup.activities if lookup.is_late(a) and a.deadline is not None]
    if len(late) > MAX_SEPARATE_DEADLINES:
        names = _quoted_list(lookup, [a.name for a in late])
        points.append(L.text("decisions", "deadlines", n=len(late), activities=names))
    else:
        points += [
            L.text(
                "decisions",
                "deadline",
                activity=_quoted(lookup, a.name),
                date=L.date(a.deadline),
            )
            for a in late
            if a.deadline is not None
        ]
    analyses = {a.actor: a for a in case.analyses}
    for actor_id, handover in earliest_handovers(case.anchorings).items():
        if actor_id not in analyses:
            name = lookup.actor_name(actor_id)
            points.append(
                L.text("decisions", "analyse", actor=name, date=L.date(handover))
                if handover is not None
                else L.text("decisions", "analyse_undated", actor=name)
            )
    for anchoring in case.anchorings:
        lead = anchoring.lead
        if lead is None or lead.actor not in analyses:
            continue
        score = analyses[lead.actor].willingness.score
        ownership = any(
            lead.actor in a.actors and a.type in OWNERSHIP_ACTIVITIES for a in case.activities
        )
        if (score is None or score in LOW) and not ownership:
            points.append(
                L.text(
                    "decisions",
                    "leadership",
                    actor=lookup.actor_name(lead.actor),
                    score=_score_words(lookup, score),
                )
            )
    return tuple(_unique(points))


def _candidates(lookup: Lookup, task_id: str) -> list[str]:
    """The actors the mapping marks for a task: those who can take it on fully first."""
    marked = [(a.tasks.get(task_id), a.name) for a in lookup.case.actors]
    return [name for extent in ("fuldt", "delvist") for mark, name in marked if mark == extent]


def build_status(lookup: Lookup) -> StatusView | None:
    """For a case with status udkast or til_godkendelse: its status, its next steps and the
    phases not worked out yet; None for an approved strategy."""
    case, L = lookup.case, lookup.labels
    if case.meta.status not in DRAFTS:
        return None
    phases = (case.phase2, case.phase3, case.phase4)
    pending = tuple(
        L.text("phases", f"fase{n}") for n, phase in enumerate(phases, 2) if phase is None
    )
    return StatusView(
        status=lookup.given_word("status", case.meta, "status"),
        next_steps=case.meta.next_steps,
        pending=pending,
    )


def _score_words(lookup: Lookup, score: int | None) -> str:
    L = lookup.labels
    if score is None:
        return L.word("score", None)
    return L.text("strategy", "score", score=score, word=L.word("score", score))


def _quoted(lookup: Lookup, text: str) -> str:
    return lookup.labels.text("quote", text=text)


def _quoted_list(lookup: Lookup, names: list[str]) -> str:
    return lookup.labels.join(_quoted(lookup, n) for n in names)


def _capped(lookup: Lookup, lines: list[str], more: str) -> tuple[str, ...]:
    """At most MAX_LINES lines, the last of them saying how many more there are."""
    if len(lines) <= MAX_LINES:
        return tuple(lines)
    rest = len(lines) - MAX_LINES + 1
    return (*lines[: MAX_LINES - 1], lookup.labels.text("strategy", more, n=rest))


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
