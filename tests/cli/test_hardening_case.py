"""Issue #12, the case file's part: hostile or mistyped case files get a quick error at the
place of the mistake, with a hint that points at the real mistake, and what YAML reads
otherwise than it looks gets a warning (never a traceback, never a hang).

(The older hardening is in ``test_hardening.py`` beside it; its helpers are used here.)
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from forankring_docs.analysis.checked import load_and_check
from forankring_docs.case.limits import MAX_ACTIVITIES, MAX_ACTORS, MAX_ROWS, check_limits
from forankring_docs.case.loader import load_bytes
from forankring_docs.case.validation import validate
from forankring_docs.cli import main
from forankring_docs.diagnostics import CaseError, Diagnostic
from forankring_docs.pipeline import Renderer
from tests.cli.test_hardening import quickly_and_small, render_docx, with_meta
from tests.conftest import MINIMAL


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer.for_template(None)


def errors_of(text: str | bytes) -> list[Diagnostic]:
    raw = text.encode() if isinstance(text, str) else text
    with pytest.raises(CaseError) as caught:
        validate(load_bytes(raw, "c.yaml"))
    return caught.value.diagnostics


def first_error(text: str | bytes) -> Diagnostic:
    return errors_of(text)[0]


def warnings_of(text: str) -> list[Diagnostic]:
    return validate(load_bytes(text.encode(), "c.yaml")).loaded.warnings


# ================================================================ 1. deep nesting
DEPTH = 100_000


@pytest.mark.parametrize(
    ("value", "line", "column"),
    [
        ("[" * DEPTH + "]" * DEPTH, 5, 53),
        ("{a: " * DEPTH + "1" + "}" * DEPTH, 5, 167),
        ("\n    " + "- " * DEPTH + "x", 6, 81),
    ],
    ids=["flow lists", "flow mappings", "block lists"],
)
def test_deep_nesting_is_refused_at_once_where_it_passes_the_limit(
    value: str, line: int, column: int
) -> None:
    started = time.perf_counter()
    error = first_error(with_meta(f"  afdelinger: {value}\n"))
    assert time.perf_counter() - started < 1.0  # it took 40-75 s
    assert error.message == "the file nests more than 40 levels deep"
    assert (error.line, error.column) == (line, column)


def test_a_long_line_of_dashes_that_is_bad_yaml_is_refused_at_once() -> None:
    started = time.perf_counter()
    error = first_error(with_meta("") + "- " * DEPTH + "x\n")
    assert time.perf_counter() - started < 1.0  # the hints' patterns took minutes on it
    assert "not valid YAML" in error.message


# ================================================================ 2. many links
def test_twenty_thousand_links_render_in_linear_time(renderer: Renderer) -> None:
    links = " ".join(f"https://example{i}.dk/side" for i in range(20_000))
    text = MINIMAL.replace("Fordi det virker.", f"Fordi det virker. {links}")
    valid = validate(load_bytes(text.encode(), "c.yaml"))
    started = time.perf_counter()
    data = render_docx(renderer, valid)
    assert time.perf_counter() - started < 6.0  # it took 75 s; about 1.5 s now
    rels = zipfile.ZipFile(io.BytesIO(data)).read("word/_rels/document.xml.rels").decode()
    assert rels.count("https://example") == 20_000
    assert rels.count('Id="rId') == len(set(rels.split('Id="rId')[1:]))  # ids are unique


# ================================================================ 19. line separators
def test_a_line_separator_does_not_shift_the_lines_of_later_errors() -> None:
    text = MINIMAL.replace("navn: Klubben", 'navn: "Klub\u2028ben"')
    error = first_error(text.replace("type: forening", "type: foreningx"))
    assert (error.line, error.column) == (24, 13)
    assert "'foreningx' is not a valid actor type" in error.message


@pytest.mark.parametrize(("char", "name"), [("\u2028", "line"), ("\u2029", "paragraph")])
def test_a_syntax_error_caused_by_a_separator_names_it(char: str, name: str) -> None:
    error = first_error(MINIMAL.replace("boligområde: Testby", f"boligområde: Test{char}by"))
    assert (error.line, error.column) == (4, 20)
    assert f"invisible {name} separator (U+{ord(char):04X})" in error.message


def test_a_next_line_character_is_named_at_its_place() -> None:
    error = first_error(MINIMAL.replace("navn: Klubben", "navn: Klub\x85ben"))
    assert (error.line, error.column) == (19, 17)
    assert "U+0085" in error.message
    later = [d for d in errors_of(MINIMAL.replace("navn: Klubben", "navn: Klub\x85ben"))]
    assert all(d.line == 19 for d in later)


# ================================================================ 20. comments, bullets
def test_text_after_space_hash_is_a_warning_at_the_hash() -> None:
    text = MINIMAL.replace("  boligområde: Testby", "  boligområde: Testby #fast punkt")
    (warning,) = warnings_of(text)
    assert (warning.line, warning.column, warning.code) == (4, 23, "Y101")
    assert "'#fast punkt'" in warning.message and "quotes" in (warning.hint or "")


def test_a_comment_after_two_spaces_is_no_warning() -> None:
    text = MINIMAL.replace("  boligområde: Testby", "  boligområde: Testby  # a comment")
    assert warnings_of(text) == []


def test_folded_bullet_lines_are_a_warning() -> None:
    text = MINIMAL.replace(
        "  hvorfor: Fordi det virker.", "  hvorfor: Fordi det virker.\n    - en\n    - to"
    )
    (warning,) = warnings_of(text)
    assert (warning.line, warning.column, warning.code) == (8, 5, "Y102")
    assert "'|'" in (warning.hint or "")


def test_loader_warnings_are_shown_by_validate_check_and_render(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(
        MINIMAL.replace("  boligområde: Testby", "  boligområde: Testby #fast"), encoding="utf-8"
    )
    assert [d.code for d in load_and_check(case, rules=False).diagnostics] == ["Y101"]
    for command in (["validate"], ["check"], ["render", "-o", str(tmp_path / "out")]):
        result = CliRunner().invoke(main, [*command, str(case)])
        assert result.exit_code == 0, result.output
        assert re.search(
            rf"^{re.escape(str(case))}:4:23: warning: .* \[Y101\]$", result.stderr, re.M
        )
    result = CliRunner().invoke(main, ["check", "--ignore", "Y101", str(case)])
    assert "Y101" not in result.stderr


# ================================================================ 21. numbers
@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("forståelse: 3", "forståelse: ٣", "'٣' is not a score"),
        ("element: cafe", "element: cafe\n      ressourcer: {timer_pr_uge: ４０}", "not a number"),
    ],
)
def test_digits_of_other_scripts_are_not_numbers(old: str, new: str, message: str) -> None:
    error = first_error(MINIMAL.replace(old, new))
    assert message in error.message
    assert "did you mean" in (error.hint or "")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("element: cafe", "element: cafe\n      ressourcer: {timer_pr_uge: 1" + "0" * 400 + "}"),
        ("element: cafe", "element: cafe\n      ressourcer: {kr_pr_år: " + "9" * 5000 + "}"),
        ("forståelse: 3", "forståelse: " + "9" * 5000),
    ],
)
def test_huge_integers_are_a_plain_out_of_range_error(old: str, new: str) -> None:
    error = first_error(MINIMAL.replace(old, new))
    assert "is too large" in error.message or "outside the scale" in error.message
    assert "int_max_str_digits" not in error.message + (error.hint or "")
    assert len(error.message) < 200


# ================================================================ 22. decomposed letters
def test_decomposed_keys_and_ids_read_as_composed() -> None:
    text = MINIMAL.replace("boligområde", "boligomra\u030ade").replace("id: klub", "id: klåb")
    text = text.replace("aktør: klub", "aktør: kla\u030ab")  # decomposed where it is used
    valid = validate(load_bytes(text.encode(), "c.yaml"))
    assert valid.case.meta.area == "Testby"
    assert valid.case.analyses[0].actor == "klåb"


def test_other_text_keeps_its_characters() -> None:
    text = with_meta("  kommune: Kommune \uf900 og e\u0301\n")
    valid = validate(load_bytes(text.encode(), "c.yaml"))
    assert valid.case.meta.municipality == "Kommune \uf900 og e\u0301"


# ================================================================ 23. duplicates in a list
@pytest.mark.parametrize(
    ("old", "new", "line", "column"),
    [
        ("opgaver: [drift]", "opgaver: [drift, drift]", 35, 24),
        (
            "fase3:",
            "fase4:\n  aktiviteter:\n    - {id: p, navn: P, styrker: [evne, evne]}\nfase3:",
            28,
            40,
        ),
    ],
)
def test_a_list_holding_an_id_twice_is_an_error_at_the_second(
    old: str, new: str, line: int, column: int
) -> None:
    error = first_error(MINIMAL.replace(old, new))
    assert (error.line, error.column) == (line, column)
    assert "is in this list twice" in error.message


# ================================================================ 24. every tab
def test_every_indenting_tab_is_reported_with_the_other_errors() -> None:
    text = (
        MINIMAL.replace("      navn: Lektiecafé", "\tnavn: Lektiecafé")
        .replace("      navn: Klubben", "\t  navn: Klubben")
        .replace("      konklusion: egnet", "      konklusion: egnet\n      bogus: 1")
    )
    found = [(d.line, d.column, d.message) for d in errors_of(text)]
    tab = "a tab is used for indentation; YAML indents with spaces only"
    assert (10, 1, tab) in found and (19, 1, tab) in found
    assert any("unknown key 'bogus'" in message for _, _, message in found)


# ================================================================ 26-29. hints
def test_text_after_a_closing_quote_says_so() -> None:
    error = first_error(MINIMAL.replace("navn: Klubben", 'navn: "IF" Egeparken'))
    assert "text follows the closing quote" in error.message
    assert "navn: '\"IF\" Egeparken'" in (error.hint or "")


def test_a_key_moved_back_to_the_dash_says_it_left_the_item() -> None:
    text = MINIMAL.replace(
        "    - id: klub\n      navn: Klubben", "    - id: klub\n    navn: Klubben"
    )
    error = first_error(text)
    assert (error.line, error.column) == (19, 5)
    assert "'navn' has moved out of the list item" in error.message
    assert "indent it 6 spaces" in (error.hint or "")


def test_a_line_moved_out_of_a_block_says_so() -> None:
    text = MINIMAL.replace(
        "  hvorfor: Fordi det virker.",
        "  hvorfor: |\n    Fordi det virker.\n    Og mere.\n  Og mindre.",
    )
    error = first_error(text)
    assert (error.line, error.column) == (10, 3)
    assert "left the text block of 'hvorfor'" in error.message
    assert "indent it 4 spaces" in (error.hint or "")


def test_a_curly_quoted_date_names_the_curly_quotes() -> None:
    error = first_error(MINIMAL.replace("start: 2024-01-01", "start: ”2024-01-01”"))
    assert "curly quotes" in (error.hint or "") and "2024-01-01" in (error.hint or "")


def test_a_text_in_curly_quotes_is_a_warning() -> None:
    (warning,) = warnings_of(with_meta("  version: ”0.3”\n"))
    assert (warning.line, warning.column, warning.code) == (5, 12, "Y103")
    assert "curly quotes" in warning.message


def test_a_windows_1252_file_is_reported_where_the_message_says() -> None:
    raw = "format: 1\nmeta:\n  indsats: x\n  boligområde: Testby\n".encode("cp1252")
    error = first_error(raw)
    assert (error.line, error.column) == (4, 11)
    assert "line 4, column 11" in error.message


def test_small_file_with_hostile_nesting_stays_small() -> None:
    with quickly_and_small(seconds=2):
        errors_of(with_meta("  afdelinger: " + "[" * DEPTH + "\n"))


# ================================================================ 3. render memory
def _activities(count: int) -> str:
    rows = "".join(
        f"    - {{id: p{i}, navn: A{i}, start: {1950 + i % 100}-01-01, deadline: 2099-12-31}}\n"
        for i in range(count)
    )
    return MINIMAL + "fase4:\n  aktiviteter:\n" + rows


def _actors(count: int, marks: int = 1) -> str:
    tasks = "".join(
        f"    - {{id: t{i}, navn: T{i}, element: cafe, opgavetype: drift}}\n" for i in range(marks)
    )
    mapping = ", ".join(f"t{k}: fuldt" for k in range(marks))
    actors = "".join(
        f"    - {{id: x{i}, navn: X{i}, type: forening, opgaver: {{{mapping}}}}}\n"
        for i in range(count)
    )
    text = MINIMAL.replace("  opgaver:\n", "  opgaver:\n" + tasks, 1)
    return text.replace("  aktører:\n", "  aktører:\n" + actors, 1)


def _interfaces(count: int) -> str:
    rows = "".join(f"        - {{fra: klub, til: forening, hvad: H{i}}}\n" for i in range(count))
    return MINIMAL + "      snitflader:\n" + rows


@pytest.mark.parametrize(
    ("text", "path", "message"),
    [
        (_activities(MAX_ACTIVITIES + 1), "fase4.aktiviteter[2000]", "2,001 activities"),
        (_actors(MAX_ACTORS + 1), "fase2.aktører[1000]", "1,003 actors"),  # and MINIMAL's 2
        (_actors(101, 100), "fase2.aktører[100].opgaver", "more than 10,000 marks"),
        (_interfaces(MAX_ROWS + 1), "fase3.forankring[0].snitflader", "more than 10,000 inter"),
    ],
    ids=["activities", "actors", "marks", "interfaces"],
)
def test_a_case_too_large_to_render_is_refused_at_the_item_that_passes_a_limit(
    text: str, path: str, message: str
) -> None:
    errors = [d for d in errors_of(text) if d.path == path]
    assert len(errors) == 1 and message in errors[0].message
    assert "at most" in errors[0].message and "README" in (errors[0].hint or "")
    assert errors[0].line > 30


def test_the_most_activities_a_case_may_hold_render_in_bounded_memory(
    renderer: Renderer,
) -> None:
    valid = validate(load_bytes(_activities(MAX_ACTIVITIES).encode(), "c.yaml"))
    with quickly_and_small(seconds=90, memory=400 * 1024 * 1024):
        render_docx(renderer, valid)


def test_a_real_sized_case_is_far_inside_the_limits() -> None:
    from benchmarks.casegen import generate_case

    data = load_bytes(generate_case().encode(), "c.yaml").data
    assert check_limits(data) == []
    tenfold = load_bytes(generate_case(tasks=400, actors=250, activities=350).encode(), "c")
    assert check_limits(tenfold.data) == []
