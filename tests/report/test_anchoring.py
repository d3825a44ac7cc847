"""Fase 2 and 3 as a steering group reads them: the mapping's `nej` marks, the evne × vilje
grid that agrees with the conclusions, each chosen anchoring as a block (facts, actors with
the tasks of their roles, snitflader), and the responsibility matrix by each role's own tasks.
First the view (what the report shows for a given case), then the rendered document."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from typing import Any

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from ruamel.yaml import YAML

from forankring_docs.case.model import Case
from forankring_docs.pipeline import Renderer
from forankring_docs.report.labels import Labels
from forankring_docs.report.phase3 import GridEntry
from forankring_docs.report.view import ReportView
from tests.report.test_view import case_from
from tests.report.test_view import view_of as view_of_at

TODAY = dt.date(2026, 11, 20)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# A network of three actors, two of them with their own tasks, and three snitflader; an
# enkeltaktør without koordinering; `nej` marks; an actor found ikke_egnet whose evne and
# vilje are high; one with mening 2; a task of an anchored element without an anchoring.
NETWORK = """\
format: 1
meta:
  indsats: Boligsocial helhedsplan Nordparken
  boligområde: Nordparken
  periode: {start: 2024-01-01, slut: 2028-06-30}
  dato: 2026-11-20
fase1:
  hvorfor: Helhedsplanen udløber i 2028.
  hvad:
    - {id: cafe, navn: Beboercaféen, type: aktivitet}
    - {id: lektier, navn: Lektiehjælp, type: aktivitet}
    - {id: lejr, navn: Sommerlejr, type: aktivitet, forankres: nej, begrundelse: For dyr.}
  opgaver:
    - {id: cafe-drift, navn: Daglig drift af caféen, element: cafe, opgavetype: aktivitet}
    - {id: cafe-friv, navn: Rekruttering af frivillige, element: cafe, opgavetype: frivillighed}
    - {id: cafe-lokaler, navn: Lokaler og nøgler, element: cafe, opgavetype: drift}
    - {id: lektier-drift, navn: Afvikling af lektiehjælpen, element: lektier,
       opgavetype: aktivitet}
    - {id: lektier-skole, navn: Kontakt til skolen, element: lektier, opgavetype: koordinering}
    - {id: lejr-drift, navn: Lejrturen, element: lejr, opgavetype: aktivitet}
fase2:
  aktører:
    - {id: forening, navn: Beboerforeningen, type: forening,
       opgaver: {cafe-drift: fuldt, cafe-friv: fuldt, lektier-drift: nej}}
    - {id: nordbo, navn: Boligforeningen Nordbo, type: boligorganisation,
       opgaver: {cafe-lokaler: fuldt, cafe-friv: nej, cafe-drift: delvist}}
    - {id: frivcenter, navn: Frivilligcenter Vesterby, type: forening,
       opgaver: {cafe-friv: delvist, lektier-drift: delvist}}
    - {id: skole, navn: Nordparkskolen, type: kommune,
       opgaver: {lektier-skole: fuldt, lektier-drift: delvist}}
    - {id: kirke, navn: Nordparken Kirke, type: andet,
       opgaver: {cafe-drift: nej, lektier-drift: nej}}
    - {id: bibliotek, navn: Vesterby Bibliotek, type: kommune}
