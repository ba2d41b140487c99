"""Differentially private releases: calibrated noise from OpenDP, labelled, and a yearly privacy
budget that refuses a release that would overspend it (ADR 0020e)."""

from __future__ import annotations

import statistics
from decimal import Decimal

import pytest
from django.utils import translation

from atbalsts.audit.models import AuditEvent
from atbalsts.statistics import privacy, releases
from atbalsts.statistics.auditor import audit
from atbalsts.statistics.models import Mechanism, Release
from atbalsts.statistics.privacy import PrivacyError, noise_label, noisy_counts, noisy_table
from atbalsts.statistics.releases import ReleaseRefused, budget_left, record_release, release_noisy_table
from atbalsts.statistics.tables import Table
from tests.conftest import actor

D = Decimal


def victims_table() -> Table:
    return Table("Identified victims by sex and form", ["women", "men"], ["sexual", "labour", "other"],
                 [[14, 9, None], [2, 21, 6]])


# --- the noise ---------------------------------------------------------------------------------

def test_opendp_accounts_the_noise_at_exactly_the_epsilon_asked_for():
    assert privacy._measurement(D("0.5"), 1).map(1) == pytest.approx(0.5)
    # A person counted in two cells: twice the noise for the same epsilon.
    assert privacy._measurement(D("0.5"), 2).map(2) == pytest.approx(0.5)


def test_noisy_counts_are_whole_non_negative_and_centred_on_the_truth():
    noisy = noisy_counts([1000] * 3000, epsilon=D("1"))
    assert all(isinstance(v, int) and v >= 0 for v in noisy)
    # Discrete Laplace of scale 1: mean 0, standard deviation about 1.36.
    assert abs(statistics.fmean(noisy) - 1000) < 0.2
    assert 1.0 < statistics.pstdev(noisy) < 1.8
    assert len(set(noisy)) > 3


def test_a_noisy_table_keeps_unknown_cells_unknown_and_its_totals_add_up():
    noisy = noisy_table(victims_table(), epsilon=D("0.5")).table
    assert noisy.cells[0][2] is None
    assert all(isinstance(v, int) for row in noisy.cells for v in row if v is not None)
    assert noisy.row_totals()[1] == sum(noisy.cells[1])
    assert noisy.row_totals()[0] is None


@pytest.mark.parametrize("epsilon", [D("0"), D("-1"), D("10.5"), 0.5])
def test_an_epsilon_outside_the_bounds_is_refused(epsilon):
    with pytest.raises(PrivacyError, match="Epsilon must be a decimal number above 0 and at most 10"):
        noisy_counts([3], epsilon=epsilon)


def test_noisy_figures_are_labelled_in_latvian_and_english_with_a_decimal_comma():
    with translation.override("en"):
        assert noise_label(D("0.5")) == (
            "Noisy figures: random noise was added to every count to protect privacy "
            "(differential privacy, ε = 0,5). Totals are sums of the noisy counts.")
    with translation.override("lv"):
        assert noise_label(D("0.5")) == (
            "Skaitļi ar troksni: katram skaitam pievienots nejaušs troksnis privātuma aizsardzībai "
            "(diferenciālais privātums, ε = 0,5). Kopsummas ir trokšņaino skaitu summas.")


# --- the budget --------------------------------------------------------------------------------

def test_a_release_without_noise_spends_no_budget_and_is_audited(people, clock_today):
    release = record_release(actor(people["statistician"]), title="Eurostat victims table",
                             reference_year=clock_today.year, threshold=5)
    assert release.mechanism == Mechanism.NONE
    assert release.epsilon is None
    assert budget_left(clock_today.year) == D("1.0")
    event = AuditEvent.objects.get(object_type="statistics.release")
    assert event.object_ref == str(release.pk)
    assert event.action == "export"
    assert event.detail == {"reference_year": clock_today.year, "mechanism": "none", "epsilon": None, "threshold": 5}


