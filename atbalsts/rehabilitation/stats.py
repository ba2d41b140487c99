"""What the course and after-care lend the coordinator's figures (``statistics.contributions``).

Counts of the service log's bookkeeping (kind of service, date, hours: no personal data), made in
the database for a period and, for a provider's own view, its organisation.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from atbalsts.statistics import contributions

from .models import AftercareEntry, AftercareKind, ClosureReason, ServiceEntry, ServiceKind


def services_by_kind(start: datetime.date, end: datetime.date, organisation_id: int | None) -> dict[str, int]:
    qs = ServiceEntry.objects.filter(on__gte=start, on__lte=end)
    if organisation_id is not None:
        qs = qs.filter(course__organisation_id=organisation_id)
    return {r["kind"]: r["n"] for r in qs.values("kind").annotate(n=Count("pk")).order_by()}


def aftercare(start: datetime.date, end: datetime.date, organisation_id: int | None) -> dict[str, int]:
    """After-care consultations, proceedings-support hours (whole hours) and family consultations."""
    qs = AftercareEntry.objects.filter(on__gte=start, on__lte=end)
    if organisation_id is not None:
        qs = qs.filter(course__organisation_id=organisation_id)
    found = {r["kind"]: r for r in qs.values("kind").annotate(n=Count("pk"), hours=Sum("hours")).order_by()}

    def get(kind, key):
        row = found.get(kind)
        return round(row[key] or 0) if row else 0

    return {
        "aftercare_consultations": get(AftercareKind.AFTERCARE_CONSULTATION, "n"),
        "proceedings_hours": get(AftercareKind.PROCEEDINGS_SUPPORT, "hours"),
        "family_consultations": get(AftercareKind.FAMILY_CONSULTATION, "n"),
    }


def _aftercare_labels() -> dict[str, str]:
    return {
        "aftercare_consultations": _("After-care consultations"),
        "proceedings_hours": _("Criminal-proceedings support, hours"),
        "family_consultations": _("Family members' consultations"),
    }


contributions.register_labels("closure_reason", lambda: {c: str(label) for c, label in ClosureReason.choices})
contributions.register_labels("service_kind", lambda: {c: str(label) for c, label in ServiceKind.choices})
contributions.register_labels("aftercare_measure", _aftercare_labels)
contributions.register_source("services_by_kind", services_by_kind)
contributions.register_source("aftercare", aftercare)
