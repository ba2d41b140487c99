"""Forms validate; the services change data."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import catalogue
from .models import PartnerHotline

_MULTI = forms.CheckboxSelectMultiple


class OutboundForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner hotline"), queryset=PartnerHotline.objects.none())
    prs_FirstName = forms.CharField(label=_("First name (only if the person agreed)"), required=False,
                                    max_length=catalogue.MAX_NAME)
    prs_MobilePhone = forms.CharField(label=_("Phone (only if the person agreed)"), required=False,
                                      max_length=catalogue.MAX_PHONE)
    prs_Birthdate = forms.DateField(label=_("Date of birth"), required=False)
    prs_Gender = forms.ChoiceField(label=_("Gender"), required=False,
                                   choices=[("", "—"), *catalogue.Gender.choices])
    prs_PrimaryLanguage = forms.ChoiceField(label=_("Language the person speaks"), choices=catalogue.Language.choices)
    prs_Citizenship = forms.MultipleChoiceField(label=_("Citizenship"), required=False, widget=_MULTI,
                                                choices=catalogue.Country.choices)
    vic_TraffickingStatus = forms.ChoiceField(label=_("Trafficking status"),
                                              choices=catalogue.TraffickingStatus.choices)
    vic_TypeOfExploitation = forms.MultipleChoiceField(label=_("Forms of exploitation"), required=False,
                                                       widget=_MULTI, choices=catalogue.Exploitation.choices)
    atb_CountriesOfExploitation = forms.MultipleChoiceField(label=_("Countries of exploitation"), required=False,
                                                            widget=_MULTI, choices=catalogue.Country.choices)
    cas_ReasonForOutgoingReferral = forms.ChoiceField(label=_("Reason for the referral"),
                                                      choices=catalogue.ReferralReason.choices)
    atb_Needs = forms.MultipleChoiceField(label=_("What the person asks for"), required=False, widget=_MULTI,
                                          choices=catalogue.Need.choices)
    consent_given_by = forms.ChoiceField(label=_("Consent given by"), choices=catalogue.ConsentGiver.choices)
    consent_channel = forms.ChoiceField(label=_("How the consent was given"),
                                        choices=catalogue.ConsentChannel.choices)
    consent_purpose = forms.ChoiceField(label=_("Purpose the person agreed to"),
                                        choices=catalogue.ConsentPurpose.choices)
    consent_confirmed = forms.BooleanField(
        label=_("The person explicitly agreed that these data go to this partner hotline for this purpose."),
        required=True,
        error_messages={"required": _("A referral abroad needs the person's explicit consent.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = PartnerHotline.objects.filter(is_active=True, is_self=False).exclude(
            encryption_key={})

    def data_set(self) -> dict:
        cd = self.cleaned_data
        data = {k: cd[k] for k in self.fields if k.startswith(("prs_", "vic_", "cas_", "atb_"))}
        if data.get("prs_Birthdate"):
            data["prs_Birthdate"] = data["prs_Birthdate"].isoformat()
        return data


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Answer"), widget=forms.RadioSelect,
                               choices=[("accept", _("Accept")), ("decline", _("Decline"))])
    reason = forms.ChoiceField(label=_("Reason for declining"), required=False,
                               choices=[("", "—"), *catalogue.DeclineReason.choices])

    def clean(self):
        cd = super().clean()
        if cd.get("answer") == "decline" and not cd.get("reason"):
            self.add_error("reason", _("Choose why the referral is declined."))
        return cd


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=catalogue.Outcome.choices)


class ImportForm(forms.Form):
    package = forms.FileField(label=_("Package file from a partner"))

    MAX_BYTES = 256 * 1024

    def clean_package(self):
        f = self.cleaned_data["package"]
        if f.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is too large for a package."))
        try:
            return f.read().decode("ascii").strip()
        except UnicodeDecodeError:
            raise forms.ValidationError(_("This is not a package file.")) from None
