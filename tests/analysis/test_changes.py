"""Comparing two versions of a case by id: what was added, removed and changed."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from forankring_docs.analysis import changes as ch
from forankring_docs.analysis.changes import Change, FieldChange, compare_cases
from forankring_docs.case.loader import load_bytes
from forankring_docs.case.model import (
    Activity,
    Actor,
    Analysis,
    Anchoring,
    Case,
    Element,
    FollowUp,
    Meta,
    Risk,
    Task,
)
from forankring_docs.case.validation import validate
from tests.conftest import MINIMAL, example_cases

FASE4 = """\
fase4:
  aktiviteter:
    - id: p1
      navn: Oplæring af klubben
      type: oplæring
      aktører: [klub]
      deadline: 2026-06-30
      status: ikke_startet
    - navn: Kursus for frivillige
      aktører: [forening]
  opfølgning: {forum: styregruppe, frekvens: Hvert kvartal}
  risici:
    - {risiko: Foreningen mister frivillige., håndtering: Flere koordinatorer.}
"""
BASE = MINIMAL + FASE4


def case(text: str) -> Case:
    return validate(load_bytes(text.encode("utf-8"), "test.yaml")).case


def edit(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert old in text, f"{old!r} is not in the case text"
        text = text.replace(old, new, 1)
    return text


def diff(old: str, new: str) -> ch.CaseChanges:
    return compare_cases(case(old), case(new))


def changes_of(result: ch.CaseChanges, item_kind: str) -> list[Change]:
    return [c for c in result.all_changes() if c.item_kind == item_kind]


def only(result: ch.CaseChanges, item_kind: str) -> Change:
    found = changes_of(result, item_kind)
    assert len(found) == 1, found
    return found[0]


def field(change: Change, key: str) -> FieldChange:
    found = [f for f in change.fields if f.field == key]
    assert len(found) == 1, change.fields
    return found[0]


# ------------------------------------------------------------------ nothing changed
def test_same_case_has_no_changes() -> None:
    result = diff(BASE, BASE)
    assert result.is_empty
    assert result.phases == ()
    assert result.summary() == "no changes"


def test_reordering_items_is_not_a_change() -> None:
    swapped = edit(
        MINIMAL,
        (
            """\
    - id: klub
      navn: Klubben
      type: kommune
      opgaver: {drift: fuldt}
    - id: forening
      navn: Foreningen
      type: forening
      opgaver: {drift: delvist}
""",
            """\
    - id: forening
      navn: Foreningen
      type: forening
      opgaver: {drift: delvist}
    - id: klub
      navn: Klubben
      type: kommune
      opgaver: {drift: fuldt}
""",
        ),
    )
    assert diff(MINIMAL, swapped).is_empty


@pytest.mark.parametrize("path", example_cases(), ids=lambda p: p.name)
def test_every_example_equals_itself_and_is_all_new_without_old(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert diff(text, text).is_empty
    fresh = compare_cases(None, case(text))
    assert not fresh.old_exists
    assert {c.kind for c in fresh.all_changes()} == {"added"}
    assert fresh.summary().startswith("new file: everything is new")


# ------------------------------------------------------------------ fase 1
def test_element_added_and_removed() -> None:
    new = edit(
        MINIMAL,
        (
            """\
    - id: cafe
      navn: Lektiecafé
""",
            """\
    - id: cafe
      navn: Lektiecafé
    - id: klub-element
      navn: Ungdomsklub
      type: funktion
