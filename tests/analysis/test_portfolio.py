"""The portfolio overview's figures, checked against hand-counted cases."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from pathlib import Path

from forankring_docs.analysis.portfolio import Portfolio, build_portfolio, to_csv, traffic_light
from forankring_docs.case.starter import write_new_case
from forankring_docs.pipeline import render_overview
from forankring_docs.report.overview import OverviewView
from tests.conftest import MINIMAL

TODAY = dt.date(2027, 9, 1)

PLAN = """\
fase4:
  aktiviteter:
    - navn: Kursus
      aktører: [klub]
      ansvarlig: Projektleder
      succeskriterium: Gennemført
      deadline: 2027-03-01
      status: afsluttet
    - navn: Aftale
      ansvarlig: Projektleder
      succeskriterium: Underskrevet
      deadline: 2027-06-01
      status: i_gang
    - navn: Senere
      ansvarlig: Projektleder
      succeskriterium: Klar
      deadline: 2027-11-01
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_figures_match_a_hand_counted_case(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "    - id: cafe\n      navn: Lektiecafé\n",
        "    - id: cafe\n      navn: Lektiecafé\n"
        "    - id: lejr\n      navn: Sommerlejr\n      forankres: nej\n"
        "      begrundelse: For dyr.\n",
    )
    text = text.replace(
        "  opgaver:\n    - id: drift",
        "  opgaver:\n    - id: ekstra\n      navn: Ekstra\n      element: cafe\n"
        "      opgavetype: drift\n    - id: drift",
    )
    case = write(tmp_path, "by.yaml", text + PLAN)
    row = build_portfolio([case], TODAY).rows[0]
    # Elements: lejr phased out; cafe leaves forankres out, so it is not decided yet (it
    # counts as neither anchored nor phased out). Tasks of elements not phased out: ekstra,
    # drift; only drift has a chosen anchoring. Klub is analysed 'egnet'; forening is not.
    assert (row.elements_anchored, row.elements_phased_out, row.elements_undecided) == (0, 1, 1)
    assert (row.tasks_anchored, row.tasks_unresolved) == (1, 1)
    assert (row.actors_suitable, row.actors_mapped) == (1, 2)
    # Activities: one done; 'Aftale' is past its deadline (2027-06-01) and not done.
    assert (row.activities_done, row.activities_total, row.activities_overdue) == (1, 3, 1)
    # The period ends 2027-12-31, within six months, with an unresolved task: red.
    assert row.light == "red"
    assert row.warnings >= 2


def test_invalid_cases_are_listed_with_their_first_error_and_sorted_last(tmp_path: Path) -> None:
    late = write(tmp_path, "a.yaml", MINIMAL.replace("slut: 2027-12-31", "slut: 2029-01-31"))
    early = write(tmp_path, "b.yaml", MINIMAL.replace("slut: 2027-12-31", "slut: 2026-01-31"))
    broken = write(tmp_path, "0.yaml", MINIMAL.replace("type: kommune", "type: komune"))
    portfolio = build_portfolio([broken, late, early], TODAY)
    assert [Path(r.file).name for r in portfolio.rows] == ["b.yaml", "a.yaml", "0.yaml"]
    bad = portfolio.rows[-1]
    assert not bad.valid and bad.light == "red"
    assert bad.first_error.startswith("20:13: 'komune' is not a valid actor type")
    assert portfolio.totals["invalid"] == 1 and portfolio.totals["cases"] == 3


def test_csv_opens_in_excel_with_danish_letters(tmp_path: Path) -> None:
    case = write(
        tmp_path, "østerbo.yaml", MINIMAL.replace("boligområde: Testby", "boligområde: '=Østerbo'")
    )
    data = to_csv(build_portfolio([case], TODAY))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["fil", "boligområde", "indsats"]
    assert rows[1][1] == "'=Østerbo"  # never a formula
    assert rows[1][rows[0].index("lys")] in ("rød", "gul", "grøn", "grå")


def test_traffic_light_rules() -> None:
    far = dt.date(2030, 1, 1)
    soon = dt.date(2027, 12, 1)
    assert traffic_light(ends=far, today=TODAY, unresolved=0, overdue=0, warnings=0) == "green"
    assert traffic_light(ends=far, today=TODAY, unresolved=2, overdue=0, warnings=2) == "yellow"
    assert traffic_light(ends=soon, today=TODAY, unresolved=0, overdue=1, warnings=1) == "red"
    assert traffic_light(ends=soon, today=TODAY, unresolved=0, overdue=0, warnings=3) == "yellow"


