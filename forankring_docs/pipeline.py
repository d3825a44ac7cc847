"""Rendering: a valid case → the report as .docx, .html and .pdf bytes.

The pipeline of ``architecture.md``: view → Jinja (the template folder's ``report.html.j2``)
→ markup → document model → writers. A :class:`Renderer` holds everything that depends only
on the template folder (the compiled template, the labels, the styles and the docx writer)
and is made once per process per folder (:meth:`Renderer.for_template`). Outputs are
returned as bytes; writing files is ``output.py``'s job.

PDF is made by LibreOffice (``soffice --headless --convert-to pdf``) from the .docx.
"""

from __future__ import annotations

import functools
import gc
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from forankring_docs.case.model import Case
from forankring_docs.document.markup import MarkupError, parse_markup
from forankring_docs.document.model import (
    Block,
    Cover,
    Document,
    Link,
    ListBlock,
    Paragraph,
    Section,
    Table,
    TableOfContents,
    Text,
    cell_paragraphs,
)
from forankring_docs.errors import ForankringError
from forankring_docs.report.labels import Labels
from forankring_docs.report.risks import Finding
from forankring_docs.report.view import ReportView, build_view
from forankring_docs.templating.folder import (
    REPORT_TEMPLATE,
    STYLES,
    CompiledTemplate,
    LabelGroup,
    TemplateError,
    TemplateFolder,
    compiled_template,
    load_labels,
    markup_error,
)
from forankring_docs.templating.logo import Logo, load_logo
from forankring_docs.writers.docx.writer import (
    DocxWriter,
    TemplateStyleError,
    set_section_orientation,
    text_width,
)

if TYPE_CHECKING:
    from forankring_docs.analysis.changes import CaseChanges
    from forankring_docs.case.validation import ValidCase

__all__ = ["FORMATS", "PdfUnavailable", "Renderer", "convert_to_pdf"]

FORMATS = ("docx", "html", "pdf")
DEFAULT_LANGUAGE = "da"
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SOFFICE_TIMEOUT = 120  # seconds
PDF_INSTALL_HINT = (
    "PDF needs LibreOffice: install it (Debian/Ubuntu: sudo apt-get install "
    "libreoffice-writer-nogui) and make sure 'soffice' is on the PATH"
)


class PdfUnavailable(ForankringError):
    """A PDF could not be made: LibreOffice is missing, or its conversion failed.

    ``outputs``: the other formats of the same render, made before the PDF was tried."""

    outputs: dict[str, bytes] = {}  # noqa: RUF012 - set per instance by Renderer.render


