"""Danish help for each value of each enumeration, as editors show it in the JSON Schema
(``enumDescriptions``: yaml-language-server lists them on hover, next to each completion).

Kept apart from the report's labels (templates/default/labels): a label names a value in the
report, while this says what choosing it means to the person writing the case.
"""

from __future__ import annotations

from forankring_docs.case.model import fields as f

# One text per value, in the enumeration's order; schema.py fails on an enumeration without.
VALUE_TEXTS: dict[tuple[str, ...], tuple[str, ...]] = {
    f.ELEMENT_TYPES: (
        "En aktivitet for beboerne, fx en lektiecafé eller en klub.",
        "En arbejdsmetode, som andre kan tage i brug.",
        "En funktion eller rolle, fx en brobygger.",
        "Et netværk eller samarbejdsforum.",
        "Noget andet end en aktivitet, metode, funktion eller et netværk.",
    ),
    f.ANCHOR_CHOICES: (
        "Elementet forankres.",
        "Kun en del af elementet forankres.",
        "Elementet udfases og forankres ikke.",
    ),
    f.PRIORITIES: (
        "Opgaven skal forankres.",
        "Opgaven bør forankres, hvis det er muligt.",
        "Opgaven kan forankres, men det er ikke afgørende.",
    ),
    f.ACTOR_TYPES: (
        "Kommunen eller en af dens forvaltninger.",
        "En boligorganisation eller dens administration.",
        "Afdelingsbestyrelse, organisationsbestyrelse eller beboermøde.",
        "En forening, fx en idræts- eller kulturforening.",
        "En gruppe af frivillige uden forening.",
        "Politiet.",
        "En skole, et gymnasium, en erhvervsskole eller et andet uddannelsessted.",
        "Regionen.",
        "En privat virksomhed.",
        "En fond.",
        "En anden slags aktør.",
    ),
    f.SECTORS: (
        "Offentlige og professionelle aktører.",
        "Foreninger, fonde og andre organisationer i civilsamfundet.",
        "Beboerne selv: beboerdemokrati og frivillige.",
        "Private virksomheder.",
    ),
    f.PLACEMENTS: (
        "Aktøren holder til i boligområdet.",
        "Aktøren holder til uden for boligområdet.",
    ),
    f.TAKE_ON: (
        "Aktøren kan løfte hele opgaven.",
        "Aktøren kan løfte en del af opgaven.",
        "Vurderet: aktøren kan ikke løfte opgaven.",
    ),
    f.LEVELS: ("Lav.", "Middel.", "Høj."),
    f.CONCLUSIONS: (
        "Aktøren kan overtage opgaverne, som den er i dag.",
        "Aktøren kan overtage opgaverne, når dens kapacitet er bygget op (se fase 4).",
        "Aktøren er ikke egnet til at overtage opgaverne.",
    ),
    f.MODELS: (
        "Én aktør overtager opgaverne; andre kan bidrage, men ingen er medansvarlig.",
        "Mindst to aktører deler ansvaret, med præcis én hovedansvarlig.",
    ),
    f.ROLES: (
        "Har hovedansvaret for forankringens opgaver; præcis én pr. forankring.",
        "Deler ansvaret med den hovedansvarlige (kun i et netværk).",
        "Bidrager til opgaverne uden at have ansvaret for dem.",
    ),
    f.ORGANISATION_FORMS: (
        "En skriftlig samarbejdsaftale mellem aktørerne.",
        "Et partnerskab med fælles mål og ressourcer.",
        "En forening, der står for opgaverne.",
        "En driftsaftale om at løse opgaverne.",
        "Ingen formel organisering.",
    ),
    f.ACTIVITY_TYPES: (
        "Kursus eller undervisning af aktørens folk.",
        "Aktørens folk lærer ved at arbejde side om side med projektets medarbejdere.",
        "Selve overdragelsen af opgaven til aktøren.",
        "En aftale mellem aktører, fx en samarbejds- eller driftsaftale.",
        "Hjælp til at stifte en forening, der kan overtage opgaver.",
        "Ansøgning om midler til at videreføre opgaverne.",
        "Ledelsen hos aktøren tager ejerskab til opgaverne.",
        "Kommunikation om forankringen til beboere og samarbejdspartnere.",
        "En anden slags aktivitet.",
    ),
    f.CONCEPTS: (
        "Aktøren kender og forstår opgaven, målgruppen og formålet.",
        "Opgaven giver mening for aktøren ud fra dens egne mål og kerneopgave.",
        "Aktøren har kompetencer, tid, økonomi og organisering til opgaven.",
        "Aktøren og dens ledelse vil påtage sig opgaven og prioritere den.",
    ),
    f.ACTIVITY_STATUSES: (
        "Aktiviteten er ikke gået i gang.",
        "Aktiviteten er i gang.",
        "Aktiviteten er gennemført.",
    ),
    f.STATUSES: (
        "Strategien er under udarbejdelse.",
        "Strategien er klar til styregruppens godkendelse.",
        "Styregruppen har godkendt strategien.",
    ),
    f.LANGUAGES: ("Rapporten skrives på dansk.", "Rapporten skrives på engelsk."),
    f.BOARD_ROLES: (
        "Styregruppens formand.",
        "Medlem af styregruppen.",
        "Styregruppens sekretær.",
    ),
    f.FORUMS: (
        "Indsatsens styregruppe følger op.",
        "Boligorganisationens eller afdelingens bestyrelse følger op.",
        "En følgegruppe følger op.",
    ),
}

#: The scale of a score, value by value (``null``: not known yet).
SCORE_VALUES: tuple[int | None, ...] = (1, 2, 3, 4, None)
SCORE_TEXTS: tuple[str, ...] = (
    "Ikke til stede.",
    "Svag.",
    "Delvis.",
    "Stærk.",
    "Ukendt: ikke vurderet endnu.",
)
