"""The December rules: A103 (example text of ``forankring new``), A104 (decisions left out of a
case up for approval), A308–A311 (the lead's unknown scores, a konklusion against its scores, a
network without interfaces, a role beyond the mapping) and A406 (a severe risk without an
owner). Each fires at the item concerned, keeps quiet on the near miss, and reads in both
languages; ``--ignore`` leaves each out on the command line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from forankring_docs.analysis.checks import RULES, report_sentence, run_checks
from forankring_docs.analysis.checks.lookups import one_line
from forankring_docs.analysis.checks.whole_case import decisions, starter_examples
from forankring_docs.case.loader import load_text
from forankring_docs.case.starter import DEFAULT_AREA, starter_case
from forankring_docs.case.validation import validate
from forankring_docs.cli import main
from tests.analysis.test_checks import (
    activity,
    base_case,
    check,
    codes,
    dump,
    labels,
    line_of,
    single,
)

DECEMBER = ("A103", "A104", "A308", "A309", "A310", "A311", "A406")


def sentence(finding: Any, language: str) -> str:
    return report_sentence(finding, labels(language), lambda d: f"{d.day}/{d.month} {d.year}")


# ------------------------------------------------------------------ A103
def starter_data(area: str | None = None, today: dt.date = dt.date(2026, 1, 1)) -> str:
    return starter_case(area, today)


def test_a103_every_example_text_of_an_untouched_starter_and_nothing_else() -> None:
    """A file just written by `forankring new`, in another month and for a named area: every
    warning is A103, at the texts that the starter made up (its sentences and its invented
    names), and the area's own name and the ordinary short values are left alone."""
    text = starter_case("Nordvang", dt.date(2031, 5, 17))
    valid = validate(load_text(text, "ny.yaml"))
    findings = run_checks(valid.case, dt.date(2031, 5, 17))
    assert {f.code for f in findings} == {"A103"}
    flagged = {f.path for f in findings}
    assert ("meta", "projektleder", "navn") in flagged  # Mette Eksempel
    assert ("meta", "kommune") in flagged  # Eksempel Kommune
    assert ("fase1", "hvad", 0, "beskrivelse") in flagged
    assert ("fase1", "hvorfor") in flagged  # its second paragraph, whatever the date
    assert ("fase4", "risici", 0, "håndtering") in flagged
    assert ("meta", "boligområde") not in flagged  # Nordvang is the area's own
    assert ("fase1", "hvad", 0, "navn") not in flagged  # "Lektiecafé": a real case has one too
    assert ("fase4", "opfølgning", "frekvens") not in flagged  # "Hvert kvartal"
    assert len(findings) >= 20


def test_a103_the_default_area_is_example_text() -> None:
    findings = run_checks(validate(load_text(starter_data(), "ny.yaml")).case, dt.date(2026, 1, 1))
    area = [f for f in findings if f.path == ("meta", "boligområde")]
    assert [f.params["text"] for f in area] == [DEFAULT_AREA]


def test_a103_at_the_text_left_in_a_case_of_its_own() -> None:
    examples = starter_examples()
    description = next(t for t, p in examples.items() if p == ("fase1", "hvad", 0, "beskrivelse"))
    data = base_case()
    # Written over two lines, as a user's editor might wrap it: still the starter's text.
    words = description.split()
    data["fase1"]["hvad"][0]["beskrivelse"] = " ".join(words[:3]) + "\n" + " ".join(words[3:])
    finding, line, text = single(data, "A103")
    assert finding.path == ("fase1", "hvad", 0, "beskrivelse")
    assert line == line_of(text, "beskrivelse:")
    assert finding.params == {"text": one_line(description)}
    assert "example text from 'forankring new'" in finding.message
    assert sentence(finding, "da") == (
        f"Teksten »{one_line(description)}« er et opdigtet eksempel fra skabelonen til "
        "strategien og skal erstattes af områdets egen tekst."
    )
    assert sentence(finding, "en").startswith("The text “Lektiehjælp ")
    assert "is a made-up example" in sentence(finding, "en")