class Renderer:
    """Renders cases with one template folder (``None``: the built-in template)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = TemplateFolder.of(folder)
        self.compiled: CompiledTemplate = compiled_template(self.folder)
        styles = self.folder.find(STYLES)
        if styles is None:
            raise TemplateError(STYLES, None, "the template has no styles.docx")
        self.styles_path = styles
        self.writer = open_styles(styles, self.folder.display(STYLES))
        self.logo: Logo | None = load_logo(self.folder)
        self.assets: dict[str, tuple[bytes, str]] = {}
        if self.logo is not None:
            self.assets["logo"] = self.logo.asset
        self._labels: dict[str, tuple[Labels, LabelGroup]] = {}
        self.text_widths = _text_widths(self.writer)

    @classmethod
    def for_template(cls, folder: Path | None = None) -> Renderer:
        """The process's renderer for ``folder`` (made on first use, then reused)."""
        key = None if folder is None else Path(folder).expanduser().resolve()
        return _renderer(key)

    # ------------------------------------------------------------ the stages
    def labels(self, language: str) -> Labels:
        return self._labels_of(language)[0]

    def _labels_of(self, language: str) -> tuple[Labels, LabelGroup]:
        found = self._labels.get(language)
        if found is None:
            labels = load_labels(self.folder, language)
            found = self._labels[language] = (labels, LabelGroup(labels.texts))
        return found

    def view(
        self,
        case: Case,
        *,
        language: str | None = None,
        today: date | None = None,
        show_warnings: bool = True,
        findings: Sequence[Finding] | None = None,
        changes: CaseChanges | None = None,
        changes_since: str | None = None,
    ) -> ReportView:
        language = language or case.meta.language or DEFAULT_LANGUAGE
        today = today or case.meta.date or date.today()
        if findings is None:
            findings = _run_checks(case, today) if show_warnings else ()
        return build_view(
            case,
            today=today,
            language=language,
            labels=self.labels(language),
            findings=findings,
            show_warnings=show_warnings,
            changes=changes,
            changes_since=changes_since,
        )

    def markup(self, view: ReportView) -> str:
        """The template's markup for a view."""
        _, group = self._labels_of(view.language)
        context: Mapping[str, Any] = {"view": view, "L": group, "logo": self.logo}
        return self.compiled.render(context)

    def document(self, view: ReportView) -> Document:
        html = self.markup(view)
        try:
            document = parse_markup(html, source=REPORT_TEMPLATE, assets=self.assets)
        except MarkupError as exc:
            raise markup_error(self.folder, exc) from None
        keep_together(document.blocks)
        fit_columns(document.blocks, self.text_widths)
        return document

    def render(
        self,
        valid_case: ValidCase | Case,
        *,
        formats: Sequence[str] = ("docx",),
        language: str | None = None,
        today: date | None = None,
        show_warnings: bool = True,
        findings: Sequence[Finding] | None = None,
        changes: CaseChanges | None = None,
        changes_since: str | None = None,
    ) -> dict[str, bytes]:
        """The report in each of ``formats`` (docx, html, pdf), as bytes.

        ``language``: the command line's choice, else the case's ``meta.sprog``, else "da".
        ``today``: else ``meta.dato``, else the date of rendering. ``findings``: the case's
        warnings when the caller has run the checks already (else they are run here, unless
        ``show_warnings`` is false). ``changes``: what changed since the git revision
        ``changes_since``, shown after the summary (``history.changes_since``).
        """
        unknown = [f for f in formats if f not in FORMATS]
        if unknown:
            raise ValueError(f"unknown format {unknown[0]!r}; the formats are {', '.join(FORMATS)}")
        case = valid_case if isinstance(valid_case, Case) else valid_case.case
        outputs: dict[str, bytes] = {}
        with gc_paused():
            view = self.view(
                case,
                language=language,
                today=today,
                show_warnings=show_warnings,
                findings=findings,
                changes=changes,
                changes_since=changes_since,
            )
            document = self.document(view)
            if "docx" in formats:
                outputs["docx"] = self.write_docx(document, view.properties.language_tag)
            if "html" in formats:
                from forankring_docs.writers.html import write_html  # only for html: start-up

                outputs["html"] = write_html(document).encode("utf-8")
            if "pdf" in formats:
                # Without the table of contents' "update it in Word" line: a PDF cannot be.
                source = Document(_without_toc_hints(document.blocks), document.properties)
                pdf_source = self.write_docx(source, view.properties.language_tag)
        if "pdf" in formats:
            try:
                outputs["pdf"] = docx_to_pdf(pdf_source)
            except PdfUnavailable as exc:
                exc.outputs = outputs  # so that a caller can still write them
                raise
        return outputs

    def write_docx(self, document: Document, language_tag: str) -> bytes:
        try:
            return self.writer.write(document, language_tag)
        except TemplateStyleError as exc:
            raise TemplateError(
                self.folder.display(STYLES),
                None,
                f"the style {exc.style_name!r} is missing; add a style with that name",
            ) from None


@functools.lru_cache(maxsize=8)
def _renderer(folder: Path | None) -> Renderer:
    return Renderer(folder)


def open_styles(path: Path, display: str) -> DocxWriter:
    """The Word writer on a template's styles.docx; a file that is not a Word document, or
    that lacks a style the report uses, is a TemplateError naming the file (and the styles)."""
    import zipfile

    try:
        writer = DocxWriter(path)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:  # ValueError: a .dotx, .docm
        raise TemplateError(display, None, _not_a_word_document(exc)) from None
    except Exception as exc:  # noqa: BLE001 - any other damage is the file's, not ours
        raise TemplateError(display, None, f"cannot read it: {exc}") from None
    missing = writer.missing_styles()
    if missing:
        names = ", ".join(repr(name) for name in missing)
        raise TemplateError(
            display,
            None,
            f"the report needs the style{'s' * (len(missing) > 1)} {names}, missing here; "
            "create it in Word (Styles ▸ New Style, with exactly that name) or copy it from "
            "the built-in styles.docx ('forankring template init')",
        )
    return writer


def _not_a_word_document(exc: Exception) -> str:
    content_type = str(exc)
    if "template" in content_type:
        what = "a Word template (.dotx), not a Word document"
    elif "macroEnabled" in content_type:
        what = "a Word document with macros (.docm), not a plain Word document"
    elif "zip" in content_type.lower():
        what = "not a Word document (a .docx is a zip file, and this is not one)"
    else:
        what = "not a Word document"
    return f"{what}; open it in Word and save it as 'Word Document (*.docx)'"


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a report is built.

    A render allocates some hundred thousand small objects that all live until it ends;
    with the collector on, its full collections scan them again and again, so that a 10×
    larger case took some 15× the time. Nothing a render makes relies on the collector
    (what it leaves is freed when it is next run)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _run_checks(case: Case, today: date) -> Sequence[Finding]:
    from forankring_docs.analysis.checks import (
        run_checks,  # imported on use: checks are optional here
    )

    return run_checks(case, today)


