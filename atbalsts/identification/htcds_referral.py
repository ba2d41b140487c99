"""A provider's identification case as an HTCDS 2.0 record, for a referral to another
organisation, only under the person's consent to share their identity with that organisation.

The record carries the name, date of birth, sex and citizenship (consent category "identity") and
the case's coarse values from its statistical record; never notes, interviews or health. The
reading is scoped (the actor must be on the client's case team: ``people.access.get_client``),
and the disclosure is written to the audit trail citing the consent.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.models import Organisation
from atbalsts.people import access
from atbalsts.people.consent import ConsentCategory, active_consent, record_disclosure
from atbalsts.statistics import htcds
from atbalsts.statistics.models import StatisticalRecord

from .models import Case


def recipients_for(actor: Actor):
    """Organisations a case may be sent to: every active real organisation but the actor's own.
    Whether anything goes is decided by the person's consent, checked when the record is built."""
    return (Organisation.objects.filter(is_active=True, is_sandbox=False)
            .exclude(pk=actor.organisation.pk).order_by("name"))


class RecipientForm(forms.Form):
    recipient = forms.ModelChoiceField(
        label=gettext_lazy("Send to"), queryset=Organisation.objects.none(),
        help_text=gettext_lazy("The record goes out only when the person's consent in force names this "
                               "organisation for their identity."))

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = recipients_for(actor)


def case_for_referral(actor: Actor | None, case_pk: int, recipient) -> dict:
    case = Case.objects.filter(pk=case_pk).select_related("client").first()
    if case is None or actor is None or actor.organisation is None or case.organisation_id != actor.organisation.pk:
        raise Http404
    client = access.get_client(actor, case.client.case_number)
    consent = active_consent(client, recipient, ConsentCategory.IDENTITY)
    if consent is None:
        raise ValidationError(_("No consent in force lets this person's identity be shared with %(org)s.")
                              % {"org": recipient})
    values = StatisticalRecord.objects.filter(pk=case.statistics_ref or None).values().first() or {}
    record_disclosure(actor, client, ConsentCategory.IDENTITY, consent, what="HTCDS 2.0 record for referral")
    return htcds.case_record(
        {"given_names": client.given_names, "surname": client.surname, "birth_date": client.birth_date,
         "sex": client.sex, "citizenship": client.citizenship},
        values,
    )
