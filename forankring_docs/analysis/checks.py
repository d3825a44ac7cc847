"""Cross-phase warnings (``forankring check``): rules A101–A405 of ``report.md``.

A warning never stops a case from rendering; it points at something a project leader will
want to look at before the steering group does. Each rule is a small named function with a
stable code, registered in :data:`RULES` in the order the rules are reported. A rule yields
:class:`Finding` s: the code, the YAML key path of the item it points at, an English message
and hint for the command line, and the names, dates and concepts that the report's sentence
for it needs (``params``).

Phases that are not worked out yet: a rule that judges a phase keeps quiet while that phase
is absent, because the report already says the phase is pending. After workshop 2 (fase2
written) a project leader wants to know which tasks nobody can take on, not that no actor has
been analysed; after workshop 3 that the analysis and the choice are complete; only once
fase4 exists does it make sense to ask whether the plan builds what the analysis found
missing. So A201/A202 need fase2; A301/A302 need fase3; A304, A305 (and, by their nature,
A403, A404, A405) need fase4.

Report sentences live in the template's label files (``labels/warnings.<lang>.yaml``), a flat
mapping from a sentence key to a sentence with ``{param}`` placeholders. The key is the code
(``A304``), or for a rule whose findings read differently case by case the code and a variant
(``A304.unknown``); the plain code is the fallback sentence, valid for every finding of the
rule. Params are language-neutral: names as written (a list of names, such as ``tasks``, as a
tuple), scores as digits, dates as ISO dates, concepts as the method's Danish terms (plus an
English word in ``concept_en``). :func:`report_sentence` writes them for the language: dates
in its words, the names of elements, tasks and activities in its quotation marks, and lists
joined as its ``names`` entry says ("»A«, »B« og »C«").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from forankring_docs.case.model import (
    CONCEPTS,
    Activity,
    Actor,
    Analysis,
    AnchorActor,
    Anchoring,
    Case,
    Element,
    Task,
)
from forankring_docs.diagnostics import Diagnostic, Path, format_path

if TYPE_CHECKING:
    from forankring_docs.case.validation import ValidCase

__all__ = [
    "DATE_PARAMS",
    "RULES",
    "Finding",
    "Rule",
    "SentenceError",
    "case_today",
    "placeholders",
    "report_sentence",
    "run_checks",
    "sentence_problems",
    "to_diagnostics",
]

# Key paths of the lists the rules point into (the YAML keys, not the attribute names).
ELEMENTS: Path = ("fase1", "hvad")
TASKS: Path = ("fase1", "opgaver")
ACTORS: Path = ("fase2", "aktører")
ANCHORINGS: Path = ("fase3", "forankring")
ACTIVITIES: Path = ("fase4", "aktiviteter")

ANCHORED = ("ja", "delvist")  # forankres values of an element that is carried on
LOW_SCORES = (1, 2)  # ikke til stede, svag
CIVIL_SECTORS = {"civilsamfund": "civil-society", "beboere": "resident"}
OWNERSHIP_ACTIVITY_TYPES = ("ledelsesforankring", "aftale")
CONCEPT_EN = {
    "forståelse": "understanding",
    "mening": "meaning",
    "evne": "ability",
    "vilje": "willingness",
}
STATUS_EN = {"ikke_startet": "has not started", "i_gang": "is still in progress"}
HANDOVER_MARGIN_MONTHS = 3
DATE_PARAMS = frozenset({"date", "deadline", "handover", "period_end"})
# Params holding the names of elements, tasks and activities: phrases such as "Skriv
# erfaringsopsamling" that would run into the sentence around them, so the report sets them
# off in quotation marks. Actor names are proper names ("Solhøj Skole") and stand as they are.
QUOTED_PARAMS = frozenset({"element", "task", "tasks", "activity"})
# The entry of a warnings label file that says how names and lists are written, not a sentence.
NAMES_KEY = "names"
NAMES_FIELDS = ("quote_open", "quote_close", "separator", "last")


# ------------------------------------------------------------------ findings and rules
Param = str | tuple[str, ...]  # a name, date, score or concept; or a list of names


@dataclass(frozen=True, slots=True)
class Finding:
    """One warning about one item of a case."""

    code: str
    path: Path  # YAML key path of the item, e.g. ("fase3", "forankring", 0, "aktører", 1)
    message: str  # English, for the command line; names items by their names
    hint: str  # English: what to do about it
    params: dict[str, Param] = field(default_factory=dict)  # for the report sentence
    variant: str | None = None  # which sentence of the rule reads right here, if it has several

    @property
    def sentence_key(self) -> str:
        """The key of this finding's sentence in a warnings label file."""
        return f"{self.code}.{self.variant}" if self.variant else self.code

    def __hash__(self) -> int:
        return hash(
            (
                self.code,
                self.path,
                self.message,
                self.hint,
                tuple(sorted(self.params.items())),
                self.variant,
            )
        )


