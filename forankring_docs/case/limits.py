"""Limits on what a case may hold, so that any valid case renders in bounded time and memory.

The report's tables grow with the products of the case's lists (the timeline: activities ×
months; the mapping matrix: actors × tasks; the responsibility matrix: tasks × actors of
their anchoring). A file under the size limit can hold tens of thousands of small items,
whose tables would take gigabytes; such a case is refused here, at the item that passes a
limit, so that ``validate`` and ``check`` say it as well as ``render``. Real cases hold tens
of items (README, Security): the limits are far above them.

Like ``references``, this runs on the loaded data, so it works where another part of the
file has an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from forankring_docs.diagnostics import Path
from forankring_docs.i18n import N_, _

MAX_ACTIVITIES = 2_000  # each a row of the timeline, of up to 50 columns
MAX_ACTORS = 1_000  # each a row of the mapping matrix
MAX_TASKS = 15_000  # each a row of the tasks' tables
MAX_ROWS = 10_000  # items of any other list that is a table of the report (elements, risks, ...)
MAX_MAPPINGS = 10_000  # marks of actors on tasks (fase2): each may add a row to the matrix
MAX_ANCHORED_PAIRS = 20_000  # tasks × actors of the anchorings (the responsibility matrix)

_HINT = N_(
    "a case holds tens of these; a report of this many would take gigabytes to build. "
    "Split the work into several case files (the limits are in the README, Security)"
)


@dataclass(frozen=True, slots=True)
class Limit:
    """A limit passed, at the item that passes it."""

    path: Path
    message: str
    code: str = "E401"

    @property
    def hint(self) -> str:
        return _(_HINT)


def check_limits(data: object) -> list[Limit]:
    """Every limit ``data`` passes (at most one per kind)."""
    if not isinstance(data, dict):
        return []
    return list(_limits(data))


def _limits(data: dict) -> Iterator[Limit]:
    for path, limit, what in (
        (("fase4", "aktiviteter"), MAX_ACTIVITIES, N_("activities")),
        (("fase2", "aktører"), MAX_ACTORS, N_("actors")),
        (("fase1", "opgaver"), MAX_TASKS, N_("tasks")),
        (("fase1", "hvad"), MAX_ROWS, N_("elements")),
        (("fase4", "risici"), MAX_ROWS, N_("risks")),
        (("meta", "styregruppe"), MAX_ROWS, N_("members of the steering group")),
    ):
        items = _list_at(data, path)
        if len(items) > limit:
            yield Limit(
                (*path, limit),
                _(
                    "the case holds {count} {what}; at most {limit} are allowed",
                    count=f"{len(items):,}",
                    what=_(what),
                    limit=f"{limit:,}",
                ),
            )
    marks = 0
    for number, actor in enumerate(_list_at(data, ("fase2", "aktører"))):
        tasks = actor.get("opgaver") if isinstance(actor, dict) else None
        marks += len(tasks) if isinstance(tasks, dict | list) else 0
        if marks > MAX_MAPPINGS:
            yield Limit(
                ("fase2", "aktører", number, "opgaver"),
                _(
                    "the actors' tasks (fase2) hold more than {limit} marks by here; at most "
                    "{limit} are allowed",
                    limit=f"{MAX_MAPPINGS:,}",
                ),
            )
            break
    pairs = interfaces = 0
    passed = False
    for number, anchoring in enumerate(_list_at(data, ("fase3", "forankring"))):
        if isinstance(anchoring, dict):
            tasks, actors = anchoring.get("opgaver"), anchoring.get("aktører")
            pairs += _size(tasks) * max(_size(actors), 1)
            interfaces += _size(anchoring.get("snitflader"))
        if pairs > MAX_ANCHORED_PAIRS and not passed:
            passed = True
            yield Limit(
                ("fase3", "forankring", number),
                _(
                    "the anchorings' tasks × actors come to more than {limit} by here; at most "
                    "{limit} are allowed",
                    limit=f"{MAX_ANCHORED_PAIRS:,}",
                ),
            )
        if interfaces > MAX_ROWS:  # each a row of the report's table of interfaces
            yield Limit(
                ("fase3", "forankring", number, "snitflader"),
                _(
                    "the anchorings hold more than {limit} interfaces (snitflader) by here; at "
                    "most {limit} are allowed",
                    limit=f"{MAX_ROWS:,}",
                ),
            )
            break


def _list_at(data: dict, path: Path) -> list:
    value: object = data
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value if isinstance(value, list) else []


def _size(value: object) -> int:
    return len(value) if isinstance(value, list) else 0
