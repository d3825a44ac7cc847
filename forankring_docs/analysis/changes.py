"""What changed between two versions of a case: compared by id, not by line.

``compare_cases(old, new)`` gives a :class:`CaseChanges`: plain frozen dataclasses, grouped by
phase, that the command line prints and a report can render. Items are matched by id
(elements, tasks, actors, task types), analyses by actor, the chosen anchoring task by task,
activities by id when they have one and else by name, risks by their text. A renamed item
(same id, new ``navn``) is a change, not a removal and an addition.

Every field change carries a stable field id (the Danish YAML key, e.g. ``overdragelse`` or
``ressourcer.timer_pr_uge``) and an English label; item kinds are stable ids too
(:data:`ITEM_KINDS`), so a Danish report can translate both. Values are kept as the user
wrote them: texts and enumeration values as text, dates as ISO text, numbers as numbers,
lists as tuples. Formatting them is the caller's job: ``report/changes.py`` words them for
the report and for ``forankring diff``. Which fields are compared is read from the case model
(``change_fields``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal, TypeVar

from forankring_docs.analysis.change_fields import (
    ACTIVITY_FIELDS,
    ACTOR_FIELDS,
    ACTOR_TASKS_KEY,
    ANALYSIS_FIELDS,
    ANCHOR_ACTORS_KEY,
    ANCHORING_FIELDS,
    ELEMENT_FIELDS,
    FOLLOW_UP_FIELDS,
    INTERFACES_KEY,
    META_FIELDS,
    RESPONSIBILITY_KEY,
    RISK_FIELDS,
    ROLE_TASKS_KEY,
    TASK_FIELDS,
    TASK_TYPES_KEY,
    WHY_KEY,
    FieldSpec,
    ValueType,
)
from forankring_docs.case.model import (
    Activity,
    Actor,
    Analysis,
    AnchorActor,
    Anchoring,
    Case,
    Element,
    FollowUp,
    Interface,
    Risk,
    Task,
)
from forankring_docs.i18n import N_, NP_, _, language, ngettext

ChangeKind = Literal["added", "removed", "changed"]
Direction = Literal["up", "down", "known", "unknown", "later", "earlier"]
Value = str | int | float | tuple[str, ...] | None

T = TypeVar("T")


# ------------------------------------------------------------------ the result
@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of one item, before and after.

    ``field`` is the stable id (the Danish YAML key or key path, e.g. ``overdragelse``,
    ``ressourcer.timer_pr_uge``, ``aktører``); ``label`` the English display label, which
    already names the subject (``role of Klubben``). ``subject`` and ``subject_id`` say whom
    the field is about inside the item (an actor of an anchoring, a task an actor can take
    on), so that a translated label can be built from ``field`` and ``subject``.
    ``None`` means "not given" (for a score: unknown).
    """

    field: str
    label: str
    old: Value
    new: Value
    direction: Direction | None = None
    value_type: ValueType = "text"
    subject: str | None = None
    subject_id: str | None = None


@dataclass(frozen=True, slots=True)
class Change:
    """An item added, removed or changed. ``item_kind`` is a key of :data:`ITEM_KINDS`.

    An anchoring is compared task by task, but tasks anchored together that changed alike
    are one change: ``item_ids`` holds all their task ids (``item_id`` is the first,
    ``item_name`` their names joined by "; "). Other kinds leave ``item_ids`` empty.
    """

    kind: ChangeKind
    item_kind: str
    item_id: str | None
    item_name: str
    fields: tuple[FieldChange, ...] = ()
    item_ids: tuple[str, ...] = ()

    @property
    def item_label(self) -> str:
        """The name of the item kind in the language of the run, e.g. "task"."""
        return noun(self.item_kind, 1)


@dataclass(frozen=True, slots=True)
class PhaseChanges:
    """The changes of one part of the case: ``meta``, ``fase1`` … ``fase4``."""

    phase: str
    label: str
    changes: tuple[Change, ...]


