"""The template markup parser: every element of the subset, its errors, text and whitespace."""

from __future__ import annotations

import html
import pickle
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import Environment

from forankring_docs.document.markup import MarkupError, parse_markup
from forankring_docs.document.model import (
    Block,
    Cell,
    Cover,
    Document,
    Field,
    Heading,
    Image,
    LineBreak,
    Link,
    ListBlock,
    PageBreak,
    Paragraph,
    Row,
    Section,
    Table,
    TableOfContents,
    Text,
    plain_text,
)
from forankring_docs.document.vocabulary import (
    LATE_COLOR,
    PARAGRAPH_CLASSES,
    SHADE_PALETTE,
    TABLE_CLASSES,
)

LOGO = (b"\x89PNG\r\n\x1a\nlogo", "logo.png")

# Text that Word can hold: no C0 controls but tab and newline, no DEL, no C1 controls,
# no U+FFFE/U+FFFF, no surrogates (the utf-8 codec leaves those out).
_NOT_IN_WORD = [chr(c) for c in range(0x20) if chr(c) not in "\t\n"]
_NOT_IN_WORD += [chr(c) for c in range(0x7F, 0xA0)] + ["\ufffe", "\uffff"]
WORD_TEXT = st.text(st.characters(codec="utf-8", exclude_characters=_NOT_IN_WORD), max_size=80)


def parse(markup: str, **options: object) -> Document:
    return parse_markup(markup, assets={"logo": LOGO}, **options)  # type: ignore[arg-type]


def only(markup: str) -> object:
    """The single block that ``markup`` parses to."""
    blocks = parse(markup).blocks
    assert len(blocks) == 1, blocks
    return blocks[0]


def paragraph(markup: str) -> Paragraph:
    block = only(markup)
    assert isinstance(block, Paragraph)
    return block


def error(markup: str, **options: object) -> MarkupError:
    with pytest.raises(MarkupError) as caught:
        parse(markup, **options)
    return caught.value


def collapsed(text: str) -> str:
    """What a browser shows: runs of HTML whitespace as one space, none at the ends."""
    return re.sub(r"[ \t\n\r\f]+", " ", text).strip(" ")


# ---------------------------------------------------------------- the document


FULL_DOCUMENT = """<html lang="en-GB">
<head>
  <meta charset="utf-8"/>
  <meta name="title" content="Forankringsstrategi &amp; plan"/>
  <meta name="subject" content="Boligsocial indsats"/>
  <meta name="author" content="Mette Hansen"/>
  <meta name="keywords" content="Solhøj, Aarhus"/>
  <meta name="created" content="2026-11-15"/>
</head>
<body>
  <header><img src="logo" width="2.5cm"/> Solhøj · Forankringsstrategi <strong>UDKAST</strong>
  </header>
  <footer>Side <field code="PAGE">1</field> af <field code="NUMPAGES">9</field></footer>
  <p>Body</p>
</body>
</html>
"""


def test_document_properties_come_from_head_meta_and_html_lang() -> None:
    properties = parse(FULL_DOCUMENT).properties
    assert properties.title == "Forankringsstrategi & plan"
    assert properties.subject == "Boligsocial indsats"
    assert properties.author == "Mette Hansen"
    assert properties.keywords == "Solhøj, Aarhus"
    assert properties.created == "2026-11-15"
    assert properties.language == "en-GB"


def test_language_defaults_to_danish() -> None:
    assert parse("<p>x</p>").properties.language == "da-DK"


def test_header_footer_and_logo_become_page_furniture() -> None:
    document = parse(FULL_DOCUMENT)
    properties = document.properties
    assert properties.header == [
        Text("Solhøj · Forankringsstrategi "),
        Text("UDKAST", bold=True),
    ]
    assert properties.footer == [
        Text("Side "),
        Field("PAGE", "1"),
        Text(" af "),
        Field("NUMPAGES", "9"),
    ]
    assert properties.header_logo == Image(LOGO[0], "logo.png", 2.5)
    assert document.blocks == [Paragraph([Text("Body")])]


