"""Who reaches the figures, what leaves the system, and that every showing is in the audit trail."""

from __future__ import annotations

import csv
import io

import pypdf
import pytest
from openpyxl import load_workbook

from atbalsts.audit.models import AuditEvent
from atbalsts.statistics.models import StatisticalRecord
from tests.api.expectations import EXPECTED
from tests.statistics.records import make

ROUTES = {
    "statistics/": "/statistics/",
    "statistics/report.pdf": "/statistics/report.pdf",
    "statistics/^(?P<what>all|eurostat|glotip|greta)\\.(?P<fmt>csv|xlsx)$": "/statistics/eurostat.csv",
    "api/statistics/figures/": "/api/statistics/figures/",
    "api/statistics/reports/<slug:layout>/": "/api/statistics/reports/greta/",
}
NOBODY_ELSE = ["sw", "psy", "outsider", "siva", "municipal", "police", "hotline", "sys_admin"]


@pytest.fixture
def data(orgs, clock_today):
    make(clock_today.year, orgs["provider_a"].pk, orgs["provider_b"].pk)
    return orgs


def _expected(pattern: str, who: str) -> int:
    entry = EXPECTED[pattern]
    for status, names in entry.items():
        if names != "*" and who in names.split():
            return status
    return next(status for status, names in entry.items() if names == "*")


@pytest.mark.parametrize("pattern", [p for p in ROUTES if not p.endswith("report.pdf")])
def test_only_the_statistician_and_a_providers_administrator_get_figures(pattern, data, people, login, client):
    url = ROUTES[pattern]
    for who in ["statistician", "org_admin", *NOBODY_ELSE]:
        assert login(people[who]).get(url).status_code == _expected(pattern, who), who
    assert client.get(url).status_code == _expected(pattern, "anonymous")


def test_the_coordinators_start_page_is_the_dashboard_and_others_keep_theirs(data, people, login):
    response = login(people["statistician"]).get("/")
    assert response.status_code == 302 and response["Location"] == "/statistics/"
    assert login(people["sw"]).get("/").status_code == 200
    assert "/statistics/" in login(people["org_admin"]).get("/").content.decode()


def test_the_coordinator_sees_suppressed_figures_charts_and_the_published_series(data, people, login):
    http = login(people["statistician"])
    page = http.get("/statistics/", HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body and "published figures (UNODC)" in body
    # The 3 identified women are below the threshold of 5: the sex table shows x, not 3.
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">x</td>' in body
    events = AuditEvent.objects.filter(object_type="national_statistics", action="read")
    assert events.count() == 1 and events.get().detail["scope"] == "national"


def test_a_provider_sees_its_own_cases_unsuppressed(data, people, login):
    response = login(people["org_admin"]).get("/api/statistics/figures/")
    assert response.status_code == 200
    persons = next(t for t in response.json()["tables"] if t["code"] == "persons")
    assert response.json()["scope"] == "own_organisation"
    assert persons["cells"] == [[3, 2]] and persons["threshold"] == 0


def test_the_api_gives_the_national_tables_with_x_for_suppressed_and_null_for_unknown(data, people, login,
                                                                                       clock_today):
    http = login(people["statistician"])
    figures = http.get("/api/statistics/figures/", {"period": str(clock_today.year)}).json()
    persons = next(t for t in figures["tables"] if t["code"] == "persons")
    assert persons["threshold"] == 5
    assert persons["cells"] == [["x", "x"]]  # 4 identified, 2 presumed: both below 5
    greta = http.get("/api/statistics/reports/greta/").json()
    reflection = greta["cells"][greta["row_codes"].index("reflection_period")]
    assert reflection == [None]
    assert http.get("/api/statistics/reports/nothing/").status_code == 404
    bad = http.get("/api/statistics/figures/", {"period": "2026-Q9"})
    assert bad.status_code == 400


def test_a_bad_period_on_the_page_is_a_message_not_an_error(data, people, login):
    response = login(people["statistician"]).get("/statistics/", {"period": "abc"},
                                                  HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Give the period as a year" in response.content.decode()


def test_csv_keeps_formula_like_text_as_text_and_is_audited_as_an_export(data, people, login, clock_today):
    StatisticalRecord.objects.create(sex="female", citizenship_country="=HYPERLINK(\"http://x\")",
                                     case_status="recognised", opened_month=clock_today.replace(day=1),
                                     organisation_pk=data["provider_a"].pk)
    response = login(people["org_admin"]).get("/statistics/all.csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert "'=HYPERLINK(\"http://x\")" in cells
    assert not any(c.startswith("=") for c in cells)
    event = AuditEvent.objects.get(object_type="national_statistics", action="export")
    assert event.detail["format"] == "csv" and event.detail["scope"] == "own_organisation"


def test_xlsx_opens_with_openpyxl_and_shows_suppressed_cells_as_x(data, people, login):
    response = login(people["statistician"]).get("/statistics/glotip.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["glotip"]
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "x" in values  # 3 women in sexual exploitation, below 5
    assert 3 not in values


def test_the_national_report_is_a_pdf_a(data, people, login):
    response = login(people["statistician"]).get("/statistics/report.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfaid:part" in metadata
    assert "Eurostat" in "".join(page.extract_text() for page in reader.pages)
    assert AuditEvent.objects.filter(object_type="national_statistics", action="export",
                                     detail__format="pdf").count() == 1
