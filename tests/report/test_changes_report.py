"""`render --changes-since REV`: the section "Ændringer siden version 1.0" in the report."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result

from forankring_docs.analysis import changes as ch
from forankring_docs.analysis.changes import compare_cases
from forankring_docs.case.loader import load_bytes
from forankring_docs.case.model import Case
from forankring_docs.case.validation import validate
from forankring_docs.cli import main
from forankring_docs.pipeline import Renderer
from forankring_docs.report.changes import GROUP, ChangesView, build_changes
from tests.analysis.test_history import commit, git, pytestmark  # noqa: F401 - skipped without git
from tests.conftest import MINIMAL

V1 = MINIMAL.replace("  periode:", '  version: "1.0"\n  periode:').replace(
    "      organiseringsform: samarbejdsaftale\n",
    "      organiseringsform: samarbejdsaftale\n      overdragelse: 2026-12-01\n",
)
V2 = (
    V1.replace('version: "1.0"', 'version: "1.1"')
    .replace("      evne: 3\n", "      evne: 4\n")
    .replace("overdragelse: 2026-12-01", "overdragelse: 2027-03-01")
)
SUMMARY_DA = "Siden version 1.0: stamdata ændret (version), 1 score ændret og 1 forankring ændret."


def make_repo(root: Path, versions: list[tuple[str, str | None]], name: str = "testby") -> Path:
    """A git repository with cases/<name>.yaml committed once per version (text, tag)."""
    root.mkdir(parents=True)
    git(root, "init", "-q")
    for number, (text, tag) in enumerate(versions, 1):
        commit(root, {f"cases/{name}.yaml": text}, f"Version {number}", tag=tag)
    return root / "cases" / f"{name}.yaml"


def render(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["render", "-j", "1", "-q", *map(str, args)])


def open_report(out: Path, name: str = "testby") -> docx.document.Document:
    return docx.Document(io.BytesIO((out / f"{name}.docx").read_bytes()))


def paragraphs(document: docx.document.Document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.lower() == style.lower()]


def table_rows(document: docx.document.Document) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for t in document.tables for row in t.rows]


@pytest.fixture(scope="module")
def case_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """cases/testby.yaml: v1.0 tagged, then a second commit (evne 3 → 4, a later handover)."""
    return make_repo(tmp_path_factory.mktemp("repo") / "repo", [(V1, "v1.0"), (V2, None)])


@pytest.fixture(scope="module")
def danish(case_file: Path, tmp_path_factory: pytest.TempPathFactory) -> docx.document.Document:
    out = tmp_path_factory.mktemp("out")
    result = render(case_file, "--changes-since", "v1.0", "-o", out)
    assert result.exit_code == 0, result.output
    return open_report(out)


# ------------------------------------------------------------------ the rendered report
def test_section_follows_the_summary_and_is_in_the_table_of_contents(
    danish: docx.document.Document,
) -> None:
    headings = paragraphs(danish, "Heading 1")
    assert headings[:3] == [
        "Resumé",
        "Ændringer siden version 1.0",
        "Om metoden",
    ]
    toc = [text.split("\t")[0] for text in paragraphs(danish, "toc 1")]
    assert toc[:2] == ["Resumé", "Ændringer siden version 1.0"]


def test_summary_line_first_then_tables_with_directions_and_danish_dates(
    danish: docx.document.Document,
) -> None:
    texts = [p.text for p in danish.paragraphs]
    heading = next(
        i
        for i, p in enumerate(danish.paragraphs)
        if p.style.name == "Heading 1" and p.text == "Ændringer siden version 1.0"
    )
    assert texts[heading + 1] == SUMMARY_DA
    rows = table_rows(danish)
    assert ["Hvad", "Ændring", "Detaljer"] in rows
    assert ["Stamdata", "Ændret", "Version: 1.0 → 1.1"] in rows
    assert ["Analyse af Klubben", "Ændret", "Evne: 3 → 4 (op)"] in rows
    assert [
        "Forankring: Afvikling",
        "Ændret",
        "Overdragelse: 1. december 2026 → 1. marts 2027 (senere)",
    ] in rows


def test_english_report_has_the_english_section(case_file: Path, tmp_path: Path) -> None:
    result = render(case_file, "--changes-since", "v1.0", "--language", "en", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    document = open_report(tmp_path)
    assert "Changes since version 1.0" in paragraphs(document, "Heading 1")
    rows = table_rows(document)
    assert ["Analysis of Klubben", "Changed", "Ability: 3 → 4 (up)"] in rows
    assert [
        "Anchoring: Afvikling",
        "Changed",
        "Handover: 1 December 2026 → 1 March 2027 (later)",
    ] in rows


def test_without_the_option_there_is_no_such_section(case_file: Path, tmp_path: Path) -> None:
    result = render(case_file, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    document = open_report(tmp_path)
    assert not [h for h in paragraphs(document, "Heading 1") if h.startswith("Ændringer")]


def test_unknown_revision_fails_the_case_with_the_message(case_file: Path, tmp_path: Path) -> None:
    result = render(case_file, "--changes-since", "v9.9", "-o", tmp_path)
    assert result.exit_code == 1
    assert "error: unknown revision 'v9.9'" in result.stderr
    assert "hint: check `git tag`" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "testby.docx").exists()


def test_a_file_outside_git_fails_with_the_message(tmp_path: Path) -> None:
    path = tmp_path / "loose" / "testby.yaml"
    path.parent.mkdir()
    path.write_text(V2, encoding="utf-8")
    result = render(path, "--changes-since", "v1.0", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "is not in a git repository" in result.stderr


def test_invalid_old_version_names_it_and_its_first_error(tmp_path: Path) -> None:
    broken = V1.replace("      konklusion: egnet\n", "      konklusion: måske\n")
    path = make_repo(tmp_path / "repo", [(broken, "v1.0"), (V2, None)])
    result = render(path, "--changes-since", "v1.0", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert f"the old version {path}@v1.0 is not a valid case" in result.stderr
    assert f"{path}@v1.0:" in result.stderr and "konklusion" in result.stderr


def test_batch_compares_each_case_with_its_own_repository(tmp_path: Path) -> None:
    first = make_repo(tmp_path / "a", [(V1, "v1.0"), (V2, None)])
    second = make_repo(tmp_path / "b", [(V2, "v1.0")], "other")  # unchanged since v1.0
    out = tmp_path / "out"
    result = render(first, second, "--changes-since", "v1.0", "-o", out)
    assert result.exit_code == 0, result.output
    changed = [p.text for p in open_report(out, "testby").paragraphs]
    unchanged = [p.text for p in open_report(out, "other").paragraphs]
    assert SUMMARY_DA in changed
    assert "Der er ingen ændringer i strategien siden version 1.1." in unchanged


# ------------------------------------------------------------------ the view (pure)
def case(text: str) -> Case:
    return validate(load_bytes(text.encode("utf-8"), "test.yaml")).case


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer.for_template(None)


def section(renderer: Renderer, old: str | None, new: str, language: str = "da") -> ChangesView:
    changes = compare_cases(case(old) if old else None, case(new))
    return build_changes(changes, "v1.0", case(new), renderer.labels(language))


def test_nothing_changed_is_one_sentence(renderer: Renderer) -> None:
    view = section(renderer, V1, V1)
    assert view.heading == "Ændringer siden version 1.0"
    assert view.summary == "Der er ingen ændringer i strategien siden version 1.0."
    assert view.phases == ()


def test_a_version_number_that_was_not_bumped_names_the_revision(renderer: Renderer) -> None:
    # "Ændringer siden version 1.0" in a report that is itself version 1.0 reads as nonsense
    view = section(renderer, V1, V2.replace('version: "1.1"', 'version: "1.0"'))
    assert view.heading == "Ændringer siden v1.0"
    assert view.summary.startswith("Siden v1.0: ")


def test_a_new_file_is_one_sentence_named_by_the_revision(renderer: Renderer) -> None:
    view = section(renderer, None, V2)
    assert view.heading == "Ændringer siden v1.0"
    assert view.summary == "Casefilen fandtes ikke i v1.0, så alt i strategien er nyt."
    assert view.all_new and view.phases == ()


def test_old_version_without_a_version_is_named_by_the_revision(renderer: Renderer) -> None:
    view = section(renderer, MINIMAL, V2, "en")
    assert view.heading == "Changes since v1.0"
    assert view.summary.startswith("Since v1.0: general information changed (version), ")


def test_values_are_translated_named_and_formatted(renderer: Renderer) -> None:
    new = (
        V2.replace("rolle: medansvarlig", "rolle: bidragyder")
        .replace(
            "      opgavetype: aktivitet\n",
            "      opgavetype: rådgivning\n      ressourcer: {timer_pr_uge: 2.5}\n",
        )
        .replace("      evne: 4\n", "      evne: null\n")
    )
    rows = {r.what: r for p in section(renderer, V1, new).phases for r in p.rows}
    lines = {f.label: f.text for r in rows.values() for f in r.fields}
    assert lines["Rolle for Foreningen"] == "Medansvarlig → Bidragyder"
    assert lines["Opgavetype"] == "Borgerrettede aktiviteter → Rådgivning og vejledning"
    assert lines["Timer pr. uge"] == "tilføjet (2,5)"
    assert lines["Evne"] == "3 → ukendt (nu ukendt)"
    assert rows["Opgave: Afvikling"].change == "Ændret"


def test_a_phase_worked_out_and_an_added_item(renderer: Renderer) -> None:
    fase4 = (
        "fase4:\n  aktiviteter:\n    - navn: Oplæring\n      aktører: [klub]\n"
        "      styrker: [evne]\n"
    )
    view = section(renderer, V1, V1 + fase4)
    # the version was not bumped: named by the revision
    assert view.summary == "Siden v1.0: fase 4 udarbejdet og 1 aktivitet tilføjet."
    (phase,) = view.phases
    assert phase.title == "Fase 4: Forankringsplan"
    assert [(r.what, r.change) for r in phase.rows] == [
        ("Fase 4", "Udarbejdet"),
        ("Aktivitet: Oplæring", "Tilføjet"),
    ]


TWO_TASKS = (
    V1.replace(
        "      opgavetype: aktivitet\n",
        """\
      opgavetype: aktivitet
    - {id: hjemmeside, navn: Hjemmeside, element: cafe, opgavetype: kommunikation}
