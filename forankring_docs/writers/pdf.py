"""PDF by LibreOffice (``soffice --headless --convert-to pdf``) from .docx files."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from forankring_docs.errors import ForankringError

__all__ = [
    "PDF_INSTALL_HINT",
    "SOFFICE_TIMEOUT",
    "PdfUnavailable",
    "convert_to_pdf",
    "docx_to_pdf",
    "soffice_path",
]

SOFFICE_TIMEOUT = 120  # seconds
PDF_INSTALL_HINT = (
    "PDF needs LibreOffice: install it (Debian/Ubuntu: sudo apt-get install "
    "libreoffice-writer-nogui) and make sure 'soffice' is on the PATH"
)


class PdfUnavailable(ForankringError):
    """A PDF could not be made: LibreOffice is missing, or its conversion failed.

    ``outputs``: the other formats of the same render, made before the PDF was tried."""

    outputs: dict[str, bytes] = {}  # noqa: RUF012 - set per instance by Renderer.render


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(docx_files: Sequence[Path], out_dir: Path) -> list[Path]:
    """Convert .docx files to PDF in ``out_dir`` with one LibreOffice run; the PDF paths.

    LibreOffice runs with a private profile (so it neither meets a running LibreOffice
    nor leaves a profile behind) and a timeout; when it times out or the run is stopped,
    none of its processes stays behind, and the profile is removed.
    """
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailable(PDF_INSTALL_HINT)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="forankring-lo-") as profile:
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *map(str, docx_files),
        ]
        try:
            result = _run_in_own_group(command, SOFFICE_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise PdfUnavailable(
                f"LibreOffice did not finish the PDF within {SOFFICE_TIMEOUT} seconds"
            ) from None
        except OSError as exc:
            raise PdfUnavailable(f"LibreOffice could not be started: {exc}") from None
    pdfs = [out_dir / (Path(f).stem + ".pdf") for f in docx_files]
    missing = [p for p in pdfs if not p.is_file()]
    if result.returncode != 0 or missing:
        detail = (result.stderr or result.stdout).strip().splitlines()
        reason = detail[-1] if detail else f"exit status {result.returncode}"
        raise PdfUnavailable(f"LibreOffice could not convert the report to PDF: {reason}")
    return pdfs


def _run_in_own_group(command: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in a session of its own, so that Ctrl-C at the terminal is this
    program's to handle, and kill its whole process group however the run ends (a timeout,
    Ctrl-C, SIGTERM): LibreOffice's launcher starts processes that outlive it."""
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        finally:
            _kill_group(process)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _kill_group(process: subprocess.Popen[str]) -> None:
    """Kill ``process`` and every process of its group (gone already: nothing to do)."""
    if not hasattr(os, "killpg"):  # no process groups (Windows): the process alone
        process.kill()
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def docx_to_pdf(docx_bytes: bytes) -> bytes:
    """The PDF of a .docx (one LibreOffice run in a temporary folder)."""
    if soffice_path() is None:
        raise PdfUnavailable(PDF_INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="forankring-pdf-") as tmp:
        source = Path(tmp) / "report.docx"
        source.write_bytes(docx_bytes)
        (pdf,) = convert_to_pdf([source], Path(tmp) / "out")
        return pdf.read_bytes()
