"""The built wheel carries the templates and styles: installed on its own, it renders."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import MINIMAL, REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if proc.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{proc.stderr[-3000:]}")
    return next(out.glob("forankring_docs-*.whl"))


def test_wheel_holds_the_template_and_styles(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "forankring_docs/templates/default/report.html.j2",
        "forankring_docs/templates/default/overview.html.j2",
        "forankring_docs/templates/default/styles.docx",
        "forankring_docs/templates/default/labels/da.yaml",
        "forankring_docs/templates/default/labels/en.yaml",
        "forankring_docs/templates/default/partials/cover.html.j2",
        "forankring_docs/preview/assets/preview.js",  # the live preview's page
        "forankring_docs/preview/assets/preview.css",
        "forankring_docs/locale/da/LC_MESSAGES/forankring.mo",  # the command line in Danish
    ):
        assert name in names, name


def test_every_subpackage_is_listed_for_the_wheel() -> None:
    """pyproject.toml lists the packages by hand (the templates folder is mapped into the
    package): a subpackage left out is only taken in with a deprecation warning today, and
    will be missing from the installation when setuptools stops doing that."""
    import tomllib

    listed = set(
        tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "forankring_docs").rglob("__init__.py")
    }
    assert sorted(found - listed) == []


def test_installed_wheel_renders_outside_the_repository(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    case = tmp_path / "by.yaml"
    case.write_text(MINIMAL, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(target)}
    probe = (
        "import forankring_docs, forankring_docs.templating.folder as t;"
        "print(forankring_docs.__file__); print(t.builtin_template_dir())"
    )
    where = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=True,
    ).stdout.splitlines()
    assert all(Path(line).resolve().is_relative_to(target.resolve()) for line in where), where
    proc = subprocess.run(
        [sys.executable, "-m", "forankring_docs", "render", str(case), "-o", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "by.docx").stat().st_size > 5000
    danish = subprocess.run(
        [sys.executable, "-m", "forankring_docs", "validate", str(case)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**env, "FORANKRING_LANGUAGE": "da"},
        timeout=120,
    )
    assert danish.stderr.rstrip().endswith("1 fil, 0 fejl, 0 advarsler"), danish.stderr
