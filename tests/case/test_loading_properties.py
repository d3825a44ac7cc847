"""Property tests for loading and validation: valid cases load as written; broken files only
ever give located case errors (never another exception, never a hang)."""

from __future__ import annotations

import io
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from forankring_docs.case.loader import load_bytes
from forankring_docs.case.model import ACTOR_TYPES, CONCEPTS, ELEMENT_TYPES, TAKE_ON
from forankring_docs.case.validation import validate
from forankring_docs.diagnostics import CaseError
from tests.conftest import MINIMAL

WORD_SAFE = st.characters(  # case-format.md: no C0 control but tab and newline, so no CR
    blacklist_categories=("Cs",),
    blacklist_characters="".join(
        map(chr, [*range(0, 9), *range(11, 32), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF, 0x2028, 0x2029])
    ),
)
text = st.text(WORD_SAFE, max_size=60)
required_text = text.filter(lambda s: s.strip() != "")
ids = st.from_regex(re.compile(r"[a-z0-9æøå][a-z0-9æøå_-]{0,12}"), fullmatch=True)
dates = st.dates().map(lambda d: d.isoformat())


@st.composite
def valid_cases(draw: st.DrawFn) -> dict:
    element_ids = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    task_ids = draw(st.lists(ids, max_size=5, unique=True))
    actor_ids = draw(st.lists(ids, max_size=4, unique=True))
    start, end = sorted([draw(dates), draw(dates)])
    case: dict = {
        "format": 1,
        "meta": {
            "indsats": draw(required_text),
            "boligområde": draw(required_text),
            "periode": {"start": start, "slut": end},
            "version": draw(text),
            "kommune": draw(text),
        },
        "fase1": {
            "hvorfor": draw(required_text),
            "hvad": [
                {
                    "id": e,
                    "navn": draw(required_text),
                    "type": draw(st.sampled_from(ELEMENT_TYPES)),
                    "beskrivelse": draw(text),
                }
                for e in element_ids
            ],
            "opgaver": [
                {
                    "id": t,
                    "navn": draw(required_text),
                    "element": draw(st.sampled_from(element_ids)),
                    "opgavetype": "aktivitet",
                }
                for t in task_ids
            ],
        },
    }
    if actor_ids:
        case["fase2"] = {
            "aktører": [
                {
                    "id": a,
                    "navn": draw(required_text),
                    "type": draw(st.sampled_from(ACTOR_TYPES)),
                    "opgaver": {
                        t: draw(st.sampled_from(TAKE_ON))
                        for t in draw(st.lists(st.sampled_from(task_ids), unique=True, max_size=3))
                    }
                    if task_ids
                    else {},
                }
                for a in actor_ids
            ]
        }
        case["fase3"] = {
            "analyser": [
                {
                    "aktør": a,
                    **{c: draw(st.one_of(st.none(), st.integers(1, 4))) for c in CONCEPTS},
                    "konklusion": "egnet",
                }
                for a in actor_ids
            ]
        }
    return case


def dump(data: dict) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.default_flow_style = False  # ruamel emits `{a: :0}`, which YAML parsers refuse
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_cases())
def test_generated_valid_cases_load_with_text_as_written(data: dict) -> None:
    valid = validate(load_bytes(dump(data).encode("utf-8"), "case.yaml"))
    case = valid.case
    assert case.meta.initiative == data["meta"]["indsats"]
    assert case.meta.version == data["meta"]["version"]
    assert [e.name for e in case.elements] == [e["navn"] for e in data["fase1"]["hvad"]]
    assert [a.id for a in case.actors] == [
        a["id"] for a in data.get("fase2", {}).get("aktører", [])
    ]


MUTATIONS = st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate", "replace"])
NASTY = st.sampled_from(
    [
        "\t",
        "\x00",
        "\ufeff",
        "\x85",
        ": ",
        "- ",
        "&a ",
        "*a",
        "[",
        "{",
        "'",
        '"',
        "#",
        "!!python/object ",
        "<<: ",
        "\r",
        "\u2028",
        "é",
        "---\n",
    ]
)


def mutate(text: str, ops: list[tuple[str, int, int, str]]) -> str:
    lines = text.split("\n")
    for op, i, j, nasty in ops:
        i %= len(lines)
        j %= len(lines)
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            at = j % (len(lines[i]) + 1)
            lines[i] = lines[i][:at] + nasty + lines[i][at:]
        elif op == "truncate":
            lines = lines[: i + 1]
            lines[-1] = lines[-1][: j % (len(lines[-1]) + 1)]
        elif op == "replace" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {nasty}"
    return "\n".join(lines)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(MUTATIONS, st.integers(0, 10_000), st.integers(0, 10_000), NASTY),
        min_size=1,
        max_size=4,
    )
)
def test_mutated_files_give_located_errors_or_pass(ops: list[tuple[str, int, int, str]]) -> None:
    broken = mutate(MINIMAL, ops)
    # Lines as YAML (and most editors) count them: CR, NEL and LS/PS break lines too.
    lines = len(re.split("\r\n|[\r\n\x85\u2028\u2029]", broken)) + 1
    try:
        validate(load_bytes(broken.encode("utf-8", "surrogatepass"), "case.yaml"))
    except CaseError as exc:
        assert exc.diagnostics
        for d in exc.diagnostics:
            assert 1 <= d.line <= lines, d
            assert d.column >= 1, d
            assert d.message


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(raw: bytes) -> None:
    try:
        validate(load_bytes(raw, "case.yaml"))
    except CaseError as exc:
        assert all(d.line >= 1 and d.column >= 1 for d in exc.diagnostics)
