"""Rules on fase 3, the analysis of the actors and the chosen anchorings (A301–A311)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from forankring_docs.analysis.checks.lookups import (
    ACTORS,
    ANALYSES,
    ANCHORINGS,
    TASKS,
    actor_name,
    actors_by_id,
    analyses_by_actor,
    anchored_tasks,
    anchoring_actors,
    anchoring_of_task,
    blank,
    concept_score,
    lead_entry,
    make_finding,
    quoted_task_names,
    task_names,
    tasks_by_id,
)
from forankring_docs.analysis.checks.registry import Finding, rule
from forankring_docs.case.model import (
    CANDIDATE_EXTENTS,
    CONCEPTS,
    Activity,
    AnchorActor,
    Anchoring,
    Case,
)
from forankring_docs.diagnostics import Path
from forankring_docs.i18n import N_, _, ngettext

LOW_SCORES = (1, 2)  # ikke til stede, svag
LEAD_CONCEPTS = ("evne", "vilje")  # whether the one that carries the tasks can and will
CIVIL_SECTORS = {"civilsamfund": N_("civil-society"), "beboere": N_("resident")}
OWNERSHIP_ACTIVITY_TYPES = ("ledelsesforankring", "aftale")
CONCEPT_EN = {
    "forståelse": "understanding",
    "mening": "meaning",
    "evne": "ability",
    "vilje": "willingness",
}


def _built(activities: Iterable[Activity]) -> set[tuple[str, str]]:
    """The (actor, concept) pairs that some activity builds (``aktører`` × ``styrker``)."""
    return {
        (actor_id, concept) for a in activities for actor_id in a.actors for concept in a.builds
    }


@rule("A301", "A mapped actor is not analysed.", params=("actor",))
def a301_actor_not_analysed(case: Case, today: dt.date) -> Iterator[Finding]:
    """A fase2 actor with at least one task in ``opgaver`` and no analysis in fase3.

    Only once fase3 is worked out (before workshop 3 no actor is analysed). An actor mapped to
    no task is A202's business, not this rule's. A mapped actor that is also chosen in an
    anchoring gets this warning and A303 too: they point at different places and ask for
    different things (complete the analysis; justify the choice).
    """
    if case.phase3 is None:
        return
    analysed = analyses_by_actor(case)
    for i, actor in enumerate(case.actors):
        if actor.candidate_tasks and actor.id not in analysed:
            yield make_finding(
                "A301",
                (*ACTORS, i),
                _(
                    "{actor} is mapped to tasks but not analysed in fase3",
                    actor=actor.name,
                ),
                _(
                    "add an analysis with 'aktør: {actor_id}' under fase3.analyser (forståelse, "
                    "mening, evne, vilje and konklusion)",
                    actor_id=actor.id,
                ),
                actor=actor.name,
            )


@rule("A302", "A task of an anchored element has no chosen anchoring.", params=("task", "element"))
def a302_task_not_anchored(case: Case, today: dt.date) -> Iterator[Finding]:
    """A task of an anchored element (ja or delvist) in no fase3 anchoring.

    Only once fase3 is worked out. Every priority counts: the report lists such tasks as
    "uafklaret", and a task of priority 'kan' that is to be dropped belongs in an element
    with forankres delvist and its begrundelse, not in silence.
    """
    if case.phase3 is None:
        return
    anchored = anchoring_of_task(case)
    for i, task, element in anchored_tasks(case):
        if task.id not in anchored:
            yield make_finding(
                "A302",
                (*TASKS, i),
                _(
                    "the task '{task}' ({element}) has no chosen anchoring in fase3",
                    task=task.name,
                    element=element.name,
                ),
                _(
                    "add '{task_id}' to the opgaver of an anchoring under fase3.forankring, or "
                    "add a new anchoring for it",
                    task_id=task.id,
                ),
                task=task.name,
                element=element.name,
            )


@rule(
    "A303",
    "A chosen actor is not analysed, or was found ikke_egnet.",
    params=("actor", "tasks"),
    variants={"not_analysed": (), "unsuitable": ()},
)
def a303_chosen_actor_unfounded(case: Case, today: dt.date) -> Iterator[Finding]:
    """An actor of a chosen anchoring (any role) without an analysis, or concluded ikke_egnet.

    One finding per anchoring entry, at the entry.
    """
    analyses = analyses_by_actor(case)
    for path, anchoring, entry in anchoring_actors(case):
        analysis = analyses.get(entry.actor)
        name = actor_name(case, entry.actor)
        tasks = quoted_task_names(case, anchoring.tasks)
        if analysis is None:
            yield make_finding(
                "A303",
                path,
                _(
                    "{name} is chosen to anchor {tasks} but is not analysed",
                    name=name,
                    tasks=tasks,
                ),
                _(
                    "add an analysis with 'aktør: {actor}' under fase3.analyser, or choose "
                    "another actor",
                    actor=entry.actor,
                ),
                "not_analysed",
                actor=name,
                tasks=task_names(case, anchoring.tasks),
            )
        elif analysis.conclusion == "ikke_egnet":
            yield make_finding(
                "A303",
                path,
                _(
                    "{name} is chosen to anchor {tasks} but its analysis concludes ikke_egnet",
                    name=name,
                    tasks=tasks,
                ),
                _("choose another actor, or update the analysis if the actor has become suitable"),
                "unsuitable",
                actor=name,
                tasks=task_names(case, anchoring.tasks),
            )


@rule(
    "A304",
    "A chosen actor scores 1–2 or unknown on a concept that no activity builds.",
    params=("actor", "concept", "concept_en"),
    variants={"low": ("score",), "unknown": ()},
)
def a304_concept_not_built(case: Case, today: dt.date) -> Iterator[Finding]:
    """For each actor of a chosen anchoring (any role) and each concept it scores 1, 2 or
    null on: a warning unless some fase4 activity has the actor in ``aktører`` and the concept
    in ``styrker``.

    Only once fase4 is worked out (after workshop 3 the plan does not exist yet; the heat
    table already shows the low scores). An actor without analysis is A303's business. An
    actor chosen in several anchorings is reported once per concept, at its first entry.
    Whether the activity ends before the handover is A403's business.
    """
    if case.phase4 is None:
        return
    analyses = analyses_by_actor(case)
    built = _built(case.activities)
    seen: set[tuple[str, str]] = set()
    for path, _anchoring, entry in anchoring_actors(case):
        analysis = analyses.get(entry.actor)
        if analysis is None:
            continue
        for concept in CONCEPTS:
            score = concept_score(analysis, concept)
            if (score is not None and score not in LOW_SCORES) or (entry.actor, concept) in seen:
                continue
            seen.add((entry.actor, concept))
            if (entry.actor, concept) not in built:
                yield _concept_finding(case, path, entry.actor, concept, score)


def _concept_finding(
    case: Case, path: Path, actor_id: str, concept: str, score: int | None
) -> Finding:
    name = actor_name(case, actor_id)
    hint = _(
        "add a fase4 activity with '{actor_id}' in aktører and '{concept}' in styrker, or "
        "update the score if it has changed",
        actor_id=actor_id,
        concept=concept,
    )
    words = {"actor": name, "concept": concept, "concept_en": CONCEPT_EN[concept]}
    if score is None:
        return make_finding(
            "A304",
            path,
            _(
                "{name} has an unknown score on {concept}, and no activity in fase4 builds "
                "{concept} for it",
                name=name,
                concept=concept,
            ),
            hint,
            "unknown",
            **words,
        )
    return make_finding(
        "A304",
        path,
        _(
            "{name} scores {score} on {concept}, but no activity in fase4 builds {concept} for it",
            name=name,
            score=score,
            concept=concept,
        ),
        hint,
        "low",
        score=str(score),
        **words,
    )


@rule(
    "A305",
    "The hovedansvarlig scores 1–2 on vilje and no ledelsesforankring or aftale "
    "activity for it ends before the handover.",
    params=("actor", "tasks", "score"),
    variants={"handover": ("handover",)},
)
def a305_lead_without_ownership(case: Case, today: dt.date) -> Iterator[Finding]:
    """The hovedansvarlig of an anchoring scores 1 or 2 on vilje, and no fase4 activity of
    type ledelsesforankring or aftale has it in ``aktører`` with a deadline on or before the
    anchoring's overdragelse. Without an overdragelse, any such activity counts; with one, an
    activity without a deadline does not (it cannot be shown to end in time).

    Only once fase4 is worked out. An unknown vilje is A304's business; a lead without an
    analysis is A303's.
    """
    if case.phase4 is None:
        return
    analyses = analyses_by_actor(case)
    for i, anchoring in enumerate(case.anchorings):
        lead = lead_entry(anchoring)
        if lead is None:
            continue
        j, entry = lead
        analysis = analyses.get(entry.actor)
        score = concept_score(analysis, "vilje") if analysis else None
        if score in LOW_SCORES and not _ownership_in_time(case, entry.actor, anchoring.handover):
            yield _lead_finding(
                case, (*ANCHORINGS, i, "aktører", j), anchoring, entry.actor, str(score)
            )


def _ownership_in_time(case: Case, actor_id: str, handover: dt.date | None) -> bool:
    return any(
        activity.type in OWNERSHIP_ACTIVITY_TYPES
        and actor_id in activity.actors
        and (handover is None or (activity.deadline is not None and activity.deadline <= handover))
        for activity in case.activities
    )


def _lead_finding(
    case: Case, path: Path, anchoring: Anchoring, actor_id: str, score: str
) -> Finding:
    name = actor_name(case, actor_id)
    tasks = task_names(case, anchoring.tasks)
    quoted = quoted_task_names(case, anchoring.tasks)
    if anchoring.handover is None:
        return make_finding(
            "A305",
            path,
            _(
                "{name} is hovedansvarlig for {quoted} and scores {score} on vilje, but no "
                "ledelsesforankring or aftale activity is planned with it",
                name=name,
                quoted=quoted,
                score=score,
            ),
            _(
                "add a fase4 activity of type ledelsesforankring or aftale with '{actor_id}' "
                "in aktører",
                actor_id=actor_id,
            ),
            actor=name,
            tasks=tasks,
            score=score,
        )
    handover = anchoring.handover.isoformat()
    return make_finding(
        "A305",
        path,
        _(
            "{name} is hovedansvarlig for {quoted} and scores {score} on vilje, but no "
            "ledelsesforankring or aftale activity with it ends by the handover "
            "({handover})",
            name=name,
            quoted=quoted,
            score=score,
            handover=handover,
        ),
        _(
            "add a fase4 activity of type ledelsesforankring or aftale with '{actor_id}' "
            "in aktører and a deadline on or before {handover}",
            actor_id=actor_id,
            handover=handover,
        ),
        "handover",
        actor=name,
        tasks=tasks,
        score=score,
        handover=handover,
    )


@rule(
    "A306",
    "A network anchoring has no organiseringsform, or an actor in it has no ansvar.",
    params=("tasks",),
    variants={"no_form": (), "no_responsibility": ("actor",)},
)
def a306_network_undescribed(case: Case, today: dt.date) -> Iterator[Finding]:
    """A netværk anchoring without organiseringsform (at the anchoring), and each of its
    actors without ansvar (at the actor's entry): one finding per missing item.

    'organiseringsform: ingen' is a recorded decision and does not warn; a blank ansvar does.
    """
    for i, anchoring in enumerate(case.anchorings):
        if anchoring.model != "netværk":
            continue
        tasks = task_names(case, anchoring.tasks)
        quoted = quoted_task_names(case, anchoring.tasks)
        if anchoring.organisation_form is None:
            yield make_finding(
                "A306",
                (*ANCHORINGS, i),
                _(
                    "the network anchoring of {quoted} has no organiseringsform",
                    quoted=quoted,
                ),
                _(
                    "add 'organiseringsform:' (samarbejdsaftale, partnerskab, forening, "
                    "driftsaftale, or ingen if the network is to have no formal frame)"
                ),
                "no_form",
                tasks=tasks,
            )
        for j, entry in enumerate(anchoring.actors):
            if blank(entry.responsibility):
                name = actor_name(case, entry.actor)
                yield make_finding(
                    "A306",
                    (*ANCHORINGS, i, "aktører", j),
                    _(
                        "{name} has no ansvar in the network anchoring of {quoted}",
                        name=name,
                        quoted=quoted,
                    ),
                    _(
                        "add 'ansvar:' saying what this actor takes care of, so that each "
                        "partner's part is clear"
                    ),
                    "no_responsibility",
                    tasks=tasks,
                    actor=name,
                )


@rule(
    "A307",
    "The only anchor of a task is a civil-society or resident actor scoring 1–2 on evne.",
    params=("task", "actor", "score"),
)
def a307_fragile_sole_anchor(case: Case, today: dt.date) -> Iterator[Finding]:
    """A task whose anchoring has one responsible actor only (no medansvarlig: bidragydere
    help but do not carry the task), when that hovedansvarlig is of sector civilsamfund or
    beboere and scores 1 or 2 on evne. One finding per task, at the task in the anchoring.

    Checked whether or not fase4 plans capacity building: one volunteer-run body with weak
    capacity is a fragile anchor even with a course planned (A304 covers the missing plan).
    An unknown evne does not warn here (A304 does).
    """
    analyses = analyses_by_actor(case)
    actors = actors_by_id(case)
    tasks = tasks_by_id(case)
    for i, anchoring in enumerate(case.anchorings):
        lead = lead_entry(anchoring)
        if lead is None or any(a.role == "medansvarlig" for a in anchoring.actors):
            continue
        actor = actors.get(lead[1].actor)
        analysis = analyses.get(lead[1].actor)
        score = concept_score(analysis, "evne") if analysis else None
        if actor is None or actor.sector not in CIVIL_SECTORS or score not in LOW_SCORES:
            continue
        for k, task_id in enumerate(anchoring.tasks):
            task = tasks[task_id]
            yield make_finding(
                "A307",
                (*ANCHORINGS, i, "opgaver", k),
                _(
                    "the only anchor of the task '{task}' is {actor}, a {sector} actor "
                    "that scores {score} on evne",
                    task=task.name,
                    actor=actor.name,
                    sector=_(CIVIL_SECTORS[str(actor.sector)]),
                    score=score,
                ),
                _(
                    "make a professional actor medansvarlig so that it shares the task (a "
                    "bidragyder helps but does not carry it)"
                )
                if anchoring.model == "netværk"
                else _(
                    "add a medansvarlig that can back it up (a professional actor), making the "
                    "anchoring a network"
                ),
                task=task.name,
                actor=actor.name,
                score=str(score),
            )


@rule(
    "A308",
    "A hovedansvarlig has an unknown score on evne or vilje.",
    params=("actor", "tasks", "concept", "concept_en"),
    variants={"handover": ("handover",)},
)
def a308_lead_unknown(case: Case, today: dt.date) -> Iterator[Finding]:
    """The hovedansvarlig of an anchoring scores null on evne or on vilje: one finding per
    concept, at the lead's entry in the anchoring, naming the handover when there is one.

    Checked whether or not fase4 plans anything: the one actor that is to carry the tasks
    has not been assessed on whether it can and will, whatever the plan builds (A304 asks
    for the plan). A lead without an analysis is A303's business.
    """
    analyses = analyses_by_actor(case)
    for i, anchoring in enumerate(case.anchorings):
        lead = lead_entry(anchoring)
        analysis = analyses.get(lead[1].actor) if lead else None
        if lead is None or analysis is None:
            continue
        j, entry = lead
        for concept in LEAD_CONCEPTS:
            if concept_score(analysis, concept) is None:
                path = (*ANCHORINGS, i, "aktører", j)
                yield _unknown_lead_finding(case, path, anchoring, entry.actor, concept, today)


def _unknown_lead_finding(
    case: Case, path: Path, anchoring: Anchoring, actor_id: str, concept: str, today: dt.date
) -> Finding:
    name = actor_name(case, actor_id)
    words = {
        "actor": name,
        "tasks": task_names(case, anchoring.tasks),
        "concept": concept,
        "concept_en": CONCEPT_EN[concept],
    }
    quoted = quoted_task_names(case, anchoring.tasks)
    if anchoring.handover is None:
        return make_finding(
            "A308",
            path,
            _(
                "{name} is hovedansvarlig for {quoted}, but its {concept} is unknown",
                name=name,
                quoted=quoted,
                concept=concept,
            ),
            _(
                "assess {concept} with {name} (a score of 1–4 under fase3.analyser, "
                "'aktør: {id}') before it takes over",
                concept=concept,
                name=name,
                id=actor_id,
            ),
            **words,
        )
    handover = anchoring.handover.isoformat()
    return make_finding(
        "A308",
        path,
        _(
            "{name} is hovedansvarlig for {quoted} and takes over on {handover}{soon}, but its "
            "{concept} is unknown",
            name=name,
            quoted=quoted,
            handover=handover,
            soon=_how_soon(today, anchoring.handover),
            concept=concept,
        ),
        _(
            "assess {concept} with {name} (a score of 1–4 under fase3.analyser, 'aktør: {id}') "
            "well before the handover on {handover}",
            concept=concept,
            name=name,
            id=actor_id,
            handover=handover,
        ),
        "handover",
        handover=handover,
        **words,
    )


def _how_soon(today: dt.date, day: dt.date) -> str:
    """ " (in 3 weeks)", " (in 5 months)": how near a coming handover is; "" once it is past."""
    days = (day - today).days
    if days <= 0:
        return ""
    if days < 8 * 7:
        return ngettext(" (in {n} week)", " (in {n} weeks)", max(1, round(days / 7)))
    return ngettext(" (in {n} month)", " (in {n} months)", round(days / 30.44))


@rule(
    "A309",
    "A konklusion contradicts its scores.",
    params=("actor",),
    variants={"suitable": ("concepts", "concepts_en"), "unsuitable": ()},
)
def a309_conclusion_against_scores(case: Case, today: dt.date) -> Iterator[Finding]:
    """An analysis concluding egnet with a score of 1 (ikke til stede) on some concept, or
    ikke_egnet with all four scores known and 3 or 4: at its konklusion.

    egnet_med_kapacitetsopbygning is never contradicted: it says the scores are to be built.
    An unknown score contradicts nothing (A304 and A308 ask for it).
    """
    for i, analysis in enumerate(case.analyses):
        scores = {c: concept_score(analysis, c) for c in CONCEPTS}
        name = actor_name(case, analysis.actor)
        path = (*ANALYSES, i, "konklusion")
        absent = tuple(c for c, s in scores.items() if s == 1)
        if analysis.conclusion == "egnet" and absent:
            listed = _(" and ").join(absent)
            yield make_finding(
                "A309",
                path,
                _(
                    "{name} is concluded egnet, but scores 1 (ikke til stede) on {listed}",
                    name=name,
                    listed=listed,
                ),
                _(
                    "conclude egnet_med_kapacitetsopbygning and plan how to build {listed}, or "
                    "correct the score if it is higher",
                    listed=listed,
                ),
                "suitable",
                actor=name,
                concepts=absent,
                concepts_en=tuple(CONCEPT_EN[c] for c in absent),
            )
        strong = all(s is not None and s >= 3 for s in scores.values())
        if analysis.conclusion == "ikke_egnet" and strong:
            yield make_finding(
                "A309",
                path,
                _(
                    "{name} is concluded ikke_egnet, but scores 3 or 4 on all four concepts",
                    name=name,
                ),
                _(
                    "say in samlet_vurdering what makes it unsuitable and lower the score that "
                    "shows it, or conclude egnet"
                ),
                "unsuitable",
                actor=name,
            )


@rule("A310", "A network anchoring has no snitflader and no koordinering.", params=("tasks",))
def a310_network_without_interfaces(case: Case, today: dt.date) -> Iterator[Finding]:
    """A netværk anchoring with neither snitflader nor a koordinering (blank counts as none):
    nothing says who hands what to whom, nor who holds the network together. At the anchoring.
    """
    for i, anchoring in enumerate(case.anchorings):
        if (
            anchoring.model == "netværk"
            and not anchoring.interfaces
            and blank(anchoring.coordination)
        ):
            yield make_finding(
                "A310",
                (*ANCHORINGS, i),
                _(
                    "the network anchoring of {quoted} has no snitflader and no koordinering",
                    quoted=quoted_task_names(case, anchoring.tasks),
                ),
                _(
                    "add 'koordinering:' (who brings the actors together, and where problems "
                    "are taken up) and 'snitflader:' (fra, til, hvad, hvornår, forum) for what "
                    "passes between them"
                ),
                tasks=task_names(case, anchoring.tasks),
            )


@rule(
    "A311",
    "An actor's role covers a task that the mapping marks nej or does not mark for it.",
    params=("actor", "task"),
    variants={"cannot": (), "not_assessed": ()},
)
def a311_role_beyond_mapping(case: Case, today: dt.date) -> Iterator[Finding]:
    """For each actor of an anchoring and each task its role covers (its own opgaver, else
    all of the anchoring's): a warning when fase2 marks the task nej for it, or does not mark
    it. At the task in the entry's own opgaver, else at the entry.

    The hovedansvarlig of a network answers for all its tasks without doing each: a task it is
    not marked for is its business only when no other actor of the network whose role covers
    the task can take it on (fuldt or delvist).
    """
    actors = actors_by_id(case)
    for i, anchoring in enumerate(case.anchorings):
        carried = {
            task_id
            for entry in anchoring.actors
            if entry.role != "hovedansvarlig" and entry.actor in actors
            for task_id in anchoring.tasks_of(entry)
            if task_id in actors[entry.actor].candidate_tasks
        }
        for j, entry in enumerate(anchoring.actors):
            actor = actors.get(entry.actor)
            if actor is None:
                continue
            lead_of_network = entry.role == "hovedansvarlig" and anchoring.model == "netværk"
            for k, task_id in enumerate(anchoring.tasks_of(entry)):
                mark = actor.tasks.get(task_id)
                if mark in CANDIDATE_EXTENTS or (lead_of_network and task_id in carried):
                    continue
                own = ("opgaver", k) if entry.tasks is not None else ()
                path = (*ANCHORINGS, i, "aktører", j, *own)
                yield _beyond_mapping_finding(case, path, entry, task_id, mark)


def _beyond_mapping_finding(
    case: Case, path: Path, entry: AnchorActor, task_id: str, mark: str | None
) -> Finding:
    name = actor_name(case, entry.actor)
    task = tasks_by_id(case)[task_id]
    if entry.tasks is not None:
        covers = _(
            "the opgaver of {name} ({role}) include '{task}'",
            name=name,
            role=entry.role,
            task=task.name,
        )
        instead = _("take '{id}' out of its opgaver", id=task_id)
    elif entry.role == "hovedansvarlig":
        covers = _("{name} is hovedansvarlig, so it carries '{task}'", name=name, task=task.name)
        instead = _("make an actor that can take it on medansvarlig for it")
    else:
        covers = _(
            "{name} ({role}) covers all the anchoring's tasks, '{task}' too",
            name=name,
            role=entry.role,
            task=task.name,
        )
        instead = _("give it its own 'opgaver:' with only the tasks it takes part in")
    words = {"actor": name, "task": task.name}
    if mark == "nej":
        return make_finding(
            "A311",
            path,
            _("{covers}, but fase2 marks that task nej (cannot) for it", covers=covers),
            _(
                "{instead}, or change '{id}: nej' in fase2 if it can take it on after all",
                instead=instead,
                id=task_id,
            ),
            "cannot",
            **words,
        )
    return make_finding(
        "A311",
        path,
        _("{covers}, but fase2 does not assess it for that task", covers=covers),
        _(
            "add '{id}: fuldt' or 'delvist' to the opgaver of {actor} in fase2 if it can take "
            "it on, or {instead}",
            id=task_id,
            actor=entry.actor,
            instead=instead,
        ),
        "not_assessed",
        **words,
    )
