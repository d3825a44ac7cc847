"""The section "Ændringer siden version 1.0": a :class:`~..analysis.changes.CaseChanges`
in the words of the report.

Pure, like ``view``: :func:`build_changes` turns the changes into texts for the template,
using the ``ændringer`` group of ``labels/<lang>.yaml`` for item kinds, field names (by their
Danish YAML key), change kinds and direction words. Values are shown as the user wrote them,
except that enumeration values get the report's own words (``words`` of the labels), ids of
elements, tasks, actors and task types their names, and dates and numbers the report's format.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from forankring_docs.analysis.change_fields import CHOICES
from forankring_docs.analysis.changes import Change, FieldChange, SummaryPart, Value, shorten
from forankring_docs.case import model
from forankring_docs.case.model import BUILTIN_TASK_TYPES, Case

if TYPE_CHECKING:
    from forankring_docs.analysis.changes import CaseChanges, PhaseChanges
    from forankring_docs.report.labels import Labels

__all__ = ["ChangeRow", "ChangesView", "FieldLine", "PhaseTable", "build_changes"]

GROUP = "ændringer"  # the labels of this section
MAX_TEXT = 300  # characters of a changed text shown (whitespace collapsed), then "…"

#: The group of ``words`` (in the labels) that names the values of each enumeration of the
#: case format: the labels' own choice of names. Which field holds which enumeration is read
#: from the model (``CHOICES``), so a new field needs no edit here; an enumeration without
#: words (the report language) is shown as written.
ENUMERATION_WORDS: dict[tuple[str, ...], str] = {
    model.STATUSES: "status",
    model.ELEMENT_TYPES: "element_type",
    model.ANCHOR_CHOICES: "anchored",
    model.PRIORITIES: "priority",
    model.ACTOR_TYPES: "actor_type",
    model.SECTORS: "sector",
    model.PLACEMENTS: "placement",
    model.TAKE_ON: "capacity",
    model.CONCLUSIONS: "conclusion",
    model.MODELS: "model",
    model.ORGANISATION_FORMS: "organisation_form",
    model.ROLES: "role",
    model.ACTIVITY_TYPES: "activity_type",
    model.ACTIVITY_STATUSES: "activity_status",
    model.CONCEPTS: "concept",
    model.FORUMS: "forum",
    model.LEVELS: "level",
}

#: (item kind, field id) → the group of ``words`` that translates its values.
WORD_GROUPS: dict[tuple[str, str], str] = {
    field: ENUMERATION_WORDS[values]
    for field, values in CHOICES.items()
    if values in ENUMERATION_WORDS
}

#: (item kind, field id) → the kind of item its values name by id.
REFERENCES: dict[tuple[str, str], str] = {
    ("task", "element"): "element",
    ("task", "opgavetype"): "task_type",
    ("activity", "aktører"): "actor",
    ("activity", "opgaver"): "task",
    ("anchoring", "opgaver"): "task",
    ("anchoring", "hovedansvarlig"): "actor",
    ("anchoring", "aktører.opgaver"): "task",
    ("risk", "aktører"): "actor",
    ("risk", "opgaver"): "task",
}

#: Items shown by their kind alone (their name says nothing more).
UNNAMED = ("meta", "follow_up")


# ================================================================ the view
@dataclass(frozen=True, slots=True)
class FieldLine:
    """One changed field: ``label`` ("Evne") and what happened to it ("3 → 4 (op)")."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class ChangeRow:
    what: str  # "Opgave: Afvikling af caféen"
    change: str  # "Tilføjet", "Fjernet", "Ændret"
    kind: str  # added, removed, changed
    fields: tuple[FieldLine, ...]


@dataclass(frozen=True, slots=True)
class PhaseTable:
    title: str  # "Fase 3: Analyse og valgt forankring"
    rows: tuple[ChangeRow, ...]


@dataclass(frozen=True, slots=True)
class ChangesView:
    heading: str  # "Ændringer siden version 1.0"
    summary: str  # one sentence; says so when nothing changed or everything is new
    phases: tuple[PhaseTable, ...]  # empty when nothing changed or everything is new
    all_new: bool  # the case file did not exist at the revision


