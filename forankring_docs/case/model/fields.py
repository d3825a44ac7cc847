"""The case format's building blocks: its enumerations, and the field types that say in
plain words what a text means where a number, a date, an id or a choice is expected."""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from forankring_docs.case.loader import QuotedText, short
from forankring_docs.i18n import _
from forankring_docs.suggest import grouped_readings

# ------------------------------------------------------------------ enumerations
ELEMENT_TYPES = ("aktivitet", "metode", "funktion", "netværk", "andet")
ANCHOR_CHOICES = ("ja", "delvist", "nej")
PRIORITIES = ("skal", "bør", "kan")
ACTOR_TYPES = (
    "kommune",
    "boligorganisation",
    "beboerdemokrati",
    "forening",
    "frivillige",
    "politi",
    "uddannelsesinstitution",
    "region",
    "virksomhed",
    "fond",
    "andet",
)
SECTORS = ("professionel", "civilsamfund", "beboere", "privat")
PLACEMENTS = ("lokal", "ekstern")
TAKE_ON = ("fuldt", "delvist", "nej")
CANDIDATE_EXTENTS = ("fuldt", "delvist")  # the marks that make an actor a candidate
LEVELS = ("lav", "middel", "høj")  # a risk's likelihood and consequence
CONCLUSIONS = ("egnet", "egnet_med_kapacitetsopbygning", "ikke_egnet")
MODELS = ("enkeltaktør", "netværk")
ROLES = ("hovedansvarlig", "medansvarlig", "bidragyder")
ORGANISATION_FORMS = ("samarbejdsaftale", "partnerskab", "forening", "driftsaftale", "ingen")
ACTIVITY_TYPES = (
    "oplæring",
    "sidemandsoplæring",
    "overdragelse",
    "aftale",
    "foreningsdannelse",
    "fundraising",
    "ledelsesforankring",
    "kommunikation",
    "andet",
)
CONCEPTS = ("forståelse", "mening", "evne", "vilje")
ACTIVITY_STATUSES = ("ikke_startet", "i_gang", "afsluttet")
STATUSES = ("udkast", "til_godkendelse", "godkendt")
LANGUAGES = ("da", "en")
BOARD_ROLES = ("formand", "medlem", "sekretær")
FORUMS = ("styregruppe", "bestyrelse", "følgegruppe")

BUILTIN_TASK_TYPES: dict[str, str] = {
    "aktivitet": "Borgerrettede aktiviteter",
    "rådgivning": "Rådgivning og vejledning",
    "koordinering": "Koordinering og brobygning",
    "netværk": "Netværk og samarbejdsfora",
    "frivillighed": "Frivillige og beboerinddragelse",
    "drift": "Lokaler, drift og administration",
    "kommunikation": "Kommunikation",
    "dokumentation": "Dokumentation og evaluering",
}

SECTOR_BY_ACTOR_TYPE: dict[str, str] = {
    "kommune": "professionel",
    "boligorganisation": "professionel",
    "politi": "professionel",
    "uddannelsesinstitution": "professionel",
    "region": "professionel",
    "forening": "civilsamfund",
    "fond": "civilsamfund",
    "andet": "civilsamfund",
    "beboerdemokrati": "beboere",
    "frivillige": "beboere",
    "virksomhed": "privat",
}

ID_PATTERN = re.compile(r"[a-z0-9æøå][a-z0-9æøå_-]{0,39}")
# ASCII digits only: Python's \d also matches Arabic-Indic and full-width digits, which are
# not numbers in a case file (nor in YAML).
_DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_NUMBER_PATTERN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)", re.ASCII)
_INTEGER_PATTERN = re.compile(r"[+-]?\d+", re.ASCII)
#: The largest amount (hours, kroner) a case holds; beyond it a number is a typing mistake.
MAX_AMOUNT = 10**12
_NULL_WORDS = ("null", "Null", "NULL", "~")  # YAML's null, written in quotes: text


# ------------------------------------------------------------------ field types
def _as_text(value: Any) -> Any:
    """Text is text as written; a mapping or list where text is expected is an error."""
    if isinstance(value, (dict, list)):
        raise PydanticCustomError(
            "text_type",
            _("expected text, not {kind}"),
            {"kind": _("a mapping") if isinstance(value, dict) else _("a list")},
        )
    return _plain(value)


def _plain(value: Any) -> Any:
    """A quoted scalar's text as a plain ``str``: the model holds no loader types."""
    return str(value) if isinstance(value, QuotedText) else value


