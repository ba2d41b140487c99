"""HTCDS 2.0 exchange: the national dataset streamed out, HTCDS and CTDC files imported into a
sandbox organisation whole or not at all, and the round trip (statistics/htcds.py)."""

from __future__ import annotations

import csv
import datetime
import io
import json
import types
from collections import Counter
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from atbalsts.accounts.models import Organisation, OrganisationKind
from atbalsts.audit.models import AuditEvent
from atbalsts.statistics import htcds
from atbalsts.statistics.models import HtcdsImport, ImportStatus, StatisticalRecord

CTDC_FILE = Path("/work/shared/data/ctdc/CTDC_VPsynthetic_condensed.csv")
M = datetime.date

@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English here; the pages' tests read them in Latvian."""
    with translation.override("en"):
        yield



@pytest.fixture
def sandbox(db):
    return Organisation.objects.create(name="Sandbox", kind=OrganisationKind.OTHER, is_sandbox=True)


def _records():
    """Five records that between them use every column of the export."""
    return [
        StatisticalRecord.objects.create(
            sex="female", age_band="18-24", citizenship_group="latvia",
            exploitation_forms=["sexual_prostitution", "forced_labour"], exploitation_countries=["Vācija", "Īrija"],
            recruitment_method="online_job_ad", case_status="recognised", ground="commission",
            opened_month=M(2026, 3, 1), recognised_month=M(2026, 5, 1), siva_outcome="grant",
            siva_received_month=M(2026, 5, 1), siva_decision_days=2, course_start_month=M(2026, 6, 1),
            course_end_month=M(2026, 9, 1), course_closure_reason="withdrew"),
        StatisticalRecord.objects.create(
            sex="male", age_band="35-44", citizenship_group="non_eu", exploitation_forms=["forced_begging"],
            recruitment_method="relative", case_status="open", opened_month=M(2025, 12, 1)),
        StatisticalRecord.objects.create(sex="female", age_band="0-17", citizenship_group="eu",
                                         exploitation_forms=["organ_removal", "debt_bondage"],
                                         case_status="not_recognised", ground="proceedings"),
        StatisticalRecord.objects.create(sex="other", case_status="recognised", ground="foreign",
                                         siva_outcome="refuse", siva_decision_days=0),
        StatisticalRecord.objects.create(),
    ]


def _export(records=None) -> list[list[str]]:
    return list(csv.reader(io.StringIO("".join(htcds.national_csv(records)))))


def test_a_record_becomes_exact_htcds_cells(db):
    first = _records()[0]
    header, *rows = _export(StatisticalRecord.objects.filter(pk=first.pk))
    assert dict(zip(header, rows[0], strict=True)) == {
        "prs_Gender": "Feminine", "prs_Citizenship": "LV", "ext_CitizenshipGroup": "latvia", "ext_AgeBand": "18-24",
        "vic_TypeOfExploitation": "ForcedLabour;SexualExploitation", "hte_Country": "Vācija;Īrija",
        "vic_MethodOfRecruitment": "ThroughAnOnlineAdvertisement", "vic_TraffickingStatus": "ActualVictimOfTrafficking",
        "vic_TraffickingStatusDecisionMakingOrg": "NGO", "cas_IncomingReferralDate": "2026-03-01",
        "ext_RecognisedMonth": "2026-05-01", "ext_SivaOutcome": "grant", "ext_SivaReceivedMonth": "2026-05-01",
        "ext_SivaDecisionDays": "2", "ext_CourseStartMonth": "2026-06-01", "ext_CourseEndMonth": "2026-09-01",
        "ext_CourseClosureReason": "withdrew",
    }


def test_the_national_export_is_a_stream_of_lines(db):
    _records()
    stream = htcds.national_csv()
    assert isinstance(stream, types.GeneratorType)
    first = next(stream)
    assert first == ",".join(htcds.export_header()) + "\n"
    assert len(list(stream)) == 5


def test_a_cell_a_spreadsheet_would_run_stays_text(db):
    StatisticalRecord.objects.create(exploitation_countries=["=HYPERLINK(\"x\")"])
    header, row = _export()
    assert row[header.index("hte_Country")] == "'=HYPERLINK(\"x\")"


