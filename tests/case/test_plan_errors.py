"""The December additions of the case format (case-format.md, *(new)*): a role's own tasks,
an anchoring's interfaces (snitflader), what a risk concerns, ``nej`` in the mapping. Each
mistake gives one located message, in the words a project leader can act on."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from forankring_docs.case.loader import load_bytes, load_text
from forankring_docs.case.validation import validate
from forankring_docs.diagnostics import CaseError
from tests.conftest import MINIMAL, replace
from tests.conftest import run_cli as run_validate
from tests.fuzzing import dump_yaml, valid_cases

# MINIMAL with every December addition, valid: line 41 on is new.
PLAN = (
    replace(
        "  opgaver:\n    - id: drift",
        "  opgaver:\n    - id: lektier\n      navn: Lektiehjælp\n      element: cafe\n"
        "      opgavetype: aktivitet\n    - id: drift",
    )
    .replace("{drift: delvist}", "{drift: delvist, lektier: nej}")
    .replace(
        "rolle: medansvarlig, ansvar: Frivillige.}",
        "rolle: medansvarlig, ansvar: Frivillige., opgaver: [drift]}",
    )
    + """\
      koordinering: Klubben indkalder til et møde hver måned.
      snitflader:
        - fra: klub
          til: forening
          hvad: Vagtplanen for næste måned.
          hvornår: Den 20. hver måned
          forum: Koordinationsmødet
fase4:
  risici:
    - risiko: Foreningen mister frivillige.
      håndtering: Klubben dækker vagterne.
      sandsynlighed: middel
      konsekvens: høj
      ejer: Projektlederen
      aktører: [forening]
      opgaver: [drift]
