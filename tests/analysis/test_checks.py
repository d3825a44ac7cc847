"""The cross-phase warnings A101–A405: each fires where report.md says, at the right line, and
stays quiet otherwise; the example case's warnings; the report sentences in both languages.
The December rules (A103, A104, A308–A311, A406) are tested in test_checks_december.py."""

from __future__ import annotations

import copy
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from forankring_docs.analysis.checks import (
    NAMES_KEY,
    RULES,
    Finding,
    SentenceError,
    case_today,
    placeholders,
    report_sentence,
    run_checks,
    sentence_problems,
    to_diagnostics,
)
from forankring_docs.case.loader import load_text
from forankring_docs.case.model import CONCEPTS
from forankring_docs.case.validation import ValidCase, load_case, validate
from tests.conftest import SOLHOEJ

REPO = Path(__file__).resolve().parents[2]
LABELS = REPO / "templates" / "default" / "labels"
TODAY = dt.date(2026, 3, 1)


# ------------------------------------------------------------------ building cases
def analysis(actor: str, **scores: int | None) -> dict[str, Any]:
    """An analysis scoring 3 on every concept unless told otherwise."""
    return {"aktør": actor, **{c: scores.get(c, 3) for c in CONCEPTS}, "konklusion": "egnet"}


def base_case() -> dict[str, Any]:
    """A case with all four phases that gives no warning at all (see test_base_case_is_clean)."""
    return {
        "format": 1,
        "meta": {
            "indsats": "Helhedsplan Testby 2024–2027",
            "boligområde": "Testby",
            "periode": {"start": "2024-01-01", "slut": "2027-12-31"},
            "dato": TODAY.isoformat(),
        },
        "fase1": {
            "hvorfor": "Fordi det virker.",
            "hvad": [
                {"id": "cafe", "navn": "Lektiecafé"},
                {"id": "lejr", "navn": "Sommerlejr", "forankres": "nej", "begrundelse": "For dyr."},
            ],
            "opgaver": [
                {
                    "id": "drift",
                    "navn": "Afvikling af caféen",
                    "element": "cafe",
                    "opgavetype": "aktivitet",
                },
                {
                    "id": "frivillige",
                    "navn": "Koordinering af frivillige",
                    "element": "cafe",
                    "opgavetype": "frivillighed",
                },
            ],
        },
        "fase2": {
            "aktører": [
                {
                    "id": "klub",
                    "navn": "Fritidsklubben",
                    "type": "kommune",
                    "opgaver": {"drift": "fuldt"},
                },
                {
                    "id": "forening",
                    "navn": "Frivilligforeningen",
                    "type": "forening",
                    "opgaver": {"drift": "delvist", "frivillige": "fuldt"},
                },
            ]
        },
        "fase3": {
            "analyser": [analysis("klub"), analysis("forening")],
            "forankring": [
                {
                    "opgaver": ["drift", "frivillige"],
                    "model": "netværk",
                    "organiseringsform": "samarbejdsaftale",
                    "overdragelse": "2027-06-30",
                    "koordinering": "Klubben samler parterne hvert kvartal.",
                    "aktører": [
                        {"aktør": "klub", "rolle": "hovedansvarlig", "ansvar": "Driver caféen."},
                        {
                            "aktør": "forening",
                            "rolle": "medansvarlig",
                            "ansvar": "Skaffer frivillige.",
                        },
                    ],
                }
            ],
        },
        "fase4": {"aktiviteter": [activity("Overdragelsesmøde")]},
    }


def activity(name: str, **fields: Any) -> dict[str, Any]:
    """A complete activity of both actors for the task 'drift', due 2026-06-30."""
    return {
        "navn": name,
        "type": "overdragelse",
        "aktører": ["klub", "forening"],
        "opgaver": ["drift"],
        "ansvarlig": "Projektleder",
        "start": "2026-01-01",
        "deadline": "2026-06-30",
        "succeskriterium": "Aftalen er på plads.",
        **fields,
    }


def dump(data: dict[str, Any]) -> str:
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def load(data: dict[str, Any]) -> tuple[ValidCase, str]:
    text = dump(data)
    return validate(load_text(text, "case.yaml")), text


def check(data: dict[str, Any], today: dt.date = TODAY) -> tuple[list[Finding], ValidCase, str]:
    """Validate and check a case; assert what every finding of every rule must satisfy."""
    valid, text = load(data)
    findings = run_checks(valid.case, today)
    for finding in findings:
        assert_well_formed(finding, valid)
    return findings, valid, text


def assert_well_formed(finding: Finding, valid: ValidCase) -> None:
    entry = RULES[finding.code]
    assert finding.sentence_key in entry.sentence_keys
    assert set(finding.params) == entry.params_for(finding.sentence_key), finding
    assert all(
        (isinstance(v, str) and v) or (isinstance(v, tuple) and v and all(v))
        for v in finding.params.values()
    ), finding
    assert finding.path in valid.positions.values, finding.path  # a real place in the file
    assert finding.message and finding.hint


def codes(data: dict[str, Any], code: str, today: dt.date = TODAY) -> list[Finding]:
    return [f for f in check(data, today)[0] if f.code == code]