def test_a103_a_paragraph_left_beside_one_rewritten() -> None:
    why = validate(load_text(starter_data(), "ny.yaml")).case.phase1.why
    kept = why.split("\n\n")[1]
    data = base_case()
    data["fase1"]["hvorfor"] = "Helhedsplanen i Testby slutter i 2027.\n\n" + kept
    (finding,) = codes(data, "A103")
    assert finding.path == ("fase1", "hvorfor")
    assert finding.params["text"].startswith(" ".join(kept.split())[:40])


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("ansvarlig", "Projektmedarbejder"),  # a one-word starter value, ordinary in a real case
        ("succeskriterium", "Hvert kvartal"),  # two words, not a name
        ("navn", "Kultur og Fritid"),  # a real administration's name
        ("ansvarlig", "Afdeling 1"),  # how housing departments are named
    ],
)
def test_a103_not_for_ordinary_values_the_starter_happens_to_use(key: str, value: str) -> None:
    data = base_case()
    data["fase4"]["aktiviteter"][0][key] = value
    assert codes(data, "A103") == []


def test_a103_not_for_a_starter_sentence_edited() -> None:
    description = next(t for t, p in starter_examples().items() if p[-1] == "beskrivelse")
    data = base_case()
    data["fase1"]["hvad"][0]["beskrivelse"] = description.replace("for", "til", 1)
    assert codes(data, "A103") == []


def test_a103_not_for_ids_or_choices() -> None:
    """The starter's ids (lektiecafe, lc-drift) and choices are the format's, not texts."""
    data = base_case()
    data["fase1"]["hvad"][0]["id"] = "lektiecafe"
    data["fase1"]["opgaver"][0]["element"] = "lektiecafe"
    data["fase1"]["opgaver"][1]["element"] = "lektiecafe"
    assert codes(data, "A103") == []


# ------------------------------------------------------------------ A104
def for_approval(status: str = "til_godkendelse") -> dict[str, Any]:
    """base_case with every decision given and the status set."""
    data = base_case()
    data["meta"]["status"] = status
    data["fase1"]["hvad"][0]["forankres"] = "ja"
    for task in data["fase1"]["opgaver"]:
        task["prioritet"] = "skal"
    for actor in data["fase2"]["aktører"]:
        actor["placering"] = "lokal"
    return data


def test_a104_quiet_when_every_decision_is_given() -> None:
    assert check(for_approval())[0] == []
    assert check(for_approval("godkendt"))[0] == []


@pytest.mark.parametrize(
    ("section", "index", "key", "variant", "marker", "name"),
    [
        ("hvad", 0, "forankres", "element", "id: cafe", "Lektiecafé"),
        ("opgaver", 1, "prioritet", "task", "id: frivillige", "Koordinering af frivillige"),
        ("aktører", 1, "placering", "actor", "id: forening", "Frivilligforeningen"),
    ],
)
def test_a104_a_decision_left_to_the_default(
    section: str, index: int, key: str, variant: str, marker: str, name: str
) -> None:
    data = for_approval("godkendt")
    phase = "fase2" if section == "aktører" else "fase1"
    del data[phase][section][index][key]
    finding, line, text = single(data, "A104")
    assert finding.path == (phase, section, index)
    assert line == line_of(text, marker)
    assert finding.variant == variant
    assert finding.params == {variant: name}
    assert f"has no '{key}:'" in finding.message and "(status: godkendt)" in finding.message
    assert f"'{key}: " in finding.hint
    for language in ("da", "en"):
        assert name in sentence(finding, language)


def test_a104_the_default_written_out_is_a_decision() -> None:
    """'prioritet: skal' written is decided, though it is also the default."""
    data = for_approval()
    assert data["fase1"]["opgaver"][0]["prioritet"] == "skal"
    assert codes(data, "A104") == []


def test_a104_not_for_a_draft() -> None:
    data = base_case()  # no forankres, prioritet or placering anywhere
    assert data["meta"].get("status") is None
    assert codes(data, "A104") == []
    data["meta"]["status"] = "udkast"
    assert codes(data, "A104") == []