Check = Callable[[Case, dt.date], Iterator[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered rule: its code, a one-line English title, and the params it provides."""

    code: str
    title: str
    check: Check
    params: tuple[str, ...]  # in every finding of the rule
    variants: Mapping[str, tuple[str, ...]]  # variant → the params it adds

    @property
    def sentence_keys(self) -> tuple[str, ...]:
        return (self.code, *(f"{self.code}.{variant}" for variant in self.variants))

    def params_for(self, sentence_key: str) -> frozenset[str]:
        """The placeholders a sentence under ``sentence_key`` may use."""
        _, _, variant = sentence_key.partition(".")
        return frozenset((*self.params, *self.variants.get(variant, ())))


RULES: dict[str, Rule] = {}


def rule(
    code: str,
    title: str,
    params: tuple[str, ...],
    variants: Mapping[str, tuple[str, ...]] | None = None,
) -> Callable[[Check], Check]:
    """Register a rule function under ``code`` (in the order of definition)."""

    def register(check: Check) -> Check:
        if code in RULES:
            raise ValueError(f"rule {code} is registered twice")
        RULES[code] = Rule(code, title, check, params, dict(variants or {}))
        return check

    return register


def run_checks(case: Case, today: dt.date) -> list[Finding]:
    """Every finding of every rule: by rule order, then in the order of the items in the file."""
    return [finding for entry in RULES.values() for finding in entry.check(case, today)]


def case_today(case: Case, fallback: dt.date) -> dt.date:
    """The rules' "today": meta.dato when the case gives it, else ``fallback`` (rendering)."""
    return case.meta.date or fallback


def to_diagnostics(findings: Iterable[Finding], valid_case: ValidCase) -> list[Diagnostic]:
    """Findings as warnings at their place in the case file."""
    out = []
    for finding in findings:
        line, column = valid_case.positions.value(finding.path)
        out.append(
            Diagnostic(
                valid_case.file,
                line,
                column,
                "warning",
                finding.message,
                finding.hint,
                code=finding.code,
                path=format_path(finding.path),
            )
        )
    return out


# ------------------------------------------------------------------ report sentences
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class SentenceError(LookupError):
    """A warnings label file lacks a sentence, or a sentence names an unknown placeholder."""


def placeholders(sentence: str) -> set[str]:
    """The ``{param}`` names a sentence uses."""
    return set(PLACEHOLDER.findall(sentence))


@dataclass(frozen=True, slots=True)
class NameStyle:
    """How a language writes names and lists in a sentence (a warnings file's ``names``)."""

    quote_open: str = ""
    quote_close: str = ""
    separator: str = ", "
    last: str = ", "  # before the last item: " og ", " and "

    @classmethod
    def of(cls, sentences: Mapping[str, object]) -> NameStyle:
        entry = sentences.get(NAMES_KEY)
        if not isinstance(entry, Mapping):
            return cls()
        return cls(**{name: str(entry[name]) for name in NAMES_FIELDS if name in entry})

    def quoted(self, name: str) -> str:
        return f"{self.quote_open}{name}{self.quote_close}"

    def joined(self, items: Iterable[str]) -> str:
        """ "A, B og C" (``separator`` between, ``last`` before the last item)."""
        items = list(items)
        if len(items) < 2:
            return "".join(items)
        return self.separator.join(items[:-1]) + self.last + items[-1]


def report_sentence(
    finding: Finding,
    sentences: Mapping[str, object],
    format_date: Callable[[dt.date], str] = dt.date.isoformat,
) -> str:
    """The finding in the words of a warnings label file (one language's mapping).

    The variant's sentence is used when the file has it, else the rule's own. Dates in the
    params (``DATE_PARAMS``) are ISO dates; ``format_date`` writes them for the report's
    language (e.g. "1. januar 2027"). Names of ``QUOTED_PARAMS`` get the file's quotation
    marks, and a list of names is joined as its ``names`` entry says (:class:`NameStyle`).
    """
    key = finding.sentence_key if finding.sentence_key in sentences else finding.code
    template = sentences.get(key)
    if template is None or key == NAMES_KEY:
        raise SentenceError(f"the warnings label file has no sentence for {finding.code}")
    style = NameStyle.of(sentences)
    values = {
        name: _param_text(name, value, style, format_date) for name, value in finding.params.items()
    }

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise SentenceError(
                f"the sentence for {key} uses {{{name}}}, which {finding.code} does not "
                f"provide here; it provides {', '.join(sorted(values)) or 'nothing'}"
            )
        return values[name]

    return PLACEHOLDER.sub(fill, str(template))


def _param_text(
    name: str, value: Param, style: NameStyle, format_date: Callable[[dt.date], str]
) -> str:
    if isinstance(value, tuple):
        return style.joined(style.quoted(v) if name in QUOTED_PARAMS else v for v in value)
    if name in DATE_PARAMS:
        return format_date(dt.date.fromisoformat(value))
    return style.quoted(value) if name in QUOTED_PARAMS else value


def sentence_problems(sentences: Mapping[str, object]) -> list[str]:
    """What is wrong with a warnings label file: missing codes, unknown keys or placeholders,
    or a ``names`` entry that is not a mapping of texts."""
    problems = [f"no sentence for {code}" for code in RULES if code not in sentences]
    for key, sentence in sentences.items():
        if key == NAMES_KEY:
            problems += _names_problems(sentence)
            continue
        owner = RULES.get(str(key).partition(".")[0])
        if owner is None or key not in owner.sentence_keys:
            problems.append(f"'{key}' is not a warning code or variant")
            continue
        if not isinstance(sentence, str) or not sentence.strip():
            problems.append(f"the sentence for {key} is empty")
            continue
        unknown = placeholders(sentence) - owner.params_for(str(key))
        problems.extend(
            f"the sentence for {key} uses {{{name}}}, which {owner.code} does not provide"
            for name in sorted(unknown)
        )
    return problems


def _names_problems(entry: object) -> list[str]:
    if not isinstance(entry, Mapping):
        return [f"'{NAMES_KEY}' is not a mapping of {', '.join(NAMES_FIELDS)}"]
    return [
        f"'{NAMES_KEY}.{name}' is not one of {', '.join(NAMES_FIELDS)}"
        if name not in NAMES_FIELDS
        else f"'{NAMES_KEY}.{name}' is not a text"
        for name, value in entry.items()
        if name not in NAMES_FIELDS or not isinstance(value, str)
    ]


# ------------------------------------------------------------------ small helpers
def _finding(
    code: str, path: Path, message: str, hint: str, variant: str | None = None, **params: Param
) -> Finding:
    return Finding(code, path, message, hint, dict(params), variant)


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def _is_anchored(element: Element) -> bool:
    return element.anchored in ANCHORED


def _elements_by_id(case: Case) -> dict[str, Element]:
    return {element.id: element for element in case.elements}


@dataclass(frozen=True, slots=True)
class _Lookups:
    """A case's tasks and actors by id: the rules name them in every finding, so they are
    made once per case rather than once per finding (which grew with rows × findings)."""

    case: weakref.ref[Case]
    tasks: dict[str, Task]
    actors: dict[str, Actor]


_last_lookups: list[_Lookups] = []  # the last case's (the rules read them; nobody changes them)


def _lookups(case: Case) -> _Lookups:
    if _last_lookups and _last_lookups[0].case() is case:
        return _last_lookups[0]
    found = _Lookups(
        weakref.ref(case),
        {task.id: task for task in case.tasks},
        {actor.id: actor for actor in case.actors},
    )
    _last_lookups[:] = [found]
    return found


def _tasks_by_id(case: Case) -> dict[str, Task]:
    return _lookups(case).tasks


def _actors_by_id(case: Case) -> dict[str, Actor]:
    return _lookups(case).actors


def _analyses_by_actor(case: Case) -> dict[str, Analysis]:
    return {analysis.actor: analysis for analysis in case.analyses}


def _anchoring_of_task(case: Case) -> dict[str, Anchoring]:
    return {task_id: anchoring for anchoring in case.anchorings for task_id in anchoring.tasks}


def _anchored_tasks(case: Case) -> Iterator[tuple[int, Task, Element]]:
    """(index, task, element) for each task of an element that is to be anchored."""
    elements = _elements_by_id(case)
    for index, task in enumerate(case.tasks):
        element = elements[task.element]
        if _is_anchored(element):
            yield index, task, element


def _anchoring_actors(case: Case) -> Iterator[tuple[Path, Anchoring, AnchorActor]]:
    """(path, anchoring, entry) for each actor of each chosen anchoring, in file order."""
    for i, anchoring in enumerate(case.anchorings):
        for j, entry in enumerate(anchoring.actors):
            yield (*ANCHORINGS, i, "aktører", j), anchoring, entry


def _lead_entry(anchoring: Anchoring) -> tuple[int, AnchorActor] | None:
    return next(
        ((j, a) for j, a in enumerate(anchoring.actors) if a.role == "hovedansvarlig"), None
    )


def _actor_name(case: Case, actor_id: str) -> str:
    actor = _actors_by_id(case).get(actor_id)
    return actor.name if actor else actor_id


def _task_names(case: Case, task_ids: Iterable[str]) -> tuple[str, ...]:
    """Task names for a report sentence, in the anchoring's order (joined per language)."""
    tasks = _tasks_by_id(case)
    return tuple(tasks[t].name if t in tasks else t for t in task_ids)


def _quoted_task_names(case: Case, task_ids: Iterable[str]) -> str:
    """Task names for a command-line message: 'A', 'B'."""
    tasks = _tasks_by_id(case)
    return ", ".join(f"'{tasks[t].name if t in tasks else t}'" for t in task_ids)


def _score(analysis: Analysis, concept: str) -> int | None:
    return analysis.score(concept).score


def _months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day if it is shorter)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    if year < dt.MINYEAR:  # a period ending in year 1 has no earlier calendar to count in
        return dt.date.min
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _built(activities: Iterable[Activity]) -> set[tuple[str, str]]:
    """The (actor, concept) pairs that some activity builds (``aktører`` × ``styrker``)."""
    return {
        (actor_id, concept) for a in activities for actor_id in a.actors for concept in a.builds
    }


# ------------------------------------------------------------------ fase 1
@rule("A101", "An element to be anchored has no tasks.", params=("element",))
def a101_element_without_tasks(case: Case, today: dt.date) -> Iterator[Finding]:
    """An element with forankres ja or delvist that no task of fase1.opgaver belongs to.

    Always checked: tasks are part of fase1, which every case has.
    """
    with_tasks = {task.element for task in case.tasks}
    for i, element in enumerate(case.elements):
        if _is_anchored(element) and element.id not in with_tasks:
            yield _finding(
                "A101",
                (*ELEMENTS, i),
                f"the element '{element.name}' is to be anchored (forankres: "
                f"{element.anchored}) but has no tasks",
                f"add the tasks that keep it going under fase1.opgaver with 'element: "
                f"{element.id}', or set 'forankres: nej' if it is to be phased out",
                element=element.name,
            )


@rule("A102", "A phased-out element has no begrundelse.", params=("element",))
def a102_phase_out_without_reason(case: Case, today: dt.date) -> Iterator[Finding]:
    """An element with forankres nej whose begrundelse is missing or blank."""
    for i, element in enumerate(case.elements):
        if element.anchored == "nej" and _blank(element.reason):
            yield _finding(
                "A102",
                (*ELEMENTS, i),
                f"the element '{element.name}' is phased out (forankres: nej) but has no "
                "begrundelse",
                "add 'begrundelse:' saying why it is phased out, so that the steering group "
                "sees the reason",
                element=element.name,
            )


# ------------------------------------------------------------------ fase 2
@rule("A201", "A task of an anchored element has no candidate actor.", params=("task", "element"))
def a201_task_without_candidate(case: Case, today: dt.date) -> Iterator[Finding]:
    """A task of an anchored element that no fase2 actor's ``opgaver`` names (fuldt or delvist).

    Only once fase2 is worked out: before the mapping every task would warn.
    """
    if case.phase2 is None:
        return
    candidates = {task_id for actor in case.actors for task_id in actor.tasks}
    for i, task, element in _anchored_tasks(case):
        if task.id not in candidates:
            yield _finding(
                "A201",
                (*TASKS, i),
                f"the task '{task.name}' ({element.name}) has no candidate actor in fase2",
                f"add '{task.id}: fuldt' or '{task.id}: delvist' to the opgaver of an actor "
                "that could take it on, or map a new actor",
                task=task.name,
                element=element.name,
            )


@rule("A202", "An actor is mapped to no task.", params=("actor",))
def a202_actor_without_tasks(case: Case, today: dt.date) -> Iterator[Finding]:
    """A fase2 actor whose ``opgaver`` is empty. Only when fase2 exists (it holds the actors)."""
    if case.phase2 is None:
        return
    for i, actor in enumerate(case.actors):
        if not actor.tasks:
            yield _finding(
                "A202",
                (*ACTORS, i),
                f"{actor.name} is mapped to no task",
                "add 'opgaver:' with the tasks it could take on (task id: fuldt or delvist), "
                "or remove the actor",
                actor=actor.name,
            )


# ------------------------------------------------------------------ fase 3
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
    analysed = _analyses_by_actor(case)
    for i, actor in enumerate(case.actors):
        if actor.tasks and actor.id not in analysed:
            yield _finding(
                "A301",
                (*ACTORS, i),
                f"{actor.name} is mapped to tasks but not analysed in fase3",
                f"add an analysis with 'aktør: {actor.id}' under fase3.analyser (forståelse, "
                "mening, evne, vilje and konklusion)",
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
    anchored = _anchoring_of_task(case)
    for i, task, element in _anchored_tasks(case):
        if task.id not in anchored:
            yield _finding(
                "A302",
                (*TASKS, i),
                f"the task '{task.name}' ({element.name}) has no chosen anchoring in fase3",
                f"add '{task.id}' to the opgaver of an anchoring under fase3.forankring, or "
                "add a new anchoring for it",
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
    analyses = _analyses_by_actor(case)
    for path, anchoring, entry in _anchoring_actors(case):
        analysis = analyses.get(entry.actor)
        name = _actor_name(case, entry.actor)
        tasks = _quoted_task_names(case, anchoring.tasks)
        if analysis is None:
            yield _finding(
                "A303",
                path,
                f"{name} is chosen to anchor {tasks} but is not analysed",
                f"add an analysis with 'aktør: {entry.actor}' under fase3.analyser, or choose "
                "another actor",
                "not_analysed",
                actor=name,
                tasks=_task_names(case, anchoring.tasks),
            )
        elif analysis.conclusion == "ikke_egnet":
            yield _finding(
                "A303",
                path,
                f"{name} is chosen to anchor {tasks} but its analysis concludes ikke_egnet",
                "choose another actor, or update the analysis if the actor has become suitable",
                "unsuitable",
                actor=name,
                tasks=_task_names(case, anchoring.tasks),
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
    analyses = _analyses_by_actor(case)
    built = _built(case.activities)
    seen: set[tuple[str, str]] = set()
    for path, _, entry in _anchoring_actors(case):
        analysis = analyses.get(entry.actor)
        if analysis is None:
            continue
        for concept in CONCEPTS:
            score = _score(analysis, concept)
            if (score is not None and score not in LOW_SCORES) or (entry.actor, concept) in seen:
                continue
            seen.add((entry.actor, concept))
            if (entry.actor, concept) not in built:
                yield _concept_finding(case, path, entry.actor, concept, score)


def _concept_finding(
    case: Case, path: Path, actor_id: str, concept: str, score: int | None
) -> Finding:
    name = _actor_name(case, actor_id)
    hint = (
        f"add a fase4 activity with '{actor_id}' in aktører and '{concept}' in styrker, or "
        "update the score if it has changed"
    )
    words = {"actor": name, "concept": concept, "concept_en": CONCEPT_EN[concept]}
    if score is None:
        return _finding(
            "A304",
            path,
            f"{name} has an unknown score on {concept}, and no "
            f"activity in fase4 builds {concept} for it",
            hint,
            "unknown",
            **words,
        )
    return _finding(
        "A304",
        path,
        f"{name} scores {score} on {concept}, but no activity in fase4 builds {concept} for it",
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
    analyses = _analyses_by_actor(case)
    for i, anchoring in enumerate(case.anchorings):
        lead = _lead_entry(anchoring)
        if lead is None:
            continue
        j, entry = lead
        analysis = analyses.get(entry.actor)
        score = _score(analysis, "vilje") if analysis else None
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
    name = _actor_name(case, actor_id)
    tasks = _task_names(case, anchoring.tasks)
    quoted = _quoted_task_names(case, anchoring.tasks)
    if anchoring.handover is None:
        return _finding(
            "A305",
            path,
            f"{name} is hovedansvarlig for {quoted} and scores {score} on vilje, "
            "but no ledelsesforankring or aftale activity is planned with it",
            f"add a fase4 activity of type ledelsesforankring or aftale with '{actor_id}' in "
            "aktører",
            actor=name,
            tasks=tasks,
            score=score,
        )
    handover = anchoring.handover.isoformat()
    return _finding(
        "A305",
        path,
        f"{name} is hovedansvarlig for {quoted} and scores {score} on vilje, but "
        f"no ledelsesforankring or aftale activity with it ends by the handover ({handover})",
        f"add a fase4 activity of type ledelsesforankring or aftale with '{actor_id}' in "
        f"aktører and a deadline on or before {handover}",
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
        tasks = _task_names(case, anchoring.tasks)
        quoted = _quoted_task_names(case, anchoring.tasks)
        if anchoring.organisation_form is None:
            yield _finding(
                "A306",
                (*ANCHORINGS, i),
                f"the network anchoring of {quoted} has no organiseringsform",
                "add 'organiseringsform:' (samarbejdsaftale, partnerskab, forening, "
                "driftsaftale, or ingen if the network is to have no formal frame)",
                "no_form",
                tasks=tasks,
            )
        for j, entry in enumerate(anchoring.actors):
            if _blank(entry.responsibility):
                name = _actor_name(case, entry.actor)
                yield _finding(
                    "A306",
                    (*ANCHORINGS, i, "aktører", j),
                    f"{name} has no ansvar in the network anchoring of {quoted}",
                    "add 'ansvar:' saying what this actor takes care of, so that each "
                    "partner's part is clear",
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
    analyses = _analyses_by_actor(case)
    actors = _actors_by_id(case)
    tasks = _tasks_by_id(case)
    for i, anchoring in enumerate(case.anchorings):
        lead = _lead_entry(anchoring)
        if lead is None or any(a.role == "medansvarlig" for a in anchoring.actors):
            continue
        actor = actors.get(lead[1].actor)
        analysis = analyses.get(lead[1].actor)
        score = _score(analysis, "evne") if analysis else None
        if actor is None or actor.sector not in CIVIL_SECTORS or score not in LOW_SCORES:
            continue
        for k, task_id in enumerate(anchoring.tasks):
            task = tasks[task_id]
            yield _finding(
                "A307",
                (*ANCHORINGS, i, "opgaver", k),
                f"the only anchor of the task '{task.name}' is {actor.name}, a "
                f"{CIVIL_SECTORS[str(actor.sector)]} actor that scores {score} on evne",
                "make a professional actor medansvarlig so that it shares the task (a "
                "bidragyder helps but does not carry it)"
                if anchoring.model == "netværk"
                else "add a medansvarlig that can back it up (a professional actor), making the "
                "anchoring a network",
                task=task.name,
                actor=actor.name,
                score=str(score),
            )


# ------------------------------------------------------------------ fase 4 and dates
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
            yield _finding(
                "A401",
                (*ANCHORINGS, i, "overdragelse"),
                f"the handover of {_quoted_task_names(case, anchoring.tasks)} "
                f"({anchoring.handover}) is after the end of the period ({end})",
                f"hand over on or before {end}, when the funding ends",
                "handover",
                date=anchoring.handover.isoformat(),
                period_end=end.isoformat(),
                tasks=_task_names(case, anchoring.tasks),
            )
    for i, activity in enumerate(case.activities):
        if activity.deadline and activity.deadline > end:
            yield _finding(
                "A401",
                (*ACTIVITIES, i, "deadline"),
                f"the deadline of '{activity.name}' ({activity.deadline}) is after the end of "
                f"the period ({end})",
                f"move the deadline to on or before {end}: after that the project has no staff "
                "to carry it out",
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
            yield _finding(
                "A402",
                (*ANCHORINGS, i, "overdragelse"),
                f"the handover of {_quoted_task_names(case, anchoring.tasks)} ({handover}) is "
                f"less than three months before the end of the period ({end})",
                f"hand over by {latest}, so that there is time to follow up and adjust while "
                "the project still has staff",
                tasks=_task_names(case, anchoring.tasks),
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
    anchoring_of = _anchoring_of_task(case)
    tasks = _tasks_by_id(case)
    for i, activity in enumerate(case.activities):
        if not activity.builds or activity.deadline is None or activity.status == "afsluttet":
            continue
        for k, task_id in enumerate(activity.tasks):
            anchoring = anchoring_of.get(task_id)
            handover = anchoring.handover if anchoring else None
            if handover is None or activity.deadline <= handover:
                continue
            task = tasks[task_id]
            yield _finding(
                "A403",
                (*ACTIVITIES, i, "opgaver", k),
                f"'{activity.name}' builds capacity for '{task.name}' but ends "
                f"({activity.deadline}) after the task's handover ({handover})",
                f"end the activity by {handover}, or move the handover later",
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
        no_owner, no_criterion = _blank(activity.responsible), _blank(activity.success_criterion)
        if not (no_owner or no_criterion):
            continue
        if no_owner and no_criterion:
            variant, missing = "both", "neither ansvarlig nor succeskriterium"
        elif no_owner:
            variant, missing = "responsible", "no ansvarlig"
        else:
            variant, missing = "criterion", "no succeskriterium"
        owner = "'ansvarlig:' (who makes sure it happens)"
        criterion = "'succeskriterium:' (how you will know it worked)"
        hint = {
            "both": f"add {owner} and {criterion}",
            "responsible": f"add {owner}",
            "criterion": f"add {criterion}",
        }[variant]
        yield _finding(
            "A404",
            (*ACTIVITIES, i),
            f"the activity '{activity.name}' has {missing}",
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
            yield _finding(
                "A405",
                (*ACTIVITIES, i, "deadline"),
                f"'{activity.name}' was due {activity.deadline} but "
                f"{STATUS_EN[activity.status]} (as of {today})",
                "set 'status: afsluttet' if it is done, or agree on a new deadline",
                variant,
                activity=activity.name,
                deadline=activity.deadline.isoformat(),
            )