"""
)


def plan(old: str, new: str) -> str:
    return replace(old, new, PLAN)


def test_the_plan_is_valid_with_every_december_addition() -> None:
    case = validate(load_text(PLAN, "plan.yaml")).case
    anchoring = case.anchorings[0]
    assert anchoring.coordination == "Klubben indkalder til et møde hver måned."
    assert [(i.source, i.target, i.what) for i in anchoring.interfaces] == [
        ("klub", "forening", "Vagtplanen for næste måned.")
    ]
    assert [anchoring.tasks_of(a) for a in anchoring.actors] == [["drift"], ["drift"]]
    assert case.actors[1].tasks == {"drift": "delvist", "lektier": "nej"}
    assert case.actors[1].candidate_tasks == {"drift": "delvist"}
    risk = case.phase4.risks[0]  # type: ignore[union-attr]
    assert (risk.likelihood, risk.consequence, risk.owner) == ("middel", "høj", "Projektlederen")
    assert (risk.actors, risk.tasks) == (["forening"], ["drift"])


# ------------------------------------------------------------------ one mistake, one message
ONE_MISTAKE: list[tuple[str, str, str, str]] = [
    (
        "        - fra: klub",
        "        - fra: klubb",
        "47:16: error: fase3.forankring[0].snitflader[0].fra: the interface no. 1 of anchoring "
        "no. 1 has 'fra: klubb', but 'klubb' is not an actor of this anchoring",
        "hint: did you mean 'klub'? The anchoring's actors: klub (Klubben),",
    ),
    (
        "          til: forening",
        "          til: klub",
        "48:16: error: fase3.forankring[0].snitflader[0].til: the interface no. 1 of anchoring "
        "no. 1 goes from 'Klubben' to the same actor",
        "change 'fra' or 'til'",
    ),
    (
        "rolle: hovedansvarlig, ansvar: Driver caféen.}",
        "rolle: hovedansvarlig, ansvar: Driver caféen., opgaver: [drift]}",
        "43:72: error: fase3.forankring[0].aktører[0].opgaver: 'Klubben' is the 'hovedansvarlig' "
        "of anchoring no. 1, which answers for all its tasks: only a 'medansvarlig' or "
        "'bidragyder' has 'opgaver' of its own",
        "hint: remove 'opgaver' here",
    ),
    (
        "opgaver: [drift]}",
        "opgaver: [lektier]}",
        "44:81: error: fase3.forankring[0].aktører[1].opgaver[0]: the task 'Lektiehjælp' is not "
        "one of the tasks of anchoring no. 1; the role of 'Foreningen' can only cover tasks of "
        "its own anchoring",
        "hint: The anchoring's tasks: drift (Afvikling); to include 'lektier', add it to the "
        "anchoring's 'opgaver' too",
    ),
    (
        "opgaver: [drift]}",
        "opgaver: [drfit]}",
        "44:81: error: fase3.forankring[0].aktører[1].opgaver[0]: 'drfit' is not one of the tasks "
        "of anchoring no. 1; the role of 'Foreningen' can only cover tasks of its own anchoring",
        "hint: did you mean 'drift'? The anchoring's tasks: drift (Afvikling)",
    ),
    (
        "opgaver: [drift]}",
        "opgaver: [klub]}",
        "44:81: error: fase3.forankring[0].aktører[1].opgaver[0]: 'klub' (the actor 'Klubben') is "
        "not one of the tasks of anchoring no. 1; the role of 'Foreningen' can only cover tasks "
        "of its own anchoring",
        "hint: The anchoring's tasks: drift (Afvikling)",
    ),
    (
        "opgaver: [drift]}",
        "opgaver: [drift, drift]}",
        "44:88: error: fase3.forankring[0].aktører[1].opgaver[1]: 'drift' is in this list twice "
        "(item 1 and item 2)",
        "hint: remove the second 'drift'",
    ),
    (
        "sandsynlighed: middel",
        "sandsynlighed: hoej",
        "56:22: error: fase4.risici[0].sandsynlighed: 'hoej' is not a valid level",
        "did you mean 'høj'? Valid: lav, middel, høj",
    ),
    (
        "konsekvens: høj",
        "konsekvens: stor",
        "57:19: error: fase4.risici[0].konsekvens: 'stor' is not a valid level",
        "Valid: lav, middel, høj",
    ),
    (
        "ejer: Projektlederen",
        "ejer: [a, b]",
        "58:13: error: fase4.risici[0].ejer: 'ejer' must be text, not a list",
        "write the text on the same line",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "error", "hint"), ONE_MISTAKE, ids=[row[1].strip() for row in ONE_MISTAKE]
)
def test_one_mistake_is_one_located_message_with_a_hint(
    tmp_path: Path, old: str, new: str, error: str, hint: str
) -> None:
    code, errors, out = run_validate(tmp_path, plan(old, new))
    assert code == 1
    assert errors == [error]
    assert hint in out


# ------------------------------------------------------------------ interfaces
def test_interface_to_an_actor_outside_the_anchoring_names_the_anchorings_actors(
    tmp_path: Path,
) -> None:
    text = plan(
        "    - id: forening\n",
        "    - id: skolen\n      navn: Skolen\n      type: uddannelsesinstitution\n"
        "    - id: forening\n",
    )
    text = replace("          til: forening", "          til: skolen", text)
    code, errors, out = run_validate(tmp_path, text)
    assert code == 1
    assert errors == [
        "51:16: error: fase3.forankring[0].snitflader[0].til: the interface no. 1 of anchoring "
        "no. 1 has 'til: skolen', but 'Skolen' is not an actor of this anchoring"
    ]
    assert (
        "hint: The anchoring's actors: klub (Klubben), forening (Foreningen); to use another "
        "actor, add it to the anchoring's 'aktører' first"
    ) in out


def test_interface_from_and_to_the_same_outsider_is_said_once_per_mistake(tmp_path: Path) -> None:
    text = plan(
        "        - fra: klub\n          til: forening", "        - fra: kub\n          til: kub"
    )
    code, errors, out = run_validate(tmp_path, text)
    assert errors == [
        "47:16: error: fase3.forankring[0].snitflader[0].fra: the interface no. 1 of anchoring "
        "no. 1 has 'fra: kub', but 'kub' is not an actor of this anchoring",
        "48:16: error: fase3.forankring[0].snitflader[0].til: the interface no. 1 of anchoring "
        "no. 1 goes from 'kub' to the same actor",
    ]


def test_interface_without_fra_and_hvad_says_what_to_add(tmp_path: Path) -> None:
    text = plan("        - fra: klub\n          til: forening\n", "        - til: forening\n")
    text = replace("          hvad: Vagtplanen for næste måned.\n", "", text)
    code, errors, out = run_validate(tmp_path, text)
    assert errors == [
        "47:11: error: fase3.forankring[0].snitflader[0]: missing required key 'fra' in "
        "'fase3.forankring[0].snitflader[0]'",
        "47:11: error: fase3.forankring[0].snitflader[0]: missing required key 'hvad' in "
        "'fase3.forankring[0].snitflader[0]'",
    ]
    assert "hint: add 'fra:' with an id" in out
    assert "hint: add 'hvad:' with a text" in out


def test_interface_of_an_anchoring_whose_actors_are_unreadable_gives_no_follow_ups(
    tmp_path: Path,
) -> None:
    text = plan(
        "      aktører:\n        - {aktør: klub", "      aktører: klub\n        # {aktør: klub"
    )
    text = replace("        - {aktør: forening,", "        # {aktør: forening,", text)
    code, errors, out = run_validate(tmp_path, text)
    assert errors == [
        "42:16: error: fase3.forankring[0].aktører: 'aktører' must be a list, not the text 'klub'"
    ]


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        (
            "        - {aktør: forening, rolle: medansvarlig,",
            "        - *x\n        # {aktør: forening, rolle: medansvarlig,",
            "44:11: error: YAML aliases (*x) are not part of the case format",
        ),
        (
            "    - opgaver: [drift]",
            "    - opgaver: [*x]",
            "39:17: error: YAML aliases (*x) are not part of the case format",
        ),
    ],
    ids=["actor", "task"],
)
def test_an_alias_in_an_anchoring_gives_no_follow_ups_at_its_interfaces_or_roles(
    tmp_path: Path, old: str, new: str, error: str
) -> None:
    """The actor or task the loader could not read may be the one an interface or a role
    names: only the alias is reported."""
    code, errors, out = run_validate(tmp_path, plan(old, new))
    assert errors == [error]


# ------------------------------------------------------------------ a role's own tasks
def test_role_without_tasks_covers_all_and_an_empty_value_is_all_too() -> None:
    for new in ("}", ", opgaver: }", ", opgaver: null}"):
        text = plan(", opgaver: [drift]}", new)
        anchoring = validate(load_text(text, "plan.yaml")).case.anchorings[0]
        assert anchoring.tasks_of(anchoring.actors[1]) == ["drift"], new


# ------------------------------------------------------------------ risks
def test_risk_references_are_checked_with_suggestions(tmp_path: Path) -> None:
    text = plan(
        "      aktører: [forening]", "      aktører: [foreningen, drift, forening, forening]"
    )
    text = replace("      opgaver: [drift]\n", "      opgaver: [drfit, klub]\n", text)
    code, errors, out = run_validate(tmp_path, text)
    assert errors == [
        "59:17: error: fase4.risici[0].aktører[0]: Risk no. 1 refers to the actor 'foreningen', "
        "which does not exist",
        "59:29: error: fase4.risici[0].aktører[1]: Risk no. 1 refers to 'drift', which is the "
        "task 'Afvikling', not an actor",
        "59:46: error: fase4.risici[0].aktører[3]: 'forening' is in this list twice (item 3 and "
        "item 4)",
        "60:17: error: fase4.risici[0].opgaver[0]: Risk no. 1 refers to the task 'drfit', which "
        "does not exist",
        "60:24: error: fase4.risici[0].opgaver[1]: Risk no. 1 refers to 'klub', which is the "
        "actor 'Klubben', not a task",
    ]
    assert "hint: did you mean 'forening'? Known actor ids: klub, forening" in out
    assert "hint: did you mean 'drift'? Known task ids: lektier, drift" in out


def test_risk_actors_without_any_actors_in_the_file(tmp_path: Path) -> None:
    text = "format: 1\n" + MINIMAL.split("format: 1\n", 1)[1].split("fase2:", 1)[0]
    text += "fase4:\n  risici:\n    - risiko: R\n      håndtering: H\n      aktører: [klub]\n"
    code, errors, out = run_validate(tmp_path, text)
    assert errors == [
        "20:17: error: fase4.risici[0].aktører[0]: Risk no. 1 refers to the actor 'klub', which "
        "does not exist"
    ]
    assert "hint: there are no actors yet: add them under fase2.aktører" in out


# ------------------------------------------------------------------ nej in the mapping
def test_nej_in_the_mapping_is_valid_and_a_misspelling_suggests_it(tmp_path: Path) -> None:
    code, errors, _ = run_validate(tmp_path, replace("{drift: delvist}", "{drift: nej}"))
    assert (code, errors) == (0, [])
    code, errors, out = run_validate(tmp_path, replace("{drift: delvist}", "{drift: no}"))
    assert errors == ["25:24: error: fase2.aktører[1].opgaver.drift: 'no' is not a valid extent"]
    assert "hint: did you mean 'nej'? Valid: fuldt, delvist, nej" in out


def test_every_plan_problem_of_a_file_in_one_run(tmp_path: Path) -> None:
    text = plan("          til: forening", "          til: klub")
    text = replace("opgaver: [drift]}", "opgaver: [drfit]}", text)
    text = replace("      aktører: [forening]", "      aktører: [foreningen]", text)
    text = replace("konsekvens: høj", "konsekvens: stor", text)
    code, errors, out = run_validate(tmp_path, text)
    assert [e.split(": error: ")[0] for e in errors] == ["44:81", "48:16", "57:19", "59:17"]
    assert "4 errors" in out


# ------------------------------------------------------------------ any case
def _anchor_paths(data: dict, what: str) -> list[tuple]:
    anchorings = (data.get("fase3") or {}).get("forankring") or []
    out = []
    for i, anchoring in enumerate(anchorings):
        if what == "snitflader":
            out += [(i, "snitflader", j) for j in range(len(anchoring.get("snitflader", [])))]
        else:
            out += [(i, "aktører", j) for j, a in enumerate(anchoring["aktører"]) if "opgaver" in a]
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(valid_cases(), st.integers(0, 10**6), st.sampled_from(["snitflader", "roles"]))
def test_a_broken_interface_or_role_in_any_case_is_one_error_there(
    data: dict, pick: int, what: str
) -> None:
    places = _anchor_paths(data, what)
    assume(places)
    i, key, j = places[pick % len(places)]
    item = data["fase3"]["forankring"][i][key][j]
    if what == "snitflader":
        item["til"] = item["fra"]
        expected = f"fase3.forankring[{i}].snitflader[{j}].til"
    else:
        item["opgaver"] = ["findes-ikke"]
        expected = f"fase3.forankring[{i}].aktører[{j}].opgaver[0]"
    with pytest.raises(CaseError) as raised:
        validate(load_bytes(dump_yaml(data).encode("utf-8"), "case.yaml"))
    assert [d.path for d in raised.value.diagnostics] == [expected]
