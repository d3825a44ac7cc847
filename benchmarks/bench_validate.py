"""Validation speed and start-up time; prints figures (no assertions).

    python benchmarks/bench_validate.py

- in-process validation of a generated case of about 1,000 and 10,000 lines (happy path),
  and of a broken one (positions and hints), median of repeated runs;
- `forankring --help` and `forankring validate` as fresh processes (start-up included);
- which heavy modules `validate` imports (python-docx and Jinja must not be among them).
"""

from __future__ import annotations

import contextlib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.casegen import generate_case  # noqa: E402


def median_ms(func, repeat: int = 30) -> float:
    func()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    from forankring_docs.case.loader import load_bytes
    from forankring_docs.case.validation import validate
    from forankring_docs.diagnostics import CaseError

    print("in-process validation (load + validate + references), median:")
    for scale in (1, 10):
        text = generate_case(tasks=40 * scale, actors=25 * scale, activities=35 * scale)
        lines = text.count("\n")
        raw = text.encode()
        ms = median_ms(lambda raw=raw: validate(load_bytes(raw, "case.yaml")))
        print(f"  valid case   {lines:6d} lines  {ms:7.2f} ms   ({ms / lines * 1000:.1f} µs/line)")
        broken = text.replace("type: kommune", "type: komune").replace(
            "opgavetype: drift", "opgavetype: drfit"
        )
        raw_broken = broken.encode()

        def run_broken(raw_broken: bytes = raw_broken) -> None:
            with contextlib.suppress(CaseError):
                validate(load_bytes(raw_broken, "case.yaml"))

        ms = median_ms(run_broken)
        print(f"  broken case  {lines:6d} lines  {ms:7.2f} ms")

    print("fresh processes (start-up included), median of 10:")
    with tempfile.TemporaryDirectory() as tmp:
        case = Path(tmp) / "case.yaml"
        case.write_text(generate_case(40, 25, 35), encoding="utf-8")
        for label, argv in (
            ("forankring --help", ["--help"]),
            ("forankring validate (1,000 lines)", ["validate", str(case)]),
        ):
            cmd = [sys.executable, "-m", "forankring_docs", *argv]
            ms = median_ms(
                lambda cmd=cmd: subprocess.run(cmd, capture_output=True, check=False), repeat=10
            )
            print(f"  {label:36s} {ms:7.1f} ms")
        probe = (
            f"import sys, runpy; sys.argv=['forankring','validate',{str(case)!r}];\n"
            "try: runpy.run_module('forankring_docs', run_name='__main__')\n"
            "except SystemExit: pass\n"
            "print(sorted(m for m in ('docx','jinja2','lxml') if m in sys.modules))"
        )
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
        print(f"  heavy modules imported by validate: {out.stdout.strip() or out.stderr[-200:]}")


if __name__ == "__main__":
    main()