def _not_quoted(value: Any, pattern: re.Pattern[str], what: str) -> None:
    """A number in quotes is text; where a number is expected that is an error."""
    if isinstance(value, QuotedText) and pattern.fullmatch(value.strip()):
        raise PydanticCustomError(
            "quoted_number",
            _("'{value}' is in quotes, so it is text; {what} is written bare"),
            {"value": str(value), "what": what, "bare": value.strip()},
        )


def _no_value() -> PydanticCustomError:
    """The error for a key written without a value (YAML null) where a value is needed;
    validation.py words it as "'key' has no value" with what to write."""
    return PydanticCustomError("no_value", _("has no value"))


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", _("must not be empty"))
    return value


Text = Annotated[
    str, BeforeValidator(_as_text), WithJsonSchema({"type": ["string", "number", "boolean"]})
]
RequiredText = Annotated[
    str,
    BeforeValidator(_as_text),
    AfterValidator(_not_blank),
    # Empty as _not_blank means it: nothing but white space. patternErrorMessage is the
    # message yaml-language-server shows instead of the pattern itself.
    WithJsonSchema(
        {
            "type": ["string", "number", "boolean"],
            "pattern": r"\S",
            "patternErrorMessage": "Må ikke være tom.",
        }
    ),
]


def _as_id(value: Any) -> Any:
    value = _as_text(value)
    if isinstance(value, str) and not ID_PATTERN.fullmatch(value):
        raise PydanticCustomError(
            "bad_id",
            _("'{value}' is not a valid id"),
            {"value": value, "suggestion": suggest_id(value)},
        )
    return value


def suggest_id(text: str) -> str:
    """A valid id close to ``text``: lowercase, accents dropped, spaces as hyphens."""
    import unicodedata

    out = []
    for ch in text.strip().lower():
        if ch in "æøå" or ch.isascii() and (ch.isalnum() or ch in "-_"):
            out.append(ch)
        elif ch.isspace() or ch in "./":
            out.append("-")
        else:
            base = unicodedata.normalize("NFKD", ch)[:1]
            if base.isascii() and base.isalnum():
                out.append(base)
    slug = re.sub(r"-{2,}", "-", "".join(out)).strip("-_")[:40]
    return slug or "id1"


Id = Annotated[
    str,
    BeforeValidator(_as_id),
    # A number is an id as written (``id: 2024``), as the loader keeps it: the pattern applies
    # to text only, ``minimum`` to numbers only (a minus sign is not in an id).
    WithJsonSchema(
        {
            "type": ["string", "integer"],
            "pattern": f"^{ID_PATTERN.pattern}$",
            "patternErrorMessage": "Et id er 1–40 tegn: a–z, æ, ø, å, 0–9, '-' og '_', og "
            "begynder med et bogstav eller et tal.",
            "minimum": 0,
        }
    ),
]


def _as_date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value
    if value is None:
        raise _no_value()
    if not isinstance(value, str) or not _DATE_PATTERN.fullmatch(value.strip()):
        raise PydanticCustomError(
            "bad_date", _("'{value}' is not a date"), {"value": _shown(value)}
        )
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise PydanticCustomError(
            "bad_calendar_date", _("{value} is not a day in the calendar"), {"value": value}
        ) from None


Date = Annotated[
    dt.date, BeforeValidator(_as_date), WithJsonSchema({"type": "string", "format": "date"})
]


