"""Forms validate; they never save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from atbalsts.identification.forms import DATE_FORMATS
from atbalsts.people.forms import DateInput, GovukMixin
from atbalsts.policy.validators import validate_rules_date

from .models import Outcome, RefusalReason, Signatory


def _date(label, required=True):
    # Every date here is an event the rules are looked up for: one guard (policy.validators).
    return forms.DateField(label=label, required=required, widget=DateInput(), input_formats=DATE_FORMATS,
                           help_text=_("dd.mm.yyyy"), validators=[validate_rules_date])


class ApplicationForm(GovukMixin, forms.Form):
    ground = forms.TypedChoiceField(label=_("Recognition ground and document"), coerce=int)
    signatory = forms.ChoiceField(label=_("Signed by"), choices=Signatory.choices)
    signatory_name = forms.CharField(
        label=_("Name of the signatory"), max_length=200, required=False,
        help_text=_("For a minor, leave empty to use the legal representative recorded on the case."),
    )
    signed_on = _date(_("Signed on"))

    def __init__(self, *args, grounds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._grounds = {g.pk: g for g in grounds}
        self.fields["ground"].choices = [
            (g.pk, f"{g.get_ground_display()}: {g.document_number}, {g.document_date:%d.%m.%Y}") for g in grounds
        ]

    def clean_ground(self):
        return self._grounds[self.cleaned_data["ground"]]


class DecisionForm(GovukMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices)
    service_start = _date(_("Service start date"), required=False)
    refusal_reason = forms.ChoiceField(label=_("Reason for refusal"), required=False,
                                       choices=[("", "—"), *RefusalReason.choices])
    refusal_text = forms.CharField(label=_("Explanation of the refusal"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Outcome.GRANT and not data.get("service_start"):
            self.add_error("service_start", _("Give the date the service starts."))
        if data.get("outcome") == Outcome.REFUSE:
            if not data.get("refusal_reason"):
                self.add_error("refusal_reason", _("Choose the reason for refusal."))
            if not data.get("refusal_text"):
                self.add_error("refusal_text", _("Explain the refusal."))
        return data


class ReleaseForm(GovukMixin, forms.Form):
    service_start = _date(_("Service start date"))
