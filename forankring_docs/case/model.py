"""The case file, format 1, as pydantic models.

Danish keys are aliases; attribute names are English. Values arrive from the loader as text
(or None), exactly as written; the field types below decide what a text means where a
number, a date or an enumeration value is expected, and say so in plain words when it does
not fit. A number written in quotes (``score: '3'``, a :class:`QuotedText`) is text, and
not a number: case-format.md writes numbers bare. Dates may be quoted. Cross-references
between items are checked in ``references.py``.
"""

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
    Field,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from forankring_docs.case.loader import QuotedText, short
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
TAKE_ON = ("fuldt", "delvist")
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
    if isinstance(value, dict | list):
        raise PydanticCustomError(
            "text_type",
            "expected text, not {kind}",
            {"kind": "a mapping" if isinstance(value, dict) else "a list"},
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
            "'{value}' is in quotes, so it is text; {what} is written bare",
            {"value": str(value), "what": what, "bare": value.strip()},
        )


def _no_value() -> PydanticCustomError:
    """The error for a key written without a value (YAML null) where a value is needed;
    validation.py words it as "'key' has no value" with what to write."""
    return PydanticCustomError("no_value", "has no value")


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "must not be empty")
    return value


Text = Annotated[
    str, BeforeValidator(_as_text), WithJsonSchema({"type": ["string", "number", "boolean"]})
]
RequiredText = Annotated[
    str,
    BeforeValidator(_as_text),
    AfterValidator(_not_blank),
    WithJsonSchema({"type": ["string", "number", "boolean"]}),
]


def _as_id(value: Any) -> Any:
    value = _as_text(value)
    if isinstance(value, str) and not ID_PATTERN.fullmatch(value):
        raise PydanticCustomError(
            "bad_id",
            "'{value}' is not a valid id",
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
    WithJsonSchema({"type": "string", "pattern": "^[a-z0-9æøå][a-z0-9æøå_-]{0,39}$"}),
]


def _as_date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value
    if value is None:
        raise _no_value()
    if not isinstance(value, str) or not _DATE_PATTERN.fullmatch(value.strip()):
        raise PydanticCustomError("bad_date", "'{value}' is not a date", {"value": _shown(value)})
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise PydanticCustomError(
            "bad_calendar_date", "{value} is not a day in the calendar", {"value": value}
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
            "'{value}' is ambiguous: in Danish it means {whole}, as a number {decimal}",
            {
                "value": value.strip(),
                "whole": whole,
                "decimal": decimal,
                "written": written,
                "quoted": isinstance(value, QuotedText),
            },
        )
    _not_quoted(value, _NUMBER_PATTERN, "a number")
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
            "{value} is too large; numbers here are at most {limit}",
            {"value": _shown(value), "limit": f"{MAX_AMOUNT:,}"},
        )
    raise PydanticCustomError("bad_number", "'{value}' is not a number", {"value": _shown(value)})


def _not_negative(value: float) -> float:
    if value < 0:
        raise PydanticCustomError(
            "negative", "{value} is negative; use 0 or more", {"value": value}
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
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "an empty value"
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
            "'{value}' is not a valid {what}",
            {"value": _shown(value), "what": what, "allowed": values},
        )

    return check


def Choice(values: tuple[str, ...], what: str) -> Any:  # noqa: N802 - reads as a type
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
            "'{value}' is in quotes, so it is text; null (unknown) is written bare",
            {"value": str(value), "bare": "null"},
        )
    if isinstance(value, str):
        _not_quoted(value, _INTEGER_PATTERN, "a score")
        text = value.strip()
        if not _INTEGER_PATTERN.fullmatch(text):
            raise PydanticCustomError(
                "bad_score", "'{value}' is not a score; use 1, 2, 3, 4 or null", {"value": value}
            )
        # A score has one digit; a long number is out of the scale without int() reading it
        # (which refuses thousands of digits with a message about Python).
        number = int(text) if len(text) <= 4 else 0
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= 4:
        raise PydanticCustomError(
            "score_range", "{value} is outside the scale 1–4", {"value": _shown(value)}
        )
    return number


