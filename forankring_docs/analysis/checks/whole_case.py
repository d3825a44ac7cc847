"""Rules on the case as a whole (A103, A104): example text that ``forankring new`` wrote and
nobody replaced, and decisions that a case put up for approval leaves out.

Both ask whether the file says what the area has decided, rather than whether the strategy
holds together: a case can be consistent and still be the starter's fiction, or lean on the
format's defaults (a task's priority 'skal', an actor 'ekstern') that nobody chose.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator

from forankring_docs.analysis.checks.lookups import (
    ACTORS,
    ELEMENTS,
    TASKS,
    make_finding,
    one_line,
    single_spaced,
)
from forankring_docs.analysis.checks.registry import Finding, rule
from forankring_docs.case.loader import load_text
from forankring_docs.case.model import Case, Text
from forankring_docs.case.starter import DEFAULT_AREA, starter_case
from forankring_docs.case.validation import validate
from forankring_docs.diagnostics import Path
from forankring_docs.i18n import N_, _

# The validator every free-text field type carries (Text and RequiredText), and ids, choices,
# dates and numbers do not: what tells a text the user wrote from a value the format defines.
_TEXT_VALIDATOR = next(m for m in typing.get_args(Text)[1:] if isinstance(m, BeforeValidator))

# A starter text counts as example text when nobody writes it by chance: a sentence of this
# many words or more, or a proper name of two words or more ("Mette Eksempel"). Shorter
# texts are ordinary values that a real case shares with the starter ("Lektiecafé",
# "Projektleder", "Hvert kvartal", "Kultur og Fritid", "Afdeling 1").
SENTENCE_WORDS = 5
NAME_WORDS = 2

APPROVAL_STATUSES = ("til_godkendelse", "godkendt")
# Whole sentences per status and per kind of decision, so a translation can bend its words.
_CLAIM = {
    "til_godkendelse": N_("the case is up for approval (status: til_godkendelse)"),
    "godkendt": N_("the case is approved (status: godkendt)"),
}
LATER_PHASES = ("fase2", "fase3", "fase4")  # fase1 is required: it is always there


# ------------------------------------------------------------------ the texts of a case
def _holds_text(annotation: Any) -> bool:
    """Whether a field's type is free text, or a list or mapping of it (not an id or choice)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is Annotated:
        return _TEXT_VALIDATOR in args[1:] or _holds_text(args[0])
    if origin in (typing.Union, types.UnionType):
        return any(_holds_text(arg) for arg in args if arg is not type(None))
    if origin is list:
        return _holds_text(args[0])
    if origin is dict:
        return _holds_text(args[1])
    return False


def _holds_model(annotation: Any) -> bool:
    """Whether a field's type is, or holds, a model of the case (whose texts are read too)."""
    if isinstance(annotation, type):
        return issubclass(annotation, BaseModel)
    return any(_holds_model(arg) for arg in typing.get_args(annotation))


@cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, str, bool], ...]:
    """(attribute, key in the file, holds text) for each field of ``model`` that holds text or
    items with text; ids, choices, dates and numbers are left out once, not at every item."""
    fields = []
    for name, info in model.model_fields.items():
        annotation = info.rebuild_annotation()
        is_text = _holds_text(annotation)
        if is_text or _holds_model(annotation):
            fields.append((name, info.alias or name, is_text))
    return tuple(fields)


def case_texts(item: BaseModel) -> list[tuple[Path, str]]:
    """(key path, text) for every free text of ``item`` and the items inside it, in file
    order; read from the model's field types, so a new text field is covered without an edit."""
    texts: list[tuple[Path, str]] = []
    _collect(item, (), texts)
    return texts


def _collect(item: BaseModel, path: Path, texts: list[tuple[Path, str]]) -> None:
    # Appends rather than yields: a generator nested as deep as the case passes every text
    # through each level, which took most of the rule's time on a large case.
    for name, key, is_text in _fields(type(item)):
        value = getattr(item, name)
        if isinstance(value, list):
            entries: Iterable[tuple[Any, Any]] = enumerate(value)
        elif isinstance(value, dict):
            entries = value.items()
        else:
            entries = ((None, value),)
        for index, entry in entries:
            if isinstance(entry, str):
                if is_text:
                    texts.append(((*path, key) if index is None else (*path, key, index), entry))
            elif isinstance(entry, BaseModel):
                _collect(entry, (*path, key) if index is None else (*path, key, index), texts)


def _is_example(text: str) -> bool:
    words = text.split()
    if len(words) >= SENTENCE_WORDS:
        return True
    # Every word capitalised: "Mette Eksempel", "Eksempel Kommune"; not "Afdeling 1", which
    # is how housing departments are really named.
    return len(words) >= NAME_WORDS and all(w[:1].isupper() for w in words)


@cache
def starter_examples() -> dict[str, Path]:
    """The example texts of ``forankring new`` (single-spaced: line breaks do not count when
    comparing) → where the starter writes them.

    Read from the starter file itself, so that what it writes and what this rule looks for
    cannot drift apart. Its dates follow the day it is written, so the few texts holding a
    date (the end of the period in ``hvorfor``) are compared for a fixed day and match only
    a file written that month; their other paragraphs are compared on their own and match.
    """
    starter = starter_case(None, dt.date(2026, 1, 1))
    case = validate(load_text(starter, "starter.yaml")).case
    examples: dict[str, Path] = {}
    for path, text in case_texts(case):
        for piece in (text, *_paragraphs(text)):
            normal = single_spaced(piece)
            if normal == DEFAULT_AREA or _is_example(normal):
                examples.setdefault(normal, path)
    return examples


