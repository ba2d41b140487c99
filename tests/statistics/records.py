"""Synthetic de-identified records for the figures' tests: every count below is known by construction.

Year ``y`` (the test clock's year):
- 3 identified women, adults, Latvian, sexual exploitation (prostitution), opened in February,
  provider A; one of them granted by SIVA in 2 working days and started a course in March that
  closed early (withdrew) after 90 days in June;
- 1 identified boy (0–17), non-EU, forced labour and forced begging, Ireland, opened in May,
  provider B; granted in 3 working days, course started in June with no early end;
- 2 presumed women, age unknown, other EU, no form recorded, opened in August, provider A; one
  refused by SIVA (documents incomplete) in 5 working days;
- 1 not recognised, opened in March (in neither column);
- 1 identified man, Latvian, opened in the year before (outside a one-year period); his course
  started in September of that year and ran its full length.
"""

from __future__ import annotations

import datetime

from atbalsts.statistics.models import StatisticalRecord


def make(y: int, provider_a: int, provider_b: int) -> None:
    def d(month: int, year: int = y) -> datetime.date:
        return datetime.date(year, month, 1)

    woman = dict(sex="female", age_band="25-34", age_band5="25-29", exploitation_age_band="18-24",
                 citizenship_group="latvia", citizenship_country="Latvija", exploitation_forms=["sexual_prostitution"],
                 exploitation_countries=["Vācija"], recruitment_method="social_media", case_status="recognised",
                 ground="commission", opened_month=d(2), recognised_month=d(3), organisation_pk=provider_a,
                 first_contact_kind="service_provider")
    StatisticalRecord.objects.create(**woman, siva_outcome="grant", siva_received_month=d(3), siva_decision_days=2,
                                     siva_decision_working_days=2, course_start_month=d(3), course_end_month=d(6),
                                     course_closure_reason="withdrew", course_days=90)
    StatisticalRecord.objects.create(**woman)
    StatisticalRecord.objects.create(**woman)
    StatisticalRecord.objects.create(
        sex="male", age_band="0-17", age_band5="15-19", exploitation_age_band="0-17", citizenship_group="non_eu",
        citizenship_country="Ukraina", exploitation_forms=["forced_begging", "forced_labour"],
        exploitation_countries=["Īrija"], recruitment_method="online_job_ad", case_status="recognised",
        ground="proceedings", opened_month=d(5), recognised_month=d(5), organisation_pk=provider_b,
        first_contact_kind="state_police", siva_outcome="grant", siva_received_month=d(5), siva_decision_days=4,
        siva_decision_working_days=3, course_start_month=d(6))
    presumed = dict(sex="female", age_band="", citizenship_group="eu", citizenship_country="Lietuva",
                    case_status="interviewed", opened_month=d(8), organisation_pk=provider_a,
                    first_contact_kind="hotline")
    StatisticalRecord.objects.create(**presumed, siva_outcome="refuse", siva_received_month=d(8),
                                     siva_decision_days=7, siva_decision_working_days=5,
                                     siva_refusal_reason="documents_incomplete")
    StatisticalRecord.objects.create(**presumed)
    StatisticalRecord.objects.create(sex="female", age_band="35-44", citizenship_group="latvia",
                                     case_status="not_recognised", opened_month=d(3), organisation_pk=provider_a)
    StatisticalRecord.objects.create(sex="male", age_band="35-44", citizenship_group="latvia",
                                     exploitation_forms=["forced_labour"], case_status="recognised",
                                     ground="commission", opened_month=d(6, y - 1), organisation_pk=provider_a,
                                     course_start_month=d(9, y - 1))
