"""Phase 4's capacity building per actor, the risks by severity with their matrix, and values
the case leaves out shown as not given: the report view, checked without rendering.

``ENGPARKEN`` is a draft that leaves many values out: three chosen actors with weak scores,
some built and some not, an activity that ends after its actor's handover, and five risks
rated fully, partly or not at all."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forankring_docs.case.loader import load_bytes
from forankring_docs.case.model import Case
from forankring_docs.report.labels import Labels
from forankring_docs.report.view import ReportView, build_view
from forankring_docs.templating.folder import TemplateFolder, load_labels
from tests.conftest import MINIMAL

TODAY = dt.date(2026, 12, 1)
NOT_GIVEN = {"da": "ikke\u00a0angivet", "en": "not\u00a0given"}

ENGPARKEN = """\
format: 1
meta:
  indsats: Helhedsplan Engparken 2024–2027
  boligområde: Engparken
  kommune: Vestby Kommune
  periode: {start: 2024-01-01, slut: 2027-06-30}
  dato: 2026-12-01
  projektleder: {navn: Anne Berg, organisation: Boligselskabet Eng}
fase1:
  hvorfor: Indsatsen slutter, og de gode aktiviteter skal videreføres.
  hvad:
    - id: cafe
      navn: Beboercaféen
      forankres: ja
    - id: lektie
      navn: Lektiecafé
    - id: mentor
      navn: Mentorordning
      type: metode
      forankres: delvist
  opgaver:
    - {id: cafe-drift, navn: Drift af caféen, element: cafe, opgavetype: drift, prioritet: skal}
    - {id: cafe-frivillige, navn: Frivilligkoordinering, element: cafe, opgavetype: frivillighed}
    - {id: lektie-drift, navn: Afvikling af lektiecaféen, element: lektie, opgavetype: aktivitet}
    - id: mentor-match
      navn: Matchning af mentorer
      element: mentor
      opgavetype: koordinering
      prioritet: bør
fase2:
  aktører:
    - id: forening
      navn: Beboerforeningen Engen
      type: forening
      placering: lokal
      opgaver: {cafe-drift: fuldt, cafe-frivillige: fuldt}
    - id: skolen
      navn: Engparken Skole
      type: uddannelsesinstitution
      sektor: professionel
      opgaver: {lektie-drift: fuldt}
    - id: klub
      navn: Fritidsklubben Engen
      type: kommune
      opgaver: {lektie-drift: delvist, mentor-match: fuldt}
fase3:
  analyser:
    - aktør: forening
      forståelse: 3
      mening: 4
      evne: 2
      vilje: null
      konklusion: egnet_med_kapacitetsopbygning
    - aktør: skolen
      forståelse: 2
      mening: 3
      evne: 4
      vilje: 1
      konklusion: egnet_med_kapacitetsopbygning
    - aktør: klub
      forståelse: 1
      mening: 2
      evne: 2
      vilje: 3
      konklusion: egnet_med_kapacitetsopbygning
  forankring:
    - opgaver: [cafe-drift, cafe-frivillige]
      model: enkeltaktør
      overdragelse: 2027-03-01
      aktører: [{aktør: forening, rolle: hovedansvarlig}]
    - opgaver: [lektie-drift]
      model: netværk
      organiseringsform: samarbejdsaftale
      overdragelse: 2027-01-15
      aktører:
        - {aktør: skolen, rolle: hovedansvarlig, ansvar: Lokaler og lærere}
        - {aktør: klub, rolle: medansvarlig, ansvar: Pædagoger}
    - opgaver: [mentor-match]
      model: enkeltaktør
      overdragelse: 2027-05-01
      aktører: [{aktør: klub, rolle: hovedansvarlig}]