@dataclass(frozen=True, slots=True)
class CaseChanges:
    """Everything that changed from ``old`` to ``new``; only parts with changes are listed."""

    phases: tuple[PhaseChanges, ...]
    old_version: str | None  # meta.version of each side, e.g. for "Ændringer siden version 1.0"
    new_version: str | None
    old_exists: bool = True  # False: there was no old version, everything is new

    @property
    def is_empty(self) -> bool:
        return not self.phases

    def all_changes(self) -> Iterator[Change]:
        for phase in self.phases:
            yield from phase.changes

    def summary(self) -> str:
        """One line, e.g. "3 tasks added, 1 actor removed, 2 scores moved"."""
        if not self.old_exists:
            return _new_file_summary(list(self.all_changes()))
        parts = [_part_text(part) for part in self.summary_parts()]
        return ", ".join(parts) if parts else _("no changes")

    def summary_parts(self) -> list[SummaryPart]:
        """The parts of :meth:`summary` as data, so that a report can word them itself."""
        return summary_parts(list(self.all_changes()))

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: the dataclasses as dicts plus ``summary`` and ``is_empty``."""
        return {"summary": self.summary(), "is_empty": self.is_empty, **asdict(self)}


@dataclass(frozen=True, slots=True)
class SummaryPart:
    """One part of the summary line: ``count`` items of ``item_kind`` that were ``kind``.

    ``item_kind`` is a key of :data:`ITEM_KINDS` or ``"score"`` (``kind`` is then
    ``"moved"``). Meta, a phase and the follow-up are not counted: their part holds the
    ``change`` itself (which fields changed, which phase).
    """

    item_kind: str
    kind: str  # added, removed, changed; moved (scores)
    count: int = 1
    change: Change | None = None  # meta, a phase, the follow-up


@dataclass(frozen=True, slots=True)
class ItemKind:
    singular: str
    plural: str


# The English words, marked for the catalog: the command line shows them translated.
ITEM_KINDS: dict[str, ItemKind] = {
    "meta": ItemKind(*NP_("meta", "meta")),
    "phase": ItemKind(*NP_("phase", "phases")),
    "element": ItemKind(*NP_("element", "elements")),
    "task": ItemKind(*NP_("task", "tasks")),
    "task_type": ItemKind(*NP_("task type", "task types")),
    "actor": ItemKind(*NP_("actor", "actors")),
    "analysis": ItemKind(*NP_("analysis", "analyses")),
    "anchoring": ItemKind(*NP_("anchoring", "anchorings")),
    "activity": ItemKind(*NP_("activity", "activities")),
    "follow_up": ItemKind(*NP_("follow-up", "follow-ups")),
    "risk": ItemKind(*NP_("risk", "risks")),
}
KIND_WORDS = {
    "added": N_("added"),
    "removed": N_("removed"),
    "changed": N_("changed"),
    "moved": N_("moved"),
}

PHASES: dict[str, str] = {
    "meta": N_("Meta"),
    "fase1": N_("Phase 1: why, what and which tasks"),
    "fase2": N_("Phase 2: possible anchoring actors"),
    "fase3": N_("Phase 3: analysis and chosen anchoring"),
    "fase4": N_("Phase 4: anchoring plan"),
}
PHASE_NAMES = {
    "fase1": N_("phase 1"),
    "fase2": N_("phase 2"),
    "fase3": N_("phase 3"),
    "fase4": N_("phase 4"),
}


# ------------------------------------------------------------------ values
def plain_value(value: Any) -> Value:
    """A model value as the user wrote it: dates as ISO text, 6.0 as 6, lists as tuples."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, list | tuple):
        return tuple(str(plain_value(v)) for v in value)
    return str(value)


def direction(value_type: ValueType, old: Value, new: Value) -> Direction | None:
    """Which way a score, number or date moved; ``None`` where that has no meaning."""
    if value_type == "score":
        if old is None:
            return "known" if new is not None else None
        if new is None:
            return "unknown"
    if value_type in ("score", "number") and _both(old, new, int | float):
        return "up" if new > old else "down"  # type: ignore[operator]
    if value_type == "date" and _both(old, new, str):
        return "later" if new > old else "earlier"  # type: ignore[operator]
    return None