""",
        ),
    )
    added = only(diff(MINIMAL, new), "element")
    assert (added.kind, added.item_id, added.item_name) == ("added", "klub-element", "Ungdomsklub")
    removed = only(diff(new, MINIMAL), "element")
    assert (removed.kind, removed.item_id, removed.item_name) == (
        "removed",
        "klub-element",
        "Ungdomsklub",
    )


def test_renamed_task_is_a_change_not_a_removal() -> None:
    result = diff(MINIMAL, edit(MINIMAL, ("navn: Afvikling", "navn: Afvikling af caféen")))
    change = only(result, "task")
    assert change.kind == "changed"
    assert change.item_id == "drift"
    assert change.item_name == "Afvikling af caféen"
    assert change.fields == (FieldChange("navn", "name", "Afvikling", "Afvikling af caféen"),)
    assert result.summary() == "1 task changed"


def test_task_fields_with_labels_and_numbers_as_written() -> None:
    old = edit(
        MINIMAL,
        (
            "      opgavetype: aktivitet\n",
            "      opgavetype: aktivitet\n      ressourcer: {timer_pr_uge: 6}\n",
        ),
    )
    new = edit(
        MINIMAL,
        (
            "      opgavetype: aktivitet\n",
            "      opgavetype: rådgivning\n      prioritet: bør\n"
            "      ressourcer: {timer_pr_uge: 7.5, lokaler: Beboerhuset}\n",
        ),
    )
    change = only(diff(old, new), "task")
    hours = field(change, "ressourcer.timer_pr_uge")
    assert (hours.label, hours.old, hours.new, hours.direction) == ("hours per week", 6, 7.5, "up")
    assert type(hours.old) is int  # 6, as written, not 6.0
    assert field(change, "ressourcer.lokaler").old is None
    assert (field(change, "opgavetype").old, field(change, "opgavetype").new) == (
        "aktivitet",
        "rådgivning",
    )
    assert field(change, "prioritet").new == "bør"


def test_task_with_new_id_is_removed_and_added() -> None:
    new = edit(
        MINIMAL,
        ("id: drift", "id: afvikling"),
        ("[drift]", "[afvikling]"),
        ("{drift: fuldt}", "{afvikling: fuldt}"),
        ("{drift: delvist}", "{afvikling: delvist}"),
    )
    kinds = sorted((c.kind, c.item_id) for c in changes_of(diff(MINIMAL, new), "task"))
    assert kinds == [("added", "afvikling"), ("removed", "drift")]


def test_why_and_task_types() -> None:
    new = edit(
        MINIMAL,
        ("hvorfor: Fordi det virker.", "hvorfor: Fordi det virker godt."),
        (
            "  opgaver:\n    - id: drift",
            "  opgavetyper: {mentor: Mentorordning}\n  opgaver:\n    - id: drift",
        ),
    )
    result = diff(MINIMAL, new)
    phase = only(result, "phase")
    assert (phase.kind, phase.item_id) == ("changed", "fase1")
    assert field(phase, "hvorfor").new == "Fordi det virker godt."
    task_type = only(result, "task_type")
    assert (task_type.kind, task_type.item_id, task_type.item_name) == (
        "added",
        "mentor",
        "Mentorordning",
    )


# ------------------------------------------------------------------ fase 2
def test_actor_added_removed_and_what_it_can_take_on() -> None:
    new = edit(
        MINIMAL,
        (
            """\
    - id: forening
      navn: Foreningen
      type: forening
      opgaver: {drift: delvist}
""",
            """\
    - id: forening
      navn: Foreningen
      type: forening
      placering: lokal
      opgaver: {drift: fuldt}
    - id: skole
      navn: Skolen
      type: kommune
""",
        ),
    )
    result = diff(MINIMAL, new)
    by_id = {c.item_id: c for c in changes_of(result, "actor")}
    assert by_id["skole"].kind == "added"
    changed = by_id["forening"]
    assert field(changed, "placering").old == "ekstern"  # the default counts as a value
    extent = field(changed, "opgaver")
    assert (extent.subject, extent.subject_id, extent.old, extent.new, extent.label) == (
        "Afvikling",
        "drift",
        "delvist",
        "fuldt",
        "can take on Afvikling",
    )
    assert result.summary() == "1 actor added, 1 actor changed"
    assert [c.kind for c in changes_of(diff(new, MINIMAL), "actor")] == ["changed", "removed"]


# ------------------------------------------------------------------ fase 3: analyses
def analysed(scores: str, konklusion: str = "egnet") -> str:
    return edit(
        MINIMAL,
        (
            """\
      forståelse: 3
      mening: 3
      evne: 3
      vilje: 3
      konklusion: egnet
