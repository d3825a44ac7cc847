"""The diff's field specs are read from the case model: a new field needs no second edit."""

from __future__ import annotations

from pydantic import Field

from forankring_docs.analysis.change_fields import CHOICES, field_specs
from forankring_docs.case.model import (
    ROLES,
    TAKE_ON,
    Amount,
    Choice,
    Date,
    Id,
    Model,
    Text,
)


class _Inner(Model):
    when: Date | None = Field(None, alias="hvornår")
    cost: Amount | None = Field(None, alias="pris")


class _Item(Model):
    id: Id
    colour: Choice(("rød", "grøn"), "colour") = Field("rød", alias="farve")  # type: ignore[valid-type]
    notes: list[Text] = Field(default_factory=list, alias="noter")
    owner: Id | None = Field(None, alias="ejer")
    inner: _Inner | None = Field(None, alias="indre")


def test_a_new_field_is_compared_with_its_key_label_and_type() -> None:
    specs = field_specs(_Item, skip=("id",))
    assert [(s.key, s.label, s.value_type, s.choices) for s in specs] == [
        ("farve", "colour", "choice", ("rød", "grøn")),
        ("noter", "notes", "list", ()),
        ("ejer", "owner", "id", ()),
        ("indre.hvornår", "when", "date", ()),
        ("indre.pris", "cost", "number", ()),
    ]
    item = _Item.model_validate({"id": "a", "indre": {"pris": 5}})
    assert [s.get(item) for s in specs] == ["rød", [], None, None, 5]


def test_fields_compared_per_subject_name_their_enumerations() -> None:
    assert CHOICES[("actor", "opgaver")] == TAKE_ON
    assert CHOICES[("anchoring", "aktører")] == ROLES
