"""The changes as plain text, for the command line: a summary line, then part by part.

Fields are named by their key in the case file (the user's own words) and values shown as
written; the report's own wording of the same changes is ``report/changes.py``.
"""

from __future__ import annotations

from forankring_docs.analysis.change_fields import ValueType
from forankring_docs.analysis.changes import CaseChanges, Change, FieldChange, Value, shorten

_MARKS = {"added": "+", "removed": "-", "changed": "~"}
_DIRECTIONS = {
    "up": "up",
    "down": "down",
    "known": "now known",
    "unknown": "now unknown",
    "later": "later",
    "earlier": "earlier",
}


def format_text(changes: CaseChanges, old_name: str, new_name: str) -> str:
    """The changes as plain text: the summary line first, then part by part."""
    lines = [changes.summary()]
    if changes.old_exists:
        lines.append(f"({old_name} → {new_name})")
    else:
        lines.append(f"({old_name} does not exist, so everything in {new_name} is new)")
    for phase in changes.phases:
        lines.append("")
        lines.append(phase.label)
        for change in phase.changes:
            lines.extend(_change_lines(change))
    return "\n".join(lines) + "\n"


def _change_lines(change: Change) -> list[str]:
    head = f"  {_MARKS[change.kind]} {_headline(change)}"
    return [head, *(f"      {describe_field(f)}" for f in change.fields)]


def _headline(change: Change) -> str:
    if change.item_kind == "phase":
        if change.kind == "added":
            return f"{change.item_name} is now worked out"
        if change.kind == "removed":
            return f"{change.item_name} is no longer worked out"
        return f"{change.item_name} changed:"
    if change.item_kind in ("meta", "follow_up"):
        return f"{change.item_label} {change.kind}" + (":" if change.fields else "")
    ident = f" {change.item_id}" if change.item_id and change.item_id != change.item_name else ""
    if len(change.item_ids) > 1:
        ident = f" {', '.join(change.item_ids)}"
    tasks = "tasks" if len(change.item_ids) > 1 else "task"
    what = {"analysis": "analysis of", "anchoring": f"anchoring of {tasks}"}.get(
        change.item_kind, change.item_label
    )
    text = f'{what}{ident} "{shorten(change.item_name)}" {change.kind}'
    return text + (":" if change.fields else "")


def describe_field(fc: FieldChange) -> str:
    """One field change in plain words, named by its key in the case file (the user's own
    words), e.g. ``evne: 2 → 3 (up)``, ``rolle (Klubben): medansvarlig → bidragyder``."""
    name = f"{fc.field} ({fc.subject})" if fc.subject else fc.field
    if fc.value_type == "list" and isinstance(fc.old, tuple) and isinstance(fc.new, tuple):
        return f"{name}: {_list_change(fc.old, fc.new)}"
    if fc.value_type != "score":
        if fc.old is None:
            return f"{name}: added ({shown(fc.new, fc.value_type)})"
        if fc.new is None:
            return f"{name}: removed (was {shown(fc.old, fc.value_type)})"
    moved = f" ({_DIRECTIONS[fc.direction]})" if fc.direction else ""
    return f"{name}: {shown(fc.old, fc.value_type)} → {shown(fc.new, fc.value_type)}{moved}"


def _list_change(old: tuple[str, ...], new: tuple[str, ...]) -> str:
    added = [x for x in new if x not in old]
    removed = [x for x in old if x not in new]
    parts = []
    if added:
        parts.append("added " + "; ".join(shorten(x) for x in added))
    if removed:
        parts.append("removed " + "; ".join(shorten(x) for x in removed))
    if not parts:
        return f"{shown(old, 'list')} → {shown(new, 'list')} (new order)"
    return ", ".join(parts)


def shown(value: Value, value_type: ValueType = "text") -> str:
    if value is None:
        return "unknown" if value_type == "score" else "(none)"
    if isinstance(value, tuple):
        return "; ".join(shorten(v) for v in value) if value else "(none)"
    return shorten(str(value))