def test_releases_spend_the_years_budget_and_the_one_that_would_overspend_it_is_refused(people, clock_today):
    stat = actor(people["statistician"])
    year = clock_today.year
    record_release(stat, title="Q1", reference_year=year, threshold=5, epsilon=D("0.5"))
    record_release(stat, title="Q2", reference_year=year, threshold=5, epsilon=D("0.4"))
    assert budget_left(year) == D("0.1")
    with translation.override("en"), pytest.raises(ReleaseRefused) as refused:
        record_release(stat, title="Q3", reference_year=year, threshold=5, epsilon=D("0.2"))
    assert str(refused.value) == (f"The privacy budget of {year} would be exceeded: 0,1 of 1 is left, "
                                  "this release needs 0,2. Nothing was released.")
    assert list(Release.objects.values_list("title", flat=True).order_by("title")) == ["Q1", "Q2"]
    # What is left can still be spent, and the budget of another year is untouched.
    record_release(stat, title="Q3", reference_year=year, threshold=5, epsilon=D("0.1"))
    assert budget_left(year) == D("0")
    assert budget_left(year - 1) == D("1.0")
    last = Release.objects.get(title="Q3")
    assert last.year_budget == D("1.000")
    assert last.mechanism == Mechanism.DISCRETE_LAPLACE


def test_the_refusal_is_in_latvian_for_a_latvian_user(people, clock_today):
    stat = actor(people["statistician"])
    record_release(stat, title="Q1", reference_year=clock_today.year, threshold=5, epsilon=D("1"))
    with translation.override("lv"), pytest.raises(ReleaseRefused) as refused:
        record_release(stat, title="Q2", reference_year=clock_today.year, threshold=5, epsilon=D("0.25"))
    assert str(refused.value) == (f"Tiktu pārsniegts {clock_today.year}. gada privātuma budžets: atlicis 0 no 1, "
                                  "šim publicējumam vajag 0,25. Nekas netika publicēts.")


@pytest.mark.parametrize("who", ["sw", "siva", "org_admin", "sys_admin"])
def test_only_the_statistician_may_release(people, clock_today, who):
    with translation.override("en"), pytest.raises(ReleaseRefused) as refused:
        record_release(actor(people[who]), title="Q1", reference_year=clock_today.year, threshold=5,
                       epsilon=D("0.1"))
    assert str(refused.value) == "Only the national coordinator's statistician can release statistics."
    assert not Release.objects.exists()


def test_a_release_about_a_future_year_or_spending_too_much_at_once_is_refused(people, clock_today):
    stat = actor(people["statistician"])
    with translation.override("en"):
        with pytest.raises(ReleaseRefused, match=f"The year must be from 2007 to {clock_today.year}."):
            record_release(stat, title="Q1", reference_year=clock_today.year + 1, threshold=5)
        with pytest.raises(ReleaseRefused, match=r"above 0 and at most 1\.$"):
            record_release(stat, title="Q1", reference_year=clock_today.year, threshold=5, epsilon=D("1.5"))
        with pytest.raises(ReleaseRefused, match="Name what is released"):
            record_release(stat, title="  ", reference_year=clock_today.year, threshold=5)
    assert not Release.objects.exists()


def test_a_noisy_release_is_suppressed_audited_and_recorded(people, clock_today):
    result = release_noisy_table(actor(people["statistician"]), victims_table(), reference_year=clock_today.year,
                                 epsilon=D("0.5"))
    assert audit(result.published, threshold=5).ok
    assert result.published.cells[0][2] is None
    assert result.release.epsilon == D("0.500")
    assert result.release.threshold == 5
    assert result.noisy.label().startswith("Skaitļi ar troksni") or result.noisy.label().startswith("Noisy figures")
    assert budget_left(clock_today.year) == D("0.5")


def test_a_refused_noisy_release_draws_no_noise(people, clock_today, monkeypatch):
    stat = actor(people["statistician"])
    record_release(stat, title="Q1", reference_year=clock_today.year, threshold=5, epsilon=D("0.9"))

    def must_not_run(*args, **kwargs):
        raise AssertionError("noise drawn for a refused release")

    monkeypatch.setattr(releases, "noisy_table", must_not_run)
    with pytest.raises(ReleaseRefused):
        release_noisy_table(stat, victims_table(), reference_year=clock_today.year, epsilon=D("0.5"))
    assert Release.objects.count() == 1
