"""What happened to a person is ciphertext in the database, and reads back as it was entered
(ADR 0017)."""

import datetime

import time_machine
from django.db import connection

from atbalsts.identification import services
from atbalsts.identification.models import EligibilityNote, Interview, MovementEvent, RecognitionGround
from atbalsts.people.models import Client
from tests.conftest import actor
from tests.identification.flow import interview_post

NOW = datetime.datetime(2026, 11, 16, 10, 0, tzinfo=datetime.UTC)


def stored(*tables: str) -> str:
    out = []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            out.append(cursor.fetchall())
    return repr(out)


@time_machine.travel(NOW, tick=False)
def test_sex_exploitation_countries_grounds_and_eligibility_are_stored_only_as_ciphertext(
    people, client_record, login
):
    sw = actor(people["sw"])
    case = services.open_case(sw, client_record)
    assert login(people["sw"]).post(f"/identification/{case.pk}/interviews/new/", interview_post()).status_code == 302
    services.record_ground(sw, case, {"ground": "proceedings", "standing": "witness",
                                      "document_number": "11816000777",
                                      "document_date": datetime.date(2026, 11, 5), "issuing_body": "Valsts policija"})
    services.record_eligibility(sw, case, {"eu_citizen": False, "reflection_start": datetime.date(2026, 11, 2),
                                           "reflection_end": datetime.date(2026, 12, 1), "permit_status": "applied"})
    services.record_travel(sw, case, {"from_country": "Nīderlande", "travel_date": datetime.date(2026, 11, 3),
                                      "cost": "120"})
    raw = stored("people_client", "identification_interview", "identification_indicatoranswer",
                 "identification_movementevent", "identification_recognitionground",
                 "identification_eligibilitynote", "identification_travelsupport")
    for plaintext in ("female", "forced_labour", "sham_marriage", "unemployed", "safety_housing", "Īrija",
                      "online_job_ad", "Latvija", "2026-06-01", "11816000777", "Valsts policija", "2026-11-05",
                      "applied", "2026-12-01", "Nīderlande", "not_found"):
        assert plaintext not in raw, plaintext
    # Read back through the models, exactly as entered.
    assert Client.objects.get(pk=client_record.pk).sex == "female"
    interview = Interview.objects.get(case=case)
    assert interview.exploitation_forms == ["forced_labour", "sham_marriage"]
    assert interview.countries == ["Latvija", "Īrija"]
    assert interview.recruitment_country == "Latvija"
    move = MovementEvent.objects.get(interview=interview)
    assert (move.country, move.date) == ("Īrija", datetime.date(2026, 6, 1))
    ground = RecognitionGround.objects.get(case=case)
    assert (ground.document_number, ground.document_date, ground.issuing_body) == (
        "11816000777", datetime.date(2026, 11, 5), "Valsts policija")
    note = EligibilityNote.objects.get(case=case)
    assert (note.eu_citizen, note.permit_status, note.reflection_end) == (False, "applied", datetime.date(2026, 12, 1))


@time_machine.travel(NOW, tick=False)
def test_movements_are_shown_in_date_order_although_the_dates_are_encrypted(people, client_record, login):
    case = services.open_case(actor(people["sw"]), client_record)
    post = interview_post(move_0_date="01.09.2026", move_1_kind="recruitment", move_1_country="Latvija",
                          move_1_date="01.05.2026")
    http = login(people["sw"])
    assert http.post(f"/identification/{case.pk}/interviews/new/", post).status_code == 302
    interview = Interview.objects.get(case=case)
    page = http.get(f"/identification/{case.pk}/interviews/{interview.pk}/").content.decode()
    assert page.index("01.05.2026") < page.index("01.09.2026")
