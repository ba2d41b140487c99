"""The report's rows summed per course and added up per case number (issue 14) give byte for byte
the same page, CSV, XLSX, PDF and API as the sums per case number did: compared on varied data
(several seeds and periods, both scopes, courses started long before the period, another
organisation's entries), with the old reading kept here as the reference."""

from __future__ import annotations

import datetime
import io
import json
import re
import zipfile

import pytest
from django.db.models import Count, Sum

from atbalsts.policy.dates import ruleset_for_display
from atbalsts.policy.entitlements import Course as PolicyCourse
from atbalsts.policy.rules import RULESETS
from atbalsts.rehabilitation.models import AftercareEntry, ServiceEntry
from atbalsts.reports import access
from atbalsts.reports.compute import ZERO, AftercareRow, CourseRow, ServiceRow
from tests.reports.conftest import course, generate, new_client


def _old_rows(courses, start, end):
    """The reading before (commit dbf94bb): summed by the database per case number (in the order its
    sorted grouping gives; the old query left the order to the plan)."""
    longest = max(rs.course_max_days for rs in RULESETS)
    course_rows = []
    for case_number, first, actual_end in courses.filter(
        start__lte=end, start__gt=start - datetime.timedelta(days=longest)
    ).values_list("client__case_number", "start", "actual_end"):
        last = PolicyCourse(first, actual_end=actual_end).end(ruleset_for_display(first))
        course_rows.append(CourseRow(case_number, first, last))
    scope = courses.filter(start__lte=end).values("pk")
    service_rows = [
        ServiceRow(
            s["course__client__case_number"],
            s["kind"],
            start,
            s["specialist"],
            s["hours"] or ZERO,
            s["nights"] or 0,
            s["children_nights"] or 0,
            s["goods_category"],
            s["amount_eur"] or ZERO,
            count=s["count"],
        )
        for s in ServiceEntry.objects.filter(course__in=scope, on__gte=start, on__lte=end)
        .values("course__client__case_number", "kind", "specialist", "goods_category")
        .order_by("course__client__case_number", "kind", "specialist", "goods_category")
        .annotate(
            count=Count("pk"),
            hours=Sum("hours"),
            nights=Sum("nights"),
            children_nights=Sum("children_nights"),
            amount_eur=Sum("amount_eur"),
        )
    ]
    aftercare_rows = [
        AftercareRow(
            a["course__client__case_number"],
            a["kind"],
            start,
            a["hours"] or ZERO,
            a["specialist"],
            a["support_kind"],
            count=a["count"],
        )
        for a in AftercareEntry.objects.filter(course__in=scope, on__gte=start, on__lte=end)
        .values("course__client__case_number", "kind", "specialist", "support_kind")
        .order_by("course__client__case_number", "kind", "specialist", "support_kind")
        .annotate(count=Count("pk"), hours=Sum("hours"))
    ]
    return course_rows, service_rows, aftercare_rows


def _urls(start: datetime.date, end: datetime.date, pdf: bool) -> list[str]:
    q = f"start={start:%d.%m.%Y}&end={end:%d.%m.%Y}"
    urls = [
        f"/reports/?{q}",
        f"/reports/?{q}&page=2",
        f"/reports/period.csv?{q}",
        f"/reports/period.xlsx?{q}",
        f"/api/reports/period/?start={start:%Y-%m-%d}&end={end:%Y-%m-%d}",
    ]
    return urls + ([f"/reports/period.pdf?{q}"] if pdf else [])


