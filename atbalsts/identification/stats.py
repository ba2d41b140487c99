"""The identification stage's part of the de-identified statistical record (ADR 0017).

``sync(case)`` recomputes the coarse values the stage knows (the person's sex, age band and
citizenship group; forms and countries of exploitation; the ground; months of opening and
recognition) and writes them through ``statistics.services.write`` in the caller's transaction.
The record's key is kept only in the case's and client's encrypted fields.
"""

from __future__ import annotations

from django.utils import timezone

from atbalsts.policy.rules import age_on
from atbalsts.statistics import contributions
from atbalsts.statistics import services as statistics

from . import catalogue
from .models import Case, CaseStatus, EligibilityNote, Ground, MovementKind


def _exploitation_age(case: Case, client) -> int | None:
    if case.exploitation_age is not None:
        return case.exploitation_age
    if case.exploitation_began_on and client.birth_date:
        return age_on(client.birth_date, case.exploitation_began_on)
    return None


def sync(case: Case) -> str:
    # The caller's instance may predate a change made through another instance (a commission's
    # conclusion sets the case's status): the record is built from what is stored.
    case.refresh_from_db(fields=["status"])
    client = case.client
    opened_on = timezone.localdate(case.opened_at) if case.opened_at else timezone.localdate()
    interviews = list(case.interviews.order_by("date", "pk").prefetch_related("movements"))
    forms = {code for i in interviews for code in (i.exploitation_forms or [])}
    countries = {
        statistics.country_name(m.country)
        for i in interviews for m in i.movements.all()
        if m.kind == MovementKind.EXPLOITATION and m.country
    }
    note = EligibilityNote.objects.filter(case=case).first()
    ground = case.grounds.order_by("recorded_at", "pk").first()
    recognised = case.status == CaseStatus.RECOGNISED and ground is not None
    ref = statistics.write(
        case.statistics_ref or None,
        sex=client.sex or "",
        age_band=statistics.age_band(client.birth_date, opened_on),
        age_band5=statistics.age_band5(client.birth_date, opened_on),
        exploitation_age_band=statistics.band_of_age(_exploitation_age(case, client)),
        citizenship_country=client.citizenship or "",
        organisation_pk=case.organisation_id,
        first_contact_kind=case.organisation.kind,
        citizenship_group=statistics.citizenship_group(client.citizenship, note.eu_citizen if note else None),
        exploitation_forms=sorted(forms),
        exploitation_countries=sorted(countries),
        recruitment_method=interviews[-1].recruitment_method if interviews else "",
        case_status=case.status,
        ground=ground.ground if ground else "",
        opened_month=opened_on,
        recognised_month=timezone.localdate(ground.recorded_at) if recognised and ground.recorded_at else None,
    )
    if case.statistics_ref != ref:
        case.statistics_ref = ref
        case.save(update_fields=["statistics_ref"])
        client.statistics_refs = [*(r for r in client.statistics_refs or [] if r != ref), ref]
        client.save(update_fields=["statistics_refs"])
    return ref


# --- what this stage lends the coordinator's figures (statistics.contributions) ------------------


def _catalogue_labels(entries):
    def labels() -> dict[str, str]:
        return {code: catalogue.label(entries, code) for code, _lv, _en in entries}
    return labels


def _ground_labels() -> dict[str, str]:
    return {code: str(label) for code, label in Ground.choices}


contributions.register_labels("exploitation_form", _catalogue_labels(catalogue.EXPLOITATION_FORMS))
contributions.register_labels("recruitment_method", _catalogue_labels(catalogue.RECRUITMENT_METHODS))
contributions.register_labels("ground", _ground_labels)
