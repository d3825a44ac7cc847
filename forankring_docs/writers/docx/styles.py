"""The styles a report uses, by the names Word shows, and what the writer reads of a
template's styles.docx: the style ids, which table styles draw borders, the numbering of
"List Number", and the proofing language.

The writer formats only through these styles; the exceptions (cell shading, coloured and
bold runs, borders for a table style without any) are in ``tables.py`` and ``oxml.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from forankring_docs.errors import ForankringError
from forankring_docs.i18n import _
from forankring_docs.writers.docx.oxml import W_PPR, W_RPR, W_VAL, Element, SubElement

# The one place where the markup's paragraph classes meet Word's style names (the names that
# Word shows; the writer finds the style ids in styles.docx by these names).
PARAGRAPH_STYLES: dict[str, str] = {
    "title": "Title",
    "subtitle": "Subtitle",
    "draft": "Forankring Draft",
    "lead": "Forankring Lead",
    "note": "Forankring Note",
    "meta": "Forankring Meta",
    "empty": "Forankring Empty",
    "cell": "Forankring Cell",
}
# Table classes of the markup; one Word table style for all of them.
DEFAULT_TABLE_STYLE = "Forankring Table"
TABLE_STYLES: dict[str, str] = {
    name: DEFAULT_TABLE_STYLE for name in ("data", "facts", "matrix", "heat", "grid", "timeline")
}
HEADING_STYLE = "Heading {level}"
TOC_HEADING_STYLE = "TOC Heading"
TOC_ENTRY_STYLE = "TOC {level}"
BULLET_LIST_STYLE = "List Bullet"
NUMBER_LIST_STYLE = "List Number"
LIST_CONTINUE_STYLE = "List Continue"
# Case text in a table cell: a paragraph after another block of the cell, and a bullet item.
# Optional: a template made before they existed gets the style each maps to instead.
CELL_SPACED_STYLE = "Forankring Cell Spaced"
CELL_BULLET_STYLE = "Forankring Cell Bullet"
OPTIONAL_STYLES: dict[str, str] = {
    CELL_SPACED_STYLE: PARAGRAPH_STYLES["cell"],
    CELL_BULLET_STYLE: BULLET_LIST_STYLE,
}
HEADER_STYLE = "Header"
FOOTER_STYLE = "Footer"
HYPERLINK_STYLE = "Hyperlink"
CELL_CLASS = "cell"
# Every style a report may use, as (Word's name, style type): a template's styles.docx must
# have them all (``DocxWriter.missing_styles``), so a missing one is found before writing.
REQUIRED_STYLES: tuple[tuple[str, str], ...] = (
    *((name, "paragraph") for name in PARAGRAPH_STYLES.values()),
    *((HEADING_STYLE.format(level=level), "paragraph") for level in (1, 2, 3)),
    (TOC_HEADING_STYLE, "paragraph"),
    *((TOC_ENTRY_STYLE.format(level=level), "paragraph") for level in (1, 2, 3)),
    (BULLET_LIST_STYLE, "paragraph"),
    (NUMBER_LIST_STYLE, "paragraph"),
    (LIST_CONTINUE_STYLE, "paragraph"),
    (HEADER_STYLE, "paragraph"),
    (FOOTER_STYLE, "paragraph"),
    (HYPERLINK_STYLE, "character"),
    (DEFAULT_TABLE_STYLE, "table"),
)
DEFAULT_LANGUAGE = "da-DK"

_W_STYLE = qn("w:style")
_W_LANG = qn("w:lang")
# The children that the schema puts after ``w:lang`` in a ``w:rPr`` (python-docx declares no
# ``lang`` child, so its own order cannot place it).
_RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath", "w:rPrChange")


class TemplateStyleError(ForankringError):
    """A style that the writer needs is missing from the template's styles.docx."""

    code = "T102"

    def __init__(self, style_name: str, styles_path: Path | str) -> None:
        self.style_name = style_name
        self.styles_path = Path(styles_path)
        super().__init__(
            _(
                "{path}: the style {style} is missing; add a style named {style} to this "
                "styles.docx (the default one is made by tools/make_styles.py)",
                path=self.styles_path,
                style=repr(style_name),
            )
        )


class StylesFileError(ForankringError):
    """A template's styles.docx that the writer cannot use; ``reason`` says why and what to
    do, without the file's name."""

    code = "T102"

    def __init__(self, styles_path: Path | str, reason: str) -> None:
        self.styles_path = Path(styles_path)
        self.reason = reason
        super().__init__(f"{self.styles_path}: {reason}")


def not_a_word_document(exc: Exception) -> str:
    """Why python-docx refused a styles.docx (``exc``), as the user's fix."""
    content_type = str(exc)
    if "template" in content_type:
        what = _("a Word template (.dotx), not a Word document")
    elif "macroEnabled" in content_type:
        what = _("a Word document with macros (.docm), not a plain Word document")
    elif "zip" in content_type.lower():
        what = _("not a Word document (a .docx is a zip file, and this is not one)")
    else:
        what = _("not a Word document")
    return _("{what}; open it in Word and save it as 'Word Document (*.docx)'", what=what)


