"""The rules page shows the after-care block of the rule set, with our defaults marked as such."""

import pytest


@pytest.mark.django_db
def test_the_rules_page_lists_the_after_care_rules_and_marks_the_defaults(people, login):
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    html = http.get("/policy/").content.decode().replace("&#x27;", "'")
    assert "After-care and criminal-proceedings support after a course closed early because" in html
    assert "the person withdrew" in html and "the person died" not in html
    row = html.split("minor family members of a victim</td>", 1)[1].split("</tr>", 1)[0]
    assert "our default, not law" in row
    # Seed-backed values carry no mark.
    assert "social worker's consultation, psychologist's consultation</td>" in html
    assert "One course service at most, hours" in html
    http.cookies["django_language"] = "lv"
    html = http.get("/policy/").content.decode()
    assert "mūsu noklusējums, nevis tiesību norma" in html
