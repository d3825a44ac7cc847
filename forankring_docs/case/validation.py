"""Validation: loaded data → a :class:`~.model.Case`, or every error at its place.

Pydantic checks the shape (keys, types, enumerations, ids, dates, scores); ``references``
checks how items refer to each other. Both run on every file, also one with problems the
loader read past (a duplicate key, an alias, ...), so a user sees all problems in one go.
Each pydantic error is translated into plain words at the YAML position of its key path.
"""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from forankring_docs.case.limits import Limit, check_limits
from forankring_docs.case.loader import MAX_PROBLEMS, Loaded, Positions, read_case, short
from forankring_docs.case.loader.plain import CLOSING_CURLY, OPENING_CURLY
from forankring_docs.case.model import BUILTIN_TASK_TYPES, Case, Score, Task, _as_id, bare_type
from forankring_docs.case.references import Problem, check_references
from forankring_docs.diagnostics import CaseError, Diagnostic, Path, format_path
from forankring_docs.i18n import _
from forankring_docs.suggest import (
    ascii_digits,
    date_meant,
    did_you_mean,
    did_you_mean_text,
    grouped_readings,
    hint_for,
    listing,
    number_meant,
    score_meant,
)


@dataclass(frozen=True, slots=True)
class ValidCase:
    """A case that passed validation, with what is needed to point into its file."""

    case: Case
    loaded: Loaded

    @property
    def file(self) -> str:
        return self.loaded.file

    @property
    def positions(self) -> Positions:
        return self.loaded.positions


def load_case(path: FsPath, display: str | None = None) -> ValidCase:
    """Read, parse and validate a case file. Raises CaseError with every problem."""
    return validate(read_case(path, display))


def validate(loaded: Loaded) -> ValidCase:
    diagnostics: list[Diagnostic] = list(loaded.problems)
    case: Case | None = None
    try:
        case = Case.model_validate(loaded.data)
    except ValidationError as exc:
        diagnostics.extend(translate(exc, loaded))
    for problem in check_references(loaded.data, loaded.quiet | loaded.dropped, loaded.incomplete):
        if problem.path in loaded.quiet:
            continue  # a stand-in for what the loader reported there
        where = loaded.positions.key if problem.at_key else loaded.positions.value
        diagnostics.append(_error_at(loaded, where(problem.path), problem))
    diagnostics.extend(
        _error_at(loaded, loaded.positions.value(limit.path), limit)
        for limit in check_limits(loaded.data)
    )
    if diagnostics:
        raise CaseError(_cap(_dedupe(diagnostics)))
    assert case is not None
    return ValidCase(case, loaded)


def _error_at(loaded: Loaded, where: tuple[int, int], problem: Problem | Limit) -> Diagnostic:
    line, column = where
    return Diagnostic(
        loaded.file,
        line,
        column,
        "error",
        problem.message,
        problem.hint,
        code=problem.code,
        path=format_path(problem.path),
    )