fase3:
  analyser:
    - {aktør: forening, forståelse: 4, mening: 4, evne: 2, vilje: 4,
       konklusion: egnet_med_kapacitetsopbygning}
    - {aktør: nordbo, forståelse: 3, mening: 2, evne: 4, vilje: 3, konklusion: egnet}
    - {aktør: frivcenter, forståelse: 2, mening: 3, evne: 3, vilje: 2,
       konklusion: egnet_med_kapacitetsopbygning}
    - {aktør: skole, forståelse: 3, mening: 3, evne: 3, vilje: 3, konklusion: egnet}
    - {aktør: kirke, forståelse: 2, mening: 1, evne: 3, vilje: 4, konklusion: ikke_egnet}
  forankring:
    - opgaver: [cafe-drift, cafe-friv, cafe-lokaler]
      model: netværk
      organiseringsform: partnerskab
      overdragelse: 2027-09-01
      koordinering: Beboerforeningen indkalder parterne til et netværksmøde hvert kvartal.
      aktører:
        - {aktør: forening, rolle: hovedansvarlig, ansvar: Driver caféen.}
        - {aktør: nordbo, rolle: bidragyder, opgaver: [cafe-lokaler],
           ansvar: Stiller lokaler til rådighed.}
        - {aktør: frivcenter, rolle: medansvarlig, opgaver: [cafe-friv],
           ansvar: Rekrutterer frivillige.}
      snitflader:
        - {fra: frivcenter, til: forening, hvad: Nye frivillige med introforløb,
           hvornår: Løbende, forum: Netværksmødet}
        - {fra: nordbo, til: forening, hvad: Nøgler til fælleslokalet, hvornår: Ved sæsonstart,
           forum: Driftskontoret}
        - {fra: forening, til: frivcenter, hvad: Behov for frivillige, hvornår: Hvert halvår}
    - opgaver: [lektier-skole]
      model: enkeltaktør
      aktører:
        - {aktør: skole, rolle: hovedansvarlig, ansvar: Henviser elever.}
