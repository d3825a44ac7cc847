"""The document's settings (``word/settings.xml``): automatic hyphenation, and Word's update
of the fields (the table of contents' page numbers) when the file is opened."""

from __future__ import annotations

from docx.oxml.ns import qn

from forankring_docs.writers.docx.oxml import W_VAL, Element

# The children of w:settings that follow w:autoHyphenation, in the schema's order (Word
# refuses a file whose children are out of order); w:updateFields is among them.
_AFTER_AUTO_HYPHENATION = (
    "w:consecutiveHyphenLimit", "w:hyphenationZone", "w:doNotHyphenateCaps", "w:showEnvelope",
    "w:summaryLength", "w:clickAndTypeStyle", "w:defaultTableStyle", "w:evenAndOddHeaders",
    "w:bookFoldRevPrinting", "w:bookFold", "w:bookFoldPrinting", "w:bookFoldPrintingSheets",
    "w:drawingGridHorizontalSpacing", "w:drawingGridVerticalSpacing",
    "w:displayHorizontalDrawingGridEvery", "w:displayVerticalDrawingGridEvery",
    "w:doNotUseMarginsForDrawingGridOrigin", "w:drawingGridHorizontalOrigin",
    "w:drawingGridVerticalOrigin", "w:doNotShadeFormData", "w:noPunctuationKerning",
    "w:characterSpacingControl", "w:printTwoOnOne", "w:strictFirstAndLastChars",
    "w:noLineBreaksAfter", "w:noLineBreaksBefore", "w:savePreviewPicture",
    "w:doNotValidateAgainstSchema", "w:saveInvalidXml", "w:ignoreMixedContent",
    "w:alwaysShowPlaceholderText", "w:doNotDemarcateInvalidXml", "w:saveXmlDataOnly",
    "w:useXSLTWhenSaving", "w:saveThroughXslt", "w:showXMLTags",
    "w:alwaysMergeEmptyNamespace", "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr",
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
    "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
    "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
    "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip
_AFTER_UPDATE_FIELDS = _AFTER_AUTO_HYPHENATION[
    _AFTER_AUTO_HYPHENATION.index("w:updateFields") + 1 :
]


def set_document_settings(settings: Element, *, update_fields: bool) -> None:
    """Hyphenate automatically, unless the template says otherwise (narrow table columns then
    break words with a hyphen, by the proofing language's patterns); ``update_fields``: Word
    updates the fields, and so numbers the table of contents' pages, when the file is opened
    (it asks the reader once)."""
    if settings.find(qn("w:autoHyphenation")) is None:
        _add_on(settings, "w:autoHyphenation", _AFTER_AUTO_HYPHENATION)
    if update_fields:
        found = settings.find(qn("w:updateFields"))
        if found is None:
            _add_on(settings, "w:updateFields", _AFTER_UPDATE_FIELDS)
        else:
            found.set(W_VAL, "true")


def _add_on(settings: Element, tag: str, successors: tuple[str, ...]) -> None:
    # python-docx parses w:settings as its CT_Settings, which can insert in schema order
    settings.insert_element_before(settings.makeelement(qn(tag), {W_VAL: "true"}), *successors)
