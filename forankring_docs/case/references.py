"""Cross-reference rules of format 1: unique ids, references of the right kind, date order,
one analysis per actor, and the shape of each chosen anchoring (its roles' own tasks and its
interfaces between its own actors included).

These run on the loaded data, not on the model, so they work even where another part of
the file has a shape error: a user sees every problem of the file in one run. Anything that
is not well-formed here is left to the model's errors and skipped.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field, replace

from forankring_docs.case.model import BUILTIN_TASK_TYPES, ID_PATTERN
from forankring_docs.diagnostics import Path
from forankring_docs.i18n import N_, _, ngettext
from forankring_docs.suggest import did_you_mean, did_you_mean_text, hint_for, listing

# The messages name a kind of item in words that differ by kind (Danish: "et element",
# "en opgave", "opgaven"), so each kind has its own whole sentences, not a noun put in one.
_THE = {
    "element": N_("the element '{name}'"),
    "task": N_("the task '{name}'"),
    "actor": N_("the actor '{name}'"),
    "activity": N_("the activity '{name}'"),
}
_NOT_A = {
    "element": N_("{context} refers to '{id}', which is {other}, not an element"),
    "task": N_("{context} refers to '{id}', which is {other}, not a task"),
    "actor": N_("{context} refers to '{id}', which is {other}, not an actor"),
    "activity": N_("{context} refers to '{id}', which is {other}, not an activity"),
}
_NO_SUCH = {
    "element": N_("{context} refers to the element '{id}', which does not exist"),
    "task": N_("{context} refers to the task '{id}', which does not exist"),
    "actor": N_("{context} refers to the actor '{id}', which does not exist"),
    "activity": N_("{context} refers to the activity '{id}', which does not exist"),
}
_NONE_YET = {
    "element": N_("there are no elements yet: add them under {where}"),
    "task": N_("there are no tasks yet: add them under {where}"),
    "actor": N_("there are no actors yet: add them under {where}"),
    "activity": N_("there are no activities yet: add them under {where}"),
}
_KNOWN = {
    "element": N_("Known element ids"),
    "task": N_("Known task ids"),
    "actor": N_("Known actor ids"),
    "activity": N_("Known activity ids"),
}
_DUPLICATE = {
    "element": N_("duplicate element id '{id}': '{name}' has the same id as '{first}'"),
    "task": N_("duplicate task id '{id}': '{name}' has the same id as '{first}'"),
    "actor": N_("duplicate actor id '{id}': '{name}' has the same id as '{first}'"),
    "activity": N_("duplicate activity id '{id}': '{name}' has the same id as '{first}'"),
}
_OWN_ID = {
    "element": N_("give each element an id of its own, e.g. '{id}-2'"),
    "task": N_("give each task an id of its own, e.g. '{id}-2'"),
    "actor": N_("give each actor an id of its own, e.g. '{id}-2'"),
    "activity": N_("give each activity an id of its own, e.g. '{id}-2'"),
}
LIST_PATHS: dict[str, Path] = {
    "element": ("fase1", "hvad"),
    "task": ("fase1", "opgaver"),
    "actor": ("fase2", "aktører"),
    "activity": ("fase4", "aktiviteter"),
}


@dataclass(frozen=True, slots=True)
class Problem:
    path: Path
    message: str
    hint: str | None = None
    at_key: bool = False  # the problem is the key itself (a mapping key that is an id)
    none_of: str | None = None  # a reference to a kind of which the file has no items
    code: str = field(kw_only=True)  # in codes.ERRORS


@dataclass(slots=True)
class _Item:
    id: str
    name: str
    path: Path


def check_references(
    data: object, quiet: Collection[Path] = (), incomplete: Collection[Path] = ()
) -> list[Problem]:
    """Every reference problem of ``data``. ``quiet``: paths where the loader put a stand-in
    for what it reported (an alias read as null, ...) or left a value out (a duplicate key);
    ``incomplete``: mappings that lost a key that way (a merge key). An item there may be
    the one a reference names, so references to a missing id of its kind are not reported."""
    if not isinstance(data, dict):
        return []
    problems: list[Problem] = []
    index = _index(data, problems)
    unsure = _unsure(data, quiet) | _unsure_incomplete(data, incomplete)
    index[_UNSURE] = {kind: _Item(kind, kind, LIST_PATHS[kind]) for kind in unsure}
    problems.extend(_check_task_types(data))
    problems.extend(_check_tasks(data, index))
    problems.extend(_check_actor_tasks(data, index))
    problems.extend(_check_analyses(data, index))
    problems.extend(_check_anchorings(data, index, {*quiet, *incomplete}))
    problems.extend(_check_activities(data, index))
    problems.extend(_check_risks(data, index))
    problems.extend(_check_period(data))
    return _collapse_none_of(problems)


def _unsure(data: dict, quiet: Collection[Path]) -> set[str]:
    """The kinds whose list, an item of it, or an item's id is a stand-in from the loader."""
    out: set[str] = set()
    if not quiet:
        return out
    for kind, path in LIST_PATHS.items():
        items = _get(data, path)
        if (
            any(path[:size] in quiet for size in range(len(path) + 1))
            or isinstance(items, list)
            and any((*path, i) in quiet or (*path, i, "id") in quiet for i in range(len(items)))
        ):
            out.add(kind)
    return out