def _example_in(text: str, examples: dict[str, Path]) -> str | None:
    """The example text that ``text`` is, or that one of its paragraphs is; else None."""
    for piece in (text, *_paragraphs(text)):
        normal = single_spaced(piece)
        if normal in examples:
            return normal
    return None


def _paragraphs(text: str) -> list[str]:
    """A text's paragraphs, when it has several: a leftover paragraph of the starter's
    ``hvorfor`` is example text even when the user rewrote the one beside it."""
    if "\n\n" not in text:
        return []
    parts = [p for p in text.split("\n\n") if p.strip()]
    return parts if len(parts) > 1 else []


@rule("A103", "The case still holds example text from forankring new.", params=("text",))
def a103_example_text(case: Case, today: dt.date) -> Iterator[Finding]:
    """A free text (anywhere in the case) that is, or has a paragraph that is, one of the
    example texts of ``forankring new``: a sentence of five words or more, an invented name
    of two words or more ("Mette Eksempel"), or its placeholder for the housing area; line
    breaks and spacing do not count. At that text, one finding per text. Short ordinary
    values that a real case shares with the starter ("Lektiecafé", "Projektleder", "Hvert
    kvartal") are not example text.

    Always checked, whatever the status: an example left in a draft is read by the steering
    group as the area's own words.
    """
    examples = starter_examples()
    hint = (
        _(
            "write your area's own text here, or delete it: the examples of 'forankring new' are "
            "made up"
        )
        if case.meta.area == DEFAULT_AREA
        else _(
            "write {area}'s own text here, or delete it: the examples of 'forankring new' are "
            "made up",
            area=case.meta.area,
        )
    )
    for path, text in case_texts(case):
        example = _example_in(text, examples)
        if example is not None:
            yield make_finding(
                "A103",
                path,
                _(
                    "'{text}' is example text from 'forankring new', not the case's own",
                    text=one_line(example),
                ),
                hint,
                text=one_line(example),
            )


# ------------------------------------------------------------------ decisions left out
@dataclass(frozen=True, slots=True)
class Decision:
    """A decision the format lets a case leave out, taking a default for the rules."""

    kind: str  # "element" (forankres), "task" (prioritet) or "actor" (placering)
    path: Path  # the item that leaves it out
    name: str  # the item's name
    given: bool  # written in the file, not defaulted


def decisions(case: Case) -> Iterator[Decision]:
    """Every element's forankres, task's prioritet and actor's placering, given or not
    (``model_fields_set``: the format's default stands in for one left out)."""
    for i, element in enumerate(case.elements):
        yield Decision(
            "element", (*ELEMENTS, i), element.name, "anchored" in element.model_fields_set
        )
    for i, task in enumerate(case.tasks):
        yield Decision("task", (*TASKS, i), task.name, "priority" in task.model_fields_set)
    for i, actor in enumerate(case.actors):
        yield Decision("actor", (*ACTORS, i), actor.name, "placement" in actor.model_fields_set)


_DECISION_TEXT = {  # kind: (the message, the hint: what to write, what the report shows)
    "element": (
        N_("the element '{name}' has no 'forankres:', but {claim}"),
        N_(
            "add 'forankres: ja', 'delvist' or 'nej': until then the report shows whether it "
            "is anchored as not given"
        ),
    ),
    "task": (
        N_("the task '{name}' has no 'prioritet:', but {claim}"),
        N_(
            "add 'prioritet: skal', 'bør' or 'kan': until then the report shows its priority "
            "as not given"
        ),
    ),
    "actor": (
        N_("{name} has no 'placering:', but {claim}"),
        N_(
            "add 'placering: lokal' or 'ekstern': until then the report shows its placement "
            "as not given"
        ),
    ),
}


@rule(
    "A104",
    "A case up for approval leaves out a decision or has a phase not worked out.",
    params=(),
    variants={
        "element": ("element",),
        "task": ("task",),
        "actor": ("actor",),
        "phase": ("phase",),
    },
)
def a104_undecided_for_approval(case: Case, today: dt.date) -> Iterator[Finding]:
    """With status til_godkendelse or godkendt: each phase not worked out (at the phase's
    key, or at the status when the key is left out), then each element without forankres,
    task without prioritet and actor without placering (at the item).

    A draft may leave them open (its report says "ikke angivet"); a strategy put before the
    steering group for approval decides them, or the default decides in their place unseen.
    """
    status = case.meta.status
    if status not in APPROVAL_STATUSES:
        return
    claim = _(_CLAIM[status])
    for key in LATER_PHASES:
        attribute = key.replace("fase", "phase")
        if getattr(case, attribute) is not None:
            continue
        written = attribute in case.model_fields_set
        yield make_finding(
            "A104",
            (key,) if written else ("meta", "status"),
            _("{phase} is not worked out, but {claim}", phase=key, claim=claim),
            _(
                "work out {phase} before the steering group decides, or set 'status: udkast'",
                phase=key,
            ),
            "phase",
            phase=key.removeprefix("fase"),
        )
    for decision in decisions(case):
        if decision.given:
            continue
        message, hint = _DECISION_TEXT[decision.kind]
        yield make_finding(
            "A104",
            decision.path,
            _(message, name=decision.name, claim=claim),
            _(hint),
            decision.kind,
            **{decision.kind: decision.name},
        )
