"""Shell completion (README): click's, through ``_FORANKRING_COMPLETE``, in a real bash."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(sys.executable).parent  # where the console script `forankring` is installed

pytestmark = pytest.mark.skipif(
    shutil.which("forankring", path=str(SCRIPTS)) is None, reason="forankring is not installed"
)


def complete(shell_words: str, current: int) -> list[str]:
    """What bash offers after ``shell_words``, with the script the README tells users to
    put in their ~/.bashrc."""
    script = f"""
        eval "$(_FORANKRING_COMPLETE=bash_source forankring)"
        COMP_WORDS=({shell_words})
        COMP_CWORD={current}
        _forankring_completion forankring
        printf '%s\\n' "${{COMPREPLY[@]}}"
    """
    env = {**os.environ, "PATH": f"{SCRIPTS}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    return [line for line in proc.stdout.splitlines() if line]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completes_commands_options_and_choices() -> None:
    assert complete("forankring ov", 1) == ["overview"]
    assert set(complete("forankring ''", 1)) >= {"validate", "check", "render", "overview"}
    assert "--as-of" in complete("forankring overview --as", 2)
    assert complete("forankring render --language ''", 3) == ["da", "en"]
    assert complete("forankring template ''", 2) == ["init"]


def test_zsh_and_fish_scripts_are_there_too() -> None:
    env = {**os.environ, "PATH": f"{SCRIPTS}{os.pathsep}{os.environ.get('PATH', '')}"}
    for shell, marker in (
        ("zsh", "compdef _forankring_completion forankring"),
        ("fish", "complete"),
    ):
        proc = subprocess.run(
            ["forankring"],
            env={**env, "_FORANKRING_COMPLETE": f"{shell}_source"},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert proc.returncode == 0 and marker in proc.stdout, (shell, proc.stdout[:300])
