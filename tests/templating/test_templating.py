"""Case text → markup (paragraphs, bullets, links, escaping), and the template environment:
errors with file and line, the sandbox, and a user's folder overriding file by file."""

from __future__ import annotations

import pickle
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from forankring_docs.case.validation import load_case
from forankring_docs.document.markup import parse_markup
from forankring_docs.document.model import LineBreak, Link, ListBlock, Paragraph, plain_text
from forankring_docs.pipeline import Renderer
from forankring_docs.templating.filters import cell, inline, keep_year, lines, paragraphs
from forankring_docs.templating.folder import (
    MarkerExtension,
    TemplateError,
    TemplateFolder,
    builtin_template_dir,
    compiled_template,
    load_labels,
)
from tests.conftest import EXAMPLES

REPO = Path(__file__).resolve().parents[2]
SOLHOEJ = EXAMPLES / "solhoej.yaml"
needs_solhoej = pytest.mark.skipif(SOLHOEJ is None, reason="the solhoej example case is missing")


def blocks_of(markup: str) -> list[Any]:
    return parse_markup(str(markup)).blocks


def texts(markup: str) -> list[str]:
    """The text of each paragraph or list item of some block markup."""
    out = []
    for block in blocks_of(markup):
        if isinstance(block, Paragraph):
            out.append(plain_text(block.inlines))
        elif isinstance(block, ListBlock):
            out += ["- " + plain_text(item[0].inlines) for item in block.items]
    return out


# ================================================================ text formatting
def test_blank_line_is_a_paragraph_and_a_line_break_a_space() -> None:
    assert texts(paragraphs("Første linje\nfortsætter her.\n\nAndet afsnit.")) == [
        "Første linje fortsætter her.",
        "Andet afsnit.",
    ]


def test_bullets_also_straight_after_text() -> None:
    text = (
        "Vi vil:\n- sikre driften\n- fastholde de frivillige,\n  som er vigtige\n"
        "Det kræver en plan."
    )
    assert texts(paragraphs(text)) == [
        "Vi vil:",
        "- sikre driften",
        "- fastholde de frivillige, som er vigtige",
        "Det kræver en plan.",
    ]


def test_tabs_are_spaces_and_empty_text_is_nothing() -> None:
    assert texts(paragraphs("a\tb")) == ["a b"]
    assert str(paragraphs(None)) == "" and str(paragraphs("  \n\n ")) == ""
    assert str(inline(None)) == ""


def test_paragraph_class() -> None:
    (block,) = blocks_of(paragraphs("Tekst", "lead"))
    assert isinstance(block, Paragraph) and block.style == "lead"


def test_links() -> None:
    text = (
        "Skriv til meho@egebo.example eller se https://egebo.example/solhøj?a=1&b=2. "
        "Og www.egeby.dk (kommunen)."
    )
    (block,) = blocks_of(paragraphs(text))
    assert isinstance(block, Paragraph)
    links = [(item.text, item.href) for item in block.inlines if isinstance(item, Link)]
    assert links == [
        ("meho@egebo.example", "mailto:meho@egebo.example"),
        ("https://egebo.example/solhøj?a=1&b=2", "https://egebo.example/solhøj?a=1&b=2"),
        ("www.egeby.dk", "https://www.egeby.dk"),
    ]
    assert plain_text(block.inlines) == text


@pytest.mark.parametrize(
    "text",
    [
        "<b>x</b> & {{ y }}",
        "&amp; &lt;td&gt; </td>",
        "{% if %}",
        "a < b > c \"d\" 'e'",
        "<!--@ x:1 -->",
    ],
)
def test_markup_like_text_stays_verbatim(text: str) -> None:
    assert texts(paragraphs(text)) == [text]
    assert texts(f"<p>{inline(text)}</p>") == [text]


def test_inline_puts_paragraphs_and_items_on_lines() -> None:
    cell_text = "Et.\n\nTo:\n- a\n- b"
    markup = f"<p>{inline(cell_text)}</p>"
    (block,) = blocks_of(markup)
    assert plain_text(block.inlines) == "Et.\nTo:\n• a\n• b"  # type: ignore[union-attr]
    assert str(lines(["a & b", "c"])) == "a &amp; b<br/>c"


def cell_blocks(markup: str) -> list[Any]:
    (table,) = blocks_of(f"<table><tr><td>{markup}</td></tr></table>")
    return table.rows[0].cells[0].blocks  # type: ignore[no-any-return]


