"""A template folder of the user's own: `template init`, file-by-file overrides (styles.docx,
logo, labels, partials), broken templates reported as errors with file and line, and dates
written the way each language writes them."""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result
from lxml import etree

from forankring_docs.case.validation import ValidCase, load_case
from forankring_docs.cli import main
from forankring_docs.pipeline import Renderer
from forankring_docs.templating.folder import TemplateError, builtin_template_dir
from forankring_docs.templating.init import README_NAME, init_template, template_files
from forankring_docs.templating.logo import read_logo
from tests.conftest import CASES, REPO

NORDPARKEN = CASES / "nordparken.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP_EXTENT = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"
EMU_PER_CM = 360000
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


# ------------------------------------------------------------------ helpers
def png(width: int, height: int, rgb: bytes = b"\x1f\x38\x64") -> bytes:
    """A small, valid PNG, written by hand (no imaging library)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + rgb * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def nordparken() -> ValidCase:
    return load_case(NORDPARKEN)


def render(folder: Path | None, case: ValidCase, **options: object) -> dict[str, bytes]:
    return Renderer(folder).render(case, formats=("docx", "html"), **options)  # type: ignore[arg-type]


def reopen(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def parts(data: bytes, pattern: str) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [archive.read(n) for n in archive.namelist() if re.fullmatch(pattern, n)]


def body_text(document: docx.document.Document) -> str:
    return " ".join(t.text or "" for t in document.element.body.iter(f"{W}t"))


def headings(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == "Heading 1"]


def picture_widths_cm(xml: bytes) -> list[float]:
    root = etree.fromstring(xml)
    return [round(int(e.get("cx")) / EMU_PER_CM, 2) for e in root.iter(WP_EXTENT)]


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def render_cli(folder: Path, out: Path, *cases: Path) -> Result:
    return cli(
        "render",
        *map(str, cases or (NORDPARKEN,)),
        "-o",
        str(out),
        "-j",
        "1",
        "--template",
        str(folder),
    )


def assert_clean_failure(result: Result, code: int = 1) -> None:
    """Exit 1 (2: a usage error) with a message, never a traceback."""
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def styles_copy(folder: Path) -> docx.document.Document:
    folder.mkdir(parents=True, exist_ok=True)
    return docx.Document(str(builtin_template_dir() / "styles.docx"))


# ------------------------------------------------------------------ template init
def test_init_copies_the_template_and_a_danish_readme(tmp_path: Path) -> None:
    target = tmp_path / "mit-layout"
    result = cli("template", "init", str(target))
    assert result.exit_code == 0, result.output
    builtin = builtin_template_dir()
    expected = template_files(builtin)
    names = {p.as_posix() for p in expected}
    assert {
        "report.html.j2",
        "styles.docx",
        "labels/da.yaml",
        "labels/en.yaml",
        "partials/cover.html.j2",
    } <= names
    for relative in expected:
        assert (target / relative).read_bytes() == (builtin / relative).read_bytes()
    readme = (target / README_NAME).read_text(encoding="utf-8")
    assert "styles.docx" in readme and "logo.png" in readme and "labels/da.yaml" in readme
    assert "kan slettes" in readme and "indbyggede skabelon" in readme
    copied = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()}
    assert copied == names | {README_NAME}


def test_the_copy_renders_exactly_like_the_builtin(tmp_path: Path, nordparken: ValidCase) -> None:
    init_template(tmp_path / "copy")
    assert render(tmp_path / "copy", nordparken) == render(None, nordparken)


def test_init_into_an_existing_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert cli("template", "init", str(tmp_path / "empty")).exit_code == 0
    assert (tmp_path / "empty" / "styles.docx").is_file()


def test_init_refuses_to_overwrite_and_changes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "mit-layout"
    (target / "labels").mkdir(parents=True)
    (target / "styles.docx").write_bytes(b"mine")
    (target / "labels" / "da.yaml").write_text("headings: {why: Mit}\n", encoding="utf-8")
    before = sorted(p.relative_to(target) for p in target.rglob("*"))
    result = cli("template", "init", str(target))
    assert_clean_failure(result, code=2)
    assert "styles.docx" in result.stderr and "labels/da.yaml" in result.stderr
    assert "nothing was changed" in result.stderr
    assert sorted(p.relative_to(target) for p in target.rglob("*")) == before
    assert (target / "styles.docx").read_bytes() == b"mine"


def test_init_twice_refuses_the_second_time(tmp_path: Path) -> None:
    assert cli("template", "init", str(tmp_path / "t")).exit_code == 0
    assert_clean_failure(cli("template", "init", str(tmp_path / "t")), code=2)


# ------------------------------------------------------------------ overrides, one file each
def test_only_styles_docx_with_another_font_and_margin(
    tmp_path: Path, nordparken: ValidCase
) -> None:
    folder = tmp_path / "look"
    styles = styles_copy(folder)
    styles.styles["Normal"].font.name = "Georgia"
    styles.styles["Heading 1"].font.name = "Georgia"
    styles.sections[0].left_margin = docx.shared.Cm(3.5)
    styles.save(str(folder / "styles.docx"))

    report = reopen(render(folder, nordparken)["docx"])
    assert report.styles["Normal"].font.name == "Georgia"
    assert report.styles["Heading 1"].font.name == "Georgia"
    assert all(abs(s.left_margin.cm - 3.5) < 0.01 for s in report.sections)
    # The writer formats through styles only: no run or paragraph carries its own font.
    body = report.element.body
    assert not list(body.iter(f"{W}rFonts")) and not list(body.iter(f"{W}sz"))
    assert headings(report) == headings(reopen(render(None, nordparken)["docx"]))


def test_only_logo_png_goes_on_the_cover_and_in_the_header(
    tmp_path: Path, nordparken: ValidCase
) -> None:
    (tmp_path / "logo.png").write_bytes(png(40, 10))  # wide: 4 : 1
    out = render(tmp_path, nordparken)
    report = reopen(out["docx"])
    header = report.sections[-1].header
    assert header.part.element.xpath(".//pic:pic")
    assert picture_widths_cm(header.part.blob) == [2.5]
    cover_picture = report.paragraphs[0]._p.xpath(".//pic:pic")
    assert cover_picture, "the logo is the first thing on the cover"
    assert picture_widths_cm(etree.tostring(report.paragraphs[0]._p)) == [5.0]
    assert len(parts(out["docx"], r"word/media/.*")) >= 1
    html = out["html"].decode()
    assert html.count("data:image/png;base64,") >= 2
    assert 'class="picture"' in html and 'class="logo"' in html


def test_a_square_logo_is_fitted_by_its_height(tmp_path: Path, nordparken: ValidCase) -> None:
    (tmp_path / "logo.jpg").write_bytes(png(20, 20))  # named .jpg, but a PNG: still read
    report = reopen(render(tmp_path, nordparken)["docx"])
    assert picture_widths_cm(report.sections[-1].header.part.blob) == [1.0]
    assert picture_widths_cm(etree.tostring(report.paragraphs[0]._p)) == [3.0]


def test_without_a_logo_there_is_no_picture(nordparken: ValidCase) -> None:
    out = render(None, nordparken)
    assert not parts(out["docx"], r"word/media/.*")
    assert "data:image" not in out["html"].decode()


def test_the_cover_has_no_header_but_every_other_section_does(
    tmp_path: Path, nordparken: ValidCase
) -> None:
    (tmp_path / "logo.png").write_bytes(png(40, 10))
    report = reopen(render(tmp_path, nordparken)["docx"])
    assert len(report.sections) > 1  # the wide tables are in landscape sections
    title_pages = [s._sectPr.find(f"{W}titlePg") is not None for s in report.sections]
    assert title_pages == [True] + [False] * (len(report.sections) - 1)
    header = report.sections[-1].header.part.element
    assert header.xpath(".//w:ptab[@w:relativeTo='margin' and @w:alignment='right']")


def test_only_labels_with_a_changed_heading(tmp_path: Path, nordparken: ValidCase) -> None:
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "da.yaml").write_text(
        '# vores egen overskrift\nheadings:\n  phase1: "Fase 1 · Derfor skal vi forankre"\n',
        encoding="utf-8",
    )
    changed = headings(reopen(render(tmp_path, nordparken)["docx"]))
    builtin = headings(reopen(render(None, nordparken)["docx"]))
    assert changed[2] == "Fase 1 · Derfor skal vi forankre"
    assert changed[:2] + changed[3:] == builtin[:2] + builtin[3:]
    english = headings(reopen(render(tmp_path, nordparken, language="en")["docx"]))
    assert english[2] == "Phase 1 · Why, what and which tasks"


def test_only_a_partial(tmp_path: Path, nordparken: ValidCase) -> None:
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "why.html.j2").write_text(
        '<h2>{{ L.headings.why }}</h2>\n<p class="lead">Vores egen indledning.</p>\n'
        "{{ view.why|paragraphs }}\n",
        encoding="utf-8",
    )
    report = reopen(render(tmp_path, nordparken)["docx"])
    lead = [p for p in report.paragraphs if p.text == "Vores egen indledning."]
    assert lead and lead[0].style.name == "Forankring Lead"
    assert headings(report) == headings(reopen(render(None, nordparken)["docx"]))


# ------------------------------------------------------------------ broken templates
def test_jinja_syntax_error_in_a_user_partial(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    (folder / "partials").mkdir(parents=True)
    partial = folder / "partials" / "why.html.j2"
    partial.write_text("<h1>{{ L.headings.why }}</h1>\n<p>ok</p>\n{% if %}\n", encoding="utf-8")
    result = render_cli(folder, tmp_path / "out", NORDPARKEN, CASES / "havebyen-udkast.yaml")
    assert_clean_failure(result)
    assert f"{partial}:3: error:" in result.stderr
    assert result.stderr.count(f"{partial}:3") == 1  # once, not once per case
    assert not (tmp_path / "out" / "nordparken.docx").exists()


def test_jinja_syntax_error_in_a_real_process(tmp_path: Path) -> None:
    (tmp_path / "report.html.j2").write_text("<p>{{ view.why </p>\n", encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "forankring_docs",
            "render",
            str(NORDPARKEN),
            "-o",
            str(tmp_path / "out"),
            "--template",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert proc.returncode == 1
    assert f"{tmp_path / 'report.html.j2'}:1: error:" in proc.stderr
    assert "Traceback" not in proc.stderr


def _without_style(folder: Path, name: str) -> Path:
    styles = styles_copy(folder)
    element = styles.styles[name].element
    element.getparent().remove(element)
    styles.save(str(folder / "styles.docx"))
    return folder / "styles.docx"


@pytest.mark.parametrize("style", ["Forankring Note", "Heading 2", "Forankring Table"])
def test_a_missing_style_names_the_style_and_the_file(tmp_path: Path, style: str) -> None:
    path = _without_style(tmp_path / "t", style)
    with pytest.raises(TemplateError) as caught:
        Renderer(tmp_path / "t")
    assert caught.value.file == str(path) and repr(style) in caught.value.message
    result = render_cli(tmp_path / "t", tmp_path / "out")
    assert_clean_failure(result)
    assert f"{path}: error:" in result.stderr and repr(style) in result.stderr


def test_styles_docx_that_is_not_a_word_document(tmp_path: Path) -> None:
    (tmp_path / "styles.docx").write_text("I am a text file\n", encoding="utf-8")
    result = render_cli(tmp_path, tmp_path / "out")
    assert_clean_failure(result)
    assert f"{tmp_path / 'styles.docx'}: error: not a Word document" in result.stderr


def test_a_word_template_dotx_renamed_to_styles_docx(tmp_path: Path) -> None:
    source = builtin_template_dir() / "styles.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(tmp_path / "styles.docx", "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            new.writestr(item, data)
    with pytest.raises(TemplateError, match=r"a Word template \(\.dotx\)"):
        Renderer(tmp_path)


def test_a_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "styles.docx", "w") as archive:
        archive.writestr("hello.txt", "hej")
    with pytest.raises(TemplateError, match="not a Word document"):
        Renderer(tmp_path)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "not a PNG or JPEG"),
        (b"GIF89a this is not allowed", "not a PNG or JPEG"),
        (png(40, 10)[:-20], "cut off"),
        (png(40, 10)[:40] + b"\x00" + png(40, 10)[41:], "damaged"),
        (b"\xff\xd8\xff\xe0 a jpeg that stops", "cut off"),
    ],
    ids=["empty", "gif", "truncated", "bad-checksum", "truncated-jpeg"],
)
def test_a_broken_logo_names_the_file(tmp_path: Path, content: bytes, problem: str) -> None:
    (tmp_path / "logo.png").write_bytes(content)
    with pytest.raises(TemplateError) as caught:
        Renderer(tmp_path)
    assert caught.value.file == str(tmp_path / "logo.png")
    assert problem in caught.value.message
    result = render_cli(tmp_path, tmp_path / "out")
    assert_clean_failure(result)
    assert f"{tmp_path / 'logo.png'}: error: the logo is broken" in result.stderr


def test_a_logo_in_a_format_word_cannot_use_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text("<svg/>", encoding="utf-8")
    with pytest.raises(TemplateError, match="PNG or JPEG"):
        Renderer(tmp_path)


def test_logo_fit_keeps_the_proportions() -> None:
    wide, square = read_logo(png(40, 10), "wide.png"), read_logo(png(10, 10), "square.png")
    assert (wide.fit(2.5, 1), wide.fit(5, 3)) == ("2.50cm", "5.00cm")
    assert (square.fit(2.5, 1), square.fit(5, 3)) == ("1.00cm", "3.00cm")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('headings:\n  why: "Hvorfor\n  what: Hvad\n', 2, "never closed"),
        ("headings:\n  why: [a\n", 2, "never closed"),
        ("headings:\n  why: Hvorfor\n what: Hvad\n", 3, ""),
        ("dates:\n  months: [jan, feb]\n", 2, "a list of 12 items"),
        ('headings:\n  summary: Resumé\n  anchoring: "Forankring {nr}"\n', 3, "{nr}"),
        ('headings:\n  anchoring: "Forankring {n"\n', 2, "without its partner"),
        ("cover: Forside\n", 1, "a group of labels"),
        ("headings:\n  why: Hvorfor\n  summery: Resumé\n", 3, "did you mean 'summary'?"),
        ("overskrifter:\n  why: Hvorfor\n", 1, "the labels at the top are: "),
    ],
    ids=[
        "open-quote",
        "open-bracket",
        "bad-indent",
        "months",
        "placeholder",
        "brace",
        "group",
        "misspelt-key",
        "unknown-group",
    ],
)
def test_a_broken_labels_file_names_the_file_and_line(
    tmp_path: Path, nordparken: ValidCase, text: str, line: int, message: str
) -> None:
    (tmp_path / "labels").mkdir()
    path = tmp_path / "labels" / "da.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        Renderer(tmp_path).render(nordparken)
    assert (caught.value.file, caught.value.line) == (str(path), line)
    assert message in caught.value.message
    result = render_cli(tmp_path, tmp_path / "out")
    assert_clean_failure(result)
    assert f"{path}:{line}" in result.stderr


def test_a_label_of_the_users_own_is_fine_once_their_template_uses_it(
    tmp_path: Path, nordparken: ValidCase
) -> None:
    labels_only, own = tmp_path / "labels-only", tmp_path / "own"
    for folder in (labels_only, own):
        (folder / "labels").mkdir(parents=True)
        (folder / "labels" / "da.yaml").write_text(
            "headings:\n  our_contact: Kontakt os\n", encoding="utf-8"
        )
    with pytest.raises(TemplateError, match="headings.our_contact: not a label"):
        Renderer(labels_only).render(nordparken)
    report = (builtin_template_dir() / "report.html.j2").read_text(encoding="utf-8")
    (own / "report.html.j2").write_text(
        report.replace("</body>", "<p>{{ L.headings.our_contact }}</p>\n</body>"), encoding="utf-8"
    )
    assert "Kontakt os" in body_text(reopen(render(own, nordparken)["docx"]))


def test_an_empty_label_is_an_empty_text(tmp_path: Path, nordparken: ValidCase) -> None:
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "da.yaml").write_text("footer:\n  before:\n", encoding="utf-8")
    footer = reopen(render(tmp_path, nordparken)["docx"]).sections[-1].footer
    assert "None" not in footer.paragraphs[0].text


# ------------------------------------------------------------------ dates per language
@pytest.mark.parametrize(
    ("language", "period", "date", "short", "month_columns"),
    [
        (
            "da",
            "1. juli 2022 – 30. juni 2026",
            "15. september 2025",
            "1. mar. 2025",
            ["maj", "okt"],
        ),
        ("en", "1 July 2022 – 30 June 2026", "15 September 2025", "1 Mar 2025", ["May", "Oct"]),
    ],
)
def test_dates_are_written_as_the_language_writes_them(
    nordparken: ValidCase,
    language: str,
    period: str,
    date: str,
    short: str,
    month_columns: list[str],
) -> None:
    report = reopen(render(None, nordparken, language=language)["docx"])
    cover = report.tables[0]
    facts = {row.cells[0].text: row.cells[1].text for row in cover.rows}
    assert period in facts.values() and date in facts.values()
    cells = {c.text for table in report.tables for row in table.rows for c in row.cells}
    assert short in cells  # activity table and timeline: the short form
    assert set(month_columns) <= cells  # the timeline's month columns
    assert not ISO_DATE.search(body_text(report))


def test_a_user_can_change_the_date_format(tmp_path: Path, nordparken: ValidCase) -> None:
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "da.yaml").write_text(
        'dates:\n  long: "{day}/{month} {year}"\n  months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, '
        "12]\n",
        encoding="utf-8",
    )
    report = reopen(render(tmp_path, nordparken)["docx"])
    facts = {row.cells[0].text: row.cells[1].text for row in report.tables[0].rows}
    assert facts["Dato"] == "15/9 2025"


def test_the_built_in_labels_have_the_same_keys_in_both_languages() -> None:
    from ruamel.yaml import YAML

    def keys(data: object, prefix: str = "") -> set[str]:
        if not isinstance(data, dict):
            return set()
        return {f"{prefix}{k}" for k in data} | {
            key for k, v in data.items() for key in keys(v, f"{prefix}{k}.")
        }

    labels = builtin_template_dir() / "labels"
    for name in ("{}.yaml", "warnings.{}.yaml"):
        da, en = (
            YAML(typ="safe").load((labels / name.format(lang)).read_text("utf-8"))
            for lang in ("da", "en")
        )
        assert keys(da) == keys(en)
    head = (labels / "da.yaml").read_text(encoding="utf-8").split("\nlanguage_tag:")[0]
    assert "Sådan retter du teksterne" in head


def test_copied_folder_still_renders_after_deleting_files(
    tmp_path: Path, nordparken: ValidCase
) -> None:
    init_template(tmp_path / "t")
    shutil.rmtree(tmp_path / "t" / "partials")
    (tmp_path / "t" / "report.html.j2").unlink()
    assert render(tmp_path / "t", nordparken) == render(None, nordparken)


def test_compiled_templates_are_cached_between_runs_but_never_stale(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.conftest import MINIMAL

    layout = tmp_path / "layout" / "partials"
    layout.mkdir(parents=True)
    why = layout / "why.html.j2"
    case = tmp_path / "by.yaml"
    case.write_text(MINIMAL, encoding="utf-8")
    cache = tmp_path / "cache"
    env = {**os.environ, "FORANKRING_CACHE_DIR": str(cache)}

    def render(heading: str) -> str:
        why.write_text(f"<h1>{heading}</h1>\n{{{{ view.why|paragraphs }}}}\n", encoding="utf-8")
        out = tmp_path / heading
        subprocess.run(
            [
                sys.executable,
                "-m",
                "forankring_docs",
                "render",
                str(case),
                "-o",
                str(out),
                "-f",
                "html",
                "--template",
                str(tmp_path / "layout"),
            ],
            check=True,
            capture_output=True,
            timeout=120,
            env=env,
        )
        return (out / "by.html").read_text(encoding="utf-8")

    assert "Hvorfor først" in render("Hvorfor først")
    assert any(cache.rglob("*.cache"))  # compiled templates were kept
    second = render("Hvorfor bagefter")  # the changed partial is compiled anew
    assert "Hvorfor bagefter" in second and "Hvorfor først" not in second


def test_a_labels_mistake_is_one_error_before_any_case(tmp_path: Path) -> None:
    """Said once, as file:line: error: …, whichever language the cases are in."""
    (tmp_path / "labels").mkdir()
    path = tmp_path / "labels" / "en.yaml"
    path.write_text("headings:\n  summery: Summary\n", encoding="utf-8")
    result = render_cli(tmp_path, tmp_path / "out", NORDPARKEN, CASES / "havebyen-udkast.yaml")
    assert_clean_failure(result)
    assert result.stderr.count("summery") == 1
    assert result.stderr.startswith(f"{path}:2:3: error: headings.summery: not a label")
    assert result.stderr.strip().splitlines()[-1] == (
        "2 files, 1 error, 0 warnings, 0 documents written"
    )


# ------------------------------------------------------------------ labels read as case files are
def labels_file(folder: Path, text: str) -> Path:
    """``labels/da.yaml`` in ``folder``, holding ``text``."""
    path = folder / "labels" / "da.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


ALIAS_BOMB = "".join(
    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9) if i else 'x'}]\n" for i in range(10)
)
HOSTILE_LABELS = {
    "alias bomb": (ALIAS_BOMB, 1, 5, "YAML anchors (&l0)"),
    "deep nesting": ("headings:\n  why: " + "[" * 1000 + "]" * 1000 + "\n", 2, 46, "40"),
    "duplicate key": ("headings:\n  why: A\n  why: B\n", 3, 3, "duplicate key 'why'"),
    "tag": ("headings:\n  why: !!python/object:os.system x\n", 2, 8, "tags"),
    "not a mapping": ("- why\n", 1, 1, "a labels file is a mapping"),
}


@pytest.mark.parametrize(
    ("text", "line", "column", "message"), list(HOSTILE_LABELS.values()), ids=list(HOSTILE_LABELS)
)
def test_a_labels_file_is_read_with_the_limits_of_a_case_file(
    tmp_path: Path, text: str, line: int, column: int, message: str
) -> None:
    path = labels_file(tmp_path, text)
    started = time.perf_counter()
    with pytest.raises(TemplateError) as caught:
        Renderer(tmp_path).labels("da")
    assert time.perf_counter() - started < 1
    error = caught.value
    assert (error.file, error.line, error.column) == (str(path), line, column), str(error)
    assert message in error.message
    result = render_cli(tmp_path, tmp_path / "out")
    assert_clean_failure(result)
    assert f"{path}:{line}:{column}: error:" in result.stderr


def test_a_labels_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = labels_file(tmp_path, "headings:\n  why: '" + "x" * 5_000_000 + "'\n")
    with pytest.raises(TemplateError, match="labels files over 5 MB") as caught:
        Renderer(tmp_path).labels("da")
    assert (caught.value.file, caught.value.line) == (str(path), 1)


@pytest.mark.parametrize(
    "written", ["{day[0]}", "{day.real}", "{day:{month}}", "{day:>1000000000}", "{day!r}", "{}"]
)
def test_a_placeholder_is_a_plain_name_never_an_expression(tmp_path: Path, written: str) -> None:
    path = labels_file(tmp_path, f'dates:\n  long: "{written}. {{month}} {{year}}"\n')
    with pytest.raises(TemplateError) as caught:
        Renderer(tmp_path).labels("da")
    error = caught.value
    assert (error.file, error.line, error.column) == (str(path), 2, 9)
    assert f"dates.long: {written} is not a placeholder" in error.message
    assert "{day}, {month}, {year}" in error.message  # what to write instead
    result = render_cli(tmp_path, tmp_path / "out")
    assert_clean_failure(result)
    assert f"{path}:2:9: error: dates.long" in result.stderr


def test_a_label_cannot_format_or_pad_a_value_when_the_report_is_made() -> None:
    from forankring_docs.report.labels import Labels

    labels = Labels("da", {"x": "{n:>999999999} {n[0]} {{n}} {n}", "dates": {}})
    assert labels.text("x", n=7) == "{n:>999999999} {n[0]} {n} 7"


def test_a_label_that_leaves_out_its_data_names_the_missing_placeholder(tmp_path: Path) -> None:
    path = labels_file(tmp_path, "resources:\n  hours_per_week: timer om ugen\n")
    with pytest.raises(TemplateError) as caught:
        Renderer(tmp_path).labels("da")
    error = caught.value
    assert (error.file, error.line, error.column) == (str(path), 2, 19)
    assert "resources.hours_per_week: the text leaves out {value}" in error.message
    result = render_cli(tmp_path, tmp_path / "out")
    assert_clean_failure(result)
    assert f"{path}:2:19: error: resources.hours_per_week" in result.stderr


def test_a_singular_label_may_write_its_count_as_a_word(tmp_path: Path) -> None:
    labels_file(
        tmp_path,
        'overview:\n  counts:\n    areas: {one: "ét boligområde", many: "{n} områder"}\n'
        'resources:\n  hours_per_week_one: "en time om ugen"\n',
    )
    labels = Renderer(tmp_path).labels("da")
    assert labels.text("overview", "counts", "areas", "one", n=1) == "ét boligområde"
    assert labels.text("resources", "hours_per_week_one", value="1") == "en time om ugen"


# ------------------------------------------------------------------ links out of the folder
LINKED = {
    "report.html.j2": "<p>secret</p>\n",
    "partials/why.html.j2": "<p>secret</p>\n",
    "labels/da.yaml": "headings:\n  why: secret\n",
    "labels/warnings.da.yaml": "A101: secret {element}\n",
    "styles.docx": None,  # a copy of the built-in one
    "logo.png": None,  # a small picture
}


@pytest.mark.parametrize("name", list(LINKED))
def test_a_link_out_of_the_template_folder_is_refused(
    tmp_path: Path, nordparken: ValidCase, name: str
) -> None:
    outside = tmp_path / "outside" / Path(name).name
    outside.parent.mkdir()
    content = LINKED[name]
    if name == "styles.docx":
        shutil.copy(builtin_template_dir() / "styles.docx", outside)
    elif name == "logo.png":
        outside.write_bytes(png(4, 2))
    else:
        outside.write_text(content or "", encoding="utf-8")
    folder = tmp_path / "template"
    link = folder / name
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    with pytest.raises(TemplateError) as caught:
        render(folder, nordparken)
    assert caught.value.file == str(link)
    assert "outside the template folder" in caught.value.message
    result = render_cli(folder, tmp_path / "out")
    assert_clean_failure(result)
    assert f"{link}: error: this is a link to" in result.stderr
    assert "secret" not in result.stderr


def test_a_linked_folder_out_of_the_template_folder_is_refused(
    tmp_path: Path, nordparken: ValidCase
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "why.html.j2").write_text("<p>secret</p>\n", encoding="utf-8")
    folder = tmp_path / "template"
    folder.mkdir()
    (folder / "partials").symlink_to(outside, target_is_directory=True)
    with pytest.raises(TemplateError, match="outside the template folder") as caught:
        render(folder, nordparken)
    assert caught.value.file == str(folder / "partials" / "why.html.j2")


def test_a_link_inside_the_template_folder_is_fine(tmp_path: Path, nordparken: ValidCase) -> None:
    folder = tmp_path / "template"
    (folder / "labels").mkdir(parents=True)
    (folder / "mine.yaml").write_text("headings:\n  why: Derfor\n", encoding="utf-8")
    (folder / "labels" / "da.yaml").symlink_to(folder / "mine.yaml")
    assert "Derfor" in body_text(reopen(render(folder, nordparken)["docx"]))
