"""The upload page for HTCDS/CTDC files and the import's progress page (statistics/htcds_views.py),
read in Latvian, the staff interface's first language."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from atbalsts.accounts.models import Organisation, OrganisationKind
from atbalsts.statistics.models import HtcdsImport, ImportStatus, StatisticalRecord

UPLOAD = "/statistics/htcds/import/"


def _csv(rows: int, bad_row: int | None = None) -> bytes:
    lines = ["gender,majorityStatus,isForcedLabour"]
    for i in range(rows):
        lines.append("Robot,Adult," if i == bad_row else ("Female,Minor,1" if i % 2 else "Male,Adult,"))
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("who", ["statistician", "org_admin"])
def test_the_coordinator_and_a_provider_admin_see_the_upload_page(people, login, who):
    response = login(people[who]).get(UPLOAD)
    assert response.status_code == 200
    assert "Importēt HTCDS failu" in response.content.decode()


@pytest.mark.parametrize("who", ["sw", "outsider", "siva", "sys_admin", "no_mfa"])
def test_others_get_a_404(people, login, who):
    assert login(people[who]).get(UPLOAD).status_code in (404, 302)
    assert not HtcdsImport.objects.exists()


def test_a_long_import_shows_its_progress_until_every_row_is_in(people, login):
    http = login(people["statistician"])
    response = http.post(UPLOAD, {"new_sandbox": "Demo sandbox", "profile": "ctdc",
                                  "file": SimpleUploadedFile("ctdc.csv", _csv(7000), "text/csv")})
    job = HtcdsImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("statistics_htcds:status", args=[job.pk])
    assert Organisation.objects.get(name="Demo sandbox").is_sandbox
    first = http.get(response["Location"])
    assert first["Refresh"] == "1"
    assert "3000 no 7000 (42 %)" in first.content.decode()
    assert not StatisticalRecord.objects.exists()
    second = http.get(response["Location"])
    assert "6000 no 7000 (85 %)" in second.content.decode()
    last = http.get(response["Location"])
    assert "Refresh" not in last
    page = last.content.decode()
    assert "7000 no 7000 (100 %)" in page
    assert "Importēts" in page
    assert StatisticalRecord.objects.filter(import_batch=job.pk).count() == 7000
    assert StatisticalRecord.objects.filter(age_band="0-17", exploitation_forms=["forced_labour"]).count() == 3500
    job.refresh_from_db()
    assert job.content is None
    # Showing it again changes nothing.
    http.get(response["Location"])
    assert StatisticalRecord.objects.count() == 7000


def test_a_bad_row_is_listed_and_nothing_is_imported(people, login):
    sandbox = Organisation.objects.create(name="Sandbox", kind=OrganisationKind.OTHER, is_sandbox=True)
    http = login(people["org_admin"])
    response = http.post(UPLOAD, {"sandbox": sandbox.pk, "profile": "ctdc",
                                  "file": SimpleUploadedFile("f.csv", _csv(10, bad_row=4), "text/csv")})
    page = http.get(response["Location"]).content.decode()
    assert HtcdsImport.objects.get().status == ImportStatus.FAILED
    assert "Nekas netika importēts" in page
    assert "<td class=\"govuk-table__cell\">6</td>" in page
    assert "“Robot” nav neviena no vērtībām Female, Male" in page
    assert not StatisticalRecord.objects.exists()


def test_another_user_cannot_follow_someone_elses_import(people, login, django_user_model):
    http = login(people["statistician"])
    response = http.post(UPLOAD, {"new_sandbox": "S", "profile": "ctdc",
                                  "file": SimpleUploadedFile("f.csv", _csv(3), "text/csv")})
    assert login(people["org_admin"]).get(response["Location"]).status_code == 404
    assert HtcdsImport.objects.get().rows_checked == 0


@pytest.mark.parametrize(("data", "message"), [
    ({"profile": "ctdc"}, "Izvēlieties smilškastes organizāciju vai norādiet jaunas nosaukumu."),
    ({"profile": "ctdc", "new_sandbox": "Test provider_a"},
     "“Test provider_a” ir īsta organizācija: failus importē tikai smilškastē."),
])
def test_the_form_explains_what_is_wrong(people, login, data, message):
    http = login(people["statistician"])
    response = http.post(UPLOAD, {**data, "file": SimpleUploadedFile("f.csv", _csv(3), "text/csv")})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not HtcdsImport.objects.exists()


def test_a_file_that_is_not_csv_or_json_is_refused(people, login):
    response = login(people["statistician"]).post(UPLOAD, {
        "new_sandbox": "S", "profile": "htcds", "file": SimpleUploadedFile("f.xlsx", b"PK\x03\x04", "application/zip")})
    assert response.status_code == 400
    assert "Izvēlieties failu ar paplašinājumu .csv vai .json." in response.content.decode()