""",
            scores + f"      konklusion: {konklusion}\n",
        ),
    )


def test_scores_moved_with_direction() -> None:
    old = analysed("      forståelse: 3\n      mening: 2\n      evne: null\n      vilje: 4\n")
    new = analysed(
        "      forståelse: 3\n      mening: 3\n      evne: 2\n      vilje: null\n",
        "egnet_med_kapacitetsopbygning",
    )
    result = diff(old, new)
    change = only(result, "analysis")
    assert (change.kind, change.item_id, change.item_name) == ("changed", "klub", "Klubben")
    assert field(change, "mening") == FieldChange("mening", "meaning", 2, 3, "up", "score")
    assert field(change, "evne").direction == "known"
    assert field(change, "vilje") == FieldChange(
        "vilje", "willingness", 4, None, "unknown", "score"
    )
    assert field(change, "konklusion").new == "egnet_med_kapacitetsopbygning"
    assert result.summary() == "3 scores moved, 1 analysis changed"
    down = only(diff(new, old), "analysis")
    assert field(down, "mening").direction == "down"
    assert (field(down, "evne").old, field(down, "evne").new) == (2, None)


def test_score_reason_is_a_change_but_not_a_moved_score() -> None:
    new = analysed(
        "      forståelse: 3\n      mening: 3\n"
        "      evne: {score: 3, begrundelse: Erfarent personale.}\n      vilje: 3\n"
    )
    result = diff(MINIMAL, new)
    change = only(result, "analysis")
    assert field(change, "evne.begrundelse").label == "reason for ability"
    assert result.summary() == "1 analysis changed"


def test_analysis_added_names_the_actor() -> None:
    new = MINIMAL.replace(
        "  forankring:",
        """\
    - aktør: forening
      forståelse: 2
      mening: 3
      evne: 2
      vilje: 4
      konklusion: egnet_med_kapacitetsopbygning
  forankring:""",
    )
    change = only(diff(MINIMAL, new), "analysis")
    assert (change.kind, change.item_id, change.item_name) == ("added", "forening", "Foreningen")


# ------------------------------------------------------------------ fase 3: anchoring
def test_anchoring_roles_actors_and_handover() -> None:
    old = edit(
        MINIMAL,
        (
            "organiseringsform: samarbejdsaftale",
            "organiseringsform: samarbejdsaftale\n      overdragelse: 2026-08-01",
        ),
    )
    new = edit(
        MINIMAL,
        (
            "organiseringsform: samarbejdsaftale",
            "organiseringsform: partnerskab\n      overdragelse: 2026-10-01",
        ),
        (
            "{aktør: klub, rolle: hovedansvarlig, ansvar: Driver caféen.}",
            "{aktør: forening, rolle: hovedansvarlig, ansvar: Frivillige.}",
        ),
        (
            "{aktør: forening, rolle: medansvarlig, ansvar: Frivillige.}",
            "{aktør: skole, rolle: bidragyder}",
        ),
        (
            """\
      opgaver: {drift: delvist}
""",
            """\
      opgaver: {drift: delvist}
    - id: skole
      navn: Skolen
      type: kommune
""",
        ),
    )
    change = only(diff(old, new), "anchoring")
    assert (change.kind, change.item_id, change.item_name) == ("changed", "drift", "Afvikling")
    handover = field(change, "overdragelse")
    assert (handover.label, handover.old, handover.new, handover.direction) == (
        "handover",
        "2026-08-01",
        "2026-10-01",
        "later",
    )
    assert field(change, "organiseringsform").new == "partnerskab"
    actors = {f.subject_id: f for f in change.fields if f.field == "aktører"}
    assert (actors["forening"].old, actors["forening"].new) == ("medansvarlig", "hovedansvarlig")
    assert (actors["klub"].old, actors["klub"].new) == ("hovedansvarlig", None)
    assert (actors["skole"].old, actors["skole"].new) == (None, "bidragyder")
    assert actors["skole"].label == "actor Skolen"
    assert field(diff(new, old).phases[-1].changes[-1], "overdragelse").direction == "earlier"


def test_anchoring_is_matched_by_task_not_by_position() -> None:
    two_tasks = edit(
        MINIMAL,
        (
            """\
      opgavetype: aktivitet
