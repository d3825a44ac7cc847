"""The HTML preview writer: standalone, escaped, and showing what the Word report shows."""

from __future__ import annotations

import base64
import html
import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import Environment

from forankring_docs.document.markup import parse_markup
from forankring_docs.document.model import (
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
    Properties,
    Row,
    Section,
    Table,
    TableOfContents,
    Text,
    plain_text,
)
from forankring_docs.writers.html import write_html

LOGO_BYTES = b"\x89PNG\r\n\x1a\n-logo-"

# Text that Word can hold: no C0 controls but tab and newline, no DEL, no C1 controls,
# no U+FFFE/U+FFFF, no surrogates (the utf-8 codec leaves those out).
_NOT_IN_WORD = [chr(c) for c in range(0x20) if chr(c) not in "\t\n"]
_NOT_IN_WORD += [chr(c) for c in range(0x7F, 0xA0)] + ["\ufffe", "\uffff"]
WORD_TEXT = st.text(st.characters(codec="utf-8", exclude_characters=_NOT_IN_WORD), max_size=80)


class _Reader(HTMLParser):
    """Reads a preview back: the text of each <p> (``<br>`` as a newline), tags and attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "p":
            self._depth += 1
            self.paragraphs.append("")
        elif tag == "br" and self._depth:
            self.paragraphs[-1] += "\n"

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.paragraphs[-1] += data


def read(page: str) -> _Reader:
    reader = _Reader()
    reader.feed(page)
    reader.close()
    return reader


def tags_named(page: str, name: str) -> list[dict[str, str | None]]:
    return [attrs for tag, attrs in read(page).tags if tag == name]


def write(*blocks: object, **properties: object) -> str:
    return write_html(Document(list(blocks), Properties(**properties)))  # type: ignore[arg-type]


# ---------------------------------------------------------------- the page


def test_preview_is_one_standalone_file_in_the_document_language() -> None:
    page = write(Paragraph([Text("Hej")]), language="en-GB", title="Strategi")
    assert page.startswith("<!DOCTYPE html>")
    assert tags_named(page, "html") == [{"lang": "en-GB"}]
    assert "<title>Strategi</title>" in page
    assert "<style>" in page and "<script" not in page and "<link" not in page
    assert not re.search(r"""(src|href)="(?!data:|#)""", page)  # nothing to fetch


def test_logo_is_embedded_as_a_data_uri_in_the_running_header() -> None:
    logo = Image(LOGO_BYTES, "logo.png", 2.5)
    page = write(Paragraph([Text("x")]), header=[Text("Solhøj")], header_logo=logo)
    [img] = tags_named(page, "img")
    assert img["src"] == "data:image/png;base64," + base64.b64encode(LOGO_BYTES).decode()
    assert img["style"] == "width:2.50cm"
    assert re.search(r'<header class="running-header"><img [^>]*><span class="text">Solhøj', page)


def test_header_frames_every_sheet_and_a_footer_counting_pages_is_left_out() -> None:
    """A web page has no pages: "Side 2 af 3" on a sheet would be made up (a print makes
    pages of its own). A footer that counts no pages is kept."""
    blocks = (
        Cover([Paragraph([Text("Forside")], style="title")]),
        Paragraph([Text("Resumé")]),
        PageBreak(),
        Paragraph([Text("Plan")]),
    )
    header = [Text("Solhøj · Forankringsstrategi")]
    footer = [Text("Side "), Field("PAGE"), Text(" af "), Field("NUMPAGES")]
    page = write(*blocks, header=header, footer=footer)
    assert page.count("Solhøj · Forankringsstrategi") == 3
    assert "<footer" not in page and 'title="PAGE"' not in page and "Side " not in page
    page = write(*blocks, header=header, footer=[Text("Fortroligt")])
    assert page.count('<footer class="running-footer"><span class="text">Fortroligt') == 3
    second_sheet = page.split('<div class="sheet portrait">')[1]
    top, text, bottom = (second_sheet.index(mark) for mark in ("<header", "Resumé", "<footer"))
    assert top < text < bottom


def test_printing_gives_a4_pages_each_top_level_section_on_a_new_one() -> None:
    page = write(Paragraph([Text("x")]))
    assert "@page{size:A4;" in page and "@page landscape{size:A4 landscape}" in page
    print_css = page[page.index("@media print") :]
    assert "h1{break-before:page}" in print_css and ".sheet.landscape{page:landscape}" in print_css


def test_cover_and_landscape_section_are_sheets_of_their_own() -> None:
    page = write(
        Cover([Paragraph([Text("Titel")], style="title")]),
        Paragraph([Text("Portrait text")]),
        Section([Paragraph([Text("Wide table")])], "landscape"),
    )
    sheets = [
        attrs["class"]
        for attrs in tags_named(page, "div")
        if "sheet" in (attrs["class"] or "").split()
    ]
    assert sheets == ["sheet portrait cover", "sheet portrait", "sheet landscape"]
    assert ".sheet.landscape{width:29.7cm" in page and ".sheet{" in page
    assert page.index("Wide table") > page.index('class="sheet landscape"')


# ---------------------------------------------------------------- blocks


