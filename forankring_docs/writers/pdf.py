"""PDF by LibreOffice (``soffice --headless --convert-to pdf``) from .docx files.

LibreOffice does not update a table of contents when it converts, so a report's PDF is
made twice (``paginated_pdf``): the headings' pages are read from the first PDF's outline,
written into the table of contents, and the document converted again. Both runs share one
LibreOffice profile, so only the first pays for setting it up.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from forankring_docs.errors import ForankringError
from forankring_docs.i18n import _
from forankring_docs.writers.pdf_reading import PdfFacts, read_pdf_facts

__all__ = [
    "SOFFICE_TIMEOUT",
    "Paginated",
    "PdfUnavailable",
    "convert_to_pdf",
    "docx_to_pdf",
    "font_substitutions",
    "paginated_pdf",
    "pdf_install_hint",
    "soffice_path",
]

SOFFICE_TIMEOUT = 120  # seconds


def pdf_install_hint() -> str:
    return _(
        "PDF needs LibreOffice: install it (Debian/Ubuntu: sudo apt-get install "
        "libreoffice-writer-nogui) and make sure 'soffice' is on the PATH"
    )


class PdfUnavailable(ForankringError):
    """A PDF could not be made: LibreOffice is missing, or its conversion failed.

    ``outputs``: the other formats of the same render, made before the PDF was tried."""

    outputs: dict[str, bytes] = {}  # noqa: RUF012 - set per instance by Renderer.render


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(
    docx_files: Sequence[Path], out_dir: Path, profile: Path | None = None
) -> list[Path]:
    """Convert .docx files to PDF in ``out_dir`` with one LibreOffice run; the PDF paths.

    LibreOffice runs with a private profile (so it neither meets a running LibreOffice
    nor leaves a profile behind) and a timeout; when it times out or the run is stopped,
    none of its processes stays behind, and the profile is removed. ``profile``: a folder
    for that profile that the caller keeps for further runs (and removes).
    """
    if profile is None:
        with tempfile.TemporaryDirectory(prefix="forankring-lo-") as temporary:
            return convert_to_pdf(docx_files, out_dir, Path(temporary))
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailable(pdf_install_hint())
    out_dir.mkdir(parents=True, exist_ok=True)
    command = [
        soffice,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
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
            _(
                "LibreOffice did not finish the PDF within {seconds} seconds",
                seconds=SOFFICE_TIMEOUT,
            )
        ) from None
    except OSError as exc:
        raise PdfUnavailable(_("LibreOffice could not be started: {reason}", reason=exc)) from None
    pdfs = [out_dir / (Path(f).stem + ".pdf") for f in docx_files]
    missing = [p for p in pdfs if not p.is_file()]
    if result.returncode != 0 or missing:
        detail = (result.stderr or result.stdout).strip().splitlines()
        reason = detail[-1] if detail else _("exit status {code}", code=result.returncode)
        raise PdfUnavailable(
            _("LibreOffice could not convert the report to PDF: {reason}", reason=reason)
        )
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


#: Seconds to wait for LibreOffice's killed processes to be gone.
GROUP_EXIT_WAIT = 5.0


def _kill_group(process: subprocess.Popen[str]) -> None:
    """Kill ``process`` and every process of its group (gone already: nothing to do)."""
    if not hasattr(os, "killpg"):  # no process groups (Windows): the process alone
        process.kill()
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    # SIGKILL is delivered, not yet done: a LibreOffice process still dying may write to its
    # profile while the caller removes the temporary folder, leaving it half removed. Wait
    # (bounded) until the group is gone.
    deadline = time.monotonic() + GROUP_EXIT_WAIT
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.01)


def docx_to_pdf(docx_bytes: bytes) -> bytes:
    """The PDF of a .docx, converted once (its table of contents as the .docx has it)."""
    return paginated_pdf(docx_bytes, None).pdf


@dataclass(frozen=True, slots=True)
class Paginated:
    """A .docx whose table of contents has the page numbers of its PDF, and the PDF."""

    docx: bytes
    pdf: bytes
    facts: PdfFacts


#: LibreOffice runs for one PDF at most: a table of contents whose page numbers move the
#: headings (an entry that wraps once its number is added) is numbered once more.
MAX_RUNS = 3


def paginated_pdf(
    docx_bytes: bytes, with_pages: Callable[[list[tuple[str, int]]], bytes] | None
) -> Paginated:
    """The PDF of ``docx_bytes``; with ``with_pages`` (the document written again with the
    headings' pages: (title, page) of each, from the PDF's outline), the .docx with its table
    of contents numbered as in the PDF, and that PDF."""
    if soffice_path() is None:
        raise PdfUnavailable(pdf_install_hint())
    with tempfile.TemporaryDirectory(prefix="forankring-pdf-") as tmp:
        office = _Office(Path(tmp))
        made = office.convert(docx_bytes)
        facts = read_pdf_facts(made)
        runs = 1
        while with_pages is not None and facts.outline and runs < MAX_RUNS:
            docx_bytes = with_pages(facts.outline)
            made = office.convert(docx_bytes)
            runs += 1
            again = read_pdf_facts(made)
            settled = again.outline == facts.outline
            facts = again
            if settled:
                break
        return Paginated(docx_bytes, made, facts)


class _Office:
    """LibreOffice runs in one temporary folder, with one profile for all of them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.runs = 0

    def convert(self, docx_bytes: bytes) -> bytes:
        self.runs += 1
        source = self.folder / f"report-{self.runs}.docx"
        source.write_bytes(docx_bytes)
        (pdf,) = convert_to_pdf([source], self.folder / "out", self.folder / "profile")
        return pdf.read_bytes()


