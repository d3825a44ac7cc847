"""``forankring new``: the starting case file validates, guides through all four phases, gives
no warning but its example text (A103), and is written atomically without ever replacing an
existing file."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forankring_docs.case import starter
from forankring_docs.case.loader import load_text
from forankring_docs.case.model import Case
from forankring_docs.case.schema import SCHEMA_FILE_NAME, schema_json
from forankring_docs.case.starter import schema_ref_for, starter_case, write_new_case
from forankring_docs.case.validation import load_case, validate

TODAY = dt.date(2026, 5, 17)
ORIGINAL = b"format: 1\n# my own work\n"


def case_of(text: str) -> Case:
    return validate(load_text(text, "ny.yaml")).case


# ------------------------------------------------------------------ the text
@pytest.mark.parametrize(
    "area",
    [
        None,
        "Nordvang",
        "Æblehaven",
        "Gellerup: Vest # 2",
        "null",
        "'Skrå' Parken",
        "- Toften",
        "  Bakkehuset  ",
    ],
)
def test_starter_validates(area: str | None) -> None:
    case = case_of(starter_case(area, TODAY))
    assert case.meta.area == (area.strip() if area else starter.DEFAULT_AREA)
    assert case.meta.status == "udkast"
    assert all(phase is not None for phase in (case.phase2, case.phase3, case.phase4))


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Zl", "Zp")), min_size=1, max_size=40
    ).filter(str.strip)
)
def test_any_printable_area_name_round_trips(area: str) -> None:
    assert case_of(starter_case(area, TODAY)).meta.area == area.strip()


@pytest.mark.parametrize("area", ["", "   ", "Nord\nvang", "Nord\x00vang", "Nord\u2028vang"])
def test_refuses_an_unusable_area_name(area: str) -> None:
    with pytest.raises(ValueError):
        starter_case(area, TODAY)


def test_first_line_points_at_the_schema() -> None:
    text = starter_case(None, TODAY, schema_ref="../schema/x.json")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schema/x.json"
    # Without a committed schema nearby, the file says how to get editor help instead of
    # pointing at an address that does not load.
    head = starter_case(None, TODAY).splitlines()[:4]
    assert not head[0].startswith("# yaml-language-server")
    assert any("forankring schema -o" in line for line in head)


def test_guides_through_all_four_phases() -> None:
    text = starter_case(None, TODAY)
    comments = "\n".join(line for line in text.splitlines() if line.lstrip().startswith("#"))
    expected = {
        "# FASE 1": ["hvorfor", "forankres (ja)", "delvist", "udfases (nej)", "opgaver"],
        "# FASE 2": ["aktører", "fuldt eller delvist", "eller nej"],
        "# FASE 3": [
            "forståelse",
            "mening",
            "evne",
            "vilje",
            "1 til 4",
            "enkeltaktør",
            "netværk",
            "én hovedansvarlig",
            "organiseringsform",
            "koordinerer",
            "snitfladerne",
        ],
        "# FASE 4": [
            "kapacitetsopbygning",
            "ansvarlig",
            "deadline",
            "succeskriterium",
            "sandsynlige",
        ],
    }
    for heading, words in expected.items():
        assert heading in comments
        section = comments.split(heading, 1)[1].split("# FASE", 1)[0]
        for word in words:
            assert word in section, f"{heading} does not mention {word!r}"


# The commented-out December additions: the first line of each block, and what the case
# holds once it is uncommented.
OPTIONAL: dict[str, Callable[[Case], object]] = {
    "  # næste_skridt: |": lambda c: c.meta.next_steps,
    "        # lc-frivillige: nej": lambda c: c.actors[0].tasks["lc-frivillige"] == "nej",
    "          # opgaver:": lambda c: c.anchorings[0].actors[1].tasks == ["lc-frivillige"],
    "      # snitflader:": lambda c: c.anchorings[0].interfaces[0].target == "fritidsklubben",
    "      # sandsynlighed:": lambda c: c.phase4.risks[0].likelihood == "middel",  # type: ignore[union-attr]
    "      # konsekvens:": lambda c: c.phase4.risks[0].consequence == "høj",  # type: ignore[union-attr]
    "      # ejer:": lambda c: c.phase4.risks[0].owner,  # type: ignore[union-attr]
    "      # aktører:": lambda c: c.phase4.risks[0].actors == ["frivilligforeningen"],  # type: ignore[union-attr]
    "      # opgaver:": lambda c: c.phase4.risks[0].tasks == ["lc-frivillige"],  # type: ignore[union-attr]
}


def uncomment(text: str, first: str) -> str:
    """``text`` with the commented block starting with the line ``first`` uncommented: that
    line and the comment lines below it that are indented deeper after their '# '."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    column = lines[start].index("#")
    lines[start] = lines[start][:column] + lines[start][column + 2 :]
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if not line.startswith(" " * column + "#   "):
            break
        lines[i] = line[:column] + line[column + 2 :]
    return "\n".join(lines)