""",
    )
    .replace("{drift: fuldt}", "{drift: fuldt, hjemmeside: fuldt}")
    .replace("    - opgaver: [drift]\n", "    - opgaver: [drift, hjemmeside]\n")
)


def test_a_new_lead_actor_of_tasks_anchored_together_is_one_row(renderer: Renderer) -> None:
    new = TWO_TASKS.replace("klub, rolle: hovedansvarlig", "klub, rolle: medansvarlig").replace(
        "forening, rolle: medansvarlig", "forening, rolle: hovedansvarlig"
    )
    for language, what, lead in (
        ("da", "Forankring: Afvikling og Hjemmeside", "Hovedansvarlig: Klubben → Foreningen"),
        ("en", "Anchoring: Afvikling and Hjemmeside", "Lead actor: Klubben → Foreningen"),
    ):
        view = section(renderer, TWO_TASKS, new, language)
        rows = [r for p in view.phases for r in p.rows]
        assert [r.what for r in rows] == [what]
        assert f"{rows[0].fields[0].label}: {rows[0].fields[0].text}" == lead
        assert view.summary.endswith(("1 forankring ændret.", "1 anchoring changed."))


def test_a_lead_actor_dropped_from_the_case_keeps_its_name(renderer: Renderer) -> None:
    new = (
        V1.replace("        - {aktør: klub, rolle: hovedansvarlig, ansvar: Driver caféen.}\n", "")
        .replace("model: netværk", "model: enkeltaktør")
        .replace("forening, rolle: medansvarlig", "forening, rolle: hovedansvarlig")
    )
    new = new.replace(new[new.index("    - id: klub") : new.index("    - id: forening")], "")
    new = new.replace(new[new.index("  analyser:") : new.index("  forankring:")], "")
    lines = {
        f.label: f.text for p in section(renderer, V1, new).phases for r in p.rows for f in r.fields
    }
    assert lines["Hovedansvarlig"] == "Klubben → Foreningen"


def test_what_an_actor_can_take_on_is_in_words(renderer: Renderer) -> None:
    new = V1.replace("{drift: delvist}", "{drift: fuldt}")
    for language, expected in (("da", "Delvist → Fuldt"), ("en", "Partly → Fully")):
        lines = {
            f.label: f.text
            for p in section(renderer, V1, new, language).phases
            for r in p.rows
            for f in r.fields
        }
        assert expected in lines.values(), lines


def test_the_december_additions_in_words(renderer: Renderer) -> None:
    old = V1 + (
        "fase4:\n  risici:\n    - {risiko: Foreningen mister frivillige., håndtering: Kursus.}\n"
    )
    new = (
        old.replace("{drift: delvist}", "{drift: nej}")
        .replace(
            "ansvar: Frivillige.}",
            "ansvar: Frivillige., opgaver: [drift]}\n      snitflader:\n"
            "        - {fra: forening, til: klub, hvad: Vagtplanen., forum: Mødet}",
        )
        .replace(
            "håndtering: Kursus.}",
            "håndtering: Kursus., sandsynlighed: høj, aktører: [forening], opgaver: [drift]}",
        )
    )
    expected = {
        "da": {
            "Kan løfte Afvikling": "Delvist → Nej",
            "Snitflade Foreningen → Klubben": "tilføjet (Vagtplanen. · Mødet)",
            "Sandsynlighed": "tilføjet (Høj)",
            "Aktører": "tilføjet Foreningen",
            "Opgaver": "tilføjet Afvikling",
        },
        "en": {
            "Can take on Afvikling": "Partly → No",
            "Interface Foreningen → Klubben": "added (Vagtplanen. · Mødet)",
            "Likelihood": "added (High)",
            "Actors": "added Foreningen",
            "Tasks": "added Afvikling",
        },
    }
    for language, lines in expected.items():
        shown = {
            f.label: f.text
            for p in section(renderer, old, new, language).phases
            for r in p.rows
            for f in r.fields
        }
        assert lines.items() <= shown.items(), (language, shown)


def test_every_field_and_item_kind_has_labels_in_both_languages(renderer: Renderer) -> None:
    specs = [value for name, value in vars(ch).items() if name.endswith("_FIELDS")]
    keys = {spec.key for group in specs for spec in group} | {
        "hvorfor",
        "opgavetyper",
        "hovedansvarlig",
    }
    subject_keys = {"opgaver", "aktører", "aktører.ansvar", "aktører.opgaver", "snitflader"}
    for language in ("da", "en"):
        labels = renderer.labels(language)
        group = labels.get(GROUP)
        assert keys <= set(group["fields"]), language
        assert subject_keys <= set(group["subject_fields"]), language
        assert set(ch.ITEM_KINDS) <= set(group["what"]), language
        assert set(ch.ITEM_KINDS) - {"phase"} | {"score"} <= set(group["nouns"]), language
        assert set(ch.PHASES) <= set(group["phases"]), language
        assert set(ch.PHASE_NAMES) <= set(group["phase_names"]), language
        directions = {"up", "down", "known", "unknown", "later", "earlier"}
        assert directions <= set(group["directions"]), language


def test_the_view_is_plain_frozen_data(renderer: Renderer) -> None:
    view = section(renderer, V1, V2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.summary = "x"  # type: ignore[misc]
