"""Time the whole rendering of a case to .docx, warm and in-process, stage by stage.

    python benchmarks/bench_render.py               # solhoej, a large case, 10× the large case
    python benchmarks/bench_render.py --profile     # and a cProfile of the large case

The large case is generated here: 40 tasks, 25 actors, 35 activities (and 10× that: 400,
250, 350). Targets: solhoej under 25 ms, the large case under 100 ms, and 10× the rows at
most 12× the time. Prints the median of several runs after one warm-up, per stage: checks,
view, Jinja, markup parsing (with the document passes), docx writing; and the total.
"""

from __future__ import annotations

import cProfile
import datetime as dt
import io
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from forankring_docs.analysis.checks import run_checks  # noqa: E402
from forankring_docs.case.model import ACTIVITY_STATUSES, ACTOR_TYPES, Case  # noqa: E402
from forankring_docs.case.validation import load_case  # noqa: E402
from forankring_docs.pipeline import Renderer, gc_paused  # noqa: E402

SOLHOEJ_PLACES = (
    ROOT / "cases" / "solhoej.yaml",
    ROOT.parent / "shared" / "examples" / "solhoej.yaml",
)
TARGETS_MS = {"solhoej": 25.0, "large": 100.0}
MAX_GROWTH = 12.0
TASK_TYPES = (
    "aktivitet",
    "rådgivning",
    "koordinering",
    "netværk",
    "frivillighed",
    "drift",
    "kommunikation",
    "dokumentation",
)


