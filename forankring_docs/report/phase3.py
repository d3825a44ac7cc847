"""Phase 3, analysing and choosing the anchoring actors: the analysis (section 6: the heat
table, the evne × vilje grid, the reasons per actor) and the anchoring model (section 7: each
chosen anchoring, the responsibility matrix, the tasks still without an anchoring)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from forankring_docs.case.model import CONCEPTS, Analysis, Anchoring
from forankring_docs.report.labels import Labels, fill
from forankring_docs.report.lookup import Lookup
from forankring_docs.report.tables import (
    MATRIX_PART_MAX_COLUMNS,
    MATRIX_PORTRAIT_MAX_COLUMNS,
    Fact,
    Matrix,
    MatrixPart,
    MatrixRow,
    chunks,
)

__all__ = [
    "HEAT_LEVELS",
    "ActorAnalysis",
    "AnchorActorRow",
    "AnchoringView",
    "ConceptNote",
    "Grid",
    "GridEntry",
    "HeatCell",
    "HeatRow",
    "InterfaceRow",
    "build_analyses",
    "build_anchorings",
    "build_concepts",
    "build_grid",
    "build_heat",
    "build_responsibility",
    "build_unresolved",
]

Level = Literal["red", "yellow", "green", "grey"]
HEAT_LEVELS: dict[int | None, Level] = {1: "red", 2: "red", 3: "yellow", 4: "green", None: "grey"}
#: The concepts the evne × vilje grid does not show, noted beside a name when 1–2.
GRID_NOTED = ("forståelse", "mening")


# ================================================================ 6. analysis
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


@dataclass(frozen=True, slots=True)
class GridEntry:
    """An actor in the evne × vilje grid, with a forståelse or mening of 1–2 noted beside it:
    the grid shows only two of the four concepts, and a low one of the others matters."""

    actor: str
    note: str  # "mening 2", "forståelse 1, mening 2"; "" when neither is 1–2

    @property
    def label(self) -> str:
        return f"{self.actor} ({self.note})" if self.note else self.actor


@dataclass(frozen=True, slots=True)
class Grid:
    """The evne × vilje two-by-two: the actors per cell, those with an unknown score, and
    those concluded ``ikke_egnet``, listed apart so that no cell suggests they are chosen."""

    ready: tuple[GridEntry, ...]  # evne 3–4, vilje 3–4
    capacity: tuple[GridEntry, ...]  # evne 1–2, vilje 3–4
    ownership: tuple[GridEntry, ...]  # evne 3–4, vilje 1–2
    not_now: tuple[GridEntry, ...]  # evne 1–2, vilje 1–2
    unknown: tuple[GridEntry, ...]
    not_chosen: tuple[GridEntry, ...]  # konklusion ikke_egnet, whatever the scores


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


def build_concepts(labels: Labels) -> tuple[str, ...]:
    """The four concept words, for the headers of the heat table."""
    return tuple(labels.word("concept", c) for c in CONCEPTS)


def build_heat(lookup: Lookup) -> tuple[HeatRow, ...]:
    L = lookup.labels
    rows = []
    for analysis in lookup.analysed:
        cells = []
        for concept in CONCEPTS:
            score = analysis.score(concept).score
            cells.append(HeatCell(score, L.word("score", score), HEAT_LEVELS[score]))
        rows.append(
            HeatRow(
                actor=lookup.actor_name(analysis.actor),
                cells=tuple(cells),
                conclusion=L.word("conclusion", analysis.conclusion),
            )
        )
    return tuple(rows)


def build_grid(lookup: Lookup) -> Grid | None:
    if not lookup.analysed:
        return None
    notes = lookup.labels.get("analysis", "grid_notes")
    cells: dict[tuple[bool, bool], list[GridEntry]] = {
        (True, True): [],
        (False, True): [],
        (True, False): [],
        (False, False): [],
    }
    unknown, not_chosen = [], []
    for analysis in lookup.analysed:
        ability = analysis.ability.score
        willingness = analysis.willingness.score
        low = [
            fill(str(notes[concept]), {"score": score})
            for concept in GRID_NOTED
            if (score := analysis.score(concept).score) is not None and score <= 2
        ]
        entry = GridEntry(lookup.actor_name(analysis.actor), ", ".join(low))
        if analysis.conclusion == "ikke_egnet":
            not_chosen.append(entry)
        elif ability is None or willingness is None:
            unknown.append(entry)
        else:
            cells[(ability >= 3, willingness >= 3)].append(entry)
    return Grid(
        ready=tuple(cells[(True, True)]),
        capacity=tuple(cells[(False, True)]),
        ownership=tuple(cells[(True, False)]),
        not_now=tuple(cells[(False, False)]),
        unknown=tuple(unknown),
        not_chosen=tuple(not_chosen),
    )


def build_analyses(lookup: Lookup) -> tuple[ActorAnalysis, ...]:
    return tuple(_analysis(lookup, a) for a in lookup.analysed)


def _analysis(lookup: Lookup, analysis: Analysis) -> ActorAnalysis:
    L = lookup.labels
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
        actor=lookup.actor_name(analysis.actor),
        conclusion=L.word("conclusion", analysis.conclusion),
        overall=analysis.overall,
        notes=tuple(notes),
    )


# ================================================================ 7. anchoring model
@dataclass(frozen=True, slots=True)
class AnchorActorRow:
    actor: str
    role: str
    role_value: str
    tasks: tuple[str, ...]  # the names of the tasks the role covers (Anchoring.tasks_of)
    all_tasks: bool  # it covers every task of the anchoring: "alle" (the facts name them)
    responsibility: str | None


@dataclass(frozen=True, slots=True)
class InterfaceRow:
    """A snitflade: who hands what to whom, when and where."""

    source: str  # actor names
    target: str
    what: str
    when: str | None
    forum: str | None


@dataclass(frozen=True, slots=True)
class AnchoringView:
    title: str  # what is anchored, then the model: "Lektiecafé: netværk"
    tasks: tuple[str, ...]
    model: str
    organisation_form: str | None
    handover: str | None
    coordination: str | None
    actors: tuple[AnchorActorRow, ...]
    interfaces: tuple[InterfaceRow, ...]
    facts: tuple[Fact, ...]


def build_anchorings(lookup: Lookup) -> tuple[AnchoringView, ...]:
    """Each chosen anchoring, headed by what it anchors. Two anchorings of the same elements
    with the same model would read alike: their heading adds the hovedansvarlig."""
    L = lookup.labels
    anchorings = lookup.case.anchorings
    titles = [_title(lookup, a) for a in anchorings]
    twice = {title for title in titles if titles.count(title) > 1}
    return tuple(
        _anchoring(
            lookup,
            anchoring,
            L.text("model", "title_with_lead", title=title, lead=lookup.actor_name(lead.actor))
            if title in twice and (lead := anchoring.lead) is not None
            else title,
        )
        for anchoring, title in zip(anchorings, titles, strict=True)
    )


def _title(lookup: Lookup, anchoring: Anchoring) -> str:
    """ "Lektiecafé: netværk": the elements of the anchoring's tasks, then its model."""
    L = lookup.labels
    elements: dict[str, None] = {}  # in the order of the tasks, each once
    for task_id in anchoring.tasks:
        task = lookup.tasks.get(task_id)
        element = lookup.elements.get(task.element) if task else None
        elements[element.name if element else lookup.task_name(task_id)] = None
    model = L.get("model", "heading_model").get(anchoring.model, anchoring.model)
    return L.text("headings", "anchoring", what=L.join(elements), model=model)


