"""The directory of help: seeded by a migration, filtered by situation, labelled in Latvian time."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from atbalsts.policy.models import CalendarOverride
from atbalsts.portal.hours import OpenState
from atbalsts.portal.models import Service, ServiceKind
from atbalsts.portal.selectors import directory, hotline_numbers

pytestmark = pytest.mark.django_db
RIGA = ZoneInfo("Europe/Riga")


def states(now):
    return {entry.service.name: entry.state for entry in directory(None, now)}


def test_the_seed_directory_is_loaded_by_the_migration():
    names = set(Service.objects.values_list("name", flat=True))
    assert 'Patvērums "Drošā māja"' in names
    assert "Valsts darba inspekcija" in names
    assert "Bērnu un pusaudžu uzticības tālrunis" in names
    marta = Service.objects.get(name='Resursu centrs sievietēm "Marta"')
    assert [p.number for p in marta.phones.all()] == ["8000 2012", "67378539"]
    assert marta.hours.count() == 5
    assert all(getattr(marta, f"description_{lang}") for lang in ("lv", "en", "ru", "uk"))


def test_the_24_7_hotline_numbers_come_from_the_directory():
    numbers = [n.number for n in hotline_numbers()]
    assert numbers == ["+371 67898343", "+371 28612120"]


def test_filtering_by_situation_lists_only_the_services_for_it(client):
    response = client.get("/en/help/?situation=labour")
    body = response.content.decode()
    assert "Valsts darba inspekcija" in body
    assert "Bērnu un pusaudžu uzticības tālrunis" not in body
    response = client.get("/en/help/?situation=child")
    body = response.content.decode()
    assert "Bērnu un pusaudžu uzticības tālrunis" in body
    assert "Valsts darba inspekcija" not in body


def test_every_situation_has_at_least_one_service(client):
    for code in ("abroad", "child", "labour", "sexual", "sham_marriage", "professional"):
        assert [e for e in directory(code)], code


def test_an_unknown_situation_shows_the_whole_directory(client):
    body = client.get("/en/help/?situation=nonsense").content.decode()
    assert body.count('class="atb-service"') == Service.objects.filter(is_active=True).count()


def test_the_filters_are_plain_links_and_mark_the_current_one(client):
    body = client.get("/lv/help/?situation=abroad").content.decode()
    assert 'href="/lv/help/?situation=child"' in body
    assert '<strong aria-current="true">Esmu ārzemēs</strong>' in body


def test_a_hidden_entry_is_not_shown(client):
    Service.objects.filter(name="Valsts darba inspekcija").update(is_active=False)
    assert "Valsts darba inspekcija" not in client.get("/en/help/").content.decode()


def test_open_now_labels_on_a_weekday_afternoon():
    result = states(datetime(2025, 11, 12, 12, 0, tzinfo=RIGA))
    assert result['Resursu centrs sievietēm "Marta"'] is OpenState.OPEN
    assert result['Patvērums "Drošā māja"'] is OpenState.ALWAYS
    assert result["Valsts darba inspekcija"] is OpenState.UNKNOWN


def test_open_now_labels_on_a_latvian_holiday():
    result = states(datetime(2025, 11, 18, 12, 0, tzinfo=RIGA))
    assert result['Resursu centrs sievietēm "Marta"'] is OpenState.CLOSED
    # The sources give 116111's hours for working days, Saturdays and Sundays only: no claim.
    assert result["Bērnu un pusaudžu uzticības tālrunis"] is OpenState.HOLIDAY_NOT_PUBLISHED
    assert result['Patvērums "Drošā māja"'] is OpenState.ALWAYS


def test_a_day_off_added_in_the_admin_closes_services_that_close_on_holidays():
    CalendarOverride.objects.create(date=datetime(2025, 11, 13).date(), is_working_day=False)
    result = states(datetime(2025, 11, 13, 12, 0, tzinfo=RIGA))
    assert result['Resursu centrs sievietēm "Marta"'] is OpenState.CLOSED


def test_the_page_shows_the_label_and_the_free_tag(client):
    body = client.get("/en/help/").content.decode()
    assert "Open 24/7" in body
    assert "Free of charge" in body


def test_directory_entries_carry_their_kind():
    assert Service.objects.filter(kind=ServiceKind.CHILDRENS_HELPLINE).exists()
