"""The repository's ``.pre-commit-hooks.yaml``: run by the real ``pre-commit`` on the files a
commit changes, as a user's ``.pre-commit-config.yaml`` would run it (offline: the hook's
own fields, with ``language: system`` so that the installed ``forankring`` is used instead
of an environment pre-commit would build from the network)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import MINIMAL

REPO = Path(__file__).resolve().parents[2]
HOOKS = REPO / ".pre-commit-hooks.yaml"

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None
    or shutil.which("pre-commit", path=str(Path(sys.executable).parent)) is None,
    reason="needs git and pre-commit (test extra)",
)


def hooks() -> dict[str, dict]:
    return {hook["id"]: hook for hook in YAML(typ="safe").load(HOOKS.read_text(encoding="utf-8"))}


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def run_hook(
    tmp_path: Path, hook_id: str, files: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """A repository holding ``files`` (added to git), with a config that runs ``hook_id`` as
    the published hook defines it; pre-commit run on every file, as on a commit of all."""
    root = tmp_path / "repo"
    root.mkdir(parents=True)
    git(root, "init", "-q")
    hook = {**hooks()[hook_id], "language": "system"}
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    with (root / ".pre-commit-config.yaml").open("w", encoding="utf-8") as out:
        YAML().dump(config, out)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "PRE_COMMIT_COLOR": "never",
    }
    return subprocess.run(
        [str(Path(sys.executable).parent / "pre-commit"), "run", "--all-files", "--verbose"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_hooks_file_names_the_commands_and_the_case_files() -> None:
    found = hooks()
    assert found["forankring-check"]["entry"] == "forankring check"
    assert found["forankring-validate"]["entry"] == "forankring validate"
    for hook in found.values():
        assert hook["pass_filenames"] is True and hook["language"] == "python"


def test_check_hook_passes_good_case_files_and_fails_a_broken_one(tmp_path: Path) -> None:
    good = run_hook(tmp_path / "good", "forankring-check", {"cases/a.yaml": MINIMAL})
    assert good.returncode == 0, good.stdout + good.stderr
    assert "forankring check (case files)" in good.stdout and "Passed" in good.stdout
    broken = run_hook(
        tmp_path / "broken",
        "forankring-check",
        {
            "cases/a.yaml": MINIMAL,
            "cases/b.yml": MINIMAL.replace("type: kommune", "type: komune"),
            # not case files: left out by the hook's exclude
            "look/labels/da.yaml": "headings: {why: Derfor}\n",
            ".github/workflows/ci.yml": "on: push\n",
            "README.md": "not yaml",
        },
    )
    assert broken.returncode == 1
    out = broken.stdout
    assert (
        "cases/b.yml:20:13: error: fase2.aktører[0].type: 'komune' is not a valid actor type [E205]"
        in out
    )
    assert "cases/a.yaml" in out and "warning: " in out  # its warnings shown, not failing
    assert "2 files, 1 invalid, 1 error" in out  # the labels file and the workflow left out
    assert "labels/da.yaml" not in out and "ci.yml" not in out