fase4:
  aktiviteter:
    - navn: Kursus i caféledelse for foreningens bestyrelse
      type: oplæring
      aktører: [forening]
      opgaver: [cafe-drift]
      styrker: [evne]
      ansvarlig: Projektleder
      start: 2026-09-01
      deadline: 2027-04-30
      status: i_gang
    - navn: Aftale med skolens ledelse om lektiecaféen
      aktører: [skolen]
      styrker: [vilje, forståelse]
      start: 2026-10-01
      deadline: 2026-11-15
    - navn: Introduktion af klubbens pædagoger
      type: sidemandsoplæring
      aktører: [klub]
      styrker: [forståelse, evne]
      ansvarlig: Projektmedarbejder
      start: 2026-11-01
      deadline: 2027-01-10
      status: ikke_startet
    - navn: Skriv lokalt nyhedsbrev
      type: kommunikation
      status: afsluttet
      start: 2026-02-01
      deadline: 2026-03-01
  risici:
    - risiko: Bestyrelsen i beboerforeningen skifter ud ved generalforsamlingen
      håndtering: Kurset gentages for nye medlemmer
      sandsynlighed: middel
      konsekvens: høj
      ejer: Anne Berg
      aktører: [forening]
      opgaver: [cafe-drift]
    - risiko: Skolens budget skæres
      håndtering: Tidlig dialog med forvaltningen
      sandsynlighed: høj
      konsekvens: høj
      aktører: [skolen]
    - risiko: For få frivillige i caféen
      håndtering: Rekruttering via nyhedsbrevet
      sandsynlighed: lav
      konsekvens: middel
      ejer: Foreningens formand
      opgaver: [cafe-frivillige]
    - risiko: Lokalerne bliver renoveret i 2027
      håndtering: Aftal midlertidige lokaler
      konsekvens: middel
    - risiko: Mentorerne mister motivationen
      håndtering: Fælles arrangementer to gange om året