def _anchoring(lookup: Lookup, anchoring: Anchoring, title: str) -> AnchoringView:
    L = lookup.labels
    tasks = tuple(lookup.task_name(t) for t in anchoring.tasks)
    model = L.word("model", anchoring.model)
    form = (
        L.word("organisation_form", anchoring.organisation_form)
        if anchoring.organisation_form
        else None
    )
    handover = L.date(anchoring.handover) if anchoring.handover else None
    not_given = L.text("model", "not_given")
    network = anchoring.model == "netværk"
    # A network needs a form of organisation (A306), and a way to work together: snitflader
    # or koordinering (A310); a single actor may do without them.
    form_missing = form is None and network
    loose = network and not anchoring.interfaces and not anchoring.coordination
    facts = [
        Fact(L.text("model", "tasks"), L.join(tasks), items=tasks),
        Fact(L.text("model", "model"), model),
        Fact(L.text("model", "organisation_form"), form or not_given, alert=form_missing),
        Fact(L.text("model", "handover"), handover or not_given, alert=handover is None),
        Fact(L.text("model", "coordination"), anchoring.coordination or not_given, alert=loose),
    ]
    if network and not anchoring.interfaces:
        facts.append(Fact(L.text("model", "interfaces"), not_given, alert=loose))
    actors = []
    for member in anchoring.actors:
        covered = anchoring.tasks_of(member)
        actors.append(
            AnchorActorRow(
                actor=lookup.actor_name(member.actor),
                role=L.word("role", member.role),
                role_value=member.role,
                tasks=tuple(lookup.task_name(t) for t in covered),
                all_tasks=set(covered) >= set(anchoring.tasks),
                responsibility=member.responsibility,
            )
        )
    return AnchoringView(
        title=title,
        tasks=tasks,
        model=model,
        organisation_form=form,
        handover=handover,
        coordination=anchoring.coordination,
        actors=tuple(actors),
        interfaces=tuple(
            InterfaceRow(
                source=lookup.actor_name(i.source),
                target=lookup.actor_name(i.target),
                what=i.what,
                when=i.when,
                forum=i.forum,
            )
            for i in anchoring.interfaces
        ),
        facts=tuple(facts),
    )