def test_export_import_export_gives_the_same_records(sandbox):
    _records()
    first = _export()
    header, rows = first[0], first[1:]
    job = htcds.import_records([dict(zip(header, r, strict=True)) for r in rows], sandbox)
    assert job.status == ImportStatus.DONE
    assert job.rows_imported == 5
    imported = StatisticalRecord.objects.filter(import_batch=job.pk)
    assert imported.count() == 5
    again = _export(imported)
    assert again[0] == header
    assert Counter(map(tuple, again[1:])) == Counter(map(tuple, rows))


def test_a_file_with_bad_rows_is_refused_whole_with_each_row_and_reason(sandbox):
    content = (
        b"prs_Gender,vic_TypeOfExploitation,cas_IncomingReferralDate,ext_SivaDecisionDays,prs_FirstName\n"
        b"Feminine,ForcedLabour,2026-01-01,3,Anna\n"
        b"Woman,ForcedLabour,2026-01-01,3,Berta\n"
        b"Masculine,ForcedLabour;Fishing,2026-01-01,,\n"
        b"Masculine,,31.01.2026,,\n"
        b"Masculine,,,99999,\n"
    )
    job = htcds.start_import(None, sandbox, content, file_format="csv", profile="htcds")
    job = htcds.run(job, every=2)
    assert job.status == ImportStatus.FAILED
    assert job.error_count == 4
    assert [e["row"] for e in job.errors] == [3, 4, 5, 6]
    assert "“Woman” is not one of Feminine" in job.errors[0]["reason"]
    assert "“Fishing”" in job.errors[1]["reason"]
    assert "“31.01.2026” is not a date" in job.errors[2]["reason"]
    assert "from 0 to 3650" in job.errors[3]["reason"]
    assert not StatisticalRecord.objects.exists()
    assert HtcdsImport.objects.get().content is None


def test_names_in_an_htcds_file_are_never_stored(sandbox):
    content = b"prs_FirstName,prs_SecondName,prs_Gender\nAnna,Ozola,Feminine\n"
    job = htcds.run(htcds.start_import(None, sandbox, content, file_format="csv", profile="htcds"))
    assert job.status == ImportStatus.DONE
    record = StatisticalRecord.objects.get()
    assert record.sex == "female"
    values = json.dumps(list(StatisticalRecord.objects.values()), default=str)
    assert "Anna" not in values and "Ozola" not in values


def test_a_json_file_of_records_imports(sandbox):
    content = json.dumps({"records": [
        {"prs_Gender": "Masculine", "vic_TypeOfExploitation": ["ForcedLabour", "ForcedBegging"],
         "prs_Citizenship": "DE"},
        {"prs_Gender": "Feminine", "prs_Citizenship": "UA", "vic_TraffickingStatus": "ActualVictimOfTrafficking"},
    ]}).encode()
    job = htcds.run(htcds.start_import(None, sandbox, content, file_format="json", profile="htcds"))
    assert job.rows_imported == 2
    got = sorted(StatisticalRecord.objects.values_list("sex", "citizenship_group", "exploitation_forms", "case_status"))
    assert got == [("female", "non_eu", [], "recognised"), ("male", "eu", ["forced_begging", "forced_labour"], "")]


@pytest.mark.parametrize(("content", "fmt", "message"), [
    (b"", "csv", "The file has no rows."),
    (b"name,age\nAnna,30\n", "csv", "No column of the HTCDS 2.0 layout was found in the file."),
    (b"\xff\xfe\x00prs_Gender\n", "csv", "The file cannot be read as UTF-8 CSV."),
    (b"{\"a\": 1}", "json", "The JSON file holds no list of records."),
    (b"[1, 2", "json", "The file cannot be read as UTF-8 JSON."),
])
def test_a_file_that_is_not_a_table_of_records_is_refused_with_a_reason(sandbox, content, fmt, message):
    with pytest.raises(ValidationError) as exc:
        htcds.start_import(None, sandbox, content, file_format=fmt, profile="htcds")
    assert exc.value.messages == [message]
    assert not HtcdsImport.objects.exists()


def test_a_real_organisation_never_receives_an_import(orgs):
    with pytest.raises(ValidationError):
        htcds.start_import(None, orgs["provider_a"], b"prs_Gender\nFeminine\n", file_format="csv", profile="htcds")
    with pytest.raises(ValidationError):
        htcds.sandbox_organisation(orgs["provider_a"].name, create=True)
    assert not StatisticalRecord.objects.exists()


