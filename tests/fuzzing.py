"""Fuzzing helpers shared by ``tests/test_fuzz.py`` and ``benchmarks/fuzz.py``.

* :func:`valid_cases`: a hypothesis strategy for VALID case data (all four phases, consistent
  references, anchorings that obey the rules) with arbitrary Word-safe text, including text
  that looks like markup or Jinja, emoji, right-to-left text, tabs, bullets and long words.
* :func:`mutations` and :func:`mutate`: break a valid case the way people and programs break
  files: values of the wrong type, broken references, deleted keys, duplicated items, and on
  the YAML text lines deleted, duplicated or swapped, characters inserted (control
  characters, byte-order marks, U+0085, tabs, YAML syntax), files cut short.
* :func:`check_input`: the contract: a located :class:`CaseError`, or a case that validates
  AND renders. Any other outcome raises :class:`FuzzFailure`.

The hypothesis profile ``long`` (registered here) is for the long run of
``benchmarks/fuzz.py``; the test suite uses its own small, derandomized settings.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from forankring_docs.case.loader import load_bytes
from forankring_docs.case.model import (
    ACTIVITY_STATUSES,
    ACTIVITY_TYPES,
    ACTOR_TYPES,
    ANCHOR_CHOICES,
    BOARD_ROLES,
    BUILTIN_TASK_TYPES,
    CONCEPTS,
    CONCLUSIONS,
    ELEMENT_TYPES,
    FORUMS,
    LANGUAGES,
    LEVELS,
    ORGANISATION_FORMS,
    PLACEMENTS,
    PRIORITIES,
    SECTORS,
    STATUSES,
    TAKE_ON,
)
from forankring_docs.case.validation import ValidCase, validate
from forankring_docs.diagnostics import CaseError
from forankring_docs.pipeline import Renderer

settings.register_profile(
    "long",
    max_examples=3_000,
    deadline=None,
    database=None,
    phases=(Phase.generate,),  # no shrinking: every crash is saved as generated
    suppress_health_check=list(HealthCheck),
)

# ------------------------------------------------------------------ text
# Characters a Word document cannot hold; case-format.md makes them errors.
# (A carriage return is one of them: in a value it can only come from a \r escape.)
FORBIDDEN = "".join(map(chr, [*range(0, 9), *range(11, 32), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF]))
WORD_SAFE = st.characters(blacklist_categories=("Cs",), blacklist_characters=FORBIDDEN)
SPECIAL_TEXT = (
    "<b>",
    "</p>",
    "<script>",
    "{{ x }}",
    "{{ 7*7 }}",
    "{% if x %}",
    "{#",
    "&amp;",
    "&lt;",
    "<!--@ x:1 -->",
    "😀",
    "👨‍👩‍👧",
    "שלום עולם",
    "مرحبا بالعالم",
    "\u200f",
    "\t",
    "\n",
    "\n\n",
    "\n- ",
    "- ",
    "• ",
    "a@b.dk",
    "https://example.dk/x?a=1&b=2",
    "www.x.dk",
    "  ",
    "Projektmedarbejderkoordinationsfunktion" * 5,
    "Æbleø",
    "'",
    '"',
    "\\",
    ": ",
    " #",
    "%",
    "@",
    "`",
    "|",
    ">",
    "*",
    "&",
    "!",
    "---",
    "...",
    "\u2028",
    "\ufeff",
    "1.10",
    "2024-01-01",
    "null",
    "~",
    "yes",
)
_piece = st.one_of(st.text(WORD_SAFE, min_size=1, max_size=12), st.sampled_from(SPECIAL_TEXT))
text = st.lists(_piece, max_size=5).map("".join)
_word = st.text(
    st.characters(whitelist_categories=("Lu", "Ll", "Lo", "Nd")), min_size=1, max_size=10
)
required_text = st.builds(lambda a, b, c: f"{a}{b}{c}", text, _word, text)
ids = st.from_regex(re.compile(r"[a-z0-9æøå][a-z0-9æøå_-]{0,12}"), fullmatch=True)
_dates = st.dates()
date_values = st.one_of(_dates, _dates.map(dt.date.isoformat))
amounts = st.one_of(st.integers(0, 10**7), st.integers(0, 40_000).map(lambda n: n / 4))


def _ordered_dates(draw: st.DrawFn) -> tuple[Any, Any]:
    first, second = sorted([draw(_dates), draw(_dates)])
    as_text = draw(st.booleans())
    return (first.isoformat(), second.isoformat()) if as_text else (first, second)


def _maybe(draw: st.DrawFn, target: dict[str, Any], key: str, strategy: Any) -> None:
    """Set ``target[key]`` to a drawn value about half of the time."""
    if draw(st.booleans()):
        target[key] = draw(strategy)


def _subset(draw: st.DrawFn, items: list[str], max_size: int = 4) -> list[str]:
    if not items:
        return []
    return draw(st.lists(st.sampled_from(items), unique=True, max_size=max_size))


# ------------------------------------------------------------------ valid cases
def _meta(draw: st.DrawFn) -> dict[str, Any]:
    start, end = _ordered_dates(draw)
    meta: dict[str, Any] = {
        "indsats": draw(required_text),
        "boligområde": draw(required_text),
        "periode": {"start": start, "slut": end},
    }
    _maybe(draw, meta, "titel", text)
    _maybe(draw, meta, "afdelinger", st.lists(text, max_size=3))
    _maybe(draw, meta, "kommune", text)
    _maybe(draw, meta, "boligorganisationer", st.lists(text, max_size=3))
    _maybe(
        draw,
        meta,
        "projektleder",
        st.fixed_dictionaries(
            {"navn": required_text}, optional={"organisation": text, "email": text, "telefon": text}
        ),
    )
    _maybe(
        draw,
        meta,
        "styregruppe",
        st.lists(
            st.fixed_dictionaries(
                {"navn": required_text},
                optional={"organisation": text, "rolle": st.sampled_from(BOARD_ROLES)},
            ),
            max_size=3,
        ),
    )
    _maybe(draw, meta, "version", text)
    _maybe(draw, meta, "dato", date_values)
    _maybe(draw, meta, "status", st.sampled_from(STATUSES))
    _maybe(draw, meta, "indstilling", text)
    _maybe(draw, meta, "næste_skridt", text)
    _maybe(draw, meta, "sprog", st.sampled_from(LANGUAGES))
    return meta


def _phase1(draw: st.DrawFn, element_ids: list[str], task_ids: list[str]) -> dict[str, Any]:
    own_types = draw(
        st.lists(ids.filter(lambda i: i not in BUILTIN_TASK_TYPES), unique=True, max_size=2)
    )
    task_types = [*BUILTIN_TASK_TYPES, *own_types]
    elements = []
    for ident in element_ids:
        element: dict[str, Any] = {"id": ident, "navn": draw(required_text)}
        _maybe(draw, element, "type", st.sampled_from(ELEMENT_TYPES))
        _maybe(draw, element, "beskrivelse", text)
        _maybe(draw, element, "resultater", st.lists(text, max_size=3))
        _maybe(draw, element, "forankres", st.sampled_from(ANCHOR_CHOICES))
        _maybe(draw, element, "begrundelse", text)
        elements.append(element)
    tasks = []
    for ident in task_ids:
        task: dict[str, Any] = {
            "id": ident,
            "navn": draw(required_text),
            "element": draw(st.sampled_from(element_ids)),
            "opgavetype": draw(st.sampled_from(task_types)),
        }
        _maybe(draw, task, "beskrivelse", text)
        _maybe(draw, task, "målgruppe", text)
        _maybe(draw, task, "nuværende_udfører", text)
        _maybe(
            draw,
            task,
            "ressourcer",
            st.fixed_dictionaries(
                {}, optional={"timer_pr_uge": amounts, "kr_pr_år": amounts, "lokaler": text}
            ),
        )
        _maybe(draw, task, "prioritet", st.sampled_from(PRIORITIES))
        tasks.append(task)
    phase: dict[str, Any] = {"hvorfor": draw(required_text), "hvad": elements}
    if tasks or draw(st.booleans()):
        phase["opgaver"] = tasks
    if own_types:
        phase["opgavetyper"] = {ident: draw(required_text) for ident in own_types}
    return phase


def _phase2(draw: st.DrawFn, actor_ids: list[str], task_ids: list[str]) -> dict[str, Any]:
    actors = []
    for ident in actor_ids:
        actor: dict[str, Any] = {
            "id": ident,
            "navn": draw(required_text),
            "type": draw(st.sampled_from(ACTOR_TYPES)),
        }
        _maybe(draw, actor, "forvaltning", text)
        _maybe(draw, actor, "sektor", st.sampled_from(SECTORS))
        _maybe(draw, actor, "placering", st.sampled_from(PLACEMENTS))
        _maybe(draw, actor, "kontaktperson", text)
        _maybe(draw, actor, "ressourcer", st.lists(text, max_size=3))
        _maybe(draw, actor, "kan_bidrage_med", text)
        takes = _subset(draw, task_ids)
        if takes or draw(st.booleans()):
            actor["opgaver"] = {t: draw(st.sampled_from(TAKE_ON)) for t in takes}
        actors.append(actor)
    return {"aktører": actors}


_score_number = st.one_of(st.none(), st.integers(1, 4))
_score = st.one_of(
    _score_number,
    st.fixed_dictionaries(
        {"score": _score_number}, optional={"begrundelse": text, "udviklingsbehov": text}
    ),
)


def _analyses(draw: st.DrawFn, actor_ids: list[str]) -> list[dict[str, Any]]:
    analyses = []
    for ident in _subset(draw, actor_ids, max_size=len(actor_ids)):
        analysis = {
            "aktør": ident,
            **{c: draw(_score) for c in CONCEPTS},
            "konklusion": draw(st.sampled_from(CONCLUSIONS)),
        }
        _maybe(draw, analysis, "samlet_vurdering", text)
        analyses.append(analysis)
    return analyses


def _anchorings(draw: st.DrawFn, actor_ids: list[str], task_ids: list[str]) -> list[dict[str, Any]]:
    """Disjoint groups of tasks, each with exactly one hovedansvarlig; a netværk has at least
    two actors, an enkeltaktør no medansvarlig."""
    if not actor_ids or not task_ids:
        return []
    chosen = _subset(draw, task_ids, max_size=len(task_ids))
    anchorings = []
    while chosen:
        size = draw(st.integers(1, len(chosen)))
        group, chosen = chosen[:size], chosen[size:]
        model = "netværk" if len(actor_ids) > 1 and draw(st.booleans()) else "enkeltaktør"
        members = draw(st.permutations(actor_ids))
        count = draw(st.integers(2 if model == "netværk" else 1, len(members)))
        others = st.sampled_from(
            ("medansvarlig", "bidragyder") if model == "netværk" else ("bidragyder",)
        )
        actors = []
        for position, actor in enumerate(members[:count]):
            entry = {"aktør": actor, "rolle": "hovedansvarlig" if position == 0 else draw(others)}
            _maybe(draw, entry, "ansvar", text)
            if position and draw(st.booleans()):  # a role's own tasks; never the lead's
                entry["opgaver"] = _subset(draw, group, max_size=len(group))
            actors.append(entry)
        actors = draw(st.permutations(actors))
        anchoring: dict[str, Any] = {"opgaver": group, "model": model, "aktører": actors}
        _maybe(draw, anchoring, "organiseringsform", st.sampled_from(ORGANISATION_FORMS))
        _maybe(draw, anchoring, "overdragelse", date_values)
        _maybe(draw, anchoring, "koordinering", text)
        if count > 1 and draw(st.booleans()):
            anchoring["snitflader"] = _interfaces(draw, members[:count])
        anchorings.append(anchoring)
    return anchorings


def _interfaces(draw: st.DrawFn, members: list[str]) -> list[dict[str, Any]]:
    """Interfaces between two different actors of one anchoring."""
    out = []
    for _ in range(draw(st.integers(0, 3))):
        source, target = draw(st.permutations(members))[:2]
        interface: dict[str, Any] = {"fra": source, "til": target, "hvad": draw(required_text)}
        _maybe(draw, interface, "hvornår", text)
        _maybe(draw, interface, "forum", text)
        out.append(interface)
    return out


def _risks(draw: st.DrawFn, actor_ids: list[str], task_ids: list[str]) -> list[dict[str, Any]]:
    out = []
    for _ in range(draw(st.integers(0, 3))):
        risk: dict[str, Any] = {"risiko": draw(required_text), "håndtering": draw(required_text)}
        _maybe(draw, risk, "sandsynlighed", st.sampled_from(LEVELS))
        _maybe(draw, risk, "konsekvens", st.sampled_from(LEVELS))
        _maybe(draw, risk, "ejer", text)
        if draw(st.booleans()):
            risk["aktører"] = _subset(draw, actor_ids)
        if draw(st.booleans()):
            risk["opgaver"] = _subset(draw, task_ids)
        out.append(risk)
    return out


def _phase4(draw: st.DrawFn, actor_ids: list[str], task_ids: list[str]) -> dict[str, Any]:
    activity_ids = draw(st.lists(ids, unique=True, max_size=4))
    activities = []
    for number in range(draw(st.integers(0, 4))):
        activity: dict[str, Any] = {"navn": draw(required_text)}
        if number < len(activity_ids):
            activity["id"] = activity_ids[number]
        _maybe(draw, activity, "type", st.sampled_from(ACTIVITY_TYPES))
        activity["aktører"] = _subset(draw, actor_ids)
        activity["opgaver"] = _subset(draw, task_ids)
        activity["styrker"] = _subset(draw, list(CONCEPTS))
        _maybe(draw, activity, "ansvarlig", text)
        if draw(st.booleans()):
            activity["start"], activity["deadline"] = _ordered_dates(draw)
        _maybe(draw, activity, "succeskriterium", text)
        _maybe(draw, activity, "ressourcer", text)
        _maybe(draw, activity, "status", st.sampled_from(ACTIVITY_STATUSES))
        activities.append(activity)
    phase: dict[str, Any] = {"aktiviteter": activities}
    _maybe(
        draw,
        phase,
        "opfølgning",
        st.fixed_dictionaries(
            {"forum": st.sampled_from(FORUMS), "frekvens": required_text},
            optional={"næste_møde": date_values},
        ),
    )
    if draw(st.booleans()):
        phase["risici"] = _risks(draw, actor_ids, task_ids)
    return phase


@st.composite
def valid_cases(draw: st.DrawFn) -> dict[str, Any]:
    """Case data that must validate and render."""
    element_ids = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    task_ids = draw(st.lists(ids, max_size=6, unique=True))
    actor_ids = draw(st.lists(ids, max_size=5, unique=True))
    case: dict[str, Any] = {
        "format": 1,
        "meta": _meta(draw),
        "fase1": _phase1(draw, element_ids, task_ids),
    }
    phases = {
        "fase2": _phase2(draw, actor_ids, task_ids) if actor_ids else None,
        "fase3": {
            "analyser": _analyses(draw, actor_ids),
            "forankring": _anchorings(draw, actor_ids, task_ids),
        },
        "fase4": _phase4(draw, actor_ids, task_ids),
    }
    for key, value in phases.items():
        how = draw(st.sampled_from(["full", "full", "full", "missing", "empty", "braces"]))
        if value is None or how == "missing":
            continue
        case[key] = value if how == "full" else (None if how == "empty" else {})
    if not case.get("fase2"):
        _drop_actor_references(case)
    return case


def _drop_actor_references(case: dict[str, Any]) -> None:
    """Without fase2 there are no actors to refer to: leave the references out."""
    phase3 = case.get("fase3")
    if phase3:
        phase3["analyser"] = []
        phase3["forankring"] = []
    phase4 = case.get("fase4")
    if phase4:
        for item in (*phase4["aktiviteter"], *phase4.get("risici", [])):
            item["aktører"] = []


def actor_names(data: dict[str, Any]) -> list[str]:
    phase2 = data.get("fase2")
    if not isinstance(phase2, dict):
        return []
    return [a["navn"] for a in phase2.get("aktører", [])]


# ------------------------------------------------------------------ YAML
def dump_yaml(data: object) -> str:
    """Block-style YAML (ruamel's flow style emits ``{a: :0}``, which parsers refuse)."""
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.default_flow_style = False
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


# ------------------------------------------------------------------ mutations
DATA_OPS = ("wrong_type", "break_reference", "delete_key", "duplicate_item")
TEXT_OPS = (
    "delete_line",
    "duplicate_line",
    "swap_lines",
    "insert",
    "truncate",
    "indent",
    "replace_value",
)
WRONG_VALUES: tuple[object, ...] = (
    ["x", "y"],
    {"a": "b"},
    {"navn": ["x"]},
    42,
    -1,
    3.5,
    None,
    "",
    True,
    [],
    {},
    "2024-13-45",
    "x" * 1000,
    [{"navn": "x"}],
    [[["x"]]],
    "Lektiecafé",
    "0",
)
NASTY = (
    "\t",
    "\x00",
    "\x01",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9f",
    "\ufeff",
    "\ufffe",
    "\u2028",
    "\u2029",
    "\ud800",
    "\r",
    "\r\n",
    "\n",
    ": ",
    "- ",
    "&a ",
    "*a",
    "!!python/object/apply:os.system ",
    "!x ",
    "<<: ",
    "[",
    "]",
    "{",
    "}",
    "'",
    '"',
    "#",
    "%",
    "@",
    "`",
    "|",
    ">",
    "? ",
    "---\n",
    "...\n",
    "\\",
    "é",
    "😀",
    " ",
    "~",
    "null",
    ",",
    "{{ 7*7 }}",
    "<b>",
)
mutation = st.tuples(
    st.sampled_from(DATA_OPS + TEXT_OPS),
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.sampled_from(range(max(len(NASTY), len(WRONG_VALUES)))),
)


def mutations(max_size: int = 4) -> st.SearchStrategy[list[tuple[str, int, int, int]]]:
    return st.lists(mutation, min_size=1, max_size=max_size)


def mutate(data: dict[str, Any], ops: list[tuple[str, int, int, int]]) -> bytes:
    """The case with ``ops`` applied: data-level ones first, then text-level ones."""
    data = copy.deepcopy(data)
    for op, a, b, c in ops:
        if op in DATA_OPS:
            _mutate_data(data, op, a, b, c)
    text = dump_yaml(data)
    for op, a, b, c in ops:
        if op in TEXT_OPS:
            text = _mutate_text(text, op, a, b, NASTY[c % len(NASTY)])
    return text.encode("utf-8", "surrogatepass")


def _walk(value: object, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], object]]:
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index))


