"""The built wheel carries the templates and styles: installed on its own, it renders."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.conftest import MINIMAL, REPO


def built(out: Path, command: list[str], pattern: str) -> Path:
    """What ``command``, run in the repository, builds into ``out`` (named ``pattern``)."""
    proc = subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=300, check=False
    )
    if proc.returncode != 0:
        pytest.fail(f"{' '.join(command[:4])}… failed:\n{proc.stderr[-3000:]}")
    return next(out.glob(pattern))


def install(package: Path, target: Path) -> dict[str, str]:
    """``package`` (a wheel, or a source tree) installed into ``target``; the environment
    that imports it from there."""
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "-q"]
        + ["--target", str(target), str(package)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {**os.environ, "PYTHONPATH": str(target)}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    return built(out, [*pip_wheel, "-q", "-w", str(out), str(REPO)], "forankring_docs-*.whl")


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
    env = install(wheel, target)
    case = tmp_path / "by.yaml"
    case.write_text(MINIMAL, encoding="utf-8")
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


def metadata(wheel: Path) -> str:
    archive = zipfile.ZipFile(wheel)
    return archive.read(next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA")))


def test_the_wheel_says_its_licence_and_carries_it(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    licence = next(n for n in names if n.endswith(".dist-info/licenses/LICENSE"))
    assert b"MIT License" in zipfile.ZipFile(wheel).read(licence)
    text = metadata(wheel).decode("utf-8")
    assert "License-Expression: MIT" in text and "License-File: LICENSE" in text
    assert "Classifier: Natural Language :: Danish" in text
    assert "Classifier: Programming Language :: Python :: 3.11" in text
    assert "forankringsstrategi" in next(
        ln for ln in text.splitlines() if ln.startswith("Keywords")
    )


DOC_LINK = re.compile(r"\b([\w-]+\.md)\b")


def test_the_documents_the_docs_name_are_there_and_in_the_wheel(wheel: Path) -> None:
    """case-format.md names report.md, a template's README.txt names template-markup.md:
    each is in docs/ beside them, and installed with the package."""
    names = set(zipfile.ZipFile(wheel).namelist())
    named = {"template-markup.md"}
    for doc in (REPO / "docs").glob("*.md"):
        named |= set(DOC_LINK.findall(doc.read_text("utf-8"))) - {"README.md"}
    for name in sorted(named):
        assert (REPO / "docs" / name).is_file(), name
        assert f"forankring_docs/docs/{name}" in names, name
    assert not [n for n in names if n.startswith("forankring_docs/docs/images/")]


def test_template_init_of_the_installed_wheel_names_a_document_that_is_there(
    wheel: Path, tmp_path: Path
) -> None:
    env = install(wheel, tmp_path / "site")
    subprocess.run(
        [sys.executable, "-m", "forankring_docs", "template", "init", str(tmp_path / "t")],
        capture_output=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=True,
    )
    readme = (tmp_path / "t" / "README.txt").read_text("utf-8")
    named = Path(next(ln.strip() for ln in readme.splitlines() if ln.strip().endswith(".md")))
    assert named.name == "template-markup.md" and named.is_file()
    assert named.resolve().is_relative_to((tmp_path / "site").resolve())
    assert "<table" in named.read_text("utf-8")


# ------------------------------------------------------------------ the sdist
@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built as `python -m build --sdist` would, but offline: setuptools' own backend."""
    out = tmp_path_factory.mktemp("sdist")
    build = "import sys; from setuptools import build_meta; build_meta.build_sdist(sys.argv[1])"
    return built(out, [sys.executable, "-c", build, str(out)], "forankring_docs-*.tar.gz")


def sdist_files(sdist: Path) -> set[str]:
    with tarfile.open(sdist) as archive:
        return {
            name.split("/", 1)[1]
            for name in archive.getnames()
            if "/" in name and archive.getmember(name).isfile()
        }


def test_the_sdist_holds_what_the_tests_and_the_docs_need(sdist: Path) -> None:
    files = sdist_files(sdist)
    for name in (
        "LICENSE",
        "README.md",
        "pyproject.toml",
        "tests/conftest.py",
        "tests/examples/solhoej.yaml",
        "cases/nordparken.yaml",
        "schema/forankring-case-1.schema.json",
        "docs/case-format.md",
        "docs/report.md",
        "docs/template-markup.md",
        "templates/default/styles.docx",
        "templates/default/labels/da.yaml",
        "benchmarks/casegen.py",  # tests/cli/test_hardening_case.py generates cases with it
    ):
        assert name in files, name
    assert not [f for f in files if "__pycache__" in f or f.endswith(".pyc")]
    assert not [f for f in files if f.startswith((".venv/", ".git/", "build/", ".hypothesis/"))]
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=False
    )
    if tracked.returncode == 0:  # in a git checkout (not in an unpacked sdist)
        missing = set(tracked.stdout.splitlines()) - files - {".gitignore"}
        assert sorted(missing) == []


def test_tests_run_from_the_unpacked_sdist(sdist: Path, wheel: Path, tmp_path: Path) -> None:
    """A packager's check: the sdist unpacked, the package installed from it, and its tests
    run against that installation (a sample here; the whole suite runs the same way)."""
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path, filter="data")
    source = next(tmp_path.glob("forankring_docs-*"))
    site = tmp_path / "site"
    env = install(source, site)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--import-mode=append"]
        + ["tests/case/test_cases.py", "tests/analysis/test_portfolio.py"],
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:]
    probe = "import forankring_docs; print(forankring_docs.__file__)"
    where = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert Path(where.stdout.strip()).resolve().is_relative_to(site.resolve())