# Fonts that LibreOffice uses in place of Microsoft's with the same metrics (so the lines
# break where Word breaks them), and the Debian packages that have them.
METRIC_TWINS = {
    "calibri": ("Carlito", "fonts-crosextra-carlito"),
    "calibri light": ("Carlito", "fonts-crosextra-carlito"),
    "cambria": ("Caladea", "fonts-crosextra-caladea"),
    "arial": ("Liberation Sans", "fonts-liberation2"),
    "times new roman": ("Liberation Serif", "fonts-liberation2"),
    "courier new": ("Liberation Mono", "fonts-liberation2"),
}


def font_substitutions(named: Iterable[str], embedded: Iterable[str]) -> list[str]:
    """What to say of each font that the styles name (``named``) when the PDF embeds neither
    it nor its metric twin: LibreOffice put another font in its place."""
    fonts = sorted(set(embedded))
    keys = [_font_key(name) for name in fonts]
    expected = [_font_key(n) for n in named] + [
        _font_key(twin) for twin, _package in METRIC_TWINS.values()
    ]
    others = sorted(
        name for name, key in zip(fonts, keys, strict=True)
        if not any(key.startswith(e) for e in expected)
    )  # fmt: skip
    instead = " " + _("(the PDF has {fonts})", fonts=", ".join(others)) if others else ""
    messages = []
    for name in sorted(set(named)):
        twin, package = METRIC_TWINS.get(name.lower(), (None, None))
        wanted = [_font_key(name)] + ([_font_key(twin)] if twin else [])
        if any(key.startswith(w) for key in keys for w in wanted):
            continue
        cure = (
            _("install {twin}, its metric twin (Debian: {package})", twin=twin, package=package)
            if twin
            else _("install it")
        )
        messages.append(
            _(
                "the styles ask for the font {font}, which LibreOffice replaced with another"
                "{instead}, so the PDF's lines break differently from Word's: {cure} where the "
                "PDF is made",
                font=repr(name),
                instead=instead,
                cure=cure,
            )
        )
    return messages


def _font_key(name: str) -> str:
    """A font's name for comparing: ``Liberation Sans`` and ``LiberationSans-Bold`` agree."""
    return "".join(name.split()).lower()