def _set(data: object, path: tuple[Any, ...], value: object) -> None:
    parent = data
    for part in path[:-1]:
        parent = parent[part]  # type: ignore[index]
    parent[path[-1]] = value  # type: ignore[index]


_REFERENCE = re.compile(
    r"fase1\.opgaver\.\d+\.(element|opgavetype)|fase2\.aktører\.\d+\.opgaver|"
    r"fase3\.analyser\.\d+\.aktør|fase3\.forankring\.\d+\.(opgaver\.\d+|"
    r"aktører\.\d+\.(aktør|opgaver\.\d+)|snitflader\.\d+\.(fra|til))|"
    r"fase4\.(aktiviteter|risici)\.\d+\.(aktører|opgaver)\.\d+"
)


def _mutate_data(data: dict[str, Any], op: str, a: int, b: int, c: int) -> None:
    paths = [(p, v) for p, v in _walk(data) if p]
    if op == "wrong_type":
        path, _ = paths[a % len(paths)]
        _set(data, path, copy.deepcopy(WRONG_VALUES[c % len(WRONG_VALUES)]))
    elif op == "break_reference":
        refs = [(p, v) for p, v in paths if _REFERENCE.fullmatch(".".join(map(str, p)))]
        if not refs:
            return
        path, value = refs[a % len(refs)]
        all_ids = [v for p, v in paths if p[-1] == "id" and isinstance(v, str)]
        other = all_ids[b % len(all_ids)] if all_ids and b % 2 else "findes-ikke"
        if isinstance(value, dict):  # an actor's task mapping: rename one of its keys
            if value:
                key = list(value)[b % len(value)]
                value[other] = value.pop(key)
        else:
            _set(data, path, other)
    elif op == "delete_key":
        mappings = [(p, v) for p, v in _walk(data) if isinstance(v, dict) and v]
        if mappings:
            _, mapping = mappings[a % len(mappings)]
            del mapping[list(mapping)[b % len(mapping)]]  # type: ignore[index]
    elif op == "duplicate_item":
        lists = [v for _, v in _walk(data) if isinstance(v, list) and v]
        if lists:
            items = lists[a % len(lists)]
            items.append(copy.deepcopy(items[b % len(items)]))  # type: ignore[index]


