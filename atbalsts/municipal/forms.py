"""Forms validate and turn input into the plain data the services take; they never save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from atbalsts.accounts.models import Organisation, OrganisationKind
from atbalsts.identification import catalogue as checklists
from atbalsts.people.forms import DateInput, GovukMixin, normalise_personal_code
from atbalsts.people.models import ConsentCategory
from atbalsts.policy.validators import validate_rules_date

from . import catalogue
from .models import ContactStage, Outcome, Step

DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]


def _date(label, required=True, rules=True):
    """A date field; every event date goes through the one date guard (policy.validators), a birth
    date does not (``rules=False``)."""
    return forms.DateField(label=label, required=required, widget=DateInput(), input_formats=DATE_FORMATS,
                           help_text=_("dd.mm.yyyy"), validators=[validate_rules_date] if rules else [])


def _multi(label, entries):
    return forms.MultipleChoiceField(label=label, required=False, widget=forms.CheckboxSelectMultiple,
                                     choices=checklists.choices(entries))


def _providers():
    return Organisation.objects.filter(kind=OrganisationKind.SERVICE_PROVIDER, is_active=True).order_by("name")


class CaseOpenForm(GovukMixin, forms.Form):
    contact_stage = forms.ChoiceField(label=_("When the person came to the social service"),
                                      choices=ContactStage.choices)
    client_case_number = forms.CharField(
        label=_("Case number of an existing client of your service"), max_length=20, required=False,
        help_text=_("Leave empty to register the person below."))
    given_names = forms.CharField(label=_("Given names"), max_length=200, required=False)
    surname = forms.CharField(label=_("Surname"), max_length=200, required=False)
    personal_code = forms.CharField(label=_("Personal code"), max_length=12, required=False)
    birth_date = _date(_("Date of birth"), required=False, rules=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)

    def clean_personal_code(self):
        return normalise_personal_code(self.cleaned_data["personal_code"])

    def clean_client_case_number(self):
        return self.cleaned_data["client_case_number"].strip().upper()


class StepForm(GovukMixin, forms.Form):
    step = forms.TypedChoiceField(label=_("Step"), choices=Step.choices, coerce=int)
    date = _date(_("Date"))
    notes = forms.CharField(label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    # Step 1: the interview, the needs assessment, the home visit.
    interview_on = _date(_("Date of the interview"), required=False)
    interview_notes = forms.CharField(label=_("What the interview found"), required=False, max_length=5000,
                                      widget=forms.Textarea(attrs={"rows": 3}))
    needs_assessment = forms.CharField(label=_("Needs assessment"), required=False, max_length=5000,
                                       widget=forms.Textarea(attrs={"rows": 3}))
    home_visit_on = _date(_("Date of the home visit"), required=False)
    home_visit_notes = forms.CharField(
        label=_("Home visit: what was found, or why it was not made"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}))
    fits_target_group = forms.TypedChoiceField(
        label=_("Does the person fit the target group?"), required=False, empty_value=None,
        choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))], coerce=lambda v: v == "yes")
    outcome = forms.ChoiceField(label=_("Outcome of the evaluation"), required=False,
                                choices=[("", "—"), *Outcome.choices])
    follow_up_on = _date(_("Follow-up on"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per request so the labels follow the active language.
        self.fields["risk_groups"] = _multi(_("Risk groups"), checklists.RISK_GROUPS)
        self.fields["needs"] = _multi(_("Needs found"), checklists.NEEDS)
        self.fields["health"] = _multi(_("Health and psychological issues"), checklists.HEALTH_ISSUES)
        self.fields["activities"] = _multi(_("Activities of the plan"), catalogue.ACTIVITIES)


class LinkForm(GovukMixin, forms.Form):
    case_number = forms.CharField(label=_("The provider's case number"), max_length=20)


class ScreeningForm(GovukMixin, forms.Form):
    date = _date(_("Date of the screening"))
    notes = forms.CharField(label=_("Notes"), required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"] = _multi(_("Indicators that the person has been exploited"), checklists.INDICATORS)
        self.criteria_fields = []
        for group in checklists.CRITERIA_GROUPS:
            name = f"criteria_{group.code}"
            self.fields[name] = _multi(checklists.group_label(group), group.items)
            self.criteria_fields.append(name)

    def criteria(self):
        return [self[name] for name in self.criteria_fields]

    def data_for_service(self) -> dict:
        d = self.cleaned_data
        found = [code for name in self.criteria_fields for code in d.get(name, [])]
        return {"date": d["date"], "notes": d["notes"], "indicators": d.get("indicators", []), "criteria": found}


class ReferralForm(GovukMixin, forms.Form):
    provider = forms.ModelChoiceField(label=_("Service provider"), queryset=Organisation.objects.none())
    message = forms.CharField(label=_("Message to the provider"), max_length=5000, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("The provider sees only this referral: the screening's findings and, "
                                          "only if the person's consent names the provider, their name, how to "
                                          "reach them and this message."))
    contact_name = forms.CharField(label=_("Name of the person"), max_length=200, required=False)
    contact_phone = forms.CharField(label=_("How to reach the person"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = _providers()


class RequestForm(GovukMixin, forms.Form):
    provider = forms.ModelChoiceField(label=_("Service provider"), queryset=Organisation.objects.none())
    provider_case_number = forms.CharField(label=_("The provider's case number"), max_length=20)
    asked = forms.CharField(label=_("What is asked"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    sent_on = _date(_("Sent on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = _providers()


class AnswerForm(GovukMixin, forms.Form):
    answered_on = _date(_("Answered on"))
    answer = forms.CharField(label=_("Case information: services given and progress"), max_length=10000,
                             widget=forms.Textarea(attrs={"rows": 6}))
    recommendations = forms.CharField(label=_("Recommendations"), max_length=5000, required=False,
                                      widget=forms.Textarea(attrs={"rows": 4}))


class TeamAddForm(GovukMixin, forms.Form):
    user = forms.TypedChoiceField(label=_("Municipal social worker"), coerce=int, choices=())

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [(u.pk, u.get_full_name() or u.username) for u in candidates]


class OfficeConsentForm(GovukMixin, forms.Form):
    """A consent signed at the municipal office for a named provider to share with this service."""

    provider = forms.ModelChoiceField(label=_("Service provider that may share"), queryset=Organisation.objects.none())
    provider_case_number = forms.CharField(
        label=_("The provider's case number"), max_length=20,
        help_text=_("As the person or the provider gave it. It must belong to the same person as this case."))
    categories = forms.MultipleChoiceField(label=_("What may be shared"), required=False,
                                           choices=ConsentCategory.choices, widget=forms.CheckboxSelectMultiple)
    purpose = forms.CharField(label=_("Purpose"), max_length=1000,
                              error_messages={"required": _("Say what the information will be used for.")},
                              widget=forms.Textarea(attrs={"rows": 2}))
    valid_from = _date(_("Valid from"))
    valid_until = _date(_("Valid until"), required=False)
    signed_form = forms.FileField(label=_("Signed consent form"), required=True,
                                  help_text=_("PDF, PNG or JPEG; stored encrypted."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = _providers()
        self.fields["signed_form"].widget.attrs["class"] = "govuk-file-upload"

    def clean_provider_case_number(self):
        return self.cleaned_data["provider_case_number"].strip().upper()
