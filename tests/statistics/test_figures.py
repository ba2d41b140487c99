"""The figures, counted from synthetic de-identified records whose counts are known by construction."""

from __future__ import annotations

import datetime

import pytest

from atbalsts.statistics import figures, reports
from atbalsts.statistics.figures import Scope
from tests.statistics.records import make


@pytest.fixture
def y(clock_today):
    return clock_today.year


@pytest.fixture
def data(orgs, y):
    make(y, orgs["provider_a"].pk, orgs["provider_b"].pk)
    return orgs


def national(period):
    return Scope(period)


def cells(table):
    return dict(zip(table.row_codes, table.cells, strict=True))


def test_persons_are_identified_or_presumed_and_the_not_recognised_are_neither(data, y, clock_today):
    table = figures.persons(national(figures.year(y, clock_today)))
    assert table.cells == [[4, 2]]


def test_a_quarter_a_month_and_custom_dates_choose_by_the_month_the_case_opened(data, y, clock_today):
    assert figures.persons(national(figures.quarter(y, 1, clock_today))).cells == [[3, 0]]
    assert figures.persons(national(figures.month(y, 5, clock_today))).cells == [[1, 0]]
    assert figures.persons(national(figures.month(y, 4, clock_today))).cells == [[0, 0]]
    two_years = figures.custom(datetime.date(y - 1, 1, 1), datetime.date(y, 12, 31), clock_today)
    assert figures.persons(national(two_years)).cells == [[5, 2]]


def test_period_codes_are_read_and_bad_ones_refused_with_a_message(clock_today):
    y = clock_today.year
    assert figures.parse(f"{y}-Q3", clock_today).start == datetime.date(y, 7, 1)
    assert figures.parse(f"{y}-02", clock_today).end.day in (28, 29)
    for bad in ("", "20x6", f"{y}-Q5", f"{y}-13", "1990", str(y + 2)):
        with pytest.raises(figures.PeriodError):
            figures.parse(bad, clock_today)
    with pytest.raises(figures.PeriodError):
        figures.custom(datetime.date(y, 5, 1), datetime.date(y, 4, 1), clock_today)


def test_breakdowns_by_sex_age_citizenship_and_recruitment(data, y, clock_today):
    scope = national(figures.year(y, clock_today))
    assert cells(figures.by_sex(scope))["female"] == [3, 2]
    assert cells(figures.by_sex(scope))["male"] == [1, 0]
    assert cells(figures.by_child_adult(scope)) == {"child": [1, 0], "adult": [3, 0], "unknown": [0, 2]}
    assert cells(figures.by_age5(scope))["25-29"] == [3, 0]
    assert cells(figures.by_age5(scope))["15-19"] == [1, 0]
    assert cells(figures.by_exploitation_age(scope))["0-17"] == [1, 0]
    assert cells(figures.by_exploitation_age(scope))["18-24"] == [3, 0]
    assert cells(figures.by_citizenship_group(scope)) == {"latvia": [3, 0], "eu": [0, 2], "non_eu": [1, 0]}
    assert cells(figures.by_citizenship_country(scope))["Ukraina"] == [1, 0]
    assert cells(figures.by_recruitment(scope))["social_media"] == [3, 0]
    assert cells(figures.by_first_contact(scope))["state_police"] == [1, 0]
    assert cells(figures.by_first_contact(scope))["hotline"] == [0, 2]
    assert cells(figures.by_ground(scope)) == {"proceedings": [1], "foreign": [0], "commission": [3]}


def test_forms_and_countries_count_each_person_once_per_form(data, y, clock_today):
    scope = national(figures.year(y, clock_today))
    forms = cells(figures.by_form(scope))
    assert forms["sexual_prostitution"] == [3, 0]
    assert forms["forced_labour"] == [1, 0]
    assert forms["forced_begging"] == [1, 0]
    assert forms["forced_marriage"] == [0, 0]  # a form of Directive 2024/1712: known none
    assert forms["unknown"] == [0, 2]
    countries = cells(figures.by_exploitation_country(scope))
    assert countries == {"Vācija": [3, 0], "Īrija": [1, 0], "unknown": [0, 2]}


def test_a_providers_own_scope_counts_only_its_cases(data, y, clock_today):
    own = Scope(figures.year(y, clock_today), data["provider_a"].pk)
    assert figures.persons(own).cells == [[3, 2]]
    assert figures.persons(Scope(figures.year(y, clock_today), data["provider_b"].pk)).cells == [[1, 0]]


def test_siva_outcomes_refusals_and_working_days_within_the_policy_limit(data, y, clock_today):
    scope = national(figures.year(y, clock_today))
    assert cells(figures.siva_outcomes(scope)) == {"grant": [2], "queue": [0], "refuse": [1]}
    assert cells(figures.siva_refusals(scope))["documents_incomplete"] == [1]
    timeliness = figures.siva_timeliness(scope)
    assert (timeliness.decided, timeliness.within, timeliness.limit) == (3, 2, 3)
    assert timeliness.average_working_days == pytest.approx(3.3)
    assert timeliness.share == pytest.approx(2 / 3)


def test_courses_started_completed_closed_early_and_their_length(data, y, clock_today):
    scope = national(figures.year(y, clock_today))
    course = cells(figures.courses(scope))
    assert course["started"] == [2]
    assert course["completed"] == [2]  # June of this year and September of the last ran their full length
    assert course["closed_withdrew"] == [1]
    assert course["closed_goals_reached"] == [0]
    assert figures.course_length(scope) == 90.0


