"""The case file, format 1, as pydantic models.

Danish keys are aliases; attribute names are English. Values arrive from the loader as text
(or None), exactly as written; the field types below decide what a text means where a
number, a date or an enumeration value is expected, and say so in plain words when it does
not fit. Cross-references between items are checked in ``references.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
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

# ------------------------------------------------------------------ enumerations
ELEMENT_TYPES = ("aktivitet", "metode", "funktion", "netværk", "andet")
ANCHOR_CHOICES = ("ja", "delvist", "nej")
PRIORITIES = ("skal", "bør", "kan")
ACTOR_TYPES = ("kommune", "boligorganisation", "beboerdemokrati", "forening", "frivillige",
               "politi", "uddannelsesinstitution", "region", "virksomhed", "fond", "andet")
SECTORS = ("professionel", "civilsamfund", "beboere", "privat")
PLACEMENTS = ("lokal", "ekstern")
TAKE_ON = ("fuldt", "delvist")
CONCLUSIONS = ("egnet", "egnet_med_kapacitetsopbygning", "ikke_egnet")
MODELS = ("enkeltaktør", "netværk")
ROLES = ("hovedansvarlig", "medansvarlig", "bidragyder")
ORGANISATION_FORMS = ("samarbejdsaftale", "partnerskab", "forening", "driftsaftale", "ingen")
ACTIVITY_TYPES = ("oplæring", "sidemandsoplæring", "overdragelse", "aftale", "foreningsdannelse",
                  "fundraising", "ledelsesforankring", "kommunikation", "andet")
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
    "kommune": "professionel", "boligorganisation": "professionel", "politi": "professionel",
    "uddannelsesinstitution": "professionel", "region": "professionel",
    "forening": "civilsamfund", "fond": "civilsamfund", "andet": "civilsamfund",
    "beboerdemokrati": "beboere", "frivillige": "beboere",
    "virksomhed": "privat",
}

ID_PATTERN = re.compile(r"[a-z0-9æøå][a-z0-9æøå_-]{0,39}")
_DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMBER_PATTERN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


# ------------------------------------------------------------------ field types
def _as_text(value: Any) -> Any:
    """Text is text as written; a mapping or list where text is expected is an error."""
    if isinstance(value, dict | list):
        raise PydanticCustomError(
            "text_type", "expected text, not {kind}",
            {"kind": "a mapping" if isinstance(value, dict) else "a list"})
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "must not be empty")
    return value


Text = Annotated[str, BeforeValidator(_as_text),
                 WithJsonSchema({"type": ["string", "number", "boolean"]})]
RequiredText = Annotated[str, BeforeValidator(_as_text), AfterValidator(_not_blank),
                         WithJsonSchema({"type": ["string", "number", "boolean"]})]


def _as_id(value: Any) -> Any:
    value = _as_text(value)
    if isinstance(value, str) and not ID_PATTERN.fullmatch(value):
        raise PydanticCustomError(
            "bad_id", "'{value}' is not a valid id", {"value": value, "suggestion": suggest_id(value)})
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


Id = Annotated[str, BeforeValidator(_as_id),
               WithJsonSchema({"type": "string", "pattern": "^[a-z0-9æøå][a-z0-9æøå_-]{0,39}$"})]


def _as_date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _DATE_PATTERN.fullmatch(value.strip()):
        raise PydanticCustomError("bad_date", "'{value}' is not a date", {"value": _shown(value)})
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise PydanticCustomError(
            "bad_calendar_date", "{value} is not a day in the calendar", {"value": value}
        ) from None


Date = Annotated[dt.date, BeforeValidator(_as_date),
                 WithJsonSchema({"type": "string", "format": "date"})]


def _as_number(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _NUMBER_PATTERN.fullmatch(value.strip()):
        text = value.strip()
        return float(text) if "." in text else int(text)
    raise PydanticCustomError("bad_number", "'{value}' is not a number", {"value": _shown(value)})


def _not_negative(value: float) -> float:
    if value < 0:
        raise PydanticCustomError("negative", "{value} is negative; use 0 or more",
                                  {"value": value})
    return value


Amount = Annotated[float, BeforeValidator(_as_number), AfterValidator(_not_negative),
                   WithJsonSchema({"type": "number", "minimum": 0})]


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def one_of(values: tuple[str, ...], what: str) -> Callable[[Any], Any]:
    """A before-validator that names the valid values of an enumeration."""

    def check(value: Any) -> Any:
        if isinstance(value, str) and value in values:
            return value
        raise PydanticCustomError(
            "enum", "'{value}' is not a valid {what}",
            {"value": _shown(value), "what": what, "allowed": values})

    return check


def Choice(values: tuple[str, ...], what: str) -> Any:  # noqa: N802 - reads as a type
    return Annotated[Literal[values], BeforeValidator(one_of(values, what)),  # type: ignore[valid-type]
                     WithJsonSchema({"type": "string", "enum": list(values)})]


def _score_value(value: Any) -> Any:
    if value is None:
        return None
    number = value
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"[+-]?\d+", text):
            raise PydanticCustomError(
                "bad_score", "'{value}' is not a score; use 1, 2, 3, 4 or null", {"value": value})
        number = int(text)
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= 4:
        raise PydanticCustomError(
            "score_range", "{value} is outside the scale 1–4", {"value": _shown(value)})
    return number


ScoreNumber = Annotated[int | None, BeforeValidator(_score_value),
                        WithJsonSchema({"type": ["integer", "null"], "minimum": 1, "maximum": 4})]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True,
                              hide_input_in_errors=True, str_strip_whitespace=False)


# ------------------------------------------------------------------ meta
class Period(Model):
    start: Date = Field(title="Start", description="Indsatsens startdato, fx 2023-04-01.")
    end: Date = Field(alias="slut", title="Slut",
                      description="Hvornår finansieringen ophører, fx 2027-03-31.")


class ProjectLeader(Model):
    name: RequiredText = Field(alias="navn", title="Navn")
    organisation: Text | None = Field(None, title="Organisation")
    email: Text | None = Field(None, title="E-mail")
    phone: Text | None = Field(None, alias="telefon", title="Telefon")


class BoardMember(Model):
    name: RequiredText = Field(alias="navn", title="Navn")
    organisation: Text | None = Field(None, title="Organisation")
    role: Choice(BOARD_ROLES, "steering group role") | None = Field(  # type: ignore[valid-type]
        None, alias="rolle", title="Rolle", description="formand, medlem eller sekretær.")


class Meta(Model):
    title: Text | None = Field(None, alias="titel", title="Titel",
                               description="Rapportens titel. Standard: 'Forankringsstrategi "
                                           "for {indsats}'.")
    initiative: RequiredText = Field(alias="indsats", title="Indsats",
                                     description="Indsatsen eller helhedsplanen, fx "
                                                 "'Helhedsplan Solhøj 2023–2026'.")
    area: RequiredText = Field(alias="boligområde", title="Boligområde")
    departments: list[Text] = Field(default_factory=list, alias="afdelinger",
                                    title="Afdelinger")
    municipality: Text | None = Field(None, alias="kommune", title="Kommune")
    housing_organisations: list[Text] = Field(default_factory=list, alias="boligorganisationer",
                                              title="Boligorganisationer")
    period: Period = Field(alias="periode", title="Periode",
                           description="Indsatsens periode; 'slut' er når finansieringen ophører.")
    project_leader: ProjectLeader | None = Field(None, alias="projektleder", title="Projektleder")
    steering_group: list[BoardMember] = Field(default_factory=list, alias="styregruppe",
                                              title="Styregruppe")
    version: Text | None = Field(None, title="Version", description="Dokumentversion, fx '1.2'.")
    date: Date | None = Field(None, alias="dato", title="Dato",
                              description="Dokumentets dato; bruges som 'i dag' i "
                                          "statusreglerne. Standard: datoen for dannelsen.")
    status: Choice(STATUSES, "status") = Field(  # type: ignore[valid-type]
        "udkast", title="Status", description="udkast, til_godkendelse eller godkendt.")
    recommendation: Text | None = Field(None, alias="indstilling", title="Indstilling",
                                        description="Hvad styregruppen bedes beslutte.")
    language: Choice(LANGUAGES, "report language") = Field(  # type: ignore[valid-type]
        "da", alias="sprog", title="Sprog", description="Rapportens sprog: da eller en.")

    @property
    def display_title(self) -> str | None:
        return self.title


# ------------------------------------------------------------------ fase 1
class Element(Model):
    id: Id = Field(title="Id")
    name: RequiredText = Field(alias="navn", title="Navn")
    type: Choice(ELEMENT_TYPES, "element type") = Field(  # type: ignore[valid-type]
        "aktivitet", title="Type")
    description: Text | None = Field(None, alias="beskrivelse", title="Beskrivelse")
    results: list[Text] = Field(default_factory=list, alias="resultater", title="Resultater",
                                description="Dokumenterede resultater, der begrunder at "
                                            "elementet videreføres.")
    anchored: Choice(ANCHOR_CHOICES, "choice for forankres") = Field(  # type: ignore[valid-type]
        "ja", alias="forankres", title="Forankres",
        description="ja, delvist eller nej (nej = udfases).")
    reason: Text | None = Field(None, alias="begrundelse", title="Begrundelse")


class TaskResources(Model):
    hours_per_week: Amount | None = Field(None, alias="timer_pr_uge", title="Timer pr. uge")
    kroner_per_year: Amount | None = Field(None, alias="kr_pr_år", title="Kr. pr. år")
    premises: Text | None = Field(None, alias="lokaler", title="Lokaler")


class Task(Model):
    id: Id = Field(title="Id")
    name: RequiredText = Field(alias="navn", title="Navn")
    element: Id = Field(title="Element", description="Id på det element, opgaven hører til.")
    task_type: Id = Field(alias="opgavetype", title="Opgavetype",
                          description="En indbygget opgavetype eller en fra 'opgavetyper'.")
    description: Text | None = Field(None, alias="beskrivelse", title="Beskrivelse")
    target_group: Text | None = Field(None, alias="målgruppe", title="Målgruppe")
    current_performer: Text | None = Field(None, alias="nuværende_udfører",
                                           title="Nuværende udfører")
    resources: TaskResources | None = Field(None, alias="ressourcer", title="Ressourcer")
    priority: Choice(PRIORITIES, "priority") = Field(  # type: ignore[valid-type]
        "skal", alias="prioritet", title="Prioritet")


class Phase1(Model):
    why: RequiredText = Field(alias="hvorfor", title="Hvorfor",
                              description="Hvorfor skal indsatsen forankres?")
    what: Annotated[list[Element], Field(min_length=1)] = Field(
        alias="hvad", title="Hvad", description="Hvad skal forankres (eller udfases)?")
    tasks: list[Task] = Field(default_factory=list, alias="opgaver", title="Opgaver")
    task_types: dict[Id, RequiredText] = Field(default_factory=dict, alias="opgavetyper",
                                               title="Opgavetyper",
                                               description="Egne opgavetyper: id → betegnelse.")


# ------------------------------------------------------------------ fase 2
class Actor(Model):
    id: Id = Field(title="Id")
    name: RequiredText = Field(alias="navn", title="Navn")
    type: Choice(ACTOR_TYPES, "actor type") = Field(title="Type")  # type: ignore[valid-type]
    department: Text | None = Field(None, alias="forvaltning", title="Forvaltning")
    sector: Choice(SECTORS, "sector") | None = Field(  # type: ignore[valid-type]
        None, alias="sektor", title="Sektor", description="Standard afledes af typen.")
    placement: Choice(PLACEMENTS, "placement") = Field(  # type: ignore[valid-type]
        "ekstern", alias="placering", title="Placering",
        description="lokal (i området) eller ekstern.")
    contact: Text | None = Field(None, alias="kontaktperson", title="Kontaktperson")
    resources: list[Text] = Field(default_factory=list, alias="ressourcer", title="Ressourcer")
    can_contribute: Text | None = Field(None, alias="kan_bidrage_med", title="Kan bidrage med")
    tasks: dict[Id, Choice(TAKE_ON, "extent")] = Field(  # type: ignore[valid-type]
        default_factory=dict, alias="opgaver", title="Opgaver",
        description="Opgaver aktøren kan løfte: opgave-id → fuldt eller delvist.")

    @model_validator(mode="after")
    def _default_sector(self) -> Actor:
        if self.sector is None:
            object.__setattr__(self, "sector", SECTOR_BY_ACTOR_TYPE[self.type])
        return self


class Phase2(Model):
    actors: list[Actor] = Field(alias="aktører", title="Aktører")


# ------------------------------------------------------------------ fase 3
class Score(Model):
    score: ScoreNumber = Field(title="Score", description="1–4 eller null (ukendt).")
    reason: Text | None = Field(None, alias="begrundelse", title="Begrundelse")
    development_need: Text | None = Field(None, alias="udviklingsbehov", title="Udviklingsbehov")


def _score_shorthand(value: Any) -> Any:
    """A bare number (or null) is short for ``{score: n}``."""
    if value is None or isinstance(value, str | int):
        return {"score": value}
    return value


_SCORE_SCHEMA = {
    "anyOf": [
        {"type": ["integer", "null"], "minimum": 1, "maximum": 4},
        {"type": "object", "properties": {
            "score": {"type": ["integer", "null"], "minimum": 1, "maximum": 4},
            "begrundelse": {"type": "string"}, "udviklingsbehov": {"type": "string"}},
         "required": ["score"], "additionalProperties": False},
    ],
    "description": "1 = ikke til stede, 2 = svag, 3 = delvis, 4 = stærk, null = ukendt.",
}
ScoreField = Annotated[Score, BeforeValidator(_score_shorthand), WithJsonSchema(_SCORE_SCHEMA)]


class Analysis(Model):
    actor: Id = Field(alias="aktør", title="Aktør")
    understanding: ScoreField = Field(alias="forståelse", title="Forståelse")
    meaning: ScoreField = Field(alias="mening", title="Mening")
    ability: ScoreField = Field(alias="evne", title="Evne")
    willingness: ScoreField = Field(alias="vilje", title="Vilje")
    overall: Text | None = Field(None, alias="samlet_vurdering", title="Samlet vurdering")
    conclusion: Choice(CONCLUSIONS, "conclusion") = Field(  # type: ignore[valid-type]
        alias="konklusion", title="Konklusion")

    def score(self, concept: str) -> Score:
        return {"forståelse": self.understanding, "mening": self.meaning,
                "evne": self.ability, "vilje": self.willingness}[concept]


class AnchorActor(Model):
    actor: Id = Field(alias="aktør", title="Aktør")
    role: Choice(ROLES, "role") = Field(alias="rolle", title="Rolle")  # type: ignore[valid-type]
    responsibility: Text | None = Field(None, alias="ansvar", title="Ansvar")


class Anchoring(Model):
    tasks: Annotated[list[Id], Field(min_length=1)] = Field(alias="opgaver", title="Opgaver")
    model: Choice(MODELS, "anchoring model") = Field(title="Model")  # type: ignore[valid-type]
    actors: list[AnchorActor] = Field(alias="aktører", title="Aktører")
    organisation_form: Choice(ORGANISATION_FORMS, "organisation form") | None = Field(  # type: ignore[valid-type]
        None, alias="organiseringsform", title="Organiseringsform")
    handover: Date | None = Field(None, alias="overdragelse", title="Overdragelse")

    @property
    def lead(self) -> AnchorActor | None:
        return next((a for a in self.actors if a.role == "hovedansvarlig"), None)


class Phase3(Model):
    analyses: list[Analysis] = Field(default_factory=list, alias="analyser", title="Analyser")
    anchorings: list[Anchoring] = Field(default_factory=list, alias="forankring",
                                        title="Forankring")


# ------------------------------------------------------------------ fase 4
class Activity(Model):
    id: Id | None = Field(None, title="Id")
    name: RequiredText = Field(alias="navn", title="Navn")
    type: Choice(ACTIVITY_TYPES, "activity type") = Field(  # type: ignore[valid-type]
        "andet", title="Type")
    actors: list[Id] = Field(default_factory=list, alias="aktører", title="Aktører")
    tasks: list[Id] = Field(default_factory=list, alias="opgaver", title="Opgaver")
    builds: list[Choice(CONCEPTS, "concept")] = Field(  # type: ignore[valid-type]
        default_factory=list, alias="styrker", title="Styrker")
    responsible: Text | None = Field(None, alias="ansvarlig", title="Ansvarlig")
    start: Date | None = Field(None, title="Start")
    deadline: Date | None = Field(None, title="Deadline")
    success_criterion: Text | None = Field(None, alias="succeskriterium", title="Succeskriterium")
    resources: Text | None = Field(None, alias="ressourcer", title="Ressourcer")
    status: Choice(ACTIVITY_STATUSES, "activity status") = Field(  # type: ignore[valid-type]
        "ikke_startet", title="Status")


class FollowUp(Model):
    forum: Choice(FORUMS, "forum") = Field(title="Forum")  # type: ignore[valid-type]
    frequency: RequiredText = Field(alias="frekvens", title="Frekvens")
    next_meeting: Date | None = Field(None, alias="næste_møde", title="Næste møde")


class Risk(Model):
    risk: RequiredText = Field(alias="risiko", title="Risiko")
    response: RequiredText = Field(alias="håndtering", title="Håndtering")


class Phase4(Model):
    activities: list[Activity] = Field(default_factory=list, alias="aktiviteter",
                                       title="Aktiviteter")
    follow_up: FollowUp | None = Field(None, alias="opfølgning", title="Opfølgning")
    risks: list[Risk] = Field(default_factory=list, alias="risici", title="Risici")


# ------------------------------------------------------------------ the case
def _format_version(value: Any) -> Any:
    if value in (1, "1"):
        return 1
    raise PydanticCustomError("format_version", "'{value}' is not a supported format version",
                              {"value": _shown(value)})


def _phase(value: Any) -> Any:
    """A phase left empty (``fase3:``) or ``{}`` is not worked out yet."""
    return None if value == {} else value


def _maybe_phase(model: type) -> Any:
    return Annotated[model | None, BeforeValidator(_phase)]


class Case(Model):
    format: Annotated[Literal[1], BeforeValidator(_format_version),
                      WithJsonSchema({"const": 1})] = Field(
        title="Format", description="Formatversion; skal være 1.")
    meta: Meta = Field(title="Meta", description="Hvem, hvor og hvornår.")
    phase1: Phase1 = Field(alias="fase1", title="Fase 1: Hvorfor, hvad og hvilke opgaver")
    phase2: _maybe_phase(Phase2) = Field(  # type: ignore[valid-type]
        None, alias="fase2", title="Fase 2: Kortlæg mulige forankringsaktører")
    phase3: _maybe_phase(Phase3) = Field(  # type: ignore[valid-type]
        None, alias="fase3", title="Fase 3: Analyse af de potentielle forankringsaktører")
    phase4: _maybe_phase(Phase4) = Field(  # type: ignore[valid-type]
        None, alias="fase4", title="Fase 4: Forankringsplanen")

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

    def task_type_label(self, type_id: str) -> str:
        return self.phase1.task_types.get(type_id) or BUILTIN_TASK_TYPES.get(type_id, type_id)

    @property
    def task_types(self) -> dict[str, str]:
        """Built-in task types first, then the case's own, in their order."""
        return {**BUILTIN_TASK_TYPES, **self.phase1.task_types}