def _both(old: Value, new: Value, kind: Any) -> bool:
    return isinstance(old, kind) and isinstance(new, kind) and old != new


def field_change(
    key: str,
    label: str,
    old: Any,
    new: Any,
    value_type: ValueType = "text",
    subject: str | None = None,
    subject_id: str | None = None,
) -> FieldChange | None:
    """The change of one field, or ``None`` when it is the same on both sides."""
    before, after = plain_value(old), plain_value(new)
    if before == after:
        return None
    return FieldChange(
        key,
        label,
        before,
        after,
        direction(value_type, before, after),
        value_type,
        subject,
        subject_id,
    )


def compare_fields(old: Any, new: Any, specs: Sequence[FieldSpec]) -> list[FieldChange]:
    out = []
    for spec in specs:
        found = field_change(spec.key, spec.label, spec.get(old), spec.get(new), spec.value_type)
        if found is not None:
            out.append(found)
    return out


# ------------------------------------------------------------------ pairing items
def _match(
    old: Sequence[T],
    new: Sequence[T],
    key: Callable[[T], object],
    accept: Callable[[T, T], bool],
    pairs: dict[int, int],
) -> None:
    """Pair still unpaired items with equal keys (first with first); ``pairs``: new → old."""
    waiting: dict[object, list[int]] = {}
    taken = set(pairs.values())
    for i, item in enumerate(old):
        if i not in taken:
            waiting.setdefault(key(item), []).append(i)
    for j, item in enumerate(new):
        if j in pairs:
            continue
        candidates = waiting.get(key(item), [])
        chosen = next((i for i in candidates if accept(old[i], item)), None)
        if chosen is not None:
            candidates.remove(chosen)
            pairs[j] = chosen


def pair_items(
    old: Sequence[T],
    new: Sequence[T],
    *keys: Callable[[T], object | None],
    accept: Callable[[T, T], bool] = lambda a, b: True,
) -> list[tuple[T | None, T | None]]:
    """(old, new) pairs: new items in their order (old is None when added), then removed ones.

    Items are paired by the first key, then those left by the next key, and so on; a key
    that returns ``None`` for an item does not pair it.
    """
    pairs: dict[int, int] = {}
    for key in keys:

        def keyed(item: T, key: Callable[[T], object | None] = key) -> object:
            found = key(item)
            return found if found is not None else object()  # unique: never pairs

        _match(old, new, keyed, accept, pairs)
    paired_old = set(pairs.values())
    out: list[tuple[T | None, T | None]] = [
        (old[pairs[j]] if j in pairs else None, item) for j, item in enumerate(new)
    ]
    out.extend((item, None) for i, item in enumerate(old) if i not in paired_old)
    return out


def compare_items(
    item_kind: str,
    old: Sequence[T],
    new: Sequence[T],
    describe: Callable[[T, T], list[FieldChange]],
) -> list[Change]:
    """Added, removed and changed items of a kind with a required ``id`` and ``name``."""
    return compare_pairs(item_kind, pair_items(old, new, _id), describe, _id, _name)


def compare_pairs(
    item_kind: str,
    pairs: Sequence[tuple[T | None, T | None]],
    describe: Callable[[T, T], list[FieldChange]],
    item_id: Callable[[T], str | None],
    item_name: Callable[[T], str],
) -> list[Change]:
    """One change per pair that differs: added (no old), removed (no new) or changed."""
    out = []
    for before, after in pairs:
        if before is None and after is not None:
            out.append(Change("added", item_kind, item_id(after), item_name(after)))
        elif after is None and before is not None:
            out.append(Change("removed", item_kind, item_id(before), item_name(before)))
        elif before is not None and after is not None:
            fields = describe(before, after)
            if fields:
                out.append(
                    Change("changed", item_kind, item_id(after), item_name(after), tuple(fields))
                )
    return out


def _specs(specs: Sequence[FieldSpec]) -> Callable[[Any, Any], list[FieldChange]]:
    return lambda old, new: compare_fields(old, new, specs)


