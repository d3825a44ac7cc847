"""Build the default template's ``styles.docx``: page setup, fonts, styles and list numbering.

Run it from the repository root whenever the look of the report should change::

    python tools/make_styles.py            # writes templates/default/styles.docx
    python tools/make_styles.py OUT.docx   # writes elsewhere

The file is built from python-docx's own default document, with every part that the report
does not use removed (the default carries ~440 KB of latent styles twice, a theme, a
thumbnail and custom XML; parsing them costs ~20 ms on every write). What is left:

- ``word/document.xml``: an empty body and one section: A4 portrait, 2.5 cm margins, a
  different first page (no header or footer on the cover).
- ``word/styles.xml``: Calibri 11 (Calibri Light headings), Danish proofing language, and only
  the styles the writer uses (built-in names, so Word's navigation pane and TOC work).
- ``word/numbering.xml``: a bullet and a decimal list, linked to "List Bullet"/"List Number".
- ``word/settings.xml``, ``word/fontTable.xml`` (with font families, so LibreOffice picks a
  sans-serif fallback when Calibri is missing) and ``docProps/core.xml`` (blank).

The class styles of the template markup are named "Forankring <Class>"; the writer's
``PARAGRAPH_STYLES`` maps markup classes to these names.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml.parser import parse_xml
from docx.parts.numbering import NumberingPart
from docx.parts.settings import SettingsPart
from docx.parts.styles import StylesPart

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "templates" / "default" / "styles.docx"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# ---------------------------------------------------------------- page (twentieths of a point)
CM = 567  # twips per centimetre (rounded)
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838  # A4 portrait
MARGIN = 1418  # 2.5 cm
HEADER_DISTANCE = 709  # 1.25 cm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN  # 9070

BODY_FONT = "Calibri"
HEADING_FONT = "Calibri Light"
LANGUAGE = "da-DK"

# Colours (RRGGBB); only the styles carry them, the writer never hard-codes fonts or colours.
DARK_BLUE = "1F3864"
BLUE = "2F5496"
TEXT_GREY = "404040"
NOTE_GREY = "595959"
EMPTY_GREY = "7F7F7F"
BORDER_GREY = "A6A6A6"
HEADER_FILL = "D9E2F3"
DRAFT_RED = "C00000"
LINK_BLUE = "0563C1"


def _fonts(name: str) -> str:
    return f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}"/>'


def _size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def _style(
    kind: str,
    style_id: str,
    name: str,
    *,
    based_on: str | None = None,
    next_style: str | None = None,
    ppr: str = "",
    rpr: str = "",
    extra: str = "",
    priority: int | None = None,
    quick: bool = False,
    default: bool = False,
    semi_hidden: bool = False,
) -> str:
    """One ``w:style`` element (children in schema order)."""
    attrs = f'w:type="{kind}" w:styleId="{style_id}"'
    if default:
        attrs += ' w:default="1"'
    parts = [f'<w:name w:val="{name}"/>']
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_style:
        parts.append(f'<w:next w:val="{next_style}"/>')
    if priority is not None:
        parts.append(f'<w:uiPriority w:val="{priority}"/>')
    if semi_hidden:
        parts.append("<w:semiHidden/><w:unhideWhenUsed/>")
    if quick:
        parts.append("<w:qFormat/>")
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append(extra)
    return f"<w:style {attrs}>{''.join(parts)}</w:style>"


def _borders(tag: str, color: str) -> str:
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    edges = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{color}"/>' for side in sides
    )
    return f"<w:{tag}>{edges}</w:{tag}>"


def _cell_margins(top: int, side: int) -> str:
    return (
        f'<w:tblCellMar><w:top w:w="{top}" w:type="dxa"/><w:left w:w="{side}" w:type="dxa"/>'
        f'<w:bottom w:w="{top}" w:type="dxa"/><w:right w:w="{side}" w:type="dxa"/></w:tblCellMar>'
    )


def styles_xml() -> str:
    heading = _fonts(HEADING_FONT)
    right_tab = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs>'
    page_tab = f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs>'
    # Titles, headings and contents entries are never hyphenated (the body text and the
    # table cells are: the writer turns on automatic hyphenation).
    whole = "<w:suppressAutoHyphens/>"
    styles = [
        # -- defaults
        _style("paragraph", "Normal", "Normal", default=True, quick=True, priority=0),
        _style(
            "character",
            "DefaultParagraphFont",
            "Default Paragraph Font",
            default=True,
            priority=1,
            semi_hidden=True,
        ),
        _style(
            "table",
            "TableNormal",
            "Normal Table",
            default=True,
            priority=99,
            semi_hidden=True,
            extra=f'<w:tblPr><w:tblInd w:w="0" w:type="dxa"/>{_cell_margins(0, 108)}</w:tblPr>',
        ),
        _style("numbering", "NoList", "No List", default=True, priority=99, semi_hidden=True),
        # -- cover and headings
        _style(
            "paragraph",
            "Title",
            "Title",
            based_on="Normal",
            next_style="Normal",
            priority=10,
            quick=True,
            ppr=f'{whole}<w:spacing w:after="120" w:line="240" w:lineRule="auto"/>'
            "<w:contextualSpacing/>",
            rpr=f'{heading}<w:color w:val="{DARK_BLUE}"/><w:kern w:val="28"/>{_size(56)}',
        ),
        _style(
            "paragraph",
            "Subtitle",
            "Subtitle",
            based_on="Normal",
            next_style="Normal",
            priority=11,
            quick=True,
            ppr=f'{whole}<w:spacing w:after="360"/>',
            rpr=f'{heading}<w:color w:val="{TEXT_GREY}"/>{_size(30)}',
        ),
        _style(
            "paragraph",
            "Heading1",
            "heading 1",
            based_on="Normal",
            next_style="Normal",
            priority=9,
            quick=True,
            ppr=f'<w:keepNext/><w:keepLines/>{whole}<w:spacing w:before="360" w:after="120"/>'
            '<w:outlineLvl w:val="0"/>',
            rpr=f'{heading}<w:color w:val="{DARK_BLUE}"/>{_size(32)}',
        ),
        _style(
            "paragraph",
            "Heading2",
            "heading 2",
            based_on="Normal",
            next_style="Normal",
            priority=9,
            quick=True,
            ppr=f'<w:keepNext/><w:keepLines/>{whole}<w:spacing w:before="240" w:after="80"/>'
            '<w:outlineLvl w:val="1"/>',
            rpr=f'{heading}<w:color w:val="{BLUE}"/>{_size(26)}',
        ),
        _style(
            "paragraph",
            "Heading3",
            "heading 3",
            based_on="Normal",
            next_style="Normal",
            priority=9,
            quick=True,
            ppr=f'<w:keepNext/><w:keepLines/>{whole}<w:spacing w:before="200" w:after="60"/>'
            '<w:outlineLvl w:val="2"/>',
            rpr=f'<w:b/><w:bCs/><w:color w:val="{DARK_BLUE}"/>{_size(23)}',
        ),
        # -- table of contents
        _style(
            "paragraph",
            "TOCHeading",
            "TOC Heading",
            based_on="Heading1",
            next_style="Normal",
            priority=39,
            quick=True,
            semi_hidden=True,
            ppr='<w:outlineLvl w:val="9"/>',
        ),
        _style(
            "paragraph",
            "TOC1",
            "toc 1",
            based_on="Normal",
            next_style="Normal",
            priority=39,
            semi_hidden=True,
            ppr=f'{right_tab}{whole}<w:spacing w:before="120" w:after="40"/>',
        ),
        _style(
            "paragraph",
            "TOC2",
            "toc 2",
            based_on="Normal",
            next_style="Normal",
            priority=39,
            semi_hidden=True,
            ppr=f'{right_tab}{whole}<w:spacing w:after="40"/><w:ind w:left="220"/>',
        ),
        _style(
            "paragraph",
            "TOC3",
            "toc 3",
            based_on="Normal",
            next_style="Normal",
            priority=39,
            semi_hidden=True,
            ppr=f'{right_tab}{whole}<w:spacing w:after="40"/><w:ind w:left="440"/>',
        ),
        # -- lists (the numbering part links level 0 of each list back to these styles)
        _style(
            "paragraph",
            "ListBullet",
            "List Bullet",
            based_on="Normal",
            priority=99,
            ppr='<w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:after="60"/>'
            '<w:ind w:left="357" w:hanging="357"/>',
        ),
        _style(
            "paragraph",
            "ListNumber",
            "List Number",
            based_on="Normal",
            priority=99,
            ppr='<w:numPr><w:numId w:val="2"/></w:numPr><w:spacing w:after="60"/>'
            '<w:ind w:left="357" w:hanging="357"/>',
        ),
        _style(
            "paragraph",
            "ListContinue",
            "List Continue",
            based_on="Normal",
            priority=99,
            ppr='<w:spacing w:after="60"/><w:ind w:left="357"/>',
        ),
        # -- page furniture and links
        _style(
            "paragraph",
            "Header",
            "header",
            based_on="Normal",
            priority=99,
            semi_hidden=True,
            ppr=f'{page_tab}<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
            rpr=f'<w:color w:val="{NOTE_GREY}"/>{_size(18)}',
        ),
        _style(
            "paragraph",
            "Footer",
            "footer",
            based_on="Normal",
            priority=99,
            semi_hidden=True,
            ppr=f'{page_tab}<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
            '<w:jc w:val="right"/>',
            rpr=f'<w:color w:val="{NOTE_GREY}"/>{_size(18)}',
        ),
        _style(
            "character",
            "Hyperlink",
            "Hyperlink",
            based_on="DefaultParagraphFont",
            priority=99,
            semi_hidden=True,
            rpr=f'<w:color w:val="{LINK_BLUE}"/><w:u w:val="single"/>',
        ),
        # -- tables
        _style(
            "table",
            "TableGrid",
            "Table Grid",
            based_on="TableNormal",
            priority=59,
            ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
            extra=f"<w:tblPr>{_borders('tblBorders', 'auto')}</w:tblPr>",
        ),
        _style(
            "table",
            "ForankringTable",
            "Forankring Table",
            based_on="TableNormal",
            priority=59,
            quick=True,
            ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
            rpr=_size(19),
            extra=(
                f"<w:tblPr>{_borders('tblBorders', BORDER_GREY)}{_cell_margins(40, 85)}</w:tblPr>"
                # No w:tblHeader here: the writer marks each table's header rows itself, and
                # LibreOffice would repeat the first row of a facts table (which has none).
                '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>'
                f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/></w:tcPr>'
                "</w:tblStylePr>"
            ),
        ),
        # -- the paragraph classes of the template markup
        _style(
            "paragraph",
            "ForankringLead",
            "Forankring Lead",
            based_on="Normal",
            next_style="Normal",
            priority=20,
            quick=True,
            ppr='<w:spacing w:after="240"/>',
            rpr=f'<w:color w:val="{TEXT_GREY}"/>{_size(24)}',
        ),
        _style(
            "paragraph",
            "ForankringNote",
            "Forankring Note",
            based_on="Normal",
            next_style="Normal",
            priority=20,
            quick=True,
            ppr='<w:spacing w:before="60" w:after="120" w:line="240" w:lineRule="auto"/>',
            rpr=f'<w:color w:val="{NOTE_GREY}"/>{_size(17)}',
        ),
        _style(
            "paragraph",
            "ForankringMeta",
            "Forankring Meta",
            based_on="Normal",
            priority=20,
            quick=True,
            ppr=f'<w:tabs><w:tab w:val="left" w:pos="{5 * CM}"/></w:tabs><w:spacing w:after="60"/>',
        ),
        _style(
            "paragraph",
            "ForankringDraft",
            "Forankring Draft",
            based_on="Normal",
            next_style="Normal",
            priority=20,
            quick=True,
            ppr='<w:spacing w:before="240" w:after="240"/>',
            rpr=f'{heading}<w:b/><w:bCs/><w:color w:val="{DRAFT_RED}"/><w:spacing w:val="40"/>'
            f"{_size(48)}",
        ),
        _style(
            "paragraph",
            "ForankringEmpty",
            "Forankring Empty",
            based_on="Normal",
            next_style="Normal",
            priority=20,
            quick=True,
            rpr=f'<w:i/><w:iCs/><w:color w:val="{EMPTY_GREY}"/>',
        ),
        _style(
            "paragraph",
            "ForankringCell",
            "Forankring Cell",
            based_on="Normal",
            priority=20,
            quick=True,
            ppr='<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
            rpr=_size(19),
        ),
        # Case text in a cell: a paragraph after another one (or after a list) is set off by
        # a little space; bullet items use the body's bullet list, indented for a cell.
        _style(
            "paragraph",
            "ForankringCellSpaced",
            "Forankring Cell Spaced",
            based_on="ForankringCell",
            priority=20,
            ppr='<w:spacing w:before="80"/>',
        ),
        _style(
            "paragraph",
            "ForankringCellBullet",
            "Forankring Cell Bullet",
            based_on="ForankringCell",
            priority=20,
            ppr='<w:numPr><w:numId w:val="1"/></w:numPr><w:ind w:left="227" w:hanging="227"/>',
        ),
    ]
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f"{_fonts(BODY_FONT)}{_size(22)}"
        f'<w:lang w:val="{LANGUAGE}" w:eastAsia="en-US" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:spacing w:after="120" w:line="264" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    return f'<w:styles xmlns:w="{W_NS}">{defaults}{"".join(styles)}</w:styles>'


def _list_levels(formats: list[tuple[str, str]], style_id: str) -> str:
    levels = []
    for level, (fmt, text) in enumerate(formats):
        link = f'<w:pStyle w:val="{style_id}"/>' if level == 0 else ""
        indent = 357 * (level + 1)
        levels.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{link}'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{indent}" w:hanging="357"/></w:pPr></w:lvl>'
        )
    return "".join(levels)


def numbering_xml() -> str:
    bullets = [("bullet", "\u2022"), ("bullet", "\u2013"), ("bullet", "\u25aa")]
    numbers = [("decimal", "%1."), ("lowerLetter", "%2."), ("lowerRoman", "%3.")]
    return (
        f'<w:numbering xmlns:w="{W_NS}">'
        '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>'
        f"{_list_levels(bullets, 'ListBullet')}</w:abstractNum>"
        '<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="hybridMultilevel"/>'
        f"{_list_levels(numbers, 'ListNumber')}</w:abstractNum>"
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        "</w:numbering>"
    )


def settings_xml() -> str:
    return (
        f'<w:settings xmlns:w="{W_NS}">'
        '<w:zoom w:percent="100"/>'
        f'<w:defaultTabStop w:val="{HEADER_DISTANCE}"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        "<w:compat>"
        '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word"'
        ' w:val="15"/>'
        "</w:compat>"
        f'<w:themeFontLang w:val="{LANGUAGE}"/>'
        '<w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/>'
        "</w:settings>"
    )


def font_table_xml() -> str:
    """Fonts with their family, so an application without them picks a sans-serif fallback."""
    fonts = [
        (BODY_FONT, "020F0502020204030204"),
        (HEADING_FONT, "020F0302020204030204"),
    ]
    entries = "".join(
        f'<w:font w:name="{name}"><w:panose1 w:val="{panose}"/><w:charset w:val="00"/>'
        '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
        for name, panose in fonts
    )
    return f'<w:fonts xmlns:w="{W_NS}">{entries}</w:fonts>'


def section_xml() -> str:
    """The one A4 portrait section of the empty body; the writer copies it for landscape.

    "Different first page" (``w:titlePg``) keeps the header and footer off the cover; the
    writer keeps it for the document's first section only."""
    return (
        f'<w:sectPr xmlns:w="{W_NS}">'
        f'<w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/>'
        f'<w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}"'
        f' w:header="{HEADER_DISTANCE}" w:footer="{HEADER_DISTANCE}" w:gutter="0"/>'
        f'<w:cols w:space="{HEADER_DISTANCE}"/><w:titlePg/><w:docGrid w:linePitch="360"/>'
        "</w:sectPr>"
    )


