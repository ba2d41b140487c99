"""The dashboard, the downloads and the API share one assembly of published tables.

``build(viewer, period)`` returns every table already through :func:`reports.publish`, the
charts drawn from those published values, and the few single figures (averages, shares) — shown
to the national view only when they rest on at least the threshold's number of records.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Min
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from . import charts, figures, published, reports
from .access import Viewer
from .layout import ProtectedTable, Table
from .models import StatisticalRecord

TREND_YEARS = 15


@dataclass
class Section:
    code: str
    heading: str
    tables: list[ProtectedTable]
    facts: list[tuple[str, str]] = field(default_factory=list)
    chart: str = ""
    chart_title: str = ""


@dataclass
class Dashboard:
    period: figures.Period
    viewer: Viewer
    sections: list[Section]
    reports: list[ProtectedTable]
    trend: ProtectedTable
    trend_chart: str
    threshold: int
    # Latvia's published UNODC figures as a table beside the trend chart (the national view only).
    published_table: published.PublishedTable | None = None

    def all_tables(self) -> list[ProtectedTable]:
        return [t for s in self.sections for t in s.tables] + self.reports

    def table(self, code: str) -> ProtectedTable | None:
        return next((t for t in self.all_tables() if t.code == code), None)


def _fact_number(value: float | None, enough: bool) -> str:
    if value is None:
        return _("none recorded")
    if not enough:
        return _("too few to publish")
    return number_format(round(value, 1), 1)


def _percent(share: float | None, enough: bool) -> str:
    if share is None:
        return _("none recorded")
    if not enough:
        return _("too few to publish")
    # Rounded first: Django's number_format cuts a float's extra decimals off (66.66 would read 66,6).
    return f"{number_format(round(share * 100, 1), 1)} %"


def trend_table(viewer: Viewer, period: figures.Period) -> Table:
    last = period.end.year
    years = list(range(last - TREND_YEARS + 1, last + 1))
    table = figures.identified_by_year(viewer.organisation_id, years)
    first = StatisticalRecord.objects.aggregate(first=Min("opened_month"))["first"]
    # Years before the system held any record are unknown, not zero.
    cells = [line if first is not None and int(year) >= first.year else [None, None]
             for year, line in zip(table.rows, table.cells, strict=True)]
    return Table(code=table.code, title=table.title, rows=table.rows, columns=table.columns,
                 column_codes=table.column_codes, cells=cells)


def build(viewer: Viewer, period: figures.Period, *, charts_too: bool = True) -> Dashboard:
    scope = figures.Scope(period, viewer.organisation_id)
    threshold = reports.threshold() if viewer.protected else 0

    def pub(tables: list[Table | None]) -> list[ProtectedTable]:
        return [reports.publish(t, viewer) for t in tables if t is not None]

    persons = pub(figures.person_tables(scope))
    timeliness = figures.siva_timeliness(scope)
    enough_decided = timeliness.decided >= threshold
    siva = Section("siva", _("SIVA decisions"), pub([figures.siva_outcomes(scope), figures.siva_refusals(scope),
                                                      figures.siva_queue(scope)]))
    siva.facts = [
        (_("Average working days from receipt to decision"),
         _fact_number(timeliness.average_working_days, enough_decided)),
        (_("Decided within %(days)s working days") % {"days": timeliness.limit},
         _percent(timeliness.share, enough_decided)),
    ]
    course_table = figures.courses(scope)
    course = Section("courses", _("Social rehabilitation courses"),
                     pub([course_table, figures.services(scope)]))
    closed_early = sum(v for code, line in zip(course_table.row_codes, course_table.cells, strict=True)
                       if code.startswith("closed_") for v in line if v)
    course.facts = [(_("Average length of the courses closed early, days"),
                     _fact_number(figures.course_length(scope), closed_early >= threshold))]
    aftercare = Section("aftercare", _("After-care"), pub([figures.aftercare(scope)]))
    other = Section("other", _("Municipal cases, referrals and hotline"), pub([figures.municipal_and_hotline(scope)]))
    referrals = figures.referral_timeliness(scope)
    if referrals is not None:
        # Like SIVA's timeliness: a share or a median is shown only when it rests on enough referrals.
        other.facts = [
            (_("Referrals accepted, of those answered"),
             _percent(referrals.share_accepted, referrals.answered >= threshold)),
            (_("Median working days from sending a referral to its acceptance"),
             _fact_number(referrals.median_working_days, referrals.accepted >= threshold)),
        ]
    person_section = Section("persons", _("Persons"), persons)
    trend = reports.publish(trend_table(viewer, period), viewer)
    trend_chart = ""
    if charts_too:
        forms = next(t for t in persons if t.code == "form")
        person_section.chart = charts.bars(forms, column=0)
        person_section.chart_title = _("Identified persons by form of exploitation")
        trend_chart = charts.trend(trend, published.victims() if viewer.protected else {},
                                   system_label=_("identified in this system"),
                                   published_label=_("published figures (UNODC)"))
    layouts = pub([reports.eurostat(scope), reports.glotip(scope), reports.greta(scope)])
    return Dashboard(period=period, viewer=viewer, sections=[person_section, siva, course, aftercare, other],
                     reports=layouts, trend=trend, trend_chart=trend_chart, threshold=threshold,
                     published_table=published.table() if viewer.protected else None)


def default_period(today: datetime.date) -> figures.Period:
    """The current year: the figures the coordinator is preparing."""
    return figures.year(today.year, today)
