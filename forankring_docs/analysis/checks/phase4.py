"""Rules on fase 4, the plan's activities and risks, and on the dates of the period
(A401–A406)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator

from forankring_docs.analysis.checks.lookups import (
    ACTIVITIES,
    ANCHORINGS,
    RISKS,
    anchoring_of_task,
    blank,
    make_finding,
    one_line,
    quoted_task_names,
    single_spaced,
    task_names,
    tasks_by_id,
)
from forankring_docs.analysis.checks.registry import Finding, rule
from forankring_docs.case.model import Case
from forankring_docs.i18n import N_, _

STATUS_EN = {"ikke_startet": N_("has not started"), "i_gang": N_("is still in progress")}
HANDOVER_MARGIN_MONTHS = 3
SEVERE = "høj"  # the level of sandsynlighed and konsekvens that makes a risk need an owner


def _months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day if it is shorter)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    if year < dt.MINYEAR:  # a period ending in year 1 has no earlier calendar to count in
        return dt.date.min
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@rule(
    "A401",
    "A deadline or a handover falls after the end of the period.",
    params=("date", "period_end"),
    variants={"handover": ("tasks",), "deadline": ("activity",)},
)
def a401_after_period(case: Case, today: dt.date) -> Iterator[Finding]:
    """A handover (at the anchoring's overdragelse) or an activity deadline (at the deadline)
    later than meta.periode.slut. Handovers first, then activities, in file order.
    """
    end = case.meta.period.end
    for i, anchoring in enumerate(case.anchorings):
        if anchoring.handover and anchoring.handover > end:
            yield make_finding(
                "A401",
                (*ANCHORINGS, i, "overdragelse"),
                _(
                    "the handover of {tasks} ({handover}) is after the end of the period ({end})",
                    tasks=quoted_task_names(case, anchoring.tasks),
                    handover=anchoring.handover,
                    end=end,
                ),
                _(
                    "hand over on or before {end}, when the funding ends",
                    end=end,
                ),
                "handover",
                date=anchoring.handover.isoformat(),
                period_end=end.isoformat(),
                tasks=task_names(case, anchoring.tasks),
            )
    for i, activity in enumerate(case.activities):
        if activity.deadline and activity.deadline > end:
            yield make_finding(
                "A401",
                (*ACTIVITIES, i, "deadline"),
                _(
                    "the deadline of '{activity}' ({deadline}) is after the end of the period "
                    "({end})",
                    activity=activity.name,
                    deadline=activity.deadline,
                    end=end,
                ),
                _(
                    "move the deadline to on or before {end}: after that the project has no "
                    "staff to carry it out",
                    end=end,
                ),
                "deadline",
                date=activity.deadline.isoformat(),
                period_end=end.isoformat(),
                activity=activity.name,
            )


@rule(
    "A402",
    "A handover falls less than three months before the end of the period.",
    params=("tasks", "handover", "period_end"),
)
def a402_late_handover(case: Case, today: dt.date) -> Iterator[Finding]:
    """A handover later than three calendar months before meta.periode.slut (2027-03-31 →
    after 2026-12-31), up to and including slut itself; a handover after slut is A401's.
    """
    end = case.meta.period.end
    latest = _months_before(end, HANDOVER_MARGIN_MONTHS)
    for i, anchoring in enumerate(case.anchorings):
        handover = anchoring.handover
        if handover and latest < handover <= end:
            yield make_finding(
                "A402",
                (*ANCHORINGS, i, "overdragelse"),
                _(
                    "the handover of {tasks} ({handover}) is less than three months "
                    "before the end of the period ({end})",
                    tasks=quoted_task_names(case, anchoring.tasks),
                    handover=handover,
                    end=end,
                ),
                _(
                    "hand over by {latest}, so that there is time to follow up and adjust while "
                    "the project still has staff",
                    latest=latest,
                ),
                tasks=task_names(case, anchoring.tasks),
                handover=handover.isoformat(),
                period_end=end.isoformat(),
            )


@rule(
    "A403",
    "An activity that builds capacity for a task ends after that task's handover.",
    params=("activity", "task", "deadline", "handover"),
)
def a403_capacity_after_handover(case: Case, today: dt.date) -> Iterator[Finding]:
    """An activity with ``styrker`` whose deadline is later than the overdragelse of a task in
    its ``opgaver`` (one finding per such task, at the task in the activity). Tasks without an
    anchoring or a handover, and activities without a deadline, are skipped; so are finished
    activities (status afsluttet): what is done cannot be moved.
    """
    anchoring_of = anchoring_of_task(case)
    tasks = tasks_by_id(case)
    for i, activity in enumerate(case.activities):
        if not activity.builds or activity.deadline is None or activity.status == "afsluttet":
            continue
        for k, task_id in enumerate(activity.tasks):
            anchoring = anchoring_of.get(task_id)
            handover = anchoring.handover if anchoring else None
            if handover is None or activity.deadline <= handover:
                continue
            task = tasks[task_id]
            yield make_finding(
                "A403",
                (*ACTIVITIES, i, "opgaver", k),
                _(
                    "'{activity}' builds capacity for '{task}' but ends ({deadline}) after the "
                    "task's handover ({handover})",
                    activity=activity.name,
                    task=task.name,
                    deadline=activity.deadline,
                    handover=handover,
                ),
                _(
                    "end the activity by {handover}, or move the handover later",
                    handover=handover,
                ),
                activity=activity.name,
                task=task.name,
                deadline=activity.deadline.isoformat(),
                handover=handover.isoformat(),
            )


@rule(
    "A404",
    "An activity has no ansvarlig or no succeskriterium.",
    params=("activity",),
    variants={"responsible": (), "criterion": (), "both": ()},
)
def a404_activity_undefined(case: Case, today: dt.date) -> Iterator[Finding]:
    """An activity whose ansvarlig or succeskriterium is missing or blank: one finding per
    activity (at the activity), saying which of the two is missing.
    """
    for i, activity in enumerate(case.activities):
        no_owner, no_criterion = blank(activity.responsible), blank(activity.success_criterion)
        if not (no_owner or no_criterion):
            continue
        owner = _("'ansvarlig:' (who makes sure it happens)")
        criterion = _("'succeskriterium:' (how you will know it worked)")
        if no_owner and no_criterion:
            variant = "both"
            message = _(
                "the activity '{activity}' has neither ansvarlig nor succeskriterium",
                activity=activity.name,
            )
            hint = _("add {owner} and {criterion}", owner=owner, criterion=criterion)
        elif no_owner:
            variant = "responsible"
            message = _("the activity '{activity}' has no ansvarlig", activity=activity.name)
            hint = _("add {what}", what=owner)
        else:
            variant = "criterion"
            message = _("the activity '{activity}' has no succeskriterium", activity=activity.name)
            hint = _("add {what}", what=criterion)
        yield make_finding(
            "A404",
            (*ACTIVITIES, i),
            message,
            hint,
            variant,
            activity=activity.name,
        )


@rule(
    "A405",
    "An activity is past its deadline and not finished.",
    params=("activity", "deadline"),
    variants={"not_started": (), "in_progress": ()},
)
def a405_activity_overdue(case: Case, today: dt.date) -> Iterator[Finding]:
    """An activity whose deadline is before ``today`` (meta.dato, else the date of rendering)
    and whose status is not afsluttet. On the deadline day itself it is not yet overdue.
    """
    for i, activity in enumerate(case.activities):
        if activity.deadline and activity.deadline < today and activity.status != "afsluttet":
            variant = "not_started" if activity.status == "ikke_startet" else "in_progress"
            yield make_finding(
                "A405",
                (*ACTIVITIES, i, "deadline"),
                _(
                    "'{activity}' was due {deadline} but {status} (as of {today})",
                    activity=activity.name,
                    deadline=activity.deadline,
                    status=_(STATUS_EN[activity.status]),
                    today=today,
                ),
                _("set 'status: afsluttet' if it is done, or agree on a new deadline"),
                variant,
                activity=activity.name,
                deadline=activity.deadline.isoformat(),
            )


@rule(
    "A406",
    "A risk with høj sandsynlighed and høj konsekvens has no ejer.",
    params=("risk",),
)
def a406_severe_risk_without_owner(case: Case, today: dt.date) -> Iterator[Finding]:
    """A risk whose sandsynlighed and konsekvens are both høj, and whose ejer is missing or
    blank: at the risk. A risk that is not scored (or scored lower) is not judged here.
    """
    risks = case.phase4.risks if case.phase4 else []
    for i, risk in enumerate(risks):
        if risk.likelihood == risk.consequence == SEVERE and blank(risk.owner):
            yield make_finding(
                "A406",
                (*RISKS, i),
                _(
                    "the risk '{risk}' is likely and serious (høj, høj) but has no ejer",
                    risk=one_line(risk.risk),
                ),
                _(
                    "add 'ejer:' naming who watches it and acts when it comes closer (a person "
                    "or a body of the steering group)"
                ),
                risk=single_spaced(risk.risk),
            )