def test_the_ctdc_profile_maps_flags_bands_and_regions(sandbox):
    content = (
        b"yearRegister,gender,majorityStatus,isForcedLabour,isSexualExploit,UN_COO_Region,UN_COE_Region,IP_Gender\n"
        b"2014-2018,Female,Minor,1,1,Asia,Europe,Female;Male\n"
        b",Male,Adult,,,,,\n"
        b"2019,,,1,,,Africa,\n"
    )
    job = htcds.run(htcds.start_import(None, sandbox, content, file_format="csv", profile="ctdc"))
    assert job.rows_imported == 3
    got = sorted(StatisticalRecord.objects.values_list("sex", "age_band", "exploitation_forms",
                                                       "exploitation_countries", "opened_month"), key=str)
    assert got == sorted([
        ("female", "0-17", ["forced_labour", "sexual_prostitution"], ["Europe"], M(2014, 1, 1)),
        ("male", "", [], [], None),
        ("", "", ["forced_labour"], ["Africa"], M(2019, 1, 1)),
    ], key=str)


@pytest.mark.skipif(not CTDC_FILE.exists(), reason="the shared CTDC file is not on this machine")
def test_the_command_imports_the_whole_ctdc_file_with_its_published_counts(db):
    out = io.StringIO()
    call_command("statistics_import_htcds", str(CTDC_FILE), "--organisation", "CTDC demo", "--every", "10000",
                 stdout=out)
    text = out.getvalue()
    assert "Checking 21195 rows (ctdc, csv) for CTDC demo" in text
    assert "10000/21195 rows checked, 0 bad" in text
    assert "Imported 21195 statistical records into CTDC demo." in text
    sandbox = Organisation.objects.get(name="CTDC demo")
    assert sandbox.is_sandbox
    records = StatisticalRecord.objects.filter(import_batch=HtcdsImport.objects.get(organisation=sandbox).pk)
    assert records.count() == 21195
    # The counts in the file's provenance note (shared/data/ctdc/README.md).
    assert records.filter(sex="female").count() == 9589
    assert records.filter(sex="male").count() == 7995
    assert records.filter(age_band="0-17").count() == 1212
    forms = Counter(code for codes in records.values_list("exploitation_forms", flat=True) for code in codes)
    assert forms == {"forced_labour": 12248, "sexual_prostitution": 2775}
    assert records.filter(opened_month=M(2019, 1, 1)).count() == 2398
    assert AuditEvent.objects.filter(object_type="htcds_import").count() == 2


def test_the_command_reports_bad_rows_and_imports_nothing(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("gender,majorityStatus\nFemale,Adult\nFemale,Elder\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing imported: 1 bad rows"):
        call_command("statistics_import_htcds", str(path), "--organisation", "Sandbox", stdout=io.StringIO(),
                     stderr=err)
    assert "row 3: column majorityStatus: “Elder” is not one of Minor, Adult" in err.getvalue()
    assert not StatisticalRecord.objects.exists()


def test_the_command_refuses_a_real_organisation(orgs, tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text("prs_Gender\nFeminine\n", encoding="utf-8")
    with pytest.raises(CommandError, match="real organisation"):
        call_command("statistics_import_htcds", str(path), "--organisation", orgs["provider_a"].name,
                     stdout=io.StringIO())


def test_a_case_for_referral_carries_the_person_and_no_extension_fields():
    record = htcds.case_record(
        {"given_names": "Anna", "surname": "Ozola", "birth_date": M(1990, 5, 11), "sex": "female",
         "citizenship": "LV"},
        {"sex": "female", "exploitation_forms": ["forced_labour"], "case_status": "interviewed",
         "opened_month": M(2026, 3, 1), "siva_outcome": "grant"},
    )
    assert record == {"standard": "HTCDS 2.0", "record": {
        "prs_FirstName": "Anna", "prs_SecondName": "Ozola", "prs_Birthdate": "1990-05-11", "prs_Gender": "Feminine",
        "prs_Citizenship": "LV", "vic_TypeOfExploitation": "ForcedLabour",
        "vic_TraffickingStatus": "PossibleVictimOfTrafficking", "cas_IncomingReferralDate": "2026-03-01",
    }}