def test_a_fragment_without_html_and_body_is_a_document() -> None:
    assert parse("<p>one</p>\n<p>two</p>").blocks == [
        Paragraph([Text("one")]),
        Paragraph([Text("two")]),
    ]


# ---------------------------------------------------------------- blocks


@pytest.mark.parametrize("level", [1, 2, 3])
def test_headings(level: int) -> None:
    block = only(f"<h{level}>Opgaver <em>og</em> aktører</h{level}>")
    assert isinstance(block, Heading)
    assert block.level == level
    assert block.inlines == [Text("Opgaver "), Text("og", italic=True), Text(" aktører")]


@pytest.mark.parametrize("style", PARAGRAPH_CLASSES)
def test_paragraph_classes_become_styles(style: str) -> None:
    assert paragraph(f'<p class="{style}">x</p>').style == style


def test_paragraph_alignment() -> None:
    assert paragraph('<p align="center">x</p>').align == "center"
    assert paragraph('<p align="right">x</p>').align == "right"
    assert paragraph("<p>x</p>").align is None


def test_lists_hold_inline_items_or_paragraphs() -> None:
    block = only("<ol><li>Første</li><li><p>Andet</p><p class='note'>Note</p></li></ol>")
    assert block == ListBlock(
        items=[
            [Paragraph([Text("Første")])],
            [Paragraph([Text("Andet")]), Paragraph([Text("Note")], style="note")],
        ],
        ordered=True,
    )
    unordered = only("<ul><li>a</li></ul>")
    assert isinstance(unordered, ListBlock) and not unordered.ordered


def test_pagebreak_section_and_cover() -> None:
    blocks = parse(
        "<cover><p class='title'>Titel</p></cover><pagebreak/>"
        "<section><p>wide</p></section><section orientation='portrait'><p>tall</p></section>"
    ).blocks
    assert blocks == [
        Cover([Paragraph([Text("Titel")], style="title")]),
        PageBreak(),
        Section([Paragraph([Text("wide")])], "landscape"),
        Section([Paragraph([Text("tall")])], "portrait"),
    ]


def test_an_empty_element_may_also_be_written_with_an_end_tag() -> None:
    assert parse("<pagebreak></pagebreak><p>after</p>").blocks == [
        PageBreak(),
        Paragraph([Text("after")]),
    ]
    assert paragraph("<p>a<br></br>b</p>").inlines == [Text("a"), LineBreak(), Text("b")]


def test_block_image_from_assets() -> None:
    assert only('<img src="logo" width="40mm" align="center"/>') == Image(
        LOGO[0], "logo.png", 4.0, "center"
    )


# ---------------------------------------------------------------- tables


TABLE = """<table class="heat">
  <colgroup><col width="3"/><col width="1" span="2"/></colgroup>
  <thead><tr><th>Aktør</th><th colspan="2" align="center">Score</th></tr></thead>
  <tbody>
    <tr class="group"><td>Kommunen</td></tr>
    <tr><th>Evne</th><td data-shade="red">2</td><td data-shade="#a1b2c3"></td></tr>
    <tr><td><p>Et</p><p class="note">To</p></td><td>x<br/>y</td><td align="right">3</td></tr>
  </tbody>
</table>"""


def table() -> Table:
    block = only(TABLE)
    assert isinstance(block, Table)
    return block


def test_table_class_and_column_weights() -> None:
    assert table().style == "heat"
    assert table().widths == [3.0, 1.0, 1.0]
    assert only("<table><tr><td>x</td></tr></table>") == Table(
        rows=[table_row("x")], widths=[], style="data"
    )


