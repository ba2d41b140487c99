"""Forms validate; they never save. The limits are checked by the services (the policy calculator)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from atbalsts.identification.forms import DATE_FORMATS
from atbalsts.lib.numbers import LocalDecimalField
from atbalsts.people.forms import DateInput, GovukMixin
from atbalsts.policy.rules import RuleSet
from atbalsts.policy.validators import validate_rules_date

from .models import (
    Accommodation,
    AccompanimentTo,
    ClosureReason,
    DocumentAction,
    DocumentType,
    GoodsCategory,
    Mode,
    ProceedingsDocument,
    ServiceKind,
    Specialist,
    SupportKind,
    TrainingStep,
)


def _date(label, required=True):
    # Every date here is an event the rules are looked up for: one guard (policy.validators).
    return forms.DateField(label=label, required=required, widget=DateInput(), input_formats=DATE_FORMATS,
                           help_text=_("dd.mm.yyyy"), validators=[validate_rules_date])


def _choice(label, choices, required=True):
    return forms.ChoiceField(label=label, required=required, choices=[("", "—"), *choices])


def _hours(label, required=True, initial=None):
    return LocalDecimalField(label=label, required=required, min_value=Decimal("0"), max_digits=6,
                              decimal_places=2, initial=initial,
                              widget=forms.TextInput(attrs={"inputmode": "decimal",
                                                            "class": "govuk-input govuk-input--width-5"}))


def _note():
    return forms.CharField(label=_("Note"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}))


# The fields of each kind of service, beyond the date and the note.
SERVICE_FIELDS = {
    ServiceKind.CONSULTATION: ("specialist", "hours", "mode", "interpreter"),
    ServiceKind.SHELTER: ("nights", "children_nights", "accommodation", "partner_name"),
    ServiceKind.GOODS: ("goods_category", "amount_eur", "receipt"),
    ServiceKind.DOCUMENTS: ("document_type", "document_action", "amount_eur", "receipt"),
    ServiceKind.TRAINING: ("training_step", "hours"),
    ServiceKind.ACCOMPANIMENT: ("accompanied_to", "hours", "interpreter"),
}


class ServiceForm(GovukMixin, forms.Form):
    on = _date(_("Date"))
    specialist = _choice(_("Specialist"), Specialist.choices)
    hours = _hours(_("Duration (hours)"), required=False)
    mode = _choice(_("Mode"), Mode.choices)
    interpreter = forms.BooleanField(label=_("With an interpreter"), required=False)
    nights = forms.IntegerField(label=_("Nights (the client)"), min_value=0, initial=0, required=False)
    children_nights = forms.IntegerField(label=_("Nights (accompanying children)"), min_value=0, initial=0,
                                         required=False)
    accommodation = _choice(_("Accommodation"), Accommodation.choices)
    partner_name = forms.CharField(label=_("Partner organisation (under a cooperation contract)"),
                                   max_length=200, required=False)
    goods_category = _choice(_("Category"), GoodsCategory.choices)
    amount_eur = _hours(_("Amount (EUR)"), required=False)
    receipt = forms.FileField(label=_("Receipt (PDF, PNG or JPEG)"), required=False)
    document_type = _choice(_("Document"), DocumentType.choices)
    document_action = _choice(_("Restored or translated"), DocumentAction.choices)
    training_step = _choice(_("Step"), TrainingStep.choices)
    accompanied_to = _choice(_("Accompanied to"), AccompanimentTo.choices)
    note = _note()

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = {"on", *SERVICE_FIELDS[kind], "note"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]


class CloseCourseForm(GovukMixin, forms.Form):
    actual_end = _date(_("Closed on"))
    closure_reason = _choice(_("Reason for closing"), ClosureReason.choices)
    closing_summary = forms.CharField(label=_("Closing summary"), max_length=8000,
                                      widget=forms.Textarea(attrs={"rows": 6}))


def _offered(choices, codes):
    """The choices whose codes the rule set accepts, in the rule set's order."""
    labels = dict(choices)
    return [(code, labels[code]) for code in codes if code in labels]


class AftercareConsultationForm(GovukMixin, forms.Form):
    on = _date(_("Date"))
    specialist = _choice(_("Specialist"), [])
    hours = _hours(_("Duration (hours)"), initial=1)
    note = _note()

    def __init__(self, *args, ruleset: RuleSet, **kwargs):
        super().__init__(*args, **kwargs)
        # Exactly the specialists the rule set accepts for after-care.
        self.fields["specialist"].choices = [("", "—"), *_offered(Specialist.choices,
                                                                  ruleset.aftercare_specialist_roles)]
        self.fields["hours"].initial = ruleset.aftercare_consultation_hours


class SupportHoursForm(GovukMixin, forms.Form):
    on = _date(_("Date"))
    support_kind = _choice(_("Kind of support"), [])
    interpreter = forms.BooleanField(label=_("With an interpreter"), required=False)
    hours = _hours(_("Hours"))
    note = _note()

    def __init__(self, *args, ruleset: RuleSet, legal_aid: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Exactly the kinds the rule set accepts; with state legal aid only the kinds it leaves, and
        # interpreting only within them.
        codes = ruleset.legal_aid_allowed_kinds if legal_aid else ruleset.proceedings_support_kinds
        self.fields["support_kind"].choices = [("", "—"), *_offered(SupportKind.choices, codes)]
        if legal_aid:
            within = ", ".join(str(label) for _code, label in _offered(SupportKind.choices,
                                                                       ruleset.legal_aid_interpreting_within))
            self.fields["interpreter"].help_text = _(
                "With state-ensured legal aid, interpreting is given only within: %(kinds)s."
            ) % {"kinds": within}


class FamilyConsultationForm(GovukMixin, forms.Form):
    on = _date(_("Date"))
    family_member = forms.TypedChoiceField(label=_("Family member"), coerce=int)
    hours = _hours(_("Duration (hours)"), initial=1)
    note = _note()

    def __init__(self, *args, members=(), ruleset: RuleSet | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if ruleset is not None:
            self.fields["hours"].initial = ruleset.family_consultation_max_hours
        self._members = {m.pk: m for m in members}
        self.fields["family_member"].choices = [("", "—")] + [
            (m.pk, f"{m.given_names} {m.surname} ({m.get_relation_display()}"
                   f"{', ' + m.birth_date.strftime('%d.%m.%Y') if m.birth_date else ''})")
            for m in members
        ]

    def clean_family_member(self):
        return self._members[self.cleaned_data["family_member"]]


class ProceedingsSupportForm(GovukMixin, forms.Form):
    document_kind = _choice(_("Document"), ProceedingsDocument.choices)
    document_number = forms.CharField(label=_("Document number"), max_length=100)
    document_date = _date(_("Document date"))
    issuing_body = forms.CharField(label=_("Issuing body"), max_length=200)
    document = forms.FileField(label=_("Copy of the document (PDF, PNG or JPEG)"), required=False)
    start = _date(_("Support starts on"))
    legal_aid = forms.BooleanField(label=_("Receives state-ensured legal aid"), required=False)
