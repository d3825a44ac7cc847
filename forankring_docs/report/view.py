"""The report view: pure functions from a :class:`~forankring_docs.case.model.Case` to the data a
report template shows.

Everything is worked out here, once, so the template only loops and prints: tables sorted,
enumeration values turned into words of the report's language, dates formatted, the
mapping matrix, the heat levels, the evne × vilje grid and the timeline. No I/O, no Word or
markup formatting: the template decides how things look; the view decides what they say.

Case text (names, descriptions, reasons) is passed on as written, never translated; the
template formats it with the ``paragraphs`` and ``inline`` filters of ``textformat``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Literal, Protocol

from forankring_docs.case.model import (
    ACTIVITY_STATUSES,
    BUILTIN_TASK_TYPES,
    CONCEPTS,
    Activity,
    Actor,
    Analysis,
    Anchoring,
    Case,
    Element,
    Task,
)
from forankring_docs.report.labels import Labels

if TYPE_CHECKING:
    from forankring_docs.analysis.changes import CaseChanges
    from forankring_docs.report.changes import ChangesView

__all__ = [
    "Labels",
    "ReportView",
    "build_view",
]

#: More data columns than this and a table goes on a landscape page.
PORTRAIT_MAX_COLUMNS = 8
#: A matrix (its columns are named by tasks or actors) goes landscape beyond this many columns.
MATRIX_PORTRAIT_MAX_COLUMNS = 4
#: At most this many task or actor columns in one matrix table (landscape); more are split.
MATRIX_PART_MAX_COLUMNS = 8
#: The timeline counts months up to this span, quarters beyond it.
TIMELINE_MAX_MONTHS = 18
#: ... and years beyond this many quarters; never more columns than TIMELINE_MAX_COLUMNS.
TIMELINE_MAX_QUARTERS = 40
TIMELINE_MAX_COLUMNS = 50
#: A handover date with more receiving actors than this is marked with its number of tasks.
TIMELINE_MAX_NAMED_ACTORS = 3

Level = Literal["red", "yellow", "green", "grey"]
HEAT_LEVELS: dict[int | None, Level] = {1: "red", 2: "red", 3: "yellow", 4: "green", None: "grey"}
STATUS_SHADES = {"ikke_startet": "grey", "i_gang": "blue", "afsluttet": "green"}
LATE_SHADE = "red"
BAR_SHADES = {"ikke_startet": "bar", "i_gang": "bar", "afsluttet": "green"}
MARK_SHADE = "mark"
ANCHORED = ("ja", "delvist")


class Finding(Protocol):
    """A warning of ``checks.run_checks`` (what the view needs of ``checks.Finding``)."""

    @property
    def code(self) -> str: ...


# ================================================================ the view
@dataclass(frozen=True, slots=True)
class Fact:
    """One row of a two-column facts table (cover, key figures, follow-up)."""

    label: str
    value: str
    alert: bool = False  # shown as a warning (e.g. overdue activities)
    items: tuple[str, ...] = ()  # when set: the value's parts, for a template to show one per line


@dataclass(frozen=True, slots=True)
class DocumentProperties:
    title: str
    subject: str
    author: str
    keywords: str
    created: str  # ISO date
    language_tag: str  # da-DK, en-GB


@dataclass(frozen=True, slots=True)
class CoverView:
    title: str
    subtitle: str  # the indsats; the area and municipality when the title already names it
    initiative: str
    area: str
    status: str
    is_draft: bool
    facts: tuple[Fact, ...]


@dataclass(frozen=True, slots=True)
class KeyFigures:
    elements_anchored: int  # forankres ja or delvist
    elements_partly: int  # of which delvist
    elements_phased_out: int
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
    activities_late: int
    rows: tuple[Fact, ...]  # the figures in words, for the table


@dataclass(frozen=True, slots=True)
class ElementRow:
    name: str
    type: str
    anchored: str
    anchored_value: str  # ja, delvist, nej
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
    phased_out: bool
    tasks: tuple[TaskRow, ...]


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


@dataclass(frozen=True, slots=True)
class ColumnGroup:
    label: str
    span: int


@dataclass(frozen=True, slots=True)
class MatrixRow:
    label: str
    cells: tuple[str, ...]  # the symbol or letter; "" for an empty cell


@dataclass(frozen=True, slots=True)
class MatrixPart:
    """One table of a matrix (a wide matrix is split into several)."""

    groups: tuple[ColumnGroup, ...]  # the first header row (task types); empty if none
    columns: tuple[str, ...]  # the column headers (task or actor names)
    rows: tuple[MatrixRow, ...]
    totals: tuple[int, ...]  # per column (candidate actors per task); empty if none
    continued: bool  # not the first part
    alerts: tuple[bool, ...] = ()  # per column: a task to be anchored that no actor can take on
    omitted: str = ""  # a continued part: "2 aktører uden markeringer … er ikke vist her."


@dataclass(frozen=True, slots=True)
class Matrix:
    parts: tuple[MatrixPart, ...]
    wide: bool  # more than PORTRAIT_MAX_COLUMNS data columns: a landscape page


@dataclass(frozen=True, slots=True)
class HeatCell:
    score: int | None
    word: str  # "stærk", "ukendt"
    level: Level  # red, yellow, green, grey


@dataclass(frozen=True, slots=True)
class HeatRow:
    actor: str
    cells: tuple[HeatCell, ...]  # forståelse, mening, evne, vilje
    conclusion: str
    conclusion_value: str


@dataclass(frozen=True, slots=True)
class Grid:
    """The evne × vilje two-by-two: actor names per cell, and those with an unknown score."""

    ready: tuple[str, ...]  # evne 3–4, vilje 3–4
    capacity: tuple[str, ...]  # evne 1–2, vilje 3–4
    ownership: tuple[str, ...]  # evne 3–4, vilje 1–2
    not_now: tuple[str, ...]  # evne 1–2, vilje 1–2
    unknown: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ConceptNote:
    concept: str  # the word, e.g. "Evne"
    score: str  # "2 – svag" / "ukendt"
    reason: str | None
    need: str | None


@dataclass(frozen=True, slots=True)
class ActorAnalysis:
    actor: str
    conclusion: str
    overall: str | None
    notes: tuple[ConceptNote, ...]  # the concepts with a reason or a development need


@dataclass(frozen=True, slots=True)
class AnchorActorRow:
    actor: str
    role: str
    role_value: str
    responsibility: str | None


@dataclass(frozen=True, slots=True)
class AnchoringView:
    number: int
    title: str  # the hovedansvarlig's name (the task names when there is none)
    tasks: tuple[str, ...]
    model: str
    organisation_form: str | None
    handover: str | None
    actors: tuple[AnchorActorRow, ...]
    facts: tuple[Fact, ...]


@dataclass(frozen=True, slots=True)
class ActivityRow:
    name: str
    type: str
    actors: tuple[str, ...]
    builds: tuple[str, ...]
    responsible: str | None
    start: str
    deadline: str
    status: str
    status_value: str
    shade: str  # a palette name for the status cell
    late: bool
    tasks: tuple[str, ...]
    success: str | None
    resources: str | None


@dataclass(frozen=True, slots=True)
class TimelineRow:
    label: str
    when: str  # the dates, for a mark row
    shades: tuple[str, ...]  # one per column; "" = not shaded
    symbol: str  # shown in shaded cells (marks); "" for activity bars


@dataclass(frozen=True, slots=True)
class Timeline:
    unit: Literal["month", "quarter", "year"]
    years: tuple[ColumnGroup, ...]  # the first header row; empty when the unit is a year
    columns: tuple[str, ...]
    rows: tuple[TimelineRow, ...]  # one per dated activity
    marks: tuple[TimelineRow, ...]  # handovers and the end of the period
    undated: tuple[str, ...]  # activities without start and deadline
    wide: bool


@dataclass(frozen=True, slots=True)
class RiskRow:
    risk: str
    response: str


@dataclass(frozen=True, slots=True)
class WarningView:
    code: str
    sentence: str


@dataclass(frozen=True, slots=True)
class PersonRow:
    name: str
    organisation: str | None
    role: str | None


@dataclass(frozen=True, slots=True)
class ReportView:
    language: str  # da, en
    properties: DocumentProperties
    cover: CoverView
    header: str  # "boligområde · titel"
    # 1
    figures: KeyFigures
    recommendation: str | None
    # 2-4 (fase1)
    why: str
    elements: tuple[ElementRow, ...]  # forankres ja / delvist
    phased_out: tuple[ElementRow, ...]  # forankres nej
    task_groups: tuple[TaskGroup, ...]
    # 5 (fase2)
    phase2: bool
    actors: tuple[ActorRow, ...]
    matrix: Matrix | None
    # 6-7 (fase3)
    phase3: bool
    concepts: tuple[str, ...]  # the four concept words, for headers
    heat: tuple[HeatRow, ...]
    grid: Grid | None
    analyses: tuple[ActorAnalysis, ...]
    anchorings: tuple[AnchoringView, ...]
    responsibility: Matrix | None
    unresolved: tuple[str, ...]  # task names
    # 8-10 (fase4)
    phase4: bool
    activities: tuple[ActivityRow, ...]
    timeline: Timeline | None
    risks: tuple[RiskRow, ...]
    warnings: tuple[WarningView, ...]
    show_warnings: bool
    follow_up: tuple[Fact, ...]
    steering_group: tuple[PersonRow, ...]
    contact: tuple[Fact, ...]  # the project leader
    about: tuple[Fact, ...]  # version, date, status, language, format
    changes: ChangesView | None = None  # render --changes-since: after the summary


# ================================================================ building it
def build_view(
    case: Case,
    *,
    today: date,
    language: str,
    labels: Labels,
    findings: Sequence[Finding] = (),
    show_warnings: bool = True,
    changes: CaseChanges | None = None,
    changes_since: str | None = None,
) -> ReportView:
    """Everything the report shows, worked out from ``case`` (pure: no I/O).

    ``changes``: what changed since the git revision ``changes_since`` (their section is
    left out without them).
    """
    view = _Builder(case, today, language, labels).view(findings, show_warnings)
    if changes is None or changes_since is None:
        return view
    from forankring_docs.report.changes import build_changes

    return replace(view, changes=build_changes(changes, changes_since, case, labels))


class _Builder:
    """Look-ups shared by the parts of the view (names by id, analyses by actor)."""

    def __init__(self, case: Case, today: date, language: str, labels: Labels) -> None:
        self.case = case
        self.today = today
        self.language = language
        self.L = labels
        self.elements: dict[str, Element] = {e.id: e for e in case.elements}
        self.tasks: dict[str, Task] = {t.id: t for t in case.tasks}
        self.actors: dict[str, Actor] = {a.id: a for a in case.actors}
        self.analyses: dict[str, Analysis] = {a.actor: a for a in case.analyses}
        self.anchoring_of: dict[str, Anchoring] = {
            task: anchoring for anchoring in case.anchorings for task in anchoring.tasks
        }

    # ------------------------------------------------------------ helpers
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
        words = self.L.get("words").get("task_type", {})
        return str(words.get(type_id) or BUILTIN_TASK_TYPES.get(type_id, type_id))

    def unresolved_tasks(self) -> list[Task]:
        return [
            task
            for task in self.case.tasks
            if task.id not in self.anchoring_of
            and (element := self.elements.get(task.element)) is not None
            and element.anchored in ANCHORED
        ]

    def is_anchored(self, element_id: str) -> bool:
        element = self.elements.get(element_id)
        return element is not None and element.anchored in ANCHORED

    def is_late(self, activity: Activity) -> bool:
        return (
            activity.deadline is not None
            and activity.deadline < self.today
            and activity.status != "afsluttet"
        )

    # ------------------------------------------------------------ the whole
    def view(self, findings: Sequence[Finding], show_warnings: bool) -> ReportView:
        case, L = self.case, self.L
        meta = case.meta
        title = meta.title or L.text("default_title", indsats=meta.initiative)
        activities = sorted(case.activities, key=_activity_order)
        phase3 = case.phase3 is not None
        return ReportView(
            language=self.language,
            properties=self.properties(title),
            cover=self.cover(title),
            header=L.text("separator").join((meta.area, title)),
            figures=self.figures(),
            recommendation=meta.recommendation,
            why=case.phase1.why,
            elements=tuple(self.element(e) for e in case.elements if e.anchored in ANCHORED),
            phased_out=tuple(self.element(e) for e in case.elements if e.anchored == "nej"),
            task_groups=self.task_groups(),
            phase2=case.phase2 is not None,
            actors=tuple(self.actor(a) for a in case.actors),
            matrix=self.mapping_matrix(),
            phase3=phase3,
            concepts=tuple(L.word("concept", c) for c in CONCEPTS),
            heat=tuple(self.heat_row(a) for a in self.analysed_in_actor_order()),
            grid=self.grid() if case.analyses else None,
            analyses=tuple(self.analysis(a) for a in self.analysed_in_actor_order()),
            anchorings=tuple(self.anchoring(i, a) for i, a in enumerate(case.anchorings, 1)),
            responsibility=self.responsibility_matrix(),
            unresolved=tuple(t.name for t in self.unresolved_tasks()) if phase3 else (),
            phase4=case.phase4 is not None,
            activities=tuple(self.activity(a) for a in activities),
            timeline=self.timeline(activities),
            risks=tuple(RiskRow(r.risk, r.response) for r in case.phase4.risks)
            if case.phase4
            else (),
            warnings=self.warnings(findings) if show_warnings else (),
            show_warnings=show_warnings,
            follow_up=self.follow_up(),
            steering_group=tuple(
                PersonRow(m.name, m.organisation, L.word("board_role", m.role) if m.role else None)
                for m in meta.steering_group
            ),
            contact=self.contact(),
            about=self.about(),
        )

    # ------------------------------------------------------------ cover and properties
    def properties(self, title: str) -> DocumentProperties:
        meta = self.case.meta
        leader = meta.project_leader
        keywords = ", ".join(k for k in (meta.area, meta.municipality) if k)
        return DocumentProperties(
            title=title,
            subject=meta.initiative,
            author=leader.name if leader else "",
            keywords=keywords,
            created=(meta.date or self.today).isoformat(),
            language_tag=self.L.tag,
        )

    def cover(self, title: str) -> CoverView:
        meta, L = self.case.meta, self.L
        facts = [Fact(L.text("cover", "area"), meta.area)]
        if meta.departments:
            facts.append(Fact(L.text("cover", "departments"), L.join(meta.departments)))
        if meta.municipality:
            facts.append(Fact(L.text("cover", "municipality"), meta.municipality))
        if meta.housing_organisations:
            facts.append(
                Fact(L.text("cover", "housing_organisations"), L.join(meta.housing_organisations))
            )
        facts.append(
            Fact(L.text("cover", "period"), L.date_range(meta.period.start, meta.period.end))
        )
        if meta.version:
            facts.append(Fact(L.text("cover", "version"), meta.version))
        facts.append(Fact(L.text("cover", "date"), L.date(meta.date or self.today)))
        status = L.word("status", meta.status)
        facts.append(Fact(L.text("cover", "status"), status, alert=meta.status == "udkast"))
        leader = meta.project_leader
        if leader:
            who = ", ".join(p for p in (leader.name, leader.organisation) if p)
            facts.append(Fact(L.text("cover", "project_leader"), who))
        subtitle = meta.initiative
        if meta.initiative in title:
            subtitle = L.text("separator").join(p for p in (meta.area, meta.municipality) if p)
        return CoverView(
            title=title,
            subtitle=subtitle,
            initiative=meta.initiative,
            area=meta.area,
            status=status,
            is_draft=meta.status == "udkast",
            facts=tuple(facts),
        )

    # ------------------------------------------------------------ 1. key figures
    def figures(self) -> KeyFigures:
        case, L = self.case, self.L
        anchored = [e for e in case.elements if e.anchored in ANCHORED]
        partly = sum(1 for e in anchored if e.anchored == "delvist")
        conclusions = [a.conclusion for a in case.analyses]
        suitable = conclusions.count("egnet")
        capacity = conclusions.count("egnet_med_kapacitetsopbygning")
        not_suitable = conclusions.count("ikke_egnet")
        tasks_anchored = sum(1 for t in case.tasks if t.id in self.anchoring_of)
        unresolved = len(self.unresolved_tasks())
        by_status = tuple(
            (status, sum(1 for a in case.activities if a.status == status))
            for status in ACTIVITY_STATUSES
        )
        late = sum(1 for a in case.activities if self.is_late(a))

        rows = [
            Fact(
                L.text("figures", "elements_anchored"),
                L.text("figures", "elements_anchored_partly", n=len(anchored), partly=partly)
                if partly
                else L.text("figures", "elements_anchored_value", n=len(anchored)),
            ),
            Fact(
                L.text("figures", "elements_phased_out"),
                str(len(case.elements) - len(anchored)),
            ),
            Fact(L.text("figures", "tasks"), str(len(case.tasks))),
        ]

        # Every figure has its row. One that counts what a phase the case has not worked out
        # yet would hold gives its count (0: nothing chosen, analysed, planned yet) and says
        # why, so that each row reads on its own and the rows agree with one another (no task
        # with a chosen anchoring, every task to be anchored without one).
        def pending(value: object, phase: int) -> str:
            return L.text("figures", "not_worked_out", value=value, phase=phase)

        actors = L.text(
            "figures", "actors_value", mapped=len(case.actors), analysed=len(case.analyses)
        )
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
            statuses = L.text("list", "separator").join(
                L.text("figures", "status_count", n=n, status=L.word("activity_status", s).lower())
                for s, n in by_status
            )
            rows += [
                Fact(
                    L.text("figures", "activities"),
                    L.text(
                        "figures", "activities_value", n=len(case.activities), statuses=statuses
                    ),
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
            elements_phased_out=len(case.elements) - len(anchored),
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
            activities_late=late,
            rows=tuple(rows),
        )

    # ------------------------------------------------------------ 3-4. elements and tasks
    def element(self, element: Element) -> ElementRow:
        L = self.L
        return ElementRow(
            name=element.name,
            type=L.word("element_type", element.type),
            anchored=L.word("anchored", element.anchored),
            anchored_value=element.anchored,
            results=tuple(element.results),
            reason=element.reason,
            description=element.description,
        )

    def task_groups(self) -> tuple[TaskGroup, ...]:
        L = self.L
        by_element: dict[str, list[Task]] = {}
        for task in self.case.tasks:
            by_element.setdefault(task.element, []).append(task)
        groups = []
        for element in self.case.elements:
            tasks = by_element.get(element.id)
            if not tasks:
                continue
            if element.anchored == "nej":
                title = L.text("tasks", "phased_out_group", element=element.name)
            elif element.anchored == "delvist":
                title = L.text("tasks", "partly_group", element=element.name)
            else:
                title = element.name
            groups.append(
                TaskGroup(title, element.anchored == "nej", tuple(self.task_row(t) for t in tasks))
            )
        return tuple(groups)

    def task_row(self, task: Task) -> TaskRow:
        L = self.L
        parts = []
        resources = task.resources
        if resources is not None:
            if resources.hours_per_week is not None:
                parts.append(
                    L.text("resources", "hours_per_week", value=L.number(resources.hours_per_week))
                )
            if resources.kroner_per_year is not None:
                parts.append(
                    L.text(
                        "resources", "kroner_per_year", value=L.number(resources.kroner_per_year)
                    )
                )
            if resources.premises:
                parts.append(L.text("resources", "premises", value=resources.premises))
        return TaskRow(
            name=task.name,
            type=self.task_type(task.task_type),
            target_group=task.target_group,
            performer=task.current_performer,
            resources="; ".join(parts) or None,
            priority=L.word("priority", task.priority),
            description=task.description,
        )

    # ------------------------------------------------------------ 5. actors and mapping
    def actor(self, actor: Actor) -> ActorRow:
        L = self.L
        return ActorRow(
            name=actor.name,
            type=L.word("actor_type", actor.type),
            department=actor.department,
            sector=L.word("sector", actor.sector),
            placement=L.word("placement", actor.placement),
            contributes=actor.can_contribute,
            resources=tuple(actor.resources),
            contact=actor.contact,
        )

    def mapping_matrix(self) -> Matrix | None:
        """Actors × tasks, the tasks grouped under their task types (in the case's order of
        task types), ● fuldt / ◐ delvist, and a count of candidate actors per task."""
        case, L = self.case, self.L
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
        for index, (lo, hi) in enumerate(_chunks(len(tasks), MATRIX_PART_MAX_COLUMNS)):
            part_tasks = tasks[lo:hi]
            groups: list[ColumnGroup] = []
            for task in part_tasks:
                label = self.task_type(task.task_type)
                if groups and groups[-1].label == label:
                    groups[-1] = ColumnGroup(label, groups[-1].span + 1)
                else:
                    groups.append(ColumnGroup(label, 1))
            shown = [
                a for a in case.actors if index == 0 or any(t.id in a.tasks for t in part_tasks)
            ]
            rows = tuple(
                MatrixRow(a.name, tuple(symbols.get(a.tasks.get(t.id, ""), "") for t in part_tasks))
                for a in shown
            )
            left_out = len(case.actors) - len(shown)
            parts.append(
                MatrixPart(
                    groups=tuple(groups),
                    columns=tuple(t.name for t in part_tasks),
                    rows=rows,
                    totals=tuple(totals[t.id] for t in part_tasks),
                    continued=index > 0,
                    alerts=tuple(
                        not totals[t.id] and self.is_anchored(t.element) for t in part_tasks
                    ),
                    omitted=L.text(
                        "mapping", "omitted", "one" if left_out == 1 else "many", n=left_out
                    )
                    if left_out
                    else "",
                )
            )
        return Matrix(tuple(parts), wide=len(tasks) > MATRIX_PORTRAIT_MAX_COLUMNS)

    # ------------------------------------------------------------ 6. analysis
    def analysed_in_actor_order(self) -> list[Analysis]:
        order = {a.id: i for i, a in enumerate(self.case.actors)}
        return sorted(self.case.analyses, key=lambda a: order.get(a.actor, len(order)))

    def heat_row(self, analysis: Analysis) -> HeatRow:
        L = self.L
        cells = []
        for concept in CONCEPTS:
            score = analysis.score(concept).score
            cells.append(HeatCell(score, L.word("score", score), HEAT_LEVELS[score]))
        return HeatRow(
            actor=self.actor_name(analysis.actor),
            cells=tuple(cells),
            conclusion=L.word("conclusion", analysis.conclusion),
            conclusion_value=analysis.conclusion,
        )

    def grid(self) -> Grid:
        cells: dict[tuple[bool, bool], list[str]] = {
            (True, True): [],
            (False, True): [],
            (True, False): [],
            (False, False): [],
        }
        unknown = []
        for analysis in self.analysed_in_actor_order():
            ability = analysis.ability.score
            willingness = analysis.willingness.score
            name = self.actor_name(analysis.actor)
            if ability is None or willingness is None:
                unknown.append(name)
            else:
                cells[(ability >= 3, willingness >= 3)].append(name)
        return Grid(
            ready=tuple(cells[(True, True)]),
            capacity=tuple(cells[(False, True)]),
            ownership=tuple(cells[(True, False)]),
            not_now=tuple(cells[(False, False)]),
            unknown=tuple(unknown),
        )

    def analysis(self, analysis: Analysis) -> ActorAnalysis:
        L = self.L
        notes = []
        for concept in CONCEPTS:
            score = analysis.score(concept)
            if not (score.reason or score.development_need):
                continue
            word = L.word("score", score.score)
            notes.append(
                ConceptNote(
                    concept=L.word("concept", concept),
                    score=f"{score.score} – {word}" if score.score is not None else word,
                    reason=score.reason,
                    need=score.development_need,
                )
            )
        return ActorAnalysis(
            actor=self.actor_name(analysis.actor),
            conclusion=L.word("conclusion", analysis.conclusion),
            overall=analysis.overall,
            notes=tuple(notes),
        )

    # ------------------------------------------------------------ 7. anchoring model
    def anchoring(self, number: int, anchoring: Anchoring) -> AnchoringView:
        L = self.L
        tasks = tuple(self.task_name(t) for t in anchoring.tasks)
        model = L.word("model", anchoring.model)
        form = (
            L.word("organisation_form", anchoring.organisation_form)
            if anchoring.organisation_form
            else None
        )
        handover = L.date(anchoring.handover) if anchoring.handover else None
        not_given = L.text("model", "not_given")
        # A network needs a form of organisation (A306); a single actor may do without one.
        form_missing = form is None and anchoring.model == "netværk"
        facts = (
            Fact(L.text("model", "tasks"), L.join(tasks), items=tasks),
            Fact(L.text("model", "model"), model),
            Fact(L.text("model", "organisation_form"), form or not_given, alert=form_missing),
            Fact(L.text("model", "handover"), handover or not_given, alert=handover is None),
        )
        actors = tuple(
            AnchorActorRow(
                actor=self.actor_name(a.actor),
                role=L.word("role", a.role),
                role_value=a.role,
                responsibility=a.responsibility,
            )
            for a in anchoring.actors
        )
        return AnchoringView(
            number=number,
            title=self.actor_name(anchoring.lead.actor) if anchoring.lead else L.join(tasks),
            tasks=tasks,
            model=model,
            organisation_form=form,
            handover=handover,
            actors=actors,
            facts=facts,
        )

    def responsibility_matrix(self) -> Matrix | None:
        """Tasks × chosen actors: H, M or B (the letters of the labels)."""
        case, L = self.case, self.L
        if not case.anchorings:
            return None
        chosen = {a.actor for anchoring in case.anchorings for a in anchoring.actors}
        actor_ids = [a.id for a in case.actors if a.id in chosen]
        actor_ids += sorted(chosen - set(actor_ids))  # defensive: unknown ids at the end
        letters = L.get("model", "role_letters")
        rows: list[tuple[str, dict[str, str]]] = []
        for task in case.tasks:
            anchoring = self.anchoring_of.get(task.id)
            if anchoring is not None:
                rows.append((task.name, {a.actor: a.role for a in anchoring.actors}))
        chunks = _chunks(len(actor_ids), MATRIX_PART_MAX_COLUMNS)
        chunk_of = {a: index for index, (lo, hi) in enumerate(chunks) for a in actor_ids[lo:hi]}
        members: list[list[tuple[str, dict[str, str]]]] = [[] for _ in chunks]  # as above
        for row in rows:
            in_chunks = {chunk_of[a] for a in row[1] if a in chunk_of}
            for index in range(len(chunks)) if len(chunks) == 1 else sorted(in_chunks):
                members[index].append(row)
        parts = []
        for index, (lo, hi) in enumerate(chunks):
            part_actors = actor_ids[lo:hi]
            part_rows = tuple(
                MatrixRow(name, tuple(str(letters.get(roles.get(a, ""), "")) for a in part_actors))
                for name, roles in members[index]
            )
            parts.append(
                MatrixPart(
                    groups=(),
                    columns=tuple(self.actor_name(a) for a in part_actors),
                    rows=part_rows,
                    totals=(),
                    continued=index > 0,
                )
            )
        return Matrix(tuple(parts), wide=len(actor_ids) > MATRIX_PORTRAIT_MAX_COLUMNS)

    # ------------------------------------------------------------ 8. plan
    def activity(self, activity: Activity) -> ActivityRow:
        L = self.L
        late = self.is_late(activity)
        return ActivityRow(
            name=activity.name,
            type=L.word("activity_type", activity.type),
            actors=tuple(self.actor_name(a) for a in activity.actors),
            builds=tuple(L.word("concept", c) for c in activity.builds),
            responsible=activity.responsible,
            start=L.date(activity.start, short=True),
            deadline=L.date(activity.deadline, short=True),
            status=L.word("activity_status", activity.status),
            status_value=activity.status,
            shade=LATE_SHADE if late else STATUS_SHADES[activity.status],
            late=late,
            tasks=tuple(self.task_name(t) for t in activity.tasks),
            success=activity.success_criterion,
            resources=activity.resources,
        )

    def timeline(self, activities: Sequence[Activity]) -> Timeline | None:
        """One row per activity (shaded from start to deadline), one column per month, or
        per quarter when the span is longer than TIMELINE_MAX_MONTHS; handovers and the end of
        the period marked in their column."""
        dated = [a for a in activities if a.start or a.deadline]
        if not dated:
            return None
        L = self.L
        # Per handover date: who takes over (each anchoring's hovedansvarlig), and how many
        # tasks. Names of actors keep a timeline row short; the tasks are in section 7.
        handovers: dict[date, list[str]] = {}
        handed_tasks: dict[date, int] = {}
        for anchoring in self.case.anchorings:
            if anchoring.handover:
                names = handovers.setdefault(anchoring.handover, [])
                lead = anchoring.lead
                name = self.actor_name(lead.actor) if lead else None
                if name and name not in names:
                    names.append(name)
                handed_tasks[anchoring.handover] = handed_tasks.get(anchoring.handover, 0) + len(
                    anchoring.tasks
                )
        period_end = self.case.meta.period.end
        days = [d for a in dated for d in (a.start, a.deadline) if d]
        days += [*handovers, period_end]
        scale = _TimeScale.spanning(min(days), max(days), L)

        rows = []
        for activity in dated:
            first = scale.index(activity.start or activity.deadline)  # type: ignore[arg-type]
            last = scale.index(activity.deadline or activity.start)  # type: ignore[arg-type]
            shade = LATE_SHADE if self.is_late(activity) else BAR_SHADES[activity.status]
            shades = tuple(shade if first <= i <= last else "" for i in range(scale.size))
            rows.append(TimelineRow(activity.name, "", shades, ""))

        symbol = L.text("plan", "mark_symbol")
        marks = []
        for day in sorted(handovers):
            names = handovers[day]
            if not names or len(names) > TIMELINE_MAX_NAMED_ACTORS:
                label = L.text("plan", "handover_many", n=handed_tasks[day])
            else:
                label = L.text("plan", "handover", actors=L.join(names))
            marks.append(TimelineRow(label, L.date(day, short=True), scale.mark(day), symbol))
        marks.append(
            TimelineRow(
                L.text("plan", "period_end"),
                L.date(period_end, short=True),
                scale.mark(period_end),
                symbol,
            )
        )
        return Timeline(
            unit=scale.unit,
            years=scale.years(),
            columns=scale.labels(),
            rows=tuple(rows),
            marks=tuple(marks),
            undated=tuple(a.name for a in activities if not (a.start or a.deadline)),
            wide=scale.size > PORTRAIT_MAX_COLUMNS,
        )

    # ------------------------------------------------------------ 9-10
    def warnings(self, findings: Sequence[Finding]) -> tuple[WarningView, ...]:
        if not findings:
            return ()
        from forankring_docs.analysis.checks import report_sentence  # lands with checks.py

        sentences, L = self.L.sentences, self.L
        return tuple(
            WarningView(f.code, report_sentence(f, sentences, format_date=L.date))  # type: ignore[arg-type]
            for f in findings
        )

    def follow_up(self) -> tuple[Fact, ...]:
        phase4, L = self.case.phase4, self.L
        if phase4 is None or phase4.follow_up is None:
            return ()
        follow = phase4.follow_up
        facts = [
            Fact(L.text("follow_up", "forum"), L.word("forum", follow.forum)),
            Fact(L.text("follow_up", "frequency"), follow.frequency),
        ]
        if follow.next_meeting:
            facts.append(Fact(L.text("follow_up", "next_meeting"), L.date(follow.next_meeting)))
        return tuple(facts)

    def contact(self) -> tuple[Fact, ...]:
        leader, L = self.case.meta.project_leader, self.L
        if leader is None:
            return ()
        who = ", ".join(p for p in (leader.name, leader.organisation) if p)
        facts = [Fact(L.text("follow_up", "project_leader"), who)]
        if leader.email:
            facts.append(Fact(L.text("follow_up", "email"), leader.email))
        if leader.phone:
            facts.append(Fact(L.text("follow_up", "phone"), leader.phone))
        return tuple(facts)

    def about(self) -> tuple[Fact, ...]:
        meta, L = self.case.meta, self.L
        facts = []
        if meta.version:
            facts.append(Fact(L.text("cover", "version"), meta.version))
        facts += [
            Fact(L.text("cover", "date"), L.date(meta.date or self.today)),
            Fact(L.text("cover", "status"), L.word("status", meta.status)),
            Fact(L.text("follow_up", "language"), L.text("language_name")),
            Fact(
                L.text("follow_up", "format"),
                L.text("follow_up", "format_value", n=self.case.format),
            ),
        ]
        return tuple(facts)


# ================================================================ small pure helpers
def _activity_order(activity: Activity) -> tuple[bool, date, bool, date, str]:
    """By start, then deadline, then name; undated activities last."""
    return (
        activity.start is None,
        activity.start or date.max,
        activity.deadline is None,
        activity.deadline or date.max,
        activity.name.casefold(),
    )


def _chunks(count: int, size: int) -> list[tuple[int, int]]:
    """Split ``count`` columns into balanced parts of at most ``size``: (start, end) pairs."""
    if count <= size:
        return [(0, count)]
    parts = -(-count // size)
    base, extra = divmod(count, parts)
    bounds, start = [], 0
    for i in range(parts):
        end = start + base + (1 if i < extra else 0)
        bounds.append((start, end))
        start = end
    return bounds


class _TimeScale:
    """The columns of the timeline: months, quarters or years from ``first`` to ``last``."""

    def __init__(
        self, unit: Literal["month", "quarter", "year"], start: int, size: int, labels: Labels
    ) -> None:
        self.unit = unit
        self.start = start  # the ordinal of the first column (see _ordinal)
        self.size = size
        self.L = labels

    @classmethod
    def spanning(cls, first: date, last: date, labels: Labels) -> _TimeScale:
        for unit in ("month", "quarter", "year"):
            size = _ordinal(last, unit) - _ordinal(first, unit) + 1
            limit = {"month": TIMELINE_MAX_MONTHS, "quarter": TIMELINE_MAX_QUARTERS}.get(
                unit, TIMELINE_MAX_COLUMNS
            )
            if size <= limit:
                break
        return cls(unit, _ordinal(first, unit), min(size, TIMELINE_MAX_COLUMNS), labels)  # type: ignore[arg-type]

    def index(self, day: date) -> int:
        return min(max(_ordinal(day, self.unit) - self.start, 0), self.size - 1)

    def mark(self, day: date) -> tuple[str, ...]:
        at = self.index(day)
        return tuple(MARK_SHADE if i == at else "" for i in range(self.size))

    def _year_of(self, column: int) -> int:
        ordinal = self.start + column
        return {"month": ordinal // 12, "quarter": ordinal // 4, "year": ordinal}[self.unit]

    def labels(self) -> tuple[str, ...]:
        out = []
        months = self.L.get("dates", "months_column")
        for column in range(self.size):
            ordinal = self.start + column
            if self.unit == "month":
                out.append(str(months[ordinal % 12]))
            elif self.unit == "quarter":
                out.append(self.L.text("dates", "quarter", quarter=ordinal % 4 + 1))
            else:
                out.append(str(ordinal))
        return tuple(out)

    def years(self) -> tuple[ColumnGroup, ...]:
        if self.unit == "year":
            return ()
        groups: list[ColumnGroup] = []
        for column in range(self.size):
            year = str(self._year_of(column))
            if groups and groups[-1].label == year:
                groups[-1] = ColumnGroup(year, groups[-1].span + 1)
            else:
                groups.append(ColumnGroup(year, 1))
        return tuple(groups)


def _ordinal(day: date, unit: str) -> int:
    if unit == "month":
        return day.year * 12 + day.month - 1
    if unit == "quarter":
        return day.year * 4 + (day.month - 1) // 3
    return day.year