def _as_number(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if value is None:
        raise _no_value()
    if isinstance(value, str) and "." in value and (readings := grouped_readings(value)):
        whole, decimal, written = readings  # 40.000 is 40000 to a Dane: a factor 1000 lost
        raise PydanticCustomError(
            "ambiguous_number",
            _("'{value}' is ambiguous: in Danish it means {whole}, as a number {decimal}"),
            {
                "value": value.strip(),
                "whole": whole,
                "decimal": decimal,
                "written": written,
                "quoted": isinstance(value, QuotedText),
            },
        )
    _not_quoted(value, _NUMBER_PATTERN, _("a number"))
    if isinstance(value, str) and _NUMBER_PATTERN.fullmatch(value.strip()):
        text = value.strip()
        # Compared as text first: int() refuses more than a few thousand digits with a
        # message about Python, and float() turns a long one into infinity.
        whole = text.lstrip("+-").split(".")[0].lstrip("0")
        if len(whole) <= len(str(MAX_AMOUNT)):
            number = float(text) if "." in text else int(text)
            if abs(number) <= MAX_AMOUNT:
                return number
        raise PydanticCustomError(
            "number_range",
            _("{value} is too large; numbers here are at most {limit}"),
            {"value": _shown(value), "limit": f"{MAX_AMOUNT:,}"},
        )
    raise PydanticCustomError(
        "bad_number", _("'{value}' is not a number"), {"value": _shown(value)}
    )


def _not_negative(value: float) -> float:
    if value < 0:
        raise PydanticCustomError(
            "negative", _("{value} is negative; use 0 or more"), {"value": value}
        )
    return value


Amount = Annotated[
    float,
    BeforeValidator(_as_number),
    AfterValidator(_not_negative),
    WithJsonSchema({"type": "number", "minimum": 0}),
]


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    if value is None:
        return _("an empty value")
    return short(str(value))  # a number of thousands of digits is not a message of thousands


def one_of(values: tuple[str, ...], what: str) -> Callable[[Any], Any]:
    """A before-validator that names the valid values of an enumeration."""

    def check(value: Any) -> Any:
        if isinstance(value, str) and value in values:
            return _plain(value)
        if value is None:
            raise _no_value()
        raise PydanticCustomError(
            "enum",
            _("'{value}' is not a valid {what}"),
            {"value": _shown(value), "what": _(what), "allowed": values},
        )

    return check


def Choice(values: tuple[str, ...], what: str) -> Any:  # noqa: N802 - reads as a type
    """``what``: what a value is, marked with N_ and translated when a message names it."""
    return Annotated[
        Literal[values],
        BeforeValidator(one_of(values, what)),  # type: ignore[valid-type]
        WithJsonSchema({"type": "string", "enum": list(values)}),
    ]


def _score_value(value: Any) -> Any:
    if value is None:
        return None
    number = value
    if isinstance(value, QuotedText) and value.strip() in _NULL_WORDS:
        raise PydanticCustomError(  # "use 1, 2, 3, 4 or null" would puzzle here
            "quoted_number",
            _("'{value}' is in quotes, so it is text; null (unknown) is written bare"),
            {"value": str(value), "bare": "null"},
        )
    if isinstance(value, str):
        _not_quoted(value, _INTEGER_PATTERN, _("a score"))
        text = value.strip()
        if not _INTEGER_PATTERN.fullmatch(text):
            raise PydanticCustomError(
                "bad_score", _("'{value}' is not a score; use 1, 2, 3, 4 or null"), {"value": value}
            )
        # A score has one digit; a long number is out of the scale without int() reading it
        # (which refuses thousands of digits with a message about Python).
        number = int(text) if len(text) <= 4 else 0
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= 4:
        raise PydanticCustomError(
            "score_range", _("{value} is outside the scale 1–4"), {"value": _shown(value)}
        )
    return number


ScoreNumber = Annotated[
    int | None,
    BeforeValidator(_score_value),
    # An enumeration rather than a range, so that editors offer the four values and null.
    WithJsonSchema({"enum": [1, 2, 3, 4, None]}),
]


class Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, hide_input_in_errors=True, str_strip_whitespace=False
    )

    @model_validator(mode="before")
    @classmethod
    def _empty_collections(cls, data: Any) -> Any:
        """A list or mapping key written without a value (``analyser:``, what is left after
        deleting the example items) is an empty list or mapping: "Lists may be empty". A
        list that needs items (``hvad``) then says so in its own words."""
        if not isinstance(data, dict):
            return data
        empties = collection_keys(cls)
        if not any(data.get(key, ...) is None for key in empties):
            return data
        return {
            key: empties[key]() if value is None and key in empties else value
            for key, value in data.items()
        }


@cache
def collection_keys(cls: type[BaseModel]) -> dict[str, Callable[[], list | dict]]:
    """The keys of ``cls`` that hold a list or a mapping, each with its empty value. Not a
    list whose default is None: there "not given" means something an empty list does not (a
    role's ``opgaver`` left out or without a value covers all the anchoring's tasks)."""
    out: dict[str, Callable[[], list | dict]] = {}
    for name, info in cls.model_fields.items():
        origin = typing.get_origin(bare_type(info.annotation))
        if origin in (list, dict) and not (info.default is None and not info.is_required()):
            out[info.alias or name] = origin
    return out


def bare_type(annotation: Any) -> Any:
    """``annotation`` without Annotated and without ``| None``: the model, list or dict inside."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation
