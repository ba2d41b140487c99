"""Forms of the contact log. They validate what was typed and hand clean data to the services;
they never save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import catalogue
from .models import MAX_DURATION_MINUTES, CallerChoice, CallerType, Channel, Language, Outcome, ShareCategory
from .services import MAX_HANDLE, MAX_TEXT, MAX_TITLE

_CLASSES = {
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.NumberInput: "govuk-input govuk-input--width-3",
    forms.DateInput: "govuk-input govuk-input--width-10",
    forms.TextInput: "govuk-input",
}


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            for widget_class, css in _CLASSES.items():
                if isinstance(field.widget, widget_class):
                    field.widget.attrs.setdefault("class", css)
                    break
            if field.help_text:
                field.widget.attrs.setdefault("aria-describedby", f"id_{name}-hint")


class FirstFocusRadioSelect(forms.RadioSelect):
    """Radios whose first option takes the focus when the page opens (one autofocus per page)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if index == 0:
            option["attrs"]["autofocus"] = True
        return option


def _radios(label, choices, initial=None, widget=forms.RadioSelect):
    return forms.ChoiceField(label=label, choices=choices, widget=widget, initial=initial)


def _checks(label, choices):
    return forms.MultipleChoiceField(label=label, choices=choices, widget=forms.CheckboxSelectMultiple,
                                     required=False)


class ContactForm(StyledForm):
    """The fast form: the usual answers preselected, so a typical call is a few keys and Enter."""

    channel = _radios(_("Channel"), [c for c in Channel.choices if c[0] != Channel.WEB_REPORT], Channel.PHONE,
                      FirstFocusRadioSelect)
    caller_type = _radios(_("Who got in touch"), CallerType.choices, CallerType.PERSON)
    caller_choice = _radios(_("The caller's choice"), CallerChoice.choices, CallerChoice.CONFIDENTIAL)
    language = _radios(_("Language of the contact"), Language.choices, Language.LV)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=0, max_value=MAX_DURATION_MINUTES,
        error_messages={
            "required": _("Enter the duration in minutes (0 if under a minute)."),
            "invalid": _("Enter the duration as whole minutes."),
            "min_value": _("The duration cannot be negative."),
            "max_value": _("A contact lasts at most %(limit_value)s minutes; check the number."),
        },
    )
    indicators = forms.MultipleChoiceField(
        label=_("What the caller told (signs of exploitation)"), choices=(), widget=forms.CheckboxSelectMultiple,
        required=False)
    exploitation_forms = forms.MultipleChoiceField(
        label=_("Forms of exploitation"), choices=(), widget=forms.CheckboxSelectMultiple, required=False)
    country = forms.ChoiceField(label=_("Country"), choices=(), required=False)
    advice = forms.CharField(label=_("Advice given"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                             max_length=MAX_TEXT)
    outcome = _radios(_("Outcome"), [c for c in Outcome.choices if c[0] != Outcome.CLIENT], Outcome.INFORMATION)
    shared_categories = _checks(_("The caller agreed to pass on"), ShareCategory.choices)
    caller_handle = forms.CharField(
        label=_("Phone number or chat handle"), required=False, max_length=MAX_HANDLE,
        help_text=_("Only to link repeat contacts: a keyed hash is kept, never the number itself."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-no-draft": "1", "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Labels are chosen when the form is built, so they follow the operator's language.
        self.fields["indicators"].choices = [(c, str(label)) for c, label in catalogue.INDICATORS]
        self.fields["exploitation_forms"].choices = [(c, str(label)) for c, label in catalogue.EXPLOITATION_FORMS]
        self.fields["country"].choices = [("", "—")] + [(c, str(label)) for c, label in catalogue.COUNTRIES]
        self.fields["duration_minutes"].widget.attrs.update({"inputmode": "numeric"})


class NoteForm(StyledForm):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_TEXT)


class AssignForm(StyledForm):
    assigned_to = forms.TypedChoiceField(label=_("Assign to"), choices=(), coerce=int)

    def __init__(self, *args, operators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].choices = [(u.pk, u.get_full_name() or u.username) for u in operators]


class TaskForm(StyledForm):
    title = forms.CharField(label=_("What to do"), max_length=MAX_TITLE)
    due = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}),
                          help_text=_("For example 24.11.2026."))
    assigned_to = forms.TypedChoiceField(label=_("Assign to"), choices=(), coerce=int)

    def __init__(self, *args, operators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].choices = [(u.pk, u.get_full_name() or u.username) for u in operators]


class ClientFromContactForm(StyledForm):
    consent = forms.BooleanField(
        label=_("The caller agreed that a client record is opened with these details"),
        error_messages={"required": _("Record that the caller agreed to a client record being opened.")},
    )
    given_names = forms.CharField(label=_("Given names (as the caller gave them)"), max_length=MAX_HANDLE)
    surname = forms.CharField(label=_("Surname (as the caller gave it)"), max_length=MAX_HANDLE)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=MAX_HANDLE)
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=MAX_HANDLE)

    def __init__(self, *args, may_carry_contact: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].widget.attrs["class"] = "govuk-checkboxes__input"
        if not may_carry_contact:
            # The caller did not agree to pass on how to reach them: the fields are not offered.
            del self.fields["phone"]
            del self.fields["email"]


class ReferContactForm(StyledForm):
    """Refer the caller to a service provider: the provider and the caller's agreement."""

    recipient = forms.ModelChoiceField(
        label=_("Service provider"), queryset=None, empty_label=None,
        error_messages={"required": _("Choose the service provider."),
                        "invalid_choice": _("Choose one of the service providers listed.")},
    )
    consent = forms.BooleanField(
        label=_("The caller agreed to be referred to this provider"),
        error_messages={"required": _("Record that the caller agreed to the referral.")},
    )

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = providers