def line_of(text: str, marker: str, after: str | None = None) -> int:
    """The 1-based line of the first line containing ``marker`` (after the line with ``after``)."""
    lines = text.splitlines()
    start = next(i for i, ln in enumerate(lines) if after in ln) if after else 0
    return next(i for i, ln in enumerate(lines) if i >= start and marker in ln) + 1


def single(data: dict[str, Any], code: str, today: dt.date = TODAY) -> tuple[Finding, int, str]:
    """The one finding of ``code``, its diagnostic line, and the file text."""
    findings, valid, text = check(data, today)
    mine = [f for f in findings if f.code == code]
    assert len(mine) == 1, mine
    (diagnostic,) = to_diagnostics(mine, valid)
    return mine[0], diagnostic.line, text


# ------------------------------------------------------------------ the whole
def test_base_case_is_clean() -> None:
    assert check(base_case())[0] == []


def test_rules_are_registered_in_code_order_with_titles() -> None:
    assert list(RULES) == [
        "A101",
        "A102",
        "A103",
        "A104",
        "A201",
        "A202",
        "A301",
        "A302",
        "A303",
        "A304",
        "A305",
        "A306",
        "A307",
        "A308",
        "A309",
        "A310",
        "A311",
        "A401",
        "A402",
        "A403",
        "A404",
        "A405",
        "A406",
    ]
    for code, entry in RULES.items():
        assert entry.code == code
        assert entry.title.endswith(".") and "\n" not in entry.title
        assert entry.check.__name__.startswith(code.lower() + "_")


def test_findings_come_in_rule_order_then_item_order() -> None:
    data = base_case()
    acts = data["fase4"]["aktiviteter"]
    acts[0].pop("ansvarlig")
    acts.append(activity("Kursus", deadline="2026-01-31"))
    acts.append(activity("Møde", deadline="2026-02-01", succeskriterium=""))
    findings = check(data)[0]
    assert [(f.code, f.path[-1] if f.code == "A404" else f.path[-2]) for f in findings] == [
        ("A404", 0),
        ("A404", 2),
        ("A405", 1),
        ("A405", 2),
    ]
    assert findings == check(data)[0]  # deterministic


def test_case_today_is_meta_dato_else_the_fallback() -> None:
    data = base_case()
    assert case_today(load(data)[0].case, dt.date(2030, 1, 1)) == TODAY
    del data["meta"]["dato"]
    assert case_today(load(data)[0].case, dt.date(2030, 1, 1)) == dt.date(2030, 1, 1)


def test_to_diagnostics_are_located_warnings() -> None:
    data = base_case()
    data["fase4"]["aktiviteter"][0]["status"] = "i_gang"
    data["fase4"]["aktiviteter"][0]["deadline"] = "2026-02-15"
    findings, valid, text = check(data)
    (diagnostic,) = to_diagnostics(findings, valid)
    assert (diagnostic.severity, diagnostic.code, diagnostic.file) == (
        "warning",
        "A405",
        "case.yaml",
    )
    assert diagnostic.path == "fase4.aktiviteter[0].deadline"
    assert diagnostic.line == line_of(text, "deadline: '2026-02-15'")
    assert diagnostic.column == text.splitlines()[diagnostic.line - 1].index("'2026") + 1
    assert diagnostic.format().startswith(
        f"case.yaml:{diagnostic.line}:{diagnostic.column}: warning: "
        "fase4.aktiviteter[0].deadline: 'Overdragelsesmøde' was due 2026-02-15 but is still in "
        "progress"
    )
    assert diagnostic.format().splitlines()[0].endswith(" [A405]")


def test_solhoej_example() -> None:
    """By hand, with today = meta.dato = 2026-11-15 and slut = 2027-03-31:

    - A101/A102: every anchored element has tasks; the phased-out Sommerlejr has a begrundelse.
    - A103: none of its texts is one of the starter's examples (which are the starter's own).
    - A104: status til_godkendelse, but lc-drift, lc-frivillige, fk-arrangementer, fj-match
      and fj-netvaerk have no prioritet, and jobcenter and egebo no placering. FIRES 7 times.
    - A201/A202: every task has a candidate; every actor is mapped to a task.
    - A301: Boligselskabet Egebo is mapped (fk-arrangementer, fj-netvaerk), not analysed. FIRES.
    - A302/A303: all six tasks are anchored; every chosen actor is analysed and egnet(-ish).
    - A304: the low or unknown scores of chosen actors are each built by an activity:
      klubben evne 2 (p1), frivforening evne null (p3), jobcenter vilje 2 (p4), afdbest evne 2
      (p5).
    - A305: jobcenter (vilje 2) has ledelsesforankring p4, due 2026-11-30 ≤ handover 2027-01-01.
    - A306: the one network anchoring has samarbejdsaftale and ansvar for every actor.
    - A307: fk-arrangementer rests on Afdelingsbestyrelsen Solhøj alone (beboerdemokrati →
      beboere, evne 2). FIRES once.
    - A308: no hovedansvarlig has an unknown evne or vilje (frivforening, evne null, is
      medansvarlig). A309: every konklusion fits its scores.
    - A310: the lektiecafé network has neither snitflader nor koordinering. FIRES once.
    - A311: Solhøj Skole (bidragyder) covers all the network's tasks, and fase2 does not mark
      it for lc-frivillige. FIRES once. (Klubben, the lead, is not marked for lc-frivillige
      either, but the medansvarlig Solhøj Frivilligforening carries it.)
    - A401: no date after 2027-03-31. A402: the fritidsjob handover 2027-01-01 is after
      2026-12-31 (three months before slut). FIRES once.
    - A403: every capacity activity ends before its tasks' handover (p1 06-30 < 08-01, p3 05-31
      < 08-01, p4 11-30 < 2027-01-01, p5 10-31 < 12-01). A404: all complete.
    - A405: p1 (06-30, i_gang), p2 (06-01), p3 (05-31), p5 (10-31) are past due and not
      afsluttet; p4 is due 11-30, after today. FIRES four times. A406: no risk is scored.
    """
    valid = load_case(SOLHOEJ)
    today = case_today(valid.case, dt.date(2000, 1, 1))
    assert today == dt.date(2026, 11, 15)
    findings = run_checks(valid.case, today)
    for finding in findings:
        assert_well_formed(finding, valid)
    assert [f.code for f in findings] == ["A104"] * 7 + ["A301", "A307", "A310", "A311"] + [
        "A402"
    ] + ["A405"] * 4
    by_code = {f.code: f for f in findings}
    assert "Boligselskabet Egebo" in by_code["A301"].message
    assert "Afdelingsbestyrelsen Solhøj" in by_code["A307"].message
    assert by_code["A311"].params == {
        "actor": "Solhøj Skole",
        "task": "Rekruttering og koordinering af frivillige lektiehjælpere",
    }
    assert [f.params for f in findings if f.variant == "actor"] == [
        {"actor": "Egeby Jobcenter, ungeenheden"},
        {"actor": "Boligselskabet Egebo"},
    ]