""",
            """\
      opgavetype: aktivitet
    - id: hjemmeside
      navn: Hjemmeside
      element: cafe
      opgavetype: kommunikation
""",
        ),
        ("{drift: fuldt}", "{drift: fuldt, hjemmeside: fuldt}"),
    )
    old = (
        two_tasks
        + """\
    - opgaver: [hjemmeside]
      model: enkeltaktør
      aktører: [{aktør: klub, rolle: hovedansvarlig}]
"""
    )
    new = edit(
        two_tasks,
        (
            "    - opgaver: [drift]\n",
            """\
    - opgaver: [hjemmeside]
      model: enkeltaktør
      aktører: [{aktør: klub, rolle: hovedansvarlig, ansvar: Opdaterer siden.}]
    - opgaver: [drift]
""",
        ),
    )
    change = only(diff(old, new), "anchoring")
    assert change.item_id == "hjemmeside"
    assert field(change, "aktører.ansvar").new == "Opdaterer siden."


def test_anchoring_added_and_removed_per_task() -> None:
    without = MINIMAL[: MINIMAL.index("  forankring:")]
    result = diff(without, MINIMAL)
    assert [(c.kind, c.item_id) for c in changes_of(result, "anchoring")] == [("added", "drift")]
    assert result.summary() == "1 anchoring added"
    assert [c.kind for c in changes_of(diff(MINIMAL, without), "anchoring")] == ["removed"]


TWO_TASKS = edit(
    MINIMAL,
    (
        """\
      opgavetype: aktivitet
""",
        """\
      opgavetype: aktivitet
    - id: hjemmeside
      navn: Hjemmeside
      element: cafe
      opgavetype: kommunikation
""",
    ),
    ("{drift: fuldt}", "{drift: fuldt, hjemmeside: fuldt}"),
    ("    - opgaver: [drift]\n", "    - opgaver: [drift, hjemmeside]\n"),
)


def test_tasks_anchored_together_that_changed_alike_are_one_change() -> None:
    new = edit(TWO_TASKS, ("organiseringsform: samarbejdsaftale", "organiseringsform: partnerskab"))
    result = diff(TWO_TASKS, new)
    change = only(result, "anchoring")
    assert (change.item_id, change.item_ids) == ("drift", ("drift", "hjemmeside"))
    assert change.item_name == "Afvikling; Hjemmeside"
    assert result.summary() == "1 anchoring changed"
    text = as_text(result, new)
    assert "  ~ Forankring: Afvikling og Hjemmeside (ændret)" in text.splitlines()


def test_a_new_or_dropped_anchoring_of_two_tasks_counts_once() -> None:
    without = TWO_TASKS[: TWO_TASKS.index("  forankring:")]
    added = diff(without, TWO_TASKS)
    assert [(c.kind, c.item_ids) for c in changes_of(added, "anchoring")] == [
        ("added", ("drift", "hjemmeside"))
    ]
    assert added.summary() == "1 anchoring added"
    assert diff(TWO_TASKS, without).summary() == "1 anchoring removed"
    assert compare_cases(None, case(TWO_TASKS)).summary().endswith("1 anchoring)")


def test_tasks_that_changed_differently_stay_apart() -> None:
    split = edit(
        TWO_TASKS,
        (
            "    - opgaver: [drift, hjemmeside]\n",
            """\
    - opgaver: [hjemmeside]
      model: enkeltaktør
      aktører: [{aktør: klub, rolle: hovedansvarlig}]
    - opgaver: [drift]
