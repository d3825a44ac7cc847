"""Validation: loaded data → a :class:`~forankring_docs.model.Case`, or every error at its place.

Pydantic checks the shape (keys, types, enumerations, ids, dates, scores); ``references``
checks how items refer to each other. Both run on every file, so a user sees all problems
in one go. Each pydantic error is translated into plain words at the YAML position of its
key path.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from pydantic import BaseModel, ValidationError

from forankring_docs.diagnostics import CaseError, Diagnostic, Path, format_path
from forankring_docs.loading import Loaded, Positions, read_case, short
from forankring_docs.model import Case, Score
from forankring_docs.references import check_references
from forankring_docs.suggest import did_you_mean, hint_for, listing


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
    diagnostics: list[Diagnostic] = []
    case: Case | None = None
    try:
        case = Case.model_validate(loaded.data)
    except ValidationError as exc:
        diagnostics.extend(translate(exc, loaded))
    for problem in check_references(loaded.data):
        where = loaded.positions.key if problem.at_key else loaded.positions.value
        line, column = where(problem.path)
        diagnostics.append(Diagnostic(loaded.file, line, column, "error", problem.message,
                                      problem.hint, path=format_path(problem.path)))
    if diagnostics:
        raise CaseError(_dedupe(diagnostics))
    assert case is not None
    return ValidCase(case, loaded)


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
        message, hint, at_key, path = _describe(error, loc, loaded.data)
        positions = loaded.positions
        line, column = positions.key(path) if at_key else positions.value(path)
        out.append(Diagnostic(loaded.file, line, column, "error", message, hint,
                              path=format_path(path) or None))
    return out


def _misspelt_keys(errors: list[Any]) -> set[Path]:
    """Paths of missing keys for which an unknown key nearby is a misspelling."""
    out: set[Path] = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            loc = tuple(error["loc"])
            guess = did_you_mean(str(loc[-1]), _keys_of(model_at(loc[:-1])))
            if guess:
                out.add((*loc[:-1], guess))
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


def _describe(error: Any, loc: Path, data: object) -> tuple[str, str | None, bool, Path]:
    """(message, hint, point at the key?, path) for one pydantic error."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    is_key = bool(loc) and loc[-1] == "[key]"
    path = loc[:-1] if is_key else loc
    name = str(path[-1]) if path else "the file"

    if kind == "missing":
        parent = path[:-1]
        model = model_at(parent)
        what = f"'{format_path(parent)}'" if parent else "the top level"
        return (f"missing required key '{name}' in {what}",
                f"add '{name}:' with {_expected(model, name)}", False, parent)
    if kind == "extra_forbidden":
        parent = path[:-1]
        valid = _keys_of(model_at(parent))
        guess = did_you_mean(name, valid)
        where = f"in '{format_path(parent)}'" if parent else "at the top level"
        hint = (f"did you mean '{guess}'? " if guess else "") + f"Valid keys here: {listing(valid)}"
        return f"unknown key '{short(name)}' {where}", hint, True, path
    if kind == "enum":
        allowed = ctx.get("allowed", ())
        return (f"'{short(str(ctx.get('value')))}' is not a valid {ctx.get('what')}",
                hint_for(str(ctx.get("value")), allowed), is_key, path)
    if kind == "bad_id":
        return (f"'{short(str(ctx.get('value')))}' is not a valid id",
                "ids use lowercase a–z, æ, ø, å, digits, '-' and '_', start with a letter or "
                f"digit and are at most 40 characters, e.g. '{ctx.get('suggestion')}'",
                is_key, path)
    if kind == "bad_date":
        return (f"'{short(str(ctx.get('value')))}' is not a date",
                "write dates as YYYY-MM-DD, e.g. 2026-06-30", False, path)
    if kind == "bad_calendar_date":
        return (f"{ctx.get('value')} is not a day in the calendar",
                "check the month and the day (YYYY-MM-DD)", False, path)
    if kind in ("bad_number", "negative"):
        return (error["msg"], "write a number such as 6 or 2.5 (with a point, no unit)",
                False, path)
    if kind in ("bad_score", "score_range"):
        return (error["msg"], "scores: 1 = ikke til stede, 2 = svag, 3 = delvis, 4 = stærk; "
                "null = ukendt", False, path)
    if kind == "format_version":
        return (error["msg"], "this version of forankring reads format 1: write 'format: 1'",
                False, path)
    if kind == "blank":
        return f"'{name}' must not be empty", f"write a value after '{name}:'", False, path
    if kind == "too_short":
        return (f"'{name}' needs at least one item", _list_hint(path), False, path)
    if value is None and kind in ("string_type", "model_type", "model_attributes_type",
                                  "dict_type", "list_type", "int_type", "literal_error",
                                  "date_type", "float_type"):
        return (f"'{name}' has no value", f"write {_expected(model_at(path[:-1]), name)} "
                f"after '{name}:'", False, path)
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        model = model_at(path)
        keys = listing(_keys_of(model)) if model else ""
        return (f"'{name}' must be a mapping of keys, not {_shown(value)}",
                f"indent its keys on the lines below '{name}:'" + (f" ({keys})" if keys else ""),
                False, path)
    if kind == "list_type":
        return (f"'{name}' must be a list, not {_shown(value)}", _list_hint(path), False, path)
    if kind in ("string_type", "text_type"):
        return (f"'{name}' must be text, not {_shown(value)}",
                "write the text on the same line after the colon, or as a block with '|'",
                False, path)
    return error["msg"], None, False, path


def _shown(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"the text '{short(str(value))}'"


def _list_hint(path: Path) -> str:
    name = str(path[-1]) if path else "list"
    return f"write each item on its own line below '{name}:', starting with '- '"


def _expected(model: type[BaseModel] | None, alias: str) -> str:
    if model is None:
        return "a value"
    annotation = _annotation_for(model, alias)
    if annotation is None:
        return "a value"
    target = _unwrap(annotation)
    if target is Score:
        return "a score: 1, 2, 3 or 4 (null when unknown)"
    origin = typing.get_origin(target)
    if origin is list:
        return "a list (lines starting with '- ')"
    if origin is dict or (isinstance(target, type) and issubclass(target, BaseModel)):
        return "a mapping of keys"
    return "a value"


# ------------------------------------------------------------------ model navigation
def model_at(path: Path) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``path`` (aliases, list indexes)."""
    current: Any = Case
    for part in path:
        if isinstance(current, type) and issubclass(current, BaseModel):
            annotation = _annotation_for(current, str(part))
            if annotation is None:
                return None
            current = _unwrap(annotation)
        elif typing.get_origin(current) in (list, dict):
            args = typing.get_args(current)
            current = _unwrap(args[-1]) if args else None
        else:
            return None
    if typing.get_origin(current) in (list, dict):
        return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _annotation_for(model: type[BaseModel], key: str) -> Any:
    for name, info in model.model_fields.items():
        if (info.alias or name) == key:
            return info.annotation
    return None


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional down to the model, list or dict inside."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _keys_of(model: type[BaseModel] | None) -> list[str]:
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]