def test_the_trend_counts_each_year(data, y):
    table = figures.identified_by_year(None, [y - 1, y])
    assert table.cells == [[1, 0], [4, 2]]


def test_referrals_and_hotline_contacts_are_counted_under_readable_names(data, y, clock_today):
    table = figures.municipal_and_hotline(national(figures.year(y, clock_today)))
    assert table.row_codes[:4] == ["referrals_total", "referrals_answered", "referrals_accepted", "referrals_declined"]
    assert all(cell == [0] for cell in table.cells)  # recorded stages, nothing in them yet: zero, not blank
    assert not any("_" in str(label) for label in table.rows)


def test_a_stage_not_recorded_in_this_installation_is_blank_not_zero(data, y, clock_today, monkeypatch):
    def without_hotline(module, name):
        return None if module == "atbalsts.hotline.stats" else _real_optional(module, name)

    monkeypatch.setattr(figures.contributions, "optional", without_hotline)
    table = figures.municipal_and_hotline(national(figures.year(y, clock_today)))
    by_code = dict(zip(table.row_codes, table.cells, strict=True))
    assert by_code["hotline_contacts"] == [None]
    assert by_code["referrals_total"] == [0]


_real_optional = figures.contributions.optional


def test_the_eurostat_table_crosses_form_sex_age_and_citizenship(data, y, clock_today):
    table = reports.eurostat(national(figures.year(y, clock_today)))
    col = {c: i for i, c in enumerate(table.column_codes)}
    rows = cells(table)
    assert rows["sexual.female.adult"][col["identified.latvia"]] == 3
    assert rows["labour.male.child"][col["identified.non_eu"]] == 1
    assert rows["other.male.child"][col["identified.non_eu"]] == 1  # forced begging
    assert rows["unknown.female.unknown"][col["presumed.eu"]] == 2
    assert rows["sexual.male.adult"] == [0] * len(table.columns)  # known none, not blank
    assert len(table.rows) == 4 * 3 * 3 and len(table.columns) == 2 * 4


def test_the_glotip_table_counts_detected_victims_as_women_men_girls_and_boys(data, y, clock_today):
    table = reports.glotip(national(figures.year(y, clock_today)))
    rows = cells(table)
    col = {c: i for i, c in enumerate(table.column_codes)}
    assert rows["sexual"][col["women"]] == 3
    assert rows["forced_labour"][col["boys"]] == 1
    assert rows["begging"][col["boys"]] == 1
    assert rows["marriage"] == [0, 0, 0, 0, 0]


def test_the_greta_table_leaves_what_is_not_recorded_blank(data, y, clock_today):
    table = reports.greta(national(figures.custom(datetime.date(y - 1, 1, 1), datetime.date(y, 12, 31),
                                                  clock_today)))
    rows = cells(table)
    assert table.column_codes == [str(y - 1), str(y)]
    assert rows["identified"] == [1, 4]
    assert rows["identified_children"] == [0, 1]
    assert rows["identified_foreign"] == [0, 1]
    assert rows["identified_sexual"] == [0, 3]
    assert rows["siva_granted"] == [0, 2]
    assert rows["reflection_period"] == [None, None]


def test_published_tables_for_the_coordinator_pass_disclosure_control(data, y, clock_today, people):
    from atbalsts.statistics.access import viewer
    from atbalsts.statistics.layout import SUPPRESSED
    from tests.conftest import actor

    coordinator = viewer(actor(people["statistician"]))
    table = reports.publish(figures.by_sex(national(figures.year(y, clock_today))), coordinator)
    assert table.threshold == 5
    assert SUPPRESSED in [c for line in table.cells for c in line]  # 3, 2 and 1 are below 5
    assert all(c is SUPPRESSED or c == 0 or c >= 5 for line in table.cells for c in line)


def test_a_person_helped_by_two_providers_counts_once_nationally_and_once_at_each_provider(data, y, clock_today):
    import uuid

    from atbalsts.statistics.models import StatisticalRecord

    one_person = uuid.uuid4()
    at_b = StatisticalRecord.objects.get(organisation_pk=data["provider_b"].pk)
    # Provider A registered the same boy too; the record linkage put both records in one cluster.
    StatisticalRecord.objects.create(
        sex="male", age_band="0-17", citizenship_group="non_eu", case_status="recognised", ground="commission",
        exploitation_forms=["forced_labour"], opened_month=datetime.date(y, 5, 1),
        organisation_pk=data["provider_a"].pk, person_cluster=one_person)
    StatisticalRecord.objects.filter(pk=at_b.pk).update(person_cluster=one_person)
    period = figures.year(y, clock_today)
    assert figures.persons(national(period)).cells == [[4, 2]]
    assert cells(figures.by_sex(national(period)))["male"] == [1, 0]
    assert figures.persons(Scope(period, data["provider_a"].pk)).cells == [[4, 2]]
    assert figures.persons(Scope(period, data["provider_b"].pk)).cells == [[1, 0]]


def test_records_imported_into_a_sandbox_are_never_counted(data, y, clock_today):
    import uuid

    from atbalsts.statistics.models import StatisticalRecord

    StatisticalRecord.objects.create(sex="female", case_status="recognised", opened_month=datetime.date(y, 2, 1),
                                     import_batch=uuid.uuid4())
    assert figures.persons(national(figures.year(y, clock_today))).cells == [[4, 2]]