def _name(item: Any) -> str:
    return item.name


def _id(item: Any) -> str | None:
    return item.id


# ------------------------------------------------------------------ names across versions
class _Names:
    """Display names of tasks and actors, the new version's first."""

    def __init__(self, old: Case | None, new: Case) -> None:
        cases = [c for c in (new, old) if c is not None]
        self.tasks = {t.id: t.name for c in reversed(cases) for t in c.tasks}
        self.actors = {a.id: a.name for c in reversed(cases) for a in c.actors}

    def task(self, task_id: str) -> str:
        return self.tasks.get(task_id, task_id)

    def actor(self, actor_id: str) -> str:
        return self.actors.get(actor_id, actor_id)


# ------------------------------------------------------------------ per part
def compare_meta(old: Case | None, new: Case) -> list[Change]:
    name = new.meta.title or new.meta.initiative
    if old is None:
        return [Change("added", "meta", None, name)]
    fields = compare_fields(old.meta, new.meta, META_FIELDS)
    return [Change("changed", "meta", None, name, tuple(fields))] if fields else []


def compare_phase(phase: str, old: Case | None, new: Case) -> list[Change]:
    """A phase that went from not worked out to worked out (or back); fase1's ``hvorfor``."""
    before = _phase_of(old, phase)
    after = _phase_of(new, phase)
    name = PHASE_NAMES[phase]
    if before is None and after is not None:
        return [Change("added", "phase", phase, name)]
    if before is not None and after is None:
        return [Change("removed", "phase", phase, name)]
    if phase == "fase1" and old is not None:
        found = field_change(WHY_KEY, "why", old.phase1.why, new.phase1.why)
        if found is not None:
            return [Change("changed", "phase", phase, name, (found,))]
    return []


def _phase_of(case: Case | None, phase: str) -> object | None:
    if case is None:
        return None
    return {"fase1": case.phase1, "fase2": case.phase2, "fase3": case.phase3, "fase4": case.phase4}[
        phase
    ]


def compare_elements(old: Sequence[Element], new: Sequence[Element]) -> list[Change]:
    return compare_items("element", old, new, _specs(ELEMENT_FIELDS))


def compare_tasks(old: Sequence[Task], new: Sequence[Task]) -> list[Change]:
    return compare_items("task", old, new, _specs(TASK_FIELDS))


def compare_task_types(old: dict[str, str], new: dict[str, str]) -> list[Change]:
    def describe(before: tuple[str, str], after: tuple[str, str]) -> list[FieldChange]:
        found = field_change(TASK_TYPES_KEY, "label", before[1], after[1])
        return [found] if found else []

    pairs = pair_items(list(old.items()), list(new.items()), lambda item: item[0])
    return compare_pairs("task_type", pairs, describe, lambda item: item[0], lambda item: item[1])


def compare_actors(old: Sequence[Actor], new: Sequence[Actor], names: _Names) -> list[Change]:
    def describe(before: Actor, after: Actor) -> list[FieldChange]:
        return [*compare_fields(before, after, ACTOR_FIELDS), *_actor_tasks(before, after, names)]

    return compare_items("actor", old, new, describe)


def _actor_tasks(old: Actor, new: Actor, names: _Names) -> list[FieldChange]:
    """What the actor can take on, task by task: fuldt / delvist / not at all (None)."""
    out = []
    for task_id in dict.fromkeys([*new.tasks, *old.tasks]):
        name = names.task(task_id)
        found = field_change(
            ACTOR_TASKS_KEY,
            f"can take on {name}",
            old.tasks.get(task_id),
            new.tasks.get(task_id),
            "choice",
            name,
            task_id,
        )
        if found is not None:
            out.append(found)
    return out


def compare_analyses(
    old: Sequence[Analysis], new: Sequence[Analysis], names: _Names
) -> list[Change]:
    pairs = pair_items(old, new, lambda a: a.actor)
    return compare_pairs(
        "analysis",
        pairs,
        _specs(ANALYSIS_FIELDS),
        lambda a: a.actor,
        lambda a: names.actor(a.actor),
    )