@dataclass(slots=True)
class TemplateFacts:
    """What the writer needs to know of a styles.docx, read once per template."""

    style_ids: dict[tuple[str, str], str]  # (style type, lower-case name) -> style id
    bordered_table_styles: set[str]  # ids of table styles that draw borders
    number_list_abstract_id: str | None  # abstract numbering of "List Number", if any

    def missing_styles(self) -> list[str]:
        """The names of the ``REQUIRED_STYLES`` that the template does not have."""
        return [
            name for name, kind in REQUIRED_STYLES if (kind, name.lower()) not in self.style_ids
        ]


def read_template_facts(template: WordDocument) -> TemplateFacts:
    styles = template.styles.element
    style_ids: dict[tuple[str, str], str] = {}
    based_on: dict[str, str] = {}
    has_borders: set[str] = set()
    list_num_ids: dict[str, str] = {}
    w_name, w_based_on, w_type = qn("w:name"), qn("w:basedOn"), qn("w:type")
    borders_path = f"{qn('w:tblPr')}/{qn('w:tblBorders')}"
    num_id_path = f"{W_PPR}/{qn('w:numPr')}/{qn('w:numId')}"
    for style in styles.iterchildren(_W_STYLE):
        style_id = style.get(qn("w:styleId"))
        name = style.find(w_name)
        if style_id is None:
            continue
        kind = style.get(w_type, "paragraph")
        label = name.get(W_VAL, style_id) if name is not None else style_id
        style_ids.setdefault((kind, label.lower()), style_id)
        parent = style.find(w_based_on)
        if parent is not None:
            based_on[style_id] = parent.get(W_VAL, "")
        if style.find(borders_path) is not None:
            has_borders.add(style_id)
        num_id = style.find(num_id_path)
        if num_id is not None:
            list_num_ids[style_id] = num_id.get(W_VAL, "")

    def bordered(style_id: str) -> bool:
        seen: set[str] = set()
        while style_id and style_id not in seen:
            if style_id in has_borders:
                return True
            seen.add(style_id)
            style_id = based_on.get(style_id, "")
        return False

    bordered_ids = {
        sid for (kind, _), sid in style_ids.items() if kind == "table" and bordered(sid)
    }
    abstract_id = None
    number_style = style_ids.get(("paragraph", NUMBER_LIST_STYLE.lower()))
    if number_style in list_num_ids:
        abstract_id = _abstract_num_id(template, list_num_ids[number_style])
    return TemplateFacts(style_ids, bordered_ids, abstract_id)


def _abstract_num_id(template: WordDocument, num_id: str) -> str | None:
    try:
        numbering = template.part.part_related_by(RT.NUMBERING).element
    except KeyError:
        return None
    for num in numbering.iterchildren(qn("w:num")):
        if num.get(qn("w:numId")) == num_id:
            abstract = num.find(qn("w:abstractNumId"))
            return abstract.get(W_VAL) if abstract is not None else None
    return None


class StyleIds:
    """The style ids of one template by the names Word shows; an optional style that the
    template lacks gives the id of the style it maps to (``OPTIONAL_STYLES``)."""

    def __init__(self, facts: TemplateFacts, styles_path: Path) -> None:
        self.facts = facts
        self.styles_path = styles_path
        self._found: dict[tuple[str, str], str] = {}

    def _exact(self, name: str, kind: str = "paragraph") -> str:
        """The id of the style named ``name``; ``TemplateStyleError`` if missing."""
        style_id = self.facts.style_ids.get((kind, name.lower()))
        if style_id is None:
            raise TemplateStyleError(name, self.styles_path)
        return style_id

    def id_of(self, name: str, kind: str = "paragraph") -> str:
        """The id of the style named ``name``, or of the style an optional one maps to."""
        key = (kind, name)
        style_id = self._found.get(key)
        if style_id is None:
            fallback = OPTIONAL_STYLES.get(name) if kind == "paragraph" else None
            if fallback is not None and (kind, name.lower()) not in self.facts.style_ids:
                style_id = self.id_of(fallback, kind)
            else:
                style_id = self._exact(name, kind)
            self._found[key] = style_id
        return style_id


def set_proofing_language(styles: Element, language: str, settings: Element | None = None) -> None:
    """Make ``language`` the proofing language of the document defaults and every style.

    ``styles`` is the ``w:styles`` element; ``settings`` the ``w:settings`` element, whose
    ``w:themeFontLang`` follows along.
    """
    w_doc_defaults, w_rpr_default = qn("w:docDefaults"), qn("w:rPrDefault")
    defaults = styles.find(w_doc_defaults)
    if defaults is None:
        defaults = styles.makeelement(w_doc_defaults, {})
        styles.insert(0, defaults)
    rpr_default = defaults.find(w_rpr_default)
    if rpr_default is None:
        rpr_default = styles.makeelement(w_rpr_default, {})
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(W_RPR)
    if rpr is None:
        rpr = SubElement(rpr_default, W_RPR)
    lang = rpr.find(_W_LANG)
    if lang is None:
        # python-docx parses every w:rPr as its CT_RPr, which can insert in schema order
        lang = rpr.insert_element_before(rpr.makeelement(_W_LANG, {}), *_RPR_AFTER_LANG)
    lang.set(W_VAL, language)
    for style_lang in styles.iterfind(f"{_W_STYLE}/{W_RPR}/{_W_LANG}"):
        style_lang.set(W_VAL, language)
    if settings is not None:
        theme_lang = settings.find(qn("w:themeFontLang"))
        if theme_lang is not None:
            theme_lang.set(W_VAL, language)