def test_a104_a_phase_not_worked_out() -> None:
    data = for_approval()
    data["fase4"] = None  # written, empty: at its key
    finding, line, text = single(data, "A104")
    assert (finding.path, finding.variant, finding.params) == (("fase4",), "phase", {"phase": "4"})
    assert line == line_of(text, "fase4:")
    assert (
        sentence(finding, "da") == "Fase 4 er ikke udarbejdet endnu, så strategien er ikke færdig."
    )
    del data["fase4"]  # left out: at the status, which claims the case is ready
    finding, line, text = single(data, "A104")
    assert finding.path == ("meta", "status")
    assert line == line_of(text, "status: til_godkendelse")


def test_decisions_tell_given_from_defaulted() -> None:
    valid = validate(load_text(dump(for_approval()), "case.yaml"))
    assert all(d.given for d in decisions(valid.case))
    bare = validate(load_text(dump(base_case()), "case.yaml"))
    assert [(d.kind, d.given) for d in decisions(bare.case)] == [
        ("element", False),
        ("element", True),  # Sommerlejr: forankres nej
        ("task", False),
        ("task", False),
        ("actor", False),
        ("actor", False),
    ]


# ------------------------------------------------------------------ A308
@pytest.mark.parametrize("concept", ["evne", "vilje"])
def test_a308_lead_with_an_unknown_score_names_the_handover(concept: str) -> None:
    data = base_case()
    data["fase3"]["analyser"][0][concept] = None
    data["fase4"]["aktiviteter"][0]["styrker"] = [concept]  # the plan builds it: A304 is quiet
    data["fase4"]["aktiviteter"][0]["aktører"] = ["klub"]
    finding, line, text = single(data, "A308")
    assert finding.path == ("fase3", "forankring", 0, "aktører", 0)
    assert line == line_of(text, "aktør: klub", after="forankring:")
    assert finding.variant == "handover"
    assert "takes over on 2027-06-30" in finding.message
    assert f"its {concept} is unknown" in finding.message
    assert "before the handover on 2027-06-30" in finding.hint
    assert sentence(finding, "da") == (
        "Fritidsklubben skal være hovedansvarlig for »Afvikling af caféen« og »Koordinering af "
        f"frivillige« fra 30/6 2027, men det er ukendt, hvordan aktøren står på {concept}."
    )
    assert sentence(finding, "en").endswith(
        "from 30/6 2027, but it is not known how it stands on "
        f"{'ability' if concept == 'evne' else 'willingness'}."
    )


def test_a308_without_a_handover() -> None:
    data = base_case()
    data["fase3"]["analyser"][0]["vilje"] = None
    del data["fase3"]["forankring"][0]["overdragelse"]
    (finding,) = codes(data, "A308")
    assert finding.variant is None and "takes over" not in finding.message


def test_a308_not_for_a_medansvarlig_nor_other_concepts() -> None:
    data = base_case()
    data["fase3"]["analyser"][1]["vilje"] = None  # forening is medansvarlig
    data["fase3"]["analyser"][0]["forståelse"] = None  # the lead's forståelse
    data["fase3"]["analyser"][0]["mening"] = None
    assert codes(data, "A308") == []


# ------------------------------------------------------------------ A309
def test_a309_egnet_with_a_score_of_one() -> None:
    data = base_case()
    data["fase3"]["analyser"][1].update(evne=1, vilje=1)
    finding, line, text = single(data, "A309")
    assert finding.path == ("fase3", "analyser", 1, "konklusion")
    assert line == line_of(text, "konklusion: egnet", after="aktør: forening")
    assert finding.variant == "suitable"
    assert finding.params["concepts"] == ("evne", "vilje")
    assert "scores 1 (ikke til stede) on evne and vilje" in finding.message
    assert sentence(finding, "da") == (
        "Frivilligforeningen er vurderet egnet, selv om aktøren scorer 1 ud af 4 (ikke til "
        "stede) på evne og vilje."
    )
    assert sentence(finding, "en").endswith("on ability and willingness.")


def test_a309_ikke_egnet_with_all_four_high() -> None:
    data = base_case()
    data["fase3"]["analyser"][1].update(konklusion="ikke_egnet", evne=4)
    findings = codes(data, "A309")
    assert [(f.path, f.variant) for f in findings] == [
        (("fase3", "analyser", 1, "konklusion"), "unsuitable")
    ]