ScoreNumber = Annotated[
    int | None,
    BeforeValidator(_score_value),
    WithJsonSchema({"type": ["integer", "null"], "minimum": 1, "maximum": 4}),
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
    """The keys of ``cls`` that hold a list or a mapping, each with its empty value."""
    out: dict[str, Callable[[], list | dict]] = {}
    for name, info in cls.model_fields.items():
        origin = typing.get_origin(bare_type(info.annotation))
        if origin in (list, dict):
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


# ------------------------------------------------------------------ meta
class Period(Model):
    start: Date = Field(title="Start", description="Indsatsens startdato, fx 2023-04-01.")
    end: Date = Field(
        alias="slut", title="Slut", description="Hvornår finansieringen ophører, fx 2027-03-31."
    )


class ProjectLeader(Model):
    name: RequiredText = Field(
        alias="navn",
        title="Navn",
        description="Projektlederens navn; står som forfatter på rapporten.",
    )
    organisation: Text | None = Field(
        None, title="Organisation", description="Den organisation, projektlederen er ansat i."
    )
    email: Text | None = Field(
        None,
        title="E-mail",
        description="Projektlederens e-mailadresse; bliver et link i rapporten.",
    )
    phone: Text | None = Field(
        None,
        alias="telefon",
        title="Telefon",
        description="Projektlederens telefonnummer, fx '+45 20 30 40 50'.",
    )


class BoardMember(Model):
    name: RequiredText = Field(
        alias="navn", title="Navn", description="Styregruppemedlemmets navn."
    )
    organisation: Text | None = Field(
        None, title="Organisation", description="Den organisation, medlemmet repræsenterer."
    )
    role: Choice(BOARD_ROLES, "steering group role") | None = Field(  # type: ignore[valid-type]
        None, alias="rolle", title="Rolle", description="formand, medlem eller sekretær."
    )


class Meta(Model):
    title: Text | None = Field(
        None,
        alias="titel",
        title="Titel",
        description="Rapportens titel. Standard: 'Forankringsstrategi for {indsats}'.",
    )
    initiative: RequiredText = Field(
        alias="indsats",
        title="Indsats",
        description="Indsatsen eller helhedsplanen, fx 'Helhedsplan Solhøj 2023–2026'.",
    )
    area: RequiredText = Field(
        alias="boligområde",
        title="Boligområde",
        description="Boligområdet, som indsatsen dækker, fx 'Solhøj'.",
    )
    departments: list[Text] = Field(
        default_factory=list,
        alias="afdelinger",
        title="Afdelinger",
        description="Boligafdelingerne i området.",
    )
    municipality: Text | None = Field(
        None, alias="kommune", title="Kommune", description="Kommunen, som boligområdet ligger i."
    )
    housing_organisations: list[Text] = Field(
        default_factory=list,
        alias="boligorganisationer",
        title="Boligorganisationer",
        description="Boligorganisationerne bag indsatsen.",
    )
    period: Period = Field(
        alias="periode",
        title="Periode",
        description="Indsatsens periode; 'slut' er når finansieringen ophører.",
    )
    project_leader: ProjectLeader | None = Field(
        None,
        alias="projektleder",
        title="Projektleder",
        description="Projektlederen, der har skrevet strategien.",
    )
    steering_group: list[BoardMember] = Field(
        default_factory=list,
        alias="styregruppe",
        title="Styregruppe",
        description="Styregruppens medlemmer med organisation og rolle.",
    )
    version: Text | None = Field(None, title="Version", description="Dokumentversion, fx '1.2'.")
    date: Date | None = Field(
        None,
        alias="dato",
        title="Dato",
        description="Dokumentets dato; bruges som 'i dag' i "
        "statusreglerne. Standard: datoen for dannelsen.",
    )
    status: Choice(STATUSES, "status") = Field(  # type: ignore[valid-type]
        "udkast", title="Status", description="udkast, til_godkendelse eller godkendt."
    )
    recommendation: Text | None = Field(
        None,
        alias="indstilling",
        title="Indstilling",
        description="Hvad styregruppen bedes beslutte.",
    )
    next_steps: Text | None = Field(
        None,
        alias="næste_skridt",
        title="Næste skridt",
        description="For en strategi under udarbejdelse: hvad der sker nu (workshops, åbne "
        "spørgsmål).",
    )
    language: Choice(LANGUAGES, "report language") = Field(  # type: ignore[valid-type]
        "da", alias="sprog", title="Sprog", description="Rapportens sprog: da eller en."
    )


# ------------------------------------------------------------------ fase 1
class Element(Model):
    id: Id = Field(
        title="Id",
        description="Kort id til henvisninger: små bogstaver, tal, '-' og '_', fx 'lektiecafe'.",
    )
    name: RequiredText = Field(
        alias="navn", title="Navn", description="Elementets navn, som det står i rapporten."
    )
    type: Choice(ELEMENT_TYPES, "element type") = Field(  # type: ignore[valid-type]
        "aktivitet", title="Type", description="aktivitet, metode, funktion, netværk eller andet."
    )
    description: Text | None = Field(
        None,
        alias="beskrivelse",
        title="Beskrivelse",
        description="Kort beskrivelse af elementet: hvad, for hvem og hvor ofte.",
    )
    results: list[Text] = Field(
        default_factory=list,
        alias="resultater",
        title="Resultater",
        description="Dokumenterede resultater, der begrunder at elementet videreføres.",
    )
    anchored: Choice(ANCHOR_CHOICES, "choice for forankres") = Field(  # type: ignore[valid-type]
        "ja",
        alias="forankres",
        title="Forankres",
        description="ja, delvist eller nej (nej = udfases).",
    )
    reason: Text | None = Field(
        None,
        alias="begrundelse",
        title="Begrundelse",
        description="Hvorfor elementet forankres, kun delvist forankres eller udfases.",
    )


class TaskResources(Model):
    hours_per_week: Amount | None = Field(
        None,
        alias="timer_pr_uge",
        title="Timer pr. uge",
        description="Timer om ugen, som opgaven kræver i dag.",
    )
    kroner_per_year: Amount | None = Field(
        None,
        alias="kr_pr_år",
        title="Kr. pr. år",
        description="Udgifter i kroner om året ud over timerne.",
    )
    premises: Text | None = Field(
        None,
        alias="lokaler",
        title="Lokaler",
        description="Lokaler, som opgaven bruger, fx 'Beboerhuset'.",
    )


class Task(Model):
    id: Id = Field(title="Id", description="Kort id til henvisninger fra fase 2–4, fx 'lc-drift'.")
    name: RequiredText = Field(
        alias="navn", title="Navn", description="Opgavens navn, som det står i rapporten."
    )
    element: Id = Field(title="Element", description="Id på det element, opgaven hører til.")
    task_type: Id = Field(
        alias="opgavetype",
        title="Opgavetype",
        description="En indbygget opgavetype eller en fra 'opgavetyper'.",
    )
    description: Text | None = Field(
        None, alias="beskrivelse", title="Beskrivelse", description="Hvad opgaven består i."
    )
    target_group: Text | None = Field(
        None, alias="målgruppe", title="Målgruppe", description="Hvem opgaven er rettet mod."
    )
    current_performer: Text | None = Field(
        None,
        alias="nuværende_udfører",
        title="Nuværende udfører",
        description="Hvem der løser opgaven i dag, fx 'Projektmedarbejder'.",
    )
    resources: TaskResources | None = Field(
        None,
        alias="ressourcer",
        title="Ressourcer",
        description="Hvad opgaven kræver: timer pr. uge, kr. pr. år og lokaler.",
    )
    priority: Choice(PRIORITIES, "priority") = Field(  # type: ignore[valid-type]
        "skal",
        alias="prioritet",
        title="Prioritet",
        description="skal, bør eller kan: hvor vigtigt det er, at opgaven forankres.",
    )


class Phase1(Model):
    why: RequiredText = Field(
        alias="hvorfor", title="Hvorfor", description="Hvorfor skal indsatsen forankres?"
    )
    what: Annotated[list[Element], Field(min_length=1)] = Field(
        alias="hvad", title="Hvad", description="Hvad skal forankres (eller udfases)?"
    )
    tasks: list[Task] = Field(
        default_factory=list,
        alias="opgaver",
        title="Opgaver",
        description="De konkrete opgaver i de elementer, der forankres.",
    )
    task_types: dict[Id, RequiredText] = Field(
        default_factory=dict,
        alias="opgavetyper",
        title="Opgavetyper",
        description="Egne opgavetyper: id → betegnelse.",
    )


# ------------------------------------------------------------------ fase 2
class Actor(Model):
    id: Id = Field(title="Id", description="Kort id til henvisninger, fx 'klubben'.")
    name: RequiredText = Field(
        alias="navn", title="Navn", description="Aktørens navn, som det står i rapporten."
    )
    type: Choice(ACTOR_TYPES, "actor type") = Field(
        title="Type",  # type: ignore[valid-type]
        description="kommune, boligorganisation, "
        "beboerdemokrati, forening, frivillige, "
        "politi, uddannelsesinstitution, region, "
        "virksomhed, fond eller andet.",
    )
    department: Text | None = Field(
        None,
        alias="forvaltning",
        title="Forvaltning",
        description="Forvaltning eller afdeling, fx 'Børn og Unge'.",
    )
    sector: Choice(SECTORS, "sector") | None = Field(  # type: ignore[valid-type]
        None, alias="sektor", title="Sektor", description="Standard afledes af typen."
    )
    placement: Choice(PLACEMENTS, "placement") = Field(  # type: ignore[valid-type]
        "ekstern",
        alias="placering",
        title="Placering",
        description="lokal (i området) eller ekstern.",
    )
    contact: Text | None = Field(
        None, alias="kontaktperson", title="Kontaktperson", description="Kontaktperson hos aktøren."
    )
    resources: list[Text] = Field(
        default_factory=list,
        alias="ressourcer",
        title="Ressourcer",
        description="Ressourcer, aktøren råder over, fx lokaler eller personale.",
    )
    can_contribute: Text | None = Field(
        None,
        alias="kan_bidrage_med",
        title="Kan bidrage med",
        description="Hvad aktøren kan bidrage med til forankringen.",
    )
    tasks: dict[Id, Choice(TAKE_ON, "extent")] = Field(  # type: ignore[valid-type]
        default_factory=dict,
        alias="opgaver",
        title="Opgaver",
        description="Opgaver aktøren kan løfte: opgave-id → fuldt eller delvist.",
    )

    @model_validator(mode="after")
    def _default_sector(self) -> Actor:
        if self.sector is None:
            object.__setattr__(self, "sector", SECTOR_BY_ACTOR_TYPE[self.type])
        return self


class Phase2(Model):
    actors: list[Actor] = Field(
        alias="aktører",
        title="Aktører",
        description="De mulige forankringsaktører og de opgaver, de kan løfte.",
    )


# ------------------------------------------------------------------ fase 3
class Score(Model):
    score: ScoreNumber = Field(title="Score", description="1–4 eller null (ukendt).")
    reason: Text | None = Field(
        None,
        alias="begrundelse",
        title="Begrundelse",
        description="Hvorfor scoren er sat, som den er.",
    )
    development_need: Text | None = Field(
        None,
        alias="udviklingsbehov",
        title="Udviklingsbehov",
        description="Hvad der skal til for at styrke aktøren på dette punkt.",
    )


def _score_shorthand(value: Any) -> Any:
    """A bare number (or null) is short for ``{score: n}``."""
    if value is None or isinstance(value, str | int):
        return {"score": value}
    return value


_SCORE_SCHEMA = {
    "anyOf": [
        {"type": ["integer", "null"], "minimum": 1, "maximum": 4},
        {
            "type": "object",
            "properties": {
                "score": {"type": ["integer", "null"], "minimum": 1, "maximum": 4},
                "begrundelse": {"type": "string"},
                "udviklingsbehov": {"type": "string"},
            },
            "required": ["score"],
            "additionalProperties": False,
        },
    ],
    "description": "1 = ikke til stede, 2 = svag, 3 = delvis, 4 = stærk, null = ukendt.",
}
ScoreField = Annotated[Score, BeforeValidator(_score_shorthand), WithJsonSchema(_SCORE_SCHEMA)]


class Analysis(Model):
    actor: Id = Field(
        alias="aktør",
        title="Aktør",
        description="Id på den aktør, der analyseres (højst én analyse pr. aktør).",
    )
    understanding: ScoreField = Field(
        alias="forståelse",
        title="Forståelse",
        description="Kender og forstår aktøren opgaven, målgruppen og formålet?",
    )
    meaning: ScoreField = Field(
        alias="mening",
        title="Mening",
        description="Giver opgaven mening for aktøren set fra dens egne mål og kerneopgave?",
    )
    ability: ScoreField = Field(
        alias="evne",
        title="Evne",
        description="Har aktøren kompetencer, tid, økonomi og organisering til at løfte opgaven?",
    )
    willingness: ScoreField = Field(
        alias="vilje",
        title="Vilje",
        description="Vil aktøren og dens ledelse påtage sig opgaven og prioritere den?",
    )
    overall: Text | None = Field(
        None,
        alias="samlet_vurdering",
        title="Samlet vurdering",
        description="Samlet vurdering af aktøren som forankringsaktør.",
    )
    conclusion: Choice(CONCLUSIONS, "conclusion") = Field(  # type: ignore[valid-type]
        alias="konklusion",
        title="Konklusion",
        description="egnet, egnet_med_kapacitetsopbygning eller ikke_egnet.",
    )

    def score(self, concept: str) -> Score:
        return {
            "forståelse": self.understanding,
            "mening": self.meaning,
            "evne": self.ability,
            "vilje": self.willingness,
        }[concept]


class AnchorActor(Model):
    actor: Id = Field(alias="aktør", title="Aktør", description="Id på en aktør fra fase 2.")
    role: Choice(ROLES, "role") = Field(
        alias="rolle",
        title="Rolle",  # type: ignore[valid-type]
        description="hovedansvarlig (præcis én pr. forankring), medansvarlig eller bidragyder.",
    )
    responsibility: Text | None = Field(
        None,
        alias="ansvar",
        title="Ansvar",
        description="Hvad aktøren konkret har ansvar for; beskriver snitfladerne.",
    )


class Anchoring(Model):
    tasks: Annotated[list[Id], Field(min_length=1)] = Field(
        alias="opgaver",
        title="Opgaver",
        description="Id'er på de opgaver, "
        "der forankres sammen; en opgave "
        "indgår i højst én forankring.",
    )
    model: Choice(MODELS, "anchoring model") = Field(
        title="Model",  # type: ignore[valid-type]
        description="enkeltaktør (én aktør) eller netværk (mindst to aktører).",
    )
    actors: list[AnchorActor] = Field(
        alias="aktører",
        title="Aktører",
        description="Aktørerne i forankringen med rolle og ansvar.",
    )
    organisation_form: Choice(ORGANISATION_FORMS, "organisation form") | None = Field(  # type: ignore[valid-type]
        None,
        alias="organiseringsform",
        title="Organiseringsform",
        description="samarbejdsaftale, partnerskab, forening, driftsaftale eller ingen.",
    )
    handover: Date | None = Field(
        None,
        alias="overdragelse",
        title="Overdragelse",
        description="Datoen, hvor opgaverne overdrages til aktørerne.",
    )

    @property
    def lead(self) -> AnchorActor | None:
        return next((a for a in self.actors if a.role == "hovedansvarlig"), None)


class Phase3(Model):
    analyses: list[Analysis] = Field(
        default_factory=list,
        alias="analyser",
        title="Analyser",
        description="Én analyse pr. aktør af forståelse, mening, evne og vilje.",
    )
    anchorings: list[Anchoring] = Field(
        default_factory=list,
        alias="forankring",
        title="Forankring",
        description="Den valgte forankring, opgave for opgave.",
    )


# ------------------------------------------------------------------ fase 4
class Activity(Model):
    id: Id | None = Field(
        None, title="Id", description="Valgfrit kort id til henvisninger, fx 'p1'."
    )
    name: RequiredText = Field(
        alias="navn", title="Navn", description="Aktivitetens navn, som det står i planen."
    )
    type: Choice(ACTIVITY_TYPES, "activity type") = Field(  # type: ignore[valid-type]
        "andet",
        title="Type",
        description="oplæring, sidemandsoplæring, overdragelse, aftale, foreningsdannelse, "
        "fundraising, ledelsesforankring, kommunikation eller andet.",
    )
    actors: list[Id] = Field(
        default_factory=list,
        alias="aktører",
        title="Aktører",
        description="Id'er på de aktører, aktiviteten er rettet mod.",
    )
    tasks: list[Id] = Field(
        default_factory=list,
        alias="opgaver",
        title="Opgaver",
        description="Id'er på de opgaver, hvis overdragelse aktiviteten forbereder.",
    )
    builds: list[Choice(CONCEPTS, "concept")] = Field(  # type: ignore[valid-type]
        default_factory=list,
        alias="styrker",
        title="Styrker",
        description="Hvad aktiviteten styrker hos aktørerne: forståelse, mening, evne og/eller "
        "vilje.",
    )
    responsible: Text | None = Field(
        None,
        alias="ansvarlig",
        title="Ansvarlig",
        description="Hvem der har ansvaret for aktiviteten.",
    )
    start: Date | None = Field(None, title="Start", description="Hvornår aktiviteten begynder.")
    deadline: Date | None = Field(
        None,
        title="Deadline",
        description="Hvornår aktiviteten skal være gennemført; ikke før start.",
    )
    success_criterion: Text | None = Field(
        None,
        alias="succeskriterium",
        title="Succeskriterium",
        description="Hvornår aktiviteten er lykkedes, så det kan måles.",
    )
    resources: Text | None = Field(
        None,
        alias="ressourcer",
        title="Ressourcer",
        description="Hvad aktiviteten kræver af tid, penge eller lokaler.",
    )
    status: Choice(ACTIVITY_STATUSES, "activity status") = Field(  # type: ignore[valid-type]
        "ikke_startet", title="Status", description="ikke_startet, i_gang eller afsluttet."
    )


class FollowUp(Model):
    forum: Choice(FORUMS, "forum") = Field(
        title="Forum",  # type: ignore[valid-type]
        description="Hvor fremdriften følges: styregruppe, bestyrelse eller følgegruppe.",
    )
    frequency: RequiredText = Field(
        alias="frekvens",
        title="Frekvens",
        description="Hvor ofte fremdriften følges op, fx 'Hvert kvartal'.",
    )
    next_meeting: Date | None = Field(
        None,
        alias="næste_møde",
        title="Næste møde",
        description="Datoen for næste opfølgningsmøde.",
    )


class Risk(Model):
    risk: RequiredText = Field(
        alias="risiko", title="Risiko", description="Hvad der kan true forankringen."
    )
    response: RequiredText = Field(
        alias="håndtering",
        title="Håndtering",
        description="Hvordan risikoen forebygges eller håndteres.",
    )


class Phase4(Model):
    activities: list[Activity] = Field(
        default_factory=list,
        alias="aktiviteter",
        title="Aktiviteter",
        description="Aktiviteterne, der sikrer forankringen, oftest kapacitetsopbygning.",
    )
    follow_up: FollowUp | None = Field(
        None,
        alias="opfølgning",
        title="Opfølgning",
        description="Hvordan og hvor ofte fremdriften følges op.",
    )
    risks: list[Risk] = Field(
        default_factory=list,
        alias="risici",
        title="Risici",
        description="Risici for forankringen, og hvordan de håndteres.",
    )


# ------------------------------------------------------------------ the case
def _format_version(value: Any) -> Any:
    if value is None:
        raise _no_value()
    _not_quoted(value, _INTEGER_PATTERN, "the format version")
    if value in (1, "1"):
        return 1
    raise PydanticCustomError(
        "format_version", "'{value}' is not a supported format version", {"value": _shown(value)}
    )


def _phase(value: Any) -> Any:
    """A phase left empty (``fase3:``) or ``{}`` is not worked out yet."""
    return None if value == {} else value


def _maybe_phase(model: type) -> Any:
    return Annotated[model | None, BeforeValidator(_phase)]


class Case(Model):
    format: Annotated[
        Literal[1], BeforeValidator(_format_version), WithJsonSchema({"const": 1})
    ] = Field(title="Format", description="Formatversion; skal være 1.")
    meta: Meta = Field(title="Meta", description="Hvem, hvor og hvornår.")
    phase1: Phase1 = Field(
        alias="fase1",
        title="Fase 1: Hvorfor, hvad og hvilke opgaver",
        description="Hvorfor skal indsatsen forankres, hvad skal forankres, "
        "og hvilke opgaver indebærer det?",
    )
    phase2: _maybe_phase(Phase2) = Field(  # type: ignore[valid-type]
        None,
        alias="fase2",
        title="Fase 2: Kortlæg mulige forankringsaktører",
        description="Aktører, der kan overtage opgaverne helt eller delvist. Tom: ikke "
        "udarbejdet endnu.",
    )
    phase3: _maybe_phase(Phase3) = Field(  # type: ignore[valid-type]
        None,
        alias="fase3",
        title="Fase 3: Analyse af de potentielle forankringsaktører",
        description="Analyse af aktørerne og den valgte forankring pr. opgave. Tom: ikke "
        "udarbejdet endnu.",
    )
    phase4: _maybe_phase(Phase4) = Field(  # type: ignore[valid-type]
        None,
        alias="fase4",
        title="Fase 4: Forankringsplanen",
        description="Aktiviteter, opfølgning og risici. Tom: ikke udarbejdet endnu.",
    )

    # -------------------------------------------------------------- look-ups
    @property
    def elements(self) -> list[Element]:
        return self.phase1.what

    @property
    def tasks(self) -> list[Task]:
        return self.phase1.tasks

    @property
    def actors(self) -> list[Actor]:
        return self.phase2.actors if self.phase2 else []

    @property
    def analyses(self) -> list[Analysis]:
        return self.phase3.analyses if self.phase3 else []

    @property
    def anchorings(self) -> list[Anchoring]:
        return self.phase3.anchorings if self.phase3 else []

    @property
    def activities(self) -> list[Activity]:
        return self.phase4.activities if self.phase4 else []

    @property
    def task_types(self) -> dict[str, str]:
        """Built-in task types first, then the case's own, in their order."""
        return {**BUILTIN_TASK_TYPES, **self.phase1.task_types}