# ------------------------------------------------------------------ fase 1
def test_a101_anchored_element_without_tasks() -> None:
    data = base_case()
    data["fase1"]["hvad"].append({"id": "fritid", "navn": "Fritidsjob", "forankres": "delvist"})
    finding, line, text = single(data, "A101")
    assert finding.path == ("fase1", "hvad", 2)
    assert "Fritidsjob" in finding.message
    assert line == line_of(text, "id: fritid")
    assert finding.params == {"element": "Fritidsjob"}


def test_a101_not_for_phased_out_element() -> None:
    data = base_case()  # Sommerlejr (forankres: nej) has no tasks
    data["fase1"]["hvad"].append(
        {"id": "fritid", "navn": "Fritidsjob", "forankres": "nej", "begrundelse": "Udfases."}
    )
    assert codes(data, "A101") == []


@pytest.mark.parametrize("reason", [None, "  "])
def test_a102_phased_out_without_reason(reason: str | None) -> None:
    data = base_case()
    data["fase1"]["hvad"][1]["begrundelse"] = reason
    finding, line, text = single(data, "A102")
    assert finding.path == ("fase1", "hvad", 1)
    assert "Sommerlejr" in finding.message
    assert line == line_of(text, "id: lejr")


def test_a102_not_with_reason_or_when_anchored() -> None:
    data = base_case()
    data["fase1"]["hvad"][0]["begrundelse"] = None  # anchored: no reason needed
    assert codes(data, "A102") == []


# ------------------------------------------------------------------ fase 2
def add_task(data: dict[str, Any], task_id: str, name: str, element: str = "cafe") -> None:
    data["fase1"]["opgaver"].append(
        {"id": task_id, "navn": name, "element": element, "opgavetype": "aktivitet"}
    )


def test_a201_task_without_candidate() -> None:
    data = base_case()
    add_task(data, "lektier", "Lektiehjælp")
    finding, line, text = single(data, "A201")
    assert finding.path == ("fase1", "opgaver", 2)
    assert "'Lektiehjælp' (Lektiecafé)" in finding.message
    assert line == line_of(text, "id: lektier")


def test_a201_not_for_phased_out_element_nor_before_fase2() -> None:
    data = base_case()
    add_task(data, "bus", "Bustur", element="lejr")
    assert codes(data, "A201") == []
    data = base_case()
    add_task(data, "lektier", "Lektiehjælp")
    for phase in ("fase2", "fase3", "fase4"):  # fase3 and fase4 refer to fase2's actors
        del data[phase]
    assert codes(data, "A201") == []


def test_a202_actor_without_tasks() -> None:
    data = base_case()
    data["fase2"]["aktører"].append({"id": "skole", "navn": "Testby Skole", "type": "kommune"})
    finding, line, text = single(data, "A202")
    assert finding.path == ("fase2", "aktører", 2)
    assert finding.message == "Testby Skole is mapped to no task"
    assert line == line_of(text, "id: skole")


def test_a202_an_actor_marked_nej_for_every_task_it_is_assessed_for() -> None:
    """Assessed and unable: not 'mapped to no task' with a hint to add opgaver it has."""
    data = base_case()
    data["fase2"]["aktører"].append(
        {"id": "skole", "navn": "Testby Skole", "type": "kommune", "opgaver": {"drift": "nej"}}
    )
    finding, _, _ = single(data, "A202")
    assert finding.message == "Testby Skole is marked 'nej' for every task it is assessed for"
    assert "mark a task 'fuldt' or 'delvist'" in finding.hint
    assert finding.variant == "nej"


def test_a202_not_when_mapped() -> None:
    data = base_case()
    data["fase2"]["aktører"].append(
        {"id": "skole", "navn": "Testby Skole", "type": "kommune", "opgaver": {"drift": "delvist"}}
    )
    assert codes(data, "A202") == []


