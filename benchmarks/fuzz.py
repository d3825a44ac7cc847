"""The long fuzz run: many generated and mutated case files through validate and render.

    python benchmarks/fuzz.py                  # 3,000 inputs, a random seed
    python benchmarks/fuzz.py -n 20000 --seed 7 --crashes /tmp/fuzz-crashes

Each input is a valid case generated from the models (``tests/fuzzing.py``), dumped to YAML,
and, for most inputs, broken by up to four mutations (wrong types, broken references, deleted
or duplicated lines, inserted control characters, files cut short, ...). The contract: every
input gets a located error or validates, and whatever validates renders (both languages for
an unmutated case).

One input in five is a template folder instead: a labels file or a template of the built-in
folder broken by up to four mutations (format specs and Jinja that build huge values or loop
long, reach for internals, or are broken), given through the public entry points
(``templating.folder.load_labels``, ``Renderer.for_template``) with a valid case. The
contract: it renders, or a template error names the file.

Prints how many inputs were tried, valid and rendered; every crash (and
any input that takes longer than ``--timeout`` seconds) is saved with its traceback in the
crashes folder. Exit status 1 when there was a crash.

The run uses the hypothesis profile ``long`` (registered in ``tests/fuzzing.py``): no
shrinking, no example database, no health checks; ``-n`` sets its number of examples.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from forankring_docs.case.loader import load_bytes  # noqa: E402
from forankring_docs.case.model import LANGUAGES  # noqa: E402
from forankring_docs.case.validation import validate  # noqa: E402
from forankring_docs.pipeline import Renderer  # noqa: E402
from tests.fuzzing import (  # noqa: E402
    FuzzFailure,
    check_input,
    check_template_input,
    dump_yaml,
    mutate,
    mutations,
    template_files,
    valid_cases,
)


class InputTimeout(Exception):
    """One input took longer than the time allowed (a hang, for the fuzzer)."""


@dataclass(slots=True)
class Tally:
    tried: int = 0
    mutated: int = 0
    templates: int = 0  # template folders tried (labels files and templates)
    templates_refused: int = 0  # ... refused with a template error
    valid: int = 0
    refused: int = 0  # a located CaseError
    rendered: int = 0  # documents rendered
    slowest: float = 0.0
    crashes: list[Path] = field(default_factory=list)


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise InputTimeout


def run_one(
    raw: bytes, languages: tuple[str, ...], renderer: Renderer, tally: Tally, timeout: int
) -> None:
    started = time.perf_counter()
    signal.alarm(timeout)
    try:
        outcome = check_input(raw, renderer, languages)
    finally:
        signal.alarm(0)
    tally.slowest = max(tally.slowest, time.perf_counter() - started)
    if outcome.valid:
        tally.valid += 1
        tally.rendered += outcome.rendered
    else:
        tally.refused += 1


def save_crash(
    raw: bytes, error: BaseException, folder: Path, number: int, name: str | None = None
) -> Path:
    """The input (a case, or the template file ``name``) and its traceback beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    case = folder / f"crash-{number:05d}{'-' + name if name else '.yaml'}"
    case.write_bytes(raw)
    details = "".join(traceback.format_exception(error))
    case.with_name(case.name + ".txt").write_text(details, encoding="utf-8")
    return case


def run_template(
    name: str, raw: bytes, data: dict, language: str, tally: Tally, timeout: int, root: Path
) -> None:
    valid = validate(load_bytes(dump_yaml(data).encode("utf-8"), "case.yaml"))
    folder = root / f"template-{tally.templates}"
    tally.templates += 1
    started = time.perf_counter()
    signal.alarm(timeout)
    try:
        outcome = check_template_input(name, raw, valid, folder, language)
    finally:
        signal.alarm(0)
        shutil.rmtree(folder, ignore_errors=True)
    tally.slowest = max(tally.slowest, time.perf_counter() - started)
    tally.templates_refused += not outcome.valid


def fuzz(examples: int, seed_value: int | None, crashes: Path, timeout: int, root: Path) -> Tally:
    renderer = Renderer.for_template(None)
    tally = Tally()

    @settings(settings.get_profile("long"), max_examples=examples)
    @given(valid_cases(), mutations(), st.sampled_from(LANGUAGES), template_files())
    def one_input(data: dict, drawn: list, language: str, template: tuple[str, bytes]) -> None:
        kind = tally.tried % 5  # 0: the valid case itself; 1: a template folder; else mutated
        ops = drawn if kind > 1 else []
        raw = mutate(data, ops) if ops else dump_yaml(data).encode("utf-8")
        if kind == 1:
            raw = template[1]
        tally.tried += 1
        tally.mutated += bool(ops)
        languages = (language,) if ops else LANGUAGES  # a valid case: both languages
        try:
            if kind == 1:
                run_template(*template, data, language, tally, timeout, root)
                return
            before = tally.valid
            run_one(raw, languages, renderer, tally, timeout)
            if not ops and tally.valid == before:
                raise FuzzFailure("a generated valid case was refused")
        except Exception as exc:  # noqa: BLE001 - every failure is a finding
            name = template[0].replace("/", "-") if kind == 1 else None
            path = save_crash(raw, exc, crashes, len(tally.crashes) + 1, name)
            tally.crashes.append(path)
            print(f"crash: {type(exc).__name__}: {str(exc)[:200]} → {path}", file=sys.stderr)

    if seed_value is not None:
        one_input = seed(seed_value)(one_input)
    one_input()
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "-n", "--examples", type=int, default=3_000, help="how many inputs to try (default 3000)"
    )
    parser.add_argument("--seed", type=int, default=None, help="a seed, for a repeatable run")
    parser.add_argument(
        "--crashes",
        type=Path,
        default=Path("fuzz-crashes"),
        help="folder for crashing inputs (default ./fuzz-crashes)",
    )
    parser.add_argument(
        "--timeout",
        type=int,
        default=30,
        help="seconds one input may take before it counts as a hang",
    )
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _on_alarm)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as root:
        # Compiled templates of the fuzzed folders go to a cache of this run's own.
        os.environ["FORANKRING_CACHE_DIR"] = str(Path(root) / "cache")
        tally = fuzz(args.examples, args.seed, args.crashes, args.timeout, Path(root))
    elapsed = time.perf_counter() - started
    print(
        f"tried {tally.tried} inputs ({tally.tried - tally.mutated} generated, "
        f"{tally.mutated} mutated) in {elapsed:.0f} s"
    )
    print(
        f"valid: {tally.valid}; refused with a located error: {tally.refused}; "
        f"documents rendered: {tally.rendered}"
    )
    print(
        f"template folders (labels files and templates): {tally.templates}; "
        f"refused with a template error: {tally.templates_refused}"
    )
    print(
        f"slowest input: {tally.slowest:.2f} s; crashes: {len(tally.crashes)}"
        + (f" (saved in {args.crashes})" if tally.crashes else "")
    )
    return 1 if tally.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
