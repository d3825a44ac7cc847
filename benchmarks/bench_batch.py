"""Batch rendering throughput and worker memory; prints figures (no assertions).

    python benchmarks/bench_batch.py [--cases 200] [--memory-cases 1000]

- `forankring render DIR -o OUT -j 1` and `-j 2` over N copies of a mid-size case
  (../shared/examples/solhoej.yaml when present, else a generated one), as fresh processes,
  start-up included: reports per second and the speed-up of -j 2;
- peak memory of the largest worker (ru_maxrss of the children);
- one process rendering M cases in a row: resident memory after 10 %, 50 % and 100 %,
  to show that a worker's memory stays flat.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.casegen import generate_case  # noqa: E402

SOLHOEJ = REPO.parent / "shared" / "examples" / "solhoej.yaml"


def case_text() -> str:
    if SOLHOEJ.is_file():
        return SOLHOEJ.read_text(encoding="utf-8")
    return generate_case(tasks=6, actors=6, activities=5)


def run_batch(folder: Path, out: Path, jobs: int) -> tuple[float, float]:
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "forankring_docs", "render", str(folder),
                           "-o", str(out), "-j", str(jobs), "-q"],
                          capture_output=True, text=True, cwd=REPO, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"render failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * resource.getpagesize() / 1024 / 1024


def memory_curve(count: int) -> list[tuple[int, float]]:
    from forankring_docs.loading import load_bytes
    from forankring_docs.rendering import Renderer
    from forankring_docs.validation import validate

    raw = case_text().encode()
    renderer = Renderer.for_template(None)
    marks = {max(1, count // 10), count // 2, count}
    curve = []
    for i in range(1, count + 1):
        valid = validate(load_bytes(raw, f"case{i}.yaml"))
        renderer.render(valid, formats=("docx",), language=None, today=None)
        if i in marks:
            curve.append((i, rss_mb()))
    return curve


def precompile() -> None:
    """Compile the package's bytecode, as `pip install` does for an installed package; a
    source tree run with PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module
    again in every process (about 0.1 s of each run's start-up)."""
    import compileall

    compileall.compile_dir(str(REPO / "forankring_docs"), quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--memory-cases", type=int, default=1000)
    args = parser.parse_args()
    precompile()
    text = case_text()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "cases"
        folder.mkdir()
        for i in range(args.cases):
            (folder / f"omraade{i:04d}.yaml").write_text(text, encoding="utf-8")
        out = Path(tmp) / "out"
        results = {}
        for jobs in (1, 2):
            best = min(run_batch(folder, out, jobs) for _ in range(2))
            results[jobs] = best
            print(f"-j {jobs}: {args.cases} reports in {best[0]:.2f} s = "
                  f"{args.cases / best[0]:.1f} reports/s (start-up included); "
                  f"peak worker memory {best[1]:.0f} MB")
        print(f"speed-up -j 2 / -j 1: {results[1][0] / results[2][0]:.2f}×")
    print(f"one worker rendering {args.memory_cases} cases in a row (resident memory):")
    for i, mb in memory_curve(args.memory_cases):
        print(f"  after {i:5d} cases: {mb:6.1f} MB")


if __name__ == "__main__":
    main()