def _unsure_incomplete(data: dict, incomplete: Collection[Path]) -> set[str]:
    """The kinds of which an item lacks its id, or whose list is missing, where a mapping
    lost keys it may have held (``- <<: *actor`` can hold the id; ``fase2: {<<: *x}`` the
    list)."""
    out: set[str] = set()
    if not incomplete:
        return out
    for kind, path in LIST_PATHS.items():
        items = _get(data, path)
        if (
            items is None
            and any(path[:size] in incomplete for size in range(len(path)))
            or isinstance(items, list)
            and any(
                (*path, i) in incomplete and not isinstance(_get(item, ("id",)), str)
                for i, item in enumerate(items)
            )
        ):
            out.add(kind)
    return out


def _collapse_none_of(problems: list[Problem]) -> list[Problem]:
    """With no actors at all (say ``aktører`` is misspelt), every reference to an actor fails:
    one problem, at the first reference, says so instead of one per reference."""
    counts = Counter(p.none_of for p in problems if p.none_of)
    out: list[Problem] = []
    for problem in problems:
        kind = problem.none_of
        if kind is None:
            out.append(problem)
        elif counts[kind]:
            more = counts[kind] - 1
            counts[kind] = 0
            if more:
                problem = replace(problem, message=f"{problem.message}; {_more_fail(kind, more)}")
            out.append(problem)
    return out


def _more_fail(kind: str, more: int) -> str:
    """'the file has no actors, so 3 more references to actors fail too'."""
    if kind == "element":
        return ngettext(
            "the file has no elements, so {n} more reference to elements fails too",
            "the file has no elements, so {n} more references to elements fail too",
            more,
        )
    if kind == "task":
        return ngettext(
            "the file has no tasks, so {n} more reference to tasks fails too",
            "the file has no tasks, so {n} more references to tasks fail too",
            more,
        )
    if kind == "activity":
        return ngettext(
            "the file has no activities, so {n} more reference to activities fails too",
            "the file has no activities, so {n} more references to activities fail too",
            more,
        )
    return ngettext(
        "the file has no actors, so {n} more reference to actors fails too",
        "the file has no actors, so {n} more references to actors fail too",
        more,
    )


# ------------------------------------------------------------------ helpers
def _get(data: object, path: Path) -> object:
    for part in path:
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return None
            data = data[part]
        else:
            if not isinstance(data, dict):
                return None
            data = data.get(part)
    return data


def _mappings(data: object, path: Path) -> Iterator[tuple[Path, dict]]:
    items = _get(data, path)
    if isinstance(items, list):
        for i, item in enumerate(items):
            if isinstance(item, dict):
                yield (*path, i), item


def _strings(data: object, path: Path) -> Iterator[tuple[Path, str]]:
    items = _get(data, path)
    if isinstance(items, list):
        for i, item in enumerate(items):
            if isinstance(item, str):
                yield (*path, i), item


def _repeated(item: dict, key: str, path: Path) -> Iterator[Problem]:
    """Each text of the list ``item[key]`` (``item`` at ``path``) that an earlier entry of the
    list already holds."""
    entries = item.get(key)
    if not isinstance(entries, list) or len(entries) < 2:
        return
    first: dict[str, int] = {}
    for number, value in enumerate(entries, start=1):
        if not isinstance(value, str):
            continue
        earlier = first.setdefault(value, number)
        if earlier != number:
            yield Problem(
                (*path, key, number - 1),
                _(
                    "'{value}' is in this list twice (item {earlier} and item {number})",
                    value=value,
                    earlier=earlier,
                    number=number,
                ),
                _("remove the second '{value}'", value=value),
                code="E303",
            )