def test_the_totals_count_each_case_once_in_the_right_number(tmp_path: Path) -> None:
    from forankring_docs.pipeline import Renderer
    from forankring_docs.report.overview import build_overview_view

    late = write(tmp_path, "a.yaml", MINIMAL.replace("slut: 2027-12-31", "slut: 2031-01-31"))
    broken = write(tmp_path, "0.yaml", MINIMAL.replace("type: kommune", "type: komune"))
    portfolio = build_portfolio([broken, late], TODAY)
    light = portfolio.rows[0].light
    words = {
        "da": {"red": "rød", "yellow": "gul", "green": "grøn", "grey": "ikke udfyldt"},
        "en": {"red": "red", "yellow": "yellow", "green": "green", "grey": "not filled in"},
    }
    for language, subtitle, invalid in (
        ("da", "2 boligområder", "1 ugyldig sagsfil"),
        ("en", "2 housing areas", "1 invalid case file"),
    ):
        labels = Renderer.for_template(None).labels(language)
        view = build_overview_view(portfolio, labels)
        assert view.subtitle.startswith(subtitle)
        assert view.totals.endswith(invalid)
        # the invalid case is not also counted as a red light: the counts add up to 2
        assert f"1 {words[language][light]}" in view.totals
        assert (
            sum(
                int(part.split()[0])
                for part in view.totals.replace(" og ", ", ")
                .replace(" and ", ", ")
                .replace(" · ", ", ")
                .split(", ")
            )
            == 2
        )


def test_every_figure_is_as_of_the_overview_date_not_the_case_date(tmp_path: Path) -> None:
    # The case was last dated 2026-03-01; the overview is made on TODAY (2027-09-01). By then
    # 'Aftale' (due 2027-06-01) is overdue and the period ending 2027-12-31 is close.
    dated = MINIMAL.replace("  periode:", "  dato: 2026-03-01\n  periode:")
    row = build_portfolio([write(tmp_path, "by.yaml", dated + PLAN)], TODAY).rows[0]
    assert row.activities_overdue == 1
    assert row.light == "red"
    ended = dated.replace("slut: 2027-12-31", "slut: 2027-06-30")
    assert build_portfolio([write(tmp_path, "sl.yaml", ended + PLAN)], TODAY).rows[0].light == "red"


def test_within_six_months_counts_days_not_calendar_months() -> None:
    today = dt.date(2026, 11, 30)
    # 2027-05-01 is five months and a day away: soon, although six calendar months apart.
    assert (
        traffic_light(ends=dt.date(2027, 5, 1), today=today, unresolved=1, overdue=0, warnings=1)
        == "red"
    )
    assert (
        traffic_light(ends=dt.date(2027, 5, 30), today=today, unresolved=1, overdue=0, warnings=1)
        == "red"
    )
    assert (
        traffic_light(ends=dt.date(2027, 5, 31), today=today, unresolved=1, overdue=0, warnings=1)
        == "yellow"
    )


def test_an_invalid_case_has_no_figures_in_the_csv(tmp_path: Path) -> None:
    broken = write(tmp_path, "0.yaml", MINIMAL.replace("type: kommune", "type: komune"))
    rows = list(
        csv.reader(
            io.StringIO(to_csv(build_portfolio([broken], TODAY)).decode("utf-8-sig")), delimiter=";"
        )
    )
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["gyldig"] == "nej"
    assert row["opgaver_uafklaret"] == row["aktiviteter_forsinket"] == row["advarsler"] == ""
    assert "komune" in row["første_fejl"]


def test_area_sections_say_when_the_period_has_ended_and_count_the_rest(tmp_path: Path) -> None:
    from forankring_docs.pipeline import render_overview

    # Seven warnings: task 'a' has no candidate actor and no anchoring (A201, A302); the
    # unanalysed 'forening' is mapped and chosen (A301, A303); the network says nothing of
    # how it is held together (A310); 'Senere' is due after the end of the period (A401);
    # 'Aftale' is overdue (A405).
    extra = MINIMAL.replace(
        "  opgaver:\n    - id: drift",
        "  opgaver:\n    - {id: a, navn: A, element: cafe, opgavetype: drift}\n    - id: drift",
    )
    ended = write(tmp_path, "by.yaml", extra.replace("slut: 2027-12-31", "slut: 2027-06-30") + PLAN)
    portfolio = build_portfolio([ended], TODAY)
    assert portfolio.rows[0].warnings == 7
    for language, ended_text, more in (
        ("da", "Perioden sluttede 30. juni 2027", "… og 2 flere (se områdets egen rapport)."),
        ("en", "The period ended 30 June 2027", "… and 2 more (see the area's own report)."),
    ):
        page = render_overview(portfolio, "html", language=language).decode("utf-8")
        assert ended_text in page
        assert more in html.unescape(page)


