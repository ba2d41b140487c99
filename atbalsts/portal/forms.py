from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Danger, TriageStatus
from .reference import LENGTH, normalise_reference

LANGUAGE_CHOICES = [
    ("lv", "Latviešu"),
    ("en", "English"),
    ("ru", "Русский"),
    ("uk", "Українська"),
    ("other", _("Another language")),
]


_WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.RadioSelect: "govuk-radios__input",
    forms.Select: "govuk-select",
    forms.TextInput: "govuk-input",
}


class PortalForm(forms.Form):
    """Gives the widgets the design system's classes and links hints to their fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            for widget_class, css in _WIDGET_CLASSES.items():
                if isinstance(field.widget, widget_class):
                    field.widget.attrs.setdefault("class", css)
                    break
            if field.help_text:
                field.widget.attrs.setdefault("aria-describedby", f"id_{name}-hint")


class HoneypotMixin(PortalForm):
    # Hidden from people (CSS and aria-hidden); scripts that fill every field fill it too.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website", "").strip())


class ReportForm(HoneypotMixin):
    what_happened = forms.CharField(
        label=_("What happened?"),
        help_text=_("Write as much or as little as you feel safe to share. You do not need to give your name."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    where = forms.CharField(
        label=_("Where did it happen, or where are you now? (optional)"),
        help_text=_("A country, a town, a workplace — whatever you know."),
        max_length=500,
        required=False,
    )
    danger_now = forms.ChoiceField(
        label=_("Is someone in danger right now?"),
        choices=Danger.choices,
        widget=forms.RadioSelect,
    )
    safe_contact = forms.CharField(
        label=_("A safe way to contact you (optional)"),
        help_text=_("A phone number or e-mail address that only you can see. Leave it empty to stay anonymous."),
        max_length=200,
        required=False,
    )
    safe_time = forms.CharField(
        label=_("When is it safe to contact you? (optional)"),
        max_length=200,
        required=False,
    )
    language = forms.ChoiceField(label=_("Which language do you prefer?"), choices=LANGUAGE_CHOICES)
    to = forms.TypedChoiceField(label=_("Send to"), coerce=int, required=False, choices=[])

    field_order = ("what_happened", "where", "danger_now", "safe_contact", "safe_time", "language", "to", "website")

    def __init__(self, *args, hotlines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(o.pk, o.name) for o in hotlines]
        if len(self.fields["to"].choices) < 2:
            self.fields["to"].widget = forms.HiddenInput()


class AdditionForm(HoneypotMixin):
    reference = forms.CharField(
        label=_("Your reference code"),
        help_text=_("The code you were shown after sending your message, for example ACDEF-23467."),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )
    text = forms.CharField(
        label=_("What would you like to add?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    # The honeypot goes last, after the real fields.
    field_order = ("reference", "text", "website")

    def clean_reference(self) -> str:
        return normalise_reference(self.cleaned_data["reference"])[: LENGTH + 1]


class TriageForm(PortalForm):
    status = forms.ChoiceField(label=_("Triage status"), choices=TriageStatus.choices)


def preferred_language_default(language_code: str) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return language_code if language_code in codes else "other"
