"""Time and peak memory of validate and render on hostile inputs (issue #12, items 1-3).

    python benchmarks/bench_limits.py            # every input
    python benchmarks/bench_limits.py links      # the inputs whose name holds "links"

Each input is written to a temporary folder and given to the ``forankring`` command of this
checkout in a child process of its own, so that the peak memory (the child's ru_maxrss) is
the command's alone. Prints per input and command: the seconds, the peak memory in MB, the
exit status and the first line of what it said.

* nesting-flow, nesting-map: ``[[[…]]]`` and ``{a: {a: …}}`` 100,000 levels deep.
* links: a valid case with 20,000 different web addresses in one text.
* timeline: a case of about 2 MB, thousands of activities over centuries.
* matrix: a case of about 2 MB, thousands of actors × tasks.
* timeline-max, matrix-max, tasks-max: the most activities, actors and marks, and tasks that a
  valid case may hold (``forankring_docs/case/limits.py``), which must render.
* real: the size real cases reach (40 tasks, 25 actors, 35 activities), for comparison.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.casegen import generate_case  # noqa: E402

try:  # the limits of a case (absent before issue #12; then the same figures)
    from forankring_docs.case.limits import MAX_ACTIVITIES, MAX_ACTORS, MAX_MAPPINGS, MAX_TASKS
except ImportError:
    MAX_ACTIVITIES, MAX_ACTORS, MAX_MAPPINGS, MAX_TASKS = 2_000, 1_000, 10_000, 15_000

DEPTH = 100_000
LINKS = 20_000
COMMAND = [sys.executable, "-c", "from forankring_docs.cli import main; main()"]


def _with_departments(value: str) -> str:
    case = generate_case()
    return case.replace(
        "  kommune: Egeby Kommune\n", f"  kommune: Egeby Kommune\n  afdelinger: {value}\n"
    )


def nesting_flow() -> str:
    return _with_departments("[" * DEPTH + "]" * DEPTH)


def nesting_map() -> str:
    return _with_departments("{a: " * DEPTH + "1" + "}" * DEPTH)


def links() -> str:
    addresses = " ".join(f"https://example{i}.dk/side" for i in range(LINKS))
    first = "    Evalueringen viser gode resultater."
    return generate_case().replace(first, f"{first} {addresses}")


def timeline() -> str:
    return generate_case(tasks=40, actors=25, activities=6_000)


def matrix() -> str:
    return generate_case(tasks=2_400, actors=2_400, activities=35)


def timeline_max() -> str:
    """The most activities a case may hold (case/limits.py), over about a century."""
    return generate_case(tasks=40, actors=25, activities=MAX_ACTIVITIES)


def matrix_max() -> str:
    """The most actors and marks a case may hold, each actor's marks spread over the parts
    of the mapping matrix (so that each adds a row to a continued part)."""
    tasks, actors = 1_000, MAX_ACTORS
    per_actor = MAX_MAPPINGS // actors
    case = generate_case(tasks=tasks, actors=actors, activities=35)
    lines = case.split("\n")
    marked = 0
    for i, line in enumerate(lines):
        if line.startswith("      opgaver: {t"):
            marks = (
                f"t{(k * tasks // per_actor + marked) % tasks}: fuldt" for k in range(per_actor)
            )
            lines[i] = "      opgaver: {" + ", ".join(marks) + "}"
            marked += 1
    return "\n".join(lines)


def tasks_max() -> str:
    """The most tasks a case may hold, as short as they can be written."""
    tasks = "".join(
        f"    - {{id: x{i}, navn: Opgave {i}, element: e0, opgavetype: drift}}\n"
        for i in range(MAX_TASKS - 40)
    )
    return generate_case().replace("  opgaver:\n", "  opgaver:\n" + tasks, 1)


def real() -> str:
    return generate_case()


INPUTS: dict[str, Callable[[], str]] = {
    "nesting-flow": nesting_flow,
    "nesting-map": nesting_map,
    "links": links,
    "timeline": timeline,
    "matrix": matrix,
    "timeline-max": timeline_max,
    "matrix-max": matrix_max,
    "tasks-max": tasks_max,
    "real": real,
}


def run(arguments: list[str], cwd: Path) -> tuple[float, float, int, str]:
    """Seconds, peak MB, exit status and the first line of output of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [*COMMAND, *arguments],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    output = child.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    first = next((ln for ln in output.splitlines() if ln.strip()), "")
    return elapsed, usage.ru_maxrss / 1024, child.returncode, first[:110]


def main() -> int:
    chosen = [n for n in INPUTS if not sys.argv[1:] or any(a in n for a in sys.argv[1:])]
    print(f"{'input':<13} {'size':>8} {'command':<9} {'seconds':>8} {'peak MB':>8} exit  said")
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        for name in chosen:
            case = here / f"{name}.yaml"
            case.write_text(INPUTS[name](), encoding="utf-8")
            size = f"{case.stat().st_size / 1e6:.2f}MB"
            for command in ("validate", "render"):
                arguments = [command, str(case)]
                if command == "render":
                    arguments += ["-o", str(here / "out"), "-j", "1", "-q"]
                seconds, peak, code, said = run(arguments, here)
                print(
                    f"{name:<13} {size:>8} {command:<9} {seconds:8.2f} {peak:8.0f} {code:4}  {said}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