"""


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return YAML(typ="safe").load(NETWORK)  # type: ignore[no-any-return]


def case_of(data: dict[str, Any], change: Callable[[dict[str, Any]], None] | None = None) -> Case:
    return case_from(data, change)


def view_of(case: Case, labels: dict[str, Labels], language: str = "da") -> ReportView:
    return view_of_at(case, labels, language, today=TODAY)


@pytest.fixture(scope="module")
def network(data: dict[str, Any], labels: dict[str, Labels]) -> ReportView:
    return view_of(case_of(data), labels)


# ------------------------------------------------------------------ fase 2: the mapping
def test_nej_is_a_dash_not_assessed_is_blank_and_only_candidates_count(
    network: ReportView,
) -> None:
    matrix = network.matrix
    assert matrix is not None
    cafe = next(p for p in matrix.parts if p.title == "Beboercaféen")
    cells = {row.label: dict(zip(cafe.columns, row.cells, strict=True)) for row in cafe.rows}
    assert cells["Boligforeningen Nordbo"] == {
        "Daglig drift af caféen": "◐",
        "Rekruttering af frivillige": "–",  # assessed: cannot
        "Lokaler og nøgler": "●",
    }
    assert cells["Frivilligcenter Vesterby"]["Daglig drift af caféen"] == ""  # not assessed
    assert cells["Nordparken Kirke"]["Daglig drift af caféen"] == "–"  # only nej: a row still
    totals = dict(zip(cafe.columns, cafe.totals, strict=True))
    # drift: fuldt + delvist (the church's nej is no candidate); frivillige: fuldt + delvist
    assert totals == {
        "Daglig drift af caféen": 2,
        "Rekruttering af frivillige": 2,
        "Lokaler og nøgler": 1,
    }


def test_actors_without_marks_and_actors_only_marked_nej_are_named_apart(
    network: ReportView, data: dict[str, Any], labels: dict[str, Labels]
) -> None:
    assert network.matrix is not None
    assert network.matrix.unmarked == (
        "Uden markeringer for nogen opgave: Vesterby Bibliotek. "
        "Vurderet, men kan ikke løfte nogen af opgaverne: Nordparken Kirke."
    )
    english = view_of(case_of(data), labels, "en").matrix
    assert english is not None
    assert english.unmarked.endswith(
        "Assessed, but unable to take on any of the tasks: Nordparken Kirke."
    )


# ------------------------------------------------------------------ fase 3: the grid
def test_an_actor_found_not_suitable_is_listed_apart_whatever_its_scores(
    network: ReportView,
) -> None:
    grid = network.grid
    assert grid is not None
    # evne 3 and vilje 4 would put the church in "klar til at overtage"
    in_cells = [e.actor for cell in (grid.ready, grid.capacity, grid.ownership) for e in cell]
    assert "Nordparken Kirke" not in in_cells + [e.actor for e in grid.not_now + grid.unknown]
    assert [e.label for e in grid.not_chosen] == ["Nordparken Kirke (forståelse 2, mening 1)"]
    assert [e.label for e in grid.ready] == ["Boligforeningen Nordbo (mening 2)", "Nordparkskolen"]
    assert [e.label for e in grid.ownership] == ["Frivilligcenter Vesterby (forståelse 2)"]
    assert [e.label for e in grid.capacity] == ["Beboerforeningen"]


def test_grid_notes_in_english(data: dict[str, Any], labels: dict[str, Labels]) -> None:
    grid = view_of(case_of(data), labels, "en").grid
    assert grid is not None
    assert grid.ready[0] == GridEntry("Boligforeningen Nordbo", "meaning 2")
    assert grid.not_chosen[0].note == "understanding 2, meaning 1"


scores = st.one_of(st.none(), st.integers(1, 4))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            scores,
            scores,
            scores,
            scores,
            st.sampled_from(["egnet", "ikke_egnet", "egnet_med_kapacitetsopbygning"]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_every_analysed_actor_is_in_the_grid_once_and_only_where_its_conclusion_allows(
    labels: dict[str, Labels],
    analyses: list[tuple[int | None, int | None, int | None, int | None, str]],
) -> None:
    source: dict[str, Any] = YAML(typ="safe").load(NETWORK)
    source["fase2"]["aktører"] = [
        {"id": f"a{i}", "navn": f"Aktør {i}", "type": "forening"} for i in range(len(analyses))
    ]
    source["fase3"] = {
        "analyser": [
            {"aktør": f"a{i}", "forståelse": u, "mening": m, "evne": e, "vilje": v, "konklusion": c}
            for i, (u, m, e, v, c) in enumerate(analyses)
        ]
    }
    grid = view_of(Case.model_validate(source), labels).grid
    assert grid is not None
    places = {
        "ready": grid.ready,
        "capacity": grid.capacity,
        "ownership": grid.ownership,
        "not_now": grid.not_now,
        "unknown": grid.unknown,
        "not_chosen": grid.not_chosen,
    }
    where = {e.actor: (name, e.note) for name, cell in places.items() for e in cell}
    assert sum(len(cell) for cell in places.values()) == len(analyses) == len(where)
    for i, (u, m, e, v, c) in enumerate(analyses):
        place, note = where[f"Aktør {i}"]
        if c == "ikke_egnet":
            assert place == "not_chosen"
        elif e is None or v is None:
            assert place == "unknown"
        else:
            assert (
                place
                == {
                    (True, True): "ready",
                    (False, True): "capacity",
                    (True, False): "ownership",
                    (False, False): "not_now",
                }[(e >= 3, v >= 3)]
            )
        low = [
            f"{w} {s}" for w, s in (("forståelse", u), ("mening", m)) if s is not None and s <= 2
        ]
        assert note == ", ".join(low)


# ------------------------------------------------------------------ fase 3: the anchorings
def test_a_network_block_has_its_facts_its_roles_tasks_and_its_snitflader(
    network: ReportView,
) -> None:
    cafe = network.anchorings[0]
    assert cafe.title == "Beboercaféen: netværk"
    facts = {f.label: (f.value, f.alert) for f in cafe.facts}
    assert list(facts) == ["Opgaver", "Model", "Organiseringsform", "Overdragelse", "Koordinering"]
    assert facts["Koordinering"] == (
        "Beboerforeningen indkalder parterne til et netværksmøde hvert kvartal.",
        False,
    )
    roles = {(r.actor, r.role): (r.tasks, r.all_tasks) for r in cafe.actors}
    assert roles[("Beboerforeningen", "Hovedansvarlig")][1]  # "alle": the lead covers all
    assert roles[("Boligforeningen Nordbo", "Bidragyder")] == (("Lokaler og nøgler",), False)
    assert roles[("Frivilligcenter Vesterby", "Medansvarlig")] == (
        ("Rekruttering af frivillige",),
        False,
    )
    assert [(i.source, i.target, i.what, i.when, i.forum) for i in cafe.interfaces] == [
        (
            "Frivilligcenter Vesterby",
            "Beboerforeningen",
            "Nye frivillige med introforløb",
            "Løbende",
            "Netværksmødet",
        ),
        (
            "Boligforeningen Nordbo",
            "Beboerforeningen",
            "Nøgler til fælleslokalet",
            "Ved sæsonstart",
            "Driftskontoret",
        ),
        (
            "Beboerforeningen",
            "Frivilligcenter Vesterby",
            "Behov for frivillige",
            "Hvert halvår",
            None,
        ),
    ]


def test_values_not_given_say_so_and_only_a_loose_network_is_flagged(
    network: ReportView, data: dict[str, Any], labels: dict[str, Labels]
) -> None:
    single = network.anchorings[1]
    assert single.title == "Lektiehjælp: enkeltaktør"
    facts = {f.label: (f.value, f.alert) for f in single.facts}
    assert facts["Koordinering"] == ("ikke angivet", False)  # one actor needs no koordinering
    assert facts["Overdragelse"] == ("ikke angivet", True)
    assert "Snitflader" not in facts
    assert single.actors[0].tasks == ("Kontakt til skolen",) and single.actors[0].all_tasks

    def loose(data: dict[str, Any]) -> None:
        network = data["fase3"]["forankring"][0]
        del network["koordinering"], network["snitflader"]

    view = view_of(case_of(data, loose), labels, "en")
    facts = {f.label: (f.value, f.alert) for f in view.anchorings[0].facts}
    assert facts["Coordination"] == ("not given", True)  # a network with neither (A310)
    assert facts["Interfaces"] == ("not given", True)
    assert view.anchorings[0].title == "Beboercaféen: network"


def test_two_anchorings_of_one_element_and_model_are_told_apart_by_their_lead(
    data: dict[str, Any], labels: dict[str, Labels]
) -> None:
    def split(data: dict[str, Any]) -> None:
        data["fase3"]["forankring"].append(
            {
                "opgaver": ["lektier-drift"],
                "model": "enkeltaktør",
                "aktører": [{"aktør": "frivcenter", "rolle": "hovedansvarlig"}],
            }
        )

    titles = [a.title for a in view_of(case_of(data, split), labels).anchorings]
    assert titles == [
        "Beboercaféen: netværk",
        "Lektiehjælp: enkeltaktør (Nordparkskolen)",
        "Lektiehjælp: enkeltaktør (Frivilligcenter Vesterby)",
    ]


def test_an_anchoring_of_two_elements_names_both(
    data: dict[str, Any], labels: dict[str, Labels]
) -> None:
    def join(data: dict[str, Any]) -> None:
        data["fase3"]["forankring"][1]["opgaver"] = ["lektier-skole", "lektier-drift"]
        data["fase3"]["forankring"][0]["opgaver"].remove("cafe-lokaler")
        data["fase3"]["forankring"][0]["aktører"][1]["opgaver"] = ["cafe-drift"]
        data["fase3"]["forankring"][1]["opgaver"].append("cafe-lokaler")

    titles = [a.title for a in view_of(case_of(data, join), labels).anchorings]
    assert titles[1] == "Lektiehjælp og Beboercaféen: enkeltaktør"


# ------------------------------------------------------------------ fase 3: responsibility
def test_responsibility_follows_each_roles_own_tasks_and_shows_unresolved_tasks(
    network: ReportView,
) -> None:
    matrix = network.responsibility
    assert matrix is not None and not matrix.wide  # per element: a few actors each
    cafe, homework = matrix.parts
    assert (cafe.title, homework.title) == ("Beboercaféen", "Lektiehjælp")
    # Only the actors with a role in the element's tasks are columns.
    assert cafe.columns == (
        "Beboerforeningen",
        "Boligforeningen Nordbo",
        "Frivilligcenter Vesterby",
    )
    rows = {row.label: (row.cells, row.note) for part in matrix.parts for row in part.rows}
    # The housing company lends rooms: no part in recruiting volunteers.
    assert rows["Rekruttering af frivillige"] == (("H", "", "M"), "")
    assert rows["Lokaler og nøgler"] == (("H", "B", ""), "")
    assert rows["Daglig drift af caféen"] == (("H", "", ""), "")
    assert homework.columns == ("Nordparkskolen",)
    assert rows["Afvikling af lektiehjælpen"] == (("",), "uafklaret")
    assert "Lejrturen" not in rows  # phased out: nobody is to take it on
    assert [row.label for part in matrix.parts for row in part.rows] == [
        "Daglig drift af caféen",
        "Rekruttering af frivillige",
        "Lokaler og nøgler",
        "Afvikling af lektiehjælpen",
        "Kontakt til skolen",
    ]


# ------------------------------------------------------------------ the rendered document
@pytest.fixture(scope="module")
def rendered(data: dict[str, Any]) -> dict[str, bytes]:
    renderer = Renderer.for_template(None)
    case = case_of(data)
    return {
        language: renderer.render(case, language=language, today=TODAY)["docx"]
        for language in ("da", "en")
    }


def _texts(document: Any) -> tuple[list[str], list[list[list[str]]]]:
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    return paragraphs, tables


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "da",
            {
                "heading": "Beboercaféen: netværk",
                "interfaces": "Snitflader",
                "from_to": "Fra → til",
                "coordination": "Koordinering",
                "legend": "– vurderet, kan ikke løfte opgaven · tomt felt: ikke vurderet",
                "not_chosen": "Fravalgt (vurderet ikke egnet): Nordparken Kirke",
                "note": "Boligforeningen Nordbo (mening 2)",
                "unresolved": "uafklaret",
                "not_given": "ikke angivet",
            },
        ),
        (
            "en",
            {
                "heading": "Beboercaféen: network",
                "interfaces": "Interfaces",
                "from_to": "From → to",
                "coordination": "Coordination",
                "legend": "– assessed, cannot take on the task · blank: not assessed",
                "not_chosen": "Not chosen (assessed as not suitable): Nordparken Kirke",
                "note": "Boligforeningen Nordbo (meaning 2)",
                "unresolved": "unresolved",
                "not_given": "not given",
            },
        ),
    ],
)
def test_the_document_shows_the_labels_of_phase_2_and_3(
    rendered: dict[str, bytes], language: str, words: dict[str, str]
) -> None:
    document = docx.Document(io.BytesIO(rendered[language]))
    paragraphs, tables = _texts(document)
    text = "\n".join(paragraphs)
    cells = [cell for table in tables for row in table for cell in row]
    assert words["heading"] in paragraphs
    assert any(words["legend"] in p for p in paragraphs)
    assert any(p.startswith(words["not_chosen"]) for p in paragraphs)
    interfaces = next(t for t in tables if t[0][0] == words["interfaces"])
    assert interfaces[1][0] == words["from_to"] and len(interfaces) == 2 + 3
    assert interfaces[2][0].replace("\n", " ") == ("Frivilligcenter Vesterby → Beboerforeningen")
    assert any(row[0] == words["coordination"] for t in tables for row in t)
    assert any(words["note"] in c for c in cells)
    assert any(c.endswith(words["unresolved"]) for c in cells)
    assert any(words["not_given"] in c for c in cells)
    assert "Forankring 1" not in text and "Anchoring 1" not in text


def test_an_anchoring_block_is_kept_together_on_one_page(rendered: dict[str, bytes]) -> None:
    """Facts, actors and snitflader follow each other directly; every row but the very
    last keeps with the next, so Word moves the block to a new page rather than split it."""
    body = etree.fromstring(zipfile_read(rendered["da"], "word/document.xml")).find(f"{W}body")
    assert body is not None
    heading = next(
        p for p in body.findall(f"{W}p") if "".join(p.itertext()) == "Beboercaféen: netværk"
    )
    block, element = [], heading.getnext()
    while element is not None and element.tag in (f"{W}tbl", f"{W}p") and len(block) < 3:
        if element.tag == f"{W}tbl":
            block.append(element)
        element = element.getnext()
    assert len(block) == 3
    rows = [r for t in block for r in t.findall(f"{W}tr")]
    kept = [r.find(f"{W}tc//{W}keepNext") is not None for r in rows]
    assert kept == [True] * (len(rows) - 1) + [False]


def zipfile_read(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)
