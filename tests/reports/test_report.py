import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.policy.rules import ruleset_on
from atbalsts.rehabilitation.models import AftercareEntry, Course, ServiceEntry

from .conftest import TODAY, generate

OCT = "start=01.10.2026&end=31.10.2026"


def _get(http, url, language="en"):
    http.cookies["django_language"] = language
    return http.get(url)


def _events(action):
    return AuditEvent.objects.filter(action=action, object_type="funding_report")


def test_a_social_worker_sees_only_the_clients_on_their_case_teams(people, sample, login):
    response = _get(login(people["sw"]), f"/reports/?{OCT}")
    assert response.status_code == 200
    html = response.content.decode()
    assert sample["mine"].case_number in html
    assert sample["theirs"].case_number not in html and sample["other_org"].case_number not in html
    for name in ("Bērziņa", "Ozola", "Ilze"):
        assert name not in html
    # 31 course days, 2 consultations (3.50 h), 7 + 14 nights, 45.20 EUR: the one before and after are left out.
    # (English pages use the Latvian number format too: a decimal comma; money the English way.)
    assert ">31<" in html and ">3,50<" in html and ">14<" in html and ">€45.20<" in html and "99,99" not in html
    assert "The clients on your case teams" in html
    event = _events(Action.LIST).get()
    assert event.detail == {"start": "2026-10-01", "end": "2026-10-31", "scope": "case_team",
                            "case_numbers": [sample["mine"].case_number],
                            "page": 1, "pages": 1, "clients_in_period": 1}


def test_the_organisation_administrator_sees_every_client_of_the_organisation_with_totals(people, sample, login):
    html = _get(login(people["org_admin"]), f"/reports/?{OCT}").content.decode()
    assert sample["mine"].case_number in html and sample["theirs"].case_number in html
    assert sample["other_org"].case_number not in html
    assert "Every client of the organisation" in html
    assert "<strong>36</strong>" in html  # 31 + 5 course days in the totals row
    assert "<strong>€75.20</strong>" in html  # 45.20 food + 30 documents
    assert "Interpreting" in html and "<strong>3,25</strong>" in html
    assert "Total" in html and "2 clients in the period." in html
    assert _events(Action.LIST).get().detail["scope"] == "organisation"


def test_the_report_page_is_latvian_by_default_with_dates_day_month_year(people, sample, login):
    html = _get(login(people["org_admin"]), f"/reports/?{OCT}", "lv").content.decode()
    assert "Atskaite SIVA par periodu" in html and "Kopā" in html and "No 01.10.2026 līdz 31.10.2026" in html
    assert "<strong>75,20\xa0€</strong>" in html
    assert 'href="/reports/"' in html


def test_without_a_period_the_page_shows_last_month(people, login):
    html = _get(login(people["sw"]), "/reports/").content.decode()
    assert 'value="01.10.2026"' in html and 'value="31.10.2026"' in html


def test_a_period_that_ends_before_it_starts_is_refused_with_a_message(people, sample, login):
    response = _get(login(people["sw"]), "/reports/?start=10.10.2026&end=01.10.2026")
    assert response.status_code == 400
    assert "The period must end on or after 10.10.2026." in response.content.decode()
    assert not _events(Action.LIST).exists()
    response = _get(login(people["sw"]), "/reports/period.csv?start=10.10.2026&end=01.10.2026")
    assert response.status_code == 400 and not _events(Action.EXPORT).exists()


@pytest.mark.parametrize("who", ["siva", "municipal", "police", "statistician", "sys_admin", "hotline"])
def test_other_organisations_get_404_everywhere_and_the_refusal_is_recorded(people, sample, login, who):
    http = login(people[who])
    for url in (f"/reports/?{OCT}", f"/reports/period.csv?{OCT}", f"/reports/period.pdf?{OCT}",
                "/api/reports/period/?start=2026-10-01&end=2026-10-31"):
        assert http.get(url).status_code == 404, url
    assert _events(Action.DENIED).exists()
    assert not _events(Action.EXPORT).exists()


def test_another_provider_sees_only_its_own_clients(people, sample, login):
    html = _get(login(people["outsider"]), f"/reports/?{OCT}").content.decode()
    assert sample["other_org"].case_number in html
    assert sample["mine"].case_number not in html and sample["theirs"].case_number not in html


def test_staff_without_a_second_factor_see_no_report(people, sample, login):
    assert login(people["no_mfa"]).get(f"/reports/?{OCT}").status_code == 302