def build_changes(changes: CaseChanges, revision: str, case: Case, labels: Labels) -> ChangesView:
    """The section for ``changes`` since ``revision`` (a tag, branch or commit), ``case``
    being the new version (for the names of the ids its changes mention)."""
    words = _Words(labels, case, changes)
    since = _since(changes, revision, labels)
    heading = labels.text(GROUP, "heading", since=since)
    if not changes.old_exists:
        return ChangesView(heading, labels.text(GROUP, "all_new", revision=revision), (), True)
    if changes.is_empty:
        return ChangesView(heading, labels.text(GROUP, "none", since=since), (), False)
    summary = labels.text(
        GROUP,
        "summary",
        since=since,
        parts=labels.join(words.summary_part(p) for p in changes.summary_parts()),
    )
    return ChangesView(heading, summary, tuple(words.phase(p) for p in changes.phases), False)


def _since(changes: CaseChanges, revision: str, labels: Labels) -> str:
    """ "version 1.0" when the old version has a meta.version, else the revision: "v1.0".
    Also the revision when there are changes but the version was not bumped: a report of
    version 0.1 with "changes since version 0.1" would read as nonsense."""
    if (
        changes.old_exists
        and changes.old_version
        and (changes.old_version != changes.new_version or changes.is_empty)
    ):
        return labels.text(GROUP, "since_version", version=changes.old_version)
    return revision