def _mutate_text(text: str, op: str, a: int, b: int, nasty: str) -> str:
    lines = text.split("\n")
    i, j = a % len(lines), b % len(lines)
    if op == "delete_line" and len(lines) > 1:
        del lines[i]
    elif op == "duplicate_line":
        lines.insert(i, lines[i])
    elif op == "swap_lines":
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "insert":
        at = b % (len(lines[i]) + 1)
        lines[i] = lines[i][:at] + nasty + lines[i][at:]
    elif op == "truncate":
        return text[: a % (len(text) + 1)]
    elif op == "indent":
        lines[i] = lines[i][1:] if b % 2 and lines[i].startswith(" ") else " " + lines[i]
    elif op == "replace_value" and ":" in lines[i]:
        lines[i] = f"{lines[i].split(':', 1)[0]}: {nasty}"
    return "\n".join(lines)


# ------------------------------------------------------------------ template folders
# What a user may put in a labels file or a template: Python format specs and Jinja that
# build huge values or loop long, reach for internals, or are simply broken.
LABEL_NASTY = (
    "{day[0]}",
    "{day.real}",
    "{day:{month}}",
    "{day:>1000000000}",
    "{n:,>99999999}",
    "{}",
    "{0}",
    "{",
    "}",
    "{{",
    "{nope}",
    "{n!r}",
    "&a ",
    "*a",
    "<<: ",
    "!!python/name:os.system ",
    "[" * 60,
    "{a: " * 60,
    "\t",
    "\x00",
    "\u2028",
    "'",
    '"',
    ": ",
    "- ",
    "",
)
TEMPLATE_NASTY = (
    "{{ 'x' * 1000000000 }}",
    "{{ 'x' ~ 'y' * 99999999 }}",
    "{{ ''.ljust(1000000000) }}",
    "{{ '{:>999999999}'.format(1) }}",
    "{{ '%999999999d' % 1 }}",
    "{{ 'a b'|indent(999999999) }}",
    "{{ range(99999999)|join(',') }}",
    "{% for i in range(999999999) %}{% endfor %}",
    "{{ ''.__class__.__mro__ }}",
    "{{ lipsum.__globals__ }}",
    "{% include '../../../etc/passwd' %}",
    "{% include 'nope.html.j2' %}",
    "{% extends 'report.html.j2' %}",
    "{{ 9 ** 9 ** 9 }}",
    "{{ nope.nope }}",
    "{{ 1 / 0 }}",
    "{%",
    "{{",
    "{% if %}",
    "{% endfor %}",
    "<table><tr><td>",
    "<script>",
    "<p>",
    "</p>",
    "{# ",
)
LABELS_FILES = ("labels/da.yaml", "labels/en.yaml", "labels/warnings.da.yaml")
TEMPLATE_FILES = (
    "partials/risks.html.j2",
    "partials/cover.html.j2",
    "partials/tasks.html.j2",
    "report.html.j2",
)


