"""Old versions from git, and `forankring diff` as a user meets it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from forankring_docs.analysis import history
from forankring_docs.analysis.history import HistoryError, read_revision
from forankring_docs.cli import main
from tests.conftest import MINIMAL

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
}
V1 = MINIMAL.replace("  periode:", '  version: "1.0"\n  periode:')
V2 = (
    V1.replace('version: "1.0"', 'version: "1.1"')
    .replace("navn: Afvikling", "navn: Afvikling af caféen")
    .replace("      evne: 3\n", "      evne: 4\n")
    .replace("rolle: medansvarlig", "rolle: bidragyder")
)


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        [
            "git",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "tag.gpgsign=false",
            *args,
        ],
        cwd=repo,
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def commit(repo: Path, files: dict[str, str], message: str, tag: str | None = None) -> None:
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        git(repo, "add", name)
    git(repo, "commit", "-q", "-m", message)
    if tag:
        git(repo, "tag", tag)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with cases/testby.yaml: v1.0 tagged, then a second commit."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    commit(root, {"cases/testby.yaml": V1}, "Version 1.0", tag="v1.0")
    commit(root, {"cases/testby.yaml": V2}, "Version 1.1")
    monkeypatch.chdir(root)
    return root


def diff(*args: str) -> Result:
    return CliRunner().invoke(main, ["diff", *args])


# ------------------------------------------------------------------ diff --since
def test_diff_since_tag_prints_summary_first(repo: Path) -> None:
    """In Danish by default, in the words of the report's section on changes."""
    result = diff("cases/testby.yaml", "--since", "v1.0")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "Siden version 1.0: stamdata ændret (version), 1 opgave ændret, 1 score ændret og "
        "1 forankring ændret."
    )
    assert lines[1] == "(cases/testby.yaml@v1.0 → cases/testby.yaml)"
    assert "Fase 1: Hvorfor, hvad og hvilke opgaver" in lines
    assert "  ~ Opgave: Afvikling af caféen (ændret)" in lines
    assert "      Version: 1.0 → 1.1" in lines
    assert "      Navn: Afvikling → Afvikling af caféen" in lines
    assert "      Evne: 3 → 4 (op)" in lines
    assert "      Rolle for Foreningen: Medansvarlig → Bidragyder" in lines
    assert result.stderr == ""


def test_diff_in_english(repo: Path) -> None:
    result = diff("cases/testby.yaml", "--since", "v1.0", "--language", "en")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Since version 1.0: general information changed (version)")
    assert "  ~ Analysis of Klubben (changed)" in lines
    assert "      Ability: 3 → 4 (up)" in lines
    assert diff("cases/testby.yaml", "--language", "fr").exit_code == 2


@pytest.mark.parametrize("since", [["--since", "HEAD"], []], ids=["since-head", "default"])
def test_diff_since_head_shows_uncommitted_edits(repo: Path, since: list[str]) -> None:
    assert diff("cases/testby.yaml", *since).stdout.startswith(
        "Der er ingen ændringer i strategien siden version 1.1."
    )
    case = repo / "cases" / "testby.yaml"
    case.write_text(V2.replace("  periode:", "  status: godkendt\n  periode:"), encoding="utf-8")
    result = diff("cases/testby.yaml", *since)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "Siden HEAD: stamdata ændret (status)."
    assert result.stdout.splitlines()[1] == "(cases/testby.yaml@HEAD → cases/testby.yaml)"