# ================================================================ the document (page layout)
KEEP_TOGETHER_TABLES = frozenset({"timeline", "grid", "facts"})
KEEP_TOGETHER_MAX_ROWS = 24
# The notes after a table (its legend, what it leaves out) kept with its last rows: a few
# short paragraphs; more are left to flow, so that a keep-with-next chain never fills a page.
TABLE_NOTES_KEPT = 3


def keep_together(blocks: list[Block]) -> None:
    """A paragraph straight before a table introduces it: keep it on the table's page (with
    the heading above it, whose style keeps it with the next paragraph). A timeline that
    fits on a page is kept in one piece: a chart split over two pages reads badly.

    The notes straight after any table (``<p class="note">``: a legend, the actors a
    matrix leaves out) belong to it: the table's last row keeps with the first note, and
    each note with the next, so that they are never left alone on the next page. The chain
    holds the last row and at most ``TABLE_NOTES_KEPT`` notes, never a whole table (unless
    it is one kept together anyway): a long table or many notes cannot push a page empty.
    A note after a table is the table's, not the introduction of a table that follows it."""
    previous: Block | None = None
    notes: list[Paragraph] = []  # the notes after the last table, so far
    for block in blocks:
        if isinstance(block, Section):
            keep_together(block.blocks)
        elif isinstance(block, Table):
            if isinstance(previous, Paragraph) and not notes:
                previous.keep_with_next = True
            if _kept_together(block):
                for row in block.rows[:-1]:  # the row's first cell is enough for Word
                    for paragraph in cell_paragraphs(row.cells[0]):
                        paragraph.keep_with_next = True
        elif (
            isinstance(block, Paragraph)
            and block.style == "note"
            and (isinstance(previous, Table) or (notes and previous is notes[-1]))
        ):
            if isinstance(previous, Table):
                if previous.rows and previous.rows[-1].cells:
                    for paragraph in cell_paragraphs(previous.rows[-1].cells[0]):
                        paragraph.keep_with_next = True
            elif len(notes) < TABLE_NOTES_KEPT:
                notes[-1].keep_with_next = True
            notes.append(block)
            previous = block
            continue
        notes = []
        previous = block


def _kept_together(table: Table) -> bool:
    return table.style in KEEP_TOGETHER_TABLES and len(table.rows) <= KEEP_TOGETHER_MAX_ROWS


def _text_widths(writer: DocxWriter) -> dict[str, int]:
    """The width between the margins of the template's page, portrait and landscape (twips)."""
    body = writer.open_template().element.body
    sect_pr = body.find(f"{{{_W_NS}}}sectPr")
    widths = {}
    for orientation in ("portrait", "landscape"):
        if sect_pr is None or sect_pr.find(f"{{{_W_NS}}}pgSz") is None:
            widths[orientation] = {"portrait": 9070, "landscape": 14002}[orientation]
            continue
        probe = deepcopy(sect_pr)
        set_section_orientation(probe, orientation)  # type: ignore[arg-type]
        widths[orientation] = text_width(probe)
    return widths


# Rough widths of Calibri's characters, in em (the table font is 9.5 pt); enough to tell
# whether the longest word of a column fits its width.
_CELL_EM = 190  # twips: 9.5 pt
_CELL_PADDING = 2 * 85 + 80  # twips: the cell margins of the table style, and some air
_BOLD = 1.06
_NARROW = dict.fromkeys("ijlI.,;:!|'’()[]-–·/ ", 0.27) | dict.fromkeys("frtJ", 0.34)
_WIDE = dict.fromkeys("mwæœ", 0.8) | dict.fromkeys("MWÆŒ", 0.9)
_LINK_MAX = 1700  # twips (3 cm): a longer address breaks rather than widen its column
_BULLET_INDENT = 227  # twips: a bullet item's indent in a cell ("Forankring Cell Bullet")
_MAX_SHARE = 0.45  # no column is widened beyond this share of the table for one long word


@functools.lru_cache(maxsize=4096)
def _word_width(word: str) -> float:
    """An estimate of a word's width in twips at the cell font size (regular weight)."""
    em = 0.0
    for char in word:
        em += (
            _NARROW.get(char)
            or _WIDE.get(char)
            or (0.6 if char.isupper() or char.isdigit() else 0.49)
        )
    return em * _CELL_EM


@functools.lru_cache(maxsize=4096)
def _widest_word(text: str) -> float:
    """The estimated width of the widest word of ``text`` (0 for no words); the same texts
    come back in table after table (names, scores, statuses)."""
    return max(map(_word_width, text.split()), default=0.0)


