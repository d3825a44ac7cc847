"""``fase2``: the actors who could take the tasks on."""

from __future__ import annotations

from pydantic import (
    Field,
    model_validator,
)

from forankring_docs.case.model.fields import (
    ACTOR_TYPES,
    CANDIDATE_EXTENTS,
    PLACEMENTS,
    SECTOR_BY_ACTOR_TYPE,
    SECTORS,
    TAKE_ON,
    Choice,
    Id,
    Model,
    RequiredText,
    Text,
)
from forankring_docs.i18n import N_


# ------------------------------------------------------------------ fase 2
class Actor(Model):
    id: Id = Field(title="Id", description="Kort id til henvisninger, fx 'klubben'.")
    name: RequiredText = Field(
        alias="navn", title="Navn", description="Aktørens navn, som det står i rapporten."
    )
    type: Choice(ACTOR_TYPES, N_("actor type")) = Field(
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
    sector: Choice(SECTORS, N_("sector")) | None = Field(  # type: ignore[valid-type]
        None, alias="sektor", title="Sektor", description="Standard afledes af typen."
    )
    placement: Choice(PLACEMENTS, N_("placement")) = Field(  # type: ignore[valid-type]
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
    tasks: dict[Id, Choice(TAKE_ON, N_("extent"))] = Field(  # type: ignore[valid-type]
        default_factory=dict,
        alias="opgaver",
        title="Opgaver",
        description="Opgaver aktøren er vurderet på: opgave-id → fuldt, delvist eller nej "
        "(kan ikke). En opgave, der ikke er nævnt, er ikke vurderet.",
    )

    @property
    def candidate_tasks(self) -> dict[str, str]:
        """The tasks this actor could take on (fuldt or delvist), without those marked nej."""
        return {t: e for t, e in self.tasks.items() if e in CANDIDATE_EXTENTS}

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
