"""Fuzzing in the test suite: generated valid cases validate and render in both languages;
mutated ones get a located error or pass, and whatever passes renders.

Small and derandomized so the suite stays fast and repeatable; ``benchmarks/fuzz.py`` is the
long run (profile ``long``).
"""

from __future__ import annotations

import io
import re
from typing import Any

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forankring_docs.case.loader import load_bytes
from forankring_docs.case.model import LANGUAGES
from forankring_docs.case.validation import validate
from forankring_docs.pipeline import Renderer
from tests.fuzzing import (
    actor_names,
    check_input,
    dump_yaml,
    mutate,
    mutations,
    valid_cases,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SUITE = settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_LINE_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer.for_template(None)


def body_text(data: bytes) -> str:
    """All text of the document body, run after run (python-docx reopens the file)."""
    document = docx.Document(io.BytesIO(data))
    return "".join(t.text or "" for t in document.element.body.iter(f"{W}t"))


def visible_words(text: str) -> list[str]:
    """The words a reader sees: tabs are spaces and a leading "- " is a bullet."""
    words = []
    for line in _LINE_BREAKS.split(text.replace("\t", " ")):
        stripped = line.strip()
        words += (stripped[2:] if stripped.startswith("- ") else stripped).split()
    return words


@SUITE
@given(valid_cases())
def test_generated_valid_cases_validate_and_render_in_both_languages(
    renderer: Renderer, data: dict[str, Any]
) -> None:
    valid = validate(load_bytes(dump_yaml(data).encode("utf-8"), "case.yaml"))
    assert [a.name for a in valid.case.actors] == actor_names(data)
    for language in LANGUAGES:
        text = body_text(renderer.render(valid, formats=("docx",), language=language)["docx"])
        for name in actor_names(data):
            missing = [w for w in visible_words(name) if w not in text]
            assert not missing, f"{language}: {name!r} is not in the report ({missing})"


@SUITE
@given(valid_cases(), mutations(), st.sampled_from(LANGUAGES))
def test_mutated_cases_get_a_located_error_or_render(
    renderer: Renderer, data: dict[str, Any], ops: list[tuple[str, int, int, int]], language: str
) -> None:
    check_input(mutate(data, ops), renderer, (language,))


@settings(SUITE, max_examples=60)
@given(valid_cases(), mutations(max_size=2))
def test_mutations_never_crash_validation(
    renderer: Renderer, data: dict[str, Any], ops: list[tuple[str, int, int, int]]
) -> None:
    """Validation alone (cheap): more examples, every error located."""
    check_input(mutate(data, ops), renderer, languages=())
