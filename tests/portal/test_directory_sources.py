"""The directory says what the sources (seeds 001 and 003) say, and no more (issue 9, §6; ADR 0014b)."""

from __future__ import annotations

import importlib
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps

from atbalsts.portal.hours import OpenState
from atbalsts.portal.models import Service, ServicePhone
from atbalsts.portal.selectors import directory, hotline_numbers

pytestmark = pytest.mark.django_db
RIGA = ZoneInfo("Europe/Riga")
CHILDREN = "Bērnu un pusaudžu uzticības tālrunis"
DROSA = 'Patvērums "Drošā māja"'
# Every web address the seeds print for these organisations (hosts only).
SEED_HOSTS = {"patverums-dm.lv", "www.patverums-dm.lv", "www.mfa.gov.lv", "www.vdi.gov.lv", "marta.lv",
              "www.marta.lv", "www.bti.gov.lv", "www.centrsdardedze.lv", "www.skalbes.lv", "www.iom.int"}
migration = importlib.import_module("atbalsts.portal.migrations.0004_directory_follows_the_sources")


def states(now):
    return {entry.service.name: entry.state for entry in directory(None, now)}


def test_only_the_lines_the_sources_call_24_7_are_marked_so():
    marked = set(ServicePhone.objects.filter(is_24_7=True).values_list("service__name", "number"))
    assert marked == {(DROSA, "+371 67898343"), (DROSA, "+371 28612120"), ("Valsts policija", "110"),
                      ("Ārlietu ministrijas Konsulārais departaments", "+371 26337711")}
    assert set(Service.objects.filter(is_24_7=True).values_list("name", flat=True)) == {DROSA}


def test_the_police_and_the_consular_department_are_not_shown_as_open_24_7():
    result = states(datetime(2025, 11, 12, 3, 0, tzinfo=RIGA))
    assert result["Valsts policija"] is OpenState.UNKNOWN
    assert result["Ārlietu ministrijas Konsulārais departaments"] is OpenState.UNKNOWN
    assert result[DROSA] is OpenState.ALWAYS


def test_112_is_the_emergency_number_and_only_110_is_the_state_polices_line(client):
    police = Service.objects.get(name="Valsts policija")
    labels = {p.number: p.label_en for p in police.phones.all()}
    assert labels["112"] == "single emergency number" and "police" not in labels["112"].lower()
    assert labels["110"] == "State Police"
    body = client.get("/en/help/?situation=labour").content.decode()
    line_110 = re.search(r'href="tel:110">110</a>[^<]*<strong[^>]*>24/7</strong>', body)
    assert line_110 is not None
    assert re.search(r'href="tel:112">112</a>[^<]*<strong', body) is None


def test_116111_is_not_called_closed_on_a_public_holiday_and_the_page_says_why(client):
    assert states(datetime(2025, 11, 18, 12, 0, tzinfo=RIGA))[CHILDREN] is OpenState.HOLIDAY_NOT_PUBLISHED
    # An ordinary Sunday: its Sunday hours apply.
    assert states(datetime(2025, 11, 16, 12, 0, tzinfo=RIGA))[CHILDREN] is OpenState.OPEN
    assert states(datetime(2025, 11, 16, 9, 59, tzinfo=RIGA))[CHILDREN] is OpenState.CLOSED
    body = client.get("/en/help/?situation=child").content.decode()
    assert "only for working days, Saturdays and Sundays" in body
    section = body[body.index(CHILDREN):]
    section = section[: section.index("</section>")]
    assert "Closed on public holidays" not in section


def test_the_holiday_label_is_in_all_four_languages(client):
    for lang, text in (("lv", "darba dienām, sestdienām un svētdienām"), ("ru", "рабочих дней, суббот"),
                       ("uk", "робочих днів, субот"), ("en", "working days, Saturdays")):
        assert text in client.get(f"/{lang}/help/?situation=child").content.decode(), lang


