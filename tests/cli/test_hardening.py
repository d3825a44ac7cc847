"""Hostile shapes of case files: each gets a quick, located error or a correct report, in
bounded memory, and never a traceback, a hang or a command that runs.

(Basic error kinds, the 5 MB limit, flow nesting and a small alias bomb are in
``test_errors.py``; properties of mutated files in ``test_loading_properties.py``.)
"""

from __future__ import annotations

import io
import os
import random
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result

from forankring_docs.case.loader import MAX_BYTES, MAX_PROBLEMS, load_bytes, read_case
from forankring_docs.case.validation import ValidCase, load_case, validate
from forankring_docs.cli import main
from forankring_docs.diagnostics import CaseError
from forankring_docs.pipeline import Renderer
from tests.conftest import MINIMAL

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
QUICK_SECONDS = 5.0  # "well under a second or two" on a laptop; generous for a busy CI
SMALL_MEMORY = 32 * 1024 * 1024


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer.for_template(None)


@contextmanager
def quickly_and_small(seconds: float = QUICK_SECONDS, memory: int = SMALL_MEMORY) -> Iterator[None]:
    """Assert that the block finishes in ``seconds`` with a Python peak under ``memory``."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    assert peak < memory, f"peak {peak / 1e6:.0f} MB"


def validate_cli(path: Path) -> Result:
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def error_lines(result: Result, path: Path) -> list[str]:
    return [
        ln for ln in result.stderr.splitlines() if ln.startswith(f"{path}:") and ": error: " in ln
    ]


def with_meta(extra: str, text: str = MINIMAL) -> str:
    """MINIMAL with ``extra`` lines added to meta."""
    return text.replace("  boligområde: Testby\n", f"  boligområde: Testby\n{extra}", 1)


def body_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "".join(t.text or "" for t in document.element.body.iter(f"{W}t"))


def render_docx(renderer: Renderer, valid: ValidCase, language: str = "da") -> bytes:
    return renderer.render(valid, formats=("docx",), language=language)["docx"]


# ================================================================ size
def test_a_sparse_five_gigabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    case = tmp_path / "huge.yaml"
    with case.open("wb") as handle:
        handle.truncate(5 * 1024**3)
    with quickly_and_small(), pytest.raises(CaseError) as caught:
        read_case(case)
    (problem,) = caught.value.diagnostics
    assert (problem.line, problem.column) == (1, 1)
    assert "MB" in problem.message
    result = validate_cli(case)
    assert result.exit_code == 1 and error_lines(result, case)


def test_a_file_of_exactly_the_limit_is_read_and_one_byte_more_is_not(tmp_path: Path) -> None:
    head = MINIMAL.encode("utf-8") + b"# "
    case = tmp_path / "limit.yaml"
    case.write_bytes(head + b"x" * (MAX_BYTES - len(head) - 1) + b"\n")
    assert case.stat().st_size == MAX_BYTES
    assert load_case(case).case.meta.area == "Testby"
    case.write_bytes(head + b"x" * (MAX_BYTES - len(head)) + b"\n")
    with pytest.raises(CaseError, match="MB"):
        read_case(case)


# ================================================================ hostile shapes → errors
def _deep_block_mapping(depth: int) -> str:
    return "format: 1\nmeta:\n" + "".join(" " * (i + 1) + "a:\n" for i in range(depth))


def _many_aliases(count: int) -> str:
    return with_meta("  afdelinger: [&a A, " + "*a, " * count + "]\n")


def _billion_laughs() -> str:
    lines = ["lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 10)]
    return MINIMAL + "\n".join(lines) + "\n"


HOSTILE: list[tuple[str, bytes, str]] = [
    (
        "block sequences 5000 deep",
        ("format: 1\nmeta:\n  " + "- " * 5000 + "x\n").encode(),
        "nests more than",
    ),
    ("block mappings 1000 deep", _deep_block_mapping(1000).encode(), "nests more than"),
    (
        "flow mappings 5000 deep",
        ("format: 1\nmeta: " + "{a: " * 5000 + "x" + "}" * 5000 + "\n").encode(),
        "nests more than",
    ),
    (
        "flow mixed 5000 deep, unclosed",
        ("format: 1\nmeta: " + "[{a: " * 2500 + "\n").encode(),
        "nests more than",
    ),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "not UTF-8"),
    ("zip", b"PK\x03\x04\x14\x00\x06\x00\x08\x00" + zlib.compress(MINIMAL.encode()), "not UTF-8"),
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", "not UTF-8"),
    ("random bytes", random.Random(7).randbytes(20_000), "not UTF-8"),
    ("utf-32", MINIMAL.encode("utf-32"), "UTF-32"),
    ("billion laughs", _billion_laughs().encode(), "YAML anchors"),
    ("a million aliases", _many_aliases(1_000_000).encode(), "reading stopped here"),
    (
        "merge-key bomb",
        (MINIMAL + "x: &x {a: 1}\ny: {<<: [" + "*x, " * 10_000 + "]}\n").encode(),
        "not part of the case format",
    ),
    (
        "a key of 10,000 characters",
        with_meta("  " + "k" * 10_000 + ": 1\n").encode(),
        "could not find expected ':'",
    ),
    (
        "a quoted key of 10,000 characters",
        with_meta(f"  '{'k' * 10_000}': 1\n").encode(),
        "could not find expected ':'",
    ),
    (
        "a line of 4 MB without a colon",
        ("format: 1\n" + "x" * 4_000_000 + "\n").encode(),
        "not valid YAML",
    ),
    ("NUL bytes", MINIMAL.replace("Klubben", "Klub\x00ben").encode(), "U+0000"),
    ("a file of NUL bytes", b"\x00" * 100_000, "more such characters"),
    ("only ---", b"---\n", "must be a mapping"),
    ("only --- and ...", b"---\n...\n", "must be a mapping"),
    ("only a comment", b"# format: 1\n", "the file is empty"),
    ("only a byte-order mark", b"\xef\xbb\xbf", "the file is empty"),
    ("only ~", b"~\n", "must be a mapping"),
    ("a scalar", b"Helhedsplan Testby\n", "must be a mapping"),
    ("a number", b"42", "must be a mapping"),
    ("a list", b"[format, meta]", "must be a mapping"),
    ("a key without a value", b"format:\n", "missing required key 'meta'"),
]


@pytest.mark.parametrize(("raw", "message"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_hostile_file_gets_a_quick_located_error(tmp_path: Path, raw: bytes, message: str) -> None:
    case = tmp_path / "case.yaml"
    case.write_bytes(raw)
    memory = max(SMALL_MEMORY, 12 * len(raw))
    with quickly_and_small(memory=memory), pytest.raises(CaseError) as caught:
        load_case(case)
    diagnostics = caught.value.diagnostics
    assert diagnostics and len(diagnostics) <= MAX_PROBLEMS + 1
    assert all(d.line >= 1 and d.column >= 1 and d.message for d in diagnostics)
    assert any(message in d.message for d in diagnostics), [d.message for d in diagnostics]
    result = validate_cli(case)
    assert result.exit_code == 1
    assert error_lines(result, case)


@pytest.mark.parametrize(
    "tag",
    [
        '!!python/object/apply:os.system ["touch {marker}"]',
        "!!python/object/apply:subprocess.check_call [[touch, {marker}]]",
        "!<tag:yaml.org,2002:python/object/apply:os.system> [touch {marker}]",
        "!!python/object/new:subprocess.Popen [[touch, {marker}]]",
        "!!python/name:os.system",
        "!custom {{cmd: touch {marker}}}",
    ],
)
def test_yaml_tags_are_refused_and_nothing_runs(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "ran"
    case = tmp_path / "case.yaml"
    text = with_meta(f"  kommune: {tag.format(marker=marker)}\n")
    case.write_text(text, encoding="utf-8")
    for command in (
        ["validate", str(case)],
        ["render", str(case), "-o", str(tmp_path / "out")],
        ["check", str(case)],
    ):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 1, result.output
        assert "YAML tags" in result.stderr
        assert f"{case}:5:12: error" in result.stderr
    assert not marker.exists()
    assert not (tmp_path / "out" / "case.docx").exists()


def test_a_tag_on_a_key_or_a_list_is_refused(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "  boligområde: Testby", "  !!str boligområde: Testby\n  afdelinger: !!python/tuple [a, b]"
    )
    with pytest.raises(CaseError) as caught:
        validate(load_bytes(text.encode(), "case.yaml"))
    assert [(d.line, d.message.split(" are ")[0]) for d in caught.value.diagnostics] == [
        (5, "YAML tags (!!python/tuple)")
    ]  # !!str is plain text, the default anyway


# ================================================================ hostile shapes → reports
def test_a_text_of_a_million_characters_renders(renderer: Renderer) -> None:
    why = "Fordi " + "x" * 1_000_000
    name = "K" * 100_000  # and a long word in a narrow table cell
    text = MINIMAL.replace("Fordi det virker.", why).replace("navn: Klubben", f"navn: {name}")
    with quickly_and_small(seconds=10, memory=400 * 1024 * 1024):
        valid = validate(load_bytes(text.encode(), "case.yaml"))
        report = body_text(render_docx(renderer, valid))
    assert why in report and name in report


def test_ten_thousand_risks_validate_and_render(renderer: Renderer) -> None:
    risks = "".join(
        f"    - {{risiko: Risiko nr. {i}, håndtering: Tiltag nr. {i}}}\n" for i in range(10_000)
    )
    valid = validate(load_bytes((MINIMAL + "fase4:\n  risici:\n" + risks).encode(), "c.yaml"))
    assert len(valid.case.phase4.risks) == 10_000
    report = body_text(render_docx(renderer, valid))
    assert "Risiko nr. 0" in report and "Tiltag nr. 9999" in report


def _with_tasks(count: int) -> str:
    tasks = "".join(
        f"    - {{id: t{i}, navn: Opgave nr. {i}, element: cafe, opgavetype: drift}}\n"
        for i in range(count)
    )
    return MINIMAL.replace("  opgaver:\n", "  opgaver:\n" + tasks, 1)


def test_ten_thousand_tasks_validate() -> None:
    valid = validate(load_bytes(_with_tasks(10_000).encode(), "case.yaml"))
    assert len(valid.case.tasks) == 10_001


def test_two_thousand_tasks_render(renderer: Renderer) -> None:
    valid = validate(load_bytes(_with_tasks(2_000).encode(), "case.yaml"))
    report = body_text(render_docx(renderer, valid, "en"))
    assert "Opgave nr. 0" in report and "Opgave nr. 1999" in report


def test_a_hundred_thousand_items_on_one_line_render(renderer: Renderer) -> None:
    text = with_meta("  afdelinger: [" + ", ".join(f"Afd{i}" for i in range(100_000)) + "]\n")
    valid = validate(load_bytes(text.encode(), "case.yaml"))
    assert len(valid.case.meta.departments) == 100_000
    render_docx(renderer, valid)


def test_millions_of_tiny_values_stop_the_reading_quickly() -> None:
    from forankring_docs.case.loader import MAX_VALUES

    body = "[" + ",".join(["[]"] * 1_600_000) + "]"  # 3.2 MB of empty lists
    started = time.perf_counter()
    with pytest.raises(CaseError) as caught:
        load_bytes(with_meta(f"  afdelinger: {body}\n").encode(), "case.yaml")
    assert time.perf_counter() - started < 5  # it took 10 s and 1 GB to read them all
    last = caught.value.diagnostics[-1]
    assert last.message == f"the file holds more than {MAX_VALUES:,} values; reading stopped here"
    assert last.line == 5 and last.column > 1  # the line of afdelinger


@pytest.mark.parametrize("ending", ["\r\n", "\r", "mixed"])
def test_line_endings_keep_positions_and_render(renderer: Renderer, ending: str) -> None:
    def joined(text: str) -> str:
        lines = text.split("\n")
        if ending != "mixed":
            return ending.join(lines)
        return "".join(ln + ("\r\n", "\r", "\n")[i % 3] for i, ln in enumerate(lines[:-1]))

    valid = validate(load_bytes(joined(MINIMAL).encode(), "case.yaml"))
    assert "Klubben" in body_text(render_docx(renderer, valid))
    broken = joined(MINIMAL.replace("type: kommune", "type: komune"))
    with pytest.raises(CaseError) as caught:
        validate(load_bytes(b"\xef\xbb\xbf" + broken.encode(), "case.yaml"))
    assert [(d.line, d.column) for d in caught.value.diagnostics] == [(20, 13)]


def test_a_key_at_the_length_limit_is_an_unknown_key_said_briefly() -> None:
    key = "k" * 1000
    with pytest.raises(CaseError) as caught:
        validate(load_bytes(with_meta(f"  {key}: 1\n").encode(), "case.yaml"))
    (problem,) = caught.value.diagnostics
    assert (problem.line, problem.column) == (5, 3)
    assert problem.message.startswith("unknown key 'kkk") and len(problem.message) < 100


def test_key_too_long_and_missing_colon_hints() -> None:
    for text, hint in (
        (with_meta("  " + "k" * 2000 + ": 1\n"), "at most 1024 characters"),
        (MINIMAL.replace("  boligområde: Testby", "  boligområde Testby"), "a ':' is missing"),
    ):
        with pytest.raises(CaseError) as caught:
            validate(load_bytes(text.encode(), "case.yaml"))
        assert hint in (caught.value.diagnostics[0].hint or "")


def test_a_rendered_report_given_as_a_case_file_is_refused(
    tmp_path: Path, renderer: Renderer
) -> None:
    valid = validate(load_bytes(MINIMAL.encode(), "case.yaml"))
    case = tmp_path / "report.yaml"
    case.write_bytes(render_docx(renderer, valid))
    result = validate_cli(case)
    assert result.exit_code == 1
    assert "not UTF-8" in result.stderr and "not a YAML case file" in result.stderr


def test_a_folder_and_a_missing_file_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(CaseError, match="folder"):
        read_case(tmp_path)
    with pytest.raises(CaseError, match="cannot read"):
        read_case(tmp_path / "gone.yaml")


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="root reads every file whatever its permissions"
)
def test_an_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(MINIMAL, encoding="utf-8")
    case.chmod(0)
    result = validate_cli(case)
    assert result.exit_code == 1 and "cannot read the file" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_without_a_writer_does_not_hang(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    with quickly_and_small(), pytest.raises(CaseError, match="this is a named pipe"):
        read_case(pipe)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_an_endless_device_is_not_read() -> None:
    with quickly_and_small(memory=3 * MAX_BYTES), pytest.raises(CaseError, match="a device"):
        read_case(Path("/dev/zero"))


@pytest.mark.parametrize(
    ("start", "end"),
    [("0001-01-01", "0001-01-01"), ("9999-12-31", "9999-12-31"), ("0001-01-01", "9999-12-31")],
)
def test_dates_at_the_ends_of_the_calendar_render(renderer: Renderer, start: str, end: str) -> None:
    """Found by benchmarks/fuzz.py: a period ending in year 1 crashed the handover rule."""
    text = (
        MINIMAL.replace(
            "{start: 2024-01-01, slut: 2027-12-31}",
            f"{{start: {start}, slut: {end}}}\n  dato: {end}",
        ).replace(
            "      organiseringsform: samarbejdsaftale",
            f"      organiseringsform: samarbejdsaftale\n      overdragelse: {end}",
        )
        + f"fase4:\n  aktiviteter:\n    - {{navn: Kursus, styrker: [evne], opgaver: [drift],"
        f" start: {start}, deadline: {end}}}\n"
        f"  opfølgning: {{forum: styregruppe, frekvens: Hvert kvartal, næste_møde: {end}}}\n"
    )
    valid = validate(load_bytes(text.encode(), "case.yaml"))
    for language in ("da", "en"):
        assert "Klubben" in body_text(render_docx(renderer, valid, language))


def test_invalid_unicode_escapes_at_the_end_of_a_big_file_cost_one_reading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each invalid \u escape costs another reading of the file; a big file gets one.
    from forankring_docs.case.loader import events as loading

    readings = []
    real = loading._from_events

    def counting(*args: object) -> object:
        readings.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(loading, "_from_events", counting)
    padding = "".join(f"  - lorem ipsum {i}\n" for i in range(200_000))
    text = MINIMAL + "zz:\n" + padding + "".join('  - "x\\ud800"\n' for _ in range(6))
    assert len(text) > loading.REPARSE_BUDGET
    with pytest.raises(CaseError) as caught:
        validate(load_bytes(text.encode(), "big.yaml"))
    assert len(readings) == 1
    assert ["U+D800" in d.message for d in caught.value.diagnostics] == [True]
    readings.clear()
    with pytest.raises(CaseError) as caught:  # a small file: every escape, one reading each
        validate(load_bytes((MINIMAL + "zz:\n" + '  - "x\\ud800"\n' * 3).encode(), "s.yaml"))
    assert len(readings) == 4