# ================================================================ the words
class _Words:
    """Turns changes into the report's words; names of ids looked up in the new case, and
    for items it no longer has, in the changes (a removed item keeps its old name)."""

    def __init__(self, labels: Labels, case: Case, changes: CaseChanges) -> None:
        self.L = labels
        self.case = case
        self.names: dict[str, dict[str, str]] = {
            "element": {e.id: e.name for e in case.elements},
            "task": {t.id: t.name for t in case.tasks},
            "actor": {a.id: a.name for a in case.actors},
        }
        for change in changes.all_changes():
            if change.item_kind in self.names and change.item_id:
                self.names[change.item_kind].setdefault(change.item_id, change.item_name)
            for fc in change.fields:
                kind = {
                    "aktører": "actor",
                    "aktører.ansvar": "actor",
                    "aktører.opgaver": "actor",
                }.get(fc.field)
                if kind and fc.subject_id and fc.subject:
                    self.names[kind].setdefault(fc.subject_id, fc.subject)

    def label(self, *path: str, **values: object) -> str:
        return self.L.text(GROUP, *path, **values)

    # ------------------------------------------------------------ rows
    def phase(self, phase: PhaseChanges) -> PhaseTable:
        return PhaseTable(
            self.label("phases", phase.phase), tuple(self.row(c) for c in phase.changes)
        )

    def row(self, change: Change) -> ChangeRow:
        kinds = "phase_kinds" if change.item_kind == "phase" else "kinds"
        return ChangeRow(
            what=self.what(change),
            change=self.label(kinds, change.kind),
            kind=change.kind,
            fields=tuple(self.field_line(change.item_kind, f) for f in change.fields),
        )

    def what(self, change: Change) -> str:
        if change.item_kind in UNNAMED:
            return self.label("what", change.item_kind)
        return self.label("what", change.item_kind, name=self.item_name(change))

    def item_name(self, change: Change) -> str:
        if change.item_kind == "phase" and change.item_id:
            return self.label("phase_names", change.item_id)
        if change.item_kind == "task_type" and change.kind == "changed" and change.item_id:
            return change.item_id  # the label itself changed: name the type by its id
        if len(change.item_ids) > 1:  # tasks anchored together
            names = [self.names["task"].get(t, t) for t in change.item_ids]
            return shorten(self.L.join(names), MAX_TEXT)
        return shorten(change.item_name, MAX_TEXT)

    # ------------------------------------------------------------ fields
    def field_label(self, fc: FieldChange) -> str:
        if fc.subject is not None:
            return self.label("subject_fields", fc.field, subject=fc.subject)
        return self.label("fields", fc.field)

    def field_line(self, item_kind: str, fc: FieldChange) -> FieldLine:
        return FieldLine(self.field_label(fc), self.field_text(item_kind, fc))

    def field_text(self, item_kind: str, fc: FieldChange) -> str:
        """ "3 → 4 (op)", "tilføjet: …", "fjernet (var …)", or a list's additions and removals."""
        key = (item_kind, fc.field)
        if isinstance(fc.old, tuple) and isinstance(fc.new, tuple):
            return self.list_text(key, fc.old, fc.new)
        if fc.value_type != "score":
            if fc.old is None:
                return self.label("values", "added", value=self.value(key, fc))
            if fc.new is None:
                return self.label("values", "removed", value=self.value(key, fc, old=True))
        text = self.label(
            "values", "arrow", old=self.value(key, fc, old=True), new=self.value(key, fc)
        )
        if fc.direction is None:
            return text
        return self.label(
            "values", "moved", change=text, direction=self.label("directions", fc.direction)
        )

    def list_text(self, key: tuple[str, str], old: tuple[str, ...], new: tuple[str, ...]) -> str:
        added = [self.one(key, x, "list") for x in new if x not in old]
        removed = [self.one(key, x, "list") for x in old if x not in new]
        parts = []
        if added:
            parts.append(self.label("values", "list_added", items=self.L.join(added)))
        if removed:
            parts.append(self.label("values", "list_removed", items=self.L.join(removed)))
        if not parts:
            items = self.L.join(self.one(key, x, "list") for x in new)
            return self.label("values", "list_order", items=items)
        return "; ".join(parts)

    def value(self, key: tuple[str, str], fc: FieldChange, *, old: bool = False) -> str:
        value: Value = fc.old if old else fc.new
        if value is None:
            if fc.value_type == "score":
                return self.L.word("score", None)
            return self.label("values", "none")
        if isinstance(value, tuple):
            shown = [self.one(key, x, "list") for x in value]
            return self.L.join(shown) if shown else self.label("values", "none")
        return self.one(key, value, fc.value_type)

    def one(self, key: tuple[str, str], value: str | int | float, value_type: str) -> str:
        """A single value: a word, a name, a date, a number, or text as written."""
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value) if value_type == "score" else self.L.number(value)
        text = str(value)
        if key in WORD_GROUPS:
            return self.L.word(WORD_GROUPS[key], text)
        if key in REFERENCES:
            return self.reference(REFERENCES[key], text)
        if value_type == "date":
            return self.date(text)
        return shorten(text, MAX_TEXT)

    def reference(self, kind: str, item_id: str) -> str:
        if kind == "task_type":
            own = self.case.phase1.task_types.get(item_id)
            builtin = self.L.get("words").get("task_type", {}).get(item_id)
            return str(own or builtin or BUILTIN_TASK_TYPES.get(item_id, item_id))
        return self.names[kind].get(item_id, item_id)

    def date(self, iso: str) -> str:
        try:
            return self.L.date(date.fromisoformat(iso))
        except ValueError:
            return iso

    # ------------------------------------------------------------ the summary line
    def summary_part(self, part: SummaryPart) -> str:
        """ "1 opgave ændret", "stamdata ændret (version)", "fase 4 udarbejdet"."""
        kind = self.label("summary_parts", "kinds", part.kind)
        change = part.change
        if change is None:
            noun = self.label("nouns", part.item_kind, "one" if part.count == 1 else "many")
            return self.label("summary_parts", "count", n=part.count, noun=noun, kind=kind)
        if change.item_kind == "phase":
            phase = self.label("phase_names", change.item_id or "").lower()
            if change.kind != "changed":
                return self.label("summary_parts", f"phase_{change.kind}", phase=phase)
            text = self.label("summary_parts", "item", what=phase, kind=kind)
        else:
            what = self.label("nouns", change.item_kind, "one")
            text = self.label("summary_parts", "item", what=what, kind=kind)
        fields = _lower_first(list(dict.fromkeys(self.field_label(f) for f in change.fields)))
        if not fields:
            return text
        return self.label("summary_parts", "fields", text=text, fields=", ".join(fields))


def _lower_first(texts: Sequence[str]) -> list[str]:
    return [t[:1].lower() + t[1:] for t in texts]


# ================================================================ as plain text
_MARKS = {"added": "+", "removed": "-", "changed": "~"}


def changes_text(view: ChangesView, versions: str) -> str:
    """The section as plain text for the command line (``forankring diff``), in the
    report's words: the summary (which says since when) and ``versions`` (which two were
    compared), then part by part a line per item (marked ``+``, ``-`` or ``~``) with its
    changed fields below it."""
    lines = [view.summary, versions]
    for phase in view.phases:
        lines += ["", phase.title]
        for row in phase.rows:
            lines.append(f"  {_MARKS[row.kind]} {row.what} ({row.change.lower()})")
            lines += [f"      {field.label}: {field.text}" for field in row.fields]
    return "\n".join(lines) + "\n"