def test_cell_keeps_paragraphs_and_bullet_lists() -> None:
    blocks = cell_blocks(cell("Et.\n\nTo:\n- a\n- b\n\nTre."))
    assert [type(b).__name__ for b in blocks] == [
        "Paragraph",
        "Paragraph",
        "ListBlock",
        "Paragraph",
    ]
    assert texts_of(blocks) == ["Et.", "To:", "a", "b", "Tre."]
    assert "•" not in "".join(texts_of(blocks))
    assert not any(
        isinstance(i, LineBreak) for b in blocks if isinstance(b, Paragraph) for i in b.inlines
    )
    # One paragraph stays inline markup (the common case): one paragraph of the cell style.
    assert str(cell("Kun én linje & mere")) == "Kun én linje &amp; mere"
    assert str(cell("To linjer\nbliver én")) == "To linjer bliver én"
    assert str(cell(None)) == "" and str(cell("")) == ""


def test_lines_keep_the_bullets_of_a_text_with_bullets() -> None:
    blocks = cell_blocks(lines(["45 deltagere", "Skolen siger:\n- færre fravær\n- mere ro"]))
    assert texts_of(blocks) == ["45 deltagere", "Skolen siger:", "færre fravær", "mere ro"]
    assert isinstance(blocks[-1], ListBlock)


def test_paragraphs_with_a_lead() -> None:
    lead = Markup("<em>Udviklingsbehov:</em> ")
    assert texts(paragraphs("Kursus.\n\nOg mere.", lead=lead)) == [
        "Udviklingsbehov: Kursus.",
        "Og mere.",
    ]
    assert texts(paragraphs("- a\n- b", lead=lead)) == ["Udviklingsbehov:", "- a", "- b"]
    assert texts(paragraphs("x", lead="<b>")) == ["<b>x"]  # a plain string is escaped


# Text a case file may hold: no control characters but tab and newline (validation refuses
# the others), no lone surrogates.
case_text = st.lists(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
    | st.sampled_from(
        ["\n", "\n\n", "\t", "- ", "<", "&", "@", "www.", "https://", " ", "a@b.dk", ".dk"]
    ),
    max_size=80,
).map("".join)


def expected_words(text: str) -> list[str]:
    words = []
    for line in text.replace("\t", " ").split("\n"):
        stripped = line.strip()
        if stripped.startswith("- "):
            stripped = stripped[2:]
        words += stripped.split()
    return words


def markup_words(blocks: list[Any]) -> list[str]:
    words = []
    for text in texts_of(blocks):
        words += text.split()
    return words


def texts_of(blocks: list[Any]) -> list[str]:
    out = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(plain_text(block.inlines))
        elif isinstance(block, ListBlock):
            out += [plain_text(p.inlines) for item in block.items for p in item]
    return out


@settings(max_examples=300, deadline=None)
@given(case_text)
@example("-\t0")  # a tab after the dash: a bullet in a paragraph and in a cell alike
def test_any_case_text_gives_valid_markup_with_the_same_words(text: str) -> None:
    blocks = blocks_of(paragraphs(text))
    assert markup_words(blocks) == expected_words(text)
    in_a_cell = blocks_of(f"<table><tr><td>{inline(text)}</td></tr></table>")
    assert len(in_a_cell) == 1
    assert markup_words(cell_blocks(cell(text))) == expected_words(text)


@settings(max_examples=100, deadline=None)
@given(st.from_regex(r"[a-z][a-z0-9._-]{0,10}@[a-z0-9-]{1,10}\.(dk|com|example)", fullmatch=True))
def test_every_email_address_is_a_mailto_link(address: str) -> None:
    (block,) = blocks_of(paragraphs(f"Kontakt: {address}."))
    links = [item for item in block.inlines if isinstance(item, Link)]  # type: ignore[union-attr]
    assert [(link.text, link.href) for link in links] == [(address, f"mailto:{address}")]


