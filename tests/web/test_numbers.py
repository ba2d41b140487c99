"""Numbers the Latvian way: the decimal comma is accepted in every form, money reads "57,60 €" in
Latvian and "€57.60" in English on pages, in PDFs and in spreadsheets."""

import datetime
from decimal import Decimal

import pytest
from django import forms

from atbalsts.lib.numbers import LocalDecimalField, money
from atbalsts.rehabilitation.models import ServiceEntry

D = datetime.timedelta


@pytest.mark.parametrize(("value", "language", "shown"), [
    (Decimal("57.6"), "lv", "57,60\xa0€"),
    (Decimal("57.6"), "en", "€57.60"),
    (57.6000000000000001, "lv", "57,60\xa0€"),  # a float sum from SQLite is not shown raw
    (Decimal("1234.5"), "lv", "1\xa0234,50\xa0€"),
    (Decimal("1234.5"), "en", "€1,234.50"),
    (Decimal("-3"), "en", "-€3.00"),
    (Decimal("0.005"), "lv", "0,01\xa0€"),
    (None, "lv", ""),
])
def test_money_is_written_the_way_of_the_pages_language(value, language, shown):
    assert money(value, language) == shown


def all_decimal_form_fields():
    """Every decimal or float field of every form of the apps, found by looking, not by a list."""
    import importlib
    import pkgutil

    import atbalsts

    found = []
    for module_info in pkgutil.walk_packages(atbalsts.__path__, "atbalsts."):
        if not module_info.name.endswith(".forms"):
            continue
        module = importlib.import_module(module_info.name)
        for form in vars(module).values():
            if isinstance(form, type) and issubclass(form, forms.BaseForm) and form.__module__ == module.__name__:
                for name, field in form.base_fields.items():
                    if isinstance(field, forms.DecimalField | forms.FloatField):
                        found.append((f"{form.__name__}.{name}", field))
    return found


def test_every_decimal_field_of_every_form_accepts_the_decimal_comma():
    fields = all_decimal_form_fields()
    assert {"ServiceForm.hours", "ServiceForm.amount_eur", "TravelForm.cost"} <= {name for name, _ in fields}
    for name, field in fields:
        assert isinstance(field, LocalDecimalField), name
        assert field.clean("1,5") == Decimal("1.5"), name
        assert field.clean("12.40") == Decimal("12.40"), name
        assert field.widget.input_type == "text" and field.widget.attrs["inputmode"] == "decimal", name


@pytest.mark.parametrize("language", ["lv", "en"])
def test_hours_and_euro_typed_with_a_comma_are_recorded(make_course, client_record, today, people, login,
                                                         language):
    make_course(today - D(days=10))
    http = login(people["sw"])
    http.cookies["django_language"] = language
    base = f"/rehabilitation/{client_record.case_number}/services/add/"
    day = today.strftime("%d.%m.%Y")
    r = http.post(base + "consultation/", {"on": day, "specialist": "psychologist", "hours": "1,5",
                                           "mode": "in_person"})
    assert r.status_code == 302, r.content.decode()[:3000]
    r = http.post(base + "goods/", {"on": day, "goods_category": "food", "amount_eur": "12,40"})
    assert r.status_code == 302, r.content.decode()[:3000]
    assert ServiceEntry.objects.get(kind="consultation").hours == Decimal("1.5")
    assert ServiceEntry.objects.get(kind="goods").amount_eur == Decimal("12.40")


def test_the_course_overview_shows_sums_of_money_in_the_pages_language(make_course, client_record, today, people,
                                                                       login):
    make_course(today - D(days=10))
    http = login(people["sw"])
    for amount in ("45,20", "12,40"):
        r = http.post(f"/rehabilitation/{client_record.case_number}/services/add/goods/",
                      {"on": today.strftime("%d.%m.%Y"), "goods_category": "food", "amount_eur": amount})
        assert r.status_code == 302
    url = f"/rehabilitation/{client_record.case_number}/"
    http.cookies["django_language"] = "lv"
    page = http.get(url).content.decode()
    assert "57,60\xa0€" in page and "57,6000" not in page and "EUR 57" not in page
    http.cookies["django_language"] = "en"
    assert "€57.60" in http.get(url).content.decode()
    services = http.get(f"/rehabilitation/{client_record.case_number}/services/").content.decode()
    assert "€45.20" in services and "€12.40" in services
