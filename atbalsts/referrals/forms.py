"""Forms validate what a person typed; they never save (services.py does)."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from atbalsts.accounts.models import Organisation
from atbalsts.identification import catalogue as checklists
from atbalsts.people.forms import GovukMixin

from . import services
from .models import DeclineReason, Outcome


def _lv() -> bool:
    return (get_language() or "lv").startswith("lv")


class SendForm(GovukMixin, forms.Form):
    type_code = forms.ChoiceField(label=_("Type of referral"), choices=())
    recipient = forms.ModelChoiceField(label=_("Send to"), queryset=Organisation.objects.none())
    client_case_number = forms.CharField(
        label=_("Your client's case number"), max_length=20, required=False,
        help_text=_("Only with a client whose consent names the recipient do the name, contact details and "
                    "message travel. Leave empty for an anonymous notice."))
    indicators = forms.MultipleChoiceField(label=_("Indicators found"), required=False,
                                           widget=forms.CheckboxSelectMultiple, choices=())
    message = forms.CharField(label=_("Message about the person"), max_length=services.MAX_MESSAGE, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Travels only under the person's consent to the recipient."))
    contact_name = forms.CharField(label=_("Name to ask for"), max_length=services.MAX_CONTACT_VALUE,
                                   required=False)
    contact_phone = forms.CharField(label=_("How to reach the person"), max_length=services.MAX_CONTACT_VALUE,
                                    required=False)

    def __init__(self, actor, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lv = _lv()
        self.fields["type_code"].choices = [
            (t.code, t.label_lv if lv else t.label_en) for t in services.types_for_sender(actor)]
        self.fields["recipient"].queryset = services.recipients_for(actor)
        self.fields["indicators"].choices = [(c, lv_ if lv else en) for c, lv_, en in checklists.INDICATORS]
        self.fields["indicators"].widget.attrs.pop("class", None)

    def contact(self) -> dict:
        d = self.cleaned_data
        return {k: v for k, v in (("name", d.get("contact_name")), ("phone", d.get("contact_phone"))) if v}


class DeclineForm(GovukMixin, forms.Form):
    reason = forms.ChoiceField(label=_("Reason for declining"), choices=[("", "—"), *DeclineReason.choices])
    note = forms.CharField(label=_("Note to the sender"), max_length=services.MAX_NOTE, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class AcceptForm(GovukMixin, forms.Form):
    note = forms.CharField(label=_("Note to the sender"), max_length=services.MAX_NOTE, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class OutcomeForm(GovukMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *Outcome.choices])
    note = forms.CharField(label=_("Outcome note"), max_length=services.MAX_NOTE, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