def build(out: Path) -> int:
    """Write the styles document to ``out``; return its size in bytes."""
    document = docx.Document()
    main = document.part
    package = main.package

    # Drop every part of python-docx's default document except the main part and core.xml.
    for rel_id in list(main.rels):
        del main.rels[rel_id]
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype not in (RT.OFFICE_DOCUMENT, RT.CORE_PROPERTIES):
            del package.rels[rel_id]

    def add(part_class: type[XmlPart], name: str, content_type: str, reltype: str, xml: str):
        part = part_class(PackURI(name), content_type, parse_xml(xml), package)
        main.relate_to(part, reltype)

    add(StylesPart, "/word/styles.xml", CT.WML_STYLES, RT.STYLES, styles_xml())
    add(SettingsPart, "/word/settings.xml", CT.WML_SETTINGS, RT.SETTINGS, settings_xml())
    add(NumberingPart, "/word/numbering.xml", CT.WML_NUMBERING, RT.NUMBERING, numbering_xml())
    add(XmlPart, "/word/fontTable.xml", CT.WML_FONT_TABLE, RT.FONT_TABLE, font_table_xml())

    body = document.element.body
    body.clear()
    body.append(parse_xml(section_xml()))

    # A blank core.xml: no author, no dates; the writer fills them in from the document.
    core = document.core_properties
    core.title = core.subject = core.author = core.keywords = ""
    core.comments = core.last_modified_by = core.category = ""
    core.revision = 1
    core_element = package.part_related_by(RT.CORE_PROPERTIES).element
    for child in list(core_element):
        if child.tag.endswith(("}created", "}modified")):
            core_element.remove(child)

    buffer = io.BytesIO()
    document.save(buffer)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(_reproducible_zip(buffer.getvalue()))
    return out.stat().st_size


def _reproducible_zip(data: bytes) -> bytes:
    """The same zip with fixed timestamps, so running this script twice gives the same file."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    size = build(out)
    print(f"wrote {out} ({size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