""",
        ),
    )
    result = diff(TWO_TASKS, split)
    assert [c.item_ids for c in changes_of(result, "anchoring")] == [("drift",), ("hjemmeside",)]
    assert result.summary() == "2 anchorings changed"


def test_a_new_lead_actor_is_named_first() -> None:
    new = edit(
        MINIMAL,
        (
            "{aktør: klub, rolle: hovedansvarlig, ansvar: Driver caféen.}",
            "{aktør: klub, rolle: medansvarlig, ansvar: Driver caféen.}",
        ),
        (
            "{aktør: forening, rolle: medansvarlig, ansvar: Frivillige.}",
            "{aktør: forening, rolle: hovedansvarlig, ansvar: Frivillige.}",
        ),
    )
    change = only(diff(MINIMAL, new), "anchoring")
    lead = change.fields[0]
    assert (lead.field, lead.label, lead.old, lead.new, lead.value_type) == (
        "hovedansvarlig",
        "lead actor",
        "klub",
        "forening",
        "id",
    )
    assert [f.field for f in change.fields] == ["hovedansvarlig", "aktører", "aktører"]
    same_lead = edit(MINIMAL, ("ansvar: Frivillige.", "ansvar: Rekrutterer frivillige."))
    assert "hovedansvarlig" not in [
        f.field for f in only(diff(MINIMAL, same_lead), "anchoring").fields
    ]


def test_summary_puts_the_follow_up_in_phase_order() -> None:
    new = edit(
        BASE,
        ("frekvens: Hvert kvartal", "frekvens: Hver måned"),
        ("status: ikke_startet", "status: i_gang"),
        ("håndtering: Flere koordinatorer.", "håndtering: Tre koordinatorer."),
        ("      evne: 3\n", "      evne: 2\n"),
    )
    assert diff(BASE, new).summary() == (
        "1 score moved, 1 activity changed, follow-up changed (frequency), 1 risk changed"
    )


# ------------------------------------------------------------------ fase 4
def test_activity_status_and_deadline() -> None:
    new = edit(
        BASE,
        ("deadline: 2026-06-30", "deadline: 2026-09-30"),
        ("status: ikke_startet", "status: i_gang"),
    )
    result = diff(BASE, new)
    change = only(result, "activity")
    assert (change.kind, change.item_id, change.item_name) == (
        "changed",
        "p1",
        "Oplæring af klubben",
    )
    assert field(change, "status") == FieldChange(
        "status", "status", "ikke_startet", "i_gang", None, "choice"
    )
    deadline = field(change, "deadline")
    assert (deadline.old, deadline.new, deadline.direction) == ("2026-06-30", "2026-09-30", "later")
    assert result.summary() == "1 activity changed"


def test_activity_with_id_is_matched_by_id_when_renamed() -> None:
    change = only(
        diff(BASE, edit(BASE, ("navn: Oplæring af klubben", "navn: Sidemandsoplæring"))), "activity"
    )
    assert (change.kind, change.item_id, field(change, "navn").old) == (
        "changed",
        "p1",
        "Oplæring af klubben",
    )


def test_activity_without_id_is_matched_by_name() -> None:
    new = edit(
        BASE,
        ("      aktører: [forening]\n", "      aktører: [forening]\n      status: afsluttet\n"),
    )
    change = only(diff(BASE, new), "activity")
    assert (change.kind, change.item_id, change.item_name) == (
        "changed",
        None,
        "Kursus for frivillige",
    )
    renamed = edit(BASE, ("navn: Kursus for frivillige", "navn: Kursus for koordinatorer"))
    kinds = [(c.kind, c.item_name) for c in changes_of(diff(BASE, renamed), "activity")]
    assert kinds == [("added", "Kursus for koordinatorer"), ("removed", "Kursus for frivillige")]


def test_activity_that_gets_an_id_is_the_same_activity() -> None:
    new = edit(
        BASE,
        ("    - navn: Kursus for frivillige", "    - id: p2\n      navn: Kursus for frivillige"),
    )
    change = only(diff(BASE, new), "activity")
    assert change.kind == "changed"
    assert field(change, "id") == FieldChange("id", "id", None, "p2", None, "id")


def test_activities_with_different_ids_are_not_matched_by_name() -> None:
    new = edit(BASE, ("id: p1", "id: p9"))
    kinds = sorted((c.kind, c.item_id) for c in changes_of(diff(BASE, new), "activity"))
    assert kinds == [("added", "p9"), ("removed", "p1")]


def test_follow_up_and_risks() -> None:
    new = edit(
        BASE,
        ("frekvens: Hvert kvartal", "frekvens: Hver måned, næste_møde: 2026-12-10"),
        ("håndtering: Flere koordinatorer.", "håndtering: Tre koordinatorer uddannes."),
    )
    result = diff(BASE, new)
    follow_up = only(result, "follow_up")
    assert field(follow_up, "næste_møde").new == "2026-12-10"
    risk = only(result, "risk")
    assert (risk.kind, risk.item_name) == ("changed", "Foreningen mister frivillige.")
    assert result.summary() == "follow-up changed (frequency, next meeting), 1 risk changed"


# ------------------------------------------------------------------ the December additions
NETWORK = edit(
    BASE,
    (
        "rolle: medansvarlig, ansvar: Frivillige.}",
        "rolle: medansvarlig, ansvar: Frivillige.}\n"
        "      koordinering: Klubben indkalder.\n"
        "      snitflader:\n"
        "        - {fra: klub, til: forening, hvad: Vagtplanen., hvornår: Hver måned}\n"
        "        - {fra: forening, til: klub, hvad: Nye frivillige.}",
    ),
)


def test_interfaces_are_paired_by_who_hands_over_to_whom() -> None:
    new = edit(
        NETWORK,
        (
            "hvad: Vagtplanen., hvornår: Hver måned",
            "hvad: Vagtplanen for næste måned., hvornår: Hver måned, forum: Mødet",
        ),
        (
            "        - {fra: forening, til: klub, hvad: Nye frivillige.}",
            "        - {fra: klub, til: forening, hvad: Nøglerne.}",
        ),
    )
    anchoring = only(diff(NETWORK, new), "anchoring")
    interfaces = [f for f in anchoring.fields if f.field == "snitflader"]
    assert [(f.subject, f.old, f.new) for f in interfaces] == [
        (
            "Klubben → Foreningen",
            "Vagtplanen. · Hver måned",
            "Vagtplanen for næste måned. · Hver måned · Mødet",
        ),
        ("Klubben → Foreningen", None, "Nøglerne."),
        ("Foreningen → Klubben", "Nye frivillige.", None),
    ]


def test_coordination_and_a_roles_own_tasks() -> None:
    two = edit(
        NETWORK,
        (
            "  opgaver:\n    - id: drift",
            "  opgaver:\n    - {id: lektier, navn: Lektier, element: cafe, opgavetype: aktivitet}"
            "\n    - id: drift",
        ),
        ("    - opgaver: [drift]", "    - opgaver: [drift, lektier]"),
    )
    new = edit(
        two,
        ("koordinering: Klubben indkalder.", "koordinering: Foreningen indkalder."),
        ("ansvar: Frivillige.}", "ansvar: Frivillige., opgaver: [lektier]}"),
    )
    anchoring = only(diff(two, new), "anchoring")
    assert field(anchoring, "koordinering").new == "Foreningen indkalder."
    tasks = field(anchoring, "aktører.opgaver")
    assert (tasks.subject, tasks.old, tasks.new) == (
        "Foreningen",
        ("drift", "lektier"),
        ("lektier",),
    )
    # a role without tasks of its own follows the anchoring's: said once, by the anchoring
    more = edit(two, ("    - opgaver: [drift, lektier]", "    - opgaver: [drift]"))
    changed = [c for c in changes_of(diff(two, more), "anchoring") if c.kind == "changed"]
    assert [f.field for c in changed for f in c.fields] == ["opgaver"]
    # an actor joining with tasks of its own: its role, then the tasks it covers
    joined = edit(
        two,
        (
            "      koordinering:",
            "        - {aktør: skole, rolle: bidragyder, opgaver: [lektier]}\n      koordinering:",
        ),
        ("fase3:", "    - {id: skole, navn: Skolen, type: kommune}\nfase3:"),
    )
    fields = only(diff(two, joined), "anchoring").fields
    assert [(f.field, f.old, f.new) for f in fields if f.subject == "Skolen"] == [
        ("aktører", None, "bidragyder"),
        ("aktører.opgaver", (), ("lektier",)),
    ]


def test_risk_levels_owner_and_what_it_concerns() -> None:
    new = edit(
        BASE,
        (
            "håndtering: Flere koordinatorer.}",
            "håndtering: Flere koordinatorer., sandsynlighed: høj, "
            "konsekvens: middel, ejer: Projektlederen, aktører: [forening], opgaver: [drift]}",
        ),
    )
    risk = only(diff(BASE, new), "risk")
    assert [(f.field, f.label, f.old, f.new, f.value_type) for f in risk.fields] == [
        ("sandsynlighed", "likelihood", None, "høj", "choice"),
        ("konsekvens", "consequence", None, "middel", "choice"),
        ("ejer", "owner", None, "Projektlederen", "text"),
        ("aktører", "actors", (), ("forening",), "list"),
        ("opgaver", "tasks", (), ("drift",), "list"),
    ]


def test_next_steps_and_a_nej_mark() -> None:
    new = edit(
        BASE,
        ("  periode:", "  næste_skridt: Workshop om fase 3.\n  periode:"),
        ("{drift: delvist}", "{drift: nej}"),
    )
    result = diff(BASE, new)
    assert field(only(result, "meta"), "næste_skridt").new == "Workshop om fase 3."
    mark = field(only(result, "actor"), "opgaver")
    assert (mark.subject, mark.old, mark.new) == ("Afvikling", "delvist", "nej")


# ------------------------------------------------------------------ meta and phases
def test_meta_changes() -> None:
    old = edit(MINIMAL, ("  periode:", '  version: "1.0"\n  status: til_godkendelse\n  periode:'))
    new = edit(
        MINIMAL,
        (
            "indsats: Helhedsplan Testby 2024–2027",
            "indsats: Helhedsplan Testby 2024–2028\n  titel: Ny titel",
        ),
        ("slut: 2027-12-31", "slut: 2028-12-31"),
        ("  periode:", '  version: "1.1"\n  status: godkendt\n  dato: 2026-11-15\n  periode:'),
    )
    result = diff(old, new)
    meta = only(result, "meta")
    assert [f.field for f in meta.fields] == [
        "titel",
        "indsats",
        "periode.slut",
        "version",
        "dato",
        "status",
    ]
    assert field(meta, "periode.slut").direction == "later"
    assert (field(meta, "version").old, field(meta, "version").new) == ("1.0", "1.1")
    assert field(meta, "dato").old is None
    assert (result.old_version, result.new_version) == ("1.0", "1.1")
    assert result.summary() == (
        "meta changed (title, initiative, period end, version, date, status)"
    )


def test_version_is_text_as_written() -> None:
    old = edit(MINIMAL, ("  periode:", "  version: 1.10\n  periode:"))
    new = edit(MINIMAL, ("  periode:", "  version: 1.9\n  periode:"))
    assert field(only(diff(old, new), "meta"), "version") == FieldChange(
        "version", "version", "1.10", "1.9"
    )


def test_phase_worked_out_and_emptied() -> None:
    result = diff(MINIMAL, BASE)
    phase = only(result, "phase")
    assert (phase.kind, phase.item_id) == ("added", "fase4")
    assert result.phases[-1].phase == "fase4"
    assert result.phases[-1].changes[0] == phase
    assert result.summary() == (
        "phase 4 worked out, 2 activities added, follow-up added, 1 risk added"
    )
    emptied = edit(MINIMAL, (MINIMAL[MINIMAL.index("fase3:") :], "fase3:\n"))
    back = diff(MINIMAL, emptied)
    assert [(c.kind, c.item_id) for c in changes_of(back, "phase")] == [("removed", "fase3")]
    assert back.summary() == "phase 3 no longer worked out, 1 analysis removed, 1 anchoring removed"


def test_summary_counts_in_phase_order() -> None:
    new = edit(
        BASE,
        (
            """\
      opgavetype: aktivitet