def build_responsibility(lookup: Lookup) -> Matrix | None:
    """Tasks × chosen actors, per element (each part fits a page, most often in portrait):
    the element's tasks as rows, the actors with a role in them as columns, H, M or B (the
    letters of the labels), each role in the rows of the tasks it covers (a bidragyder with
    its own ``opgaver`` only there). The tasks of anchored elements without an anchoring
    are rows marked "uafklaret"."""
    case, L = lookup.case, lookup.labels
    if not case.anchorings:
        return None
    order = {a.id: i for i, a in enumerate(case.actors)}
    letters = L.get("model", "role_letters")
    unresolved = {t.id for t in lookup.unresolved}
    unresolved_word = L.text("model", "unresolved")
    parts: list[MatrixPart] = []
    widest = 0
    for element in case.elements:
        rows: list[tuple[str, dict[str, str], bool]] = []  # task, actor → role, unresolved
        for task in case.tasks:
            if task.element != element.id:
                continue
            anchoring = lookup.anchoring_of.get(task.id)
            if anchoring is not None:
                roles = {
                    a.actor: a.role for a in anchoring.actors if task.id in anchoring.tasks_of(a)
                }
                rows.append((task.name, roles, False))
            elif task.id in unresolved:
                rows.append((task.name, {}, True))
        if not rows:
            continue
        involved = {a for _, roles, _ in rows for a in roles}
        actor_ids = sorted(involved, key=lambda a: (order.get(a, len(order)), a))
        bounds = chunks(len(actor_ids), MATRIX_PART_MAX_COLUMNS)
        for index, (lo, hi) in enumerate(bounds):
            part_actors = actor_ids[lo:hi]
            widest = max(widest, len(part_actors))
            parts.append(
                MatrixPart(
                    groups=(),
                    columns=tuple(lookup.actor_name(a) for a in part_actors),
                    rows=tuple(
                        MatrixRow(
                            name,
                            tuple(str(letters.get(roles.get(a, ""), "")) for a in part_actors),
                            note=unresolved_word if open_task else "",
                        )
                        # a continued part: the rows with a role in it
                        for name, roles, open_task in rows
                        if not index or any(a in roles for a in part_actors)
                    ),
                    totals=(),
                    continued=index > 0,
                    title=element.name,
                )
            )
    return Matrix(tuple(parts), wide=widest > MATRIX_PORTRAIT_MAX_COLUMNS)


def build_unresolved(lookup: Lookup) -> tuple[str, ...]:
    """The names of the tasks to be anchored that have no anchoring (once phase 3 is there)."""
    if lookup.case.phase3 is None:
        return ()
    return tuple(t.name for t in lookup.unresolved)