def test_every_output_says_the_date_its_figures_are_counted_at(tmp_path: Path) -> None:
    """check counts at meta.dato, the overview at --as-of: each output names its date, so
    that a reader can tell why the two differ."""
    from forankring_docs.pipeline import render_overview

    dated = MINIMAL.replace("  periode:", "  dato: 2026-03-01\n  periode:")
    portfolio = build_portfolio([write(tmp_path, "by.yaml", dated + PLAN)], TODAY)
    rows = list(csv.reader(io.StringIO(to_csv(portfolio).decode("utf-8-sig")), delimiter=";"))
    assert dict(zip(rows[0], rows[1], strict=True))["opgjort_pr"] == "2027-09-01"
    for language, line in (
        ("da", "Opgjort pr. 1. september 2027. Kommandoen forankring check"),
        ("en", "As of 1 September 2027. The command forankring check"),
    ):
        page = html.unescape(render_overview(portfolio, "html", language=language).decode())
        assert line in page
    from docx import Document

    (tmp_path / "o.docx").write_bytes(render_overview(portfolio, "docx", language="da"))
    text = "\n".join(p.text for p in Document(str(tmp_path / "o.docx")).paragraphs)
    assert "Opgjort pr. 1. september 2027. Kommandoen forankring check" in text


def test_as_of_is_a_date_or_a_usage_error(tmp_path: Path) -> None:
    from tests.conftest import run_cli

    out = str(tmp_path / "o.csv")
    code, _, err = run_cli(tmp_path, MINIMAL + PLAN, "overview", "-o", out, "--as-of", "1/9/2027")
    assert code == 2 and "write it as year-month-day, e.g. 2027-03-31" in err
    code, _, err = run_cli(tmp_path, MINIMAL + PLAN, "overview", "-o", out, "--as-of", "2027-05-01")
    assert code == 0, err
    assert "1 case (0 invalid, 3 warnings), as of 2027-05-01 →" in err  # A301, A303, A310
    rows = list(csv.reader(io.StringIO(Path(out).read_text("utf-8-sig")), delimiter=";"))
    row = dict(zip(rows[0], rows[1], strict=True))
    # As of 2027-05-01, 'Aftale' (due 2027-06-01) is not overdue yet; as of TODAY it is.
    assert (row["opgjort_pr"], row["aktiviteter_forsinket"]) == ("2027-05-01", "0")


def test_an_untouched_new_file_is_not_counted_as_decided(tmp_path: Path) -> None:
    """`forankring new` leaves the example's forankres out for the user to decide; a case
    without a status says so rather than showing the default."""
    from forankring_docs.case.starter import starter_case
    from forankring_docs.pipeline import render_overview

    new = write(tmp_path, "ny.yaml", starter_case("Nybyen", today=TODAY))
    no_status = write(tmp_path, "uden.yaml", MINIMAL)
    rows = {row.area: row for row in build_portfolio([new, no_status], TODAY).rows}
    fresh = rows["Nybyen"]
    assert (fresh.elements_anchored, fresh.elements_phased_out, fresh.elements_undecided) == (
        0,
        1,
        1,
    )
    assert (fresh.status, rows["Testby"].status) == ("udkast", "")
    table = list(
        csv.reader(
            io.StringIO(to_csv(build_portfolio([new], TODAY)).decode("utf-8-sig")), delimiter=";"
        )
    )
    assert dict(zip(table[0], table[1], strict=True))["elementer_ikke_besluttet"] == "1"
    page = html.unescape(
        render_overview(build_portfolio([new, no_status], TODAY), "html", language="da").decode()
    )
    assert "0 / 1 (+ 1 ikke besluttet)" in page
    assert "ikke\u00a0angivet" in page  # Testby's status


# ------------------------------------------------------------------ not filled in
def overview_of(portfolio: Portfolio, language: str = "da") -> OverviewView:
    from forankring_docs.pipeline import Renderer
    from forankring_docs.report.overview import build_overview_view

    return build_overview_view(portfolio, Renderer.for_template(None).labels(language))