""",
            """\
      opgavetype: aktivitet
    - {id: t1, navn: En, element: cafe, opgavetype: drift}
    - {id: t2, navn: To, element: cafe, opgavetype: drift}
    - {id: t3, navn: Tre, element: cafe, opgavetype: drift}
""",
        ),
        ("      evne: 3\n", "      evne: 4\n"),
        ("      vilje: 3\n", "      vilje: 2\n"),
        ("status: ikke_startet", "status: i_gang"),
    )
    assert diff(BASE, new).summary() == "3 tasks added, 2 scores moved, 1 activity changed"


# ------------------------------------------------------------------ the structure itself
def test_result_is_frozen_and_json_ready() -> None:
    result = diff(BASE, edit(BASE, ("deadline: 2026-06-30", "deadline: 2026-09-30")))
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.phases[0].changes[0].kind = "added"  # type: ignore[misc]
    data = json.loads(json.dumps(result.as_dict(), ensure_ascii=False))
    assert data["summary"] == "1 activity changed"
    assert data["is_empty"] is False
    [phase] = data["phases"]
    assert phase["phase"] == "fase4"
    [change] = phase["changes"]
    assert change["fields"][0] == {
        "field": "deadline",
        "label": "deadline",
        "old": "2026-06-30",
        "new": "2026-09-30",
        "direction": "later",
        "value_type": "date",
        "subject": None,
        "subject_id": None,
    }


def test_every_item_kind_has_english_names() -> None:
    result = compare_cases(None, case(BASE))
    for change in result.all_changes():
        assert change.item_label == ch.ITEM_KINDS[change.item_kind].singular


def _keys(specs: tuple[ch.FieldSpec, ...]) -> set[str]:
    return {spec.key.split(".")[0] for spec in specs}


def _aliases(model: type) -> set[str]:
    return {info.alias or name for name, info in model.model_fields.items()}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("model", "specs", "elsewhere"),
    [
        (Meta, ch.META_FIELDS, set()),
        (Element, ch.ELEMENT_FIELDS, {"id"}),
        (Task, ch.TASK_FIELDS, {"id"}),
        (Actor, ch.ACTOR_FIELDS, {"id", "opgaver"}),
        (Analysis, ch.ANALYSIS_FIELDS, {"aktør"}),
        (Anchoring, ch.ANCHORING_FIELDS, {"aktører", "snitflader"}),
        (Activity, ch.ACTIVITY_FIELDS, set()),
        (FollowUp, ch.FOLLOW_UP_FIELDS, set()),
        (Risk, ch.RISK_FIELDS, {"risiko"}),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_every_model_field_is_compared(
    model: type, specs: tuple[ch.FieldSpec, ...], elsewhere: set[str]
) -> None:
    """A field added to the model must get a label here, or it would never show as changed."""
    assert _keys(specs) | elsewhere == _aliases(model)


# ------------------------------------------------------------------ plain text (diff)
def as_text(result: ch.CaseChanges, new: str, language: str = "da") -> str:
    """The changes as ``forankring diff`` prints them, in the report's words."""
    from forankring_docs.pipeline import Renderer
    from forankring_docs.report.changes import build_changes, changes_text

    labels = Renderer.for_template().labels(language)
    view = build_changes(result, "v1.0", case(new), labels)
    return changes_text(view, "(a.yaml@v1.0 → a.yaml)")


def test_text_summary_first_then_parts() -> None:
    new = edit(
        BASE,
        ("navn: Afvikling", "navn: Afvikling af caféen"),
        ("status: ikke_startet", "status: i_gang"),
    )
    assert as_text(diff(BASE, new), new).splitlines() == [
        "Siden v1.0: 1 opgave ændret og 1 aktivitet ændret.",
        "(a.yaml@v1.0 → a.yaml)",
        "",
        "Fase 1: Hvorfor, hvad og hvilke opgaver",
        "  ~ Opgave: Afvikling af caféen (ændret)",
        "      Navn: Afvikling → Afvikling af caféen",
        "",
        "Fase 4: Forankringsplan",
        "  ~ Aktivitet: Oplæring af klubben (ændret)",
        "      Status: Ikke startet → I gang",
    ]


def test_text_for_a_new_file() -> None:
    text = as_text(compare_cases(None, case(MINIMAL)), MINIMAL)
    assert text.splitlines()[0] == "Casefilen fandtes ikke i v1.0, så alt i strategien er nyt."
