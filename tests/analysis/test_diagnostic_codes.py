# ruff: noqa: E501 - the table of mistakes reads best one mistake a line
"""Stable codes: every kind of error has its own, every code produced is registered, and
``docs/diagnostics.md`` (made from the registries) is current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from forankring_docs.analysis.catalog import DOCS_FILE, REGENERATE, catalog, diagnostics_markdown
from forankring_docs.analysis.checked import load_and_check
from forankring_docs.case.limits import MAX_ACTORS
from forankring_docs.case.validation import MODEL_CODES
from forankring_docs.codes import ERRORS
from forankring_docs.diagnostics import Diagnostic
from tests.conftest import MINIMAL, replace

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO / "forankring_docs"


def codes_of(tmp_path: Path, text: str | bytes) -> list[str | None]:
    case = tmp_path / "case.yaml"
    if isinstance(text, bytes):
        case.write_bytes(text)
    else:
        case.write_text(text, encoding="utf-8")
    return [d.code for d in load_and_check(case).diagnostics if d.severity == "error"]


ANALYSIS = "    - aktør: klub\n      forståelse: 3\n"
ANCHORING = "    - opgaver: [drift]\n"
ACTIVITY = "fase4:\n  aktiviteter:\n    - id: a1\n      navn: Kursus\n      type: oplæring\n"
MANY_ACTORS = "fase2:\n  aktører:\n" + "".join(
    f"    - {{id: a{i}, navn: A{i}, type: kommune}}\n" for i in range(MAX_ACTORS + 1)
)

#: One mistake of each kind, and the code it must get.
KINDS: list[tuple[str, str | bytes, str]] = [
    ("empty file", "", "E104"),
    ("not UTF-8", MINIMAL.replace("Lektiecafé", "Lektiecaf\udce9").encode("utf-8", "surrogateescape"), "E103"),
    ("YAML syntax", replace("  hvorfor: Fordi det virker.", "  hvorfor: 'Fordi det virker."), "E106"),
    ("tab", replace("  hvorfor:", "\thvorfor:"), "E107"),
    ("duplicate key", replace("  boligområde: Testby", "  boligområde: Testby\n  boligområde: X"), "E108"),
    ("alias", replace("      navn: Lektiecafé", "      navn: &n Lektiecafé\n      beskrivelse: *n"), "E109"),
    ("tag", replace("      navn: Lektiecafé", "      navn: !!python/name:os.system x"), "E110"),
    ("control character", replace("Lektiecafé", "Lektie\x07café"), "E112"),
    ("top level a list", "- format: 1\n", "E105"),
    ("unknown key", replace("  hvorfor:", "  why:"), "E201"),
    ("missing key", replace("  boligområde: Testby\n", ""), "E202"),
    ("wrong type", replace("  hvad:\n    - id: cafe\n      navn: Lektiecafé", "  hvad: cafe"), "E203"),
    ("no value", replace("      navn: Lektiecafé", "      navn:"), "E204"),
    ("enum", replace("type: kommune", "type: komune"), "E205"),
    ("bad id", replace("    - id: cafe", "    - id: Café Nord"), "E206"),
    ("date", replace("start: 2024-01-01", "start: 2024-13-01"), "E207"),
    ("number", replace("      opgavetype: aktivitet", "      opgavetype: aktivitet\n      ressourcer: {timer_pr_uge: 7 timer}"), "E208"),
    ("score", replace("      evne: 3", "      evne: 5"), "E209"),
    ("format", replace("format: 1", "format: 2"), "E210"),
    ("duplicate id", replace("    - id: forening", "    - id: klub"), "E301"),
    ("reference", replace("      element: cafe", "      element: cafee"), "E302"),
    ("same entry twice", replace("    - opgaver: [drift]", "    - opgaver: [drift, drift]"), "E303"),
    ("dates out of order", replace("slut: 2027-12-31", "slut: 2023-12-31"), "E304"),
    ("two analyses", replace("  forankring:", ANALYSIS.replace("3", "2") + "  forankring:"), "E305"),
    ("task in two anchorings", MINIMAL + ANCHORING + "      model: enkeltaktør\n      aktører: [{aktør: klub, rolle: hovedansvarlig}]\n", "E306"),
    ("no hovedansvarlig", replace("rolle: hovedansvarlig", "rolle: medansvarlig"), "E307"),
    ("network of one", replace("        - {aktør: forening, rolle: medansvarlig, ansvar: Frivillige.}\n", ""), "E308"),
    ("medansvarlig alone", replace("model: netværk", "model: enkeltaktør"), "E309"),
    ("actor twice", replace("{aktør: forening, rolle: medansvarlig", "{aktør: klub, rolle: bidragyder"), "E310"),
    ("built-in task type", replace("  hvad:", "  opgavetyper: {aktivitet: Aktivitet}\n  hvad:"), "E311"),
    ("unknown task type", replace("opgavetype: aktivitet", "opgavetype: aktivitett"), "E312"),
    ("limit", MINIMAL[: MINIMAL.index("fase2:")] + MANY_ACTORS, "E401"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "code"), [k[1:] for k in KINDS], ids=[k[0] for k in KINDS])
def test_each_kind_of_error_has_its_code(tmp_path: Path, text: str | bytes, code: str) -> None:
    codes = codes_of(tmp_path, text)
    assert code in codes, codes
    assert all(c in ERRORS for c in codes), codes


def test_activity_deadline_before_start_is_a_date_order_error(tmp_path: Path) -> None:
    dated = ACTIVITY + "      start: 2026-05-01\n      deadline: 2026-04-01\n"
    assert codes_of(tmp_path, MINIMAL + dated) == ["E304"]


def test_the_kinds_of_errors_have_distinct_codes() -> None:
    codes = [code for _, _, code in KINDS]
    assert len(codes) == len(set(codes))


def _literals(pattern: str) -> set[str]:
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        found.update(re.findall(pattern, path.read_text(encoding="utf-8")))
    return found


def test_every_code_in_the_source_is_registered_and_every_registered_code_used() -> None:
    """A code written anywhere in the package (an error of a new field, a new rule) must be in
    the registries, so that it is documented; a registered code no code gives is a stale
    entry. Rules register themselves; the codes of errors are literals."""
    used = _literals(r"\"([ETY]\d{3})\"") | set(MODEL_CODES.values())
    registered = set(catalog())
    assert used - registered == set(), "codes used but not registered in codes.py"
    unused = {c for c in registered - used if not c.startswith("A")}
    assert unused == set(), "codes registered but never given"
    rules = _literals(r"@rule\(\s*\"(A\d{3})\"")
    assert rules <= registered


def test_every_custom_error_of_the_model_has_a_code() -> None:
    """A new PydanticCustomError kind in the model must be given a code in MODEL_CODES (else
    its errors are E299, 'another value')."""
    kinds = _literals(r"PydanticCustomError\(\s*\"(\w+)\"")
    assert kinds, "the model raises PydanticCustomError"
    assert kinds - set(MODEL_CODES) == set()


def test_codes_follow_the_scheme() -> None:
    scheme = {"E1", "E2", "E3", "E4", "T1", "Y1", "A1", "A2", "A3", "A4"}
    for code, entry in catalog().items():
        assert re.fullmatch(r"[AETY]\d{3}", code) and code[:2] in scheme, code
        assert entry.code == code
        assert entry.title.endswith(".") and entry.help, code
        assert entry.severity == ("error" if code[0] in "ET" else "warning")


def test_diagnostics_document_is_current() -> None:
    committed = REPO / DOCS_FILE
    assert committed.is_file(), f"{DOCS_FILE} is missing; run: {REGENERATE}"
    assert committed.read_text(encoding="utf-8") == diagnostics_markdown(), (
        f"{DOCS_FILE} is stale: a code or a rule changed since it was written. "
        f"Regenerate it with `{REGENERATE}` and commit it."
    )


def test_diagnostics_document_lists_every_code_and_the_json_fields() -> None:
    text = diagnostics_markdown()
    for code, entry in catalog().items():
        title = entry.title.replace("|", "\\|")
        assert f"| {code} | {entry.severity} | {title} |" in text
    fields = Diagnostic("f", 1, 1, "error", "m", "h", code="E101", path="p", more=2).as_json()
    for field in fields:
        assert f"`{field}`" in text, field