def _date(value: object) -> dt.date | None:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


Index = dict[str, dict[str, _Item]]
_UNSURE = "\x00unsure"  # index entry: the kinds of which an item or id is a stand-in


def _index(data: dict, problems: list[Problem]) -> Index:
    index: Index = {}
    for kind, path in LIST_PATHS.items():
        seen: dict[str, _Item] = {}
        for item_path, item in _mappings(data, path):
            ident = item.get("id")
            if not isinstance(ident, str):
                continue
            name = item.get("navn") if isinstance(item.get("navn"), str) else ident
            if ident in seen:
                first = seen[ident]
                problems.append(
                    Problem(
                        (*item_path, "id"),
                        _(_DUPLICATE[kind], id=ident, name=name, first=first.name),
                        _(_OWN_ID[kind], id=ident),
                        code="E301",
                    )
                )
                continue
            seen[ident] = _Item(ident, str(name), item_path)
        index[kind] = seen
    return index


def _describe(index: Index, ident: str) -> str:
    for kind, items in index.items():
        if kind != _UNSURE and ident in items:
            return _(_THE[kind], name=items[ident].name)
    return ""


def _reference(index: Index, kind: str, ident: object, path: Path, context: str) -> Problem | None:
    """A problem if ``ident`` is not an id of ``kind``."""
    if not isinstance(ident, str) or ident in index.get(kind, {}):
        return None
    if kind in index.get(_UNSURE, {}) and not _describe(index, ident):
        return None  # the item it names may be the one the loader could not read
    bad = [i for i in index.get(kind, {}) if not ID_PATTERN.fullmatch(i)]
    if did_you_mean(ident, bad):
        return None  # 'lektiecafe' for the id written 'lektiecafé': the id's error says it
    known = [i for i in index.get(kind, {}) if i not in bad]
    other = _describe(index, ident)
    if bad and not known and not other:
        return None  # every item of the kind has an invalid id, each with its error there
    if other:
        message = _(_NOT_A[kind], context=context, id=ident, other=other)
    else:
        message = _(_NO_SUCH[kind], context=context, id=ident)
    if not known:
        where = ".".join(str(p) for p in LIST_PATHS[kind])
        return Problem(
            path,
            message,
            _(_NONE_YET[kind], where=where),
            none_of=None if bad else kind,
            code="E302",
        )
    return Problem(path, message, hint_for(ident, known, _(_KNOWN[kind])), code="E302")


def _anchoring_no(number: int) -> str:
    return _("Anchoring no. {number}", number=number)


def _name(item: dict, fallback: str) -> str:
    name = item.get("navn")
    return f"'{name}'" if isinstance(name, str) else fallback


# ------------------------------------------------------------------ rules
def _check_task_types(data: dict) -> Iterator[Problem]:
    types = _get(data, ("fase1", "opgavetyper"))
    if isinstance(types, dict):
        for key in types:
            if key in BUILTIN_TASK_TYPES:
                yield Problem(
                    ("fase1", "opgavetyper", key),
                    _("'{key}' is a built-in task type and cannot be redefined", key=key),
                    _(
                        "choose another id for your own task type; the built-in ones are {types}",
                        types=", ".join(BUILTIN_TASK_TYPES),
                    ),
                    at_key=True,
                    code="E311",
                )


def _check_tasks(data: dict, index: Index) -> Iterator[Problem]:
    custom = _get(data, ("fase1", "opgavetyper"))
    custom_ids = [str(k) for k in custom] if isinstance(custom, dict) else []
    task_types = {*BUILTIN_TASK_TYPES, *custom_ids}
    # The hint lists each valid task type once: a built-in id written again under
    # opgavetyper, or an id that is not valid, has its own error there.
    valid_types = list(
        dict.fromkeys([*BUILTIN_TASK_TYPES, *(i for i in custom_ids if ID_PATTERN.fullmatch(i))])
    )
    for path, task in _mappings(data, ("fase1", "opgaver")):
        label = _("The task {name}", name=_name(task, str(path[-1] + 1)))
        problem = _reference(index, "element", task.get("element"), (*path, "element"), label)
        if problem:
            yield problem
        task_type = task.get("opgavetype")
        if isinstance(task_type, str) and task_type not in task_types:
            yield Problem(
                (*path, "opgavetype"),
                _("'{value}' is not a task type", value=task_type),
                hint_for(task_type, valid_types, _("Task types"))
                + "; "
                + _("add your own under fase1.opgavetyper"),
                code="E312",
            )