def test_a_cell_holds_paragraphs_and_lists() -> None:
    block = only(
        "<table><tr><td><p>Et.</p><ul><li>a</li><li>b</li></ul><p>To.</p></td></tr></table>"
    )
    assert isinstance(block, Table)
    assert block.rows[0].cells[0].blocks == [
        Paragraph([Text("Et.")], style="cell"),
        ListBlock(items=[[Paragraph([Text("a")])], [Paragraph([Text("b")])]]),
        Paragraph([Text("To.")], style="cell"),
    ]
    numbered = only("<table><tr><th><ol><li>x</li></ol></th></tr></table>")
    assert numbered.rows[0].cells[0].blocks[0].ordered  # type: ignore[union-attr]


def test_a_cell_does_not_mix_inline_content_with_lists_and_a_list_item_holds_no_list() -> None:
    mixed = error("<table><tr><td>tekst <ul><li>a</li></ul></td></tr></table>")
    assert "holds either inline content or <p> paragraphs and lists (<ul>, <ol>)" in str(mixed)
    nested = error("<ul><li><ul><li>a</li></ul></li></ul>")
    assert "<ul> is not allowed inside <li>" in str(nested)


def table_row(text: str) -> Row:
    return Row([Cell([Paragraph([Text(text)], style="cell")])])


@pytest.mark.parametrize("style", TABLE_CLASSES)
def test_every_table_class_is_accepted(style: str) -> None:
    block = only(f'<table class="{style}"><tr><td>x</td></tr></table>')
    assert isinstance(block, Table) and block.style == style


def test_thead_rows_are_header_rows_and_th_cells_are_header_cells() -> None:
    head, group, body, last = table().rows
    assert head.header and not group.header and not body.header and not last.header
    assert [cell.header for cell in head.cells] == [True, True]
    assert [cell.header for cell in body.cells] == [True, False, False]
    assert head.cells[1].colspan == 2 and head.cells[1].align == "center"


def test_group_row_spans_the_table() -> None:
    group = table().rows[1]
    assert group.group
    assert len(group.cells) == 1 and group.cells[0].colspan == 3


def test_shades_resolve_to_rrggbb() -> None:
    cells = table().rows[2].cells
    assert cells[1].shade == SHADE_PALETTE["red"] == "F4C7C3"
    assert cells[2].shade == "A1B2C3"


def test_cell_content_becomes_cell_paragraphs() -> None:
    rows = table().rows
    assert rows[2].cells[2].blocks == [Paragraph([], style="cell")]  # an empty cell
    assert rows[3].cells[0].blocks == [
        Paragraph([Text("Et")], style="cell"),
        Paragraph([Text("To")], style="note"),
    ]
    assert rows[3].cells[1].blocks == [Paragraph([Text("x"), LineBreak(), Text("y")], style="cell")]
    assert rows[3].cells[2].align == "right"


def test_rows_must_fill_the_table() -> None:
    failure = error("<table>\n<tr><td>a</td><td>b</td></tr>\n<tr><td>c</td></tr>\n</table>")
    assert failure.line == 3
    assert failure.message.startswith("this row has 1 column, the table has 2 ")


def test_rows_must_match_the_colgroup() -> None:
    markup = '<table><colgroup><col width="1"/></colgroup><tr><td>a</td><td>b</td></tr>'
    failure = error(markup + "</table>")
    assert failure.message.startswith("this row has 2 columns, the table has 1 ")


def test_table_without_rows_is_an_error() -> None:
    assert "no rows" in error("<table></table>").message


def test_thead_after_body_rows_is_an_error() -> None:
    assert "before" in error("<table><tr><td>a</td></tr><thead></thead></table>").message


# ---------------------------------------------------------------- table of contents


TOC_DOCUMENT = """<cover><h1>Not in the contents</h1></cover>
<toc title="Indholdsfortegnelse"/>
<h1>Resumé</h1>
<h2>Nøgletal</h2>
<h3>Detalje</h3>
<section><h1>Forankringsplan</h1></section>"""


