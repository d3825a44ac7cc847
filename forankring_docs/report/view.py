"""The report view: pure functions from a :class:`~forankring_docs.case.model.Case` to the data a
report template shows.

Everything is worked out here, once, so the template only loops and prints: tables sorted,
enumeration values turned into words of the report's language, dates formatted, the
mapping matrix, the heat levels, the evne × vilje grid and the timeline. No I/O, no Word or
markup formatting: the template decides how things look; the view decides what they say.

Each section of the report has its module (``cover``, ``summary``, ``phase1`` … ``follow_up``,
``changes``) with its data classes and a ``build_…`` function over one shared
:class:`~forankring_docs.report.lookup.Lookup`; :func:`build_view` puts them together.

Case text (names, descriptions, reasons) is passed on as written, never translated; the
template formats it with the ``paragraphs`` and ``inline`` filters of ``templating.filters``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from forankring_docs.case.model import Case
from forankring_docs.report.capacity import ActorCapacity, build_capacity
from forankring_docs.report.cover import (
    CoverView,
    DocumentProperties,
    build_cover,
    build_header,
    build_properties,
)
from forankring_docs.report.follow_up import (
    PersonRow,
    build_about,
    build_contact,
    build_follow_up,
    build_steering_group,
)
from forankring_docs.report.labels import Labels
from forankring_docs.report.lookup import Lookup
from forankring_docs.report.phase1 import (
    ElementRow,
    TaskGroup,
    build_elements,
    build_phased_out,
    build_task_groups,
)
from forankring_docs.report.phase2 import ActorRow, build_actors, build_mapping_matrix
from forankring_docs.report.phase3 import (
    ActorAnalysis,
    AnchoringView,
    Grid,
    HeatRow,
    build_analyses,
    build_anchorings,
    build_concepts,
    build_grid,
    build_heat,
    build_responsibility,
    build_unresolved,
)
from forankring_docs.report.phase4 import (
    ActivityGroup,
    ActivityRow,
    Timeline,
    build_activities,
    build_activity_groups,
    build_timeline,
)
from forankring_docs.report.resume import (
    StatusView,
    StrategyView,
    build_decisions,
    build_status,
    build_strategy,
)
from forankring_docs.report.risks import (
    Finding,
    RiskMatrix,
    RiskRow,
    WarningView,
    build_risk_matrix,
    build_risks,
    build_warnings,
)
from forankring_docs.report.summary import KeyFigures, build_figures
from forankring_docs.report.tables import Fact, Matrix

if TYPE_CHECKING:
    from forankring_docs.analysis.changes import CaseChanges
    from forankring_docs.report.changes import ChangesView

__all__ = ["ReportView", "build_view"]


@dataclass(frozen=True, slots=True)
class ReportView:
    language: str  # da, en
    properties: DocumentProperties
    cover: CoverView
    header: str  # "boligområde · titel"
    # Resumé
    strategy: StrategyView
    status: StatusView | None  # a strategy not yet approved: where it stands
    decisions: tuple[str, ...]  # the points for decision, meta.indstilling first
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
    capacity: tuple[ActorCapacity, ...]  # per chosen actor: what its weak concepts are built by
    activities: tuple[ActivityRow, ...]  # in plan order
    activity_groups: tuple[ActivityGroup, ...]  # by anchoring; late and open first
    timeline: Timeline | None
    risks: tuple[RiskRow, ...]  # by severity, numbered
    risk_matrix: RiskMatrix | None  # when a risk has both sandsynlighed and konsekvens
    warnings: tuple[WarningView, ...]
    show_warnings: bool
    follow_up: tuple[Fact, ...]
    steering_group: tuple[PersonRow, ...]
    contact: tuple[Fact, ...]  # the project leader
    about: tuple[Fact, ...]  # version, date, status, language, format
    changes: ChangesView | None = None  # render --changes-since: after the summary


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
    lookup = Lookup.of(case, today=today, labels=labels)
    return ReportView(
        language=language,
        properties=build_properties(lookup),
        cover=build_cover(lookup),
        header=build_header(lookup),
        strategy=build_strategy(lookup),
        status=build_status(lookup),
        decisions=build_decisions(lookup),
        figures=build_figures(lookup),
        recommendation=case.meta.recommendation,
        why=case.phase1.why,
        elements=build_elements(lookup),
        phased_out=build_phased_out(lookup),
        task_groups=build_task_groups(lookup),
        phase2=case.phase2 is not None,
        actors=build_actors(lookup),
        matrix=build_mapping_matrix(lookup),
        phase3=case.phase3 is not None,
        concepts=build_concepts(labels),
        heat=build_heat(lookup),
        grid=build_grid(lookup),
        analyses=build_analyses(lookup),
        anchorings=build_anchorings(lookup),
        responsibility=build_responsibility(lookup),
        unresolved=build_unresolved(lookup),
        phase4=case.phase4 is not None,
        capacity=build_capacity(lookup),
        activities=build_activities(lookup),
        activity_groups=build_activity_groups(lookup),
        timeline=build_timeline(lookup),
        risks=build_risks(lookup),
        risk_matrix=build_risk_matrix(lookup),
        warnings=build_warnings(lookup, findings) if show_warnings else (),
        show_warnings=show_warnings,
        follow_up=build_follow_up(lookup),
        steering_group=build_steering_group(lookup),
        contact=build_contact(lookup),
        about=build_about(lookup),
        changes=None
        if changes is None or changes_since is None
        else _changes_view(changes, changes_since, case, labels),
    )


def _changes_view(changes: CaseChanges, since: str, case: Case, labels: Labels) -> ChangesView:
    """The section on what changed: imported only when asked for (start-up time)."""
    from forankring_docs.report.changes import build_changes

    return build_changes(changes, since, case, labels)
