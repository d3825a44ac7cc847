"""Phase 4 opens with the capacity building per chosen actor: each concept an actor scores
1–2 or unknown on, the activities that build it, and whether they end before the actor's
handover. What nothing builds, and what ends after the handover, stands out, so that a
steering group sees at a glance whether the actors will be ready in time (report.md,
section 6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from forankring_docs.case.model import CONCEPTS, Activity
from forankring_docs.report.lookup import Lookup, earliest_handovers
from forankring_docs.report.phase4 import ActivityRow, activity_row

__all__ = ["ActorCapacity", "CapacityNeed", "CapacityStep", "build_capacity"]

#: The scores that call for capacity building: ikke til stede and svag (None, unknown, too).
WEAK = (1, 2)
#: Palette names: a weak score, an unknown one, and what stands out.
SCORE_SHADES = {1: "red", 2: "red", None: "grey"}
ALERT_SHADE = "red"


@dataclass(frozen=True, slots=True)
class CapacityStep:
    """An activity that builds a concept for the actor."""

    activity: ActivityRow
    after_handover: bool  # not finished, and its frist falls after the actor's handover


@dataclass(frozen=True, slots=True)
class CapacityNeed:
    concept: str  # "Evne"
    score: str  # "2 (svag)", "ukendt"
    shade: str
    steps: tuple[CapacityStep, ...]  # empty: nothing builds it


@dataclass(frozen=True, slots=True)
class ActorCapacity:
    actor: str
    handover: str  # the earliest handover of its anchorings, or "ikke angivet"
    analysed: bool
    needs: tuple[CapacityNeed, ...]  # empty when analysed and 3–4 on every concept


def build_capacity(lookup: Lookup) -> tuple[ActorCapacity, ...]:
    """Each actor of an anchoring, in the case's order, with the concepts it needs built."""
    L = lookup.labels
    analyses = {a.actor: a for a in lookup.case.analyses}
    # The activities for each actor, in plan order, looked up once (linear in the plan).
    by_actor: dict[str, list[Activity]] = {}
    for activity in lookup.activities:
        for actor in dict.fromkeys(activity.actors):
            by_actor.setdefault(actor, []).append(activity)
    rows: dict[int, ActivityRow] = {}  # by id(): an activity builds several concepts

    def row(activity: Activity) -> ActivityRow:
        key = id(activity)
        if key not in rows:
            rows[key] = activity_row(lookup, activity)
        return rows[key]

    out = []
    for actor_id, handover in earliest_handovers(lookup.case.anchorings).items():
        analysis = analyses.get(actor_id)
        needs = []
        if analysis is not None:
            activities = by_actor.get(actor_id, ())
            for concept in CONCEPTS:
                score = analysis.score(concept).score
                if score is not None and score not in WEAK:
                    continue
                steps = tuple(
                    CapacityStep(row(a), _after(a, handover))
                    for a in activities
                    if concept in a.builds
                )
                needs.append(
                    CapacityNeed(
                        concept=L.word("concept", concept),
                        score=L.word("score", None)
                        if score is None
                        else L.text("capacity", "score", score=score, word=L.word("score", score)),
                        shade=SCORE_SHADES[score],
                        steps=steps,
                    )
                )
        out.append(
            ActorCapacity(
                actor=lookup.actor_name(actor_id),
                handover=L.date(handover, short=True) if handover else L.text("not_given"),
                analysed=analysis is not None,
                needs=tuple(needs),
            )
        )
    return tuple(out)


def _after(activity: Activity, handover: date | None) -> bool:
    """Whether the activity will not be done by the handover: its frist falls after it and
    it is not finished. Without a frist or a handover, nothing can be said."""
    return (
        handover is not None
        and activity.deadline is not None
        and activity.deadline > handover
        and activity.status != "afsluttet"
    )