def test_toc_lists_the_h1_and_h2_headings_after_it() -> None:
    blocks = parse(TOC_DOCUMENT).blocks
    toc = blocks[1]
    assert isinstance(toc, TableOfContents)
    assert toc.title == "Indholdsfortegnelse"
    assert [entry.text for entry in toc.entries] == ["Resumé", "Nøgletal", "Forankringsplan"]
    assert toc.entries[0] is blocks[2]  # the very heading, so bookmarks agree


def test_toc_levels_attribute_includes_h3() -> None:
    toc = parse(TOC_DOCUMENT.replace('title="Indholdsfortegnelse"', 'levels="3"')).blocks[1]
    assert isinstance(toc, TableOfContents)
    assert [entry.level for entry in toc.entries] == [1, 2, 3, 1]


def test_every_heading_gets_a_stable_unique_bookmark() -> None:
    first = parse(TOC_DOCUMENT)
    again = parse(TOC_DOCUMENT)
    bookmarks = [heading.bookmark for heading in _headings(first.blocks)]
    assert bookmarks == ["_Toc_001", "_Toc_002", "_Toc_003", "_Toc_004", "_Toc_005"]
    assert bookmarks == [heading.bookmark for heading in _headings(again.blocks)]


def _headings(blocks: list[Block]) -> list[Heading]:
    found: list[Heading] = []
    for block in blocks:
        if isinstance(block, Heading):
            found.append(block)
        elif isinstance(block, Section | Cover):
            found.extend(_headings(block.blocks))
    return found


# ---------------------------------------------------------------- inlines


def test_strong_em_and_nesting() -> None:
    assert paragraph("<p><strong>a <em>b</em></strong> <em>c</em></p>").inlines == [
        Text("a ", bold=True),
        Text("b", bold=True, italic=True),
        Text(" "),
        Text("c", italic=True),
    ]


def test_late_span_is_red_and_bold() -> None:
    assert paragraph('<p>Status: <span class="late">forsinket</span></p>').inlines == [
        Text("Status: "),
        Text("forsinket", bold=True, color=LATE_COLOR),
    ]
    assert LATE_COLOR == "C00000"


def test_fields_keep_their_shown_text() -> None:
    assert paragraph('<p><field code="NUMPAGES"> 12 </field></p>').inlines == [
        Field("NUMPAGES", "12")
    ]


@pytest.mark.parametrize(
    "href",
    ["https://www.solhoj.dk/plan?a=1&b=2", "http://example.dk", "mailto:mette@example.dk"],
)
def test_links(href: str) -> None:
    markup = f'<p>Se <a href="{html.escape(href)}">her</a>.</p>'
    assert paragraph(markup).inlines == [Text("Se "), Link("her", href), Text(".")]


@pytest.mark.parametrize(
    ("href", "words"),
    [
        ("javascript:alert(1)", "only http:, https: and mailto:"),
        ("JavaScript:alert(1)", "only http:, https: and mailto:"),
        ("ftp://example.dk", "only http:, https: and mailto:"),
        ("/relative", "only http:, https: and mailto:"),
        ("file:///etc/passwd", "only http:, https: and mailto:"),
        ("https:///path", "no host"),
        ("mailto:", "no address"),
        ("https://example.dk/a b", "not a valid address"),
        ("http://[broken", "not a valid address"),
    ],
)
def test_other_links_are_errors(href: str, words: str) -> None:
    failure = error(f'<p>\n<a href="{href}">x</a></p>')
    assert failure.line == 2 and words in failure.message


# ---------------------------------------------------------------- whitespace and text


def test_whitespace_collapses_as_in_html() -> None:
    markup = "<p>\n   Første\t\tlinje  <strong> fed </strong> tekst\n  <br/>\n  anden   linje  </p>"
    assert paragraph(markup).inlines == [
        Text("Første linje "),
        Text("fed ", bold=True),
        Text("tekst"),
        LineBreak(),
        Text("anden linje"),
    ]


def test_no_break_space_is_kept() -> None:
    assert plain_text(paragraph("<p>10&#160;%  \u00a0x</p>").inlines) == "10\u00a0% \u00a0x"


