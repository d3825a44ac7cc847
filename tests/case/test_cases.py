"""The example cases: every file in cases/ and in the shared examples validates, each of ours
points editors at the committed schema, and each still shows what it is there to show."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from forankring_docs.case.loader import read_case
from forankring_docs.case.model import BUILTIN_TASK_TYPES, CONCEPTS, Case
from forankring_docs.case.validation import load_case
from tests.conftest import EXAMPLES

REPO = Path(__file__).resolve().parents[2]
CASES = REPO / "cases"
SHARED_EXAMPLES = EXAMPLES
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/forankring-case-1.schema.json"


def case_files() -> list[Path]:
    return sorted([*CASES.glob("*.yaml"), *CASES.glob("*.yml")])


def shared_files() -> list[Path]:
    return sorted(SHARED_EXAMPLES.glob("*.yaml")) if SHARED_EXAMPLES.is_dir() else []


def load(name: str) -> Case:
    return load_case(CASES / name).case


@pytest.mark.parametrize("path", case_files(), ids=lambda p: p.name)
def test_case_validates(path: Path) -> None:
    load_case(path)


@pytest.mark.parametrize("path", shared_files(), ids=lambda p: p.name)
def test_shared_example_validates(path: Path) -> None:
    load_case(path)


def test_shared_examples_present() -> None:
    assert shared_files(), f"no example cases at {SHARED_EXAMPLES}"


@pytest.mark.parametrize("name", ["case-format.md", "report.md"])
def test_the_users_copies_of_the_design_documents_are_current(name: str) -> None:
    """docs/case-format.md is the users' copy of the contract (README links to it), and
    docs/report.md the copy of what the report shows, which case-format.md names."""
    shared = REPO.parent / "shared" / "design" / name
    if not shared.is_file():
        pytest.skip(f"no {shared} to compare with")
    assert (REPO / "docs" / name).read_bytes() == shared.read_bytes(), (
        f"docs/{name} is out of date: copy {shared} over it"
    )


def test_the_bundled_examples_are_copies_of_the_shared_ones() -> None:
    """tests/examples/ stands in for ../shared/examples/ in a clone without it; where the
    shared folder is there, the copies must be current."""
    shared = REPO.parent / "shared" / "examples"
    if not shared.is_dir():
        pytest.skip(f"no {shared} to compare with")
    bundled = REPO / "tests" / "examples"
    assert sorted(p.name for p in shared.glob("*.yaml")) == sorted(
        p.name for p in bundled.glob("*.yaml")
    ), "copy the shared examples to tests/examples/"
    for path in shared.glob("*.yaml"):
        assert (bundled / path.name).read_bytes() == path.read_bytes(), (
            f"tests/examples/{path.name} is out of date: copy {path} over it"
        )


def test_our_cases_exist() -> None:
    names = {p.name for p in case_files()}
    assert {"nordparken.yaml", "havebyen-udkast.yaml"} <= names


@pytest.mark.parametrize("path", case_files(), ids=lambda p: p.name)
def test_case_points_editors_at_the_schema(path: Path) -> None:
    first, second = path.read_text(encoding="utf-8").splitlines()[:2]
    assert first.startswith("# ") and "fiktiv" in first
    assert second == SCHEMA_LINE
    assert (path.parent / SCHEMA_LINE.split("=", 1)[1]).resolve().is_file()


# ------------------------------------------------------------------ the draft
def test_draft_has_only_the_first_two_phases() -> None:
    loaded = read_case(CASES / "havebyen-udkast.yaml")
    assert isinstance(loaded.data, dict)
    assert "fase3" in loaded.data and loaded.data["fase3"] is None
    assert "fase4" not in loaded.data
    case = load("havebyen-udkast.yaml")
    assert case.meta.status == "udkast"
    assert case.phase2 is not None and case.actors and case.tasks
    assert case.phase3 is None and case.phase4 is None


# ------------------------------------------------------------------ the complete case
@pytest.fixture(scope="module")
def nordparken() -> Case:
    return load("nordparken.yaml")


def test_nordparken_phase1(nordparken: Case) -> None:
    assert 4 <= len(nordparken.elements) <= 6
    assert any(e.anchored == "nej" and e.reason for e in nordparken.elements)
    assert 10 <= len(nordparken.tasks) <= 14
    own_types = set(nordparken.phase1.task_types)
    assert own_types and not own_types & set(BUILTIN_TASK_TYPES)
    assert any(t.task_type in own_types for t in nordparken.tasks)


def test_nordparken_phase2(nordparken: Case) -> None:
    assert 7 <= len(nordparken.actors) <= 9
    assert len({a.type for a in nordparken.actors}) >= 5
    assert {a.sector for a in nordparken.actors} == {
        "professionel",
        "civilsamfund",
        "beboere",
        "privat",
    }


def test_nordparken_phase3(nordparken: Case) -> None:
    scores = [a.score(c) for a in nordparken.analyses for c in CONCEPTS]
    assert sum(s.score is None for s in scores) == 1
    assert any(s.reason and s.development_need for s in scores)
    assert len({a.conclusion for a in nordparken.analyses}) == 3
    assert 4 <= len(nordparken.anchorings) <= 5
    networks = [a for a in nordparken.anchorings if a.model == "netværk"]
    assert networks and all(a.organisation_form for a in networks)
    assert any(a.model == "enkeltaktør" for a in nordparken.anchorings)


def test_nordparken_phase4(nordparken: Case) -> None:
    assert nordparken.phase4 is not None
    assert 8 <= len(nordparken.activities) <= 10
    assert Counter(a.status for a in nordparken.activities).keys() == {
        "ikke_startet",
        "i_gang",
        "afsluttet",
    }
    assert nordparken.phase4.follow_up is not None and nordparken.phase4.risks
    assert nordparken.meta.steering_group


def test_nordparken_uses_the_december_additions(nordparken: Case) -> None:
    """The network case shows what a real strategy writes with them: assessed 'nej' marks,
    coordination and interfaces of its networks, roles that cover some of the tasks, and
    risks rated, owned and tied to actors and tasks."""
    assert sum(e == "nej" for a in nordparken.actors for e in a.tasks.values()) >= 2
    networks = [a for a in nordparken.anchorings if a.model == "netværk"]
    assert all(a.coordination for a in networks)
    with_interfaces = [a for a in networks if a.interfaces]
    assert len(with_interfaces) >= 2
    assert any(len(a.interfaces) >= 3 and any(i.forum for i in a.interfaces) for a in networks)
    roles = [m for a in nordparken.anchorings for m in a.actors if m.tasks is not None]
    assert len(roles) >= 4 and all(m.role != "hovedansvarlig" for m in roles)
    risks = nordparken.phase4.risks if nordparken.phase4 else []
    assert risks and all(
        r.likelihood and r.consequence and r.owner and r.actors and r.tasks for r in risks
    )
    # an actor marked nej for a task never has a role covering that task
    marked = {(a.id, t) for a in nordparken.actors for t, e in a.tasks.items() if e == "nej"}
    covered = {(m.actor, t) for a in nordparken.anchorings for m in a.actors for t in a.tasks_of(m)}
    assert not marked & covered


def test_the_draft_says_what_happens_next() -> None:
    case = load("havebyen-udkast.yaml")
    assert case.meta.status == "udkast" and case.meta.next_steps
    assert "- Workshop 3" in case.meta.next_steps