# ================================================================ the template folder
def write(folder: Path, name: str, text: str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def renderer_for(folder: Path) -> Renderer:
    return Renderer(folder)  # a fresh one: each test's folder is new


@pytest.fixture(scope="module")
def solhoej_case():  # type: ignore[no-untyped-def]
    if SOLHOEJ is None:
        pytest.skip("the solhoej example case is missing")
    return load_case(SOLHOEJ).case


def test_builtin_folder_has_the_template_files() -> None:
    folder = builtin_template_dir()
    for name in ("report.html.j2", "styles.docx", "labels/da.yaml", "labels/en.yaml"):
        assert (folder / name).is_file(), name
    assert list((folder / "partials").glob("*.j2"))


def test_compiled_once_per_folder(tmp_path: Path) -> None:
    assert compiled_template(TemplateFolder.of(None)) is compiled_template(TemplateFolder.of(None))
    assert Renderer.for_template(None) is Renderer.for_template(None)
    assert Renderer.for_template(builtin_template_dir()) is Renderer.for_template(
        builtin_template_dir()
    )


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, "report.html.j2", "<html>\n<body>\n{% if %}\n</body></html>\n")
    with pytest.raises(TemplateError) as caught:
        renderer_for(tmp_path)
    assert caught.value.file == str(tmp_path / "report.html.j2") and caught.value.line == 3
    assert str(caught.value).startswith(f"{tmp_path / 'report.html.j2'}:3: error: ")


def test_syntax_error_in_a_partial(tmp_path: Path) -> None:
    write(tmp_path, "partials/why.html.j2", "<h1>x</h1>\n{{ view.why | }}\n")
    with pytest.raises(TemplateError) as caught:
        renderer_for(tmp_path)
    assert caught.value.file.endswith("partials/why.html.j2") and caught.value.line == 2


@needs_solhoej
def test_undefined_name_names_file_and_line(tmp_path: Path, solhoej_case) -> None:  # type: ignore[no-untyped-def]
    write(
        tmp_path, "partials/why.html.j2", "<h1>{{ L.headings.why }}</h1>\n<p>{{ view.nope }}</p>\n"
    )
    with pytest.raises(TemplateError) as caught:
        renderer_for(tmp_path).render(solhoej_case, findings=())
    assert caught.value.file.endswith("partials/why.html.j2") and caught.value.line == 2
    assert "nope" in caught.value.message


@needs_solhoej
@pytest.mark.parametrize(
    "expression",
    [
        "''.__class__.__mro__",
        "cycler.__init__.__globals__",
        "view.__class__.__init__.__globals__",
        "L._items",
        "view.cover.__reduce_ex__(2)",
    ],
)
def test_sandbox_keeps_python_internals_out_of_reach(
    tmp_path: Path,
    solhoej_case,  # type: ignore[no-untyped-def]
    expression: str,
) -> None:
    write(tmp_path, "partials/why.html.j2", f"<h1>x</h1>\n\n<p>{{{{ {expression} }}}}</p>\n")
    with pytest.raises(TemplateError) as caught:
        renderer_for(tmp_path).render(solhoej_case, findings=())
    assert caught.value.file.endswith("partials/why.html.j2") and caught.value.line == 3


@needs_solhoej
def test_markup_error_names_the_template_line(tmp_path: Path, solhoej_case) -> None:  # type: ignore[no-untyped-def]
    write(
        tmp_path,
        "partials/why.html.j2",
        "<h1>{{ L.headings.why }}</h1>\n{{ view.why|paragraphs }}\n<p>Fed: <b>x</b></p>\n",
    )
    with pytest.raises(TemplateError) as caught:
        renderer_for(tmp_path).render(solhoej_case, findings=())
    error = caught.value
    assert error.file.endswith("partials/why.html.j2") and error.line == 3
    assert "<b>" in error.message