def test_html_named_entities_are_not_defined() -> None:
    failure = error("<p>ok</p>\n<p>10&nbsp;%</p>")
    assert failure.line == 2
    assert "&nbsp; is not defined" in failure.message and "&#160;" in failure.message


def test_character_references_are_decoded_exactly_once() -> None:
    text = plain_text(paragraph("<p>&amp;amp; &lt;b&gt; &#8211; &#x2013; &quot;</p>").inlines)
    assert text == '&amp; <b> – – "'


@pytest.mark.parametrize("case_text", ["<b>fed</b>", "</td>", "{{ x }}", "&amp;", "A & B"])
def test_case_text_escaped_by_jinja_comes_out_as_written(case_text: str) -> None:
    markup = Environment(autoescape=True).from_string("<p>{{ text }}</p>").render(text=case_text)
    assert paragraph(markup).inlines == [Text(case_text)]


def test_attribute_values_are_decoded_once() -> None:
    toc = only('<toc title="A &amp;amp; B"/>')
    assert isinstance(toc, TableOfContents) and toc.title == "A &amp; B"


@settings(max_examples=300, deadline=None, derandomize=True)
@given(WORD_TEXT)
def test_any_word_text_survives_parsing_with_whitespace_collapsed(text: str) -> None:
    block = parse(f"<p>{html.escape(text)}</p>").blocks[0]
    assert isinstance(block, Paragraph)
    assert plain_text(block.inlines) == collapsed(text)


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("markup", "line", "words"),
    [
        ("<p>ok</p>\n\n<div>x</div>", 3, "unknown element <div>"),
        ("<p>ok</p>\n<p>\n<b>fed</b></p>", 3, "unknown element <b>"),
        ("<p>ok</p>\n<p style='color:red'>x</p>", 2, "no attribute 'style'"),
        ("<p>ok</p>\n<p\n  style='color:red'>x</p>", 3, "no attribute 'style'"),  # the '>' line
        ("<table>\n<tr><td rowspan='2'>x</td></tr></table>", 2, "no attribute 'rowspan'"),
        ("<p>\n<p>nested</p></p>", 2, "<p> is not allowed inside <p>"),
        ("<ul>\n<p>x</p></ul>", 2, "<p> is not allowed inside <ul>"),
        ("<p class='fancy'>x</p>", 1, "class='fancy'"),
        ("<table class='fancy'><tr><td>x</td></tr></table>", 1, "class='fancy'"),
        ("<p>\n<span class='red'>x</span></p>", 2, "late"),
        ("<p><field code='DATE'>x</field></p>", 1, "PAGE"),
        ("<p>x</p>\n\n  løs tekst", 3, "put it in a <p>"),
        ("<p>a\n</em></p>", 2, "</em> while <p> from line 1 is still open"),
        ("</p>", 1, "</p> without an open <p>"),
        ("<p>\n<strong>a</p>", 2, "</p> while <strong> from line 2 is still open"),
        ("<p>never closed", 1, "<p> is never closed (add </p>)"),
        ("<p>\n<em>x</em>\n", 1, "<p> is never closed"),
        ("<p>x<br></p>", 1, "<br> is an empty element: write <br/>"),
        ("<p>x\n<br>y</br></p>", 2, "<br> is an empty element: write <br/>"),
        ("<pagebreak>\n<p>x</p>", 1, "<pagebreak> is an empty element"),
        ("<p align>x</p>", 1, "needs a value"),
        ("<p class='lead' class='note'>x</p>", 1, "twice"),
        ("<header>a</header><header>b</header>", 1, "second <header>"),
        ("<td data-shade='pink'></td>", 1, "not allowed at the top level"),
        ("<table><tr><td data-shade='pink'>x</td></tr></table>", 1, "red"),
        ("<table><tr><td colspan='0'>x</td></tr></table>", 1, "colspan='0'"),
        ("<table><tr><td>a <p>b</p></td></tr></table>", 1, "not both"),
        ("<ul><li><p>a</p>\nb</li></ul>", 2, "not both"),
        ("<img src='photo' width='3cm'/>", 1, "no such image"),
        ("<img src='logo' width='3'/>", 1, "4cm"),
        ("<p>1 < 2</p>", 1, "&lt;"),
        ("<p>\nA & B</p>", 2, "write &amp;"),
        ('<p>ok</p>\n<p class="note>broken</p>', 2, "broken tag"),
        ("<p>ok</p>\n<p class=note>x</p>", 2, "broken tag"),
        ("<html lang='dansk sprog'></html>", 1, "language tag"),
        ("<head><meta name='version' content='1'/></head>", 1, "title"),
        ("<head><meta name='created' content='15/11/2026'/></head>", 1, "ISO date"),
        ("<header>x<img src='logo' width='2cm'/></header>", 1, "comes first"),
        ("<cover><section><p>x</p></section></cover>", 1, "not allowed inside <cover>"),
        ("<p><a href='https://x.dk'><strong>x</strong></a></p>", 1, "holds only text"),
        ("<p><a href='https://x.dk'> </a></p>", 1, "no text"),
        ("<![CDATA[x]]>", 1, "CDATA"),
        ("<?xml version='1.0'?>", 1, "processing"),
        ("<p>x</p>\n<?php echo 1 ?>", 2, "processing"),
        ("<p>x\n<?pi?></p>", 2, "processing"),
        ("<P>x</P>", 1, "lower case"),
        ("<p>x</P>", 1, "lower case"),
        ('<html xmlns="http://www.w3.org/1999/xhtml"><p>x</p></html>', 1, "xmlns"),
        ("<p>x</p>\n<x:p>y</x:p>", 2, "namespaces"),
        ("<p>a\fb</p>", 1, "form feed"),
        ("<p>a&#12;b</p>", 1, "form feed"),
        ("<p>x</p>\n<!-- a -- b -->", 2, "'--'"),
        ("<p>x</p>\n<p>a ]]> b</p>", 2, "]]&gt;"),
        ("<ul>\n<li>a\nb</li>\nløs</ul>", 4, "not allowed inside <ul>"),
        ("<table><tr>\n<td><p>a</p>\n\nb</td></tr></table>", 4, "not both"),
        ("<p>x</p>\n<p>\ud800</p>", 2, "surrogate"),
    ],
)
def test_markup_outside_the_subset_is_an_error_with_its_line(
    markup: str, line: int, words: str
) -> None:
    failure = error(markup, source="report.html")
    assert failure.source == "report.html"
    assert failure.line == line
    assert failure.html_line == line and not failure.from_marker
    assert words in failure.message
    assert str(failure).startswith(f"report.html:{line}: error: ")
    assert "forankring-markup" not in failure.message  # the parser's own wrapper stays hidden


