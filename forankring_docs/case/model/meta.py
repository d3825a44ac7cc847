"""``meta``: who, where and when."""

from __future__ import annotations

from pydantic import (
    Field,
)

from forankring_docs.case.model.fields import (
    BOARD_ROLES,
    LANGUAGES,
    STATUSES,
    Choice,
    Date,
    Model,
    RequiredText,
    Text,
)
from forankring_docs.i18n import N_


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
    role: Choice(BOARD_ROLES, N_("steering group role")) | None = Field(  # type: ignore[valid-type]
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
    status: Choice(STATUSES, N_("status")) = Field(  # type: ignore[valid-type]
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
    language: Choice(LANGUAGES, N_("report language")) = Field(  # type: ignore[valid-type]
        "da", alias="sprog", title="Sprog", description="Rapportens sprog: da eller en."
    )