def test_the_csv_download_has_a_line_per_client_and_a_totals_row_and_is_recorded(people, sample, login):
    response = _get(login(people["org_admin"]), f"/reports/period.csv?{OCT}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, lines, total = rows[0], rows[1:-1], rows[-1]
    assert header[:2] == ["Case number", "Course days in the period"]
    assert sorted(r[0] for r in lines) == sorted([sample["mine"].case_number, sample["theirs"].case_number])
    col = {h: i for i, h in enumerate(header)}
    assert total[0] == "Total" and total[col["Course days in the period"]] == "36"
    assert total[col["Costs, EUR: Essential goods and services: Food"]] == "45.20"
    assert total[col["Costs, EUR, total"]] == "75.20"
    assert total[col["Shelter nights (accompanying children)"]] == "14"
    assert total[col["Proceedings support hours: Interpreting"]] == "3.25"
    assert "Bērziņa" not in response.content.decode("utf-8-sig")
    event = _events(Action.EXPORT).get()
    assert event.detail["format"] == "csv" and event.detail["scope"] == "organisation"


def test_the_xlsx_download_opens_with_numbers_and_a_totals_row(people, sample, login):
    response = _get(login(people["sw"]), f"/reports/period.xlsx?{OCT}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[1])
    assert rows[2][0] == sample["mine"].case_number and rows[-1][0] == "Total" and len(rows) == 4
    assert rows[-1][header.index("Consultation hours, total")] == pytest.approx(3.5)
    assert rows[-1][header.index("Course days in the period")] == 31
    assert _events(Action.EXPORT).get().detail["format"] == "xlsx"


def test_the_pdf_download_is_a_latvian_pdf_with_the_case_numbers(people, sample, login):
    response = _get(login(people["org_admin"]), f"/reports/period.pdf?{OCT}")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Atskaite SIVA par periodu" in text and "01.10.2026" in text
    assert sample["mine"].case_number in text and sample["theirs"].case_number in text and "Kopā" in text
    assert "Bērziņa" not in text and "Ozola" not in text
    assert _events(Action.EXPORT).get().detail["format"] == "pdf"


def test_an_unknown_download_format_is_not_found(people, sample, login):
    assert login(people["sw"]).get(f"/reports/period.exe?{OCT}").status_code == 404


def test_the_api_returns_the_same_figures_as_json(people, sample, login):
    response = login(people["org_admin"]).get("/api/reports/period/?start=2026-10-01&end=2026-10-31")
    assert response.status_code == 200
    data = response.json()
    assert data["start"] == "2026-10-01" and data["total"]["course_days"] == 36
    assert data["total"]["consultations"] == {"lawyer": 1, "psychologist": 1}
    assert Decimal(data["total"]["costs_total"]) == Decimal("75.20")
    assert {ln["case_number"] for ln in data["lines"]} == {sample["mine"].case_number, sample["theirs"].case_number}
    bad = login(people["org_admin"]).get("/api/reports/period/?start=2026-10-31&end=2026-10-01")
    assert bad.status_code == 400 and "end" in bad.json()
    assert login(people["siva"]).get("/api/reports/period/?start=2026-10-01&end=2026-10-31").status_code == 404
    assert login(people["no_mfa"]).get("/api/reports/period/?start=2026-10-01&end=2026-10-31").status_code == 403


def test_the_api_endpoint_is_in_the_openapi_schema(people, login):
    schema = login(people["sw"]).get("/api/schema/?format=json").json()
    params = {p["name"] for p in schema["paths"]["/api/reports/period/"]["get"]["parameters"]}
    assert {"start", "end"} <= params


@pytest.mark.parametrize("seed", range(4))
def test_on_generated_logs_the_totals_equal_the_sums_of_the_log_in_the_period(people, login, seed):
    clients, start, end = generate(people, seed)
    data = login(people["org_admin"]).get(
        f"/api/reports/period/?start={start.isoformat()}&end={end.isoformat()}").json()
    services = [s for s in ServiceEntry.objects.all() if start <= s.on <= end]
    care = [a for a in AftercareEntry.objects.all() if start <= a.on <= end]
    total = data["total"]
    assert sum(total["consultations"].values()) == sum(1 for s in services if s.kind == "consultation")
    assert sum(Decimal(v) for v in total["consultation_hours"].values()) == sum(
        (s.hours for s in services if s.kind == "consultation"), Decimal(0))
    assert total["shelter_nights"] == sum(s.nights for s in services if s.kind == "shelter")
    assert total["children_nights"] == sum(s.children_nights for s in services if s.kind == "shelter")
    assert Decimal(total["costs_total"]) == sum((s.amount_eur for s in services), Decimal(0))
    assert total["aftercare_consultations"] == sum(1 for a in care if a.kind == "aftercare_consultation")
    assert total["family_consultations"] == sum(1 for a in care if a.kind == "family_consultation")
    assert sum(Decimal(v) for v in total["proceedings_hours"].values()) == sum(
        (a.hours for a in care if a.kind == "proceedings_support"), Decimal(0))
    # Course days: each day of the period (up to today) that some course of the client covers.
    last = min(end, TODAY)
    for client in clients:
        days = set()
        for c in Course.objects.filter(client=client):
            course_end = c.start + datetime.timedelta(days=ruleset_on(c.start).course_max_days - 1)
            if c.actual_end is not None:
                course_end = min(course_end, c.actual_end)
            d = max(c.start, start)
            while d <= min(course_end, last):
                days.add(d)
                d += datetime.timedelta(days=1)
        line = next((ln for ln in data["lines"] if ln["case_number"] == client.case_number), None)
        assert (line["course_days"] if line else 0) == len(days)
    assert total["course_days"] == sum(ln["course_days"] for ln in data["lines"])


def test_the_number_of_queries_does_not_grow_with_the_number_of_clients(people, login, django_assert_max_num_queries):
    http = login(people["org_admin"])
    url = "/api/reports/period/?start=2025-06-01&end=2027-01-31"
    generate(people, 1)
    with django_assert_max_num_queries(30) as few:
        http.get(url)
    for seed in range(2, 6):
        generate(people, seed)
    with django_assert_max_num_queries(30) as many:
        assert len(http.get(url).json()["lines"]) > 10
    # The session is renewed at most once a minute, whichever request that falls on: not counted.
    report_queries = lambda ctx: [q for q in ctx.captured_queries if "django_session" not in q["sql"]]  # noqa: E731
    assert len(report_queries(many)) == len(report_queries(few))


def test_the_report_reads_case_numbers_not_the_clients_personal_data(people, sample, login):
    """Issue 14: the report reads every course of the scope; what it needs of the client is the case
    number, so no query loads (and decrypts) the client's encrypted fields."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    http = login(people["org_admin"])
    with CaptureQueriesContext(connection) as ctx:
        response = _get(http, f"/reports/?{OCT}")
    assert response.status_code == 200 and sample["mine"].case_number in response.content.decode()
    course_reads = [q["sql"] for q in ctx.captured_queries if 'FROM "rehabilitation_course"' in q["sql"]]
    assert course_reads
    assert not [sql for sql in course_reads if '"people_client"."given_names"' in sql], course_reads


def test_a_course_that_ended_long_before_the_period_is_not_read_but_its_after_care_counts(people, login):
    """Issue 14: the report reads the courses that can touch the period, and the period's entries
    of every course of the scope, summed by the database: an old course's after-care still counts."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .conftest import course, new_client

    by = people["sw"].pk
    old_client = new_client(people["sw"], "Vecā")
    old = course(old_client, datetime.date(2020, 3, 1))  # ended in 2020
    for day in (5, 12, 19):
        AftercareEntry.objects.create(course=old, kind="aftercare_consultation", on=datetime.date(2026, 10, day),
                                      hours=Decimal("1.5"), specialist="psychologist", recorded_by_id=by)
    recent = course(new_client(people["sw"], "Jaunā"), datetime.date(2026, 10, 10))
    for day in (11, 12):
        ServiceEntry.objects.create(course=recent, kind="consultation", on=datetime.date(2026, 10, day),
                                    specialist="lawyer", hours=Decimal("2"), recorded_by_id=by)
    http = login(people["org_admin"])
    with CaptureQueriesContext(connection) as ctx:
        data = http.get("/api/reports/period/?start=2026-10-01&end=2026-10-31").json()
    lines = {ln["case_number"]: ln for ln in data["lines"]}
    assert lines[old_client.case_number]["aftercare_consultations"] == 3
    assert Decimal(lines[old_client.case_number]["aftercare_hours"]) == Decimal("4.5")
    assert lines[old_client.case_number]["course_days"] == 0
    assert lines[recent.client.case_number]["consultations"] == {"lawyer": 2}
    assert lines[recent.client.case_number]["course_days"] == 22
    # The course read has a lower bound on the start, so the 2020 course is not among its rows; the
    # case number of the old course (its after-care is in the period) is read on its own, by id.
    course_reads = [q["sql"] for q in ctx.captured_queries if 'FROM "rehabilitation_course"' in q["sql"]
                    and "_serviceentry" not in q["sql"] and "_aftercareentry" not in q["sql"]]
    assert len(course_reads) == 2 and '"rehabilitation_course"."start" >' in course_reads[0], course_reads
    assert f'"rehabilitation_course"."id" IN ({old.pk})' in course_reads[1], course_reads
    assert '"rehabilitation_course"."start"' not in course_reads[1].split(" FROM ")[0]