def _check_actor_tasks(data: dict, index: Index) -> Iterator[Problem]:
    here = _("here")  # an actor without a name: "The actor here refers to …"
    for path, actor in _mappings(data, ("fase2", "aktører")):
        tasks = actor.get("opgaver")
        if isinstance(tasks, dict):
            for task_id in tasks:
                problem = _reference(
                    index,
                    "task",
                    task_id,
                    (*path, "opgaver", task_id),
                    _("The actor {name}", name=_name(actor, here)),
                )
                if problem:
                    yield replace(problem, at_key=True)


def _check_analyses(data: dict, index: Index) -> Iterator[Problem]:
    analysed: dict[str, Path] = {}
    for path, analysis in _mappings(data, ("fase3", "analyser")):
        actor = analysis.get("aktør")
        problem = _reference(index, "actor", actor, (*path, "aktør"), _("This analysis"))
        if problem:
            yield problem
        if isinstance(actor, str):
            if actor in analysed:
                name = _actor_name(index, actor)
                yield Problem(
                    (*path, "aktør"),
                    _(
                        "{name} is analysed twice (the first analysis is fase3.analyser[{index}])",
                        name=name,
                        index=analysed[actor][-1],
                    ),
                    _("keep one analysis per actor; merge the two"),
                    code="E305",
                )
            else:
                analysed[actor] = path


def _actor_name(index: Index, ident: object) -> str:
    """'Klubben' for the actor id 'klub'; the id as written for an unknown one."""
    if not isinstance(ident, str):
        return _("an actor without an id")  # 'aktør:' left empty: no 'None' in a message
    item = index.get("actor", {}).get(ident)
    return f"'{item.name}'" if item else f"'{ident}'"


def _check_anchorings(data: dict, index: Index, stand_ins: Collection[Path]) -> Iterator[Problem]:
    anchored_in: dict[str, int] = {}
    for path, anchoring in _mappings(data, ("fase3", "forankring")):
        number = path[-1] + 1
        yield from _repeated(anchoring, "opgaver", path)
        for task_path, task_id in _strings(data, (*path, "opgaver")):
            problem = _reference(index, "task", task_id, task_path, _anchoring_no(number))
            if problem:
                yield problem
            elif task_id in anchored_in and anchored_in[task_id] != number:
                item = index.get("task", {}).get(task_id)  # unknown where tasks are unsure
                task = item.name if item else task_id
                yield Problem(
                    task_path,
                    _(
                        "the task '{task}' is already anchored in anchoring no. {number}",
                        task=task,
                        number=anchored_in[task_id],
                    ),
                    _("a task has one chosen anchoring: remove it from one of them"),
                    code="E306",
                )
            else:
                anchored_in.setdefault(task_id, number)
        yield from _check_anchoring_actors(path, anchoring, index, number, stand_ins)
        if not _has_stand_in(path, anchoring, "opgaver", stand_ins):
            yield from _check_role_tasks(path, anchoring, index, number)
        if not _has_stand_in(path, anchoring, "aktører", stand_ins):
            yield from _check_interfaces(path, anchoring, index, number)


