"""The versioned rule sets."""

import dataclasses
import itertools
import json
from datetime import date

import pytest

from atbalsts.policy.rules import (
    MK344,
    MK889,
    RULESETS,
    Role,
    RuleSetNotFound,
    SupportKind,
    age_on,
    family_member_is_eligible,
    is_minor,
    ruleset_as_dict,
    ruleset_by_code,
    ruleset_on,
)


def test_regulation_889_applies_up_to_and_including_19_july_2019():
    assert ruleset_on(date(2007, 1, 1)) is MK889
    assert ruleset_on(date(2019, 7, 19)) is MK889


def test_regulation_344_applies_from_20_july_2019_the_day_after_publication():
    assert ruleset_on(date(2019, 7, 20)) is MK344
    assert ruleset_on(date(2040, 1, 1)) is MK344


def test_no_rule_set_before_2007_is_a_clear_error():
    with pytest.raises(RuleSetNotFound, match="2007-01-01"):
        ruleset_on(date(2006, 12, 31))


def test_the_rule_sets_cover_every_day_without_overlap():
    ordered = sorted(RULESETS, key=lambda rs: rs.effective_from)
    for earlier, later in itertools.pairwise(ordered):
        assert earlier.effective_until is not None
        assert (later.effective_from - earlier.effective_until).days == 1
    assert ordered[-1].effective_until is None


def test_the_values_are_the_seeds_values_in_both_rule_sets():
    for rs in RULESETS:
        assert rs.course_max_days == 180
        assert rs.siva_decision_working_days == 3
        assert rs.aftercare_consultations == 5
        assert rs.aftercare_consultation_hours == 1
        assert rs.aftercare_window_years == 2
        assert rs.proceedings_support_hours_per_year == 150
        assert rs.proceedings_support_years == 3
        assert rs.family_consultations_per_member == 5
        assert rs.minor_age == 18
        assert set(rs.commission_required_roles) == {
            "social_worker",
            "psychologist",
            "lawyer",
            "police_official",
        }
        # With state legal aid: social worker's and psychologist's consultations, and interpreting
        # only within them (seed 003: "tulka pakalpojumus šajās konsultācijās").
        assert set(rs.legal_aid_allowed_kinds) == {
            "social_worker_consultation",
            "psychologist_consultation",
        }
        assert set(rs.legal_aid_interpreting_within) == set(rs.legal_aid_allowed_kinds)
        assert set(rs.legal_aid_allowed_kinds) <= set(rs.proceedings_support_kinds)
        assert set(rs.unverified_defaults) <= {f.name for f in dataclasses.fields(rs)}


def test_role_codes_match_the_accounts_app():
    assert {r.value for r in Role} == {
        "social_worker",
        "psychologist",
        "lawyer",
        "medical",
        "police_official",
        "siva_officer",
        "municipal_social_worker",
        "hotline_operator",
        "statistician",
        "org_admin",
        "sys_admin",
        "specialist",
    }
    assert len(SupportKind) == 6


def test_a_rule_set_becomes_json_with_iso_dates():
    data = json.loads(json.dumps(ruleset_as_dict(MK889)))
    assert data["effective_from"] == "2007-01-01"
    assert data["effective_until"] == "2019-07-19"
    assert ruleset_as_dict(MK344)["effective_until"] is None
    assert data["commission_required_roles"] == ["social_worker", "psychologist", "lawyer", "police_official"]


def test_a_rule_set_is_found_by_its_code():
    assert ruleset_by_code("MK344") is MK344
    with pytest.raises(RuleSetNotFound):
        ruleset_by_code("MK1")


def test_a_child_is_a_minor_until_the_18th_birthday():
    born = date(2008, 3, 15)
    assert age_on(born, date(2026, 3, 14)) == 17
    assert is_minor(born, date(2026, 3, 14))
    assert not is_minor(born, date(2026, 3, 15))


def test_a_family_member_is_eligible_while_under_18():
    born = date(2008, 3, 15)
    assert family_member_is_eligible(born, date(2026, 3, 14))
    assert not family_member_is_eligible(born, date(2026, 3, 15))