def test_the_network_says_how_it_is_held_together() -> None:
    """koordinering is written, not commented out: a network without it and without
    snitflader gets a warning (A310), and the starter gives none but its example text."""
    text = starter_case(None, TODAY)
    assert "\n      koordinering: " in text
    assert case_of(text).anchorings[0].coordination


def test_the_december_additions_are_shown_commented_out_with_a_line_on_each() -> None:
    text = starter_case(None, TODAY)
    lines = text.splitlines()
    for first in OPTIONAL:
        number = next((i for i, line in enumerate(lines) if line.startswith(first)), None)
        assert number is not None, f"the starter does not show {first.strip()!r}"
        # one line of Danish on what it is for: on the line above, or after the value
        said = lines[number - 1].strip().startswith("#") or "  # " in lines[number].strip()
        assert said, f"{first.strip()!r} has no explanation"
    case = case_of(text)  # as written, none of them is given
    assert case.meta.next_steps is None
    assert case.anchorings[0].interfaces == [] and case.anchorings[0].actors[1].tasks is None


@pytest.mark.parametrize("first", list(OPTIONAL))
def test_each_commented_block_uncommented_is_valid_and_read(first: str) -> None:
    case = case_of(uncomment(starter_case("Nordvang", TODAY), first))
    assert OPTIONAL[first](case)


def test_all_commented_blocks_uncommented_together_are_valid() -> None:
    text = starter_case(None, TODAY)
    for first in OPTIONAL:
        text = uncomment(text, first)
    case = case_of(text)
    assert all(check(case) for check in OPTIONAL.values())


@pytest.mark.parametrize(
    "today",
    [dt.date(2026, 1, 31), dt.date(2025, 12, 1), dt.date(2024, 2, 29), dt.date(2030, 11, 30)],
)
def test_dates_follow_today(today: dt.date) -> None:
    case = case_of(starter_case("Nordvang", today))
    period = case.meta.period
    assert period.start < today < period.end
    handovers = [a.handover for a in case.anchorings]
    assert all(h is not None and today < h < period.end for h in handovers)
    for activity in case.activities:
        assert activity.start is not None and activity.deadline is not None
        assert today < activity.start <= activity.deadline < min(handovers)  # type: ignore[type-var]
    assert str(period.start.year) in case.meta.initiative
    assert str(period.end.year) in case.meta.initiative


@pytest.mark.parametrize("today", [dt.date(2026, 1, 31), dt.date(2027, 12, 31)])
def test_check_says_only_where_example_text_stands(today: dt.date) -> None:
    """The starter is consistent: no rule finds fault with it but A103, which lists its
    example texts for the user to replace."""
    checks = pytest.importorskip("forankring_docs.analysis.checks")
    case = case_of(starter_case(None, today))
    findings = checks.run_checks(case, checks.case_today(case, today))
    assert {f.code for f in findings} == {"A103"}


# ------------------------------------------------------------------ writing the file
def test_writes_a_valid_case(tmp_path: Path) -> None:
    path = tmp_path / "ny.yaml"
    write_new_case(path, "Nordvang")
    assert load_case(path).case.meta.area == "Nordvang"
    assert sorted(os.listdir(tmp_path)) == ["ny.yaml", "schema"]  # no temporary file left


def with_schema(folder: Path) -> Path:
    """A folder whose cases find a schema above them, so that only the case is written."""
    (folder / "schema").mkdir()
    (folder / "schema" / SCHEMA_FILE_NAME).write_text(schema_json(), encoding="utf-8")
    return folder


def test_refuses_to_overwrite_and_leaves_the_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "ny.yaml"
    path.write_bytes(ORIGINAL)
    with pytest.raises(FileExistsError):
        write_new_case(path, "Nordvang")
    assert path.read_bytes() == ORIGINAL
    assert os.listdir(tmp_path) == ["ny.yaml"]