def compare_anchorings(old: Case | None, new: Case, names: _Names) -> list[Change]:
    """The chosen anchoring, task by task (a task is anchored at most once).

    Tasks of one anchoring that changed alike (added with the same new anchoring, removed
    with the same old one, or changed in the same fields between the same two) are one
    change, so that an anchoring of three tasks counts once, not three times.
    """
    before = _anchoring_by_task(old)
    after = _anchoring_by_task(new)
    order = [*new.phase1.tasks, *(old.phase1.tasks if old else [])]
    task_ids = dict.fromkeys([*(t.id for t in order), *after, *before])
    groups: dict[object, tuple[ChangeKind, list[str], tuple[FieldChange, ...]]] = {}
    for task_id in task_ids:
        a, b = before.get(task_id), after.get(task_id)
        if a is None and b is not None:
            key: object = ("added", id(b))
            groups.setdefault(key, ("added", [], ()))[1].append(task_id)
        elif a is not None and b is None:
            groups.setdefault(("removed", id(a)), ("removed", [], ()))[1].append(task_id)
        elif a is not None and b is not None:
            lead = field_change("hovedansvarlig", "lead actor", _lead(a), _lead(b), "id")
            fields = (
                *([lead] if lead else []),
                *compare_fields(a, b, ANCHORING_FIELDS),
                *_anchor_actors(a, b, names),
                *_interfaces(a, b, names),
            )
            if fields:
                key = ("changed", id(a), id(b), fields)
                groups.setdefault(key, ("changed", [], fields))[1].append(task_id)
    return [
        Change(kind, "anchoring", ids[0], "; ".join(names.task(t) for t in ids), fields, tuple(ids))
        for kind, ids, fields in groups.values()
    ]


def _anchoring_by_task(case: Case | None) -> dict[str, Anchoring]:
    if case is None:
        return {}
    return {task_id: anchoring for anchoring in case.anchorings for task_id in anchoring.tasks}


def _anchor_actors(old: Anchoring, new: Anchoring, names: _Names) -> list[FieldChange]:
    """Actors joining (None → role), leaving (role → None), changing role or responsibility."""
    before = {a.actor: a for a in old.actors}
    after = {a.actor: a for a in new.actors}
    out = []
    for actor_id in dict.fromkeys([*after, *before]):
        a, b = before.get(actor_id), after.get(actor_id)
        name = names.actor(actor_id)
        role = field_change(
            ANCHOR_ACTORS_KEY,
            f"actor {name}",
            a.role if a else None,
            b.role if b else None,
            "choice",
            name,
            actor_id,
        )
        if role is not None:
            out.append(role)
        if a is not None and b is not None:
            duty = field_change(
                RESPONSIBILITY_KEY,
                f"responsibility of {name}",
                a.responsibility,
                b.responsibility,
                "text",
                name,
                actor_id,
            )
            if duty is not None:
                out.append(duty)
        tasks = _role_tasks(old, a, new, b, name) if b is not None else None
        if tasks is not None:
            out.append(tasks)
    return out


def _role_tasks(
    old: Anchoring, before: AnchorActor | None, new: Anchoring, after: AnchorActor, name: str
) -> FieldChange | None:
    """The tasks a role covers, where either version gives it tasks of its own (an actor
    joining with them: from none). A role without them covers all the anchoring's tasks:
    that is what it is compared as, and a change of the anchoring's tasks alone is said
    once, by the anchoring's own field."""
    if after.tasks is None and (before is None or before.tasks is None):
        return None
    return field_change(
        ROLE_TASKS_KEY,
        f"tasks of {name}",
        old.tasks_of(before) if before is not None else [],
        new.tasks_of(after),
        "list",
        name,
        after.actor,
    )