def _xlsx_parts(data: bytes) -> bytes:
    """Every part of the workbook, byte for byte, but the time it was written (openpyxl's clock)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = []
        for name in z.namelist():
            part = z.read(name)
            if name == "docProps/core.xml":
                part = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*<", rb"<dcterms:\1><", part)
            parts.append(name.encode() + b"\0" + part)
    return b"\0\0".join(parts)


def _outputs(http, urls) -> dict[str, bytes]:
    out = {}
    for url in urls:
        response = http.get(url)
        assert response.status_code in (200, 400), url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        # The page's script nonce and the sign-out form's CSRF token are new on every response;
        # nothing else may differ.
        body = re.sub(rb'nonce="[^"]*"', b'nonce=""', body)
        body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b'name="csrfmiddlewaretoken" value=""', body)
        if ".xlsx" in url:
            body = _xlsx_parts(body)
        out[url] = body

    return out


@pytest.fixture
def varied(people):
    """Random clients of provider A on sw's and psy's teams, plus a client with two overlapping
    courses, one started long before (an after-care entry in the period), and another
    organisation's entries on the same days."""
    periods = []
    for seed in (3, 11, 29):
        _clients, start, end = generate(people, seed)
        periods.append((start, end))
    by = people["sw"].pk
    two = new_client(people["sw"], "Divkursa")
    old = course(two, datetime.date(2025, 1, 10), actual_end=datetime.date(2025, 6, 1))
    new = course(two, datetime.date(2026, 9, 1))
    other = course(two, datetime.date(2026, 9, 15), actual_end=datetime.date(2026, 10, 20))
    for c, day, hours in ((old, 5, "1.25"), (new, 5, "2.00"), (other, 5, "0.75"), (new, 6, "0")):
        ServiceEntry.objects.create(
            course=c,
            kind="consultation",
            on=datetime.date(2026, 10, day),
            specialist="psychologist",
            hours=hours,
            recorded_by_id=by,
        )
        AftercareEntry.objects.create(
            course=c,
            kind="aftercare_consultation",
            on=datetime.date(2026, 10, day),
            hours=hours,
            specialist="social_worker",
            recorded_by_id=by,
        )
    ServiceEntry.objects.create(
        course=new,
        kind="goods",
        goods_category="food",
        on=datetime.date(2026, 10, 7),
        amount_eur="10.10",
        recorded_by_id=by,
    )
    ServiceEntry.objects.create(
        course=other,
        kind="goods",
        goods_category="food",
        on=datetime.date(2026, 10, 8),
        amount_eur="0.00",
        recorded_by_id=by,
    )
    ServiceEntry.objects.create(
        course=other, kind="shelter", on=datetime.date(2026, 10, 9), nights=3, children_nights=0, recorded_by_id=by
    )
    stranger = course(new_client(people["outsider"], "Sveša"), datetime.date(2026, 9, 1))
    ServiceEntry.objects.create(
        course=stranger,
        kind="consultation",
        on=datetime.date(2026, 10, 5),
        specialist="psychologist",
        hours="9",
        recorded_by_id=people["outsider"].pk,
    )
    periods += [
        (datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)),
        (datetime.date(2025, 1, 1), datetime.date(2026, 12, 31)),
        (datetime.date(2026, 10, 5), datetime.date(2026, 10, 5)),
    ]
    return periods


def test_every_output_is_byte_for_byte_the_same(people, varied, login, monkeypatch, settings):
    from atbalsts.policy import rules

    # Small pages, so that the page's navigation and a second page are compared too.
    real = rules.ruleset_on

    class Rules:
        def __init__(self, day):
            self._rules = real(day)
            self.report_page_rows = 3

        def __getattr__(self, name):
            return getattr(self._rules, name)

    monkeypatch.setattr("atbalsts.reports.views.ruleset_on", Rules)
    lines = 0
    for who in ("sw", "psy", "org_admin"):
        http = login(people[who])
        for n, (start, end) in enumerate(varied):
            urls = _urls(start, end, pdf=n in (3, 4) and who != "psy")
            new = _outputs(http, urls)
            with monkeypatch.context() as m:
                m.setattr(access, "_rows", _old_rows)
                old = _outputs(http, urls)
            for url in urls:
                assert new[url] == old[url], (who, url)
            lines += len(json.loads(new[urls[4]])["lines"])
    assert lines > 40


@pytest.mark.parametrize("seed", [1, 2, 5, 8, 13])
def test_the_rows_add_up_to_the_same_report(people, seed):
    from django.utils import timezone

    from atbalsts.reports.compute import compute
    from tests.conftest import actor

    _clients, start, end = generate(people, seed)
    for who in ("sw", "psy", "org_admin"):
        courses = access.courses_for_report(actor(people[who]))
        old = compute(*_old_rows(courses, start, end), start, end, as_of=timezone.localdate())
        new = compute(*access._rows(courses, start, end), start, end, as_of=timezone.localdate())
        assert repr(new) == repr(old), who