# ------------------------------------------------------------------ fase 3
def test_a301_mapped_actor_not_analysed() -> None:
    data = base_case()
    data["fase2"]["aktører"].append(
        {"id": "skole", "navn": "Testby Skole", "type": "kommune", "opgaver": {"drift": "delvist"}}
    )
    finding, line, text = single(data, "A301")
    assert finding.path == ("fase2", "aktører", 2)
    assert "Testby Skole" in finding.message
    assert line == line_of(text, "id: skole")


def test_a301_not_for_unmapped_actor_nor_before_fase3() -> None:
    data = base_case()
    data["fase2"]["aktører"].append({"id": "skole", "navn": "Testby Skole", "type": "kommune"})
    assert codes(data, "A301") == []
    data = base_case()
    del data["fase3"], data["fase4"]
    data["fase2"]["aktører"].append(
        {"id": "skole", "navn": "Testby Skole", "type": "kommune", "opgaver": {"drift": "delvist"}}
    )
    assert codes(data, "A301") == []


def test_a302_task_without_anchoring() -> None:
    data = base_case()
    data["fase3"]["forankring"][0]["opgaver"] = ["drift"]
    finding, line, text = single(data, "A302")
    assert finding.path == ("fase1", "opgaver", 1)
    assert "'Koordinering af frivillige' (Lektiecafé)" in finding.message
    assert line == line_of(text, "id: frivillige")


def test_a302_not_before_fase3_nor_for_phased_out_element() -> None:
    data = base_case()
    del data["fase3"], data["fase4"]
    assert codes(data, "A302") == []
    data = base_case()
    add_task(data, "bus", "Bustur", element="lejr")
    data["fase2"]["aktører"][0]["opgaver"]["bus"] = "fuldt"
    assert codes(data, "A302") == []


def test_a303_chosen_actor_not_analysed() -> None:
    data = base_case()
    del data["fase3"]["analyser"][1]
    finding, line, text = single(data, "A303")
    assert finding.path == ("fase3", "forankring", 0, "aktører", 1)
    assert finding.variant == "not_analysed"
    assert finding.message.startswith(
        "Frivilligforeningen is chosen to anchor 'Afvikling af "
        "caféen', 'Koordinering af frivillige'"
    )
    assert line == line_of(text, "aktør: forening", after="forankring:")
    assert [f.code for f in check(data)[0]] == ["A301", "A303"]  # both: see a301's docstring


def test_a303_chosen_actor_unsuitable() -> None:
    data = base_case()
    data["fase3"]["analyser"][0]["konklusion"] = "ikke_egnet"
    finding, line, text = single(data, "A303")
    assert finding.path == ("fase3", "forankring", 0, "aktører", 0)
    assert (finding.variant, finding.params["actor"]) == ("unsuitable", "Fritidsklubben")
    assert "ikke_egnet" in finding.message
    assert line == line_of(text, "aktør: klub", after="forankring:")


def test_a303_not_for_suitable_with_capacity_building() -> None:
    data = base_case()
    data["fase3"]["analyser"][1]["konklusion"] = "egnet_med_kapacitetsopbygning"
    assert codes(data, "A303") == []


@pytest.mark.parametrize(("score", "variant"), [(1, "low"), (2, "low"), (None, "unknown")])
def test_a304_weak_concept_not_built(score: int | None, variant: str) -> None:
    data = base_case()
    data["fase3"]["analyser"][1]["evne"] = score
    finding, line, text = single(data, "A304")
    assert finding.path == ("fase3", "forankring", 0, "aktører", 1)
    assert finding.variant == variant
    if score is not None:
        assert finding.message == (
            f"Frivilligforeningen scores {score} on evne, but no "
            "activity in fase4 builds evne for it"
        )
    assert finding.params["concept"] == "evne"
    assert line == line_of(text, "aktør: forening", after="forankring:")


def test_a304_not_when_an_activity_of_the_actor_builds_it() -> None:
    data = base_case()
    data["fase3"]["analyser"][1]["evne"] = 2
    data["fase4"]["aktiviteter"].append(activity("Kursus", aktører=["forening"], styrker=["evne"]))
    assert codes(data, "A304") == []


def test_a304_not_when_it_builds_another_concept_or_another_actor() -> None:
    data = base_case()
    data["fase3"]["analyser"][1]["evne"] = 2
    data["fase4"]["aktiviteter"].append(activity("Kursus", aktører=["forening"], styrker=["vilje"]))
    data["fase4"]["aktiviteter"].append(activity("Oplæring", aktører=["klub"], styrker=["evne"]))
    assert len(codes(data, "A304")) == 1


def test_a304_reports_an_actor_once_per_concept_and_waits_for_fase4() -> None:
    data = base_case()
    data["fase3"]["analyser"][1]["evne"] = 2
    data["fase3"]["forankring"][0]["opgaver"] = ["drift"]
    data["fase3"]["forankring"].append(
        {
            "opgaver": ["frivillige"],
            "model": "enkeltaktør",
            "aktører": [
                {"aktør": "klub", "rolle": "hovedansvarlig"},
                {"aktør": "forening", "rolle": "bidragyder"},
            ],
        }
    )
    assert [f.path for f in codes(data, "A304")] == [("fase3", "forankring", 0, "aktører", 1)]
    del data["fase4"]
    assert codes(data, "A304") == []


