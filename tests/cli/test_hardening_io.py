"""Processes, signals, paths, names and streams (issue #12, items 8-18 and 25): whatever a
signal, the file system or a file name does, no traceback, no hang, nothing lost."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from forankring_docs import batch
from forankring_docs.cli import main
from forankring_docs.diagnostics import Diagnostic, to_json
from forankring_docs.output import MAX_STEM_BYTES, safe_stem, write_atomic
from forankring_docs.templating import init as template_init
from tests.conftest import MINIMAL

POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and file types")


def cli(*args: str | Path) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def write_cases(folder: Path, names: list[str], text: str = MINIMAL) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / name for name in names]
    for path in paths:
        path.write_text(text, encoding="utf-8")
    return paths


def forankring(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "forankring_docs", *map(str, args)]


def processes_in_group(group: int) -> list[int]:
    """The live processes of a process group, from /proc (zombies are already gone)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "stat").read_text()
        except OSError:
            continue
        state, _parent, process_group = status[status.rindex(")") + 2 :].split()[:3]
        if int(process_group) == group and state != "Z":
            found.append(int(entry.name))
    return found


# ================================================================ 8. a worker that dies
@pytest.fixture
def killing_cases(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rendering a case whose name holds 'killer' kills its worker process, as the
    out-of-memory killer does (SIGKILL: no clean-up, no word)."""
    real = batch.render_case

    def render_case(plan: Any, options: Any, display: str) -> Any:
        if "killer" in display:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(plan, options, display)

    monkeypatch.setattr(batch, "render_case", render_case)


@POSIX_ONLY
@pytest.mark.usefixtures("killing_cases")
def test_a_killed_worker_fails_only_the_case_it_held(tmp_path: Path) -> None:
    names = [f"omraade{i:02d}.yaml" for i in range(24)]
    names[5], names[17] = "killer5.yaml", "killer17.yaml"
    write_cases(tmp_path / "cases", names)
    out = tmp_path / "out"
    result = cli("render", tmp_path / "cases", "-o", out, "-j", "2", "-q")
    assert result.exit_code == 1, result.stderr
    assert "BrokenProcessPool" not in result.stderr and "internal error" not in result.stderr
    assert "2 of 24 cases could not be rendered" in result.stderr
    assert "killer5.yaml: the process rendering this case was killed" in result.stderr
    assert "22 documents written" in result.stderr  # the summary
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(n.replace(".yaml", ".docx") for n in names if "killer" not in n)


@POSIX_ONLY
@pytest.mark.usefixtures("killing_cases")
def test_every_case_of_a_batch_that_only_kills_is_reported(tmp_path: Path) -> None:
    write_cases(tmp_path / "cases", ["killer1.yaml", "killer2.yaml", "killer3.yaml"])
    result = cli("render", tmp_path / "cases", "-o", tmp_path / "out", "-j", "2", "-q")
    assert result.exit_code == 1
    assert "3 of 3 cases could not be rendered" in result.stderr
    assert "3 files, 3 errors" in result.stderr


# ================================================================ 9. SIGTERM and SIGHUP
@POSIX_ONLY
@pytest.mark.parametrize(
    ("signum", "to_group"),
    [(signal.SIGTERM, False), (signal.SIGTERM, True), (getattr(signal, "SIGHUP", 1), True)],
    ids=["sigterm", "sigterm-to-the-group", "sighup-to-the-group"],
)
def test_sigterm_and_sighup_stop_a_parallel_run_as_ctrl_c_does(
    tmp_path: Path, signum: int, to_group: bool
) -> None:
    cases = tmp_path / "cases"
    write_cases(cases, [f"omraade{i:03d}.yaml" for i in range(400)])
    out = tmp_path / "out"
    proc = subprocess.Popen(
        forankring("render", cases, "-o", out, "-j", "2", "-q"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (out.is_dir() and len(list(out.iterdir())) > 5):
            time.sleep(0.02)
        if to_group:
            os.killpg(proc.pid, signum)
        else:
            os.kill(proc.pid, signum)
        started = time.monotonic()
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert time.monotonic() - started < 10
    assert proc.returncode == 128 + signum, err.decode()
    assert b"Traceback" not in err and b"interrupted" in err
    assert processes_in_group(proc.pid) == []  # no worker left behind
    written = sorted(out.iterdir())
    time.sleep(0.5)
    assert sorted(out.iterdir()) == written  # nothing written after the exit
    assert not [p for p in written if p.suffix != ".docx"]  # no temporary files
    assert 0 < len(written) < 400
    for document in written:
        assert zipfile.ZipFile(document).testzip() is None


def test_stopping_on_signals_raises_a_keyboard_interrupt_with_the_signals_exit_code() -> None:
    from forankring_docs.cli.signals import stopping_on_signals
    from forankring_docs.errors import Stopped, interrupted_exit_code

    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt) as caught, stopping_on_signals():
        signal.raise_signal(signal.SIGTERM)
    assert isinstance(caught.value, Stopped)
    assert interrupted_exit_code(caught.value) == 143
    assert interrupted_exit_code(KeyboardInterrupt()) == 130
    assert signal.getsignal(signal.SIGTERM) == before


# ================================================================ 11. symlink loops
@POSIX_ONLY
def test_a_link_loop_in_a_folder_is_one_located_error_and_the_rest_is_read(
    tmp_path: Path,
) -> None:
    cases = tmp_path / "cases"
    write_cases(cases, ["a.yaml", "b.yaml"])
    (cases / "loop1.yaml").symlink_to("loop2.yaml")
    (cases / "loop2.yaml").symlink_to("loop1.yaml")
    result = cli("validate", cases)
    assert result.exit_code == 1
    assert "internal error" not in result.stderr
    loops = [line for line in result.stderr.splitlines() if "link loop" in line]
    assert [line.split(":")[0] for line in loops] == [
        str(cases / "loop1.yaml"),
        str(cases / "loop2.yaml"),
    ]
    assert all(":1:1: error: " in line for line in loops)
    assert "4 files, 2 invalid, 2 errors" in result.stderr


@POSIX_ONLY
def test_a_link_loop_given_by_name_is_said_to_be_a_loop(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to("loop.yaml")
    for command in (["check", loop], ["diff", loop, loop], ["render", loop]):
        result = cli(*command)
        assert result.exit_code == 2
        assert "link loop" in result.stderr and "does not exist" not in result.stderr


# ================================================================ 12. forged lines
FORGED = "x.yaml:9:9: error: forged"


def test_a_diagnostic_stays_on_its_lines_whatever_its_file_name_and_values() -> None:
    for breaker in ("\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"):
        d = Diagnostic(
            f"evil{breaker}{FORGED}.yaml",
            1,
            2,
            "error",
            f"'a{breaker}{FORGED}' is wrong",
            hint=f"write it{breaker}{FORGED}\nas shown",
            path=f"meta.a{breaker}b",
        )
        lines = d.format().splitlines()
        assert lines[0].startswith("evil\\") and lines[0].endswith("' is wrong")
        assert lines[1].startswith("  hint: write it") and lines[-1] == "        as shown"
        # A hint's own line breaks stay, indented: no line of it can pass for a diagnostic.
        assert all(line.startswith("  ") for line in lines[1:])
        assert len(lines) == (4 if breaker == "\n" else 3), lines
    assert "\x1b" not in Diagnostic("a\x1b[2Jb", 1, 1, "error", "m\x1b]0;x\x07").format()


@POSIX_ONLY
def test_a_file_name_or_value_cannot_forge_a_diagnostic_line(tmp_path: Path) -> None:
    case = tmp_path / f"evil\n{FORGED}.yaml"
    case.write_text(
        MINIMAL.replace("type: kommune", f'type: "kom\\n{FORGED}\\u2028y"'), encoding="utf-8"
    )
    result = cli("check", case)
    assert result.exit_code == 1
    assert not [line for line in result.stderr.splitlines() if line.startswith(FORGED)]
    (error,) = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert error.startswith(f"{tmp_path}/evil\\n{FORGED}.yaml:20:13: error: ")
    assert "\u2028" not in result.stderr
    as_json = cli("check", case, "--format", "json")
    assert "\u2028" not in as_json.stdout  # escaped: a reader splitting lines sees none
    (found,) = json.loads(as_json.stdout)
    assert found["file"] == str(case) and "\u2028" in found["message"]  # nothing lost


def test_json_diagnostics_escape_every_line_break() -> None:
    text = to_json([Diagnostic("a\u2028b\x85c", 1, 1, "error", "m\u2029")])
    assert not {"\u2028", "\u2029", "\x85"} & set(text)
    assert json.loads(text)[0]["file"] == "a\u2028b\x85c"


def test_messages_that_name_a_path_escape_it(tmp_path: Path) -> None:
    case = write_cases(tmp_path / f"in\n{FORGED}", ["solby.yaml"])[0]
    result = cli("render", case, "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert not [line for line in result.stderr.splitlines() if line.startswith(FORGED)]
    empty = tmp_path / f"empty\n{FORGED}"
    empty.mkdir()
    result = cli("validate", empty)
    assert result.exit_code == 2
    assert not [line for line in result.stderr.splitlines() if line.startswith(FORGED)]


# ================================================================ 13. overwriting a case
def test_overview_refuses_to_overwrite_a_case_file_given_with_it(tmp_path: Path) -> None:
    case = tmp_path / "X.csv"
    case.write_text("hi\n", encoding="utf-8")
    result = cli("overview", case, "-o", case)
    assert result.exit_code == 1
    assert "would overwrite the case file" in result.stderr
    assert case.read_text(encoding="utf-8") == "hi\n"


@POSIX_ONLY
def test_overview_refuses_an_output_that_is_a_case_by_another_name(tmp_path: Path) -> None:
    (case,) = write_cases(tmp_path / "cases", ["solby.yaml"])
    link = tmp_path / "oversigt.html"
    link.symlink_to(case)
    result = cli("overview", tmp_path / "cases", "-o", link)
    assert result.exit_code == 1 and "would overwrite the case file" in result.stderr
    assert case.read_text(encoding="utf-8") == MINIMAL


# ================================================================ 14. long names
def test_an_output_name_stays_within_255_bytes_and_stays_apart(tmp_path: Path) -> None:
    # 251 bytes in 85 characters: a .yml name of 255 bytes, so a .docx name of 256
    stems = ["漢" * 83 + "a1", "漢" * 83 + "a2"]
    write_cases(tmp_path / "cases", [f"{stem}.yml" for stem in stems])
    out = tmp_path / "out"
    result = cli("render", tmp_path / "cases", "-o", out, "-f", "docx", "-f", "html", "-j", "1")
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 4
    assert all(len(name.encode()) <= 255 for name in names)
    assert safe_stem(stems[0]) != safe_stem(stems[1])
    assert safe_stem(stems[0]) == safe_stem(stems[0])  # stable from run to run


def test_safe_stem_cuts_by_bytes_at_a_whole_character() -> None:
    for stem in ("漢" * 200, "a" * 300, "x" * 100 + "漢" * 60, "ø" * 119 + "漢"):
        cut = safe_stem(stem)
        assert len(cut.encode("utf-8")) <= MAX_STEM_BYTES and len(cut) <= 120
        assert cut.encode("utf-8").decode("utf-8") == cut
    assert safe_stem("kort navn") == "kort navn"


# ================================================================ 15. permissions
@POSIX_ONLY
def test_re_rendering_keeps_the_permissions_of_the_report_it_replaces(tmp_path: Path) -> None:
    (case,) = write_cases(tmp_path / "cases", ["solby.yaml"])
    out = tmp_path / "out"
    assert cli("render", case, "-o", out).exit_code == 0
    report = out / "solby.docx"
    report.chmod(0o600)
    assert cli("render", case, "-o", out).exit_code == 0
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    write_atomic(report, b"new")
    assert stat.S_IMODE(report.stat().st_mode) == 0o600


# ================================================================ 16. template init, disk full
@pytest.fixture
def disk_full_on_third_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The third file copied gets half its bytes, then the disk is full."""
    real = shutil.copyfile
    calls = {"n": 0}

    def copyfile(source: Any, target: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            data = Path(source).read_bytes()
            Path(target).write_bytes(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(source, target, **kwargs)

    monkeypatch.setattr(shutil, "copyfile", copyfile)


def everything_under(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


@pytest.mark.usefixtures("disk_full_on_third_copy")
@pytest.mark.parametrize("existing", [None, "empty", "other files"])
def test_template_init_on_a_full_disk_leaves_nothing_behind(
    tmp_path: Path, existing: str | None
) -> None:
    target = tmp_path / "a" / "mit-layout"
    if existing:
        target.mkdir(parents=True)
    if existing == "other files":
        (target / "noter.txt").write_text("mine", encoding="utf-8")
        (target / "labels").mkdir()
        (target / "labels" / "mine.txt").write_text("mine", encoding="utf-8")
    before = everything_under(tmp_path)
    result = cli("template", "init", target)
    assert result.exit_code == 2
    assert "No space left on device; nothing was changed" in result.stderr
    assert everything_under(tmp_path) == before


def test_template_init_leaves_nothing_when_the_readme_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(self: Path, *args: Any, **kwargs: Any) -> int:
        Path.write_bytes(self, b"Jeres")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Path, "write_text", full)
    with pytest.raises(template_init.TemplateInitError, match="nothing was changed"):
        template_init.init_template(tmp_path / "mit-layout")
    assert everything_under(tmp_path) == set()


def test_template_init_still_writes_every_file_with_the_usual_modes(tmp_path: Path) -> None:
    target = tmp_path / "mit-layout"
    target.mkdir()
    written = template_init.init_template(target)
    assert all(path.is_file() for path in written)
    assert sorted(p.name for p in target.iterdir() if p.name.startswith(".")) == []
    folder_mode = 0o777 & ~_umask()
    assert stat.S_IMODE((target / "labels").stat().st_mode) == folder_mode
    fresh = template_init.init_template(tmp_path / "new" / "layout")
    assert len(fresh) == len(written)
    assert stat.S_IMODE((tmp_path / "new" / "layout").stat().st_mode) == folder_mode


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# ================================================================ 17. a full or closed stdout
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize(
    "command", [["schema"], ["check", "{case}", "--format", "json"], ["--help"]]
)
def test_a_full_standard_output_is_a_clear_error(tmp_path: Path, command: list[str]) -> None:
    (case,) = write_cases(tmp_path, ["solby.yaml"])
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            forankring(*(part.format(case=case) for part in command)),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 1, done.stderr
    assert "error: cannot write to standard output: No space left on device" in done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr


@POSIX_ONLY
def test_a_closed_standard_output_is_a_clear_error() -> None:
    command = " ".join(f"'{part}'" for part in forankring("schema"))
    done = subprocess.run(
        ["sh", "-c", f"exec {command} >&-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "cannot write to standard output: it is closed" in done.stderr


# ================================================================ 18. pipes and devices
@pytest.fixture
def fifo_with_a_writer(tmp_path: Path) -> Iterator[Path]:
    """A named pipe that a writer holds open and never writes to: reading it would wait
    for ever."""
    fifo = tmp_path / "cases" / "pipe.yaml"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    writer = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
    try:
        yield fifo
    finally:
        os.close(writer)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
@pytest.mark.parametrize("command", ["validate", "render", "overview"])
def test_a_named_pipe_is_refused_without_blocking(fifo_with_a_writer: Path, command: str) -> None:
    folder = fifo_with_a_writer.parent
    write_cases(folder, ["solby.yaml"])
    extra = {"render": ["-o", folder.parent / "out"], "overview": ["-o", folder.parent / "o.csv"]}
    for given in (fifo_with_a_writer, folder):
        done = subprocess.run(
            forankring(command, given, *extra.get(command, [])),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        if command != "overview":
            assert f"{fifo_with_a_writer}:1:1: error: this is a named pipe (FIFO)" in done.stderr
    if command == "overview":
        assert "named pipe" in (folder.parent / "o.csv").read_text(encoding="utf-8-sig")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_is_refused_without_reading_it() -> None:
    result = cli("validate", "/dev/zero")
    assert result.exit_code == 1
    assert "/dev/zero:1:1: error: this is a device, not a case file" in result.stderr


# ================================================================ 25. revisions
def test_an_empty_revision_is_a_usage_error_not_no_changes(tmp_path: Path) -> None:
    (case,) = write_cases(tmp_path, ["solby.yaml"])
    result = cli("diff", case, "--since", "")
    assert result.exit_code == 2
    assert "the revision given with --since is empty" in result.stderr
    assert "no changes" not in (result.stdout + result.stderr).lower()


@pytest.mark.parametrize("revision", ["-x", "--output=/tmp/x", ""])
def test_render_refuses_a_revision_git_cannot_take_before_rendering(
    tmp_path: Path, revision: str
) -> None:
    (case,) = write_cases(tmp_path, ["solby.yaml"])
    out = tmp_path / "out"
    result = cli("render", case, "-o", out, f"--changes-since={revision}")
    assert result.exit_code == 2
    assert "--changes-since" in result.stderr
    assert not out.exists()


# ================================================================ 10. LibreOffice
FAKE_SOFFICE = """#!/bin/sh
# A LibreOffice that never finishes, and starts a helper that would outlive it; it says
# that it runs once the helper is there.
sleep 300 &
echo $$ >> "$FAKE_SOFFICE_PIDS"
sleep 301
"""


@pytest.fixture
def hanging_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fake ``soffice`` first on the PATH and a private temporary folder; yields the file
    its processes' ids are written to. Whatever is left is killed at the end."""
    bin_dir, temp = tmp_path / "bin", tmp_path / "tmp"
    bin_dir.mkdir()
    temp.mkdir()
    soffice = bin_dir / "soffice"
    soffice.write_text(FAKE_SOFFICE, encoding="utf-8")
    soffice.chmod(0o755)
    pids = tmp_path / "soffice.pids"
    pids.touch()
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_SOFFICE_PIDS", str(pids))
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    yield pids
    for pid in marked_processes(pids):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def marked_processes(pids: Path) -> list[int]:
    """The live processes that a fake soffice started (they carry its pid file's name in
    their environment), wherever their process group is."""
    marker = f"FAKE_SOFFICE_PIDS={pids}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if not entry.name.isdigit() or marker not in (entry / "environ").read_bytes():
                continue
            status = (entry / "stat").read_text()
        except OSError:
            continue
        if status[status.rindex(")") + 2] != "Z" and int(entry.name) != os.getpid():
            found.append(int(entry.name))
    return found


def none_left(pids: Path, seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while marked_processes(pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@POSIX_ONLY
def test_a_pdf_conversion_that_times_out_leaves_no_process_and_no_folder(
    hanging_soffice: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from forankring_docs.writers import pdf

    monkeypatch.setattr(pdf, "SOFFICE_TIMEOUT", 1)
    started = time.monotonic()
    with pytest.raises(pdf.PdfUnavailable, match="did not finish the PDF within 1 seconds"):
        pdf.docx_to_pdf(b"not really a report")
    assert time.monotonic() - started < 10
    assert hanging_soffice.read_text().strip()  # it did run
    assert none_left(hanging_soffice)
    assert list((tmp_path / "tmp").iterdir()) == []


@POSIX_ONLY
def test_a_pdf_conversion_interrupted_leaves_no_process_and_no_folder(
    hanging_soffice: Path, tmp_path: Path
) -> None:
    from forankring_docs.writers import pdf

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 1.0)
    try:
        with pytest.raises(KeyboardInterrupt):
            pdf.docx_to_pdf(b"not really a report")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert none_left(hanging_soffice)
    assert list((tmp_path / "tmp").iterdir()) == []


@POSIX_ONLY
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_during_a_pdf_conversion_leaves_no_soffice_behind(
    hanging_soffice: Path, tmp_path: Path, jobs: str
) -> None:
    cases = write_cases(tmp_path / "cases", ["solby.yaml", "nordby.yaml"][: int(jobs)])
    out = tmp_path / "out"
    proc = subprocess.Popen(
        forankring("render", *cases, "-f", "pdf", "-o", out, "-j", jobs),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while len(hanging_soffice.read_text().split()) < len(cases):
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    said = err.decode()
    assert proc.returncode == 143, said
    assert "Traceback" not in said
    assert none_left(hanging_soffice), said
    assert processes_in_group(proc.pid) == [], said
    assert list((tmp_path / "tmp").iterdir()) == [], said
    assert not out.exists() or list(out.iterdir()) == [], said
