"""Plan review dates go through the one guard for dates the rules cannot judge."""

from django.utils import timezone

from atbalsts.plans.models import PlanReview

J = {"content_type": "application/json"}


def test_a_review_dated_before_any_rules_is_refused_on_the_page_and_in_the_api(http, people, client_record, planned):
    page = http.post(f"/plans/{client_record.case_number}/reviews/", {
        "held_on": "25.01.2000", "participants": [people["sw"].pk], "conclusions": "x"})
    assert page.status_code == 200 and "Give a date on or after 01.01.2007." in page.content.decode()
    api = http.post(f"/api/plans/cases/{client_record.case_number}/reviews/", {
        "held_on": "2000-01-25", "participants": [people["sw"].pk], "conclusions": "x"}, **J)
    assert api.status_code == 400 and "01.01.2007" in str(api.json()["held_on"])
    assert not PlanReview.objects.exists()


def test_a_next_review_years_ahead_is_refused(http, people, client_record, planned):
    api = http.post(f"/api/plans/cases/{client_record.case_number}/reviews/", {
        "held_on": timezone.localdate().isoformat(),
        "participants": [people["sw"].pk], "conclusions": "x", "next_review_on": "9999-12-31"}, **J)
    assert api.status_code == 400 and "too far in the future" in str(api.json())
    assert not PlanReview.objects.exists()