def _check_anchoring_actors(
    path: Path, anchoring: dict, index: Index, number: int, stand_ins: Collection[Path] = ()
) -> Iterator[Problem]:
    """``stand_ins``: paths of what the loader could not read (see check_references); an
    actor entry there may be the lead, or the second actor of a network."""
    actors = list(_mappings(anchoring, ("aktører",)))
    entries = anchoring.get("aktører")
    if entries is None and "aktører" in anchoring:
        entries = []  # 'aktører:' with no value is an empty list: no lead, no network
    if not isinstance(entries, list):
        return
    seen: set[str] = set()
    leads = []
    for actor_path, entry in actors:
        full = (*path, *actor_path)
        actor = entry.get("aktør")
        problem = _reference(index, "actor", actor, (*full, "aktør"), _anchoring_no(number))
        if problem:
            yield problem
        if isinstance(actor, str):
            if actor in seen:
                yield Problem(
                    (*full, "aktør"),
                    _(
                        "{name} appears twice in anchoring no. {number}",
                        name=_actor_name(index, actor),
                        number=number,
                    ),
                    _("list each actor once, with one role"),
                    code="E310",
                )
            seen.add(actor)
        role = entry.get("rolle")
        if role == "hovedansvarlig":
            leads.append(full)
        if role == "medansvarlig" and anchoring.get("model") == "enkeltaktør":
            yield Problem(
                (*full, "rolle"),
                _(
                    "anchoring no. {number} is 'enkeltaktør' but {name} is 'medansvarlig'",
                    number=number,
                    name=_actor_name(index, actor),
                ),
                _(
                    "use model 'netværk' when responsibility is shared, or make the "
                    "actor a 'bidragyder'"
                ),
                code="E309",
            )
    if any(
        (*path, "aktører", i) in stand_ins or (*path, "aktører", i, "rolle") in stand_ins
        for i in range(len(entries))
    ):
        return
    if len(leads) != 1:
        where = leads[1] if len(leads) > 1 else (*path, "aktører")
        yield Problem(
            where,
            _("anchoring no. {number} has no 'hovedansvarlig'; it needs exactly one", number=number)
            if not leads
            else _(
                "anchoring no. {number} has {count} 'hovedansvarlig'; it needs exactly one",
                number=number,
                count=len(leads),
            ),
            _(
                "give one actor 'rolle: hovedansvarlig'; the others are 'medansvarlig' or "
                "'bidragyder'"
            ),
            code="E307",
        )
    if anchoring.get("model") == "netværk" and len(actors) < 2:
        yield Problem(
            (*path, "aktører"),
            ngettext(
                "anchoring no. {number} is a 'netværk' but has {n} actor",
                "anchoring no. {number} is a 'netværk' but has {n} actors",
                len(actors),
                number=number,
            ),
            _("a network anchoring needs at least two actors; or use model 'enkeltaktør'"),
            code="E308",
        )


def _has_stand_in(path: Path, anchoring: dict, key: str, stand_ins: Collection[Path]) -> bool:
    """Whether the anchoring's list ``key`` cannot be trusted to be complete: it, or an item
    of it, is a stand-in from the loader (the task or actor it held may be the one a role or
    an interface names), or it is not a list at all."""
    entries = anchoring.get(key)
    if (*path, key) in stand_ins or not isinstance(entries, list):
        return True  # a stand-in, or not a list: its own error says so
    for i, entry in enumerate(entries):
        if (*path, key, i) in stand_ins or (*path, key, i, "aktør") in stand_ins:
            return True
        if isinstance(entry, dict) and key == "aktører" and not isinstance(entry.get("aktør"), str):
            return True  # an actor entry without a readable id: its own error says so
    return False


def _listed(index: Index, kind: str, ids: list[str]) -> str:
    """'klub (Klubben), forening (Foreningen)': ids with their names, for a hint."""
    items = index.get(kind, {})
    return listing(
        f"{i} ({items[i].name})" if i in items and items[i].name != i else i for i in ids
    )


def _check_role_tasks(path: Path, anchoring: dict, index: Index, number: int) -> Iterator[Problem]:
    """A role's own ``opgaver``: tasks of its anchoring, each once, and none for the lead
    (it answers for all the anchoring's tasks)."""
    own = [t for _, t in _strings(anchoring, ("opgaver",))]
    for actor_path, entry in _mappings(anchoring, ("aktører",)):
        full = (*path, *actor_path)
        if "opgaver" not in entry or entry.get("opgaver") is None:
            continue  # not given: the role covers all the anchoring's tasks
        name = _actor_name(index, entry.get("aktør"))
        if entry.get("rolle") == "hovedansvarlig":
            yield Problem(
                (*full, "opgaver"),
                _(
                    "{name} is the 'hovedansvarlig' of anchoring no. {number}, which answers "
                    "for all its tasks: only a 'medansvarlig' or 'bidragyder' has 'opgaver' of "
                    "its own",
                    name=name,
                    number=number,
                ),
                _(
                    "remove 'opgaver' here; to share out the tasks, give them to the other "
                    "actors' roles"
                ),
                at_key=True,
                code="E313",
            )
            continue
        yield from _repeated(entry, "opgaver", full)
        for task_path, task_id in _strings(entry, ("opgaver",)):
            if task_id in own:
                continue
            item = index.get("task", {}).get(task_id)
            other = _describe(index, task_id)
            what = (
                _(_THE["task"], name=item.name)
                if item
                else f"'{task_id}'" + (f" ({other})" if other else "")
            )
            guess = did_you_mean(task_id, own)
            hint = _("The anchoring's tasks: {tasks}", tasks=_listed(index, "task", own))
            if item:
                hint += "; " + _(
                    "to include '{id}', add it to the anchoring's 'opgaver' too", id=task_id
                )
            yield Problem(
                (*full, *task_path),
                _(
                    "{what} is not one of the tasks of anchoring no. {number}; the role of "
                    "{name} can only cover tasks of its own anchoring",
                    what=what,
                    number=number,
                    name=name,
                ),
                (did_you_mean_text(guess) + " " if guess else "") + hint,
                code="E314",
            )


