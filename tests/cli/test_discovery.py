"""A template folder kept among the cases is skipped with a note, not read as broken cases."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner, Result

from forankring_docs.case.discovery import LABELS_FILES, TEMPLATE_MARKERS, is_template_folder
from forankring_docs.cli import main
from forankring_docs.templating.init import init_template
from tests.conftest import MINIMAL

NOTE = "is a template folder (forankring template init); its labels files are not cases"


def cases_with_a_template(tmp_path: Path) -> Path:
    """A secretariat's folder: two cases and, beside them, the template from template init."""
    folder = tmp_path / "sager"
    folder.mkdir()
    (folder / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    (folder / "b.yaml").write_text(MINIMAL.replace("Testby", "Østby"), encoding="utf-8")
    init_template(folder / "mit-layout")
    return folder


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result


def test_validate_and_check_skip_the_template_folder_with_a_note(tmp_path: Path) -> None:
    folder = cases_with_a_template(tmp_path)
    for command in ("validate", "check"):
        result = invoke(command, str(folder))
        assert result.exit_code == 0, result.stderr
        assert f"note: {folder / 'mit-layout'} {NOTE}" in result.stderr
        assert "labels" not in result.stderr.replace(NOTE, "")
        assert result.stderr.splitlines()[-1].startswith("2 files, 0 errors")


def test_render_and_overview_of_the_folder_take_the_cases_only(tmp_path: Path) -> None:
    folder = cases_with_a_template(tmp_path)
    out = tmp_path / "ud"
    result = invoke("render", str(folder), "-o", str(out), "-f", "html")
    assert result.exit_code == 0, result.stderr
    assert NOTE in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["a.html", "b.html"]
    table = tmp_path / "oversigt.csv"
    result = invoke("overview", str(folder), "-o", str(table))
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(table.read_text("utf-8-sig")), delimiter=";"))
    assert sorted(row[1] for row in rows[1:]) == ["Testby", "Østby"]
    assert all(row[rows[0].index("gyldig")] == "ja" for row in rows[1:])


def test_a_template_folder_given_as_the_cases_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    template = cases_with_a_template(tmp_path) / "mit-layout"
    result = invoke("validate", str(template))
    assert result.exit_code == 2
    assert f"{template} is a template folder (forankring template init)" in result.stderr
    assert "--template" in result.stderr


def test_a_template_folder_with_only_the_files_changed_is_still_one(tmp_path: Path) -> None:
    """README: delete the files you do not change. labels/da.yaml and styles.docx are left."""
    template = cases_with_a_template(tmp_path) / "mit-layout"
    for item in sorted(template.rglob("*"), reverse=True):
        if item.is_file() and item.name not in ("da.yaml", "styles.docx"):
            item.unlink()
        elif item.is_dir() and not any(item.iterdir()):
            item.rmdir()
    assert is_template_folder(template)
    assert NOTE in invoke("validate", str(template.parent)).stderr


def test_a_folder_named_labels_among_cases_is_read_as_cases(tmp_path: Path) -> None:
    """Only a template's labels folder is skipped: a user's own folder of cases that happens
    to be called labels, with no template beside it, is read and its errors shown."""
    folder = tmp_path / "sager" / "labels"
    folder.mkdir(parents=True)
    (folder / "da.yaml").write_text(MINIMAL.replace("type: kommune", "type: komune"), "utf-8")
    result = invoke("validate", str(tmp_path / "sager"))
    assert result.exit_code == 1
    assert "komune" in result.stderr and NOTE not in result.stderr


def test_the_markers_are_what_template_init_writes(tmp_path: Path) -> None:
    written = {p.relative_to(tmp_path / "t").as_posix() for p in init_template(tmp_path / "t")}
    labels = {name.removeprefix("labels/") for name in written if name.startswith("labels/")}
    assert labels == LABELS_FILES
    tops = {name.split("/")[0] for name in written}
    assert TEMPLATE_MARKERS - tops == {"logo.png", "logo.jpg"}  # the logo: the user adds it
