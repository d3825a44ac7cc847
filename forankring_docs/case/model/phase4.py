"""``fase4``: the activities, the follow-up and the risks."""

from __future__ import annotations

from pydantic import (
    Field,
)

from forankring_docs.case.model.fields import (
    ACTIVITY_STATUSES,
    ACTIVITY_TYPES,
    CONCEPTS,
    FORUMS,
    LEVELS,
    Choice,
    Date,
    Id,
    Model,
    RequiredText,
    Text,
)
from forankring_docs.i18n import N_


# ------------------------------------------------------------------ fase 4
class Activity(Model):
    id: Id | None = Field(
        None, title="Id", description="Valgfrit kort id til henvisninger, fx 'p1'."
    )
    name: RequiredText = Field(
        alias="navn", title="Navn", description="Aktivitetens navn, som det står i planen."
    )
    type: Choice(ACTIVITY_TYPES, N_("activity type")) = Field(  # type: ignore[valid-type]
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
    builds: list[Choice(CONCEPTS, N_("concept"))] = Field(  # type: ignore[valid-type]
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
    status: Choice(ACTIVITY_STATUSES, N_("activity status")) = Field(  # type: ignore[valid-type]
        "ikke_startet", title="Status", description="ikke_startet, i_gang eller afsluttet."
    )


class FollowUp(Model):
    forum: Choice(FORUMS, N_("forum")) = Field(
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
    likelihood: Choice(LEVELS, N_("level")) | None = Field(  # type: ignore[valid-type]
        None,
        alias="sandsynlighed",
        title="Sandsynlighed",
        description="Hvor sandsynlig risikoen er: lav, middel eller høj.",
    )
    consequence: Choice(LEVELS, N_("level")) | None = Field(  # type: ignore[valid-type]
        None,
        alias="konsekvens",
        title="Konsekvens",
        description="Hvor alvorligt det er for forankringen, hvis risikoen indtræffer: lav, "
        "middel eller høj.",
    )
    owner: Text | None = Field(
        None, alias="ejer", title="Ejer", description="Hvem der holder øje med risikoen."
    )
    actors: list[Id] = Field(
        default_factory=list,
        alias="aktører",
        title="Aktører",
        description="Id'er på de aktører, risikoen angår.",
    )
    tasks: list[Id] = Field(
        default_factory=list,
        alias="opgaver",
        title="Opgaver",
        description="Id'er på de opgaver, risikoen angår.",
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