"""


@pytest.fixture(scope="module")
def labels() -> dict[str, Labels]:
    folder = TemplateFolder.of(None)
    return {lang: load_labels(folder, lang) for lang in ("da", "en")}


def data_of(text: str) -> dict[str, Any]:
    return load_bytes(text.encode(), "c.yaml").data  # type: ignore[return-value]


def view_of(text: str, labels: dict[str, Labels], language: str = "da") -> ReportView:
    case = Case.model_validate(data_of(text))
    return build_view(case, today=TODAY, language=language, labels=labels[language])


@pytest.fixture(scope="module")
def engparken(labels: dict[str, Labels]) -> ReportView:
    return view_of(ENGPARKEN, labels)


# ------------------------------------------------------------------ capacity building
def test_each_chosen_actor_has_its_weak_and_unknown_concepts_with_what_builds_them(
    engparken: ReportView,
) -> None:
    capacity = {a.actor: a for a in engparken.capacity}
    # In the order the anchorings name them; each once, though the club is in two.
    assert list(capacity) == ["Beboerforeningen Engen", "Engparken Skole", "Fritidsklubben Engen"]
    needs = {
        actor: [(n.concept, n.score, n.shade, [s.activity.name for s in n.steps]) for n in a.needs]
        for actor, a in capacity.items()
    }
    assert needs["Beboerforeningen Engen"] == [
        ("Evne", "2 (svag)", "red", ["Kursus i caféledelse for foreningens bestyrelse"]),
        ("Vilje", "ukendt", "grey", []),  # nothing builds it
    ]
    assert needs["Engparken Skole"] == [
        ("Forståelse", "2 (svag)", "red", ["Aftale med skolens ledelse om lektiecaféen"]),
        ("Vilje", "1 (ikke til stede)", "red", ["Aftale med skolens ledelse om lektiecaféen"]),
    ]
    assert [n.concept for n in capacity["Fritidsklubben Engen"].needs] == [
        "Forståelse",
        "Mening",
        "Evne",
    ]
    assert capacity["Fritidsklubben Engen"].needs[1].steps == ()  # mening: nothing builds it


def test_the_handover_is_the_actors_earliest_and_a_later_deadline_stands_out(
    engparken: ReportView,
) -> None:
    capacity = {a.actor: a for a in engparken.capacity}
    # The club hands over lektiecaféen 15 January and the mentors 1 May: the earlier counts.
    assert capacity["Fritidsklubben Engen"].handover == "15. jan. 2027"
    course = capacity["Beboerforeningen Engen"].needs[0].steps[0]
    assert course.activity.deadline == "30. apr. 2027" and course.after_handover
    club = capacity["Fritidsklubben Engen"].needs[0].steps[0]
    assert club.activity.deadline == "10. jan. 2027" and not club.after_handover


def test_a_finished_activity_never_ends_after_the_handover_and_unanalysed_actors_say_so(
    labels: dict[str, Labels],
) -> None:
    text = ENGPARKEN.replace("      status: i_gang\n", "      status: afsluttet\n", 1)
    view = view_of(text, labels)
    course = view.capacity[0].needs[0].steps[0]
    assert course.activity.status == "Afsluttet" and not course.after_handover
    # Without its analysis, the school is listed as not analysed, with no concepts.
    start = text.index("    - aktør: skolen\n      forståelse")
    end = text.index("    - aktør: klub\n      forståelse")
    unanalysed = view_of(text[:start] + text[end:], labels)
    school = next(a for a in unanalysed.capacity if a.actor == "Engparken Skole")
    assert not school.analysed and school.needs == ()


def test_an_actor_scoring_three_or_four_everywhere_needs_nothing_built(
    labels: dict[str, Labels],
) -> None:
    view = view_of(MINIMAL, labels)
    klub, forening = view.capacity
    assert (klub.actor, klub.analysed, klub.needs) == ("Klubben", True, ())
    assert (forening.actor, forening.analysed) == ("Foreningen", False)
    assert klub.handover == NOT_GIVEN["da"]  # the anchoring has no overdragelse


# ------------------------------------------------------------------ risks
def test_risks_are_numbered_by_severity_and_the_unrated_come_last_in_file_order(
    engparken: ReportView,
) -> None:
    rows = [(r.number, r.risk[:20], r.likelihood, r.consequence, r.shade) for r in engparken.risks]
    assert rows == [
        (1, "Skolens budget skære", "Høj", "Høj", "red"),
        (2, "Bestyrelsen i beboer", "Middel", "Høj", "red"),
        (3, "For få frivillige i ", "Lav", "Middel", "green"),
        (4, "Lokalerne bliver ren", NOT_GIVEN["da"], "Middel", ""),
        (5, "Mentorerne mister mo", NOT_GIVEN["da"], NOT_GIVEN["da"], ""),
    ]
    second = engparken.risks[1]
    assert second.owner == "Anne Berg"
    assert second.concerns == ("Beboerforeningen Engen", "Drift af caféen")


def test_the_risk_matrix_holds_the_numbers_of_the_rated_risks_in_shaded_cells(
    engparken: ReportView, labels: dict[str, Labels]
) -> None:
    matrix = engparken.risk_matrix
    assert matrix is not None and matrix.columns == ("Lav", "Middel", "Høj")
    assert [likelihood for likelihood, _ in matrix.rows] == ["Høj", "Middel", "Lav"]
    cells = {
        (likelihood, column): cell
        for likelihood, row in matrix.rows
        for column, cell in zip(matrix.columns, row, strict=True)
    }
    assert cells["Høj", "Høj"].numbers == "1" and cells["Middel", "Høj"].numbers == "2"
    assert cells["Lav", "Middel"].numbers == "3"
    assert sum(1 for cell in cells.values() if cell.numbers) == 3  # the partly rated are not
    shades = [[cell.shade for cell in row] for _, row in matrix.rows]
    assert shades == [
        ["yellow", "red", "red"],
        ["green", "yellow", "red"],
        ["green", "green", "yellow"],
    ]
    english = view_of(ENGPARKEN, labels, "en").risk_matrix
    assert english is not None and english.columns == ("Low", "Medium", "High")


def test_two_risks_in_one_cell_and_no_matrix_without_a_rated_risk(
    labels: dict[str, Labels],
) -> None:
    text = ENGPARKEN.replace("      sandsynlighed: lav\n", "      sandsynlighed: høj\n")
    text = text.replace(
        "      konsekvens: middel\n      ejer: Foreningens",
        "      konsekvens: høj\n      ejer: Foreningens",
    )
    matrix = view_of(text, labels).risk_matrix
    assert matrix is not None and matrix.rows[0][1][2].numbers == "1, 2"
    unrated = "\n".join(line for line in ENGPARKEN.splitlines() if "sandsynlighed:" not in line)
    view = view_of(unrated + "\n", labels)
    assert view.risk_matrix is None
    assert [r.risk[:8] for r in view.risks] == [
        "Bestyrel",
        "Skolens ",
        "For få f",
        "Lokalern",
        "Mentorer",
    ]


# ------------------------------------------------------------------ given, not defaulted
#: The fields with a default, each as (path to it in ENGPARKEN's data, value to give, where
#: the view shows it, the word shown when given).
DEFAULTED = {
    "forankres": (("fase1", "hvad", 1), "forankres", "delvist", "Delvist"),
    "element_type": (("fase1", "hvad", 1), "type", "funktion", "Funktion"),
    "prioritet": (("fase1", "opgaver", 2), "prioritet", "kan", "Kan"),
    "placering": (("fase2", "aktører", 1), "placering", "ekstern", "Ekstern"),
    "activity_type": (("fase4", "aktiviteter", 1), "type", "aftale", "Aftale"),
    "activity_status": (("fase4", "aktiviteter", 1), "status", "ikke_startet", "Ikke startet"),
    "meta_status": (("meta",), "status", "udkast", "Udkast"),
}


def _shown(view: ReportView, name: str) -> str:
    """What the view shows for each defaulted field of ENGPARKEN's second item."""
    element = view.elements[1]
    activity = next(a for a in view.activities if a.name.startswith("Aftale med skolens"))
    return {
        "forankres": element.anchored,
        "element_type": element.type,
        "prioritet": view.task_groups[1].tasks[0].priority,
        "placering": view.actors[1].placement,
        "activity_type": activity.type,
        "activity_status": activity.status,
        "meta_status": dict((f.label, f.value) for f in view.cover.facts)["Status"],
    }[name]


