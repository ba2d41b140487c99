"""Forms validate; they never save."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from atbalsts.identification.forms import DATE_FORMATS
from atbalsts.people.forms import DateInput, GovukMixin
from atbalsts.policy.validators import validate_rules_date

from .models import DECIDED_STATUSES, Outcome, RefusalReason, Signatory


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
    # Needed for an adult (the person signs); for a minor the recorded representative is taken.
    signatory_name.required_when = _("required for an adult")
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
    signatory_position = forms.CharField(
        label=_("Your position, as the letter is signed"), max_length=200, required=False,
        help_text=_("The letter is signed with your name and this position. Left empty: SIVA officer."),
    )

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


# The application number as SIVA sees it: the case number, optionally "/A<application>" and
# "/D<decision>" (a letter's number). Case numbers are pseudonymous (ADR 0017), so they may travel
# in the query string like the audit log's filter.
NUMBER_PATTERN = re.compile(r"^(AT-[A-Z0-9]{1,17})(?:/A(\d{1,9}))?(?:/D\d{1,9})?$")


class ArchiveForm(GovukMixin, forms.Form):
    """The archive's search: validates only; an empty form lists everything decided. The page
    position (``after``/``before``, signed links) is read by the view, not by this form."""

    number = forms.CharField(label=_("Application or case number"), max_length=40, required=False,
                             help_text=_("For example AT-ABC2345 or AT-ABC2345/A12."))
    outcome = forms.ChoiceField(label=_("Outcome"), required=False,
                                choices=[("", _("All outcomes")), *[(s.value, s.label) for s in DECIDED_STATUSES]])
    decided_from = _date(_("Decided from"), required=False)
    decided_until = _date(_("Decided until"), required=False)

    def clean_number(self):
        raw = "".join(self.cleaned_data.get("number", "").split()).upper()
        if raw and not NUMBER_PATTERN.match(raw):
            raise forms.ValidationError(_("Write the number as it is on the application, for example AT-ABC2345 or "
                                          "AT-ABC2345/A12."))
        return raw

    def clean(self):
        data = super().clean()
        start, end = data.get("decided_from"), data.get("decided_until")
        if start and end and start > end:
            self.add_error("decided_until", _("The end of the period cannot be before its start (%(start)s).")
                           % {"start": start.strftime("%d.%m.%Y")})
        return data

    def number_parts(self) -> tuple[str, int | None]:
        """(case number, application id or None) of a valid, non-empty number."""
        found = NUMBER_PATTERN.match(self.cleaned_data["number"])
        return found.group(1), int(found.group(2)) if found.group(2) else None
