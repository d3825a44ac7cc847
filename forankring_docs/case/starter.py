"""``forankring new``: a commented starting case file, in Danish, that validates as written.

The file walks a project leader through CFBU's four phases with a sentence or two of guidance
per phase and small fictional example entries (the optional ones commented out, each with a
line saying what it is for, and valid when uncommented), all consistent with each other (every
reference resolves, every weak score has an activity that builds it, every deadline falls
before its handover and the end of the period), so that ``forankring check`` says nothing
about it but where its example text still stands (A103, which compares a case with this
file's texts). Those texts are its own, not sentences of the example cases, so that what a
user forgot to replace is never confused with a real strategy's words. Its dates are placed
relative to ``today``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import re
import secrets
from pathlib import Path

from forankring_docs.case.loader import NULLS
from forankring_docs.case.schema import SCHEMA_FILE_NAME, schema_json
from forankring_docs.i18n import _
from forankring_docs.output import TEMP_PREFIX, TEMP_SUFFIX

DEFAULT_AREA = "Navn på boligområdet"
SCHEMA_FOLDER = "schema"

_MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)
# A name that YAML reads back as the same text without quotes.
_PLAIN = re.compile(r"[^\W_][\w .,'()/&–-]*(?<! )")
# Characters that a case file may not hold (see loading.py), plus every line break.
_REFUSED = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")


# ------------------------------------------------------------------ public API
def starter_case(
    boligområde: str | None = None, today: dt.date | None = None, schema_ref: str | None = None
) -> str:
    """The text of a commented starting case file.

    ``boligområde`` fills in the housing area (a placeholder when None); ``today`` places
    the period and the plan's dates (default: today); ``schema_ref`` is what the first line
    points editors at: a path relative to the new file, or a URL.
    Raises ValueError for a blank area name or one with line breaks or control characters.
    """
    area = DEFAULT_AREA if boligområde is None else _checked_area(boligområde)
    dates = _Dates(today or dt.date.today())
    fields = {
        "schema_line": _schema_line(schema_ref),
        "area": _yaml_text(area),
        "initiative": _yaml_text(f"Helhedsplan {area} {dates.start.year}–{dates.end.year}"),
        "end_words": _danish_date(dates.end),
        **dates.as_fields(),
    }
    return _TEMPLATE.format(**fields)


def write_new_case(
    path: Path,
    boligområde: str | None,
    *,
    today: dt.date | None = None,
    schema_ref: str | None = None,
) -> Path | None:
    """Write a starting case file to ``path``; never overwrites.

    Raises FileExistsError if ``path`` exists (it is then left untouched), ValueError for a
    bad area name, OSError if the folder cannot be made or written. A missing folder is
    made. ``schema_ref`` defaults to :func:`schema_ref_for` ``(path)``; without a schema
    there, one is written (see :func:`_write_schema`). Returns the schema written, if any.
    """
    starter_case(boligområde, today=today)  # a bad area name is refused before any writing
    if path.exists() or path.is_symlink():
        raise FileExistsError(f"{path} already exists")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # 'new cases/x.yaml' in a new project
    except FileExistsError:  # a file where a folder of the path should be
        raise NotADirectoryError(
            errno.ENOTDIR, _("part of this path is a file, not a folder"), str(path.parent)
        ) from None
    written = None
    if schema_ref is None and (schema_ref := schema_ref_for(path)) is None:
        written = _write_schema(path.parent)
        schema_ref = schema_ref_for(path)
    text = starter_case(boligområde, today=today, schema_ref=schema_ref)
    _create_exclusively(path, text.encode("utf-8"))
    return written


def _schema_line(schema_ref: str | None) -> str:
    """The first line: where editors find the schema, or how to get it."""
    if schema_ref and schema_ref.strip():
        return f"# yaml-language-server: $schema={schema_ref.strip()}"
    return (
        f"# Hjælp i editoren (VS Code med YAML-udvidelsen): kør\n"
        f"#   forankring schema -o {SCHEMA_FILE_NAME}\n"
        f"# og skriv derefter denne linje øverst i filen:\n"
        f"#   # yaml-language-server: $schema={SCHEMA_FILE_NAME}"
    )


def _write_schema(folder: Path) -> Path | None:
    """The schema in ``folder/schema/``, for the modeline of a new case there to point at.

    A path relative to the case, to a copy beside it, rather than an absolute path to the
    installed package's schema: the case file is committed to git and opened on other
    machines, where the package is elsewhere or not installed, and the folder goes along
    with it. Cases made later in this folder or below use the same copy; ``forankring
    schema -o`` refreshes it when the tool is updated. None if it cannot be written (the
    case then says how to get editor help)."""
    target = folder / SCHEMA_FOLDER / SCHEMA_FILE_NAME
    try:
        target.parent.mkdir(exist_ok=True)
        _create_exclusively(target, schema_json().encode("utf-8"))
    except OSError:
        return None
    return target


def schema_ref_for(path: Path) -> str | None:
    """The schema line's target for a case file at ``path``.

    The committed schema (``schema/forankring-case-1.schema.json``) of the nearest folder
    above the file that has one, relative to the file's folder; else the schema's URL.
    """
    folder = Path(os.path.abspath(path)).parent
    for candidate in (folder, *folder.parents):
        schema = candidate / SCHEMA_FOLDER / SCHEMA_FILE_NAME
        if schema.is_file():
            return Path(os.path.relpath(schema, folder)).as_posix()
    return None


# ------------------------------------------------------------------ writing
def _create_exclusively(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file ``path``, atomically and without replacing anything.

    The text goes to a temporary file in the same folder, flushed to disk, then appears under
    its final name in one step with ``os.link``, which fails if the name exists: no
    check-then-write race, and no half-written file under the final name. ``os.replace``
    alone would silently replace a file created in the meantime. Where the file system has
    no hard links (FAT, some network shares), the name is first reserved with an exclusive
    create (O_EXCL) and the finished temporary file is renamed over that reservation.
    """
    temp = path.with_name(f"{TEMP_PREFIX}{secrets.token_hex(6)}{TEMP_SUFFIX}")
    _write_new_file(temp, data)
    try:
        try:
            os.link(temp, path)
        except FileExistsError:
            raise
        except OSError:
            _replace_reserved(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


def _write_new_file(path: Path, data: bytes) -> None:
    """Create ``path`` (O_EXCL; permissions from the umask), write, flush to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise


def _replace_reserved(temp: Path, path: Path) -> None:
    """Reserve ``path`` with an exclusive create, then rename ``temp`` over it."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise


# ------------------------------------------------------------------ text pieces
def _checked_area(name: str) -> str:
    area = name.strip()
    if not area:
        raise ValueError(_("the housing area's name is empty"))
    if _REFUSED.search(area):
        raise ValueError(_("the housing area's name contains a line break or a control character"))
    return area


def _yaml_text(text: str) -> str:
    """``text`` as a YAML scalar that reads back as exactly ``text``."""
    if _PLAIN.fullmatch(text) and text not in NULLS:
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def _danish_date(day: dt.date) -> str:
    return f"{day.day}. {_MONTHS[day.month - 1]} {day.year}"


def _add_months(day: dt.date, months: int) -> dt.date:
    """The first of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


class _Dates:
    """The starter's dates: a four-year period with two years to go, and a plan inside it."""

    def __init__(self, today: dt.date) -> None:
        month = today.replace(day=1)
        self.start = _add_months(month, -24)
        self.end = _add_months(month, 24) - dt.timedelta(days=1)
        self.handover = _add_months(month, 12)
        self.plan = {  # activity: (start, deadline)
            "p1": (_add_months(month, 1), _add_months(month, 5) - dt.timedelta(days=1)),
            "p2": (_add_months(month, 2), _add_months(month, 6) - dt.timedelta(days=1)),
            "p3": (_add_months(month, 3), _add_months(month, 8) - dt.timedelta(days=1)),
        }
        self.next_meeting = _add_months(month, 2)

    def as_fields(self) -> dict[str, str]:
        fields = {
            "start": self.start,
            "end": self.end,
            "handover": self.handover,
            "next_meeting": self.next_meeting,
        }
        for key, (start, deadline) in self.plan.items():
            fields[f"{key}_start"], fields[f"{key}_deadline"] = start, deadline
        return {key: value.isoformat() for key, value in fields.items()}


# The starting file. Placeholders in braces; the text itself holds no braces, so block
# style is used throughout (also the easier style to edit for a new user).
_TEMPLATE = """\
{schema_line}
#
# Forankringsstrategi – startfil fra `forankring new`.
#
# Filen følger CFBU's metode til forankring af boligsociale indsatser i fire faser:
#   Fase 1: Hvorfor skal indsatsen forankres, og hvad skal forankres?
#   Fase 2: Hvem kan overtage opgaverne? Kortlæg mulige forankringsaktører.
#   Fase 3: Hvem er egnede? Analysér aktørerne, og vælg forankringen.
#   Fase 4: Hvordan kommer vi derhen? Forankringsplanen.
#
# Alle eksempler nedenfor er opdigtede: ret dem til jeres egen indsats, eller slet
# dem. Kun format, meta og fase1 er påkrævet. En fase, I ikke er nået til endnu, kan
# I lade stå tom (fx "fase3:"); rapporten skriver så, at fasen ikke er udarbejdet.
#
# Sådan skrives filen:
# - Id'er (id:) er korte navne, som andre dele af filen henviser til: små bogstaver,
#   tal, bindestreg og understreg, fx lektiecafe eller lc-drift.
# - Datoer skrives ÅÅÅÅ-MM-DD, fx 2026-06-30.
# - Længere tekst skrives efter "|" på de følgende linjer, rykket ind. En tom linje
#   giver nyt afsnit, og linjer der begynder med "- " bliver punkter.
# - Tjek filen undervejs med "forankring check FIL.yaml", og dan rapporten med
#   "forankring render FIL.yaml".

format: 1

meta:
  # Hvem, hvor og hvornår. Rapportens titel bliver "Forankringsstrategi for" og
  # indsatsens navn, medmindre I skriver en anden titel under "titel:".
  indsats: {initiative}
  boligområde: {area}
  afdelinger:
    - Afdeling 1
  kommune: Eksempel Kommune
  boligorganisationer:
    - Boligselskabet Eksempel
  periode:
    start: {start}
    slut: {end}  # når finansieringen af helhedsplanen ophører
  projektleder:
    navn: Mette Eksempel
    organisation: Boligselskabet Eksempel
  styregruppe:
    # rolle: formand, medlem eller sekretær
    - navn: Lars Eksempel
      organisation: Boligselskabet Eksempel
      rolle: formand
    - navn: Hanne Eksempel
      organisation: Eksempel Kommune
      rolle: medlem
  version: "0.1"
  status: udkast  # udkast, til_godkendelse eller godkendt
  # Uden "dato:" bruges dagen, hvor rapporten dannes. Med en dato gælder den også som
  # "i dag", når forankring vurderer, om aktiviteter er forsinkede.
  indstilling: |
    Styregruppen indstilles til at drøfte udkastet til forankringsstrategi.
  # Så længe strategien er et udkast: hvad sker der nu (workshops, åbne spørgsmål)?
  # næste_skridt: |
  #   Workshop med klubben og foreningen om fordelingen af opgaverne.

# ----------------------------------------------------------------------------------
# FASE 1: Hvorfor og hvad skal forankres?
# Skriv under "hvorfor", hvad indsatsen har opnået, og hvad der sker, når
# projektmidlerne ophører. Gennemgå så indsatsens elementer (aktiviteter, metoder,
# funktioner og netværk) under "hvad", og afgør for hvert element, om det skal
# forankres (ja), delvist forankres (delvist) eller udfases (nej), med resultater og
# en begrundelse. Bryd til sidst elementerne ned i konkrete opgaver under "opgaver":
# det er opgaverne, som aktørerne skal overtage.
fase1:
  hvorfor: |
    Helhedsplanen udløber {end_words}. Lektiecaféen har gennem flere år samlet
    mange børn fra området, og skolen oplever færre manglende afleveringer.

    Uden en plan lukker aktiviteten, når projektmedarbejderne stopper. Vi vil derfor
    sikre, at blivende aktører i og omkring området overtager de opgaver, der virker.
  hvad:
    # type: aktivitet, metode, funktion, netværk eller andet
    # forankres: ja, delvist eller nej (nej = udfases)
    - id: lektiecafe
      navn: Lektiecafé
      type: aktivitet
      beskrivelse: Lektiehjælp mandag og onsdag eftermiddag for børn i 1.–9. klasse.
      resultater:
        - 40 faste deltagere det seneste år
        - Lærerne oplever, at flere børn afleverer deres lektier
      # forankres: ja  (fjern # når I har truffet beslutningen)
    - id: sommerudflugt
      navn: Sommerudflugt
      type: aktivitet
      forankres: nej
      begrundelse: For dyr i forhold til antal deltagere; kommunens ferietilbud dækker behovet.
  opgaver:
    # opgavetype: aktivitet, rådgivning, koordinering, netværk, frivillighed, drift,
    # kommunikation eller dokumentation (eller jeres egne under "opgavetyper")
    # prioritet: skal, bør eller kan
    - id: lc-drift
      navn: Afvikling af lektiecaféen
      element: lektiecafe
      opgavetype: aktivitet
      målgruppe: Skolebørn i 1.–9. klasse
      nuværende_udfører: Projektmedarbejder
      ressourcer:
        timer_pr_uge: 6
        lokaler: Beboerhuset
      # prioritet: skal  (fjern # når I har truffet beslutningen)
    - id: lc-frivillige
      navn: Rekruttering og vagtplan for frivillige lektiehjælpere
      element: lektiecafe
      opgavetype: frivillighed
      nuværende_udfører: Projektmedarbejder
      ressourcer:
        timer_pr_uge: 3
  # Egne opgavetyper, hvis de indbyggede ikke passer (id: betegnelse), fx:
  # opgavetyper:
  #   mentor: Mentorforløb for unge

# ----------------------------------------------------------------------------------
# FASE 2: Kortlæg mulige forankringsaktører
# Skriv alle aktører op, der kunne overtage en eller flere af opgaverne: kommunale
# forvaltninger og institutioner, boligorganisationen, beboerdemokratiet, foreninger,
# frivillige, virksomheder og fonde. Tænk bredt, også ud over jeres nuværende
# samarbejdspartnere. Angiv under "opgaver", hvilke opgaver hver aktør kan løfte:
# fuldt eller delvist, eller nej, når I har vurderet, at aktøren ikke kan løfte den.
fase2:
  aktører:
    # type: kommune, boligorganisation, beboerdemokrati, forening, frivillige, politi,
    #       uddannelsesinstitution, region, virksomhed, fond eller andet
    # placering: lokal (i området) eller ekstern
    - id: fritidsklubben
      navn: Fritidsklubben
      type: kommune
      forvaltning: Kultur og Fritid
      placering: lokal
      kan_bidrage_med: Personale om eftermiddagen og kontakt til børnene og deres forældre.
      opgaver:
        lc-drift: fuldt
        # lc-frivillige: nej  # vurderet: klubben kan ikke rekruttere frivillige
    - id: frivilligforeningen
      navn: Beboernes Frivilligforening
      type: forening
      placering: lokal
      kan_bidrage_med: Frivillige lektiehjælpere og kontakt til beboerne i opgangene.
      opgaver:
        lc-frivillige: fuldt
        lc-drift: delvist

# ----------------------------------------------------------------------------------
# FASE 3: Analysér aktørerne, og vælg forankringen
# Vurdér hver aktør på fire parametre på en skala fra 1 til 4 (1 = ikke til stede,
# 2 = svag, 3 = delvis, 4 = stærk; null = ukendt):
#   forståelse: Kender og forstår aktøren opgaven og målgruppen?
#   mening:     Giver opgaven mening set fra aktørens egne mål og kerneopgave?
#   evne:       Har aktøren kompetencer, tid og økonomi til at løfte opgaven?
#   vilje:      Vil aktøren og dens ledelse påtage sig opgaven?
# En score kan skrives som et tal eller med "score:", "begrundelse:" og
# "udviklingsbehov:" (se evne nedenfor). Vælg derefter under "forankring", hvem der
# overtager hver opgave: én aktør (enkeltaktør) eller flere i et netværk, altid med
# én hovedansvarlig. Giv et netværk en organiseringsform, og beskriv hver aktørs ansvar.
# I et netværk kan I også skrive, hvem der koordinerer, hvilke af opgaverne hver
# rolle dækker, og snitfladerne: hvem giver hvad til hvem, hvornår og hvor.
fase3:
  analyser:
    # konklusion: egnet, egnet_med_kapacitetsopbygning eller ikke_egnet
    - aktør: fritidsklubben
      forståelse: 3
      mening: 4
      evne:
        score: 2
        begrundelse: Klubbens personale har ikke hjulpet med lektier før.
        udviklingsbehov: Sidemandsoplæring i lektiecaféen.
      vilje: 3
      konklusion: egnet_med_kapacitetsopbygning
    - aktør: frivilligforeningen
      forståelse: 3
      mening: 4
      evne: null
      vilje: 4
      samlet_vurdering: Foreningen blev stiftet sidste år, og vi kender endnu ikke dens kapacitet.
      konklusion: egnet_med_kapacitetsopbygning
  forankring:
    # model: enkeltaktør eller netværk
    # rolle: hovedansvarlig (præcis én), medansvarlig eller bidragyder
    # organiseringsform: samarbejdsaftale, partnerskab, forening, driftsaftale eller ingen
    - opgaver:
        - lc-drift
        - lc-frivillige
      model: netværk
      organiseringsform: samarbejdsaftale
      overdragelse: {handover}
      aktører:
        - aktør: fritidsklubben
          rolle: hovedansvarlig
          ansvar: Afvikler lektiecaféen og har kontakten til børnene og forældrene.
        - aktør: frivilligforeningen
          rolle: medansvarlig
          ansvar: Rekrutterer og koordinerer de frivillige lektiehjælpere.
          # De opgaver, rollen dækker (uden "opgaver:" dækker den dem alle):
          # opgaver:
          #   - lc-frivillige
      # Hvem samler aktørerne, og hvor tages problemer op? Et netværk har brug for
      # koordinering eller snitflader (gerne begge), ellers advarer forankring check.
      koordinering: Klubbens leder indkalder til et koordineringsmøde hvert kvartal.
      # Snitflader mellem aktørerne (fra og til er id'er på aktører i denne forankring):
      # snitflader:
      #   - fra: frivilligforeningen
      #     til: fritidsklubben
      #     hvad: Vagtplan med de frivillige lektiehjælpere for næste måned.
      #     hvornår: Den 20. i hver måned
      #     forum: Koordineringsmødet

# ----------------------------------------------------------------------------------
# FASE 4: Forankringsplanen
# Skriv de aktiviteter, der skal til, før aktørerne kan overtage opgaverne. De fleste
# er kapacitetsopbygning (oplæring, sidemandsoplæring, aftaler, ledelsesforankring),
# rettet mod de lave scorer fra fase 3; "styrker" siger, hvad en aktivitet styrker.
# Giv hver aktivitet en ansvarlig, en deadline før overdragelsen og et succeskriterium,
# der kan måles. Aftal også, hvordan der følges op, og hvilke risici I holder øje med:
# hvor sandsynlige og alvorlige de er, og hvem der ejer dem.
fase4:
  aktiviteter:
    # type: oplæring, sidemandsoplæring, overdragelse, aftale, foreningsdannelse,
    #       fundraising, ledelsesforankring, kommunikation eller andet
    # styrker: forståelse, mening, evne og/eller vilje
    # status: ikke_startet, i_gang eller afsluttet
    - id: p1
      navn: Sidemandsoplæring af klubbens medarbejdere i lektiecaféen
      type: sidemandsoplæring
      aktører:
        - fritidsklubben
      opgaver:
        - lc-drift
      styrker:
        - evne
      ansvarlig: Projektmedarbejder
      start: {p1_start}
      deadline: {p1_deadline}
      succeskriterium: To medarbejdere fra klubben afvikler lektiecaféen selvstændigt.
      status: ikke_startet
    - id: p2
      navn: Kursus for frivilligkoordinatorer
      type: oplæring
      aktører:
        - frivilligforeningen
      opgaver:
        - lc-frivillige
      styrker:
        - evne
      ansvarlig: Projektmedarbejder
      start: {p2_start}
      deadline: {p2_deadline}
      succeskriterium: Tre frivillige gennemfører kurset og koordinerer vagtplanen.
      status: ikke_startet
    - id: p3
      navn: Samarbejdsaftale om lektiecaféen
      type: aftale
      aktører:
        - fritidsklubben
        - frivilligforeningen
      opgaver:
        - lc-drift
        - lc-frivillige
      styrker:
        - vilje
        - mening
      ansvarlig: Projektleder
      start: {p3_start}
      deadline: {p3_deadline}
      succeskriterium: Aftalen er underskrevet af klubbens leder og foreningens formand.
      status: ikke_startet
  opfølgning:
    forum: styregruppe  # styregruppe, bestyrelse eller følgegruppe
    frekvens: Hvert kvartal
    næste_møde: {next_meeting}
  risici:
    - risiko: Frivilligforeningen mister nøglepersoner.
      håndtering: Flere frivillige oplæres som koordinatorer, og opgaverne skrives ned.
      # sandsynlighed: middel  # hvor sandsynlig er risikoen: lav, middel eller høj
      # konsekvens: høj  # hvor slemt er det, hvis den indtræffer: lav, middel eller høj
      # ejer: Projektleder  # hvem holder øje med risikoen
      # Hvilke aktører og opgaver risikoen angår (id'er fra fase 2 og fase 1):
      # aktører:
      #   - frivilligforeningen
      # opgaver:
      #   - lc-frivillige
"""