def fit_columns(
    blocks: list[Block], widths: Mapping[str, int], orientation: str = "portrait"
) -> None:
    """Widen the columns whose longest word would not fit (so Word does not break words such
    as "Projektmedarbejder" in the middle), taking the room from the columns with space
    to spare. The template's ``<col width>`` weights stay the starting point."""
    for block in blocks:
        if isinstance(block, Section):
            fit_columns(block.blocks, widths, block.orientation)
        elif isinstance(block, Cover):
            fit_columns(block.blocks, widths, orientation)
        elif isinstance(block, Table):
            _fit_table(block, widths.get(orientation, 9070))


def _fit_table(table: Table, total: int) -> None:
    columns = table.column_count
    if columns < 2:
        return
    needs = [0.0] * columns
    for row in table.rows:
        column = 0
        for cell in row.cells:
            if cell.colspan == 1 and column < columns:
                bold = row.header or cell.header
                for block in cell.blocks:
                    if type(block) is Paragraph:
                        width = _widest_in(block, bold)
                        if width > needs[column]:
                            needs[column] = width
                    elif type(block) is ListBlock:  # its items are indented
                        width = _BULLET_INDENT + max(
                            (_widest_in(p, bold) for item in block.items for p in item),
                            default=0.0,
                        )
                        if width > needs[column]:
                            needs[column] = width
            column += cell.colspan
    limit = total * _MAX_SHARE
    minimums = [min(need + _CELL_PADDING, limit) for need in needs]
    weights = table.widths if len(table.widths) == columns else [1.0] * columns
    table.widths = fit_column_widths(weights, minimums, total)


def _widest_in(paragraph: Paragraph, bold: bool) -> float:
    """The estimated width of a paragraph's widest word (twips), as ``_fit_table`` needs it."""
    widest = 0.0
    for item in paragraph.inlines:
        if type(item) is Text or type(item) is Link:
            width = _widest_word(item.text)
            if type(item) is Link:  # a web or e-mail address may break
                width = min(width, _LINK_MAX)
            if bold or getattr(item, "bold", False):
                width *= _BOLD
            if width > widest:
                widest = width
    return widest


def fit_column_widths(
    weights: Sequence[float], minimums: Sequence[float], total: float
) -> list[float]:
    """Column widths that add up to ``total``, in proportion to ``weights`` but each at
    least its minimum where they can all fit.

    When they cannot all fit, the columns with the smaller minimums keep them (short words
    such as "Professionel" or "Lokal" stay whole) and the columns with the longest words
    share what is left equally: only those break a word."""
    if sum(minimums) >= total:
        return _capped(minimums, total)
    weight_sum = sum(weights)
    widths = [w / weight_sum * total for w in weights]
    fixed: set[int] = set()
    while True:
        short = {i for i, w in enumerate(widths) if i not in fixed and w < minimums[i] - 0.5}
        if not short:
            return widths
        fixed |= short
        rest = total - sum(minimums[i] for i in fixed)
        free = [i for i in range(len(widths)) if i not in fixed]
        free_weight = sum(weights[i] for i in free)
        for i in fixed:
            widths[i] = float(minimums[i])
        if not free:
            return widths
        for i in free:
            widths[i] = weights[i] / free_weight * rest


def _capped(minimums: Sequence[float], total: float) -> list[float]:
    """``min(minimum, cap)`` per column, with the cap at which they add up to ``total``."""
    rest, left = float(total), len(minimums)
    for minimum in sorted(minimums):
        if minimum * left > rest:
            break
        rest -= minimum
        left -= 1
    cap = rest / left if left else 0.0
    return [min(float(m), cap) for m in minimums]


# ================================================================ PDF
def _without_toc_hints(blocks: list[Block]) -> list[Block]:
    """``blocks`` with every table of contents' hint line left out (copies; the rest shared)."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, TableOfContents) and block.hint:
            block = replace(block, hint="")
        elif isinstance(block, Section):
            block = replace(block, blocks=_without_toc_hints(block.blocks))
        out.append(block)
    return out


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(docx_files: Sequence[Path], out_dir: Path) -> list[Path]:
    """Convert .docx files to PDF in ``out_dir`` with one LibreOffice run; the PDF paths.

    LibreOffice runs with a private profile (so it neither meets a running LibreOffice
    nor leaves a profile behind) and a timeout.
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
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=SOFFICE_TIMEOUT, check=False
            )
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


def docx_to_pdf(docx_bytes: bytes) -> bytes:
    """The PDF of a .docx (one LibreOffice run in a temporary folder)."""
    if soffice_path() is None:
        raise PdfUnavailable(PDF_INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="forankring-pdf-") as tmp:
        source = Path(tmp) / "report.docx"
        source.write_bytes(docx_bytes)
        (pdf,) = convert_to_pdf([source], Path(tmp) / "out")
        return pdf.read_bytes()