@st.composite
def template_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A labels file or a template of the built-in folder, broken by up to four mutations:
    (its name in a template folder, its bytes)."""
    from forankring_docs.templating.folder import builtin_template_dir

    name = draw(st.sampled_from(LABELS_FILES + TEMPLATE_FILES))
    nasty = LABEL_NASTY if name.startswith("labels/") else TEMPLATE_NASTY
    text = (builtin_template_dir() / name).read_text(encoding="utf-8")
    ops = draw(
        st.lists(
            st.tuples(
                st.sampled_from(TEXT_OPS),
                st.integers(0, 10**6),
                st.integers(0, 10**6),
                st.sampled_from(nasty),
            ),
            min_size=1,
            max_size=4,
        )
    )
    for op, a, b, inserted in ops:
        text = _mutate_text(text, op, a, b, inserted)
    return name, text.encode("utf-8", "surrogatepass")


# ------------------------------------------------------------------ the contract
class FuzzFailure(AssertionError):
    """An input for which the tool broke its contract."""


@dataclass(frozen=True, slots=True)
class Outcome:
    valid: bool
    rendered: int  # documents rendered (one per language tried)


_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def check_input(raw: bytes, renderer: Renderer, languages: tuple[str, ...] = ("da",)) -> Outcome:
    """Validate ``raw``; a CaseError must be located, a valid case must render."""
    try:
        valid = validate(load_bytes(raw, "case.yaml"))
    except CaseError as exc:
        _check_located(exc, raw)
        return Outcome(False, 0)
    except Exception as exc:
        raise FuzzFailure(f"validation crashed: {type(exc).__name__}: {exc}") from exc
    return Outcome(True, render_all_languages(valid, renderer, languages))


def _check_located(exc: CaseError, raw: bytes) -> None:
    lines = len(_BREAKS.split(raw.decode("utf-8", "replace"))) + 1
    if not exc.diagnostics:
        raise FuzzFailure("a CaseError without diagnostics")
    for d in exc.diagnostics:
        if not (1 <= d.line <= lines and d.column >= 1 and d.message):
            raise FuzzFailure(f"badly located diagnostic: {d}")


def render_all_languages(valid: ValidCase, renderer: Renderer, languages: tuple[str, ...]) -> int:
    for language in languages:
        try:
            renderer.render(valid, formats=("docx", "html"), language=language)
        except Exception as exc:
            raise FuzzFailure(
                f"a valid case did not render ({language}): {type(exc).__name__}: {exc}"
            ) from exc
    return len(languages)


def check_template_input(
    name: str, raw: bytes, valid: ValidCase, folder: Path, language: str = "da"
) -> Outcome:
    """A template folder ``folder`` (a fresh one: renderers are kept per folder) holding
    ``raw`` as ``name``: its labels load and the case renders, or a TemplateError names the
    file; anything else is a failure."""
    from forankring_docs.errors import ForankringError
    from forankring_docs.templating.folder import TemplateFolder, load_labels

    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    try:
        if name.startswith("labels/"):
            load_labels(TemplateFolder.of(folder), language)
        Renderer.for_template(folder).render(valid, formats=("docx", "html"), language=language)
    except ForankringError as exc:
        text = str(exc)
        if not text.strip() or "internal error" in text or "Traceback" in text:
            raise FuzzFailure(f"a template error that says nothing: {text!r}") from exc
        return Outcome(False, 0)
    except Exception as exc:
        raise FuzzFailure(f"{name}: {type(exc).__name__}: {exc}") from exc
    return Outcome(True, 1)
