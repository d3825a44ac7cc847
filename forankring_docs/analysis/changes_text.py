"""The changes as plain text, for the command line: a summary line, then part by part.

Fields are named by their key in the case file (the user's own words) and values shown as
written; the report's own wording of the same changes is ``report/changes.py``.
"""

from __future__ import annotations

from forankring_docs.analysis.change_fields import ValueType
from forankring_docs.analysis.changes import (
    CaseChanges,
    Change,
    FieldChange,
    Value,
    kind_word,
    shorten,
)
from forankring_docs.i18n import N_, _, ngettext

_MARKS = {"added": "+", "removed": "-", "changed": "~"}
_DIRECTIONS = {
    "up": N_("up"),
    "down": N_("down"),
    "known": N_("now known"),
    "unknown": N_("now unknown"),
    "later": N_("later"),
    "earlier": N_("earlier"),
}


def format_text(changes: CaseChanges, old_name: str, new_name: str) -> str:
    """The changes as plain text: the summary line first, then part by part."""
    lines = [changes.summary()]
    if changes.old_exists:
        lines.append(f"({old_name} → {new_name})")
    else:
        lines.append(
            _(
                "({old} does not exist, so everything in {new} is new)",
                old=old_name,
                new=new_name,
            )
        )
    for phase in changes.phases:
        lines.append("")
        lines.append(_(phase.label))
        for change in phase.changes:
            lines.extend(_change_lines(change))
    return "\n".join(lines) + "\n"


def _change_lines(change: Change) -> list[str]:
    head = f"  {_MARKS[change.kind]} {_headline(change)}"
    return [head, *(f"      {describe_field(f)}" for f in change.fields)]


def _headline(change: Change) -> str:
    kind = kind_word(change.kind)
    if change.item_kind == "phase":
        phase = _(change.item_name)
        if change.kind == "added":
            return _("{phase} is now worked out", phase=phase)
        if change.kind == "removed":
            return _("{phase} is no longer worked out", phase=phase)
        return _("{phase} changed:", phase=phase)
    if change.item_kind in ("meta", "follow_up"):
        return f"{change.item_label} {kind}" + (":" if change.fields else "")
    ident = f" {change.item_id}" if change.item_id and change.item_id != change.item_name else ""
    if len(change.item_ids) > 1:
        ident = f" {', '.join(change.item_ids)}"
    if change.item_kind == "analysis":
        what = _("analysis of")
    elif change.item_kind == "anchoring":
        what = ngettext("anchoring of task", "anchoring of tasks", max(len(change.item_ids), 1))
    else:
        what = change.item_label
    text = f'{what}{ident} "{shorten(change.item_name)}" {kind}'
    return text + (":" if change.fields else "")


def describe_field(fc: FieldChange) -> str:
    """One field change in plain words, named by its key in the case file (the user's own
    words), e.g. ``evne: 2 → 3 (up)``, ``rolle (Klubben): medansvarlig → bidragyder``."""
    name = f"{fc.field} ({fc.subject})" if fc.subject else fc.field
    if fc.value_type == "list" and isinstance(fc.old, tuple) and isinstance(fc.new, tuple):
        return f"{name}: {_list_change(fc.old, fc.new)}"
    if fc.value_type != "score":
        if fc.old is None:
            return _("{field}: added ({value})", field=name, value=shown(fc.new, fc.value_type))
        if fc.new is None:
            return _(
                "{field}: removed (was {value})", field=name, value=shown(fc.old, fc.value_type)
            )
    moved = f" ({_(_DIRECTIONS[fc.direction])})" if fc.direction else ""
    return f"{name}: {shown(fc.old, fc.value_type)} → {shown(fc.new, fc.value_type)}{moved}"


def _list_change(old: tuple[str, ...], new: tuple[str, ...]) -> str:
    added = [x for x in new if x not in old]
    removed = [x for x in old if x not in new]
    parts = []
    if added:
        parts.append(_("added {items}", items="; ".join(shorten(x) for x in added)))
    if removed:
        parts.append(_("removed {items}", items="; ".join(shorten(x) for x in removed)))
    if not parts:
        order = _("(new order)")
        return f"{shown(old, 'list')} → {shown(new, 'list')} {order}"
    return ", ".join(parts)


def shown(value: Value, value_type: ValueType = "text") -> str:
    if value is None:
        return _("unknown") if value_type == "score" else _("(none)")
    if isinstance(value, tuple):
        return "; ".join(shorten(v) for v in value) if value else _("(none)")
    return shorten(str(value))
