"""Outputs are never lost: a failed, refused or interrupted render leaves the previous report
intact byte for byte, no half-written document and no temporary file; output names are safe
and stay in the output folder; a case file is never overwritten."""

from __future__ import annotations

import errno
import io
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner, Result

from forankring_docs import output
from forankring_docs.cli import main
from forankring_docs.output import TEMP_PREFIX, OutputError, plan_outputs, write_atomic
from forankring_docs.pipeline import Renderer
from tests.conftest import MINIMAL

SAFE_NAME = re.compile(r"[\w\-(),+]([\w.\- (),+]*[\w\-(),+])?")


def render(*args: str | Path) -> Result:
    result = CliRunner().invoke(main, ["render", "-j", "1", *map(str, args)])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def write_case(path: Path, text: str = MINIMAL) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.startswith(TEMP_PREFIX)]


def opens_as_docx(path: Path) -> bool:
    document = docx.Document(io.BytesIO(path.read_bytes()))
    return bool(document.paragraphs)


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


class FailingFile:
    """A file whose ``write`` writes part of the data, then raises ``error``."""

    def __init__(self, handle: Any, error: BaseException) -> None:
        self._handle = handle
        self._error = error

    def write(self, data: bytes) -> int:
        self._handle.write(data[: len(data) // 2])
        self._handle.flush()
        raise self._error

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def __enter__(self) -> FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()


def fail_writes_with(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    """Every binary file opened with os.fdopen (write_atomic's temporary file) fails half-way."""
    real_fdopen = os.fdopen

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_fdopen(fd, mode, *args, **kwargs)
        return FailingFile(handle, error) if "w" in mode and "b" in mode else handle

    monkeypatch.setattr(os, "fdopen", fdopen)


@pytest.fixture
def rendered_once(tmp_path: Path) -> tuple[Path, Path, bytes]:
    """A case, its output folder, and the bytes of its first (good) report."""
    case = write_case(tmp_path / "cases" / "solby.yaml")
    out = tmp_path / "build"
    assert render(case, "-o", out).exit_code == 0
    report = out / "solby.docx"
    assert opens_as_docx(report)
    return case, out, report.read_bytes()


# ================================================================ the output folder
def test_a_missing_output_folder_is_created(tmp_path: Path) -> None:
    case = write_case(tmp_path / "case.yaml")
    out = tmp_path / "new" / "deeper" / "build"
    result = render(case, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert opens_as_docx(out / "case.docx")


def test_an_unwritable_output_folder_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = write_case(tmp_path / "case.yaml")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(output.tempfile, "mkstemp", refuse)
    result = render(case, "-o", tmp_path / "build")
    assert result.exit_code == 2  # the -o given cannot be used: a usage error
    assert "error: cannot write in" in result.stderr and "Permission denied" in result.stderr
    assert not list((tmp_path / "build").iterdir())


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0,
    reason="root writes in every folder whatever its permissions",
)
def test_a_read_only_output_folder_is_a_clear_error(tmp_path: Path) -> None:
    case = write_case(tmp_path / "case.yaml")
    out = tmp_path / "build"
    out.mkdir()
    out.chmod(0o500)
    try:
        result = render(case, "-o", out)
    finally:
        out.chmod(0o700)
    assert result.exit_code == 2 and "cannot write in" in result.stderr


def test_an_output_path_through_a_file_is_a_clear_error(tmp_path: Path) -> None:
    case = write_case(tmp_path / "case.yaml")
    blocker = tmp_path / "somefile"
    blocker.write_text("not a folder", encoding="utf-8")
    for out, words in (
        (blocker / "sub", "part of this path is a file"),
        (blocker, "is a file, not a folder"),
    ):
        result = render(case, "-o", out)
        assert result.exit_code == 2
        assert words in result.stderr, result.stderr
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_an_output_name_taken_by_a_folder_is_a_clear_error(tmp_path: Path) -> None:
    case = write_case(tmp_path / "case.yaml")
    (tmp_path / "build" / "case.docx").mkdir(parents=True)
    result = render(case, "-o", tmp_path / "build")
    assert result.exit_code == 1
    assert "cannot write" in result.stderr
    assert not temporaries(tmp_path)


# ================================================================ failed writes
@pytest.mark.parametrize(
    "error",
    [OSError(errno.ENOSPC, "No space left on device"), OSError(errno.EIO, "Input/output error")],
)
def test_a_write_that_fails_half_way_leaves_the_previous_report(
    rendered_once: tuple[Path, Path, bytes], monkeypatch: pytest.MonkeyPatch, error: OSError
) -> None:
    case, out, before = rendered_once
    write_case(case, MINIMAL.replace("Klubben", "Klubben ApS"))
    fail_writes_with(monkeypatch, error)
    result = render(case, "-o", out)
    assert result.exit_code == 1
    assert str(error.strerror) in result.stderr and "unchanged" in result.stderr
    assert (out / "solby.docx").read_bytes() == before
    assert not temporaries(out)


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_a_failing_flush_or_rename_leaves_the_previous_report(
    rendered_once: tuple[Path, Path, bytes], monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    case, out, before = rendered_once
    write_case(case, MINIMAL.replace("Klubben", "Klubben ApS"))

    def fail(*args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(output.os, step, fail)
    result = render(case, "-o", out)
    assert result.exit_code == 1 and "Input/output error" in result.stderr
    assert (out / "solby.docx").read_bytes() == before
    assert not temporaries(out)


def test_write_atomic_leaves_nothing_when_interrupted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.docx"
    target.write_bytes(b"the previous report")
    fail_writes_with(monkeypatch, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"x" * 100_000, tag="123-")
    assert target.read_bytes() == b"the previous report"
    assert not temporaries(tmp_path)


def test_write_atomic_replaces_a_symlink_instead_of_writing_through_it(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("precious", encoding="utf-8")
    (tmp_path / "out").mkdir()
    link = tmp_path / "out" / "case.docx"
    link.symlink_to(elsewhere)
    write_atomic(link, b"report")
    assert elsewhere.read_text(encoding="utf-8") == "precious"
    assert not link.is_symlink() and link.read_bytes() == b"report"


# ================================================================ failed renders
def test_a_failed_re_render_keeps_the_last_good_report(
    rendered_once: tuple[Path, Path, bytes],
) -> None:
    case, out, before = rendered_once
    write_case(case, MINIMAL.replace("type: kommune", "type: komune"))
    result = render(case, "-o", out)
    assert result.exit_code == 1 and "komune" in result.stderr
    assert (out / "solby.docx").read_bytes() == before
    write_case(case, MINIMAL[: len(MINIMAL) // 2])  # cut short
    assert render(case, "-o", out).exit_code == 1
    assert (out / "solby.docx").read_bytes() == before
    assert files_under(out) == {out / "solby.docx"}


def test_a_broken_template_keeps_the_last_good_report(
    rendered_once: tuple[Path, Path, bytes], tmp_path: Path
) -> None:
    case, out, before = rendered_once
    template = tmp_path / "template" / "partials"
    template.mkdir(parents=True)
    (template / "why.html.j2").write_text("<h1>{{ view.nope }}</h1>\n", encoding="utf-8")
    result = render(case, "-o", out, "--template", template.parent)
    assert result.exit_code == 1 and "why.html.j2" in result.stderr
    assert (out / "solby.docx").read_bytes() == before


# ================================================================ names
@pytest.mark.parametrize(
    "names",
    [
        ("a/case.yaml", "b/case.yaml"),
        ("a/Case.yaml", "b/case.yml"),
        ("min?case.yaml", "min_case.yaml"),
        ("strategi.yaml", "strategi.yml"),
    ],
)
def test_two_cases_with_one_output_name_are_refused_before_writing(
    tmp_path: Path, names: tuple[str, str]
) -> None:
    cases = [write_case(tmp_path / "cases" / name) for name in names]
    out = tmp_path / "build"
    result = render(*cases, "-o", out)
    assert result.exit_code == 1
    assert "would both write" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "name",
    [
        "min case.yaml",
        "Ærø Strand æøå.yaml",
        "..yaml",
        "a..b.yaml",
        "con.yaml",
        "$(touch pwned).yaml",
        "semi;colon|pipe.yaml",
        "back\\slash.yaml",
        " space .yaml",
        "new\nline.yaml",
        "x" * 200 + ".yaml",
        "-rf.yaml",
        "~home.yaml",
        "50%.yaml",
    ],
)
def test_output_names_are_sanitised_and_stay_in_the_output_folder(
    tmp_path: Path, name: str
) -> None:
    case = write_case(tmp_path / "cases" / name)
    out = tmp_path / "build"
    before = files_under(tmp_path)
    result = render(case, "-o", out)
    assert result.exit_code == 0, result.stderr
    (written,) = files_under(tmp_path) - before
    assert written.parent == out
    stem = written.name.removesuffix(".docx")
    assert SAFE_NAME.fullmatch(stem) and not stem.startswith(".") and len(stem) <= 120
    assert not (tmp_path / "pwned").exists()
    assert opens_as_docx(written)


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Mit område (v2).yaml", "Mit område (v2)"),
        ("Solhøj, 2026 + 2027.yaml", "Solhøj, 2026 + 2027"),
        ("a  \t b.yaml", "a b"),
        ("what?.yaml", "what_"),
        ('say "hi".yaml', "say _hi_"),
    ],
)
def test_an_output_keeps_the_case_files_name_where_it_is_safe(
    tmp_path: Path, name: str, stem: str
) -> None:
    case = write_case(tmp_path / "cases" / name)
    result = render(case, "-o", tmp_path / "build")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "build" / f"{stem}.docx").is_file()


def test_the_case_file_is_never_overwritten_in_its_own_folder(tmp_path: Path) -> None:
    case = write_case(tmp_path / "strategi.yaml")
    result = render(case, "-o", tmp_path, "-f", "docx", "-f", "html")
    assert result.exit_code == 0, result.stderr
    assert case.read_text(encoding="utf-8") == MINIMAL
    assert {p.name for p in tmp_path.iterdir()} == {
        "strategi.yaml",
        "strategi.docx",
        "strategi.html",
    }


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_a_case_file_with_an_output_name_is_not_overwritten(tmp_path: Path, fmt: str) -> None:
    case = write_case(tmp_path / f"strategi.{fmt}")
    result = render(case, "-o", tmp_path, "-f", fmt)
    assert result.exit_code == 1
    assert "would overwrite the case file" in result.stderr
    assert case.read_text(encoding="utf-8") == MINIMAL


def test_plan_outputs_refuses_an_output_that_is_a_case(tmp_path: Path) -> None:
    case = write_case(tmp_path / "x.html")
    with pytest.raises(OutputError, match="would overwrite"):
        plan_outputs([case], tmp_path, ["html"])
    assert plan_outputs([case], tmp_path / "elsewhere", ["html"])


# ================================================================ interrupted batches
def interrupt_on_call(number: int) -> Callable[..., Any]:
    """A Renderer.render that raises KeyboardInterrupt (Ctrl-C) on its ``number``-th call."""
    real = Renderer.render
    calls = {"n": 0}

    def render_or_interrupt(self: Renderer, *args: Any, **kwargs: Any) -> dict[str, bytes]:
        calls["n"] += 1
        if calls["n"] == number:
            raise KeyboardInterrupt
        return real(self, *args, **kwargs)

    return render_or_interrupt


def test_ctrl_c_during_a_batch_exits_130_and_leaves_only_whole_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = [write_case(tmp_path / "cases" / f"{name}.yaml") for name in ("a", "b", "c")]
    out = tmp_path / "build"
    monkeypatch.setattr(Renderer, "render", interrupt_on_call(2))
    result = render(*cases, "-o", out)
    assert result.exit_code == 130
    assert "interrupted" in result.stderr
    assert files_under(out) == {out / "a.docx"}
    assert opens_as_docx(out / "a.docx")


def test_ctrl_c_in_the_middle_of_a_write_leaves_the_previous_report(
    rendered_once: tuple[Path, Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    case, out, before = rendered_once
    fail_writes_with(monkeypatch, KeyboardInterrupt())
    result = render(case, "-o", out)
    assert result.exit_code == 130
    assert (out / "solby.docx").read_bytes() == before
    assert not temporaries(out)


def test_sigint_stops_a_parallel_batch_promptly_and_leaves_only_whole_reports(
    tmp_path: Path,
) -> None:
    """A real Ctrl-C (SIGINT to the process group) while two workers render."""
    import signal
    import subprocess
    import sys
    import time
    import zipfile

    cases, out = tmp_path / "cases", tmp_path / "out"
    cases.mkdir()
    for i in range(400):
        (cases / f"omraade{i:03d}.yaml").write_text(MINIMAL, encoding="utf-8")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "forankring_docs",
            "render",
            str(cases),
            "-o",
            str(out),
            "-j",
            "2",
            "-q",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out.is_dir() and len(list(out.iterdir())) > 5):
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)
    started = time.monotonic()
    _, err = proc.communicate(timeout=30)
    assert time.monotonic() - started < 10
    assert proc.returncode == 130, err.decode()
    assert b"Traceback" not in err
    written = list(out.iterdir())
    assert not [p for p in written if p.suffix != ".docx"]  # no temporary files left
    assert 0 < len(written) < 400
    for document in written:  # every report under its final name is whole
        assert zipfile.ZipFile(document).testzip() is None


# ------------------------------------------------------------------ -o naming one document
def test_o_with_a_document_name_writes_that_file_for_one_case(tmp_path: Path) -> None:
    case = write_case(tmp_path / "nordby.yaml")
    result = render(case, "-o", tmp_path / "ud" / "Rapport til styregruppen.docx")
    assert result.exit_code == 0, result.output
    assert files_under(tmp_path / "ud") == {tmp_path / "ud" / "Rapport til styregruppen.docx"}
    assert opens_as_docx(tmp_path / "ud" / "Rapport til styregruppen.docx")


def test_o_with_a_document_name_takes_the_format_from_the_name(tmp_path: Path) -> None:
    case = write_case(tmp_path / "nordby.yaml")
    result = render(case, "-o", tmp_path / "rapport.HTML")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "rapport.HTML").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (["-f", "pdf"], "names a .docx document, but -f asks for pdf"),
        (["second"], "names one document, but 2 case files are to be rendered"),
    ],
)
def test_o_with_a_document_name_that_cannot_hold_the_result_is_a_usage_error(
    tmp_path: Path, extra: list[str], said: str
) -> None:
    first = write_case(tmp_path / "a.yaml")
    args = [str(write_case(tmp_path / "b.yaml")) if e == "second" else e for e in extra]
    result = render(first, *args, "-o", tmp_path / "rapport.docx")
    assert result.exit_code == 2
    assert said in result.output
    assert not (tmp_path / "rapport.docx").exists()


def test_an_existing_folder_named_like_a_document_stays_a_folder(tmp_path: Path) -> None:
    case = write_case(tmp_path / "nordby.yaml")
    (tmp_path / "ud.docx").mkdir()
    assert render(case, "-o", tmp_path / "ud.docx").exit_code == 0
    assert (tmp_path / "ud.docx" / "nordby.docx").is_file()
