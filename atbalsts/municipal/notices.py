"""Where a municipality acts on a consent that names it (a resolver of atbalsts.lib.notify).

When the municipality has linked the person's provider record to one of its cases, the case's
team is told, with the link to the case and its reference; otherwise the notice stays as the
people app made it (the list of clients shared with the municipality, no reference), and the
policy's fallback roles receive it.
"""

from __future__ import annotations

from django.urls import reverse

from atbalsts.lib.notify import Tell
from atbalsts.people.models import Consent

from .models import MunicipalCase


def resolve(notice: Tell) -> Tell:
    if not notice.about or notice.about[0] != "consent":
        return notice
    consent = Consent.objects.filter(pk=notice.about[1]).only("client_id", "recipient_id").first()
    if consent is None:
        return notice
    case = (MunicipalCase.objects.filter(organisation_id=consent.recipient_id, provider_client_id=consent.client_id)
            .order_by("-opened_at", "-pk").first())
    if case is None:
        return notice
    return notice.replace(client_id=case.client_id, url=reverse("municipal:case", args=[case.pk]),
                          reference=case.reference)