@pytest.mark.parametrize("kind", ["ledelsesforankring", "aftale"])
def test_a305_not_with_ownership_activity_by_the_handover(kind: str) -> None:
    data = base_case()
    data["fase3"]["analyser"][0]["vilje"] = 2
    data["fase4"]["aktiviteter"].append(
        activity("Aftale", type=kind, aktører=["klub"], deadline="2027-06-30")
    )
    assert codes(data, "A305") == []


def test_a305_low_willingness_lead_without_ownership_activity() -> None:
    data = base_case()
    data["fase3"]["analyser"][0]["vilje"] = 2
    data["fase4"]["aktiviteter"].append(
        activity("Aftale", type="aftale", aktører=["klub"], deadline="2027-07-01")
    )  # after the handover
    finding, line, text = single(data, "A305")
    assert finding.path == ("fase3", "forankring", 0, "aktører", 0)
    assert (finding.variant, finding.params["handover"]) == ("handover", "2027-06-30")
    assert finding.message.startswith("Fritidsklubben is hovedansvarlig")
    assert line == line_of(text, "aktør: klub", after="forankring:")


def test_a305_without_handover_any_ownership_activity_counts() -> None:
    data = base_case()
    data["fase3"]["analyser"][0]["vilje"] = 1
    del data["fase3"]["forankring"][0]["overdragelse"]
    finding = single(data, "A305")[0]
    assert finding.variant is None and "is planned with it" in finding.message
    data["fase4"]["aktiviteter"].append(
        activity("Møde", type="ledelsesforankring", aktører=["klub"], deadline="2027-11-30")
    )
    assert codes(data, "A305") == []


def test_a305_not_for_medansvarlig_unknown_vilje_or_before_fase4() -> None:
    data = base_case()
    data["fase3"]["analyser"][1]["vilje"] = 2  # forening is medansvarlig
    data["fase3"]["analyser"][0]["vilje"] = None  # unknown: A304's business
    assert codes(data, "A305") == []
    data["fase3"]["analyser"][0]["vilje"] = 2
    del data["fase4"]
    assert codes(data, "A305") == []


def test_a306_network_without_organisation_form() -> None:
    data = base_case()
    del data["fase3"]["forankring"][0]["organiseringsform"]
    finding, line, text = single(data, "A306")
    assert finding.path == ("fase3", "forankring", 0)
    assert finding.variant == "no_form"
    assert "'Afvikling af caféen', 'Koordinering af frivillige'" in finding.message
    assert line == line_of(text, "opgaver:", after="forankring:")


def test_a306_one_finding_per_actor_without_ansvar() -> None:
    data = base_case()
    for entry in data["fase3"]["forankring"][0]["aktører"]:
        del entry["ansvar"]
    findings, valid, text = check(data)
    mine = [f for f in findings if f.code == "A306"]
    assert [f.params["actor"] for f in mine] == ["Fritidsklubben", "Frivilligforeningen"]
    assert mine[1].path == ("fase3", "forankring", 0, "aktører", 1)
    assert "Frivilligforeningen has no ansvar" in mine[1].message
    assert to_diagnostics(mine, valid)[1].line == line_of(
        text, "aktør: forening", after="forankring:"
    )


def test_a306_not_for_ingen_nor_single_actor_model() -> None:
    data = base_case()
    data["fase3"]["forankring"][0]["organiseringsform"] = "ingen"
    assert codes(data, "A306") == []
    data = base_case()
    anchoring = data["fase3"]["forankring"][0]
    anchoring.update(model="enkeltaktør", aktører=[{"aktør": "klub", "rolle": "hovedansvarlig"}])
    del anchoring["organiseringsform"]
    assert codes(data, "A306") == []


def sole_anchor_case(actor: str = "forening", evne: int | None = 2) -> dict[str, Any]:
    """'frivillige' anchored by ``actor`` alone (plus the other actor as bidragyder)."""
    data = base_case()
    other = "klub" if actor == "forening" else "forening"
    data["fase3"]["analyser"] = [analysis(actor, evne=evne), analysis(other)]
    data["fase3"]["forankring"] = [
        {
            "opgaver": ["drift"],
            "model": "enkeltaktør",
            "overdragelse": "2027-06-30",
            "aktører": [{"aktør": "klub", "rolle": "hovedansvarlig"}],
        },
        {
            "opgaver": ["frivillige"],
            "model": "enkeltaktør",
            "overdragelse": "2027-06-30",
            "aktører": [
                {"aktør": actor, "rolle": "hovedansvarlig"},
                {"aktør": other, "rolle": "bidragyder"},
            ],
        },
    ]
    data["fase4"]["aktiviteter"].append(
        activity("Kursus", aktører=[actor], styrker=["evne"], opgaver=["frivillige"])
    )
    return data


def test_a307_sole_civil_society_anchor_with_weak_capacity() -> None:
    finding, line, text = single(sole_anchor_case(), "A307")
    assert finding.path == ("fase3", "forankring", 1, "opgaver", 0)
    assert finding.message == (
        "the only anchor of the task 'Koordinering af frivillige' is "
        "Frivilligforeningen, a civil-society actor that scores 2 on evne"
    )
    assert line == line_of(text, "- frivillige", after="forankring:")