def test_websites_and_online_routes_are_links_to_addresses_the_seeds_give_and_nothing_is_loaded(client):
    services = list(Service.objects.exclude(website=""))
    assert len(services) == 8
    for service in Service.objects.all():
        for url in filter(None, (service.website, service.online_route_url)):
            assert re.match(r"https?://([^/]+)", url).group(1) in SEED_HOSTS, (service.name, url)
    assert not Service.objects.filter(name__in=["Valsts policija",
                                                "Par brīvu Vidzemi no cilvēku tirdzniecības"]).exclude(website="")
    body = client.get("/en/help/").content.decode()
    assert 'href="http://www.bti.gov.lv/lat/lietotaju_ertibam/uzdod_jautajumu"' in body
    assert "E-consultation: write, and the answer comes within three days" in body
    assert 'href="https://www.vdi.gov.lv" rel="noopener noreferrer external"' in body
    # Links only: nothing on the page is fetched from another host.
    assert not re.search(r'(src|srcset|data)="(https?:)?//', body)


def test_droša_majas_address_follows_the_most_recent_source_and_staff_see_the_other():
    drosa = Service.objects.get(name=DROSA)
    assert drosa.address == "Lāčplēša iela 75-9/10, Rīga, LV-1011"
    assert "75-1" in drosa.staff_note and "001" in drosa.staff_note and "003" in drosa.staff_note


def test_the_staff_note_is_not_on_the_portal(client):
    body = client.get("/lv/help/").content.decode()
    assert "75-9/10" in body and "75-1," not in body and "Avoti adresi" not in body


def test_the_data_migration_keeps_what_staff_edited_and_changes_nothing_when_run_again():
    drosa = Service.objects.get(name=DROSA)
    drosa.address, drosa.website = "Cita iela 1, Rīga", ""
    drosa.save()
    police_110 = ServicePhone.objects.get(service__name="Valsts policija", number="110")
    police_110.label_en = "Police (edited)"
    police_110.save()
    migration.forward(apps, None)
    migration.forward(apps, None)
    drosa.refresh_from_db()
    police_110.refresh_from_db()
    assert drosa.address == "Cita iela 1, Rīga"  # an edit is kept
    assert drosa.website == "https://patverums-dm.lv"  # an empty field is filled
    assert police_110.label_en == "Police (edited)" and police_110.is_24_7


def test_the_hotline_numbers_shown_when_a_report_fails_are_the_24_7_hotline_lines():
    assert [n.number for n in hotline_numbers()] == ["+371 67898343", "+371 28612120"]


def test_descriptions_claim_no_more_than_the_sources():
    consular = Service.objects.get(name="Ārlietu ministrijas Konsulārais departaments")
    assert "held against your will" not in consular.description_en
    assert "Only the emergency number answers 24/7" in consular.description_en
    assert all(getattr(consular, f"description_{lang}") for lang in ("lv", "en", "ru", "uk"))
    iom = Service.objects.get(name__startswith="Starptautiskās Migrācijas")
    assert "return home" not in iom.description_en


def test_the_directory_api_gives_the_same_lines_labels_and_links_without_sign_in(client):
    response = client.get("/api/portal/directory/?situation=child&lang=en")
    assert response.status_code == 200
    entries = {e["name"]: e for e in response.json()}
    children = entries[CHILDREN]
    assert children["holiday_hours_published"] is False and children["online_route_url"].startswith("http://www.bti")
    assert children["description"].startswith("For children and teenagers")
    police = entries["Valsts policija"]
    assert {p["number"]: p["is_24_7"] for p in police["phones"]} == {"112": False, "110": True, "67075372": False}
    assert police["is_24_7"] is False and "staff_note" not in police
    drosa = {e["name"]: e for e in client.get("/api/portal/directory/?lang=lv").json()}[DROSA]
    assert drosa["address"].startswith("Lāčplēša iela 75-9/10") and "staff_note" not in drosa
    assert client.post("/api/portal/directory/", {}).status_code in (403, 405)
