"""Shared fixtures: a minimal valid case, paths to the example cases."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Compiled templates go to a throwaway folder, not the user's cache (subprocesses inherit it).
os.environ.setdefault("FORANKRING_CACHE_DIR", tempfile.mkdtemp(prefix="forankring-test-cache-"))
# The tests read the English messages, whatever the machine's locale (subprocesses inherit
# it); tests/cli/test_language.py sets the language where it is what is tested.
os.environ["FORANKRING_LANGUAGE"] = "en"

REPO = Path(__file__).resolve().parents[1]
SHARED_EXAMPLES = REPO.parent / "shared" / "examples"
# Copies of the shared examples, for a clone without ../shared next to it; where both are
# there, test_cases checks that the copies are current.
BUNDLED_EXAMPLES = REPO / "tests" / "examples"
EXAMPLES = SHARED_EXAMPLES if SHARED_EXAMPLES.is_dir() else BUNDLED_EXAMPLES
SOLHOEJ = EXAMPLES / "solhoej.yaml"
CASES = REPO / "cases"

MINIMAL = """\
format: 1
meta:
  indsats: Helhedsplan Testby 2024–2027
  boligområde: Testby
  periode: {start: 2024-01-01, slut: 2027-12-31}
fase1:
  hvorfor: Fordi det virker.
  hvad:
    - id: cafe
      navn: Lektiecafé
  opgaver:
    - id: drift
      navn: Afvikling
      element: cafe
      opgavetype: aktivitet
fase2:
  aktører:
    - id: klub
      navn: Klubben
      type: kommune
      opgaver: {drift: fuldt}
    - id: forening
      navn: Foreningen
      type: forening
      opgaver: {drift: delvist}
fase3:
  analyser:
    - aktør: klub
      forståelse: 3
      mening: 3
      evne: 3
      vilje: 3
      konklusion: egnet
  forankring:
    - opgaver: [drift]
      model: netværk
      organiseringsform: samarbejdsaftale
      aktører:
        - {aktør: klub, rolle: hovedansvarlig, ansvar: Driver caféen.}
        - {aktør: forening, rolle: medansvarlig, ansvar: Frivillige.}
"""


@pytest.fixture
def minimal_text() -> str:
    return MINIMAL


def example_cases() -> list[Path]:
    return sorted(CASES.glob("*.yaml")) + sorted(EXAMPLES.glob("*.yaml"))


def replace(old: str, new: str, text: str = MINIMAL) -> str:
    """``text`` (MINIMAL) with the first ``old`` replaced; ``old`` must be there."""
    assert old in text, old
    return text.replace(old, new, 1)


def run_cli(tmp_path: Path, text: str | bytes, *command: str) -> tuple[int, list[str], str]:
    """Write ``text`` as a case and run ``command`` (default: validate) on it, as a user does.

    Exit code, the error lines without the file name and the code at their end ('7:3:
    error: …'), all of stderr. Every error line must end in a registered code."""
    import re

    from click.testing import CliRunner

    from forankring_docs.cli import main
    from forankring_docs.codes import ERRORS

    case = tmp_path / "case.yaml"
    if isinstance(text, bytes):
        case.write_bytes(text)
    else:
        case.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, [*(command or ("validate",)), str(case)])
    assert "Traceback" not in result.output
    prefix = f"{case}:"
    errors = []
    for ln in result.stderr.splitlines():
        if ln.startswith(prefix) and ": error: " in ln:
            coded = re.fullmatch(r"(.*) \[([A-Z]\d{3})\]", ln[len(prefix) :])
            assert coded and coded.group(2) in ERRORS, f"no registered code: {ln}"
            errors.append(coded.group(1))
    return result.exit_code, errors, result.stderr
