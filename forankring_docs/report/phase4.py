"""Phase 4, the anchoring plan (section 8): the activities, and the timeline of the
activities, the handovers and the end of the period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from forankring_docs.case.model import Activity, Anchoring
from forankring_docs.report.labels import Labels
from forankring_docs.report.lookup import Lookup
from forankring_docs.report.tables import PORTRAIT_MAX_COLUMNS, ColumnGroup, column_groups

__all__ = [
    "ActivityGroup",
    "ActivityRow",
    "Timeline",
    "TimelineRow",
    "activity_row",
    "build_activities",
    "build_activity_groups",
    "build_timeline",
]

#: The timeline counts months up to this span, quarters beyond it.
TIMELINE_MAX_MONTHS = 18
#: ... and years beyond this many quarters; never more columns than TIMELINE_MAX_COLUMNS.
TIMELINE_MAX_QUARTERS = 40
TIMELINE_MAX_COLUMNS = 50
#: A handover date with more receiving actors than this is marked with its number of tasks.
TIMELINE_MAX_NAMED_ACTORS = 3

# The palette names of shaded cells.
STATUS_SHADES = {"ikke_startet": "grey", "i_gang": "blue", "afsluttet": "green"}
LATE_SHADE = "red"
BAR_SHADES = {"ikke_startet": "bar", "i_gang": "bar", "afsluttet": "green"}
MARK_SHADE = "mark"

Unit = Literal["month", "quarter", "year"]


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
    unit: Unit
    years: tuple[ColumnGroup, ...]  # the first header row; empty when the unit is a year
    columns: tuple[str, ...]
    rows: tuple[TimelineRow, ...]  # one per dated activity
    marks: tuple[TimelineRow, ...]  # handovers and the end of the period
    undated: tuple[str, ...]  # activities without start and deadline
    wide: bool


@dataclass(frozen=True, slots=True)
class ActivityGroup:
    title: str  # the anchoring the activities prepare ("Lektiecafé: Solhøj Skole"), or "Øvrige"
    activities: tuple[ActivityRow, ...]


def build_activities(lookup: Lookup) -> tuple[ActivityRow, ...]:
    return tuple(activity_row(lookup, a) for a in lookup.activities)


def build_activity_groups(lookup: Lookup) -> tuple[ActivityGroup, ...]:
    """The activities by the anchoring they prepare (their tasks, else their actors), in the
    case's order of anchorings, the rest last; in each, late and open activities before the
    finished ones, each kind in plan order."""
    L = lookup.labels
    anchorings = lookup.case.anchorings
    # The first anchoring of each task and of each actor, so that each activity is placed in
    # time linear in its own tasks and actors.
    of_task: dict[str, int] = {}
    of_actor: dict[str, int] = {}
    for i, anchoring in enumerate(anchorings):
        for task in anchoring.tasks:
            of_task.setdefault(task, i)
        for member in anchoring.actors:
            of_actor.setdefault(member.actor, i)
    groups: dict[int, list[Activity]] = {}
    for activity in lookup.activities:
        # The first anchoring whose tasks it prepares, else (naming no task) the first whose
        # actors it is for; past the last anchoring when none.
        keys = (
            (of_task.get(t) for t in activity.tasks)
            if activity.tasks
            else (of_actor.get(a) for a in activity.actors)
        )
        index = min((k for k in keys if k is not None), default=len(anchorings))
        groups.setdefault(index, []).append(activity)
    out = []
    for index in sorted(groups):
        members = sorted(groups[index], key=lambda a: _urgency(lookup, a))
        title = (
            _anchoring_title(lookup, anchorings[index])
            if index < len(anchorings)
            else L.text("plan", "other_group")
        )
        out.append(ActivityGroup(title, tuple(activity_row(lookup, a) for a in members)))
    return tuple(out)


def _urgency(lookup: Lookup, activity: Activity) -> int:
    """Late first, then open, then finished (a stable sort keeps the plan order in each)."""
    if lookup.is_late(activity):
        return 0
    return 2 if activity.status == "afsluttet" else 1


def _anchoring_title(lookup: Lookup, anchoring: Anchoring) -> str:
    """What is anchored and by whom: "Lektiecafé: Solhøj Skole"."""
    L = lookup.labels
    elements = dict.fromkeys(
        lookup.elements[lookup.tasks[t].element].name
        for t in anchoring.tasks
        if t in lookup.tasks and lookup.tasks[t].element in lookup.elements
    )
    who = (
        lookup.actor_name(anchoring.lead.actor)
        if anchoring.lead
        else L.word("model", anchoring.model)
    )
    return L.text("plan", "group", what=L.join(elements), who=who)


def activity_row(lookup: Lookup, activity: Activity) -> ActivityRow:
    """One activity in the report's words (also the capacity building's steps)."""
    L = lookup.labels
    late = lookup.is_late(activity)
    return ActivityRow(
        name=activity.name,
        type=lookup.given_word("activity_type", activity, "type"),
        actors=tuple(lookup.actor_name(a) for a in activity.actors),
        builds=tuple(L.word("concept", c) for c in activity.builds),
        responsible=activity.responsible,
        start=L.date(activity.start, short=True),
        deadline=L.date(activity.deadline, short=True),
        status=lookup.given_word("activity_status", activity, "status"),
        shade=LATE_SHADE if late else STATUS_SHADES[activity.status],
        late=late,
        tasks=tuple(lookup.task_name(t) for t in activity.tasks),
        success=activity.success_criterion,
        resources=activity.resources,
    )


def build_timeline(lookup: Lookup) -> Timeline | None:
    """One row per activity (shaded from start to deadline), one column per month, or
    per quarter when the span is longer than TIMELINE_MAX_MONTHS; handovers and the end of
    the period marked in their column."""
    activities = lookup.activities
    dated = [a for a in activities if a.start or a.deadline]
    if not dated:
        return None
    L = lookup.labels
    # Per handover date: who takes over (each anchoring's hovedansvarlig), and how many
    # tasks. Names of actors keep a timeline row short; the tasks are in section 7.
    handovers: dict[date, list[str]] = {}
    handed_tasks: dict[date, int] = {}
    for anchoring in lookup.case.anchorings:
        if anchoring.handover:
            names = handovers.setdefault(anchoring.handover, [])
            lead = anchoring.lead
            name = lookup.actor_name(lead.actor) if lead else None
            if name and name not in names:
                names.append(name)
            handed_tasks[anchoring.handover] = handed_tasks.get(anchoring.handover, 0) + len(
                anchoring.tasks
            )
    period_end = lookup.case.meta.period.end
    days = [d for a in dated for d in (a.start, a.deadline) if d]
    days += [*handovers, period_end]
    scale = _TimeScale.spanning(min(days), max(days), L)

    rows = []
    for activity in dated:
        first = scale.index(activity.start or activity.deadline)  # type: ignore[arg-type]
        last = scale.index(activity.deadline or activity.start)  # type: ignore[arg-type]
        shade = LATE_SHADE if lookup.is_late(activity) else BAR_SHADES[activity.status]
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


class _TimeScale:
    """The columns of the timeline: months, quarters or years from ``first`` to ``last``."""

    def __init__(self, unit: Unit, start: int, size: int, labels: Labels) -> None:
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
        return column_groups(str(self._year_of(column)) for column in range(self.size))


def _ordinal(day: date, unit: str) -> int:
    if unit == "month":
        return day.year * 12 + day.month - 1
    if unit == "quarter":
        return day.year * 4 + (day.month - 1) // 3
    return day.year
