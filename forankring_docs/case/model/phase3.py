"""``fase3``: the analyses of the actors and the chosen anchorings."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
    WithJsonSchema,
)

from forankring_docs.case.model.fields import (
    CONCLUSIONS,
    MODELS,
    ORGANISATION_FORMS,
    ROLES,
    Choice,
    Date,
    Id,
    Model,
    RequiredText,
    ScoreNumber,
    Text,
)
from forankring_docs.i18n import N_


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
    conclusion: Choice(CONCLUSIONS, N_("conclusion")) = Field(  # type: ignore[valid-type]
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
    role: Choice(ROLES, N_("role")) = Field(
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
    tasks: list[Id] | None = Field(
        None,
        alias="opgaver",
        title="Opgaver",
        description="De af forankringens opgaver, rollen dækker (standard: alle). Kun for "
        "medansvarlig og bidragyder: den hovedansvarlige svarer for alle opgaverne.",
    )


class Interface(Model):
    source: Id = Field(
        alias="fra", title="Fra", description="Id på aktøren i forankringen, der giver videre."
    )
    target: Id = Field(
        alias="til", title="Til", description="Id på en anden aktør i samme forankring."
    )
    what: RequiredText = Field(
        alias="hvad", title="Hvad", description="Hvad der overdrages eller aftales."
    )
    when: Text | None = Field(
        None, alias="hvornår", title="Hvornår", description="Hvornår eller hvor ofte."
    )
    forum: Text | None = Field(None, title="Forum", description="Hvor det sker.")


class Anchoring(Model):
    tasks: Annotated[list[Id], Field(min_length=1)] = Field(
        alias="opgaver",
        title="Opgaver",
        description="Id'er på de opgaver, "
        "der forankres sammen; en opgave "
        "indgår i højst én forankring.",
    )
    model: Choice(MODELS, N_("anchoring model")) = Field(
        title="Model",  # type: ignore[valid-type]
        description="enkeltaktør (én aktør) eller netværk (mindst to aktører).",
    )
    actors: list[AnchorActor] = Field(
        alias="aktører",
        title="Aktører",
        description="Aktørerne i forankringen med rolle og ansvar.",
    )
    organisation_form: Choice(ORGANISATION_FORMS, N_("organisation form")) | None = Field(  # type: ignore[valid-type]
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
    coordination: Text | None = Field(
        None,
        alias="koordinering",
        title="Koordinering",
        description="Hvem der samler aktørerne, og hvor problemer tages op.",
    )
    interfaces: list[Interface] = Field(
        default_factory=list,
        alias="snitflader",
        title="Snitflader",
        description="Hvem giver hvad til hvem, hvornår og i hvilket forum.",
    )

    def tasks_of(self, member: AnchorActor) -> list[str]:
        """The tasks a member's role covers: its own ``opgaver``, or all the anchoring's."""
        return self.tasks if member.tasks is None else member.tasks

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