def test_an_untouched_starter_is_not_filled_in_never_green(tmp_path: Path) -> None:
    """A file just written by `forankring new` is consistent: without A103 it would be green.
    The secretariat sees it as not filled in, with the count of example texts left."""
    new = tmp_path / "nordvang.yaml"
    write_new_case(new, "Nordvang", today=TODAY)
    portfolio = build_portfolio([new], TODAY)
    row = portfolio.rows[0]
    assert row.light == "grey"
    assert row.example_texts >= 20 and row.example_texts == row.warnings
    assert portfolio.totals == {
        "cases": 1,
        "invalid": 0,
        "red": 0,
        "yellow": 0,
        "green": 0,
        "grey": 1,
    }
    view = overview_of(portfolio)
    assert view.rows[0].light_word == "Ikke udfyldt"
    assert view.totals == "0 røde, 0 gule, 0 grønne og 1 ikke udfyldt · 0 ugyldige sagsfiler"
    (area,) = view.areas
    assert area.unfilled == (
        f"Sagsfilen indeholder stadig {row.example_texts} eksempeltekster fra forankring new, "
        "så dens tal er ikke nødvendigvis områdets egne.",
    )
    # The example texts are counted, not listed one by one in place of the real points.
    assert area.sentences == () and area.more == 0
    page = html.unescape(render_overview(portfolio, "html").decode("utf-8"))
    assert "Ingen andre opmærksomhedspunkter." in page
    english = overview_of(portfolio, "en")
    assert english.rows[0].light_word == "Not filled in"
    assert "1 not filled in" in english.totals
    rows = list(csv.reader(io.StringIO(to_csv(portfolio).decode("utf-8-sig")), delimiter=";"))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["lys"] == "grå"
    assert record["eksempeltekster"] == str(row.example_texts)


def test_a_case_with_only_default_decisions_is_not_filled_in(tmp_path: Path) -> None:
    """MINIMAL writes no forankres, prioritet or placering: nothing is decided yet."""
    far = MINIMAL.replace("slut: 2027-12-31", "slut: 2031-12-31")
    row = build_portfolio([write(tmp_path, "a.yaml", far)], TODAY).rows[0]
    assert (row.light, row.undecided, row.decided) == ("grey", 4, 0)
    assert (row.elements_anchored, row.elements_phased_out) == (0, 0)  # cafe: not decided
    (area,) = overview_of(build_portfolio([tmp_path / "a.yaml"], TODAY)).areas
    assert area.unfilled == (
        "Ingen beslutninger er angivet endnu: hverken om elementerne forankres, opgavernes "
        "prioritet eller aktørernes placering.",
    )
    assert area.undecided == ""


def test_one_decision_given_makes_it_yellow_and_counts_the_rest(tmp_path: Path) -> None:
    decided = MINIMAL.replace("slut: 2027-12-31", "slut: 2031-12-31").replace(
        "      navn: Lektiecafé\n", "      navn: Lektiecafé\n      forankres: ja\n"
    )
    portfolio = build_portfolio([write(tmp_path, "a.yaml", decided)], TODAY)
    row = portfolio.rows[0]
    assert (row.light, row.undecided, row.decided, row.elements_anchored) == ("yellow", 3, 1, 1)
    (area,) = overview_of(portfolio).areas
    assert area.unfilled == ()
    assert area.undecided == (
        "3 beslutninger er ikke angivet (om elementer forankres, opgavers prioritet og "
        "aktørers placering)."
    )
    # Every decision given, and nothing else to say: green at last.
    given = decided.replace(
        "opgavetype: aktivitet\n", "opgavetype: aktivitet\n      prioritet: bør\n"
    )
    given = given.replace("type: kommune\n", "type: kommune\n      placering: lokal\n")
    given = given.replace("type: forening\n", "type: forening\n      placering: ekstern\n")
    given = given.replace(
        "      organiseringsform: samarbejdsaftale\n",
        "      organiseringsform: samarbejdsaftale\n      koordinering: Klubben samler parterne.\n",
    )
    given = given.replace(
        "      konklusion: egnet\n",
        "      konklusion: egnet\n    - {aktør: forening, forståelse: 3, mening: 3, evne: 3, "
        "vilje: 3, konklusion: egnet}\n",
    )
    row = build_portfolio([write(tmp_path, "a.yaml", given)], TODAY).rows[0]
    assert (row.undecided, row.warnings, row.light) == (0, 0, "green")


def test_traffic_light_not_filled_in() -> None:
    far, soon = dt.date(2030, 1, 1), dt.date(2027, 12, 1)
    assert (
        traffic_light(ends=far, today=TODAY, unresolved=0, overdue=0, warnings=0, unfilled=True)
        == "grey"
    )
    # Tasks unresolved as the period ends is urgent, example text or not.
    assert (
        traffic_light(ends=soon, today=TODAY, unresolved=1, overdue=0, warnings=0, unfilled=True)
        == "red"
    )
    assert (
        traffic_light(ends=far, today=TODAY, unresolved=0, overdue=0, warnings=0, undecided=1)
        == "yellow"
    )