def test_diff_since_as_json(repo: Path) -> None:
    result = diff(str(repo / "cases" / "testby.yaml"), "--since", "v1.0", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["old"].endswith("testby.yaml@v1.0")
    assert data["old_version"] == "1.0" and data["new_version"] == "1.1"
    assert data["summary"].startswith("meta changed (version)")
    assert [p["phase"] for p in data["phases"]] == ["meta", "fase1", "fase3"]
    anchoring = data["phases"][-1]["changes"][-1]
    assert anchoring["item_kind"] == "anchoring"
    assert anchoring["fields"] == [
        {
            "field": "aktører",
            "label": "actor Foreningen",
            "old": "medansvarlig",
            "new": "bidragyder",
            "direction": None,
            "value_type": "choice",
            "subject": "Foreningen",
            "subject_id": "forening",
        }
    ]


def test_file_not_at_revision_means_everything_is_new(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    commit(root, {"README.md": "cases\n"}, "Start", tag="start")
    commit(root, {"sager/solhøj.yaml": V1}, "First case")
    result = diff(str(root / "sager" / "solhøj.yaml"), "--since", "start")
    assert result.exit_code == 0, result.stderr
    first, second = result.stdout.splitlines()[:2]
    assert first == "Casefilen fandtes ikke i start, så alt i strategien er nyt."
    assert second.endswith("sager/solhøj.yaml@start → " + str(root / "sager" / "solhøj.yaml") + ")")
    assert read_revision(root / "sager" / "solhøj.yaml", "start") is None
    assert read_revision(root / "sager" / "solhøj.yaml", "HEAD") == V1.encode("utf-8")


def test_unknown_revision_is_a_clear_error(repo: Path) -> None:
    result = diff("cases/testby.yaml", "--since", "v9")
    assert result.exit_code == 2  # the revision cannot be used
    assert result.stdout == ""
    assert "error: unknown revision 'v9'" in result.stderr
    assert "git tag" in result.stderr and "git log --oneline" in result.stderr
    assert "Traceback" not in result.stderr


def test_not_a_git_repository(tmp_path: Path) -> None:
    case = tmp_path / "loose" / "a.yaml"
    case.parent.mkdir()
    case.write_text(MINIMAL, encoding="utf-8")
    env = {"GIT_CEILING_DIRECTORIES": str(tmp_path)}  # never find a repository above tmp
    result = CliRunner(env=env).invoke(main, ["diff", str(case), "--since", "v1.0"])
    assert result.exit_code == 2  # the revision cannot be used
    assert "is not in a git repository" in result.stderr
    assert "forankring diff OLD.yaml NEW.yaml" in result.stderr


def test_revision_that_looks_like_an_option_is_refused(repo: Path) -> None:
    result = diff("cases/testby.yaml", "--since=--output=/tmp/x")
    assert result.exit_code == 2  # the revision cannot be used
    assert "starts with '-'" in result.stderr
    for rev in ("-p", "--output=x", "", "v1.0:other.yaml", "v1 .0", "v1\n"):
        with pytest.raises(HistoryError):
            read_revision(repo / "cases" / "testby.yaml", rev)


def test_git_not_installed(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(history.shutil, "which", lambda name: None)
    result = diff("cases/testby.yaml", "--since", "v1.0")
    assert result.exit_code == 2  # the revision cannot be used
    assert "git is not installed" in result.stderr


def test_invalid_old_version_is_labelled_as_the_old_one(repo: Path) -> None:
    commit(
        repo,
        {"cases/testby.yaml": V1.replace("type: kommune", "type: komune")},
        "Broken",
        tag="broken",
    )
    commit(repo, {"cases/testby.yaml": V2}, "Fixed")
    result = diff("cases/testby.yaml", "--since", "broken")
    assert result.exit_code == 1
    assert "error: the old version (cases/testby.yaml@broken) is not a valid case" in result.stderr
    assert "cases/testby.yaml@broken:21:13: error: fase2.aktører[0].type: 'komune'" in result.stderr
    json_result = diff("cases/testby.yaml", "--since", "broken", "--format", "json")
    assert json_result.exit_code == 1
    [problem] = json.loads(json_result.stdout)
    assert problem["file"] == "cases/testby.yaml@broken"


# ------------------------------------------------------------------ diff OLD NEW
def test_two_files_without_git(tmp_path: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(V1, encoding="utf-8")
    new.write_text(V2, encoding="utf-8")
    result = diff(str(old), str(new))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(
        "Siden version 1.0: stamdata ændret (version), 1 opgave ændret"
    )
    assert result.stdout.splitlines()[1] == f"({old} → {new})"


def test_invalid_new_file_exits_1_with_diagnostics(tmp_path: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(V1, encoding="utf-8")
    new.write_text("format: 1\n", encoding="utf-8")
    result = diff(str(old), str(new))
    assert result.exit_code == 1
    assert f"error: the new version ({new}) is not a valid case" in result.stderr
    assert f"{new}:1:1: error: missing required key 'meta'" in result.stderr


@pytest.mark.parametrize("extra", [["--since", "v1.0", "second"], ["second", "third"]])
def test_usage_errors_exit_2(tmp_path: Path, extra: list[str]) -> None:
    for name in ("first", "second", "third"):
        (tmp_path / name).write_text(MINIMAL, encoding="utf-8")
    args = [str(tmp_path / a) if a in ("second", "third") else a for a in extra]
    result = diff(str(tmp_path / "first"), *args)
    assert result.exit_code == 2
    assert "give two files (OLD NEW), or one file (and --since REV)" in result.stderr


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    assert diff(str(tmp_path / "nope.yaml"), "--since", "v1.0").exit_code == 2


def test_a_repository_without_commits_says_to_commit_first(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    case = root / "c.yaml"
    case.write_text(MINIMAL, encoding="utf-8")
    git(root, "add", "c.yaml")
    result = diff(str(case))
    assert result.exit_code == 2
    assert "has no commits yet, so there is no 'HEAD' to compare with" in result.stderr
    assert "commit the case file first" in result.stderr


def test_a_version_with_a_reading_warning_is_still_compared(tmp_path: Path) -> None:
    """A warning of the loader (text after ' #') is no reason to refuse the comparison."""
    from click.testing import CliRunner

    from forankring_docs.cli import main
    from tests.conftest import MINIMAL

    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(MINIMAL, encoding="utf-8")
    new.write_text(
        MINIMAL.replace("hvorfor: Fordi det virker.", "hvorfor: Fordi det virker #altid"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["diff", str(old), str(new)])
    assert result.exit_code == 0, result.stderr
    assert "not a valid case" not in result.stderr


# ------------------------------------------------------------------ renamed since
def test_diff_since_follows_a_case_file_renamed_since(repo: Path) -> None:
    """Renamed and moved after v1.0 (as git log --follow sees it), then edited: the diff is
    the edit, not "everything is new"."""
    (repo / "sager").mkdir()
    git(repo, "mv", "cases/testby.yaml", "sager/Testby område.yaml")
    git(repo, "commit", "-q", "-m", "Moved")
    commit(repo, {"sager/Testby område.yaml": V2.replace('"1.1"', '"1.2"')}, "Version 1.2")
    result = diff("sager/Testby område.yaml", "--since", "v1.0", "--language", "en")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Since version 1.0: general information changed (version)")
    assert lines[1] == "(cases/testby.yaml@v1.0 → sager/Testby område.yaml)"
    assert any("1.0 → 1.2" in line for line in lines), lines
    assert "was cases/testby.yaml at v1.0 (renamed since)" in result.stderr
    # render --changes-since follows it the same way
    out = repo / "ud"
    rendered = CliRunner().invoke(
        main,
        ["render", "sager/Testby område.yaml", "-f", "html", "-o", str(out)]
        + ["--changes-since", "v1.0"],
    )
    assert rendered.exit_code == 0, rendered.stderr
    page = (out / "Testby område.html").read_text("utf-8")
    assert "Ændringer siden version 1.0" in page and "Casefilen fandtes ikke" not in page


def test_a_rename_staged_but_not_committed_is_followed(repo: Path) -> None:
    git(repo, "mv", "cases/testby.yaml", "cases/ny.yaml")
    found = history.find_revision(repo / "cases" / "ny.yaml", "v1.0")
    assert found is not None and found.renamed
    assert (found.path, found.data) == ("cases/testby.yaml", V1.encode("utf-8"))
    # since HEAD: the same file under its new name, so nothing changed
    assert diff("cases/ny.yaml").stdout.startswith("Der er ingen ændringer i strategien")


def test_another_file_under_the_old_name_is_not_followed(repo: Path) -> None:
    """A new case that only took an old name's place is not a rename: it is new."""
    git(repo, "rm", "-q", "cases/testby.yaml")
    other = "format: 1\nmeta: {indsats: Andet, boligområde: Andetby}\n"
    commit(repo, {"cases/andet.yaml": other}, "Another case")
    assert history.find_revision(repo / "cases" / "andet.yaml", "v1.0") is None
