"""``fase1``: why, what (the elements) and which tasks."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    Field,
)

from forankring_docs.case.model.fields import (
    ANCHOR_CHOICES,
    ELEMENT_TYPES,
    PRIORITIES,
    Amount,
    Choice,
    Id,
    Model,
    RequiredText,
    Text,
)
from forankring_docs.i18n import N_


# ------------------------------------------------------------------ fase 1
class Element(Model):
    id: Id = Field(
        title="Id",
        description="Kort id til henvisninger: små bogstaver, tal, '-' og '_', fx 'lektiecafe'.",
    )
    name: RequiredText = Field(
        alias="navn", title="Navn", description="Elementets navn, som det står i rapporten."
    )
    type: Choice(ELEMENT_TYPES, N_("element type")) = Field(  # type: ignore[valid-type]
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
    anchored: Choice(ANCHOR_CHOICES, N_("choice for forankres")) = Field(  # type: ignore[valid-type]
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
    priority: Choice(PRIORITIES, N_("priority")) = Field(  # type: ignore[valid-type]
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