@settings(max_examples=25, deadline=None)
@given(st.sets(st.sampled_from(sorted(DEFAULTED))))
def test_a_value_shows_its_word_when_given_and_not_given_when_left_out(
    given_fields: set[str],
) -> None:
    folder = TemplateFolder.of(None)
    labels = {"da": load_labels(folder, "da")}
    data = data_of(ENGPARKEN)
    for name in given_fields:
        path, key, value, _ = DEFAULTED[name]
        node: Any = data
        for step in path:
            node = node[step]
        node[key] = value
    view = build_view(Case.model_validate(data), today=TODAY, language="da", labels=labels["da"])
    for name, (_, _, _, word) in DEFAULTED.items():
        assert _shown(view, name) == (word if name in given_fields else NOT_GIVEN["da"]), name


def test_a_sector_left_out_is_shown_as_derived_from_the_type(engparken: ReportView) -> None:
    sectors = [a.sector for a in engparken.actors]
    assert sectors == [
        "Civilsamfund (afledt af typen)",
        "Professionel",  # given in the file
        "Professionel (afledt af typen)",
    ]


def test_counts_take_a_value_left_out_as_undecided(engparken: ReportView) -> None:
    figures = engparken.figures
    # Beboercaféen: ja; Mentorordning: delvist; Lektiecafé leaves forankres out.
    assert (figures.elements_anchored, figures.elements_partly) == (2, 1)
    assert (figures.elements_phased_out, figures.elements_undecided) == (0, 1)
    rows = {row.label: row for row in figures.rows}
    assert rows["Elementer uden beslutning om forankring"].value == "1"
    assert rows["Elementer uden beslutning om forankring"].alert
    assert dict(figures.activities_by_status) == {"ikke_startet": 1, "i_gang": 1, "afsluttet": 1}
    assert figures.activities_status_not_given == 1
    assert rows["Aktiviteter i planen"].value == (
        "4 i alt: 1 ikke startet, 1 i gang, 1 afsluttet, 1 uden angivet status"
    )
    # The element whose forankres is left out is not ready: that is the first thing missing.
    row = next(r for r in engparken.strategy.rows if r.element == "Lektiecafé")
    assert row.readiness == "not_ready"
    assert row.missing[0] == "Det er endnu ikke besluttet, om elementet skal forankres"
    assert engparken.status is not None and engparken.status.status == NOT_GIVEN["da"]