def test_a307_hint_fits_the_anchorings_model() -> None:
    single_actor = single(sole_anchor_case(), "A307")[0]
    assert single_actor.hint is not None and "making the anchoring a network" in single_actor.hint
    data = sole_anchor_case()
    data["fase3"]["forankring"][1]["model"] = "netværk"  # a network: lead + bidragyder
    network = single(data, "A307")[0]
    assert network.hint is not None and "network" not in network.hint
    assert "a bidragyder helps but does not carry it" in network.hint


def test_a307_resident_sector_counts() -> None:
    data = sole_anchor_case()
    data["fase2"]["aktører"][1]["type"] = "beboerdemokrati"
    assert "a resident actor" in single(data, "A307")[0].message


@pytest.mark.parametrize(("actor", "evne"), [("forening", 3), ("forening", None), ("klub", 2)])
def test_a307_not_for_capable_unknown_or_professional_anchor(actor: str, evne: int | None) -> None:
    assert codes(sole_anchor_case(actor, evne), "A307") == []


def test_a307_not_with_a_medansvarlig() -> None:
    data = sole_anchor_case()
    anchoring = data["fase3"]["forankring"][1]
    anchoring["model"] = "netværk"
    anchoring["organiseringsform"] = "samarbejdsaftale"
    anchoring["aktører"][1]["rolle"] = "medansvarlig"
    assert codes(data, "A307") == []


# ------------------------------------------------------------------ fase 4 and dates
def test_a401_handover_after_the_period() -> None:
    data = base_case()
    data["fase3"]["forankring"][0]["overdragelse"] = "2028-01-15"
    finding, line, text = single(data, "A401")
    assert finding.path == ("fase3", "forankring", 0, "overdragelse")
    assert (finding.variant, finding.params["date"]) == ("handover", "2028-01-15")
    assert "(2028-01-15) is after the end of the period (2027-12-31)" in finding.message
    assert line == line_of(text, "overdragelse: '2028-01-15'")
    assert codes(data, "A402") == []  # after slut is A401's alone


def test_a401_deadline_after_the_period() -> None:
    data = base_case()
    data["fase4"]["aktiviteter"].append(
        activity("Evaluering", start="2027-10-01", deadline="2028-02-01")
    )
    finding, line, text = single(data, "A401")
    assert finding.path == ("fase4", "aktiviteter", 1, "deadline")
    assert finding.variant == "deadline" and "'Evaluering'" in finding.message
    assert line == line_of(text, "deadline: '2028-02-01'")


def test_a401_not_on_the_last_day() -> None:
    data = base_case()
    data["fase3"]["forankring"][0]["overdragelse"] = "2027-12-31"
    data["fase4"]["aktiviteter"][0]["deadline"] = "2027-12-31"
    assert codes(data, "A401") == []


@pytest.mark.parametrize(
    ("slut", "handover", "fires"),
    [
        ("2027-12-31", "2027-10-01", True),
        ("2027-12-31", "2027-09-30", False),  # exactly three months before
        ("2027-12-31", "2027-12-31", True),
        ("2027-05-31", "2027-02-28", False),  # 31 May − 3 months = 28 February
        ("2027-05-31", "2027-03-01", True),
    ],
)
def test_a402_handover_close_to_the_end(slut: str, handover: str, fires: bool) -> None:
    data = base_case()
    data["meta"]["periode"]["slut"] = slut
    data["fase3"]["forankring"][0]["overdragelse"] = handover
    found = codes(data, "A402")
    assert bool(found) == fires
    if fires:
        finding, line, text = single(data, "A402")
        assert finding.path == ("fase3", "forankring", 0, "overdragelse")
        assert "less than three months" in finding.message
        assert line == line_of(text, f"overdragelse: '{handover}'")


def test_a403_capacity_building_ends_after_the_handover() -> None:
    data = base_case()
    data["fase4"]["aktiviteter"].append(
        activity(
            "Kursus",
            aktører=["forening"],
            opgaver=["drift", "frivillige"],
            styrker=["evne"],
            deadline="2027-08-01",
        )
    )
    findings, valid, text = check(data)
    mine = [f for f in findings if f.code == "A403"]
    assert [f.path for f in mine] == [
        ("fase4", "aktiviteter", 1, "opgaver", 0),
        ("fase4", "aktiviteter", 1, "opgaver", 1),
    ]
    assert mine[1].message == (
        "'Kursus' builds capacity for 'Koordinering af frivillige' but "
        "ends (2027-08-01) after the task's handover (2027-06-30)"
    )
    assert to_diagnostics(mine, valid)[1].line == line_of(
        text, "- frivillige", after="navn: Kursus"
    )


@pytest.mark.parametrize(
    "change", [{"deadline": "2027-06-30"}, {"styrker": []}, {"status": "afsluttet"}]
)
def test_a403_not_in_time_without_styrker_or_when_finished(change: dict[str, Any]) -> None:
    data = base_case()
    data["fase4"]["aktiviteter"].append(
        activity("Kursus", aktører=["forening"], styrker=["evne"], deadline="2027-08-01") | change
    )
    assert codes(data, "A403") == []


