"""Rules on fase 1: the elements of the initiative and their tasks (A101, A102)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from forankring_docs.analysis.checks.lookups import (
    ELEMENTS,
    blank,
    is_anchored,
    make_finding,
)
from forankring_docs.analysis.checks.registry import Finding, rule
from forankring_docs.case.model import Case
from forankring_docs.i18n import _


@rule("A101", "An element to be anchored has no tasks.", params=("element",))
def a101_element_without_tasks(case: Case, today: dt.date) -> Iterator[Finding]:
    """An element with forankres ja or delvist that no task of fase1.opgaver belongs to.

    Always checked: tasks are part of fase1, which every case has.
    """
    with_tasks = {task.element for task in case.tasks}
    for i, element in enumerate(case.elements):
        if is_anchored(element) and element.id not in with_tasks:
            yield make_finding(
                "A101",
                (*ELEMENTS, i),
                _(
                    "the element '{element}' is to be anchored (forankres: {anchored}) but has "
                    "no tasks",
                    element=element.name,
                    anchored=element.anchored,
                ),
                _(
                    "add the tasks that keep it going under fase1.opgaver with 'element: "
                    "{element_id}', or set 'forankres: nej' if it is to be phased out",
                    element_id=element.id,
                ),
                element=element.name,
            )


@rule("A102", "A phased-out element has no begrundelse.", params=("element",))
def a102_phase_out_without_reason(case: Case, today: dt.date) -> Iterator[Finding]:
    """An element with forankres nej whose begrundelse is missing or blank."""
    for i, element in enumerate(case.elements):
        if element.anchored == "nej" and blank(element.reason):
            yield make_finding(
                "A102",
                (*ELEMENTS, i),
                _(
                    "the element '{element}' is phased out (forankres: nej) but has no begrundelse",
                    element=element.name,
                ),
                _(
                    "add 'begrundelse:' saying why it is phased out, so that the steering group "
                    "sees the reason"
                ),
                element=element.name,
            )