def _interfaces(old: Anchoring, new: Anchoring, names: _Names) -> list[FieldChange]:
    """Interfaces added, removed or changed, each named by who hands over to whom; paired by
    fra, til and hvad, then by fra and til (what is handed over was reworded)."""
    out = []
    pairs = pair_items(
        old.interfaces,
        new.interfaces,
        lambda i: (i.source, i.target, i.what),
        lambda i: (i.source, i.target),
    )
    for before, after in pairs:
        either = after or before
        assert either is not None  # pair_items never gives two missing sides
        subject = f"{names.actor(either.source)} → {names.actor(either.target)}"
        found = field_change(
            INTERFACES_KEY,
            f"interface {subject}",
            _interface_text(before),
            _interface_text(after),
            "text",
            subject,
            f"{either.source} → {either.target}",
        )
        if found is not None:
            out.append(found)
    return out


def _interface_text(interface: Interface | None) -> str | None:
    """What is handed over, then when and where: "Vagtplanen · Hver måned · Mødet" (no
    brackets: the value is shown inside "added (…)")."""
    if interface is None:
        return None
    return " · ".join(x for x in (interface.what, interface.when, interface.forum) if x)


def _lead(anchoring: Anchoring) -> str | None:
    """The actor id of the anchoring's hovedansvarlig."""
    return anchoring.lead.actor if anchoring.lead else None


def compare_activities(old: Sequence[Activity], new: Sequence[Activity]) -> list[Change]:
    """By id where both have one; otherwise by name (also when only one side has an id)."""
    pairs = pair_items(old, new, _id, _name, accept=_same_id_or_one_without)
    return compare_pairs("activity", pairs, _specs(ACTIVITY_FIELDS), _id, _name)


def _same_id_or_one_without(old: Activity, new: Activity) -> bool:
    """Name matching never pairs two activities whose ids differ."""
    return old.id == new.id or old.id is None or new.id is None


def compare_follow_up(old: FollowUp | None, new: FollowUp | None) -> list[Change]:
    name = "follow-up"
    if old is None and new is None:
        return []
    if old is None:
        return [Change("added", "follow_up", None, name)]
    if new is None:
        return [Change("removed", "follow_up", None, name)]
    fields = compare_fields(old, new, FOLLOW_UP_FIELDS)
    return [Change("changed", "follow_up", None, name, tuple(fields))] if fields else []


def compare_risks(old: Sequence[Risk], new: Sequence[Risk]) -> list[Change]:
    pairs = pair_items(old, new, lambda r: r.risk)
    return compare_pairs("risk", pairs, _specs(RISK_FIELDS), lambda r: None, lambda r: r.risk)


# ------------------------------------------------------------------ the whole case
def compare_cases(old: Case | None, new: Case) -> CaseChanges:
    """What changed from ``old`` to ``new``. ``old=None``: there was no old version."""
    names = _Names(old, new)
    phase4_old = old.phase4 if old else None
    groups = {
        "meta": compare_meta(old, new),
        "fase1": [
            *compare_phase("fase1", old, new),
            *compare_elements(old.elements if old else [], new.elements),
            *compare_tasks(old.tasks if old else [], new.tasks),
            *compare_task_types(old.phase1.task_types if old else {}, new.phase1.task_types),
        ],
        "fase2": [
            *compare_phase("fase2", old, new),
            *compare_actors(old.actors if old else [], new.actors, names),
        ],
        "fase3": [
            *compare_phase("fase3", old, new),
            *compare_analyses(old.analyses if old else [], new.analyses, names),
            *compare_anchorings(old, new, names),
        ],
        "fase4": [
            *compare_phase("fase4", old, new),
            *compare_activities(old.activities if old else [], new.activities),
            *compare_follow_up(
                phase4_old.follow_up if phase4_old else None,
                new.phase4.follow_up if new.phase4 else None,
            ),
            *compare_risks(
                phase4_old.risks if phase4_old else [], new.phase4.risks if new.phase4 else []
            ),
        ],
    }
    phases = tuple(
        PhaseChanges(key, PHASES[key], tuple(changes)) for key, changes in groups.items() if changes
    )
    return CaseChanges(
        phases, old.meta.version if old else None, new.meta.version, old_exists=old is not None
    )


# ------------------------------------------------------------------ summary
_SINGLETONS = ("meta", "phase", "follow_up")