def test_refuses_a_file_that_appears_while_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ny.yaml"
    real_link = os.link

    def someone_else_first(src: str, dst: str) -> None:
        Path(dst).write_bytes(ORIGINAL)
        real_link(src, dst)

    monkeypatch.setattr(starter.os, "link", someone_else_first)
    with_schema(tmp_path)
    with pytest.raises(FileExistsError):
        write_new_case(path, None)
    assert path.read_bytes() == ORIGINAL
    assert sorted(os.listdir(tmp_path)) == ["ny.yaml", "schema"]


def test_refuses_a_dangling_symlink(tmp_path: Path) -> None:
    path = tmp_path / "ny.yaml"
    path.symlink_to(tmp_path / "elsewhere.yaml")
    with pytest.raises(FileExistsError):
        write_new_case(path, None)
    assert not (tmp_path / "elsewhere.yaml").exists()


def test_without_hard_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(src: str, dst: str) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(starter.os, "link", no_links)
    path = with_schema(tmp_path) / "ny.yaml"
    write_new_case(path, "Nordvang")
    assert load_case(path).case.meta.area == "Nordvang"
    assert sorted(os.listdir(tmp_path)) == ["ny.yaml", "schema"]

    def late_file(src: str, dst: str) -> None:
        Path(dst).write_bytes(ORIGINAL)
        raise PermissionError(1, "Operation not permitted")

    other = tmp_path / "anden.yaml"
    monkeypatch.setattr(starter.os, "link", late_file)
    with pytest.raises(FileExistsError):
        write_new_case(other, None)
    assert other.read_bytes() == ORIGINAL
    assert sorted(os.listdir(tmp_path)) == ["anden.yaml", "ny.yaml", "schema"]


def test_a_missing_folder_is_made_and_a_file_in_the_way_is_an_os_error(tmp_path: Path) -> None:
    write_new_case(tmp_path / "findes-ikke" / "ny.yaml", None)
    assert (tmp_path / "findes-ikke" / "ny.yaml").is_file()
    (tmp_path / "fil").write_text("x", encoding="utf-8")
    with pytest.raises(NotADirectoryError):
        write_new_case(tmp_path / "fil" / "ny.yaml", None)


# ------------------------------------------------------------------ the schema line
def test_schema_ref_finds_the_committed_schema_above(tmp_path: Path) -> None:
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / SCHEMA_FILE_NAME).write_text("{}", encoding="utf-8")
    (tmp_path / "cases" / "2026").mkdir(parents=True)
    assert schema_ref_for(tmp_path / "ny.yaml") == f"schema/{SCHEMA_FILE_NAME}"
    assert schema_ref_for(tmp_path / "cases" / "2026" / "ny.yaml") == (
        f"../../schema/{SCHEMA_FILE_NAME}"
    )
    write_new_case(tmp_path / "cases" / "ny.yaml", None)
    first = (tmp_path / "cases" / "ny.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../schema/{SCHEMA_FILE_NAME}"


def test_schema_ref_is_none_without_a_committed_schema(tmp_path: Path) -> None:
    assert schema_ref_for(tmp_path / "ny.yaml") is None


def test_a_new_case_without_a_schema_above_gets_one_beside_it(tmp_path: Path) -> None:
    """Editor help with no further step, also for the next case and on another machine:
    the line points at a copy in the case's folder, by a path relative to the case."""
    written = write_new_case(tmp_path / "cases" / "ny.yaml", None)
    assert written == tmp_path / "cases" / "schema" / SCHEMA_FILE_NAME
    assert written.read_text(encoding="utf-8") == schema_json()
    first = (tmp_path / "cases" / "ny.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=schema/{SCHEMA_FILE_NAME}"
    # A second case below finds the same copy; nothing is written again.
    assert write_new_case(tmp_path / "cases" / "2026" / "anden.yaml", None) is None
    second = (tmp_path / "cases" / "2026" / "anden.yaml").read_text(encoding="utf-8")
    assert second.startswith(f"# yaml-language-server: $schema=../schema/{SCHEMA_FILE_NAME}\n")


def test_a_schema_that_cannot_be_written_leaves_the_instructions(tmp_path: Path) -> None:
    (tmp_path / "schema").write_text("not a folder", encoding="utf-8")
    assert write_new_case(tmp_path / "ny.yaml", None) is None
    head = (tmp_path / "ny.yaml").read_text(encoding="utf-8").splitlines()[:4]
    assert any("forankring schema -o" in line for line in head)