@pytest.mark.parametrize(
    "markup",
    [
        "<!DOCTYPE html>\n<p>x</p>",
        "<!doctype html><html><body><p>x</p></body></html>",
        '<!DOCTYPE p [<!ENTITY boom "boom">]>\n<p>&boom;</p>',
        '<!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><p>&b;</p>',
        '<!DOCTYPE p [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n<p>&secret;</p>',
        '<!DOCTYPE p SYSTEM "http://example.invalid/x.dtd">\n<p>x</p>',
        '<p>x</p>\n<!ENTITY boom "boom">',
    ],
)
def test_doctype_and_entity_declarations_are_refused(markup: str) -> None:
    failure = error(markup)
    assert "DOCTYPE" in failure.message and "not allowed" in failure.message


@pytest.mark.parametrize(
    ("markup", "line"),
    [
        ("<p>a</p>\n<p>b</p>\n<p>c", 3),
        ("<p>a</p>\n<p>b</p c>", 2),
        ("<p>a</p>\n\n<p>b\n<!-- never closed", 4),
        ("<section>\n<p>x</p>\n</cover>", 3),
        ('<p>a</p>\n<p class="x" class="y">b</p>', 2),
        ("<p>a</p>\n<p align>b</p>", 2),
    ],
)
def test_markup_that_is_not_well_formed_is_an_error_with_its_line(markup: str, line: int) -> None:
    failure = error(markup, source="report.html")
    assert (failure.source, failure.line, failure.html_line) == ("report.html", line, line)
    assert not failure.from_marker