def _check_interfaces(path: Path, anchoring: dict, index: Index, number: int) -> Iterator[Problem]:
    """Each interface (snitflade) goes between two different actors of its own anchoring."""
    members = [
        e["aktør"] for _, e in _mappings(anchoring, ("aktører",)) if isinstance(e.get("aktør"), str)
    ]
    members = list(dict.fromkeys(members))
    for item_path, interface in _mappings(anchoring, ("snitflader",)):
        full = (*path, *item_path)
        which = _(
            "the interface no. {interface} of anchoring no. {number}",
            interface=item_path[-1] + 1,
            number=number,
        )
        source, target = interface.get("fra"), interface.get("til")
        for key, actor in (("fra", source), ("til", target)):
            if not isinstance(actor, str) or actor in members or key == "til" and actor == source:
                continue  # (a 'til' equal to 'fra' is said once, below, as the same actor)
            guess = did_you_mean(actor, members)
            if members:
                hint = (did_you_mean_text(guess) + " " if guess else "") + _(
                    "The anchoring's actors: {actors}; to use another actor, add it to the "
                    "anchoring's 'aktører' first",
                    actors=_listed(index, "actor", members),
                )
            else:
                hint = _("give the anchoring its actors under 'aktører' first")
            yield Problem(
                (*full, key),
                _(
                    "{which} has '{key}: {actor}', but {name} is not an actor of this anchoring",
                    which=which,
                    key=key,
                    actor=actor,
                    name=_actor_name(index, actor),
                ),
                hint,
                code="E315",
            )
        if isinstance(source, str) and source == target:
            yield Problem(
                (*full, "til"),
                _(
                    "{which} goes from {name} to the same actor",
                    which=which,
                    name=_actor_name(index, source),
                ),
                _(
                    "an interface is between two different actors of the anchoring: change "
                    "'fra' or 'til'"
                ),
                code="E316",
            )


def _check_activities(data: dict, index: Index) -> Iterator[Problem]:
    for path, activity in _mappings(data, ("fase4", "aktiviteter")):
        label = _("The activity {name}", name=_name(activity, str(path[-1] + 1)))
        for key in ("aktører", "opgaver", "styrker"):
            yield from _repeated(activity, key, path)
        for ref_path, actor in _strings(activity, ("aktører",)):
            problem = _reference(index, "actor", actor, (*path, *ref_path), label)
            if problem:
                yield problem
        for ref_path, task in _strings(activity, ("opgaver",)):
            problem = _reference(index, "task", task, (*path, *ref_path), label)
            if problem:
                yield problem
        start, deadline = _date(activity.get("start")), _date(activity.get("deadline"))
        if start and deadline and start > deadline:
            yield Problem(
                (*path, "deadline"),
                _(
                    "the deadline {deadline} is before the start {start}",
                    deadline=deadline.isoformat(),
                    start=start.isoformat(),
                ),
                _("swap the dates or correct one of them"),
                code="E304",
            )


def _check_risks(data: dict, index: Index) -> Iterator[Problem]:
    """What a risk concerns: actors and tasks that exist, each once."""
    for path, risk in _mappings(data, ("fase4", "risici")):
        label = _("Risk no. {number}", number=path[-1] + 1)
        for key, kind in (("aktører", "actor"), ("opgaver", "task")):
            yield from _repeated(risk, key, path)
            for ref_path, ident in _strings(risk, (key,)):
                problem = _reference(index, kind, ident, (*path, *ref_path), label)
                if problem:
                    yield problem


def _check_period(data: dict) -> Iterator[Problem]:
    start = _date(_get(data, ("meta", "periode", "start")))
    end = _date(_get(data, ("meta", "periode", "slut")))
    if start and end and start > end:
        yield Problem(
            ("meta", "periode", "slut"),
            _(
                "the period ends ({end}) before it starts ({start})",
                end=end.isoformat(),
                start=start.isoformat(),
            ),
            _("check meta.periode: start must be on or before slut"),
            code="E304",
        )
