"""Municipal step dates go through the one guard for dates the rules cannot judge; birth dates do not."""

from atbalsts.municipal.models import CaseStep, MunicipalCase

J = {"content_type": "application/json"}


def test_a_step_dated_before_any_rules_is_refused_on_the_page_and_in_the_api(people, mcase, login):
    http = login(people["municipal"])
    http.cookies["django_language"] = "en"
    page = http.post(f"/municipal/cases/{mcase.pk}/steps/new/", {"step": 1, "date": "25.01.2000"})
    assert page.status_code == 200 and "Give a date on or after 01.01.2007." in page.content.decode()
    api = http.post(f"/api/municipal/cases/{mcase.pk}/steps/", {"step": 1, "date": "2000-01-25"}, **J)
    assert api.status_code == 400 and "01.01.2007" in str(api.json()["date"])
    assert not CaseStep.objects.exists()


def test_a_birth_date_before_the_rules_is_still_accepted(people, login):
    http = login(people["municipal"])
    response = http.post("/municipal/cases/new/", {"contact_stage": "before", "given_names": "Olga",
                                                    "surname": "Petrova", "birth_date": "01.02.1990"})
    assert response.status_code == 302 and MunicipalCase.objects.exists()