def _cap(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The first MAX_PROBLEMS, then one line for the rest: 10,000 broken rows are not
    10,000 lines to read, and the first ones show what to correct."""
    if len(diagnostics) <= MAX_PROBLEMS:
        return diagnostics
    rest = diagnostics[MAX_PROBLEMS:]
    first = rest[0]
    return [
        *diagnostics[:MAX_PROBLEMS],
        Diagnostic(
            first.file,
            first.line,
            first.column,
            "error",
            _("… and {count} more problems in this file", count=len(rest)),
            _(
                "correct the problems above, then check the file again; the rest "
                "are often of the same kind"
            ),
            code="E114",
            more=len(rest) - 1,
        ),
    ]


def _dedupe(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[int, int, str]] = set()
    out = []
    for d in sorted(diagnostics, key=lambda d: (d.line, d.column)):
        key = (d.line, d.column, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


# ------------------------------------------------------------------ translation
def translate(exc: ValidationError, loaded: Loaded) -> list[Diagnostic]:
    out = []
    errors = exc.errors(include_url=False, include_input=True)
    misspelt = _misspelt_keys(errors)
    for error in errors:
        loc: Path = tuple(error["loc"])
        if error["type"] == "missing" and loc in misspelt:
            continue  # the unknown key that names it says all
        if loc and loc[-1] == "score" and not isinstance(_value_at(loaded.data, loc[:-1]), dict):
            loc = loc[:-1]  # a bare score: point at the number the user wrote
        if _repeats_loader_problem(error, loc, loaded):
            continue
        message, hint, at_key, path = _describe(error, loc, loaded.data)
        inner = _in_curly_quotes((error.get("ctx") or {}).get("value"))
        if inner is not None and error["type"] in _CURLY_MISREAD:
            hint = _(
                "curly quotes (“ ”), as Word types them, are not quotes to YAML: write "
                "{value} without them",
                value=short(inner),
            )
        positions = loaded.positions
        line, column = positions.key(path) if at_key else positions.value(path)
        out.append(
            Diagnostic(
                loaded.file,
                line,
                column,
                "error",
                message,
                hint,
                code=_model_code(error["type"], message),
                path=format_path(path) or None,
            )
        )
    return out


#: The code of each kind of pydantic error (its ``type``, ours or pydantic's own).
MODEL_CODES = {
    "extra_forbidden": "E201",
    "missing": "E202",
    "model_type": "E203",
    "model_attributes_type": "E203",
    "dict_type": "E203",
    "list_type": "E203",
    "string_type": "E203",
    "text_type": "E203",
    "no_value": "E204",
    "blank": "E204",
    "enum": "E205",
    "literal_error": "E205",
    "bad_id": "E206",
    "bad_date": "E207",
    "bad_calendar_date": "E207",
    "date_type": "E207",
    "ambiguous_number": "E208",
    "bad_number": "E208",
    "number_range": "E208",
    "negative": "E208",
    "quoted_number": "E208",
    "float_type": "E208",
    "int_type": "E208",
    "bad_score": "E209",
    "score_range": "E209",
    "format_version": "E210",
    "too_short": "E211",
}


def _model_code(kind: str, message: str) -> str:
    """The code of a pydantic error: by its type; a value left empty is E204 whatever type
    was expected (the message says "has no value", in the language of the run, which the
    Danish "har ingen værdi" ends with too); any other kind is E299."""
    if message.endswith(_("has no value")):
        return "E204"
    return MODEL_CODES.get(kind, "E299")


def _repeats_loader_problem(error: Any, loc: Path, loaded: Loaded) -> bool:
    """Whether an error is about a stand-in the loader put where it found a problem (null
    for an alias, a key with a character Word cannot hold, a mapping without its merge key):
    the loader's message says it already."""
    if error["type"] == "missing":
        return loc[:-1] in loaded.incomplete
    path = loc[:-1] if loc and loc[-1] == "[key]" else loc
    return path in loaded.quiet


def _misspelt_keys(errors: list[Any]) -> set[Path]:
    """Paths of missing keys for which an unknown key nearby is a misspelling."""
    out: set[Path] = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            loc = tuple(error["loc"])
            guess = _guess_key(str(loc[-1]), model_at(loc[:-1]))
            if guess:
                out.add((*loc[:-1], guess))
    return out


def _guess_key(name: str, model: type[BaseModel] | None) -> str | None:
    """The key meant by an unknown key: a misspelling, or the English name of a Danish key
    ('why' → 'hvorfor')."""
    if model is None:
        return None
    english = name.strip().lower().replace(" ", "_")
    for attribute, info in model.model_fields.items():
        if attribute == english and info.alias:
            return info.alias
    return did_you_mean(name, _keys_of(model))


def _home_of(name: str) -> list[str]:
    """Where a key written at the top level belongs (``opgaver`` → ``fase1``)."""
    return [alias for alias, model in _sections() if name in _keys_of(model)]


def _sections() -> list[tuple[str, type[BaseModel]]]:
    out = []
    for name, info in Case.model_fields.items():
        model = bare_type(info.annotation)
        if isinstance(model, type) and issubclass(model, BaseModel):
            out.append((info.alias or name, model))
    return out


def _value_at(data: object, path: Path) -> object:
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


# Errors of a value that would be right without the curly quotes around it.
_CURLY_MISREAD = ("bad_date", "bad_number", "bad_score", "enum", "bad_id", "format_version")


def _in_curly_quotes(value: object) -> str | None:
    """What is inside curly quotes that wrap all of ``value``, if they do."""
    text = value.strip() if isinstance(value, str) else ""
    if len(text) > 1 and text[0] in OPENING_CURLY and text[-1] in CLOSING_CURLY:
        return text[1:-1]
    return None


def _describe(error: Any, loc: Path, data: object) -> tuple[str, str | None, bool, Path]:
    """(message, hint, point at the key?, path) for one pydantic error."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    is_key = bool(loc) and loc[-1] == "[key]"
    path = loc[:-1] if is_key else loc
    name = str(path[-1]) if path else _("the file")

    if kind == "missing":
        parent = path[:-1]
        model = model_at(parent)
        return (
            _("missing required key '{key}' in '{parent}'", key=name, parent=format_path(parent))
            if parent
            else _("missing required key '{key}' in the top level", key=name),
            _missing_hint(model, name),
            False,
            parent,
        )
    if kind == "extra_forbidden":
        parent = path[:-1]
        model = model_at(parent)
        valid = _keys_of(model)
        guess = _guess_key(name, model)
        hint = (did_you_mean_text(guess) + " " if guess else "") + _(
            "Valid keys here: {keys}", keys=listing(valid)
        )
        whole = _decimal_comma(data, parent, name)
        if whole is not None:
            readings = grouped_readings(f"{whole},{name}")
            meant = (
                _separator_hint(readings, "comma")
                if readings
                else _("write {number}, with a point", number=f"{whole}.{name}")
            )
            hint = (
                _(
                    "a comma inside {{ }} separates entries, so {written} reads as {whole} and "
                    "a key '{key}': {meant}.",
                    written=f"{whole},{name}",
                    whole=whole,
                    key=name,
                    meant=meant,
                )
                + " "
                + hint
            )
        homes = [] if parent or guess else _home_of(name)
        if homes:
            hint = (
                _(
                    "'{key}' belongs under '{home}': indent it below '{home}:'.",
                    key=name,
                    home=homes[0],
                )
                + " "
                + hint
            )
        message = (
            _("unknown key '{key}' in '{parent}'", key=short(name), parent=format_path(parent))
            if parent
            else _("unknown key '{key}' at the top level", key=short(name))
        )
        return message, hint, True, path
    if kind == "enum":
        allowed = ctx.get("allowed", ())
        return (
            _(
                "'{value}' is not a valid {what}",
                value=short(str(ctx.get("value"))),
                what=_(str(ctx.get("what"))),
            ),
            hint_for(str(ctx.get("value")), allowed),
            is_key,
            path,
        )
    if kind == "bad_id":
        return (
            _("'{value}' is not a valid id", value=short(str(ctx.get("value")))),
            _(
                "ids use lowercase a–z, æ, ø, å, digits, '-' and '_', start with a letter or "
                "digit and are at most 40 characters, e.g. '{suggestion}'",
                suggestion=ctx.get("suggestion"),
            ),
            is_key,
            path,
        )
    if kind == "bad_date":
        meant = date_meant(str(ctx.get("value")))
        return (
            _("'{value}' is not a date", value=short(str(ctx.get("value")))),
            _("write dates as YYYY-MM-DD: {date}", date=meant)
            if meant
            else _("write dates as YYYY-MM-DD, e.g. 2026-06-30"),
            False,
            path,
        )
    if kind == "bad_calendar_date":
        return (
            _("{value} is not a day in the calendar", value=ctx.get("value")),
            _("check the month and the day (YYYY-MM-DD)"),
            False,
            path,
        )
    if kind == "ambiguous_number":
        return (
            error["msg"],
            _separator_hint(
                (str(ctx["whole"]), str(ctx["decimal"]), str(ctx["written"])),
                "point",
                quoted=bool(ctx.get("quoted")),
            ),
            False,
            path,
        )
    if kind == "bad_number":
        written = str(ctx.get("value"))
        readings = grouped_readings(written)
        if readings and "," in written:  # 40,000: forty to a Dane, 40000 to an Englishman
            return error["msg"], _separator_hint(readings, "comma"), False, path
        meant = number_meant(written)
        if meant and not written.isascii() and meant == ascii_digits(written).strip():
            hint = _("did you mean {number}? Numbers are written with the digits 0–9", number=meant)
        elif meant and "." in written and "." not in meant:
            hint = _(
                "did you mean {number}? Numbers are written without a thousands separator",
                number=meant,
            )
        elif meant:
            hint = _(
                "did you mean {number}? Numbers are written with a point and no unit", number=meant
            )
        else:
            hint = _("write a number such as 6 or 2.5 (with a point, no unit)")
        return error["msg"], hint, False, path
    if kind == "number_range":
        return error["msg"], _("check the number: is a digit typed too many?"), False, path
    if kind == "negative":
        return (
            _("{value} is negative", value=f"{ctx.get('value'):g}"),
            _("write 0 or more"),
            False,
            path,
        )
    if kind in ("bad_score", "score_range"):
        meant = score_meant(str(ctx.get("value")))
        scale = "1 = ikke til stede, 2 = svag, 3 = delvis, 4 = stærk; null = ukendt"
        return (
            error["msg"],
            _("did you mean {score}? Scores: {scale}", score=meant, scale=scale)
            if meant
            else _("scores: {scale}", scale=scale),
            False,
            path,
        )
    if kind == "quoted_number":
        return (
            error["msg"],
            _("write {bare} without quotes: {key}: {bare}", bare=ctx.get("bare"), key=name),
            False,
            path,
        )
    if kind == "format_version" or kind == "no_value" and path == ("format",):
        message = _("'format' has no value") if kind == "no_value" else error["msg"]
        return (
            message,
            _("this version of forankring reads format 1: write 'format: 1'"),
            False,
            path,
        )
    label = _label(path)
    if kind == "blank":
        return (
            _("{label} must not be empty", label=label),
            _("write a value after '{key}:'", key=name),
            False,
            path,
        )
    if kind == "too_short":
        return (_("{label} needs at least one item", label=label), _list_hint(path), False, path)
    if (
        kind == "no_value"
        or value is None
        and kind
        in (
            "string_type",
            "model_type",
            "model_attributes_type",
            "dict_type",
            "list_type",
            "int_type",
            "literal_error",
            "date_type",
            "float_type",
        )
    ):
        return _("{label} has no value", label=label), _no_value_hint(path), False, path
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        model = model_at(path)
        keys = listing(_keys_of(model)) if model else ""
        if path and isinstance(path[-1], int):
            first = _keys_of(model)[0] if model else _("key")
            hint = _(
                "write each item as '- {key}: …' with its other keys indented below it", key=first
            ) + (f" ({keys})" if keys else "")
        elif model is None and (pair := _pair_example(path)):
            hint = _("write one {pair} per line, indented below '{key}:'", pair=pair, key=name)
        else:
            hint = _("indent its keys on the lines below '{key}:'", key=name) + (
                f" ({keys})" if keys else ""
            )
        message = _(
            "{label} must be a mapping of keys, not {what}", label=label, what=_shown(value)
        )
        return message, hint, False, path
    if kind == "list_type":
        return (
            _("{label} must be a list, not {what}", label=label, what=_shown(value)),
            _list_hint(path),
            False,
            path,
        )
    if kind in ("string_type", "text_type"):
        return (
            _("{label} must be text, not {what}", label=label, what=_shown(value)),
            _("write the text on the same line after the colon, or as a block with '|'"),
            False,
            path,
        )
    return error["msg"], None, False, path


def _separator_hint(readings: tuple[str, str, str], mark: str, quoted: bool = False) -> str:
    """What to write for '40.000' or '40,000': the whole number, or the decimal one."""
    whole, _decimal, written = readings
    if mark == "comma":
        if quoted:
            return _(
                "write {whole} without quotes and without a thousands separator, or {written} "
                "if the comma is a decimal comma",
                whole=whole,
                written=written,
            )
        return _(
            "write {whole} without a thousands separator, or {written} if the comma is a "
            "decimal comma",
            whole=whole,
            written=written,
        )
    if quoted:
        return _(
            "write {whole} without quotes and without a thousands separator, or {written} "
            "if the point is a decimal point",
            whole=whole,
            written=written,
        )
    return _(
        "write {whole} without a thousands separator, or {written} if the point is a decimal point",
        whole=whole,
        written=written,
    )


def _no_value_hint(path: Path) -> str:
    """What to write where a key (or a list item) has no value."""
    annotation = _annotation_at(path)
    choices = _choices(annotation)
    key = path[-1] if path else ""
    if choices is not None:  # the values last: 'write one of these after …: a, b'
        if path and isinstance(path[-1], int):
            return _(
                "write one of these after the '- ', or delete the empty item: {values}",
                values=choices,
            )
        return _("write one of these after '{key}:': {values}", key=key, values=choices)
    expected = _expected_for(annotation)
    if path and isinstance(path[-1], int):
        return _("write {expected} after the '- ', or delete the empty item", expected=expected)
    return _("write {expected} after '{key}:'", expected=expected, key=key)


def _choices(annotation: Any) -> str | None:
    """The values of an enumeration, listed; None for any other type."""
    target = bare_type(annotation) if annotation is not None else None
    if typing.get_origin(target) is Literal:
        return listing(str(v) for v in typing.get_args(target))
    return None


def _pair_example(path: Path) -> str | None:
    """For a mapping of id → value (an actor's ``opgaver``): what one pair looks like."""
    parent = model_at(path[:-1])
    annotation = _annotation_for(parent, str(path[-1])) if parent and path else None
    target = bare_type(annotation) if annotation is not None else None
    if typing.get_origin(target) is not dict:
        return None
    value = bare_type(typing.get_args(target)[1])
    if typing.get_origin(value) is Literal:
        return _(
            "'id: value' pair (values: {values})",
            values=", ".join(str(v) for v in typing.get_args(value)),
        )
    return _("'id: label' pair")


def _decimal_comma(data: object, parent: Path, key: str) -> str | None:
    """'7' when ``key`` is the '5' of ``{timer_pr_uge: 7,5}``: the number before it."""
    mapping = _value_at(data, parent)
    if not key.isdigit() or not isinstance(mapping, dict) or key not in mapping:
        return None
    keys = list(mapping)
    before = mapping[keys[keys.index(key) - 1]] if keys.index(key) else None
    return before if isinstance(before, str) and before.isdigit() else None


def _label(path: Path) -> str:
    """How to name the value at ``path``: 'navn', or 'item 2 of hvad' for a list item."""
    if path and isinstance(path[-1], int):
        owner = next((p for p in reversed(path[:-1]) if isinstance(p, str)), None)
        if owner is None:
            return _("item {number} of the list", number=path[-1] + 1)
        return _("item {number} of '{owner}'", number=path[-1] + 1, owner=owner)
    return f"'{path[-1]}'" if path else _("the file")


def _shown(value: object) -> str:
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    if value is None:
        return _("an empty value")
    return _("the text '{text}'", text=short(str(value)))


def _list_hint(path: Path) -> str:
    name = str(path[-1]) if path else _("list")
    return _("write each item on its own line below '{key}:', starting with '- '", key=name)


def _missing_hint(model: type[BaseModel] | None, alias: str) -> str:
    annotation = _annotation_for(model, alias) if model else None
    target = bare_type(annotation) if annotation is not None else None
    if typing.get_origin(target) is Literal and len(typing.get_args(target)) == 1:
        return _("add '{key}: {value}'", key=alias, value=typing.get_args(target)[0])
    if model is Task and alias == "opgavetype":  # an id, but from a known list
        return _(
            "add 'opgavetype:' with one of: {types}, or a type of your own from fase1.opgavetyper",
            types=listing(BUILTIN_TASK_TYPES),
        )
    return _("add '{key}:' with {expected}", key=alias, expected=_expected(model, alias))


def _expected(model: type[BaseModel] | None, alias: str) -> str:
    return _expected_for(_annotation_for(model, alias) if model else None)


def _expected_for(annotation: Any) -> str:
    """What a value of type ``annotation`` is, in words ('a date (YYYY-MM-DD)')."""
    if annotation is None:
        return _("a value")
    target = bare_type(annotation)
    if target is Score:
        return _("a score: 1, 2, 3 or 4 (null when unknown)")
    origin = typing.get_origin(target)
    if origin is list:
        return _("a list (lines starting with '- ')")
    if origin is dict or (isinstance(target, type) and issubclass(target, BaseModel)):
        return _("a mapping of keys")
    if origin is Literal:
        return _("one of: {values}", values=listing(str(v) for v in typing.get_args(target)))
    if target is dt.date:
        return _("a date (YYYY-MM-DD)")
    if target is float:
        return _("a number")
    if target is str:
        return _("an id") if _is_id(annotation) else _("a text")
    return _("a value")


def _is_id(annotation: Any) -> bool:
    """Whether a field's type is the case format's id (Annotated with the id check)."""
    while typing.get_origin(annotation) is typing.Annotated:
        args = typing.get_args(annotation)
        if any(getattr(m, "func", None) is _as_id for m in args[1:]):
            return True
        annotation = args[0]
    return False


# ------------------------------------------------------------------ model navigation
def model_at(path: Path) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``path`` (aliases, list indexes)."""
    current: Any = Case
    for part in path:
        if isinstance(current, type) and issubclass(current, BaseModel):
            annotation = _annotation_for(current, str(part))
            if annotation is None:
                return None
            current = bare_type(annotation)
        elif typing.get_origin(current) in (list, dict):
            args = typing.get_args(current)
            current = bare_type(args[-1]) if args else None
        else:
            return None
    if typing.get_origin(current) in (list, dict):
        return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _annotation_at(path: Path) -> Any:
    """The type (as annotated) of the value at ``path``, through models, lists and mappings;
    None where the path leaves the model."""
    annotation: Any = Case
    for part in path:
        current = bare_type(annotation)
        if isinstance(current, type) and issubclass(current, BaseModel):
            annotation = _annotation_for(current, str(part))
        elif typing.get_origin(current) in (list, dict):
            args = typing.get_args(current)
            annotation = args[-1] if args else None
        else:
            return None
        if annotation is None:
            return None
    return annotation


def _annotation_for(model: type[BaseModel], key: str) -> Any:
    for name, info in model.model_fields.items():
        if (info.alias or name) == key:
            if info.metadata:  # pydantic moves a field's Annotated validators here
                return typing.Annotated[info.annotation, *info.metadata]
            return info.annotation
    return None


def _keys_of(model: type[BaseModel] | None) -> list[str]:
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]