@pytest.mark.parametrize(
    ("missing", "variant"),
    [
        (("ansvarlig",), "responsible"),
        (("succeskriterium",), "criterion"),
        (("ansvarlig", "succeskriterium"), "both"),
    ],
)
def test_a404_activity_without_owner_or_criterion(missing: tuple[str, ...], variant: str) -> None:
    data = base_case()
    for key in missing:
        del data["fase4"]["aktiviteter"][0][key]
    finding, line, text = single(data, "A404")
    assert finding.path == ("fase4", "aktiviteter", 0)
    assert finding.variant == variant and "'Overdragelsesmøde'" in finding.message
    assert line == line_of(text, "navn: Overdragelsesmøde")
    # the hint asks for what is missing, and only that
    assert ("'ansvarlig:'" in finding.hint) == ("ansvarlig" in missing)
    assert ("'succeskriterium:'" in finding.hint) == ("succeskriterium" in missing)


def test_a404_blank_counts_as_missing() -> None:
    data = base_case()
    data["fase4"]["aktiviteter"][0]["ansvarlig"] = " "
    assert single(data, "A404")[0].variant == "responsible"


@pytest.mark.parametrize(
    ("status", "variant"), [("ikke_startet", "not_started"), ("i_gang", "in_progress")]
)
def test_a405_activity_overdue(status: str, variant: str) -> None:
    data = base_case()
    data["fase4"]["aktiviteter"][0].update(status=status, start="2026-01-01", deadline="2026-02-28")
    finding, line, text = single(data, "A405")
    assert finding.path == ("fase4", "aktiviteter", 0, "deadline")
    assert finding.variant == variant
    assert "'Overdragelsesmøde' was due 2026-02-28" in finding.message
    assert line == line_of(text, "deadline: '2026-02-28'")


def test_a405_not_when_finished_due_today_or_undated() -> None:
    data = base_case()
    acts = data["fase4"]["aktiviteter"]
    acts[0].update(start="2026-01-01", deadline="2026-02-01", status="afsluttet")
    acts.append(activity("I dag", start="2026-01-01", deadline=TODAY.isoformat()))
    acts.append(activity("Uden dato"))
    del acts[2]["start"], acts[2]["deadline"]
    assert codes(data, "A405") == []


def test_a405_uses_the_date_it_is_given() -> None:
    data = base_case()
    assert codes(data, "A405", today=dt.date(2026, 7, 1))[0].params["deadline"] == "2026-06-30"


# ------------------------------------------------------------------ a property
SCORES = st.sampled_from([1, 2, 3, 4, None])


@settings(max_examples=40, deadline=None)
@given(
    klub=st.fixed_dictionaries({c: SCORES for c in CONCEPTS}),
    forening=st.fixed_dictionaries({c: SCORES for c in CONCEPTS}),
    builds=st.lists(st.sampled_from(CONCEPTS), unique=True),
    by=st.sampled_from([["klub"], ["forening"], ["klub", "forening"]]),
)
def test_a304_fires_exactly_for_weak_concepts_not_built(
    klub: dict[str, int | None], forening: dict[str, int | None], builds: list[str], by: list[str]
) -> None:
    data = base_case()
    data["fase3"]["analyser"] = [analysis("klub", **klub), analysis("forening", **forening)]
    data["fase4"]["aktiviteter"][0].update(aktører=by, styrker=builds)
    names = {"klub": "Fritidsklubben", "forening": "Frivilligforeningen"}
    expected = {
        (names[actor], concept)
        for actor, scores in (("klub", klub), ("forening", forening))
        for concept, score in scores.items()
        if (score is None or score <= 2) and not (actor in by and concept in builds)
    }
    found = codes(data, "A304")
    assert {(f.params["actor"], f.params["concept"]) for f in found} == expected
    assert len(found) == len(expected)


# ------------------------------------------------------------------ report sentences
def labels(language: str) -> dict[str, str]:
    path = LABELS / f"warnings.{language}.yaml"
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    assert all(isinstance(v, str) for k, v in data.items() if k != NAMES_KEY)
    return data


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_rule_and_variant_has_a_sentence_with_known_placeholders(language: str) -> None:
    sentences = labels(language)
    for entry in RULES.values():
        for key in entry.sentence_keys:
            assert key in sentences, f"warnings.{language}.yaml lacks {key}"
            assert placeholders(sentences[key]) <= entry.params_for(key), key
    assert set(sentences) - {NAMES_KEY} == {
        key for entry in RULES.values() for key in entry.sentence_keys
    }
    assert sentence_problems(sentences) == []


def test_each_language_names_the_concepts_in_its_own_words() -> None:
    for language, other in (("da", "concept_en"), ("en", "concept")):
        sentences = labels(language)
        del sentences[NAMES_KEY]
        assert all(other not in placeholders(s) for s in sentences.values())


def test_sentence_problems_finds_gaps_and_unknown_placeholders() -> None:
    sentences = labels("da")
    del sentences["A101"]
    sentences["A102"] = "{element} mangler {ukendt}."
    sentences["A999"] = "Hvad?"
    assert sentence_problems(sentences) == [
        "no sentence for A101",
        "the sentence for A102 uses {ukendt}, which A102 does not provide",
        "'A999' is not a warning code or variant",
    ]