@needs_solhoej
def test_a_markup_error_is_still_said_when_locating_it_goes_wrong(
    tmp_path: Path,
    solhoej_case,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reports are made without markers; the markup of one with an error is made again
    with them. Should that fail (it never should), the error is said as it was found: a
    TemplateError, never a traceback."""
    from forankring_docs.templating.folder import CompiledTemplate

    def broken(self: CompiledTemplate) -> CompiledTemplate:
        raise RuntimeError("the marked compile failed")

    monkeypatch.setattr(CompiledTemplate, "marked", broken)
    write(tmp_path, "partials/why.html.j2", "<p>Fed: <b>x</b></p>\n")
    with pytest.raises(TemplateError) as caught:
        renderer_for(tmp_path).render(solhoej_case, findings=())
    assert "<b>" in caught.value.message and "generated markup" in caught.value.message


@needs_solhoej
def test_missing_include_is_a_template_error(tmp_path: Path, solhoej_case) -> None:  # type: ignore[no-untyped-def]
    source = (builtin_template_dir() / "report.html.j2").read_text(encoding="utf-8")
    write(tmp_path, "report.html.j2", source.replace("partials/why.html.j2", "partials/nope.j2"))
    with pytest.raises(TemplateError) as caught:
        renderer_for(tmp_path).render(solhoej_case, findings=())
    assert "partials/nope.j2" in caught.value.message and caught.value.line


@needs_solhoej
def test_user_labels_override_only_what_they_name(tmp_path: Path, solhoej_case) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, "labels/da.yaml", 'headings:\n  why: "2. Derfor skal vi forankre"\n')
    html = renderer_for(tmp_path).render(solhoej_case, formats=("html",), findings=())["html"]
    text = html.decode()
    assert "2. Derfor skal vi forankre" in text and "Hvorfor skal indsatsen forankres?" not in text
    assert "Hvad skal forankres?" in text  # the rest from the built-in labels


@needs_solhoej
def test_user_partial_overrides_only_that_partial(tmp_path: Path, solhoej_case) -> None:  # type: ignore[no-untyped-def]
    write(
        tmp_path, "partials/why.html.j2", "<h1>Vores begrundelse</h1>\n{{ view.why|paragraphs }}\n"
    )
    renderer = renderer_for(tmp_path)
    assert renderer.styles_path == builtin_template_dir() / "styles.docx"
    text = renderer.render(solhoej_case, formats=("html",), findings=())["html"].decode()
    assert "Vores begrundelse" in text and "Resumé" in text


def test_bad_labels_yaml_names_the_line(tmp_path: Path) -> None:
    write(tmp_path, "labels/da.yaml", "headings:\n  why: [unclosed\n")
    with pytest.raises(TemplateError) as caught:
        load_labels(TemplateFolder.of(tmp_path), "da")
    assert caught.value.file.endswith("labels/da.yaml") and caught.value.line


def test_the_fast_loader_reads_the_builtin_labels_as_ruamel_does() -> None:
    from ruamel.yaml import YAML

    from forankring_docs.templating.folder import _read_labels

    def text_keys(data: object) -> object:
        if isinstance(data, dict):
            return {str(key): text_keys(value) for key, value in data.items()}
        if isinstance(data, list):
            return [text_keys(item) for item in data]
        return data

    files = sorted((builtin_template_dir() / "labels").glob("*.yaml"))
    assert files
    for path in files:
        pure = text_keys(YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")))
        fast = _read_labels(path, path.name).data
        # the same keys (as text), order, values and types
        assert repr(fast) == repr(pure), path.name


def test_unknown_language_and_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="available: da, en"):
        load_labels(TemplateFolder.of(None), "de")
    with pytest.raises(TemplateError, match="does not exist"):
        TemplateFolder.of(tmp_path / "nowhere")


def test_template_error_pickles() -> None:
    error = TemplateError("partials/plan.html.j2", 7, "unknown element <b>")
    again = pickle.loads(pickle.dumps(error))
    assert (again.file, again.line, again.message, str(again)) == (
        error.file,
        error.line,
        error.message,
        "partials/plan.html.j2:7: error: unknown element <b> [T101]",
    )


def test_markers_go_before_block_tags_on_the_same_line() -> None:
    source = "<h1>x</h1>\n  <p>a</p>\n<td>b</td>\n{% if x %}<p>y</p>{% endif %}\n"
    marked = MarkerExtension.preprocess(None, source, "t.j2")  # type: ignore[arg-type]
    assert marked.count("\n") == source.count("\n")
    assert re.findall(r"<!--@ (\S+) -->", marked) == ["t.j2:1", "t.j2:2"]


@pytest.mark.parametrize(
    ("title", "kept"),
    [
        ("Strategi for Helhedsplan Nordparken 2022–2026", "Nordparken\u00a02022\u2060–\u20602026"),
        ("Helhedsplan Solhøj 2023", "Solhøj\u00a02023"),
        ("Plan 2022 - 26", "Plan\u00a02022\u2060-\u206026"),
        ("Helhedsplan Nordparken", "Helhedsplan Nordparken"),
        ("Afdeling 12", "Afdeling 12"),
    ],
)  # fmt: skip
def test_a_trailing_year_keeps_with_the_word_before_it(title: str, kept: str) -> None:
    assert keep_year(title).endswith(kept)
    assert keep_year(None) == ""