@pytest.mark.parametrize(
    ("conclusion", "scores"),
    [
        ("egnet", {"evne": 2}),  # weak, not absent
        ("egnet_med_kapacitetsopbygning", {"evne": 1}),  # says it is to be built
        ("ikke_egnet", {"vilje": None}),  # not all four known
        ("ikke_egnet", {"mening": 2}),
    ],
)
def test_a309_not_when_the_conclusion_fits(conclusion: str, scores: dict[str, Any]) -> None:
    data = base_case()
    data["fase3"]["analyser"][1].update(konklusion=conclusion, **scores)
    assert codes(data, "A309") == []


# ------------------------------------------------------------------ A310
@pytest.mark.parametrize("coordination", [None, "  "])
def test_a310_network_without_interfaces_or_coordination(coordination: str | None) -> None:
    data = base_case()
    data["fase3"]["forankring"][0]["koordinering"] = coordination
    finding, line, text = single(data, "A310")
    assert finding.path == ("fase3", "forankring", 0)
    assert line == line_of(text, "- opgaver:", after="forankring:")
    assert "has no snitflader and no koordinering" in finding.message
    assert sentence(finding, "da").startswith(
        "Det er ikke beskrevet, hvem der samler netværket, der skal overtage »Afvikling af "
        "caféen« og »Koordinering af frivillige«"
    )


def test_a310_not_with_interfaces_nor_for_a_single_actor() -> None:
    data = base_case()
    anchoring = data["fase3"]["forankring"][0]
    del anchoring["koordinering"]
    anchoring["snitflader"] = [{"fra": "forening", "til": "klub", "hvad": "Vagtplanen"}]
    assert codes(data, "A310") == []
    data = base_case()
    anchoring = data["fase3"]["forankring"][0]
    del anchoring["koordinering"], anchoring["organiseringsform"]
    anchoring.update(model="enkeltaktør", aktører=anchoring["aktører"][:1])
    data["fase2"]["aktører"][0]["opgaver"]["frivillige"] = "delvist"
    assert codes(data, "A310") == []


# ------------------------------------------------------------------ A311
def test_a311_a_role_covering_all_tasks_beyond_the_mapping() -> None:
    data = base_case()
    del data["fase2"]["aktører"][1]["opgaver"]["drift"]  # forening: frivillige only
    finding, line, text = single(data, "A311")
    assert finding.path == ("fase3", "forankring", 0, "aktører", 1)
    assert line == line_of(text, "aktør: forening", after="forankring:")
    assert finding.variant == "not_assessed"
    assert finding.params == {"actor": "Frivilligforeningen", "task": "Afvikling af caféen"}
    assert "covers all the anchoring's tasks" in finding.message
    assert "its own 'opgaver:'" in finding.hint
    assert sentence(finding, "da") == (
        "Frivilligforeningen skal dække opgaven »Afvikling af caféen«, men aktøren er ikke "
        "vurderet på den i kortlægningen."
    )


def test_a311_own_tasks_within_the_mapping_are_quiet() -> None:
    data = base_case()
    del data["fase2"]["aktører"][1]["opgaver"]["drift"]
    data["fase3"]["forankring"][0]["aktører"][1]["opgaver"] = ["frivillige"]
    assert codes(data, "A311") == []


def test_a311_an_own_task_marked_nej_is_at_that_task() -> None:
    data = base_case()
    data["fase2"]["aktører"][1]["opgaver"]["drift"] = "nej"
    data["fase3"]["forankring"][0]["aktører"][1]["opgaver"] = ["frivillige", "drift"]
    finding, line, text = single(data, "A311")
    assert finding.path == ("fase3", "forankring", 0, "aktører", 1, "opgaver", 1)
    assert finding.variant == "cannot"
    assert "marks that task nej" in finding.message
    assert "take 'drift' out of its opgaver" in finding.hint
    assert sentence(finding, "en") == (
        "Frivilligforeningen is to cover the task “Afvikling af caféen”, although the mapping "
        "shows that it cannot take it on."
    )