def test_headings_are_anchored_and_the_toc_links_to_them() -> None:
    first = Heading(1, [Text("Resumé")], bookmark="_Toc_001")
    second = Heading(2, [Text("Nøgletal & tal")], bookmark="_Toc_002")
    toc = TableOfContents("Indholdsfortegnelse", entries=[first, second])
    page = write(toc, first, second)
    assert '<h1 id="_Toc_001">Resumé</h1>' in page
    assert '<h2 id="_Toc_002">Nøgletal &amp; tal</h2>' in page
    assert '<a href="#_Toc_001">Resumé</a>' in page
    assert '<li class="level-2"><a href="#_Toc_002">Nøgletal &amp; tal</a></li>' in page
    assert "Indholdsfortegnelse" in page


def test_headings_without_bookmarks_still_get_working_links() -> None:
    heading = Heading(1, [Text("Plan")])
    page = write(TableOfContents(entries=[heading]), heading)
    assert '<h1 id="heading-1">Plan</h1>' in page and 'href="#heading-1"' in page


def test_paragraph_styles_alignment_and_lists() -> None:
    page = write(
        Paragraph([Text("UDKAST")], style="draft", align="center"),
        Paragraph([Text("x")], style='bad" onclick="x'),
        ListBlock([[Paragraph([Text("a")])], [Paragraph([Text("b")])]], ordered=True),
    )
    assert '<p class="p-draft" style="text-align:center">UDKAST</p>' in page
    assert "onclick" not in page
    assert "<ol>\n<li><p>a</p></li>\n<li><p>b</p></li>\n</ol>" in page


def test_tables_show_widths_header_rows_group_rows_and_shading() -> None:
    table = Table(
        rows=[
            Row(
                [Cell([Paragraph([Text("Aktør")])], header=True), Cell([], header=True)],
                header=True,
            ),
            Row([Cell([Paragraph([Text("Kommunen")])], colspan=2)], group=True),
            Row([Cell([Paragraph([Text("2")])], shade="F4C7C3", align="center"), Cell([])]),
        ],
        widths=[3, 1],
        style="heat",
    )
    page = write(table)
    assert '<table class="t-heat">' in page
    assert '<col style="width:75.00%"><col style="width:25.00%">' in page
    assert "<thead>\n<tr><th><p>Aktør</p></th><th></th></tr>\n</thead>" in page
    assert '<tr class="group"><td colspan="2"><p>Kommunen</p></td></tr>' in page
    assert '<td style="background-color:#F4C7C3;text-align:center"><p>2</p></td>' in page


def test_block_image_is_embedded() -> None:
    page = write(Image(LOGO_BYTES, "logo.png", 4.0, "center"))
    assert '<div class="image" style="text-align:center"><img class="picture"' in page
    assert base64.b64encode(LOGO_BYTES).decode() in page


# ---------------------------------------------------------------- inlines and text


def test_formatting_links_and_late_colour() -> None:
    page = write(
        Paragraph(
            [
                Text("fed", bold=True),
                Text("kursiv", italic=True),
                LineBreak(),
                Text("forsinket", bold=True, color="C00000"),
                Link("www.solhoj.dk", "https://www.solhoj.dk/?a=1&b=2"),
            ]
        )
    )
    assert "<strong>fed</strong><em>kursiv</em><br>" in page
    assert '<span style="color:#C00000"><strong>forsinket</strong></span>' in page
    assert '<a href="https://www.solhoj.dk/?a=1&amp;b=2">www.solhoj.dk</a>' in page


def test_unsafe_links_and_colours_from_a_hand_built_document_are_dropped() -> None:
    page = write(
        Paragraph(
            [
                Link("klik", "javascript:alert(1)"),
                Link("klik", " javascript:alert(1)"),
                Text("x", color='000000" onmouseover="alert(1)'),
            ]
        )
    )
    assert "javascript" not in page and "onmouseover" not in page
    assert read(page).paragraphs == ["klikklikx"]


def test_document_text_never_becomes_markup() -> None:
    nasty = "<script>alert(\"x\")</script> </td> {{ x }} &amp; 'quote'"
    page = write(
        Heading(1, [Text(nasty)]),
        Paragraph([Text(nasty)]),
        title=nasty,
        author=nasty,
        header=[Text(nasty)],
    )
    assert "<script" not in page and "</td>" not in page
    assert read(page).paragraphs == [nasty]
    assert html.escape(nasty) in page


@settings(max_examples=200, deadline=None, derandomize=True)
@given(WORD_TEXT)
def test_any_text_reads_back_the_same(text: str) -> None:
    page = write(Paragraph([Text(text)]))
    assert read(page).paragraphs == [text]


# ---------------------------------------------------------------- parse, then write


def render(case_text: str) -> str:
    """Case text through an autoescaped template, the parser and the writer."""
    template = Environment(autoescape=True).from_string("<body>\n<p>{{ text }}</p>\n</body>")
    return write_html(parse_markup(template.render(text=case_text)))


def test_verbatim_case_text_survives_template_parser_and_writer() -> None:
    for case_text in ["<b>fed</b>", "</td>", "{{ x }}", "&amp;", "A & B <i>"]:
        page = render(case_text)
        assert read(page).paragraphs == [case_text]
        assert f"<p>{html.escape(case_text)}</p>" in page


@settings(max_examples=200, deadline=None, derandomize=True)
@given(WORD_TEXT)
def test_any_case_text_comes_out_of_the_preview_with_whitespace_collapsed(text: str) -> None:
    document = parse_markup(f"<p>{html.escape(text)}</p>")
    [paragraph] = document.blocks
    assert isinstance(paragraph, Paragraph)
    expected = re.sub(r"[ \t\n\r\f]+", " ", text).strip(" ")
    assert plain_text(paragraph.inlines) == expected
    assert read(write_html(document)).paragraphs == [expected]
