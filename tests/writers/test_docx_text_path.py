"""The writer's two ways of writing a body paragraph give the same document.

For speed, paragraphs, headings, list items and table-of-contents entries of plain text runs
are written as XML text put together from templates; anything else (links, fields, tabs)
is built as elements. A paragraph written as text that ends a section is rebuilt as
elements, since the section break goes into it. These tests write the same documents both
ways and compare ``word/document.xml`` byte for byte, so the text path can never drift from
what the element path (python-docx and lxml) writes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forankring_docs.analysis.checked import load_and_check
from forankring_docs.document.model import (
    Document,
    Field,
    Heading,
    LineBreak,
    Link,
    ListBlock,
    PageBreak,
    Paragraph,
    Properties,
    Section,
    TableOfContents,
    Text,
)
from forankring_docs.pipeline import Renderer
from forankring_docs.writers.docx.writer import _Build

CASES = Path(__file__).resolve().parents[2] / "cases"


@contextmanager
def elements_only() -> Iterator[None]:
    """Every paragraph through the element path, as before the text path existed."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_Build, "_text_paragraph", lambda self, *a, **k: False)
        patch.setattr(_Build, "_toc_entry_text", lambda self, *a, **k: False)
        patch.setattr(_Build, "_toc_title_text", lambda self, *a, **k: False)
        yield


def document_xml(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


def both_ways(document: Document, outline: list[tuple[str, int]] | None = None) -> None:
    writer = Renderer.for_template(None).writer
    fast = writer.write(document, None, outline or ())
    with elements_only():
        slow = writer.write(document, None, outline or ())
    assert document_xml(fast) == document_xml(slow)
    assert fast == slow  # and so the whole package


# ------------------------------------------------------------------ documents by hand
def test_a_paragraph_that_ends_a_section_carries_the_section_break() -> None:
    document = Document(
        [
            Heading(1, [Text("Portrait")]),
            Paragraph([Text("the last paragraph of the portrait section")]),
            Section([Paragraph([Text("landscape")])]),
            Paragraph([Text("portrait again")]),
        ]
    )
    both_ways(document)


def test_a_table_of_contents_that_ends_a_section_carries_the_section_break() -> None:
    headings = [Heading(1, [Text("Første")]), Heading(2, [Text("  Anden  ")])]
    document = Document([TableOfContents("Indhold"), Section([*headings, Paragraph([Text("x")])])])
    both_ways(document, outline=[("Første", 2), ("Anden", 3)])


def test_page_numbers_in_the_contents_are_written_alike() -> None:
    headings = [
        Heading(level, [Text(f"Afsnit {i} & <{i}>")]) for i, level in enumerate([1, 2, 2, 1])
    ]
    document = Document([TableOfContents("Indhold", levels=2), PageBreak(), *headings])
    both_ways(document, outline=[(f"Afsnit {i} & <{i}>", i + 2) for i in range(4)])


# ------------------------------------------------------------------ any document
TEXTS = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff")
    | st.sampled_from([" ", "\n", "\t", "&", "<", ">", '"']),
    max_size=12,
)
INLINES = st.lists(
    st.one_of(
        st.builds(
            Text,
            TEXTS,
            st.booleans(),
            st.booleans(),
            st.sampled_from([None, "C00000", "#1F4E79"]),
        ),
        st.just(LineBreak()),
        st.builds(Link, TEXTS, st.sampled_from(["https://cfbu.dk", "mailto:a@b.dk"])),
        st.builds(Field, st.just("PAGE")),
    ),
    max_size=4,
)
PARAGRAPHS = st.builds(
    Paragraph,
    INLINES,
    st.sampled_from([None, "lead", "note"]),
    st.sampled_from([None, "left", "center", "right"]),
    st.booleans(),
)
BLOCKS = st.one_of(
    PARAGRAPHS,
    st.builds(Heading, st.integers(1, 3), INLINES),
    st.builds(ListBlock, st.lists(st.lists(PARAGRAPHS, max_size=2), max_size=3), st.booleans()),
    st.just(PageBreak()),
)
DOCUMENTS = st.builds(
    lambda before, toc, landscape, after, title: Document(
        [
            *([TableOfContents(title)] if toc else []),
            *before,
            *([Section(landscape)] if landscape else []),
            *after,
        ],
        Properties(header=[Text("Område")], footer=[Field("PAGE")]),
    ),
    st.lists(BLOCKS, max_size=6),
    st.booleans(),
    st.lists(BLOCKS, max_size=4),
    st.lists(BLOCKS, max_size=4),
    TEXTS,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=DOCUMENTS, numbered=st.booleans())
def test_any_document_is_written_alike_both_ways(document: Document, numbered: bool) -> None:
    titles = [h.text for h in _headings(document.blocks)]
    both_ways(document, [(t, i + 1) for i, t in enumerate(titles)] if numbered else None)


def _headings(blocks: list) -> Iterator[Heading]:
    for block in blocks:
        if isinstance(block, Heading):
            yield block
        elif isinstance(block, Section):
            yield from _headings(block.blocks)


# ------------------------------------------------------------------ the reports
@pytest.mark.parametrize("name", ["nordparken.yaml", "havebyen-udkast.yaml"])
@pytest.mark.parametrize("language", ["da", "en"])
def test_the_example_reports_are_written_alike_both_ways(name: str, language: str) -> None:
    checked = load_and_check(CASES / name)
    assert checked.valid is not None
    renderer = Renderer.for_template(None)
    view = renderer.view(checked.valid.case, language=language, findings=checked.findings)
    document = renderer.document(view)
    titles = [h.text for h in _headings(document.blocks)]
    both_ways(document)
    both_ways(document, [(t, 3 + i // 3) for i, t in enumerate(titles)])
