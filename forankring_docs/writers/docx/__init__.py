"""The Word writer: the document model as a .docx on a template's ``styles.docx``.

``writer.py`` walks the document; the other modules each write one kind of thing (runs,
tables, fields, sections, the package) or read the template's styles. ``layout.py`` holds
the page-layout transforms that run on the document before it is written.
"""

from forankring_docs.writers.docx.styles import (
    PARAGRAPH_STYLES,
    REQUIRED_STYLES,
    StylesFileError,
    TemplateStyleError,
)
from forankring_docs.writers.docx.tables import GROUP_ROW_FILL, HEADER_ROW_FILL, column_widths
from forankring_docs.writers.docx.writer import DocxWriter, open_styles, write_docx

__all__ = [
    "GROUP_ROW_FILL",
    "HEADER_ROW_FILL",
    "PARAGRAPH_STYLES",
    "REQUIRED_STYLES",
    "DocxWriter",
    "StylesFileError",
    "TemplateStyleError",
    "column_widths",
    "open_styles",
    "write_docx",
]