MARKED = """<!--@ report.html.j2:10 -->
<h1>Resumé</h1>
<!--@ partials/plan.html.j2:42 -->
<p>Plan</p>
<p><blink>x</blink></p>
"""


def test_the_latest_template_marker_names_the_template_file_and_line() -> None:
    failure = error(MARKED, source="rendered")
    assert (failure.source, failure.line) == ("partials/plan.html.j2", 42)
    assert failure.html_line == 5 and failure.from_marker
    assert str(failure) == (
        "partials/plan.html.j2:42: error: unknown element <blink>; allowed here: <a>, <br>, "
        "<em>, <field>, <span>, <strong> (line 5 of the generated markup) [T103]"
    )


def test_a_syntax_error_is_reported_at_the_marker_before_it() -> None:
    markup = (
        "<!--@ report.html.j2:10 -->\n<h1>Resumé</h1>\n"
        '<!--@ partials/plan.html.j2:42 -->\n<p>Plan</p>\n<p class="note>x</p>\n'
    )
    failure = error(markup, source="rendered")
    assert (failure.source, failure.line, failure.html_line) == ("partials/plan.html.j2", 42, 5)
    assert str(failure).startswith("partials/plan.html.j2:42: error: ")
    assert str(failure).endswith("(line 5 of the generated markup) [T103]")


def test_a_marker_counts_from_where_it_stands_on_its_line() -> None:
    before = error("<!--@ a.j2:1 -->\n<p>ok</p><!--@ b.j2:7 --><p>1 < 2</p>")
    assert (before.source, before.line, before.html_line) == ("b.j2", 7, 2)
    after = error("<!--@ a.j2:1 -->\n<p>1 < 2</p><!--@ b.j2:7 -->")
    assert (after.source, after.line, after.html_line) == ("a.j2", 1, 2)
    element = error("<!--@ a.j2:1 -->\n<p>ok</p><!--@ b.j2:7 --><blink/>")
    assert (element.source, element.line, element.html_line) == ("b.j2", 7, 2)


def test_text_out_of_place_is_reported_at_the_marker_before_it() -> None:
    markup = "<!--@ a.j2:1 -->\n<section>\n<p>x</p>\n<!--@ b.j2:5 -->\n<p>y</p>\nløs</section>"
    failure = error(markup)
    assert (failure.source, failure.line, failure.html_line) == ("b.j2", 5, 6)


def test_an_unclosed_element_is_reported_at_its_own_marker() -> None:
    failure = error("<!--@ a.j2:3 -->\n<section>\n<!--@ b.j2:9 -->\n<p>x</p>")
    assert (failure.source, failure.line, failure.html_line) == ("a.j2", 3, 2)


def test_a_malformed_marker_is_an_error_and_plain_comments_are_ignored() -> None:
    assert parse("<!-- a note -->\n<p>x</p>").blocks == [Paragraph([Text("x")])]
    assert parse("<!-- not CDATA: <![CDATA[ -->\n<p>x</p>").blocks == [Paragraph([Text("x")])]
    assert "file:line" in error("<!--@ report.html.j2 -->").message
    assert "file:line" in error("<p>x<!--@ broken --></p>").message


def test_markup_error_survives_pickling_for_worker_processes() -> None:
    failure = error(MARKED)
    copy = pickle.loads(pickle.dumps(failure))
    assert isinstance(copy, MarkupError)
    assert (copy.source, copy.line, copy.html_line, str(copy)) == (
        failure.source,
        failure.line,
        failure.html_line,
        str(failure),
    )
