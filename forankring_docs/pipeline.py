"""Rendering: a valid case → the report as .docx, .html and .pdf bytes.

The pipeline of ``architecture.md``: view → Jinja (the template folder's ``report.html.j2``)
→ markup → document model → writers. A :class:`Renderer` holds everything that depends only
on the template folder (the compiled template, the labels, the styles and the docx writer)
and is made once per process per folder (:meth:`Renderer.for_template`). Outputs are
returned as bytes; writing files is ``output.py``'s job.

PDF is made by LibreOffice from the .docx (``writers/pdf.py``), twice, so that its table of
contents has the page numbers of its own layout; the .docx made with it has them too.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from forankring_docs.case.model import Case
from forankring_docs.document.markup import MarkupError, parse_markup
from forankring_docs.document.model import Document, Section, TableOfContents
from forankring_docs.i18n import _
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
    compiled_named,
    compiled_template,
    load_labels,
    markup_error,
)
from forankring_docs.templating.logo import Logo, load_logo
from forankring_docs.writers import pdf
from forankring_docs.writers.docx import StylesFileError, TemplateStyleError, open_styles
from forankring_docs.writers.docx.layout import fit_columns, keep_together, template_text_widths
from forankring_docs.writers.pdf import PdfUnavailable

if TYPE_CHECKING:
    from forankring_docs.analysis.changes import CaseChanges
    from forankring_docs.analysis.portfolio import Portfolio
    from forankring_docs.case.validation import ValidCase
    from forankring_docs.report.overview import OverviewView

__all__ = ["FORMATS", "Outputs", "Renderer"]

FORMATS = ("docx", "html", "pdf")
DEFAULT_LANGUAGE = "da"


class Outputs(dict[str, bytes]):
    """A render's documents by format, and ``warnings``: what the caller should say of them
    (a font that LibreOffice substituted in the PDF)."""

    def __init__(self) -> None:
        super().__init__()
        self.warnings: list[str] = []


class Renderer:
    """Renders cases with one template folder (``None``: the built-in template)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = TemplateFolder.of(folder)
        self.compiled: CompiledTemplate = compiled_template(self.folder)
        styles = self.folder.find(STYLES)
        if styles is None:
            raise TemplateError(STYLES, None, _("the template has no styles.docx"))
        self.styles_path = styles
        try:
            self.writer = open_styles(styles)
        except StylesFileError as exc:
            raise TemplateError(self.folder.display(STYLES), None, exc.reason) from None
        self.logo: Logo | None = load_logo(self.folder)
        self.assets: dict[str, tuple[bytes, str]] = {}
        if self.logo is not None:
            self.assets["logo"] = self.logo.asset
        self._labels: dict[str, tuple[Labels, LabelGroup]] = {}
        self.text_widths = template_text_widths(self.writer)

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

    def markup(
        self,
        view: ReportView | OverviewView,
        template: str = REPORT_TEMPLATE,
        *,
        markers: bool = False,
    ) -> str:
        """A template's markup for a view: the report's, or another of the folder's;
        ``markers``: with the template markers that locate a markup error."""
        _, group = self._labels_of(view.language)
        context: Mapping[str, Any] = {"view": view, "L": group, "logo": self.logo}
        compiled = self.compiled if template == REPORT_TEMPLATE else None
        if compiled is None:
            compiled = compiled_named(self.folder, template)
        return (compiled.marked() if markers else compiled).render(context)

    def document(
        self, view: ReportView | OverviewView, template: str = REPORT_TEMPLATE
    ) -> Document:
        html = self.markup(view, template)
        try:
            document = parse_markup(html, source=template, assets=self.assets)
        except MarkupError as exc:
            raise self._located(view, template, exc) from None
        keep_together(document.blocks)
        fit_columns(document.blocks, self.text_widths)
        return document

    def _located(
        self, view: ReportView | OverviewView, template: str, first: MarkupError
    ) -> TemplateError:
        """A markup error at the template file and line it comes from: the markup made
        again with the template markers, and parsed again to find it. Should that go wrong
        in any other way (the markers are ours), the error is said as it was found."""
        try:
            marked = self.markup(view, template, markers=True)
            parse_markup(marked, source=template, assets=self.assets)
        except MarkupError as exc:
            return markup_error(self.folder, exc)
        except Exception:  # noqa: BLE001, S110 - the first error is the one to report
            pass
        return markup_error(self.folder, first)

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
    ) -> Outputs:
        """The report in each of ``formats`` (docx, html, pdf), as bytes.

        ``language``: the command line's choice, else the case's ``meta.sprog``, else "da".
        ``today``: else ``meta.dato``, else the date of rendering. ``findings``: the case's
        warnings when the caller has run the checks already (else they are run here, unless
        ``show_warnings`` is false). ``changes``: what changed since the git revision
        ``changes_since``, shown after the summary (``history.changes_since``).
        """
        case = valid_case if isinstance(valid_case, Case) else valid_case.case
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
        return self.write(document, formats, view.properties.language_tag)

    def render_overview(
        self, portfolio: Portfolio, *, formats: Sequence[str], language: str
    ) -> Outputs:
        """The portfolio overview through the same stages as a report: its view, the
        folder's ``overview.html.j2``, the document, the writers."""
        # Imported on use: a batch of reports never needs them (start-up time).
        from forankring_docs.report.overview import OVERVIEW_TEMPLATE, build_overview_view

        with gc_paused():
            view = build_overview_view(portfolio, self.labels(language))
            document = self.document(view, OVERVIEW_TEMPLATE)
        return self.write(document, formats, view.language_tag)

    def write(self, document: Document, formats: Sequence[str], language_tag: str) -> Outputs:
        """The document in each of ``formats``; a failed PDF raises PdfUnavailable carrying
        the other formats, so that a caller can still write them."""
        unknown = [f for f in formats if f not in FORMATS]
        if unknown:
            raise ValueError(f"unknown format {unknown[0]!r}; the formats are {', '.join(FORMATS)}")
        outputs = Outputs()
        with gc_paused():
            if "docx" in formats or "pdf" in formats:
                docx_bytes = self.write_docx(document, language_tag)
                if "docx" in formats:
                    outputs["docx"] = docx_bytes
            if "html" in formats:
                from forankring_docs.writers.html import write_html  # only for html: start-up

                outputs["html"] = write_html(document).encode("utf-8")
        if "pdf" in formats:
            self._add_pdf(outputs, document, docx_bytes, language_tag)
        return outputs

    def _add_pdf(
        self, outputs: Outputs, document: Document, docx_bytes: bytes, language_tag: str
    ) -> None:
        """The PDF, with its table of contents numbered from a first conversion; a .docx
        in ``outputs`` gets the same numbers. Says when LibreOffice substituted a font."""
        from forankring_docs.writers.docx.fonts import fonts_asked_for

        def with_pages(outline: list[tuple[str, int]]) -> bytes:
            with gc_paused():
                return self.write_docx(document, language_tag, outline)

        try:
            made = pdf.paginated_pdf(docx_bytes, with_pages if _has_toc(document) else None)
        except PdfUnavailable as exc:
            exc.outputs = outputs
            raise
        if "docx" in outputs:
            outputs["docx"] = made.docx
        outputs["pdf"] = made.pdf
        outputs.warnings += pdf.font_substitutions(fonts_asked_for(made.docx), made.facts.fonts)

    def write_docx(
        self, document: Document, language_tag: str, outline: Sequence[tuple[str, int]] = ()
    ) -> bytes:
        """The .docx; ``outline``: the headings' pages in a layout of it (for the contents)."""
        try:
            return self.writer.write(document, language_tag, outline)
        except TemplateStyleError as exc:
            raise TemplateError(
                self.folder.display(STYLES),
                None,
                _(
                    "the style {style} is missing; add a style with that name",
                    style=repr(exc.style_name),
                ),
            ) from None


def _has_toc(document: Document) -> bool:
    blocks = list(document.blocks)
    while blocks:
        block = blocks.pop()
        if isinstance(block, TableOfContents):
            return True
        if isinstance(block, Section):
            blocks.extend(block.blocks)
    return False


@functools.lru_cache(maxsize=8)
def _renderer(folder: Path | None) -> Renderer:
    return Renderer(folder)


def render_overview(
    portfolio: Portfolio, fmt: str, *, template: Path | None = None, language: str = "da"
) -> bytes:
    """The portfolio overview as docx, html, csv or xlsx bytes."""
    from forankring_docs.analysis.portfolio import to_csv
    from forankring_docs.report.overview import build_overview_sheets

    if fmt == "csv":
        return to_csv(portfolio)
    if fmt == "xlsx":  # the template folder's labels name the sheets and columns
        from forankring_docs.writers.xlsx import write_xlsx  # only for .xlsx: start-up

        labels = load_labels(TemplateFolder.of(template), language)
        return write_xlsx(build_overview_sheets(portfolio, labels), created=portfolio.today)
    renderer = Renderer.for_template(template)
    return renderer.render_overview(portfolio, formats=(fmt,), language=language)[fmt]


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