def test_a311_the_lead_of_a_network_answers_for_tasks_others_carry() -> None:
    data = base_case()  # klub (lead) is not mapped to 'frivillige'; forening carries it
    assert "frivillige" not in data["fase2"]["aktører"][0]["opgaver"]
    assert codes(data, "A311") == []
    # Nobody else in the network can take it on: then the lead is left with it.
    data["fase2"]["aktører"][1]["opgaver"]["frivillige"] = "nej"
    data["fase2"]["aktører"][0]["opgaver"]["frivillige"] = "nej"
    findings = codes(data, "A311")
    assert [(f.params["actor"], f.variant) for f in findings] == [
        ("Fritidsklubben", "cannot"),
        ("Frivilligforeningen", "cannot"),
    ]
    assert "is hovedansvarlig, so it carries" in findings[0].message


# ------------------------------------------------------------------ A406
def with_risk(**risk: Any) -> dict[str, Any]:
    data = base_case()
    data["fase4"]["risici"] = [
        {"risiko": "Klubben mister budget.", "håndtering": "Sag til styregruppen."},
        {"risiko": "Frivillige\nforsvinder.", "håndtering": "Rekruttering.", **risk},
    ]
    return data


@pytest.mark.parametrize("owner", [None, " "])
def test_a406_severe_risk_without_owner(owner: str | None) -> None:
    data = with_risk(sandsynlighed="høj", konsekvens="høj", ejer=owner)
    finding, line, text = single(data, "A406")
    assert finding.path == ("fase4", "risici", 1)
    assert line == line_of(text, '- risiko: "Frivillige')
    assert finding.message.startswith("the risk 'Frivillige forsvinder.' is likely and serious")
    assert sentence(finding, "da") == (
        "Risikoen »Frivillige forsvinder.« er vurderet både sandsynlig og alvorlig, men ingen er "
        "udpeget til at holde øje med den."
    )


@pytest.mark.parametrize(
    "risk",
    [
        {"sandsynlighed": "høj", "konsekvens": "middel"},
        {"sandsynlighed": "middel", "konsekvens": "høj"},
        {"sandsynlighed": "høj", "konsekvens": "høj", "ejer": "Styregruppens formand"},
        {},
    ],
)
def test_a406_not_for_a_lesser_or_owned_risk(risk: dict[str, Any]) -> None:
    assert codes(with_risk(**risk), "A406") == []


# ------------------------------------------------------------------ all of them
def test_every_december_rule_is_registered_with_sentences_in_both_languages() -> None:
    for code in DECEMBER:
        entry = RULES[code]
        for language in ("da", "en"):
            sentences = labels(language)
            assert all(key in sentences for key in entry.sentence_keys), (code, language)


@pytest.mark.parametrize("code", DECEMBER)
def test_ignore_leaves_each_december_rule_out(tmp_path: Path, code: str) -> None:
    data = for_approval()
    data["meta"]["status"] = "til_godkendelse"
    del data["fase1"]["opgaver"][0]["prioritet"]  # A104
    data["fase1"]["hvad"][0]["beskrivelse"] = next(  # A103
        t for t, p in starter_examples().items() if p[-1] == "beskrivelse"
    )
    data["fase3"]["analyser"][0]["evne"] = None  # A308
    data["fase3"]["analyser"][1]["evne"] = 1  # A309 (forening, egnet)
    del data["fase3"]["forankring"][0]["koordinering"]  # A310
    del data["fase2"]["aktører"][1]["opgaver"]["drift"]  # A311
    data["fase4"]["aktiviteter"].append(activity("Kursus", styrker=["evne"]))
    data["fase4"]["risici"] = [
        {"risiko": "R", "håndtering": "H", "sandsynlighed": "høj", "konsekvens": "høj"}
    ]  # A406
    case = tmp_path / "case.yaml"
    case.write_text(dump(data), encoding="utf-8")
    shown = CliRunner().invoke(main, ["check", str(case)])
    assert shown.exit_code == 0
    assert all(f"[{c}]\n" in shown.stderr for c in DECEMBER), shown.stderr
    ignored = CliRunner().invoke(main, ["check", "--strict", "--ignore", code, str(case)])
    assert f"[{code}]\n" not in ignored.stderr
    assert all(f"[{c}]\n" in ignored.stderr for c in DECEMBER if c != code)