def summary_parts(changes: Sequence[Change]) -> list[SummaryPart]:
    """Meta and phases as they come, then the counts in phase order, the follow-up among
    them where phase 4 has it (after the activities, before the risks)."""
    parts: list[SummaryPart] = []
    follow_up: list[SummaryPart] = []
    counts: dict[tuple[str, str], int] = {}
    for change in changes:
        if change.item_kind in _SINGLETONS:
            part = SummaryPart(change.item_kind, change.kind, 1, change)
            (follow_up if change.item_kind == "follow_up" else parts).append(part)
            continue
        if change.item_kind == "analysis" and change.kind == "changed":
            _count_analysis(change, counts)
            continue
        key = (change.item_kind, change.kind)
        counts[key] = counts.get(key, 0) + 1
    counted = _counted(counts)
    risks = next((i for i, p in enumerate(counted) if p.item_kind == "risk"), len(counted))
    return [*parts, *counted[:risks], *follow_up, *counted[risks:]]


def _new_file_summary(changes: list[Change]) -> str:
    """Without an old version every item is new: "new file: 4 elements, 7 tasks, … added"."""
    counts: dict[str, int] = {}
    for change in changes:
        if change.item_kind not in _SINGLETONS:
            counts[change.item_kind] = counts.get(change.item_kind, 0) + 1
    items = [f"{n} {noun(kind, n)}" for kind, n in counts.items()]
    text = _("new file: everything is new")
    return text + (f" ({', '.join(items)})" if items else "")


def _count_analysis(change: Change, counts: dict[tuple[str, str], int]) -> None:
    """Score moves are counted on their own; other analysis edits as a changed analysis."""
    moved = sum(f.value_type == "score" for f in change.fields)
    if moved:
        counts[("score", "moved")] = counts.get(("score", "moved"), 0) + moved
    if len(change.fields) > moved:
        counts[("analysis", "changed")] = counts.get(("analysis", "changed"), 0) + 1


def _counted(counts: dict[tuple[str, str], int]) -> list[SummaryPart]:
    order = [
        "element",
        "task",
        "task_type",
        "actor",
        "score",
        "analysis",
        "anchoring",
        "activity",
        "risk",
    ]
    kinds: list[ChangeKind | str] = ["added", "removed", "changed", "moved"]
    out = []
    for item_kind in order:
        for kind in kinds:
            n = counts.get((item_kind, kind))
            if n:
                out.append(SummaryPart(item_kind, kind, n))
    return out


def _part_text(part: SummaryPart) -> str:
    if part.change is not None:
        return _singleton_summary(part.change)
    return _(
        "{count} {noun} {kind}",
        count=part.count,
        noun=noun(part.item_kind, part.count),
        kind=kind_word(part.kind),
    )


def noun(item_kind: str, n: int) -> str:
    """'task' or 'tasks' for ``n`` items of the kind, in the language of the run."""
    if item_kind == "score":  # counted in the summary, never an item of its own
        return ngettext("score", "scores", n)
    names = ITEM_KINDS[item_kind]
    return ngettext(names.singular, names.plural, n)


def kind_word(kind: str) -> str:
    """'added', 'removed', 'changed' or 'moved', in the language of the run."""
    return _(KIND_WORDS[kind])


def _singleton_summary(change: Change) -> str:
    if change.item_kind == "phase":
        phase = _(change.item_name)
        if change.kind == "added":
            return _("{phase} worked out", phase=phase)
        if change.kind == "removed":
            return _("{phase} no longer worked out", phase=phase)
    # The fields by their English labels, or in Danish by the case file's own (Danish) keys.
    names = (f.field if language() == "da" else f.label for f in change.fields)
    labels = ", ".join(dict.fromkeys(names))
    what = _(change.item_name) if change.item_kind == "phase" else change.item_label
    return f"{what} {kind_word(change.kind)}" + (f" ({labels})" if labels else "")


# ------------------------------------------------------------------ shown values
MAX_SHOWN = 70  # characters of a value shown in the plain text


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    """``text`` on one line, cut to ``limit`` characters with a "…"."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
