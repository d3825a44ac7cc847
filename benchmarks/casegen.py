"""Generate valid case files of a chosen size for benchmarks (deterministic)."""

from __future__ import annotations

import datetime as dt

TASK_TYPES = [
    "aktivitet",
    "rådgivning",
    "koordinering",
    "netværk",
    "frivillighed",
    "drift",
    "kommunikation",
    "dokumentation",
]
ACTOR_TYPES = [
    "kommune",
    "boligorganisation",
    "beboerdemokrati",
    "forening",
    "frivillige",
    "virksomhed",
    "uddannelsesinstitution",
    "fond",
]
ACTIVITY_TYPES = [
    "oplæring",
    "sidemandsoplæring",
    "aftale",
    "ledelsesforankring",
    "foreningsdannelse",
    "kommunikation",
]
CONCEPTS = ["forståelse", "mening", "evne", "vilje"]
STATUSES = ["ikke_startet", "i_gang", "afsluttet"]


def generate_case(
    tasks: int = 40, actors: int = 25, activities: int = 35, area: str = "Bakkely"
) -> str:
    elements = max(1, tasks // 6)
    out = [
        "format: 1",
        "meta:",
        f"  indsats: Helhedsplan {area} 2023–2027",
        f"  boligområde: {area}",
        "  kommune: Egeby Kommune",
        "  boligorganisationer: [Boligselskabet Egebo]",
        "  periode: {start: 2023-04-01, slut: 2027-03-31}",
        "  projektleder: {navn: Mette Holm, email: meho@egebo.example}",
        "  version: '2.1'",
        "  dato: 2026-11-15",
        "  status: til_godkendelse",
        "  indstilling: Styregruppen indstilles til at godkende strategien.",
        "fase1:",
        "  hvorfor: |",
        "    Helhedsplanen udløber, og de aktiviteter, der virker, skal videreføres.",
        "",
        "    Evalueringen viser gode resultater.",
        "  hvad:",
    ]
    for e in range(elements):
        out += [
            f"    - id: e{e}",
            f"      navn: Element nummer {e}",
            f"      beskrivelse: Beskrivelse af element {e} med lidt tekst.",
            "      resultater: [Mange deltagere, Gode evalueringer]",
            f"      forankres: {'nej' if e == elements - 1 and elements > 2 else 'ja'}",
            "      begrundelse: Fordi resultaterne taler for sig selv.",
        ]
    out.append("  opgaver:")
    for t in range(tasks):
        out += [
            f"    - id: t{t}",
            f"      navn: Opgave nummer {t} i helhedsplanen",
            f"      element: e{t % max(1, elements - 1 if elements > 2 else elements)}",
            f"      opgavetype: {TASK_TYPES[t % len(TASK_TYPES)]}",
            "      målgruppe: Børn og unge",
            "      nuværende_udfører: Projektmedarbejder",
            f"      ressourcer: {{timer_pr_uge: {t % 9 + 1}, kr_pr_år: {t * 1000}}}",
            f"      prioritet: {('skal', 'bør', 'kan')[t % 3]}",
        ]
    out += ["fase2:", "  aktører:"]
    candidates: dict[int, list[int]] = {t: [] for t in range(tasks)}  # task → mapped actors
    for a in range(actors):
        mapped = {
            f"t{(a * 3 + k) % tasks}": ("fuldt" if k % 2 == 0 else "delvist") for k in range(3)
        }
        for k in range(3):
            candidates[(a * 3 + k) % tasks].append(a)
        mapping = ", ".join(f"{k}: {v}" for k, v in mapped.items())
        out += [
            f"    - id: a{a}",
            f"      navn: Aktør nummer {a}",
            f"      type: {ACTOR_TYPES[a % len(ACTOR_TYPES)]}",
            f"      placering: {'lokal' if a % 2 else 'ekstern'}",
            "      kan_bidrage_med: Lokaler og frivillige.",
            f"      opgaver: {{{mapping}}}",
        ]
    out += ["fase3:", "  analyser:"]
    for a in range(actors):
        scores = [(a + k) % 4 + 1 for k in range(4)]
        out += [f"    - aktør: a{a}"]
        out += [f"      {c}: {s}" for c, s in zip(CONCEPTS, scores, strict=True)]
        out += ["      konklusion: egnet_med_kapacitetsopbygning"]
    out.append("  forankring:")
    per = 2
    for i in range(0, tasks, per):
        # As a real strategy chooses: the lead and its partner from the actors mapped to the
        # anchoring's tasks; the partner's role covers the tasks it is mapped to.
        own = list(range(i, min(i + per, tasks)))
        mapped_here = [a for t in own for a in candidates[t]]
        lead = mapped_here[0] if mapped_here else (i // per) % actors
        other = next((a for a in mapped_here if a != lead), (lead + 1) % actors)
        covered = [f"t{t}" for t in own if other in candidates[t]]
        role_tasks = (
            f", opgaver: [{', '.join(covered)}]" if covered and len(covered) < len(own) else ""
        )
        task_ids = ", ".join(f"t{k}" for k in own)
        out += [
            f"    - opgaver: [{task_ids}]",
            "      model: netværk",
            "      organiseringsform: samarbejdsaftale",
            "      overdragelse: 2026-09-01",
            "      koordinering: Den hovedansvarlige indkalder til møde hvert kvartal.",
            "      aktører:",
            f"        - {{aktør: a{lead}, rolle: hovedansvarlig, ansvar: Driver opgaven.}}",
            f"        - {{aktør: a{other}, rolle: medansvarlig, ansvar: Bidrager.{role_tasks}}}",
            "      snitflader:",
            f"        - {{fra: a{other}, til: a{lead}, hvad: Status på opgaven., "
            "hvornår: Hvert kvartal, forum: Netværksmødet}",
        ]
    out += ["fase4:", "  aktiviteter:"]
    start = dt.date(2025, 1, 1)
    for p in range(activities):
        begin = start + dt.timedelta(days=17 * p)
        end = begin + dt.timedelta(days=90)
        out += [
            f"    - id: p{p}",
            f"      navn: Aktivitet nummer {p}",
            f"      type: {ACTIVITY_TYPES[p % len(ACTIVITY_TYPES)]}",
            f"      aktører: [a{p % actors}]",
            f"      opgaver: [t{p % tasks}]",
            f"      styrker: [{CONCEPTS[p % 4]}]",
            "      ansvarlig: Projektleder",
            f"      start: {begin.isoformat()}",
            f"      deadline: {end.isoformat()}",
            "      succeskriterium: Målet er nået.",
            f"      status: {STATUSES[p % 3]}",
        ]
    out += [
        "  opfølgning: {forum: styregruppe, frekvens: Hvert kvartal, næste_møde: 2026-12-10}",
        "  risici:",
        "    - {risiko: Nøglepersoner stopper., håndtering: Opgaver beskrives., "
        "sandsynlighed: middel, konsekvens: høj, ejer: Projektlederen, aktører: [a0]}",
        "    - {risiko: Budgettet skæres., håndtering: Sag til styregruppen., "
        "sandsynlighed: lav, konsekvens: middel, ejer: Formanden}",
    ]
    return "\n".join(out) + "\n"