def large_case(tasks: int = 40, actors: int = 25, activities: int = 35) -> Case:
    """A realistic-looking case of the given size (all phases worked out)."""
    elements = max(tasks // 5, 1)
    data: dict[str, Any] = {
        "format": 1,
        "meta": {
            "indsats": "Helhedsplan Storby 2024–2028",
            "boligområde": "Storby",
            "kommune": "Storby Kommune",
            "afdelinger": ["Afdeling 1", "Afdeling 2"],
            "boligorganisationer": ["Boligselskabet Storby"],
            "periode": {"start": "2024-01-01", "slut": "2028-06-30"},
            "projektleder": {"navn": "Pia Projekt", "email": "pia@storby.example"},
            "styregruppe": [{"navn": f"Medlem {i}", "rolle": "medlem"} for i in range(6)],
            "dato": "2026-05-01",
            "status": "udkast",
            "indstilling": "Styregruppen indstilles til at godkende strategien.",
        },
        "fase1": {
            "hvorfor": "Fordi indsatsen virker.\n\nOg den skal leve videre efter 2028.",
            "hvad": [
                {
                    "id": f"e{i}",
                    "navn": f"Element nummer {i}",
                    "beskrivelse": "Et element.",
                    "resultater": ["Gode resultater", "Flere deltagere"],
                    "forankres": "nej" if i == elements - 1 else "ja",
                }
                for i in range(elements)
            ],
            "opgaver": [
                {
                    "id": f"t{i}",
                    "navn": f"Opgave {i} med et længere navn",
                    "element": f"e{i % elements}",
                    "opgavetype": TASK_TYPES[i % len(TASK_TYPES)],
                    "målgruppe": "Børn og unge",
                    "nuværende_udfører": "Projektmedarbejder",
                    "ressourcer": {"timer_pr_uge": 5, "kr_pr_år": 20000},
                }
                for i in range(tasks)
            ],
        },
        "fase2": {
            "aktører": [
                {
                    "id": f"a{i}",
                    "navn": f"Aktør nummer {i}",
                    "type": ACTOR_TYPES[i % len(ACTOR_TYPES)],
                    "placering": "lokal",
                    "kan_bidrage_med": "Lokaler og frivillige.",
                    "ressourcer": ["Lokaler"],
                    "opgaver": {
                        f"t{(i * 3 + k) % tasks}": "fuldt" if k % 2 else "delvist" for k in range(4)
                    },
                }
                for i in range(actors)
            ]
        },
        "fase3": {
            "analyser": [
                {
                    "aktør": f"a{i}",
                    "forståelse": 1 + i % 4,
                    "mening": 1 + (i + 1) % 4,
                    "evne": {
                        "score": 1 + (i + 2) % 4,
                        "begrundelse": "Mangler erfaring.",
                        "udviklingsbehov": "Oplæring.",
                    },
                    "vilje": None if i % 7 == 0 else 1 + (i + 3) % 4,
                    "samlet_vurdering": "En god kandidat.",
                    "konklusion": "egnet",
                }
                for i in range(actors)
            ],
            "forankring": [
                {
                    "opgaver": [f"t{i}", f"t{i + 1}"],
                    "model": "netværk",
                    "organiseringsform": "samarbejdsaftale",
                    "overdragelse": "2027-06-01",
                    "aktører": [
                        {"aktør": f"a{i % actors}", "rolle": "hovedansvarlig", "ansvar": "Leder."},
                        {
                            "aktør": f"a{(i + 1) % actors}",
                            "rolle": "medansvarlig",
                            "ansvar": "Hjælper.",
                        },
                    ],
                }
                for i in range(0, tasks - 4, 2)
            ],
        },
        "fase4": {
            "aktiviteter": [
                {
                    "navn": f"Aktivitet {i}",
                    "type": "oplæring",
                    "aktører": [f"a{i % actors}"],
                    "opgaver": [f"t{i % tasks}"],
                    "styrker": ["evne"],
                    "ansvarlig": "Projektleder",
                    "start": f"{2025 + i % 3}-{1 + i % 12:02d}-01",
                    "deadline": f"{2026 + i % 3}-{1 + i % 12:02d}-28",
                    "succeskriterium": "Det virker.",
                    "status": ACTIVITY_STATUSES[i % 3],
                }
                for i in range(activities)
            ],
            "opfølgning": {"forum": "styregruppe", "frekvens": "Hvert kvartal"},
            "risici": [{"risiko": "Noget går galt.", "håndtering": "Vi handler."}] * 4,
        },
    }
    return Case.model_validate(data)


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    """The median time of ``fn`` in ms, with the collector paused as ``Renderer.render`` does."""
    fn()  # warm-up
    times = []
    for _ in range(runs):
        with gc_paused():
            start = time.perf_counter()
            fn()
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(renderer: Renderer, case: Case, runs: int) -> dict[str, float]:
    today = case.meta.date or dt.date.today()
    findings = run_checks(case, today)
    view = renderer.view(case, today=today, findings=findings)
    markup = renderer.markup(view)
    document = renderer.document(view)
    return {
        "checks": _median_ms(lambda: run_checks(case, today), runs),
        "view": _median_ms(lambda: renderer.view(case, today=today, findings=findings), runs),
        "jinja": _median_ms(lambda: renderer.markup(view), runs),
        "parse": _median_ms(lambda: renderer.document(view), runs)
        - _median_ms(lambda: renderer.markup(view), runs),
        "docx": _median_ms(
            lambda: renderer.write_docx(document, view.properties.language_tag), runs
        ),
        "total": _median_ms(lambda: renderer.render(case, formats=("docx",), today=today), runs),
        "markup_kb": len(markup) / 1024,
    }


def main(argv: list[str]) -> int:
    renderer = Renderer.for_template(None)
    solhoej_path = next((p for p in SOLHOEJ_PLACES if p.is_file()), None)
    cases: list[tuple[str, Case, int]] = []
    if solhoej_path is not None:
        cases.append(("solhoej", load_case(solhoej_path).case, 30))
    cases.append(("large", large_case(), 15))
    cases.append(("large ×10", large_case(400, 250, 350), 3))

    print(
        f"{'case':<11}{'checks':>8}{'view':>8}{'jinja':>8}{'parse':>8}{'docx':>8}{'total':>9}"
        f"{'markup':>10}   target"
    )
    results = {}
    for name, case, runs in cases:
        figures = measure(renderer, case, runs)
        results[name] = figures["total"]
        target = TARGETS_MS.get(name)
        verdict = (
            ""
            if target is None
            else (f"< {target:.0f} ms {'ok' if figures['total'] < target else 'MISSED'}")
        )
        print(
            f"{name:<11}"
            + "".join(f"{figures[k]:>7.1f} " for k in ("checks", "view", "jinja", "parse", "docx"))
            + f"{figures['total']:>8.1f} {figures['markup_kb']:>7.0f} kB   {verdict}"
        )
    growth = results["large ×10"] / results["large"]
    print(
        f"10× the rows: {growth:.1f}× the time (at most {MAX_GROWTH:.0f}×: "
        f"{'ok' if growth <= MAX_GROWTH else 'MISSED'})"
    )

    if "--profile" in argv:
        case = cases[-2][1]
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(10):
            renderer.render(case, formats=("docx",))
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