def test_report_sentence_uses_the_variant_then_the_code() -> None:
    valid = load_case(SOLHOEJ)
    findings = run_checks(valid.case, dt.date(2026, 11, 15))
    overdue = next(f for f in findings if f.code == "A405")
    danish = labels("da")
    assert report_sentence(overdue, danish) == (
        "Aktiviteten »Sidemandsoplæring af klubbens personale i lektiecaféen« skulle have været "
        "afsluttet 2026-06-30, men er stadig i gang."
    )
    del danish["A405.in_progress"]
    assert report_sentence(overdue, danish) == (
        "Aktiviteten »Sidemandsoplæring af klubbens personale i lektiecaféen« skulle have været "
        "afsluttet 2026-06-30, men er det ikke."
    )


def test_report_sentence_formats_dates_and_every_finding_reads_in_both_languages() -> None:
    valid = load_case(SOLHOEJ)
    findings = run_checks(valid.case, dt.date(2026, 11, 15))
    late = next(f for f in findings if f.code == "A402")
    assert report_sentence(late, labels("en"), lambda d: f"{d.day}/{d.month} {d.year}") == (
        "The handover of “Match mellem unge og virksomheder” and “Netværk af lokale "
        "virksomheder” (1/1 2027) falls less than three months before the end of the "
        "initiative on 31/3 2027, leaving little time for follow-up."
    )
    assert report_sentence(late, labels("da")) == (
        "Overdragelsen af »Match mellem unge og virksomheder« og »Netværk af lokale "
        "virksomheder« (2027-01-01) ligger mindre end tre måneder før indsatsens slutdato "
        "2027-03-31, så der er kort tid til at følge op."
    )
    for language in ("da", "en"):
        for finding in findings:
            text = report_sentence(finding, labels(language))
            assert "{" not in text and "egebo" not in text and "afdbest" not in text


def test_every_variant_sentence_fills_in_both_languages() -> None:
    data = base_case()
    data["fase1"]["hvad"].append({"id": "fritid", "navn": "Fritidsjob"})
    data["fase1"]["hvad"][1]["begrundelse"] = None
    add_task(data, "lektier", "Lektiehjælp")
    data["fase2"]["aktører"].append({"id": "skole", "navn": "Testby Skole", "type": "kommune"})
    data["fase3"]["analyser"][0].update(vilje=2, evne=None)
    data["fase3"]["analyser"][1].update(konklusion="ikke_egnet", evne=2)
    anchoring = data["fase3"]["forankring"][0]
    del anchoring["organiseringsform"], anchoring["aktører"][1]["ansvar"]
    anchoring["overdragelse"] = "2027-11-01"
    data["fase4"]["aktiviteter"].append(
        activity(
            "Kursus", styrker=["evne"], aktører=["klub"], deadline="2028-01-31", ansvarlig=None
        )
    )
    findings = check(data)[0]
    assert {f.code for f in findings} >= {
        "A101",
        "A102",
        "A201",
        "A202",
        "A302",
        "A303",
        "A304",
        "A305",
        "A306",
        "A401",
        "A402",
        "A403",
        "A404",
    }
    for language in ("da", "en"):
        for finding in findings:
            assert "{" not in report_sentence(finding, labels(language))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "da",
            "Netværket, der skal overtage »Lektiehjælp«, »Madhold« og »Café«, er ikke fuldt "
            "beskrevet.",
        ),
        (
            "en",
            "The network that is to take over “Lektiehjælp”, “Madhold” and “Café” is not "
            "fully described.",
        ),
    ],
)
def test_names_are_quoted_and_lists_end_with_and(language: str, expected: str) -> None:
    tasks = ("Lektiehjælp", "Madhold", "Café")
    finding = Finding("A306", ("fase3", "forankring", 0), "m", "h", {"tasks": tasks})
    assert report_sentence(finding, labels(language)) == expected
    one = Finding("A306", ("fase3", "forankring", 0), "m", "h", {"tasks": ("Café",)})
    assert ("»Café«" if language == "da" else "“Café”") in report_sentence(one, labels(language))
    actor = Finding("A202", ("fase2", "aktører", 0), "m", "h", {"actor": "Solhøj Skole"})
    assert report_sentence(actor, labels(language)).startswith("Solhøj Skole ")  # a proper name


def test_a_names_entry_that_is_wrong_is_a_problem() -> None:
    sentences: dict[str, object] = dict(labels("da"))
    sentences[NAMES_KEY] = {"quote_open": "»", "quotes": "«", "last": 3}
    assert sentence_problems(sentences) == [
        "'names.quotes' is not one of quote_open, quote_close, separator, last",
        "'names.last' is not a text",
    ]
    sentences[NAMES_KEY] = "»«"
    assert sentence_problems(sentences) == [
        "'names' is not a mapping of quote_open, quote_close, separator, last"
    ]


def test_report_sentence_errors_name_the_key() -> None:
    finding = Finding("A202", ("fase2", "aktører", 0), "m", "h", {"actor": "Klubben"})
    with pytest.raises(SentenceError, match="no sentence for A202"):
        report_sentence(finding, {})
    with pytest.raises(SentenceError, match=r"A202 uses \{task\}"):
        report_sentence(finding, {"A202": "{actor} og {task}"})
    assert report_sentence(finding, {"A202": "{actor} {actor}"}) == "Klubben Klubben"


def test_findings_are_hashable_and_comparable() -> None:
    a = Finding("A202", ("fase2", "aktører", 0), "m", "h", {"actor": "Klubben"})
    b = copy.deepcopy(a)
    assert a == b and len({a, b}) == 1
